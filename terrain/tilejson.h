#pragma once
// TileJSON 3.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0) describing an
// elevation pyramid, with the `encoding` field of MapLibre's raster-dem sources.

#include "core/diagnostics.h"
#include "tile.h"

#include <string>
#include <string_view>
#include <vector>

namespace kresy {

struct TileJson {
    std::string tilejson = "3.0.0";
    std::vector<std::string> tiles; // URL templates with {z} {x} {y}; relative ones are relative to the TileJSON
    int minzoom = 0, maxzoom = 22;
    GeoBounds bounds{-180, -85.0511287798066, 180, 85.0511287798066};
    TileEncoding encoding = TileEncoding::Mapbox; // MapLibre's default when "encoding" is absent
    int tileSize = 256; // "tileSize" (MapLibre), 256 or 512
    std::string name, attribution, description;
    std::string extra; // the other fields, serialised as a JSON object, kept through a round trip
};

// Parses `text` (from `path`, used in diagnostics). Required: "tilejson" (a 3.x or 2.x version
// string) and "tiles" (a non-empty array of strings containing {z}, {x} and {y} or {-y}). Optional
// fields are checked for type and range (zooms 0..24, minzoom <= maxzoom, bounds W<E, S<N within the
// world, tileSize 256 or 512, encoding "terrarium" or "mapbox", scheme "xyz" if given). Every problem
// is reported as a Diagnostic with the line and column of the offending value (columns count
// characters; a missing field points at the enclosing object); returns false if any is an error.
// Diagnostics are appended (duplicate keys are a warning, the last value wins); *out is written
// only on success.
bool parseTileJson(std::string_view text, const std::string& path, TileJson* out, std::vector<Diagnostic>* diagnostics);

// Pretty-printed JSON, fields in the spec's order, then the extra fields.
std::string writeTileJson(const TileJson& tilejson);

// Expands a URL template for a tile: {z} {x} {y}, and {-y} (TMS row: 2^z - 1 - y).
std::string expandTileUrl(const std::string& urlTemplate, const TileId& tile);

} // namespace kresy
