#pragma once
// Scratch files for the terrain tests.

#include "../test_dir.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace kresy::test {

using TempDir = ScratchDir;

inline void writeBytes(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    ASSERT_TRUE(out.good()) << "cannot write " << path;
}

inline void writeText(const std::string& path, const std::string& text) {
    writeBytes(path, std::vector<uint8_t>(text.begin(), text.end()));
}

// Heights as an SRTM file stores them: big-endian int16, row-major.
inline std::vector<uint8_t> bigEndianBytes(const std::vector<int16_t>& heights) {
    std::vector<uint8_t> bytes(heights.size() * 2);
    for (size_t i = 0; i < heights.size(); ++i) {
        auto u = static_cast<uint16_t>(heights[i]);
        bytes[2 * i] = static_cast<uint8_t>(u >> 8);
        bytes[2 * i + 1] = static_cast<uint8_t>(u & 0xff);
    }
    return bytes;
}

} // namespace kresy::test
