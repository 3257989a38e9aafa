#pragma once
// kresy bench: speed figures, each with its ratio to a baseline measured in the same run, so
// numbers from noisy machines can be compared.

#include <string>
#include <vector>

namespace kresy {

int runBench(const std::vector<std::string>& args);

struct BenchOptions;
class TerrainView;
class Renderer;
struct Device;

// The flight over the terrain (bench.cpp), and units over it (units_bench.cpp).
int runTerrainBench(const BenchOptions& options);
int runUnitsBench(const BenchOptions& options);
int runOverlaysBench(const BenchOptions& options); // overlays_bench.cpp: the map's layers over the terrain
int runExportBench(const BenchOptions& options); // export_bench.cpp: kresy render's pipeline against ffmpeg
int runSoakBench(const BenchOptions& options);   // soak_bench.cpp: a long streaming flight: memory, stalls

// What every benchmark draws with: the terrain (options.tiles, the default lakes), a headless
// device and a renderer. False after printing why.
bool startBench(const BenchOptions& options, TerrainView* terrain, Device* device, Renderer* renderer);

} // namespace kresy
