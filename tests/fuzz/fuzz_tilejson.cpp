// TileJSON documents (terrain/tilejson.h): any bytes are reported, never crash or hang; what is
// accepted is written and read back the same, and its URL templates expand.

#include "fuzz_check.h"
#include "terrain/tilejson.h"

#include <cstdint>
#include <string_view>

using namespace kresy;

namespace {

bool same(const TileJson& a, const TileJson& b) {
    return a.tilejson == b.tilejson && a.tiles == b.tiles && a.minzoom == b.minzoom && a.maxzoom == b.maxzoom &&
           a.bounds.west == b.bounds.west && a.bounds.south == b.bounds.south && a.bounds.east == b.bounds.east &&
           a.bounds.north == b.bounds.north && a.encoding == b.encoding && a.tileSize == b.tileSize &&
           a.name == b.name && a.attribution == b.attribution && a.description == b.description && a.extra == b.extra;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    TileJson tilejson;
    std::vector<Diagnostic> diagnostics;
    const bool ok = parseTileJson(text, "tiles.json", &tilejson, &diagnostics);
    fuzz::checkDiagnostics(diagnostics, ok);
    if (!ok) return 0;

    const std::string written = writeTileJson(tilejson);
    TileJson again;
    std::vector<Diagnostic> second;
    fuzz::check(parseTileJson(written, "written.json", &again, &second), "written TileJSON refused", written);
    fuzz::check(same(again, tilejson), "written TileJSON reads back different", written);
    for (const std::string& url : tilejson.tiles)
        for (TileId tile : {TileId{0, 0, 0}, TileId{tilejson.maxzoom, 0, 0}, TileId{11, 1140, 640}})
            fuzz::check(!expandTileUrl(url, tile).empty(), "a URL template expands to nothing", url);
    return 0;
}
