#include "dataset.h"

#include "core/log.h"

#include <algorithm>
#include <chrono>
#include <cmath>
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

static std::string cacheRoot() {
    if (const char* dir = std::getenv("XDG_CACHE_HOME"); dir && *dir)
        return std::string(dir) + "/kresy";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.cache/kresy";
    return executableDirectory() + "/cache";
}

std::string defaultTileDirectory() {
    if (const char* dir = std::getenv("KRESY_TILES"); dir && *dir)
        return dir;
    return cacheRoot() + "/tiles/eastern-poland-1";
}

std::string httpCacheDirectory() { return cacheRoot() + "/http"; }

std::string shaderDirectory() { return executableDirectory() + "/shaders"; }

bool checkOutputPath(const std::string& path, std::string* error) {
    namespace fs = std::filesystem;
    fs::path p(path);
    fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        *error = path + ": the directory " + dir.string() + " does not exist";
        return false;
    }
    if (fs::is_directory(p, ec)) {
        *error = path + ": is a directory";
        return false;
    }
    return true;
}

// The surface texture resolves ~700 m per texel over the region; the mesh carries the shape.
constexpr int kSurfaceSize = 2048;
constexpr int kMeshGrid = 256;
// Shaded-relief maps exaggerate slopes for the light only (a hillshade "z-factor"), or the
// plains of eastern Poland, where a valley is 30 m deep and 2 km wide, look flat from above.
// The geometry stays true.
constexpr float kReliefShading = 4.0f;

// ETOPO5 carries a strip of six 10 m values at 50.92N, 26.92-27.33E (noted in its sidecar as a
// known defect) where the land around is 180-210 m: a sunken box east of Równe. Each is replaced
// by the mean of its north and south neighbours, and only while the cells hold the defect.
void repairKnownGridDefects(GeoGrid& g) {
    int row = int(std::lround((50.9167 - g.row0Lat) / g.latStep));
    int first = int(std::lround((26.9167 - g.col0Lon) / g.lonStep));
    const int count = 6;
    if (row < 1 || row + 1 >= g.rows || first < 0 || first + count > g.cols)
        return;
    float* cells = &g.heights[size_t(row) * g.cols + first];
    if (!std::all_of(cells, cells + count, [](float h) { return h == 10.0f; }))
        return;
    for (int i = 0; i < count; ++i)
        cells[i] = 0.5f * (cells[i - g.cols] + cells[i + g.cols]);
}

// A missing file in a dataset means it was not prepared: say how to prepare it.
static bool withHint(bool ok, std::string* error) {
    if (!ok)
        *error += " (the dataset is incomplete: run ./run.sh, or set KRESY_DATA to a complete one)";
    return ok;
}

bool loadDataset(const std::string& dataDir, Dataset* d, std::string* error) {
    auto start = std::chrono::steady_clock::now();
    if (!std::filesystem::is_directory(dataDir)) {
        *error = "data directory " + dataDir + " does not exist (run ./run.sh, or set KRESY_DATA)";
        return false;
    }
    ElevationModel model;
    GeoGrid etopo;
    if (!withHint(readGeoGrid(dataDir + "/dem/etopo5/etopo5_E12-34_N45-58.json", &etopo, error), error))
        return false;
    repairKnownGridDefects(etopo);
    model.addGrid(std::move(etopo));
    if (!withHint(model.addSrtmDirectory(dataDir + "/dem/srtm3", error), error))
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
