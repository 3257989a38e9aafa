#include "overlay.h"

#include <imgui.h>

#include <cmath>

namespace kresy {

OverlayChanges drawOverlay(const OverlayState& s, UnitDisplay* units, LayerSet* layers) {
    OverlayChanges changes;
    ImGui::SetNextWindowPos(ImVec2(12, 12), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(0.6f);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                             ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                             ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove;
    if (ImGui::Begin("kresy##overlay", nullptr, flags)) {
        ImGui::TextUnformatted(formatHumanDate(s.time).c_str());
        ImGui::Separator();
        const GeoPoint& p = s.camera.position;
        ImGui::Text("%.4f%c %.4f%c", std::abs(p.lat), p.lat >= 0 ? 'N' : 'S', std::abs(p.lon), p.lon >= 0 ? 'E' : 'W');
        if (p.alt >= 10000)
            ImGui::Text("altitude %.1f km (%.1f km above ground)", p.alt / 1000, (p.alt - s.groundHeight) / 1000);
        else
            ImGui::Text("altitude %.0f m (%.0f m above ground)", p.alt, p.alt - s.groundHeight);
        ImGui::Text("heading %.0f, pitch %.0f, fov %.0f", s.camera.headingDeg, s.camera.pitchDeg, s.camera.fovDeg);
        ImGui::Separator();
        ImGui::Text("frame %.1f ms (%.0f fps)", s.frameMs, s.frameMs > 0 ? 1000.0 / s.frameMs : 0.0);
        ImGui::Text("terrain %u nodes, %uk triangles", s.terrainNodes, (s.terrainTriangles + 500) / 1000);
        ImGui::Text("tiles %zu in memory, %zu loading", s.tilesResident, s.tilesLoading);
        ImGui::TextDisabled("%s", s.deviceName.c_str());
        ImGui::Separator();
        float exaggeration = float(s.exaggeration);
        ImGui::SetNextItemWidth(160);
        if (ImGui::SliderFloat("vertical exaggeration", &exaggeration, 1.0f, 10.0f, "%.1fx")) {
            changes.exaggeration = true;
            changes.newExaggeration = exaggeration;
        }
        if (units) {
            bool trails = units->trailHours > 0;
            if (ImGui::Checkbox("trails", &trails))
                units->trailHours = trails ? 24 : 0;
            ImGui::SameLine();
            ImGui::Checkbox("uncertainty", &units->uncertainty);
            ImGui::SameLine();
            ImGui::Checkbox("3D models", &units->models);
        }
        if (layers) { // the map's layers, as --layers names them
            ImGui::Separator();
            ImGui::Checkbox("rivers", &(*layers)[Layer::Rivers]);
            ImGui::SameLine();
            ImGui::Checkbox("places", &(*layers)[Layer::Places]);
            ImGui::SameLine();
            ImGui::Checkbox("units", &(*layers)[Layer::Units]);
            ImGui::Checkbox("lakes", &(*layers)[Layer::Lakes]);
            ImGui::SameLine();
            ImGui::Checkbox("annotations", &(*layers)[Layer::Annotations]);
            ImGui::SameLine();
            ImGui::Checkbox("captions", &(*layers)[Layer::Captions]); // a shot's, while it plays
            ImGui::Checkbox("borders of the date", &(*layers)[Layer::Borders]);
            ImGui::Checkbox("1938", &(*layers)[Layer::Borders1938]);
            ImGui::SameLine();
            ImGui::Checkbox("1945", &(*layers)[Layer::Borders1945]);
        }
    }
    ImGui::End();
    return changes;
}

} // namespace kresy
