#include "tile.h"

#include "core/geodesy.h"

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstring>

namespace kresy {
namespace {

constexpr int kMaxTilePixels = 4096;

// Tile coordinates closer than this to a tile edge count as on the edge. The inverse
// Mercator does not round-trip exactly, so without it tilesCovering(tileBounds(t)) would
// pick up slivers of t's neighbours. 1e-9 of a tile is under a micrometre even at zoom 24.
constexpr double kEdgeEpsilon = 1e-9;

int tileCount(int z) { return 1 << z; }

// The inclusive index range [*first, *last] of tiles overlapping the open interval (a, b)
// of fractional tile coordinates, within [0, n).
void coveredIndices(double a, double b, int n, int* first, int* last) {
    int i0 = int(std::floor(a + kEdgeEpsilon));
    int i1 = int(std::ceil(b - kEdgeEpsilon)) - 1;
    if (i1 < i0) // a span thinner than the edge tolerance: the tile holding its middle
        i0 = i1 = int(std::floor((a + b) * 0.5));
    *first = std::clamp(i0, 0, n - 1);
    *last = std::clamp(i1, 0, n - 1);
}

// The largest double below 1, so that a point on the world's east or south edge still
// gets a position inside its tile.
constexpr double kBelowOne = 1.0 - 1.0 / 9007199254740992.0; // 1 - 2^-53

// The tile index holding fractional coordinate `f` and the position inside it.
int splitCoordinate(double f, int n, double* fraction) {
    const int i = std::clamp(int(std::floor(f)), 0, n - 1);
    if (fraction)
        *fraction = std::clamp(f - i, 0.0, kBelowOne);
    return i;
}

// Heights as 24-bit integers: Terrarium counts 1/256 m from -32768 m, Mapbox 0.1 m from -10000 m.
constexpr uint32_t kMaxCode = (1u << 24) - 1;

uint32_t heightCode(TileEncoding encoding, float metres) {
    // These encodings have no no-data value; NaN becomes sea level rather than an extreme.
    const double h = std::isnan(metres) ? 0.0 : double(metres);
    const double code = encoding == TileEncoding::Terrarium ? (h + 32768.0) * 256.0 : (h + 10000.0) * 10.0;
    return uint32_t(std::clamp(std::round(code), 0.0, double(kMaxCode)));
}

void appendBytes(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
}

bool hasPngSignature(std::span<const uint8_t> bytes) {
    static const uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    return bytes.size() >= sizeof kSignature && std::memcmp(bytes.data(), kSignature, sizeof kSignature) == 0;
}

std::string corruptPngMessage() {
    std::string message = "truncated or corrupt PNG (";
    message += stbi_failure_reason() ? stbi_failure_reason() : "unknown reason";
    message += ")";
    return message;
}

// Walks the chunks up to IEND before stb_image decodes them (found by tests/fuzz): each must lie
// within the data, since stb allocates the size an IDAT chunk claims (rounded up to a power of
// two) before it looks for the bytes, so 61 bytes could take 2 GiB; and empty IDAT
// chunks are left out, since for one before any image data stb copies 0 bytes to a null pointer
// (undefined behaviour). The image data is the IDAT chunks' data joined, so that changes nothing.
// *cleaned is the PNG without them, or stays empty when there are none. False and one sentence in
// *error when a chunk runs past the end or there is no IEND.
bool checkPngChunks(std::span<const uint8_t> png, std::vector<uint8_t>* cleaned, std::string* error) {
    size_t copied = 0; // of `png`, into *cleaned
    for (size_t at = 8;;) {
        const size_t left = png.size() - at;
        if (left < 8) {
            *error = "truncated or corrupt PNG (the data ends before the IEND chunk)";
            return false;
        }
        const uint32_t length = uint32_t(png[at]) << 24 | uint32_t(png[at + 1]) << 16 | uint32_t(png[at + 2]) << 8 |
                                png[at + 3];
        const char* type = reinterpret_cast<const char*>(&png[at + 4]);
        if (std::memcmp(type, "IEND", 4) == 0)
            break; // stb reads no further
        if (left < 12 || left - 12 < length) {
            const bool named = std::all_of(type, type + 4, [](char c) { return std::isalpha(uint8_t(c)); });
            *error = "truncated or corrupt PNG (";
            *error += named ? "the " + std::string(type, 4) + " chunk" : std::string("a chunk");
            *error += " at byte " + std::to_string(at) + " runs past the end of the data)";
            return false;
        }
        if (length == 0 && std::memcmp(type, "IDAT", 4) == 0) {
            cleaned->insert(cleaned->end(), png.begin() + long(copied), png.begin() + long(at));
            copied = at + 12;
        }
        at += 12 + size_t(length);
    }
    if (copied > 0)
        cleaned->insert(cleaned->end(), png.begin() + long(copied), png.end());
    return true;
}

// Checks the PNG header (size, depth, channels) before anything is decoded. False and one
// sentence in *error if the tile cannot be an elevation tile.
bool checkPngHeader(std::span<const uint8_t> png, int* size, std::string* error) {
    if (png.empty()) {
        *error = "not a PNG (the data is empty)";
        return false;
    }
    if (!hasPngSignature(png)) {
        *error = "not a PNG (the data does not start with the PNG signature)";
        return false;
    }
    if (png.size() > size_t(INT_MAX)) {
        *error = "PNG is too large (";
        *error += std::to_string(png.size());
        *error += " bytes)";
        return false;
    }
    const int length = int(png.size());
    int w = 0, h = 0, channels = 0;
    if (!stbi_info_from_memory(png.data(), length, &w, &h, &channels)) {
        *error = corruptPngMessage();
        return false;
    }
    if (w != h) {
        *error = "tile is " + std::to_string(w);
        *error += "x";
        *error += std::to_string(h);
        *error += " px; elevation tiles are square";
        return false;
    }
    if (w < 1 || w > kMaxTilePixels) {
        *error = "tile is " + std::to_string(w);
        *error += " px wide; elevation tiles are at most 4096 px";
        return false;
    }
    if (stbi_is_16_bit_from_memory(png.data(), length)) {
        *error = "tile has 16-bit channels; elevation tiles have 8 bits per channel";
        return false;
    }
    // A grey PNG would be expanded to R = G = B, which decodes to a meaningless height.
    // (Palette PNGs report the palette's channels and are decoded like RGB.)
    if (channels != 3 && channels != 4) {
        *error = "tile has " + std::to_string(channels);
        *error += channels == 1 ? " channel (grey)" : " channels (grey and alpha)";
        *error += "; elevation tiles are RGB or RGBA";
        return false;
    }
    *size = w;
    return true;
}

} // namespace

bool isValidTile(const TileId& t) {
    return t.z >= 0 && t.z <= kMaxTileZoom && t.x >= 0 && t.y >= 0 && t.x < tileCount(t.z) && t.y < tileCount(t.z);
}

TileId parentTile(const TileId& t) { return {t.z - 1, t.x >> 1, t.y >> 1}; }

void childTiles(const TileId& t, TileId out[4]) {
    const int z = t.z + 1, x = t.x * 2, y = t.y * 2;
    out[0] = {z, x, y};
    out[1] = {z, x + 1, y};
    out[2] = {z, x, y + 1};
    out[3] = {z, x + 1, y + 1};
}

TileId ancestorTile(const TileId& t, int z) {
    const int levels = t.z - z;
    if (levels <= 0) // outside the contract; avoid a negative shift
        return t;
    return {z, t.x >> levels, t.y >> levels};
}

GeoBounds tileBounds(const TileId& t) {
    // Both corners come from the same function of integer tile coordinates, so neighbouring
    // tiles share their edges bit for bit.
    GeoBounds b;
    tileToLonLat({double(t.x), double(t.y)}, t.z, &b.west, &b.north);
    tileToLonLat({double(t.x + 1), double(t.y + 1)}, t.z, &b.east, &b.south);
    return b;
}

double tileWidthMetres(const TileId& t) {
    GeoBounds b = tileBounds(t);
    return glm::radians(b.east - b.west) * kEarthMeanRadius * std::cos(glm::radians((b.south + b.north) / 2));
}

TileRange tilesCovering(const GeoBounds& bounds, int z) {
    TileRange range;
    range.z = z;
    const double west = std::clamp(bounds.west, -180.0, 180.0);
    const double east = std::clamp(bounds.east, -180.0, 180.0);
    const double south = std::clamp(bounds.south, -kMercatorMaxLat, kMercatorMaxLat);
    const double north = std::clamp(bounds.north, -kMercatorMaxLat, kMercatorMaxLat);
    // `!(a < b)` also rejects NaN. Zero-area bounds (including any wholly beyond the
    // Mercator limit) span no tiles.
    if (!(west < east) || !(south < north) || z < 0 || z > kMaxTileZoom)
        return range;
    const glm::dvec2 northWest = lonLatToTile(west, north, z);
    const glm::dvec2 southEast = lonLatToTile(east, south, z);
    const int n = tileCount(z);
    coveredIndices(northWest.x, southEast.x, n, &range.x0, &range.x1);
    coveredIndices(northWest.y, southEast.y, n, &range.y0, &range.y1);
    return range;
}

TileId tileAt(double lat, double lon, int z, double* u, double* v) {
    // Points beyond the world (longitude past ±180, latitude past the Mercator limit, which
    // lonLatToTile clamps) belong to the edge tiles.
    const glm::dvec2 f = lonLatToTile(std::clamp(lon, -180.0, 180.0), lat, z);
    const int n = tileCount(z);
    TileId t;
    t.z = z;
    t.x = splitCoordinate(f.x, n, u);
    t.y = splitCoordinate(f.y, n, v);
    return t;
}

std::string tileName(const TileId& t) {
    std::string name = std::to_string(t.z);
    name += '/';
    name += std::to_string(t.x);
    name += '/';
    name += std::to_string(t.y);
    return name;
}

bool parseTileEncoding(std::string_view name, TileEncoding* encoding) {
    if (name == "terrarium") {
        *encoding = TileEncoding::Terrarium;
        return true;
    }
    if (name == "mapbox") {
        *encoding = TileEncoding::Mapbox;
        return true;
    }
    return false;
}

const char* tileEncodingName(TileEncoding encoding) {
    return encoding == TileEncoding::Terrarium ? "terrarium" : "mapbox";
}

void encodeHeight(TileEncoding encoding, float metres, uint8_t rgb[3]) {
    const uint32_t code = heightCode(encoding, metres);
    rgb[0] = uint8_t(code >> 16);
    rgb[1] = uint8_t(code >> 8);
    rgb[2] = uint8_t(code);
}

float decodeHeight(TileEncoding encoding, const uint8_t rgb[3]) {
    const uint32_t code = uint32_t(rgb[0]) << 16 | uint32_t(rgb[1]) << 8 | rgb[2];
    // R*256 + G + B/256 == code/256, and (code - 100000)/10 == -10000 + code*0.1; these forms
    // round once (Terrarium is even exact in float), where 0.1 is not representable.
    if (encoding == TileEncoding::Terrarium)
        return float(double(code) / 256.0 - 32768.0);
    return float((double(code) - 100000.0) / 10.0);
}

bool decodeHeightTile(std::span<const uint8_t> png, TileEncoding encoding, HeightTile* tile, std::string* error) {
    int size = 0;
    if (!checkPngHeader(png, &size, error))
        return false;
    std::vector<uint8_t> cleaned;
    if (!checkPngChunks(png, &cleaned, error))
        return false;
    if (!cleaned.empty())
        png = cleaned;
    int w = 0, h = 0, channels = 0;
    stbi_uc* pixels = stbi_load_from_memory(png.data(), int(png.size()), &w, &h, &channels, 3);
    if (!pixels) {
        *error = corruptPngMessage();
        return false;
    }
    if (w != size || h != size) { // the header said otherwise; cannot happen with a sane decoder
        stbi_image_free(pixels);
        *error = "corrupt PNG (the image size changed while decoding)";
        return false;
    }
    tile->size = size;
    tile->heights.resize(size_t(size) * size);
    // Alpha, if any, is ignored: the encodings carry no no-data value.
    for (size_t i = 0; i < tile->heights.size(); ++i)
        tile->heights[i] = decodeHeight(encoding, pixels + 3 * i);
    stbi_image_free(pixels);
    return true;
}

std::vector<uint8_t> encodeHeightTile(const HeightTile& tile, TileEncoding encoding) {
    std::vector<uint8_t> png;
    if (tile.size < 1 || tile.size > kMaxTilePixels || tile.heights.size() != size_t(tile.size) * tile.size)
        return png; // nothing sensible to encode
    std::vector<uint8_t> rgb(tile.heights.size() * 3);
    for (size_t i = 0; i < tile.heights.size(); ++i)
        encodeHeight(encoding, tile.heights[i], &rgb[3 * i]);
    if (!stbi_write_png_to_func(appendBytes, &png, tile.size, tile.size, 3, rgb.data(), tile.size * 3))
        png.clear();
    return png;
}

} // namespace kresy
