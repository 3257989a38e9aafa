// The selected annotation's fields in the annotation editor's panel: id, text, side, times, the
// style its kind uses, sources and description.

#include "annotation_fields.h"

#include "scene/annotations.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace kresy {

namespace {

// A time typed as ISO-8601; empty clears it. True when *value changed.
bool timeField(const char* label, AnnotationEditor::TimeField& f, std::optional<Timestamp>* value, Time now) {
    bool changed = false;
    ImGui::PushID(label);
    ImGui::SetNextItemWidth(190);
    if (ImGui::InputText(label, &f.text)) {
        std::string error;
        if (f.text.empty()) {
            f.error.clear();
            changed = value->has_value();
            value->reset();
        } else if (std::optional<Time> t = parseIso8601(f.text, &error)) {
            f.error.clear();
            *value = Timestamp{*t, f.text};
            changed = true;
        } else {
            f.error = error;
        }
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("date shown")) {
        *value = Timestamp{now, formatIso8601(now)};
        f.text = (*value)->text;
        f.error.clear();
        changed = true;
    }
    if (!f.error.empty())
        ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "%s", f.error.c_str());
    ImGui::PopID();
    return changed;
}

// An optional style number: its value, or the kind's default greyed; "x" clears it.
bool optionalNumber(const char* label, std::optional<double>* value, double shown, float speed, double lo, double hi,
                    const char* format) {
    double v = value->value_or(shown);
    ImGui::SetNextItemWidth(120);
    if (!*value)
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    const bool edited = ImGui::DragScalar(label, ImGuiDataType_Double, &v, speed, &lo, &hi, format,
                                          ImGuiSliderFlags_AlwaysClamp);
    if (!*value)
        ImGui::PopStyleColor();
    if (edited)
        *value = v;
    bool cleared = false;
    if (*value) {
        ImGui::SameLine();
        ImGui::PushID(label);
        cleared = ImGui::SmallButton("x");
        ImGui::PopID();
        if (cleared)
            value->reset();
    }
    return edited || cleared;
}

void fillTimeFields(AnnotationEditor& e, const Annotation& a) {
    e.start = {a.start ? a.start->text : "", ""};
    e.end = {a.end ? a.end->text : "", ""};
    e.growStart = {a.grow ? a.grow->start.text : "", ""};
    e.growEnd = {a.grow ? a.grow->end.text : "", ""};
    e.fieldsOf = e.selected;
    e.fieldsRevision = e.doc.revision();
}

// The style fields the kind uses.
void drawStyle(Annotation& a, const Replay* replay, const std::function<void(bool, const char*)>& field) {
    const ResolvedStyle shown = resolveStyle(a, replay);
    AnnotationStyle& s = a.style;
    float rgb[3] = {shown.colour.r, shown.colour.g, shown.colour.b};
    if (ImGui::ColorEdit3("colour", rgb, ImGuiColorEditFlags_NoInputs)) {
        auto byte = [](float f) { return uint32_t(std::lround(std::clamp(f, 0.0f, 1.0f) * 255)); };
        s.colour = byte(rgb[0]) << 16 | byte(rgb[1]) << 8 | byte(rgb[2]);
        field(true, "colour");
    }
    ImGui::SameLine();
    if (s.colour) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "#%06x", *s.colour);
        ImGui::TextUnformatted(hex);
        ImGui::SameLine();
        if (ImGui::SmallButton("x##colour")) {
            s.colour.reset();
            field(true, "colour");
        }
    } else {
        ImGui::TextDisabled(a.side ? "(the side's)" : "(the kind's)");
    }
    field(optionalNumber("opacity", &s.opacity, shown.colour.a, 0.01f, 0, 1, "%.2f"), "opacity");
    if (a.kind == AnnotationKind::Arrow)
        field(optionalNumber("width km", &s.widthKm, shown.widthMetres / 1000, 0.1f, 0.1, 200, "%.1f"), "widthKm");
    if (a.kind == AnnotationKind::Line || a.kind == AnnotationKind::Area) {
        field(optionalNumber("width px", &s.widthPixels, shown.widthPixels, 0.1f, 0.5, 40, "%.1f"), "widthPx");
        const char* dashes[] = {"(default)", "solid", "dashed", "dotted"};
        int dash = s.dash ? int(*s.dash) + 1 : 0;
        ImGui::SetNextItemWidth(120);
        if (ImGui::Combo("dash", &dash, dashes, 4)) {
            s.dash = dash == 0 ? std::nullopt : std::optional(LineDash(dash - 1));
            field(true, "dash");
        }
    }
    if (a.kind == AnnotationKind::Label || a.kind == AnnotationKind::Area || a.kind == AnnotationKind::Arrow)
        field(optionalNumber("text px", &s.textPixels, shown.textPixels, 0.2f, 6, 96, "%.0f"), "textPx");
}

} // namespace

void drawAnnotationFields(AnnotationEditor& e, Time now) {
    const int i = e.selected;
    Annotation a = e.doc.annotations()[size_t(i)];
    if (e.fieldsOf != i || e.fieldsRevision != e.doc.revision())
        fillTimeFields(e, a);
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
    ImGui::PushItemWidth(260);
    field(ImGui::InputText("id", &a.id), "id");
    std::string text = a.text.value_or("");
    if (ImGui::InputText(a.kind == AnnotationKind::Label ? "text" : "name", &text)) {
        a.text = text.empty() && a.kind != AnnotationKind::Label ? std::nullopt : std::optional(text);
        field(true, "text");
    }
    const Replay* replay = e.doc.replay();
    const std::string sideName = a.side.value_or("(none)");
    if (ImGui::BeginCombo("side", sideName.c_str())) {
        if (ImGui::Selectable("(none)", !a.side)) {
            a.side.reset();
            field(true, "side");
        }
        for (const Side& s : replay ? replay->sides : std::vector<Side>{}) {
            const std::string label = s.id + " - " + s.name;
            if (ImGui::Selectable(label.c_str(), a.side == s.id)) {
                a.side = s.id;
                field(true, "side");
            }
        }
        ImGui::EndCombo();
    }
    ImGui::PopItemWidth();
    ImGui::Text("%zu point%s; [lon, lat] of the first: ", a.points.size(), a.points.size() == 1 ? "" : "s");
    if (!a.points.empty()) {
        ImGui::SameLine(0, 0);
        ImGui::Text("%.4f, %.4f", a.points[0].lon, a.points[0].lat);
    }

    field(timeField("start", e.start, &a.start, now), "start");
    field(timeField("end", e.end, &a.end, now), "end");
    if (a.kind == AnnotationKind::Arrow) {
        bool grows = a.grow.has_value();
        if (ImGui::Checkbox("grows along its path", &grows)) {
            if (grows) {
                const Time from = a.start ? a.start->time : now;
                const Time to = a.end ? std::min(a.end->time, from + 86400) : from + 86400;
                a.grow = TimeSpan{Timestamp{from, formatIso8601(from)}, Timestamp{to, formatIso8601(to)}, Json::object()};
            } else {
                a.grow.reset();
            }
            field(true, "grow");
        }
        if (a.grow) {
            std::optional<Timestamp> from = a.grow->start, to = a.grow->end;
            const bool fromChanged = timeField("grow from", e.growStart, &from, now);
            field(fromChanged, "growStart");
            const bool toChanged = timeField("grow to", e.growEnd, &to, now);
            field(toChanged, "growEnd");
            if (from && to) {
                a.grow->start = *from;
                a.grow->end = *to;
            } else if (fromChanged || toChanged) { // a span needs both ends
                a.grow.reset();
            }
        }
    }
    if (a.kind == AnnotationKind::Label) {
        int priority = a.priority.value_or(100);
        ImGui::SetNextItemWidth(120);
        if (ImGui::DragInt("priority", &priority, 1, 0, 1000, "%d", ImGuiSliderFlags_AlwaysClamp)) {
            a.priority = priority;
            field(true, "priority");
        } else {
            field(false, "priority");
        }
        ImGui::SameLine();
        ImGui::TextDisabled("lower is placed first");
    }
    drawStyle(a, replay, field);
    std::string sources;
    for (const std::string& s : a.sources)
        sources += (sources.empty() ? "" : ", ") + s;
    ImGui::SetNextItemWidth(260);
    if (ImGui::InputText("sources", &sources)) {
        a.sources.clear();
        size_t from = 0;
        while (from <= sources.size()) {
            size_t to = std::min(sources.find(',', from), sources.size());
            std::string id = sources.substr(from, to - from);
            id.erase(0, id.find_first_not_of(' '));
            id.erase(id.find_last_not_of(' ') + 1);
            if (!id.empty())
                a.sources.push_back(id);
            from = to + 1;
        }
        field(true, "sources");
    }
    std::string description = a.description.value_or("");
    if (ImGui::InputTextMultiline("description", &description, ImVec2(260, ImGui::GetTextLineHeight() * 3.5f))) {
        a.description = description.empty() ? std::nullopt : std::optional(description);
        field(true, "description");
    }
    if (changed)
        e.doc.setAnnotation(i, a, tag);
}

} // namespace kresy
