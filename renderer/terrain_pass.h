#pragma once
// The LOD terrain on the GPU: tile surfaces (normals and heights) in one texture array with
// LRU layers, node meshes in slots of one vertex buffer, built on first use and kept while
// drawn. Nothing here decides what to draw: FrameInput's nodes say that.

#include "resources.h"
#include "scene/frame.h"

#include <unordered_map>
#include <vector>

namespace kresy {

constexpr uint32_t kSurfaceLayers = 512;      // 512 x 256 KB of RGBA8 256 px tiles
constexpr uint32_t kNodeSlots = 2048;         // node meshes kept on the GPU (29 MB)
constexpr uint32_t kMaxUploadsPerFrame = 16;  // tile surfaces copied to the GPU per frame
constexpr uint32_t kSurfaceSize = 256;        // tile pixels; other sizes are resampled by the streamer

struct TerrainStats {
    uint32_t nodes = 0, triangles = 0, meshesBuilt = 0, uploads = 0, residentSurfaces = 0;
};

struct TerrainPass {
    Image surfaces; // kSurfaceLayers layers
    Buffer staging[2]; // per frame in flight: kMaxUploadsPerFrame surfaces
    Buffer vertices;   // kNodeSlots slots of nodeVertexCount(16) vertices
    Buffer indices;    // the index lists for 2, 4, 8 and 16 cells, one after the other
    uint32_t firstIndex[5] = {}, indexCount[5] = {};
    VkPipeline pipeline = VK_NULL_HANDLE;

    struct Layer {
        TileId tile;
        uint64_t lastUsed = 0;
        bool used = false;
    };
    std::vector<Layer> layers;
    std::unordered_map<TileId, uint32_t, TileIdHash> layerOf;

    struct Slot {
        uint64_t key = 0;
        uint64_t lastUsed = 0;
        bool used = false;
        glm::dvec3 centre{0};
        int cells = 0;
    };
    std::vector<Slot> slots;
    std::unordered_map<uint64_t, uint32_t> slotOf;

    uint64_t frame = 0;
    TerrainStats stats;
};

bool createTerrainPass(const Device& device, TerrainPass& pass, VkPipelineLayout layout, VkShaderModule vertex,
                       VkShaderModule fragment, VkFormat colour, VkFormat depth);
void destroyTerrainPass(const Device& device, TerrainPass& pass);

bool terrainSurfaceResident(const TerrainPass& pass, const TileId& tile);

// Outside rendering: copies this frame's uploads into free or least recently used layers (never
// one drawn in the frames still in flight) and builds the meshes of nodes not yet on the GPU.
void prepareTerrain(const Device& device, TerrainPass& pass, VkCommandBuffer cmd, uint32_t frameInFlight,
                    const FrameInput& frame);
// Inside dynamic rendering, with the frame's descriptor set bound.
void drawTerrain(VkCommandBuffer cmd, TerrainPass& pass, VkPipelineLayout layout, const FrameInput& frame);

} // namespace kresy
