#pragma once
// Everything the renderer needs to draw one frame, as plain data: the scene module decides
// what the world looks like at time t; the renderer only draws it.

#include "camera.h"
#include "core/time.h"

#include <glm/glm.hpp>

namespace kresy {

struct FrameInput {
    int width = 0, height = 0; // output size in pixels
    Time time = 0;
    CameraView camera;
    glm::dvec3 sunDirection{0, 0, 1}; // scene ENU, unit, towards the sun
    double sunElevationDeg = 45;
};

// `groundHeight` is the terrain height under the camera (for the near plane).
FrameInput makeFrameInput(const Camera& camera, const EnuFrame& scene, Time time, int width, int height,
                          double groundHeight);

} // namespace kresy
