#include "water.h"

#include "core/files.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace kresy {
namespace {

bool parseNumber(std::string_view& line, double* value) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
        line.remove_prefix(1);
    auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), *value);
    if (ec != std::errc() || !std::isfinite(*value))
        return false;
    line.remove_prefix(size_t(end - line.data()));
    return true;
}

void closeRing(std::vector<WaterPolygons::Edge>* edges, std::vector<double>* ring) {
    const size_t n = ring->size() / 2;
    if (n >= 3) {
        for (size_t i = 0; i < n; ++i) {
            size_t j = (i + 1) % n;
            const double* a = &(*ring)[2 * i];
            const double* b = &(*ring)[2 * j];
            if (a[1] != b[1]) // horizontal edges never cross a scanline
                edges->push_back({a[0], a[1], b[0], b[1]});
        }
    }
    ring->clear();
}

void buildBands(WaterPolygons* w) {
    if (w->edges.empty())
        return;
    w->south = w->north = w->edges[0].lat0;
    w->west = w->east = w->edges[0].lon0;
    for (const auto& e : w->edges) {
        w->south = std::min({w->south, e.lat0, e.lat1});
        w->north = std::max({w->north, e.lat0, e.lat1});
        w->west = std::min({w->west, e.lon0, e.lon1});
        w->east = std::max({w->east, e.lon0, e.lon1});
    }
    w->bands.assign(size_t((w->north - w->south) / w->bandDeg) + 1, {});
    for (uint32_t i = 0; i < w->edges.size(); ++i) {
        const auto& e = w->edges[i];
        size_t b0 = size_t((std::min(e.lat0, e.lat1) - w->south) / w->bandDeg);
        size_t b1 = std::min(size_t((std::max(e.lat0, e.lat1) - w->south) / w->bandDeg), w->bands.size() - 1);
        for (size_t b = b0; b <= b1; ++b)
            w->bands[b].push_back(i);
    }
}

} // namespace

bool parseGmtPolygons(std::string_view text, const std::string& path, WaterPolygons* out, std::string* error) {
    WaterPolygons w;
    std::vector<double> ring;
    int lineNumber = 0;
    while (!text.empty()) {
        size_t eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos || line.front() == '#')
            continue;
        if (line.front() == '>') {
            closeRing(&w.edges, &ring);
            ++w.polygons;
            continue;
        }
        double lon, lat;
        if (!parseNumber(line, &lon) || !parseNumber(line, &lat) || line.find_first_not_of(" \t") != std::string_view::npos ||
            std::fabs(lon) > 180 || std::fabs(lat) > 90) {
            *error = path + ":" + std::to_string(lineNumber) + ": expected \"longitude latitude\" in degrees, or a '>' line";
            return false;
        }
        if (w.polygons == 0) // points before any '>' form one polygon
            w.polygons = 1;
        ring.push_back(lon);
        ring.push_back(lat);
    }
    closeRing(&w.edges, &ring);
    buildBands(&w);
    *out = std::move(w);
    return true;
}

bool readGmtPolygons(const std::string& path, WaterPolygons* out, std::string* error) {
    std::vector<uint8_t> bytes;
    if (!readFile(path, &bytes, error))
        return false;
    return parseGmtPolygons(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path, out, error);
}

void rasterizeWater(const WaterPolygons& water, const double* rowLatDeg, int height, const double* colLonDeg, int width,
                    uint8_t* out) {
    std::fill(out, out + size_t(width) * height, uint8_t(0));
    if (water.empty() || width <= 0 || colLonDeg[width - 1] < water.west || colLonDeg[0] > water.east)
        return;
    std::vector<double> crossings;
    for (int y = 0; y < height; ++y) {
        const double lat = rowLatDeg[y];
        if (lat < water.south || lat > water.north)
            continue;
        size_t band = std::min(size_t((lat - water.south) / water.bandDeg), water.bands.size() - 1);
        crossings.clear();
        for (uint32_t i : water.bands[band]) {
            const auto& e = water.edges[i];
            if ((e.lat0 <= lat) != (e.lat1 <= lat))
                crossings.push_back(e.lon0 + (lat - e.lat0) * (e.lon1 - e.lon0) / (e.lat1 - e.lat0));
        }
        if (crossings.size() < 2)
            continue;
        std::sort(crossings.begin(), crossings.end());
        // Samples between crossings 2k and 2k+1 are inside (even-odd).
        uint8_t* row = out + size_t(y) * width;
        int x = 0;
        for (size_t k = 0; k + 1 < crossings.size(); k += 2) {
            while (x < width && colLonDeg[x] < crossings[k])
                ++x;
            for (; x < width && colLonDeg[x] < crossings[k + 1]; ++x)
                row[x] = 1;
        }
    }
}

} // namespace kresy
