#pragma once
// Scratch files for the terrain tests: a fresh temporary directory per test, removed after.

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace kresy::test {

class TempDir {
public:
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = std::string("kresy_terrain_") + (info ? info->test_suite_name() : "suite") + "_" +
                           (info ? info->name() : "test") + "_" + std::to_string(getpid());
        dir = std::filesystem::temp_directory_path() / name;
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string path(const std::string& name) const { return (dir / name).string(); }
    std::string str() const { return dir.string(); }

private:
    std::filesystem::path dir;
};

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
