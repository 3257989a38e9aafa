#pragma once
// The replay files beside the tests.

#include <fstream>
#include <iterator>
#include <string>

namespace kresy {

inline std::string replayTestPath(const std::string& name) {
    return std::string(KRESY_TESTS_DIR) + "/unit/replays/" + name;
}

inline std::string readTestFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace kresy
