#include "region.h"

#include "surface.h"


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

TerrainSurface buildRegionSurface(const Heightmap& hm, const EnuFrame& scene, float exaggeration, float shadingRelief,
                                  int threads) {
    TerrainSurface s;
    s.width = hm.width;
    s.height = hm.height;
    s.texels.resize(size_t(hm.width) * hm.height * 4);
    const GeoBounds& b = hm.bounds;
    std::vector<double> lats(size_t(hm.height)), lons(size_t(hm.width));
    for (int y = 0; y < hm.height; ++y)
        lats[size_t(y)] = b.north - (b.north - b.south) * y / (hm.height - 1);
    for (int x = 0; x < hm.width; ++x)
        lons[size_t(x)] = b.west + (b.east - b.west) * x / (hm.width - 1);
    threads = std::max(1, threads);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        int begin = hm.height * t / threads, end = hm.height * (t + 1) / threads;
        workers.emplace_back([&, begin, end] {
            buildSurfaceTexels(hm.heights.data(), hm.width, hm.height, lats.data(), lons.data(), scene, exaggeration,
                               shadingRelief, begin, end, s.texels.data());
        });
    }
    for (auto& w : workers)
        w.join();
    return s;
}

} // namespace kresy
