#include "export/progress.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

#include <unistd.h>

namespace kresy {

namespace {

constexpr int barWidth = 20;
constexpr size_t rateWindow = 16;        // frames the rate is taken over
constexpr double ttyInterval = 0.1;      // seconds between redraws on a terminal
constexpr double plainInterval = 5.0;    // and between lines elsewhere

std::string formatDuration(double seconds) {
    const long s = std::lround(seconds);
    char text[32];
    if (s >= 3600)
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
    return text;
}

double steadySeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace

std::string formatProgress(const ProgressNumbers& n, bool finished) {
    const int filled = n.total > 0 ? std::clamp(n.done * barWidth / n.total, 0, barWidth) : 0;
    const std::string bar = std::string("[") + std::string(size_t(filled), '#') + std::string(size_t(barWidth - filled), '-') + "]";
    const int digits = int(std::to_string(n.total).size());
    char fps[32];
    if (n.fps <= 0)
        std::snprintf(fps, sizeof fps, "--.- fps");
    else
        std::snprintf(fps, sizeof fps, n.fps >= 1 ? "%.1f fps" : "%.2f fps", n.fps);
    const std::string time = finished ? std::string("done in ") + formatDuration(n.secondsElapsed)
                             : n.secondsLeft < 0 ? std::string("--:-- left")
                                                 : formatDuration(n.secondsLeft) + " left";
    char line[160];
    std::snprintf(line, sizeof line, "%s  %*d/%d frames  %s  %s", bar.c_str(), digits, n.done, n.total, fps, time.c_str());
    return line;
}

ProgressMeter::ProgressMeter(int total, bool tty, Output output, Clock clock)
    : total_(total), tty_(tty), output_(std::move(output)), clock_(clock ? std::move(clock) : Clock(steadySeconds)) {
    start_ = lastDraw_ = clock_();
    recent_.push_back(start_);
    // A terminal shows the bar at once: the first frame of a big render can take a while.
    if (tty_) draw(false);
}

ProgressMeter ProgressMeter::forStderr(int total) {
    return ProgressMeter(total, ::isatty(STDERR_FILENO) != 0, [](const std::string& text) {
        std::fputs(text.c_str(), stderr);
        std::fflush(stderr);
    });
}

void ProgressMeter::skipped(int count) { done_ += count; }

void ProgressMeter::frameDone() {
    ++done_;
    const double now = clock_();
    recent_.push_back(now);
    if (recent_.size() > rateWindow + 1) recent_.pop_front();
    if (now - lastDraw_ >= (tty_ ? ttyInterval : plainInterval)) draw(false);
}

void ProgressMeter::finish() {
    draw(done_ >= total_);
    if (tty_) output_("\n");
}

ProgressNumbers ProgressMeter::numbers() const {
    ProgressNumbers n;
    n.done = done_;
    n.total = total_;
    n.secondsElapsed = clock_() - start_;
    // The median time per frame over the last few: one slow frame (a tile load, a hiccup of
    // the disk) moves it little.
    std::vector<double> intervals;
    for (size_t i = 1; i < recent_.size(); ++i) intervals.push_back(recent_[i] - recent_[i - 1]);
    if (intervals.empty()) return n;
    std::nth_element(intervals.begin(), intervals.begin() + intervals.size() / 2, intervals.end());
    const double median = intervals[intervals.size() / 2];
    // Frames that finish in batches have zero intervals; then the mean over the window.
    const double span = recent_.back() - recent_.front();
    const double perFrame = median > 0 ? median : span / double(intervals.size());
    if (perFrame <= 0) return n;
    n.fps = 1.0 / perFrame;
    n.secondsLeft = std::max(0, total_ - done_) * perFrame;
    return n;
}

void ProgressMeter::draw(bool finished) {
    lastDraw_ = clock_();
    const std::string line = formatProgress(numbers(), finished);
    // "\x1b[K" clears what a longer previous line left to the right.
    output_(tty_ ? std::string("\r") + line + "\x1b[K" : line + "\n");
}

} // namespace kresy
