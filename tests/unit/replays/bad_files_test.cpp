// The checks: every file in bad/ has one problem, reported at an exact line and column with an
// exact message. An error makes the file fail to load; a warning alone does not.

#include "replays/replay_io.h"
#include "test_files.h"

#include <gtest/gtest.h>

#include <set>

namespace kresy {
namespace {

struct BadFile {
    const char* name; // bad/NAME.json
    ExpectedProblem problem;
};

void PrintTo(const BadFile& b, std::ostream* os) { *os << b.name; }

// The terrain of the default dataset (kRegionBounds in app/dataset.h).
constexpr LonLatBox kTerrain{12, 45, 34, 58};

const BadFile kBadFiles[] = {
    {"duplicate-event", 26, 13, Severity::Error,
     "duplicate event id \"e\"; the first is at line 24, column 13"},
    {"duplicate-side", 9, 76, Severity::Error,
     "duplicate side id \"pl\"; the first is at line 9, column 21"},
    {"duplicate-source", 7, 63, Severity::Error,
     "duplicate source id \"s1\"; the first is at line 7, column 25"},
    {"duplicate-unit", 19, 13, Severity::Error,
     "duplicate unit id \"a\"; the first is at line 12, column 13"},
    {"event-bad-kind", 25, 26, Severity::Error,
     "unknown \"kind\" \"siege\"; expected one of battle, skirmish, capture, surrender, meeting, parade, massacre, declaration, crossing, withdrawal or other"},
    {"event-end-before-start", 25, 90, Severity::Error,
     "\"end\" 1939-09-17T11:00:00Z is before \"start\" 1939-09-17T12:00:00Z"},
    {"event-missing-place", 24, 5, Severity::Error,
     "missing required field \"place\" in an event"},
    {"event-missing-source", 24, 5, Severity::Error,
     "missing required field \"source\" in an event"},
    {"event-place-missing-lat", 26, 16, Severity::Error,
     "missing required field \"lat\" in the place"},
    {"event-source-not-string", 26, 56, Severity::Error,
     "\"source\" must be a source id or an array of them, not a number"},
    {"event-unknown-source-in-list", 26, 63, Severity::Error,
     "unknown source \"s9\"; expected s1"},
    {"event-unknown-unit", 26, 61, Severity::Error,
     "unknown unit \"c\"; expected one of a or b"},
    {"lat-out-of-range", 15, 63, Severity::Error,
     "\"lat\" -91 is outside -90..90"},
    {"lon-not-number", 15, 50, Severity::Error,
     "\"lon\" must be a number, not a string"},
    {"lon-out-of-range", 15, 50, Severity::Error,
     "\"lon\" 185.0 is outside -180..180"},
    {"missing-format", 1, 1, Severity::Error,
     "missing required field \"format\" in the replay"},
    {"missing-metadata", 1, 1, Severity::Error,
     "missing required field \"metadata\" in the replay"},
    {"nested-too-deeply", 5, 281, Severity::Error,
     "arrays and objects are nested too deeply"},
    {"newer-version", 3, 14, Severity::Error,
     "replay format version 2 is not supported; this kresy reads version 1"},
    {"not-an-object", 1, 1, Severity::Error,
     "a replay must be a JSON object, not an array"},
    {"parent-cycle", 12, 98, Severity::Error,
     "\"parent\" \"b\" makes a cycle: a -> b -> a"},
    {"parent-self", 19, 96, Severity::Error,
     "\"parent\" \"b\" makes a cycle: b -> b"},
    {"side-bad-affiliation", 9, 81, Severity::Error,
     "unknown \"affiliation\" \"ally\"; expected one of friend, hostile, neutral or unknown"},
    {"side-bad-colour", 9, 55, Severity::Error,
     "\"colour\" \"blue\" is not a colour; expected \"#rrggbb\" (six hex digits)"},
    {"side-missing-colour", 9, 13, Severity::Error,
     "missing required field \"colour\" in a side"},
    {"sides-empty", 9, 12, Severity::Error,
     "\"sides\" is empty; a replay needs at least one side"},
    {"source-missing-citation", 7, 17, Severity::Error,
     "missing required field \"citation\" in a source"},
    {"span-bad-month", 6, 24, Severity::Error,
     "bad \"start\": month 13 is out of range in '1939-13-17T00:00:00Z'"},
    {"span-end-before-start", 6, 55, Severity::Error,
     "\"end\" 1939-09-16T00:00:00Z is before \"start\" 1939-09-17T00:00:00Z"},
    {"syntax-bad-utf8", 9, 39, Severity::Error,
     "invalid UTF-8 in string"},
    {"syntax-comment", 3, 17, Severity::Error,
     "comments are not allowed in JSON"},
    {"syntax-empty", 1, 1, Severity::Error,
     "the document is empty; expected a JSON object"},
    {"syntax-missing-quote", 12, 31, Severity::Error,
     "expected ',' or '}'"},
    {"syntax-trailing-comma-array", 7, 53, Severity::Error,
     "trailing comma; JSON does not allow one before ']'"},
    {"syntax-trailing-comma", 5, 21, Severity::Error,
     "expected a string key in double quotes"},
    {"syntax-truncated", 10, 13, Severity::Error,
     "unexpected end of file; expected a value"},
    {"syntax-unterminated-string", 5, 14, Severity::Error,
     "unterminated string"},
    {"time-backwards", 15, 19, Severity::Error,
     "\"time\" 1939-09-16T23:00:00Z is before the previous waypoint's 1939-09-17T00:00:00Z; a track's times must increase"},
    {"time-bad-format", 15, 19, Severity::Error,
     "bad \"time\": expected an ISO-8601 date such as 1939-09-17T04:00:00Z, got '18 September 1939'"},
    {"time-missing", 15, 9, Severity::Error,
     "missing required field \"time\" in a waypoint"},
    {"time-not-string", 15, 19, Severity::Error,
     "\"time\" must be a string, not a number"},
    {"time-repeats", 15, 19, Severity::Error,
     "\"time\" 1939-09-17T02:00:00+02:00 repeats the previous waypoint's 1939-09-17T00:00:00Z; a track's times must increase"},
    {"title-not-string", 5, 14, Severity::Error,
     "\"title\" must be a string, not a number"},
    {"track-empty", 20, 16, Severity::Error,
     "\"track\" is empty; a unit needs at least one waypoint"},
    {"track-missing", 18, 5, Severity::Error,
     "missing required field \"track\" in a unit"},
    {"track-not-array", 20, 16, Severity::Error,
     "\"track\" must be an array, not an object"},
    {"unit-bad-echelon", 12, 76, Severity::Error,
     "unknown \"echelon\" \"platoon\"; expected one of battalion, regiment, brigade, division, corps, army, front or group"},
    {"unit-bad-model", 12, 97, Severity::Error,
     "\"model\" \"tank.obj\" is not a glTF model; expected a .gltf or .glb file"},
    {"unit-bad-symbol", 12, 98, Severity::Error,
     "\"symbol\" \"SFGPUCI\" is not a symbol identification code; expected 15 letters, digits, '-' or '*' (APP-6 / MIL-STD-2525C) or 20 digits (2525D)"},
    {"unit-bad-type", 12, 53, Severity::Error,
     "unknown \"type\" \"tank\"; expected one of infantry, cavalry, armour, motorised, mechanised, artillery, anti-tank, engineer, border-guard, militia, air, navy, hq, supply or other"},
    {"unit-empty-id", 19, 13, Severity::Error,
     "\"id\" is empty"},
    {"unit-missing-name", 11, 5, Severity::Error,
     "missing required field \"name\" in a unit"},
    {"unit-not-object", 11, 5, Severity::Error,
     "a unit must be an object, not a string"},
    {"unit-unknown-parent", 19, 96, Severity::Error,
     "unknown unit \"z\"; expected one of a or b"},
    {"unit-unknown-side", 12, 39, Severity::Error,
     "unknown side \"ru\"; expected pl"},
    {"version-not-integer", 3, 14, Severity::Error,
     "\"version\" must be the integer 1, not a string"},
    {"warn-duplicate-key", 5, 22, Severity::Warning,
     "duplicate key \"title\"; the last value is used"},
    {"warn-event-outside-terrain", 26, 25, Severity::Warning,
     "lon 24.5, lat 60 is outside the terrain (lon 12..34, lat 45..58)"},
    {"warn-time-outside-span", 15, 19, Severity::Warning,
     "\"time\" 1939-09-21T00:00:00Z is outside metadata.span (1939-09-17T00:00:00Z to 1939-09-20T00:00:00Z)"},
    {"warn-time-without-zone", 15, 19, Severity::Warning,
     "\"time\" \"1939-09-18T00:00\" has no time zone; read as UTC (write Z or an offset such as +02:00)"},
    {"warn-waypoint-outside-terrain", 15, 50, Severity::Warning,
     "lon 35.5, lat 52 is outside the terrain (lon 12..34, lat 45..58)"},
    {"waypoint-bad-status", 15, 79, Severity::Error,
     "unknown \"status\" \"resting\"; expected one of moving, halted, engaged, surrendered, destroyed or disbanded"},
    {"waypoint-negative-strength", 15, 81, Severity::Error,
     "\"strength\" -100 is negative; expected a number >= 0"},
    {"waypoint-negative-uncertainty", 15, 87, Severity::Error,
     "\"uncertainty_km\" -1 is negative; expected a number >= 0"},
    {"waypoint-not-object", 20, 17, Severity::Error,
     "a waypoint must be an object, not an array"},
    {"waypoint-unknown-source", 15, 79, Severity::Error,
     "unknown source \"s2\"; expected s1"},
    {"wrong-format", 2, 13, Severity::Error,
     "\"format\" \"geojson\" is not \"kresy-replay\"; this is not a replay file"},
};

std::vector<Diagnostic> check(const std::string& path, bool* ok) {
    std::vector<Diagnostic> diagnostics;
    Replay replay;
    *ok = loadReplay(path, &kTerrain, &replay, &diagnostics);
    return diagnostics;
}

class BadFiles : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadFiles, ReportsTheProblemWhereItIs) {
    const BadFile& expected = GetParam();
    const std::string path = replayTestPath("bad/" + std::string(expected.name) + ".json");
    bool ok = false;
    const std::vector<Diagnostic> diagnostics = check(path, &ok);
    expectTheProblem(path, diagnostics, ok, expected.problem);
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadFiles, ::testing::ValuesIn(kBadFiles),
                         [](const auto& p) { return corpusTestName(p.param.name); });

TEST(BadFilesCorpus, EveryFileHasAnExpectation) {
    std::set<std::string> expected;
    for (const BadFile& b : kBadFiles)
        expected.insert(b.name);
    EXPECT_EQ(fileStems(replayTestPath("bad")), expected);
}

TEST(BadFilesCorpus, WithoutTerrainBoundsOutsideIsFine) {
    Replay replay;
    std::vector<Diagnostic> diagnostics;
    const std::string text = readTestFile(replayTestPath("bad/warn-waypoint-outside-terrain.json"));
    EXPECT_TRUE(parseReplay(text, "x.json", nullptr, &replay, &diagnostics));
    EXPECT_TRUE(diagnostics.empty());
    EXPECT_EQ(replay.units[0].track[1].lon, 35.5);
}

// One file with many problems: all are reported, in the order of their positions.
TEST(BadFilesCorpus, ReportsEveryProblemInOrder) {
    bool ok = true;
    const std::vector<Diagnostic> diagnostics = check(replayTestPath("many-problems.json"), &ok);
    EXPECT_FALSE(ok);
    std::vector<std::string> positions;
    for (const Diagnostic& d : diagnostics)
        positions.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) +
                            (d.severity == Severity::Error ? " e" : " w"));
    const std::vector<std::string> expected = {
        "5:14 e",  "6:55 e",  "7:58 e",  "9:56 e",  "9:81 e",  "11:42 e",  "11:56 e", "11:94 e",
        "12:17 e", "12:33 e", "14:50 e", "14:80 e", "15:19 e", "15:50 w",  "15:79 e", "16:19 w",
        "16:19 e", "16:73 e", "18:112 e", "20:69 w", "20:90 e", "21:35 e", "21:51 e", "21:68 e"};
    EXPECT_EQ(positions, expected);
}

} // namespace
} // namespace kresy
