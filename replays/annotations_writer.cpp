// Writing annotations back to their file format; the layout is core/json_writer.h's.

#include "annotations_internal.h"
#include "annotations_io.h"

#include "core/files.h"
#include "core/json_writer.h"

#include <cstdio>
#include <exception>

namespace kresy {
namespace {

Json styleJson(const AnnotationStyle& s) {
    Json o = Json::object();
    if (s.colour) {
        char colour[8];
        std::snprintf(colour, sizeof colour, "#%06x", unsigned(*s.colour & 0xFFFFFF));
        o["colour"] = colour;
    }
    if (s.opacity)
        o["opacity"] = jsonNumber(*s.opacity);
    if (s.widthPixels)
        o["width_px"] = jsonNumber(*s.widthPixels);
    if (s.widthKm)
        o["width_km"] = jsonNumber(*s.widthKm);
    if (s.dash)
        o["dash"] = enumName(*s.dash);
    if (s.textPixels)
        o["text_px"] = jsonNumber(*s.textPixels);
    appendExtraFields(o, s.extra);
    return o;
}

Json annotationSetJson(const AnnotationSet& set) {
    Json doc = Json::object();
    doc["format"] = "kresy-annotations";
    doc["version"] = set.version;
    Json annotations = Json::array();
    for (const Annotation& a : set.annotations)
        annotations.push_back(replay_detail::annotationJson(a));
    doc["annotations"] = std::move(annotations);
    appendExtraFields(doc, set.extra);
    return doc;
}

} // namespace

Json replay_detail::annotationJson(const Annotation& a) {
    Json o = {{"id", a.id}, {"kind", enumName(a.kind)}};
    if (a.text)
        o["text"] = *a.text;
    if (a.side)
        o["side"] = *a.side;
    Json points = Json::array();
    for (const GeoPosition& p : a.points)
        points.push_back(Json::array({jsonNumber(p.lon), jsonNumber(p.lat)}));
    o["points"] = std::move(points);
    if (a.start)
        o["start"] = timestampText(*a.start);
    if (a.end)
        o["end"] = timestampText(*a.end);
    if (a.grow) {
        Json grow = {{"start", timestampText(a.grow->start)}, {"end", timestampText(a.grow->end)}};
        appendExtraFields(grow, a.grow->extra);
        o["grow"] = std::move(grow);
    }
    if (a.priority)
        o["priority"] = *a.priority;
    Json style = styleJson(a.style);
    if (!style.empty())
        o["style"] = std::move(style);
    if (!a.sources.empty())
        o["sources"] = a.sources;
    if (a.description)
        o["description"] = *a.description;
    appendExtraFields(o, a.extra);
    return o;
}

std::string writeAnnotations(const AnnotationSet& set) {
    try {
        return jsonFileText(annotationSetJson(set));
    } catch (const std::exception&) { // bad_alloc
        return {};
    }
}

bool saveAnnotations(const std::string& path, const AnnotationSet& set, std::string* error) {
    const std::string text = writeAnnotations(set);
    if (text.empty()) {
        *error = path + ": out of memory";
        return false;
    }
    if (!writeFileAtomic(path, text, error))
        return false;
    removeDeadTemporaries(path); // a save killed earlier left one
    return true;
}

} // namespace kresy
