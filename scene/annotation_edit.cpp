#include "annotation_edit.h"

#include "replays/annotations_io.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace kresy {

namespace {

std::string withArticle(AnnotationKind kind) {
    return std::string(kind == AnnotationKind::Arrow || kind == AnnotationKind::Area ? "an " : "a ") + enumName(kind);
}

} // namespace

size_t minimumPoints(AnnotationKind kind) {
    switch (kind) {
    case AnnotationKind::Label: return 1;
    case AnnotationKind::Arrow:
    case AnnotationKind::Line: return 2;
    case AnnotationKind::Area: return 3;
    }
    return 1;
}

bool drawable(const Annotation& a) {
    if (a.kind == AnnotationKind::Label)
        return a.points.size() == 1 && a.text && !a.text->empty();
    return a.points.size() >= minimumPoints(a.kind);
}

AnnotationDocument::AnnotationDocument(std::string path, AnnotationSet set, const Replay* replay, bool broken)
    : path_(std::move(path)), set_(std::move(set)), saved_(set_), replay_(replay), broken_(broken) {}

Annotation* AnnotationDocument::at(int index) {
    return index >= 0 && size_t(index) < set_.annotations.size() ? &set_.annotations[size_t(index)] : nullptr;
}

void AnnotationDocument::push(AnnotationSet next, std::string_view merge) {
    if (next == set_)
        return;
    if (merge.empty() || merge != mergeTag_) {
        undo_.push_back(std::move(set_));
        if (undo_.size() > kAnnotationUndoSteps)
            undo_.erase(undo_.begin());
    }
    mergeTag_ = merge;
    redo_.clear();
    set_ = std::move(next);
    revision_ = nextRevision_++;
}

void AnnotationDocument::edit(AnnotationSet next, std::string_view merge) {
    // A drag's edits are one step whatever their own tags say.
    const std::string dragTag = "\x01drag" + std::to_string(drags_);
    push(std::move(next), dragging_ ? std::string_view(dragTag) : merge);
}

void AnnotationDocument::beginDrag() {
    mergeTag_.clear();
    dragging_ = true;
    ++drags_;
}

void AnnotationDocument::endDrag() {
    mergeTag_.clear();
    dragging_ = false;
}

std::string AnnotationDocument::freshId(AnnotationKind kind) const {
    std::set<std::string> used;
    for (const Annotation& a : set_.annotations)
        used.insert(a.id);
    if (replay_)
        for (const Annotation& a : replay_->annotations)
            used.insert(a.id);
    const std::string prefix = std::string(enumName(kind)) + "-";
    for (int n = 1;; ++n)
        if (!used.count(prefix + std::to_string(n)))
            return prefix + std::to_string(n);
}

int AnnotationDocument::find(std::string_view id) const {
    for (size_t i = 0; i < set_.annotations.size(); ++i)
        if (set_.annotations[i].id == id)
            return int(i);
    return -1;
}

int AnnotationDocument::add(AnnotationKind kind, Time start, std::vector<GeoPosition> points) {
    Annotation a;
    a.id = freshId(kind);
    a.kind = kind;
    if (kind == AnnotationKind::Label)
        a.text = "Label";
    a.start = Timestamp{start, formatIso8601(start)};
    a.points = std::move(points);
    AnnotationSet next = set_;
    next.annotations.push_back(std::move(a));
    edit(std::move(next));
    return int(set_.annotations.size()) - 1;
}

void AnnotationDocument::remove(int index) {
    if (!at(index))
        return;
    AnnotationSet next = set_;
    next.annotations.erase(next.annotations.begin() + index);
    edit(std::move(next));
}

int AnnotationDocument::duplicate(int index) {
    const Annotation* a = at(index);
    if (!a)
        return -1;
    Annotation copy = *a;
    copy.id = freshId(copy.kind);
    AnnotationSet next = set_;
    next.annotations.insert(next.annotations.begin() + index + 1, std::move(copy));
    edit(std::move(next));
    return index + 1;
}

void AnnotationDocument::setAnnotation(int index, Annotation a, std::string_view merge) {
    if (!at(index))
        return;
    AnnotationSet next = set_;
    next.annotations[size_t(index)] = std::move(a);
    edit(std::move(next), merge);
}

int AnnotationDocument::addPoint(int index, GeoPosition p, bool insertAtNearestSegment) {
    const Annotation* a = at(index);
    if (!a)
        return -1;
    AnnotationSet next = set_;
    std::vector<GeoPosition>& points = next.annotations[size_t(index)].points;
    size_t where = points.size();
    if (a->kind == AnnotationKind::Label) { // one point: the label moves there
        points = {p};
        where = 0;
    } else {
        if (insertAtNearestSegment)
            where = insertionIndex(*a, p);
        points.insert(points.begin() + std::ptrdiff_t(where), p);
    }
    edit(std::move(next));
    return int(where);
}

void AnnotationDocument::movePoint(int index, int point, GeoPosition p) {
    const Annotation* a = at(index);
    if (!a || point < 0 || size_t(point) >= a->points.size())
        return;
    AnnotationSet next = set_;
    next.annotations[size_t(index)].points[size_t(point)] = p;
    edit(std::move(next));
}

bool AnnotationDocument::deletePoint(int index, int point, std::string* why) {
    const Annotation* a = at(index);
    if (!a || point < 0 || size_t(point) >= a->points.size())
        return false;
    const size_t minimum = minimumPoints(a->kind);
    if (a->points.size() <= minimum) {
        if (why)
            *why = withArticle(a->kind) + " needs at least " + std::to_string(minimum) +
                   (minimum == 1 ? " point" : " points") + "; delete the annotation instead";
        return false;
    }
    AnnotationSet next = set_;
    std::vector<GeoPosition>& points = next.annotations[size_t(index)].points;
    points.erase(points.begin() + point);
    edit(std::move(next));
    return true;
}

void AnnotationDocument::reverse(int index) {
    if (!at(index))
        return;
    AnnotationSet next = set_;
    std::vector<GeoPosition>& points = next.annotations[size_t(index)].points;
    std::reverse(points.begin(), points.end());
    edit(std::move(next));
}

bool AnnotationDocument::undo() {
    if (undo_.empty() || dragging_)
        return false;
    redo_.push_back(std::move(set_));
    set_ = std::move(undo_.back());
    undo_.pop_back();
    mergeTag_.clear();
    revision_ = nextRevision_++;
    return true;
}

bool AnnotationDocument::redo() {
    if (redo_.empty() || dragging_)
        return false;
    undo_.push_back(std::move(set_));
    set_ = std::move(redo_.back());
    redo_.pop_back();
    mergeTag_.clear();
    revision_ = nextRevision_++;
    return true;
}

bool AnnotationDocument::save(std::string* error) {
    if (path_.empty()) {
        *error = "not saved: there is no replay, so no annotations file to save to";
        return false;
    }
    if (broken_) {
        *error = "not saved: " + path_ + " had errors when it was opened and is left untouched; fix it by hand " +
                 "(kresy check " + path_ + ") or delete it, then open the window again";
        return false;
    }
    const std::string text = writeAnnotations(set_);
    AnnotationSet check;
    std::vector<Diagnostic> diagnostics;
    if (text.empty() || !parseAnnotations(text, path_, replay_, &check, &diagnostics)) {
        for (const Diagnostic& d : diagnostics)
            if (d.severity == Severity::Error) { // the place is in the text about to be written
                *error = "not saved: " + formatDiagnostic(d);
                return false;
            }
        *error = "not saved: the annotations do not read back";
        return false;
    }
    if (!saveAnnotations(path_, set_, error))
        return false;
    mergeTag_.clear();
    saved_ = set_;
    return true;
}

// ---- Hit testing ---------------------------------------------------------------------------------

std::optional<glm::dvec2> pixelOf(const CameraView& view, const EnuFrame& scene, int width, int height, const GeoPoint& p) {
    // The view matrix is camera-relative: positions minus the eye, as the GPU gets them.
    const glm::dvec4 clip = glm::dmat4(view.viewProjection) * glm::dvec4(geodeticToEnu(scene, p) - view.eye, 1);
    if (clip.w <= 1e-9)
        return std::nullopt;
    return glm::dvec2((clip.x / clip.w + 1) / 2 * width, (clip.y / clip.w + 1) / 2 * height);
}

int nearestPoint(const Annotation& a, const ScreenProjection& project, glm::dvec2 cursor, double radius) {
    int best = -1;
    double bestDistance = radius;
    for (size_t i = 0; i < a.points.size(); ++i) {
        const std::optional<glm::dvec2> p = project(a.points[i]);
        if (!p)
            continue;
        const double d = glm::length(*p - cursor);
        if (d <= bestDistance) { // the later point wins a tie: it is drawn on top
            bestDistance = d;
            best = int(i);
        }
    }
    return best;
}

bool hitsAnnotation(const Annotation& a, const ScreenProjection& project, glm::dvec2 cursor, double radius) {
    std::vector<std::optional<glm::dvec2>> at;
    for (const GeoPosition& p : a.points)
        at.push_back(project(p));
    const size_t n = at.size();
    const bool area = a.kind == AnnotationKind::Area;
    bool inside = false; // even-odd crossings of a ray to the right
    for (size_t i = 0; i < n; ++i) {
        if (!at[i])
            continue;
        if (glm::length(*at[i] - cursor) <= radius)
            return true;
        const size_t j = (i + 1) % n;
        if ((j == 0 && !area) || n < 2 || !at[j])
            continue;
        const glm::dvec2 from = *at[i], along = *at[j] - from;
        const double length2 = glm::dot(along, along);
        const double t = length2 > 0 ? std::clamp(glm::dot(cursor - from, along) / length2, 0.0, 1.0) : 0;
        if (glm::length(from + along * t - cursor) <= radius)
            return true;
        if ((from.y > cursor.y) != (at[j]->y > cursor.y) &&
            cursor.x < from.x + along.x * (cursor.y - from.y) / along.y)
            inside = !inside;
    }
    return area && n >= 3 && inside;
}

size_t insertionIndex(const Annotation& a, const GeoPosition& p) {
    const size_t n = a.points.size();
    if (n < 2)
        return n;
    const double scale = std::cos(p.lat * M_PI / 180);
    auto plane = [&](const GeoPosition& g) { return glm::dvec2((g.lon - p.lon) * scale, g.lat - p.lat); };
    const size_t segments = a.kind == AnnotationKind::Area ? n : n - 1;
    size_t best = n;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (size_t s = 0; s < segments; ++s) {
        const glm::dvec2 from = plane(a.points[s]), to = plane(a.points[(s + 1) % n]);
        const glm::dvec2 along = to - from;
        const double length2 = glm::dot(along, along);
        const double t = length2 > 0 ? std::clamp(glm::dot(-from, along) / length2, 0.0, 1.0) : 0;
        const double d = glm::length(from + along * t); // p is the origin
        if (d < bestDistance) {
            bestDistance = d;
            // Beyond an open outline's ends the point extends it rather than folding back.
            const bool open = a.kind != AnnotationKind::Area;
            best = open && s == 0 && t == 0 ? 0 : open && s + 1 == segments && t == 1 ? n : s + 1;
        }
    }
    return best;
}

} // namespace kresy
