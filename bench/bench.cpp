#include "bench.h"
#include "bench_common.h"

#include "app/commands.h"
#include "app/dataset.h"
#include "app/options.h"
#include "app/terrain_view.h"
#include "core/log.h"
#include "renderer/renderer.h"
#include "scene/frame.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <thread>

namespace kresy {

namespace {

// The flight: from 300 km over eastern Poland down the Neman to 1 km over Grodno, altitude
// falling geometrically so each frame covers the same share of the descent.
Camera pathCamera(double t) {
    Camera c;
    double alt = 300000.0 * std::pow(1000.0 / 300000.0, t);
    c.position = {51.0 + (53.62 - 51.0) * t, 23.5 + (23.80 - 23.5) * t, alt};
    c.headingDeg = 10 + 20 * t;
    c.pitchDeg = -55 + 43 * t;
    return c;
}

} // namespace

int runBench(const std::vector<std::string>& allArgs) {
    std::vector<std::string> args = allArgs;
    std::string which = "all";
    if (!args.empty() && (args[0] == "terrain" || args[0] == "units" || args[0] == "overlays" || args[0] == "export" ||
                          args[0] == "soak")) {
        which = args[0];
        args.erase(args.begin());
    }
    BenchOptions options;
    ParseResult parsed = parseBenchOptions(args, &options);
    if (!parsed.ok) {
        std::fprintf(stderr, "kresy bench: %s (see kresy bench --help)\n", parsed.error.c_str());
        return kExitUsage;
    }
    if (parsed.help) {
        std::fputs(kBenchUsage, stdout);
        return kExitOk;
    }
    int status = kExitOk;
    if (which == "all" || which == "terrain")
        status = runTerrainBench(options);
    if (status == kExitOk && (which == "all" || which == "units"))
        status = runUnitsBench(options);
    if (status == kExitOk && (which == "all" || which == "overlays"))
        status = runOverlaysBench(options);
    if (status == kExitOk && (which == "all" || which == "export"))
        status = runExportBench(options);
    if (which == "soak") // ten minutes: only when named
        status = runSoakBench(options);
    return status;
}

bool startBench(const BenchOptions& options, TerrainView* terrain, Device* device, Renderer* renderer) {
    std::string error;
    TerrainFlags flags;
    flags.tiles = options.tiles;
    flags.cacheMegabytes = options.cacheMegabytes;
    bool ok = terrain->open(terrainViewOptions(flags), &error) && createHeadlessDevice(device, &error);
    if (ok && !renderer->init(device, shaderDirectory(), &error)) {
        renderer->shutdown();
        destroyDevice(*device);
        ok = false;
    }
    if (!ok) {
        std::fprintf(stderr, "kresy bench: %s\n", error.c_str());
        return false;
    }
    setLogLevel(LogLevel::Warning);
    return true;
}

int runTerrainBench(const BenchOptions& options) {
    const int w = options.width, h = options.height;

    TerrainView terrain;
    Device device;
    Renderer renderer;
    if (!startBench(options, &terrain, &device, &renderer))
        return kExitFailure;
    std::vector<Figure> figures;
    ImageRGBA8 pixels;

    // Baseline: an empty frame, cleared and read back.
    FrameInput empty = makeFrameInput(pathCamera(0), terrain.scene(), defaultTime(), w, h, 0);
    empty.drawSky = false;
    for (int i = 0; i < 3; ++i)
        renderer.drawFrame(empty, nullptr, &pixels);
    std::vector<double> emptyMs;
    for (int i = 0; i < 30; ++i) {
        auto start = Clock::now();
        renderer.drawFrame(empty, nullptr, &pixels);
        emptyMs.push_back(secondsSince(start) * 1000);
    }
    double emptyP50 = percentile(emptyMs, 0.5);

    // The flight, from a cold start: tiles stream in while it flies; a frame never waits.
    std::vector<double> frameMs, triangles;
    int waitingFrames = 0;
    double waited = terrain.streamer().renderWaitSeconds();
    for (int i = 0; i < options.frames; ++i) {
        Camera camera = pathCamera(double(i) / (options.frames - 1));
        auto start = Clock::now();
        double ground = terrain.heightAt(camera.position.lat, camera.position.lon);
        camera.position.alt = std::max(camera.position.alt, ground + 50);
        FrameInput frame = makeFrameInput(camera, terrain.scene(), defaultTime(), w, h, ground);
        terrain.update(renderer, &frame);
        renderer.drawFrame(frame, nullptr, &pixels);
        frameMs.push_back(secondsSince(start) * 1000);
        triangles.push_back(renderer.terrainStats().triangles);
        double nowWaited = terrain.streamer().renderWaitSeconds();
        waitingFrames += nowWaited - waited > 0.001; // blocked a millisecond on the streamer
        waited = nowWaited;
        waitForRefresh(start);
    }
    double p50 = percentile(frameMs, 0.5), p99 = percentile(frameMs, 0.99);
    figures.push_back({"frame p50", "ms", p50, "empty frame", emptyP50,
                       std::to_string(options.frames) + " frames from 300 km to 1 km over Grodno"});
    figures.push_back({"frame p99", "ms", p99, "empty frame", emptyP50, ""});
    figures.push_back({"frame p99 / p50", "", p99 / p50, "", 0, "target <= 2 while streaming"});
    double medianTriangles = percentile(triangles, 0.5);
    figures.push_back({"triangles per frame", "", medianTriangles, "", 0, "median"});
    figures.push_back({"pixels per triangle", "", double(w) * h / std::max(medianTriangles, 1.0), "", 0, ""});
    figures.push_back({"frames waiting on tiles", "", double(waitingFrames), "", 0,
                       "frames whose render thread blocked > 1 ms on the streamer; target 0"});

    // Decoding: per worker thread, and against copying the decoded heights.
    TileStreamerStats s = terrain.streamer().stats();
    if (s.decoded > 0) {
        double perTile = s.decodeSeconds / s.decoded;
        std::vector<float> from(size_t(256) * 256, 1.0f), to(from.size());
        double copy = medianOfRuns(options.runs, [&] {
            auto start = Clock::now();
            for (int i = 0; i < 100; ++i) {
                std::memcpy(to.data(), from.data(), to.size() * sizeof(float));
                asm volatile("" : : "r"(to.data()) : "memory"); // keep the copy
            }
            return secondsSince(start) / 100;
        });
        figures.push_back({"tile decode", "ms", perTile * 1000, "memcpy of its heights", copy * 1000,
                           std::to_string(s.decoded) + " tiles"});
        figures.push_back({"tiles decoded per second", "per thread", 1.0 / perTile, "", 0, ""});
    }

    // A camera cut to Szack: frames (and seconds) until everything the view wants is drawn.
    Camera cut;
    cut.position = {51.49, 23.93, 3000};
    cut.headingDeg = 120;
    cut.pitchDeg = -20;
    auto start = Clock::now();
    int frames = 0;
    for (bool settled = false; !settled && frames < 2000; ++frames) {
        auto frameStart = Clock::now();
        FrameInput frame = makeFrameInput(cut, terrain.scene(), defaultTime(), w, h, terrain.heightAt(51.49, 23.93));
        terrain.update(renderer, &frame);
        settled = terrain.selection().requests.empty() && frame.terrainUploads.empty();
        renderer.drawFrame(frame, nullptr, &pixels);
        waitForRefresh(frameStart);
    }
    double settleSeconds = secondsSince(start);
    figures.push_back({"settle after a cut", "frames", double(frames), "", 0, ""});
    figures.push_back({"settle after a cut", "s", settleSeconds, "p50 frame", p50 / 1000, ""});

    // The settled view held still: drawing alone, nothing to load, upload or build.
    FrameInput held = makeFrameInput(cut, terrain.scene(), defaultTime(), w, h, terrain.heightAt(51.49, 23.93));
    terrain.update(renderer, &held);
    std::vector<double> heldMs;
    for (int i = 0; i < 30; ++i) {
        auto t0 = Clock::now();
        renderer.drawFrame(held, nullptr, &pixels);
        heldMs.push_back(secondsSince(t0) * 1000);
    }
    figures.push_back({"frame, view held", "ms", percentile(heldMs, 0.5), "empty frame", emptyP50,
                       std::to_string(renderer.terrainStats().triangles) + " triangles at Szack"});

    printFigures("terrain", figures, device.properties.deviceName, w, h, options.json);
    renderer.shutdown();
    destroyDevice(device);
    return kExitOk;
}

} // namespace kresy
