#include "captions.h"

#include <algorithm>
#include <cmath>

namespace kresy {

namespace {

// 1 inside [start, end], fading linearly over kTitleFadeSeconds at both ends.
float fadeInOut(double t, double start, double end) {
    if (t < start || t > end)
        return 0;
    return float(std::clamp(std::min(t - start, end - t) / kTitleFadeSeconds, 0.0, 1.0));
}

// The date as a caption shows it: formatHumanDate's "21 September 1939, 10:00 UTC".
std::string captionDate(Time t) { return formatHumanDate(t); }

template <typename Image> void drawAll(const Font& font, const std::vector<Caption>& captions, Image* image) {
    // Sizes are for 1080 lines; small previews keep them readable (at least two thirds).
    const float scale = float(std::max(image->height, 720)) / 1080.0f;
    for (const Caption& c : captions) {
        if (c.opacity <= 0 || c.text.empty())
            continue;
        const float size = c.pixelsPerEm * scale;
        const TextLayout box = font.layout(c.text, size, 0);
        const float x = std::round(c.at.x * float(image->width) - c.align.x * box.width);
        const float y = std::round(c.at.y * float(image->height) - c.align.y * box.height);
        const float shadow = std::max(1.0f, size * 0.06f);
        for (float dx : {-0.5f, 0.5f}) // a shadow wide enough to read on snow and on forest
            for (float dy : {-0.5f, 0.5f})
                font.drawText(image, c.text, x + shadow * (1 + dx), y + shadow * (1 + dy), size,
                              glm::vec4(0, 0, 0, 0.35f * c.opacity * c.colour.a));
        font.drawText(image, c.text, x, y, size, glm::vec4(glm::vec3(c.colour), c.colour.a * c.opacity));
    }
}

} // namespace

std::vector<Caption> shotCaptions(const Shot& shot, double t, std::optional<Time> campaignTime,
                                  const std::string& credit) {
    return shotCaptions(shot.keys, t, campaignTime, credit);
}

std::vector<Caption> shotCaptions(const std::vector<ShotKey>& keys, double t, std::optional<Time> campaignTime,
                                  const std::string& credit) {
    std::vector<Caption> captions;
    if (campaignTime)
        captions.push_back({captionDate(*campaignTime), {0.04f, 0.05f}, {0, 0}, 30, glm::vec4(1), 1});
    // The title card of the last key reached with a title.
    for (auto key = keys.rbegin(); key != keys.rend(); ++key) {
        if (key->time > t || !key->title)
            continue;
        const float opacity = fadeInOut(t, key->time, key->time + key->hold + kTitleSeconds);
        if (opacity > 0) {
            captions.push_back({*key->title, {0.05f, 0.80f}, {0, 1}, 46, glm::vec4(1), opacity});
            if (key->subtitle)
                captions.push_back({*key->subtitle, {0.05f, 0.81f}, {0, 0}, 26, glm::vec4(0.92f, 0.92f, 0.88f, 1),
                                    opacity});
        }
        break;
    }
    if (!credit.empty())
        captions.push_back({credit, {0.985f, 0.975f}, {1, 1}, 13, glm::vec4(1, 1, 1, 0.8f), 1});
    return captions;
}

void drawCaptions(const Font& font, const std::vector<Caption>& captions, ImageRGBA8* image) {
    drawAll(font, captions, image);
}

void drawCaptions(const Font& font, const std::vector<Caption>& captions, ImageRGBA16* image) {
    drawAll(font, captions, image);
}

} // namespace kresy
