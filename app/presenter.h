#pragma once
// Presenter mode: a lecturer steps through a deck of bookmarks (docs/shot-format.md) with a
// clicker, full screen and with the UI hidden. Each step flies to the bookmark while the date
// animates to its time. Plain functions of state (ImGui for keys and drawing).

#include "scene/camera.h"
#include "scene/shot.h"

#include <memory>
#include <string>

namespace kresy {

struct Presenter {
    std::shared_ptr<const Deck> deck;
    int current = -1;        // the bookmark shown or being flown to; -1 before the first
    bool active = false;     // full screen, UI hidden
    bool statusLine = true;  // "n/N  date" in a corner
    double sinceArrival = 0; // seconds since the camera reached the current bookmark (captions fade in)
};

// The camera a bookmark holds.
Camera bookmarkCamera(const Bookmark& bookmark);

// The step the keys ask for: +1 (Page Down, Right, Down, Space), -1 (Page Up, Left, Up), or
// 0. Home goes to the first bookmark (returns -current - 1 so current + step = 0). S toggles
// the status line. Call when ImGui does not want the keyboard.
int presenterStep(Presenter& presenter);

// The status line (n/N and the date) and the bookmark's title card, over a width x height display.
void drawPresenter(const Presenter& presenter, Time now, bool arrived, float width, float height);

} // namespace kresy
