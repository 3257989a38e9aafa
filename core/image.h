#pragma once
// 8-bit RGBA images and PNG files (stb), used for stills, readback and render tests.

#include <cstdint>
#include <string>
#include <vector>

namespace kresy {

struct ImageRGBA8 {
    int width = 0, height = 0;
    std::vector<uint8_t> pixels; // width*height*4, row 0 at the top
};

// Writes a PNG atomically (see files.h). False and "<path>: <why>" in *error on failure.
bool writePng(const std::string& path, const ImageRGBA8& image, std::string* error);
bool readPng(const std::string& path, ImageRGBA8* image, std::string* error);

} // namespace kresy
