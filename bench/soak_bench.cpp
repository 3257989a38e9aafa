// kresy bench soak: a long scripted flythrough that streams all the while, as a lecture does:
// resident memory against the tile cache's budget, its growth once the cache is full, frames that
// waited on loading, the worst frame, and what the server did wrong. scripts/soak.sh runs it
// against a flaky tile server on 127.0.0.1.

#include "bench.h"
#include "bench_common.h"

#include "app/commands.h"
#include "app/dataset.h"
#include "app/options.h"
#include "app/terrain_view.h"
#include "renderer/renderer.h"
#include "renderer/terrain_pass.h"
#include "terrain/node_mesh.h"
#include "scene/frame.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <malloc.h>
#include <unistd.h>

namespace kresy {

namespace {

// Resident memory in MB (/proc/self/statm: pages).
double residentMegabytes() {
    std::ifstream statm("/proc/self/statm");
    long size = 0, resident = 0;
    statm >> size >> resident;
    return double(resident) * double(::sysconf(_SC_PAGESIZE)) / (1 << 20);
}

// The C heap: bytes the program holds (arenas and mmapped blocks), and bytes freed but kept by
// the allocator in its arenas, in MB. On lavapipe the GPU's memory is allocated from it too.
struct HeapFigures {
    double inUse = 0, keptFree = 0;
};

HeapFigures heapMegabytes() {
    const struct mallinfo2 m = ::mallinfo2();
    return {double(m.uordblks + m.hblkhd) / (1 << 20), double(m.fordblks) / (1 << 20)};
}

// The loop, two minutes long: down from 300 km to 1 km over Grodno, round the town at 3 km,
// cuts to Szack and to Lwów, and back up. Each pass asks for other tiles than the last, so a
// cache smaller than the loop's tiles keeps evicting and fetching again.
Camera soakCamera(double seconds) {
    const double t = std::fmod(seconds, 120.0);
    auto descent = [](double s) { // s: 0 at 300 km, 1 at 1 km over Grodno
        Camera c;
        c.position = {51.0 + (53.62 - 51.0) * s, 23.5 + (23.80 - 23.5) * s, 300000.0 * std::pow(1000.0 / 300000.0, s)};
        c.headingDeg = 10 + 20 * s;
        c.pitchDeg = -55 + 43 * s;
        return c;
    };
    if (t < 40)
        return descent(t / 40);
    Camera c;
    if (t < 60) { // round Grodno
        const double a = (t - 40) / 20 * 2 * M_PI;
        c.position = {53.68 - 0.06 * std::cos(a), 23.83 - 0.1 * std::sin(a), 3000};
        c.headingDeg = std::fmod(360 + a * 180 / M_PI, 360);
        c.pitchDeg = -25;
        return c;
    }
    if (t < 70) { // Szack, panning
        c.position = {51.49, 23.93, 3000};
        c.headingDeg = 120 + (t - 60) * 6;
        c.pitchDeg = -20;
        return c;
    }
    if (t < 80) { // Lwów, from 6 km
        c.position = {49.78, 24.00, 6000};
        c.headingDeg = 10 + (t - 70) * 3;
        c.pitchDeg = -30;
        return c;
    }
    return descent(1 - (t - 80) / 40);
}

} // namespace

int runSoakBench(const BenchOptions& options) {
    const int w = options.width, h = options.height;
    const double startMb = residentMegabytes(); // before the device, the terrain and any tile
    TerrainView terrain;
    Device device;
    Renderer renderer;
    if (!startBench(options, &terrain, &device, &renderer))
        return kExitFailure;
    ImageRGBA8 pixels;
    const double readyMb = residentMegabytes(); // the device, the renderer, the coarsest tiles

    std::vector<double> frameMs;
    std::vector<double> minutePeaks; // the largest resident memory of each minute
    double peakMb = 0;
    HeapFigures heapAtPeak;
    int waitingFrames = 0;
    double waited = terrain.streamer().renderWaitSeconds();
    const auto start = Clock::now();
    const double seconds = options.minutes * 60;
    for (double now = 0; now < seconds; now = secondsSince(start)) {
        Camera camera = soakCamera(now);
        const auto frameStart = Clock::now();
        const double ground = terrain.heightAt(camera.position.lat, camera.position.lon);
        camera.position.alt = std::max(camera.position.alt, ground + 50);
        FrameInput frame = makeFrameInput(camera, terrain.scene(), defaultTime(), w, h, ground);
        terrain.update(renderer, &frame);
        renderer.drawFrame(frame, nullptr, &pixels);
        frameMs.push_back(secondsSince(frameStart) * 1000);
        const double nowWaited = terrain.streamer().renderWaitSeconds();
        waitingFrames += nowWaited - waited > 0.001; // blocked a millisecond on the streamer
        waited = nowWaited;
        const size_t minute = size_t(now / 60);
        if (minutePeaks.size() <= minute)
            minutePeaks.resize(minute + 1, 0);
        if (frameMs.size() % 30 == 0) {
            const double mb = residentMegabytes();
            minutePeaks[minute] = std::max(minutePeaks[minute], mb);
            if (mb > peakMb) {
                peakMb = mb;
                heapAtPeak = heapMegabytes();
            }
        }
        waitForRefresh(frameStart);
    }
    if (const double endMb = residentMegabytes(); endMb > peakMb) {
        peakMb = endMb;
        heapAtPeak = heapMegabytes();
    }
    // Growth once the cache has filled: the last minute's peak against the second's.
    const double secondMinute = minutePeaks.size() > 1 ? minutePeaks[1] : minutePeaks.front();
    const double p50 = percentile(frameMs, 0.5);
    const TileStreamerStats s = terrain.streamer().stats();

    std::vector<Figure> figures;
    const double budget = options.cacheMegabytes;
    // The renderer's fixed pools, filled as the flight goes (on lavapipe the GPU's memory is the
    // process's): the tile surfaces' texture array and the node meshes' vertex buffer.
    const double pools = (double(kSurfaceLayers) * kSurfaceSize * kSurfaceSize * 4 +
                          double(kNodeSlots) * nodeVertexCount(16) * sizeof(NodeVertex)) / (1 << 20);
    figures.push_back({"resident memory, ready", "MB", readyMb, "", 0,
                       "the device, the renderer and the coarsest tiles; " + std::to_string(int(startMb)) +
                           " MB at start"});
    figures.push_back({"resident memory, peak", "MB", peakMb, "ready + budget + pools", readyMb + budget + pools,
                       "the tile cache's " + std::to_string(int(budget)) + " MB and the renderer's " +
                           std::to_string(int(pools)) + " MB of pools"});
    figures.push_back({"heap in use at peak", "MB", heapAtPeak.inUse, "", 0,
                       "C heap, the driver's buffers and images included"});
    figures.push_back({"heap kept free at peak", "MB", heapAtPeak.keptFree, "", 0,
                       "freed, not given back to the system"});
    figures.push_back({"memory growth", "MB", minutePeaks.back() - secondMinute, "", 0,
                       "the last minute's peak less the second minute's (" + std::to_string(int(secondMinute)) +
                           " MB); target ~0"});
    figures.push_back({"frames waiting on tiles", "", double(waitingFrames), "", 0,
                       "of " + std::to_string(frameMs.size()) + "; target 0"});
    figures.push_back({"frame p50", "ms", p50, "", 0, ""});
    figures.push_back({"frame p99", "ms", percentile(frameMs, 0.99), "frame p50", p50, ""});
    figures.push_back({"worst frame", "ms", percentile(frameMs, 1.0), "frame p50", p50, ""});
    figures.push_back({"tiles fetched", "", double(s.fetched), "", 0,
                       std::to_string(s.decoded) + " decoded, " + std::to_string(s.evicted) + " evicted"});
    figures.push_back({"tiles failed", "", double(s.failed), "", 0,
                       "the server's drops, stalls, 503s, corrupt and truncated bodies (retried later)"});
    printFigures("soak", figures, device.properties.deviceName, w, h, options.json);
    renderer.shutdown();
    destroyDevice(device);
    return kExitOk;
}

} // namespace kresy
