// The elevation model on the project's real dataset (build/data): 34 SRTM3 tiles over
// 19-24E 49-56N and ETOPO5 over 12-34E 45-58N. Checked values come from data/README.md.

#include "terrain/elevation.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace kresy {
namespace {

const std::string kSrtmDir = std::string(KRESY_DATA_DIR) + "/dem/srtm3";
const std::string kEtopo5 = std::string(KRESY_DATA_DIR) + "/dem/etopo5/etopo5_E12-34_N45-58.json";

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Bilinear height from a tile, written independently of the model's code.
double tileBilinear(const HgtTile& t, double lat, double lon) {
    double y = (t.south + 1 - lat) * (t.size - 1), x = (lon - t.west) * (t.size - 1);
    int r = static_cast<int>(std::floor(y)), c = static_cast<int>(std::floor(x));
    double fy = y - r, fx = x - c;
    auto h = [&](int rr, int cc) { return double(t.heights[size_t(rr) * t.size + cc]); };
    return h(r, c) * (1 - fx) * (1 - fy) + h(r, c + 1) * fx * (1 - fy) + h(r + 1, c) * (1 - fx) * fy +
           h(r + 1, c + 1) * fx * fy;
}

class RealData : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        model = new ElevationModel;
        auto start = std::chrono::steady_clock::now();
        if (!model->addSrtmDirectory(kSrtmDir, &loadError)) return;
        std::printf("[ timing ] addSrtmDirectory (%s): %.3f s\n", kSrtmDir.c_str(), secondsSince(start));
        GeoGrid etopo;
        if (!readGeoGrid(kEtopo5, &etopo, &loadError)) return;
        model->addGrid(etopo);
        gridOnly = new ElevationModel;
        gridOnly->addGrid(std::move(etopo));
    }
    static void TearDownTestSuite() {
        delete model;
        delete gridOnly;
        model = gridOnly = nullptr;
    }
    void SetUp() override { ASSERT_TRUE(loadError.empty()) << loadError; }

    static ElevationModel* model;
    static ElevationModel* gridOnly; // ETOPO5 alone
    static std::string loadError;
};

ElevationModel* RealData::model = nullptr;
ElevationModel* RealData::gridOnly = nullptr;
std::string RealData::loadError;

struct Place {
    const char* name;
    double lat, lon;
    double srtm, etopo5; // data/README.md's checked values, metres
};

// WGS84 positions; the README does not say exactly where its values were taken (its ETOPO5
// values are the nodes nearest these points, and bilinear heights differ from them by up to
// ~5 m here), so the tolerance allows for the exact point mattering on 90 m and 9 km grids.
const Place kPlaces[] = {
    {"Grodno", 53.6694, 23.8131, 128, 140},   {"Brest", 52.0976, 23.7341, 138, 141},
    {"Szack", 51.490, 23.930, 168, 169},      {"Wytyczno", 51.428, 23.216, 163, 175},
    {"Kock", 51.640, 22.449, 143, 143},       {"Tomaszow Lubelski", 50.448, 23.417, 268, 259},
};
constexpr double kCheckedTolerance = 15;

TEST_F(RealData, SrtmMatchesTheCheckedValues) {
    for (const Place& p : kPlaces) {
        EXPECT_TRUE(model->hasSrtm(p.lat, p.lon)) << p.name;
        EXPECT_NEAR(model->sample(p.lat, p.lon), p.srtm, kCheckedTolerance) << p.name;
    }
}

TEST_F(RealData, Etopo5MatchesTheCheckedValues) {
    for (const Place& p : kPlaces) EXPECT_NEAR(gridOnly->sample(p.lat, p.lon), p.etopo5, kCheckedTolerance) << p.name;
}

TEST_F(RealData, EastOf24OnlyEtopo5Covers) {
    // Lwow: the README's 307 m is the ETOPO5 node nearest the city; the four nodes around it
    // hold 260-307 m (the city sits at the foot of a ridge, in 9 km cells), so the bilinear
    // height is ~288 m. 25 m covers that spread and still catches a wrong row or column
    // (the neighbouring nodes differ by 10-50 m) or a byte-order mistake.
    EXPECT_FALSE(model->hasSrtm(49.8397, 24.0297));
    EXPECT_NEAR(model->sample(49.8397, 24.0297), 307, 25);
    // Wilno: nearest node 190 m, surrounding nodes 157-208 m; bilinear ~187 m.
    EXPECT_FALSE(model->hasSrtm(54.6872, 25.2797));
    EXPECT_NEAR(model->sample(54.6872, 25.2797), 190, 15);
}

TEST_F(RealData, BoundsAreEtopo5sExtent) {
    GeoBounds b = model->bounds();
    EXPECT_NEAR(b.west, 12, 1e-3);
    EXPECT_NEAR(b.east, 34, 1e-3);
    EXPECT_NEAR(b.south, 45, 1e-3);
    EXPECT_NEAR(b.north, 58, 1e-3);
}

TEST_F(RealData, TilesHaveFewVoidsAndNoneLeft) {
    int tiles = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kSrtmDir)) {
        if (entry.path().extension() != ".hgt") continue;
        HgtTile t;
        std::string error;
        ASSERT_TRUE(readHgt(entry.path().string(), &t, &error)) << error;
        ++tiles;
        EXPECT_EQ(t.size, 1201) << entry.path();
        EXPECT_LE(t.voidsFilled, 29) << entry.path(); // the README: 0-29 voids a tile
        for (int16_t h : t.heights) ASSERT_NE(h, -32768) << entry.path();
    }
    EXPECT_EQ(tiles, 34);
}

TEST_F(RealData, DeepInsideSrtmIsPureSrtm) {
    for (const char* name : {"N50E023.hgt", "N52E023.hgt", "N54E022.hgt"}) {
        HgtTile t;
        std::string error;
        ASSERT_TRUE(readHgt(kSrtmDir + "/" + name, &t, &error)) << error;
        for (double dLat : {0.21, 0.5, 0.777})
            for (double lon : {t.west + 0.5, t.west + 0.3123, t.west + 0.8})
                EXPECT_NEAR(model->sample(t.south + dLat, lon), tileBilinear(t, t.south + dLat, lon), 1e-3)
                    << name << " " << dLat << " " << lon;
    }
}

// Heights along a parallel from 23.80E to 24.05E every 0.001 degree, across SRTM's east edge.
double profileLon(int i) { return 23.8 + i * 0.001; }

std::vector<float> profile(const ElevationModel& m, double lat) {
    std::vector<float> h;
    for (int i = 0; i <= 250; ++i) h.push_back(m.sample(lat, profileLon(i)));
    return h;
}

// The largest change between consecutive samples in [begin, end).
float maxJump(const std::vector<float>& h, size_t begin, size_t end) {
    float jump = 0;
    for (size_t i = begin + 1; i < end; ++i) jump = std::max(jump, std::abs(h[i] - h[i - 1]));
    return jump;
}

TEST_F(RealData, NoStepAtTheEastEdgeOfSrtm) {
    // Parallels where SRTM and ETOPO5 disagree at 24E by 11-77 m, so a missing or broken
    // blend shows. SRTM's own terrain changes by up to ~20 m between samples 0.001 degree apart
    // (river banks, the Roztocze hills), hence the comparison with the terrain's own jumps.
    for (double lat : {49.3, 49.5, 53.2, 53.5, 54.5}) {
        size_t edge = 0; // the first sample east of SRTM
        while (model->hasSrtm(lat, profileLon(static_cast<int>(edge)))) ++edge;
        ASSERT_NEAR(profileLon(static_cast<int>(edge)), 24.0, 0.0011) << lat;

        model->setFeatherDegrees(0);
        std::vector<float> hard = profile(*model, lat);
        model->setFeatherDegrees(0.1);
        std::vector<float> soft = profile(*model, lat);
        for (float h : soft) ASSERT_FALSE(std::isnan(h)) << lat;

        float natural = std::max(maxJump(hard, 0, edge), maxJump(hard, edge, hard.size()));
        float step = std::abs(hard[edge] - hard[edge - 1]);
        float softJump = maxJump(soft, 0, soft.size());
        std::printf("[ profile ] %.2fN: step without feathering %.1f m, largest jump elsewhere %.1f m, "
                    "largest jump feathered %.1f m\n",
                    lat, step, natural, softJump);
        // Without feathering SRTM meets ETOPO5 with a step here...
        EXPECT_GE(step, 10.0f) << lat;
        // ...which feathering spreads over the band: no jump beyond the terrain's own, and
        // none larger than a few metres.
        EXPECT_LE(softJump, natural + 1.5f) << lat;
        EXPECT_LE(softJump, 8.0f) << lat;
        EXPECT_LE(std::abs(soft[edge] - soft[edge - 1]), 2.0f) << lat;
    }
}

} // namespace
} // namespace kresy
