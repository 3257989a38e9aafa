#pragma once
// A camera given the way people describe a view: where it is (lat/lon/alt), where it looks
// (heading clockwise from north, pitch up from the local horizon), how it is tilted about its
// line of sight (roll) and its vertical field of view.

#include "core/geodesy.h"

#include <glm/glm.hpp>

namespace kresy {

struct Camera {
    GeoPoint position{51.0, 23.5, 300000.0};
    double headingDeg = 0; // 0 north, 90 east
    double pitchDeg = -45; // 0 level, -90 straight down
    // Positive turns the camera clockwise about its line of sight as seen by the viewer (an
    // aircraft banking right: the camera's right side dips), so on screen the horizon tilts
    // counter-clockwise. 0 keeps the horizon level.
    double rollDeg = 0;
    double fovDeg = 45;    // vertical
};

// A camera's basis and projection in a scene's ENU frame. The view matrix is camera-relative
// (the eye is at the origin): the GPU gets positions minus `eye`, so floats keep their precision.
struct CameraView {
    glm::dvec3 eye{0};     // scene ENU, metres
    glm::dvec3 forward{0}; // unit vectors in scene ENU
    glm::dvec3 right{0};
    glm::dvec3 up{0};
    glm::dvec3 localUp{0}; // the ellipsoid normal under the camera, scene ENU
    glm::mat4 view{1};     // camera-relative, right-handed, looking down -z
    glm::mat4 projection{1}; // reverse-Z infinite perspective, Vulkan clip space (y down)
    glm::mat4 viewProjection{1};
    float nearPlane = 1;
    double altitude = 0; // the camera's, metres
};

// `heightAboveGround` sets the near plane; pass the camera's altitude minus the terrain under it.
CameraView computeCameraView(const Camera& camera, const EnuFrame& scene, double aspect,
                             double heightAboveGround);

// Basis of heading/pitch in the camera's own local ENU frame.
glm::dvec3 headingPitchToDirection(double headingDeg, double pitchDeg);

} // namespace kresy
