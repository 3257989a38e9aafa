#include "surface.h"

#include "core/geodesy.h"
#include "water.h"

#include <glm/glm.hpp>

#include <algorithm>
#include <cmath>

namespace kresy {
namespace {

uint8_t toByte(double unit) { return uint8_t(std::lround(std::clamp(unit, 0.0, 1.0) * 255.0)); }

uint8_t encodeSlope(double s) {
    double magnitude = std::sqrt(std::min(std::fabs(s) / kSurfaceMaxSlope, 1.0));
    return toByte(0.5 + 0.5 * std::copysign(magnitude, s));
}

} // namespace

void buildSurfaceTexels(const float* heights, int width, int height, const double* rowLatDeg, const double* colLonDeg,
                        const uint8_t* water, float shadingRelief, int rowBegin, int rowEnd, uint8_t* out) {
    auto h = [&](int x, int y) { return double(heights[size_t(y) * width + x]); };
    for (int y = rowBegin; y < rowEnd; ++y) {
        int y0 = std::max(y - 1, 0), y1 = std::min(y + 1, height - 1); // north, south neighbours
        double cosLat = std::cos(glm::radians(rowLatDeg[y]));
        double metresY = glm::radians(rowLatDeg[y0] - rowLatDeg[y1]) * kEarthMeanRadius;
        for (int x = 0; x < width; ++x) {
            int x0 = std::max(x - 1, 0), x1 = std::min(x + 1, width - 1);
            double metresX = glm::radians(colLonDeg[x1] - colLonDeg[x0]) * kEarthMeanRadius * cosLat;
            double dhdx = metresX > 0 ? shadingRelief * (h(x1, y) - h(x0, y)) / metresX : 0;
            double dhdy = metresY > 0 ? shadingRelief * (h(x, y0) - h(x, y1)) / metresY : 0;
            double elevation = h(x, y);
            bool wet = elevation <= 0.5 || (water && water[size_t(y) * width + x]);
            uint8_t* t = out + (size_t(y) * width + x) * 4;
            t[0] = encodeSlope(dhdx);
            t[1] = encodeSlope(dhdy);
            t[2] = toByte(std::sqrt(std::max(elevation, 0.0) / kSurfaceMaxHeight));
            t[3] = wet ? 0 : 255;
        }
    }
}

std::vector<uint8_t> buildTileSurface(const HeightTile& tile, const TileId& id, const WaterPolygons* water,
                                      float shadingRelief) {
    int n = tile.size;
    std::vector<double> lats(static_cast<size_t>(n)), lons(static_cast<size_t>(n));
    double lat, lon;
    for (int k = 0; k < n; ++k) {
        tileToLonLat({id.x + (k + 0.5) / n, id.y + (k + 0.5) / n}, id.z, &lon, &lat);
        lats[size_t(k)] = lat;
        lons[size_t(k)] = lon;
    }
    std::vector<uint8_t> mask;
    if (water && !water->empty()) {
        mask.resize(size_t(n) * n);
        rasterizeWater(*water, lats.data(), n, lons.data(), n, mask.data());
    }
    std::vector<uint8_t> texels(size_t(n) * n * 4);
    buildSurfaceTexels(tile.heights.data(), n, n, lats.data(), lons.data(), mask.empty() ? nullptr : mask.data(),
                       shadingRelief, 0, n, texels.data());
    return texels;
}

double decodeSurfaceSlope(uint8_t encoded) {
    double e = (encoded / 255.0 - 0.5) * 2.0;
    return std::copysign(e * e * kSurfaceMaxSlope, e);
}

double decodeSurfaceHeight(uint8_t encoded) {
    double e = encoded / 255.0;
    return e * e * kSurfaceMaxHeight;
}

} // namespace kresy
