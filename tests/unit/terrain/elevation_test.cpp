// ElevationModel on synthetic sources whose heights are known exactly.

#include "terrain/elevation.h"

#include "test_files.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace kresy {
namespace {

constexpr int kSmall = 121; // a cheap tile: 30 arc-second spacing

HgtTile constantTile(int south, int west, int16_t height, int size = kSmall) {
    HgtTile t;
    t.south = south;
    t.west = west;
    t.size = size;
    t.heights.assign(size_t(size) * size, height);
    return t;
}

// Heights 500 + 3*column - 2*row, which bilinear interpolation reproduces exactly.
double tilePlane(double r, double c) { return 500 + 3 * c - 2 * r; }

HgtTile planeTile(int south, int west) {
    HgtTile t = constantTile(south, west, 0);
    for (int r = 0; r < kSmall; ++r)
        for (int c = 0; c < kSmall; ++c) t.heights[size_t(r) * kSmall + c] = static_cast<int16_t>(tilePlane(r, c));
    return t;
}

double tilePlaneAt(const HgtTile& t, double lat, double lon) {
    return tilePlane((t.south + 1 - lat) * (t.size - 1), (lon - t.west) * (t.size - 1));
}

GeoGrid constantGrid(double south, double west, double north, double east, double step, float height) {
    GeoGrid g;
    g.rows = static_cast<int>(std::lround((north - south) / step)) + 1;
    g.cols = static_cast<int>(std::lround((east - west) / step)) + 1;
    g.row0Lat = north;
    g.latStep = -step;
    g.col0Lon = west;
    g.lonStep = step;
    g.heights.assign(size_t(g.rows) * g.cols, height);
    return g;
}

double smoothstep(double t) { return t * t * (3 - 2 * t); }
double cosDeg(double deg) { return std::cos(deg * std::numbers::pi / 180); }

TEST(ElevationModel, EmptyModelCoversNothing) {
    ElevationModel model;
    EXPECT_TRUE(std::isnan(model.sample(52.5, 23.5)));
    EXPECT_FALSE(model.hasSrtm(52.5, 23.5));
    GeoBounds b = model.bounds();
    EXPECT_EQ(b.west, 0);
    EXPECT_EQ(b.east, 0);
}

TEST(ElevationModel, TileIsBilinearAndNodeRegistered) {
    ElevationModel model;
    HgtTile tile = planeTile(52, 23);
    model.addSrtmTile(tile);
    for (auto [lat, lon] : {std::pair{52.5, 23.5}, {52.0123, 23.9876}, {52.99999, 23.00001}, {52.4567, 23.1234}})
        EXPECT_NEAR(model.sample(lat, lon), tilePlaneAt(tile, lat, lon), 1e-3) << lat << "," << lon;
    // Nodes: row 0 is the north edge, column 0 the west edge.
    EXPECT_FLOAT_EQ(model.sample(53.0, 23.0), 500);
    EXPECT_FLOAT_EQ(model.sample(52.0, 23.0), 500 - 2 * 120);
    EXPECT_FLOAT_EQ(model.sample(53.0, 24.0), 500 + 3 * 120);
    EXPECT_TRUE(model.hasSrtm(52.5, 23.5));
}

TEST(ElevationModel, TileCoversItsClosedExtentOnly) {
    ElevationModel model;
    model.addSrtmTile(planeTile(52, 23));
    // The east and north edges lie in cells without a tile but are this tile's last nodes.
    EXPECT_TRUE(model.hasSrtm(52.5, 24.0));
    EXPECT_TRUE(model.hasSrtm(53.0, 23.5));
    EXPECT_TRUE(model.hasSrtm(53.0, 24.0));
    EXPECT_FLOAT_EQ(model.sample(52.5, 24.0), 500 + 3 * 120 - 2 * 60);
    EXPECT_FALSE(model.hasSrtm(52.5, 24.0001));
    EXPECT_FALSE(model.hasSrtm(51.9999, 23.5));
    EXPECT_TRUE(std::isnan(model.sample(52.5, 24.0001)));
    EXPECT_TRUE(std::isnan(model.sample(53.0001, 23.5)));
    EXPECT_TRUE(std::isnan(model.sample(std::nan(""), 23.5)));
    EXPECT_TRUE(std::isnan(model.sample(52.5, 1e300)));
}

TEST(ElevationModel, GridIsBilinearWithinItsNodes) {
    GeoGrid g = constantGrid(50, 20, 52, 22, 0.5, 0); // 5x5 nodes
    for (int r = 0; r < g.rows; ++r)
        for (int c = 0; c < g.cols; ++c) g.heights[size_t(r) * g.cols + c] = float(10 * r + c);
    ElevationModel model;
    model.addGrid(g);
    // Row index = (52 - lat) / 0.5, column = (lon - 20) / 0.5; heights are linear in both.
    auto expected = [](double lat, double lon) { return 10 * (52 - lat) / 0.5 + (lon - 20) / 0.5; };
    for (auto [lat, lon] : {std::pair{51.0, 21.0}, {50.3, 20.1}, {51.77, 21.93}, {50.0, 22.0}, {52.0, 20.0}})
        EXPECT_NEAR(model.sample(lat, lon), expected(lat, lon), 1e-4) << lat << "," << lon;
    EXPECT_FALSE(model.hasSrtm(51, 21));
    // A hair outside the outer nodes (sidecar rounding) takes the edge; farther is uncovered.
    EXPECT_NEAR(model.sample(51.0, 22.002), expected(51.0, 22.0), 1e-4);
    EXPECT_TRUE(std::isnan(model.sample(51.0, 22.1)));
    EXPECT_TRUE(std::isnan(model.sample(49.9, 21.0)));
}

TEST(ElevationModel, FinestGridWinsWhateverTheOrder) {
    for (bool fineFirst : {true, false}) {
        ElevationModel model;
        GeoGrid coarse = constantGrid(40, 10, 60, 40, 1.0, 10);
        GeoGrid fine = constantGrid(50, 20, 52, 22, 0.25, 20);
        if (fineFirst) {
            model.addGrid(fine);
            model.addGrid(coarse);
        } else {
            model.addGrid(coarse);
            model.addGrid(fine);
        }
        EXPECT_FLOAT_EQ(model.sample(51, 21), 20) << fineFirst;
        EXPECT_FLOAT_EQ(model.sample(55, 30), 10) << fineFirst;
    }
}

TEST(ElevationModel, SrtmWinsOverGridsDeepInside) {
    ElevationModel model;
    model.addGrid(constantGrid(50, 20, 55, 26, 0.25, 0));
    model.addSrtmTile(constantTile(52, 23, 100));
    EXPECT_FLOAT_EQ(model.sample(52.5, 23.5), 100);
    EXPECT_FLOAT_EQ(model.sample(52.5, 25.5), 0);
}

// One 100 m tile in a 0 m grid: the height is 100 * smoothstep(distance to the edge / 0.1).
class Feathering : public ::testing::Test {
protected:
    void SetUp() override {
        model.addGrid(constantGrid(50, 20, 56, 26, 0.25, 0));
        model.addSrtmTile(constantTile(52, 23, 100));
    }
    ElevationModel model;
};

TEST_F(Feathering, BlendsBySmoothstepOfTheDistanceToTheEdge) {
    EXPECT_NEAR(model.sample(52.95, 23.5), 50, 1e-3);                 // 0.05 from the north edge
    EXPECT_NEAR(model.sample(52.025, 23.5), 100 * smoothstep(0.25), 1e-3); // 0.025 from the south
    EXPECT_NEAR(model.sample(52.5, 23.0 + 0.02 / cosDeg(52.5)), 100 * smoothstep(0.2), 1e-3); // west
    // Longitude distances shrink with cos(lat): 0.05 degrees of latitude east of the edge.
    EXPECT_NEAR(model.sample(52.5, 24.0 - 0.05 / cosDeg(52.5)), 50, 1e-3);
    EXPECT_FLOAT_EQ(model.sample(52.5, 24.0), 0); // on the edge: the grid only
    EXPECT_FLOAT_EQ(model.sample(52.5, 23.8), 100); // 0.2*cos(52.5) = 0.12 from the edge
    // Near a corner the distance is to the nearer edge.
    EXPECT_NEAR(model.sample(52.95, 24.0 - 0.08 / cosDeg(52.95)), 50, 1e-3);
}

TEST_F(Feathering, HasNoStepAcrossTheEdge) {
    float previous = model.sample(52.5, 23.7);
    for (double lon = 23.701; lon <= 24.2; lon += 0.001) {
        float h = model.sample(52.5, lon);
        // The steepest smoothstep slope is 1.5 per band width: 100 m over 0.1/cos(52.5)
        // degrees of longitude gives at most ~0.92 m per 0.001 degree.
        EXPECT_LE(std::abs(h - previous), 1.0f) << lon;
        EXPECT_LE(h, previous + 1e-4f) << "falls monotonically towards the grid at " << lon;
        previous = h;
    }
}

TEST_F(Feathering, WidthIsAdjustable) {
    model.setFeatherDegrees(0.2);
    EXPECT_NEAR(model.sample(52.9, 23.5), 50, 1e-3);
    model.setFeatherDegrees(0);
    EXPECT_FLOAT_EQ(model.sample(52.9999, 23.5), 100);
    EXPECT_FLOAT_EQ(model.sample(52.5, 24.0001), 0);
    model.setFeatherDegrees(5); // clamped to 1 degree; the nearest edges are east and west
    EXPECT_NEAR(model.sample(52.5, 23.5), 100 * smoothstep(0.5 * cosDeg(52.5)), 1e-3);
}

TEST(ElevationModel, SharedEdgesAreNotFeathered) {
    ElevationModel model;
    model.addGrid(constantGrid(50, 20, 56, 26, 0.25, 0));
    model.addSrtmTile(constantTile(52, 23, 100));
    model.addSrtmTile(constantTile(52, 24, 100));
    model.addSrtmTile(constantTile(53, 23, 100)); // an L: the cell (53, 24) is missing
    EXPECT_FLOAT_EQ(model.sample(52.5, 24.0), 100);
    EXPECT_FLOAT_EQ(model.sample(52.5, 23.97), 100);
    EXPECT_FLOAT_EQ(model.sample(53.0, 23.5), 100);
    // Inside the L's corner the nearest edge is the missing cell's corner (53, 24).
    double d = std::hypot(0.03, 0.04 * cosDeg(52.97));
    EXPECT_NEAR(model.sample(52.97, 23.96), 100 * smoothstep(d / 0.1), 1e-3);
    // On the boundary between the L's tiles both sides agree.
    EXPECT_NEAR(model.sample(53.0, 23.97), 100 * smoothstep(0.03 * cosDeg(53.0) / 0.1), 1e-3);
    EXPECT_NEAR(model.sample(52.99999999, 23.97), model.sample(53.00000001, 23.97), 1e-3);
    // The outer edges still feather.
    EXPECT_NEAR(model.sample(52.5, 25.0 - 0.05 / cosDeg(52.5)), 50, 1e-3);
}

TEST(ElevationModel, WithoutAGridSrtmReachesItsEdge) {
    ElevationModel model;
    model.addSrtmTile(constantTile(52, 23, 100));
    EXPECT_FLOAT_EQ(model.sample(52.5, 24.0), 100);
    EXPECT_FLOAT_EQ(model.sample(52.5, 23.999), 100);
}

TEST(ElevationModel, LaterTileOfTheSameCellReplacesTheEarlier) {
    ElevationModel model;
    model.addSrtmTile(constantTile(52, 23, 100));
    model.addSrtmTile(constantTile(52, 23, 7));
    EXPECT_FLOAT_EQ(model.sample(52.5, 23.5), 7);
}

TEST(ElevationModel, InconsistentTileIsIgnored) {
    ElevationModel model;
    HgtTile bad = constantTile(52, 23, 100);
    bad.heights.pop_back();
    model.addSrtmTile(bad);
    EXPECT_FALSE(model.hasSrtm(52.5, 23.5));
    EXPECT_TRUE(std::isnan(model.sample(52.5, 23.5)));
}

TEST(ElevationModel, BoundsAreTheUnionOfAllSources) {
    ElevationModel model;
    model.addSrtmTile(constantTile(52, 23, 100));
    model.addSrtmTile(constantTile(-3, -75, 100));
    GeoBounds b = model.bounds();
    EXPECT_EQ(b.west, -75);
    EXPECT_EQ(b.south, -3);
    EXPECT_EQ(b.east, 24);
    EXPECT_EQ(b.north, 53);
    model.addGrid(constantGrid(40, 10, 60, 30, 0.5, 0));
    b = model.bounds();
    EXPECT_EQ(b.west, -75);
    EXPECT_EQ(b.south, -3);
    EXPECT_DOUBLE_EQ(b.east, 30);
    EXPECT_DOUBLE_EQ(b.north, 60);
    EXPECT_TRUE(b.contains(52.5, 23.5));
    EXPECT_FALSE(b.contains(61, 23.5));
}

TEST(ElevationModel, MovesKeepTheSources) {
    ElevationModel a;
    a.addSrtmTile(constantTile(52, 23, 100));
    ElevationModel b(std::move(a));
    EXPECT_FLOAT_EQ(b.sample(52.5, 23.5), 100);
    ElevationModel c;
    c = std::move(b);
    EXPECT_FLOAT_EQ(c.sample(52.5, 23.5), 100);
}

// ---- addSrtmDirectory ----

TEST(AddSrtmDirectory, LoadsEveryTileInTheDirectory) {
    test::TempDir dir;
    std::vector<int16_t> heights(1201 * 1201, 42);
    test::writeBytes(dir.path("N52E023.hgt"), test::bigEndianBytes(heights));
    heights.assign(heights.size(), 43);
    test::writeBytes(dir.path("N52E024.HGT"), test::bigEndianBytes(heights));
    test::writeText(dir.path("README.txt"), "not a tile");

    ElevationModel model;
    std::string error;
    ASSERT_TRUE(model.addSrtmDirectory(dir.str(), &error)) << error;
    EXPECT_FLOAT_EQ(model.sample(52.5, 23.5), 42);
    EXPECT_FLOAT_EQ(model.sample(52.5, 24.5), 43);
    GeoBounds b = model.bounds();
    EXPECT_EQ(b.west, 23);
    EXPECT_EQ(b.east, 25);
}

TEST(AddSrtmDirectory, ReportsAMissingOrEmptyDirectory) {
    test::TempDir dir;
    ElevationModel model;
    std::string error;
    EXPECT_FALSE(model.addSrtmDirectory(dir.path("absent"), &error));
    EXPECT_EQ(error.rfind(dir.path("absent") + ":", 0), 0u) << error;
    EXPECT_FALSE(model.addSrtmDirectory(dir.str(), &error));
    EXPECT_NE(error.find("no .hgt"), std::string::npos) << error;
}

TEST(AddSrtmDirectory, ABadTileFailsAndLeavesTheModelUnchanged) {
    test::TempDir dir;
    test::writeBytes(dir.path("N52E023.hgt"), test::bigEndianBytes(std::vector<int16_t>(1201 * 1201, 42)));
    test::writeBytes(dir.path("N52E024.hgt"), std::vector<uint8_t>(77, 0));
    ElevationModel model;
    std::string error;
    EXPECT_FALSE(model.addSrtmDirectory(dir.str(), &error));
    EXPECT_NE(error.find(dir.path("N52E024.hgt")), std::string::npos) << error;
    EXPECT_FALSE(model.hasSrtm(52.5, 23.5));
}

} // namespace
} // namespace kresy
