#pragma once
// Everything the renderer needs to draw one frame, as plain data: the scene module decides
// what the world looks like at time t; the renderer only draws it.

#include "camera.h"
#include "core/time.h"
#include "terrain/lod.h"

#include <glm/glm.hpp>

#include <memory>
#include <vector>

namespace kresy {

// A terrain node to draw, with the tiles it draws from (kept alive for the frame).
struct TerrainNodeDraw {
    SelectedNode node;
    std::shared_ptr<const LoadedTile> data, parentData;
};

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
};

// `groundHeight` is the terrain height under the camera (for the near plane).
FrameInput makeFrameInput(const Camera& camera, const EnuFrame& scene, Time time, int width, int height,
                          double groundHeight);

} // namespace kresy
