#include "shot_editor.h"

#include "core/files.h"
#include "scene/shot_io.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace kresy {

std::shared_ptr<const CameraPath> ShotEditor::path() const {
    if (pathRevision_ != doc.revision() || !path_) {
        path_ = std::make_shared<CameraPath>(doc.shot());
        pathRevision_ = doc.revision();
    }
    return path_;
}

bool openShotEditor(ShotEditor* editor, const std::string& file, const Replay* replay, const std::string& autosaves,
                    std::string* error) {
    std::optional<Shot> onDisk;
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
        Shot shot;
        std::vector<Diagnostic> diagnostics;
        if (!loadShot(file, nullptr, &shot, &diagnostics, replay)) {
            for (const Diagnostic& d : diagnostics)
                if (d.severity == Severity::Error) {
                    *error = formatDiagnostic(d);
                    break;
                }
            return false;
        }
        onDisk = std::move(shot);
    }
    if (onDisk) {
        editor->doc = ShotDocument(file, *onDisk);
    } else { // a new shot: nothing to lose until a key is added
        Shot fresh;
        fresh.title = std::filesystem::path(file).stem().string();
        editor->doc = ShotDocument(file, fresh);
    }
    editor->autosaver = Autosaver(autosaves);
    editor->selected = editor->doc.shot().keys.empty() ? -1 : 0;
    editor->playhead = 0;
    editor->open = true;
    editor->message.clear();
    editor->messageIsError = false;
    std::string problem;
    editor->recovery = findRecovery(file, autosaves, onDisk, &problem);
    if (!problem.empty()) {
        editor->message = problem;
        editor->messageIsError = true;
    }
    return true;
}

namespace {

void setMessage(ShotEditor& e, std::string text, bool isError) {
    e.message = std::move(text);
    e.messageIsError = isError;
}

bool save(ShotEditor& e, const ShotEditorView& view) {
    std::string error;
    if (!e.doc.save(view.replay, &error)) {
        setMessage(e, error, true);
        return false;
    }
    e.autosaver.discard(e.doc);
    setMessage(e, "saved " + e.doc.path(), false);
    return true;
}

// A new key from the view: at the playhead when it is inside the shot, else after the last key
// at a calm travel time from it. Returns its index.
int addKeyFromView(ShotEditor& e, const ShotEditorView& view) {
    const Shot& shot = e.doc.shot();
    double at = e.playhead;
    if (shot.keys.empty())
        at = 0;
    else if (at >= shotDuration(shot) - 1e-9) {
        const ShotKey& last = shot.keys.back();
        Camera from;
        from.position = last.position;
        from.headingDeg = last.headingDeg;
        from.pitchDeg = last.pitchDeg;
        from.fovDeg = last.fovDeg;
        at = shotDuration(shot) + travelTimeBetween(from, view.camera);
    }
    const int index = e.doc.addKey(keyFromCamera(view.camera, view.campaignTime, at));
    e.selected = index;
    e.playhead = e.doc.shot().keys[size_t(index)].time;
    return index;
}

// A double field dragged or typed: one undo step per drag.
bool dragDouble(const char* label, double* value, double speed, double lo, double hi, const char* format) {
    return ImGui::DragScalar(label, ImGuiDataType_Double, value, float(speed), &lo, &hi, format,
                             ImGuiSliderFlags_AlwaysClamp);
}

// The selected key's fields. Each widget's edit merges with itself while it is held.
void drawKeyDetails(ShotEditor& e, const ShotEditorView& view, ShotEditorRequest* request) {
    const int i = e.selected;
    ShotKey key = e.doc.shot().keys[size_t(i)];
    bool changed = false;
    std::string tag;
    auto field = [&](bool edited, const char* name) {
        if (ImGui::IsItemActivated())
            e.doc.breakMerge();
        if (edited) {
            changed = true;
            tag = std::string(name) + "#" + std::to_string(i);
        }
    };
    ImGui::PushItemWidth(150);
    field(dragDouble("time (s)", &key.time, 0.05, 0, 36000, "%.2f"), "time");
    ImGui::SameLine();
    field(dragDouble("hold (s)", &key.hold, 0.05, 0, 3600, "%.2f"), "hold");
    ImGui::PopItemWidth();
    ImGui::PushItemWidth(110);
    field(dragDouble("lat", &key.position.lat, 0.0005, -85, 85, "%.5f"), "lat");
    ImGui::SameLine();
    field(dragDouble("lon", &key.position.lon, 0.0005, -180, 180, "%.5f"), "lon");
    ImGui::SameLine();
    field(dragDouble("alt (m)", &key.position.alt, 10, -500, 2e6, "%.0f"), "alt");
    const bool aims = key.target.has_value();
    if (!aims) {
        field(dragDouble("heading", &key.headingDeg, 0.25, -720, 720, "%.1f"), "heading");
        ImGui::SameLine();
        field(dragDouble("pitch", &key.pitchDeg, 0.25, -90, 90, "%.1f"), "pitch");
        ImGui::SameLine();
    }
    field(dragDouble("roll", &key.rollDeg, 0.25, -180, 180, "%.1f"), "roll");
    if (aims)
        ImGui::SameLine();
    field(dragDouble("fov", &key.fovDeg, 0.1, 1, 120, "%.1f"), "fov");
    ImGui::PopItemWidth();

    // Campaign time, set from the date shown.
    ImGui::TextUnformatted(key.campaignTime ? key.campaignTime->text.c_str() : "no campaign time");
    ImGui::SameLine();
    if (ImGui::SmallButton("use the date shown")) {
        key.campaignTime = Timestamp{view.campaignTime, formatIso8601(view.campaignTime)};
        field(true, "date");
    }
    if (key.campaignTime) {
        ImGui::SameLine();
        if (ImGui::SmallButton("clear date")) {
            key.campaignTime.reset();
            field(true, "date");
        }
    }
    // Easing.
    field(ImGui::Checkbox("ease in", &key.easeIn), "easeIn");
    ImGui::SameLine();
    field(ImGui::Checkbox("ease out", &key.easeOut), "easeOut");

    // What it looks at.
    const char* kinds[] = {"its own heading and pitch", "a point on the ground", "a unit"};
    int kind = !key.target ? 0 : key.target->unit ? 2 : 1;
    ImGui::SetNextItemWidth(200);
    if (ImGui::Combo("looks along", &kind, kinds, 3)) {
        if (kind == 0)
            key.target.reset();
        else if (kind == 1 && view.centreGround) {
            key.target = ShotTarget{};
            key.target->point = GeoPoint{view.centreGround->lat, view.centreGround->lon, 0};
            key.target->onGround = true;
        } else if (kind == 2 && view.replay && !view.replay->units.empty()) {
            key.target = ShotTarget{};
            key.target->unit = view.replay->units.front().id;
        }
        field(true, "target");
    }
    if (key.target && key.target->point) {
        ImGui::SameLine();
        if (ImGui::SmallButton("the ground at the centre") && view.centreGround) {
            key.target->point = GeoPoint{view.centreGround->lat, view.centreGround->lon, 0};
            key.target->onGround = true;
            field(true, "target");
        }
        ImGui::Text("  %.5f, %.5f", key.target->point->lat, key.target->point->lon);
    }
    if (key.target && key.target->unit && view.replay) {
        ImGui::SetNextItemWidth(300);
        if (ImGui::BeginCombo("unit", key.target->unit->c_str())) {
            for (const Unit& u : view.replay->units) {
                const std::string label = u.name + "##" + u.id;
                if (ImGui::Selectable(label.c_str(), u.id == *key.target->unit)) {
                    key.target->unit = u.id;
                    field(true, "unit");
                }
            }
            ImGui::EndCombo();
        }
    }
    // The caption card.
    std::string title = key.title.value_or(""), subtitle = key.subtitle.value_or("");
    ImGui::SetNextItemWidth(300);
    if (ImGui::InputText("title", &title)) {
        key.title = title.empty() ? std::nullopt : std::optional(title);
        field(true, "title");
    }
    ImGui::SetNextItemWidth(300);
    if (ImGui::InputText("subtitle", &subtitle)) {
        key.subtitle = subtitle.empty() ? std::nullopt : std::optional(subtitle);
        field(true, "subtitle");
    }
    if (changed) {
        e.doc.setKey(i, key, e.ripple, tag);
        request->seek = e.doc.shot().keys[size_t(i)].time; // show what the change did
    }
}

void drawKeyTable(ShotEditor& e, ShotEditorRequest* request) {
    const std::vector<ShotKey>& keys = e.doc.shot().keys;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY;
    const float rows = float(std::clamp<size_t>(keys.size(), 3, 8)) + 1;
    if (!ImGui::BeginTable("keys", 5, flags, ImVec2(0, rows * ImGui::GetTextLineHeightWithSpacing())))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, 24);
    ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed, 56);
    ImGui::TableSetupColumn("alt", ImGuiTableColumnFlags_WidthFixed, 64);
    ImGui::TableSetupColumn("date", ImGuiTableColumnFlags_WidthFixed, 125);
    ImGui::TableSetupColumn("title");
    ImGui::TableHeadersRow();
    for (size_t k = 0; k < keys.size(); ++k) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        char label[24];
        std::snprintf(label, sizeof label, "%zu", k + 1);
        if (ImGui::Selectable(label, int(k) == e.selected, ImGuiSelectableFlags_SpanAllColumns)) {
            e.selected = int(k);
            request->seek = keys[k].time;
        }
        ImGui::TableNextColumn();
        ImGui::Text("%.1f%s", keys[k].time, keys[k].hold > 0 ? "+" : "");
        ImGui::TableNextColumn();
        ImGui::Text("%.0f m", keys[k].position.alt);
        ImGui::TableNextColumn();
        std::string date = keys[k].campaignTime ? formatIso8601(keys[k].campaignTime->time).substr(0, 16) : "-";
        std::replace(date.begin(), date.end(), 'T', ' ');
        ImGui::TextUnformatted(date.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(keys[k].title.value_or("").c_str());
    }
    ImGui::EndTable();
}

// The sizes Record offers.
struct RecordSize {
    const char* label;
    const char* size;
};
const RecordSize kRecordSizes[] = {{"1280x720 (720p)", "1280x720"},
                                   {"1920x1080 (1080p)", "1920x1080"},
                                   {"3840x2160 (UHD 4K)", "3840x2160"}};

std::string defaultRecordPath(const ShotEditor& e) {
    std::filesystem::path p(e.doc.path());
    return (p.parent_path() / (p.stem().string() + ".mp4")).string();
}

// Renders the shot as the editor holds it (saved or not) through `kresy render`: a copy goes
// beside the autosaves, with its replay made absolute so that it still resolves from there.
void startRecording(ShotEditor& e, const ShotEditorView& view) {
    Shot copy = e.doc.shot();
    if (copy.keys.size() < 2) {
        setMessage(e, "a shot needs two keys to record", true);
        return;
    }
    if (copy.replay)
        copy.replay = std::filesystem::absolute(shotReplayPath(e.doc.path(), *copy.replay)).string();
    std::error_code ec;
    std::filesystem::create_directories(autosaveDirectory(), ec);
    e.recordedShot = autosavePath(e.doc.path(), autosaveDirectory()) + ".record.json";
    std::string error;
    if (!writeFileAtomic(e.recordedShot, writeShot(copy), &error)) {
        setMessage(e, "cannot record: " + error, true);
        return;
    }
    if (e.recordPath.empty())
        e.recordPath = defaultRecordPath(e);
    std::vector<std::string> args = {"render", e.recordedShot, "--out", e.recordPath, "--size",
                                     kRecordSizes[e.recordSize].size};
    args.insert(args.end(), view.renderFlags.begin(), view.renderFlags.end());
    if (!e.recorder.start(currentExecutable(), args, &error))
        setMessage(e, "cannot record: " + error, true);
    else
        setMessage(e, "recording " + e.recordPath, false);
}

// Every frame, the panel open or not: the child's progress, and its end.
void updateRecording(ShotEditor& e) {
    e.recorder.poll();
    if (e.recorder.finished() && !e.recordedShot.empty()) { // it just ended
        std::remove(e.recordedShot.c_str());
        e.recordedShot.clear();
        if (e.recorder.succeeded())
            setMessage(e, "recorded " + e.recordPath, false);
        else if (e.recorder.failure() == "cancelled")
            setMessage(e, "recording cancelled; " + e.recordPath + " was not written", false);
        else
            setMessage(e, "recording failed: " + e.recorder.failure(), true);
    }
}

void drawRecord(ShotEditor& e, const ShotEditorView& view) {
    if (!ImGui::CollapsingHeader("Record"))
        return;
    if (e.recordPath.empty())
        e.recordPath = defaultRecordPath(e);
    ImGui::BeginDisabled(e.recorder.running());
    ImGui::SetNextItemWidth(300);
    ImGui::InputText("output", &e.recordPath);
    ImGui::SetNextItemWidth(300);
    ImGui::Combo("size", &e.recordSize, [](void*, int i, const char** text) {
        *text = kRecordSizes[i].label;
        return true;
    }, nullptr, int(std::size(kRecordSizes)));
    ImGui::EndDisabled();
    ImGui::TextDisabled("30 fps, 2x2 supersampled; .mp4 for H.264, name_####.png for frames");
    if (!e.recorder.running()) {
        if (ImGui::Button("Record##start"))
            startRecording(e, view);
        return;
    }
    const ProgressNumbers& p = e.recorder.progress();
    char label[96];
    if (p.total > 0 && p.secondsLeft >= 0)
        std::snprintf(label, sizeof label, "%d/%d frames, %.1f fps, %d:%02d left", p.done, p.total, p.fps,
                      int(p.secondsLeft) / 60, int(p.secondsLeft) % 60);
    else
        std::snprintf(label, sizeof label, "loading the terrain...");
    ImGui::ProgressBar(p.total > 0 ? float(p.done) / float(p.total) : 0.0f, ImVec2(300, 0), label);
    ImGui::SameLine();
    if (ImGui::Button("Cancel"))
        e.recorder.cancel();
}

// "Restore the edits a crash left?" until answered.
void drawRecoveryModal(ShotEditor& e) {
    if (!e.recovery)
        return;
    ImGui::OpenPopup("Recover unsaved edits");
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal("Recover unsaved edits", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("%s has unsaved edits from %s (%zu keys),", e.doc.path().c_str(), e.recovery->writtenAt.c_str(),
                    e.recovery->shot.keys.size());
        ImGui::TextUnformatted("left when kresy last stopped without saving them.");
        if (ImGui::Button("Restore them")) {
            e.doc.edit(e.recovery->shot); // undoable: undo gives the file's version back
            e.selected = e.doc.shot().keys.empty() ? -1 : 0;
            setMessage(e, "restored the unsaved edits; save to keep them", false);
            e.recovery.reset();
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Discard them")) {
            std::error_code ec;
            std::filesystem::remove(e.recovery->autosave, ec);
            e.recovery.reset();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

// "Save before closing?" when the window closes with unsaved edits.
void drawCloseModal(ShotEditor& e, const ShotEditorView& view, ShotEditorRequest* request) {
    if (!e.closeRequested)
        return;
    ImGui::OpenPopup("Unsaved shot");
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal("Unsaved shot", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("Save the changes to %s before closing?", e.doc.path().c_str());
        if (e.messageIsError)
            ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", e.message.c_str());
        if (ImGui::Button("Save")) {
            if (save(e, view)) {
                request->closeWindow = true;
                e.closeRequested = false;
                ImGui::CloseCurrentPopup();
            }
        }
        ImGui::SameLine();
        if (ImGui::Button("Close without saving")) {
            e.autosaver.discard(e.doc);
            request->closeWindow = true;
            e.closeRequested = false;
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) {
            e.closeRequested = false;
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

void drawPanel(ShotEditor& e, const ShotEditorView& view, float height, ShotEditorRequest* request);

} // namespace

ShotEditorRequest drawShotEditor(ShotEditor& e, const ShotEditorView& view, float height, double now) {
    ShotEditorRequest request;
    std::string autosaveError;
    if (!e.autosaver.update(e.doc, now, &autosaveError))
        setMessage(e, "autosave failed: " + autosaveError, true);
    updateRecording(e);
    // The modals come last: ImGui asserts when a window first appears under an open modal.
    drawPanel(e, view, height, &request);
    drawRecoveryModal(e);
    drawCloseModal(e, view, &request);
    return request;
}

namespace {

void drawPanel(ShotEditor& e, const ShotEditorView& view, float height, ShotEditorRequest* out) {
    if (!e.open)
        return;
    ShotEditorRequest& request = *out;
    const Shot& shot = e.doc.shot();
    if (e.selected >= int(shot.keys.size()))
        e.selected = int(shot.keys.size()) - 1;

    // Keys, unless a text field has them.
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.WantTextInput && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) {
        if (ImGui::IsKeyPressed(GLFW_KEY_K, false))
            request.seek = e.doc.shot().keys[size_t(addKeyFromView(e, view))].time;
        if (ImGui::IsKeyPressed(GLFW_KEY_DELETE, false) && e.selected >= 0)
            e.doc.removeKey(e.selected);
        if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Z, false))
            io.KeyShift ? e.doc.redo() : e.doc.undo();
        if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Y, false))
            e.doc.redo();
        if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_S, false))
            save(e, view);
    }

    const float panelWidth = 470;
    // On the left under the status panel: the unit panel has the top right.
    ImGui::SetNextWindowPos(ImVec2(10, 250), ImGuiCond_Once);
    ImGui::SetNextWindowSize(ImVec2(panelWidth, std::min(height - 250 - 130, 600.0f)), ImGuiCond_Once);
    const std::string title = std::string("Shot editor") + (e.doc.dirty() ? " *" : "") + "###shot editor";
    if (!ImGui::Begin(title.c_str(), &e.open)) {
        ImGui::End();
        return;
    }
    // The file.
    std::string path = e.doc.path();
    ImGui::SetNextItemWidth(panelWidth - 130);
    if (ImGui::InputText("##file", &path, ImGuiInputTextFlags_EnterReturnsTrue) && !path.empty())
        e.doc.setPath(path);
    ImGui::SameLine();
    if (ImGui::Button("Save"))
        save(e, view);
    std::string shotTitle = e.doc.shot().title;
    ImGui::SetNextItemWidth(panelWidth - 130);
    if (ImGui::InputText("title##shot", &shotTitle)) {
        Shot next = e.doc.shot();
        next.title = shotTitle;
        e.doc.edit(next, "shot title");
    }

    // Editing.
    if (ImGui::Button("Add key (K)"))
        request.seek = e.doc.shot().keys[size_t(addKeyFromView(e, view))].time;
    ImGui::SameLine();
    ImGui::BeginDisabled(e.selected < 0);
    if (ImGui::Button("Set key to view")) {
        ShotKey key = e.doc.shot().keys[size_t(e.selected)];
        setKeyView(&key, keyFromCamera(view.camera, view.campaignTime, key.time));
        e.doc.setKey(e.selected, key, false);
    }
    ImGui::SameLine();
    if (ImGui::Button("Delete (Del)"))
        e.doc.removeKey(e.selected);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!e.doc.canUndo());
    if (ImGui::Button("Undo"))
        e.doc.undo();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!e.doc.canRedo());
    if (ImGui::Button("Redo"))
        e.doc.redo();
    ImGui::EndDisabled();

    // The playhead.
    const double duration = shotDuration(e.doc.shot());
    ImGui::BeginDisabled(e.doc.shot().keys.size() < 2);
    if (ImGui::Button(view.previewing && view.previewPlaying ? "Pause" : "Play", ImVec2(56, 0))) {
        if (view.previewing && view.previewPlaying)
            request.pause = true;
        else {
            request.play = true;
            if (e.playhead >= duration - 1e-6)
                e.playhead = 0;
            request.seek = e.playhead;
        }
    }
    ImGui::SameLine();
    double playhead = e.playhead;
    ImGui::SetNextItemWidth(panelWidth - 90);
    const double zero = 0;
    if (ImGui::SliderScalar("##playhead", ImGuiDataType_Double, &playhead, &zero, &duration, "%.2f s"))
        request.seek = playhead;
    ImGui::EndDisabled();
    ImGui::Checkbox("retiming moves the later keys", &e.ripple);
    ImGui::SameLine();
    ImGui::BeginDisabled(e.doc.shot().keys.size() < 2);
    if (ImGui::Button("Even speed")) { // the same travel time, spread by length
        double travel = 0;
        const std::vector<ShotKey>& keys = e.doc.shot().keys;
        for (size_t k = 1; k < keys.size(); ++k)
            travel += keys[k].time - keys[k - 1].time - keys[k - 1].hold;
        e.doc.retimeEvenly(travel);
    }
    ImGui::EndDisabled();

    drawKeyTable(e, &request);
    drawRecord(e, view);
    if (e.selected >= 0 && size_t(e.selected) < e.doc.shot().keys.size()) {
        ImGui::Separator();
        ImGui::Text("key %d", e.selected + 1);
        drawKeyDetails(e, view, &request);
    } else {
        ImGui::TextDisabled("K adds a key where the camera is; two make a shot.");
    }
    if (!e.message.empty()) {
        ImGui::Separator();
        if (e.messageIsError)
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.45f, 0.45f, 1));
        ImGui::TextWrapped("%s", e.message.c_str());
        if (e.messageIsError)
            ImGui::PopStyleColor();
    }
    ImGui::End();
}

} // namespace

} // namespace kresy
