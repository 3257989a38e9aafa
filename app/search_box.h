#pragma once
// The search box at the top of the window: places, units and events by name (scene/search.h),
// ignoring case and accents. Ctrl+F focuses it; typing lists the best hits; Up/Down choose, Enter
// or a click picks one; Esc leaves it.

#include "scene/search.h"

#include <optional>
#include <string>
#include <vector>

namespace kresy {

struct SearchBox {
    std::string query;
    std::vector<SearchHit> hits; // for the query as it was last searched
    std::string searched;        // that query
    int highlighted = 0;
    bool focus = false;          // take the keyboard next frame
};

// Draws the box centred at the top of a `width`-wide display and returns the hit picked this
// frame. `unitPosition` places unit hits (where the unit is at the time shown).
std::optional<SearchHit> drawSearchBox(SearchBox& box, const SearchIndex& index,
                                       const SearchIndex::UnitPosition& unitPosition, float width);

} // namespace kresy
