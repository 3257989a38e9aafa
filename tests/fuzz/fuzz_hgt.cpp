// SRTM .hgt tiles (terrain/dem.h). The input, of any size, is given to parseHgt as a file's
// bytes: refused with a reason unless it is a tile's size. A real tile is 2.9 MB and takes a
// second a run under the sanitizers, too slow to search, so what the reader does with one beyond
// decoding big-endian pairs (the unit tests read whole tiles) is searched on small grids: the
// input is also read as a square grid of big-endian heights whose voids are filled as a tile's
// are. The filler must fill every void when any sample is valid and change
// nothing else; on grids up to 48x48 it must agree with the reference, the straightforward
// filler that walks every line from every void (cubic in the size, so not the reader's).

#include "fuzz_check.h"
#include "terrain/dem.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>

using namespace kresy;

namespace {

constexpr int16_t kVoid = -32768;

// The nearest valid sample from (r, c) along (dr, dc): found, steps, height.
struct Neighbour {
    bool found = false;
    int steps = 0;
    int16_t height = 0;
};

Neighbour nearestValid(const std::vector<int16_t>& h, int size, int r, int c, int dr, int dc) {
    for (int rr = r + dr, cc = c + dc, steps = 1; rr >= 0 && rr < size && cc >= 0 && cc < size;
         rr += dr, cc += dc, ++steps) {
        const int16_t v = h[size_t(rr) * size + cc];
        if (v != kVoid) return {true, steps, v};
    }
    return {};
}

// The reference filler, as terrain/dem.cpp had it before its sweep.
std::vector<int16_t> referenceFill(std::vector<int16_t> h, int size) {
    static constexpr int kDirs[8][2] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}, {-1, -1}, {-1, 1}, {1, -1}, {1, 1}};
    for (;;) {
        std::vector<std::pair<size_t, int16_t>> fills;
        bool left = false;
        for (size_t i = 0; i < h.size(); ++i) {
            if (h[i] != kVoid) continue;
            double weighted = 0, weights = 0;
            for (const auto& d : kDirs) {
                const Neighbour n = nearestValid(h, size, int(i / size), int(i % size), d[0], d[1]);
                if (!n.found) continue;
                const double w = 1.0 / (n.steps * ((d[0] != 0 && d[1] != 0) ? std::sqrt(2.0) : 1.0));
                weighted += w * n.height;
                weights += w;
            }
            if (weights == 0) left = true;
            else fills.emplace_back(i, int16_t(std::clamp(std::round(weighted / weights), -32767.0, 32767.0)));
        }
        if (fills.empty()) return h;
        for (auto [i, v] : fills) h[i] = v;
        if (!left) return h;
    }
}

void checkFilled(const std::vector<int16_t>& before, const std::vector<int16_t>& after, int filled) {
    const auto voids = std::count(before.begin(), before.end(), kVoid);
    fuzz::check(filled == voids, "the filler counted the voids wrong");
    if (voids == static_cast<long>(before.size())) {
        fuzz::check(after == before, "a grid of voids changed");
        return;
    }
    for (size_t i = 0; i < before.size(); ++i) {
        fuzz::check(after[i] != kVoid, "a void left unfilled");
        fuzz::check(before[i] == kVoid || after[i] == before[i], "a valid sample changed");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    HgtTile tile;
    std::string error;
    const bool ok = parseHgt(std::span<const uint8_t>(data, size), 52, 23, &tile, &error);
    fuzz::check(ok || !error.empty(), "refused without a reason");
    if (size < 2 || ok) return 0;

    const int side = static_cast<int>(std::sqrt(double(size / 2)));
    std::vector<int16_t> grid(size_t(side) * side);
    for (size_t i = 0; i < grid.size(); ++i) grid[i] = static_cast<int16_t>(data[2 * i] << 8 | data[2 * i + 1]);
    std::vector<int16_t> filled = grid;
    checkFilled(grid, filled, fillHgtVoids(&filled, side));
    if (side <= 48) fuzz::check(filled == referenceFill(grid, side), "the filler differs from the reference");
    return 0;
}
