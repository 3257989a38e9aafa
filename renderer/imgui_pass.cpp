#include "imgui_pass.h"

#include "vk_check.h"

#include <imgui.h>
#include <backends/imgui_impl_vulkan.h>

namespace kresy {

static void checkImGuiVulkan(VkResult result) {
    if (result != VK_SUCCESS)
        vkFail("ImGui Vulkan backend call", result, __FILE__, __LINE__);
}

void createImGuiPass(const Device& device, ImGuiPass& pass, VkFormat colourFormat, uint32_t framesInFlight) {
    VkAttachmentDescription colour{};
    colour.format = colourFormat;
    colour.samples = VK_SAMPLE_COUNT_1_BIT;
    colour.loadOp = VK_ATTACHMENT_LOAD_OP_LOAD;
    colour.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    colour.stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
    colour.stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
    colour.initialLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    colour.finalLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    VkAttachmentReference ref{0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
    VkSubpassDescription subpass{};
    subpass.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS;
    subpass.colorAttachmentCount = 1;
    subpass.pColorAttachments = &ref;
    // The 3D passes wrote the image just before; the copy out comes after (its own barrier).
    VkSubpassDependency dependency{};
    dependency.srcSubpass = VK_SUBPASS_EXTERNAL;
    dependency.dstSubpass = 0;
    dependency.srcStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
    dependency.dstStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
    dependency.srcAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    dependency.dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    VkRenderPassCreateInfo info{VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO};
    info.attachmentCount = 1;
    info.pAttachments = &colour;
    info.subpassCount = 1;
    info.pSubpasses = &subpass;
    info.dependencyCount = 1;
    info.pDependencies = &dependency;
    VK_CHECK(vkCreateRenderPass(device.device, &info, nullptr, &pass.renderPass));

    VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 16};
    VkDescriptorPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    poolInfo.flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT;
    poolInfo.maxSets = 16;
    poolInfo.poolSizeCount = 1;
    poolInfo.pPoolSizes = &size;
    VK_CHECK(vkCreateDescriptorPool(device.device, &poolInfo, nullptr, &pass.descriptorPool));

    ImGui_ImplVulkan_InitInfo init{};
    init.Instance = device.instance;
    init.PhysicalDevice = device.physical;
    init.Device = device.device;
    init.QueueFamily = device.queueFamily;
    init.Queue = device.queue;
    init.DescriptorPool = pass.descriptorPool;
    init.MinImageCount = framesInFlight;
    init.ImageCount = framesInFlight;
    init.MSAASamples = VK_SAMPLE_COUNT_1_BIT;
    init.CheckVkResultFn = checkImGuiVulkan;
    ImGui_ImplVulkan_Init(&init, pass.renderPass);
    immediateSubmit(device, [](VkCommandBuffer cmd) { ImGui_ImplVulkan_CreateFontsTexture(cmd); });
    ImGui_ImplVulkan_DestroyFontUploadObjects();
}

void destroyImGuiPass(const Device& device, ImGuiPass& pass) {
    if (!pass.renderPass)
        return;
    ImGui_ImplVulkan_Shutdown();
    vkDestroyFramebuffer(device.device, pass.framebuffer, nullptr);
    vkDestroyDescriptorPool(device.device, pass.descriptorPool, nullptr);
    vkDestroyRenderPass(device.device, pass.renderPass, nullptr);
    pass = ImGuiPass{};
}

void setImGuiTarget(const Device& device, ImGuiPass& pass, const Image& colour) {
    if (pass.framebuffer)
        vkDestroyFramebuffer(device.device, pass.framebuffer, nullptr);
    VkFramebufferCreateInfo info{VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO};
    info.renderPass = pass.renderPass;
    info.attachmentCount = 1;
    info.pAttachments = &colour.view;
    info.width = colour.extent.width;
    info.height = colour.extent.height;
    info.layers = 1;
    VK_CHECK(vkCreateFramebuffer(device.device, &info, nullptr, &pass.framebuffer));
    pass.extent = colour.extent;
}

void beginImGuiFrame() { ImGui_ImplVulkan_NewFrame(); }

void drawImGui(VkCommandBuffer cmd, const ImGuiPass& pass, ImDrawData* drawData) {
    VkRenderPassBeginInfo begin{VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO};
    begin.renderPass = pass.renderPass;
    begin.framebuffer = pass.framebuffer;
    begin.renderArea.extent = pass.extent;
    vkCmdBeginRenderPass(cmd, &begin, VK_SUBPASS_CONTENTS_INLINE);
    ImGui_ImplVulkan_RenderDrawData(drawData, cmd);
    vkCmdEndRenderPass(cmd);
}

} // namespace kresy
