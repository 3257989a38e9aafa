#pragma once
// Opening the replay a view or still draws: --replay FILE, the 1939 campaign by default, or none.

#include "replays/annotations.h"
#include "scene/camera_path.h"
#include "scene/shot.h"
#include "scene/units_view.h"

#include <memory>
#include <string>

namespace kresy {

// The default replay: data/replays/1939-soviet-invasion.json in the dataset.
std::string defaultReplayPath();

// Loads and checks `spec` (a path, "" for the default, "none" for no units: *out stays null).
// Diagnostics are printed to stderr as file:line:col lines, warnings included; false on errors,
// with a sentence in *error.
bool openUnits(const std::string& spec, std::shared_ptr<UnitsView>* out, std::string* error);

// The annotations drawn with the replay `spec` (as openUnits takes it; `replay` is the one it
// opened, null for none): the replay's own "annotations", then those of the file beside it,
// NAME.annotations.json (docs/annotation-format.md), when there is one. That file's diagnostics
// are printed as a replay's are; one with errors is left out with a warning and marked broken,
// so that nothing overwrites it.
struct ReplayAnnotations {
    std::string path;        // the file beside the replay, whether or not it exists ("" for no replay)
    AnnotationSet file;      // its annotations: what the annotation editor edits and saves
    bool fileBroken = false; // it exists and did not load
    AnnotationSet all;       // the replay's and then the file's: what is drawn
};
ReplayAnnotations openAnnotations(const std::string& spec, const Replay* replay);

// A shot or a deck (docs/shot-format.md), checked as openUnits checks a replay: diagnostics to
// stderr as file:line:col lines; false on errors with a sentence in *error. `replay` (may be
// null) is the one the units of its targets and bookmarks must belong to.
bool openShot(const std::string& path, const Replay* replay, Shot* out, std::string* error);
bool openDeck(const std::string& path, const Replay* replay, Deck* out, std::string* error);

// Where a shot's targets are: a unit where it is at the campaign time (on the terrain), a point
// written without an altitude on the terrain. `units` may be null (no replay); `groundAt` gives
// the terrain's height.
TargetResolver shotTargetResolver(const UnitsView* units, HeightFunction groundAt);

} // namespace kresy
