// Writing a replay back to its file format; the layout is core/json_writer.h's.

#include "annotations_internal.h"
#include "replay_io.h"

#include "core/json_writer.h"

#include <cstdio>
#include <exception>

namespace kresy {
namespace {

Json sourceJson(const Source& s) {
    Json o = {{"id", s.id}, {"citation", s.citation}};
    if (s.url)
        o["url"] = *s.url;
    appendExtraFields(o, s.extra);
    return o;
}

Json metadataJson(const Metadata& m) {
    Json o = Json::object();
    o["title"] = m.title;
    if (m.description)
        o["description"] = *m.description;
    if (m.span) {
        Json span = {{"start", timestampText(m.span->start)}, {"end", timestampText(m.span->end)}};
        appendExtraFields(span, m.span->extra);
        o["span"] = std::move(span);
    }
    if (!m.sources.empty()) {
        Json sources = Json::array();
        for (const Source& s : m.sources)
            sources.push_back(sourceJson(s));
        o["sources"] = std::move(sources);
    }
    appendExtraFields(o, m.extra);
    return o;
}

Json sideJson(const Side& s) {
    char colour[8];
    std::snprintf(colour, sizeof colour, "#%06x", unsigned(s.colour & 0xFFFFFF));
    Json o = {{"id", s.id}, {"name", s.name}, {"colour", colour}, {"affiliation", enumName(s.affiliation)}};
    appendExtraFields(o, s.extra);
    return o;
}

Json waypointJson(const Waypoint& w) {
    Json o = {{"time", timestampText(w.time)}, {"lon", jsonNumber(w.lon)}, {"lat", jsonNumber(w.lat)}};
    if (w.status)
        o["status"] = enumName(*w.status);
    if (w.strength)
        o["strength"] = jsonNumber(*w.strength);
    if (w.uncertaintyKm != 0)
        o["uncertainty_km"] = jsonNumber(w.uncertaintyKm);
    if (w.source)
        o["source"] = *w.source;
    appendExtraFields(o, w.extra);
    return o;
}

Json unitJson(const Unit& u) {
    Json o = {{"id", u.id}, {"name", u.name}, {"side", u.side}, {"type", enumName(u.type)},
              {"echelon", enumName(u.echelon)}};
    if (u.parent)
        o["parent"] = *u.parent;
    if (u.commander)
        o["commander"] = *u.commander;
    if (u.symbol)
        o["symbol"] = *u.symbol;
    if (u.model)
        o["model"] = *u.model;
    if (u.modelHeading)
        o["model_heading"] = *u.modelHeading;
    Json track = Json::array();
    for (const Waypoint& w : u.track)
        track.push_back(waypointJson(w));
    o["track"] = std::move(track);
    appendExtraFields(o, u.extra);
    return o;
}

Json eventJson(const Event& e) {
    Json o = {{"id", e.id}, {"kind", enumName(e.kind)}, {"title", e.title}, {"start", timestampText(e.start)}};
    if (e.end)
        o["end"] = timestampText(*e.end);
    Json place = Json::object();
    if (e.place.name)
        place["name"] = *e.place.name;
    place["lon"] = jsonNumber(e.place.lon);
    place["lat"] = jsonNumber(e.place.lat);
    appendExtraFields(place, e.place.extra);
    o["place"] = std::move(place);
    if (!e.units.empty())
        o["units"] = e.units;
    if (e.description)
        o["description"] = *e.description;
    if (e.sourceList || e.sources.size() != 1)
        o["source"] = e.sources;
    else
        o["source"] = e.sources[0];
    appendExtraFields(o, e.extra);
    return o;
}

Json replayJson(const Replay& r) {
    Json doc = Json::object();
    doc["format"] = "kresy-replay";
    doc["version"] = r.version;
    doc["metadata"] = metadataJson(r.metadata);
    doc["sides"] = Json::array();
    for (const Side& s : r.sides)
        doc["sides"].push_back(sideJson(s));
    doc["units"] = Json::array();
    for (const Unit& u : r.units)
        doc["units"].push_back(unitJson(u));
    doc["events"] = Json::array();
    for (const Event& e : r.events)
        doc["events"].push_back(eventJson(e));
    if (!r.annotations.empty()) {
        doc["annotations"] = Json::array();
        for (const Annotation& a : r.annotations)
            doc["annotations"].push_back(replay_detail::annotationJson(a));
    }
    appendExtraFields(doc, r.extra);
    return doc;
}

} // namespace

std::string writeReplay(const Replay& replay) {
    try {
        return jsonFileText(replayJson(replay));
    } catch (const std::exception&) { // bad_alloc
        return {};
    }
}

} // namespace kresy
