#pragma once
// The formations' tree: each unit's subordinates and the units at the top. The renderer
// aggregates by it: a formation is drawn as one symbol until the camera is close enough to show
// its subordinates instead (echelonRank in replay.h orders the levels).

#include "replay.h"

#include <cstdint>
#include <span>
#include <vector>

namespace kresy {

// Units by their index in Replay::units.
struct UnitHierarchy {
    // Per unit: its parent, or -1 for a root (no parent, one that names no unit, or the link
    // that would close a cycle, which the reader refuses).
    std::vector<int32_t> parent;
    // Unit u's children are children[childStart[u] .. childStart[u + 1]), in file order.
    std::vector<uint32_t> childStart;
    std::vector<uint32_t> children;
    std::vector<uint32_t> roots; // in file order
    // Per unit: 0 for a root, its parent's depth + 1 otherwise.
    std::vector<uint32_t> depth;

    std::span<const uint32_t> childrenOf(size_t unit) const {
        return {children.data() + childStart[unit], children.data() + childStart[unit + 1]};
    }
};

// Any Replay is accepted; a valid one (parseReplay) has no links to drop.
UnitHierarchy buildUnitHierarchy(const Replay& replay);

} // namespace kresy
