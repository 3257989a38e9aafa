#pragma once
// Inland water as polygons, for the surfaces' water mask: elevation data shows a lake's surface
// as flat land, so lakes come from a vector layer (GSHHG's, in the default dataset).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kresy {

// Polygon edges in degrees, indexed by latitude band for scanline filling. Filling is even-odd,
// so an island inside a lake (GSHHG level 3) and a pond on it (level 4) come out right.
struct WaterPolygons {
    struct Edge {
        double lon0, lat0, lon1, lat1;
    };
    std::vector<Edge> edges;
    double south = 0, north = 0, west = 0, east = 0; // bounds of all edges
    double bandDeg = 0.02;
    std::vector<std::vector<uint32_t>> bands; // edges crossing each band, from `south` up
    int polygons = 0;

    bool empty() const { return edges.empty(); }
};

// GMT multisegment text: a line starting with '>' opens a polygon, then "lon lat" per line
// (closing the ring is optional). Blank lines and '#' comments are skipped. On a bad line,
// false and *error says "path:line: what".
bool parseGmtPolygons(std::string_view text, const std::string& path, WaterPolygons* out, std::string* error);
bool readGmtPolygons(const std::string& path, WaterPolygons* out, std::string* error);

// Marks samples inside water: out[y * width + x] = 1 inside, 0 outside, for samples on rows of
// constant latitude rowLatDeg[y] and columns of constant longitude colLonDeg[x] (increasing).
void rasterizeWater(const WaterPolygons& water, const double* rowLatDeg, int height, const double* colLonDeg, int width,
                    uint8_t* out);

} // namespace kresy
