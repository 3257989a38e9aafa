#include "export/frame_sink.h"

#include "core/files.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <thread>

#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace kresy {

namespace fs = std::filesystem;

// --- Paths and rates ----------------------------------------------------------------------

namespace {

std::string lowercase(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool parseVideo(const std::string& path, const std::string& lower, OutputSpec* spec) {
    static const std::pair<const char*, const char*> containers[] = {
        {".mp4", "mp4"}, {".mov", "mov"}, {".mkv", "matroska"}};
    for (const auto& [extension, muxer] : containers) {
        if (!endsWith(lower, extension)) continue;
        const std::string stem = lower.substr(0, lower.size() - 4);
        *spec = OutputSpec{};
        spec->kind = OutputSpec::Kind::Video;
        spec->path = path;
        spec->container = muxer;
        spec->codec = endsWith(stem, ".h265") || endsWith(stem, ".hevc") ? VideoCodec::H265 : VideoCodec::H264;
        return true;
    }
    return false;
}

} // namespace

bool parseOutputPath(const std::string& path, OutputSpec* spec, std::string* error) {
    const size_t slash = path.find_last_of('/');
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const std::string lower = lowercase(path);
    const std::string help = "use name_####.png for a PNG sequence, or name.mp4, .mov, .mkv for video";
    if (path.empty()) {
        *error = "empty output path; " + help;
        return false;
    }
    if (name.empty() || name == "." || name == "..") {
        *error = path + ": names a directory, not an output file; " + help;
        return false;
    }
    if (parseVideo(path, lower, spec)) return true;
    if (!endsWith(lower, ".png")) {
        const size_t dot = name.find_last_of('.');
        *error = path + ": " + (dot == std::string::npos || dot == 0 ? std::string("no file extension")
                                                                      : "unknown output type '" + name.substr(dot) + "'") +
                 "; " + help;
        return false;
    }

    *spec = OutputSpec{};
    spec->path = path;
    const size_t dir = path.size() - name.size();
    const size_t run = name.find('#');
    if (run == std::string::npos) {
        spec->prefix = path.substr(0, path.size() - 4) + "_";
        spec->suffix = path.substr(path.size() - 4);
        return true;
    }
    const size_t runEnd = name.find_first_not_of('#', run);
    if (name.find('#', runEnd) != std::string::npos) {
        *error = path + ": more than one run of '#' in the file name; the frame number is one run, as in shot_####.png";
        return false;
    }
    spec->prefix = path.substr(0, dir + run);
    spec->suffix = path.substr(dir + runEnd);
    spec->digits = int(runEnd - run);
    return true;
}

std::string framePath(const OutputSpec& spec, int frame) {
    std::string number = std::to_string(frame);
    if (int(number.size()) < spec.digits) number.insert(0, size_t(spec.digits) - number.size(), '0');
    return spec.prefix + number + spec.suffix;
}

bool parseFrameRate(const std::string& text, FrameRate* rate, std::string* error) {
    auto bad = [&] {
        *error = "frame rate '" + text + "': expected a positive number (30, 29.97, 12.5) or a ratio (30000/1001)";
        return false;
    };
    long num = 0, den = 1;
    const size_t slash = text.find('/');
    if (slash != std::string::npos) {
        char* end = nullptr;
        num = std::strtol(text.c_str(), &end, 10);
        if (end != text.c_str() + slash) return bad();
        den = std::strtol(text.c_str() + slash + 1, &end, 10);
        if (end == text.c_str() + slash + 1 || *end) return bad();
    } else {
        // Digits, an optional point and up to 6 more digits, read exactly.
        size_t i = 0, fractionDigits = 0;
        bool point = false, digits = false;
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '.' && !point) {
                point = true;
            } else if (c >= '0' && c <= '9' && num < 100000000) {
                num = num * 10 + (c - '0');
                digits = true;
                if (point) {
                    den *= 10;
                    if (++fractionDigits > 6) return bad();
                }
            } else {
                return bad();
            }
        }
        if (!digits) return bad();
        // 29.97 means the NTSC rate 30000/1001 (29.97002997...), never 2997/100.
        const double ntsc = double(num) / den * 1.001;
        if (den > 1 && std::abs(ntsc - std::round(ntsc)) < 0.005) {
            num = std::lround(ntsc) * 1000;
            den = 1001;
        }
    }
    if (num <= 0 || den <= 0 || num > INT_MAX || den > INT_MAX || double(num) / den > 1000) return bad();
    const long divisor = std::gcd(num, den);
    rate->num = int(num / divisor);
    rate->den = int(den / divisor);
    return true;
}

// --- PNG sequences ------------------------------------------------------------------------

namespace {

std::string parentOf(const std::string& path) {
    const std::string parent = fs::path(path).parent_path().string();
    return parent.empty() ? "." : parent;
}

bool makeParentDirectory(const std::string& path, std::string* error) {
    std::error_code ec;
    const std::string parent = parentOf(path);
    fs::create_directories(parent, ec);
    if (ec) {
        *error = parent + ": cannot create the output directory (" + ec.message() + ")";
        return false;
    }
    if (::access(parent.c_str(), W_OK) != 0) {
        *error = parent + ": cannot write to the output directory (" + std::strerror(errno) + ")";
        return false;
    }
    return true;
}

template <typename Image> bool checkSize(const Image& image, const SinkOptions& options, std::string* error) {
    if (image.width == options.width && image.height == options.height &&
        image.pixels.size() == size_t(image.width) * image.height * 4)
        return true;
    *error = "frame is " + std::to_string(image.width) + "x" + std::to_string(image.height) + " (" +
             std::to_string(image.pixels.size()) + " samples), the output is " + std::to_string(options.width) + "x" +
             std::to_string(options.height);
    return false;
}

class PngSequenceSink : public FrameSink {
public:
    PngSequenceSink(const OutputSpec& spec, const SinkOptions& options) : spec_(spec), options_(options) {}

    int bitDepth() const override { return options_.pngBits; }

    bool write(int frame, const ImageRGBA8& image, std::string* error) override {
        if (!checkSize(image, options_, error)) return false;
        // An fsync per frame costs more than encoding a small frame; finish() syncs them all,
        // and completeFrames() rejects any frame a power loss left empty.
        if (options_.pngBits == 16) return writePng16(framePath(spec_, frame), widenTo16(image), error, Durability::Unflushed);
        return writePng(framePath(spec_, frame), image, error, Durability::Unflushed);
    }

    bool write(int frame, const ImageRGBA16& image, std::string* error) override {
        if (!checkSize(image, options_, error)) return false;
        if (options_.pngBits == 16) return writePng16(framePath(spec_, frame), image, error, Durability::Unflushed);
        return writePng(framePath(spec_, frame), narrowTo8(image), error, Durability::Unflushed);
    }

    bool finish(std::string* error) override { return syncFilesystem(parentOf(spec_.prefix + "0"), error); }

private:
    OutputSpec spec_;
    SinkOptions options_;
};

} // namespace

std::vector<int> completeFrames(const OutputSpec& spec, int first, int last, int width, int height, int bits) {
    if (spec.kind != OutputSpec::Kind::PngSequence || last < first) return {};
    // Checking is a CRC pass over each file: spread the files over threads for 8K sequences.
    std::vector<char> complete(size_t(last - first) + 1, 0);
    std::atomic<size_t> next{0};
    auto worker = [&] {
        for (size_t i; (i = next.fetch_add(1)) < complete.size();) {
            PngInfo info;
            std::string ignored;
            complete[i] = checkPng(framePath(spec, first + int(i)), &info, &ignored) && info.width == width &&
                          info.height == height && info.bitDepth == bits && info.colorType == 6;
        }
    };
    std::vector<std::thread> workers(std::clamp<size_t>(std::thread::hardware_concurrency(), 1, std::min<size_t>(8, complete.size())));
    for (auto& w : workers) w = std::thread(worker);
    for (auto& w : workers) w.join();
    std::vector<int> frames;
    for (size_t i = 0; i < complete.size(); ++i)
        if (complete[i]) frames.push_back(first + int(i));
    return frames;
}

// --- Video through ffmpeg -----------------------------------------------------------------

namespace {

// ffmpeg's first error line that says why, without the "[libx264 @ 0x55...]" address; the
// closing summaries ("Conversion failed!") repeat what came before.
std::string ffmpegReason(const std::string& stderrText) {
    size_t at = 0;
    while (at < stderrText.size()) {
        size_t end = stderrText.find('\n', at);
        if (end == std::string::npos) end = stderrText.size();
        std::string line = stderrText.substr(at, end - at);
        at = end + 1;
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
        if (line.rfind("[", 0) == 0 && line.find(" @ 0x") != std::string::npos && line.find("] ") != std::string::npos)
            line = line.substr(1, line.find(" @ 0x") - 1) + ": " + line.substr(line.find("] ") + 2);
        if (line.empty() || line.rfind("Conversion failed", 0) == 0 || line.rfind("Error initializing output stream", 0) == 0)
            continue;
        return line;
    }
    return "no error message";
}

// write() to a pipe whose reader may have died: EPIPE instead of a SIGPIPE that would kill the
// render. The signal is blocked in this thread only and consumed if the write raised it, so
// the process's signal handling is left as it was.
bool writeToPipe(int fd, const uint8_t* data, size_t size, int* err) {
    sigset_t pipeSignal, old;
    sigemptyset(&pipeSignal);
    sigaddset(&pipeSignal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeSignal, &old);
    sigset_t pending;
    sigpending(&pending);
    const bool wasPending = sigismember(&pending, SIGPIPE);
    *err = 0;
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            *err = errno;
            break;
        }
        data += n;
        size -= size_t(n);
    }
    if (*err == EPIPE && !wasPending) {
        const timespec zero{};
        while (sigtimedwait(&pipeSignal, nullptr, &zero) < 0 && errno == EINTR) {}
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return *err == 0;
}

class VideoSink : public FrameSink {
public:
    VideoSink(const OutputSpec& spec, const SinkOptions& options) : spec_(spec), options_(options) {}

    ~VideoSink() override { abort(); }

    bool start(std::string* error);
    int bitDepth() const override { return 8; }
    bool write(int frame, const ImageRGBA8& image, std::string* error) override;
    bool write(int frame, const ImageRGBA16& image, std::string* error) override {
        return write(frame, narrowTo8(image), error);
    }
    bool finish(std::string* error) override;

private:
    std::vector<std::string> arguments() const;
    int stopFfmpeg(); // closes its input, waits; the wait status, or -1 if it was not running
    void abort();     // kills ffmpeg, removes the temporary file
    bool fail(const std::string& what, std::string* error);

    OutputSpec spec_;
    SinkOptions options_;
    std::string temporary_;
    pid_t pid_ = -1;
    int input_ = -1;          // ffmpeg's stdin
    std::thread stderrReader_;
    std::string stderrText_;  // the start of ffmpeg's stderr; read only after the reader joined
    int nextFrame_ = INT_MIN; // INT_MIN: no frame yet
    bool failed_ = false;
};

std::vector<std::string> VideoSink::arguments() const {
    const bool h265 = options_.codec.value_or(spec_.codec) == VideoCodec::H265;
    const bool quickTime = spec_.container != "matroska";
    std::vector<std::string> args = {
        options_.ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgba", "-s",
        std::to_string(options_.width) + "x" + std::to_string(options_.height), "-framerate",
        std::to_string(options_.fps.num) + "/" + std::to_string(options_.fps.den), "-i", "-",
        // Renders are sRGB, which HD video stores as BT.709; say so in the stream, too.
        "-vf", "scale=out_color_matrix=bt709:out_range=tv", "-colorspace", "bt709", "-color_primaries", "bt709",
        "-color_trc", "bt709", "-c:v", h265 ? "libx265" : "libx264", "-preset", options_.preset, "-crf",
        std::to_string(options_.crf), "-pix_fmt", "yuv420p"};
    if (h265) {
        // hvc1 is the tag QuickTime and Apple players need; x265 logs to stderr unless told not to.
        args.insert(args.end(), {"-x265-params", "log-level=error"});
        if (quickTime) args.insert(args.end(), {"-tag:v", "hvc1"});
    }
    if (quickTime) args.insert(args.end(), {"-movflags", "+faststart"});
    // "file:" keeps a name with ':' or a leading '-' from reading as a protocol or an option.
    args.insert(args.end(), {"-f", spec_.container, "-y", "file:" + temporary_});
    return args;
}

bool VideoSink::start(std::string* error) {
    if (!makeParentDirectory(spec_.path, error)) return false;
    // Next to the output so the final rename stays on one file system; created here so an
    // unwritable directory fails before rendering, and O_EXCL keeps two renders apart.
    static std::atomic<unsigned> counter{0};
    const std::string candidate =
        spec_.path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
    const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        *error = spec_.path + ": cannot create a file in " + parentOf(candidate) + " (" + std::strerror(errno) + ")";
        return false;
    }
    ::close(fd);
    temporary_ = candidate;

    int in[2], err[2];
    if (::pipe2(in, O_CLOEXEC) != 0) return fail(std::string("cannot create a pipe: ") + std::strerror(errno), error);
    if (::pipe2(err, O_CLOEXEC) != 0) {
        ::close(in[0]);
        ::close(in[1]);
        return fail(std::string("cannot create a pipe: ") + std::strerror(errno), error);
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // ffmpeg gets default signal handling whatever ours is, and its own process group: Ctrl-C
    // reaches only us, and the driver decides whether that aborts the sink.
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int s : {SIGPIPE, SIGINT, SIGTERM, SIGHUP}) sigaddset(&defaults, s);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

    const std::vector<std::string> args = arguments();
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int spawned = posix_spawnp(&pid_, options_.ffmpeg.c_str(), &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(in[0]);
    ::close(err[1]);
    if (spawned != 0) {
        pid_ = -1;
        ::close(in[1]);
        ::close(err[0]);
        if (spawned == ENOENT)
            return fail(options_.ffmpeg + " not found on PATH: install ffmpeg to write video, or write a PNG sequence (name_####.png)", error);
        return fail("cannot start " + options_.ffmpeg + ": " + std::strerror(spawned), error);
    }
    input_ = in[1];
    // Drained on a thread so ffmpeg never blocks on a full stderr pipe; the start is kept,
    // where the cause of a failure is.
    stderrReader_ = std::thread([this, fd = err[0]] {
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            if (stderrText_.size() < 16384) stderrText_.append(buffer, size_t(n));
        }
        ::close(fd);
    });
    return true;
}

int VideoSink::stopFfmpeg() {
    if (input_ >= 0) ::close(input_);
    input_ = -1;
    if (stderrReader_.joinable()) stderrReader_.join();
    if (pid_ <= 0) return -1;
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {}
    pid_ = -1;
    return status;
}

void VideoSink::abort() {
    if (pid_ > 0) ::kill(pid_, SIGKILL);
    stopFfmpeg();
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
    temporary_.clear();
}

// Every failure aborts at once: nothing half-written stays behind, even if the sink is kept.
bool VideoSink::fail(const std::string& what, std::string* error) {
    abort();
    failed_ = true;
    *error = spec_.path + ": " + what;
    return false;
}

bool VideoSink::write(int frame, const ImageRGBA8& image, std::string* error) {
    if (failed_) return fail("the video encoder already failed", error);
    if (!checkSize(image, options_, error)) return false;
    if (nextFrame_ != INT_MIN && frame != nextFrame_)
        return fail("frame " + std::to_string(frame) + " came after " + std::to_string(nextFrame_ - 1) +
                        "; a video takes its frames in order",
                    error);
    int err = 0;
    if (!writeToPipe(input_, image.pixels.data(), image.pixels.size(), &err)) {
        const int status = stopFfmpeg();
        if (err == EPIPE && WIFEXITED(status))
            return fail("ffmpeg stopped (exit status " + std::to_string(WEXITSTATUS(status)) + ") at frame " +
                            std::to_string(frame) + ": " + ffmpegReason(stderrText_),
                        error);
        if (err == EPIPE && WIFSIGNALED(status))
            return fail("ffmpeg was killed by signal " + std::to_string(WTERMSIG(status)), error);
        return fail(std::string("cannot send a frame to ffmpeg: ") + std::strerror(err), error);
    }
    nextFrame_ = frame + 1;
    return true;
}

bool VideoSink::finish(std::string* error) {
    if (failed_) return fail("the video encoder already failed", error);
    if (nextFrame_ == INT_MIN) return fail("no frames to encode", error);
    const int status = stopFfmpeg();
    if (WIFSIGNALED(status)) return fail("ffmpeg was killed by signal " + std::to_string(WTERMSIG(status)), error);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return fail("ffmpeg failed (exit status " + std::to_string(WEXITSTATUS(status)) + "): " + ffmpegReason(stderrText_),
                    error);
    // ffmpeg does not fsync; do it before the rename so the final name never means an empty file.
    const int fd = ::open(temporary_.c_str(), O_RDONLY | O_CLOEXEC);
    const bool synced = fd >= 0 && ::fsync(fd) == 0;
    const int syncError = errno;
    if (fd >= 0) ::close(fd);
    if (!synced) return fail(temporary_ + ": " + std::strerror(syncError), error);
    if (::rename(temporary_.c_str(), spec_.path.c_str()) != 0)
        return fail(std::string("cannot rename the finished video into place: ") + std::strerror(errno), error);
    temporary_.clear();
    return true;
}

} // namespace

std::unique_ptr<FrameSink> openFrameSink(const OutputSpec& spec, const SinkOptions& options, std::string* error) {
    const std::string size = std::to_string(options.width) + "x" + std::to_string(options.height);
    if (options.width <= 0 || options.height <= 0) {
        *error = spec.path + ": invalid frame size " + size;
        return nullptr;
    }
    if (spec.kind == OutputSpec::Kind::PngSequence) {
        if (options.pngBits != 8 && options.pngBits != 16) {
            *error = spec.path + ": PNG frames are 8 or 16 bits per channel, not " + std::to_string(options.pngBits);
            return nullptr;
        }
        if (!makeParentDirectory(spec.prefix + "0", error)) return nullptr;
        removeDeadTemporariesIn(parentOf(spec.prefix + "0")); // frames a killed render was writing
        return std::make_unique<PngSequenceSink>(spec, options);
    }
    if (options.width % 2 || options.height % 2) {
        *error = spec.path + ": video needs an even width and height (4:2:0 chroma), not " + size;
        return nullptr;
    }
    if (options.crf < 0 || options.crf > 51) {
        *error = spec.path + ": crf " + std::to_string(options.crf) + " is out of range 0-51";
        return nullptr;
    }
    if (options.fps.num <= 0 || options.fps.den <= 0) {
        *error = spec.path + ": invalid frame rate";
        return nullptr;
    }
    removeDeadTemporaries(spec.path); // the video of a killed render
    auto sink = std::make_unique<VideoSink>(spec, options);
    if (!sink->start(error)) return nullptr;
    return sink;
}

} // namespace kresy
