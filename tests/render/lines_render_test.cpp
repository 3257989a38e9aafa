// A draped line across the synthetic hill's ridge: it lies on the slope facing the camera at
// every level of detail (never sunk into a coarse surface, never floating off it), goes over the
// top, and the hill hides it on the far side.

#include "image_compare.h"
#include "render_fixture.h"
#include "scene/overlays.h"

namespace {

const glm::vec4 kMagenta{1, 0, 1, 1};

bool magentaNear(const ImageRGBA8& image, glm::dvec2 at, int radius = 2) {
    return pixelNear(image, at, [](const uint8_t* p) { return p[0] > 180 && p[1] < 90 && p[2] > 180; }, radius);
}

class DrapedLineRender : public RenderTest {
protected:
    // The hill seen from the east, with a west-east line over its top; terrain at `pixelError`.
    ImageRGBA8 renderLine(double pixelError, FrameInput* out) {
        TerrainView terrain;
        TerrainViewOptions options;
        options.pixelError = pixelError;
        terrain.open(hillSource(), options);
        FrameInput frame;
        EXPECT_TRUE(settleFrame(terrain, renderer, hillCamera(), at("1939-09-17T09:00:00Z"), 480, 270, &frame));
        scene = terrain.scene();
        DrapedLines line;
        line.build({{offsetPoint(kHillTop, -3000, 0, 0), offsetPoint(kHillTop, 3000, 0, 0)}}, scene,
                   LineStyle{kMagenta, 3}, 20);
        line.drawSettled(&frame, hillHeight, 1, pixelError);
        *out = frame;
        return render(frame);
    }
};

TEST_F(DrapedLineRender, LiesOnTheNearSlopeAndIsHiddenBehindTheRidge) {
    for (double pixelError : {1.0, 4.0, 16.0}) {
        FrameInput frame;
        const ImageRGBA8 image = renderLine(pixelError, &frame);
        // The near (east) slope, the top and the plain before it: the line is where the ground
        // is, all along (the foot of the hill is concave, where a coarse surface lies above the
        // ground and would swallow a line laid exactly on it).
        int seen = 0, points = 0;
        for (double east = 2900; east >= 0; east -= 50, ++points) {
            const GeoPoint p = offsetPoint(kHillTop, east, 0, 0);
            const glm::dvec2 px = project(frame, scene, {p.lat, p.lon, hillHeight(p.lat, p.lon)});
            seen += magentaNear(image, px, 1);
        }
        EXPECT_EQ(seen, points) << "pixel error " << pixelError << ": the line is missing at " << points - seen
                                << " of " << points << " points on the near side";
        // Far down the west slope the ridge is in front of it.
        const GeoPoint behind = offsetPoint(kHillTop, -1600, 0, 0);
        const glm::dvec2 px = project(frame, scene, {behind.lat, behind.lon, hillHeight(behind.lat, behind.lon)});
        EXPECT_FALSE(magentaNear(image, px, 1)) << "pixel error " << pixelError << ": the line shows through the hill";
        if (pixelError == 16.0) {
            ImageComparison c = compareWithReference(image, kReferences, "line_over_ridge");
            EXPECT_TRUE(c.pass) << c.message;
        }
    }
}

} // namespace
