#pragma once
// The panel of a unit clicked on the map: name, commander, type, status and sources.

#include "replays/replay.h"
#include "replays/sampling.h"

namespace kresy {

enum class UnitPanelAction { None, Close, FlyTo, FollowChase, FollowOverhead };

// Draws the panel at the top right of a `width`-wide display, with buttons to fly to the unit
// and to follow it (from behind, or from above with north up). Returns what the user asked for.
UnitPanelAction drawUnitPanel(const Replay& replay, size_t unit, const UnitState& state, float width);

} // namespace kresy
