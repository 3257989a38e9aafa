#include "labels_pass.h"

#include "pipelines.h"
#include "vk_check.h"

namespace kresy {
namespace {

// Mirrors `Glyph` in shaders/text.vert (std430).
struct GlyphData {
    glm::vec4 anchor; // xyz camera-relative, w opacity
    glm::vec4 rect;
    glm::vec4 uvRect;
    glm::vec4 colour;
    glm::vec4 halo;
    glm::vec4 params; // x halo pixels, y hide behind the terrain
};

// Mirrors `Text` in shaders/text.vert and text.frag.
struct PushConstants {
    glm::vec2 viewport;
    glm::vec2 atlasSize;
    float edge, texelsPerUnit, spreadTexels, unused;
};

void writeSet(const Device& device, const LabelsPass& pass, const LabelsPass::PerFrame& f) {
    VkDescriptorBufferInfo buffers[2] = {{f.uniforms, 0, VK_WHOLE_SIZE}, {f.glyphs.buffer, 0, VK_WHOLE_SIZE}};
    VkDescriptorImageInfo images[2] = {{pass.sampler, pass.atlas.view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL},
                                       {pass.depthSampler, f.depth, VK_IMAGE_LAYOUT_DEPTH_READ_ONLY_OPTIMAL}};
    const uint32_t count = f.depth ? 4 : 3;
    VkWriteDescriptorSet writes[4] = {};
    for (uint32_t i = 0; i < count; ++i) {
        writes[i].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
        writes[i].dstSet = f.set;
        writes[i].dstBinding = i;
        writes[i].descriptorCount = 1;
        writes[i].descriptorType = i == 0   ? VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER
                                   : i == 1 ? VK_DESCRIPTOR_TYPE_STORAGE_BUFFER
                                            : VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
        if (i < 2)
            writes[i].pBufferInfo = &buffers[i];
        else
            writes[i].pImageInfo = &images[i - 2];
    }
    vkUpdateDescriptorSets(device.device, count, writes, 0, nullptr);
}

} // namespace

bool createLabelsPass(const Device& device, const std::string& shaderDir, VkFormat colour, VkFormat depth,
                      const std::array<VkBuffer, kFramesInFlight>& uniforms, LabelsPass* p, std::string* error) {
    const char* names[2] = {"text.vert", "text.frag"};
    VkShaderModule modules[2] = {};
    if (!loadShaders(device, shaderDir, names, 2, modules, error))
        return false;

    const VkShaderStageFlags both = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT;
    VkDescriptorSetLayoutBinding bindings[4] = {
        {0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1, both, nullptr},
        {1, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT, nullptr},
        {2, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {3, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_VERTEX_BIT, nullptr},
    };
    p->setLayout = createSetLayout(device, bindings, 4);
    p->layout = createPipelineLayout(device, &p->setLayout, 1, both, sizeof(PushConstants));

    PipelineDesc desc;
    desc.layout = p->layout;
    desc.depthCompare = VK_COMPARE_OP_ALWAYS; // over everything; the vertex shader may test the anchor
    desc.depthWrite = false;
    desc.alphaBlend = true;
    desc.colourFormat = colour;
    desc.depthFormat = depth;
    desc.vertex = modules[0];
    desc.fragment = modules[1];
    p->pipeline = createGraphicsPipeline(device, desc);
    destroyShaders(device, modules, 2);

    VkSamplerCreateInfo sampler{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
    sampler.magFilter = VK_FILTER_LINEAR;
    sampler.minFilter = VK_FILTER_LINEAR;
    sampler.addressModeU = sampler.addressModeV = sampler.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    VK_CHECK(vkCreateSampler(device.device, &sampler, nullptr, &p->sampler));
    sampler.magFilter = sampler.minFilter = VK_FILTER_NEAREST;
    VK_CHECK(vkCreateSampler(device.device, &sampler, nullptr, &p->depthSampler));

    VkDescriptorPoolSize sizes[3] = {{VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, kFramesInFlight},
                                     {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, kFramesInFlight},
                                     {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 2 * kFramesInFlight}};
    VkDescriptorPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    poolInfo.maxSets = kFramesInFlight;
    poolInfo.poolSizeCount = 3;
    poolInfo.pPoolSizes = sizes;
    VK_CHECK(vkCreateDescriptorPool(device.device, &poolInfo, nullptr, &p->pool));

    const uint8_t empty = 0;
    p->atlas = createTextureWithData(device, 1, 1, VK_FORMAT_R8_UNORM, &empty, 1);
    for (uint32_t i = 0; i < kFramesInFlight; ++i) {
        LabelsPass::PerFrame& f = p->frames[i];
        VkDescriptorSetAllocateInfo alloc{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
        alloc.descriptorPool = p->pool;
        alloc.descriptorSetCount = 1;
        alloc.pSetLayouts = &p->setLayout;
        VK_CHECK(vkAllocateDescriptorSets(device.device, &alloc, &f.set));
        f.uniforms = uniforms[i];
        bool grown = false;
        ensureStorageCapacity(device, f.glyphs, sizeof(GlyphData), &grown);
        writeSet(device, *p, f);
        f.dirty = false;
    }
    return true;
}

void destroyLabelsPass(const Device& device, LabelsPass& p) {
    for (auto& f : p.frames)
        destroyBuffer(device, f.glyphs);
    destroyImage(device, p.atlas);
    vkDestroyDescriptorPool(device.device, p.pool, nullptr);
    vkDestroySampler(device.device, p.sampler, nullptr);
    vkDestroySampler(device.device, p.depthSampler, nullptr);
    vkDestroyPipeline(device.device, p.pipeline, nullptr);
    vkDestroyPipelineLayout(device.device, p.layout, nullptr);
    vkDestroyDescriptorSetLayout(device.device, p.setLayout, nullptr);
    p = LabelsPass{};
}

void prepareLabels(const Device& device, LabelsPass& p, uint32_t frameInFlight, const FrameInput& frame,
                   VkImageView depth) {
    const GlyphAtlas* atlas = frame.glyphAtlas.get();
    if (atlas && frame.glyphAtlas != p.atlasSource && atlas->width > 0 && atlas->height > 0 &&
        atlas->distance.size() >= size_t(atlas->width) * atlas->height) {
        // A new atlas is rare (a font loaded): wait for the frames that sample the old one.
        VK_CHECK(vkDeviceWaitIdle(device.device));
        destroyImage(device, p.atlas);
        p.atlas = createTextureWithData(device, uint32_t(atlas->width), uint32_t(atlas->height), VK_FORMAT_R8_UNORM,
                                        atlas->distance.data(), VkDeviceSize(atlas->width) * atlas->height);
        p.atlasSource = frame.glyphAtlas;
        for (auto& f : p.frames)
            f.dirty = true;
    }
    LabelsPass::PerFrame& f = p.frames[frameInFlight];
    // Without the atlas they were placed with, glyphs would show garbage: draw none.
    p.glyphCount = p.atlasSource && p.atlasSource == frame.glyphAtlas ? uint32_t(frame.labelGlyphs.size()) : 0;
    if (p.glyphCount == 0)
        return;
    if (f.depth != depth) {
        f.depth = depth;
        f.dirty = true;
    }
    ensureStorageCapacity(device, f.glyphs, p.glyphCount * sizeof(GlyphData), &f.dirty);
    if (f.dirty) {
        writeSet(device, p, f);
        f.dirty = false;
    }
    const glm::dvec3 eye = frame.camera.eye;
    auto* out = static_cast<GlyphData*>(f.glyphs.data);
    for (const LabelGlyph& g : frame.labelGlyphs)
        *out++ = {glm::vec4(glm::vec3(g.anchor - eye), g.opacity), g.rect, g.uvRect, g.colour, g.halo,
                  glm::vec4(g.haloPixels, g.hideBehindTerrain ? 1.0f : 0.0f, 0, 0)};
}

void drawLabels(VkCommandBuffer cmd, LabelsPass& p, uint32_t frameInFlight, const FrameInput& frame) {
    if (p.glyphCount == 0)
        return;
    const GlyphAtlas& atlas = *p.atlasSource;
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.layout, 0, 1, &p.frames[frameInFlight].set, 0,
                            nullptr);
    PushConstants push{{float(frame.width), float(frame.height)},
                       {float(atlas.width), float(atlas.height)},
                       atlas.edge,
                       atlas.texelsPerUnit,
                       atlas.spreadTexels,
                       0};
    vkCmdPushConstants(cmd, p.layout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof push, &push);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.pipeline);
    vkCmdDraw(cmd, 6, p.glyphCount, 0, 0);
}

} // namespace kresy
