#pragma once
// Units' glTF models (FrameInput::models): each model's mesh and textures are uploaded the first
// time a frame brings it, then drawn instanced, one draw per primitive for all its placements.
// Per-instance transforms go through a host-visible storage buffer per frame in flight.

#include "resources.h"
#include "scene/frame.h"

#include <array>
#include <map>
#include <memory>

namespace kresy {

struct GpuModel {
    std::shared_ptr<const ModelData> source; // kept alive while uploaded
    Buffer vertices, indices;
    std::vector<Image> textures;
    VkDescriptorPool pool = VK_NULL_HANDLE;
    std::vector<VkDescriptorSet> textureSets; // per texture
    uint64_t lastUsed = 0;                    // the pass's frame counter
};

struct ModelsPass {
    VkDescriptorSetLayout instanceLayout = VK_NULL_HANDLE; // set 1: instances
    VkDescriptorSetLayout textureLayout = VK_NULL_HANDLE;  // set 2: base colour texture
    VkPipelineLayout layout = VK_NULL_HANDLE;              // set 0 is the scene's frame set
    VkPipeline pipeline = VK_NULL_HANDLE;
    VkDescriptorPool pool = VK_NULL_HANDLE; // instance sets and the white texture's
    std::map<std::pair<int, int>, VkSampler> samplers; // by (wrap u, wrap v)
    Image white;
    VkDescriptorSet whiteSet = VK_NULL_HANDLE;
    struct PerFrame {
        VkDescriptorSet set = VK_NULL_HANDLE;
        Buffer instances; // grown as needed
    };
    std::array<PerFrame, kFramesInFlight> frames;
    std::map<const ModelData*, GpuModel> models;
    uint64_t frameCounter = 0;
};

// `frameSetLayout` is the scene passes' set 0 (frame uniforms), bound when drawing.
bool createModelsPass(const Device& device, const std::string& shaderDir, VkFormat colour, VkFormat depth,
                      VkDescriptorSetLayout frameSetLayout, ModelsPass* pass, std::string* error);
void destroyModelsPass(const Device& device, ModelsPass& pass);

// Before rendering: uploads models seen for the first time, frees those unused for a while, and
// fills this frame's instances (camera-relative).
void prepareModels(const Device& device, ModelsPass& pass, uint32_t frameInFlight, const FrameInput& frame);
// Inside dynamic rendering after the terrain, with the frame's set 0 bound by the caller.
void drawModels(VkCommandBuffer cmd, ModelsPass& pass, uint32_t frameInFlight, VkDescriptorSet frameSet,
                const FrameInput& frame);

} // namespace kresy
