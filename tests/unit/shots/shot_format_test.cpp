// The shot and deck formats: reading valid files, writing them back, and round trips of values
// built in code.

#include "replays/replay_io.h"
#include "scene/shot_io.h"
#include "test_files.h"

#include <gtest/gtest.h>

namespace kresy {
namespace {

constexpr LonLatBox kTerrain{12, 45, 34, 58};

Time utc(int year, int month, int day, int hour, int minute = 0, double second = 0) {
    return double(daysFromCivil(year, month, day)) * 86400.0 + hour * 3600.0 + minute * 60.0 + second;
}

std::string shown(const std::vector<Diagnostic>& diagnostics) {
    std::string s;
    for (const Diagnostic& d : diagnostics)
        s += formatDiagnostic(d) + "\n";
    return s;
}

Shot parseShotOrFail(const std::string& text, const Replay* replay = nullptr) {
    Shot shot;
    std::vector<Diagnostic> diagnostics;
    EXPECT_TRUE(parseShot(text, "test.json", &kTerrain, &shot, &diagnostics, replay)) << shown(diagnostics);
    EXPECT_TRUE(diagnostics.empty()) << shown(diagnostics);
    return shot;
}

Deck parseDeckOrFail(const std::string& text, const Replay* replay = nullptr) {
    Deck deck;
    std::vector<Diagnostic> diagnostics;
    EXPECT_TRUE(parseDeck(text, "test.json", &kTerrain, &deck, &diagnostics, replay)) << shown(diagnostics);
    EXPECT_TRUE(diagnostics.empty()) << shown(diagnostics);
    return deck;
}

Shot goodShot() { return parseShotOrFail(readTestFile(shotTestPath("good/shot.json"))); }
Deck goodDeck() { return parseDeckOrFail(readTestFile(shotTestPath("good/deck.json"))); }

Replay loadReplayOrFail(const std::string& path) {
    Replay replay;
    std::vector<Diagnostic> diagnostics;
    EXPECT_TRUE(loadReplay(path, nullptr, &replay, &diagnostics)) << shown(diagnostics);
    return replay;
}

TEST(ShotFormat, ReadsEveryField) {
    const Shot s = goodShot();
    EXPECT_EQ(s.version, 1);
    EXPECT_EQ(s.title, "Szack, 28 September 1939");
    EXPECT_TRUE(s.description);
    EXPECT_EQ(s.replay, "../replay.json");
    ASSERT_EQ(s.keys.size(), 4u);
    EXPECT_DOUBLE_EQ(shotDuration(s), 30);

    const ShotKey& k0 = s.keys[0];
    EXPECT_EQ(k0.time, 0);
    EXPECT_EQ(k0.hold, 2.5);
    EXPECT_EQ(k0.position.lon, 23.6);
    EXPECT_EQ(k0.position.lat, 51.3);
    EXPECT_EQ(k0.position.alt, 12000);
    EXPECT_EQ(k0.headingDeg, 30);
    EXPECT_EQ(k0.pitchDeg, -35);
    EXPECT_EQ(k0.rollDeg, 0);
    EXPECT_EQ(k0.fovDeg, 45);
    EXPECT_FALSE(k0.target);
    ASSERT_TRUE(k0.campaignTime);
    EXPECT_EQ(k0.campaignTime->time, utc(1939, 9, 27, 4)); // 06:00 at +02:00
    EXPECT_EQ(k0.campaignTime->text, "1939-09-27T06:00:00+02:00");
    EXPECT_FALSE(k0.easeIn);
    EXPECT_TRUE(k0.easeOut);
    EXPECT_EQ(k0.title, "Szack");
    EXPECT_EQ(k0.subtitle, "28 September 1939");

    const ShotKey& k1 = s.keys[1];
    EXPECT_EQ(k1.hold, 0);
    ASSERT_TRUE(k1.target && k1.target->point);
    EXPECT_TRUE(k1.target->onGround);
    EXPECT_EQ(k1.target->point->lon, 23.93);
    EXPECT_FALSE(k1.target->unit);
    EXPECT_EQ(k1.rollDeg, -5);
    EXPECT_EQ(k1.fovDeg, 35);
    EXPECT_FALSE(k1.easeIn || k1.easeOut);

    const ShotKey& k2 = s.keys[2];
    ASSERT_TRUE(k2.target);
    EXPECT_EQ(k2.target->unit, "kop-batt");
    EXPECT_FALSE(k2.target->point);
    EXPECT_EQ(k2.campaignTime->time, utc(1939, 9, 28, 12, 0, 0.5));
    EXPECT_TRUE(k2.easeIn && k2.easeOut);

    const ShotKey& k3 = s.keys[3];
    EXPECT_FALSE(k3.target->onGround);
    EXPECT_EQ(k3.target->point->alt, 180);
    EXPECT_TRUE(k3.easeIn);
    EXPECT_FALSE(k3.easeOut);
    EXPECT_FALSE(k3.campaignTime);
    EXPECT_FALSE(k3.subtitle);
}

TEST(DeckFormat, ReadsEveryField) {
    const Deck d = goodDeck();
    EXPECT_EQ(d.title, "Lecture 7: the Soviet invasion");
    ASSERT_EQ(d.bookmarks.size(), 2u);
    const Bookmark& b0 = d.bookmarks[0];
    EXPECT_EQ(b0.subtitle, "The corps turns to fight");
    EXPECT_EQ(b0.time.time, utc(1939, 9, 28, 4));
    EXPECT_EQ(b0.position.alt, 3500);
    EXPECT_EQ(b0.headingDeg, 45);
    EXPECT_EQ(b0.fovDeg, 45);
    EXPECT_EQ(b0.layers, (std::vector<std::string>{"units", "events", "labels"}));
    EXPECT_EQ(b0.unit, "kop-orlik");
    const Bookmark& b1 = d.bookmarks[1];
    EXPECT_FALSE(b1.subtitle);
    EXPECT_EQ(b1.headingDeg, 200.5);
    EXPECT_EQ(b1.rollDeg, 3);
    EXPECT_EQ(b1.fovDeg, 60);
    ASSERT_TRUE(b1.layers);
    EXPECT_TRUE(b1.layers->empty()); // none shown, unlike an absent list (all shown)
    EXPECT_FALSE(b1.unit);
}

TEST(ShotFormat, UnknownFieldsAreKeptPerObjectInOrder) {
    const Shot s = goodShot();
    EXPECT_EQ(s.extra.dump(), R"({"x-editor":{"by":"test","revision":2}})");
    EXPECT_EQ(s.keys[0].extra.dump(), R"({"x-note":"establishing shot"})");
    EXPECT_EQ(s.keys[0].positionExtra.dump(), R"({"datum":"WGS84"})");
    EXPECT_EQ(s.keys[1].extra.dump(), "{}");
    EXPECT_EQ(s.keys[2].target->extra.dump(), R"({"offset":[0,0,50]})");
    const Deck d = goodDeck();
    EXPECT_EQ(d.extra.dump(), R"({"x-course":"HIST 204"})");
    EXPECT_EQ(d.bookmarks[0].extra.dump(), R"({"x-slide":12})");
    EXPECT_EQ(d.bookmarks[1].cameraExtra.dump(), R"({"lens":"wide"})");
}

TEST(ShotFormat, ReadWriteReadIsIdentical) {
    const Shot first = goodShot();
    const std::string written = writeShot(first);
    const Shot second = parseShotOrFail(written);
    EXPECT_TRUE(first == second) << written;
    EXPECT_EQ(writeShot(second), written); // writing is stable
    const Deck deck = goodDeck();
    const std::string deckText = writeDeck(deck);
    EXPECT_TRUE(parseDeckOrFail(deckText) == deck) << deckText;
    EXPECT_EQ(writeDeck(parseDeckOrFail(deckText)), deckText);
}

TEST(ShotFormat, WritingKeepsOffsetsInTimes) {
    const std::string shot = writeShot(goodShot());
    EXPECT_NE(shot.find(R"("campaignTime": "1939-09-27T06:00:00+02:00")"), std::string::npos) << shot;
    EXPECT_NE(shot.find(R"("campaignTime": "1939-09-28T12:00:00.5Z")"), std::string::npos) << shot;
    const std::string deck = writeDeck(goodDeck());
    EXPECT_NE(deck.find(R"("time": "1939-09-28T05:00:00+01:00")"), std::string::npos) << deck;
}

TEST(ShotFormat, WritesASmallShotExactly) {
    Shot s;
    s.title = "T";
    ShotKey a;
    a.hold = 1.5;
    a.position = {52.25, 24, 3000};
    a.headingDeg = 90;
    a.pitchDeg = -20;
    a.campaignTime = Timestamp{utc(1939, 9, 17, 4), "1939-09-17T06:00+02:00"};
    a.easeOut = true;
    a.extra["note"] = "x";
    ShotKey b;
    b.time = 10;
    b.position = {52.5, 24.5, 500};
    b.target = ShotTarget{};
    b.target->unit = "a";
    b.fovDeg = 30;
    b.title = "Here";
    s.keys = {a, b};
    s.extra["z"] = 1;
    const std::string written = writeShot(s);
    EXPECT_EQ(written, R"({
  "version": 1,
  "title": "T",
  "keys": [
    {
      "time": 0,
      "hold": 1.5,
      "position": { "lon": 24, "lat": 52.25, "alt": 3000 },
      "heading": 90,
      "pitch": -20,
      "campaignTime": "1939-09-17T06:00+02:00",
      "ease": "out",
      "note": "x"
    },
    {
      "time": 10,
      "position": { "lon": 24.5, "lat": 52.5, "alt": 500 },
      "target": { "unit": "a" },
      "fov": 30,
      "title": "Here"
    }
  ],
  "z": 1
}
)");
    EXPECT_TRUE(parseShotOrFail(written) == s);
}

TEST(DeckFormat, WritesASmallDeckExactly) {
    Deck d;
    d.title = "D";
    Bookmark b;
    b.title = "B";
    b.time.time = utc(1939, 9, 17, 4); // no text: written in UTC
    b.position = {52, 24, 1000};
    b.layers = std::vector<std::string>{"units"};
    d.bookmarks.push_back(b);
    EXPECT_EQ(writeDeck(d), R"({
  "version": 1,
  "title": "D",
  "bookmarks": [
    {
      "title": "B",
      "time": "1939-09-17T04:00:00Z",
      "camera": { "lon": 24, "lat": 52, "alt": 1000, "heading": 0, "pitch": -30 },
      "layers": ["units"]
    }
  ]
}
)");
}

// Every field set, unknown fields everywhere, offsets and fractions in times: parse(write(s)) == s.
TEST(ShotFormat, ConstructedShotsRoundTrip) {
    Shot s;
    s.title = "Über die Bug";
    s.description = "line one\nline two \"quoted\"";
    s.replay = "../replays/1939-soviet-invasion.json";
    s.extra["x-list"] = Json::array({1, "two", Json::object({{"three", 3}})});
    for (int i = 0; i < 5; ++i) {
        ShotKey k;
        k.time = i * 7.25;
        k.hold = i == 2 ? 7.25 : 0.125 * i; // key 2 holds until key 3: a cut
        k.position = {51.5 + i * 0.01, 23.9 - i * 0.3, 100.5 + i * 1000};
        k.headingDeg = -400.5 + i; // kept as written
        k.pitchDeg = -89.75;
        k.rollDeg = i == 1 ? 12.5 : 0;
        k.fovDeg = i == 3 ? 0.5 : 45;
        k.easeIn = i % 2 == 1;
        k.easeOut = i % 3 == 1;
        if (i != 4)
            k.campaignTime = Timestamp{utc(1939, 9, 28, 4 + i, 30, 0.25), ""};
        k.extra["x-i"] = i;
        k.positionExtra["x-datum"] = "WGS84";
        s.keys.push_back(k);
    }
    s.keys[0].campaignTime->text = "1939-09-28T06:30:00.25+02:00";
    s.keys[1].campaignTime->text = "1939-09-28T05:30:00.25Z";
    s.keys[2].campaignTime->text = "1939-09-28 06:30:00.25Z"; // a space for 'T' is kept too
    s.keys[3].campaignTime->text = "1939-09-28T06:30:00.25-0100";
    s.keys[1].target = ShotTarget{GeoPoint{51.49, 23.93, 0}, true, std::nullopt, Json::object({{"x", 1}})};
    s.keys[2].target = ShotTarget{GeoPoint{51.49, 23.93, 152.5}, false, std::nullopt, Json::object()};
    s.keys[3].target = ShotTarget{std::nullopt, false, "pl-kop", Json::object({{"x-offset", {0, 50}}})};
    s.keys[3].title = "Wytyczno";
    s.keys[3].subtitle = "1 October 1939";
    s.keys[4].pitchDeg = -30; // the default, so nothing is written but its value is kept
    // Ignored beside a target, but kept: written back when not the defaults.
    s.keys[2].headingDeg = 10;
    Shot again;
    std::vector<Diagnostic> diagnostics;
    const std::string written = writeShot(s);
    ASSERT_TRUE(parseShot(written, "w.json", &kTerrain, &again, &diagnostics)) << shown(diagnostics) << written;
    EXPECT_FALSE(hasErrors(diagnostics)); // warnings: headings beside targets, easing at the ends
    EXPECT_TRUE(again == s) << written;
}

TEST(DeckFormat, ConstructedDecksRoundTrip) {
    Deck d;
    d.title = "D";
    d.replay = "r.json";
    for (int i = 0; i < 3; ++i) {
        Bookmark b;
        b.title = "B" + std::to_string(i);
        if (i == 1)
            b.subtitle = "sub";
        b.time = {utc(1939, 9, 17 + i, 12, 0, 0.5), "1939-09-1" + std::to_string(7 + i) + "T13:00:00.5+01:00"};
        b.position = {52.0 + i, 24.0 - i, 1000.25};
        b.headingDeg = 359.5;
        b.pitchDeg = 90;
        b.rollDeg = i == 2 ? -180 : 0;
        b.fovDeg = i == 2 ? 120 : 45;
        if (i > 0)
            b.layers = i == 1 ? std::vector<std::string>{} : std::vector<std::string>{"units", "symbols"};
        if (i == 2)
            b.unit = "pl-kop";
        b.cameraExtra["x-lens"] = i;
        b.extra["x-notes"] = Json::array({"a", "b"});
        d.bookmarks.push_back(b);
    }
    d.extra["x"] = nullptr;
    const std::string written = writeDeck(d);
    EXPECT_TRUE(parseDeckOrFail(written) == d) << written;
}

TEST(ShotFormat, TimesChangedInCodeAreWrittenInUtc) {
    Shot s = goodShot();
    s.keys[0].campaignTime->time += 3600; // the text still says 06:00+02:00
    const std::string written = writeShot(s);
    EXPECT_NE(written.find(R"("campaignTime": "1939-09-27T05:00:00Z")"), std::string::npos) << written;
    EXPECT_EQ(parseShotOrFail(written).keys[0].campaignTime->time, s.keys[0].campaignTime->time);
}

TEST(ShotFormat, AbsentOptionalFieldsStayAbsent) {
    const std::string written = writeShot(goodShot());
    EXPECT_NE(written.find(R"("target": { "lon": 23.93, "lat": 51.49 },)"), std::string::npos) << written;
    EXPECT_EQ(written.find(R"("fov": 45)"), std::string::npos) << written;
    EXPECT_EQ(written.find(R"("hold": 0)"), std::string::npos) << written;
    EXPECT_EQ(written.find(R"("ease": "none")"), std::string::npos) << written;
    // A key with a target has no heading or pitch unless they were given.
    EXPECT_EQ(written.find(R"("pitch": -30)"), std::string::npos) << written;
}

TEST(ShotFormat, EaseNoneIsTheDefault) {
    std::string text = readTestFile(shotTestPath("good/shot.json"));
    text.replace(text.find(R"("ease": "in")"), 12, R"("ease": "none")");
    const Shot s = parseShotOrFail(text);
    EXPECT_FALSE(s.keys[3].easeIn || s.keys[3].easeOut);
}

// With the replay the files name, unit ids and campaign times are checked against it.
TEST(ShotFormat, TheGoodFilesAgreeWithTheirReplay) {
    const Replay replay = loadReplayOrFail(shotTestPath("replay.json"));
    parseShotOrFail(readTestFile(shotTestPath("good/shot.json")), &replay);
    parseDeckOrFail(readTestFile(shotTestPath("good/deck.json")), &replay);
}

TEST(ShotFormat, LoadReportsAMissingFile) {
    Shot s;
    Deck d;
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(loadShot("/nonexistent/x.json", nullptr, &s, &diagnostics));
    EXPECT_FALSE(loadDeck("/nonexistent/y.json", nullptr, &d, &diagnostics));
    ASSERT_EQ(diagnostics.size(), 2u);
    EXPECT_EQ(formatDiagnostic(diagnostics[0]), "/nonexistent/x.json: error: cannot read the file: No such file or directory");
    EXPECT_EQ(formatDiagnostic(diagnostics[1]), "/nonexistent/y.json: error: cannot read the file: No such file or directory");
}

TEST(ShotFormat, AFailedParseLeavesTheOutputAlone) {
    Shot s;
    s.title = "untouched";
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(parseShot(R"({"version": 1, "title": "x", "keys": []})", "x.json", nullptr, &s, &diagnostics));
    EXPECT_EQ(s.title, "untouched");
}

// The ```json blocks of docs/shot-format.md: the shot, then the deck, both valid against the
// campaign they name (the examples live in data/shots/).
TEST(ShotFormat, TheDocumentedExamplesAreValid) {
    const std::string doc = readTestFile(std::string(KRESY_TESTS_DIR) + "/../docs/shot-format.md");
    std::vector<std::string> blocks;
    for (size_t at = doc.find("```json\n"); at != std::string::npos; at = doc.find("```json\n", at)) {
        const size_t end = doc.find("```", at + 8);
        blocks.push_back(doc.substr(at + 8, end - at - 8));
        at = end + 3;
    }
    ASSERT_GE(blocks.size(), 2u);
    const Replay campaign =
        loadReplayOrFail(std::string(KRESY_TESTS_DIR) + "/../data/replays/1939-soviet-invasion.json");
    const Shot shot = parseShotOrFail(blocks[0], &campaign);
    EXPECT_EQ(shot.replay, "../replays/1939-soviet-invasion.json");
    const Deck deck = parseDeckOrFail(blocks[1], &campaign);
    EXPECT_EQ(deck.replay, "../replays/1939-soviet-invasion.json");
    EXPECT_EQ(detectDocumentKind(blocks[0]), DocumentKind::Shot);
    EXPECT_EQ(detectDocumentKind(blocks[1]), DocumentKind::Deck);
}

// The schema is written by hand; it must ask for what the reader asks for.
TEST(ShotFormat, TheSchemaAgreesWithTheReader) {
    const Json schema = Json::parse(readTestFile(std::string(KRESY_TESTS_DIR) + "/../docs/shot.schema.json"));
    const Json& defs = schema["$defs"];
    EXPECT_EQ(defs["key"]["properties"]["ease"]["enum"], Json::array({"none", "in", "out", "in-out"}));
    EXPECT_EQ(defs["shot"]["properties"]["version"]["const"], kShotVersion);
    EXPECT_EQ(defs["deck"]["properties"]["version"]["const"], kShotVersion);
    // Each field the schema requires is required by the reader: removing it from a good file is an error.
    const Json shot = Json::parse(readTestFile(shotTestPath("good/shot.json")));
    const Json deck = Json::parse(readTestFile(shotTestPath("good/deck.json")));
    const struct {
        const char* def;
        bool isShot;
        std::vector<std::string> path; // to the object in the good file
    } objects[] = {{"shot", true, {}},  {"key", true, {"keys", "1"}},   {"position", true, {"keys", "1", "position"}},
                   {"deck", false, {}}, {"bookmark", false, {"bookmarks", "0"}},
                   {"camera", false, {"bookmarks", "0", "camera"}}};
    for (const auto& o : objects) {
        ASSERT_TRUE(defs[o.def]["required"].is_array()) << o.def;
        for (const Json& field : defs[o.def]["required"]) {
            Json doc = o.isShot ? shot : deck;
            std::string pointer;
            for (const std::string& p : o.path)
                pointer += "/" + p;
            doc[Json::json_pointer(pointer)].erase(field.get<std::string>());
            std::vector<Diagnostic> diagnostics;
            Shot s;
            Deck d;
            const bool ok = o.isShot ? parseShot(doc.dump(), "x", nullptr, &s, &diagnostics)
                                     : parseDeck(doc.dump(), "x", nullptr, &d, &diagnostics);
            EXPECT_FALSE(ok) << o.def << "." << field;
        }
    }
}

} // namespace
} // namespace kresy
