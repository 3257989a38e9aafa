#pragma once
// The render tests' fixture: one Vulkan device (validation on) and renderer for the suite,
// the synthetic hill and the default pyramid as terrain, and projecting points to pixels.

#include "app/dataset.h"
#include "app/options.h"
#include "app/terrain_view.h"
#include "renderer/renderer.h"
#include "scene/frame.h"
#include "synthetic_source.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace kresy;

inline const std::string kReferences = std::string(KRESY_TESTS_DIR) + "/render/references";

inline Time at(const char* iso) { return *parseIso8601(iso); }

// A 700 m Gaussian hill (1.5 km wide) on a 150 m plain with a lake south-east of it, near Brest.
inline const GeoPoint kHillTop{52.125, 23.2, 0};
inline const double kHillWidth = 1500, kHillHeight = 700;
inline const GeoBounds kHillBounds{23.0, 52.0, 23.4, 52.25};

inline double hillHeight(double lat, double lon) {
    if (lon > 23.23 && lon < 23.3 && lat > 52.07 && lat < 52.095)
        return 0; // the lake
    double dy = glm::radians(lat - kHillTop.lat) * kEarthMeanRadius;
    double dx = glm::radians(lon - kHillTop.lon) * kEarthMeanRadius * std::cos(glm::radians(lat));
    double r = std::hypot(dx, dy) / kHillWidth;
    return 150.0 + kHillHeight * std::exp(-r * r);
}

inline std::shared_ptr<TileSource> hillSource() { return std::make_shared<SyntheticSource>(kHillBounds, 8, 14, hillHeight); }

// Where a geographic point lands on screen, in pixels.
inline glm::dvec2 project(const FrameInput& f, const EnuFrame& scene, const GeoPoint& p) {
    glm::dvec3 rel = geodeticToEnu(scene, p) - f.camera.eye;
    glm::vec4 clip = f.camera.viewProjection * glm::vec4(glm::vec3(rel), 1.0f);
    return {(clip.x / clip.w * 0.5 + 0.5) * f.width, (clip.y / clip.w * 0.5 + 0.5) * f.height};
}

// Whether a pixel within `radius` of `at` passes `test` (given its RGBA bytes).
template <typename Test>
bool pixelNear(const ImageRGBA8& image, glm::dvec2 at, Test test, int radius = 1) {
    for (int y = int(at.y) - radius; y <= int(at.y) + radius; ++y)
        for (int x = int(at.x) - radius; x <= int(at.x) + radius; ++x)
            if (x >= 0 && y >= 0 && x < image.width && y < image.height &&
                test(&image.pixels[(size_t(y) * image.width + x) * 4]))
                return true;
    return false;
}

inline GeoPoint offsetPoint(const GeoPoint& from, double eastMetres, double northMetres, double alt) {
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
    }
    static void TearDownTestSuite() {
        renderer.shutdown();
        destroyDevice(device);
    }
    void SetUp() override { messagesBefore = validationMessageCount(); }
    void TearDown() override { EXPECT_EQ(validationMessageCount(), messagesBefore) << "Vulkan validation reported problems"; }

    static ImageRGBA8 render(const FrameInput& frame) {
        ImageRGBA8 image;
        renderer.drawFrame(frame, nullptr, &image);
        return image;
    }

    // A frame of the synthetic hill (its own terrain session), settled: every tile loaded.
    FrameInput hillFrame(const Camera& camera, Time time, int w, int h) {
        TerrainView terrain;
        terrain.open(hillSource(), TerrainViewOptions{});
        FrameInput frame;
        EXPECT_TRUE(settleFrame(terrain, renderer, camera, time, w, h, &frame));
        scene = terrain.scene();
        return frame;
    }

    // A frame of the default pyramid (baked by the test fixture), settled.
    FrameInput realFrame(const Camera& camera, Time time, int w, int h, double pixelError = 2) {
        TerrainView terrain;
        TerrainViewOptions options;
        options.tiles = KRESY_TEST_TILES;
        options.pixelError = pixelError;
        std::string error;
        EXPECT_TRUE(terrain.open(options, &error)) << error;
        FrameInput frame;
        EXPECT_TRUE(settleFrame(terrain, renderer, camera, time, w, h, &frame));
        scene = terrain.scene();
        return frame;
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
    EnuFrame scene; // of the last frame made
    int messagesBefore = 0;
};
