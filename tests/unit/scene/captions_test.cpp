#include "scene/captions.h"

#include <gtest/gtest.h>

namespace kresy {
namespace {

Shot titledShot() {
    Shot s;
    s.title = "t";
    ShotKey a, b;
    a.time = 0;
    a.hold = 2;
    a.title = "Grodno";
    a.subtitle = "20–24 September 1939";
    b.time = 10;
    s.keys = {a, b};
    return s;
}

const Caption* find(const std::vector<Caption>& captions, const std::string& text) {
    for (const Caption& c : captions)
        if (c.text == text)
            return &c;
    return nullptr;
}

TEST(Captions, DateTitleCardAndCredit) {
    const Shot shot = titledShot();
    const Time t = *parseIso8601("1939-09-21T10:00:00Z");
    std::vector<Caption> c = shotCaptions(shot, 1.0, t, "Elevation: NASA SRTM");
    ASSERT_TRUE(find(c, formatHumanDate(t)));
    ASSERT_TRUE(find(c, "Grodno"));
    ASSERT_TRUE(find(c, "20–24 September 1939"));
    ASSERT_TRUE(find(c, "Elevation: NASA SRTM"));
    EXPECT_EQ(find(c, "Grodno")->opacity, 1.0f);
    // Fading in at the key, out at its hold plus kTitleSeconds, gone after.
    EXPECT_NEAR(shotCaptions(shot, 0.3, t, "")[1].opacity, 0.3 / kTitleFadeSeconds, 1e-5);
    const double end = 2 + kTitleSeconds;
    EXPECT_NEAR(find(shotCaptions(shot, end - 0.3, t, ""), "Grodno")->opacity, 0.3 / kTitleFadeSeconds, 1e-5);
    EXPECT_FALSE(find(shotCaptions(shot, end + 0.1, t, ""), "Grodno"));
    // No campaign time: no date; no credit given: none.
    c = shotCaptions(shot, 1.0, std::nullopt, "");
    EXPECT_EQ(c.size(), 2u);
}

TEST(Captions, DrawnCrispAtTheOutputsSizeAndTheSameEveryTime) {
    std::string error;
    auto font = Font::load(std::string(KRESY_TESTS_DIR) + "/../data/fonts/DejaVuSans.ttf", &error);
    ASSERT_TRUE(font) << error;
    const Shot shot = titledShot();
    const std::vector<Caption> c = shotCaptions(shot, 1.0, *parseIso8601("1939-09-21T10:00:00Z"), "credit");
    auto drawn = [&](int w, int h) {
        ImageRGBA8 image;
        image.width = w;
        image.height = h;
        image.pixels.assign(size_t(w) * h * 4, 90); // a mid grey
        drawCaptions(*font, c, &image);
        return image;
    };
    const ImageRGBA8 hd = drawn(1920, 1080), again = drawn(1920, 1080), uhd = drawn(3840, 2160);
    EXPECT_EQ(hd.pixels, again.pixels);
    auto white = [](const ImageRGBA8& im, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x)
                n += im.pixels[(size_t(y) * im.width + x) * 4] > 240;
        return n;
    };
    // The title lower left, the date top left, nothing in the middle.
    EXPECT_GT(white(hd, 80, 700, 500, 870), 1000);
    EXPECT_GT(white(hd, 60, 40, 700, 120), 500);
    EXPECT_EQ(white(hd, 700, 300, 1300, 700), 0);
    // At twice the size, more than four times the pure white: the glyphs are drawn at the
    // output's size (their anti-aliased edges stay a pixel wide), not scaled up (exactly 4x, or
    // fewer as edges blur).
    const int a = white(hd, 0, 0, 1920, 1080), b = white(uhd, 0, 0, 3840, 2160);
    EXPECT_GT(double(b) / a, 4.2);
    EXPECT_LT(double(b) / a, 6.0);
    // Crisp: at 4K, few pixels between the grey and white (anti-aliased edges only).
    int between = 0;
    for (size_t i = 0; i < uhd.pixels.size(); i += 4)
        between += uhd.pixels[i] > 120 && uhd.pixels[i] < 220;
    EXPECT_LT(between, b / 2);
}

} // namespace
} // namespace kresy
