#pragma once
// The shot and deck files beside the tests.

#include "../test_corpus.h"

#include <string>

namespace kresy {

inline std::string shotTestPath(const std::string& name) {
    return std::string(KRESY_TESTS_DIR) + "/unit/shots/" + name;
}

} // namespace kresy
