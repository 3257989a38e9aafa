#include "region.h"

#include <glm/gtc/packing.hpp>

#include <algorithm>
#include <cmath>
#include <thread>

namespace kresy {

float sampleHeightmap(const Heightmap& hm, double lat, double lon) {
    const GeoBounds& b = hm.bounds;
    double x = (lon - b.west) / (b.east - b.west) * (hm.width - 1);
    double y = (b.north - lat) / (b.north - b.south) * (hm.height - 1);
    x = std::clamp(x, 0.0, double(hm.width - 1));
    y = std::clamp(y, 0.0, double(hm.height - 1));
    int x0 = std::min(int(x), hm.width - 2), y0 = std::min(int(y), hm.height - 2);
    double fx = x - x0, fy = y - y0;
    const float* row0 = &hm.heights[size_t(y0) * hm.width + x0];
    const float* row1 = row0 + hm.width;
    double top = row0[0] + (row0[1] - row0[0]) * fx;
    double bottom = row1[0] + (row1[1] - row1[0]) * fx;
    return float(top + (bottom - top) * fy);
}

TerrainMesh buildRegionMesh(const Heightmap& hm, const EnuFrame& scene, int gridSize, float exaggeration) {
    const GeoBounds& b = hm.bounds;
    TerrainMesh mesh;
    GeoPoint centre{(b.south + b.north) / 2, (b.west + b.east) / 2, 0};
    mesh.origin = geodeticToEnu(scene, centre);

    int n = gridSize + 1;
    mesh.vertices.reserve(size_t(n) * n);
    for (int j = 0; j < n; ++j) {
        double v = double(j) / gridSize;
        double lat = b.north - v * (b.north - b.south);
        for (int i = 0; i < n; ++i) {
            double u = double(i) / gridSize;
            double lon = b.west + u * (b.east - b.west);
            double h = sampleHeightmap(hm, lat, lon) * exaggeration;
            glm::dvec3 p = geodeticToEnu(scene, {lat, lon, h}) - mesh.origin;
            mesh.vertices.push_back({{float(p.x), float(p.y), float(p.z)}, {float(u), float(v)}});
        }
    }
    mesh.indices.reserve(size_t(gridSize) * gridSize * 6);
    for (int j = 0; j < gridSize; ++j)
        for (int i = 0; i < gridSize; ++i) {
            uint32_t a = j * n + i, c = a + n;
            // Counter-clockwise seen from above (x east, y north, v grows south).
            mesh.indices.insert(mesh.indices.end(), {a, c, a + 1, a + 1, c, c + 1});
        }
    return mesh;
}

// Normals from central differences of the heightmap in each texel's own tangent frame,
// then rotated into the scene frame (up differs by up to ~7 degrees across the region).
static void buildSurfaceRows(const Heightmap& hm, const EnuFrame& scene, float exaggeration, float shadingRelief,
                             int rowBegin, int rowEnd, uint16_t* out) {
    const GeoBounds& b = hm.bounds;
    double dLon = glm::radians(b.east - b.west) / (hm.width - 1);
    double dLat = glm::radians(b.north - b.south) / (hm.height - 1);
    glm::dmat3 ecefToScene = glm::transpose(scene.enuToEcef);
    auto height = [&](int x, int y) {
        x = std::clamp(x, 0, hm.width - 1);
        y = std::clamp(y, 0, hm.height - 1);
        return double(hm.heights[size_t(y) * hm.width + x]) * exaggeration;
    };
    for (int y = rowBegin; y < rowEnd; ++y) {
        double lat = glm::radians(b.north - (b.north - b.south) * y / (hm.height - 1));
        double sinLat = std::sin(lat), cosLat = std::cos(lat);
        double metresX = 2 * dLon * kEarthMeanRadius * cosLat;
        double metresY = 2 * dLat * kEarthMeanRadius;
        for (int x = 0; x < hm.width; ++x) {
            double lon = glm::radians(b.west + (b.east - b.west) * x / (hm.width - 1));
            double sinLon = std::sin(lon), cosLon = std::cos(lon);
            double dhdx = shadingRelief * (height(x + 1, y) - height(x - 1, y)) / metresX;
            double dhdy = shadingRelief * (height(x, y - 1) - height(x, y + 1)) / metresY; // rows grow south
            glm::dvec3 east{-sinLon, cosLon, 0};
            glm::dvec3 north{-sinLat * cosLon, -sinLat * sinLon, cosLat};
            glm::dvec3 up{cosLat * cosLon, cosLat * sinLon, sinLat};
            glm::dvec3 n = glm::normalize(ecefToScene * (-dhdx * east - dhdy * north + up));
            uint16_t* t = out + (size_t(y) * hm.width + x) * 4;
            t[0] = glm::packHalf1x16(float(n.x));
            t[1] = glm::packHalf1x16(float(n.y));
            t[2] = glm::packHalf1x16(float(n.z));
            t[3] = glm::packHalf1x16(float(height(x, y)));
        }
    }
}

TerrainSurface buildRegionSurface(const Heightmap& hm, const EnuFrame& scene, float exaggeration, float shadingRelief,
                                  int threads) {
    TerrainSurface s;
    s.width = hm.width;
    s.height = hm.height;
    s.texels.resize(size_t(hm.width) * hm.height * 4);
    threads = std::max(1, threads);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        int begin = hm.height * t / threads, end = hm.height * (t + 1) / threads;
        workers.emplace_back(buildSurfaceRows, std::cref(hm), std::cref(scene), exaggeration, shadingRelief, begin, end,
                             s.texels.data());
    }
    for (auto& w : workers)
        w.join();
    return s;
}

} // namespace kresy
