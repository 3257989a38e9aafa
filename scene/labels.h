#pragma once
// Text on the terrain: place names and captions drawn over everything, crisp at any output size.
//
// Font. Glyphs are rasterised once, as signed distance fields, into one R8 atlas (GlyphAtlas in
// frame.h): Latin, Latin-1, Latin Extended-A (Polish, Lithuanian, Czech...), Cyrillic and the
// dashes and quotes. A distance field sampled bilinearly gives a sharp edge at any
// magnification, so one atlas draws text from 10 px to 200 px; the shader antialiases by the
// screen-space derivative and draws a halo (outline) from the same field.
//
// Placement (LabelLayer). Each frame: labels are projected, those behind the camera or off
// screen are dropped, the rest fade out with distance; then, most important first (lower
// priority, then nearer, then earlier in the list), a label is placed only if its box (grown
// by a margin) overlaps no placed one. The result is deterministic: the same labels and frame
// always give the same glyphs. The glyphs keep their anchor in the scene and their offsets in
// pixels, so the renderer projects them itself (tiled offline frames draw them correctly).
//
// Sizes are for a 1080-line frame; `pixelScale` multiplies every size in pixels (the offline
// renderer passes its mark scale: supersampling times height / 1080), so 4K text is as large
// relative to the frame as HD text, and as sharp as the frame allows.

#include "core/image.h"
#include "frame.h"

#include <glm/glm.hpp>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kresy {

// One glyph in the atlas. Pixel values are at the atlas's size (Font::atlasEmPixels).
struct FontGlyph {
    int index = 0;          // the font's glyph index
    float advance = 0;      // pen advance, pixels
    glm::vec4 plane{0};     // the atlas rect relative to the pen on the baseline: x0, y0, x1, y1, pixels, y down
    glm::vec4 uvRect{0};    // u0, v0, u1, v1 (top left, bottom right) in the atlas
    bool hasBitmap = false; // false for spaces
};

// A glyph quad of laid-out text: `rect` in pixels from the text box's top left, y down.
struct GlyphQuad {
    glm::vec4 rect{0};
    glm::vec4 uvRect{0};
};

struct TextLayout {
    std::vector<GlyphQuad> quads;
    float width = 0, height = 0; // the box: widest line's advance, lines times line height
};

class Font {
public:
    // The sizes the atlas is built at: glyphs are rasterised at kAtlasEmPixels per em, with the
    // distance field reaching kSpreadTexels beyond their outline (which also bounds the halo).
    static constexpr float kAtlasEmPixels = 40;
    static constexpr int kSpreadTexels = 6;

    // Reads a TrueType font and builds the atlas (0.2 s for DejaVu Sans): once, at start.
    // Null and "<path>: <why>" in *error when the file cannot be read or is not a font.
    static std::shared_ptr<const Font> load(const std::string& ttfPath, std::string* error);
    ~Font();

    const std::shared_ptr<const GlyphAtlas>& atlas() const { return atlas_; }
    size_t glyphCount() const { return glyphs_.size(); }
    // The glyph drawn for `c`, or null if the atlas lacks it (text shows U+FFFD instead).
    const FontGlyph* glyph(char32_t c) const;
    // Kerning between two code points, pixels at the atlas's size (0 for unknown ones).
    float kerning(char32_t left, char32_t right) const;
    // Per em: above and below the baseline (both positive) and the distance between baselines.
    float ascent() const { return ascent_; }
    float descent() const { return descent_; }
    float lineHeight() const { return lineHeight_; }

    // Lays out UTF-8 `text` (invalid bytes show as U+FFFD, '\n' breaks lines, lines aligned by
    // `alignX`: 0 left, 0.5 centred, 1 right) at `pixelsPerEm`.
    TextLayout layout(std::string_view text, float pixelsPerEm, float alignX = 0.5f) const;

    // Draws one line of UTF-8 text straight into an image, its box's top left at (x, y) pixels:
    // glyphs rasterised by stb_truetype at exactly `pixelsPerEm` (crisp at any output size, no
    // atlas involved) and blended over in sRGB with `colour`'s alpha. For captions of offline
    // frames. The width is layout(text, pixelsPerEm).width.
    void drawText(ImageRGBA8* image, std::string_view text, float x, float y, float pixelsPerEm, glm::vec4 colour) const;
    void drawText(ImageRGBA16* image, std::string_view text, float x, float y, float pixelsPerEm,
                  glm::vec4 colour) const;

private:
    Font() = default;
    struct Impl;
    std::unique_ptr<Impl> impl_; // the font file and stb_truetype's state, for kerning
    std::unordered_map<char32_t, FontGlyph> glyphs_;
    std::shared_ptr<const GlyphAtlas> atlas_;
    float ascent_ = 0, descent_ = 0, lineHeight_ = 0;
};

// The code points the atlas holds: printable ASCII, Latin-1, Latin Extended-A, Cyrillic
// (U+0400-U+045F, U+0490-U+0491), general punctuation (dashes, quotes, ellipsis), U+FFFD.
std::vector<char32_t> atlasCodePoints();

struct LabelSpec {
    std::string text;     // UTF-8; '\n' breaks lines
    glm::dvec3 anchor{0}; // scene ENU: the labelled point
    int priority = 0;     // lower is more important: placed first
    float pixelsPerEm = 16; // text size at 1080 lines
    glm::vec4 colour{0.08f, 0.08f, 0.09f, 1}; // sRGB, alpha
    glm::vec4 halo{0.96f, 0.95f, 0.90f, 0.9f};
    float haloPixels = 2; // the outline's width (at most Font::kSpreadTexels atlas texels)
    // Fully visible up to fadeStart metres from the camera, gone from fadeEnd on (smoothly).
    double fadeStart = std::numeric_limits<double>::infinity();
    double fadeEnd = std::numeric_limits<double>::infinity();
    glm::vec2 offset{0}; // of the box from the anchor's point on screen, pixels, y up
    // Which point of the text's box sits at the anchor (+ offset): (0, 0) top left, (0.5, 0.5)
    // centre, (0.5, 1) bottom centre (text above the point). Also aligns the lines.
    glm::vec2 align{0.5f, 0.5f};
    // Other places for the box, (align, offset) pairs tried in order when the first is taken.
    std::vector<std::pair<glm::vec2, glm::vec2>> alternatives;
    // Hidden (by the renderer, not the layout: the label keeps its room) while terrain lies
    // between the camera and the anchor; lift such anchors a little above the ground. An anchor
    // off screen is not tested. Off: drawn over everything.
    bool hideBehindTerrain = false;
};

struct PlacedLabel {
    uint32_t label = 0;   // index into the layer's labels
    glm::vec4 box{0};     // x0, y0, x1, y1: pixels, y down, without the margin
    float opacity = 1;    // the fade
    double distance = 0;  // from the camera, metres
};

struct LabelLayoutOptions {
    double pixelScale = 1;    // multiplies every pixel size (text, offset, halo, margin)
    float marginPixels = 3;   // the least gap between two placed boxes, at 1080 lines
    float minOpacity = 0.02f; // labels fainter than this are dropped (and take no room)
    // Boxes no label may cover (x0, y0, x1, y1, pixels, y down): the units' symbols.
    std::vector<glm::vec4> obstacles;
    // Multiplies every label's fade distances (a low camera sees fewer far names).
    double fadeScale = 1;
};

// A set of labels, placed anew each frame. Labels declutter among themselves: give one layer
// every label a frame shows (places, captions...) and rank them by priority. Not thread-safe;
// the Font may be shared.
class LabelLayer {
public:
    explicit LabelLayer(std::shared_ptr<const Font> font); // not null

    void setLabels(std::vector<LabelSpec> labels);
    const std::vector<LabelSpec>& labels() const { return labels_; }
    // Moves label i's anchor to anchors[i] (heights that have loaded since), keeping the layouts.
    void setAnchors(const std::vector<glm::dvec3>& anchors);

    // Places the labels for `frame`'s camera and size and appends their glyphs to
    // frame->labelGlyphs (setting frame->glyphAtlas). Text layouts are cached per label and
    // redone only when the size changes. Lay out the whole frame before cutting it into tiles.
    void layout(FrameInput* frame, const LabelLayoutOptions& options = {});
    void layout(FrameInput* frame, double pixelScale) { layout(frame, LabelLayoutOptions{pixelScale}); }

    // The last layout's labels, in the order they were placed.
    const std::vector<PlacedLabel>& placed() const { return placed_; }
    const Font& font() const { return *font_; }

private:
    struct Candidate {
        uint32_t label;
        float opacity;
        double distance;
        glm::dvec2 point; // the anchor on screen, pixels, y down
        glm::vec4 box;
    };
    void updateLayouts(double pixelScale);
    bool collides(const glm::vec4& box) const;
    void insert(const glm::vec4& box);

    std::shared_ptr<const Font> font_;
    std::vector<LabelSpec> labels_;
    std::vector<TextLayout> layouts_; // per label, at layoutScale_
    double layoutScale_ = 0;
    std::vector<PlacedLabel> placed_;
    // Scratch, kept between frames to spare allocations.
    std::vector<Candidate> candidates_;
    std::vector<std::vector<uint32_t>> cells_; // per grid cell: indices into occupied_
    std::vector<glm::vec4> occupied_;          // placed boxes grown by half the margin
    int gridColumns_ = 0, gridRows_ = 0;
    float cellPixels_ = 64;
};

} // namespace kresy
