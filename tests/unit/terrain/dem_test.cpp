// SRTM .hgt and JSON-sidecar grid readers, on small files written by the tests.

#include "terrain/dem.h"

#include "test_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

namespace kresy {
namespace {

using test::TempDir;

// ---- parseHgtName ----

TEST(ParseHgtName, ReadsNorthEastAndSouthWestNames) {
    int south = 0, west = 0;
    ASSERT_TRUE(parseHgtName("N52E023.hgt", &south, &west));
    EXPECT_EQ(south, 52);
    EXPECT_EQ(west, 23);
    ASSERT_TRUE(parseHgtName("S01W075.hgt", &south, &west));
    EXPECT_EQ(south, -1);
    EXPECT_EQ(west, -75);
}

TEST(ParseHgtName, AcceptsDirectoriesCaseAndMissingExtension) {
    int south = 0, west = 0;
    ASSERT_TRUE(parseHgtName("/data/dem/srtm3/N49E019.hgt", &south, &west));
    EXPECT_EQ(south, 49);
    EXPECT_EQ(west, 19);
    ASSERT_TRUE(parseHgtName("n55e020.HGT", &south, &west));
    EXPECT_EQ(south, 55);
    EXPECT_EQ(west, 20);
    ASSERT_TRUE(parseHgtName("N00W180", &south, &west));
    EXPECT_EQ(south, 0);
    EXPECT_EQ(west, -180);
    ASSERT_TRUE(parseHgtName("C:\\dem\\S90E179.hgt", &south, &west));
    EXPECT_EQ(south, -90);
    EXPECT_EQ(west, 179);
}

TEST(ParseHgtName, RejectsOtherNames) {
    for (const char* name : {"", "N52E023.hgt.xz", "N52E023.tif", "X52E023.hgt", "N52X023.hgt", "N5E023.hgt",
                             "N52E23.hgt", "N52E0234.hgt", "N5AE023.hgt", "N52E02B.hgt", "N90E000.hgt",
                             "N52E180.hgt", "S00E010.hgt", "dir/N52E023.hgt/", ".hgt"}) {
        int south = 123, west = 456;
        EXPECT_FALSE(parseHgtName(name, &south, &west)) << name;
        EXPECT_EQ(south, 123) << "outputs untouched on failure: " << name;
        EXPECT_EQ(west, 456) << name;
    }
}

// ---- readHgt ----

constexpr int kSrtm3 = 1201;
constexpr int16_t kVoid = -32768;

// A tilted plane that stays well inside int16 over a 1201x1201 tile.
int16_t plane(int r, int c) { return static_cast<int16_t>(100 + 2 * r - c); }

std::vector<int16_t> planeTile() {
    std::vector<int16_t> h(size_t(kSrtm3) * kSrtm3);
    for (int r = 0; r < kSrtm3; ++r)
        for (int c = 0; c < kSrtm3; ++c) h[size_t(r) * kSrtm3 + c] = plane(r, c);
    return h;
}

struct Cell {
    int r, c;
};

TEST(ReadHgt, DecodesBigEndianAndFillsVoidsFromThePlane) {
    TempDir dir;
    std::vector<int16_t> h = planeTile();
    auto at = [&](int r, int c) -> int16_t& { return h[size_t(r) * kSrtm3 + c]; };

    // Values whose bytes differ when read little-endian, far from any void.
    at(1000, 1000) = 0x0102;   // 258; little-endian would read 513
    at(1000, 1001) = -28;      // 0xFFE4
    at(1000, 1002) = 0x7ffe;   // 32766

    // Interior voids: single ones and a 7x5 block. Every one of their 8 lines reaches valid
    // samples, and for a plane the inverse-distance weights of opposite directions cancel,
    // so the fill is the plane value exactly.
    std::vector<Cell> interior = {{10, 10}, {600, 600}, {300, 900}};
    for (int r = 500; r < 507; ++r)
        for (int c = 200; c < 205; ++c) interior.push_back({r, c});
    // Voids on the rim see only some directions, so the fill is close to the plane, not on it.
    std::vector<Cell> rim = {{0, 0}, {0, 700}, {1200, 1200}, {800, 0}};
    for (Cell v : interior) at(v.r, v.c) = kVoid;
    for (Cell v : rim) at(v.r, v.c) = kVoid;

    std::string path = dir.path("N52E023.hgt");
    test::writeBytes(path, test::bigEndianBytes(h));

    HgtTile tile;
    std::string error;
    ASSERT_TRUE(readHgt(path, &tile, &error)) << error;
    EXPECT_EQ(tile.south, 52);
    EXPECT_EQ(tile.west, 23);
    ASSERT_EQ(tile.size, kSrtm3);
    ASSERT_EQ(tile.heights.size(), size_t(kSrtm3) * kSrtm3);
    EXPECT_EQ(tile.voidsFilled, static_cast<int>(interior.size() + rim.size()));

    auto got = [&](int r, int c) { return tile.heights[size_t(r) * kSrtm3 + c]; };
    EXPECT_EQ(got(1000, 1000), 258);
    EXPECT_EQ(got(1000, 1001), -28);
    EXPECT_EQ(got(1000, 1002), 32766);
    EXPECT_EQ(got(0, 1), plane(0, 1));
    EXPECT_EQ(got(1200, 1199), plane(1200, 1199));
    for (Cell v : interior) EXPECT_EQ(got(v.r, v.c), plane(v.r, v.c)) << v.r << "," << v.c;
    for (Cell v : rim) EXPECT_NEAR(got(v.r, v.c), plane(v.r, v.c), 2) << v.r << "," << v.c;
    for (int16_t v : tile.heights) ASSERT_NE(v, kVoid);
}

TEST(ReadHgt, FillsAVoidFromItsNeighboursByInverseDistance) {
    TempDir dir;
    std::vector<int16_t> h(size_t(kSrtm3) * kSrtm3, 0);
    auto at = [&](int r, int c) -> int16_t& { return h[size_t(r) * kSrtm3 + c]; };
    // A void at (100,100) in a void run along its row to the west: the west neighbour is 3
    // samples away, the other seven are adjacent. Heights: 70 to the west, 0 elsewhere.
    at(100, 100) = at(100, 99) = at(100, 98) = kVoid;
    at(100, 97) = 70;
    // The two other voids of the run see 70 at 1 and 2 samples, so they fill above the first.
    std::string path = dir.path("N10E010.hgt");
    test::writeBytes(path, test::bigEndianBytes(h));

    HgtTile tile;
    std::string error;
    ASSERT_TRUE(readHgt(path, &tile, &error)) << error;
    EXPECT_EQ(tile.voidsFilled, 3);
    // Weights: west 1/3, four straight neighbours at 1 (one of them west, replaced by the 1/3
    // one, so three at 1), four diagonals at 1/sqrt(2) -> 70*(1/3) / (1/3 + 3 + 4/sqrt(2)).
    double w = 1.0 / 3, total = w + 3 + 4 / std::sqrt(2.0);
    EXPECT_EQ(tile.heights[size_t(100) * kSrtm3 + 100], static_cast<int16_t>(std::lround(70 * w / total)));
    EXPECT_GT(tile.heights[size_t(100) * kSrtm3 + 98], tile.heights[size_t(100) * kSrtm3 + 100]);
}

TEST(ReadHgt, ReadsSrtm1Size) {
    TempDir dir;
    const int n = 3601;
    std::vector<int16_t> h(size_t(n) * n, 5);
    h.back() = 1234;
    std::string path = dir.path("S01W075.hgt");
    test::writeBytes(path, test::bigEndianBytes(h));

    HgtTile tile;
    std::string error;
    ASSERT_TRUE(readHgt(path, &tile, &error)) << error;
    EXPECT_EQ(tile.size, n);
    EXPECT_EQ(tile.south, -1);
    EXPECT_EQ(tile.west, -75);
    EXPECT_EQ(tile.voidsFilled, 0);
    EXPECT_EQ(tile.heights.front(), 5);
    EXPECT_EQ(tile.heights.back(), 1234);
}

TEST(ReadHgt, WrongSizeNamesThePathAndTheSize) {
    TempDir dir;
    std::string path = dir.path("N52E023.hgt");
    test::writeBytes(path, std::vector<uint8_t>(1000, 0));
    HgtTile tile;
    std::string error;
    EXPECT_FALSE(readHgt(path, &tile, &error));
    EXPECT_NE(error.find(path), std::string::npos) << error;
    EXPECT_NE(error.find("1000 bytes"), std::string::npos) << error;
}

TEST(ReadHgt, MissingFileNamesThePath) {
    TempDir dir;
    std::string path = dir.path("N52E023.hgt");
    HgtTile tile;
    std::string error;
    EXPECT_FALSE(readHgt(path, &tile, &error));
    EXPECT_EQ(error.rfind(path, 0), 0u) << error;
}

TEST(ReadHgt, RejectsABadNameAndAnAllVoidTile) {
    TempDir dir;
    std::vector<uint8_t> bytes = test::bigEndianBytes(std::vector<int16_t>(size_t(kSrtm3) * kSrtm3, kVoid));

    std::string badName = dir.path("tile.hgt");
    test::writeBytes(badName, bytes);
    HgtTile tile;
    std::string error;
    EXPECT_FALSE(readHgt(badName, &tile, &error));
    EXPECT_NE(error.find(badName), std::string::npos) << error;

    std::string voids = dir.path("N52E023.hgt");
    test::writeBytes(voids, bytes);
    error.clear();
    EXPECT_FALSE(readHgt(voids, &tile, &error));
    EXPECT_NE(error.find(voids), std::string::npos) << error;
    EXPECT_NE(error.find("void"), std::string::npos) << error;
}

// Found by tests/fuzz (fuzz_hgt): the void filler walked every line from every void, cubic in the
// tile's size, so a tile of voids with one valid sample took 8 s at SRTM3 size (minutes under the
// sanitizers) and, by that, about 4 minutes at SRTM1 size. It now follows each line once: under a
// second here in Release, 6 s in the sanitizer build. The bound separates the two by a wide margin.
TEST(ParseHgt, FillsAnSrtm1TileOfVoidsInLinearTime) {
    const int n = 3601;
    std::vector<int16_t> h(size_t(n) * n, kVoid);
    h[size_t(1234) * n + 2345] = 100;
    HgtTile tile;
    std::string error;
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(parseHgt(test::bigEndianBytes(h), 52, 23, &tile, &error)) << error;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 60.0);
    EXPECT_EQ(tile.size, n);
    EXPECT_EQ(tile.voidsFilled, n * n - 1);
    EXPECT_EQ(std::count(tile.heights.begin(), tile.heights.end(), int16_t(100)), long(n) * n);
}

// parseHgt is readHgt without the file: the same checks, the messages without the path.
TEST(ParseHgt, RefusesOtherSizesAndAllVoidTilesWithoutAPath) {
    HgtTile tile;
    tile.size = 7;
    std::string error;
    EXPECT_FALSE(parseHgt(std::vector<uint8_t>(1000, 0), 52, 23, &tile, &error));
    EXPECT_EQ(error.rfind("1000 bytes is not an SRTM tile size", 0), 0u) << error;
    EXPECT_FALSE(parseHgt({}, 52, 23, &tile, &error));
    EXPECT_EQ(error.rfind("0 bytes is not an SRTM tile size", 0), 0u) << error;
    EXPECT_FALSE(parseHgt(test::bigEndianBytes(std::vector<int16_t>(size_t(kSrtm3) * kSrtm3, kVoid)), 52, 23,
                          &tile, &error));
    EXPECT_EQ(error, "every sample is a void");
    EXPECT_EQ(tile.size, 7) << "untouched on failure";
}

// The void filler on small grids, as the fuzz target drives it: every void filled when any
// sample is valid, the valid ones untouched, a grid of voids left as it is.
TEST(FillHgtVoids, FillsSmallGridsAndLeavesAGridOfVoids) {
    std::vector<int16_t> grid = {kVoid, 10, kVoid, kVoid};
    EXPECT_EQ(fillHgtVoids(&grid, 2), 3);
    EXPECT_EQ(grid, (std::vector<int16_t>{10, 10, 10, 10}));
    std::vector<int16_t> voids(9, kVoid);
    EXPECT_EQ(fillHgtVoids(&voids, 3), 9);
    EXPECT_EQ(voids, std::vector<int16_t>(9, kVoid));
    std::vector<int16_t> empty;
    EXPECT_EQ(fillHgtVoids(&empty, 0), 0);
}

// ---- readGeoGrid ----

std::string sidecar(const std::string& extra = "", const std::string& dtype = "int16 little-endian",
                    const std::string& rows = "\"rows\": 3,") {
    return "{" + rows + R"( "cols": 4, "row0_lat_deg": 58.0, "lat_step_deg": -0.5,
              "col0_lon_deg": 12.0, "lon_step_deg": 0.25, "dtype": ")" +
           dtype + "\"" + extra + "}";
}

std::vector<uint8_t> int16Bytes(const std::vector<int16_t>& v, bool bigEndian) {
    std::vector<uint8_t> out;
    for (int16_t x : v) {
        auto u = static_cast<uint16_t>(x);
        uint8_t hi = static_cast<uint8_t>(u >> 8), lo = static_cast<uint8_t>(u & 0xff);
        if (bigEndian) out.insert(out.end(), {hi, lo});
        else out.insert(out.end(), {lo, hi});
    }
    return out;
}

const std::vector<int16_t> kGridValues = {1, -2, 300, 4, 5, 6, 7, 8, 9, 10, 11, -1200};

TEST(ReadGeoGrid, ReadsLittleEndianInt16BesideTheSidecar) {
    TempDir dir;
    test::writeText(dir.path("g.json"), sidecar());
    test::writeBytes(dir.path("g.i16le.raw"), int16Bytes(kGridValues, false));
    test::writeBytes(dir.path("other.raw"), {1, 2, 3}); // not g*.raw: ignored

    GeoGrid grid;
    std::string error;
    ASSERT_TRUE(readGeoGrid(dir.path("g.json"), &grid, &error)) << error;
    EXPECT_EQ(grid.rows, 3);
    EXPECT_EQ(grid.cols, 4);
    EXPECT_DOUBLE_EQ(grid.row0Lat, 58.0);
    EXPECT_DOUBLE_EQ(grid.latStep, -0.5);
    EXPECT_DOUBLE_EQ(grid.col0Lon, 12.0);
    EXPECT_DOUBLE_EQ(grid.lonStep, 0.25);
    ASSERT_EQ(grid.heights.size(), kGridValues.size());
    for (size_t i = 0; i < kGridValues.size(); ++i) EXPECT_EQ(grid.heights[i], kGridValues[i]) << i;
}

TEST(ReadGeoGrid, ReadsBigEndianAndFloatFromANamedFile) {
    TempDir dir;
    test::writeText(dir.path("be.json"), sidecar(R"(, "file": "data.bin")", "int16 big-endian"));
    test::writeBytes(dir.path("data.bin"), int16Bytes(kGridValues, true));
    GeoGrid grid;
    std::string error;
    ASSERT_TRUE(readGeoGrid(dir.path("be.json"), &grid, &error)) << error;
    ASSERT_EQ(grid.heights.size(), kGridValues.size());
    EXPECT_EQ(grid.heights[2], 300);
    EXPECT_EQ(grid.heights[11], -1200);

    std::vector<uint8_t> floats(12 * 4);
    for (int i = 0; i < 12; ++i) {
        float f = 0.5f * i - 1;
        uint32_t u;
        std::memcpy(&u, &f, 4);
        for (int b = 0; b < 4; ++b) floats[4 * i + b] = static_cast<uint8_t>(u >> (8 * b));
    }
    test::writeText(dir.path("f.json"), sidecar("", "float32 little-endian"));
    test::writeBytes(dir.path("f.f32.raw"), floats);
    ASSERT_TRUE(readGeoGrid(dir.path("f.json"), &grid, &error)) << error;
    ASSERT_EQ(grid.heights.size(), 12u);
    EXPECT_FLOAT_EQ(grid.heights[0], -1.0f);
    EXPECT_FLOAT_EQ(grid.heights[11], 4.5f);
}

TEST(ReadGeoGrid, MissingFieldIsNamed) {
    TempDir dir;
    std::string path = dir.path("g.json");
    test::writeText(path, sidecar("", "int16 little-endian", ""));
    test::writeBytes(dir.path("g.raw"), int16Bytes(kGridValues, false));
    GeoGrid grid;
    std::string error;
    EXPECT_FALSE(readGeoGrid(path, &grid, &error));
    EXPECT_EQ(error, path + ": missing field 'rows'");
}

TEST(ReadGeoGrid, WrongDataSizeGivesBothSizes) {
    TempDir dir;
    std::string path = dir.path("g.json");
    test::writeText(path, sidecar());
    test::writeBytes(dir.path("g.raw"), std::vector<uint8_t>(10, 0));
    GeoGrid grid;
    std::string error;
    EXPECT_FALSE(readGeoGrid(path, &grid, &error));
    EXPECT_EQ(error.rfind(path + ": data file ", 0), 0u) << error;
    EXPECT_NE(error.find("holds 10 bytes, expected 24"), std::string::npos) << error;
}

TEST(ReadGeoGrid, MissingDataFileIsReported) {
    TempDir dir;
    std::string path = dir.path("g.json");
    test::writeText(path, sidecar());
    GeoGrid grid;
    std::string error;
    EXPECT_FALSE(readGeoGrid(path, &grid, &error));
    EXPECT_EQ(error.rfind(path + ":", 0), 0u) << error;
    EXPECT_NE(error.find("g*.raw"), std::string::npos) << error;

    test::writeText(path, sidecar(R"(, "file": "absent.raw")"));
    EXPECT_FALSE(readGeoGrid(path, &grid, &error));
    EXPECT_EQ(error.rfind(path + ":", 0), 0u) << error;
    EXPECT_NE(error.find(dir.path("absent.raw")), std::string::npos) << error;
}

TEST(ReadGeoGrid, BadJsonAndBadValuesAreErrorsNotExceptions) {
    TempDir dir;
    std::string path = dir.path("g.json");
    test::writeBytes(dir.path("g.raw"), int16Bytes(kGridValues, false));
    GeoGrid grid;
    std::string error;

    test::writeText(path, "{ \"rows\": 3, ");
    EXPECT_FALSE(readGeoGrid(path, &grid, &error));
    EXPECT_NE(error.find("not valid JSON"), std::string::npos) << error;

    test::writeText(path, sidecar("", "int8"));
    EXPECT_FALSE(readGeoGrid(path, &grid, &error));
    EXPECT_NE(error.find("unsupported dtype 'int8'"), std::string::npos) << error;

    test::writeText(path, sidecar("", "int16 little-endian", "\"rows\": \"three\","));
    EXPECT_FALSE(readGeoGrid(path, &grid, &error));
    EXPECT_NE(error.find("'rows'"), std::string::npos) << error;

    test::writeText(path, "[1, 2]");
    EXPECT_FALSE(readGeoGrid(path, &grid, &error));
    EXPECT_NE(error.find("not a JSON object"), std::string::npos) << error;

    EXPECT_FALSE(readGeoGrid(dir.path("absent.json"), &grid, &error));
    EXPECT_EQ(error.rfind(dir.path("absent.json"), 0), 0u) << error;
}

TEST(ReadGeoGrid, SeveralCandidateDataFilesAreAmbiguous) {
    TempDir dir;
    std::string path = dir.path("g.json");
    test::writeText(path, sidecar());
    test::writeBytes(dir.path("g.a.raw"), int16Bytes(kGridValues, false));
    test::writeBytes(dir.path("g.b.raw"), int16Bytes(kGridValues, false));
    GeoGrid grid;
    std::string error;
    EXPECT_FALSE(readGeoGrid(path, &grid, &error));
    EXPECT_NE(error.find("several data files"), std::string::npos) << error;
}

} // namespace
} // namespace kresy
