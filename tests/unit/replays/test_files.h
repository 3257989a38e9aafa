#pragma once
// The replay files beside the tests.

#include "../test_corpus.h"

#include <string>

namespace kresy {

inline std::string replayTestPath(const std::string& name) {
    return std::string(KRESY_TESTS_DIR) + "/unit/replays/" + name;
}

} // namespace kresy
