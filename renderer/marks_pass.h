#pragma once
// Marks over the terrain (FrameInput::lines and ::billboards): lines of constant pixel width and
// screen-facing symbols of constant pixel size, both depth-tested against the terrain and
// blended. Per-instance data goes through a host-visible storage buffer per frame in flight; the
// vertex shaders expand each instance into a quad, so there is no vertex buffer.

#include "resources.h"
#include "scene/frame.h"

#include <array>
#include <memory>

namespace kresy {


struct MarksPass {
    VkDescriptorSetLayout setLayout = VK_NULL_HANDLE; // 0 frame uniforms, 1 lines, 2 billboards, 3 atlas, 4 depth
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VkPipeline lines = VK_NULL_HANDLE, billboards = VK_NULL_HANDLE;
    VkDescriptorPool pool = VK_NULL_HANDLE;
    VkSampler sampler = VK_NULL_HANDLE, depthSampler = VK_NULL_HANDLE;
    struct PerFrame {
        VkDescriptorSet set = VK_NULL_HANDLE;
        Buffer lines, billboards; // grown as needed
        VkBuffer uniforms = VK_NULL_HANDLE;
        VkImageView depth = VK_NULL_HANDLE; // the view the set was written with
        bool dirty = true; // the set must be written again
    };
    std::array<PerFrame, kFramesInFlight> frames;
    Image atlas; // 1x1 until a frame brings one
    std::shared_ptr<const AtlasImage> atlasSource;
    uint32_t lineCount = 0, billboardCount = 0; // this frame's
};

// `uniforms[i]` is frame-in-flight i's uniform buffer (FrameUniforms).
bool createMarksPass(const Device& device, const std::string& shaderDir, VkFormat colour, VkFormat depth,
                     const std::array<VkBuffer, kFramesInFlight>& uniforms, MarksPass* pass, std::string* error);
void destroyMarksPass(const Device& device, MarksPass& pass);

// Before rendering: fills this frame's instance buffers (camera-relative) and uploads a new atlas.
// `depth` is the frame's depth image, which the symbols sample: a symbol is drawn whole when the
// point it marks is in front of the terrain there, and not at all when it is behind.
void prepareMarks(const Device& device, MarksPass& pass, uint32_t frameInFlight, const FrameInput& frame,
                  VkImageView depth);
// Inside dynamic rendering, after the terrain and the sky, with the depth attachment read-only.
void drawMarks(VkCommandBuffer cmd, MarksPass& pass, uint32_t frameInFlight, const FrameInput& frame);

} // namespace kresy
