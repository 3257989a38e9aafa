#pragma once
// The date control: the replay's span with day ticks and event markers, play/pause, speed,
// previous/next event, a date field, and the date drawn large on screen. Plain functions of
// state (ImGui only), so they run under ImGui's null backend in tests.

#include "core/time.h"
#include "replays/replay.h"

#include <string>
#include <vector>

namespace kresy {

struct TimelineEvent {
    Time start = 0, end = 0;
    std::string title;
    EventKind kind = EventKind::Other;
    double lat = 0, lon = 0; // where it happened
};

struct Timeline {
    Time start = 0, end = 0; // the span shown
    Time now = 0;
    bool playing = false;
    double speed = 3600;     // campaign seconds per second of real time
    std::vector<TimelineEvent> events; // by start time
    char dateField[40] = {};
    std::string dateError;   // the last typed date that did not parse
    int jumped = -1;         // the event the user jumped to (marker, previous/next); the caller resets it
};

// The replay's span and events (events sorted by start); `now` clamped into the span.
Timeline makeTimeline(const Replay& replay, Time now);

// Advances a playing clock by `seconds` of real time; stops at the end.
void advanceTimeline(Timeline& timeline, double seconds);

// The first event starting after / the last starting before `now` (one second of slack, so
// repeated presses walk through events that start together); -1 when there is none.
int nextEvent(const Timeline& timeline, Time now);
int previousEvent(const Timeline& timeline, Time now);

// "1 h/s", "6 h/s", "1 d/s", "10 min/s".
std::string formatSpeed(double campaignSecondsPerSecond);

// Draws the timeline window along the bottom of a `width` x `height` display, and the current
// date at the top centre; changes `timeline` as the user acts.
void drawTimeline(Timeline& timeline, float width, float height);

// Keys: Space plays and pauses; Page Down / Page Up (a presentation clicker) jump to the next
// and previous event. Call when ImGui does not want the keyboard.
void handleTimelineKeys(Timeline& timeline);

} // namespace kresy
