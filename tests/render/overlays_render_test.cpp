// Labels over the terrain: drawn where they are placed, crisp at 1x and 4x, hidden behind the
// camera, and (when asked) behind the terrain.
#include "app/terrain_view.h"
#include "image_compare.h"
#include "render_fixture.h"
#include "scene/labels.h"

#include <gtest/gtest.h>

using namespace kresy;

namespace {

std::shared_ptr<const Font> labelFont() {
    static std::shared_ptr<const Font> font = [] {
        std::string error;
        auto f = Font::load(std::string(KRESY_DATA_DIR) + "/fonts/DejaVuSans.ttf", &error);
        EXPECT_TRUE(f) << error;
        return f;
    }();
    return font;
}

// Pixels of a black-on-white label, inside `box` (x0, y0, x1, y1).
struct Ink {
    int dark = 0, bright = 0;
    int edges = 0;        // crossings between fill and halo along rows
    int wideEdges = 0;    // crossings of more than 2 in-between pixels (blur, or a row grazing a curve)
    double meanEdge = 0;  // in-between pixels per crossing
};
Ink inkIn(const ImageRGBA8& image, glm::vec4 box) {
    Ink ink;
    int inBetween = 0;
    const int x0 = std::max(0, int(box.x)), x1 = std::min(image.width, int(box.z));
    const int y0 = std::max(0, int(box.y)), y1 = std::min(image.height, int(box.w));
    for (int y = y0; y < y1; ++y) {
        int last = 0, run = 0; // last: -1 dark, 1 bright, 0 none yet
        for (int x = x0; x < x1; ++x) {
            const double l = luminance(image, x, y);
            const int kind = l < 40 ? -1 : l > 215 ? 1 : 0;
            ink.dark += kind == -1;
            ink.bright += kind == 1;
            if (kind == 0) {
                ++run;
                continue;
            }
            if (last != 0 && kind != last) { // a fill edge: dark to bright or back
                ++ink.edges;
                inBetween += run;
                ink.wideEdges += run > 2;
            }
            last = kind;
            run = 0;
        }
    }
    ink.meanEdge = ink.edges ? double(inBetween) / ink.edges : 0;
    return ink;
}

int differingPixels(const ImageRGBA8& a, const ImageRGBA8& b) {
    int count = 0;
    for (size_t i = 0; i < a.pixels.size(); i += 4)
        count += std::abs(a.pixels[i] - b.pixels[i]) + std::abs(a.pixels[i + 1] - b.pixels[i + 1]) +
                     std::abs(a.pixels[i + 2] - b.pixels[i + 2]) >
                 12;
    return count;
}

// A renderer of the test's own (the suite's keeps tile surfaces by tile id from other tests'
// pyramids), shut down however the test ends.
struct OwnRenderer {
    Renderer renderer;
    ~OwnRenderer() { renderer.shutdown(); }
};

class LabelRenderTest : public RenderTest {
protected:
    // The hill frame at `scale` times 480x270, settled.
    FrameInput frameAt(Renderer& own, const Camera& camera, int scale) {
        terrain = std::make_unique<TerrainView>();
        terrain->open(hillSource(), TerrainViewOptions{});
        FrameInput frame;
        EXPECT_TRUE(settleFrame(*terrain, own, camera, at("1939-09-20T12:00:00Z"), 480 * scale, 270 * scale, &frame));
        scene = terrain->scene();
        return frame;
    }
    glm::dvec3 above(const GeoPoint& p, double metres) {
        return geodeticToEnu(scene, {p.lat, p.lon, terrain->heightAt(p.lat, p.lon) + metres});
    }
    std::unique_ptr<TerrainView> terrain;
};

TEST_F(LabelRenderTest, LabelIsDrawnCrispAtOneAndFourTimesTheSize) {
    auto font = labelFont();
    ASSERT_TRUE(font);
    OwnRenderer guard;
    Renderer& own = guard.renderer;
    std::string error;
    ASSERT_TRUE(own.init(&device, KRESY_SHADER_DIR, &error)) << error;
    Ink ink[2];
    glm::vec4 boxes[2];
    for (int k = 0; k < 2; ++k) {
        const int scale = k == 0 ? 1 : 4;
        FrameInput frame = frameAt(own, hillCamera(), scale);
        ImageRGBA8 bare, labelled;
        own.drawFrame(frame, nullptr, &bare);

        LabelSpec grodno;
        grodno.text = "Grodno";
        grodno.anchor = above(kHillTop, 150);
        grodno.pixelsPerEm = 24;
        grodno.colour = {0, 0, 0, 1};
        grodno.halo = {1, 1, 1, 1};
        grodno.haloPixels = 2.5f;
        grodno.align = {0.5f, 1.0f}; // above the point
        LabelSpec lake; // in the default style
        lake.text = "Jezioro Świteź — Світязь";
        lake.anchor = above({52.09, 23.25, 0}, 20);
        lake.pixelsPerEm = 13;
        lake.priority = 1;
        LabelLayer layer(font);
        layer.setLabels({grodno, lake});
        layer.layout(&frame, double(scale));
        ASSERT_EQ(layer.placed().size(), 2u);
        ASSERT_EQ(layer.placed()[0].label, 0u);
        const glm::vec4 box = layer.placed()[0].box;
        boxes[k] = box / float(scale);
        const glm::dvec2 point = project(frame, scene, enuToGeodetic(scene, grodno.anchor));
        EXPECT_NEAR((box.x + box.z) / 2, point.x, 1.0);
        EXPECT_NEAR(box.w, point.y, 1.0);
        own.drawFrame(frame, nullptr, &labelled);

        ink[k] = inkIn(labelled, box);
        const Ink before = inkIn(bare, box);
        const double area = double(box.z - box.x) * (box.w - box.y);
        EXPECT_GT(ink[k].dark, area * 0.08) << "scale " << scale << ": too little black text";
        EXPECT_GT(ink[k].bright, area * 0.15) << "scale " << scale << ": too little white halo";
        EXPECT_LT(before.dark + before.bright, area * 0.05) << "the terrain alone is black or white there";
        // 6 letters crossed by every row of their height: many edges, each a pixel or so wide.
        EXPECT_GT(ink[k].edges, 80 * scale);
        EXPECT_LE(ink[k].meanEdge, 1.3) << "scale " << scale << ": the outline is blurred";
        EXPECT_LT(ink[k].wideEdges, ink[k].edges / 10) << "scale " << scale;
        // Nothing drawn outside the labels' boxes grown by their halo.
        int outside = 0;
        for (int y = 0; y < frame.height; ++y)
            for (int x = 0; x < frame.width; ++x) {
                bool near = false;
                for (const PlacedLabel& p : layer.placed())
                    near = near || (x >= p.box.x - 4 * scale && x < p.box.z + 4 * scale && y >= p.box.y - 4 * scale &&
                                    y < p.box.w + 4 * scale);
                const uint8_t* a = &labelled.pixels[(size_t(y) * frame.width + x) * 4];
                const uint8_t* b = &bare.pixels[(size_t(y) * frame.width + x) * 4];
                outside += !near && (a[0] != b[0] || a[1] != b[1] || a[2] != b[2]);
            }
        EXPECT_EQ(outside, 0) << "scale " << scale;
        if (k == 0) {
            ImageComparison c = compareWithReference(labelled, kReferences, "labels");
            EXPECT_TRUE(c.pass) << c.message;
        }
    }
    // The same share of the frame at both sizes: text scaled with the frame, not left small.
    for (int c = 0; c < 4; ++c)
        EXPECT_NEAR(boxes[1][c], boxes[0][c], 0.5f);
}

TEST_F(LabelRenderTest, LabelsBehindTheCameraOrTheHillAreNotDrawn) {
    auto font = labelFont();
    ASSERT_TRUE(font);
    OwnRenderer guard;
    Renderer& own = guard.renderer;
    std::string error;
    ASSERT_TRUE(own.init(&device, KRESY_SHADER_DIR, &error)) << error;
    const Camera camera = hillCamera();
    FrameInput frame = frameAt(own, camera, 1);
    ImageRGBA8 bare;
    own.drawFrame(frame, nullptr, &bare);

    // Behind the camera: the layout drops it, and glyphs given anyway are not drawn either.
    const GeoPoint behind = offsetPoint(GeoPoint{camera.position.lat, camera.position.lon, 0}, 4000, 0, 0);
    LabelSpec back;
    back.text = "Behind";
    back.anchor = above(behind, 100);
    back.pixelsPerEm = 40;
    LabelLayer layer(font);
    layer.setLabels({back});
    FrameInput dropped = frame;
    layer.layout(&dropped, 1.0);
    EXPECT_TRUE(layer.placed().empty());
    EXPECT_TRUE(dropped.labelGlyphs.empty());
    const TextLayout text = font->layout(back.text, 40);
    FrameInput forced = frame;
    forced.glyphAtlas = font->atlas();
    for (const GlyphQuad& q : text.quads)
        forced.labelGlyphs.push_back({back.anchor, q.rect, q.uvRect, glm::vec4(0, 0, 0, 1), glm::vec4(1), 2, 1, false});
    ImageRGBA8 image;
    own.drawFrame(forced, nullptr, &image);
    EXPECT_EQ(differingPixels(image, bare), 0) << "glyphs of a label behind the camera were drawn";

    // Beyond the hill top on the line of sight, on the ground: the hill hides the anchor.
    const GeoPoint hidden{kHillTop.lat + 0.2 * (kHillTop.lat - camera.position.lat),
                          kHillTop.lon + 0.2 * (kHillTop.lon - camera.position.lon), 0};
    LabelSpec occluded;
    occluded.text = "Hidden";
    occluded.anchor = above(hidden, 5);
    occluded.pixelsPerEm = 30;
    for (bool hide : {true, false}) {
        occluded.hideBehindTerrain = hide;
        layer.setLabels({occluded});
        FrameInput f = frame;
        layer.layout(&f, 1.0);
        ASSERT_EQ(layer.placed().size(), 1u) << "the layout does not know the terrain: it places the label";
        own.drawFrame(f, nullptr, &image);
        const int changed = differingPixels(image, bare);
        if (hide) {
            EXPECT_EQ(changed, 0) << "a label behind the hill shows";
        } else {
            EXPECT_GT(changed, 200) << "a label drawn over everything does not show";
        }
    }
}

} // namespace
