#pragma once
// WGS84 geodesy, local East-North-Up frames and Web Mercator tile coordinates.
// Angles are degrees at the interface, metres for lengths; all math in double.

#include <glm/glm.hpp>

namespace kresy {

struct GeoPoint {
    double lat = 0; // degrees north, [-90, 90]
    double lon = 0; // degrees east, [-180, 180]
    double alt = 0; // metres above the WGS84 ellipsoid (treated as above sea level)

    bool operator==(const GeoPoint&) const = default;
};

constexpr double kWgs84A = 6378137.0;              // semi-major axis, m
constexpr double kWgs84F = 1.0 / 298.257223563;    // flattening
constexpr double kEarthMeanRadius = 6371008.8;     // IUGG mean radius, m

glm::dvec3 geodeticToEcef(const GeoPoint& p);
// Exact to well under a millimetre for points from 10 km below to 10,000 km above the ellipsoid.
GeoPoint ecefToGeodetic(const glm::dvec3& ecef);

// A local tangent frame: x east, y north, z up at `origin`.
struct EnuFrame {
    GeoPoint origin;
    glm::dvec3 originEcef{0};
    glm::dmat3 enuToEcef{1}; // columns: east, north, up in ECEF
};

EnuFrame makeEnuFrame(const GeoPoint& origin);
glm::dvec3 ecefToEnu(const EnuFrame& frame, const glm::dvec3& ecef);
glm::dvec3 enuToEcef(const EnuFrame& frame, const glm::dvec3& enu);
glm::dvec3 geodeticToEnu(const EnuFrame& frame, const GeoPoint& p);
GeoPoint enuToGeodetic(const EnuFrame& frame, const glm::dvec3& enu);
// Rotates a direction given in the local ENU frame at `at` into `frame`.
glm::dvec3 rotateEnuDirection(const EnuFrame& frame, const GeoPoint& at, const glm::dvec3& dir);

// Web Mercator (EPSG:3857) in the XYZ tile scheme: x grows east, y grows south,
// tile (0,0) at zoom 0 covers the whole world; coordinates are fractional tiles.
constexpr double kMercatorMaxLat = 85.0511287798066;
glm::dvec2 lonLatToTile(double lon, double lat, int zoom);
void tileToLonLat(const glm::dvec2& tile, int zoom, double* lon, double* lat);

// Great-circle distance on the mean-radius sphere, metres.
double greatCircleDistance(double lat1, double lon1, double lat2, double lon2);

} // namespace kresy
