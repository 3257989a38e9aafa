#include "recorder.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

extern char** environ;

namespace kresy {

std::string currentExecutable() {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("kresy") : self.string();
}

Recorder::~Recorder() {
    cancel();
    reap(true);
}

bool Recorder::start(const std::string& program, std::vector<std::string> args, std::string* error) {
    if (running()) {
        *error = "a recording is already running";
        return false;
    }
    args.insert(args.begin(), program);
    args.push_back("--progress");
    args.push_back("json");
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) {
        *error = std::string("cannot start the render: ") + std::strerror(errno);
        return false;
    }
    char pattern[] = "/tmp/kresy-record-XXXXXX";
    const int err = ::mkstemp(pattern);
    if (err < 0) {
        ::close(out[0]);
        ::close(out[1]);
        *error = std::string("cannot start the render: ") + std::strerror(errno);
        return false;
    }
    stderrPath_ = pattern;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err, STDERR_FILENO);
    std::vector<char*> argv;
    for (std::string& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int spawned = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    ::close(err);
    if (spawned != 0) {
        ::close(out[0]);
        *error = "cannot start " + program + ": " + std::strerror(spawned);
        return false;
    }
    ::fcntl(out[0], F_SETFL, ::fcntl(out[0], F_GETFL) | O_NONBLOCK);
    pid_ = pid;
    stdout_ = out[0];
    pending_.clear();
    progress_ = {};
    finished_ = cancelled_ = false;
    exitStatus_ = -1;
    failure_.clear();
    return true;
}

void Recorder::poll() {
    if (stdout_ >= 0) {
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::read(stdout_, buffer, sizeof buffer);
            if (n <= 0)
                break;
            pending_.append(buffer, size_t(n));
        }
        for (size_t end; (end = pending_.find('\n')) != std::string::npos; pending_.erase(0, end + 1)) {
            const nlohmann::json line = nlohmann::json::parse(pending_.substr(0, end), nullptr, false);
            if (!line.is_object() || !line.contains("done"))
                continue;
            progress_.done = line.value("done", 0);
            progress_.total = line.value("total", 0);
            progress_.fps = line.value("fps", 0.0);
            progress_.secondsLeft = line.value("secondsLeft", -1.0);
        }
    }
    reap(false);
}

void Recorder::cancel() {
    if (pid_ > 0 && !cancelled_) {
        ::kill(pid_, SIGTERM); // kresy render stops between frames and removes an unfinished video
        cancelled_ = true;
    }
}

void Recorder::reap(bool wait) {
    if (pid_ <= 0)
        return;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, wait ? 0 : WNOHANG);
    if (r != pid_)
        return;
    pid_ = -1;
    finished_ = true;
    exitStatus_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (stdout_ >= 0)
        ::close(stdout_);
    stdout_ = -1;
    // Why it failed: its last line on stderr.
    std::ifstream in(stderrPath_);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line.find('\r') == std::string::npos)
            failure_ = line;
    std::remove(stderrPath_.c_str());
    if (exitStatus_ == 0)
        failure_.clear();
    else if (cancelled_)
        failure_ = "cancelled";
}

} // namespace kresy
