#include "core/sun.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kresy {
namespace {

double angleDiff(double a, double b) {
    double d = std::fmod(a - b, 360.0);
    if (d > 180) d -= 360;
    if (d < -180) d += 360;
    return std::abs(d);
}

// Reference values from an independent implementation: the Astronomical Almanac's
// low-precision solar coordinates with Greenwich mean sidereal time and Bennett's
// refraction (not the NOAA equations that sun.cpp follows). Times from `date -u +%s`.
struct Reference {
    const char* what;
    Time t;
    double lat, lon;
    double azimuth, elevation;
};

const Reference kReferences[] = {
    {"Warsaw 1939-09-17 10:00 UTC", -955893600, 52.2297, 21.0122, 169.97, 39.92},
    {"Westerplatte 1939-09-01 04:45 UTC", -957294900, 54.41, 18.66, 84.82, 7.04},
    {"Bialystok 1939-09-17 16:30 UTC", -955870200, 53.13, 23.16, 273.05, 1.14},
    {"Warsaw 2000-06-21 10:00 UTC", 961581600, 52.2297, 21.0122, 162.31, 60.33},
    {"Sydney 2024-12-21 02:00 UTC", 1734746400, -33.87, 151.21, 351.52, 79.46},
    {"Sydney 2024-12-21 12:00 UTC (night)", 1734782400, -33.87, 151.21, 209.19, -26.66},
    {"Kock 1939-10-06 13:00 UTC", -954241200, 51.5, 22.0, 224.47, 24.18},
};

TEST(Sun, MatchesAnIndependentAlmanacComputation) {
    for (const Reference& r : kReferences) {
        const SunPosition s = sunPosition(r.t, r.lat, r.lon);
        EXPECT_NEAR(s.elevationDeg, r.elevation, 0.1) << r.what;
        EXPECT_LT(angleDiff(s.azimuthDeg, r.azimuth), 0.1) << r.what << ": " << s.azimuthDeg;
    }
}

// Scans one day in 10 s steps and returns the time of the highest sun.
Time solarNoon(Time dayStart, double lat, double lon) {
    Time best = dayStart;
    double bestElevation = -90;
    for (Time t = dayStart; t < dayStart + 86400; t += 10) {
        const double e = sunPosition(t, lat, lon).elevationDeg;
        if (e > bestElevation) {
            bestElevation = e;
            best = t;
        }
    }
    return best;
}

TEST(Sun, SolsticeNoonInWarsaw) {
    // On 2000-06-21 the declination is 23.44°; at noon the sun stands due south at
    // 90 - (52.2297 - 23.44) = 61.21° (+0.01° refraction), around 10:37:47 UTC
    // (the independent computation's noon).
    const Time noon = solarNoon(961545600 - 21.0122 / 15 * 3600, 52.2297, 21.0122);
    EXPECT_NEAR(noon, 961583867, 60);
    const SunPosition s = sunPosition(noon, 52.2297, 21.0122);
    EXPECT_NEAR(s.elevationDeg, 90 - (52.2297 - 23.44) + 0.01, 0.1);
    EXPECT_NEAR(s.azimuthDeg, 180, 0.5);
}

TEST(Sun, EquinoxNoonOnTheGreenwichMeridian) {
    // 2000-03-20, declination ~0.08° at noon: elevation ~ 90 - 40 + 0.08 at latitude 40 N,
    // noon ~12:07:40 UTC because the equation of time is about -7.7 minutes.
    const Time noon = solarNoon(953510400, 40.0, 0.0);
    EXPECT_NEAR(noon, 953554060, 60);
    const SunPosition s = sunPosition(noon, 40.0, 0.0);
    EXPECT_NEAR(s.elevationDeg, 50.09, 0.1);
    EXPECT_NEAR(s.azimuthDeg, 180, 0.5);
}

TEST(Sun, SouthernHemisphereNoonIsDueNorth) {
    const Time noon = solarNoon(1734739200 - 151.21 / 15 * 3600, -33.87, 151.21);
    const SunPosition s = sunPosition(noon, -33.87, 151.21);
    EXPECT_LT(angleDiff(s.azimuthDeg, 0), 0.5) << s.azimuthDeg;
    EXPECT_NEAR(s.elevationDeg, 90 - (-23.435 - -33.87), 0.1);
}

TEST(Sun, MorningEastEveningWestNightBelow) {
    const Time day = -955929600; // 1939-09-17
    EXPECT_LT(sunPosition(day + 5 * 3600, 52.23, 21.01).azimuthDeg, 180);  // morning
    EXPECT_GT(sunPosition(day + 15 * 3600, 52.23, 21.01).azimuthDeg, 180); // afternoon
    EXPECT_LT(sunPosition(day + 22 * 3600, 52.23, 21.01).elevationDeg, -10);
}

TEST(Sun, AzimuthStaysInRangeEverywhere) {
    for (double lat : {-90.0, -60.0, 0.0, 52.0, 90.0})
        for (Time t = -955929600; t < -955929600 + 86400 * 3; t += 1800) {
            const SunPosition s = sunPosition(t, lat, 21.0);
            EXPECT_GE(s.azimuthDeg, 0.0);
            EXPECT_LT(s.azimuthDeg, 360.0);
            EXPECT_TRUE(std::isfinite(s.elevationDeg));
            EXPECT_LE(s.elevationDeg, 90.0);
        }
}

} // namespace
} // namespace kresy
