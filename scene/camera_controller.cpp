#include "camera_controller.h"

#include <algorithm>
#include <cmath>

namespace kresy {

// Moves a point by a local ENU displacement (east, north metres) on the sphere; accurate for the
// short steps of one frame.
static void moveHorizontally(GeoPoint& p, double east, double north) {
    double r = kEarthMeanRadius + p.alt;
    p.lat = std::clamp(p.lat + glm::degrees(north / r), -89.0, 89.0);
    p.lon += glm::degrees(east / (r * std::cos(glm::radians(p.lat))));
    if (p.lon > 180)
        p.lon -= 360;
    if (p.lon < -180)
        p.lon += 360;
}

void updateFreeCamera(Camera& camera, const CameraInput& in, double groundHeight) {
    const double lookDegreesPerPixel = 0.15;
    camera.headingDeg = std::fmod(camera.headingDeg + in.lookDx * lookDegreesPerPixel + 360.0, 360.0);
    camera.pitchDeg = std::clamp(camera.pitchDeg - in.lookDy * lookDegreesPerPixel, -89.9, 89.9);

    double height = std::max(camera.position.alt - groundHeight, kMinClearance);
    double speed = height * (in.fast ? 4.0 : 1.0); // metres per second: one "height" per second
    glm::dvec3 forward = headingPitchToDirection(camera.headingDeg, 0);
    glm::dvec3 right = headingPitchToDirection(camera.headingDeg + 90, 0);
    glm::dvec3 move = (forward * in.forward + right * in.right) * speed * in.dt;
    move.z += in.up * speed * in.dt;

    // Zoom moves along the view direction by a fraction of the height per notch.
    glm::dvec3 view = headingPitchToDirection(camera.headingDeg, camera.pitchDeg);
    move += view * (in.zoom * 0.15 * height);

    moveHorizontally(camera.position, move.x, move.y);
    camera.position.alt = std::clamp(camera.position.alt + move.z, groundHeight + kMinClearance, kMaxAltitude);
}

} // namespace kresy
