#include "unit_panel.h"

#include <imgui.h>

namespace kresy {
namespace {

const Source* findSource(const Replay& replay, const std::string& id) {
    for (const Source& s : replay.metadata.sources)
        if (s.id == id)
            return &s;
    return nullptr;
}

} // namespace

UnitPanelAction drawUnitPanel(const Replay& replay, size_t unit, const UnitState& state, float width) {
    const Unit& u = replay.units[unit];
    bool open = true;
    UnitPanelAction action = UnitPanelAction::None;
    ImGui::SetNextWindowPos(ImVec2(width - 12, 12), ImGuiCond_Always, ImVec2(1, 0));
    ImGui::SetNextWindowSize(ImVec2(360, 0), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(0.8f);
    if (ImGui::Begin("Unit##kresy", &open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove)) {
        ImGui::TextWrapped("%s", u.name.c_str());
        ImGui::Separator();
        for (const Side& s : replay.sides)
            if (s.id == u.side)
                ImGui::Text("side        %s", s.name.c_str());
        ImGui::Text("type        %s %s", enumName(u.type), enumName(u.echelon));
        if (u.commander)
            ImGui::Text("commander   %s", u.commander->c_str());
        if (u.parent)
            for (const Unit& p : replay.units)
                if (p.id == *u.parent)
                    ImGui::TextWrapped("part of     %s", p.name.c_str());
        if (state.visible) {
            ImGui::Text("status      %s", enumName(state.status));
            if (state.strength >= 0)
                ImGui::Text("strength    %.0f", state.strength);
            ImGui::Text("position    %.3f N %.3f E, heading %.0f", state.lat, state.lon, state.headingDeg);
            if (state.uncertaintyKm > 0)
                ImGui::Text("uncertain   within %.0f km", state.uncertaintyKm);
            if (ImGui::Button("fly to"))
                action = UnitPanelAction::FlyTo;
            ImGui::SameLine();
            if (ImGui::Button("follow"))
                action = UnitPanelAction::FollowChase;
            ImGui::SameLine();
            if (ImGui::Button("follow from above"))
                action = UnitPanelAction::FollowOverhead;
            const Waypoint& w = u.track[state.waypoint];
            if (w.source) {
                const Source* s = findSource(replay, *w.source);
                ImGui::Separator();
                ImGui::TextWrapped("source: %s", s ? s->citation.c_str() : w.source->c_str());
                if (s && s->url)
                    ImGui::TextDisabled("%s", s->url->c_str());
            }
        } else {
            ImGui::TextDisabled("not on the map at this time");
        }
    }
    ImGui::End();
    return open ? action : UnitPanelAction::Close;
}

} // namespace kresy
