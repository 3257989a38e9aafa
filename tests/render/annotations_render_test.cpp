// Annotations painted on the synthetic hill: an area over its top and an arrow half grown along
// its near slope. The paint is where the ground is at every level of detail (the terrain shader
// paints it), the hill still hides what lies behind it, and only the grown part of the arrow
// shows.

#include "image_compare.h"
#include "render_fixture.h"
#include "scene/annotations.h"

namespace {

// Strongly magenta (the area) or blue (the arrow), whatever the light on the slope.
bool isMagenta(const uint8_t* p) { return p[0] > p[1] + 50 && p[2] > p[1] + 50; }
bool isBlue(const uint8_t* p) { return p[2] > p[0] + 50 && p[2] > p[1] + 30; }
bool isCyan(const uint8_t* p) { return p[1] > p[0] + 50 && p[2] > p[0] + 50; }

GeoPosition position(const GeoPoint& p) { return {p.lon, p.lat}; }

Timestamp stamp(const char* iso) { return {at(iso), iso}; }

AnnotationSet hillAnnotations() {
    AnnotationSet set;
    Annotation area;
    area.id = "top";
    area.kind = AnnotationKind::Area;
    for (auto [e, n] : {std::pair{-1500.0, -1500.0}, {1500.0, -1500.0}, {1500.0, 1500.0}, {-1500.0, 1500.0}})
        area.points.push_back(position(offsetPoint(kHillTop, e, n, 0)));
    area.style.colour = 0xff00ff;
    area.style.opacity = 1;
    Annotation behind = area; // down the far slope: the ridge hides it
    behind.id = "behind";
    behind.points.clear();
    for (auto [e, n] : {std::pair{-2200.0, -300.0}, {-1550.0, -300.0}, {-1550.0, 300.0}, {-2200.0, 300.0}})
        behind.points.push_back(position(offsetPoint(kHillTop, e, n, 0)));
    behind.style.colour = 0x00ffff;
    Annotation arrow;
    arrow.id = "slope";
    arrow.kind = AnnotationKind::Arrow;
    arrow.points = {position(offsetPoint(kHillTop, 2200, 3000, 0)), position(offsetPoint(kHillTop, 2200, -3000, 0))};
    arrow.grow = TimeSpan{stamp("1939-09-17T00:00:00Z"), stamp("1939-09-17T12:00:00Z")};
    arrow.style.colour = 0x0000ff;
    arrow.style.opacity = 1;
    arrow.style.widthKm = 0.5;
    set.annotations = {area, behind, arrow};
    return set;
}

class AnnotationsRender : public RenderTest {
protected:
    ImageRGBA8 renderAt(double pixelError, FrameInput* out, const Camera& camera = hillCamera()) {
        TerrainView terrain;
        TerrainViewOptions options;
        options.pixelError = pixelError;
        terrain.open(hillSource(), options);
        FrameInput frame;
        EXPECT_TRUE(settleFrame(terrain, renderer, camera, at("1939-09-17T06:00:00Z"), 480, 270, &frame));
        scene = terrain.scene();
        AnnotationLayer layer;
        layer.setAnnotations(hillAnnotations(), nullptr, scene);
        const GeoPoint eye = enuToGeodetic(scene, frame.camera.eye);
        layer.addToFrame(&frame, hillHeight, eye.alt - hillHeight(eye.lat, eye.lon), 1, pixelError, true);
        EXPECT_NE(frame.drape, nullptr);
        *out = frame;
        return render(frame);
    }
    glm::dvec2 onGround(const FrameInput& frame, double east, double north) const {
        const GeoPoint p = offsetPoint(kHillTop, east, north, 0);
        return project(frame, scene, {p.lat, p.lon, hillHeight(p.lat, p.lon)});
    }
};

TEST_F(AnnotationsRender, PaintFollowsTheGroundAtEveryLevelOfDetail) {
    for (double pixelError : {1.0, 4.0, 16.0}) {
        FrameInput frame;
        const ImageRGBA8 image = renderAt(pixelError, &frame);
        // The area on the near (east) slope and the top, all of it painted, and the ground
        // beside it not. (A coarse surface lies up to `pixelError` pixels off the true ground,
        // and the paint with it.)
        const int slack = pixelError >= 16 ? 4 : 1;
        int painted = 0, points = 0;
        for (double east = 1300; east >= 0; east -= 100)
            for (double north = -1000; north <= 1000; north += 500, ++points)
                painted += pixelNear(image, onGround(frame, east, north), isMagenta, slack);
        EXPECT_EQ(painted, points) << "pixel error " << pixelError;
        EXPECT_FALSE(pixelNear(image, onGround(frame, 1900, 0), isMagenta, 0)) << "pixel error " << pixelError;
        // The hill hides the area down its far slope, wherever it would show.
        for (double east = -2100; east <= -1600; east += 100)
            for (double north = -250; north <= 250; north += 250)
                EXPECT_FALSE(pixelNear(image, onGround(frame, east, north), isCyan, 2)) << "pixel error " << pixelError;
        int cyan = 0;
        for (size_t i = 0; i < image.pixels.size(); i += 4)
            cyan += isCyan(&image.pixels[i]);
        EXPECT_EQ(cyan, 0) << "pixel error " << pixelError;
        // The arrow grew half its length by 06:00: painted in the north, not yet in the south.
        EXPECT_TRUE(pixelNear(image, onGround(frame, 2200, 2000), isBlue, slack)) << "pixel error " << pixelError;
        EXPECT_FALSE(pixelNear(image, onGround(frame, 2200, -2000), isBlue, 2)) << "pixel error " << pixelError;
        if (pixelError == 4.0) {
            // From above, the far slope's area is there to be hidden.
            Camera above;
            above.position = {kHillTop.lat, kHillTop.lon, 9000};
            above.pitchDeg = -89;
            FrameInput top;
            const ImageRGBA8 seen = renderAt(pixelError, &top, above);
            int cyanFromAbove = 0;
            for (size_t i = 0; i < seen.pixels.size(); i += 4)
                cyanFromAbove += isCyan(&seen.pixels[i]);
            EXPECT_GT(cyanFromAbove, 200);
            ImageComparison c = compareWithReference(image, kReferences, "annotations_on_hill");
            EXPECT_TRUE(c.pass) << c.message;
        }
    }
}

// In the window an arrow that grows is painted again only where it changed. Frame by frame over
// six hours it must end as the pictures painted whole at the last time. Returns how many frames
// painted the far and the near picture in parts.
std::pair<int, int> growInParts(const AnnotationSet& set, const Camera& camera, const std::string& name,
                                Renderer& renderer, ImageRGBA8 (*render)(const FrameInput&)) {
    TerrainView terrain;
    terrain.open(hillSource(), TerrainViewOptions{});
    FrameInput base;
    EXPECT_TRUE(settleFrame(terrain, renderer, camera, at("1939-09-17T00:00:00Z"), 480, 270, &base));
    const EnuFrame scene = terrain.scene();
    const GeoPoint eye = enuToGeodetic(scene, base.camera.eye);
    const double height = eye.alt - hillHeight(eye.lat, eye.lon);
    AnnotationLayer growing;
    growing.setAnnotations(set, nullptr, scene);
    ImageRGBA8 last;
    int farParts = 0, nearParts = 0;
    for (int minutes = 0; minutes <= 380; minutes += 10) { // the last frames let both pictures catch up
        FrameInput frame = base;
        frame.time = base.time + std::min(minutes, 360) * 60;
        growing.addToFrame(&frame, hillHeight, height, 1, 2, false, 512);
        farParts += frame.drape && frame.drape->far.baseVersion != 0;
        nearParts += frame.drape && frame.drape->near.baseVersion != 0;
        last = render(frame);
    }
    AnnotationLayer whole;
    whole.setAnnotations(set, nullptr, scene);
    FrameInput frame = base;
    frame.time = base.time + 360 * 60;
    whole.addToFrame(&frame, hillHeight, height, 1, 2, true, 512);
    EXPECT_EQ(frame.drape->far.baseVersion, 0u);
    const ImageRGBA8 expected = render(frame);
    EXPECT_EQ(last.pixels.size(), expected.pixels.size());
    int differ = 0;
    for (size_t i = 0; i < std::min(last.pixels.size(), expected.pixels.size()); ++i)
        differ += std::abs(int(last.pixels[i]) - int(expected.pixels[i])) > 2;
    EXPECT_EQ(differ, 0) << name;
    if (differ) {
        std::string error;
        writePng(kReferences + "/" + name + ".actual.png", last, &error);
        writePng(kReferences + "/" + name + ".expected.actual.png", expected, &error);
    }
    return {farParts, nearParts};
}

TEST_F(AnnotationsRender, GrowingInPartsEndsAsPaintedWhole) {
    const auto [farParts, nearParts] = growInParts(hillAnnotations(), hillCamera(), "growing", renderer, &render);
    EXPECT_GT(farParts, 10) << "most frames paint only the head's surroundings";
}

// A head far wider than the near picture (6.6 km, the picture 6 km from 1 km up) sweeps through
// it: only the blocks along its edges are painted again.
TEST_F(AnnotationsRender, BroadHeadGrowingThroughTheNearPictureEndsAsPaintedWhole) {
    AnnotationSet set;
    Annotation arrow;
    arrow.id = "broad";
    arrow.kind = AnnotationKind::Arrow;
    arrow.points = {position(offsetPoint(kHillTop, 2200, 16000, 0)), position(offsetPoint(kHillTop, 2200, -16000, 0))};
    arrow.grow = TimeSpan{stamp("1939-09-17T00:00:00Z"), stamp("1939-09-17T12:00:00Z")};
    arrow.style.colour = 0x0000ff;
    arrow.style.opacity = 1;
    arrow.style.widthKm = 3;
    set.annotations = {arrow};
    const GeoPoint at = offsetPoint(kHillTop, 3500, -2500, 0);
    Camera camera;
    camera.position = {at.lat, at.lon, hillHeight(at.lat, at.lon) + 1000};
    camera.headingDeg = 340;
    camera.pitchDeg = -30;
    camera.fovDeg = 50;
    const auto [farParts, nearParts] = growInParts(set, camera, "growing-broad", renderer, &render);
    EXPECT_GT(nearParts, 5) << "the near picture is painted in parts";
}

} // namespace
