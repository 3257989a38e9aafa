#include "core/sun.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace kresy {
namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kRadToDeg = 180.0 / std::numbers::pi;

double sinDeg(double deg) { return std::sin(deg * kDegToRad); }
double cosDeg(double deg) { return std::cos(deg * kDegToRad); }
double tanDeg(double deg) { return std::tan(deg * kDegToRad); }

// [0, 360); fmod keeps the sign of its argument and can round up to exactly 360.
double wrap360(double deg) {
    double r = std::fmod(deg, 360.0);
    if (r < 0) r += 360.0;
    return r >= 360.0 ? 0.0 : r;
}

struct SolarCoordinates {
    double declinationDeg;
    double equationOfTimeMin; // apparent minus mean solar time
};

// The NOAA solar calculator spreadsheet, column by column
// (https://gml.noaa.gov/grad/solcalc/calcdetails.html).
SolarCoordinates solarCoordinates(Time t) {
    const double julianDay = t / 86400.0 + 2440587.5;
    const double jc = (julianDay - 2451545.0) / 36525.0; // Julian centuries since J2000.0

    const double meanLong = wrap360(280.46646 + jc * (36000.76983 + jc * 0.0003032));
    const double meanAnom = 357.52911 + jc * (35999.05029 - 0.0001537 * jc);
    const double eccent = 0.016708634 - jc * (0.000042037 + 0.0000001267 * jc);
    const double eqOfCenter = sinDeg(meanAnom) * (1.914602 - jc * (0.004817 + 0.000014 * jc)) +
                              sinDeg(2 * meanAnom) * (0.019993 - 0.000101 * jc) +
                              sinDeg(3 * meanAnom) * 0.000289;
    const double trueLong = meanLong + eqOfCenter;
    const double omega = 125.04 - 1934.136 * jc; // longitude of the moon's ascending node
    const double apparentLong = trueLong - 0.00569 - 0.00478 * sinDeg(omega);
    const double meanObliq =
        23.0 + (26.0 + (21.448 - jc * (46.815 + jc * (0.00059 - jc * 0.001813))) / 60.0) / 60.0;
    const double obliq = meanObliq + 0.00256 * cosDeg(omega);

    const double declination = std::asin(sinDeg(obliq) * sinDeg(apparentLong)) * kRadToDeg;

    const double y = tanDeg(obliq / 2) * tanDeg(obliq / 2);
    const double eqOfTimeRad = y * sinDeg(2 * meanLong) - 2 * eccent * sinDeg(meanAnom) +
                               4 * eccent * y * sinDeg(meanAnom) * cosDeg(2 * meanLong) -
                               0.5 * y * y * sinDeg(4 * meanLong) -
                               1.25 * eccent * eccent * sinDeg(2 * meanAnom);
    return {declination, 4.0 * eqOfTimeRad * kRadToDeg};
}

// NOAA's piecewise fit of atmospheric refraction, degrees, for a true elevation in degrees.
double refractionDeg(double elevation) {
    double arcsec = 0;
    if (elevation > 85.0) {
        arcsec = 0;
    } else if (elevation > 5.0) {
        const double te = tanDeg(elevation);
        arcsec = 58.1 / te - 0.07 / (te * te * te) + 0.000086 / (te * te * te * te * te);
    } else if (elevation > -0.575) {
        const double e = elevation;
        arcsec = 1735.0 + e * (-518.2 + e * (103.4 + e * (-12.79 + e * 0.711)));
    } else {
        arcsec = -20.772 / tanDeg(elevation);
    }
    return arcsec / 3600.0;
}

} // namespace

SunPosition sunPosition(Time t, double latDeg, double lonDeg) {
    const SolarCoordinates sc = solarCoordinates(t);

    // Time is UTC, so the spreadsheet's time-zone term is zero.
    const double minutesOfDay = (t - 86400.0 * std::floor(t / 86400.0)) / 60.0;
    const double trueSolarMin = std::fmod(minutesOfDay + sc.equationOfTimeMin + 4.0 * lonDeg, 1440.0);
    const double hourAngle = trueSolarMin / 4.0 - 180.0; // same as NOAA's two-branch form mod 360

    const double sLat = sinDeg(latDeg), cLat = cosDeg(latDeg);
    const double sDec = sinDeg(sc.declinationDeg), cDec = cosDeg(sc.declinationDeg);
    const double cosZenith = std::clamp(sLat * sDec + cLat * cDec * cosDeg(hourAngle), -1.0, 1.0);
    const double elevation = 90.0 - std::acos(cosZenith) * kRadToDeg;

    // NOAA takes the azimuth from an acos that divides by cos(lat) * sin(zenith); the
    // atan2 of the east and north components is the same angle without the singularities
    // at the poles and at the zenith.
    const double east = -cDec * sinDeg(hourAngle);
    const double north = sDec * cLat - cDec * sLat * cosDeg(hourAngle);
    const double azimuth = wrap360(std::atan2(east, north) * kRadToDeg);

    return {azimuth, elevation + refractionDeg(elevation)};
}

} // namespace kresy
