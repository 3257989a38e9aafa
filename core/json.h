#pragma once
// JSON documents read with the position of every value, so diagnostics can point at the
// offending value ("file:line:col"); nlohmann::json gives neither value positions nor useful
// syntax-error positions. Shared by the TileJSON, replay and shot readers.

#include "diagnostics.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kresy {

// ordered_json keeps unknown fields in the order they were written, so a round trip does
// not shuffle them.
using Json = nlohmann::ordered_json;

struct JsonPosition {
    int line = 1;
    int column = 1; // in characters (UTF-8 code points), as editors count
};

// Positions of the values of a document, keyed by JSON pointer ("" is the root,
// "/tiles/0" the first element of "tiles").
using JsonPositions = std::unordered_map<std::string, JsonPosition>;

struct JsonProblem {
    JsonPosition at;
    std::string message;
};

// Parses the whole of `text` (RFC 8259; a leading byte order mark is skipped; nesting deeper
// than 256 is refused). Duplicate keys are warnings (the last value wins). False with *error set
// on the first syntax error.
bool readJson(std::string_view text, Json* root, JsonPositions* positions, std::vector<JsonProblem>* warnings,
              JsonProblem* error);

// readJson for a file's parser: its duplicate-key warnings and its syntax error become
// Diagnostics on `path`, appended to *diagnostics. False on a syntax error.
bool readJsonDocument(std::string_view text, const std::string& path, Json* root, JsonPositions* positions,
                      std::vector<Diagnostic>* diagnostics);

// The text of a document file, for its parser; false after one error on `path` saying why it
// cannot be read ("cannot read the file: No such file or directory").
bool readDocumentFile(const std::string& path, std::string* text, std::vector<Diagnostic>* diagnostics);

// A key escaped for use in a JSON pointer ("~" -> "~0", "/" -> "~1").
std::string jsonPointerToken(const std::string& key);

// Collects diagnostics about a document, each at the position of the value a pointer names
// (or line 0 when the pointer names nothing).
struct JsonChecker {
    const std::string& file;
    const JsonPositions& positions;
    std::vector<Diagnostic>* diagnostics;
    bool failed = false;

    void report(Severity severity, const std::string& pointer, std::string message);
    void error(const std::string& pointer, std::string message) { report(Severity::Error, pointer, std::move(message)); }
    void warning(const std::string& pointer, std::string message) { report(Severity::Warning, pointer, std::move(message)); }
};

// A value for a message: short JSON text (strings quoted), cut at 60 characters.
std::string shownJson(const Json& v);
// "a string", "an array", "null", ... for type errors.
std::string jsonTypeName(const Json& v);
// An integer, or a number with an integral value (JSON does not distinguish 5 from 5.0).
bool jsonInteger(const Json& v, long long* out);

} // namespace kresy
