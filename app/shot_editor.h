#pragma once
// The shot editor panel (F2, or `kresy view --edit FILE`): keys added from the current view,
// selected, moved, retimed and deleted; a playhead to scrub and preview; undo and redo; saving,
// autosaving and the offer to restore edits a crash left behind. The document and its rules are
// scene/shot_edit.h; this is only ImGui over it.

#include "recorder.h"
#include "scene/camera_path.h"
#include "scene/shot_edit.h"

#include <memory>
#include <optional>
#include <string>

namespace kresy {

struct ShotEditor {
    ShotDocument doc;
    Autosaver autosaver;
    bool open = false;
    int selected = -1;      // the key shown in the details; -1: none
    double playhead = 0;    // shot seconds
    bool ripple = true;     // retiming a key moves the keys after it
    std::optional<Recovery> recovery; // an autosave to offer back (a modal until answered)
    std::string message;    // the last save, autosave or recovery problem, in the panel's footer
    bool messageIsError = false;
    bool closeRequested = false; // the window is closing with unsaved edits: ask first

    // Record: the shot as it is in the editor, rendered offline by `kresy render`.
    Recorder recorder;
    std::string recordPath;   // the video or PNG sequence; empty: the shot's name with .mp4
    int recordSize = 1;       // index into the sizes the panel offers
    std::string recordedShot; // the copy of the shot being recorded

    // The path of the shot as edited, rebuilt when the document changes.
    std::shared_ptr<const CameraPath> path() const;

private:
    mutable std::shared_ptr<const CameraPath> path_;
    mutable uint64_t pathRevision_ = ~uint64_t(0);
};

// Opens `file` in the editor: read (and checked against `replay`) when it exists, a new shot to be
// saved there when it does not. A file that exists but does not read is an error (one line), and
// nothing in the editor changes: it is never overwritten by an empty shot. Looks for an autosave
// of the file to offer back. `autosaves` is the autosave directory.
bool openShotEditor(ShotEditor* editor, const std::string& file, const Replay* replay, const std::string& autosaves,
                    std::string* error);

// What the view gives the panel this frame.
struct ShotEditorView {
    Camera camera;              // where the viewer's camera is now
    Time campaignTime = 0;      // the date shown
    const Replay* replay = nullptr; // for unit targets and the save's check
    std::optional<GeoPoint> centreGround; // the terrain at the screen's centre (a look-at target)
    bool previewing = false;    // the camera plays or shows the editor's path
    bool previewPlaying = false;
    std::vector<std::string> renderFlags; // the view's data for a recording: --replay, --tiles, ...
};

// What the user asked of the view.
struct ShotEditorRequest {
    std::optional<double> seek; // show the path at this shot time, paused
    bool play = false, pause = false;
    bool closeWindow = false;   // after the unsaved-edits question: close now
};

// Draws the panel on the left of a display `height` pixels tall, handles its keys (K add a key,
// Delete, Ctrl+Z/Ctrl+Y undo/redo, Ctrl+S save) and its modals. `now` is a steady clock in
// seconds, for the autosave.
ShotEditorRequest drawShotEditor(ShotEditor& editor, const ShotEditorView& view, float height, double now);

} // namespace kresy
