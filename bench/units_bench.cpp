// kresy bench units: what drawing the replay's units adds to a terrain frame.

#include "app/commands.h"
#include "app/dataset.h"
#include "app/options.h"
#include "app/terrain_view.h"
#include "app/units_layer.h"
#include "bench.h"
#include "bench_common.h"
#include "core/log.h"
#include "renderer/renderer.h"
#include "scene/units_view.h"

#include <cmath>
#include <cstring>
#include <random>

namespace kresy {
namespace {

using Clock = std::chrono::steady_clock;

// `count` battalions wandering over the campaign's area for the campaign's span: ten waypoints
// each, a few kilometres apart, both sides; a fixed seed, so every run draws the same.
std::shared_ptr<Replay> syntheticReplay(size_t count, Time start, Time end) {
    auto replay = std::make_shared<Replay>();
    replay->metadata.title = "synthetic";
    replay->sides = {{"a", "A", 0x2a5fd8, Affiliation::Friend, Json::object()},
                     {"b", "B", 0xd8281e, Affiliation::Hostile, Json::object()}};
    std::mt19937 random(1939);
    std::uniform_real_distribution<double> lat(50.0, 54.5), lon(21.0, 26.0), step(-0.05, 0.05), km(0, 5);
    for (size_t i = 0; i < count; ++i) {
        Unit u;
        u.id = std::to_string(i);
        u.name = u.id;
        u.side = replay->sides[i % 2].id;
        u.type = static_cast<UnitType>(i % 8);
        u.echelon = Echelon::Battalion;
        double la = lat(random), lo = lon(random);
        for (int k = 0; k < 10; ++k) {
            Waypoint w;
            w.time.time = start + (end - start) * k / 9.0;
            w.lat = la += step(random);
            w.lon = lo += step(random);
            w.uncertaintyKm = km(random);
            u.track.push_back(w);
        }
        replay->units.push_back(std::move(u));
    }
    return replay;
}

} // namespace

int runUnitsBench(const BenchOptions& options) {
    const int w = options.width, h = options.height;
    std::string error;
    std::shared_ptr<UnitsView> campaign;
    if (!openUnits("", &campaign, &error) || !campaign) {
        std::fprintf(stderr, "kresy bench: %s\n", error.c_str());
        return kExitFailure;
    }
    TerrainView terrain;
    Device device;
    Renderer renderer;
    if (!startBench(options, &terrain, &device, &renderer))
        return kExitFailure;

    // The view: the middle of the campaign's area from 150 km, the terrain settled first.
    Camera camera;
    camera.position = {51.2, 23.9, 150000};
    camera.pitchDeg = -60;
    const Time start = *parseIso8601("1939-09-17T00:00:00Z"), end = *parseIso8601("1939-10-06T12:00:00Z");
    FrameInput base;
    settleFrame(terrain, renderer, camera, start, w, h, &base);
    const auto height = [&](double lat, double lon) { return terrain.heightAt(lat, lon); };
    const int frames = std::max(options.frames / 4, 10);

    // Playing at 3 days a second from the campaign's third day: sampling, trails and marks are
    // made again every frame, as in the window.
    ImageRGBA8 pixels;
    auto measure = [&](UnitsView* units, size_t* marks) {
        std::vector<double> ms;
        for (int i = 0; i < frames + 3; ++i) {
            auto t0 = Clock::now();
            FrameInput frame = base;
            frame.time = start + 2 * 86400.0 + i * 3 * 86400.0 / 60;
            if (units) {
                units->addMarks(&frame, UnitDisplay{}, height);
                *marks = frame.billboards.size() + frame.lines.size();
            }
            renderer.drawFrame(frame, nullptr, &pixels);
            if (i >= 3) // the first frames upload the atlas
                ms.push_back(secondsSince(t0) * 1000);
            waitForRefresh(t0);
        }
        return percentile(ms, 0.5);
    };
    size_t campaignMarks = 0, syntheticMarks = 0, none = 0;
    const double terrainOnly = measure(nullptr, &none);
    const double withCampaign = measure(campaign.get(), &campaignMarks);
    UnitsView synthetic(syntheticReplay(5000, start, end));
    const double withSynthetic = measure(&synthetic, &syntheticMarks);

    // Sampling alone, against copying the states it writes.
    std::vector<UnitState> states(synthetic.index().unitCount()), copy(states.size());
    const double sampling = medianOfRuns(std::max(options.runs, 5) * 4, [&] {
        auto t0 = Clock::now();
        sampleUnits(synthetic.index(), start + 5.5 * 86400, states.data());
        return secondsSince(t0);
    });
    const double copying = medianOfRuns(std::max(options.runs, 5) * 4, [&] {
        auto t0 = Clock::now();
        std::memcpy(copy.data(), states.data(), states.size() * sizeof(UnitState));
        asm volatile("" : : "r"(copy.data()) : "memory");
        return secondsSince(t0);
    });

    std::vector<Figure> figures;
    figures.push_back({"terrain frame", "ms", terrainOnly, "", 0, "the held view, no units: the baseline"});
    figures.push_back({"1939 campaign", "ms", withCampaign, "terrain frame", terrainOnly,
                       std::to_string(campaign->replay().units.size()) + " units, 24 h trails, " +
                           std::to_string(campaignMarks) + " marks; target <= 1.2x"});
    figures.push_back({"5,000 units", "ms", withSynthetic, "terrain frame", terrainOnly,
                       "with trails, " + std::to_string(syntheticMarks) + " marks"});
    figures.push_back({"sampling 5,000 units", "ms", sampling * 1000, "memcpy of the states", copying * 1000,
                       "one core; target < 1 ms"});
    printFigures("units", figures, device.properties.deviceName, w, h, options.json);
    renderer.shutdown();
    destroyDevice(device);
    return kExitOk;
}

} // namespace kresy
