// Which units are shown: formations open into their subordinates as the camera nears.
#include "scene/units_view.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace kresy {
namespace {

Unit unit(const std::string& id, Echelon echelon, const char* parent, double lat, double lon, Time from, Time to) {
    Unit u;
    u.id = u.name = id;
    u.side = "su";
    u.type = UnitType::Infantry;
    u.echelon = echelon;
    if (parent)
        u.parent = parent;
    Waypoint a, b;
    a.time.time = from;
    b.time.time = to;
    a.lat = b.lat = lat;
    a.lon = b.lon = lon;
    u.track = {a, b};
    return u;
}

struct Fixture {
    std::shared_ptr<Replay> replay = std::make_shared<Replay>();
    EnuFrame scene = makeEnuFrame({52, 24, 0});
    Fixture() {
        replay->sides = {{"su", "Soviet Union", 0xd8281e, Affiliation::Hostile, Json::object()}};
        replay->units = {unit("front", Echelon::Front, nullptr, 52, 24, 0, 100),
                         unit("army1", Echelon::Army, "front", 52, 23.5, 0, 100),
                         unit("army2", Echelon::Army, "front", 52, 24.5, 0, 100),
                         unit("div", Echelon::Division, "army1", 52, 23.5, 50, 100)};
    }
    std::vector<uint32_t> shown(const UnitsView& view, Time t, double eyeAltitude) {
        std::vector<UnitState> states(view.index().unitCount());
        sampleUnits(view.index(), t, states.data());
        std::vector<uint32_t> out;
        view.selectShown(states, scene, geodeticToEnu(scene, {52, 24, eyeAltitude}), 1.0, &out);
        std::sort(out.begin(), out.end());
        return out;
    }
};

TEST(UnitsView, FormationsOpenAsTheCameraNears) {
    Fixture f;
    UnitsView view(f.replay);
    EXPECT_EQ(f.shown(view, 10, 600e3), (std::vector<uint32_t>{0}));    // the front alone
    EXPECT_EQ(f.shown(view, 10, 300e3), (std::vector<uint32_t>{1, 2})); // its armies
    // The division exists from t = 50: before that, the army stands for itself even up close.
    EXPECT_EQ(f.shown(view, 10, 20e3), (std::vector<uint32_t>{1, 2}));
    EXPECT_EQ(f.shown(view, 60, 20e3), (std::vector<uint32_t>{2, 3}));
    EXPECT_EQ(f.shown(view, 200, 20e3), (std::vector<uint32_t>{})); // everyone's track has ended
}

TEST(UnitsView, AFormationOffTheMapStillShowsItsUnits) {
    Fixture f;
    f.replay->units[0].track[1].time.time = 5; // the front's track ends early
    UnitsView view(f.replay);
    EXPECT_EQ(f.shown(view, 10, 600e3), (std::vector<uint32_t>{1, 2}));
}

TEST(UnitsView, MarksHaveSymbolsTrailsAndCirclesOnScreen) {
    Fixture f;
    f.replay->units.resize(2); // the front and one army
    f.replay->units[1].parent.reset();
    f.replay->units[1].track[1].lon = 23.7; // it moves east
    f.replay->units[1].track[0].uncertaintyKm = f.replay->units[1].track[1].uncertaintyKm = 20;
    UnitsView view(f.replay);
    Camera camera;
    camera.position = {51.3, 23.6, 100e3};
    camera.pitchDeg = -60;
    FrameInput frame = makeFrameInput(camera, f.scene, 50, 1280, 720, 0);
    UnitDisplay display;
    view.addMarks(&frame, display, [](double, double) { return 0.0; });
    ASSERT_EQ(frame.billboards.size(), 2u);
    ASSERT_TRUE(frame.atlas && frame.atlas->width > 0);
    // A trail behind the moving army, and its 20 km circle (about 140 px on screen) as a ring.
    size_t thin = 0, thick = 0;
    for (const LineSegment& l : frame.lines)
        (l.widthPixels < 2 ? thin : thick)++;
    EXPECT_GE(thin, 12u) << "no uncertainty circle";
    EXPECT_GE(thick, 1u) << "no trail";
    // The army's symbol is where it is: picking its point finds it.
    const UnitState& s = view.states()[1];
    glm::vec4 clip = frame.camera.viewProjection *
                     glm::vec4(glm::vec3(geodeticToEnu(f.scene, {s.lat, s.lon, 0}) - frame.camera.eye), 1.0f);
    EXPECT_EQ(view.pick(frame, (clip.x / clip.w + 1) * 640, (clip.y / clip.w + 1) * 360), 1);
    // Without trails or circles: symbols only.
    FrameInput bare = makeFrameInput(camera, f.scene, 50, 1280, 720, 0);
    display.trailHours = 0;
    display.uncertainty = false;
    view.addMarks(&bare, display, [](double, double) { return 0.0; });
    EXPECT_TRUE(bare.lines.empty());
    EXPECT_EQ(bare.billboards.size(), 2u);
}

TEST(UnitsView, NearUnitsStandOnTheirModelsTurnedToTheirMotion) {
    Fixture f;
    f.replay->units.resize(1);
    Unit& u = f.replay->units[0];
    u.echelon = Echelon::Battalion;
    u.track[0].lon = 24.0;
    u.track[1].lon = 24.1; // it moves east
    UnitsView view(f.replay);
    view.setModels({placeholderModel()});
    const double groundHeight = 150;
    auto flat = [&](double, double) { return groundHeight; };
    auto frameFrom = [&](double distance) {
        Camera camera;
        camera.position = {51.9, 24.05, 0};
        camera.position.lat = 52 - glm::degrees(distance * 0.7 / kEarthMeanRadius);
        camera.position.alt = groundHeight + distance * 0.7;
        camera.pitchDeg = -45;
        return makeFrameInput(camera, f.scene, 50, 1280, 720, groundHeight);
    };

    FrameInput near = frameFrom(500);
    view.addMarks(&near, UnitDisplay{}, flat);
    ASSERT_EQ(near.models.size(), 1u);
    ASSERT_EQ(near.models[0].instances.size(), 1u);
    const ModelInstance& m = near.models[0].instances[0];
    const UnitState& s = view.states()[0];
    const EnuFrame& scene = f.scene;
    // On the ground under the unit, its front to the east, upright.
    EXPECT_LT(glm::length(m.position - geodeticToEnu(scene, {s.lat, s.lon, groundHeight})), 0.01);
    const glm::dvec3 east = rotateEnuDirection(scene, {s.lat, s.lon, 0}, {1, 0, 0});
    const glm::dvec3 up = rotateEnuDirection(scene, {s.lat, s.lon, 0}, {0, 0, 1});
    EXPECT_GT(glm::dot(glm::normalize(m.forward), east), 0.999);
    EXPECT_GT(glm::dot(glm::normalize(m.up), up), 0.999);
    EXPECT_NEAR(glm::length(m.forward), glm::length(m.up), 1e-9); // a uniform scale
    EXPECT_NEAR(glm::dot(m.right, m.forward), 0, 1e-6);
    // Magnified to UnitDisplay::modelPixels on screen: four times as much four times as far,
    // up to modelMaxScale.
    FrameInput far = frameFrom(2000);
    view.addMarks(&far, UnitDisplay{}, flat);
    ASSERT_EQ(far.models.size(), 1u);
    const double scaleNear = glm::length(m.forward), scaleFar = glm::length(far.models[0].instances[0].forward);
    EXPECT_GT(scaleNear, 1);
    EXPECT_NEAR(scaleFar / scaleNear, 4, 0.2);
    FrameInput farther = frameFrom(20e3);
    view.addMarks(&farther, UnitDisplay{}, flat);
    ASSERT_EQ(farther.models.size(), 1u);
    EXPECT_NEAR(glm::length(farther.models[0].instances[0].forward), UnitDisplay{}.modelMaxScale, 1e-6);
    // The symbol stands above the model's roof, not on the ground.
    ASSERT_EQ(near.billboards.size(), 1u);
    const double symbolHeight = glm::dot(near.billboards[0].position - m.position, up);
    EXPECT_GT(symbolHeight, placeholderModel()->boundsMax.z * scaleNear);

    // Beyond modelDistance, or with models off: the symbol alone, back on the ground.
    FrameInput beyond = frameFrom(60e3);
    view.addMarks(&beyond, UnitDisplay{}, flat);
    EXPECT_TRUE(beyond.models.empty());
    UnitDisplay off;
    off.models = false;
    FrameInput without = frameFrom(500);
    view.addMarks(&without, off, flat);
    EXPECT_TRUE(without.models.empty());
    ASSERT_EQ(without.billboards.size(), 1u);
    EXPECT_LT(glm::dot(without.billboards[0].position - m.position, up), symbolHeight / 2);
}

TEST(UnitsView, ModelsLoadOncePerFileAndBrokenOnesBecomePlaceholders) {
    Replay replay;
    replay.units.resize(4);
    const char* ids[] = {"a", "b", "c", "d"};
    for (size_t i = 0; i < 4; ++i)
        replay.units[i].id = ids[i];
    replay.units[0].model = "../models/CesiumMilkTruck.glb";
    replay.units[1].model = "../models/CesiumMilkTruck.glb";
    replay.units[2].model = "missing.glb";
    std::vector<std::string> problems;
    auto models = loadUnitModels(replay, std::string(KRESY_DATA_DIR) + "/replays", &problems);
    ASSERT_EQ(models.size(), 4u);
    ASSERT_TRUE(models[0] && models[1]);
    EXPECT_EQ(models[0], models[1]) << "one file, loaded once";
    EXPECT_FALSE(models[0]->placeholder);
    ASSERT_TRUE(models[2]);
    EXPECT_TRUE(models[2]->placeholder);
    EXPECT_FALSE(models[3]);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0], "unit \"c\": model " + std::string(KRESY_DATA_DIR) +
                               "/replays/missing.glb: cannot open the file; a placeholder is drawn instead");
}

TEST(UnitsView, OpenDistancesGrowWithEchelon) {
    for (int rank = 1; rank <= 6; ++rank)
        EXPECT_GT(formationOpenDistance(rank), formationOpenDistance(rank - 1));
    EXPECT_EQ(formationOpenDistance(0), 0.0); // battalions have nothing to open into
}

} // namespace
} // namespace kresy
