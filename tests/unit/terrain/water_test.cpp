// Lakes: GMT polygons read with line-numbered errors, even-odd filling, and the real GSHHG lakes.
#include "terrain/water.h"

#include <gtest/gtest.h>

#include <string>

namespace kresy {
namespace {

uint8_t waterAt(const WaterPolygons& w, double lat, double lon) {
    uint8_t out = 0;
    rasterizeWater(w, &lat, 1, &lon, 1, &out);
    return out;
}

TEST(Water, BadLinesNameTheLine) {
    WaterPolygons w;
    std::string error;
    EXPECT_FALSE(parseGmtPolygons("> lake\n23.0 51.0\n23.5 fifty\n", "lakes.txt", &w, &error));
    EXPECT_EQ(error, "lakes.txt:3: expected \"longitude latitude\" in degrees, or a '>' line");
    EXPECT_FALSE(parseGmtPolygons("> lake\n23.0 51.0 7\n", "lakes.txt", &w, &error));
    EXPECT_NE(error.find("lakes.txt:2:"), std::string::npos);
    EXPECT_FALSE(parseGmtPolygons("> lake\n230.0 51.0\n", "lakes.txt", &w, &error));
    EXPECT_NE(error.find("lakes.txt:2:"), std::string::npos);
    EXPECT_FALSE(readGmtPolygons("/nonexistent/lakes.txt", &w, &error));
    EXPECT_NE(error.find("/nonexistent/lakes.txt"), std::string::npos);
}

TEST(Water, IslandsInLakesAreLand) {
    // A 2x2 degree lake with a 1x1 degree island in its middle, and a pond on the island.
    const char* text = "# comment\n> lake\n22 50\n24 50\n24 52\n22 52\n"
                       "> island\n22.5 50.5\n23.5 50.5\n23.5 51.5\n22.5 51.5\n22.5 50.5\n"
                       "> pond\r\n22.9 50.9\r\n23.1 50.9\r\n23.1 51.1\r\n22.9 51.1\r\n";
    WaterPolygons w;
    std::string error;
    ASSERT_TRUE(parseGmtPolygons(text, "t", &w, &error)) << error;
    EXPECT_EQ(w.polygons, 3);
    EXPECT_EQ(waterAt(w, 50.2, 22.2), 1); // lake
    EXPECT_EQ(waterAt(w, 50.7, 22.7), 0); // island
    EXPECT_EQ(waterAt(w, 51.0, 23.0), 1); // pond
    EXPECT_EQ(waterAt(w, 49.9, 23.0), 0); // outside, south
    EXPECT_EQ(waterAt(w, 51.0, 24.1), 0); // outside, east
}

TEST(Water, RowsOfSamplesMatchSingleSamples) {
    WaterPolygons w;
    std::string error;
    ASSERT_TRUE(parseGmtPolygons("> tri\n20 50\n22 50\n21 52\n", "t", &w, &error)) << error;
    const double lats[] = {50.5, 51.0, 51.9};
    const double lons[] = {20.1, 20.5, 21.0, 21.5, 21.9};
    uint8_t grid[15];
    rasterizeWater(w, lats, 3, lons, 5, grid);
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 5; ++x)
            EXPECT_EQ(grid[y * 5 + x], waterAt(w, lats[y], lons[x])) << y << "," << x;
    EXPECT_EQ(grid[0 * 5 + 2], 1); // the middle of the base
    EXPECT_EQ(grid[2 * 5 + 0], 0); // beside the apex
}

// The default dataset's lakes: Svitiaz, the largest of the Shatsk lakes by Szack, is water; the
// town is not.
TEST(Water, ShatskLakesFromTheDefaultDataset) {
    WaterPolygons w;
    std::string error;
    ASSERT_TRUE(readGmtPolygons(std::string(KRESY_DATA_DIR) + "/vector/gshhg_lakes_f.txt", &w, &error)) << error;
    EXPECT_GT(w.polygons, 100);
    EXPECT_EQ(waterAt(w, 51.51, 23.85), 1); // Svitiaz
    EXPECT_EQ(waterAt(w, 51.49, 23.93), 0); // Szack
    EXPECT_EQ(waterAt(w, 53.68, 23.83), 0); // Grodno
}

} // namespace
} // namespace kresy
