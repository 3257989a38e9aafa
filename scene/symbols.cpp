#include "symbols.h"

#include <glm/glm.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>

namespace kresy {

namespace {

using glm::vec2;

// Geometry is in cell units (the cell is 1 x 1, y down), relative to the anchor (the frame's
// centre). Sizes follow APP-6's proportions: the friend frame is 1.5 x 1, the hostile diamond
// and the unknown quatrefoil span about 1.44, the neutral square 1.1, all in friend heights.
constexpr float kFriendHalfHeight = 0.20f;
constexpr vec2 kFriendHalf{0.30f, kFriendHalfHeight};
constexpr float kHostileHalfDiagonal = 0.29f;
constexpr float kNeutralHalf = 0.22f;
constexpr float kUnknownLobeOffset = 0.14f; // lobe centres on the axes
constexpr float kUnknownLobeRadius = 0.15f;
constexpr float kStaffBottom = 0.365f; // where the HQ staff ends, below the anchor

// Stroke widths in cell units, and the thinnest a stroke may get, in pixels.
constexpr float kFrameStroke = 0.036f;
constexpr float kIconStroke = 0.032f;
constexpr float kMarkStroke = 0.026f;
constexpr float kMinStrokePixels = 1.3f;
constexpr float kHaloPixels = 1.5f;

// Echelon marks sit on a band above the frame; status marks in the cell's top-right corner.
constexpr float kEchelonGap = 0.035f; // above the outline's outer edge
constexpr float kEchelonHeight = 0.11f;
constexpr float kCrossWidth = 0.065f;
constexpr float kCrossPitch = 0.125f;
constexpr float kBarPitch = 0.05f;
constexpr vec2 kStatusMarkCentre{0.40f, -0.39f};
constexpr float kStatusMarkHalf = 0.08f;
constexpr float kPaleFill = 0.4f; // fill level of surrendered and disbanded units

struct Shape {
    enum class Kind : uint8_t {
        Segment,  // a..b, stroked
        Stadium,  // outline of the capsule around a..b with radius r
        Ring,     // circle outline, centre a, radius r
        LowerArc, // the lower half of a ring
        Disc,     // filled circle, centre a, radius r
        Ellipse,  // filled, centre a, radii b
        Box,      // centre a, half extents b; filled, or outlined when halfWidth > 0
    };
    Kind kind = Kind::Segment;
    vec2 a{0}, b{0};
    float r = 0;
    float halfWidth = 0;
    bool clipToFrame = false; // cut at the frame's outline (lines that span the frame)
};

struct SymbolGeometry {
    SymbolAffiliation frame = SymbolAffiliation::Friend;
    float frameHalfWidth = 0;
    bool frameDashed = false;
    float fillLevel = 1;
    std::vector<Shape> lines;    // G
    std::vector<Shape> haloOnly; // B only: light parts such as the white flag
};

float boxDistance(vec2 p, vec2 half) {
    vec2 d = glm::abs(p) - half; // mitred: frames have sharp corners
    return std::max(d.x, d.y);
}

float segmentDistance(vec2 p, vec2 a, vec2 b) {
    vec2 ab = b - a;
    float t = glm::clamp(glm::dot(p - a, ab) / std::max(glm::dot(ab, ab), 1e-12f), 0.0f, 1.0f);
    return glm::length(p - a - t * ab);
}

float frameDistance(SymbolAffiliation frame, vec2 p) {
    switch (frame) {
    case SymbolAffiliation::Friend:
        return boxDistance(p, kFriendHalf);
    case SymbolAffiliation::Hostile:
        return (std::abs(p.x) + std::abs(p.y) - kHostileHalfDiagonal) * 0.70710678f;
    case SymbolAffiliation::Neutral:
        return boxDistance(p, vec2(kNeutralHalf));
    case SymbolAffiliation::Unknown: {
        // Four lobes, plus a centre square so the middle reads as deep inside.
        float d = boxDistance(p, vec2(kUnknownLobeOffset));
        const vec2 lobes[4] = {{kUnknownLobeOffset, 0}, {-kUnknownLobeOffset, 0},
                               {0, kUnknownLobeOffset}, {0, -kUnknownLobeOffset}};
        for (vec2 c : lobes)
            d = std::min(d, glm::length(p - c) - kUnknownLobeRadius);
        return d;
    }
    }
    return 1;
}

float frameTop(SymbolAffiliation frame) {
    switch (frame) {
    case SymbolAffiliation::Friend: return -kFriendHalf.y;
    case SymbolAffiliation::Hostile: return -kHostileHalfDiagonal;
    case SymbolAffiliation::Neutral: return -kNeutralHalf;
    case SymbolAffiliation::Unknown: return -(kUnknownLobeOffset + kUnknownLobeRadius);
    }
    return 0;
}

// Half extents of the frame's bounding box.
vec2 frameBounds(SymbolAffiliation frame) {
    float top = -frameTop(frame);
    return frame == SymbolAffiliation::Friend ? kFriendHalf : vec2(top);
}

// Where the HQ staff leaves the frame: the lower-left corner, or the leftmost point.
vec2 staffTop(SymbolAffiliation frame) {
    switch (frame) {
    case SymbolAffiliation::Friend: return {-kFriendHalf.x, kFriendHalf.y};
    case SymbolAffiliation::Neutral: return {-kNeutralHalf, kNeutralHalf};
    default: return {frameTop(frame), 0};
    }
}

// The box that frame-spanning icon lines (infantry X, cavalry slash, anti-tank V) run
// through before they are extended and cut at the outline: the friend frame itself, the
// neutral square (so its X runs corner to corner), and a smaller 1.5:1 box for the others.
vec2 spanBox(SymbolAffiliation frame) {
    switch (frame) {
    case SymbolAffiliation::Friend: return kFriendHalf;
    case SymbolAffiliation::Neutral: return vec2(kNeutralHalf);
    default: return kFriendHalf * 0.8f;
    }
}

// Scale of the central icons (oval, dot, bridge, anchor...), so they fit inside every frame.
float iconScale(SymbolAffiliation frame) {
    switch (frame) {
    case SymbolAffiliation::Friend: return kFriendHalfHeight;
    case SymbolAffiliation::Neutral: return kFriendHalfHeight * 0.9f;
    default: return kFriendHalfHeight * 0.8f;
    }
}

Shape segment(vec2 a, vec2 b, float halfWidth, bool clip = false) {
    return {Shape::Kind::Segment, a, b, 0, halfWidth, clip};
}

// A line through a and b, run far past both ends and cut at the frame's outline.
Shape spanningLine(vec2 a, vec2 b, float halfWidth) {
    vec2 dir = glm::normalize(b - a);
    return segment(a - dir, b + dir, halfWidth, true);
}

void addInfantryCross(SymbolGeometry& g, float w) {
    vec2 s = spanBox(g.frame);
    g.lines.push_back(spanningLine({-s.x, -s.y}, {s.x, s.y}, w));
    g.lines.push_back(spanningLine({-s.x, s.y}, {s.x, -s.y}, w));
}

void addArmourOval(SymbolGeometry& g, float w) {
    float k = iconScale(g.frame);
    g.lines.push_back({Shape::Kind::Stadium, {-0.55f * k, 0}, {0.55f * k, 0}, 0.42f * k, w});
}

void addPolyline(SymbolGeometry& g, const vec2* points, int count, float scale, float w) {
    for (int i = 0; i + 1 < count; ++i)
        g.lines.push_back(segment(points[i] * scale, points[i + 1] * scale, w));
}

// The central icons, drawn in friend-height units and scaled to the frame.
void addCentralIcon(SymbolGeometry& g, SymbolType type, float w) {
    float k = iconScale(g.frame);
    switch (type) {
    case SymbolType::Artillery:
        g.lines.push_back({Shape::Kind::Disc, {0, 0}, {}, 0.32f * k});
        break;
    case SymbolType::Engineer: {
        const vec2 bar[4] = {{-0.85f, 0.3f}, {-0.85f, -0.25f}, {0.85f, -0.25f}, {0.85f, 0.3f}};
        addPolyline(g, bar, 4, k, w);
        g.lines.push_back(segment(vec2(0, -0.25f) * k, vec2(0, 0.3f) * k, w));
        break;
    }
    case SymbolType::Militia: {
        const vec2 m[5] = {{-0.5f, 0.45f}, {-0.5f, -0.45f}, {0, 0.15f}, {0.5f, -0.45f}, {0.5f, 0.45f}};
        addPolyline(g, m, 5, k, w);
        break;
    }
    case SymbolType::Air: // a two-bladed propeller seen from the front
        g.lines.push_back({Shape::Kind::Ellipse, vec2(-0.42f, 0) * k, vec2(0.42f, 0.2f) * k});
        g.lines.push_back({Shape::Kind::Ellipse, vec2(0.42f, 0) * k, vec2(0.42f, 0.2f) * k});
        g.lines.push_back({Shape::Kind::Disc, {0, 0}, {}, 0.12f * k});
        break;
    case SymbolType::Navy: { // an anchor: ring, stock, shank and arms
        float a = k * 0.85f;
        g.lines.push_back({Shape::Kind::Ring, vec2(0, -0.72f) * a, {}, 0.16f * a, w});
        g.lines.push_back(segment(vec2(-0.38f, -0.38f) * a, vec2(0.38f, -0.38f) * a, w));
        g.lines.push_back(segment(vec2(0, -0.56f) * a, vec2(0, 0.62f) * a, w));
        g.lines.push_back({Shape::Kind::LowerArc, vec2(0, 0.05f) * a, {}, 0.58f * a, w});
        break;
    }
    default:
        break;
    }
}

void addIcon(SymbolGeometry& g, SymbolType type, float w) {
    vec2 s = spanBox(g.frame);
    switch (type) {
    case SymbolType::Infantry: addInfantryCross(g, w); break;
    case SymbolType::Cavalry: g.lines.push_back(spanningLine({-s.x, s.y}, {s.x, -s.y}, w)); break;
    case SymbolType::Armour: addArmourOval(g, w); break;
    case SymbolType::Motorised:
        addInfantryCross(g, w);
        g.lines.push_back(spanningLine({0, -s.y}, {0, s.y}, w));
        break;
    case SymbolType::Mechanised:
        addInfantryCross(g, w);
        addArmourOval(g, w);
        break;
    case SymbolType::AntiTank: // an inverted V from the bottom corners to the top middle
        g.lines.push_back(segment({-s.x * 2, s.y * 3}, {0, -s.y}, w, true));
        g.lines.push_back(segment({s.x * 2, s.y * 3}, {0, -s.y}, w, true));
        break;
    case SymbolType::BorderGuard: { // infantry under a solid band along the top: the border
        addInfantryCross(g, w);
        vec2 b = frameBounds(g.frame);
        bool flatTop = g.frame == SymbolAffiliation::Friend || g.frame == SymbolAffiliation::Neutral;
        float depth = (flatTop ? 0.3f : 0.4f) * b.y;
        g.lines.push_back({Shape::Kind::Box, {0, -b.y}, {b.x, depth}, 0, 0, true});
        break;
    }
    case SymbolType::Hq:
        g.lines.push_back(segment(staffTop(g.frame), {staffTop(g.frame).x, kStaffBottom}, w));
        break;
    case SymbolType::Supply: g.lines.push_back(spanningLine({-s.x, 0.5f * s.y}, {s.x, 0.5f * s.y}, w)); break;
    case SymbolType::Other: break;
    default: addCentralIcon(g, type, w); break;
    }
}

// II / III are vertical bars, X... XXXXX crosses, centred on a band above the frame.
void addEchelon(SymbolGeometry& g, SymbolEchelon echelon, float w) {
    int level = int(echelon);
    if (level == 0)
        return;
    // The diamond's mitred outline reaches further above its tip than the others' edges.
    float outline = g.frameHalfWidth * (g.frame == SymbolAffiliation::Hostile ? 1.42f : 1.0f);
    float bottom = frameTop(g.frame) - outline - kEchelonGap - w, top = bottom - kEchelonHeight;
    bool bars = level <= 2;
    int n = bars ? level + 1 : level - 2;
    float pitch = bars ? kBarPitch : kCrossPitch;
    for (int i = 0; i < n; ++i) {
        float x = (float(i) - 0.5f * float(n - 1)) * pitch;
        if (bars) {
            g.lines.push_back(segment({x, top}, {x, bottom}, w));
            continue;
        }
        float h = 0.5f * kCrossWidth;
        g.lines.push_back(segment({x - h, top}, {x + h, bottom}, w));
        g.lines.push_back(segment({x - h, bottom}, {x + h, top}, w));
    }
}

void addCrossedSwords(SymbolGeometry& g, float w) {
    vec2 c = kStatusMarkCentre;
    float m = kStatusMarkHalf;
    for (float side : {-1.0f, 1.0f}) {
        vec2 hilt = c + vec2(side * m, m), tip = c + vec2(-side * m, -m);
        vec2 along = glm::normalize(tip - hilt), across(-along.y, along.x);
        vec2 guard = hilt + along * (0.55f * m);
        g.lines.push_back(segment(hilt, tip, w));
        g.lines.push_back(segment(guard - across * (0.4f * m), guard + across * (0.4f * m), w));
    }
}

void addWhiteFlag(SymbolGeometry& g, float w) {
    vec2 c = kStatusMarkCentre;
    float m = kStatusMarkHalf;
    vec2 flagCentre = c + vec2(0.15f * m, -0.55f * m), flagHalf(0.85f * m, 0.5f * m);
    g.lines.push_back(segment(c + vec2(-m, 1.1f * m), c + vec2(-m, -1.05f * m), w));
    g.lines.push_back({Shape::Kind::Box, flagCentre, flagHalf, 0, w});
    g.haloOnly.push_back({Shape::Kind::Box, flagCentre, flagHalf});
}

void addStatus(SymbolGeometry& g, SymbolStatus status, float markStroke, float frameStroke) {
    switch (status) {
    case SymbolStatus::Active: break;
    case SymbolStatus::Engaged: // a heavier frame and crossed swords
        g.frameHalfWidth *= 1.7f;
        addCrossedSwords(g, markStroke);
        break;
    case SymbolStatus::Surrendered:
        g.fillLevel = kPaleFill;
        addWhiteFlag(g, markStroke);
        break;
    case SymbolStatus::Destroyed: { // APP-6's operational condition "destroyed": an X across
        vec2 b = frameBounds(g.frame) + vec2(0.05f);
        g.lines.push_back(segment(-b, b, frameStroke));
        g.lines.push_back(segment({-b.x, b.y}, {b.x, -b.y}, frameStroke));
        break;
    }
    case SymbolStatus::Disbanded:
        g.fillLevel = kPaleFill;
        g.frameDashed = true;
        break;
    }
}

SymbolGeometry buildGeometry(const SymbolKey& key, int cellPixels) {
    float minHalf = 0.5f * kMinStrokePixels / float(cellPixels);
    auto half = [&](float width) { return std::max(0.5f * width, minHalf); };
    SymbolGeometry g;
    g.frame = key.affiliation;
    g.frameHalfWidth = half(kFrameStroke);
    addIcon(g, key.type, half(kIconStroke));
    addStatus(g, key.status, half(kMarkStroke), half(kFrameStroke)); // may thicken the frame
    addEchelon(g, key.echelon, half(kMarkStroke));
    return g;
}

float shapeDistance(const Shape& s, vec2 p) {
    switch (s.kind) {
    case Shape::Kind::Segment: return segmentDistance(p, s.a, s.b) - s.halfWidth;
    case Shape::Kind::Stadium: return std::abs(segmentDistance(p, s.a, s.b) - s.r) - s.halfWidth;
    case Shape::Kind::Ring: return std::abs(glm::length(p - s.a) - s.r) - s.halfWidth;
    case Shape::Kind::LowerArc: {
        if (p.y >= s.a.y)
            return std::abs(glm::length(p - s.a) - s.r) - s.halfWidth;
        float toEnds = std::min(glm::length(p - s.a - vec2(s.r, 0)), glm::length(p - s.a + vec2(s.r, 0)));
        return toEnds - s.halfWidth;
    }
    case Shape::Kind::Disc: return glm::length(p - s.a) - s.r;
    case Shape::Kind::Ellipse:
        return (glm::length((p - s.a) / s.b) - 1) * std::min(s.b.x, s.b.y);
    case Shape::Kind::Box: {
        float d = boxDistance(p - s.a, s.b);
        return s.halfWidth > 0 ? std::abs(d) - s.halfWidth : d;
    }
    }
    return 1;
}

// Dashes around the frame: 16 per turn about its centre, gaps as long as dashes.
float dashDistance(vec2 p) {
    constexpr float kDashes = 16, kTwoPi = 6.2831853f;
    float t = std::atan2(p.y, p.x) / kTwoPi * kDashes;
    float f = t - std::floor(t);
    return (std::abs(f - 0.5f) - 0.25f) * kTwoPi * glm::length(p) / kDashes;
}

uint8_t coverage(float distance, float pixelsPerUnit, float level = 1) {
    float c = glm::clamp(0.5f - distance * pixelsPerUnit, 0.0f, 1.0f) * level;
    return uint8_t(std::lround(c * 255));
}

SymbolKey keyFromIndex(uint32_t index) {
    SymbolKey key;
    key.status = SymbolStatus(index % kSymbolStatusCount);
    index /= kSymbolStatusCount;
    key.echelon = SymbolEchelon(index % kSymbolEchelonCount);
    index /= kSymbolEchelonCount;
    key.type = SymbolType(index % kSymbolTypeCount);
    key.affiliation = SymbolAffiliation(index / kSymbolTypeCount);
    return key;
}

uint8_t mix(uint8_t a, uint8_t b, uint8_t t) {
    return uint8_t((int(a) * (255 - t) + int(b) * t + 127) / 255);
}

} // namespace

uint32_t symbolKeyIndex(const SymbolKey& key) {
    assert(uint32_t(key.affiliation) < kSymbolAffiliationCount && uint32_t(key.type) < kSymbolTypeCount &&
           uint32_t(key.echelon) < kSymbolEchelonCount && uint32_t(key.status) < kSymbolStatusCount);
    uint32_t index = uint32_t(key.affiliation);
    index = index * kSymbolTypeCount + uint32_t(key.type);
    index = index * kSymbolEchelonCount + uint32_t(key.echelon);
    return index * kSymbolStatusCount + uint32_t(key.status);
}

void rasteriseSymbol(const SymbolKey& key, int cellPixels, uint8_t* rgba, size_t rowStrideBytes) {
    SymbolGeometry g = buildGeometry(key, cellPixels);
    float scale = float(cellPixels), unit = 1.0f / scale, halo = kHaloPixels * unit;
    for (int y = 0; y < cellPixels; ++y) {
        uint8_t* row = rgba + size_t(y) * rowStrideBytes;
        for (int x = 0; x < cellPixels; ++x) {
            vec2 p((float(x) + 0.5f) * unit - kSymbolAnchorX, (float(y) + 0.5f) * unit - kSymbolAnchorY);
            float fill = frameDistance(g.frame, p);
            float line = std::abs(fill) - g.frameHalfWidth;
            if (g.frameDashed)
                line = std::max(line, dashDistance(p));
            for (const Shape& s : g.lines)
                line = std::min(line, s.clipToFrame ? std::max(shapeDistance(s, p), fill) : shapeDistance(s, p));
            float all = std::min(fill, line);
            for (const Shape& s : g.haloOnly)
                all = std::min(all, shapeDistance(s, p));
            uint8_t* px = row + size_t(x) * 4;
            px[0] = coverage(fill, scale, g.fillLevel);
            px[1] = coverage(line, scale);
            px[2] = coverage(all - halo, scale);
            px[3] = 255;
        }
    }
}

SymbolAtlas buildSymbolAtlas(const SymbolKey* keys, size_t count, int cellPixels, int columns) {
    assert(cellPixels >= 16);
    std::vector<uint32_t> indices(count);
    for (size_t i = 0; i < count; ++i)
        indices[i] = symbolKeyIndex(keys[i]);
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());

    SymbolAtlas atlas;
    int n = int(indices.size());
    atlas.cellPixels = cellPixels;
    atlas.columns = columns > 0 ? columns : std::max(1, int(std::ceil(std::sqrt(double(n)))));
    atlas.rows = (n + atlas.columns - 1) / atlas.columns;
    atlas.width = atlas.columns * cellPixels;
    atlas.height = atlas.rows * cellPixels;
    atlas.pixels.assign(size_t(atlas.width) * atlas.height * 4, 0);
    for (int i = 0; i < n; ++i) {
        SymbolCell cell;
        cell.key = keyFromIndex(indices[i]);
        cell.x = (i % atlas.columns) * cellPixels;
        cell.y = (i / atlas.columns) * cellPixels;
        cell.u0 = float(cell.x) / float(atlas.width);
        cell.v0 = float(cell.y) / float(atlas.height);
        cell.u1 = float(cell.x + cellPixels) / float(atlas.width);
        cell.v1 = float(cell.y + cellPixels) / float(atlas.height);
        size_t offset = (size_t(cell.y) * atlas.width + cell.x) * 4;
        rasteriseSymbol(cell.key, cellPixels, atlas.pixels.data() + offset, size_t(atlas.width) * 4);
        atlas.cells.push_back(cell);
    }
    return atlas;
}

const SymbolCell* findSymbolCell(const SymbolAtlas& atlas, const SymbolKey& key) {
    uint32_t index = symbolKeyIndex(key);
    auto it = std::lower_bound(atlas.cells.begin(), atlas.cells.end(), index,
                               [](const SymbolCell& c, uint32_t i) { return symbolKeyIndex(c.key) < i; });
    return it != atlas.cells.end() && it->key == key ? &*it : nullptr;
}

SymbolColour defaultSymbolTint(SymbolAffiliation affiliation) {
    switch (affiliation) {
    case SymbolAffiliation::Friend: return {128, 224, 255};
    case SymbolAffiliation::Hostile: return {255, 128, 128};
    case SymbolAffiliation::Neutral: return {170, 255, 170};
    case SymbolAffiliation::Unknown: return {255, 255, 128};
    }
    return {};
}

ImageRGBA8 renderSymbolSheet(const SymbolKey* keys, size_t count, int columns, int cellPixels,
                             uint8_t backgroundGrey) {
    assert(columns > 0 && cellPixels >= 16);
    int rows = int((count + size_t(columns) - 1) / size_t(columns));
    ImageRGBA8 sheet;
    sheet.width = columns * cellPixels;
    sheet.height = rows * cellPixels;
    sheet.pixels.assign(size_t(sheet.width) * sheet.height * 4, 255);
    std::vector<uint8_t> cell(size_t(cellPixels) * cellPixels * 4);
    const uint8_t lineColour = 16, haloColour = 255;
    for (size_t i = 0; i < count; ++i) {
        rasteriseSymbol(keys[i], cellPixels, cell.data(), size_t(cellPixels) * 4);
        SymbolColour tint = defaultSymbolTint(keys[i].affiliation);
        const uint8_t tintRgb[3] = {tint.r, tint.g, tint.b};
        int x0 = int(i % size_t(columns)) * cellPixels, y0 = int(i / size_t(columns)) * cellPixels;
        for (int y = 0; y < cellPixels; ++y)
            for (int x = 0; x < cellPixels; ++x) {
                const uint8_t* c = &cell[(size_t(y) * cellPixels + x) * 4];
                uint8_t* out = &sheet.pixels[((size_t(y0) + y) * sheet.width + x0 + x) * 4];
                for (int k = 0; k < 3; ++k) {
                    uint8_t v = mix(mix(haloColour, tintRgb[k], c[0]), lineColour, c[1]);
                    out[k] = mix(backgroundGrey, v, c[2]);
                }
            }
    }
    return sheet;
}

} // namespace kresy
