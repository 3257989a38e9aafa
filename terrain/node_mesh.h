#pragma once
// The geometry of a selected LOD node, built on the CPU in double precision: every vertex is
// exactly where its latitude, longitude and height put it in the scene's ENU frame (Earth's
// curvature included), stored as floats relative to the node's centre so the GPU never sees
// large coordinates. Each vertex also carries where it sits on its parent's surface, so the
// vertex shader can morph between the two without popping; a skirt hangs from the border to
// hide the hairline gaps between neighbours of different levels.

#include "core/geodesy.h"
#include "lod.h"

#include <cstdint>
#include <vector>

namespace kresy {

struct NodeVertex {
    float position[3]; // relative to NodeMesh::centre, metres
    float morphed[3];  // the parent's surface at the same point, same frame
    float uv[2];       // into the data tile: (0,0) its north-west corner, (1,1) south-east
    float parentUv[2]; // into the parent's data tile
};

struct NodeMesh {
    glm::dvec3 centre{0}; // scene ENU
    int cells = 0;
    std::vector<NodeVertex> vertices; // (cells+1)^2 grid rows north to south, then 4*(cells+1) skirt
};

// `data` and `parentData` are the tiles named in `node` (they may be the same tile). The grid is
// clipped to `clip` (the source's bounds): coarse tiles reach far beyond the data, and what they
// hold there is only the data's edge stretched out.
NodeMesh buildNodeMesh(const SelectedNode& node, const HeightTile& data, const HeightTile& parentData,
                       const EnuFrame& scene, double exaggeration, const GeoBounds& clip);

// Triangle-list indices for a node of `cells` cells, grid and skirt; every cell is split along
// its north-west to south-east diagonal, at every level, so a finer grid fully morphed lies
// exactly on the coarser one.
std::vector<uint32_t> nodeIndices(int cells);
int nodeVertexCount(int cells);

} // namespace kresy
