// End-to-end tests of `kresy check` and `kresy info`: the real binary on the replay files of the
// unit tests (tests/unit/replays), run in that directory so the paths it prints are short, and on
// shots and decks: those of the shot unit tests (../shots) and a few more in shots/. These
// commands need neither tiles nor a device.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct RunResult {
    int exitCode = -1; // when the child exited normally
    int signal = 0;    // when a signal ended it
    bool timedOut = false;
    std::string out, err;
};

std::string describe(const RunResult& r) {
    std::ostringstream s;
    if (r.timedOut)
        s << "TIMED OUT";
    else if (r.signal)
        s << "killed by signal " << r.signal;
    else
        s << "exit status " << r.exitCode;
    s << "\n--- stdout ---\n" << r.out << "--- stderr ---\n" << r.err << "--------------";
    return s.str();
}

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const fs::path kReplayDir = fs::path(KRESY_TESTS_DIR) / "unit" / "replays";

class ReplayCli : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "kresy-replay-cli-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
        scratch_ = pattern;
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(scratch_, ec);
    }

    // Runs kresy ARGS in tests/unit/replays with stdout and stderr captured, stdin from
    // /dev/null; killed after 60 s.
    RunResult kresy(const std::vector<std::string>& args) {
        std::vector<std::string> argv = {KRESY_BINARY};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char*> cargs;
        for (std::string& a : argv)
            cargs.push_back(a.data());
        cargs.push_back(nullptr);
        const fs::path outPath = scratch_ / "stdout", errPath = scratch_ / "stderr";
        const std::string dir = kReplayDir.string();
        const int outFd = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        const int errFd = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        const int nullFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        RunResult result;
        const pid_t pid = ::fork();
        if (pid == 0) {
            if (::chdir(dir.c_str()) != 0 || ::dup2(nullFd, 0) < 0 || ::dup2(outFd, 1) < 0 || ::dup2(errFd, 2) < 0)
                ::_exit(126);
            ::execv(cargs[0], cargs.data());
            ::_exit(127);
        }
        ::close(outFd);
        ::close(errFd);
        ::close(nullFd);
        int status = 0;
        const auto start = std::chrono::steady_clock::now();
        while (::waitpid(pid, &status, WNOHANG) != pid) {
            if (std::chrono::steady_clock::now() - start > std::chrono::seconds(60)) {
                result.timedOut = true;
                ::kill(pid, SIGKILL);
                ::waitpid(pid, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        if (WIFEXITED(status))
            result.exitCode = WEXITSTATUS(status);
        else if (WIFSIGNALED(status))
            result.signal = WTERMSIG(status);
        result.out = readText(outPath);
        result.err = readText(errPath);
        return result;
    }

    bool exitedWith(const RunResult& r, int code) { return !r.timedOut && r.signal == 0 && r.exitCode == code; }

    fs::path scratch_;
};

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines)
        text += line + "\n";
    return text;
}

TEST_F(ReplayCli, CheckAValidFile) {
    const RunResult r = kresy({"check", "good/full.json"});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_EQ(r.out, "1 file checked: no problems\n");
    EXPECT_EQ(r.err, "");
}

TEST_F(ReplayCli, CheckPrintsEveryProblemAndFails) {
    const RunResult r = kresy({"check", "many-problems.json"});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out, joined({
        R"(many-problems.json:5:14: error: "title" must be a string, not a number)",
        R"(many-problems.json:6:55: error: "end" 1939-09-27T00:00:00Z is before "start" 1939-09-30T00:00:00Z)",
        R"(many-problems.json:7:58: error: duplicate source id "a"; the first is at line 7, column 26)",
        R"(many-problems.json:9:56: error: "colour" "#3a6fd" is not a colour; expected "#rrggbb" (six hex digits))",
        R"(many-problems.json:9:81: error: unknown "affiliation" "foe"; expected one of friend, hostile, neutral or unknown)",
        R"(many-problems.json:11:42: error: unknown side "ru"; expected pl)",
        R"(many-problems.json:11:56: error: unknown "type" "tank"; expected one of infantry, cavalry, armour, )"
        R"(motorised, mechanised, artillery, anti-tank, engineer, border-guard, militia, air, navy, hq, supply or other)",
        R"(many-problems.json:11:94: error: "parent" "u2" makes a cycle: u1 -> u2 -> u1)",
        R"(many-problems.json:12:17: error: "symbol" "XYZ" is not a symbol identification code; expected 15 letters, )"
        R"(digits, '-' or '*' (APP-6 / MIL-STD-2525C) or 20 digits (2525D))",
        R"(many-problems.json:12:33: error: "model" "tank.obj" is not a glTF model; expected a .gltf or .glb file)",
        R"(many-problems.json:14:50: error: "lon" 223.9 is outside -180..180)",
        R"(many-problems.json:14:80: error: unknown source "zz"; expected a)",
        R"(many-problems.json:15:19: error: "time" 1939-09-28T12:00:00Z repeats the previous waypoint's )"
        R"(1939-09-28T12:00:00Z; a track's times must increase)",
        R"(many-problems.json:15:50: warning: lon 40, lat 51.4 is outside the terrain (lon 12..34, lat 45..58))",
        R"(many-problems.json:15:79: error: "strength" -3 is negative; expected a number >= 0)",
        R"(many-problems.json:16:19: warning: "time" "1939-09-28T10:00" has no time zone; read as UTC )"
        R"((write Z or an offset such as +02:00))",
        R"(many-problems.json:16:19: error: "time" 1939-09-28T10:00 is before the previous waypoint's )"
        R"(1939-09-28T12:00:00Z; a track's times must increase)",
        R"(many-problems.json:16:73: error: unknown "status" "sleeping"; expected one of moving, halted, engaged, )"
        R"(surrendered, destroyed or disbanded)",
        R"(many-problems.json:18:112: error: "track" is empty; a unit needs at least one waypoint)",
        R"(many-problems.json:20:69: warning: "start" "1939-09-28" has no time zone; read as UTC )"
        R"((write Z or an offset such as +02:00))",
        R"(many-problems.json:20:90: error: "end" 1939-09-27T00:00:00Z is before "start" 1939-09-28)",
        R"(many-problems.json:21:35: error: "lat" 91 is outside -90..90)",
        R"(many-problems.json:21:51: error: unknown unit "u9"; expected one of u1 or u2)",
        R"(many-problems.json:21:68: error: "source" is empty; an event needs at least one source)",
        "1 file checked: 21 errors, 3 warnings",
    }));
}

TEST_F(ReplayCli, CheckWarningsAloneSucceed) {
    const RunResult r = kresy({"check", "bad/warn-waypoint-outside-terrain.json"});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_EQ(r.out, joined({"bad/warn-waypoint-outside-terrain.json:15:50: warning: lon 35.5, lat 52 is outside "
                             "the terrain (lon 12..34, lat 45..58)",
                             "1 file checked: 0 errors, 1 warning"}));
}

TEST_F(ReplayCli, CheckSeveralFiles) {
    const RunResult r = kresy({"check", "good/full.json", "bad/syntax-unterminated-string.json", "missing.json"});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.out, joined({"bad/syntax-unterminated-string.json:5:14: error: unterminated string",
                             "missing.json: error: cannot read the file: No such file or directory",
                             "3 files checked: 2 errors, 0 warnings"}));
}

TEST_F(ReplayCli, CheckSurvivesHostileBytes) {
    std::string bytes;
    for (int i = 0; i < 65536; ++i)
        bytes += char((i * 7919) & 0xFF);
    std::ofstream(scratch_ / "noise.json", std::ios::binary) << bytes;
    std::ofstream(scratch_ / "deep.json", std::ios::binary) << std::string(1 << 20, '[');
    const RunResult r = kresy({"check", (scratch_ / "noise.json").string(), (scratch_ / "deep.json").string()});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_NE(r.out.find("deep.json:1:257: error: arrays and objects are nested too deeply\n"), std::string::npos)
        << describe(r);
    EXPECT_NE(r.out.find("2 files checked: 2 errors"), std::string::npos) << describe(r);
}

TEST_F(ReplayCli, InfoPrintsSpanCountsAndEventsInTimeOrder) {
    const RunResult r = kresy({"info", "good/full.json"});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out, joined({
                         "title: Szack, 28 September 1939",
                         "span: 1939-09-27T00:00:00Z to 1939-09-29T23:00:00Z",
                         "sides: 2",
                         "units: 3",
                         "waypoints: 6",
                         "events: 2",
                         "  1939-09-27T17:00:00Z  crossing  The 52nd crosses the Bug (crossing)",
                         "  1939-09-28T05:00:00Z to 1939-09-29T12:00:00Z  battle  Battle of Szack (szack)",
                     }));
}

TEST_F(ReplayCli, InfoJson) {
    const RunResult r = kresy({"info", "--json", "good/full.json"});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out,
              R"({"span":["1939-09-27T00:00:00Z","1939-09-29T23:00:00Z"],"units":3,"events":[)"
              R"({"id":"crossing","title":"The 52nd crosses the Bug","kind":"crossing","start":"1939-09-27T17:00:00Z",)"
              R"("end":"1939-09-27T17:00:00Z","lon":24.2,"lat":51.42},)"
              R"({"id":"szack","title":"Battle of Szack","kind":"battle","start":"1939-09-28T05:00:00Z",)"
              R"("end":"1939-09-29T12:00:00Z","lon":23.93,"lat":51.49}]})"
              "\n");
    const nlohmann::json info = nlohmann::json::parse(r.out);
    EXPECT_EQ(info.size(), 3u);
}

TEST_F(ReplayCli, InfoOnABadFileFails) {
    const RunResult r = kresy({"info", "bad/unit-bad-type.json"});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.rfind("bad/unit-bad-type.json:12:53: error: unknown \"type\" \"tank\"", 0), 0u) << describe(r);
}

// A unit's glTF model must load: a broken or missing one is an error at its "model" field (the
// window draws a placeholder instead); a good one passes.
TEST_F(ReplayCli, CheckLoadsEachUnitsModel) {
    const RunResult r = kresy({"check", "models.json"});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.out,
              "models.json:11:16: error: unit \"broken\": model models/broken.glb: not a valid glTF 2.0 file: "
              "Invalid glTF binary\n"
              "models.json:14:16: error: unit \"missing\": model models/missing.glb: cannot open the file\n"
              "1 file checked: 2 errors, 0 warnings\n")
        << describe(r);
}

// view and still read their --replay the same way, before any terrain or device: a bad one
// is each problem as file:line:col, one sentence, and status 1, with no image written.
TEST_F(ReplayCli, StillRefusesABadReplay) {
    const std::string png = (scratch_ / "s.png").string();
    RunResult r = kresy({"still", "--replay", "bad/unit-bad-type.json", "--out", png});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.err.rfind("bad/unit-bad-type.json:12:53: error: unknown \"type\" \"tank\"", 0), 0u) << describe(r);
    EXPECT_NE(r.err.find("kresy still: bad/unit-bad-type.json: cannot use this replay (the lines above say why)"),
              std::string::npos)
        << describe(r);
    r = kresy({"still", "--replay", "missing.json", "--out", png});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.err.rfind("missing.json: error: cannot read the file:", 0), 0u) << describe(r);
    EXPECT_FALSE(std::filesystem::exists(png));
}

// Shots and decks are checked as what they are, against the replay their "replay" field names.
TEST_F(ReplayCli, CheckGoodShotAndDeck) {
    const RunResult r = kresy({"check", "../shots/good/shot.json", "../shots/good/deck.json", "good/full.json"});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_EQ(r.out, "3 files checked: no problems\n");
    EXPECT_EQ(r.err, "");
}

TEST_F(ReplayCli, CheckABadShotPrintsEveryProblem) {
    const RunResult r = kresy({"check", "shots/many-problems.json"});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out, joined({
        R"(shots/many-problems.json:7:15: warning: "time" 2 of the first key is not 0; the camera waits at it until then)",
        R"(shots/many-problems.json:10:16: error: "pitch" -120 is outside -90..90)",
        R"(shots/many-problems.json:14:15: error: "time" 2 repeats the previous key's; a shot's times must increase)",
        R"(shots/many-problems.json:15:19: error: missing required field "alt" in the position)",
        R"(shots/many-problems.json:16:27: error: unknown unit "kop-bat"; expected one of kop-orlik, kop-batt or su-52)",
        R"(shots/many-problems.json:17:23: warning: "campaignTime" 1939-10-02T12:00:00Z is outside the replay's span )"
        R"((1939-09-27T00:00:00Z to 1939-09-29T23:00:00Z))",
        R"(shots/many-problems.json:18:15: error: unknown "ease" "sudden"; expected one of none, in, out or in-out)",
        "1 file checked: 5 errors, 2 warnings",
    }));
}

TEST_F(ReplayCli, CheckADeckAgainstItsReplay) {
    const RunResult r = kresy({"check", "../shots/bad/deck-unknown-unit.json"});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.out, joined({R"(../shots/bad/deck-unknown-unit.json:11:15: error: unknown unit "kop-orlk"; )"
                             R"(expected one of kop-orlik, kop-batt or su-52)",
                             "1 file checked: 1 error, 0 warnings"}));
}

// A replay that does not load is one error at the "replay" field, not the replay's own problems.
TEST_F(ReplayCli, CheckANamedReplayThatDoesNotLoad) {
    const RunResult r =
        kresy({"check", "shots/broken-replay.json", "shots/missing-replay.json", "shots/replay-is-a-shot.json"});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.out, joined({"shots/broken-replay.json:4:13: error: the replay bad/unit-bad-type.json has 1 error; "
                             "kresy check bad/unit-bad-type.json lists it",
                             "shots/missing-replay.json:4:13: error: cannot read the replay missing.json: No such "
                             "file or directory",
                             "shots/replay-is-a-shot.json:4:13: error: the replay shots/many-problems.json is a "
                             "shot, not a replay",
                             "3 files checked: 3 errors, 0 warnings"}));
}

// A file that is none of the three is one error; one that is not JSON, its syntax error.
TEST_F(ReplayCli, CheckAFileOfNoKnownKind) {
    const RunResult r = kresy({"check", "shots/notes.json", "bad/syntax-empty.json"});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.out, joined({R"(shots/notes.json: error: not a replay, shot, deck or annotations file: expected a JSON )"
                             R"(object with one of "units" (a replay), "keys" (a shot), "bookmarks" (a deck) or )"
                             R"("annotations" (annotations))",
                             "bad/syntax-empty.json:1:1: error: the document is empty; expected a JSON object",
                             "2 files checked: 2 errors, 0 warnings"}));
}

TEST_F(ReplayCli, InfoOnAShot) {
    RunResult r = kresy({"info", "../shots/good/shot.json"});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out, joined({"title: Szack, 28 September 1939", "replay: ../replay.json", "keys: 4", "duration: 30 s",
                             "campaign time: 1939-09-27T04:00:00Z to 1939-09-28T12:00:00Z"}));
    r = kresy({"info", "--json", "../shots/good/shot.json"});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_EQ(r.out, R"({"title":"Szack, 28 September 1939","keys":4,"duration":30,)"
                     R"("campaignTime":["1939-09-27T04:00:00Z","1939-09-28T12:00:00Z"]})"
                     "\n");
}

TEST_F(ReplayCli, InfoOnADeck) {
    RunResult r = kresy({"info", "../shots/good/deck.json"});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out, joined({"title: Lecture 7: the Soviet invasion", "replay: ../replay.json",
                             "span: 1939-09-28T04:00:00Z to 1939-09-29T08:30:00Z", "bookmarks: 2",
                             "  1939-09-28T04:00:00Z  Szack", "  1939-09-29T08:30:00Z  The lakes"}));
    r = kresy({"info", "--json", "../shots/good/deck.json"});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    const nlohmann::json info = nlohmann::json::parse(r.out);
    EXPECT_EQ(info["bookmarks"].size(), 2u);
    EXPECT_EQ(info["span"][1], "1939-09-29T08:30:00Z");
}

TEST_F(ReplayCli, InfoOnABadShotOrAFileOfNoKindFails) {
    RunResult r = kresy({"info", "shots/many-problems.json"});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("\nshots/many-problems.json:10:16: error: \"pitch\" -120 is outside -90..90\n"),
              std::string::npos)
        << describe(r);
    r = kresy({"info", "shots/notes.json"});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "shots/notes.json: error: not a replay, shot, deck or annotations file: expected a JSON object "
                     "with one of \"units\" (a replay), \"keys\" (a shot), \"bookmarks\" (a deck) or \"annotations\" "
                     "(annotations)\n");
}

// ---- Annotations (docs/annotation-format.md) ---------------------------------------------------

// Annotations with a side and a source that good/full.json does not define.
const char* const kStrangeAnnotations = R"({"version": 1, "annotations": [
  {"id": "a", "kind": "line", "side": "ru", "points": [[24, 52], [25, 52]], "sources": ["wiki"]}
]}
)";

// good/full.json at `path`, without its units' models (their paths are relative to good/).
void writeSzackReplay(const fs::path& path) {
    std::istringstream in(readText(kReplayDir / "good" / "full.json"));
    std::ofstream out(path);
    for (std::string line; std::getline(in, line);)
        if (line.find("\"model") == std::string::npos)
            out << line << "\n";
}

TEST_F(ReplayCli, CheckAnnotationsAgainstTheReplayBesideThem) {
    const std::string annotations = (scratch_ / "szack.annotations.json").string();
    std::ofstream(annotations) << kStrangeAnnotations;
    // Without the replay beside them, their sides and sources are not checked.
    RunResult r = kresy({"check", annotations});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_EQ(r.out, "1 file checked: no problems\n");
    writeSzackReplay(scratch_ / "szack.json");
    r = kresy({"check", annotations});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out, joined({annotations + R"(:2:39: error: unknown side "ru"; expected one of pl or su)",
                             annotations + R"(:2:89: error: unknown source "wiki"; expected one of meltyukhov2001 )"
                                           R"(or wiki-szack)",
                             "1 file checked: 2 errors, 0 warnings"}));
}

// Checking a replay checks the annotations beside it too, once when both are named.
TEST_F(ReplayCli, CheckAReplayWithTheAnnotationsBesideIt) {
    const std::string replay = (scratch_ / "szack.json").string();
    const std::string annotations = (scratch_ / "szack.annotations.json").string();
    writeSzackReplay(replay);
    std::ofstream(annotations) << kStrangeAnnotations;
    const std::string expected =
        joined({annotations + R"(:2:39: error: unknown side "ru"; expected one of pl or su)",
                annotations + R"(:2:89: error: unknown source "wiki"; expected one of meltyukhov2001 or wiki-szack)",
                "2 files checked: 2 errors, 0 warnings"});
    RunResult r = kresy({"check", replay});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.out, expected);
    r = kresy({"check", replay, annotations});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.out, expected);
    // A good pair.
    fs::copy_file(kReplayDir / "annotations" / "full.annotations.json", annotations, fs::copy_options::overwrite_existing);
    r = kresy({"check", replay});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_EQ(r.out, "2 files checked: no problems\n");
}

// A replay beside them that does not load is a warning: its own check lists its problems.
TEST_F(ReplayCli, CheckAnnotationsBesideABrokenReplay) {
    const std::string replay = (scratch_ / "broken.json").string();
    const std::string annotations = (scratch_ / "broken.annotations.json").string();
    fs::copy_file(kReplayDir / "bad" / "unit-bad-type.json", replay);
    std::ofstream(annotations) << kStrangeAnnotations;
    const RunResult r = kresy({"check", annotations});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_EQ(r.out, joined({annotations + ": warning: sides and sources not checked: the replay beside it, " + replay +
                                 ", has 1 error; kresy check " + replay + " lists it",
                             "1 file checked: 0 errors, 1 warning"}));
}

TEST_F(ReplayCli, CheckBadAnnotations) {
    const std::string annotations = (scratch_ / "bad.annotations.json").string();
    std::ofstream(annotations) << R"({"format": "kresy-annotations", "version": 1, "annotations": [
  {"id": "l", "kind": "label", "points": [[24, 52], [25, 52]]},
  {"id": "l", "kind": "area", "points": [[24, 52], [25, 52], [25, 53], [24, 52]], "style": {"opacity": 2}}
]}
)";
    const RunResult r = kresy({"check", annotations});
    EXPECT_TRUE(exitedWith(r, 1)) << describe(r);
    EXPECT_EQ(r.out, joined({annotations + R"(:2:3: error: missing required field "text" in a label)",
                             annotations + ":2:42: error: a label needs exactly 1 point, not 2",
                             annotations + R"(:3:10: error: duplicate annotation id "l"; the first is at line 2, column 10)",
                             annotations + ":3:72: warning: the last point repeats the first; an area's ring closes by "
                                           "itself, so it is dropped",
                             annotations + R"(:3:104: error: "opacity" 2 is outside 0..1)",
                             "1 file checked: 4 errors, 1 warning"}));
}

TEST_F(ReplayCli, InfoOnAnnotations) {
    RunResult r = kresy({"info", "annotations/full.annotations.json"});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out, joined({"annotations: 5", "  labels: 2", "  arrows: 1", "  areas: 1", "  lines: 1",
                             "span: 1939-09-27T00:00:00Z to 1939-09-29T21:00:00Z"}));
    r = kresy({"info", "--json", "annotations/full.annotations.json"});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_EQ(r.out, R"({"annotations":5,"kinds":{"label":2,"arrow":1,"area":1,"line":1},)"
                     R"("span":["1939-09-27T00:00:00Z","1939-09-29T21:00:00Z"]})"
                     "\n");
    const std::string empty = (scratch_ / "empty.annotations.json").string();
    std::ofstream(empty) << R"({"version": 1, "annotations": []})";
    r = kresy({"info", empty});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_EQ(r.out, joined({"annotations: 0", "  labels: 0", "  arrows: 0", "  areas: 0", "  lines: 0",
                             "span: none (no times)"}));
}

// A replay's own annotations are counted.
TEST_F(ReplayCli, InfoCountsAReplaysOwnAnnotations) {
    std::string text = readText(kReplayDir / "good" / "full.json");
    text = text.substr(0, text.rfind('}')) +
           R"(, "annotations": [{"id": "l", "kind": "label", "text": "Szack", "points": [[23.93, 51.49]]}]})";
    const std::string replay = (scratch_ / "own.json").string();
    std::ofstream(replay) << text;
    const RunResult r = kresy({"info", replay});
    EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
    EXPECT_NE(r.out.find("\nwaypoints: 6\nannotations: 1\nevents: 2\n"), std::string::npos) << describe(r);
}

struct UsageCase {
    const char* name;
    std::vector<std::string> args;
    std::string mentions;
};

void PrintTo(const UsageCase& c, std::ostream* os) { *os << c.name; }

class ReplayCliUsage : public ReplayCli, public ::testing::WithParamInterface<UsageCase> {};

TEST_P(ReplayCliUsage, ExitsTwoWithOneLine) {
    const RunResult r = kresy(GetParam().args);
    EXPECT_TRUE(exitedWith(r, 2)) << describe(r);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << describe(r);
    EXPECT_EQ(r.err.rfind("kresy", 0), 0u) << describe(r);
    EXPECT_NE(r.err.find(GetParam().mentions), std::string::npos) << describe(r);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ReplayCliUsage,
    ::testing::Values(UsageCase{"CheckNoFile", {"check"}, "no file given"},
                      UsageCase{"CheckUnknownFlag", {"check", "--bogus", "good/full.json"}, "'--bogus'"},
                      UsageCase{"InfoNoFile", {"info", "--json"}, "no file given"},
                      UsageCase{"InfoUnknownFlag", {"info", "good/full.json", "--verbose"}, "'--verbose'"},
                      UsageCase{"InfoTwoFiles", {"info", "good/full.json", "good/full.json"}, "unexpected argument"},
                      UsageCase{"UnknownCommandListsThem", {"chek"}, "check, info"}),
    [](const ::testing::TestParamInfo<UsageCase>& p) { return std::string(p.param.name); });

TEST_F(ReplayCli, Help) {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"check", "--help"}, {"help", "check"}, {"info", "-h"}, {"help", "info"}}) {
        const RunResult r = kresy(args);
        EXPECT_TRUE(exitedWith(r, 0)) << describe(r);
        EXPECT_EQ(r.out.rfind("usage: kresy " + args[args[0] == "help" ? 1 : 0], 0), 0u) << describe(r);
        EXPECT_EQ(r.err, "");
    }
    const RunResult main = kresy({"--help"});
    EXPECT_NE(main.out.find("\n  check "), std::string::npos) << describe(main);
    EXPECT_NE(main.out.find("\n  info "), std::string::npos) << describe(main);
    EXPECT_NE(kresy({"info", "--help"}).out.find("--json"), std::string::npos);
    EXPECT_NE(kresy({"check", "--help"}).out.find("replays, shots and decks"), std::string::npos);
}

} // namespace
