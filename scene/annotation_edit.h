#pragma once
// The annotation editor's document, as plain C++ (the ImGui panel in app/annotation_editor only
// calls these): the annotations file beside a replay (NAME.annotations.json), undo and redo,
// edits of annotations and their points, and checked atomic saves that never write a file
// `kresy check` would reject, nor over a file that did not load.
//
// While editing, an annotation may have fewer points than its kind needs (a new arrow gets its
// points one click at a time); saving then says why it cannot. Deleting a point never goes below
// the kind's minimum, though: that would break an annotation that was whole.

#include "camera.h"
#include "replays/annotations.h"

#include <glm/glm.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kresy {

constexpr size_t kAnnotationUndoSteps = 200; // the oldest steps are forgotten beyond this

// The fewest points a kind is drawn with: label 1, arrow and line 2, area 3.
size_t minimumPoints(AnnotationKind kind);
// Whether `a` has the points its kind needs to be drawn (a label exactly one).
bool drawable(const Annotation& a);

class AnnotationDocument {
public:
    // Starts on `set`, as read from `path` (empty: nothing on disk, no file to save to). `replay`
    // (may be null; kept, so it must outlive the document) is what the file annotates: its sides
    // and sources are checked on save, and its own annotations' ids are never given to new ones.
    // `broken`: the file exists but did not load; save() refuses to write over it.
    explicit AnnotationDocument(std::string path = {}, AnnotationSet set = {}, const Replay* replay = nullptr,
                                bool broken = false);

    const AnnotationSet& set() const { return set_; }
    const std::vector<Annotation>& annotations() const { return set_.annotations; }
    const std::string& path() const { return path_; }
    const Replay* replay() const { return replay_; }
    bool broken() const { return broken_; }
    bool dirty() const { return set_ != saved_; } // differs from what was loaded or saved
    uint64_t revision() const { return revision_; } // changes with every edit, undo and redo

    // Edits. Each is one undo step, except that consecutive edits with the same non-empty `merge`
    // tag are one (typing into a field), and everything between beginDrag() and endDrag() is one
    // (a point dragged over the map). An edit that changes nothing is no step. Indices out of
    // range do nothing (and return -1 or false).
    void edit(AnnotationSet next, std::string_view merge = {});
    void breakMerge() { mergeTag_.clear(); }
    void beginDrag();
    void endDrag();
    bool dragging() const { return dragging_; }

    // A new annotation of `kind` at the end, with a fresh id ("arrow-3"), shown from `start` on,
    // and `points` (may be fewer than the kind needs). A label gets the text "Label". Returns its
    // index.
    int add(AnnotationKind kind, Time start, std::vector<GeoPosition> points = {});
    void remove(int index);
    int duplicate(int index); // a copy with a fresh id right after it; returns its index
    void setAnnotation(int index, Annotation a, std::string_view merge = {});
    // Appends `p`, or with `insertAtNearestSegment` puts it into the segment of the annotation's
    // outline nearest to it (an area's closing segment included). A label has one point: `p`
    // replaces it. Returns the new point's index.
    int addPoint(int index, GeoPosition p, bool insertAtNearestSegment = false);
    void movePoint(int index, int point, GeoPosition p);
    // Removes the point unless the annotation has only the minimum of its kind; false with *why.
    bool deletePoint(int index, int point, std::string* why = nullptr);
    void reverse(int index); // an arrow's (or line's) points in the other order

    // An id for a new annotation of `kind`: "arrow-N" with the smallest N that neither the file
    // nor the replay's own annotations use.
    std::string freshId(AnnotationKind kind) const;
    int find(std::string_view id) const;

    bool canUndo() const { return !undo_.empty(); }
    bool canRedo() const { return !redo_.empty(); }
    bool undo();
    bool redo();

    // Checks the file as `kresy check` would (writes it and reads it back against the replay) and
    // writes it atomically. On failure *error is one line: the first error with its place in the
    // text about to be written, or why it could not be written; the file on disk is untouched.
    bool save(std::string* error);

private:
    void push(AnnotationSet next, std::string_view merge);
    Annotation* at(int index);

    std::string path_;
    AnnotationSet set_, saved_;
    const Replay* replay_ = nullptr;
    bool broken_ = false;
    bool dragging_ = false;
    std::vector<AnnotationSet> undo_, redo_;
    std::string mergeTag_;
    uint64_t revision_ = 0, nextRevision_ = 1, drags_ = 0;
};

// Where `p` is in a `width` x `height` view of `scene`, in pixels from the top left (the inverse of
// groundUnderPixel); nothing when it is behind the camera.
std::optional<glm::dvec2> pixelOf(const CameraView& view, const EnuFrame& scene, int width, int height, const GeoPoint& p);

// Where a point on the ground is on screen, in pixels; nothing when it is behind the camera.
using ScreenProjection = std::function<std::optional<glm::dvec2>(const GeoPosition&)>;

// The index of the point of `a` nearest `cursor` on screen, within `radius` pixels; -1 if none.
int nearestPoint(const Annotation& a, const ScreenProjection& project, glm::dvec2 cursor, double radius);

// Whether `cursor` is on `a` on screen: within `radius` pixels of its points or of its outline's
// segments (an area's closing one included), or inside an area.
bool hitsAnnotation(const Annotation& a, const ScreenProjection& project, glm::dvec2 cursor, double radius);

// Where `p` goes to lie on the segment of `a`'s outline nearest to it: the index to insert it at
// (an area's closing segment gives the end). Distances are measured on a local plane (longitude
// scaled by the cosine of the latitude). Fewer than two points: the end.
size_t insertionIndex(const Annotation& a, const GeoPosition& p);

} // namespace kresy
