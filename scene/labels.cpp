#include "labels.h"

#include "core/files.h"

#include <stb/stb_truetype.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <tuple>

namespace kresy {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// The next code point of `text` from `*i`, advancing it; malformed bytes give U+FFFD (one per byte).
char32_t nextCodePoint(std::string_view text, size_t* i) {
    const auto byte = [&](size_t k) { return uint8_t(text[k]); };
    const uint8_t b0 = byte(*i);
    if (b0 < 0x80) {
        ++*i;
        return b0;
    }
    int length = b0 >= 0xF0 && b0 < 0xF5 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 && b0 < 0xE0 ? 2 : 0;
    if (b0 >= 0xF5)
        length = 0;
    if (length == 0 || *i + length > text.size()) {
        ++*i;
        return kReplacement;
    }
    char32_t c = b0 & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
        const uint8_t b = byte(*i + k);
        if ((b & 0xC0) != 0x80) {
            ++*i;
            return kReplacement;
        }
        c = (c << 6) | (b & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are malformed.
    const char32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < least[length] || (c >= 0xD800 && c < 0xE000) || c > 0x10FFFF) {
        ++*i;
        return kReplacement;
    }
    *i += length;
    return c;
}

// A glyph's distance field before packing.
struct GlyphBitmap {
    int glyph = 0;
    int width = 0, height = 0, xoff = 0, yoff = 0;
    std::vector<uint8_t> pixels;
    int x = 0, y = 0; // where it went in the atlas
};

// Packs the bitmaps into rows (shelves), tallest first, `width` texels wide with a texel between
// neighbours (bilinear sampling at a quad's edge must read empty space). Returns the height used.
int packShelves(std::vector<GlyphBitmap*>& bitmaps, int width) {
    std::sort(bitmaps.begin(), bitmaps.end(), [](const GlyphBitmap* a, const GlyphBitmap* b) {
        return std::tie(b->height, a->glyph) < std::tie(a->height, b->glyph);
    });
    int x = 1, y = 1, rowHeight = 0;
    for (GlyphBitmap* b : bitmaps) {
        if (x + b->width + 1 > width) {
            x = 1;
            y += rowHeight + 1;
            rowHeight = 0;
        }
        b->x = x;
        b->y = y;
        x += b->width + 1;
        rowHeight = std::max(rowHeight, b->height);
    }
    return y + rowHeight + 1;
}

} // namespace

std::vector<char32_t> atlasCodePoints() {
    std::vector<char32_t> points;
    const auto range = [&](char32_t from, char32_t to) {
        for (char32_t c = from; c <= to; ++c)
            points.push_back(c);
    };
    range(0x20, 0x7E);     // ASCII
    range(0xA0, 0xFF);     // Latin-1
    range(0x100, 0x17F);   // Latin Extended-A: ą ć ę ł ń ó ś ź ż, ė į ų ū č š ž...
    range(0x400, 0x45F);   // Cyrillic: Russian, Ukrainian, Belarusian
    range(0x490, 0x491);   // Ґ ґ
    range(0x2010, 0x2027); // dashes, quotes, bullets, ellipsis
    range(0x2030, 0x203A); // per mille, primes, angle quotes
    points.push_back(0x20AC); // €
    points.push_back(0x2116); // №
    points.push_back(kReplacement);
    return points;
}

struct Font::Impl {
    std::vector<uint8_t> file;
    stbtt_fontinfo info{};
    float scale = 0; // font units to atlas pixels
};

Font::~Font() = default;

std::shared_ptr<const Font> Font::load(const std::string& ttfPath, std::string* error) {
    std::shared_ptr<Font> font(new Font());
    font->impl_ = std::make_unique<Impl>();
    Impl& impl = *font->impl_;
    if (!readFile(ttfPath, &impl.file, error))
        return nullptr;
    const int offset = impl.file.size() >= 12 ? stbtt_GetFontOffsetForIndex(impl.file.data(), 0) : -1;
    if (offset < 0 || !stbtt_InitFont(&impl.info, impl.file.data(), offset)) {
        *error = ttfPath + ": not a TrueType font";
        return nullptr;
    }
    stbtt_fontinfo& info = impl.info;
    impl.scale = stbtt_ScaleForMappingEmToPixels(&info, kAtlasEmPixels);
    int ascent = 0, descent = 0, lineGap = 0;
    stbtt_GetFontVMetrics(&info, &ascent, &descent, &lineGap);
    const float perEm = impl.scale / kAtlasEmPixels;
    font->ascent_ = ascent * perEm;
    font->descent_ = -descent * perEm;
    font->lineHeight_ = (ascent - descent + lineGap) * perEm;

    // Distance fields, one per glyph (code points may share one).
    const float distanceScale = 127.0f / kSpreadTexels; // value steps per texel; 128 on the outline
    std::vector<GlyphBitmap> bitmaps;
    std::unordered_map<int, size_t> bitmapOfGlyph;
    std::vector<std::pair<char32_t, int>> mapped;
    for (char32_t c : atlasCodePoints()) {
        const int glyph = stbtt_FindGlyphIndex(&info, int(c));
        if (glyph == 0)
            continue;
        mapped.emplace_back(c, glyph);
        if (bitmapOfGlyph.count(glyph))
            continue;
        GlyphBitmap b;
        b.glyph = glyph;
        unsigned char* sdf = stbtt_GetGlyphSDF(&info, impl.scale, glyph, kSpreadTexels + 1, 128, distanceScale, &b.width,
                                               &b.height, &b.xoff, &b.yoff);
        if (sdf) {
            b.pixels.assign(sdf, sdf + size_t(b.width) * b.height);
            stbtt_FreeSDF(sdf, nullptr);
        } else {
            b.width = b.height = 0;
        }
        bitmapOfGlyph[glyph] = bitmaps.size();
        bitmaps.push_back(std::move(b));
    }
    if (mapped.empty()) {
        *error = ttfPath + ": the font has none of the atlas's characters";
        return nullptr;
    }

    std::vector<GlyphBitmap*> drawn;
    for (GlyphBitmap& b : bitmaps)
        if (b.width > 0)
            drawn.push_back(&b);
    constexpr int kAtlasWidth = 1024;
    const int used = packShelves(drawn, kAtlasWidth);
    int height = 64;
    while (height < used)
        height *= 2;
    auto atlas = std::make_shared<GlyphAtlas>();
    atlas->width = kAtlasWidth;
    atlas->height = height;
    atlas->distance.assign(size_t(kAtlasWidth) * height, 0);
    atlas->edge = 128.0f / 255.0f;
    atlas->texelsPerUnit = 255.0f / distanceScale;
    atlas->spreadTexels = float(kSpreadTexels);
    for (const GlyphBitmap* b : drawn)
        for (int row = 0; row < b->height; ++row)
            std::memcpy(&atlas->distance[size_t(b->y + row) * kAtlasWidth + b->x], &b->pixels[size_t(row) * b->width],
                        size_t(b->width));

    for (const auto& [c, glyph] : mapped) {
        const GlyphBitmap& b = bitmaps[bitmapOfGlyph[glyph]];
        int advance = 0, bearing = 0;
        stbtt_GetGlyphHMetrics(&info, glyph, &advance, &bearing);
        FontGlyph g;
        g.index = glyph;
        g.advance = advance * impl.scale;
        g.hasBitmap = b.width > 0;
        if (g.hasBitmap) {
            g.plane = glm::vec4(b.xoff, b.yoff, b.xoff + b.width, b.yoff + b.height);
            g.uvRect = glm::vec4(float(b.x) / atlas->width, float(b.y) / atlas->height,
                                 float(b.x + b.width) / atlas->width, float(b.y + b.height) / atlas->height);
        }
        font->glyphs_[c] = g;
    }
    font->atlas_ = std::move(atlas);
    return font;
}

const FontGlyph* Font::glyph(char32_t c) const {
    auto it = glyphs_.find(c);
    return it == glyphs_.end() ? nullptr : &it->second;
}

float Font::kerning(char32_t left, char32_t right) const {
    const FontGlyph* a = glyph(left);
    const FontGlyph* b = glyph(right);
    if (!a || !b)
        return 0;
    return stbtt_GetGlyphKernAdvance(&impl_->info, a->index, b->index) * impl_->scale;
}

namespace {

// Rasterises one line of `text` at `pixelsPerEm` with its box's top left at (x, y) and calls
// blend(px, py, coverage 0..255) for every covered pixel inside width x height.
template <typename Blend>
void rasterise(const stbtt_fontinfo& info, float ascentPerEm, std::string_view text, float x, float y,
               float pixelsPerEm, int width, int height, Blend&& blend) {
    const float scale = stbtt_ScaleForMappingEmToPixels(&info, pixelsPerEm);
    const float baseline = y + ascentPerEm * pixelsPerEm;
    float pen = x;
    int previous = 0;
    std::vector<unsigned char> bitmap;
    for (size_t i = 0; i < text.size();) {
        const char32_t c = nextCodePoint(text, &i);
        if (c < 0x20 || (c >= 0x7F && c < 0xA0))
            continue;
        int glyph = stbtt_FindGlyphIndex(&info, int(c));
        if (glyph == 0)
            glyph = stbtt_FindGlyphIndex(&info, int(kReplacement));
        if (previous)
            pen += stbtt_GetGlyphKernAdvance(&info, previous, glyph) * scale;
        const float shift = pen - std::floor(pen);
        int x0, y0, x1, y1;
        stbtt_GetGlyphBitmapBoxSubpixel(&info, glyph, scale, scale, shift, 0, &x0, &y0, &x1, &y1);
        const int w = x1 - x0, h = y1 - y0;
        if (w > 0 && h > 0) {
            bitmap.assign(size_t(w) * h, 0);
            stbtt_MakeGlyphBitmapSubpixel(&info, bitmap.data(), w, h, w, scale, scale, shift, 0, glyph);
            const int left = int(std::floor(pen)) + x0, top = int(std::lround(baseline)) + y0;
            for (int row = 0; row < h; ++row)
                for (int col = 0; col < w; ++col) {
                    const int px = left + col, py = top + row;
                    const unsigned char coverage = bitmap[size_t(row) * w + col];
                    if (coverage && px >= 0 && py >= 0 && px < width && py < height)
                        blend(px, py, coverage);
                }
        }
        int advance, bearing;
        stbtt_GetGlyphHMetrics(&info, glyph, &advance, &bearing);
        pen += advance * scale;
        previous = glyph;
    }
}

template <typename Image, int Max>
void drawInto(const stbtt_fontinfo& info, float ascentPerEm, Image* image, std::string_view text, float x, float y,
              float pixelsPerEm, glm::vec4 colour) {
    rasterise(info, ascentPerEm, text, x, y, pixelsPerEm, image->width, image->height,
              [&](int px, int py, unsigned char coverage) {
                  const float a = colour.a * coverage / 255.0f;
                  auto* p = &image->pixels[(size_t(py) * image->width + px) * 4];
                  for (int k = 0; k < 3; ++k)
                      p[k] = decltype(+p[0])(std::lround(p[k] * (1 - a) + colour[k] * Max * a));
                  p[3] = decltype(+p[0])(std::lround(p[3] * (1 - a) + Max * a));
              });
}

} // namespace

void Font::drawText(ImageRGBA8* image, std::string_view text, float x, float y, float pixelsPerEm,
                    glm::vec4 colour) const {
    drawInto<ImageRGBA8, 255>(impl_->info, ascent_, image, text, x, y, pixelsPerEm, colour);
}

void Font::drawText(ImageRGBA16* image, std::string_view text, float x, float y, float pixelsPerEm,
                    glm::vec4 colour) const {
    drawInto<ImageRGBA16, 65535>(impl_->info, ascent_, image, text, x, y, pixelsPerEm, colour);
}

TextLayout Font::layout(std::string_view text, float pixelsPerEm, float alignX) const {
    TextLayout out;
    const float k = pixelsPerEm / kAtlasEmPixels;
    const FontGlyph* fallback = glyph(kReplacement);
    std::vector<std::pair<size_t, float>> lines; // first quad and width of each line
    lines.emplace_back(0, 0.0f);
    float pen = 0, baseline = ascent_ * pixelsPerEm;
    char32_t previous = 0;
    for (size_t i = 0; i < text.size();) {
        char32_t c = nextCodePoint(text, &i);
        if (c == '\n') {
            lines.back().second = pen;
            lines.emplace_back(out.quads.size(), 0.0f);
            pen = 0;
            baseline += lineHeight_ * pixelsPerEm;
            previous = 0;
            continue;
        }
        if (c == '\t')
            c = ' ';
        if (c < 0x20 || (c >= 0x7F && c < 0xA0))
            continue; // other control characters take no room
        const FontGlyph* g = glyph(c);
        if (!g) {
            g = fallback;
            c = kReplacement;
        }
        if (!g)
            continue;
        if (previous)
            pen += kerning(previous, c) * k;
        if (g->hasBitmap)
            out.quads.push_back({glm::vec4(pen, baseline, pen, baseline) + g->plane * k, g->uvRect});
        pen += g->advance * k;
        previous = c;
    }
    lines.back().second = pen;
    for (const auto& line : lines)
        out.width = std::max(out.width, line.second);
    for (size_t l = 0; l < lines.size(); ++l) {
        const size_t end = l + 1 < lines.size() ? lines[l + 1].first : out.quads.size();
        const float shift = (out.width - lines[l].second) * alignX;
        for (size_t q = lines[l].first; q < end; ++q) {
            out.quads[q].rect.x += shift;
            out.quads[q].rect.z += shift;
        }
    }
    out.height = ((ascent_ + descent_) + (lines.size() - 1) * lineHeight_) * pixelsPerEm;
    return out;
}

LabelLayer::LabelLayer(std::shared_ptr<const Font> font) : font_(std::move(font)) {}

void LabelLayer::setLabels(std::vector<LabelSpec> labels) {
    labels_ = std::move(labels);
    layouts_.clear();
    layoutScale_ = 0;
}

void LabelLayer::setAnchors(const std::vector<glm::dvec3>& anchors) {
    for (size_t i = 0; i < labels_.size() && i < anchors.size(); ++i)
        labels_[i].anchor = anchors[i];
}

void LabelLayer::updateLayouts(double pixelScale) {
    if (layoutScale_ == pixelScale && layouts_.size() == labels_.size())
        return;
    layouts_.resize(labels_.size());
    for (size_t i = 0; i < labels_.size(); ++i)
        layouts_[i] = font_->layout(labels_[i].text, float(labels_[i].pixelsPerEm * pixelScale), labels_[i].align.x);
    layoutScale_ = pixelScale;
}

namespace {

float fade(const LabelSpec& label, double distance) {
    if (!(label.fadeEnd > label.fadeStart))
        return distance < label.fadeEnd ? 1.0f : 0.0f;
    const double t = std::clamp((distance - label.fadeStart) / (label.fadeEnd - label.fadeStart), 0.0, 1.0);
    return float(1 - t * t * (3 - 2 * t));
}

bool overlaps(const glm::vec4& a, const glm::vec4& b) { return a.x < b.z && b.x < a.z && a.y < b.w && b.y < a.w; }

} // namespace

// The grid covers the frame; boxes reaching past it are filed under its border cells (clamping
// keeps any two overlapping boxes in a common cell).
bool LabelLayer::collides(const glm::vec4& box) const {
    const int x0 = std::clamp(int(std::floor(box.x / cellPixels_)), 0, gridColumns_ - 1);
    const int x1 = std::clamp(int(std::floor(box.z / cellPixels_)), 0, gridColumns_ - 1);
    const int y0 = std::clamp(int(std::floor(box.y / cellPixels_)), 0, gridRows_ - 1);
    const int y1 = std::clamp(int(std::floor(box.w / cellPixels_)), 0, gridRows_ - 1);
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x)
            for (uint32_t other : cells_[size_t(y) * gridColumns_ + x])
                if (overlaps(box, occupied_[other]))
                    return true;
    return false;
}

void LabelLayer::insert(const glm::vec4& box) {
    const auto index = uint32_t(occupied_.size());
    occupied_.push_back(box);
    const int x0 = std::clamp(int(std::floor(box.x / cellPixels_)), 0, gridColumns_ - 1);
    const int x1 = std::clamp(int(std::floor(box.z / cellPixels_)), 0, gridColumns_ - 1);
    const int y0 = std::clamp(int(std::floor(box.y / cellPixels_)), 0, gridRows_ - 1);
    const int y1 = std::clamp(int(std::floor(box.w / cellPixels_)), 0, gridRows_ - 1);
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x)
            cells_[size_t(y) * gridColumns_ + x].push_back(index);
}

void LabelLayer::layout(FrameInput* frame, const LabelLayoutOptions& options) {
    placed_.clear();
    frame->glyphAtlas = font_->atlas();
    if (frame->width <= 0 || frame->height <= 0)
        return;
    const double scale = options.pixelScale;
    updateLayouts(scale);
    const double width = frame->width, height = frame->height;
    const glm::dvec3 eye = frame->camera.eye;
    const glm::mat4& viewProjection = frame->camera.viewProjection;

    candidates_.clear();
    for (size_t i = 0; i < labels_.size(); ++i) {
        const LabelSpec& label = labels_[i];
        const TextLayout& text = layouts_[i];
        if (text.quads.empty())
            continue;
        const glm::dvec3 relative = label.anchor - eye;
        const glm::vec4 clip = viewProjection * glm::vec4(glm::vec3(relative), 1.0f);
        if (!(clip.w > 0))
            continue; // behind the camera
        const double distance = glm::length(relative);
        const float opacity = fade(label, distance / options.fadeScale);
        if (!(opacity >= options.minOpacity))
            continue;
        const glm::dvec2 point((double(clip.x) / clip.w * 0.5 + 0.5) * width, (double(clip.y) / clip.w * 0.5 + 0.5) * height);
        // The box's corner on a whole pixel: baselines and flat edges fall on pixel edges.
        const double x0 = std::round(point.x + label.offset.x * scale - label.align.x * text.width);
        const double y0 = std::round(point.y - label.offset.y * scale - label.align.y * text.height);
        const glm::vec4 box(x0, y0, x0 + text.width, y0 + text.height);
        if (!(box.z > 0 && box.x < width && box.w > 0 && box.y < height))
            continue; // off screen
        candidates_.push_back({uint32_t(i), opacity, distance, point, box});
    }
    std::sort(candidates_.begin(), candidates_.end(), [&](const Candidate& a, const Candidate& b) {
        return std::tie(labels_[a.label].priority, a.distance, a.label) <
               std::tie(labels_[b.label].priority, b.distance, b.label);
    });

    cellPixels_ = float(std::max(32.0, 64 * scale));
    gridColumns_ = std::max(1, int(std::ceil(width / cellPixels_)));
    gridRows_ = std::max(1, int(std::ceil(height / cellPixels_)));
    cells_.resize(size_t(gridColumns_) * gridRows_);
    for (auto& cell : cells_)
        cell.clear();
    occupied_.clear();
    for (const glm::vec4& box : options.obstacles)
        if (box.z > 0 && box.w > 0 && box.x < width && box.y < height)
            insert(glm::vec4(std::max(box.x, 0.0f), std::max(box.y, 0.0f), std::min(box.z, float(width) - 1),
                             std::min(box.w, float(height) - 1)));

    const float halfMargin = float(options.marginPixels * scale * 0.5);
    const glm::vec4 margin(-halfMargin, -halfMargin, halfMargin, halfMargin);
    for (const Candidate& c : candidates_) {
        const LabelSpec& label = labels_[c.label];
        const TextLayout& text = layouts_[c.label];
        glm::vec4 box = c.box;
        bool free = !collides(box + margin);
        for (size_t a = 0; !free && a < label.alternatives.size(); ++a) { // the other places, in order
            const auto& [align, offset] = label.alternatives[a];
            const float x0 = std::round(float(c.point.x + offset.x * scale - align.x * text.width));
            const float y0 = std::round(float(c.point.y - offset.y * scale - align.y * text.height));
            box = glm::vec4(x0, y0, x0 + text.width, y0 + text.height);
            free = box.z > 0 && box.x < width && box.w > 0 && box.y < height && !collides(box + margin);
        }
        if (!free)
            continue;
        insert(box + margin);
        placed_.push_back({c.label, box, c.opacity, c.distance});
        const glm::vec4 shift(box.x - c.point.x, box.y - c.point.y, box.x - c.point.x, box.y - c.point.y);
        for (const GlyphQuad& q : layouts_[c.label].quads)
            frame->labelGlyphs.push_back({label.anchor, q.rect + shift, q.uvRect, label.colour, label.halo,
                                          float(label.haloPixels * scale), c.opacity, label.hideBehindTerrain});
    }
}

} // namespace kresy
