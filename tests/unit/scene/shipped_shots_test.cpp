// The shots and the lecture deck shipped in data/shots: each checks clean against the 1939
// replay, and every shot keeps the camera above the real terrain (SRTM, and ETOPO5 where SRTM
// ends) the whole way, sampled at 30 frames a second.
#include "replays/replay_io.h"
#include "scene/camera_path.h"
#include "scene/shot_io.h"
#include "terrain/dem.h"
#include "terrain/elevation.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kresy {
namespace {

const std::string kData = KRESY_DATA_DIR;
const char* const kShots[] = {"overview.json", "grodno.json", "szack.json", "kock.json"};
const LonLatBox kRegion{12, 45, 34, 58};

const Replay& campaign() {
    static const Replay replay = [] {
        Replay r;
        std::vector<Diagnostic> d;
        EXPECT_TRUE(loadReplay(kData + "/replays/1939-soviet-invasion.json", &kRegion, &r, &d));
        return r;
    }();
    return replay;
}

const ElevationModel& elevation() {
    static const ElevationModel model = [] {
        ElevationModel m;
        GeoGrid grid;
        std::string error;
        EXPECT_TRUE(readGeoGrid(kData + "/dem/etopo5/etopo5_E12-34_N45-58.json", &grid, &error)) << error;
        m.addGrid(std::move(grid));
        EXPECT_TRUE(m.addSrtmDirectory(kData + "/dem/srtm3", &error)) << error;
        return m;
    }();
    return model;
}

std::string describe(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics)
        out += formatDiagnostic(d) + "\n";
    return out;
}

TEST(ShippedShots, EachChecksCleanAgainstTheCampaign) {
    for (const char* name : kShots) {
        Shot shot;
        std::vector<Diagnostic> diagnostics;
        EXPECT_TRUE(loadShot(kData + "/shots/" + name, &kRegion, &shot, &diagnostics, &campaign())) << name;
        EXPECT_TRUE(diagnostics.empty()) << describe(diagnostics);
        EXPECT_GE(shot.keys.size(), 3u) << name;
    }
    Deck deck;
    std::vector<Diagnostic> diagnostics;
    EXPECT_TRUE(loadDeck(kData + "/shots/lecture.deck.json", &kRegion, &deck, &diagnostics, &campaign()));
    EXPECT_TRUE(diagnostics.empty()) << describe(diagnostics);
    EXPECT_GE(deck.bookmarks.size(), 10u);
    // A lecture runs forwards: the date never goes back from one bookmark to the next.
    for (size_t i = 1; i < deck.bookmarks.size(); ++i)
        EXPECT_GE(deck.bookmarks[i].time.time, deck.bookmarks[i - 1].time.time) << deck.bookmarks[i].title;
}

TEST(ShippedShots, TheCameraStaysAboveTheTerrainTheWholeWay) {
    for (const char* name : kShots) {
        Shot shot;
        std::vector<Diagnostic> diagnostics;
        ASSERT_TRUE(loadShot(kData + "/shots/" + name, &kRegion, &shot, &diagnostics, &campaign())) << name;
        const CameraPath path(shot);
        double lowest = 1e9;
        for (double t = 0; t <= path.duration(); t += 1.0 / 30) {
            const GeoPoint p = path.evaluate(t).camera.position;
            const float ground = elevation().sample(p.lat, p.lon);
            ASSERT_FALSE(std::isnan(ground)) << name << " leaves the elevation data at " << t << " s";
            lowest = std::min(lowest, p.alt - ground);
        }
        EXPECT_GT(lowest, 300) << name << " comes within " << lowest << " m of the ground";
    }
}

} // namespace
} // namespace kresy
