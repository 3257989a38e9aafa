#pragma once
// The state of every unit at any time, for drawing. Build a ReplayIndex once when a replay is
// loaded; a sample is then one binary search per unit and depends on nothing but the time, so
// scrubbing backwards costs the same as playing forwards. No global state; the caller owns every
// output.
//
// Between two waypoints a unit moves at constant speed along the straight line between them:
// the chord through the Earth, which is the straight line in any local metric (east-north-up)
// frame, brought to the ground along the vertical. For the tens of kilometres between waypoints
// this is the geodesic to well under a metre. Heights are not known here: the caller puts the
// returned latitude and longitude on its terrain.

#include "core/geodesy.h"
#include "replay.h"

#include <cstdint>
#include <vector>

namespace kresy {

struct UnitState {
    double lat = 0, lon = 0; // degrees, on the ellipsoid
    float headingDeg = 0;    // clockwise from north, [0, 360): the direction of the motion
    float strength = -1;     // personnel; -1 while no waypoint so far has given it
    float uncertaintyKm = 0;
    UnitStatus status = UnitStatus::Moving;
    bool visible = false;  // within [first waypoint's time, last waypoint's time]; else the rest is unset
    uint32_t waypoint = 0; // in the unit's track: the last waypoint at or before the time
};

// The waypoints of all units back to back, in arrays by field; unit u's are
// [first[u], first[u + 1]). Defaults the format gives absent fields are applied.
struct ReplayIndex {
    std::vector<uint32_t> first;      // units + 1 entries
    std::vector<Time> times;
    std::vector<glm::dvec3> ecef;     // on the ellipsoid
    std::vector<float> headings;      // of the motion from this waypoint on (see buildReplayIndex)
    std::vector<UnitStatus> statuses; // carried over from the previous waypoint when absent
    std::vector<float> strengths;     // likewise; -1 before the first given
    std::vector<float> uncertaintiesKm;
    Time start = 0, end = 0;          // replaySpan, or 0 and 0 for a replay without times

    size_t unitCount() const { return first.empty() ? 0 : first.size() - 1; }
};

// Precomputes the positions and the resolved fields of every waypoint. Headings: a segment
// shorter than half a metre is no motion and keeps the heading before it; a unit that has not
// moved yet faces its first motion; one that never moves faces north. Any Replay is safe; one
// parseReplay did not accept (times not increasing) samples meaninglessly.
ReplayIndex buildReplayIndex(const Replay& replay);

// The state of unit `unit` (an index into Replay::units) at time t.
UnitState sampleUnit(const ReplayIndex& index, size_t unit, Time t);

// The state of every unit at time t into out[0 .. index.unitCount()).
void sampleUnits(const ReplayIndex& index, Time t, UnitState* out);

// Appends to *out where unit `unit` has been over the `hours` before t: its position at
// max(t - hours, first waypoint's time), the waypoints after that and before t, and its position
// at t, each point once. Nothing when the unit is not visible at t. Returns the number appended.
size_t appendUnitTrail(const ReplayIndex& index, size_t unit, Time t, double hours, std::vector<GeoPoint>* out);

} // namespace kresy
