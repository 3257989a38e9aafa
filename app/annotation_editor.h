#pragma once
// The annotation editor panel (F3, or `kresy view --annotate`): the annotations file beside the
// replay listed, created, edited field by field and point by point on the map, with undo, redo
// and checked saves. The document and its rules are scene/annotation_edit.h; this is only ImGui
// over it, and the mouse on the map.

#include "scene/annotation_edit.h"
#include "units_layer.h"

#include <functional>
#include <optional>
#include <string>

namespace kresy {

struct AnnotationEditor {
    // A time typed into a field: kept as typed while it does not parse, with the reason.
    struct TimeField {
        std::string text, error;
    };

    AnnotationDocument doc;
    bool open = false;
    int selected = -1;           // the annotation shown in the details and on the map; -1: none
    bool visibleNowOnly = false; // the list shows only what the date shown shows
    std::string message;         // the last save or edit problem, in the panel's footer
    bool messageIsError = false;
    bool closeRequested = false; // the window is closing with unsaved edits: ask first

    // The mouse on the map: the point held or under the cursor, where a button went down.
    int dragPoint = -1, hoveredPoint = -1, rightPoint = -1;
    bool leftDown = false, rightDown = false;
    double pressX = 0, pressY = 0;

    TimeField start, end, growStart, growEnd;
    int fieldsOf = -1;            // the annotation and revision the time fields were filled from
    uint64_t fieldsRevision = ~uint64_t(0);
    bool focused = false;         // the panel had the keyboard last frame
    int scrolledTo = -1;          // the selection the list last scrolled to
    uint64_t drawnRevision = 0;   // the document's revision the map was last given
};

// Opens the editor on the annotations file `annotations` names (openAnnotations): its
// annotations, and whether it exists but did not load (then saving is refused, and said why).
// `replay` (may be null) must outlive the editor.
void openAnnotationEditor(AnnotationEditor* editor, const ReplayAnnotations& annotations, const Replay* replay);

// What the view gives the panel this frame. Positions are ImGui's (window coordinates).
struct AnnotationEditorView {
    Time campaignTime = 0; // the date shown
    ScreenProjection project; // a point on the terrain to the window; null: no map
    std::function<std::optional<GeoPosition>(double x, double y)> groundAt; // the terrain under a window point
};

// The view of the terrain a frame shows: `view` of `scene` in a `width` x `height` framebuffer
// with `pixelsPerPoint` framebuffer pixels per window coordinate, the ground's height from
// `groundAt`. Copies what it needs.
AnnotationEditorView annotationEditorView(const CameraView& view, const EnuFrame& scene, int width, int height,
                                          double pixelsPerPoint, const HeightFunction& groundAt, Time campaignTime);

// What the panel did that the view must know.
struct AnnotationEditorRequest {
    bool changed = false;        // the annotations changed (or were undone): draw them anew
    bool ownsMapClicks = false;  // clicks on the map are the editor's: no unit picking, no fly-to
    bool ownsMapDrag = false;    // a point is being dragged: the left button does not look around
    bool closeWindow = false;    // after the unsaved-edits question: close now
};

// Draws the panel on the right of a display `height` pixels tall, the selected annotation's
// points as handles on the map, handles the mouse on the map (click adds a point, Shift+click
// inserts it into the nearest segment, drag moves one, right click or Delete on one removes it;
// a click on another annotation selects it: on its points while one is selected, else anywhere
// on it), its keys (Ctrl+Z / Ctrl+Y undo / redo,
// Ctrl+S save; while the panel has the keyboard, or the map and no other panel has it) and the
// unsaved-edits question. Call it before the shot editor: a key it takes, the shot editor does not
// see.
AnnotationEditorRequest drawAnnotationEditor(AnnotationEditor& editor, const AnnotationEditorView& view, float height);

// What the map draws: the replay's own annotations, then the file's as edited, less those that do
// not yet have the points their kind needs.
AnnotationSet annotationsToDraw(const AnnotationEditor& editor);

} // namespace kresy
