#include "core/geodesy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace kresy {
namespace {

constexpr double kDeg = std::numbers::pi / 180.0;
constexpr double kMillimetre = 1e-3;

// The region the viewer covers, 12-34 E, 45-58 N, every 0.25 degrees.
std::vector<GeoPoint> regionGrid(double alt) {
    std::vector<GeoPoint> points;
    for (double lat = 45.0; lat <= 58.0 + 1e-9; lat += 0.25)
        for (double lon = 12.0; lon <= 34.0 + 1e-9; lon += 0.25) points.push_back({lat, lon, alt});
    return points;
}

// Distance between two geodetic points in metres, from their coordinate differences.
// The radius is an upper bound of the meridian and prime-vertical radii, so the result
// never understates the error; it does not go through geodeticToEcef, which is under test.
double geodeticErrorMetres(const GeoPoint& a, const GeoPoint& b) {
    const double radius = 6.40e6 + std::max(0.0, a.alt);
    const double north = (a.lat - b.lat) * kDeg * radius;
    double dLon = a.lon - b.lon;
    if (dLon > 180) dLon -= 360;
    if (dLon < -180) dLon += 360;
    const double east = dLon * kDeg * radius * std::cos(a.lat * kDeg);
    const double up = a.alt - b.alt;
    return std::sqrt(north * north + east * east + up * up);
}

TEST(Geodesy, EcefKnownValues) {
    const glm::dvec3 origin = geodeticToEcef({0, 0, 0});
    EXPECT_DOUBLE_EQ(origin.x, kWgs84A);
    EXPECT_NEAR(origin.y, 0.0, 1e-9);
    EXPECT_NEAR(origin.z, 0.0, 1e-9);

    const glm::dvec3 east = geodeticToEcef({0, 90, 100});
    EXPECT_NEAR(east.x, 0.0, 1e-6);
    EXPECT_NEAR(east.y, kWgs84A + 100, 1e-6);

    // The pole sits on the semi-minor axis, b = a (1 - f) = 6356752.314245 m.
    const glm::dvec3 pole = geodeticToEcef({90, 0, 0});
    EXPECT_NEAR(pole.x, 0.0, 1e-6);
    EXPECT_NEAR(pole.z, 6356752.314245, 1e-6);

    const glm::dvec3 south = geodeticToEcef({-90, 45, 1000});
    EXPECT_NEAR(south.z, -6356752.314245 - 1000, 1e-6);
}

TEST(Geodesy, EcefToGeodeticKnownValues) {
    GeoPoint p = ecefToGeodetic({kWgs84A, 0, 0});
    EXPECT_NEAR(p.lat, 0.0, 1e-12);
    EXPECT_NEAR(p.lon, 0.0, 1e-12);
    EXPECT_NEAR(p.alt, 0.0, 1e-6);

    p = ecefToGeodetic({0, 0, 6356752.314245 + 500});
    EXPECT_NEAR(p.lat, 90.0, 1e-12);
    EXPECT_NEAR(p.alt, 500.0, 1e-6);

    p = ecefToGeodetic({0, -kWgs84A - 10, 0});
    EXPECT_NEAR(p.lon, -90.0, 1e-12);
    EXPECT_NEAR(p.alt, 10.0, 1e-6);
}

// A point `h` metres along the ellipsoid normal from a surface point has geodetic height h
// and the surface point's latitude and longitude, whatever h is; this checks the inverse
// without relying on the forward formula's height term.
TEST(Geodesy, InverseAlongTheNormalFromMinus10kmTo10000km) {
    const double heights[] = {-10e3, -1, 0, 1, 300, 8848, 300e3, 1e6, 5e6, 10e6};
    for (double lat = -90.0; lat <= 90.0; lat += 7.5) {
        for (double lon = -180.0; lon < 180.0; lon += 37.0) {
            const EnuFrame surface = makeEnuFrame({lat, lon, 0});
            const glm::dvec3 up = surface.enuToEcef[2];
            for (double h : heights) {
                const GeoPoint p = ecefToGeodetic(surface.originEcef + h * up);
                const GeoPoint expected{lat, std::abs(lat) == 90.0 ? p.lon : lon, h};
                EXPECT_LT(geodeticErrorMetres(expected, p), kMillimetre)
                    << "lat " << lat << " lon " << lon << " h " << h << " got " << p.lat << ", "
                    << p.lon << ", " << p.alt;
            }
        }
    }
}

TEST(Geodesy, EcefRoundTripWorldwide) {
    const double heights[] = {-10e3, 0, 300, 300e3, 10e6};
    for (double lat = -89.5; lat <= 89.5; lat += 3.1)
        for (double lon = -179.0; lon <= 180.0; lon += 11.3)
            for (double h : heights) {
                const GeoPoint p{lat, lon, h};
                const GeoPoint q = ecefToGeodetic(geodeticToEcef(p));
                ASSERT_LT(geodeticErrorMetres(p, q), kMillimetre) << lat << " " << lon << " " << h;
            }
}

TEST(Geodesy, GreatCircleDistance) {
    // Warsaw to Grodno; 246,628 m from the spherical law of cosines on the same sphere
    // (python: R * acos(sin φ1 sin φ2 + cos φ1 cos φ2 cos Δλ)).
    EXPECT_NEAR(greatCircleDistance(52.2297, 21.0122, 53.6694, 23.8131), 246628.0, 246628.0 * 0.005);
    EXPECT_NEAR(greatCircleDistance(52.2297, 21.0122, 53.6694, 23.8131), 246627.7, 1.0);
    EXPECT_DOUBLE_EQ(greatCircleDistance(52.0, 23.0, 52.0, 23.0), 0.0);
    EXPECT_NEAR(greatCircleDistance(0, 0, 90, 0), kEarthMeanRadius * std::numbers::pi / 2, 1e-6);
    EXPECT_NEAR(greatCircleDistance(0, 0, 0, 180), kEarthMeanRadius * std::numbers::pi, 1e-6);
    EXPECT_NEAR(greatCircleDistance(10, 170, 10, -170), greatCircleDistance(10, -10, 10, 10), 1e-6);
}

void expectOrthonormal(const glm::dmat3& m) {
    for (int i = 0; i < 3; ++i) {
        EXPECT_NEAR(glm::length(m[i]), 1.0, 1e-12);
        for (int j = i + 1; j < 3; ++j) EXPECT_NEAR(glm::dot(m[i], m[j]), 0.0, 1e-12);
    }
    // Right-handed: east x north = up.
    const glm::dvec3 up = glm::cross(m[0], m[1]);
    EXPECT_NEAR(glm::length(up - m[2]), 0.0, 1e-12);
}

TEST(Enu, AxesAreOrthonormalAndPointTheRightWay) {
    for (double lat : {-89.0, -45.0, 0.0, 23.5, 52.0, 89.9})
        for (double lon : {-170.0, 0.0, 23.0, 120.0}) {
            const EnuFrame f = makeEnuFrame({lat, lon, 250});
            expectOrthonormal(f.enuToEcef);

            // Up is the ellipsoid normal: the gradient of x²/a² + y²/a² + z²/b².
            const double b = kWgs84A * (1 - kWgs84F);
            const glm::dvec3 surface = geodeticToEcef({lat, lon, 0});
            const glm::dvec3 normal = glm::normalize(glm::dvec3(
                surface.x / (kWgs84A * kWgs84A), surface.y / (kWgs84A * kWgs84A), surface.z / (b * b)));
            EXPECT_NEAR(glm::length(normal - f.enuToEcef[2]), 0.0, 1e-12);

            // East and north point towards growing longitude and latitude.
            const glm::dvec3 toEast = geodeticToEcef({lat, lon + 1e-6, 250}) - f.originEcef;
            const glm::dvec3 toNorth = geodeticToEcef({lat + 1e-6, lon, 250}) - f.originEcef;
            EXPECT_NEAR(glm::dot(glm::normalize(toEast), f.enuToEcef[0]), 1.0, 1e-9);
            EXPECT_NEAR(glm::dot(glm::normalize(toNorth), f.enuToEcef[1]), 1.0, 1e-9);
        }
}

TEST(Enu, OriginMapsToZero) {
    const EnuFrame f = makeEnuFrame({52, 23, 0});
    const glm::dvec3 enu = geodeticToEnu(f, {52, 23, 0});
    EXPECT_NEAR(glm::length(enu), 0.0, 1e-9);
    EXPECT_NEAR(geodeticToEnu(f, {52, 23, 300}).z, 300.0, 1e-9);
}

TEST(Enu, CurvatureDropOneKilometreEast) {
    // The tangent plane leaves the ellipsoid by d²/(2N) over distance d eastwards
    // (N is the east-west radius of curvature): 1e6 / (2 * 6391.4 km) = 0.0782 m.
    const EnuFrame f = makeEnuFrame({52, 23, 0});
    const double sinLat = std::sin(52 * kDeg);
    const double e2 = kWgs84F * (2 - kWgs84F);
    const double n = kWgs84A / std::sqrt(1 - e2 * sinLat * sinLat);
    const double drop = 1000.0 * 1000.0 / (2 * n);
    EXPECT_NEAR(drop, 0.0782, 1e-4);

    const GeoPoint onPlane = enuToGeodetic(f, {1000, 0, 0});
    EXPECT_NEAR(onPlane.alt, drop, 1e-5);
    EXPECT_GT(onPlane.lon, 23.0);
    EXPECT_NEAR(onPlane.lat, 52.0, 1e-5);

    // The ellipsoid point under it lies (1000, 0, -0.078) in the frame.
    const glm::dvec3 ground = geodeticToEnu(f, {onPlane.lat, onPlane.lon, 0});
    EXPECT_NEAR(ground.x, 1000.0, 1e-3);
    EXPECT_NEAR(ground.y, 0.0, 1e-3);
    EXPECT_NEAR(ground.z, -drop, 1e-4);
}

TEST(Enu, RoundTripOverTheRegion) {
    const EnuFrame f = makeEnuFrame({52, 23, 0});
    for (double alt : {0.0, 300.0, 300e3}) {
        double worst = 0;
        for (const GeoPoint& p : regionGrid(alt)) {
            const glm::dvec3 enu = geodeticToEnu(f, p);
            const glm::dvec3 ecef = enuToEcef(f, enu);
            const GeoPoint viaEcef = ecefToGeodetic(ecef);
            const GeoPoint direct = enuToGeodetic(f, enu);
            worst = std::max({worst, geodeticErrorMetres(p, viaEcef), geodeticErrorMetres(p, direct)});
            // ecefToEnu must undo enuToEcef.
            ASSERT_LT(glm::length(ecefToEnu(f, ecef) - enu), kMillimetre);
        }
        EXPECT_LT(worst, kMillimetre) << "altitude " << alt;
    }
}

TEST(Enu, RotateDirection) {
    const EnuFrame f = makeEnuFrame({52, 23, 0});
    // In its own frame a direction is unchanged.
    const glm::dvec3 d(0.3, -0.5, 0.8);
    EXPECT_NEAR(glm::length(rotateEnuDirection(f, {52, 23, 1000}, d) - d), 0.0, 1e-12);

    // Up at the north pole is the Earth's axis: (0, cos 52°, sin 52°) in the frame.
    const glm::dvec3 poleUp = rotateEnuDirection(f, {90, 0, 0}, {0, 0, 1});
    EXPECT_NEAR(poleUp.x, 0.0, 1e-12);
    EXPECT_NEAR(poleUp.y, std::cos(52 * kDeg), 1e-12);
    EXPECT_NEAR(poleUp.z, std::sin(52 * kDeg), 1e-12);

    // Up on the equator below the frame points south and up: (0, -sin 52°, cos 52°).
    const glm::dvec3 equatorUp = rotateEnuDirection(f, {0, 23, 0}, {0, 0, 1});
    EXPECT_NEAR(equatorUp.x, 0.0, 1e-12);
    EXPECT_NEAR(equatorUp.y, -std::sin(52 * kDeg), 1e-12);
    EXPECT_NEAR(equatorUp.z, std::cos(52 * kDeg), 1e-12);

    // North 1 degree of longitude further east leans west in the frame (meridians converge).
    const glm::dvec3 north = rotateEnuDirection(f, {52, 24, 0}, {0, 1, 0});
    EXPECT_LT(north.x, 0.0);
    EXPECT_NEAR(glm::length(north), 1.0, 1e-12);
}

TEST(Mercator, KnownTiles) {
    // The slippy-map formula: x = (lon + 180) / 360 * 2^z,
    // y = (1 - ln(tan φ + sec φ) / π) / 2 * 2^z. Warsaw at zoom 10 is tile 571/337.
    const double lat = 52.2297, lon = 21.0122;
    const glm::dvec2 t = lonLatToTile(lon, lat, 10);
    const double phi = lat * kDeg;
    const double expectedY =
        (1 - std::log(std::tan(phi) + 1 / std::cos(phi)) / std::numbers::pi) / 2 * 1024;
    EXPECT_NEAR(t.x, (lon + 180) / 360 * 1024, 1e-9);
    EXPECT_NEAR(t.y, expectedY, 1e-9);
    EXPECT_EQ(static_cast<int>(std::floor(t.x)), 571);
    EXPECT_EQ(static_cast<int>(std::floor(t.y)), 337);
    EXPECT_NEAR(t.x, 571.76804, 1e-5);
    EXPECT_NEAR(t.y, 337.17867, 1e-5);

    const glm::dvec2 centre = lonLatToTile(0, 0, 0);
    EXPECT_NEAR(centre.x, 0.5, 1e-15);
    EXPECT_NEAR(centre.y, 0.5, 1e-15);
    const glm::dvec2 corner = lonLatToTile(-180, kMercatorMaxLat, 3);
    EXPECT_NEAR(corner.x, 0.0, 1e-12);
    EXPECT_NEAR(corner.y, 0.0, 1e-9);
    const glm::dvec2 bottom = lonLatToTile(180, -kMercatorMaxLat, 3);
    EXPECT_NEAR(bottom.x, 8.0, 1e-12);
    EXPECT_NEAR(bottom.y, 8.0, 1e-9);
}

TEST(Mercator, ClampsPolarLatitudes) {
    EXPECT_NEAR(lonLatToTile(0, 89.9, 4).y, 0.0, 1e-9);
    EXPECT_NEAR(lonLatToTile(0, -90, 4).y, 16.0, 1e-9);
    EXPECT_TRUE(std::isfinite(lonLatToTile(0, 90, 4).y));
}

TEST(Mercator, RoundTripOverTheRegionAllZooms) {
    for (int zoom = 0; zoom <= 14; ++zoom) {
        double worst = 0;
        for (const GeoPoint& p : regionGrid(0)) {
            double lon = 0, lat = 0;
            tileToLonLat(lonLatToTile(p.lon, p.lat, zoom), zoom, &lon, &lat);
            // The 1 mm is a ground distance on the mean sphere.
            worst = std::max(worst, greatCircleDistance(p.lat, p.lon, lat, lon));
            ASSERT_LT(geodeticErrorMetres(p, {lat, lon, 0}), kMillimetre);
        }
        EXPECT_LT(worst, kMillimetre) << "zoom " << zoom;
    }
}

TEST(Mercator, TileCornersAreExactForTheInverse) {
    double lon = 0, lat = 0;
    tileToLonLat({571, 337}, 10, &lon, &lat);
    EXPECT_NEAR(lon, 571.0 / 1024 * 360 - 180, 1e-12);
    // Inverse of the slippy-map formula: lat = atan(sinh(π (1 - 2 y / 2^z))).
    EXPECT_NEAR(lat, std::atan(std::sinh(std::numbers::pi * (1 - 2 * 337.0 / 1024))) / kDeg, 1e-12);
    EXPECT_GT(lat, 52.2297); // the tile's north-west corner is north-west of Warsaw
    EXPECT_LT(lon, 21.0122);
}

} // namespace
} // namespace kresy
