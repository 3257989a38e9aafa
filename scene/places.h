#pragma once
// Named places (towns) for labels and search, read from a CSV file (docs/data-formats.md,
// "Places"): the default dataset's data/vector/places.csv.

#include "core/diagnostics.h"

#include <string>
#include <string_view>
#include <vector>

namespace kresy {

// A place whose file gives no rank: after every Natural Earth town (their scalerank is 0-10).
constexpr int kDefaultPlaceRank = 10;

struct Place {
    std::string name;                    // as in 1939 (Polish where the town was Polish then)
    std::vector<std::string> otherNames; // today's and other languages' names
    double lat = 0, lon = 0;             // degrees, WGS84
    int population = 0;                  // 0: unknown
    int rank = kDefaultPlaceRank;        // lower is more important: shown from farther away
    std::string source;                  // "ne10m", "campaign", ... (empty when not given)
};

// Parses places CSV text (RFC 4180: comma-separated, double-quoted fields may hold commas,
// quotes written "" and line breaks; CRLF or LF; a UTF-8 byte order mark is skipped). The header
// names the columns in any order: name, lat and lon are required; other_names, population, rank
// and source are optional; other columns are ignored with a warning. Appends each good row to
// *places and a "file:line:col" diagnostic for each problem to *diagnostics (either may be
// null); a bad row is skipped. Returns false when there was an error.
bool parsePlaces(std::string_view text, const std::string& file, std::vector<Place>* places,
                 std::vector<Diagnostic>* diagnostics);

// Reads and parses a file; false (with a diagnostic) when it cannot be read or has an error.
bool loadPlaces(const std::string& path, std::vector<Place>* places, std::vector<Diagnostic>* diagnostics);

} // namespace kresy
