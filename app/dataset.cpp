#include "dataset.h"

#include "core/log.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace kresy {

static std::string executableDirectory() {
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string(".") : exe.parent_path().string();
}

std::string dataDirectory() {
    if (const char* dir = std::getenv("KRESY_DATA"); dir && *dir)
        return dir;
    return executableDirectory() + "/data";
}

std::string shaderDirectory() { return executableDirectory() + "/shaders"; }

// The surface texture resolves ~700 m per texel over the region; the mesh carries the shape.
constexpr int kSurfaceSize = 2048;
constexpr int kMeshGrid = 256;
// Shaded-relief maps exaggerate slopes for the light only (a hillshade "z-factor"), or the
// plains of eastern Poland, where a valley is 30 m deep and 2 km wide, look flat from above.
// The geometry stays true.
constexpr float kReliefShading = 4.0f;

bool loadDataset(const std::string& dataDir, Dataset* d, std::string* error) {
    auto start = std::chrono::steady_clock::now();
    if (!std::filesystem::is_directory(dataDir)) {
        *error = "data directory " + dataDir + " does not exist (run ./run.sh, or set KRESY_DATA)";
        return false;
    }
    ElevationModel model;
    GeoGrid etopo;
    if (!readGeoGrid(dataDir + "/dem/etopo5/etopo5_E12-34_N45-58.json", &etopo, error))
        return false;
    model.addGrid(std::move(etopo));
    if (!model.addSrtmDirectory(dataDir + "/dem/srtm3", error))
        return false;

    int threads = int(std::max(1u, std::thread::hardware_concurrency()));
    d->scene = makeEnuFrame({(kRegionBounds.south + kRegionBounds.north) / 2, (kRegionBounds.west + kRegionBounds.east) / 2, 0});
    d->heightmap = resampleHeightmap(model, kRegionBounds, kSurfaceSize, kSurfaceSize, threads);
    d->mesh = buildRegionMesh(d->heightmap, d->scene, kMeshGrid, 1.0f);
    d->surface = buildRegionSurface(d->heightmap, d->scene, 1.0f, kReliefShading, threads);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    logInfo("terrain of eastern Poland ready in %.2f s (%dx%d samples, %zu triangles)", seconds, kSurfaceSize,
            kSurfaceSize, d->mesh.indices.size() / 3);
    return true;
}

} // namespace kresy
