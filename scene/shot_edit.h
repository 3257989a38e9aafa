#pragma once
// The shot editor's document and its safety net, as plain C++ (the ImGui panel in app/shot_editor
// only calls these): the shot being edited, its file, undo and redo, edits that keep the shot
// valid, atomic saves that never write a file `kresy check` would reject, autosaves of unsaved
// edits, and the path drawn in 3D.
//
// Edits keep the rules of docs/shot-format.md that a panel can break: key times increase and a
// key's hold ends before the next key (kMinKeyGap apart). Fewer than two keys is allowed while
// editing; saving then says why it cannot.

#include "camera.h"
#include "camera_path.h"
#include "frame.h"
#include "shot.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kresy {

constexpr double kMinKeyGap = 0.1;     // seconds between a key's hold ending and the next key
constexpr size_t kUndoSteps = 200;     // the oldest steps are forgotten beyond this

// A key where `camera` is, showing `campaignTime`, at shot time `time`.
ShotKey keyFromCamera(const Camera& camera, std::optional<Time> campaignTime, double time);

// Gives `key` the view of `from` (position, orientation, target, field of view, campaign time),
// keeping its timing, easing, captions and unknown fields.
void setKeyView(ShotKey* key, const ShotKey& from);

// The time to give a key added after the last one: twice what a fly-to between the two views
// takes (scene/fly_to.h; a shot moves more calmly than a jump), in half seconds, at least 2 s.
double travelTimeBetween(const Camera& from, const Camera& to);

class ShotDocument {
public:
    // Starts on `shot`, as read from `path` (markUnsaved() when it is not on disk); nothing to undo.
    explicit ShotDocument(std::string path = {}, Shot shot = {});

    const Shot& shot() const { return shot_; }
    const std::string& path() const { return path_; }
    void setPath(std::string path); // "save as": the next save writes there
    bool dirty() const { return !saved_ || *saved_ != shot_; } // differs from what is on disk
    uint64_t revision() const { return revision_; } // changes with every edit, undo and redo

    // Edits. Each is one undo step, except that consecutive edits with the same non-empty `merge`
    // tag are one (a drag of a slider); breakMerge() ends such a run. An edit that changes
    // nothing is no step. Indices out of range do nothing.
    void edit(Shot next, std::string_view merge = {});
    void breakMerge() { mergeTag_.clear(); }
    // Inserts in time order and returns its index; a key at or within kMinKeyGap of another key's
    // time replaces that key's view (position, orientation, target, fov, campaign time) instead.
    int addKey(const ShotKey& key);
    void removeKey(int index);
    // Sets key `index` to `key`, its time kept inside the room its neighbours leave (with
    // `ripple`, later keys move by the same amount instead, and only the previous key limits it).
    void setKey(int index, ShotKey key, bool ripple, std::string_view merge = {});
    void retimeEvenly(double travelSeconds);

    bool canUndo() const { return !undo_.empty(); }
    bool canRedo() const { return !redo_.empty(); }
    bool undo();
    bool redo();

    // Checks the shot as `kresy check` would (writes it, reads it back with `replay`'s units) and
    // writes it atomically. On failure *error is one line: the first error with its place, or why
    // the file could not be written; the file on disk is untouched.
    bool save(const Replay* replay, std::string* error);

    // Marks the current state as what is on disk, or nothing as on disk (a new shot, a restored
    // autosave).
    void markSaved() { saved_ = shot_; }
    void markUnsaved() { saved_.reset(); }

private:
    void push(Shot next, std::string_view merge);

    std::string path_;
    Shot shot_;
    std::optional<Shot> saved_;
    std::vector<Shot> undo_, redo_;
    std::string mergeTag_;
    uint64_t revision_ = 0, nextRevision_ = 1;
};

// ---- Autosave --------------------------------------------------------------------------------

// The directory autosaves go to: $XDG_STATE_HOME/kresy/autosave, else ~/.local/state/kresy/autosave.
std::string autosaveDirectory();
// The autosave of the shot at `shotPath` in `directory`: the shot's file name and a hash of its
// absolute path, so two shots of the same name in different places never share one.
std::string autosavePath(const std::string& shotPath, const std::string& directory);

// Writes unsaved edits atomically to their autosave a moment after the user stops editing
// (kQuietSeconds), and at least every kMaxSeconds while edits go on; removes it when undo
// returns to what is on disk. After a save, or when the user throws the edits away, call discard().
class Autosaver {
public:
    static constexpr double kQuietSeconds = 1.0, kMaxSeconds = 10.0;

    explicit Autosaver(std::string directory = autosaveDirectory()) : directory_(std::move(directory)) {}
    // Call once a frame with a steady clock in seconds. Returns false and sets *error when a write
    // failed (the next edit tries again); true otherwise, whether or not it wrote.
    bool update(const ShotDocument& doc, double now, std::string* error);
    bool wrote() const { return writes_ > 0; }
    std::string pathFor(const ShotDocument& doc) const { return autosavePath(doc.path(), directory_); }
    // Removes the document's autosave (after a save, or when the user discards it).
    void discard(const ShotDocument& doc);

private:
    std::string directory_;
    uint64_t seenRevision_ = 0, writtenRevision_ = 0;
    double changedAt_ = 0, firstChangeAt_ = 0;
    bool unwritten_ = false; // edits since the last write
    int writes_ = 0;
    bool pending_ = false; // an autosave of ours is on disk
};

// An autosave left behind for `shotPath` (a crash, or a window closed without saving): the shot
// it holds and when it was written. Nothing when there is none, or it holds exactly what the
// file holds (nothing would be restored). A file that cannot be read as a shot is reported in
// *problem (and nothing returned), so the caller can say where it is instead of losing it.
struct Recovery {
    Shot shot;
    std::string autosave;     // its path
    std::string writtenAt;    // local time, "2026-11-26 14:32"
};
std::optional<Recovery> findRecovery(const std::string& shotPath, const std::string& directory,
                                     const std::optional<Shot>& onDisk, std::string* problem);

// ---- Drawing -----------------------------------------------------------------------------------

// The path as lines in the scene: the curve (white, the selected segment's end keys in yellow),
// each key as a drop line to the ground and a short line along its view, the selected key
// highlighted, and a marker at the playhead.
std::vector<LineSegment> shotPathLines(const CameraPath& path, const EnuFrame& scene, int selectedKey,
                                       std::optional<double> playhead, const TargetResolver& resolve,
                                       const std::function<double(double lat, double lon)>& groundAt);

} // namespace kresy
