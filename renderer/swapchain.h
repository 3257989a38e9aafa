#pragma once
// The window's swapchain. Frames are drawn offscreen and copied here last, so the swapchain
// only needs to be a transfer destination.

#include "device.h"

#include <vector>

namespace kresy {

struct Swapchain {
    VkSurfaceKHR surface = VK_NULL_HANDLE;
    VkSwapchainKHR swapchain = VK_NULL_HANDLE;
    VkFormat format = VK_FORMAT_UNDEFINED;
    VkExtent2D extent{};
    std::vector<VkImage> images;
    std::vector<VkSemaphore> renderFinished; // one per image: it may be presented while another frame records
};

// (Re)creates the swapchain for a framebuffer of `width` x `height`; keeps the surface.
void createSwapchain(const Device& device, Swapchain& swapchain, uint32_t width, uint32_t height);
void destroySwapchain(const Device& device, Swapchain& swapchain); // not the surface

} // namespace kresy
