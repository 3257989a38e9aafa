#include "tilejson.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace kresy {
namespace {

// ordered_json keeps unknown fields in the order they were written, so a round trip does
// not shuffle them.
using Json = nlohmann::ordered_json;

// --- A JSON reader that remembers where every value starts ------------------------------
// nlohmann::json reports neither the positions of values nor, usefully, of syntax errors,
// and diagnostics must point at the offending value.

struct Position {
    int line = 1;
    int column = 1; // in characters (UTF-8 code points), as editors count
};

// Positions of the values of a document, keyed by JSON pointer ("" is the root,
// "/tiles/0" the first tile URL).
using PositionMap = std::unordered_map<std::string, Position>;

std::string pointerToken(const std::string& key) {
    std::string token;
    for (char c : key) {
        if (c == '~')
            token += "~0";
        else if (c == '/')
            token += "~1";
        else
            token += c;
    }
    return token;
}

struct ReadProblem {
    Position at;
    std::string message;
};

class JsonReader {
public:
    explicit JsonReader(std::string_view text) : text_(text) {}

    // Parses the whole text. False with *error set on the first syntax error.
    bool read(Json* root, PositionMap* positions, std::vector<ReadProblem>* warnings, ReadProblem* error) {
        positions_ = positions;
        warnings_ = warnings;
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") // a byte order mark is not part of the text
            pos_ = 3;
        skipWhitespace();
        if (atEnd())
            fail(here(), "the document is empty; expected a JSON object");
        else if (parseValue(root, "", 0)) {
            skipWhitespace();
            if (!atEnd())
                fail(here(), "unexpected text after the end of the JSON value");
        }
        if (failed_)
            *error = error_;
        return !failed_;
    }

private:
    static constexpr int kMaxDepth = 256; // deeper nesting is hostile, and would exhaust the stack

    std::string_view text_;
    size_t pos_ = 0;
    Position position_;
    PositionMap* positions_ = nullptr;
    std::vector<ReadProblem>* warnings_ = nullptr;
    bool failed_ = false;
    ReadProblem error_;

    bool atEnd() const { return pos_ >= text_.size(); }
    char peek() const { return atEnd() ? '\0' : text_[pos_]; }
    Position here() const { return position_; }

    void advance() {
        const unsigned char c = static_cast<unsigned char>(text_[pos_++]);
        if (c == '\n') {
            ++position_.line;
            position_.column = 1;
        } else if ((c & 0xC0) != 0x80) { // continuation bytes belong to the previous character
            ++position_.column;
        }
    }

    bool fail(Position at, std::string message) {
        if (!failed_) {
            failed_ = true;
            error_ = {at, std::move(message)};
        }
        return false;
    }

    void skipWhitespace() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            advance();
    }

    bool parseValue(Json* value, const std::string& pointer, int depth) {
        (*positions_)[pointer] = here();
        switch (peek()) {
        case '{': return parseObject(value, pointer, depth + 1);
        case '[': return parseArray(value, pointer, depth + 1);
        case '"': {
            std::string s;
            if (!parseString(&s))
                return false;
            *value = std::move(s);
            return true;
        }
        case 't': return parseLiteral("true", Json(true), value);
        case 'f': return parseLiteral("false", Json(false), value);
        case 'n': return parseLiteral("null", Json(nullptr), value);
        case '/': return fail(here(), "comments are not allowed in JSON");
        case '\'': return fail(here(), "strings in JSON are written in double quotes");
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9'))
                return parseNumber(value);
            return fail(here(), atEnd() ? "unexpected end of file; expected a value" : "expected a value");
        }
    }

    bool parseLiteral(std::string_view word, Json literal, Json* value) {
        if (text_.substr(pos_, word.size()) != word)
            return fail(here(), "expected a value");
        for (size_t i = 0; i < word.size(); ++i)
            advance();
        *value = std::move(literal);
        return true;
    }

    bool parseObject(Json* value, const std::string& pointer, int depth) {
        if (depth > kMaxDepth)
            return fail(here(), "arrays and objects are nested too deeply");
        *value = Json::object();
        advance(); // '{'
        skipWhitespace();
        if (peek() == '}') {
            advance();
            return true;
        }
        for (;;) {
            if (peek() == '/')
                return fail(here(), "comments are not allowed in JSON");
            if (peek() != '"')
                return fail(here(), "expected a string key in double quotes");
            const Position keyAt = here();
            std::string key;
            if (!parseString(&key))
                return false;
            skipWhitespace();
            if (peek() != ':')
                return fail(here(), "expected ':'");
            advance();
            skipWhitespace();
            if (value->contains(key))
                warnings_->push_back({keyAt, "duplicate key \"" + key + "\"; the last value is used"});
            Json member;
            if (!parseValue(&member, pointer + "/" + pointerToken(key), depth))
                return false;
            (*value)[key] = std::move(member);
            skipWhitespace();
            if (peek() == '}') {
                advance();
                return true;
            }
            if (peek() != ',')
                return fail(here(), "expected ',' or '}'");
            const Position comma = here();
            advance();
            skipWhitespace();
            if (peek() == '}')
                return fail(comma, "trailing comma; JSON does not allow one before '}'");
        }
    }

    bool parseArray(Json* value, const std::string& pointer, int depth) {
        if (depth > kMaxDepth)
            return fail(here(), "arrays and objects are nested too deeply");
        *value = Json::array();
        advance(); // '['
        skipWhitespace();
        if (peek() == ']') {
            advance();
            return true;
        }
        for (;;) {
            Json element;
            if (!parseValue(&element, pointer + "/" + std::to_string(value->size()), depth))
                return false;
            value->push_back(std::move(element));
            skipWhitespace();
            if (peek() == ']') {
                advance();
                return true;
            }
            if (peek() != ',')
                return fail(here(), "expected ',' or ']'");
            const Position comma = here();
            advance();
            skipWhitespace();
            if (peek() == ']')
                return fail(comma, "trailing comma; JSON does not allow one before ']'");
        }
    }

    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    // The four hex digits after "\u" at pos_ (which is at the backslash).
    bool parseHex4(uint32_t* unit) {
        if (pos_ + 6 > text_.size())
            return false;
        uint32_t v = 0;
        for (size_t i = 2; i < 6; ++i) {
            const int d = hexDigit(text_[pos_ + i]);
            if (d < 0)
                return false;
            v = v * 16 + uint32_t(d);
        }
        *unit = v;
        return true;
    }

    static void appendUtf8(uint32_t cp, std::string* out) {
        if (cp < 0x80) {
            *out += char(cp);
        } else if (cp < 0x800) {
            *out += char(0xC0 | (cp >> 6));
            *out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            *out += char(0xE0 | (cp >> 12));
            *out += char(0x80 | ((cp >> 6) & 0x3F));
            *out += char(0x80 | (cp & 0x3F));
        } else {
            *out += char(0xF0 | (cp >> 18));
            *out += char(0x80 | ((cp >> 12) & 0x3F));
            *out += char(0x80 | ((cp >> 6) & 0x3F));
            *out += char(0x80 | (cp & 0x3F));
        }
    }

    // A \uXXXX escape, or a surrogate pair of them, at pos_.
    bool parseUnicodeEscape(std::string* out) {
        const Position at = here();
        uint32_t unit = 0;
        if (!parseHex4(&unit))
            return fail(at, "invalid \\u escape; expected four hex digits");
        for (int i = 0; i < 6; ++i)
            advance();
        if (unit >= 0xDC00 && unit <= 0xDFFF)
            return fail(at, "invalid \\u escape: a low surrogate without a high one");
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            uint32_t low = 0;
            if (peek() != '\\' || pos_ + 1 >= text_.size() || text_[pos_ + 1] != 'u' || !parseHex4(&low) ||
                low < 0xDC00 || low > 0xDFFF)
                return fail(at, "invalid \\u escape: a high surrogate without a low one");
            for (int i = 0; i < 6; ++i)
                advance();
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        }
        appendUtf8(unit, out);
        return true;
    }

    bool parseEscape(std::string* out) {
        const Position at = here();
        const char c = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
        if (c == 'u')
            return parseUnicodeEscape(out);
        static const std::string_view kFrom = "\"\\/bfnrt", kTo = "\"\\/\b\f\n\r\t";
        const size_t i = kFrom.find(c);
        if (c == '\0' || i == std::string_view::npos)
            return fail(at, "invalid escape in string");
        *out += kTo[i];
        advance();
        advance();
        return true;
    }

    // One UTF-8 encoded character of two or more bytes at pos_, checked for well-formedness
    // (nlohmann::json refuses to serialise malformed UTF-8 later).
    bool parseUtf8(std::string* out) {
        const Position at = here();
        const auto byte = [&](size_t i) { return static_cast<unsigned char>(text_[pos_ + i]); };
        const unsigned char lead = byte(0);
        const int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
        if (length == 0 || lead > 0xF4 || pos_ + size_t(length) > text_.size())
            return fail(at, "invalid UTF-8 in string");
        uint32_t cp = lead & (0x7F >> length);
        for (int i = 1; i < length; ++i) {
            if ((byte(size_t(i)) & 0xC0) != 0x80)
                return fail(at, "invalid UTF-8 in string");
            cp = (cp << 6) | (byte(size_t(i)) & 0x3F);
        }
        static const uint32_t kMinimum[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMinimum[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return fail(at, "invalid UTF-8 in string");
        out->append(text_.substr(pos_, size_t(length)));
        for (int i = 0; i < length; ++i)
            advance();
        return true;
    }

    bool parseString(std::string* out) {
        const Position start = here();
        advance(); // '"'
        for (;;) {
            // A raw line break almost always means the closing quote is missing.
            if (atEnd() || peek() == '\n')
                return fail(start, "unterminated string");
            const unsigned char c = static_cast<unsigned char>(peek());
            if (c == '"') {
                advance();
                return true;
            }
            if (c == '\\') {
                if (!parseEscape(out))
                    return false;
            } else if (c < 0x20) {
                return fail(here(), "control character in string; write it as an escape such as \\t");
            } else if (c >= 0x80) {
                if (!parseUtf8(out))
                    return false;
            } else {
                *out += char(c);
                advance();
            }
        }
    }

    bool skipDigits() {
        const size_t begin = pos_;
        while (!atEnd() && peek() >= '0' && peek() <= '9')
            advance();
        return pos_ > begin;
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    bool parseNumber(Json* value) {
        const Position at = here();
        const size_t begin = pos_;
        if (peek() == '-')
            advance();
        if (peek() == '0')
            advance();
        else if (!skipDigits())
            return fail(at, "invalid number");
        bool integral = true;
        if (peek() == '.') {
            integral = false;
            advance();
            if (!skipDigits())
                return fail(at, "invalid number");
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            advance();
            if (peek() == '+' || peek() == '-')
                advance();
            if (!skipDigits())
                return fail(at, "invalid number");
        }
        if (!atEnd() && (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '.'))
            return fail(at, "invalid number");
        const char* first = text_.data() + begin;
        const char* last = text_.data() + pos_;
        if (integral) {
            int64_t i = 0;
            if (std::from_chars(first, last, i).ec == std::errc()) {
                *value = i;
                return true;
            }
            uint64_t u = 0;
            if (std::from_chars(first, last, u).ec == std::errc()) {
                *value = u;
                return true;
            }
        }
        double d = 0;
        if (std::from_chars(first, last, d).ec != std::errc() || !std::isfinite(d))
            return fail(at, "number out of range");
        *value = d;
        return true;
    }
};

// --- Checking the fields ----------------------------------------------------------------

struct Checker {
    const std::string& file;
    const PositionMap& positions;
    std::vector<Diagnostic>* diagnostics;
    bool failed = false;

    void report(Severity severity, const std::string& pointer, std::string message) {
        Diagnostic d;
        d.file = file;
        d.severity = severity;
        d.message = std::move(message);
        if (auto it = positions.find(pointer); it != positions.end()) {
            d.line = it->second.line;
            d.column = it->second.column;
        }
        diagnostics->push_back(std::move(d));
        failed = failed || severity == Severity::Error;
    }
    void error(const std::string& pointer, std::string message) { report(Severity::Error, pointer, std::move(message)); }
};

// A value for a message: short JSON text (strings quoted).
std::string shown(const Json& v) {
    std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (s.size() > 60) {
        s.resize(57);
        s += "...";
    }
    return s;
}

std::string quoted(std::string_view key) {
    std::string s = "\"";
    s += key;
    s += '"';
    return s;
}

// "a string", "an array", ... for type errors.
std::string typeName(const Json& v) {
    const std::string name = v.type_name();
    if (v.is_null())
        return name;
    return (name == "array" || name == "object" ? "an " : "a ") + name;
}

// An integer, or a number with an integral value (JSON does not distinguish 5 from 5.0).
bool asInteger(const Json& v, long long* out) {
    if (v.is_number_integer() && !v.is_number_unsigned()) {
        *out = v.get<int64_t>();
        return true;
    }
    if (v.is_number_unsigned()) {
        *out = v.get<uint64_t>() > uint64_t(INT32_MAX) ? INT32_MAX + 1LL : v.get<long long>();
        return true;
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (std::floor(d) == d && std::fabs(d) < 1e15) {
            *out = static_cast<long long>(d);
            return true;
        }
    }
    return false;
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

void checkVersion(Checker& c, const Json& doc, TileJson* out) {
    if (!doc.contains("tilejson")) {
        c.error("", "missing required field \"tilejson\" (the TileJSON version, such as \"3.0.0\")");
        return;
    }
    const Json& v = doc["tilejson"];
    if (!v.is_string()) {
        c.error("/tilejson", "\"tilejson\" must be a version string such as \"3.0.0\", not " + typeName(v));
        return;
    }
    if (!isSupportedVersion(v.get<std::string>())) {
        std::string message = "unsupported TileJSON version ";
        message += shown(v);
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

void checkTiles(Checker& c, const Json& doc, TileJson* out) {
    if (!doc.contains("tiles")) {
        c.error("", "missing required field \"tiles\" (an array of tile URL templates)");
        return;
    }
    const Json& tiles = doc["tiles"];
    if (!tiles.is_array()) {
        c.error("/tiles", "\"tiles\" must be an array of URL templates, not " + typeName(tiles));
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
            c.error(pointer, "a tile URL template must be a string, not " + typeName(url));
            continue;
        }
        const std::string missing = missingPlaceholders(url.get<std::string>());
        if (!missing.empty()) {
            std::string message = "tile URL template ";
            message += shown(url);
            message += " has no ";
            message += missing;
            c.error(pointer, std::move(message));
            continue;
        }
        out->tiles.push_back(url.get<std::string>());
    }
}

// Reads an integer field into *value; false if absent or bad (bad ones are reported).
bool readZoom(Checker& c, const Json& doc, const char* key, int* value) {
    if (!doc.contains(key))
        return false;
    const Json& v = doc[key];
    const std::string pointer = std::string("/") + key;
    long long zoom = 0;
    if (!asInteger(v, &zoom)) {
        std::string message = quoted(key);
        message += " must be an integer zoom level, not ";
        message += v.is_number() ? shown(v) : typeName(v);
        c.error(pointer, std::move(message));
        return false;
    }
    if (zoom < 0 || zoom > kMaxTileZoom) {
        std::string message = quoted(key);
        message += " is ";
        message += shown(v);
        message += "; zoom levels range from 0 to ";
        message += std::to_string(kMaxTileZoom);
        c.error(pointer, std::move(message));
        return false;
    }
    *value = int(zoom);
    return true;
}

void checkZooms(Checker& c, const Json& doc, TileJson* out) {
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

void checkBounds(Checker& c, const Json& doc, TileJson* out) {
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
            c.error(pointer, std::string("bounds ") + kNames[i] + " must be a number, not " + typeName(b[i]));
            ok = false;
            continue;
        }
        v[i] = b[i].get<double>();
        const double limit = i % 2 == 0 ? 180.0 : 90.0;
        if (!(std::fabs(v[i]) <= limit)) {
            std::string message = "bounds ";
            message += kNames[i];
            message += ' ';
            message += shown(b[i]);
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
        message += shown(b[i]);
        message += " is not less than ";
        message += kNames[i + 2];
        message += ' ';
        message += shown(b[i + 2]);
        c.error("/bounds", std::move(message));
        ok = false;
    }
    if (ok)
        out->bounds = {v[0], v[1], v[2], v[3]};
}

void checkTileSize(Checker& c, const Json& doc, TileJson* out) {
    if (!doc.contains("tileSize"))
        return;
    const Json& v = doc["tileSize"];
    long long size = 0;
    if (!asInteger(v, &size) || (size != 256 && size != 512)) {
        std::string message = "\"tileSize\" ";
        message += v.is_number() ? shown(v) : "of type " + std::string(v.type_name());
        message += " is not supported; use 256 or 512";
        c.error("/tileSize", std::move(message));
        return;
    }
    out->tileSize = int(size);
}

void checkEncoding(Checker& c, const Json& doc, TileJson* out) {
    if (!doc.contains("encoding"))
        return; // MapLibre's default, already in *out
    const Json& v = doc["encoding"];
    if (!v.is_string()) {
        c.error("/encoding", "\"encoding\" must be the string \"terrarium\" or \"mapbox\", not " + typeName(v));
        return;
    }
    if (!parseTileEncoding(v.get<std::string>(), &out->encoding)) {
        std::string message = "unknown \"encoding\" ";
        message += shown(v);
        message += "; expected \"terrarium\" or \"mapbox\"";
        c.error("/encoding", std::move(message));
    }
}

void readText(Checker& c, const Json& doc, const char* key, std::string* value) {
    if (!doc.contains(key))
        return;
    const Json& v = doc[key];
    if (!v.is_string()) {
        c.error(std::string("/") + key, quoted(key) + " must be a string, not " + typeName(v));
        return;
    }
    *value = v.get<std::string>();
}

// Tiles in the TMS row order would be read upside down; the struct has no place for it.
void checkScheme(Checker& c, const Json& doc) {
    if (!doc.contains("scheme"))
        return;
    const Json& v = doc["scheme"];
    if (!v.is_string() || v.get<std::string>() != "xyz") {
        std::string message = "\"scheme\" ";
        message += shown(v);
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

bool checkDocument(const Json& doc, Checker& c, TileJson* out) {
    if (!doc.is_object()) {
        c.error("", "a TileJSON document must be a JSON object, not " + typeName(doc));
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
        PositionMap positions;
        std::vector<ReadProblem> warnings;
        ReadProblem syntax;
        const bool parsed = JsonReader(text).read(&doc, &positions, &warnings, &syntax);
        for (const ReadProblem& w : warnings)
            diagnostics->push_back({path, w.at.line, w.at.column, Severity::Warning, w.message});
        if (!parsed) {
            diagnostics->push_back({path, syntax.at.line, syntax.at.column, Severity::Error, syntax.message});
            return false;
        }
        Checker checker{path, positions, diagnostics};
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
