#include "marks_pass.h"

#include "pipelines.h"
#include "vk_check.h"

#include <cstring>

namespace kresy {
namespace {

// Mirror `Segment` and `Mark` in shaders/lines.vert and shaders/billboard.vert (std430).
struct SegmentData {
    glm::vec4 from; // xyz camera-relative, w width in pixels
    glm::vec4 to;
    glm::vec4 fromColour, toColour;
    glm::vec4 dash; // start, period, on fraction (pixels)
};
struct BillboardData {
    glm::vec4 position; // xyz camera-relative, w opacity
    glm::vec4 fill;
    glm::vec4 uvRect;
    glm::vec4 size; // xy size, zw offset, pixels
};

struct PushConstants {
    glm::vec2 viewport;
};

void writeSet(const Device& device, const MarksPass& pass, const MarksPass::PerFrame& f) {
    VkDescriptorBufferInfo buffers[3] = {{f.uniforms, 0, VK_WHOLE_SIZE},
                                         {f.lines.buffer, 0, VK_WHOLE_SIZE},
                                         {f.billboards.buffer, 0, VK_WHOLE_SIZE}};
    VkDescriptorImageInfo images[2] = {{pass.sampler, pass.atlas.view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL},
                                       {pass.depthSampler, f.depth, VK_IMAGE_LAYOUT_DEPTH_READ_ONLY_OPTIMAL}};
    const uint32_t count = f.depth ? 5 : 4;
    VkWriteDescriptorSet writes[5] = {};
    for (uint32_t i = 0; i < count; ++i) {
        writes[i].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
        writes[i].dstSet = f.set;
        writes[i].dstBinding = i;
        writes[i].descriptorCount = 1;
        writes[i].descriptorType = i == 0 ? VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER
                                 : i >= 3 ? VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER
                                          : VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        if (i < 3)
            writes[i].pBufferInfo = &buffers[i];
        else
            writes[i].pImageInfo = &images[i - 3];
    }
    vkUpdateDescriptorSets(device.device, count, writes, 0, nullptr);
}

} // namespace

bool createMarksPass(const Device& device, const std::string& shaderDir, VkFormat colour, VkFormat depth,
                     const std::array<VkBuffer, kFramesInFlight>& uniforms, MarksPass* p, std::string* error) {
    const char* names[4] = {"lines.vert", "lines.frag", "billboard.vert", "billboard.frag"};
    VkShaderModule modules[4] = {};
    if (!loadShaders(device, shaderDir, names, 4, modules, error))
        return false;

    const VkShaderStageFlags both = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT;
    VkDescriptorSetLayoutBinding bindings[5] = {
        {0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1, both, nullptr},
        {1, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT, nullptr},
        {2, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT, nullptr},
        {3, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {4, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_VERTEX_BIT, nullptr},
    };
    p->setLayout = createSetLayout(device, bindings, 5);
    p->layout = createPipelineLayout(device, &p->setLayout, 1, VK_SHADER_STAGE_VERTEX_BIT, sizeof(PushConstants));

    PipelineDesc desc;
    desc.layout = p->layout;
    desc.depthCompare = VK_COMPARE_OP_GREATER_OR_EQUAL;
    desc.depthWrite = false;
    desc.alphaBlend = true;
    desc.colourFormat = colour;
    desc.depthFormat = depth;
    desc.vertex = modules[0];
    desc.fragment = modules[1];
    p->lines = createGraphicsPipeline(device, desc);
    desc.vertex = modules[2];
    desc.fragment = modules[3];
    desc.depthCompare = VK_COMPARE_OP_ALWAYS; // the vertex shader tests the marked point instead
    p->billboards = createGraphicsPipeline(device, desc);
    destroyShaders(device, modules, 4);

    VkSamplerCreateInfo sampler{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
    sampler.magFilter = VK_FILTER_LINEAR;
    sampler.minFilter = VK_FILTER_LINEAR;
    sampler.addressModeU = sampler.addressModeV = sampler.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    VK_CHECK(vkCreateSampler(device.device, &sampler, nullptr, &p->sampler));
    sampler.magFilter = sampler.minFilter = VK_FILTER_NEAREST;
    VK_CHECK(vkCreateSampler(device.device, &sampler, nullptr, &p->depthSampler));

    VkDescriptorPoolSize sizes[3] = {{VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, kFramesInFlight},
                                     {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 2 * kFramesInFlight},
                                     {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 2 * kFramesInFlight}};
    VkDescriptorPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    poolInfo.maxSets = kFramesInFlight;
    poolInfo.poolSizeCount = 3;
    poolInfo.pPoolSizes = sizes;
    VK_CHECK(vkCreateDescriptorPool(device.device, &poolInfo, nullptr, &p->pool));

    const uint8_t clear[4] = {0, 0, 0, 0};
    p->atlas = createTextureWithData(device, 1, 1, VK_FORMAT_R8G8B8A8_UNORM, clear, 4);
    for (uint32_t i = 0; i < kFramesInFlight; ++i) {
        MarksPass::PerFrame& f = p->frames[i];
        VkDescriptorSetAllocateInfo alloc{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
        alloc.descriptorPool = p->pool;
        alloc.descriptorSetCount = 1;
        alloc.pSetLayouts = &p->setLayout;
        VK_CHECK(vkAllocateDescriptorSets(device.device, &alloc, &f.set));
        f.uniforms = uniforms[i];
        bool grown = false;
        ensureStorageCapacity(device, f.lines, sizeof(SegmentData), &grown);
        ensureStorageCapacity(device, f.billboards, sizeof(BillboardData), &grown);
        writeSet(device, *p, f);
        f.dirty = false;
    }
    return true;
}

void destroyMarksPass(const Device& device, MarksPass& p) {
    for (auto& f : p.frames) {
        destroyBuffer(device, f.lines);
        destroyBuffer(device, f.billboards);
    }
    destroyImage(device, p.atlas);
    vkDestroyDescriptorPool(device.device, p.pool, nullptr);
    vkDestroySampler(device.device, p.sampler, nullptr);
    vkDestroySampler(device.device, p.depthSampler, nullptr);
    vkDestroyPipeline(device.device, p.lines, nullptr);
    vkDestroyPipeline(device.device, p.billboards, nullptr);
    vkDestroyPipelineLayout(device.device, p.layout, nullptr);
    vkDestroyDescriptorSetLayout(device.device, p.setLayout, nullptr);
    p = MarksPass{};
}

void prepareMarks(const Device& device, MarksPass& p, uint32_t frameInFlight, const FrameInput& frame,
                  VkImageView depth) {
    if (frame.atlas && frame.atlas != p.atlasSource && frame.atlas->width > 0 && frame.atlas->height > 0 &&
        frame.atlas->rgba.size() >= size_t(frame.atlas->width) * frame.atlas->height * 4) {
        // A new atlas is rare (new symbols came into use): wait for the frames that sample the old one.
        VK_CHECK(vkDeviceWaitIdle(device.device));
        destroyImage(device, p.atlas);
        p.atlas = createTextureWithData(device, uint32_t(frame.atlas->width), uint32_t(frame.atlas->height),
                                        VK_FORMAT_R8G8B8A8_UNORM, frame.atlas->rgba.data(),
                                        VkDeviceSize(frame.atlas->width) * frame.atlas->height * 4);
        p.atlasSource = frame.atlas;
        for (auto& f : p.frames)
            f.dirty = true;
    }
    MarksPass::PerFrame& f = p.frames[frameInFlight];
    if (f.depth != depth) {
        f.depth = depth;
        f.dirty = true;
    }
    ensureStorageCapacity(device, f.lines, frame.lines.size() * sizeof(SegmentData), &f.dirty);
    ensureStorageCapacity(device, f.billboards, frame.billboards.size() * sizeof(BillboardData), &f.dirty);
    if (f.dirty) {
        writeSet(device, p, f);
        f.dirty = false;
    }
    const glm::dvec3 eye = frame.camera.eye;
    auto* segments = static_cast<SegmentData*>(f.lines.data);
    for (const LineSegment& l : frame.lines)
        *segments++ = {glm::vec4(glm::vec3(l.from - eye), l.widthPixels), glm::vec4(glm::vec3(l.to - eye), 0),
                       l.fromColour, l.toColour, glm::vec4(l.dashStart, l.dashPixels, l.dashOn, 0)};
    auto* marks = static_cast<BillboardData*>(f.billboards.data);
    for (const Billboard& b : frame.billboards)
        *marks++ = {glm::vec4(glm::vec3(b.position - eye), b.opacity), b.fill, b.uvRect, glm::vec4(b.size, b.offset)};
    p.lineCount = uint32_t(frame.lines.size());
    p.billboardCount = uint32_t(frame.billboards.size());
}

void drawMarks(VkCommandBuffer cmd, MarksPass& p, uint32_t frameInFlight, const FrameInput& frame) {
    if (p.lineCount == 0 && p.billboardCount == 0)
        return;
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.layout, 0, 1, &p.frames[frameInFlight].set, 0,
                            nullptr);
    PushConstants push{{float(frame.width), float(frame.height)}};
    vkCmdPushConstants(cmd, p.layout, VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof push, &push);
    if (p.lineCount) {
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.lines);
        vkCmdDraw(cmd, 6, p.lineCount, 0, 0);
    }
    if (p.billboardCount) {
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.billboards);
        vkCmdDraw(cmd, 6, p.billboardCount, 0, 0);
    }
}

} // namespace kresy
