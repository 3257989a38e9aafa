// End-to-end tests of the kresy command line: they run the real binary as a child process
// with an environment of their own, and look at its exit status, its stdout and stderr, and
// the PNG files it writes.
//
// Every test owns a temporary directory (kept, and named on stderr, when the test fails):
//   ROOT/out      the child's working directory and where its images go
//   ROOT/runtime  XDG_RUNTIME_DIR, so the Vulkan loader has one
//   ROOT/cache    XDG_CACHE_HOME, so Mesa's and the validation layer's caches stay in here
// The `Window` suite needs an X display; ctest runs it under xvfb-run (test cli.window).

#include "core/image.h"
#include "scene/shot_edit.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;

namespace {

using kresy::ImageRGBA8;

// ---------------------------------------------------------------------------------------------
// Running the binary

struct RunResult {
    int exitCode = -1;    // when the child exited normally
    int signal = 0;       // when a signal ended it
    bool timedOut = false;
    std::string out, err; // its stdout and stderr
    double seconds = 0;

    bool exitedWith(int code) const { return !timedOut && signal == 0 && exitCode == code; }
};

// A readable account of a run, for assertion messages.
std::string describe(const RunResult& r) {
    std::ostringstream s;
    if (r.timedOut)
        s << "TIMED OUT after " << r.seconds << " s";
    else if (r.signal)
        s << "killed by signal " << r.signal << " (" << strsignal(r.signal) << ")";
    else
        s << "exit status " << r.exitCode;
    s << " after " << r.seconds << " s\n--- stdout ---\n" << r.out << "--- stderr ---\n" << r.err << "--------------";
    return s.str();
}

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> result;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        result.push_back(line);
    return result;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

std::string lowercase(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// Environment changes for one run: a value sets the variable, nullopt removes it.
using EnvChanges = std::map<std::string, std::optional<std::string>>;

// Runs `argv` (argv[0] is the program's path) in `cwd` with exactly `env`, stdout and stderr
// captured through files in `captureDir`, stdin from /dev/null. A run longer than `timeout`
// has its whole process group killed and comes back with timedOut set.
// Runs argv and waits for it; past `timeout`, or as soon as `stopWhen` says so, the child is
// killed (SIGKILL) and the result says timedOut.
RunResult runProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env, const fs::path& cwd,
                     const fs::path& captureDir, std::chrono::seconds timeout,
                     const std::function<bool()>& stopWhen = {}) {
    static int counter = 0;
    ++counter;
    const fs::path outPath = captureDir / ("stdout." + std::to_string(counter));
    const fs::path errPath = captureDir / ("stderr." + std::to_string(counter));

    // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
    std::vector<char*> args, envp;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (const std::string& e : env)
        envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    const std::string dir = cwd.string();
    int outFd = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int errFd = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int nullFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);

    RunResult result;
    if (outFd < 0 || errFd < 0 || nullFd < 0) {
        result.err = std::string("test harness: cannot open capture files: ") + std::strerror(errno);
        return result;
    }
    auto start = std::chrono::steady_clock::now();
    pid_t pid = ::fork();
    if (pid == 0) {
        ::setpgid(0, 0);
        if (::chdir(dir.c_str()) != 0 || ::dup2(nullFd, 0) < 0 || ::dup2(outFd, 1) < 0 || ::dup2(errFd, 2) < 0)
            ::_exit(126);
        ::execve(args[0], args.data(), envp.data());
        ::_exit(127);
    }
    ::close(outFd);
    ::close(errFd);
    ::close(nullFd);
    if (pid < 0) {
        result.err = std::string("test harness: fork failed: ") + std::strerror(errno);
        return result;
    }
    ::setpgid(pid, pid); // also here, so a kill right after fork reaches the group

    int status = 0;
    for (;;) {
        pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            result.err = std::string("test harness: waitpid failed: ") + std::strerror(errno);
            return result;
        }
        if (std::chrono::steady_clock::now() - start > timeout || (stopWhen && stopWhen())) {
            result.timedOut = true;
            ::kill(-pid, SIGKILL);
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (WIFEXITED(status))
        result.exitCode = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        result.signal = WTERMSIG(status);
    result.out = readText(outPath);
    result.err = readText(errPath);
    return result;
}

// ---------------------------------------------------------------------------------------------
// Images

struct Rect {
    int x0, y0, x1, y1; // half-open: [x0, x1) x [y0, y1)
};

struct Mean {
    double r = 0, g = 0, b = 0;
    double luma() const { return 0.2126 * r + 0.7152 * g + 0.0722 * b; }
    double saturation() const { return std::max({r, g, b}) - std::min({r, g, b}); }
};

std::ostream& operator<<(std::ostream& os, const Mean& m) {
    return os << "rgb(" << m.r << ", " << m.g << ", " << m.b << ")";
}

const uint8_t* pixel(const ImageRGBA8& image, int x, int y) { return &image.pixels[(size_t(y) * image.width + x) * 4]; }

Mean meanColour(const ImageRGBA8& image, Rect rect) {
    Mean m;
    double n = 0;
    for (int y = rect.y0; y < rect.y1; ++y)
        for (int x = rect.x0; x < rect.x1; ++x) {
            const uint8_t* p = pixel(image, x, y);
            m.r += p[0];
            m.g += p[1];
            m.b += p[2];
            ++n;
        }
    if (n > 0) {
        m.r /= n;
        m.g /= n;
        m.b /= n;
    }
    return m;
}

Rect whole(const ImageRGBA8& image) { return {0, 0, image.width, image.height}; }

double lumaStddev(const ImageRGBA8& image) {
    double sum = 0, sum2 = 0, n = double(image.width) * image.height;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const uint8_t* p = pixel(image, x, y);
            double l = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
            sum += l;
            sum2 += l * l;
        }
    double mean = sum / n;
    return std::sqrt(std::max(0.0, sum2 / n - mean * mean));
}

size_t distinctColours(const ImageRGBA8& image) {
    std::set<uint32_t> colours;
    for (size_t i = 0; i + 3 < image.pixels.size(); i += 4)
        colours.insert(uint32_t(image.pixels[i]) << 16 | uint32_t(image.pixels[i + 1]) << 8 | image.pixels[i + 2]);
    return colours.size();
}

// Pixels whose three channels are all above `threshold`: white text.
int brightPixels(const ImageRGBA8& image, Rect rect, int threshold = 200) {
    int count = 0;
    for (int y = rect.y0; y < rect.y1; ++y)
        for (int x = rect.x0; x < rect.x1; ++x) {
            const uint8_t* p = pixel(image, x, y);
            count += p[0] > threshold && p[1] > threshold && p[2] > threshold;
        }
    return count;
}

double colourDistance(const Mean& a, const Mean& b) {
    return std::sqrt((a.r - b.r) * (a.r - b.r) + (a.g - b.g) * (a.g - b.g) + (a.b - b.b) * (a.b - b.b));
}

// ---------------------------------------------------------------------------------------------
// The fixture: a temporary directory per test, and runs of kresy inside it.

class CliTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "kresy-cli-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr) << "mkdtemp: " << std::strerror(errno);
        root_ = pattern;
        out_ = root_ / "out";
        fs::create_directory(out_);
        fs::create_directory(root_ / "runtime");
        fs::permissions(root_ / "runtime", fs::perms::owner_all, fs::perm_options::replace);
        fs::create_directory(root_ / "cache");
    }

    void TearDown() override {
        if (root_.empty())
            return;
        if (HasFailure()) {
            std::fprintf(stderr, "kept the failed test's files in %s\n", root_.c_str());
            return;
        }
        std::error_code ec;
        fs::remove_all(root_, ec);
    }

    // The environment every run starts from: the test process's own, without the variables
    // that steer kresy, with XDG directories inside the test's directory and, unless
    // `display` (the Window suite), without a display, so `still` proves it needs none.
    std::vector<std::string> environment(const EnvChanges& changes, bool display) const {
        std::map<std::string, std::string> env;
        for (char** e = environ; *e; ++e) {
            std::string entry = *e;
            size_t eq = entry.find('=');
            if (eq != std::string::npos)
                env[entry.substr(0, eq)] = entry.substr(eq + 1);
        }
        for (const char* name : {"KRESY_DATA", "KRESY_GPU", "KRESY_VALIDATION", "KRESY_TILES"})
            env.erase(name);
        env["KRESY_TILES"] = KRESY_TEST_TILES; // the default pyramid, baked once by the test fixture
        if (!display) {
            env.erase("DISPLAY");
            env.erase("WAYLAND_DISPLAY");
        }
        env["XDG_RUNTIME_DIR"] = (root_ / "runtime").string();
        env["XDG_CACHE_HOME"] = (root_ / "cache").string();
        for (const auto& [name, value] : changes) {
            if (value)
                env[name] = *value;
            else
                env.erase(name);
        }
        std::vector<std::string> list;
        for (const auto& [name, value] : env)
            list.push_back(name + "=" + value);
        return list;
    }

    RunResult kresy(const std::vector<std::string>& args, const EnvChanges& env = {}, bool display = false,
                    std::chrono::seconds timeout = std::chrono::seconds(120), const std::function<bool()>& stopWhen = {}) {
        std::vector<std::string> argv = {KRESY_BINARY};
        argv.insert(argv.end(), args.begin(), args.end());
        return runProcess(argv, environment(env, display), out_, root_, timeout, stopWhen);
    }

    // `kresy still ARGS --out PNG` with the validation layers on; asserts it succeeded and reads PNG.
    void renderStill(const std::vector<std::string>& args, const fs::path& png, ImageRGBA8* image,
                     const EnvChanges& env = {}) {
        std::vector<std::string> all = {"still"};
        all.insert(all.end(), args.begin(), args.end());
        all.push_back("--out");
        all.push_back(png.string());
        EnvChanges withValidation = env;
        withValidation.emplace("KRESY_VALIDATION", "1");
        RunResult r = kresy(all, withValidation);
        ASSERT_TRUE(r.exitedWith(0)) << describe(r);
        EXPECT_FALSE(contains(r.err, "not installed")) << "the validation layers must be installed for these tests "
                                                          "to mean anything (Debian: vulkan-validationlayers)\n"
                                                       << describe(r);
        EXPECT_EQ(r.out, png.string() + "\n") << "stdout should be the written path";
        ASSERT_TRUE(fs::is_regular_file(png)) << png;
        std::string error;
        ASSERT_TRUE(kresy::readPng(png.string(), image, &error)) << error;
    }

    // Files left in the output directory, by name.
    std::set<std::string> outputFiles() const {
        std::set<std::string> names;
        for (const auto& entry : fs::directory_iterator(out_))
            names.insert(entry.path().filename().string());
        return names;
    }

    fs::path root_, out_;
};

// A failure the user can act on: status 1, no signal or crash text, nothing on stdout, and
// exactly one line from the command (prefix "kresy still: " or similar) that contains every
// one of `mentions`. Other lines must be kresy's own log lines ("kresy: ...").
void expectCleanFailure(const RunResult& r, const std::string& prefix, const std::vector<std::string>& mentions,
                        std::string* errorLine) {
    EXPECT_TRUE(r.exitedWith(1)) << describe(r);
    EXPECT_EQ(r.out, "") << describe(r);
    for (const char* crash : {"Aborted", "terminate called", "Segmentation fault", "core dumped", "Assertion",
                              "AddressSanitizer", "runtime error"})
        EXPECT_FALSE(contains(r.err, crash)) << "stderr shows a crash (" << crash << ")\n" << describe(r);
    std::vector<std::string> errLines = lines(r.err);
    ASSERT_FALSE(errLines.empty()) << "no message at all\n" << describe(r);
    int commandLines = 0;
    for (const std::string& line : errLines) {
        EXPECT_EQ(line.rfind("kresy", 0), 0u) << "a line on stderr that is not kresy's: '" << line << "'";
        commandLines += line.rfind(prefix, 0) == 0;
    }
    ASSERT_EQ(commandLines, 1) << "expected exactly one '" << prefix << "' line\n" << describe(r);
    *errorLine = *std::find_if(errLines.begin(), errLines.end(),
                               [&](const std::string& line) { return line.rfind(prefix, 0) == 0; });
    for (const std::string& m : mentions)
        EXPECT_TRUE(contains(*errorLine, m)) << "the error line should mention '" << m << "'\n" << describe(r);
}

void expectCleanFailure(const RunResult& r, const std::string& prefix, const std::vector<std::string>& mentions) {
    std::string errorLine;
    expectCleanFailure(r, prefix, mentions, &errorLine);
}

// The device kresy chose, from its "kresy: using NAME" log line; empty if absent.
std::string deviceNameFromLog(const std::string& err) {
    for (const std::string& line : lines(err))
        if (line.rfind("kresy: using ", 0) == 0)
            return line.substr(std::strlen("kresy: using "));
    return "";
}

const char* const kCamera = "52.2,23.0,40000,10,-35";

// ---------------------------------------------------------------------------------------------
// 1. Stills

class Still : public CliTest {};

TEST_F(Still, RendersTerrainBelowTheCamera) {
    ImageRGBA8 image;
    ASSERT_NO_FATAL_FAILURE(renderStill({"--camera", kCamera, "--size", "320x180"}, out_ / "a.png", &image));
    ASSERT_EQ(image.width, 320);
    ASSERT_EQ(image.height, 180);

    double spread = lumaStddev(image);
    size_t colours = distinctColours(image);
    EXPECT_GT(spread, 2.0) << "the image is (nearly) uniform";
    EXPECT_GT(colours, 200u) << "the image has almost no detail";

    Mean lower = meanColour(image, {0, 90, 320, 180});
    Mean top = meanColour(image, {0, 0, 320, 10});
    // Terrain is green: more green than blue (sky would be the other way round) and than red.
    EXPECT_GT(lower.g, lower.b + 10) << "lower half " << lower;
    EXPECT_GT(lower.g, lower.r) << "lower half " << lower;
    // At 40 km, looking 35 degrees down, the top of the frame is far-off terrain in haze.
    EXPECT_GT(colourDistance(lower, top), 10.0) << "lower half " << lower << " vs top rows " << top;
}

TEST_F(Still, LookingUpShowsSky) {
    ImageRGBA8 image;
    ASSERT_NO_FATAL_FAILURE(renderStill({"--camera", "52.2,23.0,40000,10,30", "--size", "320x180"}, out_ / "up.png", &image));
    ASSERT_EQ(image.width, 320);
    ASSERT_EQ(image.height, 180);
    Mean top = meanColour(image, {0, 0, 320, 10});
    EXPECT_GT(top.b, top.r + 20) << "top rows " << top << " should be blue sky";
    EXPECT_GT(top.b, top.g) << "top rows " << top << " should be blue sky";
    // All of it is sky: brighter than the terrain and blue throughout.
    Mean all = meanColour(image, whole(image));
    EXPECT_GT(all.b, all.r + 10) << "whole image " << all;
    EXPECT_GT(all.luma(), 120) << "whole image " << all;
}

TEST_F(Still, DefaultCameraAndSize) {
    // No --camera, --time or --size: the documented defaults (340 km over eastern Poland, 1280x720),
    // with the curved horizon and sky at the top and terrain below.
    ImageRGBA8 image;
    ASSERT_NO_FATAL_FAILURE(renderStill({}, out_ / "default.png", &image));
    EXPECT_EQ(image.width, 1280);
    EXPECT_EQ(image.height, 720);
    EXPECT_GT(lumaStddev(image), 5.0);
    Mean corner = meanColour(image, {0, 0, 40, 6});
    EXPECT_GT(corner.b, corner.r + 10) << "top-left corner " << corner << " should be sky";
    Mean bottom = meanColour(image, {0, 600, 1280, 720});
    EXPECT_GT(bottom.g, bottom.b + 10) << "bottom rows " << bottom << " should be terrain";
}

TEST_F(Still, CameraOutsideTheTerrainWarnsButRenders) {
    ImageRGBA8 image;
    RunResult r = kresy({"still", "--camera", "0,0,1000,0,-30", "--size", "64x36", "--out", (out_ / "o.png").string()},
                        {{"KRESY_VALIDATION", "1"}});
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    EXPECT_TRUE(contains(r.err, "warning")) << describe(r);
    EXPECT_TRUE(contains(r.err, "outside the terrain data")) << describe(r);
    std::string error;
    ASSERT_TRUE(kresy::readPng((out_ / "o.png").string(), &image, &error)) << error;
    EXPECT_EQ(image.width, 64);
    EXPECT_EQ(image.height, 36);
}

// 2. --time moves the sun.
TEST_F(Still, NightIsMuchDarkerThanMorning) {
    ImageRGBA8 day, night;
    ASSERT_NO_FATAL_FAILURE(renderStill({"--camera", kCamera, "--size", "320x180", "--time", "1939-09-17T09:00:00Z"},
                                        out_ / "day.png", &day));
    ASSERT_NO_FATAL_FAILURE(renderStill({"--camera", kCamera, "--size", "320x180", "--time", "1939-09-17T21:00:00Z"},
                                        out_ / "night.png", &night));
    double dayLuma = meanColour(day, whole(day)).luma();
    double nightLuma = meanColour(night, whole(night)).luma();
    EXPECT_GT(dayLuma, 60) << "the morning image is too dark";
    // Much darker, but not black: the night keeps a dim blue light so the land stays readable.
    EXPECT_LT(nightLuma, 0.45 * dayLuma) << "night " << nightLuma << " vs day " << dayLuma;
    EXPECT_GT(nightLuma, 0.15 * dayLuma) << "night is black: " << nightLuma << " vs day " << dayLuma;
}

// 3. Determinism.
TEST_F(Still, IdenticalRunsGiveIdenticalFiles) {
    ImageRGBA8 a, b;
    const std::vector<std::string> args = {"--camera", "49.3,20.0,6000,200,-12", "--size", "240x135"};
    ASSERT_NO_FATAL_FAILURE(renderStill(args, out_ / "first.png", &a));
    ASSERT_NO_FATAL_FAILURE(renderStill(args, out_ / "second.png", &b));
    std::string first = readText(out_ / "first.png"), second = readText(out_ / "second.png");
    ASSERT_GT(first.size(), 1000u);
    EXPECT_TRUE(first == second) << "two identical runs wrote different PNG files (" << first.size() << " and "
                                 << second.size() << " bytes)";
    EXPECT_GT(lumaStddev(a), 2.0) << "a uniform image would make this test meaningless";
}

// ---------------------------------------------------------------------------------------------
// 4. Usage errors: status 2, one line on stderr naming the flag (and the expected form),
// nothing on stdout, nothing written. KRESY_DATA and the Vulkan driver point nowhere: a usage
// error is found before kresy touches either.

struct UsageCase {
    const char* name;
    std::vector<std::string> args; // "{png}" stands for a writable DIR/x.png
    std::vector<std::string> mentions;
};

void PrintTo(const UsageCase& c, std::ostream* os) { *os << c.name; }

class Usage : public CliTest, public ::testing::WithParamInterface<UsageCase> {};

TEST_P(Usage, ExitsTwoWithOneLine) {
    std::vector<std::string> args = GetParam().args;
    const std::string png = (out_ / "x.png").string();
    for (std::string& a : args)
        if (a == "{png}")
            a = png;
    RunResult r = kresy(args, {{"KRESY_DATA", "/nonexistent"}, {"VK_DRIVER_FILES", "/nonexistent/icd.json"}});
    EXPECT_TRUE(r.exitedWith(2)) << describe(r);
    EXPECT_EQ(r.out, "") << describe(r);
    ASSERT_FALSE(r.err.empty()) << describe(r);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "expected exactly one line\n" << describe(r);
    EXPECT_EQ(r.err.back(), '\n') << describe(r);
    EXPECT_EQ(r.err.rfind("kresy", 0), 0u) << describe(r);
    for (const std::string& m : GetParam().mentions)
        EXPECT_TRUE(contains(r.err, m)) << "stderr should mention '" << m << "'\n" << describe(r);
    EXPECT_TRUE(outputFiles().empty()) << "a usage error wrote " << *outputFiles().begin();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Usage,
    ::testing::Values(
        UsageCase{"UnknownFlag", {"still", "--bogus", "--out", "{png}"}, {"--bogus"}},
        UsageCase{"UnknownFlagOfView", {"--bogus"}, {"--bogus"}},
        UsageCase{"CameraTooFewParts", {"still", "--camera", "1,2", "--out", "{png}"}, {"--camera", "LAT,LON", "1,2"}},
        UsageCase{"CameraNotNumbers", {"still", "--camera", "a,b,c,d,e", "--out", "{png}"}, {"--camera", "LAT,LON"}},
        UsageCase{"CameraNotFinite", {"still", "--camera", "52,23,nan,0,0", "--out", "{png}"}, {"--camera", "LAT,LON"}},
        UsageCase{"CameraLatitudeOutOfRange",
                  {"still", "--camera", "95,23,1000,0,-30", "--out", "{png}"},
                  {"--camera", "latitude", "95", "-90..90"}},
        UsageCase{"CameraFieldOfViewOutOfRange",
                  {"still", "--camera=52,23,1000,0,-30,170", "--out", "{png}"},
                  {"--camera", "field of view", "170"}},
        UsageCase{"SizeWithoutHeight", {"still", "--size", "100", "--out", "{png}"}, {"--size", "WxH", "'100'"}},
        UsageCase{"SizeZero", {"still", "--size", "0x10", "--out", "{png}"}, {"--size", "WxH", "0x10"}},
        UsageCase{"SizeTooLarge", {"still", "--size", "20000x20000", "--out", "{png}"}, {"--size", "20000x20000", "16384"}},
        UsageCase{"TimeBadMonth",
                  {"still", "--time", "1939-13-01", "--out", "{png}"},
                  {"--time", "ISO-8601", "1939-09-17T09:00:00Z", "month 13"}},
        UsageCase{"OutNotPng", {"still", "--out", "x.jpg"}, {"--out", "FILE.png", "x.jpg"}},
        UsageCase{"OutMissing", {"still", "--size", "64x36"}, {"--out", "required"}},
        UsageCase{"OutWithoutValue", {"still", "--out"}, {"--out", "needs a value"}},
        UsageCase{"PositionalArgument", {"still", "--out", "{png}", "extra"}, {"extra"}},
        UsageCase{"UnknownCommand", {"frobnicate"}, {"frobnicate", "view", "still"}},
        UsageCase{"ViewZeroFrames", {"view", "--frames", "0"}, {"--frames", "whole number", "'0'"}},
        UsageCase{"ViewScreenshotNotPng", {"view", "--screenshot", "w.bmp"}, {"--screenshot", "FILE.png"}},
        UsageCase{"ViewBadSize", {"view", "--size", "800x"}, {"--size", "WxH"}},
        UsageCase{"BenchUnknownFlag", {"bench", "--bogus"}, {"--bogus"}},
        UsageCase{"BakeBadBounds", {"bake", "--out", "{png}", "--bounds", "1,2,3"}, {"--bounds", "W,S,E,N"}},
        UsageCase{"BakeEmptyBounds", {"bake", "--out", "{png}", "--bounds", "24,50,23,51"}, {"--bounds", "W < E"}},
        UsageCase{"BakeZoomOrder", {"bake", "--out", "{png}", "--minzoom", "9", "--maxzoom", "3"}, {"--minzoom", "--maxzoom"}},
        UsageCase{"BakeZoomRange", {"bake", "--out", "{png}", "--maxzoom", "31"}, {"--maxzoom", "0 to 20"}},
        UsageCase{"BakeGridNotJson", {"bake", "--out", "{png}", "--grid", "x.raw"}, {"--grid", "FILE.json"}},
        UsageCase{"ProbeBadPoint", {"probe", "53.68"}, {"LAT,LON", "53.68"}},
        UsageCase{"ProbeNoPoint", {"probe", "--tiles", "x"}, {"no point"}},
        UsageCase{"ProbeUnknownFlag", {"probe", "--bogus", "1,2"}, {"--bogus"}},
        UsageCase{"BenchZeroFrames", {"bench", "--frames", "0"}, {"--frames", "whole number", "'0'"}},
        UsageCase{"BenchOneFrame", {"bench", "terrain", "--frames", "1"}, {"--frames", "at least 2"}},
        UsageCase{"BenchBadSize", {"bench", "--size", "1x"}, {"--size", "WxH"}}),
    [](const ::testing::TestParamInfo<UsageCase>& p) { return std::string(p.param.name); });

// ---------------------------------------------------------------------------------------------
// 5. Help: status 0, usage on stdout naming the command's options, nothing on stderr. Like
// usage errors, help needs neither data nor a device.

struct HelpCase {
    const char* name;
    std::vector<std::string> args;
    std::vector<std::string> mentions;
};

void PrintTo(const HelpCase& c, std::ostream* os) { *os << c.name; }

class Help : public CliTest, public ::testing::WithParamInterface<HelpCase> {};

TEST_P(Help, PrintsUsage) {
    RunResult r = kresy(GetParam().args, {{"KRESY_DATA", "/nonexistent"}, {"VK_DRIVER_FILES", "/nonexistent/icd.json"}});
    EXPECT_TRUE(r.exitedWith(0)) << describe(r);
    EXPECT_EQ(r.err, "") << describe(r);
    EXPECT_EQ(r.out.rfind("usage: kresy", 0), 0u) << describe(r);
    for (const std::string& m : GetParam().mentions)
        EXPECT_TRUE(contains(r.out, m)) << "help should mention '" << m << "'\n" << describe(r);
    EXPECT_TRUE(outputFiles().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Help,
    ::testing::Values(HelpCase{"MainFlag", {"--help"}, {"view", "still", "KRESY_DATA", "KRESY_GPU", "KRESY_VALIDATION"}},
                      HelpCase{"MainShortFlag", {"-h"}, {"view", "still"}},
                      HelpCase{"HelpCommand", {"help"}, {"view", "still", "KRESY_DATA"}},
                      HelpCase{"Still", {"still", "--help"}, {"kresy still", "--camera", "--time", "--size", "--out"}},
                      HelpCase{"StillShort", {"still", "-h"}, {"kresy still", "--out"}},
                      HelpCase{"HelpForACommand", {"help", "still"}, {"kresy still", "--out"}},
                      HelpCase{"Bake", {"bake", "--help"}, {"kresy bake", "--out", "--srtm", "--grid", "--bounds", "--minzoom", "--maxzoom", "--jobs"}},
                      HelpCase{"Probe", {"probe", "--help"}, {"kresy probe", "--tiles", "LAT,LON"}},
                      HelpCase{"Bench", {"bench", "--help"}, {"kresy bench", "terrain", "--size", "--frames", "--runs", "--tiles", "--json", "p99"}},
                      HelpCase{"View",
                               {"view", "--help"},
                               {"kresy view", "--camera", "--time", "--size", "--screenshot", "--frames"}}),
    [](const ::testing::TestParamInfo<HelpCase>& p) { return std::string(p.param.name); });

// ---------------------------------------------------------------------------------------------
// kresy bench: every figure comes with a baseline from the same run, and the ratio between them.

TEST_F(CliTest, BenchPrintsFiguresWithBaselines) {
    RunResult r = kresy({"bench", "terrain", "--runs", "1", "--frames", "6", "--size", "160x90", "--json"},
                        {{"KRESY_VALIDATION", "1"}});
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    nlohmann::json report = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << "not JSON: " << r.out;
    EXPECT_EQ(report["size"], nlohmann::json::array({160, 90}));
    EXPECT_EQ(report["benchmark"], "terrain");
    std::set<std::string> names;
    for (const auto& f : report["figures"]) {
        names.insert(f["name"].get<std::string>());
        double value = f["value"];
        EXPECT_GE(value, 0) << f.dump();
        if (f.contains("baseline")) { // a figure with a baseline carries the ratio to it
            double baseline = f["baseline_value"], ratio = f["ratio"];
            EXPECT_GT(baseline, 0) << f.dump();
            EXPECT_NEAR(ratio, value / baseline, 0.01 * ratio + 1e-3) << f.dump();
        }
    }
    for (const char* name : {"frame p50", "frame p99", "frame p99 / p50", "triangles per frame", "pixels per triangle",
                             "frames waiting on tiles", "tile decode", "tiles decoded per second", "settle after a cut",
                             "frame, view held"})
        EXPECT_TRUE(names.count(name)) << "no figure '" << name << "' in " << r.out;
}

TEST_F(CliTest, BenchUnitsComparesWithTheTerrainFrame) {
    RunResult r = kresy({"bench", "units", "--runs", "1", "--frames", "40", "--size", "160x90", "--json"},
                        {{"KRESY_VALIDATION", "1"}});
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    nlohmann::json report = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << "not JSON: " << r.out;
    EXPECT_EQ(report["benchmark"], "units");
    std::map<std::string, nlohmann::json> figures;
    for (const auto& f : report["figures"])
        figures[f["name"].get<std::string>()] = f;
    for (const char* name : {"1939 campaign", "5,000 units"}) {
        ASSERT_TRUE(figures.count(name)) << r.out;
        EXPECT_EQ(figures[name]["baseline"], "terrain frame") << r.out;
        EXPECT_GT(figures[name]["value"].get<double>(), 0) << r.out;
    }
    ASSERT_TRUE(figures.count("sampling 5,000 units")) << r.out;
    EXPECT_EQ(figures["sampling 5,000 units"]["baseline"], "memcpy of the states");
}

// ---------------------------------------------------------------------------------------------
// 6. A broken environment: one clear sentence, status 1, no crash, no file.

class Environment : public CliTest {
protected:
    RunResult still(const EnvChanges& env, const std::string& png = "a.png") {
        return kresy({"still", "--camera", kCamera, "--size", "32x18", "--out", (out_ / png).string()}, env);
    }
    RunResult bake(const std::string& data, const std::string& out = "pyramid") {
        return kresy({"bake", "--out", (root_ / out).string(), "--bounds", "23.80,53.66,23.86,53.70", "--minzoom", "9",
                      "--maxzoom", "9"},
                     {{"KRESY_DATA", data}});
    }
};

// The baker reads the source dataset (KRESY_DATA): a small area, so each run is quick.
TEST_F(Environment, MissingDataDirectory) {
    RunResult r = bake("/nonexistent");
    expectCleanFailure(r, "kresy bake: ", {"/nonexistent"});
    EXPECT_FALSE(fs::exists(root_ / "pyramid"));
}

TEST_F(Environment, EmptyDataDirectory) {
    fs::path empty = root_ / "empty-data";
    fs::create_directory(empty);
    RunResult r = bake(empty.string());
    expectCleanFailure(r, "kresy bake: ", {empty.string(), "etopo5"});
}

TEST_F(Environment, TruncatedElevationFile) {
    // A copy of the real dataset (big files as links), which works; then its ETOPO5 grid cut short.
    fs::path data = root_ / "data";
    const fs::path source = fs::absolute(KRESY_DATA_DIR);
    fs::create_directory(data);
    for (const auto& entry : fs::recursive_directory_iterator(source)) {
        fs::path target = data / fs::relative(entry.path(), source);
        if (entry.is_directory())
            fs::create_directory(target);
        else
            fs::create_symlink(entry.path(), target);
    }
    RunResult good = bake(data.string(), "control");
    ASSERT_TRUE(good.exitedWith(0)) << "the copied dataset should work before it is damaged\n" << describe(good);

    fs::path raw;
    for (const auto& entry : fs::recursive_directory_iterator(data))
        if (entry.path().filename().string().rfind("etopo5", 0) == 0 && entry.path().extension() == ".raw")
            raw = entry.path();
    ASSERT_FALSE(raw.empty()) << "no etopo5*.raw in " << KRESY_DATA_DIR;
    std::string bytes = readText(fs::canonical(raw));
    ASSERT_GT(bytes.size(), 100u);
    fs::remove(raw); // the link
    {
        std::ofstream cut(raw, std::ios::binary);
        cut.write(bytes.data(), std::streamsize(bytes.size() / 2));
    }
    RunResult r = bake(data.string());
    expectCleanFailure(r, "kresy bake: ", {raw.filename().string(), std::to_string(bytes.size() / 2)});
    EXPECT_FALSE(fs::exists(root_ / "pyramid" / "tiles.json"));
}

// The viewer and stills read the baked pyramid (KRESY_TILES / --tiles).
TEST_F(Environment, MissingPyramid) {
    RunResult r = still({{"KRESY_TILES", (root_ / "no-pyramid").string()}});
    expectCleanFailure(r, "kresy still: ", {"no-pyramid", "kresy bake"});
    EXPECT_TRUE(outputFiles().empty());
}

TEST_F(Environment, BrokenTileJson) {
    fs::path dir = root_ / "broken";
    fs::create_directory(dir);
    std::ofstream(dir / "tiles.json") << "{\n  \"tilejson\": \"3.0.0\",\n  \"tiles\": [\"{z}/{x}/{y}.png\"],\n  \"maxzoom\": 99\n}\n";
    RunResult r = kresy({"still", "--tiles", dir.string(), "--size", "32x18", "--out", (out_ / "a.png").string()});
    expectCleanFailure(r, "kresy still: ", {"tiles.json:4:", "maxzoom"});
    EXPECT_TRUE(outputFiles().empty());
}

TEST_F(Environment, NoVulkanDriver) {
    RunResult r = still({{"VK_DRIVER_FILES", "/nonexistent/icd.json"},
                         {"VK_ICD_FILENAMES", std::nullopt},
                         {"VK_ADD_DRIVER_FILES", std::nullopt}});
    expectCleanFailure(r, "kresy still: ", {"Vulkan"});
    EXPECT_TRUE(outputFiles().empty());
}

TEST_F(Environment, GpuFilterMatchingNothing) {
    // Learn the device's name from a good run, then ask for one that does not exist.
    RunResult good = still({}, "control.png");
    ASSERT_TRUE(good.exitedWith(0)) << describe(good);
    std::string device = deviceNameFromLog(good.err);
    ASSERT_FALSE(device.empty()) << "no 'kresy: using DEVICE' line\n" << describe(good);

    RunResult r = still({{"KRESY_GPU", "nosuchgpu"}});
    expectCleanFailure(r, "kresy still: ", {"KRESY_GPU", "nosuchgpu", device});
    EXPECT_FALSE(fs::exists(out_ / "a.png"));
}

TEST_F(Environment, GpuFilterIsCaseInsensitiveSubstring) {
    RunResult good = still({}, "control.png");
    ASSERT_TRUE(good.exitedWith(0)) << describe(good);
    std::string device = deviceNameFromLog(good.err);
    ASSERT_FALSE(device.empty()) << describe(good);
    std::string word = device.substr(0, device.find(' '));
    std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return char(std::toupper(c)); });

    RunResult r = still({{"KRESY_GPU", word}});
    ASSERT_TRUE(r.exitedWith(0)) << "KRESY_GPU=" << word << "\n" << describe(r);
    EXPECT_EQ(deviceNameFromLog(r.err), device);
    EXPECT_TRUE(fs::exists(out_ / "a.png"));
}

TEST_F(Environment, ValidationLayerMissingIsOnlyAWarning) {
    // VK_LAYER_PATH replaces the loader's search path for explicit layers: the validation layer
    // is gone, and KRESY_VALIDATION=1 must degrade to a warning rather than fail.
    RunResult r = still({{"KRESY_VALIDATION", "1"}, {"VK_LAYER_PATH", (root_ / "no-layers").string()}});
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    EXPECT_TRUE(contains(r.err, "warning")) << describe(r);
    EXPECT_TRUE(contains(r.err, "KRESY_VALIDATION")) << describe(r);
    EXPECT_TRUE(fs::exists(out_ / "a.png"));
}

TEST_F(Environment, OutputDirectoryMissing) {
    const std::string png = (out_ / "no-such-dir" / "a.png").string();
    RunResult r = kresy({"still", "--camera", kCamera, "--size", "32x18", "--out", png});
    expectCleanFailure(r, "kresy still: ", {png});
    EXPECT_FALSE(fs::exists(png));
    EXPECT_TRUE(outputFiles().empty()) << "left behind: " << *outputFiles().begin();
}

TEST_F(Environment, OutputPathIsADirectory) {
    fs::create_directory(out_ / "taken.png");
    const std::string png = (out_ / "taken.png").string();
    RunResult r = kresy({"still", "--camera", kCamera, "--size", "32x18", "--out", png});
    expectCleanFailure(r, "kresy still: ", {png});
    EXPECT_TRUE(fs::is_directory(png));
    EXPECT_EQ(outputFiles(), std::set<std::string>{"taken.png"}) << "a temporary file was left behind";
}

TEST_F(Environment, ViewWithoutDisplay) {
    RunResult r = kresy({"view", "--frames", "1"}, {}, /*display=*/false, std::chrono::seconds(60));
    ASSERT_FALSE(r.timedOut) << "kresy view hung without a display\n" << describe(r);
    std::string errorLine;
    ASSERT_NO_FATAL_FAILURE(expectCleanFailure(r, "kresy view: ", {}, &errorLine));
    EXPECT_TRUE(contains(lowercase(errorLine), "display")) << describe(r);
    EXPECT_TRUE(outputFiles().empty());
}

// ---------------------------------------------------------------------------------------------
// 7. The window, under an X server (xvfb-run in ctest).

class Window : public CliTest {
protected:
    void SetUp() override {
        const char* display = std::getenv("DISPLAY");
        if (!display || !*display)
            GTEST_SKIP() << "needs an X display: DISPLAY is not set (ctest runs this suite under xvfb-run as "
                            "cli.window)";
        CliTest::SetUp();
    }
};

TEST_F(Window, ScreenshotShowsTerrainAndOverlay) {
    const fs::path png = out_ / "w.png";
    RunResult r = kresy({"view", "--size", "800x450", "--replay", "none", "--layers", "none", "--screenshot", png.string(),
                         "--frames", "3"},
                        {{"KRESY_VALIDATION", "1"}}, /*display=*/true);
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    EXPECT_EQ(r.out, png.string() + "\n");
    ImageRGBA8 image;
    std::string error;
    ASSERT_TRUE(kresy::readPng(png.string(), &image, &error)) << error;
    ASSERT_EQ(image.width, 800);
    ASSERT_EQ(image.height, 450);
    EXPECT_GT(lumaStddev(image), 5.0) << "the screenshot is (nearly) uniform";

    // ImGui's dark translucent panel in the top-left corner, with white text in it...
    const Rect panel{20, 20, 200, 80};
    const Rect bottomRight{600, 300, 800, 450};
    const Rect scene{200, 150, 800, 450}; // terrain (and sky) away from the panel
    Mean panelMean = meanColour(image, panel), sceneMean = meanColour(image, scene);
    EXPECT_LT(panelMean.luma(), sceneMean.luma() - 20) << "panel " << panelMean << " vs scene " << sceneMean;
    EXPECT_LT(panelMean.saturation(), sceneMean.saturation()) << "panel " << panelMean << " vs scene " << sceneMean;
    EXPECT_GE(brightPixels(image, panel), 30) << "no white text in the overlay panel";
    // ...and none over the terrain.
    EXPECT_EQ(brightPixels(image, bottomRight), 0) << "white pixels in the bottom-right corner";
    EXPECT_EQ(outputFiles(), std::set<std::string>{"w.png"}) << "the viewer left other files in its working directory";
}

// With the 1939 replay (the default): the timeline along the bottom, the date large at the top.
TEST_F(Window, ScreenshotShowsTimelineAndDate) {
    const fs::path png = out_ / "t.png";
    RunResult r = kresy({"view", "--size", "800x450", "--time", "1939-09-22T12:00:00Z", "--screenshot", png.string()},
                        {{"KRESY_VALIDATION", "1"}}, /*display=*/true);
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    ImageRGBA8 image;
    std::string error;
    ASSERT_TRUE(kresy::readPng(png.string(), &image, &error)) << error;
    const Rect timeline{40, 360, 760, 440}, date{360, 10, 760, 50}, sky{360, 60, 760, 100};
    EXPECT_GE(brightPixels(image, timeline), 100) << "no text or day ticks in the timeline";
    EXPECT_GE(brightPixels(image, date), 100) << "no date at the top";
    EXPECT_LT(meanColour(image, timeline).luma(), meanColour(image, sky).luma()) << "no dark timeline panel";
}

// A shot's captions in the window, as kresy render draws them: the title card lower left, the
// credit bottom right; the captions layer off hides them. --at holds the screenshot 2 s in, the
// card fully faded in.
TEST_F(Window, AShotShowsItsCaptions) {
    const std::string shot = std::string(KRESY_DATA_DIR) + "/shots/grodno.json";
    auto shoot = [&](const char* name, const char* layers) {
        const fs::path png = out_ / name;
        RunResult r = kresy({"view", "--replay", "none", "--layers", layers, "--shot", shot, "--at", "2", "--size",
                             "1280x720", "--screenshot", png.string()},
                            {{"KRESY_VALIDATION", "1"}}, /*display=*/true);
        EXPECT_TRUE(r.exitedWith(0)) << describe(r);
        ImageRGBA8 image;
        std::string error;
        EXPECT_TRUE(kresy::readPng(png.string(), &image, &error)) << error;
        return image;
    };
    const ImageRGBA8 with = shoot("with.png", "rivers,captions"), without = shoot("without.png", "rivers");
    ASSERT_EQ(with.width, 1280);
    ASSERT_EQ(without.width, 1280);
    const Rect title{60, 530, 330, 610}, credit{820, 689, 1265, 706};
    EXPECT_GE(brightPixels(with, title), 400) << "no title card ('Grodno', 20–24 September 1939)";
    EXPECT_GE(brightPixels(with, credit), 40) << "no credit line";
    EXPECT_EQ(brightPixels(without, title), 0) << "a title card with the captions layer off";
    EXPECT_EQ(brightPixels(without, credit), 0) << "a credit line with the captions layer off";
}

TEST_F(Window, RunsForSomeFramesAndQuits) {
    RunResult r = kresy({"view", "--size", "320x180", "--frames", "5"}, {{"KRESY_VALIDATION", "1"}}, /*display=*/true);
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    EXPECT_EQ(r.out, "") << describe(r);
    EXPECT_TRUE(outputFiles().empty()) << "the viewer wrote " << *outputFiles().begin()
                                       << " into its working directory without --screenshot";
}

// Presenter mode: full screen (the whole X screen, not the --size window), the panels hidden,
// the status line (bookmark n/N and the date) in the bottom-right corner.
TEST_F(Window, PresentGoesFullScreenWithThePanelsHidden) {
    const fs::path png = out_ / "p.png";
    const std::string deck = std::string(KRESY_DATA_DIR) + "/shots/lecture.deck.json";
    RunResult r = kresy({"present", deck, "--size", "320x180", "--screenshot", png.string(), "--frames", "4"},
                        {{"KRESY_VALIDATION", "1"}}, /*display=*/true);
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    ImageRGBA8 image;
    std::string error;
    ASSERT_TRUE(kresy::readPng(png.string(), &image, &error)) << error;
    ASSERT_GT(image.width, 320) << "not full screen";
    const int w = image.width, h = image.height;
    EXPECT_GE(brightPixels(image, Rect{w - 420, h - 50, w, h}), 20) << "no status line";
    EXPECT_EQ(brightPixels(image, Rect{20, 20, 200, 80}), 0) << "the status panel shows in presenter mode";
}

TEST_F(CliTest, PresentNeedsAGoodDeck) {
    RunResult r = kresy({"present"});
    EXPECT_TRUE(r.exitedWith(2)) << describe(r);
    EXPECT_NE(r.err.find("kresy present: no deck given"), std::string::npos) << describe(r);
    const fs::path bad = out_ / "bad.deck.json";
    std::ofstream(bad) << "{\n  \"version\": 1,\n  \"title\": \"x\",\n  \"bookmarks\": 7\n}\n";
    r = kresy({"present", bad.string()});
    EXPECT_TRUE(r.exitedWith(1)) << describe(r);
    EXPECT_EQ(r.err.rfind(bad.string() + ":4:", 0), 0u) << describe(r);
    EXPECT_NE(r.err.find("kresy present: " + bad.string() + ": cannot use this deck (the lines above say why)"),
              std::string::npos)
        << describe(r);
}

TEST_F(Window, ScreenshotIntoMissingDirectoryFails) {
    const std::string png = (out_ / "no-such-dir" / "w.png").string();
    RunResult r = kresy({"view", "--size", "320x180", "--screenshot", png}, {}, /*display=*/true);
    expectCleanFailure(r, "kresy view: ", {png});
    EXPECT_TRUE(outputFiles().empty());
}

// The shot editor (F2, --edit): the panel on the left and the path in the scene, the selected
// key's segments in yellow.
const char* const kEditorShot = R"({
  "version": 1,
  "title": "editor test",
  "keys": [
    {"time": 0, "position": {"lon": 24.05, "lat": 54.08, "alt": 9000}, "heading": 195, "pitch": -22},
    {"time": 14, "position": {"lon": 23.98, "lat": 53.86, "alt": 5000}, "heading": 200, "pitch": -25},
    {"time": 26, "position": {"lon": 23.86, "lat": 53.735, "alt": 2200}, "heading": 210, "pitch": -30}
  ]
}
)";

int yellowPixels(const ImageRGBA8& image, Rect rect) {
    int count = 0;
    for (int y = rect.y0; y < rect.y1; ++y)
        for (int x = rect.x0; x < rect.x1; ++x) {
            const uint8_t* p = pixel(image, x, y);
            count += p[0] > 220 && p[1] > 170 && p[1] < 240 && p[2] < 110;
        }
    return count;
}

TEST_F(Window, ShotEditorShowsItsPanelAndThePath) {
    const fs::path shot = out_ / "edit.json";
    std::ofstream(shot) << kEditorShot;
    const std::vector<std::string> view = {"view", "--replay", "none", "--camera", "53.55,23.7,30000,20,-40",
                                           "--size", "1280x720", "--frames", "4", "--screenshot"};
    std::vector<std::string> plain = view, editing = view;
    plain.push_back((out_ / "plain.png").string());
    editing.push_back((out_ / "edit.png").string());
    editing.insert(editing.end(), {"--edit", shot.string()});
    const EnvChanges env = {{"KRESY_VALIDATION", "1"}, {"XDG_STATE_HOME", (root_ / "state").string()}};
    RunResult r = kresy(plain, env, /*display=*/true);
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    r = kresy(editing, env, /*display=*/true);
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    ImageRGBA8 before, after;
    std::string error;
    ASSERT_TRUE(kresy::readPng((out_ / "plain.png").string(), &before, &error)) << error;
    ASSERT_TRUE(kresy::readPng((out_ / "edit.png").string(), &after, &error)) << error;
    const Rect scene{500, 100, 1280, 720}, panel{20, 260, 470, 560};
    EXPECT_EQ(yellowPixels(before, scene), 0);
    EXPECT_GE(yellowPixels(after, scene), 150) << "no selected path segment drawn";
    EXPECT_LT(meanColour(after, panel).luma(), meanColour(before, panel).luma() - 20) << "no dark editor panel";
    EXPECT_GE(brightPixels(after, panel), 300) << "no text in the editor panel";
    std::ifstream in(shot);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), kEditorShot) << "opening must not rewrite the file";
}

// Edits a crash left in the autosave are offered back in a modal when the shot is opened again.
TEST_F(Window, ShotEditorOffersBackAutosavedEdits) {
    const fs::path shot = out_ / "crashed.json";
    std::ofstream(shot) << kEditorShot;
    const fs::path state = root_ / "state";
    const std::string autosave = kresy::autosavePath(shot.string(), (state / "kresy" / "autosave").string());
    fs::create_directories(fs::path(autosave).parent_path());
    std::string edited = kEditorShot;
    edited.replace(edited.find("editor test"), 11, "edited test");
    std::ofstream(autosave) << edited;
    const EnvChanges env = {{"KRESY_VALIDATION", "1"}, {"XDG_STATE_HOME", state.string()}};
    RunResult r = kresy({"view", "--replay", "none", "--size", "1280x720", "--edit", shot.string(), "--screenshot",
                         (out_ / "offer.png").string(), "--frames", "4"},
                        env, /*display=*/true);
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    ImageRGBA8 image;
    std::string error;
    ASSERT_TRUE(kresy::readPng((out_ / "offer.png").string(), &image, &error)) << error;
    const Rect centre{440, 300, 840, 420};
    EXPECT_GE(brightPixels(image, centre), 200) << "no recovery question in the middle of the window";
    EXPECT_TRUE(fs::exists(autosave)) << "an unanswered offer must keep the autosave";
}

TEST_F(CliTest, EditRefusesAShotThatDoesNotRead) {
    const fs::path bad = out_ / "bad.json";
    const std::string text = "{\n  \"version\": 1,\n  \"title\": \"x\",\n  \"keys\": 7\n}\n";
    std::ofstream(bad) << text;
    RunResult r = kresy({"view", "--edit", bad.string()});
    expectCleanFailure(r, "kresy view: ", {bad.string() + ":4:"});
    std::ifstream in(bad);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), text) << "a shot that does not read was rewritten";
    r = kresy({"view", "--edit", ""});
    EXPECT_TRUE(r.exitedWith(2)) << describe(r);
}

// ---------------------------------------------------------------------------------------------
// 8. kresy render: a shot offline, frame by frame.

// Two seconds over Grodno on 21 September, low enough for the units' models.
const char* const kRenderShot = R"({
  "version": 1,
  "title": "render test",
  "keys": [
    {"time": 0, "position": {"lon": 23.90, "lat": 53.76, "alt": 3000}, "heading": 210, "pitch": -25,
     "campaignTime": "1939-09-21T10:00:00Z"},
    {"time": 2, "position": {"lon": 23.85, "lat": 53.72, "alt": 1500}, "heading": 200, "pitch": -20,
     "campaignTime": "1939-09-21T14:00:00Z"}
  ]
}
)";

class Render : public CliTest {
protected:
    void SetUp() override {
        CliTest::SetUp();
        shot_ = (out_ / "shot.json").string();
        std::ofstream(shot_) << kRenderShot;
    }
    RunResult render(std::vector<std::string> args, std::chrono::seconds timeout = std::chrono::seconds(300),
                     const std::function<bool()>& stopWhen = {}) {
        args.insert(args.begin(), {"render", shot_});
        return kresy(args, {{"KRESY_VALIDATION", "1"}}, false, timeout, stopWhen);
    }
    std::string bytes(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    std::string shot_;
};

TEST_F(Render, VideoHasEveryFrameAndTheShotsDuration) {
    RunResult r = render({"--out", "film.mp4", "--size", "320x180", "--fps", "10", "--progress", "none"});
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    EXPECT_EQ(r.out, "film.mp4\n");
    RunResult probe = runProcess({"/usr/bin/ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                                  "-show_entries", "stream=nb_read_frames,codec_name,width,height",
                                  "-show_entries", "format=duration", "-of", "json", "film.mp4"},
                                 environment({}, false), out_, root_, std::chrono::seconds(60));
    ASSERT_TRUE(probe.exitedWith(0)) << describe(probe);
    const nlohmann::json j = nlohmann::json::parse(probe.out);
    EXPECT_EQ(j["streams"][0]["nb_read_frames"], "20");
    EXPECT_EQ(j["streams"][0]["codec_name"], "h264");
    EXPECT_EQ(j["streams"][0]["width"], 320);
    EXPECT_NEAR(std::stod(j["format"]["duration"].get<std::string>()), 2.0, 1e-3);
    EXPECT_EQ(outputFiles(), (std::set<std::string>{"shot.json", "film.mp4"})) << "temporary files left behind";
}

TEST_F(Render, TwoRendersAreByteIdenticalAndARangeMatchesTheWhole) {
    RunResult r = render({"--out", "a/f_####.png", "--size", "320x180", "--fps", "10", "--progress", "none"});
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    r = render({"--out", "b/f_####.png", "--size", "320x180", "--fps", "10", "--progress", "none"});
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    r = render({"--out", "c/f_####.png", "--size", "320x180", "--fps", "10", "--frames", "12-19", "--progress", "none"});
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    int frames = 0;
    for (const auto& entry : fs::directory_iterator(out_ / "a")) {
        const std::string name = entry.path().filename().string();
        ++frames;
        EXPECT_TRUE(bytes(entry.path()) == bytes(out_ / "b" / name)) << name << " differs between two renders";
        const int n = std::stoi(name.substr(2, 4));
        EXPECT_EQ(fs::exists(out_ / "c" / name), n >= 12) << name;
        if (n >= 12) {
            EXPECT_TRUE(bytes(entry.path()) == bytes(out_ / "c" / name)) << name << " differs from the range render";
        }
    }
    EXPECT_EQ(frames, 20);
    // The frames show something: terrain, not a flat colour.
    ImageRGBA8 image;
    std::string error;
    ASSERT_TRUE(kresy::readPng((out_ / "a" / "f_0019.png").string(), &image, &error)) << error;
    EXPECT_EQ(image.width, 320);
    EXPECT_GT(lumaStddev(image), 5.0);
}

TEST_F(Render, AnInterruptedRenderResumesWhereItStopped) {
    const std::vector<std::string> args = {"--out", "s/f_####.png", "--size", "1280x720", "--fps", "60",
                                           "--progress", "none"};
    // SIGKILL (the harshest stop) once three frames are written, whatever the machine's speed.
    auto framesWritten = [&] {
        std::error_code ec;
        size_t n = 0;
        for (auto it = fs::directory_iterator(out_ / "s", ec); !ec && it != fs::directory_iterator(); ++it)
            n += it->path().extension() == ".png";
        return n;
    };
    RunResult killed = render(args, std::chrono::seconds(240), [&] { return framesWritten() >= 3; });
    ASSERT_TRUE(killed.timedOut) << "the render finished before it could be interrupted\n" << describe(killed);
    size_t before = 0;
    for (const auto& entry : fs::directory_iterator(out_ / "s")) {
        ++before;
        EXPECT_EQ(entry.path().extension(), ".png") << "a temporary file is left where frames go: " << entry.path();
    }
    ASSERT_GT(before, 0u) << describe(killed);
    ASSERT_LT(before, 120u);
    RunResult resumed = render(args);
    ASSERT_TRUE(resumed.exitedWith(0)) << describe(resumed);
    EXPECT_TRUE(contains(resumed.err, "are already in s/f_####.png")) << describe(resumed);
    RunResult whole = render({"--out", "w/f_####.png", "--size", "1280x720", "--fps", "60", "--progress", "none"});
    ASSERT_TRUE(whole.exitedWith(0)) << describe(whole);
    size_t frames = 0;
    for (const auto& entry : fs::directory_iterator(out_ / "w")) {
        ++frames;
        EXPECT_TRUE(bytes(entry.path()) == bytes(out_ / "s" / entry.path().filename()))
            << entry.path().filename() << " differs after resuming";
    }
    EXPECT_EQ(frames, 120u);
}

// Motion blur averages sub-frames over the shutter: a moving camera blurs, a camera holding
// still gives exactly the sharp frame; --png16 writes 16-bit frames.
TEST_F(Render, MotionBlurAndSixteenBitFrames) {
    // Held still, with no campaign time (the sun and the units keep still too).
    std::ofstream(out_ / "held.json") << R"({"version": 1, "title": "held", "keys": [
      {"time": 0, "hold": 1, "position": {"lon": 23.90, "lat": 53.76, "alt": 3000}, "heading": 210, "pitch": -25},
      {"time": 2, "position": {"lon": 23.85, "lat": 53.72, "alt": 1500}, "heading": 200, "pitch": -20}]})";
    auto run = [&](const std::string& shot, const std::string& out, std::vector<std::string> extra) {
        std::vector<std::string> args = {"render", (out_ / shot).string(), "--out", out, "--size", "320x180",
                                         "--fps", "10", "--progress", "none"};
        args.insert(args.end(), extra.begin(), extra.end());
        RunResult r = kresy(args, {{"KRESY_VALIDATION", "1"}});
        EXPECT_TRUE(r.exitedWith(0)) << describe(r);
    };
    run("shot.json", "sharp.png", {"--frames", "5"});
    run("shot.json", "blur.png", {"--frames", "5", "--motion-blur", "4"});
    run("held.json", "held.png", {"--frames", "3", "--replay", "none"});
    run("held.json", "heldblur.png", {"--frames", "3", "--replay", "none", "--motion-blur", "4"});
    EXPECT_TRUE(bytes(out_ / "sharp_00005.png") != bytes(out_ / "blur_00005.png")) << "a moving camera did not blur";
    EXPECT_TRUE(bytes(out_ / "held_00003.png") == bytes(out_ / "heldblur_00003.png")) << "a still camera blurred";

    run("shot.json", "deep_####.png", {"--frames", "5", "--png16"});
    kresy::PngInfo info;
    std::string error;
    ASSERT_TRUE(kresy::checkPng((out_ / "deep_0005.png").string(), &info, &error)) << error;
    EXPECT_EQ(info.bitDepth, 16);
    EXPECT_EQ(info.width, 320);
}

// Captions: the date, the key's title card and the credit line are in the frame; --layers
// without captions leaves them out.
TEST_F(Render, CaptionsAreInTheFrameUnlessTurnedOff) {
    std::string titled = kRenderShot;
    titled.replace(titled.find("\"heading\": 210,"), 15, "\"heading\": 210, \"title\": \"Grodno\",");
    std::ofstream(out_ / "titled.json") << titled;
    auto run = [&](const std::string& out, std::vector<std::string> extra) {
        std::vector<std::string> args = {"render", (out_ / "titled.json").string(), "--out", out, "--size", "640x360",
                                         "--fps", "10", "--frames", "8", "--progress", "none"};
        args.insert(args.end(), extra.begin(), extra.end());
        RunResult r = kresy(args, {{"KRESY_VALIDATION", "1"}});
        EXPECT_TRUE(r.exitedWith(0)) << describe(r);
    };
    run("with.png", {});
    run("without.png", {"--layers", "rivers,borders,places,units"});
    ImageRGBA8 with, without;
    std::string error;
    ASSERT_TRUE(kresy::readPng((out_ / "with_00008.png").string(), &with, &error)) << error;
    ASSERT_TRUE(kresy::readPng((out_ / "without_00008.png").string(), &without, &error)) << error;
    // Where each caption goes, the two frames differ by text (and only there).
    auto changed = [&](Rect r) {
        int n = 0;
        for (int y = r.y0; y < r.y1; ++y)
            for (int x = r.x0; x < r.x1; ++x)
                n += std::abs(int(pixel(with, x, y)[1]) - int(pixel(without, x, y)[1])) > 60;
        return n;
    };
    const Rect title{20, 200, 250, 290}, date{15, 10, 330, 45}, credit{250, 335, 640, 360}, middle{250, 150, 600, 300};
    for (const Rect& r : {title, date, credit})
        EXPECT_GE(changed(r), 40) << "no caption at " << r.x0 << "," << r.y0;
    EXPECT_EQ(changed(middle), 0) << "the captions changed the picture elsewhere";
}

TEST_F(Render, CameraExportAloneWritesAScriptForEveryFrame) {
    RunResult r = render({"--camera-export", "cam.py", "--fps", "10"});
    ASSERT_TRUE(r.exitedWith(0)) << describe(r);
    const std::string script = bytes(out_ / "cam.py");
    EXPECT_NE(script.find("import bpy"), std::string::npos);
    RunResult parse = runProcess({"/usr/bin/python3", "-c", "import ast,sys; ast.parse(open('cam.py').read())"},
                                 environment({}, false), out_, root_, std::chrono::seconds(60));
    EXPECT_TRUE(parse.exitedWith(0)) << describe(parse);
}

TEST_F(Render, BadArgumentsGiveOneLine) {
    struct Case {
        std::vector<std::string> args;
        std::string mention;
    };
    const std::vector<Case> cases = {
        {{"--out", "x.gif"}, "x.gif"},
        {{"--out", "x.mp4", "--size", "7682x4320"}, "7680x4320"},
        {{"--out", "x.mp4", "--size", "321x180"}, "even"},
        {{"--out", "x.mp4", "--fps", "0"}, "--fps"},
        {{"--out", "x.png", "--frames", "5-2"}, "--frames"},
        {{"--out", "x.png", "--frames", "20-25"}, "has 20 frames"},
        {{"--out", "x.png", "--ssaa", "9"}, "--ssaa"},
        {{"--out", "x.mp4", "--crf", "60"}, "--crf"},
        {{"--out", "x.mp4", "--png16"}, "--png16"},
        {{"--out", "x.mp4", "--codec", "vp9"}, "--codec"},
        {{"--camera-export", "cam.txt"}, "--camera-export"},
        {{"--size", "320x180"}, "--out"},
        {{"--out", "x.png", "--camera", "1,2,3,4,5"}, "--camera"},
    };
    for (const Case& c : cases) {
        std::vector<std::string> args = c.args;
        if (std::find(args.begin(), args.end(), "--frames") != args.end())
            args.insert(args.end(), {"--fps", "10"});
        RunResult r = render(args);
        EXPECT_TRUE(r.exitedWith(2)) << describe(r);
        std::vector<std::string> errLines = lines(r.err);
        ASSERT_EQ(errLines.size(), 1u) << describe(r);
        EXPECT_EQ(errLines[0].rfind("kresy render: ", 0), 0u) << errLines[0];
        EXPECT_TRUE(contains(errLines[0], c.mention)) << errLines[0];
    }
    // A shot that cannot be read: its diagnostic (file: error: why), then one line of the command's.
    RunResult missing = kresy({"render", (out_ / "no-such.json").string(), "--out", "x.png"});
    EXPECT_TRUE(missing.exitedWith(1)) << describe(missing);
    const std::vector<std::string> errLines = lines(missing.err);
    ASSERT_EQ(errLines.size(), 2u) << describe(missing);
    EXPECT_EQ(errLines[0], (out_ / "no-such.json").string() + ": error: cannot read the file: No such file or directory");
    EXPECT_EQ(errLines[1].rfind("kresy render: ", 0), 0u) << errLines[1];
    EXPECT_EQ(outputFiles(), std::set<std::string>{"shot.json"}) << "a failed render left files";
}

} // namespace
