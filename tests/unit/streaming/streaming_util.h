#pragma once
// Helpers for the streaming tests: scratch directories (../test_dir.h), tiles with known heights,
// small pyramids.

#include "../test_dir.h"
#include "core/files.h"
#include "terrain/tile.h"
#include "terrain/tile_errors.h"
#include "terrain/tilejson.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace kresy::test {

constexpr int kTilePixels = 64;

// Heights base + i + j/2 (exact in Terrarium, whose step is 1/256 m).
inline HeightTile makeHeights(float base, int size = kTilePixels) {
    HeightTile t;
    t.size = size;
    t.heights.resize(size_t(size) * size_t(size));
    for (int j = 0; j < size; ++j)
        for (int i = 0; i < size; ++i) t.heights[size_t(j) * size_t(size) + size_t(i)] = base + float(i) + float(j) * 0.5f;
    return t;
}

inline std::vector<uint8_t> makePng(float base, int size = kTilePixels) {
    return encodeHeightTile(makeHeights(base, size), TileEncoding::Terrarium);
}

// What a decoded tile of kTilePixels costs the streamer's budget, give or take its overhead.
constexpr size_t kTileHeightBytes = size_t(kTilePixels) * kTilePixels * sizeof(float);

// What one decoded tile holds in the cache: its heights and the error tables computed with them.
inline size_t tileBytes() {
    HeightTile t;
    t.size = kTilePixels;
    t.heights.assign(size_t(kTilePixels) * kTilePixels, 0.0f);
    size_t bytes = kTileHeightBytes;
    for (const auto& spacing : computeTileErrors(t).errors)
        for (const auto& level : spacing)
            bytes += level.size() * sizeof(float);
    return bytes;
}

inline void writeFileOrFail(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    std::string error;
    ASSERT_TRUE(writeFileAtomic(path, bytes, &error)) << error;
}

inline void writeTextOrFail(const std::string& path, const std::string& text) {
    writeFileOrFail(path, std::vector<uint8_t>(text.begin(), text.end()));
}

inline std::string tileFile(const std::string& dir, const TileId& t) {
    return dir + "/" + std::to_string(t.z) + "/" + std::to_string(t.x) + "/" + std::to_string(t.y) + ".png";
}

inline TileJson terrariumTileJson(const std::string& tmpl, int minzoom, int maxzoom) {
    TileJson tj;
    tj.tiles = {tmpl};
    tj.minzoom = minzoom;
    tj.maxzoom = maxzoom;
    tj.encoding = TileEncoding::Terrarium;
    tj.name = "test pyramid";
    return tj;
}

// Every .png under a directory, recursively.
inline std::vector<std::string> pngFilesUnder(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    if (!std::filesystem::exists(dir, ec)) return out;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::recursive_directory_iterator();
         it.increment(ec))
        if (it->path().extension() == ".png") out.push_back(it->path().string());
    return out;
}

// Polls `done` until it is true or `seconds` pass.
inline bool waitFor(const std::function<bool()>& done, double seconds = 10) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

inline double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace kresy::test
