// Web Mercator tile math and the Terrarium / Mapbox elevation codecs. Expected values come
// from the slippy-map formulas evaluated independently (worked out in the comments), and the
// PNG rejection tests use PNGs assembled byte by byte below, not by the code under test.

#include "terrain/tile.h"

#include "core/geodesy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace kresy {
namespace {

// ---- A minimal PNG writer: stored (uncompressed) deflate blocks, so it needs no zlib and can
// produce what stb cannot (16-bit samples) and what we must reject (grey, non-square). ----

uint32_t crc32(const std::vector<uint8_t>& bytes, size_t begin) {
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = begin; i < bytes.size(); ++i) {
        crc ^= bytes[i];
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

void putBigEndian32(std::vector<uint8_t>* out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out->push_back(uint8_t(v >> shift));
}

void putChunk(std::vector<uint8_t>* png, const char* type, const std::vector<uint8_t>& data) {
    putBigEndian32(png, uint32_t(data.size()));
    const size_t typeStart = png->size();
    png->insert(png->end(), type, type + 4);
    png->insert(png->end(), data.begin(), data.end());
    std::vector<uint8_t> covered(png->begin() + long(typeStart), png->end());
    putBigEndian32(png, crc32(covered, 0));
}

std::vector<uint8_t> zlibStored(const std::vector<uint8_t>& raw) {
    std::vector<uint8_t> z = {0x78, 0x01};
    size_t i = 0;
    do {
        const size_t n = std::min<size_t>(65535, raw.size() - i);
        const bool last = i + n == raw.size();
        z.push_back(last ? 1 : 0); // BFINAL, BTYPE = 00 (stored)
        z.push_back(uint8_t(n));
        z.push_back(uint8_t(n >> 8));
        z.push_back(uint8_t(~n));
        z.push_back(uint8_t(~n >> 8));
        z.insert(z.end(), raw.begin() + long(i), raw.begin() + long(i + n));
        i += n;
    } while (i < raw.size());
    uint32_t a = 1, b = 0;
    for (uint8_t byte : raw) {
        a = (a + byte) % 65521;
        b = (b + a) % 65521;
    }
    putBigEndian32(&z, (b << 16) | a);
    return z;
}

std::vector<uint8_t> ihdr(int w, int h, int bitDepth, int colorType) {
    std::vector<uint8_t> data;
    putBigEndian32(&data, uint32_t(w));
    putBigEndian32(&data, uint32_t(h));
    data.insert(data.end(), {uint8_t(bitDepth), uint8_t(colorType), 0, 0, 0});
    return data;
}

const std::vector<uint8_t> kSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

// colorType: 0 grey, 2 RGB, 4 grey+alpha, 6 RGBA. `samples` holds the rows without filter bytes.
std::vector<uint8_t> makePng(int w, int h, int bitDepth, int colorType, const std::vector<uint8_t>& samples) {
    const size_t rowBytes = samples.size() / size_t(h);
    std::vector<uint8_t> raw;
    for (int y = 0; y < h; ++y) {
        raw.push_back(0); // filter: none
        raw.insert(raw.end(), samples.begin() + long(y * rowBytes), samples.begin() + long((y + 1) * rowBytes));
    }
    std::vector<uint8_t> png = kSignature;
    putChunk(&png, "IHDR", ihdr(w, h, bitDepth, colorType));
    putChunk(&png, "IDAT", zlibStored(raw));
    putChunk(&png, "IEND", {});
    return png;
}

// ---- Tile ids ----

TEST(TileId, Validity) {
    EXPECT_TRUE(isValidTile({0, 0, 0}));
    EXPECT_FALSE(isValidTile({0, 1, 0}));
    EXPECT_FALSE(isValidTile({0, 0, 1}));
    EXPECT_TRUE(isValidTile({11, 2047, 2047}));
    EXPECT_FALSE(isValidTile({11, 2048, 0}));
    EXPECT_FALSE(isValidTile({11, 0, -1}));
    EXPECT_TRUE(isValidTile({24, (1 << 24) - 1, (1 << 24) - 1}));
    EXPECT_FALSE(isValidTile({25, 0, 0}));
    EXPECT_FALSE(isValidTile({-1, 0, 0}));
}

TEST(TileId, ChildrenAreNwNeSwSeAndTheirParentIsTheTile) {
    TileId children[4];
    childTiles({0, 0, 0}, children);
    EXPECT_EQ(children[0], (TileId{1, 0, 0}));
    EXPECT_EQ(children[1], (TileId{1, 1, 0}));
    EXPECT_EQ(children[2], (TileId{1, 0, 1}));
    EXPECT_EQ(children[3], (TileId{1, 1, 1}));

    const TileId t{11, 1159, 660};
    childTiles(t, children);
    EXPECT_EQ(children[0], (TileId{12, 2318, 1320}));
    EXPECT_EQ(children[3], (TileId{12, 2319, 1321}));
    for (const TileId& c : children) {
        EXPECT_EQ(parentTile(c), t);
        EXPECT_EQ(ancestorTile(c, 11), t);
    }
    EXPECT_EQ(parentTile(t), (TileId{10, 579, 330}));
}

TEST(TileId, AncestorShiftsOutTheLowBits) {
    // 1159 = 18 * 64 + 7, 660 = 10 * 64 + 20.
    EXPECT_EQ(ancestorTile({11, 1159, 660}, 5), (TileId{5, 18, 10}));
    EXPECT_EQ(ancestorTile({11, 1159, 660}, 0), (TileId{0, 0, 0}));
    EXPECT_EQ(ancestorTile({11, 1159, 660}, 11), (TileId{11, 1159, 660}));
    TileId walk{11, 1159, 660};
    while (walk.z > 5)
        walk = parentTile(walk);
    EXPECT_EQ(walk, ancestorTile({11, 1159, 660}, 5));
}

TEST(TileId, NameIsZoomSlashXSlashY) { EXPECT_EQ(tileName({11, 1159, 660}), "11/1159/660"); }

// ---- Bounds ----

TEST(TileBounds, ZoomZeroIsTheWholeMercatorWorld) {
    const GeoBounds b = tileBounds({0, 0, 0});
    EXPECT_DOUBLE_EQ(b.west, -180.0);
    EXPECT_DOUBLE_EQ(b.east, 180.0);
    // atan(sinh(pi)) = 85.0511287798066 degrees.
    EXPECT_NEAR(b.north, kMercatorMaxLat, 1e-12);
    EXPECT_NEAR(b.south, -kMercatorMaxLat, 1e-12);
}

TEST(TileBounds, GrodnoTileAtZoom11) {
    // lon = x / 2^11 * 360 - 180: 1159 -> 23.73046875, 1160 -> 23.90625.
    // lat = atan(sinh(pi * (1 - 2 y / 2^11))): 660 -> 53.748710796898976, 661 -> 53.64463782485652.
    const GeoBounds b = tileBounds({11, 1159, 660});
    EXPECT_DOUBLE_EQ(b.west, 23.73046875);
    EXPECT_DOUBLE_EQ(b.east, 23.90625);
    EXPECT_NEAR(b.north, 53.748710796898976, 1e-12);
    EXPECT_NEAR(b.south, 53.64463782485652, 1e-12);
    EXPECT_TRUE(b.contains(53.68, 23.83));
}

TEST(TileBounds, NeighboursShareEdgesExactly) {
    for (int z : {1, 5, 11, 18, 24}) {
        const int n = 1 << z;
        for (int x : {0, n / 3, n / 2 - 1, n - 2}) {
            for (int y : {0, n / 5, n / 2 - 1, n - 2}) {
                const GeoBounds b = tileBounds({z, x, y});
                EXPECT_EQ(b.east, tileBounds({z, x + 1, y}).west) << z << "/" << x << "/" << y;
                EXPECT_EQ(b.south, tileBounds({z, x, y + 1}).north) << z << "/" << x << "/" << y;
                EXPECT_LT(b.west, b.east);
                EXPECT_LT(b.south, b.north);
            }
        }
    }
}

TEST(TileBounds, ChildrenTileTheirParentExactly) {
    const TileId t{9, 289, 165};
    const GeoBounds p = tileBounds(t);
    TileId c[4];
    childTiles(t, c);
    EXPECT_EQ(tileBounds(c[0]).west, p.west);
    EXPECT_EQ(tileBounds(c[0]).north, p.north);
    EXPECT_EQ(tileBounds(c[3]).east, p.east);
    EXPECT_EQ(tileBounds(c[3]).south, p.south);
    EXPECT_EQ(tileBounds(c[0]).east, tileBounds(c[1]).west);
    EXPECT_EQ(tileBounds(c[0]).south, tileBounds(c[2]).north);
}

// ---- Covering ----

TEST(TilesCovering, CentralEuropeAtZoom5And11) {
    // The region 12..34 E, 45..58 N. x = (lon + 180) / 360 * 2^z;
    // y = (1 - ln(tan(lat) + sec(lat)) / pi) / 2 * 2^z.
    // z=5:  x 17.067..19.022 -> 17..19; y(58 N) 9.638, y(45 N) 11.511 -> 9..11; 3 x 3 = 9.
    // z=11: x 1092.27..1217.42 -> 1092..1217 (126); y 616.84..736.72 -> 616..736 (121); 15246.
    const GeoBounds region{12, 45, 34, 58};
    const TileRange r5 = tilesCovering(region, 5);
    EXPECT_EQ(r5.z, 5);
    EXPECT_EQ(r5.x0, 17);
    EXPECT_EQ(r5.x1, 19);
    EXPECT_EQ(r5.y0, 9);
    EXPECT_EQ(r5.y1, 11);
    EXPECT_EQ(r5.count(), 9u);
    const TileRange r11 = tilesCovering(region, 11);
    EXPECT_EQ(r11.x0, 1092);
    EXPECT_EQ(r11.x1, 1217);
    EXPECT_EQ(r11.y0, 616);
    EXPECT_EQ(r11.y1, 736);
    EXPECT_EQ(r11.count(), 15246u);
}

TEST(TilesCovering, ClampsToTheMercatorWorld) {
    const TileRange world = tilesCovering({-180, -90, 180, 90}, 3);
    EXPECT_EQ(world.x0, 0);
    EXPECT_EQ(world.y0, 0);
    EXPECT_EQ(world.x1, 7);
    EXPECT_EQ(world.y1, 7);
    EXPECT_EQ(world.count(), 64u);
    EXPECT_EQ(tilesCovering({-500, -90, 500, 90}, 0).count(), 1u);
}

TEST(TilesCovering, ATileAndItsChildrenButNoNeighbourSlivers) {
    for (const TileId t : {TileId{0, 0, 0}, TileId{11, 1159, 660}, TileId{17, 74200, 42300}, TileId{3, 7, 0}}) {
        const TileRange same = tilesCovering(tileBounds(t), t.z);
        EXPECT_EQ(same.count(), 1u) << tileName(t);
        EXPECT_EQ(same.x0, t.x) << tileName(t);
        EXPECT_EQ(same.y0, t.y) << tileName(t);
        const TileRange finer = tilesCovering(tileBounds(t), t.z + 1);
        EXPECT_EQ(finer.count(), 4u) << tileName(t);
        EXPECT_EQ(finer.x0, 2 * t.x) << tileName(t);
        EXPECT_EQ(finer.y0, 2 * t.y) << tileName(t);
    }
}

TEST(TilesCovering, EdgesOnTileBoundariesDoNotPullInTheNextTile) {
    // At z=1 the tile edges are lon 0 and lat 0; 0..90 E, 0..45 N touches only tile (1, 0).
    const TileRange r = tilesCovering({0, 0, 90, 45}, 1);
    EXPECT_EQ(r.count(), 1u);
    EXPECT_EQ(r.x0, 1);
    EXPECT_EQ(r.y0, 0);
}

TEST(TilesCovering, BoundsSpanningNothingGiveNoTiles) {
    EXPECT_EQ(tilesCovering({20, 50, 20, 55}, 8).count(), 0u);         // zero width
    EXPECT_EQ(tilesCovering({20, 55, 25, 55}, 8).count(), 0u);         // zero height
    EXPECT_EQ(tilesCovering({25, 50, 20, 55}, 8).count(), 0u);         // west > east
    EXPECT_EQ(tilesCovering({20, 86, 25, 89}, 8).count(), 0u);         // beyond the Mercator limit
    EXPECT_EQ(tilesCovering({20, NAN, 25, 55}, 8).count(), 0u);        // not a number
    EXPECT_EQ(tilesCovering(GeoBounds{}, 4).count(), 0u);
}

TEST(TilesCovering, ASmallBoxGivesTheTileHoldingIt) {
    const TileRange r = tilesCovering({23.829, 53.679, 23.831, 53.681}, 11);
    EXPECT_EQ(r.count(), 1u);
    EXPECT_EQ(r.x0, 1159);
    EXPECT_EQ(r.y0, 660);
}

// ---- tileAt ----

TEST(TileAt, Grodno) {
    // 23.83 E at z=11: (23.83 + 180) / 360 * 2048 = 1159.566222; 53.68 N: y = 660.660495.
    double u = -1, v = -1;
    const TileId t = tileAt(53.68, 23.83, 11, &u, &v);
    EXPECT_EQ(t, (TileId{11, 1159, 660}));
    EXPECT_NEAR(u, 0.5662222222, 1e-9);
    EXPECT_NEAR(v, 0.6604947249, 1e-9);
    EXPECT_EQ(tileAt(53.68, 23.83, 5), (TileId{5, 18, 10}));
    EXPECT_EQ(tileAt(53.68, 23.83, 0), (TileId{0, 0, 0}));
}

TEST(TileAt, AgreesWithTileBounds) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lat(-85, 85), lon(-180, 180);
    std::uniform_int_distribution<int> zoom(0, 20);
    for (int i = 0; i < 2000; ++i) {
        const double la = lat(rng), lo = lon(rng);
        const int z = zoom(rng);
        double u = -1, v = -1;
        const TileId t = tileAt(la, lo, z, &u, &v);
        ASSERT_TRUE(isValidTile(t));
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
        ASSERT_GE(v, 0.0);
        ASSERT_LT(v, 1.0);
        const GeoBounds b = tileBounds(t);
        EXPECT_TRUE(b.contains(la, lo)) << la << " " << lo << " " << tileName(t);
        // u is linear in longitude; v is linear in Mercator y, so go back through the inverse.
        EXPECT_NEAR(b.west + u * (b.east - b.west), lo, 1e-9);
        double backLon = 0, backLat = 0;
        tileToLonLat({t.x + u, t.y + v}, z, &backLon, &backLat);
        EXPECT_NEAR(backLat, la, 1e-9);
    }
}

TEST(TileAt, WorldEdgesStayInsideTheEdgeTiles) {
    double u = -1, v = -1;
    TileId t = tileAt(-90, 180, 4, &u, &v);
    EXPECT_EQ(t, (TileId{4, 15, 15}));
    EXPECT_LT(u, 1.0);
    EXPECT_LT(v, 1.0);
    EXPECT_GT(u, 0.999);
    EXPECT_GT(v, 0.999);
    t = tileAt(90, -180, 4, &u, &v);
    EXPECT_EQ(t, (TileId{4, 0, 0}));
    EXPECT_GE(u, 0.0);
    EXPECT_GE(v, 0.0);
    EXPECT_LT(v, 1e-9);
    EXPECT_EQ(tileAt(10, 200, 2), (TileId{2, 3, 1})); // beyond the antimeridian: clamped to it
}

// ---- Encodings ----

TEST(TileEncoding, NamesRoundTrip) {
    TileEncoding e = TileEncoding::Mapbox;
    ASSERT_TRUE(parseTileEncoding("terrarium", &e));
    EXPECT_EQ(e, TileEncoding::Terrarium);
    ASSERT_TRUE(parseTileEncoding("mapbox", &e));
    EXPECT_EQ(e, TileEncoding::Mapbox);
    for (const char* bad : {"", "Terrarium", "MAPBOX", "png", "terrarium "}) {
        e = TileEncoding::Terrarium;
        EXPECT_FALSE(parseTileEncoding(bad, &e)) << bad;
        EXPECT_EQ(e, TileEncoding::Terrarium) << bad;
    }
    EXPECT_STREQ(tileEncodingName(TileEncoding::Terrarium), "terrarium");
    EXPECT_STREQ(tileEncodingName(TileEncoding::Mapbox), "mapbox");
}

struct KnownPixel {
    TileEncoding encoding;
    float metres;
    uint8_t r, g, b;
    float decoded; // what the pixel decodes to
};

TEST(TileEncoding, KnownPixels) {
    const KnownPixel cases[] = {
        // Terrarium: h = R*256 + G + B/256 - 32768.
        {TileEncoding::Terrarium, 0.0f, 128, 0, 0, 0.0f},            // 128*256 = 32768
        {TileEncoding::Terrarium, -32768.0f, 0, 0, 0, -32768.0f},
        {TileEncoding::Terrarium, 128.5f, 128, 128, 128, 128.5f},    // 32768 + 128 + 128/256
        {TileEncoding::Terrarium, -0.5f, 127, 255, 128, -0.5f},      // 32512 + 255 + 0.5 - 32768
        {TileEncoding::Terrarium, 1.0f / 256, 128, 0, 1, 1.0f / 256},
        {TileEncoding::Terrarium, 32767.99609375f, 255, 255, 255, 32767.99609375f},
        {TileEncoding::Terrarium, 0.001f, 128, 0, 0, 0.0f},          // 0.256 of a step rounds down
        {TileEncoding::Terrarium, 0.003f, 128, 0, 1, 1.0f / 256},    // 0.768 of a step rounds up
        {TileEncoding::Terrarium, 50000.0f, 255, 255, 255, 32767.99609375f}, // clamped
        {TileEncoding::Terrarium, -50000.0f, 0, 0, 0, -32768.0f},
        // Mapbox: h = -10000 + (R*65536 + G*256 + B) * 0.1.
        {TileEncoding::Mapbox, 0.0f, 1, 134, 160, 0.0f},             // 100000 = 0x0186A0
        {TileEncoding::Mapbox, -10000.0f, 0, 0, 0, -10000.0f},
        {TileEncoding::Mapbox, 8848.86f, 2, 224, 73, 8848.9f},       // 188488.6 -> 188489 = 0x02E049
        {TileEncoding::Mapbox, 0.04f, 1, 134, 160, 0.0f},
        {TileEncoding::Mapbox, 0.06f, 1, 134, 161, 0.1f},
        {TileEncoding::Mapbox, 1667721.5f, 255, 255, 255, 1667721.5f}, // -10000 + 16777215 * 0.1
        {TileEncoding::Mapbox, 2e6f, 255, 255, 255, 1667721.5f},
        {TileEncoding::Mapbox, -11000.0f, 0, 0, 0, -10000.0f},
    };
    for (const KnownPixel& c : cases) {
        uint8_t rgb[3] = {9, 9, 9};
        encodeHeight(c.encoding, c.metres, rgb);
        const std::string what = std::string(tileEncodingName(c.encoding)) + " " + std::to_string(c.metres);
        EXPECT_EQ(rgb[0], c.r) << what;
        EXPECT_EQ(rgb[1], c.g) << what;
        EXPECT_EQ(rgb[2], c.b) << what;
        const uint8_t pixel[3] = {c.r, c.g, c.b};
        EXPECT_FLOAT_EQ(decodeHeight(c.encoding, pixel), c.decoded) << what;
    }
}

TEST(TileEncoding, NanEncodesAsSeaLevel) {
    uint8_t rgb[3];
    encodeHeight(TileEncoding::Terrarium, NAN, rgb);
    EXPECT_EQ(decodeHeight(TileEncoding::Terrarium, rgb), 0.0f);
    encodeHeight(TileEncoding::Mapbox, NAN, rgb);
    EXPECT_EQ(decodeHeight(TileEncoding::Mapbox, rgb), 0.0f);
}

TEST(TileEncoding, RoundTripErrorIsHalfAStep) {
    // Terrarium steps are 1/256 m and decode exactly in float: the error is at most 1/512.
    // Mapbox steps are 0.1 m; the decoded float adds up to half an ulp (1.2e-4 m below 4096 m).
    double worstTerrarium = 0, worstMapbox = 0;
    for (int i = 0; i <= 350000; ++i) {
        const float h = -500.0f + float(i) * 0.01f + float(i % 7) * 0.0013f;
        uint8_t rgb[3];
        encodeHeight(TileEncoding::Terrarium, h, rgb);
        worstTerrarium = std::max(worstTerrarium, std::fabs(double(decodeHeight(TileEncoding::Terrarium, rgb)) - h));
        encodeHeight(TileEncoding::Mapbox, h, rgb);
        worstMapbox = std::max(worstMapbox, std::fabs(double(decodeHeight(TileEncoding::Mapbox, rgb)) - h));
    }
    EXPECT_LE(worstTerrarium, 1.0 / 512);
    EXPECT_GT(worstTerrarium, 1.0 / 1024); // the test did exercise rounding
    EXPECT_LE(worstMapbox, 0.05 + 1.3e-4);
    EXPECT_GT(worstMapbox, 0.04);
}

// ---- PNG tiles ----

HeightTile sampleTile(int size) {
    HeightTile tile;
    tile.size = size;
    for (int j = 0; j < size; ++j)
        for (int i = 0; i < size; ++i)
            tile.heights.push_back(float(1250.0 + 1700.0 * std::sin(i * 0.05) * std::cos(j * 0.07) + 0.37 * i));
    return tile;
}

TEST(HeightTilePng, DecodesAHandMadeRgbTile) {
    // 2x2 Terrarium, row 0 north: (128,0,0) (128,128,128) / (0,0,0) (255,255,255).
    const std::vector<uint8_t> png = makePng(2, 2, 8, 2, {128, 0, 0, 128, 128, 128, 0, 0, 0, 255, 255, 255});
    HeightTile tile;
    std::string error;
    ASSERT_TRUE(decodeHeightTile(png, TileEncoding::Terrarium, &tile, &error)) << error;
    EXPECT_EQ(tile.size, 2);
    ASSERT_EQ(tile.heights.size(), 4u);
    EXPECT_EQ(tile.heights[0], 0.0f);
    EXPECT_EQ(tile.heights[1], 128.5f);
    EXPECT_EQ(tile.heights[2], -32768.0f);
    EXPECT_EQ(tile.heights[3], 32767.99609375f);
}

TEST(HeightTilePng, DecodesRgbaIgnoringAlpha) {
    // 1x1 Mapbox (1,134,160) = 0 m with alpha 0, then alpha 255.
    for (uint8_t alpha : {uint8_t(0), uint8_t(255)}) {
        HeightTile tile;
        std::string error;
        ASSERT_TRUE(decodeHeightTile(makePng(1, 1, 8, 6, {1, 134, 161, alpha}), TileEncoding::Mapbox, &tile, &error))
            << error;
        ASSERT_EQ(tile.heights.size(), 1u);
        EXPECT_FLOAT_EQ(tile.heights[0], 0.1f);
    }
}

TEST(HeightTilePng, EncodesRgbAndRoundTrips256) {
    const HeightTile original = sampleTile(256);
    for (TileEncoding encoding : {TileEncoding::Terrarium, TileEncoding::Mapbox}) {
        const std::vector<uint8_t> png = encodeHeightTile(original, encoding);
        ASSERT_GT(png.size(), 33u);
        // IHDR: width and height (big-endian) at bytes 16..23, bit depth 8, colour type 2 (RGB).
        EXPECT_EQ(png[18], 1); // 256 = 0x00000100
        EXPECT_EQ(png[22], 1);
        EXPECT_EQ(png[24], 8);
        EXPECT_EQ(png[25], 2);
        HeightTile decoded;
        std::string error;
        ASSERT_TRUE(decodeHeightTile(png, encoding, &decoded, &error)) << error;
        ASSERT_EQ(decoded.size, 256);
        ASSERT_EQ(decoded.heights.size(), original.heights.size());
        const double tolerance = encoding == TileEncoding::Terrarium ? 1.0 / 512 : 0.05 + 1.3e-4;
        double worst = 0;
        for (size_t i = 0; i < original.heights.size(); ++i)
            worst = std::max(worst, std::fabs(double(decoded.heights[i]) - original.heights[i]));
        EXPECT_LE(worst, tolerance) << tileEncodingName(encoding);
        // Row 0 is north: the first pixel decodes from the first height, not a flipped one.
        EXPECT_NEAR(decoded.heights[0], original.heights[0], tolerance);
        EXPECT_NEAR(decoded.heights[255 * 256], original.heights[255 * 256], tolerance);
    }
}

TEST(HeightTilePng, EncodeRejectsMalformedTiles) {
    HeightTile empty;
    EXPECT_TRUE(encodeHeightTile(empty, TileEncoding::Terrarium).empty());
    HeightTile wrong = sampleTile(4);
    wrong.heights.pop_back();
    EXPECT_TRUE(encodeHeightTile(wrong, TileEncoding::Terrarium).empty());
}

// Decoding must fail with a message containing `expected`, leaving the tile untouched.
void expectRejected(const std::vector<uint8_t>& png, const std::string& expected) {
    HeightTile tile;
    tile.size = 7;
    std::string error;
    EXPECT_FALSE(decodeHeightTile(png, TileEncoding::Terrarium, &tile, &error));
    EXPECT_NE(error.find(expected), std::string::npos) << "error: " << error << "\nexpected: " << expected;
    EXPECT_EQ(tile.size, 7);
    EXPECT_TRUE(tile.heights.empty());
}

TEST(HeightTilePng, RejectsWhatIsNotAPng) {
    expectRejected({}, "not a PNG (the data is empty)");
    std::mt19937 rng(42);
    std::vector<uint8_t> noise(1000);
    for (uint8_t& b : noise)
        b = uint8_t(rng());
    expectRejected(noise, "not a PNG");
    expectRejected({'G', 'I', 'F', '8', '9', 'a'}, "not a PNG");
    std::vector<uint8_t> signedNoise = kSignature;
    signedNoise.insert(signedNoise.end(), noise.begin(), noise.end());
    expectRejected(signedNoise, "truncated or corrupt PNG (");
}

TEST(HeightTilePng, RejectsATruncatedPng) {
    const std::vector<uint8_t> png = encodeHeightTile(sampleTile(256), TileEncoding::Terrarium);
    ASSERT_FALSE(png.empty());
    const std::vector<uint8_t> half(png.begin(), png.begin() + long(png.size() / 2));
    expectRejected(half, "truncated or corrupt PNG (");
    const std::vector<uint8_t> headerOnly(png.begin(), png.begin() + 20); // cut inside IHDR
    expectRejected(headerOnly, "truncated or corrupt PNG (");
}

TEST(HeightTilePng, RejectsNonSquareTiles) {
    expectRejected(makePng(300, 256, 8, 2, std::vector<uint8_t>(300 * 256 * 3, 128)),
                   "tile is 300x256 px; elevation tiles are square");
}

TEST(HeightTilePng, RejectsTilesOver4096Pixels) {
    // Only the header is needed: the size is checked before any pixel is decoded.
    std::vector<uint8_t> png = kSignature;
    putChunk(&png, "IHDR", ihdr(4097, 4097, 8, 2));
    putChunk(&png, "IEND", {});
    expectRejected(png, "tile is 4097 px wide");
}

TEST(HeightTilePng, Rejects16BitTiles) {
    // 2x2 RGB with 16-bit samples (12 bytes per row).
    expectRejected(makePng(2, 2, 16, 2, std::vector<uint8_t>(24, 0x80)), "16-bit");
}

TEST(HeightTilePng, RejectsGreyTiles) {
    // Grey expanded to R = G = B would decode to nonsense heights.
    expectRejected(makePng(2, 2, 8, 0, {1, 2, 3, 4}), "1 channel (grey)");
    expectRejected(makePng(2, 2, 8, 4, {1, 255, 2, 255, 3, 255, 4, 255}), "2 channels (grey and alpha)");
}

// Found by tests/fuzz (fuzz_tile_png): for an empty IDAT chunk before any image data, stb_image
// copied 0 bytes to a null pointer (undefined behaviour). Empty IDAT chunks are legal and carry
// nothing; the decoder leaves them out.
TEST(HeightTilePng, DecodesAPngWithEmptyIdatChunks) {
    std::vector<uint8_t> png = kSignature;
    putChunk(&png, "IHDR", ihdr(2, 2, 8, 2));
    putChunk(&png, "IDAT", {});
    putChunk(&png, "IDAT", zlibStored({0, 128, 0, 0, 128, 128, 128, 0, 0, 0, 0, 255, 255, 255}));
    putChunk(&png, "IDAT", {});
    putChunk(&png, "IEND", {});
    HeightTile tile;
    std::string error;
    ASSERT_TRUE(decodeHeightTile(png, TileEncoding::Terrarium, &tile, &error)) << error;
    ASSERT_EQ(tile.size, 2);
    EXPECT_EQ(tile.heights, (std::vector<float>{0.0f, 128.5f, -32768.0f, 32767.99609375f}));
}

TEST(HeightTilePng, RejectsAPngCutInsideAnEmptyIdat) {
    // The fuzzer's input, minimised (tests/fuzz/corpus/tile_png/crash-empty-idat-truncated.png):
    // a 16x16 RGB header (its CRC wrong) and an empty IDAT chunk cut before its CRC.
    std::vector<uint8_t> png = kSignature;
    png.insert(png.end(), {0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 16, 0, 0, 0, 16, 8, 2, 0, 0, 0, 1, 0, 0, 0,
                           0, 0, 0, 0, 'I', 'D', 'A', 'T'});
    ASSERT_EQ(png.size(), 41u);
    expectRejected(png, "truncated or corrupt PNG (the IDAT chunk at byte 33 runs past the end of the data)");
}

// Found by tests/fuzz (fuzz_tile_png): stb_image allocates what an IDAT chunk claims before it
// reads the bytes, so 61 bytes made it take 2 GiB. A chunk that runs past the end is refused
// first (tests/fuzz/corpus/tile_png/crash-idat-claims-2gib.png).
TEST(HeightTilePng, RejectsAChunkRunningPastTheEndBeforeDecoding) {
    std::vector<uint8_t> png = kSignature;
    putChunk(&png, "IHDR", ihdr(16, 16, 8, 2));
    putChunk(&png, "IDAT", {0x78, 0xda, 0x01, 0x02});
    const size_t second = png.size();
    putBigEndian32(&png, 0x7ffffff0u);
    png.insert(png.end(), {'I', 'D', 'A', 'T', 0, 0, 0, 0});
    expectRejected(png, "truncated or corrupt PNG (the IDAT chunk at byte " + std::to_string(second) +
                            " runs past the end of the data)");
    // The same for a chunk of any other type, and for a PNG that stops before its IEND.
    std::vector<uint8_t> text(png.begin(), png.begin() + long(second));
    putBigEndian32(&text, 1000);
    text.insert(text.end(), {'t', 'E', 'X', 't', 'k', 0, 'v'});
    expectRejected(text, "the tEXt chunk at byte " + std::to_string(second) + " runs past the end of the data");
    expectRejected(std::vector<uint8_t>(png.begin(), png.begin() + long(second)),
                   "truncated or corrupt PNG (the data ends before the IEND chunk)");
}

TEST(HeightTilePng, HandMadePngsAreValid) {
    // The writer above is only trusted because a good one decodes.
    HeightTile tile;
    std::string error;
    EXPECT_TRUE(decodeHeightTile(makePng(3, 3, 8, 2, std::vector<uint8_t>(27, 128)), TileEncoding::Terrarium, &tile,
                                 &error))
        << error;
}

} // namespace
} // namespace kresy
