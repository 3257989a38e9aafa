#pragma once
// Free-flight camera control as a pure function of input and state, so it is testable without a
// window.
//
// FreeCameraController is the viewer's camera: keys fly, a drag looks around or orbits a ground
// point, the wheel zooms towards the point under the cursor. Every motion is damped: input sets
// a target velocity and the velocity approaches it exponentially, solved exactly over each step,
// so the same input gives the same flight at 30, 60 or 144 frames per second. The controller
// never puts the camera closer than kMinClearance to the terrain nor above kMaxAltitude.
//
// updateFreeCamera is the earlier undamped controller, kept for the callers that still use it.

#include "camera.h"

#include <functional>
#include <optional>

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

// Terrain height (metres, as drawn) under a point; 0 where none is known. The same type as
// scene/units_view.h's.
using HeightFunction = std::function<double(double lat, double lon)>;

// Time constants of the damping: a velocity covers 1 - e^-1 (63%) of the way to its target in
// one, 98% in four. Keys and look stop within about 0.3 s of release; a wheel notch's zoom is
// 95% done after 0.25 s.
constexpr double kMoveTimeConstant = 0.075; // seconds
constexpr double kLookTimeConstant = 0.05;  // seconds, mouse look and orbit
constexpr double kZoomTimeConstant = 0.08;  // seconds
constexpr double kLookDegreesPerPixel = 0.15;
constexpr double kOrbitDegreesPerPixel = 0.25;
constexpr double kZoomNotchFraction = 0.15; // of the distance to the zoom point, per notch
constexpr double kFastFactor = 4;           // Shift
constexpr double kMaxPitchDeg = 89.9;       // either way; at 90 the heading is undefined
// An orbit does not tilt the camera lower than this above the pivot's horizon: the camera
// would go under a flat ground.
constexpr double kOrbitMinElevationDeg = 2;

struct FreeCameraInput {
    double dt = 0; // seconds since the last update; <= 0 or not finite moves nothing

    // Keys, -1..1: W/S, D/A, E/Q. At full deflection the camera flies its height above the
    // ground per second (kFastFactor times that with `fast`); W and D fly level.
    double forward = 0, right = 0, up = 0;
    bool fast = false;

    // Mouse look, pixels dragged this frame: right turns right, down looks down.
    double lookDx = 0, lookDy = 0;

    // Orbit (right-drag or Alt+drag): while `orbiting`, the pixels dragged this frame turn the
    // camera around the pivot: right turns the view right (heading, about the local vertical
    // through the pivot), down tilts it down (pitch, about the camera's right axis; the camera
    // rises). The pivot keeps its place on screen and its distance to the camera.
    bool orbiting = false;
    // The ground point under the cursor, read on the frame `orbiting` turns true (later frames'
    // values are ignored); absent (the cursor on the sky): the ground point the camera looks at.
    std::optional<GeoPoint> orbitPivot;
    double orbitDx = 0, orbitDy = 0;

    // Wheel notches this frame, positive towards `zoomTarget`: each moves the camera
    // kZoomNotchFraction of its distance to the target, stopping kMinClearance short of it.
    double zoom = 0;
    // The ground point under the cursor; absent: the ground point the camera looks at.
    std::optional<GeoPoint> zoomTarget;
};

// The state of a free camera between frames: plain data, so a test (or the app, to know whether
// the camera is still moving) can read it.
struct FreeCameraController {
    // Keys' velocity in the camera's heading frame (x right, y forward, z up), in heights above
    // the ground per second.
    glm::dvec3 velocity{0};
    glm::dvec2 lookRate{0};  // heading, pitch; degrees per second
    glm::dvec2 orbitRate{0}; // heading, pitch about the pivot; degrees per second
    std::optional<glm::dvec3> pivot; // ECEF, while orbiting or its motion decays
    bool wasOrbiting = false;
    std::optional<glm::dvec3> zoomTarget; // ECEF, while a zoom is under way
    double zoomRemaining = 0; // log of the distance factor still to fly (< 0 towards the target)

    // Advances the camera by input.dt. `groundAt` may be empty (flat ground at 0); it is asked
    // about the places the camera moves to, a few dozen times per call at most.
    void update(Camera& camera, const FreeCameraInput& input, const HeightFunction& groundAt);
    // Drops all motion (e.g. when a fly-to takes the camera over).
    void stop();
    // Nothing moves: no velocity, no rotation, no zoom under way.
    bool idle() const;
};

} // namespace kresy
