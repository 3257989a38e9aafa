#pragma once
// The window's ImGui overlay as a plain function of state: testable with ImGui's null backend.

#include "core/time.h"
#include "scene/camera.h"
#include "scene/overlays.h"
#include "scene/units_view.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace kresy {

struct OverlayState {
    double frameMs = 0;         // median over the last second
    double groundHeight = 0;    // terrain height under the camera, metres
    Camera camera;
    Time time = 0;
    std::string deviceName;
    uint32_t terrainNodes = 0, terrainTriangles = 0;
    size_t tilesResident = 0, tilesLoading = 0;
    double exaggeration = 1;
};

// What the user changed in the panel this frame.
struct OverlayChanges {
    bool exaggeration = false;
    double newExaggeration = 1;
};

// Draws the status panel in the top-left corner (call between ImGui::NewFrame and Render).
// With `units` (a replay is shown) it also has the units' display toggles, and with `layers` the
// map layers' toggles, which it changes in place.
OverlayChanges drawOverlay(const OverlayState& state, UnitDisplay* units = nullptr, LayerSet* layers = nullptr);

} // namespace kresy
