// kresy still: one frame, headless, to a PNG.

#include "commands.h"
#include "core/log.h"
#include "dataset.h"
#include "options.h"
#include "renderer/renderer.h"
#include "scene/frame.h"

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
    if (!kRegionBounds.contains(options.camera.position.lat, options.camera.position.lon))
        logWarning("the camera at %.3f, %.3f is outside the terrain data (12-34 E, 45-58 N)",
                   options.camera.position.lat, options.camera.position.lon);

    // Everything that can fail fast does so before the terrain is built.
    std::string error;
    if (!checkOutputPath(options.out, &error)) {
        std::fprintf(stderr, "kresy still: %s\n", error.c_str());
        return kExitFailure;
    }
    Device device;
    if (!createHeadlessDevice(&device, &error)) {
        std::fprintf(stderr, "kresy still: %s\n", error.c_str());
        return kExitFailure;
    }
    Dataset dataset;
    if (!loadDataset(dataDirectory(), &dataset, &error)) {
        std::fprintf(stderr, "kresy still: %s\n", error.c_str());
        destroyDevice(device);
        return kExitFailure;
    }
    int status = kExitOk;
    Renderer renderer;
    if (!renderer.init(&device, shaderDirectory(), &error)) {
        std::fprintf(stderr, "kresy still: %s\n", error.c_str());
        status = kExitFailure;
    } else {
        renderer.setTerrain(dataset.mesh, dataset.surface);
        double ground = sampleHeightmap(dataset.heightmap, options.camera.position.lat, options.camera.position.lon);
        FrameInput frame = makeFrameInput(options.camera, dataset.scene, options.time, options.width, options.height, ground);
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
