// kresy render: a shot, frame by frame, headless, to a PNG sequence or a video, and its camera
// for compositing.
//
// Every frame is a pure function of the shot, the frame number and the data: the time is
// frame / fps; the terrain is drawn only once everything the frame selects is loaded at the
// target error; heights (the near plane, units on the ground, targets on the ground) come from
// the finest tile there, loaded if need be, never from whatever happened to be loaded. So a
// frame range renders the same bytes as the same frames of a whole render, and twice the same.

#include "commands.h"
#include "core/log.h"
#include "dataset.h"
#include "export/camera_export.h"
#include "export/frame_sink.h"
#include "export/progress.h"
#include "options.h"
#include "renderer/renderer.h"
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

// A part of the image drawn on its own: the whole image when the device holds it, else tiles.
struct Region {
    int x = 0, y = 0, width = 0, height = 0;
};

std::vector<Region> regionsFor(int width, int height, int maxSide) {
    std::vector<Region> regions;
    const int columns = (width + maxSide - 1) / maxSide, rows = (height + maxSide - 1) / maxSide;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < columns; ++c) {
            Region g;
            g.x = c * width / columns;
            g.y = r * height / rows;
            g.width = (c + 1) * width / columns - g.x;
            g.height = (r + 1) * height / rows - g.y;
            regions.push_back(g);
        }
    return regions;
}

// The frame narrowed to one region: clip space scaled and shifted so that the region fills the
// viewport, pixel for pixel as in the whole image (symbol sizes and line widths are unchanged).
FrameInput regionOf(const FrameInput& whole, const Region& r) {
    FrameInput f = whole;
    glm::mat4 crop(1.0f);
    crop[0][0] = float(double(whole.width) / r.width);
    crop[1][1] = float(double(whole.height) / r.height);
    crop[3][0] = float((whole.width - 2.0 * r.x) / r.width - 1);
    crop[3][1] = float((whole.height - 2.0 * r.y) / r.height - 1);
    f.camera.projection = crop * whole.camera.projection;
    f.camera.viewProjection = crop * whole.camera.viewProjection;
    f.width = r.width;
    f.height = r.height;
    return f;
}

// `inner` grown by `margin` on every side, within a width x height image.
Region grown(const Region& inner, int margin, int width, int height) {
    Region g;
    g.x = std::max(0, inner.x - margin);
    g.y = std::max(0, inner.y - margin);
    g.width = std::min(width, inner.x + inner.width + margin) - g.x;
    g.height = std::min(height, inner.y + inner.height + margin) - g.y;
    return g;
}

// Copies the `inner` part of `from` (a drawing of region `drawn`) into the whole image.
void copyRegion(const ImageRGBA8& from, const Region& drawn, const Region& inner, ImageRGBA8* to) {
    for (int y = 0; y < inner.height; ++y)
        std::copy_n(&from.pixels[(size_t(inner.y - drawn.y + y) * drawn.width + (inner.x - drawn.x)) * 4],
                    size_t(inner.width) * 4, &to->pixels[(size_t(inner.y + y) * to->width + inner.x) * 4]);
}

struct Session {
    const RenderOptions& options;
    TerrainView& terrain;
    Renderer& renderer;
    UnitsView* units;
    const CameraPath& path;
    TargetResolver resolve;
    HeightFunction groundAt;
    int maxImageSide = 4096;
};

// The shot time of sub-frame `sub` of frame `frame`: the frame's time, or with motion blur,
// sub-frames spread evenly over the open shutter centred on it.
double shotTimeOf(const RenderOptions& o, int frame, int sub) {
    double offset = 0;
    if (o.motionBlur > 1)
        offset = ((sub + 0.5) / o.motionBlur - 0.5) * (o.shutterDeg / 360);
    return (frame + offset) / o.fps.value();
}

// One picture of the shot at `t`, supersampled: options.ssaa times the output size.
bool renderPicture(Session& s, double t, ImageRGBA8* picture, std::string* error) {
    const RenderOptions& o = s.options;
    const int width = o.width * o.ssaa, height = o.height * o.ssaa;
    const CameraSample sample = s.path.evaluate(std::clamp(t, 0.0, s.path.duration()), s.resolve);
    const Time time = sample.campaignTime.value_or(defaultTime());
    const Camera& camera = sample.camera;
    FrameInput frame = makeFrameInput(camera, s.terrain.scene(), time, width, height,
                                      s.groundAt(camera.position.lat, camera.position.lon));
    if (!s.terrain.settle(s.renderer, &frame, 300)) {
        *error = "the terrain at " + std::to_string(camera.position.lat) + ", " + std::to_string(camera.position.lon) +
                 " did not finish loading within 300 s";
        return false;
    }
    if (s.units) { // marks are sized in output pixels
        UnitDisplay display;
        display.symbolPixels *= float(o.ssaa);
        display.modelPixels *= float(o.ssaa);
        const size_t firstLine = frame.lines.size();
        s.units->addMarks(&frame, display, s.groundAt);
        for (size_t i = firstLine; i < frame.lines.size(); ++i)
            frame.lines[i].widthPixels *= float(o.ssaa);
    }
    const std::vector<Region> regions = regionsFor(width, height, s.maxImageSide);
    if (regions.size() == 1) {
        if (!s.renderer.drawFrame(frame, nullptr, picture)) {
            *error = "the frame could not be drawn";
            return false;
        }
        return true;
    }
    picture->width = width;
    picture->height = height;
    picture->pixels.assign(size_t(width) * height * 4, 0);
    // Each tile is drawn with a margin and cropped: a symbol is drawn only where its anchor
    // point is in view (it is tested against the depth there), so one standing just across a
    // tile's edge must still be drawn in that tile.
    const int margin = int(2 * UnitDisplay{}.symbolPixels) * o.ssaa;
    for (const Region& inner : regions) {
        const Region drawn = grown(inner, margin, width, height);
        ImageRGBA8 part;
        if (!s.renderer.drawFrame(regionOf(frame, drawn), nullptr, &part)) {
            *error = "the frame could not be drawn";
            return false;
        }
        copyRegion(part, drawn, inner, picture);
    }
    return true;
}

// The camera and every unit on each frame of the range, for compositing.
bool writeExport(Session& s, const Shot& shot, int first, int last, std::string* error) {
    const RenderOptions& o = s.options;
    CameraExport e;
    e.title = shot.title;
    e.width = o.width;
    e.height = o.height;
    e.fps = o.fps.value();
    e.firstFrame = first;
    std::vector<GeoPoint> keys;
    for (const ShotKey& k : shot.keys)
        keys.push_back(k.position);
    e.origin = sphericalCentroid(keys); // near the shot: small numbers for the compositor's floats
    e.origin.alt = 0;
    if (s.units)
        for (const Unit& u : s.units->replay().units)
            e.points.push_back({u.name, {}});
    for (int f = first; f <= last; ++f) {
        const CameraSample sample = s.path.evaluate(shotTimeOf(o, f, 0), s.resolve);
        e.cameras.push_back(sample.camera);
        for (size_t u = 0; s.units && u < e.points.size(); ++u) {
            std::optional<GeoPoint> p;
            if (sample.campaignTime) {
                const UnitState state = sampleUnit(s.units->index(), u, *sample.campaignTime);
                if (state.visible)
                    p = GeoPoint{state.lat, state.lon, s.groundAt(state.lat, state.lon)};
            }
            e.points[u].positions.push_back(p);
        }
    }
    const std::string text = writeCameraExport(e, *cameraExportFormatForPath(o.cameraExport));
    return writeFileAtomic(o.cameraExport, text, error);
}

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
    TerrainViewOptions terrainOptions = terrainViewOptions(options.terrain);
    terrainOptions.pixelError *= options.ssaa; // the error is wanted in output pixels
    TerrainView terrain;
    if (!terrain.open(terrainOptions, &error))
        return fail(error);

    Device device;
    if (!createHeadlessDevice(&device, &error))
        return fail(error);
    Renderer renderer;
    int status = kExitOk;
    if (!renderer.init(&device, shaderDirectory(), &error)) {
        status = fail(error);
    } else {
        HeightFunction groundAt = [&](double lat, double lon) { return terrain.settledHeightAt(lat, lon); };
        Session s{options, terrain, renderer, units.get(), path, shotTargetResolver(units.get(), groundAt), groundAt};
        s.maxImageSide = int(std::min<uint32_t>(device.properties.limits.maxImageDimension2D, uint32_t(options.maxTile)));
        if (!options.cameraExport.empty()) {
            if (writeExport(s, shot, first, last, &error))
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
            LinearAccumulator accumulator(options.width, options.height);
            ImageRGBA8 picture;
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
                accumulator.clear();
                for (int sub = 0; sub < options.motionBlur && status == kExitOk; ++sub) {
                    if (!renderPicture(s, shotTimeOf(options, f, sub), &picture, &error))
                        status = fail("frame " + std::to_string(f) + ": " + error);
                    else
                        accumulator.add(picture, 1.0f / options.motionBlur);
                }
                if (status != kExitOk)
                    break;
                const bool written = sink->bitDepth() == 16 ? sink->write(f, accumulator.resolve16(), &error)
                                                            : sink->write(f, accumulator.resolve8(), &error);
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
    }
    renderer.shutdown();
    destroyDevice(device);
    if (validationMessageCount() > 0) {
        std::fprintf(stderr, "kresy render: %d Vulkan validation messages\n", validationMessageCount());
        return kExitValidation;
    }
    return status;
}

} // namespace kresy
