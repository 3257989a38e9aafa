#include "scene/shot_edit.h"

#include "core/files.h"
#include "scene/shot_io.h"

#include "../test_dir.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kresy {
namespace {

namespace fs = std::filesystem;

Camera cameraAt(double lat, double lon, double alt) {
    Camera c;
    c.position = {lat, lon, alt};
    c.headingDeg = 30;
    c.pitchDeg = -25;
    return c;
}

Shot threeKeys() {
    Shot s;
    s.title = "test";
    s.keys.push_back(keyFromCamera(cameraAt(53.0, 23.0, 2000), std::nullopt, 0));
    s.keys.push_back(keyFromCamera(cameraAt(53.1, 23.1, 2500), std::nullopt, 10));
    s.keys.push_back(keyFromCamera(cameraAt(53.2, 23.0, 3000), std::nullopt, 20));
    return s;
}

std::vector<double> times(const Shot& s) {
    std::vector<double> t;
    for (const ShotKey& k : s.keys)
        t.push_back(k.time);
    return t;
}

using TempDir = test::TestDir;

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(ShotDocument, KeyFromCameraCopiesTheViewAndTheDate) {
    Camera c = cameraAt(52.5, 23.5, 1234);
    c.headingDeg = -30;
    c.rollDeg = 5;
    c.fovDeg = 35;
    const ShotKey k = keyFromCamera(c, *parseIso8601("1939-10-01T00:00:00Z"), 4);
    EXPECT_EQ(k.time, 4);
    EXPECT_EQ(k.position.alt, 1234);
    EXPECT_DOUBLE_EQ(k.headingDeg, 330);
    EXPECT_EQ(k.rollDeg, 5);
    EXPECT_EQ(k.fovDeg, 35);
    ASSERT_TRUE(k.campaignTime);
    EXPECT_EQ(k.campaignTime->text, "1939-10-01T00:00:00Z");
}

TEST(ShotDocument, AddsKeysInTimeOrderAndReplacesTheViewOfAKeyAtTheSameTime) {
    ShotDocument doc("x.json", threeKeys());
    EXPECT_EQ(doc.addKey(keyFromCamera(cameraAt(53.05, 23.2, 900), std::nullopt, 15)), 2);
    EXPECT_EQ(times(doc.shot()), (std::vector<double>{0, 10, 15, 20}));
    EXPECT_EQ(doc.addKey(keyFromCamera(cameraAt(53.3, 23.3, 900), std::nullopt, 30)), 4);
    // Within kMinKeyGap of key 1: its view changes, its timing stays.
    ShotKey again = keyFromCamera(cameraAt(50, 20, 777), std::nullopt, 10.05);
    again.hold = 3;
    EXPECT_EQ(doc.addKey(again), 1);
    EXPECT_EQ(times(doc.shot()), (std::vector<double>{0, 10, 15, 20, 30}));
    EXPECT_EQ(doc.shot().keys[1].position.alt, 777);
    EXPECT_EQ(doc.shot().keys[1].hold, 0);
}

TEST(ShotDocument, AnAddedKeyNeverLandsInAHoldOrOnTheNextKey) {
    Shot s = threeKeys();
    s.keys[1].hold = 4; // holds 10..14
    ShotDocument doc("x.json", s);
    EXPECT_EQ(doc.addKey(keyFromCamera(cameraAt(53, 23.4, 900), std::nullopt, 12)), 2);
    EXPECT_DOUBLE_EQ(doc.shot().keys[2].time, 14 + kMinKeyGap);
    // A key just before the next one pushes the rest later instead of touching it.
    const int i = doc.addKey(keyFromCamera(cameraAt(53, 23.5, 900), std::nullopt, 19.95));
    EXPECT_EQ(i, 3);
    const std::vector<double> t = times(doc.shot());
    for (size_t k = 1; k < t.size(); ++k)
        EXPECT_GE(t[k] - (t[k - 1] + doc.shot().keys[k - 1].hold), kMinKeyGap - 1e-9) << k;
}

TEST(ShotDocument, RetimingStaysBetweenTheNeighboursOrRipplesTheKeysAfter) {
    ShotDocument doc("x.json", threeKeys());
    ShotKey k = doc.shot().keys[1];
    k.time = 25; // past the next key
    doc.setKey(1, k, false);
    EXPECT_DOUBLE_EQ(doc.shot().keys[1].time, 20 - kMinKeyGap);
    k.time = -5; // before the first
    doc.setKey(1, k, false);
    EXPECT_DOUBLE_EQ(doc.shot().keys[1].time, kMinKeyGap);
    k.time = 12;
    doc.setKey(1, k, false);
    k.hold = 30; // a hold longer than the room: cut to end before the next key
    doc.setKey(1, k, false);
    EXPECT_DOUBLE_EQ(doc.shot().keys[1].time, 12);
    EXPECT_DOUBLE_EQ(doc.shot().keys[1].hold, 20 - kMinKeyGap - 12);
    k = doc.shot().keys[1];
    k.time = 15; // moved later with its hold: only as far as the hold still fits
    doc.setKey(1, k, false);
    EXPECT_DOUBLE_EQ(doc.shot().keys[1].time, 12);
    k.hold = 1;
    doc.setKey(1, k, false);
    k.time = 15;
    doc.setKey(1, k, false);
    EXPECT_DOUBLE_EQ(doc.shot().keys[1].time, 15);
    EXPECT_DOUBLE_EQ(doc.shot().keys[1].hold, 1);

    ShotDocument rippled("x.json", threeKeys());
    k = rippled.shot().keys[1];
    k.time = 14;
    k.hold = 2;
    rippled.setKey(1, k, true);
    EXPECT_EQ(times(rippled.shot()), (std::vector<double>{0, 14, 26}));
    k.time = 3; // earlier, rippling the later keys back with it
    rippled.setKey(1, k, true);
    EXPECT_EQ(times(rippled.shot()), (std::vector<double>{0, 3, 15}));
}

TEST(ShotDocument, UndoAndRedoWalkTheEditsAndADragIsOneStep) {
    ShotDocument doc("x.json", threeKeys());
    const Shot original = doc.shot();
    EXPECT_FALSE(doc.canUndo());
    doc.removeKey(1);
    ASSERT_EQ(doc.shot().keys.size(), 2u);
    for (int frame = 0; frame < 30; ++frame) { // a slider dragged over 30 frames
        ShotKey k = doc.shot().keys[1];
        k.fovDeg = 45 - frame * 0.5;
        doc.setKey(1, k, false, "fov#1");
    }
    EXPECT_EQ(doc.shot().keys[1].fovDeg, 45 - 29 * 0.5);
    ASSERT_TRUE(doc.undo()); // the whole drag
    EXPECT_EQ(doc.shot().keys[1].fovDeg, 45);
    EXPECT_EQ(doc.shot().keys.size(), 2u);
    ASSERT_TRUE(doc.undo()); // the removal
    EXPECT_EQ(doc.shot(), original);
    EXPECT_FALSE(doc.undo());
    ASSERT_TRUE(doc.redo());
    ASSERT_TRUE(doc.redo());
    EXPECT_EQ(doc.shot().keys[1].fovDeg, 45 - 29 * 0.5);
    EXPECT_FALSE(doc.redo());
    // A new edit forgets what could be redone; an edit that changes nothing is no step.
    doc.undo();
    doc.edit(doc.shot());
    EXPECT_TRUE(doc.canRedo());
    doc.removeKey(0);
    EXPECT_FALSE(doc.canRedo());
    // Two drags of the same slider, with breakMerge between, are two steps.
    ShotDocument twice("x.json", threeKeys());
    ShotKey k = twice.shot().keys[0];
    k.fovDeg = 30;
    twice.setKey(0, k, false, "fov#0");
    twice.breakMerge();
    k.fovDeg = 20;
    twice.setKey(0, k, false, "fov#0");
    twice.undo();
    EXPECT_EQ(twice.shot().keys[0].fovDeg, 30);
}

TEST(ShotDocument, KeepsAtMostTheUndoLimit) {
    ShotDocument doc("x.json", threeKeys());
    for (size_t i = 0; i < kUndoSteps + 50; ++i) {
        Shot s = doc.shot();
        s.title = "edit " + std::to_string(i);
        doc.edit(s);
    }
    size_t steps = 0;
    while (doc.undo())
        ++steps;
    EXPECT_EQ(steps, kUndoSteps);
    EXPECT_EQ(doc.shot().title, "edit 49");
}

TEST(ShotDocument, DirtyFollowsEditsUndoAndSave) {
    TempDir dir;
    ShotDocument doc(dir / "a.json", threeKeys());
    EXPECT_FALSE(doc.dirty());
    doc.removeKey(2);
    EXPECT_TRUE(doc.dirty());
    doc.undo(); // back to what is on disk
    EXPECT_FALSE(doc.dirty());
    doc.markUnsaved(); // e.g. a restored autosave: nothing on disk matches
    EXPECT_TRUE(doc.dirty());
    std::string error;
    ASSERT_TRUE(doc.save(nullptr, &error)) << error;
    EXPECT_FALSE(doc.dirty());
    doc.setPath(dir / "b.json"); // "save as": b.json does not exist yet
    EXPECT_TRUE(doc.dirty());
}

TEST(ShotDocument, SavesAFileThatReadsBackEqual) {
    TempDir dir;
    const std::string path = dir / "grodno.json";
    ShotDocument doc(path, threeKeys());
    doc.addKey(keyFromCamera(cameraAt(53.4, 23.8, 1500), Time(-955000000), 30));
    std::string error;
    ASSERT_TRUE(doc.save(nullptr, &error)) << error;
    Shot back;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(loadShot(path, nullptr, &back, &diagnostics));
    EXPECT_EQ(back, doc.shot());
    for (const fs::directory_entry& e : fs::directory_iterator(dir.path))
        EXPECT_EQ(e.path().filename(), "grodno.json") << "a temporary file was left: " << e.path();
}

TEST(ShotDocument, RefusesToSaveAShotCheckWouldRejectAndLeavesTheFileAlone) {
    TempDir dir;
    const std::string path = dir / "s.json";
    ASSERT_TRUE(writeFileAtomic(path, std::string("old contents"), nullptr));
    ShotDocument doc(path, threeKeys());
    doc.removeKey(0);
    doc.removeKey(0);
    std::string error;
    EXPECT_FALSE(doc.save(nullptr, &error));
    EXPECT_EQ(error, "not saved: " + path + ":4:11: error: \"keys\" has one key; a shot needs at least two");
    EXPECT_TRUE(doc.dirty());

    // A unit target the replay does not have.
    Replay replay;
    Shot s = threeKeys();
    s.keys[1].target = ShotTarget{};
    s.keys[1].target->unit = "no-such-unit";
    ShotDocument withTarget(path, s);
    EXPECT_FALSE(withTarget.save(&replay, &error));
    EXPECT_NE(error.find("no-such-unit"), std::string::npos) << error;
    EXPECT_EQ(slurp(path), "old contents");

    ShotDocument unnamed("", threeKeys());
    EXPECT_FALSE(unnamed.save(nullptr, &error));
    EXPECT_EQ(error, "the shot has no file name yet");
}

TEST(Autosave, PathsAreStableAndDistinctPerFile) {
    EXPECT_EQ(autosavePath("/a/b/grodno.json", "/s"), autosavePath("/a/b/../b/grodno.json", "/s"));
    EXPECT_NE(autosavePath("/a/b/grodno.json", "/s"), autosavePath("/a/c/grodno.json", "/s"));
    const std::string p = autosavePath("/a/b/grodno.json", "/s");
    EXPECT_EQ(p.rfind("/s/grodno.json.", 0), 0u) << p;
    EXPECT_EQ(p.substr(p.size() - 9), ".autosave") << p;
}

TEST(Autosave, FollowsXdgStateHome) {
    const char* old = std::getenv("XDG_STATE_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_STATE_HOME", "/var/tmp/state", 1);
    EXPECT_EQ(autosaveDirectory(), "/var/tmp/state/kresy/autosave");
    ::setenv("XDG_STATE_HOME", "relative/ignored", 1); // the spec says relative paths are invalid
    EXPECT_NE(autosaveDirectory().find("/.local/state/kresy/autosave"), std::string::npos);
    if (old)
        ::setenv("XDG_STATE_HOME", saved.c_str(), 1);
    else
        ::unsetenv("XDG_STATE_HOME");
}

TEST(Autosave, WritesAMomentAfterEditsStopAndRegularlyDuringThem) {
    TempDir dir;
    ShotDocument doc(dir / "s.json", threeKeys());
    Autosaver saver((dir.path / "autosave").string());
    std::string error;
    ASSERT_TRUE(saver.update(doc, 0, &error));
    EXPECT_FALSE(saver.wrote()); // nothing unsaved
    doc.removeKey(2);
    ASSERT_TRUE(saver.update(doc, 0.1, &error));
    ASSERT_TRUE(saver.update(doc, 0.5, &error));
    EXPECT_FALSE(fs::exists(saver.pathFor(doc))); // still editing
    ASSERT_TRUE(saver.update(doc, 1.2, &error));
    ASSERT_TRUE(fs::exists(saver.pathFor(doc)));
    EXPECT_EQ(slurp(saver.pathFor(doc)), writeShot(doc.shot()));
    doc.undo(); // back to what is on disk: the autosave goes
    ASSERT_TRUE(saver.update(doc, 1.3, &error));
    EXPECT_FALSE(fs::exists(saver.pathFor(doc)));
    doc.redo();

    // Edits every half second: never quiet for a second, still written every kMaxSeconds.
    Autosaver busy((dir.path / "busy").string());
    int writtenAt = -1;
    for (int i = 0; i < 30 && writtenAt < 0; ++i) {
        Shot s = doc.shot();
        s.title = "t" + std::to_string(i);
        doc.edit(s);
        ASSERT_TRUE(busy.update(doc, 5 + i * 0.5, &error));
        if (busy.wrote())
            writtenAt = i;
    }
    EXPECT_EQ(writtenAt, 20); // 10 s after the first edit at t = 5
}

TEST(Autosave, IsOfferedBackUnlessItIsWhatTheFileHolds) {
    TempDir dir;
    const std::string autosaves = (dir.path / "autosave").string();
    const std::string path = dir / "s.json";
    ShotDocument doc(path, threeKeys());
    std::string error;
    ASSERT_TRUE(doc.save(nullptr, &error)) << error;
    const Shot onDisk = doc.shot();
    doc.removeKey(1);
    Autosaver saver(autosaves);
    ASSERT_TRUE(saver.update(doc, 0, &error));
    ASSERT_TRUE(saver.update(doc, 2, &error));

    // The process dies here. The next session finds the edits.
    std::string problem;
    std::optional<Recovery> r = findRecovery(path, autosaves, onDisk, &problem);
    ASSERT_TRUE(r) << problem;
    EXPECT_EQ(r->shot, doc.shot());
    EXPECT_EQ(r->autosave, saver.pathFor(doc));
    EXPECT_EQ(r->writtenAt.size(), 16u) << r->writtenAt;
    EXPECT_FALSE(findRecovery(path, autosaves, doc.shot(), &problem)); // identical: nothing to offer
    EXPECT_FALSE(findRecovery(dir / "other.json", autosaves, onDisk, &problem));

    saver.discard(doc);
    EXPECT_FALSE(fs::exists(saver.pathFor(doc)));
    EXPECT_FALSE(findRecovery(path, autosaves, onDisk, &problem));
    EXPECT_TRUE(problem.empty());
}

TEST(Autosave, AnUnreadableAutosaveIsReportedNotLost) {
    TempDir dir;
    const std::string autosaves = (dir.path / "autosave").string();
    fs::create_directories(autosaves);
    const std::string path = dir / "s.json";
    ASSERT_TRUE(writeFileAtomic(autosavePath(path, autosaves), std::string("{\"title\": "), nullptr));
    std::string problem;
    EXPECT_FALSE(findRecovery(path, autosaves, std::nullopt, &problem));
    EXPECT_NE(problem.find("cannot be read"), std::string::npos) << problem;
    EXPECT_NE(problem.find(autosavePath(path, autosaves)), std::string::npos) << problem;
    EXPECT_TRUE(fs::exists(autosavePath(path, autosaves)));
}

TEST(ShotPathLines, DrawTheCurveEachKeyAndThePlayhead) {
    const Shot shot = threeKeys();
    const CameraPath path(shot);
    const EnuFrame scene = makeEnuFrame({53.1, 23.0, 0});
    auto ground = [](double, double) { return 150.0; };
    const std::vector<LineSegment> lines = shotPathLines(path, scene, 1, 5.0, {}, ground);
    size_t yellow = 0, curve = 0;
    for (const LineSegment& l : lines) {
        if (l.widthPixels == 3 && l.fromColour != glm::vec4(1.0f, 0.45f, 0.1f, 1))
            ++curve;
        if (l.fromColour == glm::vec4(1.0f, 0.85f, 0.2f, 1))
            ++yellow;
    }
    EXPECT_GT(curve, 100u); // a smooth curve, not three straight lines
    EXPECT_EQ(lines.size(), curve + 3 * 2 + 1);
    EXPECT_GE(yellow, curve); // both segments touch key 1 (plus its drop line and sight line)
    // The curve is continuous and starts and ends at the keys.
    EXPECT_NEAR(glm::distance(lines.front().from, geodeticToEnu(scene, shot.keys.front().position)), 0, 1e-6);
    for (size_t i = 1; i < curve; ++i)
        EXPECT_EQ(lines[i].from, lines[i - 1].to) << i;
    EXPECT_NEAR(glm::distance(lines[curve - 1].to, geodeticToEnu(scene, shot.keys.back().position)), 0, 1e-6);
    // Key 0's drop line reaches the ground under it.
    const GeoPoint foot = enuToGeodetic(scene, lines[curve].to);
    EXPECT_NEAR(foot.alt, 150, 0.01);
    EXPECT_NEAR(foot.lat, shot.keys[0].position.lat, 1e-9);
}

TEST(ShotDocument, TravelTimeGrowsWithTheDistance) {
    const Camera a = cameraAt(52, 23, 2000);
    EXPECT_EQ(travelTimeBetween(a, a), 2);
    const double near = travelTimeBetween(a, cameraAt(52.05, 23, 2000));
    const double far = travelTimeBetween(a, cameraAt(53.5, 23, 2000));
    EXPECT_GE(near, 2);
    EXPECT_GT(far, near);
    EXPECT_EQ(far * 2, std::round(far * 2));
}

} // namespace
} // namespace kresy
