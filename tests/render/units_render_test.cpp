// Units on the terrain: symbols at known places, in their side's colour, hidden behind the hill.
#include "app/terrain_view.h"
#include "image_compare.h"
#include "render_fixture.h"
#include "scene/units_view.h"

#include <gtest/gtest.h>

using namespace kresy;

namespace {

Unit unitAt(const std::string& id, const std::string& side, UnitType type, Echelon echelon, const GeoPoint& p,
            Time from, Time to) {
    Unit u;
    u.id = id;
    u.name = id;
    u.side = side;
    u.type = type;
    u.echelon = echelon;
    Waypoint a, b;
    a.time.time = from;
    b.time.time = to;
    a.lat = b.lat = p.lat;
    a.lon = b.lon = p.lon;
    u.track = {a, b};
    return u;
}

// A replay of these units, Polish (blue) and Soviet (red).
std::shared_ptr<Replay> twoSides(std::vector<Unit> units) {
    auto replay = std::make_shared<Replay>();
    replay->metadata.title = "test";
    replay->sides = {{"pl", "Poland", 0x2a5fd8, Affiliation::Friend, Json::object()},
                     {"su", "Soviet Union", 0xd8281e, Affiliation::Hostile, Json::object()}};
    replay->units = std::move(units);
    return replay;
}

// Pixels near `at` whose colour is dominated by blue, or by red.
int countNear(const ImageRGBA8& image, glm::dvec2 at, bool blue) {
    int count = 0;
    for (int y = int(at.y) - 10; y <= int(at.y) + 10; ++y)
        for (int x = int(at.x) - 14; x <= int(at.x) + 14; ++x) {
            if (x < 0 || y < 0 || x >= image.width || y >= image.height)
                continue;
            const uint8_t* p = &image.pixels[(size_t(y) * image.width + x) * 4];
            int r = p[0], b = p[2];
            count += blue ? (b > r + 60) : (r > b + 60);
        }
    return count;
}

TEST_F(RenderTest, UnitsStandAtTheirPlacesAndHideBehindTerrain) {
    const Time t = at("1939-09-20T12:00:00Z");
    const Camera camera = hillCamera();
    // Blue on the plain in front of the hill; red beside it; red behind it, on the line of sight
    // from the camera over the hill top (1.5 km beyond the top, where the hill hides it).
    const GeoPoint blue = offsetPoint(kHillTop, 3000, -1500, 0);
    const GeoPoint red = offsetPoint(kHillTop, 2500, 1800, 0);
    const GeoPoint hidden{kHillTop.lat + 0.2 * (kHillTop.lat - camera.position.lat),
                          kHillTop.lon + 0.2 * (kHillTop.lon - camera.position.lon), 0};
    auto replay = twoSides({unitAt("blue", "pl", UnitType::Infantry, Echelon::Battalion, blue, t - 3600, t + 3600),
                     unitAt("red", "su", UnitType::Armour, Echelon::Battalion, red, t - 3600, t + 3600),
                     unitAt("hidden", "su", UnitType::Armour, Echelon::Battalion, hidden, t - 3600, t + 3600),
                     unitAt("later", "su", UnitType::Armour, Echelon::Battalion, blue, t + 600, t + 7200)});
    UnitsView units(replay);

    // Its own renderer: the suite's keeps tile surfaces by tile id from other tests' pyramids.
    Renderer own;
    std::string error;
    ASSERT_TRUE(own.init(&device, KRESY_SHADER_DIR, &error)) << error;
    TerrainView terrain;
    terrain.open(hillSource(), TerrainViewOptions{});
    FrameInput frame;
    ASSERT_TRUE(settleFrame(terrain, own, camera, t, 480, 270, &frame));
    units.addMarks(&frame, UnitDisplay{}, [&](double lat, double lon) { return terrain.heightAt(lat, lon); });
    ASSERT_EQ(frame.billboards.size(), 3u) << "the unit whose track starts later is not on the map yet";
    ImageRGBA8 image;
    own.drawFrame(frame, nullptr, &image);
    own.shutdown();

    const EnuFrame& sceneFrame = terrain.scene();
    auto ground = [&](const GeoPoint& p) { return GeoPoint{p.lat, p.lon, terrain.heightAt(p.lat, p.lon)}; };
    EXPECT_GT(countNear(image, project(frame, sceneFrame, ground(blue)), true), 40);
    EXPECT_GT(countNear(image, project(frame, sceneFrame, ground(red)), false), 40);
    EXPECT_LT(countNear(image, project(frame, sceneFrame, ground(hidden)), false), 3) << "a unit behind the hill shows";
    EXPECT_EQ(units.pick(frame, project(frame, sceneFrame, ground(blue)).x, project(frame, sceneFrame, ground(blue)).y), 0);
    EXPECT_EQ(units.pick(frame, 5, 5), -1);

    ImageComparison c = compareWithReference(image, kReferences, "units");
    EXPECT_TRUE(c.pass) << c.message;
}

} // namespace

namespace {

// Pixels within `radius` of `at` that differ between two images by more than 24 in any channel,
// and how many of those are clearly red in `a` (twice as much red as green or blue).
struct Changed {
    int count = 0, red = 0;
};
Changed changedNear(const ImageRGBA8& a, const ImageRGBA8& b, glm::dvec2 at, int radius) {
    Changed c;
    for (int y = int(at.y) - radius; y <= int(at.y) + radius; ++y)
        for (int x = int(at.x) - radius; x <= int(at.x) + radius; ++x) {
            if (x < 0 || y < 0 || x >= a.width || y >= a.height)
                continue;
            const uint8_t* p = &a.pixels[(size_t(y) * a.width + x) * 4];
            const uint8_t* q = &b.pixels[(size_t(y) * b.width + x) * 4];
            if (std::abs(p[0] - q[0]) > 24 || std::abs(p[1] - q[1]) > 24 || std::abs(p[2] - q[2]) > 24) {
                ++c.count;
                c.red += p[0] > 60 && p[0] > 2 * p[1] && p[0] > 2 * p[2];
            }
        }
    return c;
}

TEST_F(RenderTest, ModelsStandOnTheTerrainAndHideBehindIt) {
    const Time t = at("1939-09-20T12:00:00Z");
    Camera camera = hillCamera();
    camera.position = offsetPoint(kHillTop, 3000, -300, 1200); // 3 km east of the hill, looking west at it
    camera.pitchDeg = -15;
    const GeoPoint truck = offsetPoint(kHillTop, 1400, -700, 0);
    const GeoPoint broken = offsetPoint(kHillTop, 1300, 600, 0);
    // 1.5 km beyond the hill top on the line of sight, where the ground lies 270 m below it.
    const GeoPoint hidden{kHillTop.lat + 0.5 * (kHillTop.lat - camera.position.lat),
                          kHillTop.lon + 0.5 * (kHillTop.lon - camera.position.lon), 0};
    auto replay = twoSides({unitAt("truck", "pl", UnitType::Motorised, Echelon::Battalion, truck, t - 3600, t + 3600),
                     unitAt("broken", "su", UnitType::Armour, Echelon::Battalion, broken, t - 3600, t + 3600),
                     unitAt("hidden", "su", UnitType::Motorised, Echelon::Battalion, hidden, t - 3600, t + 3600)});
    replay->units[0].track[1].lat += 0.01; // the truck drives north
    replay->units[0].model = replay->units[2].model = "../models/CesiumMilkTruck.glb";
    replay->units[1].model = "no-such-model.glb";
    std::vector<std::string> problems;
    auto models = loadUnitModels(*replay, std::string(KRESY_DATA_DIR) + "/replays", &problems);
    ASSERT_EQ(problems.size(), 1u);
    UnitsView units(replay);
    units.setModels(models);

    Renderer own; // its own: the suite's keeps tile surfaces by tile id from other tests' pyramids
    std::string error;
    ASSERT_TRUE(own.init(&device, KRESY_SHADER_DIR, &error)) << error;
    TerrainView terrain;
    terrain.open(hillSource(), TerrainViewOptions{});
    FrameInput frame;
    ASSERT_TRUE(settleFrame(terrain, own, camera, t, 480, 270, &frame));
    const FrameInput bare = frame;
    units.addMarks(&frame, UnitDisplay{}, [&](double lat, double lon) { return terrain.heightAt(lat, lon); });
    ASSERT_EQ(frame.models.size(), 2u); // the truck (twice) and the placeholder
    ImageRGBA8 withMarks, onlyModels, terrainOnly;
    own.drawFrame(frame, nullptr, &withMarks);
    FrameInput modelsAlone = frame;
    modelsAlone.billboards.clear();
    modelsAlone.lines.clear();
    own.drawFrame(modelsAlone, nullptr, &onlyModels);
    own.drawFrame(bare, nullptr, &terrainOnly);
    own.shutdown();

    const EnuFrame& sceneFrame = terrain.scene();
    // Where each unit stands now (the truck has driven on), a little above the ground.
    auto at = [&](size_t unit) {
        const UnitState& s = units.states()[unit];
        return project(frame, sceneFrame, {s.lat, s.lon, terrain.heightAt(s.lat, s.lon) + 2});
    };
    const Changed atTruck = changedNear(onlyModels, terrainOnly, at(0), 8);
    const Changed atBroken = changedNear(onlyModels, terrainOnly, at(1), 8);
    const Changed atHidden = changedNear(onlyModels, terrainOnly, at(2), 8);
    EXPECT_GT(atTruck.count, 40) << "no truck where the unit stands";
    EXPECT_LT(atTruck.red, 5) << "the truck is drawn in its own colours, not its side's";
    EXPECT_GT(atBroken.count, 20) << "no placeholder for the model that failed to load";
    EXPECT_GT(atBroken.red, atBroken.count / 2) << "the placeholder is not in its side's red";
    EXPECT_LT(atHidden.count, 3) << "a model behind the hill shows";

    ImageComparison c = compareWithReference(withMarks, kReferences, "models");
    EXPECT_TRUE(c.pass) << c.message;
}

} // namespace
