// The replay model, reading a valid file and writing it back.

#include "replays/replay_io.h"
#include "test_files.h"

#include <gtest/gtest.h>

namespace kresy {
namespace {

Time utc(int year, int month, int day, int hour, int minute = 0, double second = 0) {
    return double(daysFromCivil(year, month, day)) * 86400.0 + hour * 3600.0 + minute * 60.0 + second;
}

Replay parseOrFail(const std::string& text, const std::string& path = "test.json") {
    Replay replay;
    std::vector<Diagnostic> diagnostics;
    const bool ok = parseReplay(text, path, nullptr, &replay, &diagnostics);
    std::string shown;
    for (const Diagnostic& d : diagnostics)
        shown += formatDiagnostic(d) + "\n";
    EXPECT_TRUE(ok) << shown;
    EXPECT_TRUE(diagnostics.empty()) << shown;
    return replay;
}

Replay fullReplay() { return parseOrFail(readTestFile(replayTestPath("good/full.json")), "full.json"); }

TEST(ReplayFormat, ReadsEveryField) {
    const Replay r = fullReplay();
    EXPECT_EQ(r.version, 1);
    EXPECT_EQ(r.metadata.title, "Szack, 28 September 1939");
    ASSERT_TRUE(r.metadata.span);
    EXPECT_EQ(r.metadata.span->end.time, utc(1939, 9, 29, 23));
    ASSERT_EQ(r.metadata.sources.size(), 2u);
    EXPECT_EQ(r.metadata.sources[1].url, "https://en.wikipedia.org/wiki/Battle_of_Szack");
    EXPECT_FALSE(r.metadata.sources[0].url);

    ASSERT_EQ(r.sides.size(), 2u);
    EXPECT_EQ(r.sides[0].colour, 0x3a6fd8u);
    EXPECT_EQ(r.sides[1].affiliation, Affiliation::Hostile);

    ASSERT_EQ(r.units.size(), 3u);
    const Unit& kop = r.units[0];
    EXPECT_EQ(kop.type, UnitType::BorderGuard);
    EXPECT_EQ(kop.echelon, Echelon::Corps);
    EXPECT_EQ(kop.commander, "Wilhelm Orlik-Rückemann");
    EXPECT_FALSE(kop.parent);
    EXPECT_EQ(r.units[1].parent, "kop-orlik");
    EXPECT_EQ(r.units[1].model, "../../../../data/models/Cesium_Man.glb");
    EXPECT_EQ(r.units[1].modelHeading, -90.0);
    ASSERT_EQ(kop.track.size(), 3u);
    EXPECT_EQ(kop.track[0].time.time, utc(1939, 9, 27, 4)); // 06:00 at +02:00
    EXPECT_EQ(kop.track[0].status, UnitStatus::Moving);
    EXPECT_EQ(kop.track[0].strength, 8700.0);
    EXPECT_EQ(kop.track[0].uncertaintyKm, 10.0);
    EXPECT_EQ(kop.track[0].source, "wiki-szack");
    EXPECT_FALSE(kop.track[2].status); // absent: carried over when sampled
    EXPECT_EQ(kop.track[2].time.time, utc(1939, 9, 29, 8, 30, 0.5));
    EXPECT_EQ(kop.track[2].uncertaintyKm, 0.0);

    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_EQ(r.events[0].kind, EventKind::Battle);
    EXPECT_EQ(r.events[0].sources, (std::vector<std::string>{"wiki-szack", "meltyukhov2001"}));
    EXPECT_TRUE(r.events[0].sourceList);
    EXPECT_EQ(r.events[0].place.name, "Szack");
    EXPECT_EQ(r.events[1].sources, std::vector<std::string>{"meltyukhov2001"});
    EXPECT_FALSE(r.events[1].sourceList);
    EXPECT_FALSE(r.events[1].end);
    EXPECT_EQ(eventEnd(r.events[1]), r.events[1].start.time);
    EXPECT_EQ(waypointCount(r), 6u);
}

TEST(ReplayFormat, UnknownFieldsAreKeptPerObjectInOrder) {
    const Replay r = fullReplay();
    EXPECT_EQ(r.extra.dump(), R"({"x-editor":{"by":"test","revision":3},"notes":["a","b"]})");
    EXPECT_EQ(r.metadata.extra.dump(), R"({"licence":"CC BY 4.0"})");
    EXPECT_EQ(r.metadata.span->extra.dump(), R"({"note":"approximate"})");
    EXPECT_EQ(r.metadata.sources[0].extra.dump(), R"({"pages":[212,214]})");
    EXPECT_EQ(r.sides[0].extra.dump(), R"({"short":"PL"})");
    EXPECT_EQ(r.sides[1].extra.dump(), "{}");
    EXPECT_EQ(r.units[0].extra.dump(), R"({"wikidata":"Q123"})");
    EXPECT_EQ(r.units[0].track[0].extra.dump(), R"({"note":{"confidence":"low"}})");
    EXPECT_EQ(r.events[0].extra.dump(), R"({"casualties":{"pl":null,"su":1000}})");
    EXPECT_EQ(r.events[0].place.extra.dump(), R"({"admin":"Volhynia"})");
}

TEST(ReplayFormat, ReadWriteReadIsIdentical) {
    const Replay first = fullReplay();
    const std::string written = writeReplay(first);
    const Replay second = parseOrFail(written);
    EXPECT_TRUE(first == second) << written;
    // And writing is stable: the written file is its own round trip.
    EXPECT_EQ(writeReplay(second), written);
}

TEST(ReplayFormat, WritingKeepsOffsetsInTimes) {
    const std::string written = writeReplay(fullReplay());
    EXPECT_NE(written.find(R"("time": "1939-09-27T06:00:00+02:00")"), std::string::npos) << written;
    EXPECT_NE(written.find(R"("end": "1939-09-30T00:00:00+01:00")"), std::string::npos) << written;
    EXPECT_NE(written.find(R"("time": "1939-09-29T08:30:00.5Z")"), std::string::npos) << written;
}

TEST(ReplayFormat, WritesKnownFieldsInOrderThenUnknownOnes) {
    const std::string w = writeReplay(fullReplay());
    const auto at = [&](const char* text) { return w.find(text); };
    EXPECT_LT(at("\"format\""), at("\"version\""));
    EXPECT_LT(at("\"version\""), at("\"metadata\""));
    EXPECT_LT(at("\"metadata\""), at("\"sides\""));
    EXPECT_LT(at("\"sides\""), at("\"units\""));
    EXPECT_LT(at("\"units\": ["), at("\"events\": ["));
    EXPECT_LT(at("\"events\": ["), at("\"x-editor\""));
    EXPECT_LT(at("\"x-editor\""), at("\"notes\""));
    // Whole numbers as integers, colours as written by the format.
    EXPECT_NE(at(R"("lon": 23.7,)"), std::string::npos) << w;
    EXPECT_NE(at(R"("strength": 8700,)"), std::string::npos) << w;
    // A waypoint of plain values on one line, in the documented order; one holding an object
    // (the first, with its "note") spreads over lines.
    EXPECT_NE(at(R"({ "time": "1939-09-28T12:00:00Z", "lon": 23.93, "lat": 51.49, "status": "engaged", )"
                 R"("source": "wiki-szack" })"),
              std::string::npos)
        << w;
    EXPECT_NE(at(R"("strength": 6000.5)"), std::string::npos) << w;
    EXPECT_NE(at(R"("colour": "#3a6fd8")"), std::string::npos) << w;
}

TEST(ReplayFormat, WritesASmallReplayExactly) {
    Replay r;
    r.metadata.title = "T";
    r.sides.push_back({"pl", "Poland", 0x3a6fd8, Affiliation::Friend, Json::object()});
    Unit u;
    u.id = "a";
    u.name = "A";
    u.side = "pl";
    u.type = UnitType::Cavalry;
    u.echelon = Echelon::Brigade;
    Waypoint w;
    w.time.time = utc(1939, 9, 17, 4); // no text: written in UTC
    w.lon = 24;
    w.lat = 52.25;
    w.status = UnitStatus::Halted;
    w.extra["note"] = "x";
    u.track.push_back(w);
    r.units.push_back(u);
    Event e;
    e.id = "e";
    e.kind = EventKind::Capture;
    e.title = "E";
    e.start = {utc(1939, 9, 18, 0), "1939-09-18T03:00+03:00"};
    e.place.lon = 24.5;
    e.place.lat = 52;
    e.units = {"a"};
    e.sources = {"s"};
    r.events.push_back(e);
    r.extra["z"] = 1;
    EXPECT_EQ(writeReplay(r), R"({
  "format": "kresy-replay",
  "version": 1,
  "metadata": { "title": "T" },
  "sides": [
    { "id": "pl", "name": "Poland", "colour": "#3a6fd8", "affiliation": "friend" }
  ],
  "units": [
    {
      "id": "a",
      "name": "A",
      "side": "pl",
      "type": "cavalry",
      "echelon": "brigade",
      "track": [
        { "time": "1939-09-17T04:00:00Z", "lon": 24, "lat": 52.25, "status": "halted", "note": "x" }
      ]
    }
  ],
  "events": [
    {
      "id": "e",
      "kind": "capture",
      "title": "E",
      "start": "1939-09-18T03:00+03:00",
      "place": { "lon": 24.5, "lat": 52 },
      "units": ["a"],
      "source": "s"
    }
  ],
  "z": 1
}
)");
}

TEST(ReplayFormat, TimesChangedInCodeAreWrittenInUtc) {
    Replay r = fullReplay();
    r.units[0].track[0].time.time += 3600; // the text still says 06:00+02:00
    const std::string written = writeReplay(r);
    EXPECT_NE(written.find(R"("time": "1939-09-27T05:00:00Z")"), std::string::npos) << written;
    EXPECT_TRUE(parseOrFail(written).units[0].track[0].time.time == r.units[0].track[0].time.time);
}

TEST(ReplayFormat, EnumNamesRoundTrip) {
    for (size_t i = 0; i < enumNames<UnitType>().size(); ++i) {
        UnitType t{};
        ASSERT_TRUE(parseEnum(enumName(UnitType(i)), &t));
        EXPECT_EQ(t, UnitType(i));
    }
    EXPECT_STREQ(enumName(UnitType::AntiTank), "anti-tank");
    EXPECT_STREQ(enumName(UnitType::BorderGuard), "border-guard");
    EXPECT_STREQ(enumName(EventKind::Withdrawal), "withdrawal");
    EXPECT_STREQ(enumName(UnitStatus::Disbanded), "disbanded");
    Echelon e = Echelon::Front;
    EXPECT_FALSE(parseEnum("platoon", &e));
    EXPECT_EQ(e, Echelon::Front); // untouched
}

TEST(ReplayFormat, EchelonRanksFromBattalionToFront) {
    const Echelon order[] = {Echelon::Battalion, Echelon::Regiment, Echelon::Brigade, Echelon::Division,
                             Echelon::Corps,     Echelon::Army,     Echelon::Front};
    for (size_t i = 0; i < std::size(order); ++i)
        EXPECT_EQ(echelonRank(order[i]), int(i)) << enumName(order[i]);
    EXPECT_EQ(echelonRank(Echelon::Group), echelonRank(Echelon::Corps));
}

TEST(ReplayFormat, SpanDefaultsToTheTimesInTheFile) {
    Replay r = fullReplay();
    Time start = 0, end = 0;
    ASSERT_TRUE(replaySpan(r, &start, &end));
    EXPECT_EQ(start, utc(1939, 9, 27, 0));
    r.metadata.span.reset();
    ASSERT_TRUE(replaySpan(r, &start, &end));
    EXPECT_EQ(start, utc(1939, 9, 27, 4));                  // the first waypoint
    EXPECT_EQ(end, utc(1939, 9, 29, 12));                   // the end of the battle
    EXPECT_FALSE(replaySpan(Replay{}, &start, &end));
}

TEST(ReplayFormat, AbsentOptionalFieldsStayAbsent) {
    const Replay r = fullReplay();
    const std::string written = writeReplay(r);
    // kop-batt has no status, strength, source or uncertainty: none is invented.
    EXPECT_NE(written.find(R"({ "time": "1939-09-28T00:00:00Z", "lon": 23.8, "lat": 51.55 })"), std::string::npos)
        << written;
}

TEST(ReplayFormat, LoadReportsAMissingFile) {
    Replay r;
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(loadReplay("/nonexistent/x.json", nullptr, &r, &diagnostics));
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(formatDiagnostic(diagnostics[0]),
              "/nonexistent/x.json: error: cannot read the file: No such file or directory");
}

TEST(ReplayFormat, TheDocumentedExampleIsValid) {
    const std::string doc = readTestFile(std::string(KRESY_TESTS_DIR) + "/../docs/replay-format.md");
    const size_t begin = doc.find("```json\n");
    ASSERT_NE(begin, std::string::npos);
    const size_t end = doc.find("```", begin + 8);
    const LonLatBox terrain{12, 45, 34, 58};
    Replay r;
    std::vector<Diagnostic> diagnostics;
    EXPECT_TRUE(parseReplay(doc.substr(begin + 8, end - begin - 8), "example", &terrain, &r, &diagnostics));
    EXPECT_TRUE(diagnostics.empty());
}

// The campaign's dataset is valid, and survives a round trip.
TEST(ReplayFormat, TheCampaignIsValidAndRoundTrips) {
    const std::string path = std::string(KRESY_TESTS_DIR) + "/../data/replays/1939-soviet-invasion.json";
    const std::string text = readTestFile(path);
    ASSERT_FALSE(text.empty()) << "cannot read " << path;
    const LonLatBox terrain{12, 45, 34, 58};
    Replay replay;
    std::vector<Diagnostic> diagnostics;
    EXPECT_TRUE(parseReplay(text, path, &terrain, &replay, &diagnostics));
    for (const Diagnostic& d : diagnostics)
        ADD_FAILURE() << formatDiagnostic(d);
    EXPECT_TRUE(parseOrFail(writeReplay(replay)) == replay);
}

template <typename E>
std::vector<std::string> namesOf() {
    const auto names = enumNames<E>();
    return std::vector<std::string>(names.begin(), names.end());
}

// The schema is written by hand; it must allow what the reader allows.
TEST(ReplayFormat, TheSchemaListsTheSameEnums) {
    const Json schema = Json::parse(readTestFile(std::string(KRESY_TESTS_DIR) + "/../docs/replay.schema.json"));
    const Json& defs = schema["$defs"];
    const auto listed = [](const Json& e) { return e.get<std::vector<std::string>>(); };
    EXPECT_EQ(listed(defs["side"]["properties"]["affiliation"]["enum"]), namesOf<Affiliation>());
    EXPECT_EQ(listed(defs["unit"]["properties"]["type"]["enum"]), namesOf<UnitType>());
    EXPECT_EQ(listed(defs["unit"]["properties"]["echelon"]["enum"]), namesOf<Echelon>());
    EXPECT_EQ(listed(defs["waypoint"]["properties"]["status"]["enum"]), namesOf<UnitStatus>());
    EXPECT_EQ(listed(defs["event"]["properties"]["kind"]["enum"]), namesOf<EventKind>());
    EXPECT_EQ(schema["properties"]["version"]["const"], kReplayVersion);
}

} // namespace
} // namespace kresy
