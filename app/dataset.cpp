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

} // namespace kresy
