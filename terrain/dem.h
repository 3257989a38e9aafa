#pragma once
// Elevation sources read from disk: SRTM .hgt tiles and raw grids with a JSON sidecar
// (like data/dem/etopo5). Plain data, no GPU types. Heights in metres.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kresy {

// One SRTM tile: 1x1 degree, `size` x `size` samples (1201 for SRTM3, 3601 for SRTM1),
// grid-node registered; row 0 is the north edge, column 0 the west edge.
struct HgtTile {
    int south = 0; // latitude of the south edge, degrees (from the file name)
    int west = 0;  // longitude of the west edge, degrees
    int size = 0;
    std::vector<int16_t> heights; // size*size, voids already filled
    int voidsFilled = 0;
};

// "N52E023.hgt" -> south 52, west 23; "S01W075.hgt" -> -1, -75. Case-insensitive; any directory
// prefix and a trailing ".hgt" are accepted. Returns false for anything else.
bool parseHgtName(std::string_view fileName, int* south, int* west);

// Fills the voids (-32768) of a size x size grid of heights in place, as parseHgt does: each from
// the nearest valid samples along the 8 compass directions, weighted by inverse distance; returns
// how many there were. A grid without a valid sample is left as it is. Time linear in size^2.
// Precondition: heights->size() == size * size.
int fillHgtVoids(std::vector<int16_t>* heights, int size);

// Decodes a tile from the bytes of its file, for the tile whose south-west corner is (south,
// west); the size follows from the byte count (1201^2 or 3601^2 big-endian int16). Voids
// (-32768) are filled by inverse-distance interpolation from the nearest valid samples along the
// 8 compass directions. On failure: false and what is wrong in *error; *tile is untouched.
bool parseHgt(std::span<const uint8_t> bytes, int south, int west, HgtTile* tile, std::string* error);

// Reads the file at `path`, whose name gives the corner (parseHgtName), and decodes it as
// parseHgt does. On failure: false and "<path>: <what>" in *error.
bool readHgt(const std::string& path, HgtTile* tile, std::string* error);

// A regular lat/lon grid of elevations (grid-node registration), row 0 at row0Lat.
struct GeoGrid {
    int rows = 0, cols = 0;
    double row0Lat = 0, latStep = 0; // latStep < 0 when rows go north to south
    double col0Lon = 0, lonStep = 0;
    std::vector<float> heights; // rows*cols, row-major
};

// Reads a grid from its JSON sidecar (fields: rows, cols, row0_lat_deg, lat_step_deg,
// col0_lon_deg, lon_step_deg, dtype "int16 little-endian" | "int16 big-endian" |
// "float32 little-endian", optional "file"). Without "file" the data file is the one beside
// the sidecar whose name starts with the sidecar's stem and ends in ".raw".
// Checks that the data file holds exactly rows*cols values.
bool readGeoGrid(const std::string& jsonPath, GeoGrid* grid, std::string* error);

} // namespace kresy
