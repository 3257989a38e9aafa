// TileJSON parsing, writing and URL templates. Bad documents are laid out one member per line
// so the expected line:column of each diagnostic can be read off the text: a member written
// as `  "key": value` has its value at column len(key) + 7.

#include "terrain/tilejson.h"

#include <gtest/gtest.h>

#include <initializer_list>

namespace kresy {
namespace {

const std::string kPath = "dem/tiles.json";

std::string lines(std::initializer_list<const char*> text) {
    std::string out;
    for (const char* line : text) {
        out += line;
        out += '\n';
    }
    return out;
}

std::string allDiagnostics(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics)
        out += formatDiagnostic(d) + "\n";
    return out;
}

void expectSameTileJson(const TileJson& a, const TileJson& b) {
    EXPECT_EQ(a.tilejson, b.tilejson);
    EXPECT_EQ(a.tiles, b.tiles);
    EXPECT_EQ(a.minzoom, b.minzoom);
    EXPECT_EQ(a.maxzoom, b.maxzoom);
    EXPECT_EQ(a.bounds.west, b.bounds.west);
    EXPECT_EQ(a.bounds.south, b.bounds.south);
    EXPECT_EQ(a.bounds.east, b.bounds.east);
    EXPECT_EQ(a.bounds.north, b.bounds.north);
    EXPECT_EQ(a.encoding, b.encoding);
    EXPECT_EQ(a.tileSize, b.tileSize);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.attribution, b.attribution);
    EXPECT_EQ(a.description, b.description);
    EXPECT_EQ(a.extra, b.extra);
}

const std::string kFullDocument = lines({
    "{",
    "  \"tilejson\": \"3.0.0\",",
    "  \"name\": \"Kresy terrain\",",
    "  \"description\": \"SRTM over Grodno, \\\"filled\\\"\",",
    "  \"attribution\": \"\xC2\xA9 NASA SRTM\",",
    "  \"tiles\": [\"https://a.example/dem/{z}/{x}/{y}.png\", \"tiles/{z}/{x}/{-y}.png\"],",
    "  \"minzoom\": 3,",
    "  \"maxzoom\": 14,",
    "  \"bounds\": [12, 45.5, 34.25, 58],",
    "  \"center\": [23.83, 53.68, 8],",
    "  \"encoding\": \"terrarium\",",
    "  \"tileSize\": 512,",
    "  \"vector_layers\": [],",
    "  \"x-kresy\": {\"baked\": \"2024-05-01\", \"sources\": [1, 2.5, null, true, -0.001, 12345678901234]}",
    "}",
});

TEST(ParseTileJson, ReadsAFullDocument) {
    TileJson tj;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(parseTileJson(kFullDocument, kPath, &tj, &diagnostics)) << allDiagnostics(diagnostics);
    EXPECT_TRUE(diagnostics.empty()) << allDiagnostics(diagnostics);
    EXPECT_EQ(tj.tilejson, "3.0.0");
    EXPECT_EQ(tj.name, "Kresy terrain");
    EXPECT_EQ(tj.description, "SRTM over Grodno, \"filled\"");
    EXPECT_EQ(tj.attribution, "\xC2\xA9 NASA SRTM");
    ASSERT_EQ(tj.tiles.size(), 2u);
    EXPECT_EQ(tj.tiles[0], "https://a.example/dem/{z}/{x}/{y}.png");
    EXPECT_EQ(tj.tiles[1], "tiles/{z}/{x}/{-y}.png"); // relative: left for the caller to resolve
    EXPECT_EQ(tj.minzoom, 3);
    EXPECT_EQ(tj.maxzoom, 14);
    EXPECT_EQ(tj.bounds.west, 12.0);
    EXPECT_EQ(tj.bounds.south, 45.5);
    EXPECT_EQ(tj.bounds.east, 34.25);
    EXPECT_EQ(tj.bounds.north, 58.0);
    EXPECT_EQ(tj.encoding, TileEncoding::Terrarium);
    EXPECT_EQ(tj.tileSize, 512);
    // Unknown fields, in document order.
    EXPECT_EQ(tj.extra, "{\"center\":[23.83,53.68,8],\"vector_layers\":[],"
                        "\"x-kresy\":{\"baked\":\"2024-05-01\",\"sources\":[1,2.5,null,true,-0.001,12345678901234]}}");
}

TEST(ParseTileJson, FullDocumentRoundTrips) {
    TileJson first, second;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(parseTileJson(kFullDocument, kPath, &first, &diagnostics)) << allDiagnostics(diagnostics);
    const std::string written = writeTileJson(first);
    ASSERT_TRUE(parseTileJson(written, "written.json", &second, &diagnostics))
        << allDiagnostics(diagnostics) << written;
    expectSameTileJson(first, second);
    EXPECT_EQ(writeTileJson(second), written);
}

TEST(WriteTileJson, FieldsInSpecOrderThenExtras) {
    TileJson tj;
    tj.tiles = {"https://t.example/{z}/{x}/{y}.png"};
    tj.name = "n";
    tj.attribution = "a";
    tj.description = "d";
    tj.extra = R"({"zeta": 1, "center": [0, 0, 2], "tiles": ["must not override"]})";
    const std::string out = writeTileJson(tj);
    const char* order[] = {"\"tilejson\"", "\"tiles\"",   "\"attribution\"", "\"bounds\"", "\"description\"",
                           "\"maxzoom\"",  "\"minzoom\"", "\"name\"",        "\"encoding\"", "\"tileSize\"",
                           "\"zeta\"",     "\"center\""};
    size_t previous = 0;
    for (const char* key : order) {
        const size_t at = out.find(key);
        ASSERT_NE(at, std::string::npos) << key << "\n" << out;
        EXPECT_GT(at, previous) << key << "\n" << out;
        previous = at;
    }
    EXPECT_EQ(out.find("must not override"), std::string::npos) << out;
    EXPECT_EQ(out.back(), '\n');
}

TEST(WriteTileJson, DefaultsRoundTripAndBadExtraIsDropped) {
    TileJson tj;
    tj.tiles = {"{z}/{x}/{y}.png"};
    tj.extra = "{not json";
    const std::string out = writeTileJson(tj);
    TileJson back;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(parseTileJson(out, kPath, &back, &diagnostics)) << allDiagnostics(diagnostics) << out;
    tj.extra.clear();
    expectSameTileJson(tj, back);
}

TEST(ParseTileJson, DefaultsWhenOptionalFieldsAreAbsent) {
    TileJson tj;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(parseTileJson(R"({"tilejson": "3.0.0", "tiles": ["../dem/{z}/{x}/{y}.png"]})", kPath, &tj,
                              &diagnostics))
        << allDiagnostics(diagnostics);
    EXPECT_EQ(tj.encoding, TileEncoding::Mapbox); // MapLibre's default for raster-dem
    EXPECT_EQ(tj.tileSize, 256);
    EXPECT_EQ(tj.minzoom, 0);
    EXPECT_EQ(tj.maxzoom, 22);
    EXPECT_EQ(tj.bounds.west, -180.0);
    EXPECT_EQ(tj.bounds.east, 180.0);
    EXPECT_EQ(tj.bounds.north, 85.0511287798066);
    EXPECT_EQ(tj.bounds.south, -85.0511287798066);
    EXPECT_EQ(tj.tiles, std::vector<std::string>{"../dem/{z}/{x}/{y}.png"});
    EXPECT_TRUE(tj.name.empty());
    EXPECT_TRUE(tj.extra.empty());
}

TEST(ParseTileJson, AcceptsVersions2And3Only) {
    for (const char* version : {"3.0.0", "2.2.0", "2.0.1", "3.10.12"}) {
        TileJson tj;
        std::vector<Diagnostic> diagnostics;
        const std::string text = std::string(R"({"tilejson": ")") + version + R"(", "tiles": ["{z}/{x}/{y}"]})";
        EXPECT_TRUE(parseTileJson(text, kPath, &tj, &diagnostics)) << version << allDiagnostics(diagnostics);
        EXPECT_EQ(tj.tilejson, version);
    }
    for (const char* version : {"1.0.0", "4.0.0", "3.0", "3", "3.0.0-beta", "3..0", "", "v3.0.0", "3.0.0."}) {
        TileJson tj;
        std::vector<Diagnostic> diagnostics;
        const std::string text = std::string(R"({"tilejson": ")") + version + R"(", "tiles": ["{z}/{x}/{y}"]})";
        EXPECT_FALSE(parseTileJson(text, kPath, &tj, &diagnostics)) << version;
        ASSERT_EQ(diagnostics.size(), 1u) << version;
        EXPECT_EQ(diagnostics[0].column, 14) << version;
    }
}

TEST(ParseTileJson, DecodesEscapesAndUnicode) {
    TileJson tj;
    std::vector<Diagnostic> diagnostics;
    const std::string text = R"({"tilejson": "3.0.0", "tiles": ["{z}/{x}/{y}"],)"
                             R"( "name": "\u0141\u00f3d\u017a \ud83c\udfd4 \"q\" \\ \/ \t|"})";
    ASSERT_TRUE(parseTileJson(text, kPath, &tj, &diagnostics)) << allDiagnostics(diagnostics);
    EXPECT_EQ(tj.name, "\xC5\x81\xC3\xB3""d\xC5\xBA \xF0\x9F\x8F\x94 \"q\" \\ / \t|");
    TileJson back;
    ASSERT_TRUE(parseTileJson(writeTileJson(tj), kPath, &back, &diagnostics)) << allDiagnostics(diagnostics);
    EXPECT_EQ(back.name, tj.name);
}

TEST(ParseTileJson, AcceptsByteOrderMarkAndCrLf) {
    TileJson tj;
    std::vector<Diagnostic> diagnostics;
    const std::string text = "\xEF\xBB\xBF{\r\n  \"tilejson\": \"3.0.0\",\r\n  \"tiles\": [\"{z}/{x}/{y}\"]\r\n}\r\n";
    EXPECT_TRUE(parseTileJson(text, kPath, &tj, &diagnostics)) << allDiagnostics(diagnostics);
    // Line numbers count CRLF once.
    diagnostics.clear();
    EXPECT_FALSE(parseTileJson("{\r\n\r\n  \"tilejson\": 3\r\n}", kPath, &tj, &diagnostics));
    ASSERT_EQ(diagnostics.size(), 2u) << allDiagnostics(diagnostics);
    EXPECT_EQ(diagnostics[0].line, 3); // "tilejson" is not a string
    EXPECT_EQ(diagnostics[0].column, 15);
    EXPECT_EQ(diagnostics[1].line, 1); // "tiles" is missing from the object
}

TEST(ParseTileJson, DuplicateKeysWarnAndTheLastWins) {
    TileJson tj;
    std::vector<Diagnostic> diagnostics;
    const std::string text = lines({
        "{",
        "  \"tilejson\": \"3.0.0\",",
        "  \"tiles\": [\"{z}/{x}/{y}\"],",
        "  \"maxzoom\": 10,",
        "  \"maxzoom\": 12",
        "}",
    });
    ASSERT_TRUE(parseTileJson(text, kPath, &tj, &diagnostics)) << allDiagnostics(diagnostics);
    EXPECT_EQ(tj.maxzoom, 12);
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(diagnostics[0].severity, Severity::Warning);
    EXPECT_EQ(diagnostics[0].line, 5);
    EXPECT_EQ(diagnostics[0].column, 3);
    EXPECT_NE(diagnostics[0].message.find("duplicate key \"maxzoom\""), std::string::npos);
}

TEST(ParseTileJson, ReportsEveryProblemAndLeavesOutputAlone) {
    TileJson tj;
    tj.name = "untouched";
    std::vector<Diagnostic> diagnostics;
    const std::string text = lines({
        "{",
        "  \"tilejson\": \"3.0.0\",",
        "  \"tiles\": [\"{z}/{x}/{y}\"],",
        "  \"maxzoom\": 30,",
        "  \"tileSize\": 300,",
        "  \"encoding\": \"png\",",
        "  \"name\": \"changed\"",
        "}",
    });
    EXPECT_FALSE(parseTileJson(text, kPath, &tj, &diagnostics));
    ASSERT_EQ(diagnostics.size(), 3u) << allDiagnostics(diagnostics);
    EXPECT_EQ(formatDiagnostic(diagnostics[0]),
              "dem/tiles.json:4:14: error: \"maxzoom\" is 30; zoom levels range from 0 to 24");
    EXPECT_EQ(diagnostics[1].line, 5);
    EXPECT_EQ(diagnostics[2].line, 6);
    EXPECT_EQ(tj.name, "untouched");
}

TEST(ParseTileJson, DeepNestingIsAnErrorNotACrash) {
    TileJson tj;
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(parseTileJson(std::string(100000, '['), kPath, &tj, &diagnostics));
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(diagnostics[0].line, 1);
    EXPECT_EQ(diagnostics[0].column, 257); // the 257th level
    EXPECT_NE(diagnostics[0].message.find("nested too deeply"), std::string::npos);
}

// ---- The corpus of bad documents ----

struct BadDocument {
    const char* name;
    std::string text;
    int line, column;
    const char* message; // a substring of the diagnostic
};

std::vector<BadDocument> badDocuments() {
    const char* version = "  \"tilejson\": \"3.0.0\",";
    const char* tiles = "  \"tiles\": [\"https://t.example/{z}/{x}/{y}.png\"],";
    const char* tilesLast = "  \"tiles\": [\"https://t.example/{z}/{x}/{y}.png\"]";
    return {
        // Syntax. "https://t.example/{z}/{x}/{y}.png" with its quotes is 35 characters.
        {"MissingComma", lines({"{", "  \"tilejson\": \"3.0.0\"", "  \"tiles\": []", "}"}), 3, 3,
         "expected ',' or '}'"},
        {"MissingCommaInArray", lines({"{", version, "  \"bounds\": [12 45, 34, 58]", "}"}), 3, 17,
         "expected ',' or ']'"},
        {"UnterminatedString", lines({"{", "  \"tilejson\": \"3.0.0,", tiles, "}"}), 2, 15, "unterminated string"},
        {"UnterminatedAtEndOfFile", "{\"tilejson\": \"3.0", 1, 14, "unterminated string"},
        {"TrailingCommaInObject", lines({"{", version, "  \"tiles\": [\"https://t.example/{z}/{x}/{y}.png\"],", "}"}),
         3, 49, "trailing comma"},
        {"TrailingCommaInArray", lines({"{", version, "  \"bounds\": [12, 45, 34, 58,],", "}"}), 3, 28,
         "trailing comma"},
        {"MissingColon", lines({"{", "  \"tilejson\" \"3.0.0\",", tiles, "}"}), 2, 14, "expected ':'"},
        {"UnquotedKey", lines({"{", version, "  tiles: []", "}"}), 3, 3, "expected a string key"},
        {"SingleQuotes", lines({"{", version, "  \"name\": 'dem'", "}"}), 3, 11, "double quotes"},
        {"Comment", lines({"{", "  // terrain", version, "}"}), 2, 3, "comments are not allowed"},
        {"BadLiteral", lines({"{", version, tiles, "  \"maxzoom\": tru", "}"}), 4, 14, "expected a value"},
        {"LeadingZero", lines({"{", version, tiles, "  \"maxzoom\": 012", "}"}), 4, 14, "invalid number"},
        {"BareMinus", lines({"{", version, tiles, "  \"maxzoom\": -", "}"}), 4, 14, "invalid number"},
        {"NumberOutOfRange", lines({"{", version, tiles, "  \"maxzoom\": 1e400", "}"}), 4, 14, "number out of range"},
        {"InvalidEscape", lines({"{", version, "  \"name\": \"a\\qb\"", "}"}), 3, 13, "invalid escape"},
        {"ShortUnicodeEscape", lines({"{", version, "  \"name\": \"\\u12\"", "}"}), 3, 12, "four hex digits"},
        {"LoneSurrogate", lines({"{", version, "  \"name\": \"x\\ud800y\"", "}"}), 3, 13, "surrogate"},
        {"ControlCharacter", lines({"{", version, "  \"name\": \"a\tb\"", "}"}), 3, 13, "control character"},
        {"InvalidUtf8", lines({"{", version, "  \"name\": \"\xC3(\"", "}"}), 3, 12, "invalid UTF-8"},
        {"OverlongUtf8", lines({"{", version, "  \"name\": \"\xC0\xAF\"", "}"}), 3, 12, "invalid UTF-8"},
        {"TextAfterTheObject", lines({"{", version, tilesLast, "}", "}"}), 5, 1, "unexpected text after"},
        {"UnclosedObject", lines({"{", version, tiles}), 4, 1, "expected a string key"},
        {"Empty", "", 1, 1, "empty"},
        {"OnlyWhitespace", "\n\n  ", 3, 3, "empty"},
        // Columns count characters: "Łódź ☃" is 6 characters but 11 bytes.
        {"ColumnsCountCharacters", lines({"{\"name\": \"\xC5\x81\xC3\xB3" "d\xC5\xBA \xE2\x98\x83\", \"tilejson\" 1}"}),
         1, 31, "expected ':'"},
        // Structure.
        {"NotAnObject", "[1, 2]", 1, 1, "must be a JSON object, not an array"},
        {"MissingTiles", lines({"{", "  \"tilejson\": \"3.0.0\"", "}"}), 1, 1, "missing required field \"tiles\""},
        {"MissingTileJson", lines({"", "  {", tiles, "  \"maxzoom\": 3", "}"}), 2, 3,
         "missing required field \"tilejson\""},
        {"TilesNotAnArray", lines({"{", version, "  \"tiles\": \"https://t.example/{z}/{x}/{y}.png\"", "}"}), 3, 12,
         "\"tiles\" must be an array of URL templates, not a string"},
        {"TilesEmpty", lines({"{", version, "  \"tiles\": []", "}"}), 3, 12, "\"tiles\" is empty"},
        {"TemplateWithoutZ", lines({"{", version, "  \"tiles\": [\"https://t.example/{x}/{y}.png\"]", "}"}), 3, 13,
         "\"https://t.example/{x}/{y}.png\" has no {z}"},
        {"TemplateWithoutXY", lines({"{", version, "  \"tiles\": [\"https://t.example/{z}.png\"]", "}"}), 3, 13,
         "has no {x} and {y}"},
        {"TemplateNotAString",
         lines({"{", version, "  \"tiles\": [\"https://t.example/{z}/{x}/{y}.png\", 5]", "}"}), 3, 50,
         "must be a string, not a number"},
        // Zooms.
        {"MinzoomAboveMaxzoom", lines({"{", version, tiles, "  \"minzoom\": 10,", "  \"maxzoom\": 5", "}"}), 4, 14,
         "minzoom 10 is greater than maxzoom 5"},
        {"MinzoomAboveDefaultMaxzoom", lines({"{", version, tiles, "  \"minzoom\": 23", "}"}), 4, 14,
         "minzoom 23 is greater than maxzoom 22 (the default)"},
        {"Maxzoom30", lines({"{", version, tiles, "  \"maxzoom\": 30", "}"}), 4, 14,
         "\"maxzoom\" is 30; zoom levels range from 0 to 24"},
        {"NegativeMinzoom", lines({"{", version, tiles, "  \"minzoom\": -1", "}"}), 4, 14, "\"minzoom\" is -1"},
        {"FractionalZoom", lines({"{", version, tiles, "  \"maxzoom\": 12.5", "}"}), 4, 14,
         "\"maxzoom\" must be an integer zoom level, not 12.5"},
        {"ZoomAsString", lines({"{", version, tiles, "  \"maxzoom\": \"12\"", "}"}), 4, 14,
         "\"maxzoom\" must be an integer zoom level, not a string"},
        // Bounds: `  "bounds": [` puts '[' at column 13.
        {"BoundsWestNotLessThanEast", lines({"{", version, tiles, "  \"bounds\": [30, 45, 20, 58]", "}"}), 4, 13,
         "bounds west 30 is not less than east 20"},
        {"BoundsSouthNotLessThanNorth", lines({"{", version, tiles, "  \"bounds\": [12, 58, 34, 45]", "}"}), 4, 13,
         "bounds south 58 is not less than north 45"},
        {"BoundsEastOutOfRange", lines({"{", version, tiles, "  \"bounds\": [12, 45, 190, 58]", "}"}), 4, 22,
         "bounds east 190 is outside -180..180"},
        {"BoundsSouthOutOfRange", lines({"{", version, tiles, "  \"bounds\": [12, -95, 34, 58]", "}"}), 4, 18,
         "bounds south -95 is outside -90..90"},
        {"BoundsThreeNumbers", lines({"{", version, tiles, "  \"bounds\": [12, 45, 34]", "}"}), 4, 13,
         "four numbers"},
        {"BoundsNotAnArray", lines({"{", version, tiles, "  \"bounds\": \"12,45,34,58\"", "}"}), 4, 13,
         "four numbers"},
        {"BoundsElementAString", lines({"{", version, tiles, "  \"bounds\": [12, \"45\", 34, 58]", "}"}), 4, 18,
         "bounds south must be a number, not a string"},
        // The rest.
        {"TileSize300", lines({"{", version, tiles, "  \"tileSize\": 300", "}"}), 4, 15,
         "\"tileSize\" 300 is not supported; use 256 or 512"},
        {"TileSizeString", lines({"{", version, tiles, "  \"tileSize\": \"256\"", "}"}), 4, 15,
         "\"tileSize\" of type string is not supported"},
        {"EncodingPng", lines({"{", version, tiles, "  \"encoding\": \"png\"", "}"}), 4, 15,
         "unknown \"encoding\" \"png\"; expected \"terrarium\" or \"mapbox\""},
        {"EncodingNotAString", lines({"{", version, tiles, "  \"encoding\": 1", "}"}), 4, 15,
         "\"encoding\" must be the string \"terrarium\" or \"mapbox\", not a number"},
        {"Version1", lines({"{", "  \"tilejson\": \"1.0.0\",", tilesLast, "}"}), 2, 15,
         "unsupported TileJSON version \"1.0.0\"; expected 3.x.x or 2.x.x"},
        {"VersionNotAString", lines({"{", "  \"tilejson\": 3,", tilesLast, "}"}), 2, 15,
         "\"tilejson\" must be a version string such as \"3.0.0\", not a number"},
        {"NameNotAString", lines({"{", version, tiles, "  \"name\": 5", "}"}), 4, 11, "\"name\" must be a string, not a number"},
        {"AttributionNull", lines({"{", version, tiles, "  \"attribution\": null", "}"}), 4, 18,
         "\"attribution\" must be a string, not null"},
        {"DescriptionObject", lines({"{", version, tiles, "  \"description\": {}", "}"}), 4, 18,
         "\"description\" must be a string, not an object"},
        {"SchemeTms", lines({"{", version, tiles, "  \"scheme\": \"tms\"", "}"}), 4, 13, "\"scheme\" \"tms\" is not supported"},
    };
}

TEST(ParseTileJson, BadDocumentsGiveOneDiagnosticAtTheOffendingValue) {
    for (const BadDocument& bad : badDocuments()) {
        SCOPED_TRACE(bad.name);
        TileJson tj;
        std::vector<Diagnostic> diagnostics;
        EXPECT_FALSE(parseTileJson(bad.text, kPath, &tj, &diagnostics)) << bad.text;
        ASSERT_EQ(diagnostics.size(), 1u) << allDiagnostics(diagnostics);
        const Diagnostic& d = diagnostics[0];
        EXPECT_EQ(d.file, kPath);
        EXPECT_EQ(d.severity, Severity::Error);
        EXPECT_EQ(d.line, bad.line) << formatDiagnostic(d);
        EXPECT_EQ(d.column, bad.column) << formatDiagnostic(d);
        EXPECT_NE(d.message.find(bad.message), std::string::npos) << formatDiagnostic(d) << "\nwanted: " << bad.message;
    }
}

// ---- URL templates ----

TEST(ExpandTileUrl, ReplacesEveryPlaceholder) {
    const TileId t{11, 1159, 660};
    EXPECT_EQ(expandTileUrl("https://t.example/{z}/{x}/{y}.png", t), "https://t.example/11/1159/660.png");
    // TMS row: 2^11 - 1 - 660 = 1387.
    EXPECT_EQ(expandTileUrl("tiles/{z}/{x}/{-y}.png", t), "tiles/11/1159/1387.png");
    EXPECT_EQ(expandTileUrl("{z}{z}-{x}{y}", t), "1111-1159660");
    EXPECT_EQ(expandTileUrl("https://{s}.t.example/{z}/{x}/{y}.png?key={key}", t),
              "https://{s}.t.example/11/1159/660.png?key={key}");
    EXPECT_EQ(expandTileUrl("{-y}", {0, 0, 0}), "0");
    EXPECT_EQ(expandTileUrl("{z", t), "{z");
    EXPECT_EQ(expandTileUrl("", t), "");
}

} // namespace
} // namespace kresy
