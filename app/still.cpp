// kresy still: one frame, headless, to a PNG.

#include "commands.h"
#include "core/log.h"
#include "dataset.h"
#include "options.h"
#include "renderer/renderer.h"
#include "scene/frame.h"
#include "terrain_view.h"
#include "units_layer.h"
#include "scene/camera_path.h"

#include <optional>

#include <cstdio>

namespace kresy {

int runStill(const std::vector<std::string>& args) {
    StillOptions options;
    ParseResult parsed = parseStillOptions(args, &options);
    if (!parsed.ok) {
        std::fprintf(stderr, "kresy still: %s (see kresy still --help)\n", parsed.error.c_str());
        return kExitUsage;
    }
    if (parsed.help) {
        std::fputs(kStillUsage, stdout);
        return kExitOk;
    }

    // Everything that can fail fast does so before any tile is read.
    std::string error;
    if (!checkOutputPath(options.out, &error)) {
        std::fprintf(stderr, "kresy still: %s\n", error.c_str());
        return kExitFailure;
    }
    std::shared_ptr<UnitsView> units;
    if (!openUnits(options.replay, &units, &error)) {
        std::fprintf(stderr, "kresy still: %s\n", error.c_str());
        return kExitFailure;
    }
    std::optional<CameraPath> path;
    if (!options.shot.empty()) {
        Shot shot;
        if (!openShot(options.shot, units ? &units->replay() : nullptr, &shot, &error)) {
            std::fprintf(stderr, "kresy still: %s\n", error.c_str());
            return kExitFailure;
        }
        path.emplace(shot);
    }
    TerrainView terrain;
    if (!terrain.open(terrainViewOptions(options.terrain), &error)) {
        std::fprintf(stderr, "kresy still: %s\n", error.c_str());
        return kExitFailure;
    }
    // A shot's camera may look at units and at points on the ground: it is placed again once the
    // terrain under it has loaded.
    auto placeFromShot = [&] {
        if (!path)
            return false;
        const CameraSample s = path->evaluate(options.shotTime, shotTargetResolver(units.get(), [&](double lat, double lon) { return terrain.heightAt(lat, lon); }));
        const bool moved = s.camera.position.lat != options.camera.position.lat ||
                           s.camera.position.lon != options.camera.position.lon ||
                           s.camera.position.alt != options.camera.position.alt ||
                           s.camera.headingDeg != options.camera.headingDeg || s.camera.pitchDeg != options.camera.pitchDeg;
        options.camera = s.camera;
        if (s.campaignTime)
            options.time = *s.campaignTime;
        return moved;
    };
    placeFromShot();
    const GeoBounds& bounds = terrain.info().bounds;
    if (!bounds.contains(options.camera.position.lat, options.camera.position.lon))
        logWarning("the camera at %.3f, %.3f is outside the terrain data (%g-%g E, %g-%g N)",
                   options.camera.position.lat, options.camera.position.lon, bounds.west, bounds.east, bounds.south,
                   bounds.north);
    Device device;
    if (!createHeadlessDevice(&device, &error)) {
        std::fprintf(stderr, "kresy still: %s\n", error.c_str());
        return kExitFailure;
    }
    int status = kExitOk;
    Renderer renderer;
    if (!renderer.init(&device, shaderDirectory(), &error)) {
        std::fprintf(stderr, "kresy still: %s\n", error.c_str());
        status = kExitFailure;
    } else {
        FrameInput frame;
        bool settled = settleFrame(terrain, renderer, options.camera, options.time, options.width, options.height, &frame);
        if (placeFromShot())
            settled = settleFrame(terrain, renderer, options.camera, options.time, options.width, options.height, &frame);
        if (!settled)
            logWarning("the terrain did not finish loading within 120 s; the image shows what had loaded");
        const HeightFunction groundAt = [&](double lat, double lon) { return terrain.heightAt(lat, lon); };
        MapOverlays overlays;
        std::vector<std::string> problems;
        overlays.load(dataDirectory(), terrain.scene(), &problems);
        for (const std::string& p : problems)
            logWarning("%s", p.c_str());
        if (options.layers[Layer::Annotations] && units)
            overlays.setAnnotations(openAnnotations(options.replay, &units->replay()).all, &units->replay());
        if (units && options.layers[Layer::Units])
            units->addMarks(&frame, UnitDisplay{}, groundAt);
        overlays.addToFrame(&frame, options.layers, groundAt, 1, options.terrain.pixelError, true); // names avoid units
        ImageRGBA8 image;
        renderer.drawFrame(frame, nullptr, &image);
        if (!writePng(options.out, image, &error)) {
            std::fprintf(stderr, "kresy still: %s\n", error.c_str());
            status = kExitFailure;
        } else {
            std::printf("%s\n", options.out.c_str());
        }
    }
    renderer.shutdown();
    destroyDevice(device);
    if (validationMessageCount() > 0) {
        std::fprintf(stderr, "kresy still: %d Vulkan validation messages\n", validationMessageCount());
        return kExitValidation;
    }
    return status;
}

} // namespace kresy
