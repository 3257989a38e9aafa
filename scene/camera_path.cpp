#include "camera_path.h"

#include <glm/gtc/quaternion.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace kresy {
namespace {

constexpr double kCoincidentMetres = 1e-3; // closer key positions are one place
constexpr int kArcSubintervals = 32;

double wrapDegrees360(double deg) {
    double d = std::fmod(deg, 360.0);
    if (d < 0)
        d += 360.0;
    return d >= 360.0 ? 0.0 : d;
}

glm::dvec3 unitVector(double latDeg, double lonDeg) {
    double lat = glm::radians(latDeg), lon = glm::radians(lonDeg);
    return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

// 5-point Gauss–Legendre on [a, b] of the speed |dC/du|.
double integrateSpeed(const SplineSegment& s, double a, double b) {
    static constexpr double kNodes[5] = {0.0, -0.5384693101056831, 0.5384693101056831, -0.9061798459386640,
                                         0.9061798459386640};
    static constexpr double kWeights[5] = {0.5688888888888889, 0.4786286704993665, 0.4786286704993665,
                                           0.2369268850561891, 0.2369268850561891};
    double half = (b - a) / 2, mid = (a + b) / 2, sum = 0;
    for (int i = 0; i < 5; ++i)
        sum += kWeights[i] * glm::length(s.derivative(mid + half * kNodes[i]));
    return sum * half;
}

// Hermite tangent (per unit of the segment's own parameter) at `p1` between neighbours p0 and
// p2, from the centripetal knot intervals; `scale` is the knot interval of the segment using it.
glm::dvec3 centripetalTangent(const glm::dvec3& p0, const glm::dvec3& p1, const glm::dvec3& p2, double scale) {
    double d0 = std::sqrt(glm::length(p1 - p0)), d1 = std::sqrt(glm::length(p2 - p1));
    return ((p1 - p0) / d0 - (p2 - p0) / (d0 + d1) + (p2 - p1) / d1) * scale;
}

bool coincident(const glm::dvec3& a, const glm::dvec3& b) {
    return glm::length(b - a) < kCoincidentMetres;
}

double finiteOr(double value, double fallback) {
    return std::isfinite(value) ? value : fallback;
}

// Replaces what cannot be evaluated; see CameraPath's comment.
std::vector<ShotKey> sanitiseKeys(const std::vector<ShotKey>& keys) {
    std::vector<ShotKey> out = keys;
    ShotKey previous;
    Camera defaults;
    previous.position = defaults.position;
    previous.time = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        ShotKey& k = out[i];
        k.time = finiteOr(k.time, previous.time);
        if (i > 0)
            k.time = std::max(k.time, previous.time);
        k.hold = std::max(finiteOr(k.hold, 0), 0.0);
        k.position.lat = std::clamp(finiteOr(k.position.lat, previous.position.lat), -90.0, 90.0);
        k.position.lon = finiteOr(k.position.lon, previous.position.lon);
        k.position.alt = finiteOr(k.position.alt, previous.position.alt);
        k.headingDeg = finiteOr(k.headingDeg, previous.headingDeg);
        k.pitchDeg = std::clamp(finiteOr(k.pitchDeg, previous.pitchDeg), -90.0, 90.0);
        k.rollDeg = finiteOr(k.rollDeg, previous.rollDeg);
        k.fovDeg = std::clamp(finiteOr(k.fovDeg, previous.fovDeg), 0.01, 179.0);
        if (k.campaignTime && !std::isfinite(k.campaignTime->time))
            k.campaignTime.reset();
        if (k.target && k.target->point) {
            GeoPoint& p = *k.target->point;
            if (!std::isfinite(p.lat) || !std::isfinite(p.lon) || !std::isfinite(p.alt))
                k.target->point.reset();
        }
        previous = k;
    }
    return out;
}

} // namespace

// --- Projection --------------------------------------------------------------------------------

glm::dvec3 AzimuthalEquidistant::forward(const GeoPoint& p) const {
    double lat0 = glm::radians(centre.lat), lon0 = glm::radians(centre.lon);
    glm::dvec3 east(-std::sin(lon0), std::cos(lon0), 0);
    glm::dvec3 north(-std::sin(lat0) * std::cos(lon0), -std::sin(lat0) * std::sin(lon0), std::cos(lat0));
    glm::dvec3 up = unitVector(centre.lat, centre.lon);
    glm::dvec3 q = unitVector(p.lat, p.lon);
    double e = glm::dot(q, east), n = glm::dot(q, north);
    double sinC = std::hypot(e, n);
    double c = std::atan2(sinC, glm::dot(q, up)); // angular distance, well conditioned near 0 and pi
    double k = sinC > 0 ? kEarthMeanRadius * c / sinC : kEarthMeanRadius;
    return {e * k, n * k, p.alt};
}

GeoPoint AzimuthalEquidistant::inverse(const glm::dvec3& xyz) const {
    double rho = std::hypot(xyz.x, xyz.y);
    if (rho == 0)
        return {centre.lat, centre.lon, xyz.z};
    double c = rho / kEarthMeanRadius;
    double lat0 = glm::radians(centre.lat), lon0 = glm::radians(centre.lon);
    glm::dvec3 east(-std::sin(lon0), std::cos(lon0), 0);
    glm::dvec3 north(-std::sin(lat0) * std::cos(lon0), -std::sin(lat0) * std::sin(lon0), std::cos(lat0));
    glm::dvec3 up = unitVector(centre.lat, centre.lon);
    glm::dvec3 q = std::cos(c) * up + std::sin(c) * (east * (xyz.x / rho) + north * (xyz.y / rho));
    return {glm::degrees(std::atan2(q.z, std::hypot(q.x, q.y))), glm::degrees(std::atan2(q.y, q.x)), xyz.z};
}

GeoPoint sphericalCentroid(const std::vector<GeoPoint>& points) {
    if (points.empty())
        return {};
    glm::dvec3 sum(0);
    for (const GeoPoint& p : points)
        sum += unitVector(p.lat, p.lon);
    if (glm::length(sum) < 1e-9 * double(points.size()))
        return {points[0].lat, points[0].lon, 0};
    return {glm::degrees(std::atan2(sum.z, std::hypot(sum.x, sum.y))), glm::degrees(std::atan2(sum.y, sum.x)), 0};
}

// --- Spline ------------------------------------------------------------------------------------

glm::dvec3 SplineSegment::position(double u) const {
    double u2 = u * u, u3 = u2 * u;
    return p0 * (2 * u3 - 3 * u2 + 1) + m0 * (u3 - 2 * u2 + u) + p1 * (-2 * u3 + 3 * u2) + m1 * (u3 - u2);
}

glm::dvec3 SplineSegment::derivative(double u) const {
    double u2 = u * u;
    return p0 * (6 * u2 - 6 * u) + m0 * (3 * u2 - 4 * u + 1) + p1 * (-6 * u2 + 6 * u) + m1 * (3 * u2 - 2 * u);
}

std::vector<SplineSegment> centripetalCatmullRom(const std::vector<glm::dvec3>& points) {
    std::vector<SplineSegment> segments;
    for (size_t i = 0; i + 1 < points.size(); ++i) {
        SplineSegment s;
        s.p0 = points[i];
        s.p1 = points[i + 1];
        if (!coincident(s.p0, s.p1)) {
            // A missing or coincident neighbour is replaced by the reflection, which makes the
            // tangent there the chord: the path starts (or stops) heading straight at the next key.
            bool hasBefore = i > 0 && !coincident(points[i - 1], s.p0);
            bool hasAfter = i + 2 < points.size() && !coincident(points[i + 2], s.p1);
            glm::dvec3 before = hasBefore ? points[i - 1] : 2.0 * s.p0 - s.p1;
            glm::dvec3 after = hasAfter ? points[i + 2] : 2.0 * s.p1 - s.p0;
            double knot = std::sqrt(glm::length(s.p1 - s.p0));
            s.m0 = centripetalTangent(before, s.p0, s.p1, knot);
            s.m1 = centripetalTangent(s.p0, s.p1, after, knot);
        }
        segments.push_back(s);
    }
    return segments;
}

// --- Arc length --------------------------------------------------------------------------------

ArcLengthTable::ArcLengthTable(const SplineSegment& segment) : segment_(segment) {
    cumulative_.resize(kArcSubintervals + 1, 0.0);
    for (int k = 0; k < kArcSubintervals; ++k)
        cumulative_[k + 1] = cumulative_[k] + integrateSpeed(segment, double(k) / kArcSubintervals,
                                                             double(k + 1) / kArcSubintervals);
}

double ArcLengthTable::parameterAt(double arcLength) const {
    double total = length();
    if (!(total > 0) || !(arcLength > 0))
        return 0;
    if (arcLength >= total)
        return 1;
    int k = int(std::upper_bound(cumulative_.begin(), cumulative_.end(), arcLength) - cumulative_.begin()) - 1;
    k = std::clamp(k, 0, kArcSubintervals - 1);
    double a = double(k) / kArcSubintervals, lo = a, hi = double(k + 1) / kArcSubintervals;
    double target = arcLength - cumulative_[k];
    double span = cumulative_[k + 1] - cumulative_[k];
    double u = span > 0 ? lo + (hi - lo) * target / span : lo;
    double tolerance = 1e-12 * total;
    for (int iteration = 0; iteration < 60; ++iteration) {
        double error = integrateSpeed(segment_, a, u) - target;
        if (std::abs(error) <= tolerance)
            break;
        (error < 0 ? lo : hi) = u;
        double speed = glm::length(segment_.derivative(u));
        double next = speed > 0 ? u - error / speed : lo - 1;
        u = (next > lo && next < hi) ? next : (lo + hi) / 2; // Newton, else bisection
        if (hi - lo < 1e-15)
            break;
    }
    return u;
}

double easedArcFraction(double tau, bool easeOut, bool easeIn) {
    double t = std::clamp(tau, 0.0, 1.0);
    double t2 = t * t, t3 = t2 * t;
    double v0 = easeOut ? 0 : 1, v1 = easeIn ? 0 : 1;
    return (-2 * t3 + 3 * t2) + v0 * (t3 - 2 * t2 + t) + v1 * (t3 - t2);
}

// --- Orientation -------------------------------------------------------------------------------

glm::dmat3 viewRotation(const ViewAngles& angles) {
    glm::dvec3 forward = headingPitchToDirection(angles.headingDeg, angles.pitchDeg);
    glm::dvec3 right = headingPitchToDirection(angles.headingDeg + 90, 0); // horizontal, so already normal to forward
    glm::dvec3 up = glm::cross(right, forward);
    double r = glm::radians(angles.rollDeg);
    return glm::dmat3(right * std::cos(r) - up * std::sin(r), forward, up * std::cos(r) + right * std::sin(r));
}

ViewAngles viewAnglesFromRotation(const glm::dmat3& rotation) {
    glm::dvec3 right = rotation[0], forward = glm::normalize(rotation[1]);
    ViewAngles a;
    a.pitchDeg = glm::degrees(std::asin(std::clamp(forward.z, -1.0, 1.0)));
    if (std::hypot(forward.x, forward.y) < 1e-7) { // straight up or down: roll folds into heading
        a.headingDeg = wrapDegrees360(glm::degrees(std::atan2(-right.y, right.x)));
        return a;
    }
    a.headingDeg = wrapDegrees360(glm::degrees(std::atan2(forward.x, forward.y)));
    glm::dvec3 levelRight = headingPitchToDirection(a.headingDeg + 90, 0);
    glm::dvec3 levelUp = glm::cross(levelRight, forward);
    a.rollDeg = glm::degrees(std::atan2(-glm::dot(right, levelUp), glm::dot(right, levelRight)));
    return a;
}

double interpolateFovDeg(double fromDeg, double toDeg, double fraction) {
    double a = std::log(std::tan(glm::radians(fromDeg) / 2)), b = std::log(std::tan(glm::radians(toDeg) / 2));
    return glm::degrees(2 * std::atan(std::exp(a + (b - a) * fraction)));
}

ViewAngles lookAlong(const glm::dvec3& enuDirection, double rollDeg, double fallbackHeadingDeg) {
    ViewAngles a;
    double horizontal = std::hypot(enuDirection.x, enuDirection.y);
    a.headingDeg = horizontal > 1e-9 * glm::length(enuDirection)
                       ? wrapDegrees360(glm::degrees(std::atan2(enuDirection.x, enuDirection.y)))
                       : fallbackHeadingDeg;
    a.pitchDeg = glm::degrees(std::atan2(enuDirection.z, horizontal));
    a.rollDeg = rollDeg;
    return a;
}

// --- The path ----------------------------------------------------------------------------------

CameraPath::CameraPath(const Shot& shot) : keys_(sanitiseKeys(shot.keys)) {
    std::vector<GeoPoint> positions;
    for (const ShotKey& k : keys_)
        positions.push_back(k.position);
    projection_.centre = sphericalCentroid(positions);
    std::vector<glm::dvec3> points;
    for (const GeoPoint& p : positions)
        points.push_back(projection_.forward(p));
    segments_ = centripetalCatmullRom(points);
    for (const SplineSegment& s : segments_)
        arcLengths_.emplace_back(s);
}

double CameraPath::duration() const {
    return keys_.empty() ? 0 : keys_.back().time + keys_.back().hold;
}

double CameraPath::length() const {
    double sum = 0;
    for (const ArcLengthTable& t : arcLengths_)
        sum += t.length();
    return sum;
}

double CameraPath::segmentLength(int segment) const {
    return segment >= 0 && segment < int(arcLengths_.size()) ? arcLengths_[segment].length() : 0;
}

glm::dvec3 CameraPath::positionAt(int segment, double fraction) const {
    const ArcLengthTable& table = arcLengths_[segment];
    double u = table.length() > 0 ? table.parameterAt(fraction * table.length()) : fraction;
    return segments_[segment].position(u);
}

int CameraPath::segmentAt(double shotTime, double* fraction) const {
    *fraction = 0;
    if (keys_.empty())
        return -1;
    double t = std::isnan(shotTime) ? 0 : shotTime;
    auto after = std::upper_bound(keys_.begin(), keys_.end(), t, [](double v, const ShotKey& k) { return v < k.time; });
    int i = std::max(int(after - keys_.begin()) - 1, 0);
    if (i + 1 >= int(keys_.size()))
        return i;
    double start = keys_[i].time + keys_[i].hold, travel = keys_[i + 1].time - start;
    if (t > start && travel > 0)
        *fraction = easedArcFraction((t - start) / travel, keys_[i].easeOut, keys_[i + 1].easeIn);
    return i;
}

std::optional<Time> CameraPath::campaignTimeAt(double shotTime) const {
    if (std::isnan(shotTime))
        shotTime = 0;
    const ShotKey* previous = nullptr;
    for (const ShotKey& k : keys_) {
        if (!k.campaignTime)
            continue;
        if (shotTime <= k.time) {
            if (!previous || k.time <= previous->time)
                return k.campaignTime->time;
            double w = (shotTime - previous->time) / (k.time - previous->time);
            return previous->campaignTime->time + (k.campaignTime->time - previous->campaignTime->time) * w;
        }
        previous = &k;
    }
    if (previous)
        return previous->campaignTime->time;
    return std::nullopt;
}

namespace {

// A key's view from `cameraAt`: its target's direction when it has one that resolves.
ViewAngles keyView(const ShotKey& key, const GeoPoint& cameraAt, std::optional<Time> campaignTime,
                   const TargetResolver& resolve) {
    ViewAngles own{key.headingDeg, key.pitchDeg, key.rollDeg};
    if (!key.target)
        return own;
    std::optional<GeoPoint> target = resolve ? resolve(*key.target, campaignTime) : std::nullopt;
    if (!target)
        target = key.target->point;
    if (!target || !std::isfinite(target->lat) || !std::isfinite(target->lon) || !std::isfinite(target->alt))
        return own;
    glm::dvec3 direction = geodeticToEnu(makeEnuFrame(cameraAt), *target);
    if (glm::length(direction) < 1e-3)
        return own;
    return lookAlong(direction, key.rollDeg, key.headingDeg);
}

ViewAngles slerpViews(const ViewAngles& a, const ViewAngles& b, double fraction) {
    glm::dquat qa = glm::quat_cast(viewRotation(a)), qb = glm::quat_cast(viewRotation(b));
    if (glm::dot(qa, qb) < 0) // q and -q are one rotation: take the short arc
        qb = -qb;
    return viewAnglesFromRotation(glm::mat3_cast(glm::slerp(qa, qb, fraction)));
}

} // namespace

CameraSample CameraPath::evaluate(double shotTime, const TargetResolver& resolve) const {
    CameraSample sample;
    sample.segment = segmentAt(shotTime, &sample.fraction);
    if (sample.segment < 0)
        return sample;
    sample.campaignTime = campaignTimeAt(shotTime);
    int i = sample.segment;
    double s = sample.fraction;
    const ShotKey& from = keys_[i];
    bool moving = s > 0 && i + 1 < int(keys_.size());
    const ShotKey& to = moving ? keys_[i + 1] : from;

    Camera& c = sample.camera;
    bool still = !moving || arcLengths_[i].length() == 0; // a repeated position: turning on the spot
    c.position = still ? (s >= 1 ? to.position : from.position)
                       : s >= 1 ? to.position : projection_.inverse(positionAt(i, s));
    ViewAngles view = keyView(from, c.position, sample.campaignTime, resolve);
    if (moving)
        view = slerpViews(view, keyView(to, c.position, sample.campaignTime, resolve), s);
    c.headingDeg = view.headingDeg;
    c.pitchDeg = view.pitchDeg;
    c.rollDeg = view.rollDeg;
    c.fovDeg = moving ? interpolateFovDeg(from.fovDeg, to.fovDeg, s) : from.fovDeg;
    return sample;
}

std::vector<GeoPoint> CameraPath::polyline(double maxStepMetres) const {
    std::vector<GeoPoint> out;
    if (keys_.empty())
        return out;
    double step = std::max(std::isfinite(maxStepMetres) ? maxStepMetres : 1.0, 1.0);
    out.push_back(keys_[0].position);
    for (size_t i = 0; i < segments_.size(); ++i) {
        int pieces = std::max(1, int(std::ceil(arcLengths_[i].length() / step)));
        for (int j = 1; j < pieces; ++j)
            out.push_back(projection_.inverse(positionAt(int(i), double(j) / pieces)));
        out.push_back(keys_[i + 1].position);
    }
    return out;
}

void retimeForConstantSpeed(Shot* shot, double travelSeconds) {
    if (!shot || shot->keys.size() < 2 || !(travelSeconds > 0) || !std::isfinite(travelSeconds))
        return;
    CameraPath path(*shot);
    const std::vector<ShotKey>& keys = path.keys();
    double moving = 0;
    for (size_t i = 0; i + 1 < keys.size(); ++i)
        if (path.segmentLength(int(i)) >= kCoincidentMetres)
            moving += path.segmentLength(int(i));
    std::vector<double> travel(keys.size() - 1);
    for (size_t i = 0; i + 1 < keys.size(); ++i) {
        double length = path.segmentLength(int(i));
        travel[i] = length >= kCoincidentMetres ? travelSeconds * length / moving
                                                : std::max(keys[i + 1].time - keys[i].time - keys[i].hold, 0.0);
    }
    shot->keys[0].time = keys[0].time;
    for (size_t i = 0; i + 1 < keys.size(); ++i)
        shot->keys[i + 1].time = shot->keys[i].time + keys[i].hold + travel[i];
}

} // namespace kresy
