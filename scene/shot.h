#pragma once
// Camera paths ("shots") and bookmark decks as written in their files (docs/shot-format.md).
//
// A shot is a list of keys. The camera reaches key i at keys[i].time (seconds from the shot's
// start), stays there for keys[i].hold seconds, then moves along the path to key i+1. Within a
// segment it moves at constant speed along the path's arc length, eased where a key asks for it.
// A key looks either along heading/pitch/roll or at a target (a point, or a unit of the replay).
// Campaign time is interpolated linearly in shot time between the keys that give one.
//
// A deck is a lecturer's list of bookmarks: each holds a date, a camera, the visible layers and
// the selected unit. Presenter mode steps through them.
//
// As in replays/replay.h, optional fields are std::optional so a file round-trips, and unknown
// fields are kept, in order, in each object's `extra`.

#include "core/geodesy.h"
#include "replays/replay.h"

#include <optional>
#include <string>
#include <vector>

namespace kresy {

constexpr int kShotVersion = 1;

// What a key's camera looks at: a fixed point, or a unit (sampled at the campaign time).
struct ShotTarget {
    std::optional<GeoPoint> point;   // lat, lon, alt (metres above the ellipsoid)
    bool onGround = false;           // the point has no "alt" in the file: it lies on the terrain (alt 0)
    std::optional<std::string> unit; // a unit id of the shot's replay
    Json extra = Json::object();

    bool operator==(const ShotTarget&) const = default;
};

struct ShotKey {
    double time = 0;        // seconds from the shot's start; strictly increasing along the keys
    double hold = 0;        // seconds the camera stays at this key before leaving it
    GeoPoint position;      // the camera: lat, lon (degrees), alt (metres above the ellipsoid)
    Json positionExtra = Json::object(); // unknown fields of its "position" object
    double headingDeg = 0;  // 0 north, 90 east; ignored when `target` is set
    double pitchDeg = -30;  // 0 level, -90 straight down; ignored when `target` is set
    double rollDeg = 0;     // positive banks right like an aircraft: the horizon tilts counter-clockwise on screen
    std::optional<ShotTarget> target;
    double fovDeg = 45;     // vertical
    std::optional<Timestamp> campaignTime;
    bool easeIn = false;    // the camera slows to rest as it arrives here
    bool easeOut = false;   // the camera leaves here from rest
    std::optional<std::string> title, subtitle; // a caption card shown at this key
    Json extra = Json::object();

    bool operator==(const ShotKey&) const = default;
};

struct Shot {
    int version = kShotVersion;
    std::string title;
    std::optional<std::string> description;
    std::optional<std::string> replay; // the replay its units and times refer to, relative to the shot file
    std::vector<ShotKey> keys;         // at least two
    Json extra = Json::object();

    bool operator==(const Shot&) const = default;
};

struct Bookmark {
    std::string title;
    std::optional<std::string> subtitle;
    Timestamp time;         // the campaign date and time shown
    GeoPoint position;
    double headingDeg = 0, pitchDeg = -30, rollDeg = 0, fovDeg = 45;
    Json cameraExtra = Json::object(); // unknown fields of its "camera" object
    std::optional<std::vector<std::string>> layers; // visible layers; absent: all
    std::optional<std::string> unit;                // the selected unit
    Json extra = Json::object();

    bool operator==(const Bookmark&) const = default;
};

struct Deck {
    int version = kShotVersion;
    std::string title;
    std::optional<std::string> replay;
    std::vector<Bookmark> bookmarks; // at least one
    Json extra = Json::object();

    bool operator==(const Deck&) const = default;
};

// A shot's length in seconds: the last key's time plus its hold.
inline double shotDuration(const Shot& shot) {
    return shot.keys.empty() ? 0 : shot.keys.back().time + shot.keys.back().hold;
}

} // namespace kresy
