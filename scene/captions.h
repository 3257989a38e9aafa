#pragma once
// Documentary captions over a shot's frames: the date, a title card at each key that has a
// title, and the data's credit line. Drawn straight into the finished (resolved) image by
// Font::drawText at the output's exact size, so they are crisp at 4K and 8K and never blurred by
// supersampling; sizes are given for a 1080-line frame and scale with the image's height (never
// below two thirds, so that small previews stay readable).

#include "core/image.h"
#include "core/time.h"
#include "labels.h"
#include "shot.h"

#include <glm/glm.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kresy {

struct Caption {
    std::string text;
    glm::vec2 at{0};       // the box's anchor point as a fraction of the frame (0, 0 top left)
    glm::vec2 align{0};    // which point of the box sits there: (0, 0) top left, (1, 1) bottom right
    float pixelsPerEm = 24; // at 1080 lines
    glm::vec4 colour{1};   // sRGB, alpha
    float opacity = 1;     // a fade
};

// Seconds a title card stays after its key's hold ends, and its fade in and out.
constexpr double kTitleSeconds = 4, kTitleFadeSeconds = 0.6;

// The captions at shot time `t`: the campaign date (top left, when the shot gives one), the
// title and subtitle of the last key reached that has a title (lower left, from the key's time
// to kTitleSeconds after its hold, fading in and out), and `credit` (bottom right, small).
std::vector<Caption> shotCaptions(const Shot& shot, double t, std::optional<Time> campaignTime,
                                  const std::string& credit);
// The same from the keys alone (a CameraPath's, as the window plays it).
std::vector<Caption> shotCaptions(const std::vector<ShotKey>& keys, double t, std::optional<Time> campaignTime,
                                  const std::string& credit);

// Draws them with a soft shadow for legibility over any terrain.
void drawCaptions(const Font& font, const std::vector<Caption>& captions, ImageRGBA8* image);
void drawCaptions(const Font& font, const std::vector<Caption>& captions, ImageRGBA16* image);

} // namespace kresy
