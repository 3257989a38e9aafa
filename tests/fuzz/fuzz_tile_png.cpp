// Elevation tile PNGs (terrain/tile.h): any bytes are refused with a reason or decoded to a
// square of heights, never crash or hang. The input is the PNG file; the low bit of its last byte
// (in a real PNG, of the IEND chunk's CRC, which decoders need not check) picks the encoding.

#include "fuzz_check.h"
#include "terrain/tile.h"

#include <cmath>
#include <cstdint>
#include <span>

using namespace kresy;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const uint8_t> png(data, size);
    const TileEncoding encoding = size > 0 && (data[size - 1] & 1) ? TileEncoding::Mapbox : TileEncoding::Terrarium;
    HeightTile tile;
    std::string error;
    if (!decodeHeightTile(png, encoding, &tile, &error)) {
        fuzz::check(!error.empty(), "refused without a reason");
        return 0;
    }
    fuzz::check(tile.size >= 1 && tile.size <= 4096, "decoded size out of range", std::to_string(tile.size));
    fuzz::check(tile.heights.size() == size_t(tile.size) * tile.size, "decoded heights are not size x size");
    for (float h : tile.heights) fuzz::check(std::isfinite(h), "decoded height is not finite");
    return 0;
}
