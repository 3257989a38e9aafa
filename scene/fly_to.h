#pragma once
// Camera moves that are computed, not authored: a fly-to between two views, and smoothing for a
// camera that follows a moving unit.
//
// The fly-to is van Wijk and Nuij's "smooth and efficient zooming and panning" (2003), as in
// MapLibre's Map#flyTo: over a long distance the camera rises to see both ends before it
// descends, so the viewer keeps their bearings, and the path is the one that minimises the
// perceived motion for a given trade-off rho between zooming and panning (1.42, the paper's and
// MapLibre's choice, found best by their users). The state the path interpolates is a point on
// the line of sight (its anchor) and the width w of the view at the focus; heading, pitch, roll
// and field of view ease from one camera's to the other's along the way, and the camera is
// placed back from the anchor along its own line of sight.
//
// The anchor is normally the focus (the ground point in the centre of the picture), as in
// MapLibre: the centre of the picture then travels straight from one view's to the other's and
// a change of heading swings the camera around it. When the cameras move much less than their
// foci (turning on the spot: "look the other way"), swinging around a moving focus would throw
// the camera out and back, so the anchor slides towards the eye: it is the focus while the eyes
// move at least half as far as the foci and the eye itself when they do not move at all.

#include "scene/camera.h"
#include "scene/camera_path.h"

#include <glm/glm.hpp>

#include <optional>

namespace kresy {

// Duration of a fly-to: kFlyToBaseSeconds + S / kFlyToSpeed, where S is the path's length in the
// paper's measure (screen widths panned plus e-folds zoomed, the same for a move and its scaled
// copy), or the rotation at kFlyToTurnDegreesPerSecond when that takes longer; clamped to
// [kFlyToMinSeconds, kFlyToMaxSeconds]. With a 3.3 km wide view (2 km up, 30° down) a 1 km move
// takes about 1.1 s, 100 km 4.4 s and 300 km 5.7 s; from 20 km up, 300 km take about 3.5 s.
constexpr double kFlyToBaseSeconds = 0.8;
constexpr double kFlyToSpeed = 1.5;
constexpr double kFlyToTurnDegreesPerSecond = 60;
constexpr double kFlyToMinSeconds = 0.5;
constexpr double kFlyToMaxSeconds = 12;
constexpr double kFlyToDefaultRho = 1.42;
// However far the path would zoom out, the camera stays within this distance of the point it
// looks at (or the ends' own distances, if farther): a flight across a continent rises to show
// the region, not the whole planet.
constexpr double kFlyToMaxRiseMetres = 3.0e6;

// Where a camera's line of sight meets the ground (the ellipsoid, or the surface at the camera's
// own altitude when it is below the ellipsoid); nullopt when it looks at or above the horizon.
std::optional<GeoPoint> viewGroundPoint(const Camera& camera);

// The point a fly-to keeps in view for a camera: its ground point, but no farther along the line
// of sight than 20 times its height (at least 100 m), so a camera looking at the horizon or the
// sky still has a focus a reasonable way ahead. `distance` is the camera's distance to it.
struct ViewFocus {
    GeoPoint point;
    double distance = 0;
};
ViewFocus viewFocus(const Camera& camera);

class FlyTo {
public:
    // rho outside (0, 10] falls back to the default.
    FlyTo(const Camera& from, const Camera& to, double rho = kFlyToDefaultRho);

    double duration() const { return duration_; }
    // `from` exactly at or before 0, `to` exactly at or after duration(); in between the motion
    // eases in and out (smoothstep in time along the path's own parameter).
    Camera at(double seconds) const;
    // How far along the line of sight the anchor is, as a fraction of the focus distance (1: the
    // focus, 0: the eye).
    double anchorFraction() const { return anchorFraction_; }

private:
    struct PathPoint {
        glm::dvec3 anchor{0}; // in projection_
        double width = 0;     // metres across the view at the focus
        double eased = 0;     // the eased time fraction, for the angles
    };
    PathPoint pathAt(double seconds) const;

    Camera from_, to_;
    double rho_ = kFlyToDefaultRho;
    double anchorFraction_ = 1;
    AzimuthalEquidistant projection_;
    glm::dvec3 anchor0_{0}, anchor1_{0};
    double w0_ = 0, w1_ = 0, u1_ = 0; // start and end widths, anchor distance (metres)
    double r0_ = 0, S_ = 0;           // the paper's r0 and path length S
    double maxFocusDistance_ = kFlyToMaxRiseMetres;
    bool zoomOnly_ = false;           // the anchors coincide: w changes exponentially, no pan
    double duration_ = 0;
};

// A critically damped spring that smooths a followed position (e.g. a chase camera's target in
// scene ENU metres), so a unit sampled at keyframes or a jittery track does not shake the view.
// Each update solves the spring exactly for a target moving linearly from the previous target to
// the new one over dt, so the result does not depend on the frame rate for any target that moves
// piecewise linearly between frames (and barely for any other). A target moving at constant
// velocity V is followed at a constant lag of 2 V timeConstant; a step is halfway done after
// 1.68 time constants and within 1% after 6.6.
struct SmoothFollow {
    double timeConstant = 0.5; // seconds; 0 or less follows the target exactly
    glm::dvec3 position{0}, velocity{0};
    glm::dvec3 lastTarget{0};
    bool started = false; // the first update jumps to the target

    void reset(const glm::dvec3& at);
    // Advances by dt seconds towards `target` and returns the smoothed position. dt <= 0, a
    // non-finite dt or target: returns the position unchanged.
    glm::dvec3 update(const glm::dvec3& target, double dt);
};

} // namespace kresy
