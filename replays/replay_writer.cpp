// Writing a replay back to its file format.

#include "replay_io.h"

#include <cmath>
#include <cstdio>
#include <exception>

namespace kresy {
namespace {

// JSON does not distinguish 5 from 5.0; write whole numbers the way a person would.
Json number(double v) {
    if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 1e15)
        return static_cast<int64_t>(v);
    return v;
}

Json timeJson(const Timestamp& t) {
    // The text as read keeps its offset; a time set in code (or changed since) is written in UTC.
    if (!t.text.empty()) {
        const std::optional<Time> parsed = parseIso8601(t.text);
        if (parsed && *parsed == t.time)
            return t.text;
    }
    return formatIso8601(t.time);
}

// Unknown fields after the known ones; one that clashes with a known field is dropped.
void appendExtra(Json& object, const Json& extra) {
    if (!extra.is_object())
        return;
    for (const auto& [key, value] : extra.items())
        if (!object.contains(key))
            object[key] = value;
}

Json sourceJson(const Source& s) {
    Json o = {{"id", s.id}, {"citation", s.citation}};
    if (s.url)
        o["url"] = *s.url;
    appendExtra(o, s.extra);
    return o;
}

Json metadataJson(const Metadata& m) {
    Json o = Json::object();
    o["title"] = m.title;
    if (m.description)
        o["description"] = *m.description;
    if (m.span) {
        Json span = {{"start", timeJson(m.span->start)}, {"end", timeJson(m.span->end)}};
        appendExtra(span, m.span->extra);
        o["span"] = std::move(span);
    }
    if (!m.sources.empty()) {
        Json sources = Json::array();
        for (const Source& s : m.sources)
            sources.push_back(sourceJson(s));
        o["sources"] = std::move(sources);
    }
    appendExtra(o, m.extra);
    return o;
}

Json sideJson(const Side& s) {
    char colour[8];
    std::snprintf(colour, sizeof colour, "#%06x", unsigned(s.colour & 0xFFFFFF));
    Json o = {{"id", s.id}, {"name", s.name}, {"colour", colour}, {"affiliation", enumName(s.affiliation)}};
    appendExtra(o, s.extra);
    return o;
}

Json waypointJson(const Waypoint& w) {
    Json o = {{"time", timeJson(w.time)}, {"lon", number(w.lon)}, {"lat", number(w.lat)}};
    if (w.status)
        o["status"] = enumName(*w.status);
    if (w.strength)
        o["strength"] = number(*w.strength);
    if (w.uncertaintyKm != 0)
        o["uncertainty_km"] = number(w.uncertaintyKm);
    if (w.source)
        o["source"] = *w.source;
    appendExtra(o, w.extra);
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
    appendExtra(o, u.extra);
    return o;
}

Json eventJson(const Event& e) {
    Json o = {{"id", e.id}, {"kind", enumName(e.kind)}, {"title", e.title}, {"start", timeJson(e.start)}};
    if (e.end)
        o["end"] = timeJson(*e.end);
    Json place = Json::object();
    if (e.place.name)
        place["name"] = *e.place.name;
    place["lon"] = number(e.place.lon);
    place["lat"] = number(e.place.lat);
    appendExtra(place, e.place.extra);
    o["place"] = std::move(place);
    if (!e.units.empty())
        o["units"] = e.units;
    if (e.description)
        o["description"] = *e.description;
    if (e.sourceList || e.sources.size() != 1)
        o["source"] = e.sources;
    else
        o["source"] = e.sources[0];
    appendExtra(o, e.extra);
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
    appendExtra(doc, r.extra);
    return doc;
}

std::string scalarText(const Json& v) { return v.dump(-1, ' ', false, Json::error_handler_t::replace); }

bool holdsContainers(const Json& v) {
    for (const Json& element : v)
        if (element.is_structured())
            return true;
    return false;
}

// Pretty-prints with 2-space indentation; a container of plain values goes on one line.
void writeValue(const Json& v, int indent, std::string* out) {
    if (!v.is_structured()) {
        *out += scalarText(v);
        return;
    }
    const bool object = v.is_object();
    if (v.empty()) {
        *out += object ? "{}" : "[]";
        return;
    }
    const bool oneLine = !holdsContainers(v);
    *out += object ? (oneLine ? "{ " : "{") : "[";
    size_t i = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++i) {
        if (i > 0)
            *out += ',';
        if (!oneLine) {
            *out += '\n';
            out->append(size_t(indent + 2), ' ');
        } else if (i > 0) {
            *out += ' ';
        }
        if (object) {
            *out += scalarText(Json(it.key()));
            *out += ": ";
        }
        writeValue(*it, indent + 2, out);
    }
    if (!oneLine) {
        *out += '\n';
        out->append(size_t(indent), ' ');
    }
    *out += object ? (oneLine ? " }" : "}") : "]";
}

} // namespace

std::string writeReplay(const Replay& replay) {
    try {
        std::string out;
        writeValue(replayJson(replay), 0, &out);
        out += '\n';
        return out;
    } catch (const std::exception&) { // bad_alloc
        return {};
    }
}

} // namespace kresy
