// PNG encoding (8- and 16-bit RGBA), and the structural check a resumed render trusts.

#include "image.h"

#include "files.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstring>
#include <thread>

namespace kresy {

// --- PNG encoding -------------------------------------------------------------------------
// Our own encoder rather than stb_image_write: stb writes no 16-bit PNGs, and its single-threaded
// zlib takes seconds on an 8K frame. Here rows are filtered and deflated in strips of about
// 1 MB on all cores; each strip ends byte-aligned (an empty stored block, as zlib's sync flush),
// so the strips concatenate into one zlib stream. Strip bounds depend only on the image, so the
// bytes do not depend on the thread count.

namespace {

const std::array<uint32_t, 256>& crcTable() {
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t n = 0; n < 256; ++n) {
            uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    return table;
}

// CRC-32 as PNG defines it; `crc` chains calls (start with 0).
uint32_t crc32(uint32_t crc, const uint8_t* data, size_t size) {
    const auto& table = crcTable();
    crc = ~crc;
    for (size_t i = 0; i < size; ++i) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

constexpr uint32_t adlerBase = 65521;

uint32_t adler32(const uint8_t* data, size_t size) {
    uint32_t a = 1, b = 0;
    while (size > 0) {
        const size_t n = std::min<size_t>(size, 5552); // the most bytes before b can overflow
        for (size_t i = 0; i < n; ++i) {
            a += data[i];
            b += a;
        }
        a %= adlerBase;
        b %= adlerBase;
        data += n;
        size -= n;
    }
    return b << 16 | a;
}

// The Adler-32 of A followed by B, from theirs (zlib's adler32_combine).
uint32_t adler32Combine(uint32_t adlerA, uint32_t adlerB, size_t sizeB) {
    const uint32_t rem = uint32_t(sizeB % adlerBase);
    uint32_t sum1 = adlerA & 0xffff;
    uint32_t sum2 = uint32_t(uint64_t(rem) * sum1 % adlerBase);
    sum1 += (adlerB & 0xffff) + adlerBase - 1;
    sum2 += (adlerA >> 16) + (adlerB >> 16) + adlerBase - rem;
    if (sum1 >= adlerBase) sum1 -= adlerBase;
    if (sum1 >= adlerBase) sum1 -= adlerBase;
    if (sum2 >= 2 * adlerBase) sum2 -= 2 * adlerBase;
    if (sum2 >= adlerBase) sum2 -= adlerBase;
    return sum2 << 16 | sum1;
}

void putU32(std::vector<uint8_t>* out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out->push_back(uint8_t(v >> shift));
}

uint32_t getU32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

void putChunk(std::vector<uint8_t>* out, const char type[4], const uint8_t* data, size_t size, uint32_t crc) {
    putU32(out, uint32_t(size));
    out->insert(out->end(), type, type + 4);
    out->insert(out->end(), data, data + size);
    putU32(out, crc);
}

uint32_t chunkCrc(const char type[4], const uint8_t* data, size_t size) {
    return crc32(crc32(0, reinterpret_cast<const uint8_t*>(type), 4), data, size);
}

// Deflate bits go out least significant first.
class BitWriter {
public:
    explicit BitWriter(std::vector<uint8_t>* out) : out_(out) {}
    void put(uint32_t value, int count) {
        bits_ |= uint64_t(value) << count_;
        count_ += count;
        for (; count_ >= 8; count_ -= 8, bits_ >>= 8) out_->push_back(uint8_t(bits_));
    }
    void alignToByte() {
        if (count_ > 0) put(0, 8 - count_);
    }

private:
    std::vector<uint8_t>* out_;
    uint64_t bits_ = 0;
    int count_ = 0;
};

struct Code {
    uint32_t bits = 0; // ready to put(): Huffman code bit-reversed, extra bits above it
    int count = 0;
};

// Deflate's fixed Huffman codes (RFC 1951, 3.2.6), per literal, match length and distance.
struct FixedCodes {
    Code literal[288];
    Code length[259];           // by match length 3..258
    Code distance[30];          // by distance code; add the extra bits
    uint16_t distanceBase[30];
    uint8_t distanceCode[512];  // d <= 256: [d - 1], else [256 + ((d - 1) >> 7)]

    static uint32_t reversed(uint32_t code, int count) {
        uint32_t r = 0;
        for (int i = 0; i < count; ++i) r |= ((code >> i) & 1) << (count - 1 - i);
        return r;
    }

    FixedCodes() {
        for (int s = 0; s < 288; ++s) {
            const auto [code, count] = s < 144 ? std::pair(0x30 + s, 8)
                                       : s < 256 ? std::pair(0x190 + s - 144, 9)
                                       : s < 280 ? std::pair(s - 256, 7)
                                                 : std::pair(0xc0 + s - 280, 8);
            literal[s] = {reversed(uint32_t(code), count), count};
        }
        static const uint16_t lengthBase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                                31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
        static const uint8_t lengthExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
        for (int j = 0; j < 29; ++j) {
            const int end = j == 28 ? 259 : lengthBase[j + 1];
            for (int n = lengthBase[j]; n < end; ++n) {
                const Code& symbol = literal[257 + j];
                length[n] = {symbol.bits | uint32_t(n - lengthBase[j]) << symbol.count, symbol.count + lengthExtra[j]};
            }
        }
        int base = 1;
        for (int c = 0; c < 30; ++c) {
            const int extra = c < 4 ? 0 : c / 2 - 1;
            distance[c] = {reversed(uint32_t(c), 5), 5 + extra};
            distanceBase[c] = uint16_t(base);
            for (int d = base; d < base + (1 << extra); ++d)
                distanceCode[d <= 256 ? d - 1 : 256 + ((d - 1) >> 7)] = uint8_t(c);
            base += 1 << extra;
        }
    }
};

const FixedCodes& fixedCodes() {
    static const FixedCodes codes;
    return codes;
}

static_assert(std::endian::native == std::endian::little, "matchLength reads words little-endian");

size_t matchLength(const uint8_t* a, const uint8_t* b, size_t limit) {
    size_t n = 0;
    for (; n + 8 <= limit; n += 8) {
        uint64_t x, y;
        std::memcpy(&x, a + n, 8);
        std::memcpy(&y, b + n, 8);
        if (x != y) return n + size_t(std::countr_zero(x ^ y) / 8);
    }
    while (n < limit && a[n] == b[n]) ++n;
    return n;
}

// One strip as a fixed-Huffman deflate block, greedy LZ77 over hash chains with matches inside
// the strip only. Not `last`: the block ends with an empty stored block, byte-aligned, so the
// next strip's block follows.
void deflateStrip(const uint8_t* data, size_t size, bool last, std::vector<uint8_t>* out) {
    constexpr int hashBits = 15, maxChain = 8;
    constexpr size_t window = 32768, minMatch = 4;
    const FixedCodes& codes = fixedCodes();
    BitWriter bits(out);
    bits.put(last ? 1 : 0, 1);
    bits.put(1, 2); // fixed Huffman codes
    std::vector<int32_t> head(size_t(1) << hashBits, -1), previous(window, -1);
    auto insert = [&](size_t i) {
        uint32_t word;
        std::memcpy(&word, data + i, 4);
        const uint32_t h = (word * 2654435761u) >> (32 - hashBits);
        const int32_t older = head[h];
        previous[i & (window - 1)] = older;
        head[h] = int32_t(i);
        return older;
    };
    size_t i = 0;
    while (i + minMatch <= size) {
        // Every candidate is compared, so a chain entry overwritten by a newer position only
        // costs a miss, never a wrong match.
        int32_t candidate = insert(i);
        size_t bestLength = 0, bestDistance = 0;
        const size_t limit = std::min<size_t>(258, size - i);
        for (int chain = 0; candidate >= 0 && chain < maxChain; ++chain) {
            const size_t distance = i - size_t(candidate);
            if (distance > window) break;
            const size_t length = matchLength(data + candidate, data + i, limit);
            if (length > bestLength) {
                bestLength = length;
                bestDistance = distance;
                if (length == limit) break;
            }
            candidate = previous[size_t(candidate) & (window - 1)];
        }
        if (bestLength < minMatch) {
            bits.put(codes.literal[data[i]].bits, codes.literal[data[i]].count);
            ++i;
            continue;
        }
        bits.put(codes.length[bestLength].bits, codes.length[bestLength].count);
        const int c = codes.distanceCode[bestDistance <= 256 ? bestDistance - 1 : 256 + ((bestDistance - 1) >> 7)];
        bits.put(codes.distance[c].bits | uint32_t(bestDistance - codes.distanceBase[c]) << 5, codes.distance[c].count);
        // Long matches are runs (flat sky, zero filters): indexing every byte of them costs
        // time and finds nothing new.
        const size_t indexed = bestLength <= 32 ? bestLength : 1;
        for (size_t k = 1; k < indexed && i + k + minMatch <= size; ++k) insert(i + k);
        i += bestLength;
    }
    for (; i < size; ++i) bits.put(codes.literal[data[i]].bits, codes.literal[data[i]].count);
    bits.put(codes.literal[256].bits, codes.literal[256].count); // end of block
    if (!last) {
        bits.put(0, 3); // a stored block, not final
        bits.alignToByte();
        out->insert(out->end(), {0x00, 0x00, 0xff, 0xff}); // of length 0
    }
    bits.alignToByte();
}

int paeth(int a, int b, int c) {
    const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
    if (pa <= pb && pa <= pc) return a;
    return pb <= pc ? b : c;
}

template <int Filter> uint8_t filtered(const uint8_t* row, const uint8_t* above, size_t i, int bpp) {
    const int a = i >= size_t(bpp) ? row[i - bpp] : 0, b = above[i], c = i >= size_t(bpp) ? above[i - bpp] : 0;
    if constexpr (Filter == 0) return row[i];
    if constexpr (Filter == 1) return uint8_t(row[i] - a);
    if constexpr (Filter == 2) return uint8_t(row[i] - b);
    if constexpr (Filter == 3) return uint8_t(row[i] - (a + b) / 2);
    return uint8_t(row[i] - paeth(a, b, c));
}

template <int Filter> uint64_t filterCost(const uint8_t* row, const uint8_t* above, size_t size, int bpp) {
    uint64_t cost = 0;
    for (size_t i = 0; i < size; ++i) cost += uint64_t(std::abs(int(int8_t(filtered<Filter>(row, above, i, bpp)))));
    return cost;
}

template <int Filter> void applyFilter(const uint8_t* row, const uint8_t* above, size_t size, int bpp, uint8_t* out) {
    for (size_t i = 0; i < size; ++i) out[i] = filtered<Filter>(row, above, i, bpp);
}

// One scanline with the filter that minimises the sum of |byte as signed| (libpng's heuristic):
// the filter byte, then the filtered bytes. `above` is zeros for the first row.
void filterRow(const uint8_t* row, const uint8_t* above, size_t size, int bpp, uint8_t* out) {
    const uint64_t costs[5] = {filterCost<0>(row, above, size, bpp), filterCost<1>(row, above, size, bpp),
                               filterCost<2>(row, above, size, bpp), filterCost<3>(row, above, size, bpp),
                               filterCost<4>(row, above, size, bpp)};
    const int best = int(std::min_element(costs, costs + 5) - costs);
    out[0] = uint8_t(best);
    switch (best) {
    case 0: applyFilter<0>(row, above, size, bpp, out + 1); break;
    case 1: applyFilter<1>(row, above, size, bpp, out + 1); break;
    case 2: applyFilter<2>(row, above, size, bpp, out + 1); break;
    case 3: applyFilter<3>(row, above, size, bpp, out + 1); break;
    default: applyFilter<4>(row, above, size, bpp, out + 1); break;
    }
}

// An RGBA image's scanlines as PNG stores them (16-bit samples big-endian).
struct Scanlines {
    int width, height, bitDepth;
    const uint8_t* pixels8;
    const uint16_t* pixels16;

    size_t rowBytes() const { return size_t(width) * 4 * (bitDepth / 8); }
    // Row y, in `scratch` when it must be converted.
    const uint8_t* row(int y, std::vector<uint8_t>* scratch) const {
        if (bitDepth == 8) return pixels8 + size_t(y) * rowBytes();
        scratch->resize(rowBytes());
        const uint16_t* src = pixels16 + size_t(y) * width * 4;
        for (size_t i = 0; i < size_t(width) * 4; ++i) {
            (*scratch)[2 * i] = uint8_t(src[i] >> 8);
            (*scratch)[2 * i + 1] = uint8_t(src[i]);
        }
        return scratch->data();
    }
};

struct Strip {
    std::vector<uint8_t> deflated;
    uint32_t crc = 0, adler = 1;
    size_t rawSize = 0;
};

void encodeStrip(const Scanlines& image, int y0, int y1, bool last, Strip* strip) {
    const size_t rowBytes = image.rowBytes();
    const int bpp = image.bitDepth / 2; // bytes per pixel: 4 samples
    std::vector<uint8_t> raw((rowBytes + 1) * size_t(y1 - y0)), zeros(rowBytes, 0), scratchA, scratchB;
    const uint8_t* above = y0 > 0 ? image.row(y0 - 1, &scratchA) : zeros.data();
    for (int y = y0; y < y1; ++y) {
        const uint8_t* row = image.row(y, &scratchB);
        filterRow(row, above, rowBytes, bpp, raw.data() + size_t(y - y0) * (rowBytes + 1));
        std::swap(scratchA, scratchB); // `row` now lives in scratchA (if converted)
        above = image.bitDepth == 8 ? row : scratchA.data();
    }
    strip->rawSize = raw.size();
    strip->adler = adler32(raw.data(), raw.size());
    strip->deflated.reserve(raw.size() / 2);
    deflateStrip(raw.data(), raw.size(), last, &strip->deflated);
    strip->crc = chunkCrc("IDAT", strip->deflated.data(), strip->deflated.size());
}

bool encodeRgbaPng(const Scanlines& image, std::vector<uint8_t>* png) {
    if (image.width <= 0 || image.height <= 0 || image.width > (1 << 24) || image.height > (1 << 24)) return false;
    const int rowsPerStrip = int(std::max<size_t>(1, (size_t(1) << 20) / (image.rowBytes() + 1)));
    std::vector<Strip> strips(size_t((image.height + rowsPerStrip - 1) / rowsPerStrip));
    std::atomic<size_t> next{0};
    auto worker = [&] {
        for (size_t s; (s = next.fetch_add(1)) < strips.size();) {
            const int y0 = int(s) * rowsPerStrip;
            encodeStrip(image, y0, std::min(y0 + rowsPerStrip, image.height), s + 1 == strips.size(), &strips[s]);
        }
    };
    const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, strips.size());
    std::vector<std::thread> workers;
    for (size_t t = 1; t < threads; ++t) workers.emplace_back(worker);
    worker();
    for (auto& w : workers) w.join();

    size_t total = 64;
    for (const Strip& s : strips) total += s.deflated.size() + 12;
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    png->assign(signature, signature + 8);
    png->reserve(total);
    const uint32_t w = uint32_t(image.width), h = uint32_t(image.height);
    const uint8_t header[13] = {uint8_t(w >> 24), uint8_t(w >> 16), uint8_t(w >> 8), uint8_t(w),
                                uint8_t(h >> 24), uint8_t(h >> 16), uint8_t(h >> 8), uint8_t(h),
                                uint8_t(image.bitDepth), 6, 0, 0, 0}; // RGBA, deflate, adaptive filters, no interlace
    putChunk(png, "IHDR", header, sizeof header, chunkCrc("IHDR", header, sizeof header));
    // The zlib header and trailer in IDAT chunks of their own: decoders join all IDAT data.
    const uint8_t zlibHeader[2] = {0x78, 0x01}; // deflate, 32K window, fastest
    putChunk(png, "IDAT", zlibHeader, 2, chunkCrc("IDAT", zlibHeader, 2));
    uint32_t adler = 1;
    for (const Strip& s : strips) {
        putChunk(png, "IDAT", s.deflated.data(), s.deflated.size(), s.crc);
        adler = adler32Combine(adler, s.adler, s.rawSize);
    }
    const uint8_t trailer[4] = {uint8_t(adler >> 24), uint8_t(adler >> 16), uint8_t(adler >> 8), uint8_t(adler)};
    putChunk(png, "IDAT", trailer, 4, chunkCrc("IDAT", trailer, 4));
    putChunk(png, "IEND", nullptr, 0, chunkCrc("IEND", nullptr, 0));
    return true;
}

} // namespace

bool encodePng(const ImageRGBA8& image, std::vector<uint8_t>* png) {
    if (image.pixels.size() != size_t(image.width) * image.height * 4) return false;
    return encodeRgbaPng({image.width, image.height, 8, image.pixels.data(), nullptr}, png);
}

bool encodePng16(const ImageRGBA16& image, std::vector<uint8_t>* png) {
    if (image.pixels.size() != size_t(image.width) * image.height * 4) return false;
    return encodeRgbaPng({image.width, image.height, 16, nullptr, image.pixels.data()}, png);
}

bool checkPng(const std::string& path, PngInfo* info, std::string* error) {
    std::vector<uint8_t> bytes;
    if (!readFile(path, &bytes, error)) return false;
    auto bad = [&](const char* why) {
        *error = path + ": " + why;
        return false;
    };
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (bytes.size() < 8 || std::memcmp(bytes.data(), signature, 8) != 0) return bad("not a PNG file");
    size_t at = 8;
    bool sawHeader = false;
    while (at + 12 <= bytes.size()) {
        const size_t length = getU32(&bytes[at]);
        if (length > bytes.size() - at - 12) return bad("truncated PNG");
        const uint8_t* type = &bytes[at + 4];
        if (crc32(0, type, length + 4) != getU32(type + 4 + length)) return bad("corrupt PNG (chunk CRC mismatch)");
        if (!sawHeader) {
            if (std::memcmp(type, "IHDR", 4) != 0 || length != 13) return bad("corrupt PNG (no IHDR)");
            info->width = int(getU32(type + 4));
            info->height = int(getU32(type + 8));
            info->bitDepth = type[12];
            info->colorType = type[13];
            sawHeader = true;
        } else if (std::memcmp(type, "IEND", 4) == 0) {
            if (at + 12 != bytes.size()) return bad("corrupt PNG (data after IEND)");
            return true;
        }
        at += 12 + length;
    }
    return bad("truncated PNG");
}

} // namespace kresy
