#include "terrain_pass.h"

#include "core/log.h"
#include "pipelines.h"
#include "terrain/node_mesh.h"
#include "terrain/surface.h"
#include "vk_check.h"

#include <cstring>

namespace kresy {

namespace {

constexpr int kCellCounts[4] = {2, 4, 8, 16};
constexpr VkDeviceSize kSurfaceBytes = VkDeviceSize(kSurfaceSize) * kSurfaceSize * 4;
const uint32_t kSlotVertices = uint32_t(nodeVertexCount(kMaxNodeCells));

int cellIndex(int cells) {
    for (int i = 0; i < 4; ++i)
        if (kCellCounts[i] == cells)
            return i;
    return 3;
}

// Mirrors `Node` in shaders/terrain.vert.
struct NodeConstants {
    float centre[3]; // node centre minus the eye
    float morphStart;
    float morphEnd;
    int32_t layer, parentLayer;
    float unused;
};

uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    h ^= h >> 31;
    return h * 0xbf58476d1ce4e5b9ull;
}
uint64_t mixTile(uint64_t h, const TileId& t) { return mix(mix(mix(h, uint64_t(t.z)), uint64_t(t.x)), uint64_t(t.y)); }

uint64_t nodeKey(const SelectedNode& n, float exaggeration) {
    uint64_t h = mixTile(mixTile(mixTile(1, n.node), n.data), n.parentData);
    uint32_t e;
    std::memcpy(&e, &exaggeration, 4);
    uint64_t skirt;
    std::memcpy(&skirt, &n.skirtDepth, 8);
    return mix(mix(mix(mix(h, uint64_t(n.cells)), uint64_t(n.parentCells)), e), skirt);
}

// A layer or slot may be reused once no frame still in flight draws with it.
bool reusable(uint64_t lastUsed, uint64_t frame) { return lastUsed + 2 <= frame; }

} // namespace

bool createTerrainPass(const Device& device, TerrainPass& pass, VkPipelineLayout layout, VkShaderModule vertex,
                       VkShaderModule fragment, VkFormat colour, VkFormat depth) {
    pass.surfaces = createImage(device, kSurfaceSize, kSurfaceSize, VK_FORMAT_R8G8B8A8_UNORM,
                                VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT, kSurfaceLayers);
    immediateSubmit(device, [&](VkCommandBuffer cmd) {
        imageBarrier(cmd, pass.surfaces.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                     VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE,
                     VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, 0, kSurfaceLayers);
    });
    for (Buffer& b : pass.staging)
        b = createBuffer(device, kSurfaceBytes * kMaxUploadsPerFrame, VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                         VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
    pass.vertices = createBuffer(device, VkDeviceSize(kNodeSlots) * kSlotVertices * sizeof(NodeVertex),
                                 VK_BUFFER_USAGE_VERTEX_BUFFER_BIT,
                                 VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
    std::vector<uint32_t> all;
    for (int i = 0; i < 4; ++i) {
        std::vector<uint32_t> idx = nodeIndices(kCellCounts[i]);
        pass.firstIndex[i] = uint32_t(all.size());
        pass.indexCount[i] = uint32_t(idx.size());
        all.insert(all.end(), idx.begin(), idx.end());
    }
    pass.indices = createBufferWithData(device, VK_BUFFER_USAGE_INDEX_BUFFER_BIT, all.data(), all.size() * sizeof(uint32_t));

    PipelineDesc desc;
    desc.vertex = vertex;
    desc.fragment = fragment;
    desc.layout = layout;
    desc.bindings = {{0, sizeof(NodeVertex), VK_VERTEX_INPUT_RATE_VERTEX}};
    desc.attributes = {{0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(NodeVertex, position)},
                       {1, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(NodeVertex, morphed)},
                       {2, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(NodeVertex, uv)},
                       {3, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(NodeVertex, parentUv)}};
    desc.colourFormat = colour;
    desc.depthFormat = depth;
    pass.pipeline = createGraphicsPipeline(device, desc);
    pass.layers.assign(kSurfaceLayers, {});
    pass.slots.assign(kNodeSlots, {});
    return true;
}

void destroyTerrainPass(const Device& device, TerrainPass& pass) {
    vkDestroyPipeline(device.device, pass.pipeline, nullptr);
    destroyImage(device, pass.surfaces);
    for (Buffer& b : pass.staging)
        destroyBuffer(device, b);
    destroyBuffer(device, pass.vertices);
    destroyBuffer(device, pass.indices);
    pass = TerrainPass{};
}

bool terrainSurfaceResident(const TerrainPass& pass, const TileId& tile) { return pass.layerOf.count(tile) != 0; }

// The least recently used of the entries that no frame in flight uses, or a never-used one.
template <typename Entry>
int pickVictim(const std::vector<Entry>& entries, uint64_t frame) {
    int best = -1;
    for (size_t i = 0; i < entries.size(); ++i) {
        if (!entries[i].used)
            return int(i);
        if (reusable(entries[i].lastUsed, frame) && (best < 0 || entries[i].lastUsed < entries[size_t(best)].lastUsed))
            best = int(i);
    }
    return best;
}

static void uploadSurfaces(TerrainPass& pass, VkCommandBuffer cmd, uint32_t frameInFlight, const FrameInput& frame) {
    uint32_t uploaded = 0;
    for (const auto& tile : frame.terrainUploads) {
        if (uploaded == kMaxUploadsPerFrame)
            break;
        auto texels = std::static_pointer_cast<const TileSurfaceTexels>(tile->prepared);
        if (!texels || texels->size != int(kSurfaceSize) || pass.layerOf.count(tile->id))
            continue;
        int layer = pickVictim(pass.layers, pass.frame);
        if (layer < 0)
            break; // every layer is on screen; the rest wait for a later frame
        TerrainPass::Layer& l = pass.layers[size_t(layer)];
        if (l.used)
            pass.layerOf.erase(l.tile);
        l = {tile->id, pass.frame, true};
        pass.layerOf[tile->id] = uint32_t(layer);

        VkDeviceSize offset = kSurfaceBytes * uploaded;
        std::memcpy(static_cast<uint8_t*>(pass.staging[frameInFlight].data) + offset, texels->texels.data(), kSurfaceBytes);
        imageBarrier(cmd, pass.surfaces.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                     VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                     VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, uint32_t(layer));
        VkBufferImageCopy region{};
        region.bufferOffset = offset;
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, uint32_t(layer), 1};
        region.imageExtent = {kSurfaceSize, kSurfaceSize, 1};
        vkCmdCopyBufferToImage(cmd, pass.staging[frameInFlight].buffer, pass.surfaces.image,
                               VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
        imageBarrier(cmd, pass.surfaces.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                     VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                     VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, uint32_t(layer));
        ++uploaded;
    }
    pass.stats.uploads = uploaded;
}

void prepareTerrain(const Device&, TerrainPass& pass, VkCommandBuffer cmd, uint32_t frameInFlight,
                    const FrameInput& frame) {
    ++pass.frame;
    pass.stats = {};
    // What this frame draws is in use: first, so no upload or mesh below takes its place.
    for (const TerrainNodeDraw& d : frame.terrainNodes)
        for (const TileId& t : {d.node.data, d.node.parentData})
            if (auto it = pass.layerOf.find(t); it != pass.layerOf.end())
                pass.layers[it->second].lastUsed = pass.frame;
    for (const TerrainNodeDraw& d : frame.terrainNodes)
        if (auto it = pass.slotOf.find(nodeKey(d.node, frame.exaggeration)); it != pass.slotOf.end())
            pass.slots[it->second].lastUsed = pass.frame;

    uploadSurfaces(pass, cmd, frameInFlight, frame);

    bool full = false;
    for (const TerrainNodeDraw& d : frame.terrainNodes) {
        uint64_t key = nodeKey(d.node, frame.exaggeration);
        if (pass.slotOf.count(key) || !d.data || !d.parentData)
            continue;
        int slot = pickVictim(pass.slots, pass.frame);
        if (slot < 0) {
            full = true;
            continue;
        }
        TerrainPass::Slot& s = pass.slots[size_t(slot)];
        if (s.used)
            pass.slotOf.erase(s.key);
        NodeMesh mesh = buildNodeMesh(d.node, d.data->heights, d.parentData->heights, frame.scene, frame.exaggeration,
                                      frame.terrainBounds);
        std::memcpy(static_cast<NodeVertex*>(pass.vertices.data) + size_t(slot) * kSlotVertices, mesh.vertices.data(),
                    mesh.vertices.size() * sizeof(NodeVertex));
        s = {key, pass.frame, true, mesh.centre, mesh.cells};
        pass.slotOf[key] = uint32_t(slot);
        ++pass.stats.meshesBuilt;
    }
    if (full) {
        static bool warned = false;
        if (!warned)
            logWarning("more terrain nodes on screen than the %u mesh slots; some are not drawn", kNodeSlots);
        warned = true;
    }
    pass.stats.residentSurfaces = uint32_t(pass.layerOf.size());
}

void drawTerrain(VkCommandBuffer cmd, TerrainPass& pass, VkPipelineLayout layout, const FrameInput& frame) {
    if (frame.terrainNodes.empty())
        return;
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pass.pipeline);
    VkDeviceSize offset = 0;
    vkCmdBindVertexBuffers(cmd, 0, 1, &pass.vertices.buffer, &offset);
    vkCmdBindIndexBuffer(cmd, pass.indices.buffer, 0, VK_INDEX_TYPE_UINT32);
    TerrainStats& stats = pass.stats;
    for (const TerrainNodeDraw& d : frame.terrainNodes) {
        auto slot = pass.slotOf.find(nodeKey(d.node, frame.exaggeration));
        auto layer = pass.layerOf.find(d.node.data);
        if (slot == pass.slotOf.end() || layer == pass.layerOf.end())
            continue;
        auto parentLayer = pass.layerOf.find(d.node.parentData);
        const TerrainPass::Slot& s = pass.slots[slot->second];
        glm::dvec3 centre = s.centre - frame.camera.eye;
        NodeConstants c{};
        c.centre[0] = float(centre.x), c.centre[1] = float(centre.y), c.centre[2] = float(centre.z);
        // A root has no parent to morph to: its range is out of reach.
        c.morphStart = float(std::min(d.node.morphStart, 1e30));
        c.morphEnd = float(std::min(d.node.morphEnd, 1e30));
        c.layer = int32_t(layer->second);
        c.parentLayer = int32_t(parentLayer == pass.layerOf.end() ? layer->second : parentLayer->second);
        vkCmdPushConstants(cmd, layout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof c, &c);
        int ci = cellIndex(s.cells);
        vkCmdDrawIndexed(cmd, pass.indexCount[ci], 1, pass.firstIndex[ci], int32_t(slot->second * kSlotVertices), 0);
        ++stats.nodes;
        stats.triangles += pass.indexCount[ci] / 3;
    }
}

} // namespace kresy
