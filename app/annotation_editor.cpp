#include "annotation_editor.h"

#include "annotation_fields.h"

#include "scene/annotations.h"
#include "scene/director.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

namespace kresy {

void openAnnotationEditor(AnnotationEditor* editor, const ReplayAnnotations& annotations, const Replay* replay) {
    *editor = AnnotationEditor();
    editor->doc = AnnotationDocument(annotations.path, annotations.file, replay, annotations.fileBroken);
    editor->open = true;
    if (annotations.fileBroken) {
        editor->message = "fix it by hand (kresy check " + annotations.path + " lists the errors) or delete it, then "
                          "open the window again";
        editor->messageIsError = true;
    }
}

AnnotationEditorView annotationEditorView(const CameraView& view, const EnuFrame& scene, int width, int height,
                                          double pixelsPerPoint, const HeightFunction& groundAt, Time campaignTime) {
    AnnotationEditorView out;
    out.campaignTime = campaignTime;
    out.project = [=](const GeoPosition& p) -> std::optional<glm::dvec2> {
        const std::optional<glm::dvec2> pixel = pixelOf(view, scene, width, height, {p.lat, p.lon, groundAt(p.lat, p.lon)});
        return pixel ? std::optional(*pixel / pixelsPerPoint) : std::nullopt;
    };
    out.groundAt = [=](double x, double y) -> std::optional<GeoPosition> {
        const std::optional<GeoPoint> g =
            groundUnderPixel(view, scene, width, height, x * pixelsPerPoint, y * pixelsPerPoint, groundAt);
        return g ? std::optional(GeoPosition{g->lon, g->lat}) : std::nullopt;
    };
    return out;
}

AnnotationSet annotationsToDraw(const AnnotationEditor& editor) {
    AnnotationSet out;
    if (editor.doc.replay())
        out.annotations = editor.doc.replay()->annotations;
    for (const Annotation& a : editor.doc.annotations())
        if (drawable(a))
            out.annotations.push_back(a);
    return out;
}

namespace {

constexpr double kHandleRadius = 7;  // pixels: a handle is picked this close
constexpr double kClickSlop = 4;     // pixels a click may move and still be a click

void setMessage(AnnotationEditor& e, std::string text, bool isError) {
    e.message = std::move(text);
    e.messageIsError = isError;
}

bool save(AnnotationEditor& e) {
    std::string error;
    if (!e.doc.save(&error)) {
        setMessage(e, error, true);
        return false;
    }
    setMessage(e, "saved " + e.doc.path(), false);
    return true;
}

// ImGui 1.86 has no key ownership: a press taken here is marked as held from now on, so the shot
// editor, drawn after this panel, does not act on it too.
void takeKey(int key) { ImGui::GetIO().KeysDownDuration[key] = FLT_MIN; }

bool pressed(int key) {
    if (!ImGui::IsKeyPressed(key, false))
        return false;
    takeKey(key);
    return true;
}

const Annotation* selectedAnnotation(const AnnotationEditor& e) {
    return e.selected >= 0 && size_t(e.selected) < e.doc.annotations().size() ? &e.doc.annotations()[size_t(e.selected)]
                                                                              : nullptr;
}

// Its colour for the list's dark background: a near-black one (a label's default) lightened.
ImU32 iconColour(const Annotation& a, const Replay* replay) {
    glm::vec3 c = glm::vec3(resolveStyle(a, replay).colour);
    if (glm::dot(c, glm::vec3(0.3f, 0.59f, 0.11f)) < 0.3f)
        c = glm::mix(c, glm::vec3(1), 0.6f);
    return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, 1));
}

// A point under the mouse, to about a metre: the mouse is no more precise, and the file stays
// readable.
GeoPosition rounded(const GeoPosition& p) {
    return {std::round(p.lon * 1e5) / 1e5, std::round(p.lat * 1e5) / 1e5};
}

// ---- The map ----------------------------------------------------------------------------------

// The selected annotation's outline and its points as squares; the held or hovered one larger,
// the first point (an arrow's tail) hollow.
void drawHandles(const AnnotationEditor& e, const AnnotationEditorView& view) {
    const Annotation* a = selectedAnnotation(e);
    if (!a || !view.project)
        return;
    ImDrawList* draw = ImGui::GetBackgroundDrawList();
    std::vector<std::optional<glm::dvec2>> at;
    for (const GeoPosition& p : a->points)
        at.push_back(view.project(p));
    const size_t n = at.size();
    const size_t segments = a->kind == AnnotationKind::Area && n > 2 ? n : n > 0 ? n - 1 : 0;
    for (size_t s = 0; s < segments; ++s)
        if (at[s] && at[(s + 1) % n])
            draw->AddLine(ImVec2(float(at[s]->x), float(at[s]->y)),
                          ImVec2(float(at[(s + 1) % n]->x), float(at[(s + 1) % n]->y)), IM_COL32(255, 255, 255, 170), 1.5f);
    for (size_t i = 0; i < n; ++i) {
        if (!at[i])
            continue;
        const bool hot = int(i) == e.dragPoint || int(i) == e.hoveredPoint;
        const float r = hot ? 6.0f : 4.5f;
        const ImVec2 p(float(at[i]->x), float(at[i]->y));
        draw->AddRectFilled(ImVec2(p.x - r - 1, p.y - r - 1), ImVec2(p.x + r + 1, p.y + r + 1), IM_COL32(0, 0, 0, 200));
        const ImU32 fill = hot ? IM_COL32(255, 215, 50, 255) : IM_COL32(255, 255, 255, 255);
        if (i == 0 && n > 1 && a->kind != AnnotationKind::Area)
            draw->AddRect(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), fill, 0, 0, 2);
        else
            draw->AddRectFilled(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), fill);
    }
}

// Another annotation of the file under the cursor, of those the date shows; -1: none. While one is
// selected, a click elsewhere adds a point, so only another's points select it; else its outline
// or inside does.
int annotationUnder(const AnnotationEditor& e, const AnnotationEditorView& view, glm::dvec2 cursor) {
    const std::vector<Annotation>& all = e.doc.annotations();
    for (size_t i = all.size(); i-- > 0;) {
        if (int(i) == e.selected || !annotationVisible(all[i], view.campaignTime))
            continue;
        if (e.selected >= 0 ? nearestPoint(all[i], view.project, cursor, kHandleRadius) >= 0
                            : hitsAnnotation(all[i], view.project, cursor, kHandleRadius))
            return int(i);
    }
    return -1;
}

// The mouse on the map: clicks, drags and right clicks of the selected annotation's points.
void handleMap(AnnotationEditor& e, const AnnotationEditorView& view, AnnotationEditorRequest* request) {
    const ImGuiIO& io = ImGui::GetIO();
    const glm::dvec2 cursor(io.MousePos.x, io.MousePos.y);
    const bool onMap = !io.WantCaptureMouse && view.project && view.groundAt;
    const Annotation* a = selectedAnnotation(e);
    e.hoveredPoint = onMap && a && e.dragPoint < 0 ? nearestPoint(*a, view.project, cursor, kHandleRadius) : -1;
    request->ownsMapClicks = a != nullptr;

    if (onMap && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        e.leftDown = true;
        e.pressX = cursor.x;
        e.pressY = cursor.y;
        if (e.hoveredPoint >= 0) {
            e.dragPoint = e.hoveredPoint;
            e.doc.beginDrag();
        }
    }
    if (e.dragPoint >= 0) {
        request->ownsMapDrag = true;
        if (!a || size_t(e.dragPoint) >= a->points.size() || !ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
            e.dragPoint = -1; // released (or the annotation went away under it)
            e.leftDown = false;
            e.doc.endDrag();
        } else if (std::hypot(cursor.x - e.pressX, cursor.y - e.pressY) >= 1 && view.groundAt) {
            if (std::optional<GeoPosition> ground = view.groundAt(cursor.x, cursor.y))
                e.doc.movePoint(e.selected, e.dragPoint, rounded(*ground));
        }
        return;
    }
    const bool isClick = std::hypot(cursor.x - e.pressX, cursor.y - e.pressY) < kClickSlop;
    const int other = onMap && e.hoveredPoint < 0 ? annotationUnder(e, view, cursor) : -1;
    if (other >= 0)
        ImGui::SetTooltip("%s: click to edit", e.doc.annotations()[size_t(other)].id.c_str());
    if (e.leftDown && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        e.leftDown = false;
        if (onMap && isClick) {
            if (other >= 0) {
                e.selected = other;
                request->ownsMapClicks = true;
            } else if (a) {
                if (std::optional<GeoPosition> ground = view.groundAt(cursor.x, cursor.y))
                    e.doc.addPoint(e.selected, rounded(*ground), io.KeyShift);
            }
        }
    }
    if (!a)
        return;
    // A right click (not an orbit) or Delete on a point removes it.
    int remove = -1;
    if (onMap && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
        e.rightDown = true;
        e.rightPoint = e.hoveredPoint;
        e.pressX = cursor.x;
        e.pressY = cursor.y;
    }
    if (e.rightDown && ImGui::IsMouseReleased(ImGuiMouseButton_Right)) {
        e.rightDown = false;
        if (isClick)
            remove = e.rightPoint;
    }
    if (onMap && e.hoveredPoint >= 0 && !io.WantTextInput && pressed(GLFW_KEY_DELETE))
        remove = e.hoveredPoint;
    if (remove >= 0) {
        std::string why;
        if (!e.doc.deletePoint(e.selected, remove, &why))
            setMessage(e, why, true);
    }
}

// ---- The panel ----------------------------------------------------------------------------------

// "09-17 02:00", for the list.
std::string shortTime(const std::optional<Timestamp>& t) {
    if (!t)
        return "";
    std::string s = formatIso8601(t->time).substr(5, 11);
    std::replace(s.begin(), s.end(), 'T', ' ');
    return s;
}

// A tiny picture of the kind in the annotation's colour, `size` pixels square, at the cursor.
void kindIcon(const Annotation& a, const Replay* replay, float size) {
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImDrawList* d = ImGui::GetWindowDrawList();
    const ImU32 c = iconColour(a, replay);
    const float m = size * 0.2f, s = size - 2 * m;
    switch (a.kind) {
    case AnnotationKind::Label: d->AddText(ImVec2(o.x + m, o.y), c, "A"); break;
    case AnnotationKind::Arrow:
        d->AddLine(ImVec2(o.x + m, o.y + m + s), ImVec2(o.x + m + s, o.y + m), c, 2.5f);
        d->AddTriangleFilled(ImVec2(o.x + m + s, o.y + m), ImVec2(o.x + m + s * 0.35f, o.y + m + s * 0.1f),
                             ImVec2(o.x + m + s * 0.9f, o.y + m + s * 0.65f), c);
        break;
    case AnnotationKind::Area:
        d->AddQuadFilled(ImVec2(o.x + m, o.y + m + s * 0.3f), ImVec2(o.x + m + s * 0.7f, o.y + m),
                         ImVec2(o.x + m + s, o.y + m + s * 0.8f), ImVec2(o.x + m + s * 0.2f, o.y + m + s), c);
        break;
    case AnnotationKind::Line:
        d->AddPolyline(std::vector<ImVec2>{ImVec2(o.x + m, o.y + m + s), ImVec2(o.x + m + s * 0.4f, o.y + m + s * 0.3f),
                                           ImVec2(o.x + m + s * 0.7f, o.y + m + s * 0.7f), ImVec2(o.x + m + s, o.y + m)}
                           .data(),
                       4, c, 0, 2);
        break;
    }
    ImGui::Dummy(ImVec2(size, size));
}

void drawList(AnnotationEditor& e, const AnnotationEditorView& view) {
    const std::vector<Annotation>& all = e.doc.annotations();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY;
    const float rows = float(std::clamp<size_t>(all.size(), 3, 9)) + 1;
    if (!ImGui::BeginTable("annotations", 4, flags, ImVec2(0, rows * ImGui::GetTextLineHeightWithSpacing())))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 18);
    ImGui::TableSetupColumn("id", ImGuiTableColumnFlags_WidthFixed, 110);
    ImGui::TableSetupColumn("text");
    ImGui::TableSetupColumn("shown", ImGuiTableColumnFlags_WidthFixed, 150);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < all.size(); ++i) {
        const Annotation& a = all[i];
        if (e.visibleNowOnly && !annotationVisible(a, view.campaignTime) && int(i) != e.selected)
            continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(int(i));
        kindIcon(a, e.doc.replay(), ImGui::GetTextLineHeight());
        ImGui::TableNextColumn();
        if (ImGui::Selectable(a.id.c_str(), int(i) == e.selected, ImGuiSelectableFlags_SpanAllColumns)) {
            e.selected = int(i) == e.selected ? -1 : int(i); // a click on the selected one lets it go
            e.scrolledTo = e.selected;
        }
        if (int(i) == e.selected && e.scrolledTo != e.selected) { // selected on the map, or new
            ImGui::SetScrollHereY();
            e.scrolledTo = e.selected;
        }
        ImGui::TableNextColumn();
        if (!drawable(a))
            ImGui::TextColored(ImVec4(1, 0.7f, 0.3f, 1), "%zu point%s", a.points.size(), a.points.size() == 1 ? "" : "s");
        else
            ImGui::TextUnformatted(a.text.value_or("").c_str());
        ImGui::TableNextColumn();
        const std::string span = !a.start && !a.end ? "always" : shortTime(a.start) + " - " + shortTime(a.end);
        ImGui::TextUnformatted(span.c_str());
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void drawCloseModal(AnnotationEditor& e, AnnotationEditorRequest* request) {
    if (!e.closeRequested)
        return;
    ImGui::OpenPopup("Unsaved annotations");
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal("Unsaved annotations", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("Save the changes to %s before closing?", e.doc.path().c_str());
        if (e.messageIsError)
            ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", e.message.c_str());
        auto answered = [&] {
            request->closeWindow = true;
            e.closeRequested = false;
            ImGui::CloseCurrentPopup();
        };
        if (ImGui::Button("Save") && save(e))
            answered();
        ImGui::SameLine();
        if (ImGui::Button("Close without saving"))
            answered();
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) {
            e.closeRequested = false;
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

void handleKeys(AnnotationEditor& e) {
    const ImGuiIO& io = ImGui::GetIO();
    // Ours while the panel has the keyboard, or the map has it (no panel does) and the mouse is on it.
    const bool mapHasKeys = !io.WantCaptureMouse && !ImGui::IsWindowFocused(ImGuiFocusedFlags_AnyWindow);
    if (ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId) || !(e.focused || mapHasKeys) || !io.KeyCtrl ||
        e.dragPoint >= 0)
        return;
    if (pressed(GLFW_KEY_S)) // also while typing: what a field holds is in the document already
        save(e);
    if (io.WantTextInput) // Ctrl+Z in a field is the field's own undo
        return;
    if (pressed(GLFW_KEY_Z))
        io.KeyShift ? e.doc.redo() : e.doc.undo();
    if (pressed(GLFW_KEY_Y))
        e.doc.redo();
}

void drawPanel(AnnotationEditor& e, const AnnotationEditorView& view, float height) {
    const float panelWidth = 460;
    const float width = ImGui::GetIO().DisplaySize.x;
    ImGui::SetNextWindowPos(ImVec2(width - panelWidth - 12, 330), ImGuiCond_Once);
    ImGui::SetNextWindowSize(ImVec2(panelWidth, std::max(200.0f, std::min(height - 330 - 130, 640.0f))), ImGuiCond_Once);
    const std::string title = std::string("Annotations") + (e.doc.dirty() ? " *" : "") + "###annotation editor";
    if (!ImGui::Begin(title.c_str(), &e.open)) {
        e.focused = false;
        ImGui::End();
        return;
    }
    e.focused = ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows);
    // The file and the status line.
    ImGui::TextWrapped("%s", e.doc.path().empty() ? "(no replay: nothing to save to)" : e.doc.path().c_str());
    if (e.doc.broken())
        ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "this file has errors: it is not drawn and will not be saved over");
    else if (e.doc.dirty())
        ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "unsaved");
    else if (!e.doc.path().empty())
        ImGui::TextDisabled("saved");
    if (!e.message.empty()) { // the last save, or why an edit was refused
        if (e.messageIsError)
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.45f, 0.45f, 1));
        ImGui::TextWrapped("%s", e.message.c_str());
        if (e.messageIsError)
            ImGui::PopStyleColor();
    }

    const char* kinds[] = {"New label", "New arrow", "New area", "New line"};
    for (int k = 0; k < 4; ++k) {
        if (k > 0)
            ImGui::SameLine();
        if (ImGui::Button(kinds[k])) {
            e.selected = e.doc.add(AnnotationKind(k), view.campaignTime);
            setMessage(e, "click on the map to place its points", false);
        }
    }
    const Annotation* a = selectedAnnotation(e);
    ImGui::BeginDisabled(!a);
    if (ImGui::Button("Duplicate"))
        e.selected = e.doc.duplicate(e.selected);
    ImGui::SameLine();
    if (ImGui::Button("Delete")) {
        e.doc.remove(e.selected);
        e.selected = -1;
    }
    ImGui::SameLine();
    if (ImGui::Button("Deselect"))
        e.selected = -1;
    ImGui::SameLine();
    ImGui::BeginDisabled(!a || a->kind == AnnotationKind::Label || a->kind == AnnotationKind::Area);
    if (ImGui::Button("Reverse"))
        e.doc.reverse(e.selected);
    ImGui::EndDisabled();
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
    ImGui::SameLine();
    if (ImGui::Button("Save"))
        save(e);
    ImGui::Checkbox("only those shown at the date", &e.visibleNowOnly);

    drawList(e, view);
    if (selectedAnnotation(e)) {
        ImGui::Separator();
        drawAnnotationFields(e, view.campaignTime);
    } else {
        ImGui::TextWrapped("Select an annotation in the list or on the map, or make one: its points are placed "
                           "with the mouse.");
    }
    ImGui::Separator();
    ImGui::TextDisabled("map: click adds a point, Shift+click inserts it, drag moves one,\n"
                        "right click or Del removes one");
    ImGui::End();
}

} // namespace

AnnotationEditorRequest drawAnnotationEditor(AnnotationEditor& e, const AnnotationEditorView& view, float height) {
    AnnotationEditorRequest request;
    if (e.open) {
        if (e.selected >= int(e.doc.annotations().size()))
            e.selected = int(e.doc.annotations().size()) - 1;
        handleKeys(e);
        if (!ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId))
            handleMap(e, view, &request);
        drawHandles(e, view);
        // The modal comes last: ImGui asserts when a window first appears under an open modal.
        drawPanel(e, view, height);
    } else if (e.dragPoint >= 0) { // closed mid-drag
        e.dragPoint = -1;
        e.doc.endDrag();
    }
    drawCloseModal(e, &request);
    request.changed = e.doc.revision() != e.drawnRevision;
    e.drawnRevision = e.doc.revision();
    return request;
}

} // namespace kresy
