#include "scene/symbols.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

using namespace kresy;

namespace {

using A = SymbolAffiliation;
using T = SymbolType;
using E = SymbolEchelon;
using S = SymbolStatus;

constexpr int kCell = 64;
enum Channel { Fill = 0, Line = 1, Halo = 2 };

// One rasterised cell, read at positions relative to the anchor in cell units (y down).
struct Cell {
    int size = kCell;
    std::vector<uint8_t> rgba;

    explicit Cell(SymbolKey key, int cellPixels = kCell) : size(cellPixels), rgba(size_t(size) * size * 4) {
        rasteriseSymbol(key, size, rgba.data(), size_t(size) * 4);
    }
    uint8_t pixel(int x, int y, Channel c) const { return rgba[(size_t(y) * size + x) * 4 + c]; }
    uint8_t at(float dx, float dy, Channel c) const {
        int x = int(std::floor((kSymbolAnchorX + dx) * float(size)));
        int y = int(std::floor((kSymbolAnchorY + dy) * float(size)));
        return pixel(std::clamp(x, 0, size - 1), std::clamp(y, 0, size - 1), c);
    }
    int count(Channel c, uint8_t threshold = 128) const {
        int n = 0;
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x)
                n += pixel(x, y, c) >= threshold;
        return n;
    }
    // Runs of line coverage along row y, between x0 and x1 (pixels).
    int lineRuns(int y, int x0, int x1) const {
        int runs = 0;
        bool inside = false;
        for (int x = x0; x < x1; ++x) {
            bool covered = pixel(x, y, Line) >= 128;
            runs += covered && !inside;
            inside = covered;
        }
        return runs;
    }
};

SymbolKey key(A a, T t, E e = E::None, S s = S::Active) { return {a, t, e, s}; }

std::vector<SymbolKey> allKeys() {
    std::vector<SymbolKey> keys;
    for (int a = 0; a < kSymbolAffiliationCount; ++a)
        for (int t = 0; t < kSymbolTypeCount; ++t)
            for (int e = 0; e < kSymbolEchelonCount; ++e)
                for (int s = 0; s < kSymbolStatusCount; ++s)
                    keys.push_back({A(a), T(t), E(e), S(s)});
    return keys;
}

TEST(Symbols, FrameShapesFollowTheAffiliation) {
    Cell friendly(key(A::Friend, T::Other)), hostile(key(A::Hostile, T::Other));
    Cell neutral(key(A::Neutral, T::Other)), unknown(key(A::Unknown, T::Other));
    // The rectangle's corners are the friend's and not inside the diamond.
    EXPECT_GT(friendly.at(-0.25f, -0.15f, Fill), 200);
    EXPECT_GT(friendly.at(0.25f, 0.15f, Fill), 200);
    EXPECT_LT(hostile.at(-0.25f, -0.15f, Fill), 50);
    EXPECT_LT(hostile.at(0.25f, 0.15f, Fill), 50);
    // The diamond's tips stick out of the rectangle.
    EXPECT_GT(hostile.at(0, -0.25f, Fill), 200);
    EXPECT_GT(hostile.at(0, 0.25f, Fill), 200);
    EXPECT_LT(friendly.at(0, -0.25f, Fill), 50);
    EXPECT_LT(friendly.at(0, -0.25f, Line), 50);
    // The square is as tall as it is wide; the quatrefoil has notches between its lobes.
    EXPECT_GT(neutral.at(0.18f, -0.18f, Fill), 200);
    EXPECT_LT(neutral.at(0.27f, 0, Fill), 50);
    EXPECT_GT(unknown.at(0.26f, 0, Fill), 200);
    EXPECT_GT(unknown.at(0, 0.26f, Fill), 200);
    EXPECT_LT(unknown.at(0.18f, 0.18f, Fill), 50);
    // Outlines are dark lines on the frame's edge.
    EXPECT_GT(friendly.at(0, -0.2f, Line), 200);
    EXPECT_GT(friendly.at(0.3f, 0, Line), 200);
    EXPECT_LT(friendly.at(0, 0, Line), 50);
}

TEST(Symbols, InfantryCrossesAndCavalrySlashes) {
    Cell infantry(key(A::Friend, T::Infantry)), cavalry(key(A::Friend, T::Cavalry));
    Cell empty(key(A::Friend, T::Other));
    for (float t : {-0.7f, -0.4f, 0.4f, 0.7f}) {
        EXPECT_GT(infantry.at(0.3f * t, 0.2f * t, Line), 200) << t; // top-left to bottom-right
        EXPECT_GT(infantry.at(0.3f * t, -0.2f * t, Line), 200) << t;
        EXPECT_GT(cavalry.at(0.3f * t, -0.2f * t, Line), 200) << t; // bottom-left to top-right only
        EXPECT_LT(cavalry.at(0.3f * t, 0.2f * t, Line), 50) << t;
        EXPECT_LT(empty.at(0.3f * t, 0.2f * t, Line), 50) << t;
    }
    EXPECT_LT(infantry.at(0.15f, 0, Line), 50);
    EXPECT_LT(infantry.at(0, 0.12f, Line), 50);
    // Lines that span the frame stop at its outline.
    EXPECT_LT(infantry.at(0.36f, 0.24f, Line), 50);
    Cell hostile(key(A::Hostile, T::Infantry));
    EXPECT_LT(hostile.at(0.21f, 0.14f, Line), 50);
}

TEST(Symbols, IconsDifferFromEachOther) {
    // Every pair of types draws a different line channel, in every frame.
    for (int a = 0; a < kSymbolAffiliationCount; ++a)
        for (int t = 0; t < kSymbolTypeCount; ++t)
            for (int u = t + 1; u < kSymbolTypeCount; ++u) {
                Cell one(key(A(a), T(t))), two(key(A(a), T(u)));
                int differing = 0;
                for (size_t i = 1; i < one.rgba.size(); i += 4)
                    differing += std::abs(int(one.rgba[i]) - int(two.rgba[i])) > 128;
                EXPECT_GT(differing, 15) << "affiliation " << a << " types " << t << ", " << u;
            }
}

TEST(Symbols, SpecificIcons) {
    Cell artillery(key(A::Friend, T::Artillery)), armour(key(A::Friend, T::Armour));
    EXPECT_GT(artillery.at(0, 0, Line), 200); // a filled dot
    EXPECT_LT(armour.at(0, 0, Line), 50);      // a hollow oval
    EXPECT_GT(armour.at(-0.19f, 0, Line), 200);
    EXPECT_GT(armour.at(0, -0.084f, Line), 200);
    Cell hq(key(A::Friend, T::Hq)); // the staff below the lower-left corner
    EXPECT_GT(hq.at(-0.3f, 0.3f, Line), 200);
    EXPECT_LT(hq.at(0.3f, 0.3f, Line), 50);
    Cell supply(key(A::Friend, T::Supply));
    EXPECT_GT(supply.at(-0.2f, 0.1f, Line), 200);
    EXPECT_LT(supply.at(-0.2f, -0.1f, Line), 50);
    Cell antiTank(key(A::Friend, T::AntiTank));
    EXPECT_GT(antiTank.at(0, -0.19f, Line), 200); // apex at the top middle
    EXPECT_GT(antiTank.at(-0.225f, 0.1f, Line), 200);
    EXPECT_LT(antiTank.at(0, 0.1f, Line), 50);
}

// The echelon band lies above the frame, with a gap: count line runs across its middle and
// its top row, within the friend frame's width either side of the anchor.
struct EchelonRuns {
    int middle = 0, top = 0;
};

EchelonRuns countEchelonRuns(const Cell& cell, int frameTopRow) {
    int x0 = int((kSymbolAnchorX - 0.31f) * float(cell.size));
    int x1 = int((kSymbolAnchorX + 0.31f) * float(cell.size));
    int first = 0;
    while (first < frameTopRow && cell.lineRuns(first, x0, x1) == 0)
        ++first;
    if (first == frameTopRow)
        return {};
    int last = first;
    while (last + 1 < frameTopRow && cell.lineRuns(last + 1, x0, x1) > 0)
        ++last;
    if (last + 1 >= frameTopRow) // no gap between the marks and the frame
        return {-1, -1};
    return {cell.lineRuns((first + last) / 2, x0, x1),
            std::max(cell.lineRuns(first, x0, x1), cell.lineRuns(first + 1, x0, x1))};
}

TEST(Symbols, EchelonMarksCountBarsAndCrosses) {
    struct Expected {
        E echelon;
        int middle, top; // II: two bars; X: one cross, two arms at the top; ...
    } cases[] = {{E::None, 0, 0},     {E::Battalion, 2, 2}, {E::Regiment, 3, 3}, {E::Brigade, 1, 2},
                 {E::Division, 2, 4}, {E::Corps, 3, 6},     {E::Army, 4, 8},     {E::Front, 5, 10}};
    for (const Expected& c : cases)
        for (A a : {A::Friend, A::Hostile, A::Neutral, A::Unknown}) {
            float frameTop = a == A::Friend ? 0.2f : a == A::Neutral ? 0.22f : 0.29f;
            int frameTopRow = int((kSymbolAnchorY - frameTop) * float(kCell)) - 2; // above the outline
            EchelonRuns runs = countEchelonRuns(Cell(key(a, T::Infantry, c.echelon)), frameTopRow);
            EXPECT_EQ(runs.middle, c.middle) << int(c.echelon) << " affiliation " << int(a);
            EXPECT_EQ(runs.top, c.top) << int(c.echelon) << " affiliation " << int(a);
        }
}

TEST(Symbols, StatusesAreVisible) {
    Cell active(key(A::Friend, T::Infantry)), engaged(key(A::Friend, T::Infantry, E::None, S::Engaged));
    Cell surrendered(key(A::Friend, T::Infantry, E::None, S::Surrendered));
    Cell destroyed(key(A::Friend, T::Infantry, E::None, S::Destroyed));
    Cell disbanded(key(A::Friend, T::Infantry, E::None, S::Disbanded));
    EXPECT_GT(engaged.count(Line), active.count(Line) + 100);
    // Destroyed: a large X reaching past the frame's corners.
    EXPECT_GT(destroyed.at(0.33f, 0.23f, Line), 200);
    EXPECT_LT(active.at(0.33f, 0.23f, Line), 50);
    // Surrendered and disbanded: pale fill; disbanded has gaps in its outline.
    EXPECT_GT(active.at(0.15f, 0, Fill), 200);
    EXPECT_LT(surrendered.at(0.15f, 0, Fill), 128);
    EXPECT_LT(disbanded.at(0.15f, 0, Fill), 128);
    int gaps = 0;
    for (float x = -0.28f; x < 0.28f; x += 1.0f / kCell)
        gaps += disbanded.at(x, -0.2f, Line) < 64;
    EXPECT_GT(gaps, 6);
    // Surrendered: a white flag, halo without fill or line, in the top-right corner.
    int white = 0;
    for (int y = 0; y < kCell / 3; ++y)
        for (int x = kCell * 3 / 4; x < kCell; ++x)
            white += surrendered.pixel(x, y, Halo) == 255 && surrendered.pixel(x, y, Line) == 0;
    EXPECT_GT(white, 8);
}

TEST(Symbols, ChannelsAreAntiAliasedAndTheHaloCoversAll) {
    for (int cellPixels : {48, 64}) {
        for (const SymbolKey& k : allKeys()) {
            Cell cell(k, cellPixels);
            bool intermediate[3] = {};
            for (size_t i = 0; i < cell.rgba.size(); i += 4) {
                for (int c = 0; c < 3; ++c)
                    intermediate[c] |= cell.rgba[i + c] > 16 && cell.rgba[i + c] < 240;
                ASSERT_GE(cell.rgba[i + Halo], std::max(cell.rgba[i + Fill], cell.rgba[i + Line]));
                ASSERT_EQ(cell.rgba[i + 3], 255);
            }
            ASSERT_TRUE(intermediate[Fill] && intermediate[Line] && intermediate[Halo]) << symbolKeyIndex(k);
            // Nothing touches the cell's border, so bilinear sampling never bleeds.
            for (int i = 0; i < cellPixels; ++i) {
                ASSERT_EQ(cell.pixel(i, 0, Halo), 0) << symbolKeyIndex(k) << " at " << cellPixels;
                ASSERT_EQ(cell.pixel(i, cellPixels - 1, Halo), 0) << symbolKeyIndex(k);
                ASSERT_EQ(cell.pixel(0, i, Halo), 0) << symbolKeyIndex(k);
                ASSERT_EQ(cell.pixel(cellPixels - 1, i, Halo), 0) << symbolKeyIndex(k);
            }
        }
    }
}

TEST(Symbols, KeyIndicesAreDenseAndDistinct) {
    std::vector<bool> seen(kSymbolKeyCount);
    for (const SymbolKey& k : allKeys()) {
        uint32_t i = symbolKeyIndex(k);
        ASSERT_LT(i, kSymbolKeyCount);
        EXPECT_FALSE(seen[i]);
        seen[i] = true;
    }
}

TEST(Symbols, AtlasLayoutIsStableAndLookupsFindTheirCells) {
    std::vector<SymbolKey> keys = {key(A::Hostile, T::Armour, E::Division), key(A::Friend, T::Infantry),
                                   key(A::Friend, T::Cavalry, E::Brigade, S::Engaged),
                                   key(A::Unknown, T::Other), key(A::Friend, T::Infantry)};
    SymbolAtlas atlas = buildSymbolAtlas(keys.data(), keys.size(), 48);
    ASSERT_EQ(atlas.cells.size(), 4u); // the duplicate is dropped
    EXPECT_EQ(atlas.columns, 2);
    EXPECT_EQ(atlas.width, 96);
    EXPECT_EQ(atlas.height, 96);
    ASSERT_EQ(atlas.pixels.size(), size_t(96 * 96 * 4));

    std::vector<SymbolKey> reordered(keys.rbegin(), keys.rend());
    reordered.push_back(keys[0]);
    SymbolAtlas again = buildSymbolAtlas(reordered.data(), reordered.size(), 48);
    EXPECT_EQ(again.pixels, atlas.pixels);

    for (size_t i = 0; i < atlas.cells.size(); ++i) {
        const SymbolCell* cell = findSymbolCell(atlas, atlas.cells[i].key);
        ASSERT_EQ(cell, &atlas.cells[i]);
        ASSERT_EQ(findSymbolCell(again, cell->key)->x, cell->x);
        for (size_t j = 0; j < i; ++j)
            EXPECT_TRUE(atlas.cells[j].x != cell->x || atlas.cells[j].y != cell->y);
        EXPECT_FLOAT_EQ(cell->u0, float(cell->x) / 96);
        EXPECT_FLOAT_EQ(cell->v1, float(cell->y + 48) / 96);
        // The cell holds exactly what rasteriseSymbol draws for its key.
        Cell expected(cell->key, 48);
        for (int y = 0; y < 48; ++y)
            ASSERT_TRUE(std::equal(expected.rgba.begin() + y * 48 * 4, expected.rgba.begin() + (y + 1) * 48 * 4,
                                   atlas.pixels.begin() + (size_t(cell->y + y) * 96 + cell->x) * 4));
    }
    EXPECT_EQ(findSymbolCell(atlas, key(A::Neutral, T::Navy)), nullptr);

    SymbolAtlas empty = buildSymbolAtlas(nullptr, 0, 32);
    EXPECT_EQ(empty.width * empty.height, 0);
    EXPECT_TRUE(empty.cells.empty());
}

// The sheet in docs/symbols.png: per affiliation, a row of every type (with echelons cycling
// through all eight), then a row of infantry at every echelon followed by every status.
std::vector<SymbolKey> sheetKeys() {
    std::vector<SymbolKey> keys;
    for (int a = 0; a < kSymbolAffiliationCount; ++a)
        for (int t = 0; t < kSymbolTypeCount; ++t)
            keys.push_back(key(A(a), T(t), E(t % kSymbolEchelonCount)));
    for (int a = 0; a < kSymbolAffiliationCount; ++a) {
        for (int e = 0; e < kSymbolEchelonCount; ++e)
            keys.push_back(key(A(a), T::Infantry, E(e)));
        for (int s = 0; s < kSymbolStatusCount; ++s)
            keys.push_back(key(A(a), T::Armour, E::Brigade, S(s)));
        keys.push_back(key(A(a), T::Hq, E::Army));
        keys.push_back(key(A(a), T::Mechanised, E::Corps, S::Engaged));
    }
    return keys;
}

// Writes the sheet to $KRESY_SYMBOL_SHEET, or to the temporary directory.
TEST(Symbols, WritesAPreviewSheet) {
    std::vector<SymbolKey> keys = sheetKeys();
    ImageRGBA8 sheet = renderSymbolSheet(keys.data(), keys.size(), kSymbolTypeCount, kCell);
    EXPECT_EQ(sheet.width, kSymbolTypeCount * kCell);
    EXPECT_EQ(sheet.height, 8 * kCell);
    const char* env = std::getenv("KRESY_SYMBOL_SHEET");
    std::string path = env ? env : (std::filesystem::temp_directory_path() / "kresy_symbols.png").string();
    std::string error;
    ASSERT_TRUE(writePng(path, sheet, &error)) << error;
}

} // namespace
