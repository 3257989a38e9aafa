#pragma once
// Surface texels for shading: per sample, the normal in the scene's ENU frame and the height,
// as RGBA16F. Normals come from central differences in each sample's own tangent frame,
// rotated into the scene frame (the local up turns by up to ~7 degrees across the region).

#include "core/geodesy.h"
#include "tile.h"

#include <cstdint>
#include <vector>

namespace kresy {

// Samples on rows of constant latitude and columns of constant longitude (equirectangular or
// Web Mercator alike). `shadingRelief` scales slopes in the normals only (a hillshade z-factor)
// on top of `exaggeration`, which scales the stored heights too.
void buildSurfaceTexels(const float* heights, int width, int height, const double* rowLatDeg, const double* colLonDeg,
                        const EnuFrame& scene, float exaggeration, float shadingRelief, int rowBegin, int rowEnd,
                        uint16_t* out);

// What the renderer uploads for a tile: made on the streamer's workers, kept with the tile.
struct TileSurfaceTexels {
    int size = 0;
    std::vector<uint16_t> texels; // size x size x RGBA16F
};

// The texels of one Web Mercator elevation tile (size x size x 4 half floats).
std::vector<uint16_t> buildTileSurface(const HeightTile& tile, const TileId& id, const EnuFrame& scene,
                                       float exaggeration, float shadingRelief);

} // namespace kresy
