#include "replay.h"

#include <algorithm>

namespace kresy {
namespace {

constexpr const char* kAffiliations[] = {"friend", "hostile", "neutral", "unknown"};
constexpr const char* kUnitTypes[] = {"infantry", "cavalry",  "armour", "motorised", "mechanised",
                                      "artillery", "anti-tank", "engineer", "border-guard", "militia",
                                      "air",      "navy",     "hq",     "supply",    "other"};
constexpr const char* kEchelons[] = {"battalion", "regiment", "brigade", "division",
                                     "corps",     "army",     "front",   "group"};
constexpr const char* kStatuses[] = {"moving", "halted", "engaged", "surrendered", "destroyed", "disbanded"};
constexpr const char* kEventKinds[] = {"battle",   "skirmish",    "capture",  "surrender",  "meeting", "parade",
                                       "massacre", "declaration", "crossing", "withdrawal", "other"};

static_assert(std::size(kUnitTypes) == size_t(UnitType::Other) + 1);
static_assert(std::size(kEchelons) == size_t(Echelon::Group) + 1);
static_assert(std::size(kStatuses) == size_t(UnitStatus::Disbanded) + 1);
static_assert(std::size(kEventKinds) == size_t(EventKind::Other) + 1);

} // namespace

template <> std::span<const char* const> enumNames<Affiliation>() { return kAffiliations; }
template <> std::span<const char* const> enumNames<UnitType>() { return kUnitTypes; }
template <> std::span<const char* const> enumNames<Echelon>() { return kEchelons; }
template <> std::span<const char* const> enumNames<UnitStatus>() { return kStatuses; }
template <> std::span<const char* const> enumNames<EventKind>() { return kEventKinds; }

std::string timestampText(const Timestamp& t) {
    if (!t.text.empty()) {
        const std::optional<Time> parsed = parseIso8601(t.text);
        if (parsed && *parsed == t.time)
            return t.text;
    }
    return formatIso8601(t.time);
}

int echelonRank(Echelon echelon) {
    return echelon == Echelon::Group ? echelonRank(Echelon::Corps) : static_cast<int>(echelon);
}

bool replaySpan(const Replay& replay, Time* start, Time* end) {
    if (replay.metadata.span) {
        *start = replay.metadata.span->start.time;
        *end = replay.metadata.span->end.time;
        return true;
    }
    bool any = false;
    Time lo = 0, hi = 0;
    const auto include = [&](Time t) {
        lo = any ? std::min(lo, t) : t;
        hi = any ? std::max(hi, t) : t;
        any = true;
    };
    for (const Unit& u : replay.units)
        for (const Waypoint& w : u.track)
            include(w.time.time);
    for (const Event& e : replay.events) {
        include(e.start.time);
        include(eventEnd(e));
    }
    if (any) {
        *start = lo;
        *end = hi;
    }
    return any;
}

size_t waypointCount(const Replay& replay) {
    size_t n = 0;
    for (const Unit& u : replay.units)
        n += u.track.size();
    return n;
}

} // namespace kresy
