#include "fly_to.h"

#include <algorithm>
#include <cmath>

namespace kresy {
namespace {

constexpr double kMinFocusHeight = 100;  // metres: the focus of a camera near the ground is still ahead
constexpr double kMaxFocusFactor = 20;   // times the height: the farthest focus along the line of sight
constexpr double kSameAnchorMetres = 1e-3;

// The shortest signed turn from a to b, degrees in [-180, 180).
double shortTurn(double a, double b) {
    double d = std::fmod(b - a, 360.0);
    if (d < -180)
        d += 360;
    if (d >= 180)
        d -= 360;
    return d;
}

double wrap360(double deg) {
    double d = std::fmod(deg, 360.0);
    if (d < 0)
        d += 360;
    return d >= 360 ? 0 : d;
}

glm::dvec3 viewDirectionEcef(const Camera& camera) {
    return makeEnuFrame(camera.position).enuToEcef * headingPitchToDirection(camera.headingDeg, camera.pitchDeg);
}

// Nearest positive distance along the ray at which it meets the ellipsoid grown by `height`
// (both semi-axes; within centimetres of that altitude for the heights used here).
std::optional<double> rayEllipsoidDistance(const glm::dvec3& origin, const glm::dvec3& direction, double height) {
    double a = kWgs84A + height, b = kWgs84A * (1 - kWgs84F) + height;
    glm::dvec3 o(origin.x / a, origin.y / a, origin.z / b), d(direction.x / a, direction.y / a, direction.z / b);
    double qa = glm::dot(d, d), qb = 2 * glm::dot(o, d), qc = glm::dot(o, o) - 1;
    double disc = qb * qb - 4 * qa * qc;
    if (disc < 0 || qc < 0) // misses, or starts inside
        return std::nullopt;
    // The nearer root, written to avoid cancellation.
    double q = -0.5 * (qb + std::copysign(std::sqrt(disc), qb));
    double t0 = q / qa, t1 = q != 0 ? qc / q : t0;
    double t = std::min(t0, t1);
    if (!(t > 0))
        return std::nullopt;
    return t;
}

double groundHeightFor(const Camera& camera) {
    return std::min(0.0, camera.position.alt - 1);
}

double smoothstep(double x) {
    double t = std::clamp(x, 0.0, 1.0);
    return t * t * (3 - 2 * t);
}

bool finiteCamera(const Camera& c) {
    return std::isfinite(c.position.lat) && std::isfinite(c.position.lon) && std::isfinite(c.position.alt) &&
           std::isfinite(c.headingDeg) && std::isfinite(c.pitchDeg) && std::isfinite(c.rollDeg) &&
           std::isfinite(c.fovDeg) && c.fovDeg > 0 && c.fovDeg < 180;
}

// The camera that looks along heading/pitch and sees `anchor` at `distance`. Its heading and pitch are
// in its own local frame, which depends on where it is, so iterate: the frame turns by
// distance / Earth radius per step, a fast contraction for any view smaller than the planet.
GeoPoint placeCamera(const GeoPoint& anchor, double distance, double headingDeg, double pitchDeg) {
    if (distance <= 0)
        return anchor;
    glm::dvec3 anchorEcef = geodeticToEcef(anchor);
    glm::dvec3 direction = headingPitchToDirection(headingDeg, pitchDeg);
    GeoPoint at = anchor;
    glm::dvec3 previous = anchorEcef;
    for (int i = 0; i < 50; ++i) {
        glm::dvec3 eye = anchorEcef - distance * (makeEnuFrame(at).enuToEcef * direction);
        at = ecefToGeodetic(eye);
        if (glm::length(eye - previous) < 1e-7)
            break;
        previous = eye;
    }
    return at;
}

// The point `distance` along a camera's line of sight.
GeoPoint anchorOf(const Camera& camera, double distance) {
    return ecefToGeodetic(geodeticToEcef(camera.position) + distance * viewDirectionEcef(camera));
}

} // namespace

std::optional<GeoPoint> viewGroundPoint(const Camera& camera) {
    glm::dvec3 origin = geodeticToEcef(camera.position), direction = viewDirectionEcef(camera);
    std::optional<double> t = rayEllipsoidDistance(origin, direction, groundHeightFor(camera));
    if (!t)
        return std::nullopt;
    return ecefToGeodetic(origin + *t * direction);
}

ViewFocus viewFocus(const Camera& camera) {
    glm::dvec3 origin = geodeticToEcef(camera.position), direction = viewDirectionEcef(camera);
    double height = std::max(camera.position.alt - groundHeightFor(camera), kMinFocusHeight);
    double distance = kMaxFocusFactor * height;
    if (std::optional<double> t = rayEllipsoidDistance(origin, direction, groundHeightFor(camera)))
        distance = std::min(distance, *t);
    return {ecefToGeodetic(origin + distance * direction), distance};
}

FlyTo::FlyTo(const Camera& from, const Camera& to, double rho)
    : from_(from), to_(to), rho_(rho > 0 && rho <= 10 ? rho : kFlyToDefaultRho) {
    if (!finiteCamera(from) || !finiteCamera(to))
        return; // duration 0: at() jumps to `to`
    ViewFocus f0 = viewFocus(from), f1 = viewFocus(to);
    double focusMove = glm::length(geodeticToEcef(f1.point) - geodeticToEcef(f0.point));
    double eyeMove = glm::length(geodeticToEcef(to.position) - geodeticToEcef(from.position));
    anchorFraction_ = eyeMove >= 0.5 * focusMove ? 1.0 : smoothstep(2 * eyeMove / focusMove);
    GeoPoint a0 = anchorOf(from, anchorFraction_ * f0.distance), a1 = anchorOf(to, anchorFraction_ * f1.distance);
    projection_.centre = sphericalCentroid({a0, a1});
    anchor0_ = projection_.forward(a0);
    anchor1_ = projection_.forward(a1);
    w0_ = f0.distance * 2 * std::tan(glm::radians(from.fovDeg) / 2);
    w1_ = f1.distance * 2 * std::tan(glm::radians(to.fovDeg) / 2);
    u1_ = glm::length(anchor1_ - anchor0_);
    maxFocusDistance_ = std::max({f0.distance, f1.distance, kFlyToMaxRiseMetres});

    double rho2 = rho_ * rho_;
    if (u1_ >= kSameAnchorMetres) {
        double b0 = (w1_ * w1_ - w0_ * w0_ + rho2 * rho2 * u1_ * u1_) / (2 * w0_ * rho2 * u1_);
        double b1 = (w1_ * w1_ - w0_ * w0_ - rho2 * rho2 * u1_ * u1_) / (2 * w1_ * rho2 * u1_);
        // The paper's r_i = ln(sqrt(b_i^2 + 1) - b_i), without its cancellation for large b_i.
        r0_ = -std::asinh(b0);
        S_ = (-std::asinh(b1) - r0_) / rho_;
    }
    if (u1_ < kSameAnchorMetres || !std::isfinite(S_)) {
        zoomOnly_ = true;
        S_ = std::abs(std::log(w1_ / w0_)) / rho_;
    }

    double turn = std::max({std::abs(shortTurn(from.headingDeg, to.headingDeg)), std::abs(to.pitchDeg - from.pitchDeg),
                            std::abs(shortTurn(from.rollDeg, to.rollDeg)), std::abs(to.fovDeg - from.fovDeg)});
    double moving = std::max(S_ / kFlyToSpeed, turn / kFlyToTurnDegreesPerSecond);
    if (moving > 1e-9)
        duration_ = std::clamp(kFlyToBaseSeconds + moving, kFlyToMinSeconds, kFlyToMaxSeconds);
}

FlyTo::PathPoint FlyTo::pathAt(double seconds) const {
    PathPoint p;
    p.eased = duration_ > 0 ? smoothstep(seconds / duration_) : 1;
    double s = p.eased * S_;
    double progress; // fraction of the way from anchor 0 to anchor 1
    if (zoomOnly_) {
        progress = p.eased;
        p.width = w0_ * std::pow(w1_ / w0_, p.eased); // = w0 exp(±rho s)
    } else {
        double rho2 = rho_ * rho_;
        progress = w0_ * (std::cosh(r0_) * std::tanh(r0_ + rho_ * s) - std::sinh(r0_)) / rho2 / u1_;
        p.width = w0_ * std::cosh(r0_) / std::cosh(r0_ + rho_ * s);
    }
    p.anchor = anchor0_ + (anchor1_ - anchor0_) * std::clamp(progress, 0.0, 1.0);
    return p;
}

Camera FlyTo::at(double seconds) const {
    if (std::isnan(seconds) || seconds <= 0)
        return from_;
    if (seconds >= duration_)
        return to_;
    PathPoint p = pathAt(seconds);
    double k = p.eased;
    Camera c;
    c.headingDeg = wrap360(from_.headingDeg + shortTurn(from_.headingDeg, to_.headingDeg) * k);
    c.pitchDeg = from_.pitchDeg + (to_.pitchDeg - from_.pitchDeg) * k;
    c.rollDeg = from_.rollDeg + shortTurn(from_.rollDeg, to_.rollDeg) * k;
    c.fovDeg = interpolateFovDeg(from_.fovDeg, to_.fovDeg, k);
    double focusDistance = std::min(p.width / (2 * std::tan(glm::radians(c.fovDeg) / 2)), maxFocusDistance_);
    c.position = placeCamera(projection_.inverse(p.anchor), anchorFraction_ * focusDistance, c.headingDeg, c.pitchDeg);
    return c;
}

void SmoothFollow::reset(const glm::dvec3& at) {
    position = lastTarget = at;
    velocity = glm::dvec3(0);
    started = true;
}

glm::dvec3 SmoothFollow::update(const glm::dvec3& target, double dt) {
    if (!std::isfinite(target.x) || !std::isfinite(target.y) || !std::isfinite(target.z))
        return position;
    if (!started || timeConstant <= 0) {
        reset(target);
        return position;
    }
    if (!(dt > 0) || !std::isfinite(dt))
        return position;
    // x'' = -w^2 (x - target) - 2 w x' with the target moving at v = (target - lastTarget) / dt.
    // In z = x - target + 2 v / w the equation is homogeneous, with the exact solution
    // z(t) = (z0 + (z0' + w z0) t) e^{-wt}.
    double w = 1 / timeConstant;
    glm::dvec3 v = (target - lastTarget) / dt;
    glm::dvec3 z0 = position - lastTarget + 2.0 * v / w, dz0 = velocity - v;
    glm::dvec3 c = dz0 + w * z0;
    double decay = std::exp(-w * dt);
    glm::dvec3 z = (z0 + c * dt) * decay;
    glm::dvec3 dz = (dz0 - w * c * dt) * decay;
    position = target + z - 2.0 * v / w;
    velocity = v + dz;
    lastTarget = target;
    return position;
}

} // namespace kresy
