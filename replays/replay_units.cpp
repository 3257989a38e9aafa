// Reading and checking a replay's units: their fields, tracks and the parent hierarchy.

#include "replay_fields.h"

#include <algorithm>
#include <cctype>
#include <limits>

namespace kresy::replay_detail {
namespace {

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// 15 characters of letters, digits, '-' and '*' (APP-6 B / MIL-STD-2525C), or 20 digits (2525D).
bool isSymbolCode(const std::string& code) {
    if (code.size() == 20)
        return std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
    return code.size() == 15 && std::all_of(code.begin(), code.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '*';
           });
}

bool hasGltfExtension(const std::string& path) {
    std::string lower;
    for (char c : path)
        lower += char(std::tolower(static_cast<unsigned char>(c)));
    return (lower.size() > 5 && lower.ends_with(".gltf")) || (lower.size() > 4 && lower.ends_with(".glb"));
}

// The previous waypoint's time, for the order check.
struct PreviousTime {
    bool valid = false;
    Timestamp at;
};

void readWaypoint(ReadContext& ctx, const Json& object, const std::string& pointer, PreviousTime* previous,
                  Waypoint* out) {
    ObjectFields f(ctx.checker, object, pointer, "a waypoint");
    if (f.readTime("time", Need::Required, &out->time)) {
        if (previous->valid && out->time.time == previous->at.time)
            ctx.checker.error(f.pointerTo("time"), "\"time\" " + out->time.text + " repeats the previous waypoint's " +
                                                       previous->at.text + "; a track's times must increase");
        else if (previous->valid && out->time.time < previous->at.time)
            ctx.checker.error(f.pointerTo("time"), "\"time\" " + out->time.text + " is before the previous waypoint's " +
                                                       previous->at.text + "; a track's times must increase");
        else
            checkInSpan(ctx, f, "time", out->time);
        *previous = {true, out->time};
    }
    const bool lon = f.readNumber("lon", Need::Required, -180, 180, &out->lon);
    const bool lat = f.readNumber("lat", Need::Required, -90, 90, &out->lat);
    if (lon && lat)
        checkOnTerrain(ctx, f, out->lon, out->lat);
    UnitStatus status;
    if (f.readEnum("status", Need::Optional, &status))
        out->status = status;
    double strength = 0;
    if (f.readNumber("strength", Need::Optional, 0, kUnbounded, &strength))
        out->strength = strength;
    f.readNumber("uncertainty_km", Need::Optional, 0, kUnbounded, &out->uncertaintyKm);
    readSourceReference(ctx, f, &out->source);
    out->extra = f.unknownFields({"time", "lon", "lat", "status", "strength", "uncertainty_km", "source"});
}

void readTrack(ReadContext& ctx, ObjectFields& f, Unit* out) {
    const Json* track = f.readArray("track", Need::Required);
    if (!track)
        return;
    if (track->empty())
        ctx.checker.error(f.pointerTo("track"), "\"track\" is empty; a unit needs at least one waypoint");
    PreviousTime previous;
    for (size_t i = 0; i < track->size(); ++i) {
        const std::string pointer = f.pointerTo("track") + "/" + std::to_string(i);
        if (!(*track)[i].is_object()) {
            ctx.checker.error(pointer, "a waypoint must be an object, not " + jsonTypeName((*track)[i]));
            continue;
        }
        readWaypoint(ctx, (*track)[i], pointer, &previous, &out->track.emplace_back());
    }
}

void readUnitFields(ReadContext& ctx, ObjectFields& f, Unit* out) {
    f.readId("id", &out->id);
    f.readString("name", Need::Required, &out->name);
    if (f.readString("side", Need::Required, &out->side))
        ctx.sides.checkReference(ctx.checker, out->side, f.pointerTo("side"));
    f.readEnum("type", Need::Required, &out->type);
    f.readEnum("echelon", Need::Required, &out->echelon);
    if (f.readOptionalString("parent", &out->parent))
        ctx.units.checkReference(ctx.checker, *out->parent, f.pointerTo("parent"));
    f.readOptionalString("commander", &out->commander);
    if (f.readOptionalString("symbol", &out->symbol) && !isSymbolCode(*out->symbol))
        ctx.checker.error(f.pointerTo("symbol"),
                          "\"symbol\" " + inQuotes(*out->symbol) +
                              " is not a symbol identification code; expected 15 letters, digits, '-' or '*' "
                              "(APP-6 / MIL-STD-2525C) or 20 digits (2525D)");
    if (f.readOptionalString("model", &out->model) && !hasGltfExtension(*out->model))
        ctx.checker.error(f.pointerTo("model"), "\"model\" " + inQuotes(*out->model) +
                                                    " is not a glTF model; expected a .gltf or .glb file");
    double heading = 0;
    if (f.find("model_heading") && f.readNumber("model_heading", Need::Optional, -360, 360, &heading))
        out->modelHeading = heading;
    readTrack(ctx, f, out);
    out->extra = f.unknownFields({"id", "name", "side", "type", "echelon", "parent", "commander", "symbol", "model",
                                  "model_heading", "track"});
}

// A unit's place in the parent graph, by the index of its id among the unit ids.
struct ParentLink {
    int parent = -1;            // -1: none, or not a known unit
    std::string id;
    std::string pointer;        // of its "parent" field
    bool read = false;          // the first unit with this id has been read
};

// Reports each cycle of parents once, at the "parent" of its unit that comes first in the file.
// Linear: every unit is walked from once.
void checkParentCycles(JsonChecker& c, const std::vector<ParentLink>& links) {
    enum : uint8_t { Unvisited, OnPath, Done };
    std::vector<uint8_t> state(links.size(), Unvisited);
    std::vector<int> path;
    for (size_t start = 0; start < links.size(); ++start) {
        path.clear();
        int u = int(start);
        while (u >= 0 && state[size_t(u)] == Unvisited) {
            state[size_t(u)] = OnPath;
            path.push_back(u);
            u = links[size_t(u)].parent;
        }
        if (u >= 0 && state[size_t(u)] == OnPath) { // a new cycle, from u to the end of the path
            const auto begin = std::find(path.begin(), path.end(), u);
            const int first = *std::min_element(begin, path.end());
            std::string chain = links[size_t(first)].id;
            int n = 0;
            for (int v = links[size_t(first)].parent;; v = links[size_t(v)].parent) {
                if (++n > 8 && v != first) {
                    chain += " -> ...";
                    v = first;
                }
                chain += " -> " + links[size_t(v)].id;
                if (v == first)
                    break;
            }
            c.error(links[size_t(first)].pointer, "\"parent\" " + inQuotes(links[size_t(links[size_t(first)].parent)].id) +
                                                      " makes a cycle: " + chain);
        }
        for (int v : path)
            state[size_t(v)] = Done;
    }
}

} // namespace

void readUnits(ReadContext& ctx, const Json& array, std::vector<Unit>* out) {
    std::vector<ParentLink> links;
    for (size_t i = 0; i < array.size(); ++i) {
        const std::string pointer = "/units/" + std::to_string(i);
        if (!array[i].is_object()) {
            ctx.checker.error(pointer, "a unit must be an object, not " + jsonTypeName(array[i]));
            continue;
        }
        ObjectFields f(ctx.checker, array[i], pointer, "a unit");
        Unit& unit = out->emplace_back();
        readUnitFields(ctx, f, &unit);
        const int self = unit.id.empty() ? -1 : ctx.units.indexOf(unit.id);
        if (self < 0)
            continue;
        if (links.size() <= size_t(self))
            links.resize(size_t(self) + 1);
        ParentLink& link = links[size_t(self)];
        if (link.read) // a duplicate id, already reported
            continue;
        link.read = true;
        link.id = unit.id;
        link.pointer = f.pointerTo("parent");
        link.parent = unit.parent ? ctx.units.indexOf(*unit.parent) : -1;
    }
    // Links to units that were never read (all ids are defined before units are read) stay -1.
    for (ParentLink& link : links)
        if (link.parent >= 0 && (size_t(link.parent) >= links.size() || !links[size_t(link.parent)].read))
            link.parent = -1;
    checkParentCycles(ctx.checker, links);
}

} // namespace kresy::replay_detail
