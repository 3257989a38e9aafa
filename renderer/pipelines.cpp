#include "pipelines.h"

#include "core/files.h"
#include "vk_check.h"

namespace kresy {

bool loadShader(const Device& device, const std::string& shaderDir, const std::string& name, VkShaderModule* module,
                std::string* error) {
    std::string path = shaderDir + "/" + name + ".spv";
    std::vector<uint8_t> code;
    if (!readFile(path, &code, error))
        return false;
    if (code.size() < 20 || code.size() % 4 != 0 || *reinterpret_cast<const uint32_t*>(code.data()) != 0x07230203) {
        *error = path + ": not a SPIR-V module";
        return false;
    }
    VkShaderModuleCreateInfo info{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    info.codeSize = code.size();
    info.pCode = reinterpret_cast<const uint32_t*>(code.data());
    VK_CHECK(vkCreateShaderModule(device.device, &info, nullptr, module));
    return true;
}

bool loadShaders(const Device& device, const std::string& shaderDir, const char* const* names, size_t count,
                 VkShaderModule* modules, std::string* error) {
    for (size_t i = 0; i < count; ++i)
        if (!loadShader(device, shaderDir, names[i], &modules[i], error)) {
            destroyShaders(device, modules, i);
            return false;
        }
    return true;
}

void destroyShaders(const Device& device, const VkShaderModule* modules, size_t count) {
    for (size_t i = 0; i < count; ++i)
        vkDestroyShaderModule(device.device, modules[i], nullptr);
}

VkPipeline createGraphicsPipeline(const Device& device, const PipelineDesc& desc) {
    VkPipelineShaderStageCreateInfo stages[2] = {
        {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO, nullptr, 0, VK_SHADER_STAGE_VERTEX_BIT, desc.vertex, "main"},
        {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO, nullptr, 0, VK_SHADER_STAGE_FRAGMENT_BIT, desc.fragment, "main"},
    };
    VkPipelineVertexInputStateCreateInfo vertexInput{VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO};
    vertexInput.vertexBindingDescriptionCount = uint32_t(desc.bindings.size());
    vertexInput.pVertexBindingDescriptions = desc.bindings.data();
    vertexInput.vertexAttributeDescriptionCount = uint32_t(desc.attributes.size());
    vertexInput.pVertexAttributeDescriptions = desc.attributes.data();
    VkPipelineInputAssemblyStateCreateInfo assembly{VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO};
    assembly.topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST;
    VkPipelineViewportStateCreateInfo viewport{VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO};
    viewport.viewportCount = 1;
    viewport.scissorCount = 1;
    VkPipelineRasterizationStateCreateInfo raster{VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO};
    raster.polygonMode = VK_POLYGON_MODE_FILL;
    raster.cullMode = VK_CULL_MODE_NONE;
    raster.lineWidth = 1.0f;
    VkPipelineMultisampleStateCreateInfo multisample{VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO};
    multisample.rasterizationSamples = desc.samples;
    VkPipelineDepthStencilStateCreateInfo depth{VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO};
    depth.depthTestEnable = desc.depthTest;
    depth.depthWriteEnable = desc.depthWrite;
    depth.depthCompareOp = desc.depthCompare;
    VkPipelineColorBlendAttachmentState attachment{};
    attachment.colorWriteMask = VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT | VK_COLOR_COMPONENT_B_BIT |
                                VK_COLOR_COMPONENT_A_BIT;
    if (desc.alphaBlend) {
        attachment.blendEnable = VK_TRUE;
        attachment.srcColorBlendFactor = VK_BLEND_FACTOR_ONE;
        attachment.dstColorBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        attachment.colorBlendOp = VK_BLEND_OP_ADD;
        attachment.srcAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
        attachment.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        attachment.alphaBlendOp = VK_BLEND_OP_ADD;
    }
    VkPipelineColorBlendAttachmentState attachments[2] = {attachment, attachment};
    attachments[1].blendEnable = desc.secondColourMax;
    attachments[1].srcColorBlendFactor = attachments[1].dstColorBlendFactor = VK_BLEND_FACTOR_ONE;
    attachments[1].srcAlphaBlendFactor = attachments[1].dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
    attachments[1].colorBlendOp = attachments[1].alphaBlendOp = VK_BLEND_OP_MAX;
    const VkFormat colourFormats[2] = {desc.colourFormat, desc.secondColourFormat};
    const uint32_t colourCount = desc.secondColourFormat == VK_FORMAT_UNDEFINED ? 1 : 2;
    VkPipelineColorBlendStateCreateInfo blend{VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO};
    blend.attachmentCount = colourCount;
    blend.pAttachments = attachments;
    VkDynamicState dynamicStates[] = {VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR};
    VkPipelineDynamicStateCreateInfo dynamic{VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO};
    dynamic.dynamicStateCount = 2;
    dynamic.pDynamicStates = dynamicStates;
    VkPipelineRenderingCreateInfo rendering{VK_STRUCTURE_TYPE_PIPELINE_RENDERING_CREATE_INFO};
    rendering.colorAttachmentCount = colourCount;
    rendering.pColorAttachmentFormats = colourFormats;
    rendering.depthAttachmentFormat = desc.depthFormat;

    VkGraphicsPipelineCreateInfo info{VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO, &rendering};
    info.stageCount = 2;
    info.pStages = stages;
    info.pVertexInputState = &vertexInput;
    info.pInputAssemblyState = &assembly;
    info.pViewportState = &viewport;
    info.pRasterizationState = &raster;
    info.pMultisampleState = &multisample;
    info.pDepthStencilState = &depth;
    info.pColorBlendState = &blend;
    info.pDynamicState = &dynamic;
    info.layout = desc.layout;
    VkPipeline pipeline;
    VK_CHECK(vkCreateGraphicsPipelines(device.device, VK_NULL_HANDLE, 1, &info, nullptr, &pipeline));
    return pipeline;
}

VkDescriptorSetLayout createSetLayout(const Device& device, const VkDescriptorSetLayoutBinding* bindings, uint32_t count) {
    VkDescriptorSetLayoutCreateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    info.bindingCount = count;
    info.pBindings = bindings;
    VkDescriptorSetLayout layout = VK_NULL_HANDLE;
    VK_CHECK(vkCreateDescriptorSetLayout(device.device, &info, nullptr, &layout));
    return layout;
}

VkPipelineLayout createPipelineLayout(const Device& device, const VkDescriptorSetLayout* sets, uint32_t setCount,
                                      VkShaderStageFlags pushStages, uint32_t pushBytes) {
    const VkPushConstantRange push{pushStages, 0, pushBytes};
    VkPipelineLayoutCreateInfo info{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    info.setLayoutCount = setCount;
    info.pSetLayouts = sets;
    info.pushConstantRangeCount = 1;
    info.pPushConstantRanges = &push;
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VK_CHECK(vkCreatePipelineLayout(device.device, &info, nullptr, &layout));
    return layout;
}

} // namespace kresy
