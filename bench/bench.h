#pragma once
// kresy bench: speed figures, each with its ratio to a baseline measured in the same run, so
// numbers from noisy machines can be compared.

#include <string>
#include <vector>

namespace kresy {

int runBench(const std::vector<std::string>& args);

struct BenchOptions;
// The flight over the terrain (bench.cpp), and units over it (units_bench.cpp).
int runTerrainBench(const BenchOptions& options);
int runUnitsBench(const BenchOptions& options);

} // namespace kresy
