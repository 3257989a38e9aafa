#pragma once
// How far a tile's nodes, drawn as coarse grids, are from the tile's own pixels: the true
// geometric error the LOD selection projects to the screen. Computed once per tile, on the
// streamer's worker threads.

#include "tile.h"

#include <vector>

namespace kresy {

// True geometric errors of the grids a tile's nodes can be drawn with: for a grid vertex
// spacing of s = 2, 4, ..., 128 tile pixels, the largest vertical distance (m) between the
// triangulated grid and the tile's pixels, for every aligned square block of the tile.
struct TileErrors {
    int size = 0; // the tile's pixels per side
    // errors[k][level][row * 2^level + col]: grid spacing 2^(k+1) pixels, blocks of size >> level
    // pixels; a max pyramid down to blocks of one cell. Read it through error().
    std::vector<std::vector<std::vector<float>>> errors;
    // The error of the block of `size >> level` pixels at (row, col) drawn with `cells` cells.
    // 0 where the grid is as fine as the pixels.
    float error(int level, int row, int col, int cells) const;
};
TileErrors computeTileErrors(const HeightTile& tile);

// Height at a continuous pixel coordinate where x = 0 is the centre of column 0 (the tile's west
// edge is x = -0.5). Bilinear inside, extrapolated linearly in the half pixel beyond the
// outermost centres: exact on a slope, and it keeps neighbouring tiles' edges together.
float sampleHeightTile(const HeightTile& tile, double x, double y);

} // namespace kresy
