// Reading and checking shots and decks (docs/shot-format.md). The field readers are the replay
// reader's (replays/replay_fields.h), so a shot's diagnostics read like a replay's.

#include "shot_io_internal.h"

#include "replays/replay_fields.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <limits>
#include <utility>

namespace kresy {

using namespace replay_detail;
using shot_detail::easeName;
using shot_detail::kEaseNames;
using shot_detail::otherKindHint;

namespace {

constexpr double kUnbounded = std::numeric_limits<double>::infinity();
// The camera's altitude: from below the lowest land (the Dead Sea shore, -430 m) up to
// kMaxAltitude of scene/camera_controller.h, the highest the free camera flies.
constexpr double kMinAltitude = -500, kMaxAltitude = 2.0e6;
constexpr double kMaxFov = 120; // degrees, vertical; wider distorts beyond use

// What the readers know while they walk a document.
struct ShotContext {
    JsonChecker& checker;
    const LonLatBox* terrain = nullptr;
    const Replay* replay = nullptr;
    IdSet units{"unit"};                         // the replay's units, when there is a replay
    std::optional<std::pair<Time, Time>> span;   // the replay's span
};

void useReplay(ShotContext& ctx) {
    if (!ctx.replay)
        return;
    const JsonPositions none;
    std::vector<Diagnostic> ignored; // a replay that loaded has no duplicate ids
    JsonChecker quiet{ctx.checker.file, none, &ignored};
    for (const Unit& unit : ctx.replay->units)
        ctx.units.define(quiet, unit.id, "");
    Time start = 0, end = 0;
    if (replaySpan(*ctx.replay, &start, &end))
        ctx.span = std::make_pair(start, end);
}

// A number for a message without an exponent: 2000000, -0.5.
std::string plainNumber(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

// The object in field `key`, or null (after reporting a value of another type).
const Json* readObject(ObjectFields& f, std::string_view key, Need need, const char* shape) {
    const Json* v = f.field(key, need);
    if (v && !v->is_object()) {
        f.checker().error(f.pointerTo(key), inQuotes(key) + " must be an object " + shape + ", not " + jsonTypeName(*v));
        return nullptr;
    }
    return v;
}

bool readAltitude(ObjectFields& f, Need need, double* out) {
    double alt = 0;
    if (!f.readNumber("alt", need, -kUnbounded, kUnbounded, &alt))
        return false;
    if (alt < kMinAltitude || alt > kMaxAltitude) {
        f.checker().error(f.pointerTo("alt"), inQuotes("alt") + " " + shownJson(*f.find("alt")) + " is outside " +
                                                  plainNumber(kMinAltitude) + ".." + plainNumber(kMaxAltitude) + " metres");
        return false;
    }
    *out = alt;
    return true;
}

// "lon" and "lat", with a warning when they lie outside the terrain.
void readLonLat(ShotContext& ctx, ObjectFields& f, GeoPoint* out) {
    const bool lon = f.readNumber("lon", Need::Required, -180, 180, &out->lon);
    const bool lat = f.readNumber("lat", Need::Required, -90, 90, &out->lat);
    if (!lon || !lat || !ctx.terrain || ctx.terrain->contains(out->lon, out->lat))
        return;
    const LonLatBox& b = *ctx.terrain;
    ctx.checker.warning(f.pointerTo("lon"), "lon " + shownNumber(out->lon) + ", lat " + shownNumber(out->lat) +
                                                " is outside the terrain (lon " + shownNumber(b.west) + ".." +
                                                shownNumber(b.east) + ", lat " + shownNumber(b.south) + ".." +
                                                shownNumber(b.north) + ")");
}

// (0, 120] degrees.
void readFov(ObjectFields& f, double* out) {
    double fov = 0;
    if (!f.readNumber("fov", Need::Optional, -kUnbounded, kUnbounded, &fov))
        return;
    if (fov <= 0 || fov > kMaxFov)
        f.checker().error(f.pointerTo("fov"), inQuotes("fov") + " " + shownJson(*f.find("fov")) +
                                                  " is not a field of view; expected more than 0 and at most " +
                                                  plainNumber(kMaxFov) + " degrees");
    else
        *out = fov;
}

// A time, with a warning when it lies outside the replay's span.
bool readCampaignTime(ShotContext& ctx, ObjectFields& f, std::string_view key, Need need, Timestamp* out) {
    if (!f.readTime(key, need, out))
        return false;
    if (ctx.span && (out->time < ctx.span->first || out->time > ctx.span->second))
        ctx.checker.warning(f.pointerTo(key), inQuotes(key) + " " + out->text + " is outside the replay's span (" +
                                                  formatIso8601(ctx.span->first) + " to " +
                                                  formatIso8601(ctx.span->second) + ")");
    return true;
}

// An optional "unit": a non-empty id, of one of the replay's units when there is a replay.
void readUnitReference(ShotContext& ctx, ObjectFields& f, std::optional<std::string>* out) {
    std::string id;
    if (!f.find("unit") || !f.readId("unit", &id))
        return;
    if (ctx.replay)
        ctx.units.checkReference(ctx.checker, id, f.pointerTo("unit"));
    *out = std::move(id);
}

// The top of a shot or deck: false when it is not an object, or of a version this reader cannot
// read (nothing more is checked then).
bool readableDocument(ObjectFields& f, const Json& doc, const char* kind) {
    JsonChecker& c = f.checker();
    if (!doc.is_object()) {
        c.error("", std::string("a ") + kind + " must be a JSON object, not " + jsonTypeName(doc));
        return false;
    }
    const Json* version = f.field("version", Need::Required);
    long long v = 0;
    if (version && !jsonInteger(*version, &v)) {
        std::string shown = version->is_number() ? shownJson(*version) : jsonTypeName(*version);
        c.error(f.pointerTo("version"), "\"version\" must be the integer " + std::to_string(kShotVersion) + ", not " + shown);
    } else if (version && v != kShotVersion) {
        c.error(f.pointerTo("version"), std::string(kind) + " format version " + std::to_string(v) +
                                            " is not supported; this kresy reads version " + std::to_string(kShotVersion));
        return false;
    }
    return true;
}

void readReplayPath(ObjectFields& f, std::optional<std::string>* out) {
    if (f.readOptionalString("replay", out) && out->value().empty())
        f.checker().error(f.pointerTo("replay"), "\"replay\" is empty; expected the path of a replay file");
}

// The array of a shot's keys or a deck's bookmarks (`key`), or null after reporting what is wrong
// with it; a file without it that looks like another kind of file is told so.
const Json* readEntries(ObjectFields& f, const Json& doc, const char* key, const char* kind, DocumentKind expected) {
    if (f.find(key))
        return f.readArray(key, Need::Required);
    f.checker().error("", "missing required field " + inQuotes(key) + " in the " + kind + otherKindHint(doc, expected));
    return nullptr;
}

// ---- Shots -------------------------------------------------------------------------------------

void readPosition(ShotContext& ctx, const Json& object, const std::string& pointer, ShotKey* out) {
    ObjectFields f(ctx.checker, object, pointer, "the position");
    readLonLat(ctx, f, &out->position);
    readAltitude(f, Need::Required, &out->position.alt);
    out->positionExtra = f.unknownFields({"lon", "lat", "alt"});
}

void readTarget(ShotContext& ctx, const Json& object, const std::string& pointer, ShotTarget* out) {
    ObjectFields f(ctx.checker, object, pointer, "the target");
    const bool unit = f.find("unit") != nullptr;
    const bool point = f.find("lon") || f.find("lat") || f.find("alt");
    if (unit && point) {
        ctx.checker.error(f.pointerTo("unit"),
                          "a \"target\" is a point {\"lon\", \"lat\", \"alt\"} or a unit {\"unit\"}, not both");
    } else if (unit) {
        readUnitReference(ctx, f, &out->unit);
    } else if (!point) {
        ctx.checker.error(pointer, "a \"target\" needs \"lon\" and \"lat\" (a point) or \"unit\" (a unit of the replay)");
    } else {
        GeoPoint p;
        readLonLat(ctx, f, &p);
        readAltitude(f, Need::Optional, &p.alt);
        out->onGround = !f.find("alt");
        out->point = p;
    }
    out->extra = f.unknownFields({"lon", "lat", "alt", "unit"});
}

// "heading", "pitch" and "roll". With a target, heading and pitch are ignored (but kept).
void readOrientation(ShotContext& ctx, const Json& object, const std::string& pointer, bool hasTarget, ShotKey* out) {
    ObjectFields f(ctx.checker, object, pointer, hasTarget ? "a key" : "a key without a \"target\"");
    const Need need = hasTarget ? Need::Optional : Need::Required;
    const bool heading = f.readNumber("heading", need, -kUnbounded, kUnbounded, &out->headingDeg);
    const bool pitch = f.readNumber("pitch", need, -90, 90, &out->pitchDeg);
    for (const auto& [key, read] : {std::pair{"heading", heading}, std::pair{"pitch", pitch}})
        if (read && hasTarget)
            ctx.checker.warning(f.pointerTo(key), inQuotes(key) + " is ignored: the key looks at its \"target\"");
    f.readNumber("roll", Need::Optional, -180, 180, &out->rollDeg);
}

void readEase(ObjectFields& f, ShotKey* out) {
    std::string name;
    if (!f.readString("ease", Need::Optional, &name))
        return;
    const auto* found = std::find_if(std::begin(kEaseNames), std::end(kEaseNames),
                                     [&](const char* n) { return name == n; });
    if (found == std::end(kEaseNames)) {
        f.checker().error(f.pointerTo("ease"), "unknown \"ease\" " + inQuotes(name) + "; expected one of " +
                                                   choiceList(kEaseNames));
        return;
    }
    const int i = int(found - std::begin(kEaseNames)); // easeIn + 2 * easeOut
    out->easeIn = (i & 1) != 0;
    out->easeOut = (i & 2) != 0;
}

// Which of a key's timing fields were read, for the checks across keys.
struct KeyTiming {
    std::string pointer;
    bool time = false, hold = true, campaignTime = false;
};

void readKey(ShotContext& ctx, const Json& object, KeyTiming* timing, ShotKey* out) {
    const std::string& pointer = timing->pointer;
    ObjectFields f(ctx.checker, object, pointer, "a key");
    timing->time = f.readNumber("time", Need::Required, 0, kUnbounded, &out->time);
    if (f.find("hold"))
        timing->hold = f.readNumber("hold", Need::Optional, 0, kUnbounded, &out->hold);
    if (const Json* position = readObject(f, "position", Need::Required, "{\"lon\", \"lat\", \"alt\"}"))
        readPosition(ctx, *position, f.pointerTo("position"), out);
    readOrientation(ctx, object, pointer, f.find("target") != nullptr, out);
    if (const Json* target = readObject(f, "target", Need::Optional, "{\"lon\", \"lat\", \"alt\"} or {\"unit\"}"))
        readTarget(ctx, *target, f.pointerTo("target"), &out->target.emplace());
    readFov(f, &out->fovDeg);
    Timestamp campaignTime;
    if (readCampaignTime(ctx, f, "campaignTime", Need::Optional, &campaignTime)) {
        timing->campaignTime = true;
        out->campaignTime = std::move(campaignTime);
    }
    readEase(f, out);
    f.readOptionalString("title", &out->title);
    f.readOptionalString("subtitle", &out->subtitle);
    out->extra = f.unknownFields({"time", "hold", "position", "heading", "pitch", "roll", "target", "fov",
                                  "campaignTime", "ease", "title", "subtitle"});
}

// A key's time against the previous key's: later, and not while the camera still holds there.
void checkKeyAfter(JsonChecker& c, const ShotKey& previous, const KeyTiming& previousTiming, const ShotKey& key,
                   const KeyTiming& timing) {
    const std::string time = timing.pointer + "/time";
    if (key.time == previous.time)
        c.error(time, "\"time\" " + plainNumber(key.time) + " repeats the previous key's; a shot's times must increase");
    else if (key.time < previous.time)
        c.error(time, "\"time\" " + plainNumber(key.time) + " is before the previous key's " + plainNumber(previous.time) +
                          "; a shot's times must increase");
    else if (previousTiming.hold && previous.time + previous.hold > key.time)
        c.error(previousTiming.pointer + "/hold", "\"hold\" " + plainNumber(previous.hold) +
                                                      " keeps the camera here until " +
                                                      plainNumber(previous.time + previous.hold) +
                                                      " s, after the next key's \"time\" " + plainNumber(key.time));
}

// The checks across keys: times, holds, campaign times that go back, easing with nothing to ease.
void checkKeyTimes(JsonChecker& c, const std::vector<ShotKey>& keys, const std::vector<KeyTiming>& timings) {
    const ShotKey* lastCampaign = nullptr;
    for (size_t i = 0; i < keys.size(); ++i) {
        const ShotKey& key = keys[i];
        const KeyTiming& timing = timings[i];
        if (i == 0 && timing.time && key.time > 0)
            c.warning(timing.pointer + "/time", "\"time\" " + plainNumber(key.time) +
                                                    " of the first key is not 0; the camera waits at it until then");
        if (i > 0 && timing.time && timings[i - 1].time)
            checkKeyAfter(c, keys[i - 1], timings[i - 1], key, timing);
        if (timing.campaignTime) {
            if (lastCampaign && key.campaignTime->time < lastCampaign->campaignTime->time)
                c.warning(timing.pointer + "/campaignTime",
                          "\"campaignTime\" " + key.campaignTime->text + " is before the previous key's " +
                              lastCampaign->campaignTime->text + "; the replay runs backwards between them");
            lastCampaign = &key;
        }
        const std::string ease = timing.pointer + "/ease";
        if (i == 0 && key.easeIn)
            c.warning(ease, "\"ease\" " + inQuotes(easeName(key.easeIn, key.easeOut)) +
                                " eases into the first key, which the camera does not arrive at");
        if (i + 1 == keys.size() && keys.size() > 1 && key.easeOut)
            c.warning(ease, "\"ease\" " + inQuotes(easeName(key.easeIn, key.easeOut)) +
                                " eases out of the last key, which the camera does not leave");
    }
}

void readShotDocument(ShotContext& ctx, const Json& doc, Shot* out) {
    JsonChecker& c = ctx.checker;
    ObjectFields f(c, doc, "", "the shot");
    if (!readableDocument(f, doc, "shot"))
        return;
    f.readString("title", Need::Required, &out->title);
    f.readOptionalString("description", &out->description);
    readReplayPath(f, &out->replay);
    if (const Json* keys = readEntries(f, doc, "keys", "shot", DocumentKind::Shot)) {
        if (keys->size() < 2)
            c.error("/keys", keys->empty() ? "\"keys\" is empty; a shot needs at least two keys"
                                           : "\"keys\" has one key; a shot needs at least two");
        std::vector<KeyTiming> timings;
        forEachObject(c, *keys, "/keys", "a key", [&](const Json& o, const std::string& p) {
            timings.push_back({p});
            readKey(ctx, o, &timings.back(), &out->keys.emplace_back());
        });
        checkKeyTimes(c, out->keys, timings);
    }
    out->extra = f.unknownFields({"version", "title", "description", "replay", "keys"});
}

// ---- Decks -------------------------------------------------------------------------------------

void readCamera(ShotContext& ctx, const Json& object, const std::string& pointer, Bookmark* out) {
    ObjectFields f(ctx.checker, object, pointer, "the camera");
    readLonLat(ctx, f, &out->position);
    readAltitude(f, Need::Required, &out->position.alt);
    f.readNumber("heading", Need::Required, -kUnbounded, kUnbounded, &out->headingDeg);
    f.readNumber("pitch", Need::Required, -90, 90, &out->pitchDeg);
    f.readNumber("roll", Need::Optional, -180, 180, &out->rollDeg);
    readFov(f, &out->fovDeg);
    out->cameraExtra = f.unknownFields({"lon", "lat", "alt", "heading", "pitch", "roll", "fov"});
}

// Layer names are the app's to know; here they are non-empty strings, each listed once.
void readLayers(JsonChecker& c, ObjectFields& f, Bookmark* out) {
    const Json* layers = f.readArray("layers", Need::Optional);
    if (!layers)
        return;
    std::vector<std::string>& names = out->layers.emplace();
    for (size_t i = 0; i < layers->size(); ++i) {
        const Json& name = (*layers)[i];
        const std::string pointer = elementPointer(f.pointerTo("layers"), i);
        if (!name.is_string()) {
            c.error(pointer, "a layer must be a string, not " + jsonTypeName(name));
        } else if (name.get_ref<const std::string&>().empty()) {
            c.error(pointer, "a layer name is empty");
        } else {
            if (std::find(names.begin(), names.end(), name.get_ref<const std::string&>()) != names.end())
                c.warning(pointer, "layer " + inQuotes(name.get_ref<const std::string&>()) + " is listed twice");
            names.push_back(name.get<std::string>());
        }
    }
}

void readBookmark(ShotContext& ctx, const Json& object, const std::string& pointer, Bookmark* out) {
    ObjectFields f(ctx.checker, object, pointer, "a bookmark");
    f.readString("title", Need::Required, &out->title);
    f.readOptionalString("subtitle", &out->subtitle);
    readCampaignTime(ctx, f, "time", Need::Required, &out->time);
    if (const Json* camera = readObject(f, "camera", Need::Required,
                                        "{\"lon\", \"lat\", \"alt\", \"heading\", \"pitch\", \"roll\", \"fov\"}"))
        readCamera(ctx, *camera, f.pointerTo("camera"), out);
    readLayers(ctx.checker, f, out);
    readUnitReference(ctx, f, &out->unit);
    out->extra = f.unknownFields({"title", "subtitle", "time", "camera", "layers", "unit"});
}

void readDeckDocument(ShotContext& ctx, const Json& doc, Deck* out) {
    JsonChecker& c = ctx.checker;
    ObjectFields f(c, doc, "", "the deck");
    if (!readableDocument(f, doc, "deck"))
        return;
    f.readString("title", Need::Required, &out->title);
    readReplayPath(f, &out->replay);
    if (const Json* bookmarks = readEntries(f, doc, "bookmarks", "deck", DocumentKind::Deck)) {
        if (bookmarks->empty())
            c.error("/bookmarks", "\"bookmarks\" is empty; a deck needs at least one bookmark");
        forEachObject(c, *bookmarks, "/bookmarks", "a bookmark", [&](const Json& o, const std::string& p) {
            readBookmark(ctx, o, p, &out->bookmarks.emplace_back());
        });
    }
    out->extra = f.unknownFields({"version", "title", "replay", "bookmarks"});
}

// ---- Parsing ---------------------------------------------------------------------------------

// Checks `text` as a document read by `read`; *out is written only when it has no error.
template <typename Document>
bool parseDocument(std::string_view text, const std::string& path, const LonLatBox* terrain, const Replay* replay,
                   Document* out, std::vector<Diagnostic>* diagnostics, const char* what,
                   void (*read)(ShotContext&, const Json&, Document*)) {
    return checkJsonDocument(text, path, what, diagnostics, [&](JsonChecker& checker, const Json& root) {
        ShotContext ctx{checker, terrain, replay};
        useReplay(ctx);
        Document document;
        read(ctx, root, &document);
        if (!checker.failed)
            *out = std::move(document);
    });
}

} // namespace

bool parseShot(std::string_view text, const std::string& path, const LonLatBox* terrain, Shot* out,
               std::vector<Diagnostic>* diagnostics, const Replay* replay) {
    return parseDocument(text, path, terrain, replay, out, diagnostics, "shot", readShotDocument);
}

bool loadShot(const std::string& path, const LonLatBox* terrain, Shot* out, std::vector<Diagnostic>* diagnostics,
              const Replay* replay) {
    std::string text;
    return readDocumentFile(path, &text, diagnostics) && parseShot(text, path, terrain, out, diagnostics, replay);
}

bool parseDeck(std::string_view text, const std::string& path, const LonLatBox* terrain, Deck* out,
               std::vector<Diagnostic>* diagnostics, const Replay* replay) {
    return parseDocument(text, path, terrain, replay, out, diagnostics, "deck", readDeckDocument);
}

bool loadDeck(const std::string& path, const LonLatBox* terrain, Deck* out, std::vector<Diagnostic>* diagnostics,
              const Replay* replay) {
    std::string text;
    return readDocumentFile(path, &text, diagnostics) && parseDeck(text, path, terrain, out, diagnostics, replay);
}

std::string shotReplayPath(const std::string& file, const std::string& replay) {
    return (std::filesystem::path(file).parent_path() / replay).lexically_normal().string();
}

} // namespace kresy
