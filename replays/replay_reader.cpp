// Reading and checking a replay: the document, its metadata, sides and events. Units and their
// tracks are in replay_units.cpp.

#include "annotations_internal.h"
#include "replay_fields.h"
#include "replay_io.h"

namespace kresy {

using namespace replay_detail;

namespace {

void readSource(ReadContext& ctx, const Json& object, const std::string& pointer, Source* out) {
    ObjectFields f(ctx.checker, object, pointer, "a source");
    f.readId("id", &out->id);
    f.readString("citation", Need::Required, &out->citation);
    f.readOptionalString("url", &out->url);
    out->extra = f.unknownFields({"id", "citation", "url"});
}

void readMetadata(ReadContext& ctx, const Json& object, const std::string& pointer, Metadata* out) {
    ObjectFields f(ctx.checker, object, pointer, "the metadata");
    f.readString("title", Need::Required, &out->title);
    f.readOptionalString("description", &out->description);
    if (const Json* span = f.field("span", Need::Optional)) {
        if (!span->is_object()) {
            ctx.checker.error(f.pointerTo("span"), "\"span\" must be an object {\"start\", \"end\"}, not " +
                                                       jsonTypeName(*span));
        } else {
            TimeSpan s;
            if (readTimeSpan(ctx.checker, *span, f.pointerTo("span"), "the span", &s))
                ctx.span = s;
            out->span = std::move(s);
        }
    }
    if (const Json* sources = f.readArray("sources", Need::Optional)) {
        defineIds(ctx.checker, *sources, f.pointerTo("sources"), &ctx.sources);
        forEachObject(ctx.checker, *sources, f.pointerTo("sources"), "a source", [&](const Json& o, const std::string& p) {
            readSource(ctx, o, p, &out->sources.emplace_back());
        });
    }
    out->extra = f.unknownFields({"title", "description", "span", "sources"});
}

void readSide(ReadContext& ctx, const Json& object, const std::string& pointer, Side* out) {
    ObjectFields f(ctx.checker, object, pointer, "a side");
    f.readId("id", &out->id);
    f.readString("name", Need::Required, &out->name);
    f.readColour("colour", Need::Required, &out->colour);
    f.readEnum("affiliation", Need::Optional, &out->affiliation);
    out->extra = f.unknownFields({"id", "name", "colour", "affiliation"});
}

void readPlace(ReadContext& ctx, const Json& object, const std::string& pointer, EventPlace* out) {
    ObjectFields f(ctx.checker, object, pointer, "the place");
    f.readOptionalString("name", &out->name);
    const bool lon = f.readNumber("lon", Need::Required, -180, 180, &out->lon);
    const bool lat = f.readNumber("lat", Need::Required, -90, 90, &out->lat);
    if (lon && lat)
        checkOnTerrain(ctx, f, out->lon, out->lat);
    out->extra = f.unknownFields({"name", "lon", "lat"});
}

// "source": one source id, or a non-empty array of them.
void readEventSources(ReadContext& ctx, ObjectFields& f, Event* out) {
    const Json* v = f.field("source", Need::Required);
    if (!v)
        return;
    const std::string pointer = f.pointerTo("source");
    if (v->is_string()) {
        out->sources = {v->get<std::string>()};
        ctx.sources.checkReference(ctx.checker, out->sources[0], pointer);
        return;
    }
    if (!v->is_array()) {
        ctx.checker.error(pointer, "\"source\" must be a source id or an array of them, not " + jsonTypeName(*v));
        return;
    }
    out->sourceList = true;
    if (v->empty())
        ctx.checker.error(pointer, "\"source\" is empty; an event needs at least one source");
    for (size_t i = 0; i < v->size(); ++i) {
        const Json& id = (*v)[i];
        if (!id.is_string()) {
            ctx.checker.error(elementPointer(pointer, i), "a source id must be a string, not " + jsonTypeName(id));
            continue;
        }
        out->sources.push_back(id.get<std::string>());
        ctx.sources.checkReference(ctx.checker, out->sources.back(), elementPointer(pointer, i));
    }
}

void readEventUnits(ReadContext& ctx, ObjectFields& f, Event* out) {
    const Json* units = f.readArray("units", Need::Optional);
    if (!units)
        return;
    for (size_t i = 0; i < units->size(); ++i) {
        const Json& id = (*units)[i];
        const std::string pointer = elementPointer(f.pointerTo("units"), i);
        if (!id.is_string()) {
            ctx.checker.error(pointer, "a unit id must be a string, not " + jsonTypeName(id));
            continue;
        }
        out->units.push_back(id.get<std::string>());
        ctx.units.checkReference(ctx.checker, out->units.back(), pointer);
    }
}

void readEvent(ReadContext& ctx, const Json& object, const std::string& pointer, Event* out) {
    ObjectFields f(ctx.checker, object, pointer, "an event");
    f.readId("id", &out->id);
    f.readEnum("kind", Need::Required, &out->kind);
    f.readString("title", Need::Required, &out->title);
    const bool start = f.readTime("start", Need::Required, &out->start);
    if (start)
        checkInSpan(ctx, f, "start", out->start);
    Timestamp end;
    if (f.readTime("end", Need::Optional, &end)) {
        if (start && end.time < out->start.time)
            ctx.checker.error(f.pointerTo("end"), "\"end\" " + end.text + " is before \"start\" " + out->start.text);
        else
            checkInSpan(ctx, f, "end", end);
        out->end = std::move(end);
    }
    if (const Json* place = f.field("place", Need::Required)) {
        if (place->is_object())
            readPlace(ctx, *place, f.pointerTo("place"), &out->place);
        else
            ctx.checker.error(f.pointerTo("place"), "\"place\" must be an object {\"name\", \"lon\", \"lat\"}, not " +
                                                        jsonTypeName(*place));
    }
    readEventUnits(ctx, f, out);
    f.readOptionalString("description", &out->description);
    readEventSources(ctx, f, out);
    out->extra = f.unknownFields({"id", "kind", "title", "start", "end", "place", "units", "description", "source"});
}

// "format" and "version"; false when the file is not one this reader can read at all.
bool readFormat(JsonChecker& c, ObjectFields& f, Replay* out) {
    std::string format;
    if (f.readString("format", Need::Required, &format) && format != "kresy-replay") {
        c.error(f.pointerTo("format"), "\"format\" " + inQuotes(format) + " is not \"kresy-replay\"; this is not a replay file");
        return false;
    }
    out->version = kReplayVersion;
    return readFormatVersion(f, kReplayVersion, "replay");
}

void readDocument(ReadContext& ctx, const Json& doc, Replay* out) {
    JsonChecker& c = ctx.checker;
    if (!doc.is_object()) {
        c.error("", "a replay must be a JSON object, not " + jsonTypeName(doc));
        return;
    }
    ObjectFields f(c, doc, "", "the replay");
    if (!readFormat(c, f, out))
        return;
    if (const Json* metadata = f.field("metadata", Need::Required)) {
        if (metadata->is_object())
            readMetadata(ctx, *metadata, "/metadata", &out->metadata);
        else
            c.error("/metadata", "\"metadata\" must be an object, not " + jsonTypeName(*metadata));
    }
    if (const Json* sides = f.readArray("sides", Need::Required)) {
        if (sides->empty())
            c.error("/sides", "\"sides\" is empty; a replay needs at least one side");
        defineIds(c, *sides, "/sides", &ctx.sides);
        forEachObject(c, *sides, "/sides", "a side", [&](const Json& o, const std::string& p) {
            readSide(ctx, o, p, &out->sides.emplace_back());
        });
    }
    const Json* units = f.readArray("units", Need::Required);
    if (units)
        defineIds(c, *units, "/units", &ctx.units);
    const Json* events = f.readArray("events", Need::Optional);
    if (events)
        defineIds(c, *events, "/events", &ctx.events);
    if (units)
        readUnits(ctx, *units, &out->units);
    if (events)
        forEachObject(c, *events, "/events", "an event", [&](const Json& o, const std::string& p) {
            readEvent(ctx, o, p, &out->events.emplace_back());
        });
    if (const Json* annotations = f.readArray("annotations", Need::Optional))
        readAnnotationArray(c, *annotations, "/annotations", {&ctx.sides, &ctx.sources}, &out->annotations);
    out->extra = f.unknownFields({"format", "version", "metadata", "sides", "units", "events", "annotations"});
}

} // namespace

bool parseReplay(std::string_view text, const std::string& path, const LonLatBox* terrain, Replay* out,
                 std::vector<Diagnostic>* diagnostics) {
    return checkJsonDocument(text, path, "replay", diagnostics, [&](JsonChecker& checker, const Json& root) {
        ReadContext ctx{checker, terrain};
        Replay replay;
        readDocument(ctx, root, &replay);
        if (!checker.failed)
            *out = std::move(replay);
    });
}

bool loadReplay(const std::string& path, const LonLatBox* terrain, Replay* out, std::vector<Diagnostic>* diagnostics) {
    std::string text;
    return readDocumentFile(path, &text, diagnostics) && parseReplay(text, path, terrain, out, diagnostics);
}

} // namespace kresy
