#pragma once
// Web Mercator XYZ tiles (the MapLibre / Mapzen / rio-rgbify convention): tile (z, x, y) with
// x growing east and y growing south; zoom 0 is one tile covering the world. Elevation tiles
// are square PNGs (256 or 512 px) whose pixels cover equal areas ("pixel is area"): pixel (i, j)
// of a tile of `size` pixels is centred at tile coordinate (x + (i + 0.5) / size, y + (j + 0.5) / size).

#include "elevation.h" // GeoBounds

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace kresy {

constexpr int kMaxTileZoom = 24;

struct TileId {
    int z = 0, x = 0, y = 0;
    bool operator==(const TileId&) const = default;
};

struct TileIdHash {
    size_t operator()(const TileId& t) const {
        return std::hash<uint64_t>()((uint64_t(t.z) << 58) ^ (uint64_t(t.x) << 29) ^ uint64_t(t.y));
    }
};

bool isValidTile(const TileId& t); // 0 <= z <= kMaxTileZoom, 0 <= x, y < 2^z
TileId parentTile(const TileId& t); // z must be > 0
void childTiles(const TileId& t, TileId out[4]); // NW, NE, SW, SE
// The ancestor of `t` at zoom `z` (z <= t.z).
TileId ancestorTile(const TileId& t, int z);

// The tile's extent in degrees (north/south edges from the inverse Mercator).
GeoBounds tileBounds(const TileId& t);
// Its east-west width in metres at its middle latitude (on the mean-radius sphere).
double tileWidthMetres(const TileId& t);

// The tiles of zoom z that intersect `bounds` (clamped to the Mercator latitude limit),
// as an inclusive range. Bounds of no area (W >= E or S >= N after clamping) give an empty
// range; an edge lying on a tile boundary does not pull in the tile beyond it.
struct TileRange {
    int z = 0, x0 = 0, y0 = 0, x1 = -1, y1 = -1;
    size_t count() const { return x1 < x0 || y1 < y0 ? 0 : size_t(x1 - x0 + 1) * size_t(y1 - y0 + 1); }
};
TileRange tilesCovering(const GeoBounds& bounds, int z);

// The tile of zoom z containing a point, and the point's position inside it in [0, 1)^2
// (u east, v south). Points outside the world belong to its edge tiles.
TileId tileAt(double lat, double lon, int z, double* u = nullptr, double* v = nullptr);

// "12/2345/1234" for messages and logs.
std::string tileName(const TileId& t);

// --- Elevation encodings -------------------------------------------------------------------

enum class TileEncoding {
    Terrarium, // height = R * 256 + G + B / 256 - 32768        (Mapzen / AWS terrain tiles)
    Mapbox,    // height = -10000 + (R * 65536 + G * 256 + B) * 0.1  (Mapbox Terrain-RGB)
};

// Parses "terrarium" / "mapbox"; false for anything else.
bool parseTileEncoding(std::string_view name, TileEncoding* encoding);
const char* tileEncodingName(TileEncoding encoding);

// Nearest representable value (Terrarium: 1/256 m; Mapbox: 0.1 m), clamped to the range.
// NaN (no data) encodes as 0 m: neither encoding has a no-data value.
void encodeHeight(TileEncoding encoding, float metres, uint8_t rgb[3]);
float decodeHeight(TileEncoding encoding, const uint8_t rgb[3]);

// A decoded elevation tile: size x size heights in metres, row 0 at the north edge.
struct HeightTile {
    int size = 0;
    std::vector<float> heights;
};

// Decodes a PNG (RGB or RGBA, 8 bits per channel, square, 1..4096 px). False with one sentence
// in *error for anything else: not a PNG, truncated, not square, wrong channel depth, grey;
// *tile is then unchanged. Alpha is ignored.
bool decodeHeightTile(std::span<const uint8_t> png, TileEncoding encoding, HeightTile* tile, std::string* error);
// Encodes as an RGB PNG; empty if the tile is not size x size heights with 1 <= size <= 4096.
std::vector<uint8_t> encodeHeightTile(const HeightTile& tile, TileEncoding encoding);

} // namespace kresy
