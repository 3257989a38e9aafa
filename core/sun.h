#pragma once
// Apparent position of the sun (NOAA solar calculator equations; ~0.01 deg over 1900-2100).

#include "time.h"

namespace kresy {

struct SunPosition {
    double azimuthDeg;   // clockwise from true north, [0, 360)
    double elevationDeg; // above the horizon, refraction-corrected
};

SunPosition sunPosition(Time t, double latDeg, double lonDeg);

} // namespace kresy
