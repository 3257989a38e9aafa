// kresy view: the interactive window.

#include "annotation_editor.h"
#include "captions_overlay.h"
#include "commands.h"
#include "core/log.h"
#include "dataset.h"
#include "options.h"
#include "overlay.h"
#include "presenter.h"
#include "search_box.h"
#include "shot_editor.h"
#include "scene/director.h"
#include "timeline.h"
#include "unit_panel.h"
#include "units_layer.h"
#include "renderer/renderer.h"
#include "scene/camera_controller.h"
#include "scene/frame.h"
#include "scene/places.h"
#include "terrain_view.h"

#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h> // the windows' rectangles, which names keep clear of
#include <backends/imgui_impl_glfw.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <optional>
#include <vector>

namespace kresy {

namespace {

struct Window {
    GLFWwindow* handle = nullptr;
    double lastX = 0, lastY = 0;
    double scroll = 0;
    bool resized = false;
    bool orbiting = false;
};

void onScroll(GLFWwindow* w, double, double dy) {
    static_cast<Window*>(glfwGetWindowUserPointer(w))->scroll += dy;
}

void onFramebufferSize(GLFWwindow* w, int, int) { static_cast<Window*>(glfwGetWindowUserPointer(w))->resized = true; }

double key(GLFWwindow* w, int positive, int negative) {
    return (glfwGetKey(w, positive) == GLFW_PRESS ? 1.0 : 0.0) - (glfwGetKey(w, negative) == GLFW_PRESS ? 1.0 : 0.0);
}

// Keyboard and mouse to camera input; nothing reaches the camera while ImGui uses the input.
// Left drag looks, right drag (or Alt + left drag) orbits; the orbit pivot and the zoom target
// are the ground under the cursor, found with `groundUnderCursor` only when needed.
FreeCameraInput readInput(Window& win, double dt, bool* orbitStarts, bool* zooming) {
    FreeCameraInput in;
    in.dt = dt;
    double x, y;
    glfwGetCursorPos(win.handle, &x, &y);
    ImGuiIO& io = ImGui::GetIO();
    const bool left = glfwGetMouseButton(win.handle, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS;
    const bool right = glfwGetMouseButton(win.handle, GLFW_MOUSE_BUTTON_RIGHT) == GLFW_PRESS;
    const bool alt = glfwGetKey(win.handle, GLFW_KEY_LEFT_ALT) == GLFW_PRESS;
    if (!io.WantCaptureMouse) {
        in.orbiting = right || (left && alt);
        if (in.orbiting) {
            in.orbitDx = x - win.lastX;
            in.orbitDy = y - win.lastY;
        } else if (left) {
            in.lookDx = x - win.lastX;
            in.lookDy = y - win.lastY;
        }
        in.zoom = win.scroll;
    }
    *orbitStarts = in.orbiting && !win.orbiting;
    *zooming = in.zoom != 0;
    win.orbiting = in.orbiting;
    win.lastX = x;
    win.lastY = y;
    win.scroll = 0;
    if (!io.WantCaptureKeyboard && !io.KeyCtrl) { // Ctrl+S saves a shot; it does not fly back
        in.forward = key(win.handle, GLFW_KEY_W, GLFW_KEY_S);
        in.right = key(win.handle, GLFW_KEY_D, GLFW_KEY_A);
        in.up = key(win.handle, GLFW_KEY_E, GLFW_KEY_Q);
        in.fast = glfwGetKey(win.handle, GLFW_KEY_LEFT_SHIFT) == GLFW_PRESS;
    }
    return in;
}

// Median of the recent frame times: steady to read, and honest about stalls longer than a frame.
int winWidth(const Window& w) {
    int width, height;
    glfwGetWindowSize(w.handle, &width, &height);
    return width;
}
int winHeight(const Window& w) {
    int width, height;
    glfwGetWindowSize(w.handle, &width, &height);
    return height;
}

double medianMs(std::deque<double> times) {
    if (times.empty())
        return 0;
    std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
    return times[times.size() / 2];
}

void onGlfwError(int code, const char* message) { logError("GLFW %d: %s", code, message); }

// Full screen on the primary monitor, or back to the window it was.
struct WindowPlacement {
    int x = 0, y = 0, width = 0, height = 0;
    bool fullscreen = false;
};
void setFullscreen(GLFWwindow* window, WindowPlacement& placement, bool on) {
    if (on == placement.fullscreen)
        return;
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (on && mode) {
        glfwGetWindowPos(window, &placement.x, &placement.y);
        glfwGetWindowSize(window, &placement.width, &placement.height);
        glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
        placement.fullscreen = true;
    } else if (!on) {
        glfwSetWindowMonitor(window, nullptr, placement.x, placement.y, placement.width, placement.height, 0);
        placement.fullscreen = false;
    }
}

// The shot to play and the deck to present, as the options name them. A deck not asked for
// (the lecture deck) that is missing is no error.
bool openShotAndDeck(const ViewOptions& options, const Replay* replay, std::shared_ptr<const CameraPath>* shot,
                     std::shared_ptr<const Deck>* deck, std::string* error) {
    if (!options.shot.empty()) {
        Shot s;
        if (!openShot(options.shot, replay, &s, error))
            return false;
        *shot = std::make_shared<CameraPath>(s);
    }
    const std::string deckPath = options.deck.empty() ? dataDirectory() + "/shots/lecture.deck.json" : options.deck;
    if (options.deck.empty() && !std::filesystem::exists(deckPath))
        return true;
    auto d = std::make_shared<Deck>();
    if (!openDeck(deckPath, replay, d.get(), error))
        return false;
    *deck = std::move(d);
    return true;
}

// The ImGui windows drawn this frame, in framebuffer pixels (`scale` per window pixel).
std::vector<glm::vec4> panelBoxes(float scale) {
    std::vector<glm::vec4> boxes;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if (w->WasActive && !w->Hidden && !(w->Flags & ImGuiWindowFlags_ChildWindow))
            boxes.push_back(glm::vec4(w->Pos.x, w->Pos.y, w->Pos.x + w->Size.x, w->Pos.y + w->Size.y) * scale);
    return boxes;
}

// fonts[0] for the panels, fonts[1] for the date and captions: DejaVu Sans from the dataset, with
// the accents of Polish and Lithuanian names, Cyrillic and typographic punctuation (ImGui's own
// font is ASCII only: "Lwów" would read "Lw?w"); ImGui's font if the file is missing.
void loadFonts() {
    static const ImWchar ranges[] = {0x0020, 0x017F,  // Latin, Latin-1, Latin Extended-A
                                     0x0400, 0x04FF,  // Cyrillic
                                     0x2010, 0x205E,  // dashes, quotes, ellipsis
                                     0};
    ImFontAtlas* fonts = ImGui::GetIO().Fonts;
    const std::string path = dataDirectory() + "/fonts/DejaVuSans.ttf";
    if (std::filesystem::is_regular_file(path) && fonts->AddFontFromFileTTF(path.c_str(), 15, nullptr, ranges) &&
        fonts->AddFontFromFileTTF(path.c_str(), 26, nullptr, ranges))
        return;
    logWarning("%s is missing or unreadable; names with accents show as '?'", path.c_str());
    fonts->Clear();
    ImFontConfig big;
    big.SizePixels = 26;
    fonts->AddFontDefault();
    fonts->AddFontDefault(&big);
}

// Places from the dataset, and the replay's units and events. Without the places file the box
// still finds units and events (a warning says why places are missing).
SearchIndex makeSearchIndex(const Replay* replay) {
    SearchIndex index;
    std::vector<Place> places;
    std::vector<Diagnostic> diagnostics;
    if (loadPlaces(dataDirectory() + "/vector/places.csv", &places, &diagnostics))
        index.setPlaces(places);
    else
        for (const Diagnostic& d : diagnostics)
            logWarning("search finds no places: %s", formatDiagnostic(d).c_str());
    if (replay)
        index.setReplay(*replay);
    return index;
}

const char* const kControlsHelp =
    "free camera\n"
    "  left drag            look around\n"
    "  right drag, Alt+drag orbit around the point under the cursor\n"
    "  W S A D              forward, back, left, right (speed follows the height)\n"
    "  Q E                  down, up;  Shift: four times faster\n"
    "  mouse wheel          zoom towards the point under the cursor\n"
    "  double click         fly to that point\n"
    "  click a unit         its panel: fly to it, follow it\n"
    "  Esc                  stop a flight, a shot or following\n"
    "  Ctrl+F               search places, units and events; Enter flies there\n"
    "time\n"
    "  Space                play / pause\n"
    "  Page Down / Up       next / previous event (the camera flies there)\n"
    "  [ ]                  an hour earlier / later\n"
    "shots and presenting\n"
    "  P                    play the shot (--shot) again\n"
    "  F2                   the shot editor: K add a key from the view, Del delete it,\n"
    "                       Ctrl+Z / Ctrl+Y undo / redo, Ctrl+S save\n"
    "  F3                   the annotation editor: New label/arrow/area/line, then on the map\n"
    "                       click adds a point, Shift+click inserts it into the nearest segment,\n"
    "                       drag moves one, right click or Del removes one; click an annotation\n"
    "                       to select it (one of its points while another is selected);\n"
    "                       Ctrl+Z / Ctrl+Y undo / redo, Ctrl+S save\n"
    "  F5                   present the deck full screen; Esc leaves\n"
    "  in presenter mode    Page Down, Right, Down, Space: next bookmark;\n"
    "                       Page Up, Left, Up: previous; Home: first; S: status line\n"
    "  F1                   this help\n";

void drawHelp(float width, float height) {
    ImGui::SetNextWindowPos(ImVec2(width / 2, height / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowBgAlpha(0.85f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoInputs;
    if (ImGui::Begin("help##kresy", nullptr, flags)) {
        ImGui::TextUnformatted("kresy controls (F1 closes)");
        ImGui::Separator();
        ImGui::TextUnformatted(kControlsHelp);
    }
    ImGui::End();
}

int runWindow(const ViewOptions& options);

} // namespace

int runView(const std::vector<std::string>& args) {
    ViewOptions options;
    ParseResult parsed = parseViewOptions(args, &options);
    if (!parsed.ok) {
        std::fprintf(stderr, "kresy view: %s (see kresy view --help)\n", parsed.error.c_str());
        return kExitUsage;
    }
    if (parsed.help) {
        std::fputs(kViewUsage, stdout);
        return kExitOk;
    }
    return runWindow(options);
}

int runPresent(const std::vector<std::string>& args) {
    ViewOptions options;
    ParseResult parsed = parsePresentOptions(args, &options);
    if (!parsed.ok) {
        std::fprintf(stderr, "kresy present: %s (see kresy present --help)\n", parsed.error.c_str());
        return kExitUsage;
    }
    if (parsed.help) {
        std::fputs(kPresentUsage, stdout);
        return kExitOk;
    }
    return runWindow(options);
}

namespace {

int runWindow(const ViewOptions& options) {
    const char* const command = options.present ? "kresy present" : "kresy view";
    std::string error;
    if (!options.screenshot.empty() && !checkOutputPath(options.screenshot, &error)) {
        std::fprintf(stderr, "%s: %s\n", command, error.c_str());
        return kExitFailure;
    }
    std::shared_ptr<UnitsView> units;
    if (!openUnits(options.replay, &units, &error)) {
        std::fprintf(stderr, "%s: %s\n", command, error.c_str());
        return kExitFailure;
    }
    std::shared_ptr<const CameraPath> shotPath;
    Presenter presenter;
    if (!openShotAndDeck(options, units ? &units->replay() : nullptr, &shotPath, &presenter.deck, &error)) {
        std::fprintf(stderr, "%s: %s\n", command, error.c_str());
        return kExitFailure;
    }
    const Replay* replay = units ? &units->replay() : nullptr;
    ShotEditor editor;
    if (!options.edit.empty() && !openShotEditor(&editor, options.edit, replay, autosaveDirectory(), &error)) {
        std::fprintf(stderr, "%s: %s\n", command, error.c_str());
        return kExitFailure;
    }
    TerrainView terrain;
    if (!terrain.open(terrainViewOptions(options.terrain), &error)) {
        std::fprintf(stderr, "%s: %s\n", command, error.c_str());
        return kExitFailure;
    }
    SearchIndex search = makeSearchIndex(replay);
    LayerSet layers = options.layers;
    MapOverlays mapOverlays;
    {
        std::vector<std::string> problems;
        mapOverlays.load(dataDirectory(), terrain.scene(), &problems);
        for (const std::string& p : problems)
            logWarning("%s", p.c_str());
    }
    ReplayAnnotations annotations = openAnnotations(options.replay, replay);
    mapOverlays.setAnnotations(annotations.all, replay);
    AnnotationEditor annotationEditor; // edits annotations.file; F3 shows it
    openAnnotationEditor(&annotationEditor, annotations, replay);
    annotationEditor.open = options.annotate;
    annotationEditor.selected = annotationEditor.doc.find(options.annotation);
    if (!glfwInit()) {
        const char* why = nullptr;
        glfwGetError(&why);
        std::fprintf(stderr, "%s: cannot open a window (%s); 'kresy still' renders without one\n", command,
                     why ? why : "no display");
        return kExitFailure;
    }
    glfwSetErrorCallback(onGlfwError); // from here on a GLFW error is worth a log line
    if (!glfwVulkanSupported()) {
        std::fprintf(stderr, "%s: GLFW found no Vulkan loader; install libvulkan1 and mesa-vulkan-drivers\n", command);
        glfwTerminate();
        return kExitFailure;
    }

    Device device;
    InstanceOptions instance;
    instance.validation = validationRequested();
    uint32_t extensionCount = 0;
    const char** extensions = glfwGetRequiredInstanceExtensions(&extensionCount);
    instance.extensions.assign(extensions, extensions + extensionCount);
    if (!createInstance(instance, &device, &error)) {
        std::fprintf(stderr, "%s: %s\n", command, error.c_str());
        glfwTerminate();
        return kExitFailure;
    }

    Window win;
    VkSurfaceKHR surface = VK_NULL_HANDLE;
    auto fail = [&](const std::string& message) {
        std::fprintf(stderr, "%s: %s\n", command, message.c_str());
        if (surface)
            vkDestroySurfaceKHR(device.instance, surface, nullptr);
        destroyDevice(device);
        glfwTerminate(); // also destroys the window
        return kExitFailure;
    };
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    glfwWindowHint(GLFW_AUTO_ICONIFY, GLFW_FALSE); // presenting full screen: losing focus must not minimise it
    win.handle = glfwCreateWindow(options.width, options.height, "kresy - eastern Poland, 1939", nullptr, nullptr);
    if (!win.handle || glfwCreateWindowSurface(device.instance, win.handle, nullptr, &surface) != VK_SUCCESS)
        return fail("could not create a Vulkan window");
    if (!createDevice(&device, gpuFilterFromEnvironment(), surface, &error))
        return fail(error);
    glfwSetWindowUserPointer(win.handle, &win);
    glfwSetScrollCallback(win.handle, onScroll);
    glfwSetFramebufferSizeCallback(win.handle, onFramebufferSize);

    Renderer renderer;
    if (!renderer.init(&device, shaderDirectory(), &error)) {
        renderer.shutdown();
        return fail(error);
    }
    int fbWidth, fbHeight;
    glfwGetFramebufferSize(win.handle, &fbWidth, &fbHeight);
    renderer.attachSurface(surface, uint32_t(fbWidth), uint32_t(fbHeight));

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr; // nothing to restore yet; never litter the working directory
    ImGui::StyleColorsDark();
    loadFonts();
    ImGui_ImplGlfw_InitForVulkan(win.handle, true); // after our callbacks: it chains to them
    renderer.enableImGui();

    Camera camera = options.camera;
    Timeline timeline = units ? makeTimeline(units->replay(), options.time) : Timeline{};
    if (!units)
        timeline.now = options.time;
    int selectedUnit = -1;
    UnitDisplay unitDisplay;
    Director director;
    FreeCameraController freeCamera;
    std::optional<CameraView> lastView; // the last frame's, for what is under the cursor
    WindowPlacement placement;
    bool showHelp = false;
    auto groundAt = [&](double lat, double lon) { return terrain.heightAt(lat, lon); };
    const TargetResolver resolveTarget = shotTargetResolver(units.get(), groundAt);
    UnitLocator locateUnit = [&](int unit, Time t) -> std::optional<UnitPlace> {
        if (!units || unit < 0 || size_t(unit) >= units->replay().units.size())
            return std::nullopt;
        UnitState s = sampleUnit(units->index(), size_t(unit), t);
        if (!s.visible)
            return std::nullopt;
        return UnitPlace{{s.lat, s.lon, groundAt(s.lat, s.lon)}, s.headingDeg};
    };
    auto goToBookmark = [&](int index) {
        const int count = int(presenter.deck->bookmarks.size());
        index = std::clamp(index, 0, count - 1);
        const Bookmark& b = presenter.deck->bookmarks[size_t(index)];
        presenter.current = index;
        presenter.sinceArrival = 0;
        timeline.playing = false;
        startFlight(director, camera, bookmarkCamera(b), timeline.now, b.time.time);
        selectedUnit = -1;
        if (b.unit && units)
            for (size_t u = 0; u < units->replay().units.size(); ++u)
                if (units->replay().units[u].id == *b.unit)
                    selectedUnit = int(u);
    };
    // A search hit: fly to the place, to the unit (and select it), or to the event's place while
    // the date runs to the event.
    auto flyToHit = [&](const SearchHit& hit) {
        const GeoPoint ground{hit.lat, hit.lon, groundAt(hit.lat, hit.lon)};
        switch (hit.kind) {
        case SearchHit::Place:
            startFlight(director, camera, cameraLookingAt(ground, 20000, camera.headingDeg, -40, camera.fovDeg));
            break;
        case SearchHit::Unit:
            selectedUnit = int(hit.index);
            startFlight(director, camera, cameraLookingAt(ground, 4000, camera.headingDeg, -35, camera.fovDeg));
            break;
        case SearchHit::Event:
            timeline.playing = false;
            startFlight(director, camera, cameraLookingAt(ground, 25000, camera.headingDeg, -40, camera.fovDeg),
                        timeline.now, replay->events[hit.index].start.time);
            break;
        }
    };
    auto setPresenting = [&](bool on) {
        if (on && !presenter.deck)
            return;
        presenter.active = on;
        setFullscreen(win.handle, placement, on);
        if (on)
            goToBookmark(std::max(presenter.current, 0));
        else
            terrain.setLookahead(std::nullopt);
    };
    std::shared_ptr<const CameraPath> previewPath; // the editor's path, while the director shows it
    bool closeConfirmed = false;                   // the unsaved-edits question was answered
    SearchBox searchBox;
    const SearchIndex::UnitPosition unitPosition = [&](size_t unit) -> std::optional<GeoPoint> {
        if (std::optional<UnitPlace> place = locateUnit(int(unit), timeline.now))
            return place->ground;
        return std::nullopt;
    };
    if (shotPath) {
        startShot(director, shotPath, options.shotTime);
        director.shotPlaying = options.screenshot.empty(); // a screenshot shows the moment --at names
    }
    if (options.present)
        setPresenting(true);
    double pressX = 0, pressY = 0;
    OverlayState overlay;
    overlay.deviceName = device.properties.deviceName;
    std::deque<double> frameTimes;
    std::vector<double> allFrameTimes; // for the summary on exit
    auto last = std::chrono::steady_clock::now();
    glfwGetCursorPos(win.handle, &win.lastX, &win.lastY);
    int status = kExitOk;

    int framesDrawn = 0;
    bool screenshotWritten = false;
    while (!glfwWindowShouldClose(win.handle)) {
        glfwPollEvents();
        AnnotationEditorRequest annotationRequest;
        if (glfwWindowShouldClose(win.handle) && (editor.doc.dirty() || annotationEditor.doc.dirty()) &&
            !closeConfirmed) { // ask before edits are lost: the shot's first, then the annotations'
            glfwSetWindowShouldClose(win.handle, GLFW_FALSE);
            (editor.doc.dirty() ? editor.closeRequested : annotationEditor.closeRequested) = true;
        }
        glfwGetFramebufferSize(win.handle, &fbWidth, &fbHeight);
        if (fbWidth == 0 || fbHeight == 0) { // minimised: nothing to draw, nothing to count
            glfwWaitEventsTimeout(0.1);
            continue;
        }
        if (win.resized) {
            renderer.surfaceResized(uint32_t(fbWidth), uint32_t(fbHeight));
            win.resized = false;
        }
        auto now = std::chrono::steady_clock::now();
        double dt = std::min(std::chrono::duration<double>(now - last).count(), 0.25);
        last = now;
        frameTimes.push_back(dt * 1000);
        if (framesDrawn > 0)
            allFrameTimes.push_back(dt * 1000);
        if (frameTimes.size() > 60)
            frameTimes.pop_front();

        timeline.jumped = -1;
        if (!ImGui::GetIO().WantCaptureKeyboard) {
            if (ImGui::IsKeyPressed(GLFW_KEY_F1, false))
                showHelp = !showHelp;
            if (ImGui::IsKeyPressed(GLFW_KEY_F5, false))
                setPresenting(!presenter.active);
            if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) {
                if (presenter.active)
                    setPresenting(false);
                else
                    stopDirector(director);
            }
            if (ImGui::IsKeyPressed(GLFW_KEY_P, false) && shotPath)
                startShot(director, shotPath);
            if (ImGui::IsKeyPressed(GLFW_KEY_F2, false) && !presenter.active) {
                if (!editor.doc.path().empty())
                    editor.open = !editor.open;
                else if (!openShotEditor(&editor, options.shot.empty() ? "untitled-shot.json" : options.shot, replay,
                                         autosaveDirectory(), &error))
                    logWarning("%s", error.c_str());
            }
            if (ImGui::IsKeyPressed(GLFW_KEY_F3, false) && !presenter.active)
                annotationEditor.open = !annotationEditor.open;
            if (presenter.active) {
                if (int step = presenterStep(presenter))
                    goToBookmark(presenter.current + step);
            } else {
                if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT_BRACKET))
                    timeline.now += 3600;
                if (ImGui::IsKeyPressed(GLFW_KEY_LEFT_BRACKET))
                    timeline.now -= 3600;
                if (units)
                    handleTimelineKeys(timeline);
            }
        }
        advanceTimeline(timeline, dt);
        double ground = terrain.heightAt(camera.position.lat, camera.position.lon);
        bool orbitStarts = false, zooming = false;
        FreeCameraInput input = readInput(win, dt, &orbitStarts, &zooming);
        if (annotationEditor.dragPoint >= 0) // the left button moves an annotation's point, not the view
            input.lookDx = input.lookDy = 0;
        if ((orbitStarts || zooming) && lastView) { // the ground under the cursor, in framebuffer pixels
            const double x = win.lastX * fbWidth / std::max(1, winWidth(win)), y = win.lastY * fbHeight / std::max(1, winHeight(win));
            const std::optional<GeoPoint> point = groundUnderPixel(*lastView, terrain.scene(), fbWidth, fbHeight, x, y, groundAt);
            (orbitStarts ? input.orbitPivot : input.zoomTarget) = point;
        }
        const bool userSteers = input.forward != 0 || input.right != 0 || input.up != 0 || input.lookDx != 0 ||
                                input.lookDy != 0 || input.zoom != 0 || input.orbiting;
        if (userSteers && director.mode != DirectorMode::Free)
            stopDirector(director); // the user takes over
        const bool flying = director.mode == DirectorMode::Flying;
        if (advanceDirector(director, dt, &camera, &timeline.now, resolveTarget, locateUnit, groundAt))
            freeCamera.stop();
        else
            freeCamera.update(camera, input, groundAt);
        const Time time = timeline.now;
        if (presenter.active) {
            presenter.sinceArrival = flying ? 0 : presenter.sinceArrival + dt;
            const int next = presenter.current + 1;
            terrain.setLookahead(next < int(presenter.deck->bookmarks.size())
                                     ? std::optional<Camera>(bookmarkCamera(presenter.deck->bookmarks[size_t(next)]))
                                     : std::nullopt);
        }

        renderer.beginImGuiFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        overlay.frameMs = medianMs(frameTimes);
        overlay.groundHeight = ground;
        overlay.camera = camera;
        overlay.time = time;
        overlay.terrainNodes = renderer.terrainStats().nodes;
        overlay.terrainTriangles = renderer.terrainStats().triangles;
        TileStreamerStats streaming = terrain.streamer().stats();
        overlay.tilesResident = streaming.residentTiles;
        overlay.tilesLoading = streaming.queued + streaming.inFlight;
        overlay.exaggeration = terrain.exaggeration();
        if (presenter.active) {
            // A shot played while presenting brings its own title cards; the bookmark's waits.
            drawPresenter(presenter, time, director.mode != DirectorMode::Flying && director.mode != DirectorMode::Shot,
                          float(fbWidth), float(fbHeight));
        } else {
            if (OverlayChanges changed = drawOverlay(overlay, units ? &unitDisplay : nullptr, &layers);
                changed.exaggeration)
                terrain.setExaggeration(changed.newExaggeration);
            if (units) {
                drawTimeline(timeline, float(fbWidth), float(fbHeight));
                if (selectedUnit >= 0) {
                    const UnitState& state = units->states()[size_t(selectedUnit)];
                    switch (drawUnitPanel(units->replay(), size_t(selectedUnit), state, float(fbWidth))) {
                    case UnitPanelAction::Close: selectedUnit = -1; break;
                    case UnitPanelAction::FlyTo:
                        startFlight(director, camera,
                                    cameraLookingAt({state.lat, state.lon, groundAt(state.lat, state.lon)}, 4000,
                                                    camera.headingDeg, -35, camera.fovDeg));
                        break;
                    case UnitPanelAction::FollowChase: startFollow(director, selectedUnit, FollowStyle::Chase, 3000); break;
                    case UnitPanelAction::FollowOverhead:
                        startFollow(director, selectedUnit, FollowStyle::Overhead, 6000);
                        break;
                    case UnitPanelAction::None: break;
                    }
                }
                if (timeline.jumped >= 0) { // an event chosen on the timeline: fly to its place
                    const TimelineEvent& e = timeline.events[size_t(timeline.jumped)];
                    startFlight(director, camera,
                                cameraLookingAt({e.lat, e.lon, groundAt(e.lat, e.lon)}, 25000, camera.headingDeg, -40,
                                                camera.fovDeg));
                }
            }
            if (std::optional<SearchHit> hit = drawSearchBox(searchBox, search, unitPosition, float(fbWidth)))
                flyToHit(*hit);
            { // before the shot editor: a key the annotation editor takes, the shot editor does not see
                const CameraView view = computeCameraView(camera, terrain.scene(), double(fbWidth) / fbHeight,
                                                          camera.position.alt - ground);
                const double scale = double(fbWidth) / std::max(1, winWidth(win)); // framebuffer pixels per window's
                annotationRequest = drawAnnotationEditor(
                    annotationEditor,
                    annotationEditorView(view, terrain.scene(), fbWidth, fbHeight, scale, groundAt, timeline.now),
                    float(fbHeight));
                if (annotationRequest.changed) // the map shows every edit at once
                    mapOverlays.setAnnotations(annotationsToDraw(annotationEditor), replay);
                if (annotationRequest.closeWindow) { // answered last: the shot's question came first
                    closeConfirmed = true;
                    glfwSetWindowShouldClose(win.handle, GLFW_TRUE);
                }
            }
            if (!editor.doc.path().empty()) {
                const bool previewing = director.mode == DirectorMode::Shot && director.shot == previewPath;
                if (previewing)
                    editor.playhead = director.shotTime;
                ShotEditorView view;
                view.camera = camera;
                view.campaignTime = timeline.now;
                view.replay = replay;
                if (editor.open && lastView)
                    view.centreGround = groundUnderPixel(*lastView, terrain.scene(), fbWidth, fbHeight, fbWidth / 2.0,
                                                         fbHeight / 2.0, groundAt);
                view.previewing = previewing;
                if (!options.replay.empty())
                    view.renderFlags.insert(view.renderFlags.end(), {"--replay", options.replay});
                if (!options.terrain.tiles.empty())
                    view.renderFlags.insert(view.renderFlags.end(), {"--tiles", options.terrain.tiles});
                view.renderFlags.insert(view.renderFlags.end(),
                                        {"--layers", layerListText(layers), "--pixel-error", std::to_string(options.terrain.pixelError), "--exaggeration",
                                         std::to_string(terrain.exaggeration())});
                view.previewPlaying = previewing && director.shotPlaying;
                const ShotEditorRequest request = drawShotEditor(editor, view, float(fbHeight), glfwGetTime());
                if (request.seek) {
                    editor.playhead = *request.seek;
                    previewPath = editor.path();
                    startShot(director, previewPath, *request.seek);
                    director.shotPlaying = request.play;
                } else if (request.play && previewing) {
                    director.shotPlaying = true;
                }
                if (request.pause)
                    director.shotPlaying = false;
                if (director.mode == DirectorMode::Shot && director.shot == previewPath && previewPath != editor.path())
                    director.shot = previewPath = editor.path(); // an edit shows at once
                if (request.closeWindow && annotationEditor.doc.dirty()) { // then the annotations' question
                    annotationEditor.closeRequested = true;
                } else if (request.closeWindow) { // answered: saved, or the edits thrown away
                    closeConfirmed = true;
                    glfwSetWindowShouldClose(win.handle, GLFW_TRUE);
                }
            }
            if (showHelp)
                drawHelp(float(fbWidth), float(fbHeight));
        }
        if (director.mode == DirectorMode::Shot && layers[Layer::Captions]) {
            // The film's captions while a shot plays or is scrubbed. Out of presenter mode the
            // status panel shows the date where the caption's would be (top left): not twice.
            const double t = director.shotTime;
            const std::optional<Time> date = presenter.active ? director.shot->campaignTimeAt(t) : std::nullopt;
            drawCaptionsOverlay(shotCaptions(director.shot->keys(), t, date, kDatasetCredit), float(fbWidth),
                                float(fbHeight));
        }
        // A click (not a drag) on the map picks the unit under the cursor.
        const ImGuiIO& io = ImGui::GetIO();
        bool clicked = false;
        if (!io.WantCaptureMouse && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            pressX = io.MousePos.x;
            pressY = io.MousePos.y;
        }
        if (!io.WantCaptureMouse && ImGui::IsMouseReleased(ImGuiMouseButton_Left))
            clicked = std::abs(io.MousePos.x - pressX) < 4 && std::abs(io.MousePos.y - pressY) < 4;
        bool doubleClicked = !io.WantCaptureMouse && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
        if (annotationRequest.ownsMapClicks) // they place and pick annotations' points
            clicked = doubleClicked = false;
        ImGui::Render();

        FrameInput frame = makeFrameInput(camera, terrain.scene(), time, fbWidth, fbHeight, ground);
        bool capture = !options.screenshot.empty() && framesDrawn + 1 == options.frames;
        if (capture) // a screenshot shows the terrain complete, as a still would
            terrain.settle(renderer, &frame, 60);
        else
            terrain.update(renderer, &frame);
        if (units && layers[Layer::Units]) {
            units->addMarks(&frame, unitDisplay, [&](double lat, double lon) { return terrain.heightAt(lat, lon); });
            if (clicked && !presenter.active) // in framebuffer pixels; the cursor is in window coordinates
                selectedUnit = units->pick(frame, pressX * fbWidth / std::max(1, winWidth(win)),
                                           pressY * fbHeight / std::max(1, winHeight(win)));
        }
        // After the units and the panels: names avoid both.
        mapOverlays.addToFrame(&frame, layers, groundAt, 1, options.terrain.pixelError, false,
                               panelBoxes(float(fbWidth) / std::max(1, winWidth(win))));
        if (editor.open && !presenter.active && !editor.doc.shot().keys.empty()) {
            const std::vector<LineSegment> path = shotPathLines(*editor.path(), terrain.scene(), editor.selected,
                                                                editor.playhead, resolveTarget, groundAt);
            frame.lines.insert(frame.lines.end(), path.begin(), path.end());
        }
        lastView = frame.camera;
        if (doubleClicked) { // fly to the point: half as far from it as we are now
            const double x = io.MousePos.x * fbWidth / std::max(1, winWidth(win));
            const double y = io.MousePos.y * fbHeight / std::max(1, winHeight(win));
            if (auto point = groundUnderPixel(frame.camera, terrain.scene(), fbWidth, fbHeight, x, y, groundAt)) {
                const double distance = greatCircleDistance(camera.position.lat, camera.position.lon, point->lat,
                                                            point->lon);
                const double range = std::clamp(0.5 * std::hypot(distance, camera.position.alt - point->alt), 300.0, 300e3);
                startFlight(director, camera,
                            cameraLookingAt(*point, range, camera.headingDeg, std::min(camera.pitchDeg, -20.0),
                                            camera.fovDeg));
            }
        }
        ImageRGBA8 image;
        if (!renderer.drawFrame(frame, ImGui::GetDrawData(), capture ? &image : nullptr))
            continue; // the swapchain was recreated; draw again
        ++framesDrawn;
        if (capture) {
            if (!writePng(options.screenshot, image, &error)) {
                std::fprintf(stderr, "%s: %s\n", command, error.c_str());
                status = kExitFailure;
                break;
            }
            std::printf("%s\n", options.screenshot.c_str());
            screenshotWritten = true;
        }
        if (options.frames && framesDrawn >= options.frames)
            break;
    }
    if (status == kExitOk && !options.screenshot.empty() && !screenshotWritten) {
        std::fprintf(stderr, "%s: the window closed after %d of %d frames; %s was not written\n", command, framesDrawn,
                     options.frames, options.screenshot.c_str());
        status = kExitFailure;
    }

    if (status == kExitOk && !allFrameTimes.empty())
        logInfo("%d frames, median frame time %.1f ms", framesDrawn,
                medianMs(std::deque<double>(allFrameTimes.begin(), allFrameTimes.end())));
    renderer.shutdown(); // waits for the GPU; destroys the surface
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    destroyDevice(device);
    glfwDestroyWindow(win.handle);
    glfwTerminate();
    if (validationMessageCount() > 0) {
        std::fprintf(stderr, "%s: %d Vulkan validation messages\n", command, validationMessageCount());
        return kExitValidation;
    }
    return status;
}

} // namespace

} // namespace kresy
