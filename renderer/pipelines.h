#pragma once
// Shader modules from the build tree's SPIR-V and graphics pipelines for dynamic rendering.

#include "device.h"

#include <string>
#include <vector>

namespace kresy {

// Loads `<shaderDir>/<name>.spv`. False and "<path>: <why>" in *error when missing or invalid.
bool loadShader(const Device& device, const std::string& shaderDir, const std::string& name, VkShaderModule* module,
                std::string* error);

// Loads names[0..count) into modules[0..count) (all null on entry); on a failure destroys the
// ones already loaded and returns false.
bool loadShaders(const Device& device, const std::string& shaderDir, const char* const* names, size_t count,
                 VkShaderModule* modules, std::string* error);
void destroyShaders(const Device& device, const VkShaderModule* modules, size_t count);

struct PipelineDesc {
    VkShaderModule vertex = VK_NULL_HANDLE;
    VkShaderModule fragment = VK_NULL_HANDLE;
    VkPipelineLayout layout = VK_NULL_HANDLE;
    std::vector<VkVertexInputBindingDescription> bindings;
    std::vector<VkVertexInputAttributeDescription> attributes;
    VkCompareOp depthCompare = VK_COMPARE_OP_GREATER; // reverse-Z
    bool depthWrite = true;
    bool alphaBlend = false; // premultiplied: src + (1 - src alpha) dst
    VkFormat colourFormat = VK_FORMAT_UNDEFINED;
    VkFormat secondColourFormat = VK_FORMAT_UNDEFINED; // a second colour attachment, not blended
    bool secondColourMax = false;                      // ... or keeping the larger value
    VkFormat depthFormat = VK_FORMAT_UNDEFINED;
    bool depthTest = true;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
};

// Viewport and scissor are dynamic state.
VkPipeline createGraphicsPipeline(const Device& device, const PipelineDesc& desc);

// A descriptor set layout of `count` bindings.
VkDescriptorSetLayout createSetLayout(const Device& device, const VkDescriptorSetLayoutBinding* bindings, uint32_t count);
// A pipeline layout of `setCount` set layouts and one push-constant range at offset 0.
VkPipelineLayout createPipelineLayout(const Device& device, const VkDescriptorSetLayout* sets, uint32_t setCount,
                                      VkShaderStageFlags pushStages, uint32_t pushBytes);

} // namespace kresy
