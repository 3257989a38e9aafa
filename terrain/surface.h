#pragma once
// Surface texels for shading, RGBA8 per sample (the fastest format for a software rasteriser to
// filter, and a quarter of RGBA16F's upload):
//   R, G  the ground's slope towards east and north (dh/dx, dh/dy, times shadingRelief), encoded
//         0.5 + 0.5 sign(s) sqrt(|s| / kSurfaceMaxSlope): fine steps on the plains, where the
//         hillshade needs them, coarse ones on cliffs;
//   B     the height, sqrt(h / kSurfaceMaxHeight) (for the tint; geometry has the true height);
//   A     255 on land, 0 on water (the sea where h <= 0.5 m, and lakes from a water mask), so
//         filtering gives smooth shorelines.
// The shader builds the normal from the slopes and its own local up, so curvature and the
// vertical exaggeration are applied there and can change without rebuilding texels.

#include "tile.h"

#include <cstdint>
#include <vector>

namespace kresy {

struct WaterPolygons;

constexpr double kSurfaceMaxSlope = 8.0;     // steeper slopes (after shadingRelief) saturate
constexpr double kSurfaceMaxHeight = 3000.0; // metres; higher saturates (the region tops out at 2,655 m)

// Samples on rows of constant latitude and columns of constant longitude (equirectangular or
// Web Mercator alike), slopes from central differences. `water` (size width x height, 1 = water)
// may be null. Writes rows [rowBegin, rowEnd) of `out` (width x height x 4 bytes).
void buildSurfaceTexels(const float* heights, int width, int height, const double* rowLatDeg, const double* colLonDeg,
                        const uint8_t* water, float shadingRelief, int rowBegin, int rowEnd, uint8_t* out);

// What the renderer uploads for a tile: made on the streamer's workers, kept with the tile.
struct TileSurfaceTexels {
    int size = 0;
    std::vector<uint8_t> texels; // size x size x RGBA8
};

// The texels of one Web Mercator elevation tile, with lakes from `water` (may be null).
std::vector<uint8_t> buildTileSurface(const HeightTile& tile, const TileId& id, const WaterPolygons* water,
                                      float shadingRelief);

// Decoding, as the shader does it (for tests and tools).
double decodeSurfaceSlope(uint8_t encoded);
double decodeSurfaceHeight(uint8_t encoded);

} // namespace kresy
