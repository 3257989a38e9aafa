#pragma once
// Reading, checking and writing replay files (docs/replay-format.md).

#include "core/diagnostics.h"
#include "replay.h"

#include <string>
#include <string_view>
#include <vector>

namespace kresy {

// An area in degrees; the terrain's, for the "outside the terrain" warnings.
struct LonLatBox {
    double west = -180, south = -90, east = 180, north = 90;
    bool contains(double lon, double lat) const { return lon >= west && lon <= east && lat >= south && lat <= north; }
};

// Parses and checks `text` (the contents of `path`, which is used only in diagnostics). Every
// problem found is appended to *diagnostics with the line and column of the offending value (a
// missing field points at the object that lacks it), sorted by position: JSON syntax (the first
// error only), types, required fields, enum values, ranges, references to sources, sides, units
// and parents, parent cycles, duplicate ids, track times that do not increase, spans that end
// before they start, and the problems of its "annotations" (annotations_io.h). A waypoint or event place outside `terrain` (when given) or a time outside
// metadata.span is a warning. Returns true when there is no error; *out is written only then.
// Never throws; any input bytes are safe.
bool parseReplay(std::string_view text, const std::string& path, const LonLatBox* terrain, Replay* out,
                 std::vector<Diagnostic>* diagnostics);

// Reads the file at `path` and parses it as above; a file that cannot be read is one error.
bool loadReplay(const std::string& path, const LonLatBox* terrain, Replay* out, std::vector<Diagnostic>* diagnostics);

// The replay as a file: UTF-8 JSON with 2-space indentation, known fields in the order
// docs/replay-format.md lists them, then each object's unknown fields in their order; an object
// or array that holds no object or array (a waypoint, a side, a source) on one line.
// Reading it back gives an equal Replay. Times keep the text they were read from (and so their
// offset); times without it are written in UTC to the second.
std::string writeReplay(const Replay& replay);

} // namespace kresy
