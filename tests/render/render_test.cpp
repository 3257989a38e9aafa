// Render tests: known scenes drawn on the real Vulkan driver (lavapipe in CI) with validation
// layers on, compared with approved reference images, plus checks that do not depend on a
// reference (the sunlit flank is brighter, the night is darker, the sky is blue).

#include "app/overlay.h"
#include "image_compare.h"
#include "render_fixture.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include <cmath>

namespace {

TEST_F(RenderTest, SyntheticHillMatchesReference) {
    FrameInput frame = hillFrame(hillCamera(), at("1939-09-17T09:00:00Z"), 240, 135);
    ImageRGBA8 image = render(frame);
    ImageComparison c = compareWithReference(image, kReferences, "synthetic_hill");
    EXPECT_TRUE(c.pass) << c.message;
}

double flankLight(const ImageRGBA8& image, glm::dvec2 at) {
    return meanLuminance(image, int(at.x) - 2, int(at.y) - 2, int(at.x) + 3, int(at.y) + 3);
}

// Seen from the east: the south flank faces the morning sun (south-south-east, 33 degrees up),
// the north flank faces away.
TEST_F(RenderTest, SunlitFlankIsBrighterThanShadedFlank) {
    FrameInput frame = hillFrame(hillCamera(), at("1939-09-17T09:00:00Z"), 240, 135);
    ImageRGBA8 image = render(frame);
    // The steepest ring of a Gaussian is at r = width / sqrt(2).
    double r = kHillWidth / std::sqrt(2.0), flankHeight = 150 + kHillHeight * std::exp(-0.5);
    glm::dvec2 south = project(frame, scene, offsetPoint(kHillTop, 0, -r, flankHeight));
    glm::dvec2 north = project(frame, scene, offsetPoint(kHillTop, 0, r, flankHeight));
    ASSERT_TRUE(south.x > 3 && south.x < 236 && north.x > 3 && north.x < 236) << "flanks are off screen";
    EXPECT_GT(flankLight(image, south), flankLight(image, north) * 1.15)
        << "south " << flankLight(image, south) << " north " << flankLight(image, north);
}

// Solar noon at 23.2 E on 17 September is 10:22 UTC: at 08:22 and 12:22 the sun is equally
// high, in the south-east and then the south-west. The east flank, facing the camera, gets
// more light in the morning.
TEST_F(RenderTest, LightFollowsTheSunAcrossTheDay) {
    FrameInput morning = hillFrame(hillCamera(), at("1939-09-17T08:22:00Z"), 240, 135);
    FrameInput afternoon = hillFrame(hillCamera(), at("1939-09-17T12:22:00Z"), 240, 135);
    EXPECT_NEAR(morning.sunElevationDeg, afternoon.sunElevationDeg, 0.5);
    double r = kHillWidth / std::sqrt(2.0), flankHeight = 150 + kHillHeight * std::exp(-0.5);
    glm::dvec2 east = project(morning, scene, offsetPoint(kHillTop, r, 0, flankHeight));
    double morningLight = flankLight(render(morning), east);
    double afternoonLight = flankLight(render(afternoon), east);
    EXPECT_GT(morningLight, afternoonLight * 1.1) << "morning " << morningLight << " afternoon " << afternoonLight;
}

// Night is much darker than day, but the land stays readable (a dim blue night light, not black).
TEST_F(RenderTest, NightIsDarkerThanDay) {
    double day = 0, night = 0;
    for (auto [time, out] : {std::pair{"1939-09-17T10:00:00Z", &day}, std::pair{"1939-09-17T22:00:00Z", &night}}) {
        ImageRGBA8 image = render(hillFrame(hillCamera(), at(time), 160, 90));
        *out = meanLuminance(image, 0, 0, 160, 90);
    }
    EXPECT_LT(night, day * 0.4) << "day " << day << " night " << night;
    EXPECT_GT(night, day * 0.15) << "night is black: day " << day << " night " << night;
}

TEST_F(RenderTest, SkyIsBlueAndDarkerTowardsTheZenith) {
    Camera camera = hillCamera();
    camera.pitchDeg = 55;
    ImageRGBA8 image = render(hillFrame(camera, at("1939-09-17T10:00:00Z"), 160, 90));
    ImageComparison c = compareWithReference(image, kReferences, "sky");
    EXPECT_TRUE(c.pass) << c.message;
    for (int y : {2, 45, 87}) {
        const uint8_t* p = &image.pixels[(size_t(y) * 160 + 80) * 4];
        EXPECT_GT(p[2], p[0]) << "row " << y << " is not blue";
    }
    EXPECT_LT(meanLuminance(image, 0, 0, 160, 10), meanLuminance(image, 0, 80, 160, 90));
}

TEST_F(RenderTest, FramesInFlightGiveTheSameImageAsOneFrame) {
    FrameInput frame = hillFrame(hillCamera(), at("1939-09-17T09:00:00Z"), 200, 120);
    ImageRGBA8 first = render(frame);
    for (int i = 0; i < 5; ++i)
        renderer.drawFrame(frame, nullptr, nullptr);
    ImageRGBA8 later = render(frame);
    EXPECT_EQ(first.pixels, later.pixels);
}

TEST_F(RenderTest, DefaultViewOfEasternPolandMatchesReference) {
    FrameInput frame = realFrame(defaultCamera(), defaultTime(), 320, 180);
    ImageRGBA8 image = render(frame);
    ImageComparison c = compareWithReference(image, kReferences, "default_view");
    EXPECT_TRUE(c.pass) << c.message;
    // The Baltic north of Gdańsk is water: bluer than the land of Podlasie.
    glm::dvec2 sea = project(frame, scene, {55.2, 19.6, 0});
    glm::dvec2 land = project(frame, scene, {52.5, 23.0, 160});
    ASSERT_TRUE(sea.x > 0 && sea.x < 320 && sea.y > 0 && sea.y < 180) << "the Baltic is off screen";
    ASSERT_TRUE(land.x > 0 && land.x < 320 && land.y > 0 && land.y < 180) << "Podlasie is off screen";
    const uint8_t* s = &image.pixels[(size_t(sea.y) * 320 + size_t(sea.x)) * 4];
    const uint8_t* l = &image.pixels[(size_t(land.y) * 320 + size_t(land.x)) * 4];
    EXPECT_GT(int(s[2]) - int(s[1]), int(l[2]) - int(l[1]) + 10)
        << "sea at " << sea.x << "," << sea.y << " rgb " << int(s[0]) << " " << int(s[1]) << " " << int(s[2]) << "; land at "
        << land.x << "," << land.y << " rgb " << int(l[0]) << " " << int(l[1]) << " " << int(l[2]);
}

// Rough synthetic ridges (250 m of relief every 3 km): where nodes of different levels meet, any
// gap left between their edges would show the background (marked magenta) behind. At a coarse 12 px error the gaps a level
// change leaves are wide enough to see unless morphing and skirts close them; at 2 px too.
double ridges(double lat, double lon) {
    double y = glm::radians(lat - 52.1) * kEarthMeanRadius, x = glm::radians(lon - 23.2) * kEarthMeanRadius * 0.61;
    return 400 + 250 * std::sin(x / 480.0) * std::cos(y / 530.0) + 60 * std::sin((x + 2 * y) / 170.0);
}

TEST_F(RenderTest, NoCracksBetweenTerrainNodes) {
    Camera camera;
    camera.position = {52.06, 23.2, 2200};
    camera.headingDeg = 10;
    camera.pitchDeg = -40; // the top of the frame looks 17.5 degrees down: terrain everywhere
    for (double pixelError : {2.0, 12.0}) {
        const int w = 480, h = 270;
        TerrainView terrain;
        TerrainViewOptions options;
        options.pixelError = pixelError;
        terrain.open(std::make_shared<SyntheticSource>(kHillBounds, 8, 14, ridges), options);
        FrameInput frame;
        ASSERT_TRUE(settleFrame(terrain, renderer, camera, at("1939-09-17T10:00:00Z"), w, h, &frame));
        frame.markBackground = true;
        int zMin = 99, zMax = 0;
        for (const TerrainNodeDraw& n : frame.terrainNodes) {
            zMin = std::min(zMin, n.node.node.z);
            zMax = std::max(zMax, n.node.node.z);
        }
        ASSERT_GT(zMax, zMin) << "the view should mix levels for this test to mean anything: " << zMin << ".." << zMax << " at " << pixelError << " px, " << frame.terrainNodes.size() << " nodes";
        ImageRGBA8 image = render(frame);
        int holes = 0;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const uint8_t* p = &image.pixels[(size_t(y) * w + x) * 4];
                holes += p[0] == 255 && p[1] == 0 && p[2] == 255;
            }
        EXPECT_EQ(holes, 0) << pixelError << " px: the background shows through " << holes << " pixels";
    }
}

TEST_F(RenderTest, GrodnoAtDuskMatchesReference) {
    Camera camera;
    camera.position = {53.45, 23.55, 15000}; // south-east of Grodno, looking into the low sun
    camera.headingDeg = 250;
    camera.pitchDeg = -6;
    ImageRGBA8 image = render(realFrame(camera, at("1939-09-17T15:20:00Z"), 240, 135));
    ImageComparison c = compareWithReference(image, kReferences, "grodno_dusk");
    EXPECT_TRUE(c.pass) << c.message;
}

TEST_F(RenderTest, OverlayOnTerrainMatchesReference) {
    // Its own renderer: the ImGui backend lives exactly as long as the context.
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(400, 225);
    io.DeltaTime = 1.0f / 60;
    Renderer withUi;
    std::string error;
    ASSERT_TRUE(withUi.init(&device, KRESY_SHADER_DIR, &error)) << error;
    withUi.enableImGui();
    TerrainView terrain;
    terrain.open(hillSource(), TerrainViewOptions{});
    OverlayState state;
    state.camera = hillCamera();
    state.time = at("1939-09-17T09:00:00Z");
    state.frameMs = 16.7;
    state.groundHeight = 150;
    state.deviceName = "test device";
    state.terrainNodes = 12;
    state.terrainTriangles = 3456;
    state.tilesResident = 20;
    FrameInput frame;
    ASSERT_TRUE(settleFrame(terrain, withUi, state.camera, state.time, 400, 225, &frame));
    ImageRGBA8 image;
    for (int i = 0; i < 2; ++i) { // new windows are hidden on their first frame
        withUi.beginImGuiFrame();
        ImGui::NewFrame();
        drawOverlay(state);
        ImGui::Render();
        withUi.drawFrame(frame, ImGui::GetDrawData(), &image);
    }
    withUi.shutdown();
    ImGui::DestroyContext();

    ImageComparison c = compareWithReference(image, kReferences, "overlay");
    EXPECT_TRUE(c.pass) << c.message;
    int white = 0;
    for (int y = 12; y < 60; ++y)
        for (int x = 12; x < 200; ++x)
            white += luminance(image, x, y) > 200;
    EXPECT_GT(white, 50) << "no text in the overlay's corner";
}

} // namespace
