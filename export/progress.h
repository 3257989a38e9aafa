#pragma once
// The offline render's progress: a line for the terminal, and the same numbers for a GUI bar.
//   [#####---------------]  120/480 frames  12.3 fps  0:29 left

#include <deque>
#include <functional>
#include <string>

namespace kresy {

struct ProgressNumbers {
    int done = 0, total = 0;
    double fps = 0;            // the recent rate; 0 until a frame has been timed
    double secondsLeft = -1;   // from fps; -1 while unknown
    double secondsElapsed = 0; // since the meter was made
};

// One line, no newline or carriage return. `finished` ends it with "done in 0:39" instead of
// the time left.
std::string formatProgress(const ProgressNumbers& numbers, bool finished = false);

class ProgressMeter {
public:
    using Clock = std::function<double()>;                   // seconds, monotonic
    using Output = std::function<void(const std::string&)>; // text exactly as the terminal gets it

    // On a TTY the line is redrawn in place (\r) at most 10 times a second; elsewhere (a log
    // file, a render farm's capture) a plain line every 5 s and a final one. An empty clock is
    // std::chrono::steady_clock.
    ProgressMeter(int total, bool tty, Output output, Clock clock = {});
    // To stderr, redrawn in place when stderr is a terminal.
    static ProgressMeter forStderr(int total);

    // Frames found already rendered (a resumed render): counted as done, not timed.
    void skipped(int count);
    void frameDone();
    // The final line, and on a TTY the newline that leaves it standing.
    void finish();

    ProgressNumbers numbers() const;

private:
    void draw(bool finished);

    int total_, done_ = 0;
    bool tty_;
    Output output_;
    Clock clock_;
    double start_, lastDraw_;
    std::deque<double> recent_; // completion times of the last frames, the start before any
};

} // namespace kresy
