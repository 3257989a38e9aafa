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
    auto replay = std::make_shared<Replay>();
    replay->metadata.title = "test";
    replay->sides = {{"pl", "Poland", 0x2a5fd8, Affiliation::Friend, Json::object()},
                     {"su", "Soviet Union", 0xd8281e, Affiliation::Hostile, Json::object()}};
    replay->units = {unitAt("blue", "pl", UnitType::Infantry, Echelon::Battalion, blue, t - 3600, t + 3600),
                     unitAt("red", "su", UnitType::Armour, Echelon::Battalion, red, t - 3600, t + 3600),
                     unitAt("hidden", "su", UnitType::Armour, Echelon::Battalion, hidden, t - 3600, t + 3600),
                     unitAt("later", "su", UnitType::Armour, Echelon::Battalion, blue, t + 600, t + 7200)};
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
