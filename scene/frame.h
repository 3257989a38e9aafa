#pragma once
// Everything the renderer needs to draw one frame, as plain data: the scene module decides
// what the world looks like at time t; the renderer only draws it.

#include "camera.h"
#include "model.h"
#include "core/time.h"
#include "terrain/lod.h"

#include <glm/glm.hpp>

#include <cstdint>
#include <memory>
#include <vector>

namespace kresy {

// A terrain node to draw, with the tiles it draws from (kept alive for the frame).
struct TerrainNodeDraw {
    SelectedNode node;
    std::shared_ptr<const LoadedTile> data, parentData;
};

// Marks over the terrain, hidden behind it: symbols that face the screen at a constant pixel
// size, and lines of constant pixel width (trails, uncertainty circles). Colours are sRGB.
struct Billboard {
    glm::dvec3 position{0}; // scene ENU: the point it marks
    glm::vec4 fill{1};      // tints the atlas cell's fill channel
    glm::vec4 uvRect{0};    // the atlas cell: u0, v0 (top left), u1, v1
    glm::vec2 size{48};     // on screen, pixels
    glm::vec2 offset{0};    // of the quad's centre from `position`, pixels, y up
    float opacity = 1;
};

struct LineSegment {
    glm::dvec3 from{0}, to{0}; // scene ENU
    glm::vec4 fromColour{1}, toColour{1}; // rgb and alpha
    float widthPixels = 2;
    // Dashes: every dashPixels along the line on screen, the first dashOn of it drawn;
    // dashStart is how far along the pattern `from` lies (pixels). 0: a solid line.
    float dashPixels = 0, dashOn = 1, dashStart = 0;
};

// Billboards' texture (RGBA8): R fill coverage, G line coverage, B halo (scene/symbols.h).
struct AtlasImage {
    int width = 0, height = 0;
    std::vector<uint8_t> rgba;
};

// One placement of a model (scene/model.h): the model's origin at `position`, its axes
// (x right, y forward, z up, each scaled) given in scene ENU.
struct ModelInstance {
    glm::dvec3 position{0};
    glm::dvec3 right{1, 0, 0}, forward{0, 1, 0}, up{0, 0, 1};
    glm::vec4 tint{1}; // sRGB; the colour of tinted materials (the placeholder's)
};

// A model and every placement of it this frame, drawn instanced. The renderer uploads a model
// the first time it sees it and keeps it while frames bring it.
struct ModelDraw {
    std::shared_ptr<const ModelData> model;
    std::vector<ModelInstance> instances;
};

// Text (scene/labels.h): glyph quads of placed labels, drawn over everything. Each quad keeps
// its label's anchor in the scene and its corners in pixels from where the anchor projects.
struct LabelGlyph {
    glm::dvec3 anchor{0};         // scene ENU
    glm::vec4 rect{0};            // x0, y0, x1, y1: pixels from the anchor's projection, y down
    glm::vec4 uvRect{0};          // u0, v0, u1, v1 in the glyph atlas
    glm::vec4 colour{1};          // sRGB, alpha
    glm::vec4 halo{0, 0, 0, 1};   // the outline's colour
    float haloPixels = 0;         // the outline's width on screen
    float opacity = 1;            // the label's fade
    bool hideBehindTerrain = false; // not drawn while terrain hides the anchor
};

// Glyphs as signed distance fields (R8): `edge` (about 0.5) on the outline, larger inside. A
// value v (0..1) lies (v - edge) * texelsPerUnit atlas texels from the outline, up to spreadTexels.
struct GlyphAtlas {
    int width = 0, height = 0;
    std::vector<uint8_t> distance;
    float edge = 0.5f, texelsPerUnit = 1, spreadTexels = 1;
};

// Areas and arrows painted on the ground (scene/annotations.h): flat triangles in the scene
// frame's east-north plane, drawn from above into two pictures of the ground that the terrain
// shader reads. Each picture covers a window of the plane; the near one the ground around the
// camera, the far one every annotation. Later triangles replace earlier ones (no blending).
struct DrapeVertex {
    glm::vec2 position{0}; // scene ENU east, north (metres)
    glm::vec4 colour{1};   // sRGB, alpha the opacity
    glm::vec2 coverage{0}; // 1 in the channel that outlines it: x arrows, y areas
};

struct DrapeWindow {
    glm::dvec2 min{0}, max{0}; // scene ENU east, north
    bool operator==(const DrapeWindow&) const = default;
};

struct DrapePicture {
    DrapeWindow window;
    std::shared_ptr<const std::vector<DrapeVertex>> vertices; // a triangle list; may be null (nothing)
    uint64_t version = 0; // new whenever the window or the triangles change: the renderer redraws it then
    // When not 0: this picture differs from the one of version `baseVersion` (same window) only
    // within the rectangles `dirty` (an arrow grew), and only those need be drawn again.
    uint64_t baseVersion = 0;
    std::vector<DrapeWindow> dirty;
};

struct Drape {
    DrapePicture near, far;
    int size = 1024; // texels across each picture
};

// A picture version no other had (process-wide).
uint64_t nextDrapeVersion();

struct FrameInput {
    int width = 0, height = 0; // output size in pixels
    Time time = 0;
    EnuFrame scene;            // the frame all positions are in
    CameraView camera;
    float exaggeration = 1;
    GeoBounds terrainBounds{-180, -85.06, 180, 85.06}; // the data's extent: nodes are clipped to it
    std::vector<TerrainNodeDraw> terrainNodes;
    // Decoded tiles to make drawable this frame (a bounded number): their surfaces
    // (TileSurfaceTexels in LoadedTile::prepared) go to the GPU.
    std::vector<std::shared_ptr<const LoadedTile>> terrainUploads;
    glm::dvec3 sunDirection{0, 0, 1}; // scene ENU, unit, towards the sun
    bool markBackground = false; // debugging and crack tests: where no terrain was drawn is pure magenta
    bool drawSky = true;         // false: only what terrainNodes draw (an empty frame, for benchmarks)
    double sunElevationDeg = 45;
    std::vector<LineSegment> lines;
    std::vector<Billboard> billboards; // drawn in this order: far ones first
    std::shared_ptr<const AtlasImage> atlas; // uploaded when it changes
    std::vector<ModelDraw> models;           // lit like the terrain, depth-tested and written
    std::vector<LabelGlyph> labelGlyphs;             // drawn over the terrain and the marks
    std::shared_ptr<const GlyphAtlas> glyphAtlas;    // uploaded when it changes
    std::shared_ptr<const Drape> drape;              // null: nothing painted on the ground
    float outlinePixels = 2.0f; // the painted shapes' outlines, at this frame's size
    bool drawWater = true;      // false: the land mask's water is drawn as land (the "lakes" layer)
};

// `groundHeight` is the terrain height under the camera (for the near plane).
FrameInput makeFrameInput(const Camera& camera, const EnuFrame& scene, Time time, int width, int height,
                          double groundHeight);

} // namespace kresy
