// kresy view: the interactive window.

#include "commands.h"
#include "core/log.h"
#include "dataset.h"
#include "options.h"
#include "overlay.h"
#include "timeline.h"
#include "unit_panel.h"
#include "units_layer.h"
#include "renderer/renderer.h"
#include "scene/camera_controller.h"
#include "scene/frame.h"
#include "terrain_view.h"

#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <vector>

namespace kresy {

namespace {

struct Window {
    GLFWwindow* handle = nullptr;
    double lastX = 0, lastY = 0;
    double scroll = 0;
    bool resized = false;
};

void onScroll(GLFWwindow* w, double, double dy) {
    static_cast<Window*>(glfwGetWindowUserPointer(w))->scroll += dy;
}

void onFramebufferSize(GLFWwindow* w, int, int) { static_cast<Window*>(glfwGetWindowUserPointer(w))->resized = true; }

double key(GLFWwindow* w, int positive, int negative) {
    return (glfwGetKey(w, positive) == GLFW_PRESS ? 1.0 : 0.0) - (glfwGetKey(w, negative) == GLFW_PRESS ? 1.0 : 0.0);
}

// Keyboard and mouse to camera input; nothing reaches the camera while ImGui uses the input.
CameraInput readInput(Window& win, double dt) {
    CameraInput in;
    in.dt = dt;
    double x, y;
    glfwGetCursorPos(win.handle, &x, &y);
    ImGuiIO& io = ImGui::GetIO();
    if (!io.WantCaptureMouse && glfwGetMouseButton(win.handle, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS) {
        in.lookDx = x - win.lastX;
        in.lookDy = y - win.lastY;
    }
    win.lastX = x;
    win.lastY = y;
    if (!io.WantCaptureMouse)
        in.zoom = win.scroll;
    win.scroll = 0;
    if (!io.WantCaptureKeyboard) {
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
    std::string error;
    if (!options.screenshot.empty() && !checkOutputPath(options.screenshot, &error)) {
        std::fprintf(stderr, "kresy view: %s\n", error.c_str());
        return kExitFailure;
    }
    std::shared_ptr<UnitsView> units;
    if (!openUnits(options.replay, &units, &error)) {
        std::fprintf(stderr, "kresy view: %s\n", error.c_str());
        return kExitFailure;
    }
    TerrainView terrain;
    if (!terrain.open(terrainViewOptions(options.terrain), &error)) {
        std::fprintf(stderr, "kresy view: %s\n", error.c_str());
        return kExitFailure;
    }
    if (!glfwInit()) {
        const char* why = nullptr;
        glfwGetError(&why);
        std::fprintf(stderr, "kresy view: cannot open a window (%s); 'kresy still' renders without one\n",
                     why ? why : "no display");
        return kExitFailure;
    }
    glfwSetErrorCallback(onGlfwError); // from here on a GLFW error is worth a log line
    if (!glfwVulkanSupported()) {
        std::fprintf(stderr, "kresy view: GLFW found no Vulkan loader; install libvulkan1 and mesa-vulkan-drivers\n");
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
        std::fprintf(stderr, "kresy view: %s\n", error.c_str());
        glfwTerminate();
        return kExitFailure;
    }

    Window win;
    VkSurfaceKHR surface = VK_NULL_HANDLE;
    auto fail = [&](const std::string& message) {
        std::fprintf(stderr, "kresy view: %s\n", message.c_str());
        if (surface)
            vkDestroySurfaceKHR(device.instance, surface, nullptr);
        destroyDevice(device);
        glfwTerminate(); // also destroys the window
        return kExitFailure;
    };
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
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
    { // fonts[0] for panels, fonts[1] for the date on screen
        ImFontConfig big;
        big.SizePixels = 26;
        ImGui::GetIO().Fonts->AddFontDefault();
        ImGui::GetIO().Fonts->AddFontDefault(&big);
    }
    ImGui_ImplGlfw_InitForVulkan(win.handle, true); // after our callbacks: it chains to them
    renderer.enableImGui();

    Camera camera = options.camera;
    Timeline timeline = units ? makeTimeline(units->replay(), options.time) : Timeline{};
    if (!units)
        timeline.now = options.time;
    int selectedUnit = -1;
    UnitDisplay unitDisplay;
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

        if (!ImGui::GetIO().WantCaptureKeyboard) {
            if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT_BRACKET))
                timeline.now += 3600;
            if (ImGui::IsKeyPressed(GLFW_KEY_LEFT_BRACKET))
                timeline.now -= 3600;
            if (units)
                handleTimelineKeys(timeline);
        }
        advanceTimeline(timeline, dt);
        const Time time = timeline.now;
        double ground = terrain.heightAt(camera.position.lat, camera.position.lon);
        updateFreeCamera(camera, readInput(win, dt), ground);

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
        if (OverlayChanges changed = drawOverlay(overlay, units ? &unitDisplay : nullptr); changed.exaggeration)
            terrain.setExaggeration(changed.newExaggeration);
        if (units) {
            drawTimeline(timeline, float(fbWidth), float(fbHeight));
            if (selectedUnit >= 0 && !drawUnitPanel(units->replay(), size_t(selectedUnit),
                                                    units->states()[size_t(selectedUnit)], float(fbWidth)))
                selectedUnit = -1;
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
        ImGui::Render();

        FrameInput frame = makeFrameInput(camera, terrain.scene(), time, fbWidth, fbHeight, ground);
        bool capture = !options.screenshot.empty() && framesDrawn + 1 == options.frames;
        if (capture) // a screenshot shows the terrain complete, as a still would
            terrain.settle(renderer, &frame, 60);
        else
            terrain.update(renderer, &frame);
        if (units) {
            units->addMarks(&frame, unitDisplay, [&](double lat, double lon) { return terrain.heightAt(lat, lon); });
            if (clicked) // in framebuffer pixels; the cursor is in window coordinates
                selectedUnit = units->pick(frame, pressX * fbWidth / std::max(1, winWidth(win)),
                                           pressY * fbHeight / std::max(1, winHeight(win)));
        }
        ImageRGBA8 image;
        if (!renderer.drawFrame(frame, ImGui::GetDrawData(), capture ? &image : nullptr))
            continue; // the swapchain was recreated; draw again
        ++framesDrawn;
        if (capture) {
            if (!writePng(options.screenshot, image, &error)) {
                std::fprintf(stderr, "kresy view: %s\n", error.c_str());
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
        std::fprintf(stderr, "kresy view: the window closed after %d of %d frames; %s was not written\n", framesDrawn,
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
        std::fprintf(stderr, "kresy view: %d Vulkan validation messages\n", validationMessageCount());
        return kExitValidation;
    }
    return status;
}

} // namespace kresy
