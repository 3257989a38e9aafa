// Sampling units at a time, trails, and the formations' tree, against values worked out by hand.

#include "replays/hierarchy.h"
#include "replays/replay_io.h"
#include "replays/sampling.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kresy {
namespace {

const Time kT0 = double(daysFromCivil(1939, 9, 17)) * 86400.0; // 17 September 1939, 00:00 UTC
constexpr double kHour = 3600.0;

Waypoint waypoint(double hours, double lon, double lat) {
    Waypoint w;
    w.time.time = kT0 + hours * kHour;
    w.lon = lon;
    w.lat = lat;
    return w;
}

Unit unit(std::string id, std::vector<Waypoint> track) {
    Unit u;
    u.id = std::move(id);
    u.name = u.id;
    u.side = "pl";
    u.type = UnitType::Infantry;
    u.track = std::move(track);
    return u;
}

Replay replayOf(std::vector<Unit> units) {
    Replay r;
    r.metadata.title = "test";
    r.sides.push_back({"pl", "Poland", 0x3a6fd8, Affiliation::Friend, Json::object()});
    r.units = std::move(units);
    return r;
}

// Not "u" + std::to_string(i): GCC 12 at -O3 raises a false -Wrestrict on it (GCC bug 105329).
std::string numbered(const char* prefix, int i) {
    std::string s = prefix;
    s += std::to_string(i);
    return s;
}

UnitState sampleOne(const Replay& r, Time t, size_t u = 0) { return sampleUnit(buildReplayIndex(r), u, t); }

// Due east along 52°N, 1° of longitude in 10 hours.
Replay eastward() { return replayOf({unit("a", {waypoint(0, 24, 52), waypoint(10, 25, 52)})}); }

TEST(Sampling, MidpointOfASegment) {
    const UnitState s = sampleOne(eastward(), kT0 + 5 * kHour);
    ASSERT_TRUE(s.visible);
    // By symmetry the middle of the way is at the middle longitude. The straight line bows
    // north of the parallel, to the great circle: tan(lat) = tan(52°) / cos(0.5°) gives 52.00106°.
    EXPECT_NEAR(s.lon, 24.5, 1e-9);
    EXPECT_NEAR(s.lat, 52.00106, 2e-5);
    EXPECT_EQ(s.waypoint, 0u);
}

TEST(Sampling, ConstantSpeed) {
    const Replay r = eastward();
    const double total = greatCircleDistance(52, 24, 52, 25);
    for (double f : {0.1, 0.25, 0.5, 0.9}) {
        const UnitState s = sampleOne(r, kT0 + f * 10 * kHour);
        EXPECT_NEAR(greatCircleDistance(52, 24, s.lat, s.lon) / total, f, 1e-4) << f;
    }
}

TEST(Sampling, HeadingOfTheMotion) {
    EXPECT_NEAR(sampleOne(eastward(), kT0 + 5 * kHour).headingDeg, 90.0, 1e-4); // due east
    const Replay north = replayOf({unit("n", {waypoint(0, 24, 52), waypoint(10, 24, 53)})});
    EXPECT_NEAR(sampleOne(north, kT0 + kHour).headingDeg, 0.0, 1e-4);
    EXPECT_NEAR(sampleOne(north, kT0 + 5 * kHour).lon, 24.0, 1e-9);
    EXPECT_NEAR(sampleOne(north, kT0 + 5 * kHour).lat, 52.5, 1e-3);
    const Replay south = replayOf({unit("s", {waypoint(0, 24, 53), waypoint(10, 24, 52)})});
    EXPECT_NEAR(sampleOne(south, kT0 + kHour).headingDeg, 180.0, 1e-4);
    const Replay west = replayOf({unit("w", {waypoint(0, 25, 52), waypoint(10, 24, 52)})});
    EXPECT_NEAR(sampleOne(west, kT0 + 5 * kHour).headingDeg, 270.0, 1e-4);
    // North-east at 52°N: one degree of longitude is cos(52°) as long as one of latitude.
    const Replay ne = replayOf({unit("ne", {waypoint(0, 24, 52), waypoint(10, 24.01, 52.01)})});
    EXPECT_NEAR(sampleOne(ne, kT0 + 5 * kHour).headingDeg, 31.7, 0.2);
}

TEST(Sampling, VisibleOnlyWithinTheTrack) {
    const Replay r = eastward();
    EXPECT_FALSE(sampleOne(r, kT0 - 1).visible);
    EXPECT_FALSE(sampleOne(r, kT0 + 10 * kHour + 1).visible);
    EXPECT_FALSE(sampleOne(r, std::nan("")).visible);
    const UnitState first = sampleOne(r, kT0);
    ASSERT_TRUE(first.visible);
    EXPECT_NEAR(first.lon, 24, 1e-9);
    EXPECT_NEAR(first.lat, 52, 1e-9);
    const UnitState last = sampleOne(r, kT0 + 10 * kHour);
    ASSERT_TRUE(last.visible);
    EXPECT_NEAR(last.lon, 25, 1e-9);
    EXPECT_NEAR(last.lat, 52, 1e-9);
    EXPECT_EQ(last.waypoint, 1u);
    EXPECT_NEAR(last.headingDeg, 90.0, 0.5); // as it arrived
    // A single waypoint is visible at its moment only.
    const Replay once = replayOf({unit("o", {waypoint(3, 24, 52)})});
    EXPECT_TRUE(sampleOne(once, kT0 + 3 * kHour).visible);
    EXPECT_FALSE(sampleOne(once, kT0 + 3 * kHour + 1).visible);
    EXPECT_EQ(sampleOne(once, kT0 + 3 * kHour).headingDeg, 0.0f); // never moves: faces north
}

TEST(Sampling, StatusAndStrengthCarryOverUncertaintyDoesNot) {
    std::vector<Waypoint> track = {waypoint(0, 24, 52), waypoint(10, 25, 52), waypoint(20, 26, 52)};
    track[0].status = UnitStatus::Engaged;
    track[0].strength = 8700;
    track[0].uncertaintyKm = 10;
    track[2].status = UnitStatus::Surrendered;
    track[2].strength = 5000;
    const ReplayIndex index = buildReplayIndex(replayOf({unit("a", track)}));
    UnitState s = sampleUnit(index, 0, kT0 + 5 * kHour);
    EXPECT_EQ(s.status, UnitStatus::Engaged);
    EXPECT_EQ(s.strength, 8700.0f);
    EXPECT_EQ(s.uncertaintyKm, 10.0f);
    s = sampleUnit(index, 0, kT0 + 15 * kHour); // waypoint 1 gives neither status nor strength
    EXPECT_EQ(s.status, UnitStatus::Engaged);
    EXPECT_EQ(s.strength, 8700.0f);
    EXPECT_EQ(s.uncertaintyKm, 0.0f);
    s = sampleUnit(index, 0, kT0 + 20 * kHour);
    EXPECT_EQ(s.status, UnitStatus::Surrendered);
    EXPECT_EQ(s.strength, 5000.0f);
    // Before any status: moving; before any strength: unknown.
    const UnitState plain = sampleOne(eastward(), kT0 + kHour);
    EXPECT_EQ(plain.status, UnitStatus::Moving);
    EXPECT_EQ(plain.strength, -1.0f);
}

TEST(Sampling, AUnitThatStopsKeepsItsHeading) {
    // East, then a halt in place, then north.
    const Replay r = replayOf({unit("a", {waypoint(0, 24, 52), waypoint(10, 25, 52), waypoint(20, 25, 52),
                                          waypoint(30, 25, 53)})});
    const UnitState halted = sampleOne(r, kT0 + 15 * kHour);
    EXPECT_NEAR(halted.headingDeg, 90.0, 0.5);
    EXPECT_NEAR(halted.lon, 25, 1e-9);
    EXPECT_NEAR(sampleOne(r, kT0 + 25 * kHour).headingDeg, 0.0, 1e-4);
    // Waiting before its first move, a unit faces where it will go.
    const Replay waits = replayOf({unit("w", {waypoint(0, 24, 52), waypoint(10, 24, 52), waypoint(20, 23, 52)})});
    EXPECT_NEAR(sampleOne(waits, kT0 + 5 * kHour).headingDeg, 270.0, 1e-4);
}

TEST(Sampling, TimesWithOffsetsSampleInUtc) {
    const std::string text = R"({"format": "kresy-replay", "version": 1, "metadata": {"title": "t"},
      "sides": [{"id": "pl", "name": "P", "colour": "#000000"}],
      "units": [{"id": "a", "name": "A", "side": "pl", "type": "cavalry", "echelon": "brigade", "track": [
        {"time": "1939-09-17T02:00:00+02:00", "lon": 24, "lat": 52},
        {"time": "1939-09-17T10:00:00Z", "lon": 25, "lat": 52}]}]})";
    Replay r;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(parseReplay(text, "t.json", nullptr, &r, &diagnostics));
    EXPECT_FALSE(sampleOne(r, kT0 - 1).visible);
    EXPECT_NEAR(sampleOne(r, kT0 + 5 * kHour).lon, 24.5, 1e-9); // 00:00Z to 10:00Z
}

TEST(Sampling, AllUnitsAtOnceMatchOneByOne) {
    std::vector<Unit> units;
    for (int i = 0; i < 50; ++i)
        units.push_back(unit(numbered("u", i), {waypoint(i * 0.5, 20 + i * 0.1, 50), waypoint(10 + i, 21, 51 + i * 0.05),
                                                       waypoint(40, 22, 52)}));
    const ReplayIndex index = buildReplayIndex(replayOf(units));
    ASSERT_EQ(index.unitCount(), 50u);
    std::vector<UnitState> all(index.unitCount());
    for (double h : {-1.0, 0.0, 3.3, 12.0, 39.9, 40.0, 41.0, 7.0}) { // scrubbing back and forth
        sampleUnits(index, kT0 + h * kHour, all.data());
        for (size_t u = 0; u < all.size(); ++u) {
            const UnitState one = sampleUnit(index, u, kT0 + h * kHour);
            EXPECT_EQ(all[u].visible, one.visible);
            EXPECT_EQ(all[u].lat, one.lat);
            EXPECT_EQ(all[u].lon, one.lon);
            EXPECT_EQ(all[u].headingDeg, one.headingDeg);
        }
    }
}

TEST(Sampling, IndexKeepsTheSpan) {
    const ReplayIndex index = buildReplayIndex(eastward());
    EXPECT_EQ(index.start, kT0);
    EXPECT_EQ(index.end, kT0 + 10 * kHour);
    EXPECT_EQ(buildReplayIndex(Replay{}).unitCount(), 0u);
}

// Three waypoints 10 hours apart, 1° east each.
Replay threeLegs() {
    return replayOf({unit("a", {waypoint(0, 24, 52), waypoint(10, 25, 52), waypoint(20, 26, 52)})});
}

TEST(Trails, TheLastHoursWithTheWaypointsBetween) {
    const ReplayIndex index = buildReplayIndex(threeLegs());
    std::vector<GeoPoint> trail;
    // At 15 h over 12 h: from 3 h (30% along the first leg), through waypoint 1, to 15 h.
    ASSERT_EQ(appendUnitTrail(index, 0, kT0 + 15 * kHour, 12, &trail), 3u);
    ASSERT_EQ(trail.size(), 3u);
    EXPECT_NEAR(trail[0].lon, 24.3, 1e-3);
    EXPECT_NEAR(trail[1].lon, 25.0, 1e-9);
    EXPECT_NEAR(trail[1].lat, 52.0, 1e-9);
    EXPECT_NEAR(trail[2].lon, 25.5, 1e-9);
    const UnitState now = sampleUnit(index, 0, kT0 + 15 * kHour);
    EXPECT_EQ(trail[2].lat, now.lat);
    EXPECT_EQ(trail[2].lon, now.lon);
}

TEST(Trails, StartAtTheFirstWaypointAndNeverRepeatAPoint) {
    const ReplayIndex index = buildReplayIndex(threeLegs());
    std::vector<GeoPoint> trail;
    // Longer than the track so far: from the first waypoint.
    EXPECT_EQ(appendUnitTrail(index, 0, kT0 + 15 * kHour, 100, &trail), 3u);
    EXPECT_NEAR(trail[0].lon, 24.0, 1e-9);
    // Ending on a waypoint, starting on one: each once.
    trail.clear();
    EXPECT_EQ(appendUnitTrail(index, 0, kT0 + 20 * kHour, 10, &trail), 2u);
    EXPECT_NEAR(trail[0].lon, 25.0, 1e-9);
    EXPECT_NEAR(trail[1].lon, 26.0, 1e-9);
    // No time back: just where it is.
    trail.clear();
    EXPECT_EQ(appendUnitTrail(index, 0, kT0 + 5 * kHour, 0, &trail), 1u);
    EXPECT_NEAR(trail[0].lon, 24.5, 1e-9);
}

TEST(Trails, AppendAndNothingWhenInvisible) {
    const ReplayIndex index = buildReplayIndex(threeLegs());
    std::vector<GeoPoint> trail(2); // the caller's points stay
    EXPECT_EQ(appendUnitTrail(index, 0, kT0 - kHour, 5, &trail), 0u);
    EXPECT_EQ(appendUnitTrail(index, 0, kT0 + 21 * kHour, 5, &trail), 0u);
    EXPECT_EQ(trail.size(), 2u);
    EXPECT_EQ(appendUnitTrail(index, 0, kT0 + 12 * kHour, 5, &trail), 3u);
    EXPECT_EQ(trail.size(), 5u);
}

TEST(Hierarchy, ChildrenRootsAndDepth) {
    Replay r = replayOf({unit("army", {waypoint(0, 24, 52)}), unit("div1", {waypoint(0, 24, 52)}),
                         unit("div2", {waypoint(0, 24, 52)}), unit("reg", {waypoint(0, 24, 52)}),
                         unit("lone", {waypoint(0, 24, 52)})});
    r.units[1].parent = "army";
    r.units[2].parent = "army";
    r.units[3].parent = "div2";
    const UnitHierarchy h = buildUnitHierarchy(r);
    EXPECT_EQ(h.roots, (std::vector<uint32_t>{0, 4}));
    const auto children = [&](size_t u) { auto c = h.childrenOf(u); return std::vector<uint32_t>(c.begin(), c.end()); };
    EXPECT_EQ(children(0), (std::vector<uint32_t>{1, 2}));
    EXPECT_EQ(children(2), (std::vector<uint32_t>{3}));
    EXPECT_TRUE(children(3).empty());
    EXPECT_EQ(h.parent, (std::vector<int32_t>{-1, 0, 0, 2, -1}));
    EXPECT_EQ(h.depth, (std::vector<uint32_t>{0, 1, 1, 2, 0}));
}

TEST(Hierarchy, SurvivesCyclesAndUnknownParents) {
    // The reader refuses these; a replay built in code may still have them.
    Replay r = replayOf({unit("a", {}), unit("b", {}), unit("c", {})});
    r.units[0].parent = "b";
    r.units[1].parent = "a";
    r.units[2].parent = "nobody";
    const UnitHierarchy h = buildUnitHierarchy(r);
    EXPECT_EQ(h.roots.size(), 2u); // the cycle is cut once, c is a root
    size_t reached = 0;
    std::vector<uint32_t> stack(h.roots);
    while (!stack.empty()) {
        const uint32_t u = stack.back();
        stack.pop_back();
        ++reached;
        for (uint32_t c : h.childrenOf(u))
            stack.push_back(c);
    }
    EXPECT_EQ(reached, 3u);
    // Units without waypoints are never visible.
    EXPECT_FALSE(sampleOne(r, kT0).visible);
}

} // namespace
} // namespace kresy
