#pragma once
// Free-flight camera control as a pure function of input, so it is testable without a window.

#include "camera.h"

namespace kresy {

struct CameraInput {
    double dt = 0;         // seconds since the last update
    double forward = 0;    // -1..1: W/S
    double right = 0;      // -1..1: D/A
    double up = 0;         // -1..1: E/Q
    double lookDx = 0;     // mouse drag in pixels (right = turn right)
    double lookDy = 0;     // mouse drag in pixels (down = look down)
    double zoom = 0;       // scroll notches (positive = towards the view direction)
    bool fast = false;     // Shift: 4x speed
};

constexpr double kMinClearance = 20;     // metres above the terrain, never less
constexpr double kMaxAltitude = 2.0e6;   // metres

// Moves the camera; the speed scales with the height above `groundHeight` so one key press
// means the same thing on screen at 300 km and at 300 m.
void updateFreeCamera(Camera& camera, const CameraInput& input, double groundHeight);

} // namespace kresy
