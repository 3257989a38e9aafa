#include "presenter.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>

namespace kresy {

Camera bookmarkCamera(const Bookmark& b) {
    Camera c;
    c.position = b.position;
    c.headingDeg = b.headingDeg;
    c.pitchDeg = b.pitchDeg;
    c.rollDeg = b.rollDeg;
    c.fovDeg = b.fovDeg;
    return c;
}

int presenterStep(Presenter& p) {
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key); };
    if (pressed(GLFW_KEY_S))
        p.statusLine = !p.statusLine;
    if (pressed(GLFW_KEY_HOME))
        return -p.current - 1;
    if (pressed(GLFW_KEY_PAGE_DOWN) || pressed(GLFW_KEY_RIGHT) || pressed(GLFW_KEY_DOWN) || pressed(GLFW_KEY_SPACE))
        return 1;
    if (pressed(GLFW_KEY_PAGE_UP) || pressed(GLFW_KEY_LEFT) || pressed(GLFW_KEY_UP))
        return -1;
    return 0;
}

void drawPresenter(const Presenter& p, Time now, bool arrived, float width, float height) {
    if (!p.deck || p.deck->bookmarks.empty())
        return;
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoInputs;
    if (p.statusLine) {
        ImGui::SetNextWindowPos(ImVec2(width - 16, height - 16), ImGuiCond_Always, ImVec2(1, 1));
        ImGui::SetNextWindowBgAlpha(0.45f);
        if (ImGui::Begin("status##presenter", nullptr, flags))
            ImGui::Text("%d/%zu   %s", p.current + 1, p.deck->bookmarks.size(), formatHumanDate(now).c_str());
        ImGui::End();
    }
    if (p.current < 0 || !arrived)
        return;
    // The bookmark's title card, faded in over half a second once the camera has arrived.
    const Bookmark& b = p.deck->bookmarks[size_t(p.current)];
    const float alpha = float(std::clamp(p.sinceArrival / 0.5, 0.0, 1.0));
    ImGui::SetNextWindowPos(ImVec2(48, height - 64), ImGuiCond_Always, ImVec2(0, 1));
    ImGui::SetNextWindowBgAlpha(0.55f * alpha);
    ImGui::PushStyleVar(ImGuiStyleVar_Alpha, alpha);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(18, 12));
    if (ImGui::Begin("caption##presenter", nullptr, flags)) {
        ImGuiIO& io = ImGui::GetIO();
        if (io.Fonts->Fonts.Size > 1)
            ImGui::PushFont(io.Fonts->Fonts[1]);
        ImGui::TextUnformatted(b.title.c_str());
        if (io.Fonts->Fonts.Size > 1)
            ImGui::PopFont();
        if (b.subtitle)
            ImGui::TextUnformatted(b.subtitle->c_str());
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
}

} // namespace kresy
