#pragma once
// The window's Record button: the shot rendered by `kresy render` in a child process, so it goes
// through exactly the offline pipeline (complete frames, supersampling, the same bytes), and the
// window keeps drawing while it runs. Progress comes back as the child's JSON progress lines.

#include "export/progress.h"

#include <sys/types.h>

#include <string>
#include <vector>

namespace kresy {

class Recorder {
public:
    Recorder() = default;
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;
    ~Recorder(); // cancels a render still running

    // Starts `program` (the kresy binary) with `args` ("render", SHOT, "--out", ...); the
    // progress option is added. False with a sentence when it cannot start, or one is running.
    bool start(const std::string& program, std::vector<std::string> args, std::string* error);
    // Reads what the child wrote since the last call, never waiting; notices when it ended.
    void poll();
    // Stops the render: the child ends between frames, and an unfinished video is not written.
    void cancel();

    bool running() const { return pid_ > 0; }
    const ProgressNumbers& progress() const { return progress_; }
    // After it ended: whether it succeeded, and if not, its last line on stderr (why).
    bool succeeded() const { return finished_ && exitStatus_ == 0; }
    bool finished() const { return finished_; }
    const std::string& failure() const { return failure_; }

private:
    void reap(bool wait);

    pid_t pid_ = -1;
    int stdout_ = -1;            // the child's stdout, non-blocking
    std::string stderrPath_;     // its stderr, a temporary file
    std::string pending_;        // a partial line read from stdout
    ProgressNumbers progress_;
    bool finished_ = false, cancelled_ = false;
    int exitStatus_ = -1;
    std::string failure_;
};

// This executable's path (to run `kresy render` from the window).
std::string currentExecutable();

} // namespace kresy
