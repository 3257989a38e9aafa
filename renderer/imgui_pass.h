#pragma once
// Dear ImGui drawn over the offscreen colour image. ImGui 1.86's Vulkan backend needs a real
// render pass, so this pass has one (load the 3D image, draw the UI on top).

#include "resources.h"

struct ImDrawData;

namespace kresy {

struct ImGuiPass {
    VkRenderPass renderPass = VK_NULL_HANDLE;
    VkFramebuffer framebuffer = VK_NULL_HANDLE;
    VkDescriptorPool descriptorPool = VK_NULL_HANDLE;
    VkExtent2D extent{};
};

// Needs an ImGui context (and the platform backend) already created by the caller.
void createImGuiPass(const Device& device, ImGuiPass& pass, VkFormat colourFormat, uint32_t framesInFlight);
void destroyImGuiPass(const Device& device, ImGuiPass& pass);
void setImGuiTarget(const Device& device, ImGuiPass& pass, const Image& colour);
void beginImGuiFrame(); // ImGui_ImplVulkan_NewFrame
// The colour image is in COLOR_ATTACHMENT_OPTIMAL before and after.
void drawImGui(VkCommandBuffer cmd, const ImGuiPass& pass, ImDrawData* drawData);

} // namespace kresy
