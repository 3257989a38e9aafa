// Truncated, mutated and hostile inputs: the reader reports them and never crashes or hangs, and
// whatever it accepts can be written, read back, indexed and sampled.

#include "replays/hierarchy.h"
#include "replays/replay_io.h"
#include "replays/sampling.h"
#include "test_files.h"

#include <gtest/gtest.h>

#include <random>

namespace kresy {
namespace {

constexpr LonLatBox kTerrain{12, 45, 34, 58};

// Parses `text`; an accepted replay must survive the rest of the pipeline. Counts acceptances.
void exercise(const std::string& text, int* accepted = nullptr) {
    Replay replay;
    std::vector<Diagnostic> diagnostics;
    const bool ok = parseReplay(text, "fuzz.json", &kTerrain, &replay, &diagnostics);
    for (const Diagnostic& d : diagnostics) {
        ASSERT_GE(d.line, 0);
        ASSERT_GE(d.column, 0);
        ASSERT_FALSE(d.message.empty());
    }
    if (!ok) {
        ASSERT_TRUE(hasErrors(diagnostics)) << "refused without an error";
        return;
    }
    ASSERT_FALSE(hasErrors(diagnostics));
    if (accepted)
        ++*accepted;
    const std::string written = writeReplay(replay);
    Replay again;
    std::vector<Diagnostic> second;
    ASSERT_TRUE(parseReplay(written, "written.json", nullptr, &again, &second)) << written;
    ASSERT_TRUE(again == replay) << written;
    const ReplayIndex index = buildReplayIndex(replay);
    const UnitHierarchy hierarchy = buildUnitHierarchy(replay);
    ASSERT_EQ(hierarchy.parent.size(), replay.units.size());
    std::vector<UnitState> states(index.unitCount());
    std::vector<GeoPoint> trail;
    for (Time t : {index.start, (index.start + index.end) / 2, index.end, index.end + 1.0}) {
        sampleUnits(index, t, states.data());
        for (size_t u = 0; u < index.unitCount(); ++u)
            appendUnitTrail(index, u, t, 6, &trail);
    }
}

std::string validText() { return readTestFile(replayTestPath("good/full.json")); }

TEST(Fuzz, EveryTruncation) {
    const std::string text = validText();
    ASSERT_GT(text.size(), 1000u);
    for (size_t n = 0; n < text.size(); ++n) {
        SCOPED_TRACE(n);
        exercise(text.substr(0, n));
        if (HasFatalFailure())
            return;
    }
}

TEST(Fuzz, RandomMutations) {
    const std::string valid = validText();
    std::mt19937 random(1939);
    int accepted = 0;
    for (int round = 0; round < 3000; ++round) {
        const std::string text = mutated(valid, random);
        SCOPED_TRACE(text);
        exercise(text, &accepted);
        if (HasFatalFailure())
            return;
    }
    EXPECT_GT(accepted, 100) << "too few mutations were valid to exercise writing and sampling";
}

TEST(Fuzz, HostileDocuments) {
    const std::string head = R"({"format": "kresy-replay", "version": 1, "metadata": {"title": "t"},
      "sides": [{"id": "pl", "name": "P", "colour": "#000000"}], "units": )";
    const std::vector<std::string> cases = {
        std::string(100000, '['),
        std::string(100000, '{'),
        "{" + std::string(200000, ' ') + "}",
        head + "[" + std::string(50000, '[') + "]}",
        head + R"([{"id": "a", "name": "A", "side": "pl", "type": "hq", "echelon": "army", "track": [
             {"time": "1939-09-17T00:00:00Z", "lon": 1e400, "lat": 0}]}]})",
        head + R"([{"id": "a\u0000b", "name": "\ud83d\ude00", "side": "pl", "type": "hq", "echelon": "army",
             "track": [{"time": "1939-09-17T00:00:00Z", "lon": -180, "lat": -90},
                       {"time": "1939-09-17T00:00:01Z", "lon": 180, "lat": 90},
                       {"time": "1939-09-17T00:00:02Z", "lon": 0, "lat": 0, "strength": 1e308}]}]})",
        head + R"([{"id": "a", "name": "A", "side": "pl", "type": "hq", "echelon": "army", "parent": "a",
             "track": [{"time": "9999-12-31T23:59:59.999999999999999999Z", "lon": 0, "lat": 0},
                       {"time": "0000-01-01T00:00:00Z", "lon": 0, "lat": 0}]}]})",
        head + R"([], "events": [{"id": "e", "kind": "other", "title": "t", "start": "1939-09-17",
             "place": {"lon": 0, "lat": 0}, "source": [[], {}, null]}]})",
        head + R"([{"track": 5, "id": 5, "parent": [], "side": {}, "type": 1, "echelon": null}]})",
    };
    for (const std::string& text : cases) {
        SCOPED_TRACE(text.substr(0, 200));
        exercise(text);
    }
}

TEST(Fuzz, LongParentChainsAndCycles) {
    // A chain of 20,000 units ending in a cycle: checked in linear time, reported once.
    std::string text = R"({"format": "kresy-replay", "version": 1, "metadata": {"title": "t"},
      "sides": [{"id": "pl", "name": "P", "colour": "#000000"}], "units": [)";
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
        const int parent = i + 1 < n ? i + 1 : n / 2;
        text += std::string(i ? "," : "") + R"({"id": "u)" + std::to_string(i) + R"(", "name": "n", "side": "pl",
          "type": "infantry", "echelon": "battalion", "parent": "u)" + std::to_string(parent) +
                R"(", "track": [{"time": "1939-09-17T00:00:00Z", "lon": 24, "lat": 52}]})";
    }
    text += "]}";
    Replay replay;
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(parseReplay(text, "chain.json", nullptr, &replay, &diagnostics));
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_NE(diagnostics[0].message.find("makes a cycle: u10000 -> u10001 ->"), std::string::npos)
        << diagnostics[0].message;
}

} // namespace
} // namespace kresy
