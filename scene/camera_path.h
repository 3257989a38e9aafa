#pragma once
// Evaluating a shot (scene/shot.h): where the camera is, where it looks and which campaign time it
// shows at any shot time. Pure math on the CPU, so the editor, the preview and the offline
// renderer see exactly the same camera.
//
// Geometry. Key positions are splined in a metric space around the shot (an azimuthal
// equidistant projection, altitude as z) rather than in lat/lon, so a path is equally round in
// every direction and keys at one altitude keep the camera at that altitude. The spline is a
// centripetal Catmull–Rom (alpha 0.5): it never forms cusps or loops inside a segment and never
// overshoots collinear keys, which a uniform Catmull–Rom does whenever keys are unevenly spaced.
//
// What is guaranteed at a key: the position is continuous and so is the direction of travel
// (the tangents of the two segments meeting there are parallel; the spline is C1 in its own
// knot parameter, not in the per-segment arc length). The speed is not continuous in general:
// each segment has its own length and duration. It is continuous when neighbouring segments
// move at the same speed (retimeForConstantSpeed) or when both ease to rest at the key.
//
// Timing. Within a segment the camera moves along the arc length (tables per segment), with the
// arc-length fraction a cubic Hermite of the segment's normalised time whose end slopes are 0 at
// an eased end and 1 otherwise: constant speed when neither end is eased.
//
// Orientation. A key's view (heading/pitch/roll, or a look at its target from where the camera
// is now) is a rotation relative to the local East-North-Up frame; the path slerps the two keys'
// rotations (shortest arc) and applies the result in the local frame of the interpolated
// position, so heading 0 means north everywhere and a 350° -> 10° turn goes through north.
//
// Field of view: interpolated geometrically in tan(fov/2), i.e. the picture's scale changes at a
// constant rate (a zoom from 60° to 15° feels even, not fast at first and slow at the end).

#include "core/geodesy.h"
#include "core/time.h"
#include "scene/camera.h"
#include "scene/shot.h"

#include <glm/glm.hpp>

#include <functional>
#include <optional>
#include <vector>

namespace kresy {

// Azimuthal equidistant projection on the mean-radius sphere: distances and directions from the
// centre are exact, and other horizontal distances are true to better than 0.2% within 500 km
// of it (the scale across the radial direction is c/sin(c) for an angular distance c). x is
// east and y north at the centre, in metres; z is the altitude, passed through unchanged.
// Forward and inverse are exact inverses of each other for points short of the antipode.
struct AzimuthalEquidistant {
    GeoPoint centre; // its alt is ignored

    glm::dvec3 forward(const GeoPoint& p) const;
    GeoPoint inverse(const glm::dvec3& xyz) const;
};

// The centre of a set of points on the sphere: the normalised mean of their unit vectors. The
// first point when they cancel out (e.g. two antipodes); (0, 0) for none. Altitude 0.
GeoPoint sphericalCentroid(const std::vector<GeoPoint>& points);

// One segment of a spline in cubic Hermite form over u in [0, 1].
struct SplineSegment {
    glm::dvec3 p0{0}, p1{0}; // end points
    glm::dvec3 m0{0}, m1{0}; // tangents at u = 0 and u = 1, per unit of u

    glm::dvec3 position(double u) const;
    glm::dvec3 derivative(double u) const; // d position / du
};

// The centripetal Catmull–Rom spline through `points`, one segment per consecutive pair. This is
// Barry and Goldman's pyramid written as Hermite segments (the same curve; the tangents come out
// of the pyramid in closed form), which gives derivatives for the arc length cheaply.
// The ends use reflected phantom points (P[-1] = 2 P[0] - P[1]). Points closer than 1 mm count as
// coincident: the segment between them is a point (zero length, no NaN), and a neighbouring
// segment treats that end as an end of the path (a phantom point), as the camera stops there.
std::vector<SplineSegment> centripetalCatmullRom(const std::vector<glm::dvec3>& points);

// Arc length of a segment and its inverse. Lengths come from 5-point Gauss–Legendre on 32
// sub-intervals (relative error far below 1e-6 for these cubics); the inverse is Newton's method
// safeguarded by bisection inside the sub-interval, to 1e-12 of the segment's length.
class ArcLengthTable {
public:
    ArcLengthTable() = default;
    explicit ArcLengthTable(const SplineSegment& segment);

    double length() const { return cumulative_.empty() ? 0 : cumulative_.back(); }
    // The spline parameter u at which the arc length from u = 0 is `arcLength` (clamped).
    double parameterAt(double arcLength) const;

private:
    SplineSegment segment_;
    std::vector<double> cumulative_; // arc length at u = k / N, k = 0..N
};

// The arc-length fraction travelled at normalised segment time tau in [0, 1] (clamped):
// s = h01(tau) + v0 h10(tau) + v1 h11(tau), v0 = easeOut ? 0 : 1 (the start key's flag),
// v1 = easeIn ? 0 : 1 (the end key's). Monotone in all four cases; s(tau) = tau when neither.
double easedArcFraction(double tau, bool easeOut, bool easeIn);

// Where a key's target is at a campaign time (nullopt when no key of the shot gives one).
// Called for unit targets and for point targets alike, so a caller can put a point written
// without an altitude (ShotTarget::onGround) onto the terrain. Returning nullopt (or passing an
// empty resolver) means: a point target is used as written (an onGround point at altitude 0); a
// key whose unit cannot be found looks along its own heading/pitch instead.
using TargetResolver = std::function<std::optional<GeoPoint>(const ShotTarget&, std::optional<Time> campaignTime)>;

struct CameraSample {
    Camera camera;
    std::optional<Time> campaignTime; // nullopt when no key gives one
    int segment = -1;    // the key last reached: the camera holds there or travels to segment + 1; -1: no keys
    double fraction = 0; // eased arc-length fraction travelled along that segment, [0, 1]
};

// A shot ready to evaluate. The constructor accepts any shot (the reader validates files; this is
// defensive): with no key the camera is a default Camera; with one it stays at that key. Values
// that are not finite are replaced by the previous key's (the first key's by Camera/ShotKey
// defaults), negative holds count as 0, a field of view is clamped to [0.01, 179] degrees and a
// pitch to [-90, 90]. Key times that go backwards count as equal to the previous one; when a key's
// time is not after the end of the previous key's hold, the camera stays at the previous key
// until that time and then jumps to it.
class CameraPath {
public:
    explicit CameraPath(const Shot& shot);

    // Before the first key's time the camera is at the first key; after the last, at the last.
    CameraSample evaluate(double shotTime, const TargetResolver& resolve = {}) const;
    // Piecewise-linear in shot time between the key times of the keys that give one (it keeps
    // running through holds); clamped outside them; nullopt when no key gives one.
    std::optional<Time> campaignTimeAt(double shotTime) const;

    double duration() const; // the last key's time plus its hold
    double length() const;   // metres along the whole path
    double segmentLength(int segment) const; // metres; 0 outside [0, keys - 2]
    // Points along the path no farther apart than `maxStepMetres` (at least 1 m) along it,
    // starting and ending at the keys, with each key exactly once, for drawing the path.
    std::vector<GeoPoint> polyline(double maxStepMetres) const;

    const AzimuthalEquidistant& projection() const { return projection_; }
    const std::vector<ShotKey>& keys() const { return keys_; } // as sanitised

private:
    glm::dvec3 positionAt(int segment, double fraction) const;
    int segmentAt(double shotTime, double* fraction) const;

    std::vector<ShotKey> keys_;
    AzimuthalEquidistant projection_;
    std::vector<SplineSegment> segments_;
    std::vector<ArcLengthTable> arcLengths_;
};

// The editor's "even speed": keeps the first key's time and every hold and sets the other key
// times so that the camera moves at one speed along the whole path, `travelSeconds` being the
// total time spent moving. Segments of zero length (turning on the spot) keep their current
// travel time and are not part of `travelSeconds`. Does nothing with fewer than two keys or a
// non-positive travelSeconds.
void retimeForConstantSpeed(Shot* shot, double travelSeconds);

// The rotation helpers the path uses, public for the fly-to and for tests. A view as a rotation
// from camera axes (x right, y forward, z up) to local East-North-Up, and back to angles (heading
// in [0, 360), pitch in [-90, 90], roll in (-180, 180]; looking straight up or down, the roll is
// folded into the heading).
struct ViewAngles {
    double headingDeg = 0, pitchDeg = 0, rollDeg = 0;
};
glm::dmat3 viewRotation(const ViewAngles& angles);
ViewAngles viewAnglesFromRotation(const glm::dmat3& rotation);
// Vertical field of view between two, geometric in tan(fov/2): the picture's scale changes at a
// constant rate.
double interpolateFovDeg(double fromDeg, double toDeg, double fraction);
// Heading and pitch of a direction given in local ENU; straight up or down keeps the fallback heading.
ViewAngles lookAlong(const glm::dvec3& enuDirection, double rollDeg, double fallbackHeadingDeg);

} // namespace kresy
