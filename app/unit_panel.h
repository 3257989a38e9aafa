#pragma once
// The panel of a unit clicked on the map: name, commander, type, status and sources.

#include "replays/replay.h"
#include "replays/sampling.h"

namespace kresy {

// Draws the panel at the top right of a `width`-wide display. False when the user closed it.
bool drawUnitPanel(const Replay& replay, size_t unit, const UnitState& state, float width);

} // namespace kresy
