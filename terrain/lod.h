#pragma once
// Level-of-detail selection over the tile quadtree (after CDLOD, Strugar 2010): CPU only.
//
// A node is a tile's square drawn as a grid of 2, 4, 8 or 16 cells. It is refined while either
//  - a pixel of its data covers more than `pixelError` output pixels and finer data exists, or
//  - even its densest grid deviates from its data by more than `pixelError` on screen,
// and otherwise drawn with the fewest cells whose true deviation (measured from the data, see
// TileErrors) projects to at most `pixelError`. So the flat plains of Poland cost a few
// triangles per node and the Carpathians more, at the same 2 px.
// Nodes go up to `extraZooms` deeper than the data, subdividing the finest tiles' grids.
// A node is drawn from the deepest loaded tile at or above it: nothing waits for loading, and
// what is missing is requested by screen-space error.

#include "core/geodesy.h"
#include "tile_errors.h"
#include "tile_streamer.h"

#include <array>
#include <functional>
#include <vector>

namespace kresy {

constexpr int kMaxNodeCells = 16;

struct LodSettings {
    double pixelError = 2.0; // output pixels
    int dataMinZoom = 0, dataMaxZoom = 11;
    int extraZooms = 4;      // levels below dataMaxZoom that subdivide the finest tiles (16 cells x 16 = 256 px)
    GeoBounds bounds{12, 45, 34, 58};
    double exaggeration = 1.0;
};

struct LodView {
    EnuFrame scene;
    glm::dvec3 eye{0};                   // scene ENU
    std::array<glm::dvec4, 6> frustum{}; // planes (xyz inward normal, w) in scene ENU: dot(n, p) + w >= 0 inside
    double pixelsPerRadian = 1000;       // output height / (2 tan(fovY / 2))
};

// Planes of a view-projection (camera-relative, as scene/camera.h makes) moved to scene ENU.
std::array<glm::dvec4, 6> frustumPlanes(const glm::mat4& viewProjection, const glm::dvec3& eye);

// What the selection may draw from: tiles whose data is ready to draw (with their height range
// and errors; errors may be null, then a cautious estimate is used), and tiles known not to exist.
struct LodResidency {
    std::function<bool(const TileId&, float* minHeight, float* maxHeight, const TileErrors** errors)> ready;
    std::function<bool(const TileId&)> missing;
};

struct SelectedNode {
    TileId node;            // the quadtree node drawn (may be deeper than the data)
    TileId data;            // the tile whose heights it shows: node itself, or its nearest ready ancestor
    TileId parentData;      // its parent's data: vertices morph to the parent's surface, shading blends from it
    int cells = kMaxNodeCells;
    int parentCells = kMaxNodeCells;
    double morphStart = 0, morphEnd = 0; // eye distances (m): fine before start, the parent's at end
    double skirtDepth = 30;              // m: twice the larger of its own and its parent's error (the widest gap
                                         // an edge can have against a neighbour one level coarser)
};

struct LodSelection {
    std::vector<SelectedNode> nodes;
    std::vector<TileRequest> requests; // tiles wanted, priority = the screen-space error asking for them
    int culled = 0;
    int balanced = 0; // nodes split so that neighbours differ by at most one level
};

// The cautious, data-independent error of a node's grid: a quarter of its spacing (Cesium's).
double estimatedNodeError(const TileId& node, int cells);

void selectTerrainNodes(const LodSettings& settings, const LodView& view, const LodResidency& residency,
                        LodSelection* out);

} // namespace kresy
