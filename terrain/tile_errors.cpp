#include "tile_errors.h"

#include <algorithm>
#include <cmath>

namespace kresy {

namespace {

int log2i(int v) {
    int l = 0;
    while ((1 << (l + 1)) <= v)
        ++l;
    return l;
}

} // namespace

float sampleHeightTile(const HeightTile& t, double x, double y) {
    x = std::clamp(x, -0.5, t.size - 0.5);
    y = std::clamp(y, -0.5, t.size - 0.5);
    int x0 = std::clamp(int(std::floor(x)), 0, t.size - 2), y0 = std::clamp(int(std::floor(y)), 0, t.size - 2);
    double fx = x - x0, fy = y - y0;
    const float* p = &t.heights[size_t(y0) * t.size + x0];
    double top = p[0] + (p[1] - p[0]) * fx, bottom = p[t.size] + (p[t.size + 1] - p[t.size]) * fx;
    return float(top + (bottom - top) * fy);
}

namespace {

// Per-cell errors of the grid with vertices every `s` pixels (at pixel edges), triangulated
// along the same diagonal as the meshes the renderer draws (from a cell's north-west corner to
// its south-east one).
std::vector<float> cellErrors(const HeightTile& t, int s) {
    int cellsPerSide = t.size / s;
    std::vector<float> vertex(size_t(cellsPerSide + 1) * (cellsPerSide + 1));
    for (int j = 0; j <= cellsPerSide; ++j)
        for (int i = 0; i <= cellsPerSide; ++i)
            vertex[size_t(j) * (cellsPerSide + 1) + i] = sampleHeightTile(t, i * s - 0.5, j * s - 0.5);
    std::vector<float> errors(size_t(cellsPerSide) * cellsPerSide, 0.0f);
    for (int py = 0; py < t.size; ++py) {
        double fy = (py + 0.5) / s;
        int j = std::min(int(fy), cellsPerSide - 1);
        double v = fy - j;
        for (int px = 0; px < t.size; ++px) {
            double fx = (px + 0.5) / s;
            int i = std::min(int(fx), cellsPerSide - 1);
            double u = fx - i;
            const float* a = &vertex[size_t(j) * (cellsPerSide + 1) + i];
            double h00 = a[0], h10 = a[1], h01 = a[cellsPerSide + 1], h11 = a[cellsPerSide + 2];
            double h = u >= v ? h00 + u * (h10 - h00) + v * (h11 - h10) : h00 + v * (h01 - h00) + u * (h11 - h01);
            float& e = errors[size_t(j) * cellsPerSide + i];
            e = std::max(e, float(std::abs(t.heights[size_t(py) * t.size + px] - h)));
        }
    }
    return errors;
}

} // namespace

TileErrors computeTileErrors(const HeightTile& tile) {
    TileErrors out;
    out.size = tile.size;
    if (tile.size < 4)
        return out;
    // Spacings 2, 4, ..., size / 2 pixels; for each, a max pyramid from single cells up to the tile.
    for (int s = 2; s <= tile.size / 2; s *= 2) {
        int finest = log2i(tile.size / s); // level whose blocks are one cell
        std::vector<std::vector<float>> levels(size_t(finest) + 1);
        levels[finest] = cellErrors(tile, s);
        for (int level = finest - 1; level >= 0; --level) {
            int side = 1 << level;
            const std::vector<float>& below = levels[level + 1];
            levels[level].resize(size_t(side) * side);
            for (int r = 0; r < side; ++r)
                for (int c = 0; c < side; ++c) {
                    size_t b = size_t(2 * r) * (2 * side) + 2 * c;
                    levels[level][size_t(r) * side + c] =
                        std::max({below[b], below[b + 1], below[b + 2 * side], below[b + 2 * side + 1]});
                }
        }
        out.errors.push_back(std::move(levels));
    }
    return out;
}

float TileErrors::error(int level, int row, int col, int cells) const {
    int block = size >> level;
    if (block <= 0 || cells <= 0)
        return 0;
    int s = block / cells;
    if (s < 2)
        return 0; // vertices at (nearly) every pixel: the grid is the data
    size_t index = size_t(log2i(s) - 1);
    if (index >= errors.size() || size_t(level) >= errors[index].size())
        return 0;
    return errors[index][level][size_t(row) * (size_t(1) << level) + col];
}

} // namespace kresy
