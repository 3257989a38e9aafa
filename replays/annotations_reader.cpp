// Reading and checking annotations: an annotations file, and (through readAnnotationArray) a
// replay's own "annotations" array.

#include "annotations_internal.h"
#include "annotations_io.h"

#include <algorithm>
#include <utility>

namespace kresy {

using namespace replay_detail;

namespace {

constexpr const char* kFormat = "kresy-annotations";

// "a label", "an arrow", ...: for messages.
std::string withArticle(AnnotationKind kind) {
    const std::string name = enumName(kind);
    return (kind == AnnotationKind::Arrow || kind == AnnotationKind::Area ? "an " : "a ") + name;
}

struct Reader {
    JsonChecker& checker;
    const AnnotationReferences& references;

    // [lon, lat]: a point in its array, at `pointer`.
    bool readPoint(const Json& value, const std::string& pointer, GeoPosition* out) {
        if (!value.is_array()) {
            checker.error(pointer, "a point must be an array [lon, lat], not " + jsonTypeName(value));
            return false;
        }
        if (value.size() != 2) {
            checker.error(pointer, "a point must be [lon, lat], two numbers, not " + std::to_string(value.size()) +
                                       (value.size() == 1 ? " value" : " values"));
            return false;
        }
        const bool lon = readCoordinate(value[0], elementPointer(pointer, 0), "longitude", 180, &out->lon);
        const bool lat = readCoordinate(value[1], elementPointer(pointer, 1), "latitude", 90, &out->lat);
        return lon && lat;
    }

    bool readCoordinate(const Json& value, const std::string& pointer, const char* name, double limit, double* out) {
        if (!value.is_number()) {
            checker.error(pointer, std::string("a ") + name + " must be a number, not " + jsonTypeName(value));
            return false;
        }
        const double d = value.get<double>();
        if (!(d >= -limit && d <= limit)) {
            checker.error(pointer, std::string(name) + " " + shownJson(value) + " is outside " + shownNumber(-limit) +
                                       ".." + shownNumber(limit));
            return false;
        }
        *out = d;
        return true;
    }

    // The points, and whether there are as many as the kind needs (when the kind is known). An
    // area's ring that repeats its first point at the end loses that point, with a warning.
    void readPoints(ObjectFields& f, const AnnotationKind* kind, Annotation* out) {
        const Json* points = f.readArray("points", Need::Required);
        if (!points)
            return;
        const std::string pointer = f.pointerTo("points");
        bool allRead = true;
        for (size_t i = 0; i < points->size(); ++i) {
            GeoPosition p;
            if (readPoint((*points)[i], elementPointer(pointer, i), &p))
                out->points.push_back(p);
            else
                allRead = false;
        }
        if (!kind)
            return;
        size_t count = points->size();
        switch (*kind) {
        case AnnotationKind::Label:
            if (count != 1)
                checker.error(pointer, "a label needs exactly 1 point, not " + std::to_string(count));
            break;
        case AnnotationKind::Arrow:
        case AnnotationKind::Line:
            if (count < 2)
                checker.error(pointer, withArticle(*kind) + " needs at least 2 points, not " + std::to_string(count));
            break;
        case AnnotationKind::Area: {
            if (allRead && count > 1 && out->points.front() == out->points.back()) {
                checker.warning(elementPointer(pointer, count - 1),
                                "the last point repeats the first; an area's ring closes by itself, so it is dropped");
                out->points.pop_back();
                --count;
            }
            if (allRead) {
                std::vector<std::pair<double, double>> distinct;
                for (const GeoPosition& p : out->points)
                    distinct.push_back({p.lon, p.lat});
                std::sort(distinct.begin(), distinct.end());
                count = size_t(std::unique(distinct.begin(), distinct.end()) - distinct.begin());
            }
            if (count < 3)
                checker.error(pointer, "an area needs at least 3 distinct points, not " + std::to_string(count));
            break;
        }
        }
    }

    // "start" and "end": both optional; an end before the start is an error.
    void readTimes(ObjectFields& f, Annotation* out) {
        Timestamp start, end;
        if (f.readTime("start", Need::Optional, &start))
            out->start = std::move(start);
        if (!f.readTime("end", Need::Optional, &end))
            return;
        if (out->start && end.time < out->start->time)
            checker.error(f.pointerTo("end"), "\"end\" " + end.text + " is before \"start\" " + out->start->text);
        out->end = std::move(end);
    }

    // "grow": arrows only, within the annotation's own time.
    void readGrow(ObjectFields& f, const AnnotationKind* kind, Annotation* out) {
        const Json* grow = f.field("grow", Need::Optional);
        if (!grow)
            return;
        const std::string pointer = f.pointerTo("grow");
        if (!grow->is_object()) {
            checker.error(pointer, "\"grow\" must be an object {\"start\", \"end\"}, not " + jsonTypeName(*grow));
            return;
        }
        TimeSpan span;
        const bool read = readTimeSpan(checker, *grow, pointer, "\"grow\"", &span);
        if (kind && *kind != AnnotationKind::Arrow) {
            checker.warning(pointer, "\"grow\" is for arrows; " + withArticle(*kind) + " is drawn whole, so it is ignored");
        } else if (read) {
            if (out->start && span.start.time < out->start->time)
                checker.error(pointer + "/start", "\"grow\" starts at " + span.start.text + ", before the annotation's "
                                                  "\"start\" " + out->start->text);
            if (out->end && span.end.time > out->end->time)
                checker.error(pointer + "/end", "\"grow\" ends at " + span.end.text + ", after the annotation's \"end\" " +
                                                out->end->text);
        }
        out->grow = std::move(span);
    }

    void readSources(ObjectFields& f, Annotation* out) {
        const Json* sources = f.readArray("sources", Need::Optional);
        if (!sources)
            return;
        for (size_t i = 0; i < sources->size(); ++i) {
            const Json& id = (*sources)[i];
            const std::string pointer = elementPointer(f.pointerTo("sources"), i);
            if (!id.is_string()) {
                checker.error(pointer, "a source id must be a string, not " + jsonTypeName(id));
                continue;
            }
            out->sources.push_back(id.get<std::string>());
            if (references.sources)
                references.sources->checkReference(checker, out->sources.back(), pointer);
        }
    }

    void readStyle(ObjectFields& annotation, AnnotationStyle* out) {
        const Json* style = annotation.field("style", Need::Optional);
        if (!style)
            return;
        if (!style->is_object()) {
            checker.error(annotation.pointerTo("style"), "\"style\" must be an object, not " + jsonTypeName(*style));
            return;
        }
        ObjectFields f(checker, *style, annotation.pointerTo("style"), "the style");
        uint32_t colour = 0;
        if (f.readColour("colour", Need::Optional, &colour))
            out->colour = colour;
        const auto number = [&](std::string_view key, double lo, double hi, std::optional<double>* value) {
            double d = 0;
            if (f.readNumber(key, Need::Optional, lo, hi, &d))
                *value = d;
        };
        number("opacity", 0, 1, &out->opacity);
        number("width_px", 0.5, 40, &out->widthPixels);
        number("width_km", 0.1, 200, &out->widthKm);
        LineDash dash;
        if (f.readEnum("dash", Need::Optional, &dash))
            out->dash = dash;
        number("text_px", 6, 96, &out->textPixels);
        out->extra = f.unknownFields({"colour", "opacity", "width_px", "width_km", "dash", "text_px"});
    }

    void readAnnotation(const Json& object, const std::string& pointer, Annotation* out) {
        ObjectFields f(checker, object, pointer, "an annotation");
        f.readId("id", &out->id);
        const AnnotationKind* kind = f.readEnum("kind", Need::Required, &out->kind) ? &out->kind : nullptr;
        const bool label = kind && *kind == AnnotationKind::Label;
        if (label && !f.find("text"))
            checker.error(pointer, "missing required field \"text\" in a label");
        else if (f.readOptionalString("text", &out->text) && label && out->text->empty())
            checker.error(f.pointerTo("text"), "\"text\" is empty; a label needs text");
        if (f.readOptionalString("side", &out->side) && references.sides)
            references.sides->checkReference(checker, *out->side, f.pointerTo("side"));
        readPoints(f, kind, out);
        readTimes(f, out);
        readGrow(f, kind, out);
        long long priority = 0;
        if (f.readInteger("priority", Need::Optional, 0, 1000, &priority))
            out->priority = int(priority);
        readStyle(f, &out->style);
        readSources(f, out);
        f.readOptionalString("description", &out->description);
        out->extra = f.unknownFields({"id", "kind", "text", "side", "points", "start", "end", "grow", "priority", "style",
                                      "sources", "description"});
    }

    void readDocument(const Json& doc, AnnotationSet* out) {
        if (!doc.is_object()) {
            checker.error("", "an annotations file must be a JSON object, not " + jsonTypeName(doc));
            return;
        }
        ObjectFields f(checker, doc, "", "the annotations file");
        std::string format;
        if (f.readString("format", Need::Optional, &format) && format != kFormat) {
            checker.error(f.pointerTo("format"), "\"format\" " + inQuotes(format) + " is not " + inQuotes(kFormat) +
                                                     "; this is not an annotations file");
            return;
        }
        out->version = kAnnotationsVersion;
        if (!readFormatVersion(f, kAnnotationsVersion, "annotations"))
            return;
        if (const Json* annotations = f.readArray("annotations", Need::Required))
            readAnnotationArray(checker, *annotations, "/annotations", references, &out->annotations);
        out->extra = f.unknownFields({"format", "version", "annotations"});
    }
};

} // namespace

void replay_detail::readAnnotationArray(JsonChecker& checker, const Json& array, const std::string& pointer,
                                        const AnnotationReferences& references, std::vector<Annotation>* out) {
    IdSet ids("annotation");
    defineIds(checker, array, pointer, &ids);
    Reader reader{checker, references};
    forEachObject(checker, array, pointer, "an annotation", [&](const Json& object, const std::string& at) {
        reader.readAnnotation(object, at, &out->emplace_back());
    });
}

bool parseAnnotations(std::string_view text, const std::string& path, const Replay* replay, AnnotationSet* out,
                      std::vector<Diagnostic>* diagnostics) {
    return checkJsonDocument(text, path, "annotations file", diagnostics, [&](JsonChecker& checker, const Json& root) {
        // The replay's ids, without a word about the replay's own problems.
        const JsonPositions nowhere;
        std::vector<Diagnostic> ignored;
        JsonChecker quiet{path, nowhere, &ignored};
        IdSet sides("side"), sources("source");
        AnnotationReferences references;
        if (replay) {
            for (const Side& s : replay->sides)
                sides.define(quiet, s.id, "");
            for (const Source& s : replay->metadata.sources)
                sources.define(quiet, s.id, "");
            references = {&sides, &sources};
        }
        AnnotationSet set;
        Reader{checker, references}.readDocument(root, &set);
        if (!checker.failed)
            *out = std::move(set);
    });
}

bool loadAnnotations(const std::string& path, const Replay* replay, AnnotationSet* out,
                     std::vector<Diagnostic>* diagnostics) {
    std::string text;
    return readDocumentFile(path, &text, diagnostics) && parseAnnotations(text, path, replay, out, diagnostics);
}

} // namespace kresy
