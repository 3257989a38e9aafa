#include "json.h"

#include "files.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace kresy {
namespace {

class JsonReader {
public:
    explicit JsonReader(std::string_view text) : text_(text) {}

    // Parses the whole text. False with *error set on the first syntax error.
    bool read(Json* root, JsonPositions* positions, std::vector<JsonProblem>* warnings, JsonProblem* error) {
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
    JsonPosition position_;
    JsonPositions* positions_ = nullptr;
    std::vector<JsonProblem>* warnings_ = nullptr;
    bool failed_ = false;
    JsonProblem error_;

    bool atEnd() const { return pos_ >= text_.size(); }
    char peek() const { return atEnd() ? '\0' : text_[pos_]; }
    JsonPosition here() const { return position_; }

    void advance() {
        const unsigned char c = static_cast<unsigned char>(text_[pos_++]);
        if (c == '\n') {
            ++position_.line;
            position_.column = 1;
        } else if ((c & 0xC0) != 0x80) { // continuation bytes belong to the previous character
            ++position_.column;
        }
    }

    bool fail(JsonPosition at, std::string message) {
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
            const JsonPosition keyAt = here();
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
            if (!parseValue(&member, pointer + "/" + jsonPointerToken(key), depth))
                return false;
            (*value)[key] = std::move(member);
            skipWhitespace();
            if (peek() == '}') {
                advance();
                return true;
            }
            if (peek() != ',')
                return fail(here(), "expected ',' or '}'");
            const JsonPosition comma = here();
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
            const JsonPosition comma = here();
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
        const JsonPosition at = here();
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
        const JsonPosition at = here();
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
        const JsonPosition at = here();
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
        const JsonPosition start = here();
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
        const JsonPosition at = here();
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

} // namespace

bool readJson(std::string_view text, Json* root, JsonPositions* positions, std::vector<JsonProblem>* warnings,
              JsonProblem* error) {
    return JsonReader(text).read(root, positions, warnings, error);
}

bool readJsonDocument(std::string_view text, const std::string& path, Json* root, JsonPositions* positions,
                      std::vector<Diagnostic>* diagnostics) {
    std::vector<JsonProblem> warnings;
    JsonProblem syntax;
    const bool parsed = readJson(text, root, positions, &warnings, &syntax);
    for (const JsonProblem& w : warnings)
        diagnostics->push_back({path, w.at.line, w.at.column, Severity::Warning, w.message});
    if (!parsed)
        diagnostics->push_back({path, syntax.at.line, syntax.at.column, Severity::Error, syntax.message});
    return parsed;
}

bool readDocumentFile(const std::string& path, std::string* text, std::vector<Diagnostic>* diagnostics) {
    std::vector<uint8_t> bytes;
    std::string error;
    if (!readFile(path, &bytes, &error)) {
        // readFile says "<path>: <why>"; the diagnostic names the file already.
        if (error.rfind(path + ": ", 0) == 0)
            error.erase(0, path.size() + 2);
        diagnostics->push_back({path, 0, 0, Severity::Error, "cannot read the file: " + error});
        return false;
    }
    text->assign(bytes.begin(), bytes.end());
    return true;
}

std::string jsonPointerToken(const std::string& key) {
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

void JsonChecker::report(Severity severity, const std::string& pointer, std::string message) {
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

// A value for a message: short JSON text (strings quoted).
std::string shownJson(const Json& v) {
    std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (s.size() > 60) {
        s.resize(57);
        s += "...";
    }
    return s;
}

// "a string", "an array", ... for type errors.
std::string jsonTypeName(const Json& v) {
    const std::string name = v.type_name();
    if (v.is_null())
        return name;
    return (name == "array" || name == "object" ? "an " : "a ") + name;
}

// An integer, or a number with an integral value (JSON does not distinguish 5 from 5.0).
bool jsonInteger(const Json& v, long long* out) {
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
} // namespace kresy
