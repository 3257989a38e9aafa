#include "core/geodesy.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace kresy {
namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kRadToDeg = 180.0 / std::numbers::pi;

constexpr double kWgs84B = kWgs84A * (1.0 - kWgs84F);           // semi-minor axis
constexpr double kWgs84E2 = kWgs84F * (2.0 - kWgs84F);          // first eccentricity squared
constexpr double kWgs84Ep2 = kWgs84E2 / (1.0 - kWgs84E2);       // second eccentricity squared

// Radius of curvature in the prime vertical.
double primeVerticalRadius(double sinLat) {
    return kWgs84A / std::sqrt(1.0 - kWgs84E2 * sinLat * sinLat);
}

// Columns east, north, up of the tangent frame at (lat, lon), in ECEF.
glm::dmat3 enuRotation(double latDeg, double lonDeg) {
    const double lat = latDeg * kDegToRad;
    const double lon = lonDeg * kDegToRad;
    const double sLat = std::sin(lat), cLat = std::cos(lat);
    const double sLon = std::sin(lon), cLon = std::cos(lon);
    const glm::dvec3 east(-sLon, cLon, 0.0);
    const glm::dvec3 north(-sLat * cLon, -sLat * sLon, cLat);
    const glm::dvec3 up(cLat * cLon, cLat * sLon, sLat);
    return glm::dmat3(east, north, up);
}

} // namespace

glm::dvec3 geodeticToEcef(const GeoPoint& p) {
    const double lat = p.lat * kDegToRad;
    const double lon = p.lon * kDegToRad;
    const double sLat = std::sin(lat), cLat = std::cos(lat);
    const double n = primeVerticalRadius(sLat);
    return {(n + p.alt) * cLat * std::cos(lon),
            (n + p.alt) * cLat * std::sin(lon),
            (n * (1.0 - kWgs84E2) + p.alt) * sLat};
}

GeoPoint ecefToGeodetic(const glm::dvec3& ecef) {
    const double x = ecef.x, y = ecef.y, z = ecef.z;
    const double p = std::hypot(x, y);

    // Bowring's formula, iterated on the parametric latitude. One step is already
    // sub-millimetre near the surface; the extra steps (cubic convergence) keep it exact
    // far above it, where the single-step error grows with altitude.
    double beta = std::atan2(z * kWgs84A, p * kWgs84B);
    double lat = 0.0;
    for (int i = 0; i < 8; ++i) {
        const double sb = std::sin(beta), cb = std::cos(beta);
        const double next = std::atan2(z + kWgs84Ep2 * kWgs84B * sb * sb * sb,
                                       p - kWgs84E2 * kWgs84A * cb * cb * cb);
        const bool converged = i > 0 && std::abs(next - lat) < 1e-15;
        lat = next;
        if (converged) break;
        beta = std::atan2((1.0 - kWgs84F) * std::sin(lat), std::cos(lat));
    }

    // This form of the height stays well-conditioned at every latitude, poles included
    // (p / cos(lat) - N would divide by zero there).
    const double sLat = std::sin(lat), cLat = std::cos(lat);
    const double n = primeVerticalRadius(sLat);
    const double alt = p * cLat + z * sLat - n * (1.0 - kWgs84E2 * sLat * sLat);

    GeoPoint out;
    out.lat = lat * kRadToDeg;
    out.lon = (p == 0.0) ? 0.0 : std::atan2(y, x) * kRadToDeg;
    out.alt = alt;
    return out;
}

EnuFrame makeEnuFrame(const GeoPoint& origin) {
    EnuFrame frame;
    frame.origin = origin;
    frame.originEcef = geodeticToEcef(origin);
    frame.enuToEcef = enuRotation(origin.lat, origin.lon);
    return frame;
}

glm::dvec3 ecefToEnu(const EnuFrame& frame, const glm::dvec3& ecef) {
    // The rotation is orthonormal, so its transpose is its inverse.
    return glm::transpose(frame.enuToEcef) * (ecef - frame.originEcef);
}

glm::dvec3 enuToEcef(const EnuFrame& frame, const glm::dvec3& enu) {
    return frame.originEcef + frame.enuToEcef * enu;
}

glm::dvec3 geodeticToEnu(const EnuFrame& frame, const GeoPoint& p) {
    return ecefToEnu(frame, geodeticToEcef(p));
}

GeoPoint enuToGeodetic(const EnuFrame& frame, const glm::dvec3& enu) {
    return ecefToGeodetic(enuToEcef(frame, enu));
}

glm::dvec3 rotateEnuDirection(const EnuFrame& frame, const GeoPoint& at, const glm::dvec3& dir) {
    const glm::dvec3 ecefDir = enuRotation(at.lat, at.lon) * dir;
    return glm::transpose(frame.enuToEcef) * ecefDir;
}

glm::dvec2 lonLatToTile(double lon, double lat, int zoom) {
    const double n = std::ldexp(1.0, zoom);
    const double clamped = std::clamp(lat, -kMercatorMaxLat, kMercatorMaxLat) * kDegToRad;
    // asinh(tan(lat)) is the Mercator ordinate ln(tan(lat) + sec(lat)) without the
    // cancellation near the equator.
    const double mercY = std::asinh(std::tan(clamped));
    return {(lon + 180.0) / 360.0 * n,
            (1.0 - mercY / std::numbers::pi) * 0.5 * n};
}

void tileToLonLat(const glm::dvec2& tile, int zoom, double* lon, double* lat) {
    const double n = std::ldexp(1.0, zoom);
    const double mercY = std::numbers::pi * (1.0 - 2.0 * tile.y / n);
    if (lon) *lon = tile.x / n * 360.0 - 180.0;
    if (lat) *lat = std::atan(std::sinh(mercY)) * kRadToDeg;
}

double greatCircleDistance(double lat1, double lon1, double lat2, double lon2) {
    const double phi1 = lat1 * kDegToRad, phi2 = lat2 * kDegToRad;
    const double sDPhi = std::sin((phi2 - phi1) * 0.5);
    const double sDLambda = std::sin((lon2 - lon1) * kDegToRad * 0.5);
    const double h = sDPhi * sDPhi + std::cos(phi1) * std::cos(phi2) * sDLambda * sDLambda;
    // Rounding can push h a hair past 1 for antipodal points.
    return 2.0 * kEarthMeanRadius * std::asin(std::sqrt(std::clamp(h, 0.0, 1.0)));
}

} // namespace kresy
