#pragma once
// A shot's documentary captions (scene/captions.h) over the window, as `kresy render` draws them
// into its frames: the same text, anchors, sizes, colours and fades, so that playing or scrubbing
// a shot previews the film. Plain ImGui, no Vulkan.

#include "scene/captions.h"

#include <vector>

namespace kresy {

// Draws `captions` on ImGui's background draw list (under every panel) over a `width` x `height`
// display, with fonts[1] (DejaVu Sans, as the window loads it; ImGui's font when it is missing).
// Sizes scale with `height` as in drawCaptions (never below two thirds of a 1080-line frame's).
// Call between ImGui::NewFrame and ImGui::Render; an empty list draws nothing.
void drawCaptionsOverlay(const std::vector<Caption>& captions, float width, float height);

} // namespace kresy
