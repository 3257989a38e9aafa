#pragma once
// The foundation's terrain: one mesh over the whole region plus a surface texture (normals and
// heights at the heightmap's full resolution) so the relief reads even where the mesh is coarse.
// Geometry is in the scene's ENU frame, so Earth's curvature shows from altitude.

#include "core/geodesy.h"
#include "elevation.h"

#include <cstdint>
#include <vector>

namespace kresy {

struct TerrainVertex {
    float position[3]; // scene ENU minus TerrainMesh::origin, metres
    float uv[2];       // into the surface texture: u east, v south
};

struct TerrainMesh {
    glm::dvec3 origin{0}; // scene ENU of the mesh's local origin (the region's centre)
    std::vector<TerrainVertex> vertices;
    std::vector<uint32_t> indices; // triangle list
};

// RGBA16F texels, grid-node aligned with the heightmap: xyz the surface normal in the scene
// ENU frame, w the height in metres (exaggerated like the geometry).
struct TerrainSurface {
    int width = 0, height = 0;
    std::vector<uint16_t> texels; // width*height*4 half floats
};

// A (gridSize+1)^2-vertex grid over the heightmap's bounds, heights sampled bilinearly.
TerrainMesh buildRegionMesh(const Heightmap& heightmap, const EnuFrame& scene, int gridSize, float exaggeration);
// `shadingRelief` scales slopes in the normals only (a hillshade z-factor), on top of `exaggeration`.
TerrainSurface buildRegionSurface(const Heightmap& heightmap, const EnuFrame& scene, float exaggeration,
                                  float shadingRelief, int threads);

// Bilinear height in metres from a heightmap; clamps outside its bounds.
float sampleHeightmap(const Heightmap& heightmap, double lat, double lon);

} // namespace kresy
