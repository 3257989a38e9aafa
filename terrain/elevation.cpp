#include "terrain/elevation.h"

#include "core/log.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numbers>

namespace kresy {

namespace {

constexpr float kNoHeight = std::numeric_limits<float>::quiet_NaN();

bool fail(std::string* error, const std::string& message) {
    if (error) *error = message;
    return false;
}

bool hasHgtExtension(const std::string& name) {
    if (name.size() < 4) return false;
    std::string ext = name.substr(name.size() - 4);
    for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return ext == ".hgt";
}

// Bilinear height inside a tile; (lat, lon) is clamped to the tile.
float sampleTile(const HgtTile& t, double lat, double lon) {
    const int n = t.size;
    const double last = n - 1;
    double y = std::clamp((t.south + 1 - lat) * last, 0.0, last);
    double x = std::clamp((lon - t.west) * last, 0.0, last);
    int r = std::min(static_cast<int>(y), n - 2);
    int c = std::min(static_cast<int>(x), n - 2);
    double fy = y - r, fx = x - c;
    const int16_t* p = t.heights.data() + static_cast<size_t>(r) * n + c;
    double top = p[0] + (p[1] - p[0]) * fx;
    double bottom = p[n] + (p[n + 1] - p[n]) * fx;
    return static_cast<float>(top + (bottom - top) * fy);
}

// Catmull-Rom weights for the four samples around a point at fraction t between the middle two.
void catmullRomWeights(double t, double w[4]) {
    double t2 = t * t, t3 = t2 * t;
    w[0] = 0.5 * (-t3 + 2 * t2 - t);
    w[1] = 0.5 * (3 * t3 - 5 * t2 + 2);
    w[2] = 0.5 * (-3 * t3 + 4 * t2 + t);
    w[3] = 0.5 * (t3 - t2);
}

// Bicubic over a rows x cols raster at fractional (y, x), clamping the 4x4 footprint at the edges.
template <typename At>
double bicubic(double y, double x, int rows, int cols, const At& at) {
    int r = int(std::floor(y)), c = int(std::floor(x));
    double wy[4], wx[4];
    catmullRomWeights(y - r, wy);
    catmullRomWeights(x - c, wx);
    double sum = 0;
    for (int i = 0; i < 4; ++i) {
        int rr = std::clamp(r - 1 + i, 0, rows - 1);
        double row = 0;
        for (int j = 0; j < 4; ++j)
            row += wx[j] * at(rr, std::clamp(c - 1 + j, 0, cols - 1));
        sum += wy[i] * row;
    }
    return sum;
}

float sampleTileBicubic(const HgtTile& t, double lat, double lon) {
    const double last = t.size - 1;
    double y = std::clamp((t.south + 1 - lat) * last, 0.0, last);
    double x = std::clamp((lon - t.west) * last, 0.0, last);
    const int16_t* h = t.heights.data();
    return float(bicubic(y, x, t.size, t.size, [&](int r, int c) { return double(h[size_t(r) * t.size + c]); }));
}

// Grid origins in sidecars carry rounding (ETOPO5's says 12.00011E for 12E), so a point a
// hair outside the outermost nodes still counts as covered and takes the edge value.
constexpr double kGridEdgeSlackCells = 0.01;

// Height inside a grid; false when (lat, lon) is outside its nodes.
bool sampleGrid(const GeoGrid& g, double lat, double lon, float* out, Interpolation interpolation) {
    const double lastRow = g.rows - 1, lastCol = g.cols - 1;
    double y = (lat - g.row0Lat) / g.latStep;
    double x = (lon - g.col0Lon) / g.lonStep;
    // Written so NaN coordinates fail too.
    if (!(y >= -kGridEdgeSlackCells && y <= lastRow + kGridEdgeSlackCells && x >= -kGridEdgeSlackCells &&
          x <= lastCol + kGridEdgeSlackCells))
        return false;
    y = std::clamp(y, 0.0, lastRow);
    x = std::clamp(x, 0.0, lastCol);
    if (interpolation == Interpolation::Bicubic) {
        *out = float(bicubic(y, x, g.rows, g.cols, [&](int r, int c) { return double(g.heights[size_t(r) * g.cols + c]); }));
        return true;
    }
    int r0 = std::min(static_cast<int>(y), std::max(g.rows - 2, 0)), r1 = std::min(r0 + 1, g.rows - 1);
    int c0 = std::min(static_cast<int>(x), std::max(g.cols - 2, 0)), c1 = std::min(c0 + 1, g.cols - 1);
    double fy = y - r0, fx = x - c0;
    auto at = [&](int r, int c) { return double(g.heights[static_cast<size_t>(r) * g.cols + c]); };
    double top = at(r0, c0) + (at(r0, c1) - at(r0, c0)) * fx;
    double bottom = at(r1, c0) + (at(r1, c1) - at(r1, c0)) * fx;
    *out = static_cast<float>(top + (bottom - top) * fy);
    return true;
}

double gridCellArea(const GeoGrid& g) { return std::abs(g.latStep * g.lonStep); }

GeoBounds gridBounds(const GeoGrid& g) {
    double lat1 = g.row0Lat + (g.rows - 1) * g.latStep;
    double lon1 = g.col0Lon + (g.cols - 1) * g.lonStep;
    return {std::min(g.col0Lon, lon1), std::min(g.row0Lat, lat1), std::max(g.col0Lon, lon1),
            std::max(g.row0Lat, lat1)};
}

GeoBounds unite(const GeoBounds& a, const GeoBounds& b) {
    return {std::min(a.west, b.west), std::min(a.south, b.south), std::max(a.east, b.east),
            std::max(a.north, b.north)};
}

double smoothstep01(double t) { return t * t * (3 - 2 * t); }

} // namespace

struct ElevationModel::Impl {
    std::vector<HgtTile> tiles;
    // Tiles by 1-degree cell: a dense table over the tiles' bounding box rather than a hash
    // map, because sample() looks up to 9 cells per call and this is a plain array read.
    int cellSouth = 0, cellWest = 0, cellRows = 0, cellCols = 0;
    std::vector<int> cellTile; // index into tiles, -1 where none

    std::vector<GeoGrid> grids; // finest first
    double feather = 0.1;

    void insertTile(HgtTile tile);
    void rebuildCellIndex();
    const HgtTile* tileAt(int south, int west) const;
    const HgtTile* findTile(double lat, double lon) const;
    double edgeDistance(const HgtTile& t, double lat, double lon) const;
    double srtmWeight(const HgtTile& t, double lat, double lon) const;
    bool sampleGrids(double lat, double lon, float* out, Interpolation interpolation) const;
};

void ElevationModel::Impl::insertTile(HgtTile tile) {
    for (HgtTile& existing : tiles) {
        if (existing.south == tile.south && existing.west == tile.west) {
            existing = std::move(tile); // a later tile of the same cell replaces the earlier
            return;
        }
    }
    tiles.push_back(std::move(tile));
}

void ElevationModel::Impl::rebuildCellIndex() {
    cellTile.clear();
    cellRows = cellCols = 0;
    if (tiles.empty()) return;
    int south = tiles[0].south, north = south, west = tiles[0].west, east = west;
    for (const HgtTile& t : tiles) {
        south = std::min(south, t.south);
        north = std::max(north, t.south);
        west = std::min(west, t.west);
        east = std::max(east, t.west);
    }
    cellSouth = south;
    cellWest = west;
    cellRows = north - south + 1;
    cellCols = east - west + 1;
    cellTile.assign(static_cast<size_t>(cellRows) * cellCols, -1);
    for (size_t i = 0; i < tiles.size(); ++i)
        cellTile[static_cast<size_t>(tiles[i].south - south) * cellCols + (tiles[i].west - west)] =
            static_cast<int>(i);
}

const HgtTile* ElevationModel::Impl::tileAt(int south, int west) const {
    int r = south - cellSouth, c = west - cellWest;
    if (r < 0 || r >= cellRows || c < 0 || c >= cellCols) return nullptr;
    int i = cellTile[static_cast<size_t>(r) * cellCols + c];
    return i < 0 ? nullptr : &tiles[i];
}

// The tile covering a point. Tiles share their edge nodes, so a point exactly on a cell's
// south or west edge also belongs to the tile below or to the west, which matters where the
// cell itself has no tile (e.g. lon 24.0 at the east edge of the E023 tiles).
const HgtTile* ElevationModel::Impl::findTile(double lat, double lon) const {
    if (cellTile.empty() || !(std::abs(lat) <= 90) || !(std::abs(lon) <= 360)) return nullptr;
    double fs = std::floor(lat), fw = std::floor(lon);
    int s = static_cast<int>(fs), w = static_cast<int>(fw);
    if (const HgtTile* t = tileAt(s, w)) return t;
    bool onSouthEdge = lat == fs, onWestEdge = lon == fw;
    if (onSouthEdge)
        if (const HgtTile* t = tileAt(s - 1, w)) return t;
    if (onWestEdge)
        if (const HgtTile* t = tileAt(s, w - 1)) return t;
    if (onSouthEdge && onWestEdge) return tileAt(s - 1, w - 1);
    return nullptr;
}

// Distance from a point inside tile `t` to the nearest missing neighbouring cell, i.e. to
// the edge of the union of tiles, in degrees of latitude (longitude scaled by cos(lat)).
// Only the 8 neighbours are checked, which is exact for distances up to 1 degree.
double ElevationModel::Impl::edgeDistance(const HgtTile& t, double lat, double lon) const {
    const double k = std::cos(lat * std::numbers::pi / 180);
    const double dn = t.south + 1 - lat, ds = lat - t.south;
    const double de = (t.west + 1 - lon) * k, dw = (lon - t.west) * k;
    double d = std::numeric_limits<double>::infinity();
    auto consider = [&](int dLat, int dLon, double distance) {
        if (distance < d && !tileAt(t.south + dLat, t.west + dLon)) d = distance;
    };
    consider(1, 0, dn);
    consider(-1, 0, ds);
    consider(0, 1, de);
    consider(0, -1, dw);
    consider(1, 1, std::hypot(dn, de));
    consider(1, -1, std::hypot(dn, dw));
    consider(-1, 1, std::hypot(ds, de));
    consider(-1, -1, std::hypot(ds, dw));
    return d;
}

// Weight of SRTM against the coarser grids: 1 deeper than `feather` inside the coverage,
// easing to 0 at its edge.
double ElevationModel::Impl::srtmWeight(const HgtTile& t, double lat, double lon) const {
    if (feather <= 0) return 1;
    // Cheap exit: farther than `feather` from every side of this tile means no edge is near.
    const double k = std::cos(lat * std::numbers::pi / 180);
    double nearestSide = std::min({t.south + 1 - lat, lat - t.south, (t.west + 1 - lon) * k, (lon - t.west) * k});
    if (nearestSide >= feather) return 1;
    double d = edgeDistance(t, lat, lon);
    if (d >= feather) return 1;
    return smoothstep01(std::max(d, 0.0) / feather);
}

bool ElevationModel::Impl::sampleGrids(double lat, double lon, float* out, Interpolation interpolation) const {
    for (const GeoGrid& g : grids)
        if (sampleGrid(g, lat, lon, out, interpolation)) return true;
    return false;
}

ElevationModel::ElevationModel() : impl(std::make_unique<Impl>()) {}
ElevationModel::~ElevationModel() = default;
ElevationModel::ElevationModel(ElevationModel&&) noexcept = default;
ElevationModel& ElevationModel::operator=(ElevationModel&&) noexcept = default;

bool ElevationModel::addSrtmDirectory(const std::string& dir, std::string* error) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::vector<std::string> paths;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code typeError;
        if (hasHgtExtension(it->path().filename().string()) && it->is_regular_file(typeError))
            paths.push_back(it->path().string());
    }
    if (ec) return fail(error, dir + ": " + ec.message());
    if (paths.empty()) return fail(error, dir + ": no .hgt tiles");
    std::sort(paths.begin(), paths.end()); // deterministic order: the first problem is stable

    // Read everything before adding anything, so a bad tile leaves the model unchanged.
    std::vector<HgtTile> loaded(paths.size());
    for (size_t i = 0; i < paths.size(); ++i)
        if (!readHgt(paths[i], &loaded[i], error)) return false;
    for (HgtTile& t : loaded) impl->insertTile(std::move(t));
    impl->rebuildCellIndex();
    return true;
}

void ElevationModel::addSrtmTile(HgtTile tile) {
    if (tile.size < 2 || tile.heights.size() != static_cast<size_t>(tile.size) * tile.size) {
        logWarning("ignoring SRTM tile %d,%d: size %d with %zu heights", tile.south, tile.west, tile.size,
                   tile.heights.size());
        return;
    }
    impl->insertTile(std::move(tile));
    impl->rebuildCellIndex();
}

void ElevationModel::addGrid(GeoGrid grid) {
    if (grid.rows < 1 || grid.cols < 1 || grid.latStep == 0 || grid.lonStep == 0 ||
        grid.heights.size() != static_cast<size_t>(grid.rows) * grid.cols) {
        logWarning("ignoring elevation grid: %dx%d with %zu heights", grid.rows, grid.cols, grid.heights.size());
        return;
    }
    // Keep the finest first so sampleGrids() can stop at the first grid covering a point.
    auto coarser = std::upper_bound(impl->grids.begin(), impl->grids.end(), gridCellArea(grid),
                                    [](double area, const GeoGrid& g) { return area < gridCellArea(g); });
    impl->grids.insert(coarser, std::move(grid));
}

float ElevationModel::sample(double lat, double lon, Interpolation interpolation) const {
    const HgtTile* t = impl->findTile(lat, lon);
    float grid = kNoHeight;
    if (!t) return impl->sampleGrids(lat, lon, &grid, interpolation) ? grid : kNoHeight;

    float srtm = interpolation == Interpolation::Bicubic ? sampleTileBicubic(*t, lat, lon) : sampleTile(*t, lat, lon);
    double w = impl->srtmWeight(*t, lat, lon);
    if (w >= 1 || !impl->sampleGrids(lat, lon, &grid, interpolation)) return srtm;
    return static_cast<float>(w * srtm + (1 - w) * grid);
}

double ElevationModel::finestSpacingDegrees(const GeoBounds& area) const {
    double finest = std::numeric_limits<double>::infinity();
    auto overlaps = [&](const GeoBounds& b) {
        return b.west < area.east && b.east > area.west && b.south < area.north && b.north > area.south;
    };
    for (const HgtTile& t : impl->tiles)
        if (overlaps({double(t.west), double(t.south), double(t.west + 1), double(t.south + 1)}))
            finest = std::min(finest, 1.0 / (t.size - 1));
    for (const GeoGrid& g : impl->grids)
        if (overlaps(gridBounds(g)))
            finest = std::min(finest, std::abs(g.lonStep));
    return finest;
}

bool ElevationModel::hasSrtm(double lat, double lon) const { return impl->findTile(lat, lon) != nullptr; }

GeoBounds ElevationModel::bounds() const {
    bool any = false;
    GeoBounds b;
    auto add = [&](const GeoBounds& x) {
        b = any ? unite(b, x) : x;
        any = true;
    };
    for (const HgtTile& t : impl->tiles)
        add({double(t.west), double(t.south), double(t.west + 1), double(t.south + 1)});
    for (const GeoGrid& g : impl->grids) add(gridBounds(g));
    return b;
}

void ElevationModel::setFeatherDegrees(double degrees) {
    // The edge search looks at neighbouring 1-degree cells only, so wider bands are not exact.
    impl->feather = degrees > 0 ? std::min(degrees, 1.0) : 0.0;
}

} // namespace kresy
