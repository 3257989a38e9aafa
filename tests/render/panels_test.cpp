// The search box and the shot editor as a user drives them: keys pressed and text typed into a
// real ImGui context (no renderer: ImGui only needs its font atlas built to lay out text).

#include "app/search_box.h"
#include "app/shot_editor.h"
#include "scene/places.h"

#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace kresy {
namespace {

namespace fs = std::filesystem;

class Panels : public ::testing::Test {
protected:
    void SetUp() override {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280, 720);
        io.DeltaTime = 1.0f / 60;
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        // The key map the GLFW backend sets, so text fields understand Enter and the arrows.
        io.KeyMap[ImGuiKey_Enter] = GLFW_KEY_ENTER;
        io.KeyMap[ImGuiKey_UpArrow] = GLFW_KEY_UP;
        io.KeyMap[ImGuiKey_DownArrow] = GLFW_KEY_DOWN;
        io.KeyMap[ImGuiKey_Escape] = GLFW_KEY_ESCAPE;
        io.KeyMap[ImGuiKey_Backspace] = GLFW_KEY_BACKSPACE;
        io.KeyMap[ImGuiKey_Delete] = GLFW_KEY_DELETE;
    }
    void TearDown() override { ImGui::DestroyContext(); }

    // One frame: `key` (a GLFW key) held down during it, `text` typed, `draw` the panels. A key is
    // released in a second frame, so the next press is a press again.
    template <typename Draw>
    void frame(Draw&& draw, int key = -1, const char* text = nullptr, bool ctrl = false) {
        ImGuiIO& io = ImGui::GetIO();
        if (key >= 0)
            io.KeysDown[key] = true;
        io.KeyCtrl = ctrl;
        if (text)
            io.AddInputCharactersUTF8(text);
        ImGui::NewFrame();
        draw();
        ImGui::Render();
        io.KeyCtrl = false;
        if (key >= 0) {
            io.KeysDown[key] = false;
            ImGui::NewFrame();
            draw();
            ImGui::Render();
        }
    }
};

TEST_F(Panels, SearchFindsAPlaceByItsNameWithoutAccentsAndEnterPicksIt) {
    std::vector<Place> places;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(loadPlaces(std::string(KRESY_DATA_DIR) + "/vector/places.csv", &places, &diagnostics));
    SearchIndex index;
    index.setPlaces(places);
    SearchBox box;
    std::optional<SearchHit> picked;
    auto draw = [&] {
        if (auto hit = drawSearchBox(box, index, {}, 1280))
            picked = hit;
    };
    frame(draw, GLFW_KEY_F, nullptr, /*ctrl=*/true); // Ctrl+F
    frame(draw);                                     // focused
    frame(draw, -1, "lwow");
    frame(draw);
    ASSERT_FALSE(box.hits.empty()) << "nothing found for " << box.query;
    EXPECT_EQ(box.hits[0].label.rfind("Lwów", 0), 0u) << box.hits[0].label;
    EXPECT_FALSE(picked);
    frame(draw, GLFW_KEY_ENTER);
    ASSERT_TRUE(picked);
    EXPECT_EQ(picked->kind, SearchHit::Place);
    EXPECT_NEAR(picked->lat, 49.84, 0.05);
    EXPECT_NEAR(picked->lon, 24.03, 0.05);
    EXPECT_TRUE(box.query.empty()) << "the box keeps the query after a pick";

    // Down chooses the second hit.
    picked.reset();
    box.focus = true;
    frame(draw);
    frame(draw); // focus lands a frame after it is asked for
    frame(draw, -1, "gr");
    frame(draw);
    ASSERT_GE(box.hits.size(), 2u) << "query: [" << box.query << "]";
    const std::string second = box.hits[1].label;
    frame(draw, GLFW_KEY_DOWN);
    frame(draw, GLFW_KEY_ENTER);
    ASSERT_TRUE(picked);
    EXPECT_EQ(picked->label, second);
}

Shot twoKeys() {
    Shot s;
    s.title = "t";
    Camera a, b;
    a.position = {53.6, 23.8, 3000};
    b.position = {53.7, 23.9, 2500};
    s.keys = {keyFromCamera(a, std::nullopt, 0), keyFromCamera(b, std::nullopt, 8)};
    return s;
}

TEST_F(Panels, TheShotEditorAddsDeletesUndoesAndSavesFromTheKeyboard) {
    const fs::path dir = fs::temp_directory_path() / ("kresy-panels-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    ShotEditor editor;
    std::string error;
    ASSERT_TRUE(openShotEditor(&editor, (dir / "new.json").string(), nullptr, (dir / "autosave").string(), &error))
        << error;
    EXPECT_TRUE(editor.doc.shot().keys.empty());
    ShotEditorView view;
    view.camera.position = {53.5, 23.5, 4000};
    view.campaignTime = *parseIso8601("1939-09-20T06:00:00Z");
    double now = 0;
    auto draw = [&] {
        drawShotEditor(editor, view, 720, now);
        now += 1.0 / 60;
    };
    frame(draw);
    frame(draw, GLFW_KEY_K); // the first key, at 0
    ASSERT_EQ(editor.doc.shot().keys.size(), 1u);
    EXPECT_EQ(editor.doc.shot().keys[0].position.alt, 4000);
    ASSERT_TRUE(editor.doc.shot().keys[0].campaignTime);
    view.camera.position = {53.6, 23.7, 2000};
    frame(draw, GLFW_KEY_K); // the playhead is at the end: a key after it
    ASSERT_EQ(editor.doc.shot().keys.size(), 2u);
    EXPECT_GE(editor.doc.shot().keys[1].time, 2);
    EXPECT_EQ(editor.selected, 1);
    EXPECT_TRUE(editor.doc.dirty());

    frame(draw, GLFW_KEY_S, nullptr, /*ctrl=*/true);
    EXPECT_FALSE(editor.doc.dirty()) << editor.message;
    EXPECT_TRUE(fs::exists(dir / "new.json"));

    frame(draw, GLFW_KEY_DELETE);
    EXPECT_EQ(editor.doc.shot().keys.size(), 1u);
    frame(draw, GLFW_KEY_S, nullptr, /*ctrl=*/true); // one key: refused, and said why
    EXPECT_TRUE(editor.doc.dirty());
    EXPECT_TRUE(editor.messageIsError);
    EXPECT_NE(editor.message.find("at least two"), std::string::npos) << editor.message;
    frame(draw, GLFW_KEY_Z, nullptr, /*ctrl=*/true);
    EXPECT_EQ(editor.doc.shot().keys.size(), 2u);
    EXPECT_FALSE(editor.doc.dirty());
    fs::remove_all(dir);
}

TEST_F(Panels, TheShotEditorAutosavesAndTheNextSessionIsOfferedTheEdits) {
    const fs::path dir = fs::temp_directory_path() / ("kresy-panels-r-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string file = (dir / "s.json").string(), autosaves = (dir / "autosave").string();
    {
        ShotDocument doc(file, twoKeys());
        std::string error;
        ASSERT_TRUE(doc.save(nullptr, &error)) << error;
    }
    ShotEditorView view;
    view.camera.position = {53.65, 23.85, 1500};
    {
        ShotEditor editor;
        std::string error;
        ASSERT_TRUE(openShotEditor(&editor, file, nullptr, autosaves, &error)) << error;
        EXPECT_FALSE(editor.recovery);
        double now = 0;
        auto draw = [&] {
            drawShotEditor(editor, view, 720, now);
            now += 0.1;
        };
        editor.playhead = 4;
        frame(draw, GLFW_KEY_K); // a key in the middle
        ASSERT_EQ(editor.doc.shot().keys.size(), 3u);
        for (int i = 0; i < 15; ++i) // 1.5 s without edits
            frame(draw);
        EXPECT_TRUE(fs::exists(editor.autosaver.pathFor(editor.doc)));
    } // the session ends without saving (as a crash would)
    ShotEditor next;
    std::string error;
    ASSERT_TRUE(openShotEditor(&next, file, nullptr, autosaves, &error)) << error;
    ASSERT_TRUE(next.recovery) << "the edits were not offered back";
    EXPECT_EQ(next.recovery->shot.keys.size(), 3u);
    EXPECT_EQ(next.doc.shot().keys.size(), 2u) << "the file's version is shown until the user restores";
    fs::remove_all(dir);
}

// The Record button's machinery: `kresy render` in a child process, its progress read without
// waiting, a cancel that leaves no video behind, and a failure's reason.
class RecorderTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("kresy-recorder-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        ShotDocument doc((dir_ / "shot.json").string(), twoKeys());
        std::string error;
        ASSERT_TRUE(doc.save(nullptr, &error)) << error;
    }
    void TearDown() override { fs::remove_all(dir_); }
    // Polls as the window does, once a "frame", until the child ends.
    void waitFor(Recorder& r, int* polls = nullptr) {
        for (int i = 0; i < 6000 && !r.finished(); ++i) {
            r.poll();
            if (polls)
                ++*polls;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    std::vector<std::string> args(const std::string& out, const char* size, const char* fps) {
        return {"render", (dir_ / "shot.json").string(), "--replay", "none", "--out", (dir_ / out).string(),
                "--size", size, "--fps", fps};
    }
    fs::path dir_;
};

TEST_F(RecorderTest, RendersTheShotAndReportsProgress) {
    Recorder r;
    std::string error;
    ASSERT_TRUE(r.start(KRESY_BINARY, args("shot.mp4", "160x90", "5"), &error)) << error;
    EXPECT_TRUE(r.running());
    int polls = 0;
    waitFor(r, &polls);
    ASSERT_TRUE(r.finished());
    EXPECT_TRUE(r.succeeded()) << r.failure();
    EXPECT_EQ(r.progress().total, 40); // 8 s at 5 fps
    EXPECT_EQ(r.progress().done, 40);
    EXPECT_GT(polls, 5) << "poll() waited for the render instead of returning";
    EXPECT_GT(fs::file_size(dir_ / "shot.mp4"), 1000u);
}

TEST_F(RecorderTest, CancelStopsItAndLeavesNoVideo) {
    Recorder r;
    std::string error;
    ASSERT_TRUE(r.start(KRESY_BINARY, args("long.mp4", "1280x720", "60"), &error)) << error;
    for (int i = 0; i < 3000 && r.progress().done == 0 && !r.finished(); ++i) {
        r.poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_GT(r.progress().done, 0) << r.failure();
    r.cancel();
    waitFor(r);
    ASSERT_TRUE(r.finished());
    EXPECT_FALSE(r.succeeded());
    EXPECT_EQ(r.failure(), "cancelled");
    EXPECT_LT(r.progress().done, r.progress().total);
    for (const fs::directory_entry& e : fs::directory_iterator(dir_))
        EXPECT_EQ(e.path().filename(), "shot.json") << "left behind: " << e.path();
}

TEST_F(RecorderTest, AFailureSaysWhy) {
    Recorder r;
    std::string error;
    ASSERT_TRUE(r.start(KRESY_BINARY, args("shot.gif", "160x90", "5"), &error)) << error;
    waitFor(r);
    ASSERT_TRUE(r.finished());
    EXPECT_FALSE(r.succeeded());
    EXPECT_NE(r.failure().find("shot.gif"), std::string::npos) << r.failure();
    EXPECT_EQ(r.failure().rfind("kresy render: ", 0), 0u) << r.failure();
}

} // namespace
} // namespace kresy
