#include "captions_overlay.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace kresy {

namespace {

// ImGui sizes a font by its ascent plus descent (stb_truetype's ScaleForPixelHeight), captions by
// the em: DejaVu Sans's hhea ascender 1901 and descender 483 over 2048 units per em. Its line gap
// is 0, so the box ImGui measures is the one Font::layout gives the offline captions.
constexpr float kImGuiSizePerEm = (1901.0f + 483.0f) / 2048.0f;

ImU32 colourOf(glm::vec4 srgb, float alpha) {
    return ImGui::ColorConvertFloat4ToU32(ImVec4(srgb.r, srgb.g, srgb.b, std::clamp(alpha, 0.0f, 1.0f)));
}

} // namespace

void drawCaptionsOverlay(const std::vector<Caption>& captions, float width, float height) {
    const ImGuiIO& io = ImGui::GetIO();
    ImFont* font = io.Fonts->Fonts.Size > 1 ? io.Fonts->Fonts[1] : ImGui::GetFont();
    ImDrawList* draw = ImGui::GetBackgroundDrawList();
    const float scale = std::max(height, 720.0f) / 1080.0f; // as drawCaptions: previews stay readable
    for (const Caption& c : captions) {
        if (c.opacity <= 0 || c.text.empty())
            continue;
        const float em = c.pixelsPerEm * scale, size = em * kImGuiSizePerEm;
        const char* text = c.text.c_str();
        const ImVec2 box = font->CalcTextSizeA(size, FLT_MAX, 0, text);
        const float x = std::round(c.at.x * width - c.align.x * box.x);
        const float y = std::round(c.at.y * height - c.align.y * box.y);
        const float shadow = std::max(1.0f, em * 0.06f);
        const ImU32 shade = colourOf(glm::vec4(0), 0.35f * c.opacity * c.colour.a);
        for (float dx : {-0.5f, 0.5f}) // the offline captions' shadow, for snow and forest alike
            for (float dy : {-0.5f, 0.5f})
                draw->AddText(font, size, ImVec2(x + shadow * (1 + dx), y + shadow * (1 + dy)), shade, text);
        draw->AddText(font, size, ImVec2(x, y), colourOf(c.colour, c.colour.a * c.opacity), text);
    }
}

} // namespace kresy
