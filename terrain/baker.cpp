#include "baker.h"

#include "core/files.h"
#include "core/geodesy.h"
#include "tilejson.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <thread>

namespace kresy {

int nativeZoom(double spacingDegrees, int tileSize) {
    if (!(spacingDegrees > 0) || !std::isfinite(spacingDegrees))
        return -1;
    return int(std::ceil(std::log2(360.0 / (spacingDegrees * tileSize)) - 1e-9));
}

std::vector<TileId> planBake(const ElevationModel& model, const BakeOptions& o) {
    std::vector<TileId> plan;
    for (int z = o.minzoom; z <= o.maxzoom; ++z) {
        TileRange range = tilesCovering(o.bounds, z);
        for (int y = range.y0; y <= range.y1; ++y)
            for (int x = range.x0; x <= range.x1; ++x) {
                TileId t{z, x, y};
                // Zooms up to minzoom are always baked, so the pyramid has a root everywhere.
                if (z > o.minzoom && z > nativeZoom(model.finestSpacingDegrees(tileBounds(t)), o.tileSize))
                    continue;
                plan.push_back(t);
            }
    }
    return plan;
}

HeightTile bakeTile(const ElevationModel& model, const TileId& tile, int tileSize) {
    HeightTile out;
    out.size = tileSize;
    out.heights.resize(size_t(tileSize) * tileSize);
    GeoBounds data = model.bounds();
    std::vector<double> lons(tileSize);
    double lat, lon;
    for (int i = 0; i < tileSize; ++i) {
        tileToLonLat({tile.x + (i + 0.5) / tileSize, tile.y}, tile.z, &lon, &lat);
        lons[i] = std::clamp(lon, data.west, data.east);
    }
    for (int j = 0; j < tileSize; ++j) {
        tileToLonLat({tile.x, tile.y + (j + 0.5) / tileSize}, tile.z, &lon, &lat);
        lat = std::clamp(lat, data.south, data.north);
        for (int i = 0; i < tileSize; ++i) {
            float h = model.sample(lat, lons[i], Interpolation::Bicubic);
            // Eighths of a metre: far below the data's own precision (whole metres), and PNGs a
            // third smaller than with Terrarium's full 1/256 m, whose low bits are noise.
            out.heights[size_t(j) * tileSize + i] = std::isnan(h) ? 0.0f : std::round(h * 8) / 8;
        }
    }
    return out;
}

// A tile file that ends with PNG's IEND chunk was written whole. Tiles are not flushed one by one
// (see bakePyramid), so after a power loss during a bake one may be empty: bake it again.
static bool isCompletePng(const std::string& path) {
    static const uint8_t iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        return false;
    uint8_t tail[12] = {};
    bool complete = std::fseek(f, -12, SEEK_END) == 0 && std::fread(tail, 1, 12, f) == 12 && !std::memcmp(tail, iend, 12);
    std::fclose(f);
    return complete;
}

static std::string tilePath(const std::string& dir, const TileId& t) { return expandTileUrl(dir + "/{z}/{x}/{y}.png", t); }

BakeResult bakePyramid(const ElevationModel& model, const BakeOptions& o,
                       const std::function<void(const BakeProgress&)>& progress) {
    auto start = std::chrono::steady_clock::now();
    BakeResult result;
    std::error_code ec;
    std::filesystem::create_directories(o.outDir, ec);
    if (ec) {
        result.error = o.outDir + ": " + ec.message();
        return result;
    }
    std::vector<TileId> plan = planBake(model, o);

    std::atomic<size_t> next{0}, done{0}, skipped{0};
    std::atomic<bool> failed{false};
    std::mutex errorMutex;
    auto work = [&] {
        std::string error;
        for (size_t i = next++; i < plan.size() && !failed; i = next++) {
            std::string path = tilePath(o.outDir, plan[i]);
            if (isCompletePng(path)) {
                ++skipped;
                ++done;
                continue;
            }
            HeightTile tile = bakeTile(model, plan[i], o.tileSize);
            std::vector<uint8_t> png = encodeHeightTile(tile, o.encoding);
            std::error_code dirError;
            std::filesystem::create_directories(std::filesystem::path(path).parent_path(), dirError);
            if (dirError || !writeFileAtomic(path, png, &error, Durability::Unflushed)) {
                std::lock_guard lock(errorMutex);
                if (!failed.exchange(true))
                    result.error = dirError ? path + ": " + dirError.message() : error;
                return;
            }
            ++done;
        }
    };

    std::vector<std::thread> workers;
    for (int j = 0; j < std::max(1, o.jobs); ++j)
        workers.emplace_back(work);
    auto report = [&] {
        progress({done.load(), skipped.load(), plan.size(),
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()});
    };
    while (done < plan.size() && !failed) {
        report();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (auto& w : workers)
        w.join();
    report();

    result.skipped = skipped;
    result.written = done - skipped;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (failed)
        return result;

    // One flush for all tiles, then tiles.json: its presence says the pyramid is complete and on disk.
    std::string error;
    if (!syncFilesystem(o.outDir, &error)) {
        result.error = error;
        return result;
    }
    TileJson tj;
    tj.tiles = {"{z}/{x}/{y}.png"};
    tj.minzoom = o.minzoom;
    int deepest = o.minzoom;
    for (const TileId& t : plan)
        deepest = std::max(deepest, t.z);
    tj.maxzoom = deepest;
    tj.bounds = o.bounds;
    tj.encoding = o.encoding;
    tj.tileSize = o.tileSize;
    tj.name = o.name;
    tj.attribution = o.attribution;
    tj.description = "Elevation baked by kresy bake; deeper zooms exist only where finer data does.";
    if (!writeFileAtomic(o.outDir + "/tiles.json", writeTileJson(tj), &error)) {
        result.error = error;
        return result;
    }
    result.ok = true;
    return result;
}

} // namespace kresy
