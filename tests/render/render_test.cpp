// Render tests: known scenes drawn on the real Vulkan driver (lavapipe in CI) with validation
// layers on, compared with approved reference images, plus checks that do not depend on a
// reference (the sunlit flank is brighter, the night is darker, the sky is blue).

#include "app/dataset.h"
#include "app/options.h"
#include "app/overlay.h"
#include "image_compare.h"
#include "renderer/renderer.h"
#include "scene/frame.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include <cmath>

using namespace kresy;

namespace {

const std::string kReferences = std::string(KRESY_TESTS_DIR) + "/render/references";

Time at(const char* iso) { return *parseIso8601(iso); }

// A 700 m Gaussian hill (1.5 km wide) on a 150 m plain with a lake south-east of it, near Brest.
struct SyntheticScene {
    Heightmap heightmap;
    EnuFrame scene;
    TerrainMesh mesh;
    TerrainSurface surface;
};

const GeoPoint kHillTop{52.125, 23.2, 0};
const double kHillWidth = 1500, kHillHeight = 700;

SyntheticScene makeSyntheticScene() {
    SyntheticScene s;
    Heightmap& hm = s.heightmap;
    hm.width = hm.height = 257;
    hm.bounds = {23.0, 52.0, 23.4, 52.25};
    s.scene = makeEnuFrame({(hm.bounds.south + hm.bounds.north) / 2, (hm.bounds.west + hm.bounds.east) / 2, 0});
    glm::dvec3 top = geodeticToEnu(s.scene, kHillTop);
    for (int y = 0; y < hm.height; ++y)
        for (int x = 0; x < hm.width; ++x) {
            double lat = hm.bounds.north - (hm.bounds.north - hm.bounds.south) * y / (hm.height - 1);
            double lon = hm.bounds.west + (hm.bounds.east - hm.bounds.west) * x / (hm.width - 1);
            glm::dvec3 p = geodeticToEnu(s.scene, {lat, lon, 0});
            double r = glm::length(glm::dvec2(p - top)) / kHillWidth;
            float h = float(150.0 + kHillHeight * std::exp(-r * r));
            if (lon > 23.23 && lon < 23.3 && lat > 52.07 && lat < 52.095)
                h = 0; // the lake
            hm.heights.push_back(h);
        }
    s.mesh = buildRegionMesh(hm, s.scene, 128, 1.0f);
    s.surface = buildRegionSurface(hm, s.scene, 1.0f, 1.0f, 2);
    return s;
}

// Where a geographic point lands on screen, in pixels.
glm::dvec2 project(const FrameInput& f, const EnuFrame& scene, const GeoPoint& p) {
    glm::dvec3 rel = geodeticToEnu(scene, p) - f.camera.eye;
    glm::vec4 clip = f.camera.viewProjection * glm::vec4(glm::vec3(rel), 1.0f);
    return {(clip.x / clip.w * 0.5 + 0.5) * f.width, (clip.y / clip.w * 0.5 + 0.5) * f.height};
}

GeoPoint offsetPoint(const GeoPoint& from, double eastMetres, double northMetres, double alt) {
    return {from.lat + glm::degrees(northMetres / kEarthMeanRadius),
            from.lon + glm::degrees(eastMetres / (kEarthMeanRadius * std::cos(glm::radians(from.lat)))), alt};
}

class RenderTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        std::string error;
        InstanceOptions options;
        options.validation = true;
        ASSERT_TRUE(createInstance(options, &device, &error)) << error;
        ASSERT_TRUE(device.validation) << "render tests need the Khronos validation layer (vulkan-validationlayers)";
        ASSERT_TRUE(createDevice(&device, gpuFilterFromEnvironment(), VK_NULL_HANDLE, &error)) << error;
        ASSERT_TRUE(renderer.init(&device, KRESY_SHADER_DIR, &error)) << error;
        synthetic = new SyntheticScene(makeSyntheticScene());
    }
    static void TearDownTestSuite() {
        renderer.shutdown();
        destroyDevice(device);
        delete synthetic;
        delete dataset;
    }
    void SetUp() override { messagesBefore = validationMessageCount(); }
    void TearDown() override { EXPECT_EQ(validationMessageCount(), messagesBefore) << "Vulkan validation reported problems"; }

    static const Dataset& realData() {
        if (!dataset) {
            dataset = new Dataset;
            std::string error;
            EXPECT_TRUE(loadDataset(KRESY_DATA_DIR, dataset, &error)) << error;
        }
        return *dataset;
    }

    static ImageRGBA8 render(const FrameInput& frame) {
        ImageRGBA8 image;
        renderer.drawFrame(frame, nullptr, &image);
        return image;
    }

    FrameInput syntheticFrame(const Camera& camera, Time time, int w, int h) {
        renderer.setTerrain(synthetic->mesh, synthetic->surface);
        double ground = sampleHeightmap(synthetic->heightmap, camera.position.lat, camera.position.lon);
        return makeFrameInput(camera, synthetic->scene, time, w, h, ground);
    }

    FrameInput realFrame(const Camera& camera, Time time, int w, int h) {
        const Dataset& d = realData();
        renderer.setTerrain(d.mesh, d.surface);
        double ground = sampleHeightmap(d.heightmap, camera.position.lat, camera.position.lon);
        return makeFrameInput(camera, d.scene, time, w, h, ground);
    }

    static Camera hillCamera() {
        Camera c;
        c.position = {52.115, 23.31, 2200}; // 7.5 km east of the hill, looking west
        c.headingDeg = 265;
        c.pitchDeg = -12;
        c.fovDeg = 50;
        return c;
    }

    static inline Device device;
    static inline Renderer renderer;
    static inline SyntheticScene* synthetic = nullptr;
    static inline Dataset* dataset = nullptr;
    int messagesBefore = 0;
};

TEST_F(RenderTest, SyntheticHillMatchesReference) {
    FrameInput frame = syntheticFrame(hillCamera(), at("1939-09-17T09:00:00Z"), 240, 135);
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
    FrameInput frame = syntheticFrame(hillCamera(), at("1939-09-17T09:00:00Z"), 240, 135);
    ImageRGBA8 image = render(frame);
    // The steepest ring of a Gaussian is at r = width / sqrt(2).
    double r = kHillWidth / std::sqrt(2.0), flankHeight = 150 + kHillHeight * std::exp(-0.5);
    glm::dvec2 south = project(frame, synthetic->scene, offsetPoint(kHillTop, 0, -r, flankHeight));
    glm::dvec2 north = project(frame, synthetic->scene, offsetPoint(kHillTop, 0, r, flankHeight));
    ASSERT_TRUE(south.x > 3 && south.x < 236 && north.x > 3 && north.x < 236) << "flanks are off screen";
    EXPECT_GT(flankLight(image, south), flankLight(image, north) * 1.15)
        << "south " << flankLight(image, south) << " north " << flankLight(image, north);
}

// Solar noon at 23.2 E on 17 September is 10:22 UTC: at 08:22 and 12:22 the sun is equally
// high, in the south-east and then the south-west. The east flank, facing the camera, gets
// more light in the morning.
TEST_F(RenderTest, LightFollowsTheSunAcrossTheDay) {
    FrameInput morning = syntheticFrame(hillCamera(), at("1939-09-17T08:22:00Z"), 240, 135);
    FrameInput afternoon = syntheticFrame(hillCamera(), at("1939-09-17T12:22:00Z"), 240, 135);
    EXPECT_NEAR(morning.sunElevationDeg, afternoon.sunElevationDeg, 0.5);
    double r = kHillWidth / std::sqrt(2.0), flankHeight = 150 + kHillHeight * std::exp(-0.5);
    glm::dvec2 east = project(morning, synthetic->scene, offsetPoint(kHillTop, r, 0, flankHeight));
    double morningLight = flankLight(render(morning), east);
    double afternoonLight = flankLight(render(afternoon), east);
    EXPECT_GT(morningLight, afternoonLight * 1.1) << "morning " << morningLight << " afternoon " << afternoonLight;
}

TEST_F(RenderTest, NightIsDarkerThanDay) {
    double day = 0, night = 0;
    for (auto [time, out] : {std::pair{"1939-09-17T10:00:00Z", &day}, std::pair{"1939-09-17T22:00:00Z", &night}}) {
        ImageRGBA8 image = render(syntheticFrame(hillCamera(), at(time), 160, 90));
        *out = meanLuminance(image, 0, 0, 160, 90);
    }
    EXPECT_LT(night, day * 0.3) << "day " << day << " night " << night;
}

TEST_F(RenderTest, SkyIsBlueAndDarkerTowardsTheZenith) {
    Camera camera = hillCamera();
    camera.pitchDeg = 55;
    ImageRGBA8 image = render(syntheticFrame(camera, at("1939-09-17T10:00:00Z"), 160, 90));
    ImageComparison c = compareWithReference(image, kReferences, "sky");
    EXPECT_TRUE(c.pass) << c.message;
    for (int y : {2, 45, 87}) {
        const uint8_t* p = &image.pixels[(size_t(y) * 160 + 80) * 4];
        EXPECT_GT(p[2], p[0]) << "row " << y << " is not blue";
    }
    EXPECT_LT(meanLuminance(image, 0, 0, 160, 10), meanLuminance(image, 0, 80, 160, 90));
}

TEST_F(RenderTest, FramesInFlightGiveTheSameImageAsOneFrame) {
    FrameInput frame = syntheticFrame(hillCamera(), at("1939-09-17T09:00:00Z"), 200, 120);
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
    // The Baltic north of Gdańsk is water: bluer than the land south of Lublin.
    glm::dvec2 sea = project(frame, realData().scene, {55.2, 19.6, 0});
    glm::dvec2 land = project(frame, realData().scene, {50.9, 22.6, 200});
    ASSERT_TRUE(sea.x > 0 && sea.x < 320 && sea.y > 0 && sea.y < 180) << "the Baltic is off screen";
    const uint8_t* s = &image.pixels[(size_t(sea.y) * 320 + size_t(sea.x)) * 4];
    const uint8_t* l = &image.pixels[(size_t(land.y) * 320 + size_t(land.x)) * 4];
    EXPECT_GT(int(s[2]) - int(s[1]), int(l[2]) - int(l[1]) + 10);
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
    withUi.setTerrain(synthetic->mesh, synthetic->surface);
    withUi.enableImGui();
    OverlayState state;
    state.camera = hillCamera();
    state.time = at("1939-09-17T09:00:00Z");
    state.frameMs = 16.7;
    state.groundHeight = 150;
    state.deviceName = "test device";
    FrameInput frame = makeFrameInput(state.camera, synthetic->scene, state.time, 400, 225, 150);
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
