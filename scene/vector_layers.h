#pragma once
// Vector overlay layers (rivers, borders) read from GeoJSON FeatureCollections (RFC 7946):
// the default dataset's data/vector/rivers.geojson, borders-1938.geojson and borders-1945.geojson
// (docs/data-formats.md, "Overlay layers").

#include "core/diagnostics.h"
#include "core/geodesy.h"
#include "core/json.h"

#include <string>
#include <string_view>
#include <vector>

namespace kresy {

// A feature whose file gives no rank: after every Natural Earth river (their scalerank is 0-12
// in the European supplement; most are 10-12).
constexpr int kDefaultVectorRank = 10;

struct VectorFeature {
    std::string name;                          // property "name"; may be empty
    std::string namePl;                        // property "name_pl", the Polish name; may be empty
    int rank = kDefaultVectorRank;             // property "rank"; lower is more important
    std::vector<std::vector<GeoPoint>> lines;  // polylines (LineString, MultiLineString); alt 0
    std::vector<std::vector<GeoPoint>> rings;  // polygon rings, outer and holes, each closed; alt 0
    Json properties = Json::object();          // all of them, as read ("between", "year", ...)
};

struct VectorLayer {
    std::string path;
    std::vector<VectorFeature> features;
};

// Parses a GeoJSON FeatureCollection. Each feature's geometry is a LineString, MultiLineString,
// Polygon or MultiPolygon of [lon, lat] or [lon, lat, alt] positions (the altitude is dropped);
// Point, MultiPoint and GeometryCollection features and features without geometry are skipped
// with a warning. Its "name", "name_pl" and "rank" properties, when present, must be strings and
// an integer. Appends each good feature to out->features (out->path = path) and a
// "file:line:col" diagnostic for each problem to *diagnostics (either may be null): not JSON, not
// a FeatureCollection, a position that is not [lon, lat] numbers or lies outside -180..180 or
// -90..90, a LineString of fewer than 2 positions, a ring of fewer than 4 or not closed, an
// unknown geometry type. A feature with an error is skipped. Returns false when there was an
// error. Never throws, whatever the bytes.
bool parseVectorLayer(std::string_view text, const std::string& path, VectorLayer* out,
                      std::vector<Diagnostic>* diagnostics);

// Reads and parses a file; false (with a diagnostic) when it cannot be read or has an error.
bool loadVectorLayer(const std::string& path, VectorLayer* out, std::vector<Diagnostic>* diagnostics);

// The line with points inserted along the great circle (mean-radius sphere) of each segment so
// that consecutive points are at most maxStepMetres apart, for draping a line over terrain. The
// line's own points are kept exactly; altitudes are interpolated linearly. A segment is cut into
// at most kMaxDensifySteps pieces. A line of fewer than 2 points, or maxStepMetres that is not a
// positive number, gives the line unchanged.
constexpr int kMaxDensifySteps = 100000;
std::vector<GeoPoint> densify(const std::vector<GeoPoint>& line, double maxStepMetres);

} // namespace kresy
