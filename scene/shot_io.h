#pragma once
// Reading, checking and writing shot and deck files (docs/shot-format.md), with the same
// diagnostics, unknown-field preservation and writing rules as replays (replays/replay_io.h), so
// one `kresy check` and one editor workflow serve all three kinds of file.

#include "core/diagnostics.h"
#include "replays/replay_io.h"
#include "shot.h"

#include <string>
#include <string_view>
#include <vector>

namespace kresy {

// Parses and checks `text` (the contents of `path`, used only in diagnostics). Every problem is
// appended to *diagnostics at the line and column of the offending value (a missing field points
// at the object that lacks it), sorted by position; docs/shot-format.md lists the checks.
// Positions outside `terrain` (when given) are warnings. When `replay` is given, the unit ids the
// shot names must be its units, and campaign times outside its span are warnings; without it
// unit ids are only checked to be non-empty. Returns true when there is no error; *out is
// written only then. Never throws; any input bytes are safe.
bool parseShot(std::string_view text, const std::string& path, const LonLatBox* terrain, Shot* out,
               std::vector<Diagnostic>* diagnostics, const Replay* replay = nullptr);

// Reads the file at `path` and parses it as above; a file that cannot be read is one error.
bool loadShot(const std::string& path, const LonLatBox* terrain, Shot* out, std::vector<Diagnostic>* diagnostics,
              const Replay* replay = nullptr);

// The shot as a file: 2-space indentation, known fields in the documented order, then each
// object's unknown fields in their order; an object or array holding no object or array (a
// position, a target) on one line. Times keep the text they were read from. Reading it back
// gives an equal Shot. Empty only when memory runs out.
std::string writeShot(const Shot& shot);

// The path of the replay that the shot or deck file at `file` names in its "replay" field:
// relative to the file's directory (an absolute one as it is), lexically normalised
// ("shots/../replays/x.json" is "replays/x.json").
std::string shotReplayPath(const std::string& file, const std::string& replay);

// The same three for decks of bookmarks.
bool parseDeck(std::string_view text, const std::string& path, const LonLatBox* terrain, Deck* out,
               std::vector<Diagnostic>* diagnostics, const Replay* replay = nullptr);
bool loadDeck(const std::string& path, const LonLatBox* terrain, Deck* out, std::vector<Diagnostic>* diagnostics,
              const Replay* replay = nullptr);
std::string writeDeck(const Deck& deck);

enum class DocumentKind { Replay, Shot, Deck, Annotations, Unknown };

// Which parser a file is for, so `kresy check FILE...` can take any mix of files and report the
// problems of a broken one in terms of what it was meant to be. Decided by the names of the
// top-level object's members, found by a tolerant scan that needs no valid JSON (strings and
// nesting are followed; a syntax error elsewhere does not matter):
//   "format": "kresy-replay"                       -> Replay, whatever else is there;
//   otherwise, of "keys": [...] (Shot), "bookmarks": [...] (Deck) and "units" or "sides"
//   (Replay), the one kind found;
//   "format": "kresy-annotations"                  -> Annotations (replays/annotations_io.h);
//   if none, "annotations": [...]                  -> Annotations;
//   if none, "keys" or "bookmarks" with a value of another type -> Shot or Deck;
//   anything else (no object, several kinds, none) -> Unknown.
DocumentKind detectDocumentKind(std::string_view text);

} // namespace kresy
