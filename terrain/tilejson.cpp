#include "tilejson.h"

#include "core/json.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace kresy {
namespace {

std::string quoted(std::string_view key) {
    std::string s = "\"";
    s += key;
    s += '"';
    return s;
}

// "2.x.x" or "3.x.x".
bool isSupportedVersion(const std::string& version) {
    if (version.size() < 5 || (version[0] != '2' && version[0] != '3') || version[1] != '.')
        return false;
    int dots = 0;
    bool digitBefore = false;
    for (size_t i = 2; i < version.size(); ++i) {
        const char c = version[i];
        if (c == '.') {
            if (!digitBefore)
                return false;
            ++dots;
            digitBefore = false;
        } else if (c >= '0' && c <= '9') {
            digitBefore = true;
        } else {
            return false;
        }
    }
    return dots == 1 && digitBefore;
}

void checkVersion(JsonChecker& c, const Json& doc, TileJson* out) {
    if (!doc.contains("tilejson")) {
        c.error("", "missing required field \"tilejson\" (the TileJSON version, such as \"3.0.0\")");
        return;
    }
    const Json& v = doc["tilejson"];
    if (!v.is_string()) {
        c.error("/tilejson", "\"tilejson\" must be a version string such as \"3.0.0\", not " + jsonTypeName(v));
        return;
    }
    if (!isSupportedVersion(v.get<std::string>())) {
        std::string message = "unsupported TileJSON version ";
        message += shownJson(v);
        message += "; expected 3.x.x or 2.x.x";
        c.error("/tilejson", std::move(message));
        return;
    }
    out->tilejson = v.get<std::string>();
}

// The placeholders a URL template lacks, e.g. "{z} and {y}"; empty if it has them all.
std::string missingPlaceholders(const std::string& url) {
    std::vector<std::string> missing;
    if (url.find("{z}") == std::string::npos)
        missing.push_back("{z}");
    if (url.find("{x}") == std::string::npos)
        missing.push_back("{x}");
    if (url.find("{y}") == std::string::npos && url.find("{-y}") == std::string::npos)
        missing.push_back("{y}");
    std::string list;
    for (size_t i = 0; i < missing.size(); ++i) {
        if (i > 0)
            list += i + 1 == missing.size() ? " and " : ", ";
        list += missing[i];
    }
    return list;
}

void checkTiles(JsonChecker& c, const Json& doc, TileJson* out) {
    if (!doc.contains("tiles")) {
        c.error("", "missing required field \"tiles\" (an array of tile URL templates)");
        return;
    }
    const Json& tiles = doc["tiles"];
    if (!tiles.is_array()) {
        c.error("/tiles", "\"tiles\" must be an array of URL templates, not " + jsonTypeName(tiles));
        return;
    }
    if (tiles.empty()) {
        c.error("/tiles", "\"tiles\" is empty; it needs at least one URL template");
        return;
    }
    for (size_t i = 0; i < tiles.size(); ++i) {
        const std::string pointer = "/tiles/" + std::to_string(i);
        const Json& url = tiles[i];
        if (!url.is_string()) {
            c.error(pointer, "a tile URL template must be a string, not " + jsonTypeName(url));
            continue;
        }
        const std::string missing = missingPlaceholders(url.get<std::string>());
        if (!missing.empty()) {
            std::string message = "tile URL template ";
            message += shownJson(url);
            message += " has no ";
            message += missing;
            c.error(pointer, std::move(message));
            continue;
        }
        out->tiles.push_back(url.get<std::string>());
    }
}

// Reads an integer field into *value; false if absent or bad (bad ones are reported).
bool readZoom(JsonChecker& c, const Json& doc, const char* key, int* value) {
    if (!doc.contains(key))
        return false;
    const Json& v = doc[key];
    const std::string pointer = std::string("/") + key;
    long long zoom = 0;
    if (!jsonInteger(v, &zoom)) {
        std::string message = quoted(key);
        message += " must be an integer zoom level, not ";
        message += v.is_number() ? shownJson(v) : jsonTypeName(v);
        c.error(pointer, std::move(message));
        return false;
    }
    if (zoom < 0 || zoom > kMaxTileZoom) {
        std::string message = quoted(key);
        message += " is ";
        message += shownJson(v);
        message += "; zoom levels range from 0 to ";
        message += std::to_string(kMaxTileZoom);
        c.error(pointer, std::move(message));
        return false;
    }
    *value = int(zoom);
    return true;
}

void checkZooms(JsonChecker& c, const Json& doc, TileJson* out) {
    const bool hasMin = readZoom(c, doc, "minzoom", &out->minzoom);
    const bool hasMax = readZoom(c, doc, "maxzoom", &out->maxzoom);
    if (out->minzoom > out->maxzoom && (hasMin || hasMax)) {
        std::string message = "minzoom ";
        message += std::to_string(out->minzoom);
        message += " is greater than maxzoom ";
        message += std::to_string(out->maxzoom);
        if (!hasMax)
            message += " (the default)";
        c.error(hasMin ? "/minzoom" : "/maxzoom", std::move(message));
    }
}

void checkBounds(JsonChecker& c, const Json& doc, TileJson* out) {
    if (!doc.contains("bounds"))
        return;
    const Json& b = doc["bounds"];
    if (!b.is_array() || b.size() != 4) {
        c.error("/bounds", "\"bounds\" must be an array of four numbers [west, south, east, north]");
        return;
    }
    static const char* const kNames[4] = {"west", "south", "east", "north"};
    double v[4] = {};
    bool ok = true;
    for (size_t i = 0; i < 4; ++i) {
        const std::string pointer = "/bounds/" + std::to_string(i);
        if (!b[i].is_number()) {
            c.error(pointer, std::string("bounds ") + kNames[i] + " must be a number, not " + jsonTypeName(b[i]));
            ok = false;
            continue;
        }
        v[i] = b[i].get<double>();
        const double limit = i % 2 == 0 ? 180.0 : 90.0;
        if (!(std::fabs(v[i]) <= limit)) {
            std::string message = "bounds ";
            message += kNames[i];
            message += ' ';
            message += shownJson(b[i]);
            message += i % 2 == 0 ? " is outside -180..180" : " is outside -90..90";
            c.error(pointer, std::move(message));
            ok = false;
        }
    }
    if (!ok)
        return;
    for (size_t i = 0; i < 2; ++i) { // west < east, south < north
        if (v[i] < v[i + 2])
            continue;
        std::string message = "bounds ";
        message += kNames[i];
        message += ' ';
        message += shownJson(b[i]);
        message += " is not less than ";
        message += kNames[i + 2];
        message += ' ';
        message += shownJson(b[i + 2]);
        c.error("/bounds", std::move(message));
        ok = false;
    }
    if (ok)
        out->bounds = {v[0], v[1], v[2], v[3]};
}

void checkTileSize(JsonChecker& c, const Json& doc, TileJson* out) {
    if (!doc.contains("tileSize"))
        return;
    const Json& v = doc["tileSize"];
    long long size = 0;
    if (!jsonInteger(v, &size) || (size != 256 && size != 512)) {
        std::string message = "\"tileSize\" ";
        message += v.is_number() ? shownJson(v) : "of type " + std::string(v.type_name());
        message += " is not supported; use 256 or 512";
        c.error("/tileSize", std::move(message));
        return;
    }
    out->tileSize = int(size);
}

void checkEncoding(JsonChecker& c, const Json& doc, TileJson* out) {
    if (!doc.contains("encoding"))
        return; // MapLibre's default, already in *out
    const Json& v = doc["encoding"];
    if (!v.is_string()) {
        c.error("/encoding", "\"encoding\" must be the string \"terrarium\" or \"mapbox\", not " + jsonTypeName(v));
        return;
    }
    if (!parseTileEncoding(v.get<std::string>(), &out->encoding)) {
        std::string message = "unknown \"encoding\" ";
        message += shownJson(v);
        message += "; expected \"terrarium\" or \"mapbox\"";
        c.error("/encoding", std::move(message));
    }
}

void readText(JsonChecker& c, const Json& doc, const char* key, std::string* value) {
    if (!doc.contains(key))
        return;
    const Json& v = doc[key];
    if (!v.is_string()) {
        c.error(std::string("/") + key, quoted(key) + " must be a string, not " + jsonTypeName(v));
        return;
    }
    *value = v.get<std::string>();
}

// Tiles in the TMS row order would be read upside down; the struct has no place for it.
void checkScheme(JsonChecker& c, const Json& doc) {
    if (!doc.contains("scheme"))
        return;
    const Json& v = doc["scheme"];
    if (!v.is_string() || v.get<std::string>() != "xyz") {
        std::string message = "\"scheme\" ";
        message += shownJson(v);
        message += " is not supported; only \"xyz\" is (a TMS server can be read with {-y} in the URL)";
        c.error("/scheme", std::move(message));
    }
}

// The fields TileJson holds; everything else goes to `extra`.
constexpr const char* kKnownFields[] = {"tilejson", "tiles",    "attribution", "bounds", "description",
                                        "maxzoom",  "minzoom",  "name",        "encoding", "tileSize"};

bool isKnownField(const std::string& key) {
    for (const char* known : kKnownFields)
        if (key == known)
            return true;
    return false;
}

std::string extraFields(const Json& doc) {
    Json extra = Json::object();
    for (const auto& [key, value] : doc.items())
        if (!isKnownField(key))
            extra[key] = value;
    return extra.empty() ? std::string() : extra.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool checkDocument(const Json& doc, JsonChecker& c, TileJson* out) {
    if (!doc.is_object()) {
        c.error("", "a TileJSON document must be a JSON object, not " + jsonTypeName(doc));
        return false;
    }
    checkVersion(c, doc, out);
    checkTiles(c, doc, out);
    checkZooms(c, doc, out);
    checkBounds(c, doc, out);
    checkTileSize(c, doc, out);
    checkEncoding(c, doc, out);
    checkScheme(c, doc);
    readText(c, doc, "name", &out->name);
    readText(c, doc, "attribution", &out->attribution);
    readText(c, doc, "description", &out->description);
    out->extra = extraFields(doc);
    return !c.failed;
}

} // namespace

bool parseTileJson(std::string_view text, const std::string& path, TileJson* out, std::vector<Diagnostic>* diagnostics) {
    try {
        Json doc;
        JsonPositions positions;
        if (!readJsonDocument(text, path, &doc, &positions, diagnostics))
            return false;
        JsonChecker checker{path, positions, diagnostics};
        TileJson result;
        if (!checkDocument(doc, checker, &result))
            return false;
        *out = std::move(result);
        return true;
    } catch (const std::exception& e) { // nlohmann's, or bad_alloc; none may escape
        diagnostics->push_back({path, 0, 0, Severity::Error, std::string("cannot read TileJSON: ") + e.what()});
        return false;
    }
}

std::string writeTileJson(const TileJson& tilejson) {
    try {
        Json doc = Json::object();
        doc["tilejson"] = tilejson.tilejson;
        doc["tiles"] = tilejson.tiles;
        if (!tilejson.attribution.empty())
            doc["attribution"] = tilejson.attribution;
        const GeoBounds& b = tilejson.bounds;
        doc["bounds"] = {b.west, b.south, b.east, b.north};
        if (!tilejson.description.empty())
            doc["description"] = tilejson.description;
        doc["maxzoom"] = tilejson.maxzoom;
        doc["minzoom"] = tilejson.minzoom;
        if (!tilejson.name.empty())
            doc["name"] = tilejson.name;
        doc["encoding"] = tileEncodingName(tilejson.encoding);
        doc["tileSize"] = tilejson.tileSize;
        // Unparseable extra text is dropped, and extra fields never override the real ones.
        const Json extra = Json::parse(tilejson.extra, nullptr, /*allow_exceptions=*/false);
        if (extra.is_object())
            for (const auto& [key, value] : extra.items())
                if (!doc.contains(key))
                    doc[key] = value;
        return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
    } catch (const std::exception&) {
        return {};
    }
}

std::string expandTileUrl(const std::string& urlTemplate, const TileId& tile) {
    // One pass from left to right, so text substituted in is never expanded again.
    std::string url;
    for (size_t i = 0; i < urlTemplate.size();) {
        const std::string_view rest = std::string_view(urlTemplate).substr(i);
        if (rest.starts_with("{z}")) {
            url += std::to_string(tile.z);
            i += 3;
        } else if (rest.starts_with("{x}")) {
            url += std::to_string(tile.x);
            i += 3;
        } else if (rest.starts_with("{y}")) {
            url += std::to_string(tile.y);
            i += 3;
        } else if (rest.starts_with("{-y}")) {
            url += std::to_string((1 << tile.z) - 1 - tile.y);
            i += 4;
        } else {
            url += urlTemplate[i++];
        }
    }
    return url;
}

} // namespace kresy
