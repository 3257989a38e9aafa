// The checks: every file in bad/ has one problem, reported at an exact line and column with an
// exact message. An error makes the file fail to load; a warning alone does not. A file that
// names a replay is checked against it, as `kresy check` does.

#include "replays/replay_io.h"
#include "scene/shot_io.h"
#include "test_files.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace kresy {
namespace {

struct BadFile {
    const char* name; // bad/NAME.json
    DocumentKind kind; // read as
    ExpectedProblem problem;
};

void PrintTo(const BadFile& b, std::ostream* os) { *os << b.name; }

// The terrain of the default dataset (kRegionBounds in app/dataset.h).
constexpr LonLatBox kTerrain{12, 45, 34, 58};

const BadFile kBadFiles[] = {
    {"syntax-truncated", DocumentKind::Shot, 14, 7, Severity::Error,
     "expected a string key in double quotes"},
    {"syntax-trailing-comma", DocumentKind::Shot, 15, 19, Severity::Error,
     "trailing comma; JSON does not allow one before '}'"},
    {"not-an-object", DocumentKind::Shot, 1, 1, Severity::Error,
     "a shot must be a JSON object, not an array"},
    {"missing-version", DocumentKind::Shot, 1, 1, Severity::Error,
     "missing required field \"version\" in the shot"},
    {"newer-version", DocumentKind::Shot, 2, 14, Severity::Error,
     "shot format version 2 is not supported; this kresy reads version 1"},
    {"version-not-integer", DocumentKind::Shot, 2, 14, Severity::Error,
     "\"version\" must be the integer 1, not a string"},
    {"missing-title", DocumentKind::Shot, 1, 1, Severity::Error,
     "missing required field \"title\" in the shot"},
    {"description-not-string", DocumentKind::Shot, 4, 18, Severity::Error,
     "\"description\" must be a string, not an array"},
    {"replay-empty", DocumentKind::Shot, 4, 13, Severity::Error,
     "\"replay\" is empty; expected the path of a replay file"},
    {"keys-missing", DocumentKind::Shot, 1, 1, Severity::Error,
     "missing required field \"keys\" in the shot"},
    {"keys-missing-in-a-deck", DocumentKind::Shot, 1, 1, Severity::Error,
     "missing required field \"keys\" in the shot; this looks like a deck"},
    {"keys-not-array", DocumentKind::Shot, 4, 11, Severity::Error,
     "\"keys\" must be an array, not an object"},
    {"keys-only-one", DocumentKind::Shot, 4, 11, Severity::Error,
     "\"keys\" has one key; a shot needs at least two"},
    {"key-not-object", DocumentKind::Shot, 17, 5, Severity::Error,
     "a key must be an object, not a number"},
    {"key-missing-time", DocumentKind::Shot, 11, 5, Severity::Error,
     "missing required field \"time\" in a key"},
    {"key-time-not-number", DocumentKind::Shot, 12, 15, Severity::Error,
     "\"time\" must be a number, not a string"},
    {"key-time-negative", DocumentKind::Shot, 6, 15, Severity::Error,
     "\"time\" -1 is negative; expected a number >= 0"},
    {"key-time-repeats", DocumentKind::Shot, 12, 15, Severity::Error,
     "\"time\" 0 repeats the previous key's; a shot's times must increase"},
    {"key-time-backwards", DocumentKind::Shot, 18, 15, Severity::Error,
     "\"time\" 4.5 is before the previous key's 10; a shot's times must increase"},
    {"key-hold-negative", DocumentKind::Shot, 7, 15, Severity::Error,
     "\"hold\" -2 is negative; expected a number >= 0"},
    {"key-hold-past-next-key", DocumentKind::Shot, 7, 15, Severity::Error,
     "\"hold\" 12.5 keeps the camera here until 12.5 s, after the next key's \"time\" 10"},
    {"key-missing-position", DocumentKind::Shot, 11, 5, Severity::Error,
     "missing required field \"position\" in a key"},
    {"position-not-array", DocumentKind::Shot, 13, 19, Severity::Error,
     "\"position\" must be an object {\"lon\", \"lat\", \"alt\"}, not an array"},
    {"position-lat-out-of-range", DocumentKind::Shot, 13, 41, Severity::Error,
     "\"lat\" 91.5 is outside -90..90"},
    {"position-lon-out-of-range", DocumentKind::Shot, 13, 28, Severity::Error,
     "\"lon\" 203.9 is outside -180..180"},
    {"position-missing-alt", DocumentKind::Shot, 13, 19, Severity::Error,
     "missing required field \"alt\" in the position"},
    {"position-alt-too-high", DocumentKind::Shot, 13, 54, Severity::Error,
     "\"alt\" 3000000.0 is outside -500..2000000 metres"},
    {"position-alt-too-low", DocumentKind::Shot, 13, 54, Severity::Error,
     "\"alt\" -1000 is outside -500..2000000 metres"},
    {"key-missing-heading", DocumentKind::Shot, 11, 5, Severity::Error,
     "missing required field \"heading\" in a key without a \"target\""},
    {"key-missing-pitch", DocumentKind::Shot, 11, 5, Severity::Error,
     "missing required field \"pitch\" in a key without a \"target\""},
    {"key-heading-not-number", DocumentKind::Shot, 14, 18, Severity::Error,
     "\"heading\" must be a number, not a string"},
    {"key-pitch-out-of-range", DocumentKind::Shot, 15, 16, Severity::Error,
     "\"pitch\" -95 is outside -90..90"},
    {"key-roll-out-of-range", DocumentKind::Shot, 16, 15, Severity::Error,
     "\"roll\" 270 is outside -180..180"},
    {"target-not-object", DocumentKind::Shot, 14, 17, Severity::Error,
     "\"target\" must be an object {\"lon\", \"lat\", \"alt\"} or {\"unit\"}, not a string"},
    {"target-point-and-unit", DocumentKind::Shot, 14, 53, Severity::Error,
     "a \"target\" is a point {\"lon\", \"lat\", \"alt\"} or a unit {\"unit\"}, not both"},
    {"target-empty", DocumentKind::Shot, 14, 17, Severity::Error,
     "a \"target\" needs \"lon\" and \"lat\" (a point) or \"unit\" (a unit of the replay)"},
    {"target-missing-lat", DocumentKind::Shot, 14, 17, Severity::Error,
     "missing required field \"lat\" in the target"},
    {"target-unit-empty", DocumentKind::Shot, 14, 27, Severity::Error,
     "\"unit\" is empty"},
    {"target-unit-not-string", DocumentKind::Shot, 14, 27, Severity::Error,
     "\"unit\" must be a string, not a number"},
    {"target-unknown-unit", DocumentKind::Shot, 15, 27, Severity::Error,
     "unknown unit \"kop-bat\"; expected one of kop-orlik, kop-batt or su-52"},
    {"key-fov-zero", DocumentKind::Shot, 16, 14, Severity::Error,
     "\"fov\" 0 is not a field of view; expected more than 0 and at most 120 degrees"},
    {"key-fov-too-wide", DocumentKind::Shot, 16, 14, Severity::Error,
     "\"fov\" 150.0 is not a field of view; expected more than 0 and at most 120 degrees"},
    {"key-campaign-time-bad", DocumentKind::Shot, 16, 23, Severity::Error,
     "bad \"campaignTime\": day 31 is out of range in '1939-09-31T12:00:00Z' (September 1939 has 30 days)"},
    {"key-campaign-time-not-string", DocumentKind::Shot, 16, 23, Severity::Error,
     "\"campaignTime\" must be a string, not a number"},
    {"key-bad-ease", DocumentKind::Shot, 16, 15, Severity::Error,
     "unknown \"ease\" \"ease-in\"; expected one of none, in, out or in-out"},
    {"key-title-not-string", DocumentKind::Shot, 16, 16, Severity::Error,
     "\"title\" must be a string, not null"},
    {"key-subtitle-not-string", DocumentKind::Shot, 16, 19, Severity::Error,
     "\"subtitle\" must be a string, not a boolean"},
    {"warn-duplicate-key", DocumentKind::Shot, 16, 7, Severity::Warning,
     "duplicate key \"pitch\"; the last value is used"},
    {"warn-target-with-heading", DocumentKind::Shot, 14, 18, Severity::Warning,
     "\"heading\" is ignored: the key looks at its \"target\""},
    {"warn-target-with-pitch", DocumentKind::Shot, 15, 16, Severity::Warning,
     "\"pitch\" is ignored: the key looks at its \"target\""},
    {"warn-position-outside-terrain", DocumentKind::Shot, 13, 28, Severity::Warning,
     "lon 35.5, lat 51.5 is outside the terrain (lon 12..34, lat 45..58)"},
    {"warn-target-outside-terrain", DocumentKind::Shot, 14, 26, Severity::Warning,
     "lon 24, lat 59.25 is outside the terrain (lon 12..34, lat 45..58)"},
    {"warn-campaign-time-without-zone", DocumentKind::Shot, 16, 23, Severity::Warning,
     "\"campaignTime\" \"1939-09-28T05:00\" has no time zone; read as UTC (write Z or an offset such as +02:00)"},
    {"warn-campaign-time-backwards", DocumentKind::Shot, 17, 23, Severity::Warning,
     "\"campaignTime\" 1939-09-28T04:00:00Z is before the previous key's 1939-09-28T06:00:00+01:00; the replay runs backwards between them"},
    {"warn-campaign-time-outside-replay", DocumentKind::Shot, 17, 23, Severity::Warning,
     "\"campaignTime\" 1939-10-05T12:00:00Z is outside the replay's span (1939-09-27T00:00:00Z to 1939-09-29T23:00:00Z)"},
    {"warn-first-key-not-at-zero", DocumentKind::Shot, 6, 15, Severity::Warning,
     "\"time\" 1.5 of the first key is not 0; the camera waits at it until then"},
    {"warn-ease-in-first-key", DocumentKind::Shot, 10, 15, Severity::Warning,
     "\"ease\" \"in-out\" eases into the first key, which the camera does not arrive at"},
    {"warn-ease-out-last-key", DocumentKind::Shot, 16, 15, Severity::Warning,
     "\"ease\" \"out\" eases out of the last key, which the camera does not leave"},
    {"deck-not-an-object", DocumentKind::Deck, 1, 1, Severity::Error,
     "a deck must be a JSON object, not a string"},
    {"deck-newer-version", DocumentKind::Deck, 2, 14, Severity::Error,
     "deck format version 3 is not supported; this kresy reads version 1"},
    {"deck-missing-title", DocumentKind::Deck, 1, 1, Severity::Error,
     "missing required field \"title\" in the deck"},
    {"deck-missing-bookmarks", DocumentKind::Deck, 1, 1, Severity::Error,
     "missing required field \"bookmarks\" in the deck"},
    {"deck-missing-bookmarks-in-a-shot", DocumentKind::Deck, 1, 1, Severity::Error,
     "missing required field \"bookmarks\" in the deck; this looks like a shot"},
    {"deck-bookmarks-empty", DocumentKind::Deck, 4, 16, Severity::Error,
     "\"bookmarks\" is empty; a deck needs at least one bookmark"},
    {"deck-bookmark-not-object", DocumentKind::Deck, 12, 5, Severity::Error,
     "a bookmark must be an object, not a string"},
    {"deck-bookmark-missing-title", DocumentKind::Deck, 5, 5, Severity::Error,
     "missing required field \"title\" in a bookmark"},
    {"deck-bookmark-subtitle-not-string", DocumentKind::Deck, 7, 19, Severity::Error,
     "\"subtitle\" must be a string, not a number"},
    {"deck-bookmark-missing-time", DocumentKind::Deck, 5, 5, Severity::Error,
     "missing required field \"time\" in a bookmark"},
    {"deck-bookmark-bad-time", DocumentKind::Deck, 7, 15, Severity::Error,
     "bad \"time\": expected an ISO-8601 date such as 1939-09-17T04:00:00Z, got '28 September 1939'"},
    {"deck-bookmark-missing-camera", DocumentKind::Deck, 5, 5, Severity::Error,
     "missing required field \"camera\" in a bookmark"},
    {"deck-camera-not-object", DocumentKind::Deck, 8, 17, Severity::Error,
     "\"camera\" must be an object {\"lon\", \"lat\", \"alt\", \"heading\", \"pitch\", \"roll\", \"fov\"}, not an array"},
    {"deck-camera-missing-pitch", DocumentKind::Deck, 8, 17, Severity::Error,
     "missing required field \"pitch\" in the camera"},
    {"deck-camera-pitch-out-of-range", DocumentKind::Deck, 8, 84, Severity::Error,
     "\"pitch\" -120 is outside -90..90"},
    {"deck-camera-alt-not-number", DocumentKind::Deck, 8, 54, Severity::Error,
     "\"alt\" must be a number, not a string"},
    {"deck-camera-fov-too-wide", DocumentKind::Deck, 8, 96, Severity::Error,
     "\"fov\" 179 is not a field of view; expected more than 0 and at most 120 degrees"},
    {"deck-camera-roll-out-of-range", DocumentKind::Deck, 8, 97, Severity::Error,
     "\"roll\" -181 is outside -180..180"},
    {"deck-layers-not-array", DocumentKind::Deck, 9, 17, Severity::Error,
     "\"layers\" must be an array, not a string"},
    {"deck-layer-not-string", DocumentKind::Deck, 9, 27, Severity::Error,
     "a layer must be a string, not an object"},
    {"deck-layer-empty", DocumentKind::Deck, 9, 27, Severity::Error,
     "a layer name is empty"},
    {"deck-unit-empty", DocumentKind::Deck, 10, 15, Severity::Error,
     "\"unit\" is empty"},
    {"deck-unknown-unit", DocumentKind::Deck, 11, 15, Severity::Error,
     "unknown unit \"kop-orlk\"; expected one of kop-orlik, kop-batt or su-52"},
    {"deck-warn-duplicate-layer", DocumentKind::Deck, 9, 37, Severity::Warning,
     "layer \"units\" is listed twice"},
    {"deck-warn-camera-outside-terrain", DocumentKind::Deck, 8, 26, Severity::Warning,
     "lon 11.5, lat 51.45 is outside the terrain (lon 12..34, lat 45..58)"},
    {"deck-warn-time-without-zone", DocumentKind::Deck, 7, 15, Severity::Warning,
     "\"time\" \"1939-09-28\" has no time zone; read as UTC (write Z or an offset such as +02:00)"},
    {"deck-warn-time-outside-replay", DocumentKind::Deck, 8, 15, Severity::Warning,
     "\"time\" 1939-09-17T04:00:00+02:00 is outside the replay's span (1939-09-27T00:00:00Z to 1939-09-29T23:00:00Z)"},
};

// The replay a file names in "replay", relative to the file; null when it names none.
std::optional<Replay> namedReplay(const std::string& path) {
    const Json doc = Json::parse(readTestFile(path), nullptr, false);
    if (!doc.is_object() || !doc.contains("replay") || !doc["replay"].is_string() || doc["replay"] == "")
        return std::nullopt;
    const std::string replayPath = shotReplayPath(path, doc["replay"].get<std::string>());
    Replay replay;
    std::vector<Diagnostic> diagnostics;
    EXPECT_TRUE(loadReplay(replayPath, nullptr, &replay, &diagnostics)) << replayPath;
    return replay;
}

std::vector<Diagnostic> check(const std::string& path, DocumentKind kind, bool* ok) {
    const std::optional<Replay> replay = namedReplay(path);
    const Replay* r = replay ? &*replay : nullptr;
    std::vector<Diagnostic> diagnostics;
    if (kind == DocumentKind::Deck) {
        Deck deck;
        *ok = loadDeck(path, &kTerrain, &deck, &diagnostics, r);
    } else {
        Shot shot;
        *ok = loadShot(path, &kTerrain, &shot, &diagnostics, r);
    }
    return diagnostics;
}

class BadFiles : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadFiles, ReportsTheProblemWhereItIs) {
    const BadFile& expected = GetParam();
    const std::string path = shotTestPath("bad/" + std::string(expected.name) + ".json");
    bool ok = false;
    const std::vector<Diagnostic> diagnostics = check(path, expected.kind, &ok);
    expectTheProblem(path, diagnostics, ok, expected.problem);
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadFiles, ::testing::ValuesIn(kBadFiles),
                         [](const auto& p) { return corpusTestName(p.param.name); });

TEST(BadFilesCorpus, EveryFileHasAnExpectation) {
    std::set<std::string> expected;
    for (const BadFile& b : kBadFiles)
        expected.insert(b.name);
    EXPECT_EQ(fileStems(shotTestPath("bad")), expected);
}

// `kresy check` picks the parser by detectDocumentKind: broken files still go to the right one,
// except where what the file was meant to be cannot be told.
TEST(BadFilesCorpus, TheKindOfEachFileIsDetected) {
    const std::map<std::string, DocumentKind> exceptions = {
        {"not-an-object", DocumentKind::Unknown},
        {"deck-not-an-object", DocumentKind::Unknown},
        {"keys-missing", DocumentKind::Unknown},          // no "keys": nothing says it is a shot
        {"deck-missing-bookmarks", DocumentKind::Unknown},
        {"keys-missing-in-a-deck", DocumentKind::Deck},   // a deck read as a shot on purpose
        {"deck-missing-bookmarks-in-a-shot", DocumentKind::Shot},
    };
    for (const BadFile& b : kBadFiles) {
        const auto exception = exceptions.find(b.name);
        const DocumentKind expected = exception == exceptions.end() ? b.kind : exception->second;
        EXPECT_EQ(detectDocumentKind(readTestFile(shotTestPath("bad/" + std::string(b.name) + ".json"))), expected)
            << b.name;
    }
}

TEST(BadFilesCorpus, WithoutTerrainBoundsOutsideIsFine) {
    Shot shot;
    std::vector<Diagnostic> diagnostics;
    const std::string text = readTestFile(shotTestPath("bad/warn-position-outside-terrain.json"));
    EXPECT_TRUE(parseShot(text, "x.json", nullptr, &shot, &diagnostics));
    EXPECT_TRUE(diagnostics.empty());
    EXPECT_EQ(shot.keys[1].position.lon, 35.5);
}

TEST(BadFilesCorpus, WithoutTheReplayAnyUnitIdIsAccepted) {
    Deck deck;
    std::vector<Diagnostic> diagnostics;
    const std::string text = readTestFile(shotTestPath("bad/deck-unknown-unit.json"));
    EXPECT_TRUE(parseDeck(text, "x.json", &kTerrain, &deck, &diagnostics));
    EXPECT_TRUE(diagnostics.empty());
    EXPECT_EQ(deck.bookmarks[0].unit, "kop-orlk");
}

// One file with many problems: all are reported, in the order of their positions.
TEST(BadFilesCorpus, ReportsEveryProblemInOrder) {
    const std::string text = R"({
  "version": 1, "title": 5, "replay": "",
  "keys": [
    { "time": 3, "hold": 9, "position": { "lon": 200, "lat": 52, "alt": 10 }, "pitch": -100, "ease": "in" },
    { "time": 8, "position": [], "target": {}, "heading": 1, "fov": 0, "campaignTime": "1939" },
    7
  ]
})";
    Shot shot;
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(parseShot(text, "many.json", &kTerrain, &shot, &diagnostics));
    std::vector<std::string> positions;
    for (const Diagnostic& d : diagnostics)
        positions.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) +
                            (d.severity == Severity::Error ? " e" : " w"));
    const std::vector<std::string> expected = {
        "2:26 e", "2:39 e",                                         // title, replay
        "4:5 e", "4:15 w", "4:26 e", "4:50 e", "4:88 e", "4:102 w", // heading, time, hold, lon, pitch, ease
        "5:30 e", "5:44 e", "5:59 w", "5:69 e", "5:88 e",           // position, target, heading, fov, time
        "6:5 e"};                                                   // not a key
    EXPECT_EQ(positions, expected);
}

} // namespace
} // namespace kresy
