#pragma once
// Finding places, units and events by name, for the viewer's search box and fly-to.
//
// Matching ignores case and diacritics (foldForSearch): "lwow" finds Lwów, "brzesc" Brześć,
// "konigsberg" Königsberg. A query matches a name
//   exactly (the whole name),                        score 100,
//   as the start of the name,                         80,
//   as the start of a later word in it,               60,
//   word by word: each query word starts some word,   50,
//   or anywhere inside it,                            30,
// less 5 when the name is a secondary one (a place's other name, a unit's id or commander, an
// event's place). Hits come best score first; equal scores put places before units before
// events, then the more important first (a place's lower rank, a unit's higher echelon), then
// the order of the source. The search is a linear scan over names folded in advance.

#include "core/geodesy.h"
#include "replays/replay.h"
#include "scene/places.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kresy {

struct SearchHit {
    enum Kind { Place, Unit, Event } kind = Place;
    size_t index = 0;  // into the places, the replay's units or its events
    std::string label; // the name, with the secondary name that matched in parentheses
    double score = 0;
    // Where to fly: the place, the event's place, or (for a unit) what the caller's locator
    // said; hasLocation is false for a unit without one.
    bool hasLocation = false;
    double lat = 0, lon = 0;
};

// Lower case without diacritics, for matching: Latin letters lose their accents (ł -> l,
// ß -> ss, æ -> ae), Cyrillic is lower-cased, apostrophes vanish, other punctuation and
// white space become single spaces between words (none at the ends). Combining marks (as in
// decomposed text) are dropped.
std::string foldForSearch(std::string_view text);

class SearchIndex {
public:
    // A unit's position for a hit (e.g. sampled at the viewer's time); nullopt when unknown.
    using UnitPosition = std::function<std::optional<GeoPoint>(size_t unit)>;

    // Each replaces what an earlier call gave; the index keeps copies of the names only.
    void setPlaces(const std::vector<kresy::Place>& places);
    void setReplay(const Replay& replay); // units (name, id, commander), events (title, place)

    // At most maxHits hits for the query; none for a query with no letters or digits.
    std::vector<SearchHit> search(std::string_view query, size_t maxHits, const UnitPosition& unitPosition = {}) const;

    size_t names() const; // how many names are searched

private:
    struct Name {
        std::string folded;
        std::string text;
        bool secondary = false;
    };
    struct Entry {
        SearchHit::Kind kind = SearchHit::Place;
        size_t index = 0;
        int importance = 0; // lower first among equal scores
        std::string label;
        std::vector<Name> names;
        bool hasLocation = false;
        double lat = 0, lon = 0;
    };
    std::vector<Entry> places_, units_, events_;
};

} // namespace kresy
