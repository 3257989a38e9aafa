// The search box and the shot editor as a user drives them: keys pressed and text typed into a
// real ImGui context (no renderer: ImGui only needs its font atlas built to lay out text).

#include "app/annotation_editor.h"
#include "app/captions_overlay.h"
#include "app/search_box.h"
#include "app/shot_editor.h"
#include "replays/annotations_io.h"
#include "scene/places.h"

#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
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

// The annotation editor's map as a flat projection: 100 pixels a degree, 20 E 55 N at the top left.
AnnotationEditorView flatMap(Time t) {
    AnnotationEditorView view;
    view.campaignTime = t;
    view.project = [](const GeoPosition& p) -> std::optional<glm::dvec2> {
        return glm::dvec2((p.lon - 20) * 100, (55 - p.lat) * 100);
    };
    view.groundAt = [](double x, double y) -> std::optional<GeoPosition> { return GeoPosition{20 + x / 100, 55 - y / 100}; };
    return view;
}

// One frame with the mouse at (x, y), `button` down or not, Shift held or not.
template <typename Draw>
void mouseFrame(Draw&& draw, double x, double y, int button = -1, bool shift = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(float(x), float(y));
    for (int b = 0; b < 2; ++b)
        io.MouseDown[b] = b == button;
    io.KeyShift = shift;
    ImGui::NewFrame();
    draw();
    ImGui::Render();
    io.KeyShift = false;
}

// A click: down in one frame, up in the next.
template <typename Draw>
void click(Draw&& draw, double x, double y, int button = 0, bool shift = false) {
    mouseFrame(draw, x, y, button, shift);
    mouseFrame(draw, x, y, -1, shift);
}

TEST_F(Panels, TheAnnotationEditorPlacesPointsWithTheMouseAndSavesWithCtrlS) {
    const fs::path dir = fs::temp_directory_path() / ("kresy-panels-a-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    Replay replay;
    replay.sides = {Side{"pl", "Poland", 0x2e6fd8, Affiliation::Friend, Json::object()},
                    Side{"su", "Soviet Union", 0xc0392b, Affiliation::Hostile, Json::object()}};
    ReplayAnnotations opened;
    opened.path = (dir / "r.annotations.json").string();
    AnnotationEditor editor;
    openAnnotationEditor(&editor, opened, &replay);
    const Time t = *parseIso8601("1939-09-18T06:00:00Z");
    const AnnotationEditorView view = flatMap(t);
    AnnotationEditorRequest last;
    bool changed = false, shotEditorSawTheKey = false;
    auto draw = [&] {
        last = drawAnnotationEditor(editor, view, 720);
        changed = changed || last.changed;
        // The shot editor, drawn next, must not act on a key the annotation editor took.
        shotEditorSawTheKey = shotEditorSawTheKey || ImGui::IsKeyPressed(GLFW_KEY_Z, false);
    };
    mouseFrame(draw, 640, 600);
    mouseFrame(draw, 640, 600);
    EXPECT_FALSE(last.ownsMapClicks) << "nothing selected: clicks still pick units";
    editor.selected = editor.doc.add(AnnotationKind::Arrow, t);
    EXPECT_EQ(editor.doc.annotations()[0].id, "arrow-1");

    click(draw, 100, 100); // on the map, left of the panel
    click(draw, 300, 300);
    EXPECT_TRUE(last.ownsMapClicks);
    ASSERT_EQ(editor.doc.annotations()[0].points.size(), 2u);
    EXPECT_EQ(editor.doc.annotations()[0].points[0], (GeoPosition{21, 54}));
    EXPECT_EQ(editor.doc.annotations()[0].points[1], (GeoPosition{23, 52}));
    EXPECT_TRUE(changed);
    ASSERT_EQ(annotationsToDraw(editor).annotations.size(), 1u);

    click(draw, 200, 210, 0, /*shift=*/true); // into the segment
    ASSERT_EQ(editor.doc.annotations()[0].points.size(), 3u);
    EXPECT_NEAR(editor.doc.annotations()[0].points[1].lon, 22, 1e-9);
    EXPECT_NEAR(editor.doc.annotations()[0].points[1].lat, 52.9, 1e-9);

    // Drag the middle point by its handle.
    mouseFrame(draw, 202, 208, 0);
    EXPECT_EQ(editor.dragPoint, 1);
    EXPECT_TRUE(last.ownsMapDrag);
    for (int i = 1; i <= 5; ++i)
        mouseFrame(draw, 202 + i * 9.6, 208 - i * 11.6, 0);
    mouseFrame(draw, 250, 150);
    EXPECT_EQ(editor.dragPoint, -1);
    EXPECT_NEAR(editor.doc.annotations()[0].points[1].lon, 22.5, 1e-9);
    EXPECT_NEAR(editor.doc.annotations()[0].points[1].lat, 53.5, 1e-9);
    EXPECT_EQ(editor.doc.annotations()[0].points.size(), 3u) << "a drag adds no point";

    click(draw, 101, 99, 1); // right click on the first point
    ASSERT_EQ(editor.doc.annotations()[0].points.size(), 2u);
    click(draw, 250, 150, 1); // an arrow keeps two
    EXPECT_EQ(editor.doc.annotations()[0].points.size(), 2u);
    EXPECT_TRUE(editor.messageIsError);
    EXPECT_NE(editor.message.find("at least 2"), std::string::npos) << editor.message;

    frame(draw, GLFW_KEY_Z, nullptr, /*ctrl=*/true); // the right click undone
    EXPECT_EQ(editor.doc.annotations()[0].points.size(), 3u);
    EXPECT_FALSE(shotEditorSawTheKey);
    frame(draw, GLFW_KEY_Z, nullptr, /*ctrl=*/true); // the drag, in one step
    EXPECT_NEAR(editor.doc.annotations()[0].points[1].lat, 52.9, 1e-9);
    frame(draw, GLFW_KEY_Y, nullptr, /*ctrl=*/true);
    EXPECT_NEAR(editor.doc.annotations()[0].points[1].lat, 53.5, 1e-9);

    EXPECT_TRUE(editor.doc.dirty());
    frame(draw, GLFW_KEY_S, nullptr, /*ctrl=*/true);
    EXPECT_FALSE(editor.doc.dirty()) << editor.message;
    AnnotationSet back;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(loadAnnotations(opened.path, &replay, &back, &diagnostics))
        << (diagnostics.empty() ? "" : formatDiagnostic(diagnostics[0]));
    EXPECT_EQ(back, editor.doc.set());

    // With nothing selected, a click on an annotation selects it, and clicks no longer add points.
    mouseFrame(draw, 640, 600);
    editor.selected = -1;
    mouseFrame(draw, 640, 600);
    EXPECT_FALSE(last.ownsMapClicks);
    click(draw, 275, 226); // on the arrow's second segment, between its points
    EXPECT_EQ(editor.selected, 0);
    EXPECT_TRUE(last.ownsMapClicks);
    EXPECT_EQ(editor.doc.annotations()[0].points.size(), 3u);

    // A new line with one point cannot be saved, and says why; the file stays as it was.
    editor.selected = editor.doc.add(AnnotationKind::Line, t);
    click(draw, 400, 100);
    frame(draw, GLFW_KEY_S, nullptr, /*ctrl=*/true);
    EXPECT_TRUE(editor.messageIsError);
    EXPECT_NE(editor.message.find("needs at least 2 points"), std::string::npos) << editor.message;
    EXPECT_EQ(annotationsToDraw(editor).annotations.size(), 1u) << "a line of one point is not drawn yet";
    AnnotationSet again;
    ASSERT_TRUE(loadAnnotations(opened.path, &replay, &again, &diagnostics));
    EXPECT_EQ(again, back);
    fs::remove_all(dir);
}

TEST_F(Panels, TheAnnotationEditorRefusesToSaveOverABrokenFile) {
    const fs::path dir = fs::temp_directory_path() / ("kresy-panels-b-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    ReplayAnnotations opened;
    opened.path = (dir / "r.annotations.json").string();
    opened.fileBroken = true;
    {
        std::ofstream(opened.path) << "{ broken";
    }
    AnnotationEditor editor;
    openAnnotationEditor(&editor, opened, nullptr);
    EXPECT_TRUE(editor.messageIsError) << "the panel says the file has errors from the start";
    const AnnotationEditorView view = flatMap(0);
    auto draw = [&] { drawAnnotationEditor(editor, view, 720); };
    editor.selected = editor.doc.add(AnnotationKind::Line, 0, {{21, 54}, {22, 53}});
    frame(draw);
    frame(draw, GLFW_KEY_S, nullptr, /*ctrl=*/true);
    EXPECT_TRUE(editor.doc.dirty());
    EXPECT_NE(editor.message.find("left untouched"), std::string::npos) << editor.message;
    std::ifstream in(opened.path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, "{ broken");
    fs::remove_all(dir);
}

// A shot's captions over the window: drawn on the background draw list (under every panel) in
// DejaVu Sans (fonts[1], as the window loads it), placed, sized and faded as the offline frames
// have them (scene/captions.h).
TEST_F(Panels, TheCaptionsOverlayDrawsTheShotsTitleCardAndCredit) {
    ImGuiIO& io = ImGui::GetIO();
    static const ImWchar ranges[] = {0x0020, 0x017F, 0x2010, 0x205E, 0};
    const std::string dejaVu = std::string(KRESY_DATA_DIR) + "/fonts/DejaVuSans.ttf";
    ASSERT_TRUE(io.Fonts->AddFontFromFileTTF(dejaVu.c_str(), 26, nullptr, ranges)) << dejaVu;
    unsigned char* pixels;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h); // fonts[1] joins the atlas
    Shot shot = twoKeys();
    shot.keys[0].hold = 2; // the card shows from 0 s to 6 s, fading over 0.6 s at each end
    shot.keys[0].title = "Grodno";
    shot.keys[0].subtitle = "20–24 September 1939";
    const std::string credit = "Data: test";
    std::vector<ImDrawVert> drawn;
    auto at = [&](double t) { // the vertices drawn for the captions at shot time t, second frame
        const std::vector<Caption> captions = shotCaptions(shot, t, std::nullopt, credit);
        auto draw = [&] {
            drawCaptionsOverlay(captions, 1280, 720);
            const ImDrawList* background = ImGui::GetBackgroundDrawList();
            drawn.assign(background->VtxBuffer.begin(), background->VtxBuffer.end());
        };
        frame(draw);
        frame(draw);
        return drawn;
    };
    // Four vertices a glyph (spaces have none), five times: the four shadows and the text.
    auto vertices = [](const std::string& text) {
        size_t glyphs = 0;
        for (unsigned char c : text)
            glyphs += (c & 0xC0) != 0x80 && c != ' ';
        return 5 * 4 * glyphs;
    };
    struct Box {
        float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    };
    auto boxOf = [](const std::vector<ImDrawVert>& v, auto&& which) {
        Box b;
        for (const ImDrawVert& p : v)
            if (which(p)) {
                b.x0 = std::min(b.x0, p.pos.x), b.y0 = std::min(b.y0, p.pos.y);
                b.x1 = std::max(b.x1, p.pos.x), b.y1 = std::max(b.y1, p.pos.y);
            }
        return b;
    };
    auto alpha = [](const ImDrawVert& p) { return int(p.col >> IM_COL32_A_SHIFT); };
    auto white = [](const ImDrawVert& p) { return (p.col & 0xFFFFFF) == 0xFFFFFF; };

    EXPECT_EQ(at(3).size(), vertices("Grodno") + vertices("20–24 September 1939") + vertices(credit));
    // The title: white, its box's bottom left at (5 %, 80 %), at two thirds of 46 px per em (the
    // smallest size captions take), so capitals about 0.73 em = 22 px tall.
    const Box title = boxOf(drawn, [&](const ImDrawVert& p) { return white(p) && alpha(p) == 255; });
    EXPECT_NEAR(title.x0, 0.05f * 1280, 6);
    EXPECT_LE(title.y1, 0.80f * 720);
    EXPECT_GE(title.y1, 0.80f * 720 - 14);
    EXPECT_NEAR(title.y1 - title.y0, 23, 3);
    // The credit: white at 80 %, its box's bottom right at (98.5 %, 97.5 %).
    const Box creditBox = boxOf(drawn, [&](const ImDrawVert& p) { return white(p) && alpha(p) == 204; });
    EXPECT_NEAR(creditBox.x1, 0.985f * 1280, 3); // the last glyph's ink, at a whole pixel
    EXPECT_LE(creditBox.y1, 0.975f * 720);
    EXPECT_GE(creditBox.y0, 0.9f * 720);

    // Half faded in at 0.3 s; gone after 6 s, leaving the credit.
    at(0.3);
    const Box half = boxOf(drawn, [&](const ImDrawVert& p) { return white(p) && std::abs(alpha(p) - 128) <= 1; });
    EXPECT_NEAR(half.x0, title.x0, 0.5f) << "no half-faded title at 0.3 s";
    EXPECT_EQ(at(7).size(), vertices(credit));
    EXPECT_EQ(at(-1).size(), vertices(credit)) << "a title before its key";

    // Nothing at all for no captions.
    unsigned elements = 0;
    auto none = [&] {
        drawCaptionsOverlay({}, 1280, 720);
        const ImDrawList* background = ImGui::GetBackgroundDrawList();
        drawn.assign(background->VtxBuffer.begin(), background->VtxBuffer.end());
        elements = 0;
        for (const ImDrawCmd& command : background->CmdBuffer)
            elements += command.ElemCount;
    };
    frame(none);
    frame(none);
    EXPECT_TRUE(drawn.empty());
    EXPECT_EQ(elements, 0u);
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
