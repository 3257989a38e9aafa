#pragma once
// Bakes an elevation model into a Web Mercator tile pyramid ({z}/{x}/{y}.png + tiles.json).
// Each tile is refined only while the data under it is finer than its pixels: ETOPO5 stops
// around zoom 5, SRTM3 goes on to zoom 11. Restartable: tiles already on disk are skipped, and
// every file is written atomically, so an interrupted bake never leaves a broken tile.

#include "elevation.h"
#include "tile.h"

#include <functional>
#include <string>

namespace kresy {

struct BakeOptions {
    std::string outDir;
    GeoBounds bounds{12, 45, 34, 58};
    int minzoom = 0, maxzoom = 11;
    int jobs = 2;
    int tileSize = 256;
    TileEncoding encoding = TileEncoding::Terrarium;
    std::string name = "kresy elevation";
    std::string attribution;
};

struct BakeProgress {
    size_t done = 0;    // written or skipped so far
    size_t skipped = 0; // found already on disk
    size_t total = 0;
    double seconds = 0;
};

struct BakeResult {
    bool ok = false;
    std::string error; // the first problem, one sentence
    size_t written = 0, skipped = 0;
    double seconds = 0;
};

// The zoom at which a tile's pixels match a data spacing (degrees of longitude): deeper
// zooms only interpolate. One level beyond it keeps the data's own detail.
int nativeZoom(double spacingDegrees, int tileSize);

// The tiles to bake, coarse to fine: every tile of [minzoom, maxzoom] that meets `bounds` and
// whose finest data is not already coarser than its parent's pixels.
std::vector<TileId> planBake(const ElevationModel& model, const BakeOptions& options);

// Renders one tile: each pixel's centre sampled bicubically; points outside the model take
// the height at the nearest point inside it (no fake sea at the data's edge).
HeightTile bakeTile(const ElevationModel& model, const TileId& tile, int tileSize);

// `progress` is called on the calling thread about ten times a second and once at the end.
BakeResult bakePyramid(const ElevationModel& model, const BakeOptions& options,
                       const std::function<void(const BakeProgress&)>& progress);

} // namespace kresy
