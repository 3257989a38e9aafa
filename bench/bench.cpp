#include "bench.h"

#include "app/commands.h"
#include "app/dataset.h"
#include "app/terrain_view.h"
#include "app/options.h"
#include "core/files.h"
#include "core/log.h"
#include "renderer/renderer.h"
#include "scene/frame.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <cstring>
#include <functional>

namespace kresy {

namespace {

struct Figure {
    std::string name, unit, baselineName;
    double value = 0, baseline = 0;
    std::string detail; // what was measured, e.g. the triangle count
};

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
}

double medianOfRuns(int runs, const std::function<double()>& run) {
    std::vector<double> samples;
    for (int i = 0; i < runs; ++i)
        samples.push_back(run());
    return median(samples);
}

// Milliseconds per frame over `frames` frames in flight, drained at the end.
double frameMs(Renderer& renderer, const FrameInput& frame, int frames) {
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < frames; ++i)
        renderer.drawFrame(frame, nullptr, nullptr);
    renderer.waitIdle();
    return secondsSince(start) * 1000 / frames;
}

void print(const std::vector<Figure>& figures, const std::string& device, int w, int h, int runs, int frames, bool json) {
    if (json) {
        std::printf("{\"device\":\"%s\",\"size\":[%d,%d],\"runs\":%d,\"frames\":%d,\"figures\":[", device.c_str(), w, h,
                    runs, frames);
        for (size_t i = 0; i < figures.size(); ++i) {
            const Figure& f = figures[i];
            std::printf("%s{\"name\":\"%s\",\"unit\":\"%s\",\"value\":%.4f,\"baseline\":\"%s\",\"baseline_value\":%.4f,"
                        "\"ratio\":%.3f,\"detail\":\"%s\"}",
                        i ? "," : "", f.name.c_str(), f.unit.c_str(), f.value, f.baselineName.c_str(), f.baseline,
                        f.value / f.baseline, f.detail.c_str());
        }
        std::printf("]}\n");
        return;
    }
    std::printf("kresy bench on %s, %dx%d, medians of %d runs (%d frames each)\n", device.c_str(), w, h, runs, frames);
    for (const Figure& f : figures)
        std::printf("  %-12s %9.2f %s  = %6.2fx %s (%.2f %s)%s%s\n", f.name.c_str(), f.value, f.unit.c_str(),
                    f.value / f.baseline, f.baselineName.c_str(), f.baseline, f.unit.c_str(), f.detail.empty() ? "" : "; ",
                    f.detail.c_str());
}

} // namespace

int runBench(const std::vector<std::string>& args) {
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
    const int runs = options.runs, frames = options.frames;

    std::string error;
    Device device;
    if (!createHeadlessDevice(&device, &error)) {
        std::fprintf(stderr, "kresy bench: %s\n", error.c_str());
        return kExitFailure;
    }
    setLogLevel(LogLevel::Warning); // the figures, not a log line per event
    std::vector<Figure> figures;
    TerrainView terrain;
    Renderer renderer;
    if (!terrain.open(TerrainViewOptions{}, &error) || !renderer.init(&device, shaderDirectory(), &error)) {
        std::fprintf(stderr, "kresy bench: %s\n", error.c_str());
        renderer.shutdown();
        destroyDevice(device);
        return kExitFailure;
    }

    // Decoding a tile against copying its decoded heights: what the PNG costs over the bytes.
    std::vector<std::vector<uint8_t>> pngs;
    std::unique_ptr<TileSource> source = openTileSource(defaultTileDirectory(), "", &error);
    TileRange range = tilesCovering({22.5, 52.5, 24.5, 54.0}, 10);
    for (int y = range.y0; y <= range.y1 && source && pngs.size() < 24; ++y)
        for (int x = range.x0; x <= range.x1 && pngs.size() < 24; ++x)
            if (FetchResult r = source->fetch({10, x, y}); r.status == FetchStatus::Ok)
                pngs.push_back(std::move(r.bytes));
    if (!pngs.empty()) {
        Figure decode{"tile decode", "ms", "memcpy of its heights"};
        HeightTile tile;
        decode.value = medianOfRuns(runs, [&] {
            auto start = std::chrono::steady_clock::now();
            for (const auto& png : pngs)
                decodeHeightTile(png, terrain.info().encoding, &tile, &error);
            return secondsSince(start) * 1000 / pngs.size();
        });
        std::vector<float> copy(tile.heights.size());
        decode.baseline = medianOfRuns(runs, [&] {
            auto start = std::chrono::steady_clock::now();
            for (size_t i = 0; i < pngs.size(); ++i) {
                std::memcpy(copy.data(), tile.heights.data(), copy.size() * sizeof(float));
                asm volatile("" : : "r"(copy.data()) : "memory"); // keep the copy
            }
            return secondsSince(start) * 1000 / pngs.size();
        });
        figures.push_back(decode);
    }

    FrameInput frame;
    settleFrame(terrain, renderer, defaultCamera(), defaultTime(), options.width, options.height, &frame);
    FrameInput sky = frame;
    sky.terrainNodes.clear();
    sky.terrainUploads.clear();
    frameMs(renderer, sky, 3); // first use: pipelines, images
    Figure draw{"frame", "ms", "sky-only frame"};
    draw.baseline = medianOfRuns(runs, [&] { return frameMs(renderer, sky, frames); });
    frameMs(renderer, frame, 3);
    draw.value = medianOfRuns(runs, [&] { return frameMs(renderer, frame, frames); });
    draw.detail = std::to_string(renderer.terrainStats().nodes) + " nodes, " +
                  std::to_string(renderer.terrainStats().triangles) + " triangles";
    figures.push_back(draw);

    print(figures, device.properties.deviceName, options.width, options.height, runs, frames, options.json);
    renderer.shutdown();
    destroyDevice(device);
    return kExitOk;
}

} // namespace kresy
