// kresy bench export: how fast a shot renders offline (kresy render's own pipeline), and what a
// whole export to H.264 costs against ffmpeg encoding the same frames alone.

#include "app/commands.h"
#include "app/options.h"
#include "app/shot_render.h"
#include "app/units_layer.h"
#include "app/dataset.h"
#include "bench.h"
#include "bench_common.h"
#include "core/image.h"
#include "export/frame_sink.h"

#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace kresy {

namespace {

constexpr int kFrames = 30;

// Feeds `frames` to ffmpeg (H.264, crf 18, preset medium, as kresy render does) and returns the
// seconds from opening the pipe to the finished file; -1 on failure.
double encode(const std::vector<ImageRGBA8>& frames, const SinkOptions& options, const std::string& path,
              std::string* error) {
    OutputSpec spec;
    if (!parseOutputPath(path, &spec, error))
        return -1;
    auto start = Clock::now();
    std::unique_ptr<FrameSink> sink = openFrameSink(spec, options, error);
    if (!sink)
        return -1;
    for (size_t i = 0; i < frames.size(); ++i)
        if (!sink->write(int(i), frames[i], error))
            return -1;
    if (!sink->finish(error))
        return -1;
    return secondsSince(start);
}

} // namespace

int runExportBench(const BenchOptions& options) {
    std::string error;
    auto fail = [&] {
        std::fprintf(stderr, "kresy bench: %s\n", error.c_str());
        return kExitFailure;
    };
    std::shared_ptr<UnitsView> units;
    Shot shot;
    if (!openUnits("", &units, &error) || !openShot(dataDirectory() + "/shots/grodno.json", &units->replay(), &shot, &error))
        return fail();
    RenderOptions render;
    render.width = options.width;
    render.height = options.height;
    render.terrain.tiles = options.tiles;
    ShotRenderer renderer;
    if (!renderer.open(render, shot, units, &error))
        return fail();
    // The last second of the Grodno shot: the town from 800 m, units on their models.
    const int last = renderer.frameCount() - 1, first = last - kFrames + 1;
    const std::string dir = std::filesystem::temp_directory_path() / ("kresy-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    SinkOptions sinkOptions;
    sinkOptions.width = options.width;
    sinkOptions.height = options.height;
    std::vector<Figure> figures;

    // Rendering alone: each frame settled, drawn 2x2 supersampled and resolved, kept in memory.
    // A first pass loads the tiles; the second is timed.
    LinearAccumulator frame(options.width, options.height);
    std::vector<ImageRGBA8> frames;
    for (int f = first; f <= last; ++f)
        if (!renderer.render(f, &frame, &error))
            return fail();
    std::vector<double> renderMs, resolveMs;
    for (int f = first; f <= last; ++f) {
        auto start = Clock::now();
        if (!renderer.render(f, &frame, &error))
            return fail();
        auto resolveStart = Clock::now();
        frames.push_back(frame.resolve8());
        resolveMs.push_back(secondsSince(resolveStart) * 1000);
        renderMs.push_back(secondsSince(start) * 1000);
    }
    // Baseline for the resolve: copying the supersampled picture once.
    std::vector<uint8_t> from(size_t(options.width) * options.height * 16, 1), to(from.size());
    const double copyMs = medianOfRuns(options.runs, [&] {
        auto start = Clock::now();
        std::memcpy(to.data(), from.data(), to.size());
        asm volatile("" : : "r"(to.data()) : "memory");
        return secondsSince(start) * 1000;
    });

    // ffmpeg alone on the same frames, then the whole export (render, resolve, encode) as
    // kresy render runs it; medians of options.runs encodes.
    const double encodeSeconds = medianOfRuns(options.runs, [&] {
        return encode(frames, sinkOptions, dir + "/encode.mp4", &error);
    });
    if (encodeSeconds < 0)
        return fail();
    OutputSpec spec;
    parseOutputPath(dir + "/export.mp4", &spec, &error);
    auto start = Clock::now();
    std::unique_ptr<FrameSink> sink = openFrameSink(spec, sinkOptions, &error);
    if (!sink)
        return fail();
    for (int f = first; f <= last; ++f)
        if (!renderer.render(f, &frame, &error) || !sink->write(f - first, frame.resolve8(), &error))
            return fail();
    if (!sink->finish(&error))
        return fail();
    const double exportSeconds = secondsSince(start);
    std::filesystem::remove_all(dir);

    const double renderP50 = percentile(renderMs, 0.5);
    const double encodeFps = kFrames / encodeSeconds, exportFps = kFrames / exportSeconds;
    figures.push_back({"render frame p50", "ms", renderP50, "", 0,
                       std::to_string(kFrames) + " frames of grodno.json, 2x2 supersampled, terrain settled"});
    figures.push_back({"render", "fps", 1000 / renderP50, "", 0, ""});
    figures.push_back({"resolve 2x2 in linear light", "ms", percentile(resolveMs, 0.5), "memcpy of the samples", copyMs,
                       ""});
    figures.push_back({"export end to end", "fps", exportFps, "ffmpeg encode only", encodeFps,
                       "H.264 crf 18 medium; target >= 0.5x on a GPU"});
    printFigures("export", figures, renderer.deviceName(), options.width, options.height, options.json);
    return kExitOk;
}

} // namespace kresy
