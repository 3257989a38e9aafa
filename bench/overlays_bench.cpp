// kresy bench overlays: what the map's layers (rivers, borders, names) and the 1939 annotations
// (arrows, areas, lines, labels) add to a terrain frame.

#include "app/commands.h"
#include "app/dataset.h"
#include "app/options.h"
#include "app/terrain_view.h"
#include "app/units_layer.h"
#include "bench.h"
#include "bench_common.h"
#include "renderer/renderer.h"
#include "scene/annotations.h"
#include "scene/overlays.h"

namespace kresy {

int runOverlaysBench(const BenchOptions& options) {
    const int w = options.width, h = options.height;
    TerrainView terrain;
    Device device;
    Renderer renderer;
    if (!startBench(options, &terrain, &device, &renderer))
        return kExitFailure;
    MapOverlays overlays;
    std::vector<std::string> problems;
    overlays.load(dataDirectory(), terrain.scene(), &problems);
    for (const std::string& p : problems)
        std::fprintf(stderr, "kresy bench: %s\n", p.c_str());
    std::shared_ptr<UnitsView> campaign;
    std::string error;
    if (!openUnits("", &campaign, &error) || !campaign) {
        std::fprintf(stderr, "kresy bench: %s\n", error.c_str());
        return kExitFailure;
    }
    const ReplayAnnotations annotations = openAnnotations("", &campaign->replay());
    const HeightFunction height = [&](double lat, double lon) { return terrain.heightAt(lat, lon); };
    const Time time = *parseIso8601("1939-09-20T10:00:00Z");
    const int frames = std::max(options.frames / 4, 10);

    // Three held views, each settled first: the region from 340 km, Grodno from 20 km, the
    // Neman at Grodno from 2 km. Each frame drapes the layers again, as the window does.
    struct View {
        const char* name;
        Camera camera;
    };
    const View views[] = {{"overview, 340 km", defaultCamera()},
                          {"Grodno, 20 km", Camera{{53.45, 23.6, 20000}, 20, -35, 0, 45}},
                          {"the Neman, 2 km", Camera{{53.64, 23.80, 2000}, 10, -20, 0, 45}}};
    std::vector<Figure> figures;
    ImageRGBA8 pixels;
    for (const View& v : views) {
        FrameInput base;
        settleFrame(terrain, renderer, v.camera, time, w, h, &base);
        size_t segments = 0, glyphs = 0, painted = 0;
        // 0: the terrain alone; 1: the map's layers; 2: those and the annotations, the clock
        // held; 3: the same with the clock running a minute a frame, the arrows growing.
        auto measure = [&](int what) {
            LayerSet layers;
            layers[Layer::Annotations] = what >= 2;
            overlays.setAnnotations(what >= 2 ? annotations.all : AnnotationSet{}, &campaign->replay());
            std::vector<double> ms;
            for (int i = 0; i < frames + 3; ++i) {
                auto t0 = Clock::now();
                FrameInput frame = base;
                frame.time = time + (what == 3 ? i * 60 : 0);
                if (what > 0) {
                    overlays.addToFrame(&frame, layers, height, 1, 2, false);
                    segments = frame.lines.size();
                    glyphs = frame.labelGlyphs.size();
                    painted = overlays.annotations().drapeTriangles();
                }
                renderer.drawFrame(frame, nullptr, &pixels);
                if (i >= 3) // the first frames sample the heights
                    ms.push_back(secondsSince(t0) * 1000);
                waitForRefresh(t0);
            }
            return percentile(ms, 0.5);
        };
        const double terrainOnly = measure(0);
        const double withOverlays = measure(1);
        const size_t mapSegments = segments, mapGlyphs = glyphs;
        const double withAnnotations = measure(2);
        const double growing = measure(3);
        figures.push_back({std::string(v.name) + ": terrain", "ms", terrainOnly, "", 0, "the baseline"});
        figures.push_back({std::string(v.name) + ": + overlays", "ms", withOverlays, "terrain", terrainOnly,
                           "rivers, 1938 borders, names: " + std::to_string(mapSegments) + " segments, " +
                               std::to_string(mapGlyphs) + " glyphs"});
        figures.push_back({std::string(v.name) + ": + annotations", "ms", withAnnotations, "terrain", terrainOnly,
                           "and the 1939 annotations: " + std::to_string(painted) + " triangles painted, " +
                               std::to_string(segments) + " segments, " + std::to_string(glyphs) +
                               " glyphs; target <= 1.25x"});
        figures.push_back({std::string(v.name) + ": + annotations, playing", "ms", growing, "terrain", terrainOnly,
                           "the same, a minute of campaign time a frame: arrows grow, pictures repainted"});
    }
    printFigures("overlays", figures, device.properties.deviceName, w, h, options.json);
    renderer.shutdown();
    destroyDevice(device);
    return kExitOk;
}

} // namespace kresy
