#include "bench.h"

#include "app/commands.h"
#include "app/dataset.h"
#include "app/options.h"
#include "core/files.h"
#include "core/log.h"
#include "renderer/renderer.h"
#include "scene/frame.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>

namespace kresy {

namespace {

struct Figure {
    std::string name, unit, baselineName;
    double value = 0, baseline = 0;
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

double readAllBytes(const std::string& dir) {
    auto start = std::chrono::steady_clock::now();
    size_t total = 0;
    std::vector<uint8_t> bytes;
    std::string error;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
        if (entry.is_regular_file() && readFile(entry.path().string(), &bytes, &error))
            total += bytes.size();
    double seconds = secondsSince(start);
    return total ? seconds : 0;
}

void print(const std::vector<Figure>& figures, const std::string& device, int w, int h, int runs, int frames, bool json) {
    if (json) {
        std::printf("{\"device\":\"%s\",\"size\":[%d,%d],\"runs\":%d,\"frames\":%d,\"figures\":[", device.c_str(), w, h,
                    runs, frames);
        for (size_t i = 0; i < figures.size(); ++i) {
            const Figure& f = figures[i];
            std::printf("%s{\"name\":\"%s\",\"unit\":\"%s\",\"value\":%.4f,\"baseline\":\"%s\",\"baseline_value\":%.4f,"
                        "\"ratio\":%.3f}",
                        i ? "," : "", f.name.c_str(), f.unit.c_str(), f.value, f.baselineName.c_str(), f.baseline,
                        f.value / f.baseline);
        }
        std::printf("]}\n");
        return;
    }
    std::printf("kresy bench on %s, %dx%d, medians of %d runs (%d frames each)\n", device.c_str(), w, h, runs, frames);
    for (const Figure& f : figures)
        std::printf("  %-16s %9.2f %s  = %6.2fx %s (%.2f %s)\n", f.name.c_str(), f.value, f.unit.c_str(),
                    f.value / f.baseline, f.baselineName.c_str(), f.baseline, f.unit.c_str());
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
    setLogLevel(LogLevel::Warning); // the figures, not a log line per repeated load
    std::vector<Figure> figures;
    std::string dataDir = dataDirectory();
    Dataset dataset;
    if (!loadDataset(dataDir, &dataset, &error)) { // also warms the page cache for both runs below
        std::fprintf(stderr, "kresy bench: %s\n", error.c_str());
        destroyDevice(device);
        return kExitFailure;
    }
    Figure load{"dataset", "s", "reading its bytes"};
    load.value = medianOfRuns(runs, [&] {
        auto start = std::chrono::steady_clock::now();
        Dataset d;
        loadDataset(dataDir, &d, &error);
        return secondsSince(start);
    });
    load.baseline = medianOfRuns(runs, [&] { return readAllBytes(dataDir); });
    figures.push_back(load);

    Renderer renderer;
    if (!renderer.init(&device, shaderDirectory(), &error)) {
        std::fprintf(stderr, "kresy bench: %s\n", error.c_str());
        renderer.shutdown();
        destroyDevice(device);
        return kExitFailure;
    }
    Camera camera = defaultCamera();
    double ground = sampleHeightmap(dataset.heightmap, camera.position.lat, camera.position.lon);
    FrameInput frame = makeFrameInput(camera, dataset.scene, defaultTime(), options.width, options.height, ground);
    frameMs(renderer, frame, 3); // first use: pipelines, images
    Figure draw{"frame", "ms", "sky-only frame"};
    draw.baseline = medianOfRuns(runs, [&] { return frameMs(renderer, frame, frames); });
    renderer.setTerrain(dataset.mesh, dataset.surface);
    frameMs(renderer, frame, 3);
    draw.value = medianOfRuns(runs, [&] { return frameMs(renderer, frame, frames); });
    figures.push_back(draw);

    print(figures, device.properties.deviceName, options.width, options.height, runs, frames, options.json);
    renderer.shutdown();
    destroyDevice(device);
    return kExitOk;
}

} // namespace kresy
