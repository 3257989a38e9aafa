#pragma once
// A replay as written in its file (docs/replay-format.md): who fought (sides), with what (units,
// each with a track of time-stamped positions), what happened where (events) and what a war map
// draws over the ground (annotations, annotations.h).
//
// The structs mirror the file: an optional field that may be absent is a std::optional, so
// writing a replay back gives the same file; the defaults the format gives absent fields are
// applied when a replay is indexed for sampling (sampling.h). Fields the format does not know
// are kept, in their order, in each object's `extra`.

#include "annotations.h"
#include "replay_types.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kresy {

// The APP-6 frame shape: rectangle, diamond, square, quatrefoil.
enum class Affiliation : uint8_t { Friend, Hostile, Neutral, Unknown };

// The icon inside the frame.
enum class UnitType : uint8_t {
    Infantry, Cavalry, Armour, Motorised, Mechanised, Artillery, AntiTank, Engineer,
    BorderGuard, Militia, Air, Navy, Hq, Supply, Other,
};

// The size mark above the frame. Group is an ad-hoc formation and ranks as a corps.
enum class Echelon : uint8_t { Battalion, Regiment, Brigade, Division, Corps, Army, Front, Group };

enum class UnitStatus : uint8_t { Moving, Halted, Engaged, Surrendered, Destroyed, Disbanded };

enum class EventKind : uint8_t {
    Battle, Skirmish, Capture, Surrender, Meeting, Parade, Massacre, Declaration, Crossing,
    Withdrawal, Other,
};

template <> std::span<const char* const> enumNames<Affiliation>();
template <> std::span<const char* const> enumNames<UnitType>();
template <> std::span<const char* const> enumNames<Echelon>();
template <> std::span<const char* const> enumNames<UnitStatus>();
template <> std::span<const char* const> enumNames<EventKind>();

// Battalion 0, regiment 1, brigade 2, division 3, corps and group 4, army 5, front 6: the order
// in which formations aggregate their subordinates on screen.
int echelonRank(Echelon echelon);

struct Source {
    std::string id;
    std::string citation;
    std::optional<std::string> url;
    Json extra = Json::object();

    bool operator==(const Source&) const = default;
};

struct Metadata {
    std::string title;
    std::optional<std::string> description;
    std::optional<TimeSpan> span; // absent: from the earliest to the latest time in the file
    std::vector<Source> sources;
    Json extra = Json::object();

    bool operator==(const Metadata&) const = default;
};

struct Side {
    std::string id;
    std::string name;
    uint32_t colour = 0; // 0xRRGGBB
    Affiliation affiliation = Affiliation::Friend;
    Json extra = Json::object();

    bool operator==(const Side&) const = default;
};

struct Waypoint {
    Timestamp time;
    double lon = 0, lat = 0;          // degrees, WGS84
    std::optional<UnitStatus> status; // absent: the previous waypoint's (moving for the first)
    std::optional<double> strength;   // personnel; absent: the previous waypoint's (unknown before)
    double uncertaintyKm = 0;
    std::optional<std::string> source;
    Json extra = Json::object();

    bool operator==(const Waypoint&) const = default;
};

struct Unit {
    std::string id;
    std::string name;
    std::string side; // a Side's id
    UnitType type = UnitType::Other;
    Echelon echelon = Echelon::Battalion;
    std::optional<std::string> parent; // a Unit's id
    std::optional<std::string> commander;
    std::optional<std::string> symbol; // APP-6 / MIL-STD-2525 symbol identification code
    std::optional<std::string> model;  // glTF 2.0, relative to the replay file
    std::optional<double> modelHeading; // degrees the model is turned clockwise to face its motion (absent: 0)
    std::vector<Waypoint> track;       // times strictly increasing
    Json extra = Json::object();

    bool operator==(const Unit&) const = default;
};

struct EventPlace {
    std::optional<std::string> name;
    double lon = 0, lat = 0;
    Json extra = Json::object();

    bool operator==(const EventPlace&) const = default;
};

struct Event {
    std::string id;
    EventKind kind = EventKind::Other;
    std::string title;
    Timestamp start;
    std::optional<Timestamp> end; // absent: the same as start
    EventPlace place;
    std::vector<std::string> units; // Unit ids
    std::optional<std::string> description;
    std::vector<std::string> sources; // Source ids, at least one
    bool sourceList = false;          // written as an array (else as one string)
    Json extra = Json::object();

    bool operator==(const Event&) const = default;
};

struct Replay {
    int version = 1;
    Metadata metadata;
    std::vector<Side> sides;
    std::vector<Unit> units;
    std::vector<Event> events;
    std::vector<Annotation> annotations; // the same as an annotations file's (annotations.h)
    Json extra = Json::object(); // unknown top-level fields

    bool operator==(const Replay&) const = default;
};

constexpr int kReplayVersion = 1;

inline Time eventEnd(const Event& e) { return e.end ? e.end->time : e.start.time; }

// The period a replay covers: metadata.span when given, else the earliest to the latest time of
// its waypoints and events. False when it has neither a span nor any time.
bool replaySpan(const Replay& replay, Time* start, Time* end);

size_t waypointCount(const Replay& replay);

} // namespace kresy
