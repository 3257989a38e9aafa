#pragma once
// kresy bench: speed figures, each with its ratio to a baseline measured in the same run, so
// numbers from noisy machines can be compared.

#include <string>
#include <vector>

namespace kresy {

int runBench(const std::vector<std::string>& args);

} // namespace kresy
