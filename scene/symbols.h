#pragma once
// Military map symbols in the APP-6 / MIL-STD-2525 style, rasterised on the CPU into an RGBA8
// atlas that the renderer draws as screen-facing billboards of constant pixel size.
//
// Each cell stores three coverage channels so one texture serves every side colour:
//   R  fill: the frame's interior, to be tinted with the side's colour;
//   G  line: frame outline, icon, echelon and status marks, drawn dark;
//   B  halo: the union of everything grown by ~1.5 px, drawn light, so symbols read on any
//      terrain. B covers R and G, so it doubles as the symbol's alpha.
//   A  255 (unused).
// A shader composites:  c = halo; c = mix(c, tint, R); c = mix(c, line, G); alpha = B.
// Conventions (frames, icons, echelons, statuses) are described in docs/symbols.md.

#include "core/image.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kresy {

enum class SymbolAffiliation : uint8_t { Friend, Hostile, Neutral, Unknown };
enum class SymbolType : uint8_t {
    Infantry, Cavalry, Armour, Motorised, Mechanised, Artillery, AntiTank, Engineer,
    BorderGuard, Militia, Air, Navy, Hq, Supply, Other
};
enum class SymbolEchelon : uint8_t { None, Battalion, Regiment, Brigade, Division, Corps, Army, Front };
enum class SymbolStatus : uint8_t { Active, Engaged, Surrendered, Destroyed, Disbanded };

constexpr int kSymbolAffiliationCount = 4;
constexpr int kSymbolTypeCount = 15;
constexpr int kSymbolEchelonCount = 8;
constexpr int kSymbolStatusCount = 5;

struct SymbolKey {
    SymbolAffiliation affiliation = SymbolAffiliation::Friend;
    SymbolType type = SymbolType::Infantry;
    SymbolEchelon echelon = SymbolEchelon::None;
    SymbolStatus status = SymbolStatus::Active;
    friend bool operator==(const SymbolKey&, const SymbolKey&) = default;
};

// A dense, stable number for a key (affiliation-major, then type, echelon, status), below
// kSymbolKeyCount. Atlases order their cells by it.
uint32_t symbolKeyIndex(const SymbolKey& key);
constexpr uint32_t kSymbolKeyCount =
    kSymbolAffiliationCount * kSymbolTypeCount * kSymbolEchelonCount * kSymbolStatusCount;

// Where the unit's position goes, as a fraction of the cell from its top-left corner: the
// centre of the frame. It sits below and left of the cell's centre, leaving room for echelon
// marks above and status marks at the top right. The same for every key and cell size.
constexpr float kSymbolAnchorX = 0.45f;
constexpr float kSymbolAnchorY = 0.56f;

// Rasterises one symbol into a cellPixels x cellPixels RGBA8 block at `rgba`, rows
// `rowStrideBytes` apart (>= cellPixels * 4); it writes every pixel of the block. Drawn for
// 48-64 px; from 48 px on nothing touches the cell's border (smaller cells may clip the halo).
// cellPixels >= 16.
void rasteriseSymbol(const SymbolKey& key, int cellPixels, uint8_t* rgba, size_t rowStrideBytes);

struct SymbolCell {
    SymbolKey key;
    int x = 0, y = 0;                 // top-left pixel in the atlas
    float u0 = 0, v0 = 0, u1 = 0, v1 = 0; // texture coordinates of the cell's edges
};

struct SymbolAtlas {
    int cellPixels = 0;
    int columns = 0, rows = 0;
    int width = 0, height = 0;        // columns * cellPixels, rows * cellPixels
    std::vector<uint8_t> pixels;      // width*height*4, row 0 at the top, channels as above
    std::vector<SymbolCell> cells;    // sorted by symbolKeyIndex, no duplicates
};

// Builds an atlas of the distinct keys among keys[0..count), laid out row by row in
// symbolKeyIndex order, so the same set of keys gives the same atlas whatever their order
// or repetitions. columns == 0 picks a near-square grid; no keys give no rows (height 0).
// cellPixels >= 16.
SymbolAtlas buildSymbolAtlas(const SymbolKey* keys, size_t count, int cellPixels, int columns = 0);

// The key's cell, or null when the atlas was built without it. O(log cells).
const SymbolCell* findSymbolCell(const SymbolAtlas& atlas, const SymbolKey& key);

struct SymbolColour {
    uint8_t r = 0, g = 0, b = 0;
};

// APP-6's light fill colours (friend blue, hostile red, neutral green, unknown yellow), for
// previews; the renderer tints per side instead.
SymbolColour defaultSymbolTint(SymbolAffiliation affiliation);

// A sheet for people to look at: keys[0..count) in reading order, `columns` per row, each
// composited as the shader would (fill tinted with defaultSymbolTint, line near-black, halo
// white) over a flat grey background.
ImageRGBA8 renderSymbolSheet(const SymbolKey* keys, size_t count, int columns, int cellPixels,
                             uint8_t backgroundGrey = 128);

} // namespace kresy
