#include "surface.h"

#include <glm/gtc/packing.hpp>

#include <algorithm>
#include <cmath>

namespace kresy {

void buildSurfaceTexels(const float* heights, int width, int height, const double* rowLatDeg, const double* colLonDeg,
                        const EnuFrame& scene, float exaggeration, float shadingRelief, int rowBegin, int rowEnd,
                        uint16_t* out) {
    glm::dmat3 ecefToScene = glm::transpose(scene.enuToEcef);
    auto h = [&](int x, int y) { return double(heights[size_t(y) * width + x]) * exaggeration; };
    for (int y = rowBegin; y < rowEnd; ++y) {
        int y0 = std::max(y - 1, 0), y1 = std::min(y + 1, height - 1); // north, south neighbours
        double lat = glm::radians(rowLatDeg[y]);
        double sinLat = std::sin(lat), cosLat = std::cos(lat);
        double metresY = glm::radians(rowLatDeg[y0] - rowLatDeg[y1]) * kEarthMeanRadius;
        for (int x = 0; x < width; ++x) {
            int x0 = std::max(x - 1, 0), x1 = std::min(x + 1, width - 1);
            double metresX = glm::radians(colLonDeg[x1] - colLonDeg[x0]) * kEarthMeanRadius * cosLat;
            double dhdx = metresX > 0 ? shadingRelief * (h(x1, y) - h(x0, y)) / metresX : 0;
            double dhdy = metresY > 0 ? shadingRelief * (h(x, y0) - h(x, y1)) / metresY : 0;
            double lon = glm::radians(colLonDeg[x]);
            double sinLon = std::sin(lon), cosLon = std::cos(lon);
            glm::dvec3 east{-sinLon, cosLon, 0};
            glm::dvec3 north{-sinLat * cosLon, -sinLat * sinLon, cosLat};
            glm::dvec3 up{cosLat * cosLon, cosLat * sinLon, sinLat};
            glm::dvec3 n = glm::normalize(ecefToScene * (-dhdx * east - dhdy * north + up));
            uint16_t* t = out + (size_t(y) * width + x) * 4;
            t[0] = glm::packHalf1x16(float(n.x));
            t[1] = glm::packHalf1x16(float(n.y));
            t[2] = glm::packHalf1x16(float(n.z));
            t[3] = glm::packHalf1x16(float(h(x, y)));
        }
    }
}

std::vector<uint16_t> buildTileSurface(const HeightTile& tile, const TileId& id, const EnuFrame& scene,
                                       float exaggeration, float shadingRelief) {
    int n = tile.size;
    std::vector<double> lats(static_cast<size_t>(n)), lons(static_cast<size_t>(n));
    double lat, lon;
    for (int k = 0; k < n; ++k) {
        tileToLonLat({id.x + (k + 0.5) / n, id.y + (k + 0.5) / n}, id.z, &lon, &lat);
        lats[size_t(k)] = lat;
        lons[size_t(k)] = lon;
    }
    std::vector<uint16_t> texels(size_t(n) * n * 4);
    buildSurfaceTexels(tile.heights.data(), n, n, lats.data(), lons.data(), scene, exaggeration, shadingRelief, 0, n,
                       texels.data());
    return texels;
}

} // namespace kresy
