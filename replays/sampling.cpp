#include "sampling.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace kresy {
namespace {

constexpr double kRadToDeg = 180.0 / std::numbers::pi;
constexpr double kWgs84B = kWgs84A * (1.0 - kWgs84F);
constexpr double kWgs84E2 = kWgs84F * (2.0 - kWgs84F);
constexpr double kWgs84Ep2 = kWgs84E2 / (1.0 - kWgs84E2);
constexpr double kStillMetres = 0.5; // a segment shorter than this is no motion

// Latitude and longitude of a point near the ellipsoid: Bowring's formula with one step (its
// error is sub-millimetre within kilometres of the surface, where chords between waypoints lie),
// with the parametric latitude's sine and cosine found without trigonometry. A few times faster
// than ecefToGeodetic, which iterates to stay exact far above the surface.
void nearSurfaceLatLon(const glm::dvec3& p, double* lat, double* lon) {
    const double r = std::sqrt(p.x * p.x + p.y * p.y);
    const double u = p.z * kWgs84A, v = r * kWgs84B; // tan(beta) = u / v
    const double h = std::sqrt(u * u + v * v);
    const double sb = h > 0 ? u / h : 0.0, cb = h > 0 ? v / h : 1.0;
    *lat = std::atan2(p.z + kWgs84Ep2 * kWgs84B * sb * sb * sb, r - kWgs84E2 * kWgs84A * cb * cb * cb) * kRadToDeg;
    *lon = std::atan2(p.y, p.x) * kRadToDeg;
}

// Degrees clockwise from north of the motion from a to b, seen at the middle of the segment
// (so a move along a parallel heads due east or west); NaN when there is no motion.
double segmentHeading(const glm::dvec3& a, const glm::dvec3& b) {
    const glm::dvec3 d = b - a;
    if (glm::length(d) < kStillMetres)
        return std::nan("");
    GeoPoint mid;
    nearSurfaceLatLon((a + b) * 0.5, &mid.lat, &mid.lon);
    const glm::dvec3 local = glm::transpose(makeEnuFrame(mid).enuToEcef) * d;
    const double heading = std::atan2(local.x, local.y) * kRadToDeg;
    return heading < 0 ? heading + 360.0 : heading;
}

// Headings of one unit's waypoints [b, e): the motion from each to the next, filled where there
// is none as buildReplayIndex says; the last waypoint keeps the heading it arrived with.
void resolveHeadings(ReplayIndex* x, uint32_t b, uint32_t e) {
    std::vector<double> raw(e - b, std::nan(""));
    for (uint32_t i = b; i + 1 < e; ++i)
        raw[i - b] = segmentHeading(x->ecef[i], x->ecef[i + 1]);
    double heading = 0; // north, for a unit that never moves
    for (double h : raw)
        if (!std::isnan(h)) {
            heading = h; // a unit not yet moving faces its first motion
            break;
        }
    for (uint32_t i = b; i < e; ++i) {
        if (!std::isnan(raw[i - b]))
            heading = raw[i - b];
        x->headings[i] = float(heading);
    }
}

// Beyond float's range the conversion would be undefined.
float toFloat(double v) { return float(std::clamp(v, -3.0e38, 3.0e38)); }

void indexTrack(const Unit& unit, ReplayIndex* x) {
    const uint32_t b = uint32_t(x->times.size());
    UnitStatus status = UnitStatus::Moving;
    float strength = -1;
    for (const Waypoint& w : unit.track) {
        status = w.status.value_or(status);
        strength = w.strength ? toFloat(*w.strength) : strength;
        x->times.push_back(w.time.time);
        x->ecef.push_back(geodeticToEcef({w.lat, w.lon, 0.0}));
        x->statuses.push_back(status);
        x->strengths.push_back(strength);
        x->uncertaintiesKm.push_back(toFloat(w.uncertaintyKm));
    }
    const uint32_t e = uint32_t(x->times.size());
    x->headings.resize(e);
    resolveHeadings(x, b, e);
    x->first.push_back(e);
}

// The position at t of the unit whose waypoint i is the last at or before t (i < e).
glm::dvec3 positionAt(const ReplayIndex& x, uint32_t i, uint32_t e, Time t) {
    if (i + 1 >= e)
        return x.ecef[i];
    const double dt = x.times[i + 1] - x.times[i];
    const double f = dt > 0 ? (t - x.times[i]) / dt : 0.0;
    return x.ecef[i] + (x.ecef[i + 1] - x.ecef[i]) * f;
}

// The last waypoint of [b, e) at or before t, which lies in [times[b], times[e - 1]].
uint32_t waypointAt(const ReplayIndex& x, uint32_t b, uint32_t e, Time t) {
    const auto begin = x.times.begin();
    return uint32_t(std::upper_bound(begin + b, begin + e, t) - begin) - 1;
}

bool visibleAt(const ReplayIndex& x, uint32_t b, uint32_t e, Time t) {
    return b < e && t >= x.times[b] && t <= x.times[e - 1]; // false for a NaN t
}

GeoPoint geoPoint(const glm::dvec3& ecef) {
    GeoPoint p;
    nearSurfaceLatLon(ecef, &p.lat, &p.lon);
    return p;
}

} // namespace

ReplayIndex buildReplayIndex(const Replay& replay) {
    ReplayIndex x;
    const size_t n = waypointCount(replay);
    x.times.reserve(n);
    x.ecef.reserve(n);
    x.statuses.reserve(n);
    x.strengths.reserve(n);
    x.uncertaintiesKm.reserve(n);
    x.first.reserve(replay.units.size() + 1);
    x.first.push_back(0);
    for (const Unit& unit : replay.units)
        indexTrack(unit, &x);
    if (!replaySpan(replay, &x.start, &x.end))
        x.start = x.end = 0;
    return x;
}

UnitState sampleUnit(const ReplayIndex& x, size_t unit, Time t) {
    UnitState s;
    const uint32_t b = x.first[unit], e = x.first[unit + 1];
    if (!visibleAt(x, b, e, t))
        return s;
    const uint32_t i = waypointAt(x, b, e, t);
    nearSurfaceLatLon(positionAt(x, i, e, t), &s.lat, &s.lon);
    s.headingDeg = x.headings[i];
    s.strength = x.strengths[i];
    s.uncertaintyKm = x.uncertaintiesKm[i];
    s.status = x.statuses[i];
    s.visible = true;
    s.waypoint = i - b;
    return s;
}

void sampleUnits(const ReplayIndex& index, Time t, UnitState* out) {
    const size_t n = index.unitCount();
    for (size_t u = 0; u < n; ++u)
        out[u] = sampleUnit(index, u, t);
}

size_t appendUnitTrail(const ReplayIndex& x, size_t unit, Time t, double hours, std::vector<GeoPoint>* out) {
    const uint32_t b = x.first[unit], e = x.first[unit + 1];
    if (!visibleAt(x, b, e, t))
        return 0;
    const size_t before = out->size();
    const double back = hours > 0 ? hours * 3600.0 : 0.0; // also for a NaN
    const Time from = std::max(t - back, x.times[b]);
    uint32_t i = waypointAt(x, b, e, from);
    out->push_back(geoPoint(positionAt(x, i, e, from)));
    for (++i; i < e && x.times[i] < t; ++i)
        out->push_back(geoPoint(x.ecef[i]));
    if (t > from)
        out->push_back(geoPoint(positionAt(x, waypointAt(x, b, e, t), e, t)));
    return out->size() - before;
}

} // namespace kresy
