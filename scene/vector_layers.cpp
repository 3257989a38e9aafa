// Reading GeoJSON overlay layers (docs/data-formats.md, "Overlay layers"). The JSON is read with
// the position of every value and checked through the replay reader's field readers
// (replays/replay_fields.h), so a layer's diagnostics read like a replay's or a shot's.

#include "vector_layers.h"

#include "replays/replay_fields.h"

#include <glm/glm.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

namespace kresy {

using namespace replay_detail;

namespace {

// The geometry types a layer draws, and those it skips with a warning (valid GeoJSON, but no
// lines or areas).
constexpr const char* kDrawnTypes[] = {"LineString", "MultiLineString", "Polygon", "MultiPolygon"};
constexpr const char* kSkippedTypes[] = {"Point", "MultiPoint", "GeometryCollection"};

// A position: [lon, lat] or [lon, lat, alt] numbers. The altitude is dropped (layers lie on the
// terrain).
bool readPosition(JsonChecker& c, const Json& v, const std::string& pointer, GeoPoint* out) {
    if (!v.is_array()) {
        c.error(pointer, "a position must be an array [lon, lat], not " + jsonTypeName(v));
        return false;
    }
    if (v.size() < 2 || v.size() > 3) {
        c.error(pointer, "a position must be [lon, lat] or [lon, lat, alt], not " + shownJson(v));
        return false;
    }
    bool ok = true;
    const char* const names[] = {"longitude", "latitude", "altitude"};
    for (size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_number()) {
            c.error(elementPointer(pointer, i),
                    std::string("the ") + names[i] + " must be a number, not " + jsonTypeName(v[i]));
            ok = false;
        }
    }
    if (!ok)
        return false;
    const double lon = v[0].get<double>(), lat = v[1].get<double>();
    if (!(lon >= -180 && lon <= 180)) {
        c.error(elementPointer(pointer, 0), "longitude " + shownJson(v[0]) + " is outside -180..180");
        ok = false;
    }
    if (!(lat >= -90 && lat <= 90)) {
        c.error(elementPointer(pointer, 1), "latitude " + shownJson(v[1]) + " is outside -90..90");
        ok = false;
    }
    out->lon = lon;
    out->lat = lat;
    out->alt = 0;
    return ok;
}

// An array of positions, at least `minCount` of them (`what` names it in messages).
bool readPositions(JsonChecker& c, const Json& v, const std::string& pointer, size_t minCount, const char* what,
                   std::vector<GeoPoint>* out) {
    if (!v.is_array()) {
        c.error(pointer, std::string(what) + " must be an array of positions, not " + jsonTypeName(v));
        return false;
    }
    bool ok = true;
    out->resize(v.size());
    for (size_t i = 0; i < v.size(); ++i)
        ok = readPosition(c, v[i], elementPointer(pointer, i), &(*out)[i]) && ok;
    if (ok && v.size() < minCount) {
        c.error(pointer, std::string(what) + " needs at least " + std::to_string(minCount) + " positions, not " +
                             std::to_string(v.size()));
        return false;
    }
    return ok;
}

bool readLineString(JsonChecker& c, const Json& v, const std::string& pointer, VectorFeature* out) {
    std::vector<GeoPoint> line;
    if (!readPositions(c, v, pointer, 2, "a LineString", &line))
        return false;
    out->lines.push_back(std::move(line));
    return true;
}

// A linear ring (RFC 7946 3.1.6): at least 4 positions, the last the same as the first.
bool readRing(JsonChecker& c, const Json& v, const std::string& pointer, VectorFeature* out) {
    std::vector<GeoPoint> ring;
    if (!readPositions(c, v, pointer, 4, "a polygon ring", &ring))
        return false;
    if (ring.front() != ring.back()) {
        c.error(pointer, "a polygon ring must be closed: its last position " + shownJson(v.back()) +
                             " differs from its first " + shownJson(v.front()));
        return false;
    }
    out->rings.push_back(std::move(ring));
    return true;
}

bool readPolygon(JsonChecker& c, const Json& v, const std::string& pointer, VectorFeature* out) {
    if (!v.is_array()) {
        c.error(pointer, "a Polygon must be an array of rings, not " + jsonTypeName(v));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < v.size(); ++i)
        ok = readRing(c, v[i], elementPointer(pointer, i), out) && ok;
    return ok;
}

// The elements of a Multi* geometry's "coordinates", each read by `read`.
template <typename Read>
bool readEach(JsonChecker& c, const Json& v, const std::string& pointer, const char* type, const char* element,
              Read read) {
    if (!v.is_array()) {
        c.error(pointer, std::string("a ") + type + " must be an array of " + element + ", not " + jsonTypeName(v));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < v.size(); ++i)
        ok = read(c, v[i], elementPointer(pointer, i)) && ok;
    return ok;
}

// The feature's "geometry". False after an error; a geometry the layer skips is a warning and
// leaves the feature without lines or rings.
bool readGeometry(JsonChecker& c, const Json& geometry, const std::string& pointer, VectorFeature* out) {
    if (geometry.is_null()) {
        c.warning(pointer, "a feature without geometry is not drawn; skipped");
        return true;
    }
    if (!geometry.is_object()) {
        c.error(pointer, "\"geometry\" must be an object or null, not " + jsonTypeName(geometry));
        return false;
    }
    ObjectFields f(c, geometry, pointer, "a geometry");
    std::string type;
    if (!f.readString("type", Need::Required, &type))
        return false;
    if (std::find_if(std::begin(kSkippedTypes), std::end(kSkippedTypes),
                     [&](const char* t) { return type == t; }) != std::end(kSkippedTypes)) {
        c.warning(f.pointerTo("type"), "a " + type + " is not drawn in a line or area layer; feature skipped");
        return true;
    }
    if (std::find_if(std::begin(kDrawnTypes), std::end(kDrawnTypes), [&](const char* t) { return type == t; }) ==
        std::end(kDrawnTypes)) {
        c.error(f.pointerTo("type"),
                "unknown geometry type " + inQuotes(type) + "; expected " + choiceList(kDrawnTypes));
        return false;
    }
    const Json* coordinates = f.field("coordinates", Need::Required);
    if (!coordinates)
        return false;
    const std::string at = f.pointerTo("coordinates");
    const auto line = [&](JsonChecker& ch, const Json& v, const std::string& p) {
        return readLineString(ch, v, p, out);
    };
    const auto polygon = [&](JsonChecker& ch, const Json& v, const std::string& p) {
        return readPolygon(ch, v, p, out);
    };
    if (type == "LineString")
        return line(c, *coordinates, at);
    if (type == "MultiLineString")
        return readEach(c, *coordinates, at, "MultiLineString", "LineStrings", line);
    if (type == "Polygon")
        return polygon(c, *coordinates, at);
    return readEach(c, *coordinates, at, "MultiPolygon", "Polygons", polygon);
}

// "name", "name_pl" and "rank", and all the properties as they are.
bool readProperties(JsonChecker& c, const Json* properties, const std::string& pointer, VectorFeature* out) {
    if (!properties || properties->is_null())
        return true;
    if (!properties->is_object()) {
        c.error(pointer, "\"properties\" must be an object or null, not " + jsonTypeName(*properties));
        return false;
    }
    ObjectFields f(c, *properties, pointer, "the properties");
    bool ok = true;
    for (const auto& [key, field] : {std::pair{"name", &out->name}, std::pair{"name_pl", &out->namePl}})
        if (f.find(key))
            ok = f.readString(key, Need::Optional, field) && ok;
    if (const Json* rank = f.find("rank")) {
        long long r = 0;
        if (jsonInteger(*rank, &r) && r >= -1000 && r <= 1000) {
            out->rank = int(r);
        } else {
            c.error(f.pointerTo("rank"),
                    "\"rank\" must be an integer from -1000 to 1000 (lower is more important), not " +
                        (rank->is_number() ? shownJson(*rank) : jsonTypeName(*rank)));
            ok = false;
        }
    }
    out->properties = *properties;
    return ok;
}

// One feature; false after an error in it (the feature is then not kept).
bool readFeature(JsonChecker& c, const Json& object, const std::string& pointer, VectorFeature* out) {
    ObjectFields f(c, object, pointer, "a feature");
    std::string type;
    if (!f.readString("type", Need::Required, &type))
        return false;
    if (type != "Feature") {
        c.error(f.pointerTo("type"), "a member of \"features\" must be a \"Feature\", not a " + inQuotes(type));
        return false;
    }
    const bool properties = readProperties(c, f.find("properties"), f.pointerTo("properties"), out);
    const Json* geometry = f.field("geometry", Need::Required);
    const bool ok = geometry && readGeometry(c, *geometry, f.pointerTo("geometry"), out);
    return properties && ok;
}

void readLayer(JsonChecker& c, const Json& root, VectorLayer* out) {
    if (!root.is_object()) {
        c.error("", "a vector layer must be a GeoJSON FeatureCollection object, not " + jsonTypeName(root));
        return;
    }
    ObjectFields f(c, root, "", "a GeoJSON FeatureCollection");
    std::string type;
    if (!f.readString("type", Need::Required, &type))
        return;
    if (type != "FeatureCollection") {
        c.error(f.pointerTo("type"), "a vector layer must be a GeoJSON \"FeatureCollection\", not a " + inQuotes(type));
        return;
    }
    const Json* features = f.readArray("features", Need::Required);
    if (!features)
        return;
    forEachObject(c, *features, "/features", "a feature", [&](const Json& object, const std::string& pointer) {
        VectorFeature feature;
        if (readFeature(c, object, pointer, &feature) && (!feature.lines.empty() || !feature.rings.empty()))
            out->features.push_back(std::move(feature));
    });
}

glm::dvec3 unitVector(const GeoPoint& p) {
    const double lat = glm::radians(p.lat), lon = glm::radians(p.lon);
    return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

GeoPoint fromUnitVector(const glm::dvec3& v, double alt) {
    GeoPoint p;
    p.lat = glm::degrees(std::atan2(v.z, std::hypot(v.x, v.y)));
    p.lon = glm::degrees(std::atan2(v.y, v.x));
    p.alt = alt;
    return p;
}

} // namespace

bool parseVectorLayer(std::string_view text, const std::string& path, VectorLayer* out,
                      std::vector<Diagnostic>* diagnostics) {
    std::vector<Diagnostic> local;
    std::vector<Diagnostic>* d = diagnostics ? diagnostics : &local;
    VectorLayer scratch;
    VectorLayer* layer = out ? out : &scratch;
    layer->path = path;
    return checkJsonDocument(text, path, "vector layer", d,
                             [&](JsonChecker& checker, const Json& root) { readLayer(checker, root, layer); });
}

bool loadVectorLayer(const std::string& path, VectorLayer* out, std::vector<Diagnostic>* diagnostics) {
    std::vector<Diagnostic> local;
    std::vector<Diagnostic>* d = diagnostics ? diagnostics : &local;
    std::string text;
    if (!readDocumentFile(path, &text, d))
        return false;
    return parseVectorLayer(text, path, out, d);
}

std::vector<GeoPoint> densify(const std::vector<GeoPoint>& line, double maxStepMetres) {
    if (line.size() < 2 || !(maxStepMetres > 0) || !std::isfinite(maxStepMetres))
        return line;
    std::vector<GeoPoint> out;
    out.reserve(line.size());
    out.push_back(line.front());
    for (size_t i = 1; i < line.size(); ++i) {
        const GeoPoint& a = line[i - 1];
        const GeoPoint& b = line[i];
        const double metres = greatCircleDistance(a.lat, a.lon, b.lat, b.lon);
        const double steps = std::min(std::ceil(metres / maxStepMetres), double(kMaxDensifySteps));
        const int n = std::max(1, int(steps));
        if (n > 1) {
            const glm::dvec3 u = unitVector(a), v = unitVector(b);
            const double angle = std::atan2(glm::length(glm::cross(u, v)), glm::dot(u, v));
            // The great circle through u and v: u and the unit vector towards v at right angles
            // to u. For points opposite each other any great circle is shortest; take the one
            // through the poles (or, at a pole, the prime meridian's).
            glm::dvec3 w = v - glm::dot(u, v) * u;
            if (glm::length(w) < 1e-12)
                w = glm::cross(glm::cross(u, glm::dvec3(0, 0, 1)), u);
            if (glm::length(w) < 1e-12)
                w = glm::dvec3(1, 0, 0);
            w = glm::normalize(w);
            out.reserve(out.size() + size_t(n));
            for (int k = 1; k < n; ++k) {
                const double t = double(k) / n;
                out.push_back(fromUnitVector(std::cos(angle * t) * u + std::sin(angle * t) * w,
                                             a.alt + (b.alt - a.alt) * t));
            }
        }
        out.push_back(b);
    }
    return out;
}

} // namespace kresy
