#pragma once
// Text over everything (FrameInput::labelGlyphs, placed by scene/labels.h): each glyph a quad of
// the signed-distance-field atlas, placed in pixels from where its label's anchor projects, drawn
// with a halo, antialiased by the screen-space derivative and blended premultiplied. Glyphs go
// through a host-visible storage buffer per frame in flight; the vertex shader expands each into
// a quad (6 vertices, no vertex buffer).

#include "resources.h"
#include "scene/frame.h"

#include <array>
#include <memory>

namespace kresy {

struct LabelsPass {
    VkDescriptorSetLayout setLayout = VK_NULL_HANDLE; // 0 frame uniforms, 1 glyphs, 2 atlas, 3 depth
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VkPipeline pipeline = VK_NULL_HANDLE;
    VkDescriptorPool pool = VK_NULL_HANDLE;
    VkSampler sampler = VK_NULL_HANDLE, depthSampler = VK_NULL_HANDLE;
    struct PerFrame {
        VkDescriptorSet set = VK_NULL_HANDLE;
        Buffer glyphs; // grown as needed
        VkBuffer uniforms = VK_NULL_HANDLE;
        VkImageView depth = VK_NULL_HANDLE; // the view the set was written with
        bool dirty = true;                  // the set must be written again
    };
    std::array<PerFrame, kFramesInFlight> frames;
    Image atlas; // 1x1 until a frame brings one
    std::shared_ptr<const GlyphAtlas> atlasSource;
    uint32_t glyphCount = 0; // this frame's
};

// `uniforms[i]` is frame-in-flight i's uniform buffer (FrameUniforms).
bool createLabelsPass(const Device& device, const std::string& shaderDir, VkFormat colour, VkFormat depth,
                      const std::array<VkBuffer, kFramesInFlight>& uniforms, LabelsPass* pass, std::string* error);
void destroyLabelsPass(const Device& device, LabelsPass& pass);

// Before rendering: fills this frame's glyph buffer (anchors camera-relative) and uploads a new
// atlas. `depth` is the frame's depth image: glyphs of labels that hide behind the terrain test
// their anchor against it.
void prepareLabels(const Device& device, LabelsPass& pass, uint32_t frameInFlight, const FrameInput& frame,
                   VkImageView depth);
// Inside dynamic rendering after the marks, with the depth attachment read-only.
void drawLabels(VkCommandBuffer cmd, LabelsPass& pass, uint32_t frameInFlight, const FrameInput& frame);

} // namespace kresy
