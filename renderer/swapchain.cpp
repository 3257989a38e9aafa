#include "swapchain.h"

#include "vk_check.h"

#include <algorithm>

namespace kresy {

// UNORM, not SRGB: our shaders encode sRGB themselves (so ImGui's colours stay as authored),
// and the copy from the offscreen image must not encode twice.
static VkSurfaceFormatKHR chooseFormat(const Device& device, VkSurfaceKHR surface) {
    uint32_t count = 0;
    VK_CHECK(vkGetPhysicalDeviceSurfaceFormatsKHR(device.physical, surface, &count, nullptr));
    std::vector<VkSurfaceFormatKHR> formats(count);
    VK_CHECK(vkGetPhysicalDeviceSurfaceFormatsKHR(device.physical, surface, &count, formats.data()));
    for (VkFormat wanted : {VK_FORMAT_B8G8R8A8_UNORM, VK_FORMAT_R8G8B8A8_UNORM})
        for (auto& f : formats)
            if (f.format == wanted)
                return f;
    return formats[0];
}

void createSwapchain(const Device& device, Swapchain& sc, uint32_t width, uint32_t height) {
    VkSurfaceCapabilitiesKHR caps;
    VK_CHECK(vkGetPhysicalDeviceSurfaceCapabilitiesKHR(device.physical, sc.surface, &caps));
    VkSurfaceFormatKHR format = chooseFormat(device, sc.surface);
    VkExtent2D extent = caps.currentExtent;
    if (extent.width == UINT32_MAX) {
        extent.width = std::clamp(width, caps.minImageExtent.width, caps.maxImageExtent.width);
        extent.height = std::clamp(height, caps.minImageExtent.height, caps.maxImageExtent.height);
    }
    uint32_t imageCount = caps.minImageCount + 1;
    if (caps.maxImageCount)
        imageCount = std::min(imageCount, caps.maxImageCount);

    VkSwapchainKHR old = sc.swapchain;
    VkSwapchainCreateInfoKHR info{VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR};
    info.surface = sc.surface;
    info.minImageCount = imageCount;
    info.imageFormat = format.format;
    info.imageColorSpace = format.colorSpace;
    info.imageExtent = extent;
    info.imageArrayLayers = 1;
    info.imageUsage = VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    info.imageSharingMode = VK_SHARING_MODE_EXCLUSIVE;
    info.preTransform = caps.currentTransform;
    info.compositeAlpha = VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR;
    info.presentMode = VK_PRESENT_MODE_FIFO_KHR; // always available; paces the lecturer's display
    info.clipped = VK_TRUE;
    info.oldSwapchain = old;
    VK_CHECK(vkCreateSwapchainKHR(device.device, &info, nullptr, &sc.swapchain));
    if (old) {
        for (VkSemaphore s : sc.renderFinished)
            vkDestroySemaphore(device.device, s, nullptr);
        vkDestroySwapchainKHR(device.device, old, nullptr);
    }
    sc.format = format.format;
    sc.extent = extent;
    uint32_t count = 0;
    VK_CHECK(vkGetSwapchainImagesKHR(device.device, sc.swapchain, &count, nullptr));
    sc.images.resize(count);
    VK_CHECK(vkGetSwapchainImagesKHR(device.device, sc.swapchain, &count, sc.images.data()));
    sc.renderFinished.resize(count);
    VkSemaphoreCreateInfo semaphore{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
    for (auto& s : sc.renderFinished)
        VK_CHECK(vkCreateSemaphore(device.device, &semaphore, nullptr, &s));
}

void destroySwapchain(const Device& device, Swapchain& sc) {
    for (VkSemaphore s : sc.renderFinished)
        vkDestroySemaphore(device.device, s, nullptr);
    if (sc.swapchain)
        vkDestroySwapchainKHR(device.device, sc.swapchain, nullptr);
    VkSurfaceKHR surface = sc.surface;
    sc = Swapchain{};
    sc.surface = surface;
}

} // namespace kresy
