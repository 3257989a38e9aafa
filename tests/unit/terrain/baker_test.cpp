// The baker on the real dataset: which tiles it plans, what they hold, and that a bake
// resumes where it stopped. Known values from the issue: Grodno ~128 m, Szack ~168 m.

#include "core/files.h"
#include "core/geodesy.h"
#include "terrain/baker.h"
#include "terrain/dem.h"
#include "terrain/tile_errors.h"
#include "terrain/tilejson.h"
#include "test_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

using namespace kresy;

namespace {

const std::string kSrtmDir = std::string(KRESY_DATA_DIR) + "/dem/srtm3";
const std::string kEtopo5 = std::string(KRESY_DATA_DIR) + "/dem/etopo5/etopo5_E12-34_N45-58.json";

const ElevationModel& defaultModel() {
    static ElevationModel* model = [] {
        auto* m = new ElevationModel;
        std::string error;
        GeoGrid grid;
        EXPECT_TRUE(readGeoGrid(kEtopo5, &grid, &error)) << error;
        m->addGrid(std::move(grid));
        EXPECT_TRUE(m->addSrtmDirectory(kSrtmDir, &error)) << error;
        return m;
    }();
    return *model;
}

bool overlaps(const GeoBounds& a, const GeoBounds& b) {
    return a.west < b.east && a.east > b.west && a.south < b.north && a.north > b.south;
}

TEST(Baker, NativeZoomOfTheSources) {
    EXPECT_EQ(nativeZoom(1.0 / 1200, 256), 11); // SRTM3: 3 arc-seconds
    EXPECT_EQ(nativeZoom(1.0 / 3600, 256), 13); // SRTM1
    EXPECT_EQ(nativeZoom(1.0 / 12, 256), 5);    // ETOPO5: 5 arc-minutes
    EXPECT_EQ(nativeZoom(1.0 / 1200, 512), 10);
}

// ETOPO5 alone is refined to zoom 5; beyond that only where SRTM lies under the tile.
TEST(Baker, PlanRefinesOnlyWhereFinerDataExists) {
    BakeOptions o;
    std::vector<TileId> plan = planBake(defaultModel(), o);
    // The SRTM cells, from the files themselves (N55E019 is open sea and has none).
    std::vector<GeoBounds> cells;
    for (const auto& e : std::filesystem::directory_iterator(kSrtmDir)) {
        int south, west;
        if (parseHgtName(e.path().filename().string(), &south, &west))
            cells.push_back({double(west), double(south), west + 1.0, south + 1.0});
    }
    ASSERT_EQ(cells.size(), 34u);
    auto hasSrtm = [&](const TileId& t) {
        return std::any_of(cells.begin(), cells.end(), [&](const GeoBounds& c) { return overlaps(tileBounds(t), c); });
    };
    size_t perZoom[12] = {};
    for (const TileId& t : plan) {
        ASSERT_LE(t.z, 11);
        ++perZoom[t.z];
        if (t.z > 5) {
            EXPECT_TRUE(hasSrtm(t)) << tileName(t) << " has no SRTM under it";
        }
    }
    for (int z = 0; z <= 5; ++z)
        EXPECT_EQ(perZoom[z], tilesCovering(o.bounds, z).count()) << "zoom " << z;
    TileRange deepest = tilesCovering(o.bounds, 11);
    size_t withSrtm = 0;
    for (int y = deepest.y0; y <= deepest.y1; ++y)
        for (int x = deepest.x0; x <= deepest.x1; ++x)
            withSrtm += hasSrtm({11, x, y});
    EXPECT_EQ(perZoom[11], withSrtm);
    // Grodno has SRTM (zoom 11); Sarny, at 26.6E, only ETOPO5 (nothing past zoom 5).
    auto planned = [&](const TileId& t) { return std::find(plan.begin(), plan.end(), t) != plan.end(); };
    EXPECT_TRUE(planned(tileAt(53.68, 23.83, 11)));
    EXPECT_FALSE(planned(tileAt(51.34, 26.60, 7)));
    EXPECT_TRUE(planned(tileAt(51.34, 26.60, 5)));
}

TEST(Baker, TilePixelsAreTheModelAtTheirCentres) {
    TileId t = tileAt(53.68, 23.83, 11);
    HeightTile tile = bakeTile(defaultModel(), t, 256);
    ASSERT_EQ(tile.size, 256);
    for (int j : {0, 100, 255})
        for (int i : {0, 37, 255}) {
            double lon, lat;
            tileToLonLat({t.x + (i + 0.5) / 256, t.y + (j + 0.5) / 256}, t.z, &lon, &lat);
            EXPECT_NEAR(tile.heights[size_t(j) * 256 + i], defaultModel().sample(lat, lon), 3.0) << i << "," << j;
        }
}

// Neighbouring tiles continue each other: the step between their edge pixels is like the steps
// inside a tile, not a seam.
TEST(Baker, NeighbouringTilesMeetWithoutASeam) {
    TileId a = tileAt(52.1, 23.0, 10), b{a.z, a.x + 1, a.y};
    HeightTile ta = bakeTile(defaultModel(), a, 256), tb = bakeTile(defaultModel(), b, 256);
    double across = 0, inside = 0;
    for (int j = 0; j < 256; ++j) {
        across = std::max(across, double(std::abs(ta.heights[j * 256 + 255] - tb.heights[j * 256])));
        inside = std::max(inside, double(std::abs(ta.heights[j * 256 + 254] - ta.heights[j * 256 + 255])));
    }
    EXPECT_LE(across, inside * 1.5 + 1.0) << "across " << across << " inside " << inside;
}

// The data's edge is extended, not turned into sea: the tile west of 12E holds land heights.
TEST(Baker, OutsideTheDataTakesTheNearestHeight) {
    TileId t = tileAt(50.0, 11.5, 6);
    HeightTile tile = bakeTile(defaultModel(), t, 256);
    int zeros = 0;
    for (float h : tile.heights)
        zeros += h == 0.0f;
    EXPECT_LT(zeros, 256) << "land west of the grid was filled with 0";
}

class BakerOnDisk : public ::testing::Test {
protected:
    test::TempDir dir;
    BakeOptions options() const {
        BakeOptions o;
        o.outDir = dir.path("pyramid");
        o.bounds = {23.80, 53.66, 23.86, 53.70}; // Grodno
        o.minzoom = 8;
        o.maxzoom = 11;
        o.jobs = 2;
        return o;
    }
    std::vector<std::string> leftovers() const {
        std::vector<std::string> tmp;
        for (auto& e : std::filesystem::recursive_directory_iterator(dir.path("pyramid")))
            if (e.path().string().find(".tmp") != std::string::npos)
                tmp.push_back(e.path().string());
        return tmp;
    }
};

TEST_F(BakerOnDisk, WritesTilesAndTileJsonAndResumes) {
    BakeOptions o = options();
    size_t reports = 0;
    BakeResult first = bakePyramid(defaultModel(), o, [&](const BakeProgress& p) {
        ++reports;
        EXPECT_LE(p.done, p.total);
    });
    ASSERT_TRUE(first.ok) << first.error;
    EXPECT_GT(reports, 0u);
    size_t planned = planBake(defaultModel(), o).size();
    EXPECT_EQ(first.written, planned);
    EXPECT_EQ(first.skipped, 0u);
    EXPECT_TRUE(leftovers().empty());

    std::vector<uint8_t> bytes;
    std::string error;
    ASSERT_TRUE(readFile(o.outDir + "/tiles.json", &bytes, &error)) << error;
    TileJson tj;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(parseTileJson(std::string(bytes.begin(), bytes.end()), "tiles.json", &tj, &diagnostics));
    EXPECT_EQ(tj.minzoom, 8);
    EXPECT_EQ(tj.maxzoom, 11);
    EXPECT_EQ(tj.encoding, TileEncoding::Terrarium);
    ASSERT_EQ(tj.tiles.size(), 1u);
    EXPECT_EQ(tj.tiles[0], "{z}/{x}/{y}.png");

    // Again: nothing to do. Then one tile lost: only it is baked again.
    BakeResult second = bakePyramid(defaultModel(), o, [](const BakeProgress&) {});
    ASSERT_TRUE(second.ok) << second.error;
    EXPECT_EQ(second.written, 0u);
    EXPECT_EQ(second.skipped, planned);
    TileId grodno = tileAt(53.68, 23.83, 11);
    std::string lost = o.outDir + "/" + std::to_string(grodno.z) + "/" + std::to_string(grodno.x) + "/" +
                       std::to_string(grodno.y) + ".png";
    ASSERT_TRUE(std::filesystem::remove(lost));
    BakeResult third = bakePyramid(defaultModel(), o, [](const BakeProgress&) {});
    EXPECT_EQ(third.written, 1u);
    EXPECT_TRUE(std::filesystem::exists(lost));
}

// The checked values, read back from baked and encoded tiles.
TEST_F(BakerOnDisk, KnownElevationsFromThePyramid) {
    struct Place {
        const char* name;
        double lat, lon, metres;
    };
    for (Place p : {Place{"Grodno", 53.68, 23.83, 128}, Place{"Szack", 51.49, 23.93, 168}}) {
        BakeOptions o = options();
        o.outDir = dir.path(p.name);
        o.bounds = {p.lon - 0.01, p.lat - 0.01, p.lon + 0.01, p.lat + 0.01};
        o.minzoom = o.maxzoom = 11;
        ASSERT_TRUE(bakePyramid(defaultModel(), o, [](const BakeProgress&) {}).ok);
        double u, v;
        TileId t = tileAt(p.lat, p.lon, 11, &u, &v);
        std::vector<uint8_t> png;
        std::string error;
        ASSERT_TRUE(readFile(o.outDir + "/11/" + std::to_string(t.x) + "/" + std::to_string(t.y) + ".png", &png, &error))
            << error;
        HeightTile tile;
        ASSERT_TRUE(decodeHeightTile(png, TileEncoding::Terrarium, &tile, &error)) << error;
        EXPECT_NEAR(sampleHeightTile(tile, u * tile.size - 0.5, v * tile.size - 0.5), p.metres, 10.0) << p.name;
    }
}

TEST_F(BakerOnDisk, UnwritableDirectoryFailsWithItsName) {
    BakeOptions o = options();
    std::string file = dir.path("file");
    test::writeBytes(file, {1, 2, 3});
    o.outDir = file + "/pyramid"; // a directory inside a regular file cannot exist
    BakeResult r = bakePyramid(defaultModel(), o, [](const BakeProgress&) {});
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find(file), std::string::npos) << r.error;
}

} // namespace
