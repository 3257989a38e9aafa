#pragma once
// Campaign annotations (docs/annotation-format.md): what a war map draws over the ground besides
// units, each visible over a time span. A label (text at a point), an arrow (a broad war-map
// arrow along a polyline that may grow along its path over a time span), an area (a polygon:
// a bridgehead, an encirclement) and a line (a front or demarcation line).
//
// They live in a file of their own beside the replay (NAME.annotations.json next to NAME.json)
// or in the replay's "annotations" array; the objects are the same in both. As with replays, the
// structs mirror the file: optional fields are std::optional, unknown fields are kept in `extra`
// in their order, so writing back gives the same file.

#include "replay_types.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kresy {

enum class AnnotationKind : uint8_t { Label, Arrow, Area, Line };
template <> std::span<const char* const> enumNames<AnnotationKind>(); // "label", "arrow", "area", "line"

enum class LineDash : uint8_t { Solid, Dashed, Dotted };
template <> std::span<const char* const> enumNames<LineDash>(); // "solid", "dashed", "dotted"

// How an annotation is drawn. Absent fields take the kind's defaults (scene/annotations.h);
// `colour` absent takes the colour of the annotation's side, else the kind's.
struct AnnotationStyle {
    std::optional<uint32_t> colour;   // "#rrggbb"
    std::optional<double> opacity;    // 0..1: the fill of arrows and areas, the text and lines
    std::optional<double> widthPixels; // lines and outlines on screen, at 1080 lines (0.5..40)
    std::optional<double> widthKm;    // an arrow's body on the ground (0.1..200)
    std::optional<LineDash> dash;     // lines and areas' outlines
    std::optional<double> textPixels; // labels' text height at 1080 lines (6..96)
    Json extra = Json::object();

    bool operator==(const AnnotationStyle&) const = default;
};

struct GeoPosition {
    double lon = 0, lat = 0; // degrees, WGS84; written [lon, lat] as in GeoJSON
    bool operator==(const GeoPosition&) const = default;
};

struct Annotation {
    std::string id;                 // unique within the file (and the replay)
    AnnotationKind kind = AnnotationKind::Label;
    std::optional<std::string> text; // a label's text (required for labels); others: a name for lists
    std::vector<GeoPosition> points; // label 1; arrow and line at least 2, in drawing order;
                                     // area at least 3, a ring not repeating its first point
    std::optional<Timestamp> start;  // shown from (absent: always before `end`)
    std::optional<Timestamp> end;    // shown until (absent: for ever after `start`)
    // Arrows: grows from its first point to its full length between grow.start and grow.end
    // (absent: drawn whole from `start`). Must lie within [start, end] when both are given.
    std::optional<TimeSpan> grow;
    std::optional<std::string> side; // a Side's id in the replay: its colour by default
    std::optional<int> priority;     // labels: lower is placed first (0..1000; absent: 100)
    std::optional<std::string> description;
    std::vector<std::string> sources; // Source ids of the replay (may be empty)
    AnnotationStyle style;
    Json extra = Json::object();

    bool operator==(const Annotation&) const = default;
};

// A file of annotations: {"format": "kresy-annotations", "version": 1, "annotations": [...]}.
struct AnnotationSet {
    int version = 1;
    std::vector<Annotation> annotations;
    Json extra = Json::object();

    bool operator==(const AnnotationSet&) const = default;
};

constexpr int kAnnotationsVersion = 1;

// Whether `a` is shown at time t: start <= t <= end, either bound absent meaning open.
bool annotationVisible(const Annotation& a, Time t);

// How much of an arrow is drawn at t, 0..1 of its length (1 for other kinds and arrows without
// `grow`; 0 before grow.start, 1 after grow.end, linear between).
double annotationGrowth(const Annotation& a, Time t);

// "NAME.annotations.json" beside the replay "NAME.json" (or "NAME.annotations.json" for a path
// without ".json").
std::string annotationsPathForReplay(const std::string& replayPath);

// Its inverse: the replay "NAME.json" that "NAME.annotations.json" annotates; empty for a path
// that does not end in ".annotations.json".
std::string replayPathForAnnotations(const std::string& annotationsPath);

} // namespace kresy

// Annotations are read against a replay (its sides and sources) and a replay holds its own, so
// whoever includes either header gets both. Last, because replay.h includes this file for
// Annotation: by the time it is read here, everything above is declared.
#include "replay.h"
