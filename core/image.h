#pragma once
// RGBA images and PNG files (8- and 16-bit), used for stills, readback, render tests and the
// offline render's frames; and the accumulator that turns supersampled, motion-blurred renders
// into output frames.

#include "files.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kresy {

struct ImageRGBA8 {
    int width = 0, height = 0;
    std::vector<uint8_t> pixels; // width*height*4, row 0 at the top
};

// Same layout, 16 bits per sample (native byte order in memory; big-endian in PNG files).
struct ImageRGBA16 {
    int width = 0, height = 0;
    std::vector<uint16_t> pixels;
};

// PNG files of RGBA images, 8 or 16 bits per sample. The encoder filters each row adaptively
// and compresses strips of rows on all cores; the same image always gives the same bytes.
bool encodePng(const ImageRGBA8& image, std::vector<uint8_t>* png);
bool encodePng16(const ImageRGBA16& image, std::vector<uint8_t>* png);

// Writes a PNG atomically (see files.h). False and "<path>: <why>" in *error on failure.
bool writePng(const std::string& path, const ImageRGBA8& image, std::string* error,
              Durability durability = Durability::Flushed);
bool writePng16(const std::string& path, const ImageRGBA16& image, std::string* error,
                Durability durability = Durability::Flushed);

// Reads any PNG as RGBA (stb). readPng16 widens 8-bit files (v*257).
bool readPng(const std::string& path, ImageRGBA8* image, std::string* error);
bool readPng16(const std::string& path, ImageRGBA16* image, std::string* error);

// What a PNG file's header says, after checking that the whole file is there and intact:
// the signature, every chunk's CRC, IHDR first and IEND last with nothing after it. This
// catches truncated, zero-filled (a power loss after an unflushed write) and corrupted files
// at the cost of one CRC pass, far cheaper than decoding an 8K frame.
struct PngInfo {
    int width = 0, height = 0;
    int bitDepth = 0;  // 8 or 16 for the files we write
    int colorType = 0; // 6 = RGBA
};
bool checkPng(const std::string& path, PngInfo* info, std::string* error);

// Conversions between the two depths (v*257 and its exact rounded inverse).
ImageRGBA16 widenTo16(const ImageRGBA8& image);
ImageRGBA8 narrowTo8(const ImageRGBA16& image);

// Averages renders in linear light: supersampling (each source is k times the output size in
// both directions, and every output pixel is the mean of its k×k block) and motion blur
// (several weighted sources). Sources are sRGB-encoded; colour is decoded to linear, alpha is
// averaged as it is. The result depends only on the inputs and their order, never on the
// thread count: every output pixel is summed by one thread in a fixed order.
class LinearAccumulator {
public:
    // threads = 0: one per hardware thread.
    LinearAccumulator(int width, int height, int threads = 0);

    // Adds `source` with `weight` (> 0). False, and nothing added, when the source is not a
    // whole multiple k >= 1 of the output size (the same k in both directions).
    bool add(const ImageRGBA8& source, float weight);

    // The weighted mean, sRGB-encoded and rounded to the nearest code. All zeros before add().
    ImageRGBA8 resolve8() const;
    ImageRGBA16 resolve16() const;

    void clear();
    int width() const { return width_; }
    int height() const { return height_; }

private:
    template <typename Image> Image resolve(int maxCode) const;

    int width_, height_, threads_;
    float totalWeight_ = 0;
    std::vector<float> sums_; // linear RGBA, weighted
};

} // namespace kresy
