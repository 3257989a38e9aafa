// kresy render: a shot, frame by frame, headless (shot_render.h), to a PNG sequence or a video,
// and its camera for compositing: the options, resuming, the sink, progress and interruption.

#include "commands.h"
#include "core/log.h"
#include "dataset.h"
#include "export/camera_export.h"
#include "export/frame_sink.h"
#include "export/progress.h"
#include "options.h"
#include "core/files.h"
#include "shot_render.h"
#include "scene/camera_path.h"
#include "scene/frame.h"
#include "terrain_view.h"
#include "units_layer.h"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <set>

namespace kresy {

namespace {

// An interrupted render stops between frames: the frame in hand is finished or dropped whole.
volatile std::sig_atomic_t gInterrupted = 0;
void onInterrupt(int) { gInterrupted = 1; }

void printJsonProgress(const ProgressNumbers& n, int frame) {
    std::printf("{\"frame\": %d, \"done\": %d, \"total\": %d, \"fps\": %.3f, \"secondsLeft\": %.1f}\n", frame, n.done,
                n.total, n.fps, n.secondsLeft);
    std::fflush(stdout);
}

} // namespace

int runRender(const std::vector<std::string>& args) {
    RenderOptions options;
    ParseResult parsed = parseRenderOptions(args, &options);
    if (!parsed.ok) {
        std::fprintf(stderr, "kresy render: %s (see kresy render --help)\n", parsed.error.c_str());
        return kExitUsage;
    }
    if (parsed.help) {
        std::fputs(kRenderUsage, stdout);
        return kExitOk;
    }
    auto fail = [](const std::string& message) {
        std::fprintf(stderr, "kresy render: %s\n", message.c_str());
        return kExitFailure;
    };

    // Everything that can fail fast does so before a tile is read.
    std::string error;
    std::shared_ptr<UnitsView> units;
    if (!openUnits(options.replay, &units, &error))
        return fail(error);
    Shot shot;
    if (!openShot(options.shot, units ? &units->replay() : nullptr, &shot, &error))
        return fail(error);
    const CameraPath path(shot);
    const int frameCount = std::max(1, int(std::lround(path.duration() * options.fps.value())));
    const int first = options.firstFrame, last = options.lastFrame < 0 ? frameCount - 1 : options.lastFrame;
    if (last >= frameCount || first >= frameCount) {
        char range[160];
        std::snprintf(range, sizeof range, "--frames %d-%d: the shot has %d frames (0-%d) at %g fps", first, last,
                      frameCount, frameCount - 1, options.fps.value());
        std::fprintf(stderr, "kresy render: %s (see kresy render --help)\n", range);
        return kExitUsage;
    }
    OutputSpec spec;
    std::unique_ptr<FrameSink> sink;
    std::set<int> done; // frames a PNG sequence already holds: an interrupted render resumes
    if (!options.out.empty()) {
        parseOutputPath(options.out, &spec, &error); // checked with the options
        if (spec.kind == OutputSpec::Kind::PngSequence)
            for (int f : completeFrames(spec, first, last, options.width, options.height, options.pngBits))
                done.insert(f);
        SinkOptions sinkOptions;
        sinkOptions.width = options.width;
        sinkOptions.height = options.height;
        sinkOptions.fps = options.fps;
        sinkOptions.pngBits = options.pngBits;
        sinkOptions.crf = options.crf;
        sinkOptions.preset = options.preset;
        sinkOptions.codec = options.codec;
        if (int(done.size()) < last - first + 1 && !(sink = openFrameSink(spec, sinkOptions, &error)))
            return fail(error);
    }
    ShotRenderer renderer;
    int status = kExitOk;
    if (!renderer.open(options, shot, units, &error))
        status = fail(error);
    if (status == kExitOk && !options.cameraExport.empty()) {
        const std::string text =
            writeCameraExport(renderer.cameraExport(first, last), *cameraExportFormatForPath(options.cameraExport));
        if (writeFileAtomic(options.cameraExport, text, &error))
            logInfo("camera for frames %d-%d written to %s", first, last, options.cameraExport.c_str());
        else
            status = fail(error);
    }
    if (status == kExitOk && !options.out.empty() && !sink)
        logInfo("frames %d-%d are all in %s already", first, last, options.out.c_str());
    if (status == kExitOk && sink) {
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);
        const bool json = options.progress == RenderOptions::Progress::JsonLines;
        ProgressMeter progress = options.progress == RenderOptions::Progress::Bar
                                     ? ProgressMeter::forStderr(last - first + 1)
                                     : ProgressMeter(last - first + 1, false, [](const std::string&) {});
        progress.skipped(int(done.size()));
        if (!done.empty())
            logInfo("%zu of frames %d-%d are already in %s; rendering the rest", done.size(), first, last,
                    options.out.c_str());
        LinearAccumulator frame(options.width, options.height);
        for (int f = first; f <= last && status == kExitOk; ++f) {
            if (done.count(f))
                continue;
            if (gInterrupted) {
                status = fail("interrupted at frame " + std::to_string(f) +
                              (spec.kind == OutputSpec::Kind::PngSequence
                                   ? "; the frames written are complete, and the same command resumes"
                                   : "; " + options.out + " was not written"));
                break;
            }
            if (!renderer.render(f, &frame, &error)) {
                status = fail("frame " + std::to_string(f) + ": " + error);
                break;
            }
            bool written;
            if (sink->bitDepth() == 16) {
                ImageRGBA16 image = frame.resolve16();
                renderer.drawCaptions(f, &image);
                written = sink->write(f, image, &error);
            } else {
                ImageRGBA8 image = frame.resolve8();
                renderer.drawCaptions(f, &image);
                written = sink->write(f, image, &error);
            }
            if (!written) {
                status = fail(error);
                break;
            }
            progress.frameDone();
            if (json)
                printJsonProgress(progress.numbers(), f);
        }
        if (status == kExitOk && !sink->finish(&error))
            status = fail(error);
        if (status == kExitOk) {
            progress.finish();
            if (!json)
                std::printf("%s\n", options.out.c_str());
        }
        sink.reset(); // an unfinished video is removed here
    }
    renderer.close();
    if (validationMessageCount() > 0) {
        std::fprintf(stderr, "kresy render: %d Vulkan validation messages\n", validationMessageCount());
        return kExitValidation;
    }
    return status;
}

} // namespace kresy
