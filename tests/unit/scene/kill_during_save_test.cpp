// Saves killed at random moments (SIGKILL: no handler, no cleanup) leave the old file or the new
// one, never a broken one; the next save removes the temporary the killed one left. The child
// process runs the program's own save code (annotations, shots, shot autosaves, PNG frames and
// tiles) in a loop, telling the parent each version it finished; the parent kills it at a random
// moment, then reads the file as the program would.

#include "core/files.h"
#include "core/image.h"
#include "replays/annotations_io.h"
#include "scene/annotation_edit.h"
#include "scene/shot_edit.h"
#include "scene/shot_io.h"

#include "../test_dir.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace kresy {
namespace {

namespace fs = std::filesystem;

using TempDir = test::TestDir;

// Saves version `v` (true when it was written).
using SaveVersion = std::function<bool(uint32_t v)>;
// Reads the file back as the program would: the version it holds, or nothing when it is broken.
using ReadVersion = std::function<std::optional<uint32_t>(std::string* why)>;

size_t temporariesIn(const fs::path& dir) {
    size_t n = 0;
    for (const auto& entry : fs::directory_iterator(dir))
        n += entry.path().filename().string().find(".tmp.") != std::string::npos;
    return n;
}

constexpr int kMidSaveKills = 5; // kills inside a write that a test needs to prove anything

struct KillFigures {
    int rounds = 0;
    int midSave = 0; // kills that left a temporary: the process died inside a write
};

// Until destroyed, this process runs on the one CPU it is on (its children inherit that) and
// its sleeps end on time, not up to 50 µs late (the timer slack).
struct OneCpu {
    cpu_set_t before;
    bool pinned = false;
    int slack = 0;
    OneCpu() {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(std::max(::sched_getcpu(), 0), &one);
        pinned = ::sched_getaffinity(0, sizeof before, &before) == 0 && ::sched_setaffinity(0, sizeof one, &one) == 0;
        slack = ::prctl(PR_GET_TIMERSLACK);
        ::prctl(PR_SET_TIMERSLACK, 1);
    }
    ~OneCpu() {
        if (pinned)
            ::sched_setaffinity(0, sizeof before, &before);
        if (slack > 0)
            ::prctl(PR_SET_TIMERSLACK, slack);
    }
};

// At least `rounds` times: a child saves versions first, first + 1, ... and writes each finished one to a
// pipe. The parent watches the directory (inotify) and, once the child has begun writing its
// first, second or third temporary, waits a random part of a write's time and kills it. The file
// must then hold the last version finished or the one being written.
//
// A write that is not flushed lasts some tens of microseconds, less than it takes another CPU's
// process to wake up. So the child runs on the parent's CPU at the lowest priority: the parent,
// woken by the child's create, takes the CPU from it at once and so does its kill.
KillFigures killDuringSaves(const fs::path& dir, const SaveVersion& save, const ReadVersion& read, int rounds) {
    std::mt19937 random(1939);
    KillFigures figures;
    const OneCpu pinned;
    // Version 0 first, by this process: the file exists before any kill.
    if (!save(0)) {
        ADD_FAILURE() << "the first save failed";
        return figures;
    }
    uint32_t first = 1, onDisk = 0;
    double writeUs = 200; // a running estimate of one write's time: temporary created to renamed
    // Rounds go on past `rounds` until kMidSaveKills of them landed inside a write.
    for (int round = 0; round < rounds || (figures.midSave < kMidSaveKills && round < 4 * rounds); ++round) {
        const int watch = ::inotify_init1(IN_CLOEXEC);
        int fds[2];
        if (watch < 0 || ::inotify_add_watch(watch, dir.c_str(), IN_CREATE | IN_MOVED_FROM | IN_DELETE) < 0 || ::pipe(fds) != 0) {
            ADD_FAILURE() << "inotify or pipe: " << std::strerror(errno);
            return figures;
        }
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::setpriority(PRIO_PROCESS, 0, 19);
            ::close(fds[0]);
            for (uint32_t v = first;; ++v) {
                if (!save(v))
                    ::_exit(3);
                if (::write(fds[1], &v, sizeof v) != sizeof v)
                    ::_exit(4);
            }
        }
        ::close(fds[1]);
        // Follows the child's temporaries: created, then renamed away.
        const int killAtWrite = 1 + int(random() % 3);
        int created = 0;
        auto createdAt = std::chrono::steady_clock::now();
        alignas(inotify_event) char buffer[4096];
        while (created < killAtWrite) {
            pollfd ready{watch, POLLIN, 0};
            const ssize_t n = ::poll(&ready, 1, 20000) == 1 ? ::read(watch, buffer, sizeof buffer) : -1;
            if (n <= 0) {
                ADD_FAILURE() << "round " << round << ": no temporary file was written in 20 s";
                break;
            }
            for (ssize_t at = 0; at < n;) {
                const auto* e = reinterpret_cast<const inotify_event*>(buffer + at);
                at += ssize_t(sizeof(inotify_event) + e->len);
                if (!e->len || !std::strstr(e->name, ".tmp."))
                    continue;
                const auto now = std::chrono::steady_clock::now();
                if (e->mask & IN_CREATE) {
                    ++created;
                    createdAt = now;
                } else if (created > 0) { // renamed into place (or removed): one whole write
                    writeUs = 0.7 * writeUs + 0.3 * std::chrono::duration<double, std::micro>(now - createdAt).count();
                }
            }
        }
        const auto delay = std::chrono::microseconds(random() % uint32_t(1 + 1.2 * writeUs));
        std::this_thread::sleep_until(createdAt + delay);
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        ::close(watch);
        EXPECT_TRUE(WIFSIGNALED(status)) << "round " << round << ": the saving process exited with "
                                         << WEXITSTATUS(status);
        std::optional<uint32_t> last; // the last version it finished
        for (uint32_t v; ::read(fds[0], &v, sizeof v) == sizeof v;)
            last = v;
        ::close(fds[0]);
        ++figures.rounds;
        figures.midSave += temporariesIn(dir) > 0;
        std::string why;
        const std::optional<uint32_t> found = read(&why);
        if (!found) {
            ADD_FAILURE() << "round " << round << ": a broken file after a kill: " << why;
            return figures;
        }
        // The one it was writing may have been renamed into place before it could say so.
        const uint32_t before = last ? *last : onDisk, writing = last ? *last + 1 : first;
        EXPECT_TRUE(*found == before || *found == writing)
            << "round " << round << ": version " << *found << ", expected " << before << " or " << writing;
        onDisk = *found;
        first = std::max(onDisk, writing) + 1;
        // The next round's first save removes the temporary this kill left.
    }
    return figures;
}

void expectKillsLandedInSaves(const KillFigures& f) {
    // Otherwise the kills all fell between saves and proved nothing.
    EXPECT_GE(f.midSave, kMidSaveKills) << f.midSave << " of " << f.rounds << " kills landed inside a save";
    std::printf("[ figures  ] %d of %d kills landed inside a save\n", f.midSave, f.rounds);
}

// A large set (about 300 KB of JSON): each save writes more than a few pages.
AnnotationSet bigAnnotationSet(uint32_t version) {
    AnnotationSet set;
    for (int i = 0; i < 500; ++i) {
        Annotation a;
        a.id = "line-" + std::to_string(i);
        a.kind = AnnotationKind::Line;
        for (int p = 0; p < 20; ++p)
            a.points.push_back({21.0 + 0.01 * p + 0.001 * i, 50.0 + 0.002 * p});
        a.text = i == 0 ? "version " + std::to_string(version) : "a line";
        set.annotations.push_back(a);
    }
    return set;
}

std::optional<uint32_t> versionIn(const std::string& text) {
    const size_t at = text.find("version ");
    if (at == std::string::npos)
        return std::nullopt;
    return uint32_t(std::stoul(text.substr(at + 8)));
}

TEST(KillDuringSave, AnnotationsAreTheOldFileOrTheNew) {
    TempDir dir;
    const std::string path = (dir.path / "x.annotations.json").string();
    const KillFigures f = killDuringSaves(
        dir.path,
        [&](uint32_t v) {
            AnnotationDocument doc(path, bigAnnotationSet(v));
            doc.edit(bigAnnotationSet(v + 1)); // something to save: the document is dirty
            doc.edit(bigAnnotationSet(v));
            std::string error;
            return doc.save(&error);
        },
        [&](std::string* why) -> std::optional<uint32_t> {
            std::string text;
            std::vector<Diagnostic> diagnostics;
            AnnotationSet set;
            if (!readDocumentFile(path, &text, &diagnostics) || !parseAnnotations(text, path, nullptr, &set, &diagnostics)) {
                *why = diagnostics.empty() ? "unreadable" : formatDiagnostic(diagnostics.front());
                return std::nullopt;
            }
            return set.annotations.empty() || !set.annotations[0].text ? std::nullopt
                                                                       : versionIn(*set.annotations[0].text);
        },
        25);
    expectKillsLandedInSaves(f);
    // A save by a live process removes what the last kill left.
    AnnotationDocument doc(path, bigAnnotationSet(1));
    doc.edit(bigAnnotationSet(2));
    std::string error;
    ASSERT_TRUE(doc.save(&error)) << error;
    EXPECT_EQ(temporariesIn(dir.path), 0u) << "a killed save's temporary is left beside the file";
}

Shot bigShot(uint32_t version) {
    Shot shot;
    shot.title = "version " + std::to_string(version);
    for (int i = 0; i < 1000; ++i) {
        ShotKey key;
        key.time = i * 0.5;
        key.position = {53.6 + 0.0001 * i, 23.8, 2000.0 + i};
        key.headingDeg = 10;
        key.pitchDeg = -20;
        shot.keys.push_back(key);
    }
    return shot;
}

std::optional<uint32_t> readShotVersion(const std::string& path, std::string* why) {
    std::string text;
    std::vector<Diagnostic> diagnostics;
    Shot shot;
    if (!readDocumentFile(path, &text, &diagnostics) || !parseShot(text, path, nullptr, &shot, &diagnostics)) {
        *why = diagnostics.empty() ? "unreadable" : formatDiagnostic(diagnostics.front());
        return std::nullopt;
    }
    return versionIn(shot.title);
}

TEST(KillDuringSave, ShotsAreTheOldFileOrTheNew) {
    TempDir dir;
    const std::string path = (dir.path / "flight.json").string();
    const KillFigures f = killDuringSaves(
        dir.path,
        [&](uint32_t v) {
            ShotDocument doc(path, bigShot(v));
            doc.markUnsaved();
            std::string error;
            return doc.save(nullptr, &error);
        },
        [&](std::string* why) { return readShotVersion(path, why); }, 25);
    expectKillsLandedInSaves(f);
    ShotDocument doc(path, bigShot(1));
    doc.markUnsaved();
    std::string error;
    ASSERT_TRUE(doc.save(nullptr, &error)) << error;
    EXPECT_EQ(temporariesIn(dir.path), 0u) << "a killed save's temporary is left beside the file";
}

TEST(KillDuringSave, ShotAutosavesAreTheOldFileOrTheNew) {
    TempDir dir;
    const std::string shotPath = (dir.path / "flight.json").string();
    const std::string autosaves = (dir.path / "autosave").string();
    const std::string autosave = autosavePath(shotPath, autosaves);
    fs::create_directories(autosaves);
    const KillFigures f = killDuringSaves(
        autosaves,
        [&](uint32_t v) {
            Shot onDisk = bigShot(0);
            onDisk.title = "what the shot file holds";
            ShotDocument doc(shotPath, onDisk);
            doc.markSaved();
            doc.edit(bigShot(v));
            Autosaver autosaver(autosaves);
            std::string error;
            // The first call sees the edit; the second, a quiet second later, writes it.
            return autosaver.update(doc, 0, &error) && autosaver.update(doc, Autosaver::kQuietSeconds + 1, &error) &&
                   autosaver.wrote();
        },
        [&](std::string* why) { return readShotVersion(autosave, why); }, 25);
    expectKillsLandedInSaves(f);
    ShotDocument doc(shotPath, bigShot(0));
    doc.markSaved();
    doc.edit(bigShot(1)); // an edit: the document differs from its file
    Autosaver autosaver(autosaves);
    std::string error;
    ASSERT_TRUE(autosaver.update(doc, 0, &error) && autosaver.update(doc, 2, &error)) << error;
    EXPECT_EQ(temporariesIn(autosaves), 0u) << "a killed autosave's temporary is left beside it";
}

// Rendered frames and baked tiles are PNGs written by writePng.
TEST(KillDuringSave, PngFramesAreTheOldFileOrTheNew) {
    TempDir dir;
    const std::string path = (dir.path / "f_0001.png").string();
    ImageRGBA8 image;
    image.width = 1024;
    image.height = 512;
    image.pixels.resize(size_t(image.width) * image.height * 4);
    std::mt19937 noise(17); // noise compresses slowly: a long write
    for (uint8_t& b : image.pixels)
        b = uint8_t(noise());
    const KillFigures f = killDuringSaves(
        dir.path,
        [&](uint32_t v) {
            std::memcpy(image.pixels.data(), &v, sizeof v);
            std::string error;
            return writePng(path, image, &error);
        },
        [&](std::string* why) -> std::optional<uint32_t> {
            ImageRGBA8 read;
            if (!readPng(path, &read, why))
                return std::nullopt;
            if (read.width != image.width || read.height != image.height) {
                *why = "wrong size";
                return std::nullopt;
            }
            uint32_t v = 0;
            std::memcpy(&v, read.pixels.data(), sizeof v);
            return v;
        },
        25);
    expectKillsLandedInSaves(f);
    // A render started again over the same frames removes what the killed one left.
    removeDeadTemporariesIn(dir.path.string());
    EXPECT_EQ(temporariesIn(dir.path), 0u);
}

TEST(DeadTemporaries, OnlyThoseOfDeadProcessesAndOfTheFileAreRemoved) {
    TempDir dir;
    auto touch = [&](const std::string& name) { std::ofstream(dir.path / name) << "x"; };
    // A pid that ran and ended: a child that exited at once.
    const pid_t dead = ::fork();
    if (dead == 0)
        ::_exit(0);
    ::waitpid(dead, nullptr, 0);
    const std::string d = std::to_string(dead), live = std::to_string(::getppid());
    touch("a.json");
    touch("a.json.tmp." + d + ".0");    // a killed save of a.json: removed
    touch("a.json.tmp." + live + ".3"); // a running process's: kept
    touch("b.json.tmp." + d + ".1");    // another file's: kept by removeDeadTemporaries("a.json")
    touch("a.json.tmp." + d);           // not our pattern: kept
    touch("a.json.tmp.x.1");            // not our pattern: kept
    EXPECT_EQ(removeDeadTemporaries((dir.path / "a.json").string()), 1);
    EXPECT_TRUE(fs::exists(dir.path / ("a.json.tmp." + live + ".3")));
    EXPECT_TRUE(fs::exists(dir.path / ("b.json.tmp." + d + ".1")));
    EXPECT_FALSE(fs::exists(dir.path / ("a.json.tmp." + d + ".0")));
    EXPECT_EQ(removeDeadTemporariesIn(dir.path.string()), 1) << "b.json's";
    EXPECT_TRUE(fs::exists(dir.path / ("a.json.tmp." + d)));
    EXPECT_TRUE(fs::exists(dir.path / "a.json.tmp.x.1"));
    EXPECT_TRUE(fs::exists(dir.path / "a.json"));
}

} // namespace
} // namespace kresy
