#include "image.h"

#include "files.h"

#include <stb/stb_image.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace kresy {

static bool writeEncoded(const std::string& path, bool encoded, const std::vector<uint8_t>& png, int width, int height,
                         std::string* error, Durability durability) {
    if (!encoded) {
        *error = path + ": cannot encode a " + std::to_string(width) + "x" + std::to_string(height) + " PNG";
        return false;
    }
    return writeFileAtomic(path, png, error, durability);
}

bool writePng(const std::string& path, const ImageRGBA8& image, std::string* error, Durability durability) {
    std::vector<uint8_t> png;
    return writeEncoded(path, encodePng(image, &png), png, image.width, image.height, error, durability);
}

bool writePng16(const std::string& path, const ImageRGBA16& image, std::string* error, Durability durability) {
    std::vector<uint8_t> png;
    return writeEncoded(path, encodePng16(image, &png), png, image.width, image.height, error, durability);
}

// --- PNG decoding -------------------------------------------------------------------------

namespace {

// stb decodes both depths; `load` is stbi_load_from_memory or stbi_load_16_from_memory.
template <typename Image, typename Load>
bool readPngAs(const std::string& path, Image* image, std::string* error, Load load) {
    std::vector<uint8_t> bytes;
    if (!readFile(path, &bytes, error))
        return false;
    int w = 0, h = 0, channels = 0;
    auto* data = load(bytes.data(), int(bytes.size()), &w, &h, &channels, 4);
    if (!data) {
        *error = path + ": not a readable PNG (" + stbi_failure_reason() + ")";
        return false;
    }
    image->width = w;
    image->height = h;
    image->pixels.assign(data, data + size_t(w) * h * 4);
    stbi_image_free(data);
    return true;
}

} // namespace

bool readPng(const std::string& path, ImageRGBA8* image, std::string* error) {
    return readPngAs(path, image, error, stbi_load_from_memory);
}

bool readPng16(const std::string& path, ImageRGBA16* image, std::string* error) {
    return readPngAs(path, image, error, stbi_load_16_from_memory);
}

ImageRGBA16 widenTo16(const ImageRGBA8& image) {
    ImageRGBA16 out{image.width, image.height, {}};
    out.pixels.resize(image.pixels.size());
    for (size_t i = 0; i < image.pixels.size(); ++i) out.pixels[i] = uint16_t(image.pixels[i] * 257);
    return out;
}

ImageRGBA8 narrowTo8(const ImageRGBA16& image) {
    ImageRGBA8 out{image.width, image.height, {}};
    out.pixels.resize(image.pixels.size());
    // round(v / 257) in integers
    for (size_t i = 0; i < image.pixels.size(); ++i) out.pixels[i] = uint8_t((image.pixels[i] + 128) / 257);
    return out;
}

// --- Linear-light accumulation ------------------------------------------------------------

namespace {

double srgbToLinear(double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); }

// 8-bit sRGB (and alpha, /255) to linear, one table lookup per sample.
struct DecodeTables {
    float colour[256], alpha[256];
    DecodeTables() {
        for (int i = 0; i < 256; ++i) {
            colour[i] = float(srgbToLinear(i / 255.0));
            alpha[i] = float(i / 255.0);
        }
    }
};
const DecodeTables& decodeTables() {
    static const DecodeTables tables;
    return tables;
}

// Linear to the nearest sRGB code, exactly and without pow() per sample: thresholds[c] is the
// linear value where code c gives way to c+1. A table indexed by sqrt(value) (in which the codes
// are spread about evenly) gives a code at most kSteps below the answer, and kSteps branchless
// compares finish: data-dependent loops mispredict on noisy renders and cost more than the rest.
class SrgbEncoder {
public:
    static constexpr int kSteps = 3;

    SrgbEncoder(int maxCode, int buckets) : maxCode_(maxCode), buckets_(buckets) {
        thresholds_.resize(size_t(maxCode) + kSteps, INFINITY);
        for (int c = 0; c < maxCode; ++c) thresholds_[c] = float(srgbToLinear((c + 0.5) / maxCode));
        auto codeAt = [&](float v) {
            return int(std::upper_bound(thresholds_.begin(), thresholds_.begin() + maxCode, v) - thresholds_.begin());
        };
        start_.resize(size_t(buckets) + 1);
        for (int b = 0; b <= buckets; ++b) {
            // The lower edge of the bucket below: float rounding may put a value just under the
            // edge into bucket b, and the compares only move up.
            const float edge = float(std::max(b - 1, 0)) / float(buckets);
            start_[b] = uint16_t(codeAt(edge * edge));
            const float top = std::min(float(b + 1) / float(buckets), 1.0f);
            if (codeAt(top * top) - start_[b] > kSteps) {
                std::fprintf(stderr, "kresy: sRGB encoder table too coarse\n");
                std::abort();
            }
        }
    }

    // `count` RGBA pixels of weighted sums, times `scale`, to codes.
    template <typename Sample> void encodePixels(const float* sums, float scale, size_t count, Sample* out) const {
        const float* thresholds = thresholds_.data();
        const uint16_t* start = start_.data();
        const float buckets = float(buckets_), maxCode = float(maxCode_);
        for (size_t i = 0; i < count * 4; i += 4) {
            for (int c = 0; c < 3; ++c) {
                const float v = clamp01(sums[i + c] * scale);
                int code = start[int(std::sqrt(v) * buckets)];
                for (int step = 0; step < kSteps; ++step) code += v >= thresholds[code];
                out[i + c] = Sample(code);
            }
            out[i + 3] = Sample(clamp01(sums[i + 3] * scale) * maxCode + 0.5f);
        }
    }

private:
    static float clamp01(float v) { return v > 0 ? std::min(v, 1.0f) : 0.0f; } // NaN -> 0

    int maxCode_, buckets_;
    std::vector<float> thresholds_; // kSteps of +inf after the last, so the compares stop there
    std::vector<uint16_t> start_;   // by sqrt(v) * buckets; one more for v = 1
};

// Bucket counts for kSteps = 3 (the constructor checks).
const SrgbEncoder& encoderFor(int maxCode) {
    if (maxCode == 255) {
        static const SrgbEncoder encoder8(255, 1 << 10);
        return encoder8;
    }
    static const SrgbEncoder encoder16(65535, 1 << 17);
    return encoder16;
}

// Runs body(y0, y1) over [0, rows) split into `threads` fixed, contiguous parts.
template <typename Body> void parallelRows(int rows, int threads, const Body& body) {
    threads = std::clamp(threads, 1, std::max(rows, 1));
    if (threads == 1) {
        body(0, rows);
        return;
    }
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] { body(int(int64_t(rows) * t / threads), int(int64_t(rows) * (t + 1) / threads)); });
    for (auto& w : workers) w.join();
}

// Sums each k×k block of sRGB8 source rows [y*k, y*k+k) into `out` (linear RGBA floats).
// K > 0 fixes k at compile time for the common factors; K = 0 reads it from k.
template <int K> void sumBlockRow(const ImageRGBA8& source, int y, int k, int width, float* out) {
    if constexpr (K > 0) k = K;
    std::fill(out, out + size_t(width) * 4, 0.0f);
    const float* colour = decodeTables().colour;
    const float* alpha = decodeTables().alpha;
    for (int sy = 0; sy < k; ++sy) {
        const uint8_t* src = source.pixels.data() + (size_t(y) * k + sy) * source.width * 4;
        for (int x = 0; x < width; ++x) {
            float r = 0, g = 0, b = 0, a = 0;
            for (int sx = 0; sx < k; ++sx, src += 4) {
                r += colour[src[0]];
                g += colour[src[1]];
                b += colour[src[2]];
                a += alpha[src[3]];
            }
            float* o = out + size_t(x) * 4;
            o[0] += r;
            o[1] += g;
            o[2] += b;
            o[3] += a;
        }
    }
}

} // namespace

LinearAccumulator::LinearAccumulator(int width, int height, int threads)
    : width_(width), height_(height),
      threads_(threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()))),
      sums_(size_t(width) * height * 4, 0.0f) {}

void LinearAccumulator::clear() {
    std::fill(sums_.begin(), sums_.end(), 0.0f);
    totalWeight_ = 0;
}

bool LinearAccumulator::add(const ImageRGBA8& source, float weight) {
    if (width_ <= 0 || height_ <= 0 || !(weight > 0) || !std::isfinite(weight)) return false;
    const int k = source.width / width_;
    if (k < 1 || source.width != width_ * k || source.height != height_ * k ||
        source.pixels.size() != size_t(source.width) * source.height * 4)
        return false;
    const float scale = weight / float(k * k);
    parallelRows(height_, threads_, [&](int y0, int y1) {
        std::vector<float> row(size_t(width_) * 4);
        for (int y = y0; y < y1; ++y) {
            switch (k) {
            case 1: sumBlockRow<1>(source, y, k, width_, row.data()); break;
            case 2: sumBlockRow<2>(source, y, k, width_, row.data()); break;
            case 3: sumBlockRow<3>(source, y, k, width_, row.data()); break;
            case 4: sumBlockRow<4>(source, y, k, width_, row.data()); break;
            default: sumBlockRow<0>(source, y, k, width_, row.data()); break;
            }
            float* sums = sums_.data() + size_t(y) * width_ * 4;
            for (size_t i = 0; i < row.size(); ++i) sums[i] += row[i] * scale;
        }
    });
    totalWeight_ += weight;
    return true;
}

template <typename Image> Image LinearAccumulator::resolve(int maxCode) const {
    Image image;
    image.width = width_;
    image.height = height_;
    image.pixels.resize(sums_.size());
    if (totalWeight_ <= 0) return image;
    const SrgbEncoder& encoder = encoderFor(maxCode);
    const float inverse = 1.0f / totalWeight_;
    parallelRows(height_, threads_, [&](int y0, int y1) {
        const size_t first = size_t(y0) * width_ * 4;
        encoder.encodePixels(sums_.data() + first, inverse, size_t(y1 - y0) * width_, image.pixels.data() + first);
    });
    return image;
}

ImageRGBA8 LinearAccumulator::resolve8() const { return resolve<ImageRGBA8>(255); }
ImageRGBA16 LinearAccumulator::resolve16() const { return resolve<ImageRGBA16>(65535); }

} // namespace kresy
