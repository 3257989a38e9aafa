#include "terrain/dem.h"

#include "core/files.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>

namespace kresy {

namespace {

constexpr int16_t kHgtVoid = -32768;

bool fail(std::string* error, const std::string& message) {
    if (error) *error = message;
    return false;
}

// Reads `digits` decimal digits at `text[pos]`; false if any is not a digit.
bool parseDigits(std::string_view text, size_t pos, size_t digits, int* value) {
    int v = 0;
    for (size_t i = pos; i < pos + digits; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
        v = v * 10 + (text[i] - '0');
    }
    *value = v;
    return true;
}

bool endsWithNoCase(std::string_view text, std::string_view suffix) {
    if (text.size() < suffix.size()) return false;
    text.remove_prefix(text.size() - suffix.size());
    for (size_t i = 0; i < suffix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(suffix[i])))
            return false;
    return true;
}

// ---- void filling ----

// The nearest valid (non-void) sample from a void along one compass direction.
struct Neighbour {
    bool found = false;
    int steps = 0;
    int16_t height = 0;
};

// The 8 compass directions in the order their weights are summed: N, S, W, E, NW, NE, SW, SE.
enum Direction { kNorth, kSouth, kWest, kEast, kNorthWest, kNorthEast, kSouthWest, kSouthEast };

// Inverse-distance weighted height from the nearest valid samples along the 8 directions; false
// when none of them has one.
bool interpolateVoid(const Neighbour (&neighbours)[8], int16_t* out) {
    double weighted = 0, weights = 0;
    for (int d = 0; d < 8; ++d) {
        const Neighbour& n = neighbours[d];
        if (!n.found) continue;
        // Diagonal steps are sqrt(2) samples long; weight by true distance.
        double distance = n.steps * (d >= kNorthWest ? std::sqrt(2.0) : 1.0);
        double w = 1.0 / distance;
        weighted += w * n.height;
        weights += w;
    }
    if (weights == 0) return false;
    *out = static_cast<int16_t>(std::clamp(std::round(weighted / weights), -32767.0, 32767.0));
    return true;
}

// One pass of void filling: each void of `h` that sees a valid sample along any of its 8 lines
// gets its interpolated height in *next (a copy of `h`); returns how many voids stay. The lines
// are followed in one row-major sweep, so that a tile of voids costs the same as one of samples
// (walking every line from every void is cubic in the size: minutes for a tile of voids): towards
// the north and west the last valid sample passed is remembered, towards the south and east the
// next one is looked for only when the one found before has been passed, so each line is walked
// once. Diagonals are numbered by column - row (NW-SE) and column + row (NE-SW).
size_t fillVoidsOnce(const std::vector<int16_t>& h, int size, std::vector<int16_t>* next) {
    auto at = [&](int r, int c) { return h[size_t(r) * size + c]; };
    auto valid = [&](int r, int c) { return at(r, c) != kHgtVoid; };
    const int diagonals = 2 * size - 1;
    // The row of the last valid sample passed on each line north (-1: none yet).
    std::vector<int> lastN(size, -1), lastNW(diagonals, -1), lastNE(diagonals, -1);
    // The row of the next valid sample on each line south (size: none; -1: not looked for yet).
    std::vector<int> nextS(size, -1), nextSW(diagonals, -1), nextSE(diagonals, -1);
    size_t left = 0;
    for (int r = 0; r < size; ++r) {
        int lastW = -1, nextE = -1;
        for (int c = 0; c < size; ++c) {
            const int nwse = c - r + size - 1, nesw = c + r;
            if (valid(r, c)) {
                lastN[c] = lastNW[nwse] = lastNE[nesw] = r;
                lastW = c;
                continue;
            }
            if (nextS[c] <= r) {
                int rr = r + 1;
                while (rr < size && !valid(rr, c)) ++rr;
                nextS[c] = rr;
            }
            if (nextE <= c) {
                nextE = c + 1;
                while (nextE < size && !valid(r, nextE)) ++nextE;
            }
            if (nextSW[nesw] <= r) {
                int rr = r + 1;
                while (rr < size && nesw - rr >= 0 && !valid(rr, nesw - rr)) ++rr;
                nextSW[nesw] = rr < size && nesw - rr >= 0 ? rr : size;
            }
            if (nextSE[nwse] <= r) {
                int rr = r + 1;
                while (rr < size && rr + c - r < size && !valid(rr, rr + c - r)) ++rr;
                nextSE[nwse] = rr < size && rr + c - r < size ? rr : size;
            }
            Neighbour n[8];
            if (lastN[c] >= 0) n[kNorth] = {true, r - lastN[c], at(lastN[c], c)};
            if (nextS[c] < size) n[kSouth] = {true, nextS[c] - r, at(nextS[c], c)};
            if (lastW >= 0) n[kWest] = {true, c - lastW, at(r, lastW)};
            if (nextE < size) n[kEast] = {true, nextE - c, at(r, nextE)};
            if (int k = r - lastNW[nwse]; lastNW[nwse] >= 0) n[kNorthWest] = {true, k, at(r - k, c - k)};
            if (int k = r - lastNE[nesw]; lastNE[nesw] >= 0) n[kNorthEast] = {true, k, at(r - k, c + k)};
            if (int k = nextSW[nesw] - r; nextSW[nesw] < size) n[kSouthWest] = {true, k, at(r + k, c - k)};
            if (int k = nextSE[nwse] - r; nextSE[nwse] < size) n[kSouthEast] = {true, k, at(r + k, c + k)};
            if (!interpolateVoid(n, &(*next)[size_t(r) * size + c])) ++left;
        }
    }
    return left;
}

// ---- grids ----

enum class SampleType { Int16LE, Int16BE, Float32LE };

bool parseDtype(const std::string& name, SampleType* type) {
    if (name == "int16 little-endian") *type = SampleType::Int16LE;
    else if (name == "int16 big-endian") *type = SampleType::Int16BE;
    else if (name == "float32 little-endian") *type = SampleType::Float32LE;
    else return false;
    return true;
}

size_t sampleBytes(SampleType type) { return type == SampleType::Float32LE ? 4 : 2; }

void decodeSamples(const std::vector<uint8_t>& bytes, SampleType type, std::vector<float>* out) {
    size_t n = bytes.size() / sampleBytes(type);
    out->resize(n);
    const uint8_t* p = bytes.data();
    for (size_t i = 0; i < n; ++i) {
        switch (type) {
        case SampleType::Int16LE:
            (*out)[i] = static_cast<int16_t>(p[2 * i] | (p[2 * i + 1] << 8));
            break;
        case SampleType::Int16BE:
            (*out)[i] = static_cast<int16_t>((p[2 * i] << 8) | p[2 * i + 1]);
            break;
        case SampleType::Float32LE: {
            uint32_t u = uint32_t(p[4 * i]) | uint32_t(p[4 * i + 1]) << 8 | uint32_t(p[4 * i + 2]) << 16 |
                         uint32_t(p[4 * i + 3]) << 24;
            float f;
            std::memcpy(&f, &u, sizeof f);
            (*out)[i] = f;
            break;
        }
        }
    }
}

// Fetches a required finite number; names the field in the error.
bool numberField(const nlohmann::json& j, const char* name, const std::string& path, double* out,
                 std::string* error) {
    auto it = j.find(name);
    if (it == j.end()) return fail(error, path + ": missing field '" + name + "'");
    if (!it->is_number() || !std::isfinite(it->get<double>()))
        return fail(error, path + ": field '" + name + "' is not a number");
    *out = it->get<double>();
    return true;
}

bool positiveIntField(const nlohmann::json& j, const char* name, const std::string& path, int* out,
                      std::string* error) {
    auto it = j.find(name);
    if (it == j.end()) return fail(error, path + ": missing field '" + name + "'");
    if (!it->is_number_integer() || it->get<int64_t>() <= 0 || it->get<int64_t>() > 1'000'000)
        return fail(error, path + ": field '" + name + "' must be a positive integer");
    *out = static_cast<int>(it->get<int64_t>());
    return true;
}

bool stringField(const nlohmann::json& j, const char* name, const std::string& path, std::string* out,
                 std::string* error) {
    auto it = j.find(name);
    if (it == j.end()) return fail(error, path + ": missing field '" + name + "'");
    if (!it->is_string()) return fail(error, path + ": field '" + name + "' is not a string");
    *out = it->get<std::string>();
    return true;
}

// The data file named by "file" (relative to the sidecar's directory), or else the single
// "<stem>*.raw" beside the sidecar.
bool findDataFile(const nlohmann::json& j, const std::string& jsonPath, std::string* dataPath,
                  std::string* error) {
    namespace fs = std::filesystem;
    fs::path sidecar(jsonPath);
    fs::path dir = sidecar.parent_path();
    if (j.contains("file")) {
        std::string name;
        if (!stringField(j, "file", jsonPath, &name, error)) return false;
        fs::path p(name);
        *dataPath = (p.is_absolute() ? p : dir / p).string();
        return true;
    }
    std::string stem = sidecar.stem().string();
    std::error_code ec;
    std::vector<std::string> matches;
    for (fs::directory_iterator it(dir.empty() ? fs::path(".") : dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.size() > stem.size() && name.compare(0, stem.size(), stem) == 0 && endsWithNoCase(name, ".raw"))
            matches.push_back(it->path().string());
    }
    if (ec) return fail(error, jsonPath + ": cannot list its directory: " + ec.message());
    if (matches.empty()) return fail(error, jsonPath + ": no data file " + stem + "*.raw beside it");
    if (matches.size() > 1) {
        std::sort(matches.begin(), matches.end());
        return fail(error, jsonPath + ": several data files match " + stem + "*.raw (" + matches[0] + ", " +
                               matches[1] + "); name one with \"file\"");
    }
    *dataPath = matches[0];
    return true;
}

} // namespace

// Each pass computes its fills from the heights as they were before the pass, so the result does
// not depend on visiting order. A void none of whose 8 lines meets a valid sample waits for the
// next pass; two passes always suffice when the grid has any valid sample, since the first fills
// that sample's whole row.
int fillHgtVoids(std::vector<int16_t>* heights, int size) {
    const size_t total = size_t(std::count(heights->begin(), heights->end(), kHgtVoid));
    for (size_t voids = total; voids > 0;) {
        std::vector<int16_t> next = *heights;
        const size_t left = fillVoidsOnce(*heights, size, &next);
        if (left == voids) break; // no valid sample at all
        *heights = std::move(next);
        voids = left;
    }
    return static_cast<int>(total);
}

bool parseHgtName(std::string_view fileName, int* south, int* west) {
    size_t slash = fileName.find_last_of("/\\");
    if (slash != std::string_view::npos) fileName.remove_prefix(slash + 1);
    if (endsWithNoCase(fileName, ".hgt")) fileName.remove_suffix(4);
    if (fileName.size() != 7) return false;

    char ns = static_cast<char>(std::toupper(static_cast<unsigned char>(fileName[0])));
    char ew = static_cast<char>(std::toupper(static_cast<unsigned char>(fileName[3])));
    int lat = 0, lon = 0;
    if ((ns != 'N' && ns != 'S') || (ew != 'E' && ew != 'W')) return false;
    if (!parseDigits(fileName, 1, 2, &lat) || !parseDigits(fileName, 4, 3, &lon)) return false;
    // A tile's south edge lies in [-90, 89], its west edge in [-180, 179].
    if ((ns == 'N' && lat > 89) || (ns == 'S' && (lat > 90 || lat == 0))) return false;
    if ((ew == 'E' && lon > 179) || (ew == 'W' && (lon > 180 || lon == 0))) return false;

    if (south) *south = ns == 'N' ? lat : -lat;
    if (west) *west = ew == 'E' ? lon : -lon;
    return true;
}

bool parseHgt(std::span<const uint8_t> bytes, int south, int west, HgtTile* tile, std::string* error) {
    int size = 0;
    for (int candidate : {1201, 3601})
        if (bytes.size() == size_t(candidate) * candidate * 2) size = candidate;
    if (size == 0)
        return fail(error, std::to_string(bytes.size()) +
                               " bytes is not an SRTM tile size (expected 1201x1201 or 3601x3601 int16: " +
                               std::to_string(1201 * 1201 * 2) + " or " + std::to_string(3601 * 3601 * 2) +
                               " bytes)");

    std::vector<int16_t> heights(size_t(size) * size);
    const uint8_t* p = bytes.data();
    for (size_t i = 0; i < heights.size(); ++i) heights[i] = static_cast<int16_t>((p[2 * i] << 8) | p[2 * i + 1]);

    if (std::all_of(heights.begin(), heights.end(), [](int16_t v) { return v == kHgtVoid; }))
        return fail(error, "every sample is a void");

    tile->south = south;
    tile->west = west;
    tile->size = size;
    tile->voidsFilled = fillHgtVoids(&heights, size);
    tile->heights = std::move(heights);
    return true;
}

bool readHgt(const std::string& path, HgtTile* tile, std::string* error) {
    int south = 0, west = 0;
    if (!parseHgtName(path, &south, &west))
        return fail(error, path + ": not an SRTM tile name (expected e.g. N52E023.hgt)");

    std::vector<uint8_t> bytes;
    if (!readFile(path, &bytes, error)) return false;
    std::string what;
    if (!parseHgt(bytes, south, west, tile, &what)) return fail(error, path + ": " + what);
    return true;
}

bool readGeoGrid(const std::string& jsonPath, GeoGrid* grid, std::string* error) {
    std::vector<uint8_t> text;
    if (!readFile(jsonPath, &text, error)) return false;

    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::exception& e) {
        return fail(error, jsonPath + ": not valid JSON: " + e.what());
    }
    if (!j.is_object()) return fail(error, jsonPath + ": not a JSON object");

    GeoGrid g;
    std::string dtype;
    if (!positiveIntField(j, "rows", jsonPath, &g.rows, error) ||
        !positiveIntField(j, "cols", jsonPath, &g.cols, error) ||
        !numberField(j, "row0_lat_deg", jsonPath, &g.row0Lat, error) ||
        !numberField(j, "lat_step_deg", jsonPath, &g.latStep, error) ||
        !numberField(j, "col0_lon_deg", jsonPath, &g.col0Lon, error) ||
        !numberField(j, "lon_step_deg", jsonPath, &g.lonStep, error) ||
        !stringField(j, "dtype", jsonPath, &dtype, error))
        return false;
    if (g.latStep == 0 || g.lonStep == 0) return fail(error, jsonPath + ": lat_step_deg and lon_step_deg must not be 0");
    SampleType type;
    if (!parseDtype(dtype, &type))
        return fail(error, jsonPath + ": unsupported dtype '" + dtype +
                               "' (expected int16 little-endian, int16 big-endian or float32 little-endian)");

    std::string dataPath;
    if (!findDataFile(j, jsonPath, &dataPath, error)) return false;
    std::vector<uint8_t> data;
    std::string readError;
    if (!readFile(dataPath, &data, &readError)) return fail(error, jsonPath + ": data file " + readError);
    size_t expected = size_t(g.rows) * size_t(g.cols) * sampleBytes(type);
    if (data.size() != expected)
        return fail(error, jsonPath + ": data file " + dataPath + " holds " + std::to_string(data.size()) +
                               " bytes, expected " + std::to_string(expected) + " (" + std::to_string(g.rows) +
                               "x" + std::to_string(g.cols) + " " + dtype + ")");

    decodeSamples(data, type, &g.heights);
    *grid = std::move(g);
    return true;
}

} // namespace kresy
