#include "search_box.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h> // ClearActiveID: a text field being edited keeps its own copy of the text
#include <imgui_stdlib.h>

#include <algorithm>

namespace kresy {

namespace {

constexpr size_t kMaxHits = 8;

const char* kindName(SearchHit::Kind kind) {
    switch (kind) {
    case SearchHit::Place: return "place";
    case SearchHit::Unit: return "unit";
    case SearchHit::Event: return "event";
    }
    return "";
}

} // namespace

std::optional<SearchHit> drawSearchBox(SearchBox& box, const SearchIndex& index,
                                       const SearchIndex::UnitPosition& unitPosition, float width) {
    std::optional<SearchHit> picked;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_F, false))
        box.focus = true;
    const float boxWidth = 360;
    ImGui::SetNextWindowPos(ImVec2((width - boxWidth) / 2, 58), ImGuiCond_Always); // under the date
    ImGui::SetNextWindowSize(ImVec2(boxWidth, 0), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(0.8f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize;
    if (!ImGui::Begin("search##kresy", nullptr, flags)) {
        ImGui::End();
        return picked;
    }
    if (box.focus) {
        ImGui::SetKeyboardFocusHere();
        box.focus = false;
    }
    ImGui::SetNextItemWidth(-1);
    const bool entered = ImGui::InputTextWithHint("##search", "search places, units, events (Ctrl+F)", &box.query,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
    const bool active = ImGui::IsItemActive() || entered;
    if (box.query != box.searched) {
        box.hits = index.search(box.query, kMaxHits, unitPosition);
        box.searched = box.query;
        box.highlighted = 0;
    }
    if (active && !box.hits.empty()) {
        if (ImGui::IsKeyPressed(GLFW_KEY_DOWN))
            box.highlighted = std::min(box.highlighted + 1, int(box.hits.size()) - 1);
        if (ImGui::IsKeyPressed(GLFW_KEY_UP))
            box.highlighted = std::max(box.highlighted - 1, 0);
    }
    if (ImGui::IsItemActive() && ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) {
        box.query.clear();
        ImGui::ClearActiveID(); // give the keyboard back to the camera
    }
    if (!box.query.empty()) {
        if (box.hits.empty())
            ImGui::TextDisabled("nothing called \"%s\"", box.query.c_str());
        for (size_t i = 0; i < box.hits.size(); ++i) {
            const SearchHit& hit = box.hits[i];
            ImGui::PushID(int(i));
            ImGui::BeginDisabled(!hit.hasLocation);
            // The label is clipped before the kind column.
            if (ImGui::Selectable(hit.label.c_str(), int(i) == box.highlighted, 0, ImVec2(boxWidth - 90, 0)))
                picked = hit;
            ImGui::EndDisabled();
            ImGui::SameLine(boxWidth - 70);
            ImGui::TextDisabled("%s", hit.hasLocation ? kindName(hit.kind) : "not on map");
            ImGui::PopID();
        }
        if (entered && !box.hits.empty() && box.hits[size_t(box.highlighted)].hasLocation)
            picked = box.hits[size_t(box.highlighted)];
    }
    if (picked) {
        box.query.clear();
        ImGui::ClearActiveID();
    }
    ImGui::End();
    return picked;
}

} // namespace kresy
