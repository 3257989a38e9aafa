// Labels: the distance-field font, text layout, and placement (projection, fade, declutter).
#include "scene/labels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace kresy {
namespace {

const std::string kFontPath = std::string(KRESY_TESTS_DIR) + "/../data/fonts/DejaVuSans.ttf";

// One font for the whole suite: building the atlas takes a fraction of a second.
std::shared_ptr<const Font> testFont() {
    static std::shared_ptr<const Font> font = [] {
        std::string error;
        auto f = Font::load(kFontPath, &error);
        EXPECT_TRUE(f) << error;
        return f;
    }();
    return font;
}

float atlasValue(const GlyphAtlas& atlas, float u, float v) {
    const int x = std::clamp(int(u * atlas.width), 0, atlas.width - 1);
    const int y = std::clamp(int(v * atlas.height), 0, atlas.height - 1);
    return atlas.distance[size_t(y) * atlas.width + x] / 255.0f;
}

// A 1920x1080 frame from 20 km up over the scene's origin, looking north and down.
FrameInput testFrame(int width = 1920, int height = 1080, double pitchDeg = -60) {
    const EnuFrame scene = makeEnuFrame({52, 24, 0});
    Camera camera;
    camera.position = {52, 24, 20000};
    camera.headingDeg = 0;
    camera.pitchDeg = pitchDeg;
    camera.fovDeg = 45;
    return makeFrameInput(camera, scene, 0, width, height, 0);
}

// A point on the ground the camera of testFrame() sees at the middle of the screen, moved by
// (east, north) metres.
glm::dvec3 groundAhead(const FrameInput& frame, double east = 0, double north = 0) {
    const glm::dvec3 eye = frame.camera.eye, dir = frame.camera.forward;
    const double t = -eye.z / dir.z;
    return eye + dir * t + glm::dvec3(east, north, 0);
}

LabelSpec label(const std::string& text, const glm::dvec3& anchor, int priority = 0) {
    LabelSpec l;
    l.text = text;
    l.anchor = anchor;
    l.priority = priority;
    return l;
}

bool placedLabel(const LabelLayer& layer, uint32_t index) {
    for (const PlacedLabel& p : layer.placed())
        if (p.label == index)
            return true;
    return false;
}

TEST(FontTest, LoadsTheShippedFontWithPolishLithuanianAndCyrillicLetters) {
    auto font = testFont();
    ASSERT_TRUE(font);
    EXPECT_GT(font->glyphCount(), 450u);
    for (char32_t c : {U'A', U'z', U'ł', U'Ł', U'ó', U'ą', U'ż', U'ė', U'ų', U'Ж', U'ж', U'Ў', U'ґ', U'і', U'—', U'„',
                       U'”', U'«', U'…', U'\uFFFD'})
        EXPECT_NE(font->glyph(c), nullptr) << "U+" << std::hex << uint32_t(c);
    EXPECT_EQ(font->glyph(U'中'), nullptr);
    const GlyphAtlas& atlas = *font->atlas();
    EXPECT_EQ(atlas.width, 1024);
    EXPECT_LE(atlas.height, 1024);
    EXPECT_EQ(atlas.distance.size(), size_t(atlas.width) * atlas.height);
    EXPECT_NEAR(atlas.edge, 0.5f, 0.01f);
    EXPECT_GT(font->ascent(), 0.5f);
    EXPECT_GT(font->descent(), 0.1f);
    EXPECT_GT(font->lineHeight(), font->ascent() + font->descent() - 0.01f);
}

TEST(FontTest, MissingFileOrNotAFontIsAnError) {
    std::string error;
    EXPECT_FALSE(Font::load("/no/such/font.ttf", &error));
    EXPECT_NE(error.find("/no/such/font.ttf"), std::string::npos);
    error.clear();
    EXPECT_FALSE(Font::load(std::string(KRESY_TESTS_DIR) + "/unit/scene/labels_test.cpp", &error));
    EXPECT_NE(error.find("not a TrueType font"), std::string::npos) << error;
}

TEST(FontTest, DistanceFieldsAreInsideAboveTheEdgeAndOutsideBelow) {
    auto font = testFont();
    ASSERT_TRUE(font);
    const GlyphAtlas& atlas = *font->atlas();
    // 'l' and 'I' are bars: their middle is deep inside. 'o' and 'O' are rings: their middle is
    // the counter, outside. Every glyph's border texels are far outside.
    for (char32_t c : {U'l', U'I', U'ł', U'Ж'}) {
        const FontGlyph* g = font->glyph(c);
        ASSERT_TRUE(g && g->hasBitmap);
        const glm::vec4 uv = g->uvRect;
        const float inside = atlasValue(atlas, (uv.x + uv.z) / 2, (uv.y + uv.w) / 2);
        EXPECT_GT(inside, atlas.edge + 0.03f) << "U+" << std::hex << uint32_t(c);
    }
    for (char32_t c : {U'o', U'O', U'ó'}) {
        const FontGlyph* g = font->glyph(c);
        ASSERT_TRUE(g && g->hasBitmap);
        const glm::vec4 uv = g->uvRect;
        // The middle of 'ó' is below the accent's gap: take the bowl's centre, lower down.
        const float v = c == U'ó' ? uv.y + (uv.w - uv.y) * 0.68f : (uv.y + uv.w) / 2;
        EXPECT_LT(atlasValue(atlas, (uv.x + uv.z) / 2, v), atlas.edge - 0.03f) << "U+" << std::hex << uint32_t(c);
    }
    for (char32_t c : atlasCodePoints()) {
        const FontGlyph* g = font->glyph(c);
        if (!g || !g->hasBitmap)
            continue;
        const glm::vec4 uv = g->uvRect;
        EXPECT_LT(atlasValue(atlas, uv.x, uv.y), 0.05f);
        EXPECT_LT(atlasValue(atlas, uv.z - 0.5f / atlas.width, uv.w - 0.5f / atlas.height), 0.05f);
        EXPECT_TRUE(uv.x >= 0 && uv.z <= 1 && uv.y >= 0 && uv.w <= 1 && uv.x < uv.z && uv.y < uv.w);
    }
    const FontGlyph* space = font->glyph(U' ');
    ASSERT_TRUE(space);
    EXPECT_FALSE(space->hasBitmap);
    EXPECT_GT(space->advance, 0);
}

TEST(FontTest, LayoutGrowsWithTextAndSize) {
    auto font = testFont();
    ASSERT_TRUE(font);
    float previous = 0;
    for (const char* text : {"W", "Wo", "Woł", "Woły", "Wołyń", "Wołyń —", "Wołyń — Волинь"}) {
        const TextLayout t = font->layout(text, 16);
        EXPECT_GT(t.width, previous) << text;
        previous = t.width;
    }
    const TextLayout small = font->layout("Grodno", 10), large = font->layout("Grodno", 200);
    EXPECT_NEAR(large.width / small.width, 20.0f, 0.05f);
    EXPECT_NEAR(large.height / small.height, 20.0f, 0.05f);
    EXPECT_EQ(small.quads.size(), 6u);
    EXPECT_EQ(font->layout("Nowy Sącz", 16).quads.size(), 8u) << "a space has no quad";

    const TextLayout one = font->layout("Brześć", 20), two = font->layout("Brześć\nnad Bugiem", 20);
    EXPECT_NEAR(two.height - one.height, font->lineHeight() * 20, 0.01f);
    EXPECT_GT(two.width, one.width);
    // Centred lines: the short first line starts right of the box's left edge.
    EXPECT_GT(two.quads.front().rect.x, 1.0f);
    EXPECT_LT(font->layout("Brześć\nnad Bugiem", 20, 0).quads.front().rect.x, 1.0f);

    // Malformed UTF-8 shows the replacement glyph and goes on.
    const TextLayout broken = font->layout("A\xff\xc3(B", 16);
    EXPECT_EQ(broken.quads.size(), 5u);
    EXPECT_EQ(font->layout("", 16).quads.size(), 0u);
    EXPECT_EQ(font->layout("", 16).width, 0.0f);
}

TEST(LabelLayerTest, PlacesALabelCentredOnItsAnchor) {
    auto font = testFont();
    ASSERT_TRUE(font);
    FrameInput frame = testFrame();
    LabelLayer layer(font);
    layer.setLabels({label("Grodno", groundAhead(frame))});
    layer.layout(&frame, 1.0);
    ASSERT_EQ(layer.placed().size(), 1u);
    EXPECT_EQ(frame.glyphAtlas, font->atlas());
    ASSERT_EQ(frame.labelGlyphs.size(), 6u);
    const glm::vec4 box = layer.placed()[0].box;
    EXPECT_NEAR((box.x + box.z) / 2, 960, 1.0);
    EXPECT_NEAR((box.y + box.w) / 2, 540, 1.0);
    // Glyph rects are offsets from the anchor's point: they straddle it.
    float left = 1e9f, right = -1e9f;
    for (const LabelGlyph& g : frame.labelGlyphs) {
        left = std::min(left, g.rect.x);
        right = std::max(right, g.rect.z);
        EXPECT_EQ(g.anchor, layer.labels()[0].anchor);
        EXPECT_EQ(g.opacity, 1.0f);
    }
    EXPECT_LT(left, -20);
    EXPECT_GT(right, 20);
    EXPECT_NEAR(left + right, 0, 4);
}

TEST(LabelLayerTest, AlignAndOffsetMoveTheBox) {
    auto font = testFont();
    ASSERT_TRUE(font);
    FrameInput frame = testFrame();
    LabelSpec above = label("Lida", groundAhead(frame));
    above.align = {0.5f, 1.0f};
    above.offset = {0, 10};
    LabelLayer layer(font);
    layer.setLabels({above});
    layer.layout(&frame, 2.0);
    ASSERT_EQ(layer.placed().size(), 1u);
    EXPECT_NEAR(layer.placed()[0].box.w, 540 - 20, 1.0) << "the box's bottom 10 px (times 2) above the point";
}

TEST(LabelLayerTest, MoreImportantLabelWinsAndTiesGoToTheNearer) {
    auto font = testFont();
    ASSERT_TRUE(font);
    FrameInput frame = testFrame();
    const glm::dvec3 here = groundAhead(frame);
    LabelLayer layer(font);
    layer.setLabels({label("Village", here, 5), label("City", here + glm::dvec3(30, 0, 0), 1)});
    layer.layout(&frame, 1.0);
    ASSERT_EQ(layer.placed().size(), 1u);
    EXPECT_EQ(layer.placed()[0].label, 1u);

    // Equal priority: the nearer one (the camera looks north: south is nearer).
    frame.labelGlyphs.clear();
    layer.setLabels({label("Far", here + glm::dvec3(0, 20, 0), 3), label("Near", here + glm::dvec3(0, -20, 0), 3)});
    layer.layout(&frame, 1.0);
    ASSERT_EQ(layer.placed().size(), 1u);
    EXPECT_EQ(layer.placed()[0].label, 1u);

    // Apart, both show.
    frame.labelGlyphs.clear();
    layer.setLabels({label("West", here + glm::dvec3(-8000, 0, 0), 3), label("East", here + glm::dvec3(8000, 0, 0), 3)});
    layer.layout(&frame, 1.0);
    EXPECT_EQ(layer.placed().size(), 2u);
}

// A box taken (a unit's symbol) is avoided: the label moves to its next place, or is dropped.
TEST(LabelLayerTest, AvoidsObstaclesThroughItsAlternativePlaces) {
    auto font = testFont();
    ASSERT_TRUE(font);
    FrameInput frame = testFrame();
    const glm::dvec3 here = groundAhead(frame);
    LabelLayer layer(font);
    LabelSpec town = label("Grodno", here);
    layer.setLabels({town});
    layer.layout(&frame, 1.0);
    ASSERT_EQ(layer.placed().size(), 1u);
    const glm::vec4 free = layer.placed()[0].box;
    // A symbol over the whole box: nowhere to go.
    LabelLayoutOptions options;
    options.obstacles = {free + glm::vec4(-2, -2, 2, 2)};
    layer.layout(&frame, options);
    EXPECT_TRUE(layer.placed().empty());
    // With a place to the right of the point, it goes there, clear of the symbol.
    town.alternatives = {{{0.0f, 0.5f}, {free.z - free.x, 0}}};
    layer.setLabels({town});
    layer.layout(&frame, options);
    ASSERT_EQ(layer.placed().size(), 1u);
    const glm::vec4 moved = layer.placed()[0].box;
    EXPECT_GE(moved.x, options.obstacles[0].z);
    EXPECT_NEAR((moved.y + moved.w) / 2, (free.y + free.w) / 2, 1.0);
}

TEST(LabelLayerTest, NoTwoPlacedBoxesOverlapAndEveryDroppedLabelHadAReason) {
    auto font = testFont();
    ASSERT_TRUE(font);
    const char* names[] = {"Grodno", "Wilno", "Lida", "Nowogródek", "Baranowicze", "Pińsk", "Łuck", "Równe",
                           "Tarnopol", "Lwów", "Brześć nad Bugiem", "Białystok", "Kowel", "Stanisławów", "Mińsk",
                           "Słonim", "Wołkowysk", "Kobryń", "Sarny", "Dubno", "Гродна", "Вільнюс"};
    for (double scale : {1.0, 2.0}) {
        FrameInput frame = testFrame(int(1920 * scale), int(1080 * scale));
        std::mt19937 random(1939);
        std::uniform_real_distribution<double> across(-40000, 40000), along(-15000, 120000);
        std::uniform_int_distribution<int> priority(0, 9), name(0, std::size(names) - 1);
        std::uniform_real_distribution<float> size(10, 40);
        std::vector<LabelSpec> labels;
        for (int i = 0; i < 2000; ++i) {
            LabelSpec l = label(names[name(random)], groundAhead(frame, across(random), along(random)), priority(random));
            l.pixelsPerEm = size(random);
            if (i % 3 == 0)
                l.text += "\n(" + std::to_string(i) + ")";
            labels.push_back(l);
        }
        LabelLayer layer(font);
        layer.setLabels(labels);
        LabelLayoutOptions options;
        options.pixelScale = scale;
        options.marginPixels = 4;
        layer.layout(&frame, options);
        const auto& placed = layer.placed();
        ASSERT_GT(placed.size(), 20u);
        ASSERT_LT(placed.size(), 2000u);
        const float margin = float(options.marginPixels * scale);
        auto tooClose = [&](const glm::vec4& a, const glm::vec4& b) {
            return a.x < b.z + margin && b.x < a.z + margin && a.y < b.w + margin && b.y < a.w + margin;
        };
        size_t glyphs = 0;
        for (size_t i = 0; i < placed.size(); ++i) {
            glyphs += font->layout(labels[placed[i].label].text, 1).quads.size();
            for (size_t j = i + 1; j < placed.size(); ++j)
                if (tooClose(placed[i].box, placed[j].box)) {
                    ADD_FAILURE() << "labels " << placed[i].label << " and " << placed[j].label << " overlap";
                    return;
                }
            if (i > 0) { // placed in order of importance
                const LabelSpec& a = labels[placed[i - 1].label];
                const LabelSpec& b = labels[placed[i].label];
                EXPECT_TRUE(a.priority < b.priority ||
                            (a.priority == b.priority && placed[i - 1].distance <= placed[i].distance));
            }
        }
        EXPECT_EQ(frame.labelGlyphs.size(), glyphs);
        // Greedy and maximal: a label on screen that was not placed is too close to one placed
        // before it.
        LabelLayer single(font);
        for (uint32_t i = 0; i < 200; ++i) {
            if (placedLabel(layer, i))
                continue;
            FrameInput alone = frame;
            single.setLabels({labels[i]});
            single.layout(&alone, options);
            if (single.placed().empty())
                continue; // behind the camera or off screen
            const glm::vec4 box = single.placed()[0].box;
            bool blocked = false;
            for (const PlacedLabel& p : placed)
                blocked = blocked || tooClose(box, p.box);
            EXPECT_TRUE(blocked) << "label " << i << " was dropped with room to spare";
        }
    }
}

TEST(LabelLayerTest, FadesWithDistance) {
    auto font = testFont();
    ASSERT_TRUE(font);
    FrameInput frame = testFrame();
    const glm::dvec3 here = groundAhead(frame);
    const double distance = glm::length(here - frame.camera.eye);
    std::vector<LabelSpec> labels;
    for (double start : {distance + 1000, distance - 5000, distance - 9000, distance - 20000}) {
        LabelSpec l = label("Kowel", here + glm::dvec3(0, 0, 0));
        l.fadeStart = start;
        l.fadeEnd = start + 10000;
        labels.push_back(l);
    }
    LabelLayer layer(font);
    std::vector<float> opacity;
    for (const LabelSpec& l : labels) {
        FrameInput f = frame;
        layer.setLabels({l});
        layer.layout(&f, 1.0);
        opacity.push_back(layer.placed().empty() ? 0.0f : layer.placed()[0].opacity);
        if (!layer.placed().empty()) {
            ASSERT_FALSE(f.labelGlyphs.empty());
            EXPECT_EQ(f.labelGlyphs[0].opacity, opacity.back());
        }
    }
    EXPECT_EQ(opacity[0], 1.0f);
    EXPECT_NEAR(opacity[1], 0.5f, 0.01f); // half way through the fade
    EXPECT_GT(opacity[2], 0.0f);
    EXPECT_LT(opacity[2], 0.1f);
    EXPECT_EQ(opacity[3], 0.0f) << "past the fade: not placed at all";
}

TEST(LabelLayerTest, LabelsBehindTheCameraOrOffScreenAreDropped) {
    auto font = testFont();
    ASSERT_TRUE(font);
    FrameInput frame = testFrame(1920, 1080, -10);
    const glm::dvec3 eye = frame.camera.eye;
    LabelLayer layer(font);
    layer.setLabels({label("Behind", eye - frame.camera.forward * 5000.0),
                     label("Far left", eye + frame.camera.forward * 5000.0 - frame.camera.right * 20000.0),
                     label("Ahead", eye + frame.camera.forward * 5000.0)});
    layer.layout(&frame, 1.0);
    ASSERT_EQ(layer.placed().size(), 1u);
    EXPECT_EQ(layer.placed()[0].label, 2u);
    // A label half off the left edge still shows.
    frame.labelGlyphs.clear();
    const glm::dvec3 ahead = eye + frame.camera.forward * 5000.0;
    const double halfWidth = 5000 * std::tan(glm::radians(22.5)) * 1920 / 1080;
    layer.setLabels({label("Edge of the map", ahead - frame.camera.right * halfWidth)});
    layer.layout(&frame, 1.0);
    ASSERT_EQ(layer.placed().size(), 1u);
    EXPECT_LT(layer.placed()[0].box.x, 0);
    EXPECT_GT(layer.placed()[0].box.z, 0);
}

TEST(LabelLayerTest, SameInputGivesTheSameGlyphs) {
    auto font = testFont();
    ASSERT_TRUE(font);
    std::mt19937 random(17);
    std::uniform_real_distribution<double> across(-30000, 30000), along(0, 60000);
    FrameInput frame = testFrame();
    std::vector<LabelSpec> labels;
    for (int i = 0; i < 500; ++i)
        labels.push_back(label("Place " + std::to_string(i % 37), groundAhead(frame, across(random), along(random)), i % 4));
    LabelLayer a(font), b(font);
    a.setLabels(labels);
    b.setLabels(labels);
    FrameInput fa = frame, fb = frame, fc = frame;
    a.layout(&fa, 1.0);
    b.layout(&fb, 1.0);
    a.layout(&fc, 1.0); // again, with the cached layouts
    ASSERT_FALSE(fa.labelGlyphs.empty());
    ASSERT_EQ(fa.labelGlyphs.size(), fb.labelGlyphs.size());
    ASSERT_EQ(fa.labelGlyphs.size(), fc.labelGlyphs.size());
    for (size_t i = 0; i < fa.labelGlyphs.size(); ++i) {
        const LabelGlyph &x = fa.labelGlyphs[i], &y = fb.labelGlyphs[i], &z = fc.labelGlyphs[i];
        EXPECT_TRUE(x.anchor == y.anchor && x.rect == y.rect && x.uvRect == y.uvRect && x.opacity == y.opacity);
        EXPECT_TRUE(x.anchor == z.anchor && x.rect == z.rect && x.uvRect == z.uvRect && x.opacity == z.opacity);
    }
}

TEST(LabelLayerTest, PixelScaleKeepsTextTheSameShareOfTheFrame) {
    auto font = testFont();
    ASSERT_TRUE(font);
    glm::vec4 boxes[2];
    for (int k = 0; k < 2; ++k) {
        const int scale = k + 1;
        FrameInput frame = testFrame(1920 * scale, 1080 * scale);
        LabelSpec l = label("Tarnopol", groundAhead(frame, 3000, 0));
        l.haloPixels = 1.5f;
        LabelLayer layer(font);
        layer.setLabels({l});
        layer.layout(&frame, double(scale));
        ASSERT_EQ(layer.placed().size(), 1u);
        boxes[k] = layer.placed()[0].box / float(scale);
        EXPECT_EQ(frame.labelGlyphs[0].haloPixels, 1.5f * scale);
    }
    for (int c = 0; c < 4; ++c)
        EXPECT_NEAR(boxes[1][c], boxes[0][c], 1.0f);
}

} // namespace
} // namespace kresy
