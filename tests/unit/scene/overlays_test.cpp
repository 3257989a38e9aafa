#include "scene/overlays.h"

#include "scene/camera.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kresy {
namespace {

TEST(Layers, ParsesListsNamesAllAndNone) {
    LayerSet set;
    std::string error;
    ASSERT_TRUE(parseLayerList("rivers,places", &set, &error)) << error;
    EXPECT_TRUE(set[Layer::Rivers]);
    EXPECT_TRUE(set[Layer::Places]);
    EXPECT_FALSE(set[Layer::Borders]);
    EXPECT_FALSE(set[Layer::Units]);
    ASSERT_TRUE(parseLayerList("none", &set, &error));
    for (bool on : set.on)
        EXPECT_FALSE(on);
    ASSERT_TRUE(parseLayerList("all", &set, &error));
    EXPECT_TRUE(set[Layer::Borders]);
    EXPECT_FALSE(set[Layer::Borders1945]) << "all is the default set: borders by date";
    EXPECT_FALSE(parseLayerList("rivers,roads", &set, &error));
    EXPECT_EQ(error, "unknown layer 'roads'; the layers are rivers lakes borders borders-1938 borders-1945 places "
                     "units annotations captions, or all or none");
    LayerSet back;
    ASSERT_TRUE(parseLayerList(layerListText(set), &back, &error)) << error;
    EXPECT_EQ(layerListText(back), "rivers,lakes,borders,places,units,annotations,captions");
    ASSERT_TRUE(parseLayerList("none", &set, &error));
    EXPECT_EQ(layerListText(set), "none");
    EXPECT_FALSE(parseLayerList("", &set, &error));
    EXPECT_FALSE(parseLayerList("rivers,", &set, &error));
}

TEST(Layers, BordersFollowTheDate) {
    EXPECT_FALSE(showsBorders1945(*parseIso8601("1939-09-28T00:00:00Z")));
    EXPECT_TRUE(showsBorders1945(*parseIso8601("1945-08-16T00:00:00Z")));
}

// A camera 20 km south of a line along 53.7°N, looking north and down at it.
FrameInput frameLookingAt(const EnuFrame& scene, double altitude = 3000) {
    Camera camera;
    camera.position = {53.52, 23.8, altitude};
    camera.headingDeg = 0;
    camera.pitchDeg = -10;
    return makeFrameInput(camera, scene, 0, 1280, 720, 100);
}

TEST(DrapedLines, SitOnTheGroundAlongTheLineOfSightAndStayJoined) {
    const EnuFrame scene = makeEnuFrame({53.0, 23.5, 0});
    DrapedLines lines;
    lines.build({{{53.7, 23.5, 0}, {53.7, 24.1, 0}}}, scene, {}, 100);
    EXPECT_EQ(lines.chunks(), size_t(std::ceil(40e3 / 100 / 63.0)) + 0) << "about 400 points in chunks of 64";
    FrameInput frame = frameLookingAt(scene);
    auto ground = [](double lat, double lon) { return 150.0 + 20 * std::sin(lat * 40) * std::cos(lon * 30); };
    lines.draw(&frame, ground, 1, 2);
    ASSERT_FALSE(frame.lines.empty());
    const glm::dvec3 eye = frame.camera.eye;
    for (size_t i = 0; i < frame.lines.size(); ++i) {
        const LineSegment& s = frame.lines[i];
        // Pulled towards the eye: the point seen is on the ground, a little nearer.
        const glm::dvec3 dir = glm::normalize(s.from - eye);
        const GeoPoint seen = enuToGeodetic(scene, s.from);
        const GeoPoint onGround{seen.lat, seen.lon, ground(seen.lat, seen.lon)};
        const glm::dvec3 g = geodeticToEnu(scene, onGround);
        const double along = glm::distance(s.from, eye);
        // The ground point is (nearly) on the same line of sight, slightly farther.
        EXPECT_LT(glm::length(glm::cross(dir, g - eye)), 0.02 * along) << i;
        EXPECT_GT(glm::distance(g, eye), along) << i;
        if (i > 0 && frame.lines[i - 1].to == s.from)
            continue;
        EXPECT_TRUE(i == 0 || glm::distance(frame.lines[i - 1].to, s.from) < 1e-6 ||
                    glm::distance(frame.lines[i - 1].to, s.from) > 1.0)
            << "chunks meet at a shared point";
    }
}

TEST(DrapedLines, FewerPointsFarAwayNoneOutOfView) {
    const EnuFrame scene = makeEnuFrame({53.0, 23.5, 0});
    DrapedLines lines;
    lines.build({{{53.7, 23.5, 0}, {53.7, 24.1, 0}}}, scene, {}, 100);
    auto flat = [](double, double) { return 100.0; };
    FrameInput near = frameLookingAt(scene, 3000), far = frameLookingAt(scene, 300000);
    far.camera = computeCameraView(Camera{{53.0, 23.8, 300000}, 0, -60, 0, 45}, scene, 16.0 / 9, 300000);
    lines.draw(&near, flat, 1, 2);
    const size_t nearSegments = lines.segmentsDrawn();
    lines.draw(&far, flat, 1, 2);
    EXPECT_GT(nearSegments, 4 * lines.segmentsDrawn()) << "as many points from 300 km as from 3 km";
    EXPECT_GT(lines.segmentsDrawn(), 5u);
    FrameInput away = frameLookingAt(scene);
    away.camera = computeCameraView(Camera{{53.52, 23.8, 3000}, 180, -10, 0, 45}, scene, 16.0 / 9, 2900);
    lines.draw(&away, flat, 1, 2);
    EXPECT_EQ(lines.segmentsDrawn(), 0u) << "a line behind the camera was drawn";
}

TEST(DrapedLines, HeightsWithinABudgetThenAll) {
    const EnuFrame scene = makeEnuFrame({53.0, 23.5, 0});
    DrapedLines lines;
    lines.build({{{53.7, 23.5, 0}, {53.7, 24.1, 0}}}, scene, {}, 100);
    size_t samples = 0;
    auto counting = [&](double, double) {
        ++samples;
        return 100.0;
    };
    FrameInput frame = frameLookingAt(scene);
    lines.draw(&frame, counting, 1, 2, 64);
    EXPECT_LE(samples, 64u);
    const size_t firstFrame = frame.lines.size();
    for (int i = 0; i < 10; ++i) {
        frame.lines.clear();
        lines.draw(&frame, counting, 1, 2, 64);
    }
    EXPECT_GT(frame.lines.size(), firstFrame) << "more chunks drawn as their heights arrive";
    samples = 0;
    frame.lines.clear();
    lines.drawSettled(&frame, counting, 1, 2);
    EXPECT_GE(samples, lines.points() / 2) << "settled drawing samples every chunk in view";
}

TEST(DrapedLines, WidthFollowsThePixelScale) {
    const EnuFrame scene = makeEnuFrame({53.0, 23.5, 0});
    DrapedLines lines;
    lines.build({{{53.7, 23.5, 0}, {53.7, 24.1, 0}}}, scene, {glm::vec4(1), 2.5f}, 100);
    FrameInput frame = frameLookingAt(scene);
    lines.drawSettled(&frame, [](double, double) { return 0.0; }, 4, 2);
    ASSERT_FALSE(frame.lines.empty());
    EXPECT_EQ(frame.lines[0].widthPixels, 10.0f);
}

} // namespace
} // namespace kresy
