#include "timeline.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace kresy {
namespace {

constexpr double kDay = 86400;

ImU32 eventColour(EventKind kind) {
    switch (kind) {
    case EventKind::Battle:
    case EventKind::Skirmish: return IM_COL32(230, 90, 70, 255);
    case EventKind::Surrender:
    case EventKind::Capture: return IM_COL32(240, 200, 80, 255);
    case EventKind::Massacre: return IM_COL32(160, 40, 160, 255);
    case EventKind::Meeting:
    case EventKind::Parade: return IM_COL32(120, 180, 240, 255);
    default: return IM_COL32(200, 200, 200, 255);
    }
}

void seek(Timeline& t, Time to) { t.now = std::clamp(to, t.start, t.end); }

void seekEvent(Timeline& t, int e) {
    if (e < 0)
        return;
    seek(t, t.events[size_t(e)].start);
    t.jumped = e;
}

// The bar: day ticks with the day of the month, events as markers (hover for the title, click to
// jump), the current time as a cursor; click or drag anywhere else on it to scrub.
void drawBar(Timeline& t, float barWidth) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float height = 50, barY = origin.y + 20;
    const double span = std::max(t.end - t.start, 1.0);
    auto xOf = [&](Time time) { return origin.x + float((time - t.start) / span) * barWidth; };

    ImGui::InvisibleButton("##timeline", ImVec2(barWidth, height));
    const bool barHovered = ImGui::IsItemHovered();
    const bool barActive = ImGui::IsItemActive();
    draw->AddRectFilled(ImVec2(origin.x, barY), ImVec2(origin.x + barWidth, barY + 6), IM_COL32(70, 70, 80, 255), 3);
    draw->AddRectFilled(ImVec2(origin.x, barY), ImVec2(xOf(t.now), barY + 6), IM_COL32(150, 160, 190, 255), 3);
    // Day ticks at midnight UTC; labels where there is room.
    const float pixelsPerDay = float(kDay / span) * barWidth;
    const int labelEvery = pixelsPerDay >= 22 ? 1 : pixelsPerDay >= 11 ? 2 : 7;
    int dayNumber = 0;
    for (Time day = std::ceil(t.start / kDay) * kDay; day <= t.end; day += kDay, ++dayNumber) {
        float x = xOf(day);
        draw->AddLine(ImVec2(x, barY + 8), ImVec2(x, barY + 13), IM_COL32(160, 160, 170, 255));
        if (dayNumber % labelEvery == 0) {
            int y, m, d;
            civilFromDays(int64_t(std::floor(day / kDay)), &y, &m, &d);
            char label[8];
            std::snprintf(label, sizeof label, "%d", d);
            draw->AddText(ImVec2(x - 4, barY + 13), IM_COL32(190, 190, 200, 255), label);
        }
    }
    // Events above the bar.
    int hoveredEvent = -1;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    for (size_t i = 0; i < t.events.size(); ++i) {
        const TimelineEvent& e = t.events[i];
        float x0 = xOf(e.start), x1 = std::max(xOf(e.end), x0 + 1);
        const float top = origin.y + 4, bottom = barY - 2;
        bool hovered = mouse.x >= x0 - 4 && mouse.x <= x1 + 4 && mouse.y >= top - 2 && mouse.y <= bottom + 8;
        ImU32 colour = eventColour(e.kind);
        draw->AddRectFilled(ImVec2(x0, bottom - 4), ImVec2(x1, bottom), colour);
        draw->AddTriangleFilled(ImVec2(x0 - 4, top), ImVec2(x0 + 4, top), ImVec2(x0, bottom - 4), colour);
        if (hovered)
            hoveredEvent = int(i);
    }
    if (hoveredEvent >= 0) {
        const TimelineEvent& e = t.events[size_t(hoveredEvent)];
        ImGui::SetTooltip("%s\n%s", e.title.c_str(), formatHumanDate(e.start).c_str());
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            seek(t, e.start);
            t.jumped = hoveredEvent;
        }
    } else if (barActive || (barHovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left))) {
        seek(t, t.start + double((mouse.x - origin.x) / barWidth) * span);
    }
    float cursor = xOf(t.now);
    draw->AddTriangleFilled(ImVec2(cursor - 6, barY + 14), ImVec2(cursor + 6, barY + 14), ImVec2(cursor, barY + 3),
                            IM_COL32(255, 255, 255, 255));
}

} // namespace

Timeline makeTimeline(const Replay& replay, Time now) {
    Timeline t;
    if (!replaySpan(replay, &t.start, &t.end)) {
        t.start = now;
        t.end = now + kDay;
    }
    for (const Event& e : replay.events)
        t.events.push_back({e.start.time, eventEnd(e), e.title, e.kind, e.place.lat, e.place.lon});
    std::stable_sort(t.events.begin(), t.events.end(),
                     [](const TimelineEvent& a, const TimelineEvent& b) { return a.start < b.start; });
    seek(t, now);
    return t;
}

void advanceTimeline(Timeline& t, double seconds) {
    if (!t.playing)
        return;
    t.now = std::min(t.now + seconds * t.speed, t.end);
    if (t.now >= t.end)
        t.playing = false;
}

int nextEvent(const Timeline& t, Time now) {
    for (size_t i = 0; i < t.events.size(); ++i)
        if (t.events[i].start > now + 1)
            return int(i);
    return -1;
}

int previousEvent(const Timeline& t, Time now) {
    for (size_t i = t.events.size(); i-- > 0;)
        if (t.events[i].start < now - 1)
            return int(i);
    return -1;
}

std::string formatSpeed(double s) {
    char text[32];
    if (s >= kDay)
        std::snprintf(text, sizeof text, "%.3g d/s", s / kDay);
    else if (s >= 3600)
        std::snprintf(text, sizeof text, "%.3g h/s", s / 3600);
    else
        std::snprintf(text, sizeof text, "%.3g min/s", s / 60);
    return text;
}

void drawTimeline(Timeline& t, float width, float height) {
    // The date, large, at the top centre: what a lecture audience reads first.
    std::string date = formatHumanDate(t.now);
    ImFont* font = ImGui::GetIO().Fonts->Fonts.Size > 1 ? ImGui::GetIO().Fonts->Fonts[1] : ImGui::GetFont();
    const float size = font->FontSize;
    ImVec2 extent = font->CalcTextSizeA(size, 1e9f, 0, date.c_str());
    ImVec2 at(std::max((width - extent.x) / 2, std::min(350.0f, width - extent.x - 12)), 14); // clear of the status panel
    ImDrawList* fg = ImGui::GetForegroundDrawList();
    fg->AddRectFilled(ImVec2(at.x - 12, at.y - 6), ImVec2(at.x + extent.x + 12, at.y + extent.y + 6),
                      IM_COL32(0, 0, 0, 130), 6);
    fg->AddText(font, size, at, IM_COL32(255, 255, 255, 255), date.c_str());

    const float panelWidth = std::min(width - 24, 1100.0f);
    ImGui::SetNextWindowPos(ImVec2((width - panelWidth) / 2, height - 12), ImGuiCond_Always, ImVec2(0, 1));
    ImGui::SetNextWindowSize(ImVec2(panelWidth, 0), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(0.7f);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
                             ImGuiWindowFlags_NoMove | ImGuiWindowFlags_AlwaysAutoResize;
    if (ImGui::Begin("timeline##kresy", nullptr, flags)) {
        if (ImGui::Button("|<")) {
            seekEvent(t, previousEvent(t, t.now));
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("previous event (Page Up)");
        ImGui::SameLine();
        if (ImGui::Button(t.playing ? "pause" : "play", ImVec2(52, 0))) {
            if (!t.playing && t.now >= t.end)
                t.now = t.start;
            t.playing = !t.playing;
        }
        ImGui::SameLine();
        if (ImGui::Button(">|")) {
            seekEvent(t, nextEvent(t, t.now));
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("next event (Page Down)");
        ImGui::SameLine();
        float speed = float(t.speed);
        ImGui::SetNextItemWidth(150);
        if (ImGui::SliderFloat("##speed", &speed, 60.0f, 2 * 86400.0f, formatSpeed(t.speed).c_str(),
                               ImGuiSliderFlags_Logarithmic))
            t.speed = speed;
        ImGui::SameLine();
        ImGui::SetNextItemWidth(190);
        if (ImGui::InputTextWithHint("##date", "1939-09-22T12:00Z", t.dateField, sizeof t.dateField,
                                     ImGuiInputTextFlags_EnterReturnsTrue)) {
            std::string why;
            if (auto parsed = parseIso8601(t.dateField, &why)) {
                seek(t, *parsed);
                t.dateError.clear();
                t.dateField[0] = 0;
            } else {
                t.dateError = why;
            }
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("type a date and time (ISO 8601) and press Enter");
        ImGui::SameLine();
        ImGui::TextUnformatted(formatIso8601(t.now).c_str());
        if (!t.dateError.empty())
            ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", t.dateError.c_str());
        drawBar(t, ImGui::GetContentRegionAvail().x);
    }
    ImGui::End();
}

void handleTimelineKeys(Timeline& t) {
    if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false))
        t.playing = !t.playing;
    if (ImGui::IsKeyPressed(GLFW_KEY_PAGE_DOWN, false))
        seekEvent(t, nextEvent(t, t.now));
    if (ImGui::IsKeyPressed(GLFW_KEY_PAGE_UP, false))
        seekEvent(t, previousEvent(t, t.now));
}

} // namespace kresy
