#include "resources.h"

#include "vk_check.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace kresy {

uint32_t findMemoryType(const Device& device, uint32_t typeBits, VkMemoryPropertyFlags flags) {
    for (uint32_t i = 0; i < device.memory.memoryTypeCount; ++i)
        if ((typeBits & (1u << i)) && (device.memory.memoryTypes[i].propertyFlags & flags) == flags)
            return i;
    std::fprintf(stderr, "kresy: fatal: no Vulkan memory type with flags 0x%x\n", flags);
    std::abort();
}

Buffer createBuffer(const Device& device, VkDeviceSize size, VkBufferUsageFlags usage, VkMemoryPropertyFlags memory) {
    Buffer b;
    b.size = size;
    VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    info.size = size;
    info.usage = usage;
    VK_CHECK(vkCreateBuffer(device.device, &info, nullptr, &b.buffer));
    VkMemoryRequirements req;
    vkGetBufferMemoryRequirements(device.device, b.buffer, &req);
    VkMemoryAllocateInfo alloc{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    alloc.allocationSize = req.size;
    alloc.memoryTypeIndex = findMemoryType(device, req.memoryTypeBits, memory);
    VK_CHECK(vkAllocateMemory(device.device, &alloc, nullptr, &b.memory));
    VK_CHECK(vkBindBufferMemory(device.device, b.buffer, b.memory, 0));
    if (memory & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT)
        VK_CHECK(vkMapMemory(device.device, b.memory, 0, size, 0, &b.data));
    return b;
}

void destroyBuffer(const Device& device, Buffer& b) {
    if (b.buffer) {
        vkDestroyBuffer(device.device, b.buffer, nullptr);
        vkFreeMemory(device.device, b.memory, nullptr);
    }
    b = Buffer{};
}

void ensureStorageCapacity(const Device& device, Buffer& buffer, VkDeviceSize bytes, bool* grown,
                           VkBufferUsageFlags usage) {
    if (buffer.size >= bytes && buffer.buffer)
        return;
    destroyBuffer(device, buffer);
    VkDeviceSize size = 64 * 1024;
    while (size < bytes)
        size *= 2;
    buffer = createBuffer(device, size, usage, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
    *grown = true;
}

static Buffer createStaging(const Device& device, const void* data, VkDeviceSize size) {
    Buffer staging = createBuffer(device, size, VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                                  VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
    std::memcpy(staging.data, data, size);
    return staging;
}

Buffer createBufferWithData(const Device& device, VkBufferUsageFlags usage, const void* data, VkDeviceSize size) {
    Buffer staging = createStaging(device, data, size);
    Buffer b = createBuffer(device, size, usage | VK_BUFFER_USAGE_TRANSFER_DST_BIT, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
    immediateSubmit(device, [&](VkCommandBuffer cmd) {
        VkBufferCopy region{0, 0, size};
        vkCmdCopyBuffer(cmd, staging.buffer, b.buffer, 1, &region);
    });
    destroyBuffer(device, staging);
    return b;
}

Image createImage(const Device& device, uint32_t width, uint32_t height, VkFormat format, VkImageUsageFlags usage,
                  uint32_t layers, uint32_t mipLevels, VkSampleCountFlagBits samples) {
    Image img;
    img.format = format;
    img.extent = {width, height};
    VkImageCreateInfo info{VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO};
    info.imageType = VK_IMAGE_TYPE_2D;
    info.format = format;
    info.extent = {width, height, 1};
    info.mipLevels = mipLevels;
    info.arrayLayers = layers;
    info.samples = samples;
    info.tiling = VK_IMAGE_TILING_OPTIMAL;
    info.usage = usage;
    info.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    VK_CHECK(vkCreateImage(device.device, &info, nullptr, &img.image));
    VkMemoryRequirements req;
    vkGetImageMemoryRequirements(device.device, img.image, &req);
    VkMemoryAllocateInfo alloc{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    alloc.allocationSize = req.size;
    alloc.memoryTypeIndex = findMemoryType(device, req.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
    VK_CHECK(vkAllocateMemory(device.device, &alloc, nullptr, &img.memory));
    VK_CHECK(vkBindImageMemory(device.device, img.image, img.memory, 0));

    bool depth = format == VK_FORMAT_D32_SFLOAT || format == VK_FORMAT_D24_UNORM_S8_UINT;
    VkImageViewCreateInfo view{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
    view.image = img.image;
    view.viewType = layers > 1 ? VK_IMAGE_VIEW_TYPE_2D_ARRAY : VK_IMAGE_VIEW_TYPE_2D;
    view.format = format;
    view.subresourceRange = {VkImageAspectFlags(depth ? VK_IMAGE_ASPECT_DEPTH_BIT : VK_IMAGE_ASPECT_COLOR_BIT), 0, mipLevels, 0,
                             layers};
    VK_CHECK(vkCreateImageView(device.device, &view, nullptr, &img.view));
    return img;
}

void destroyImage(const Device& device, Image& img) {
    if (img.image) {
        vkDestroyImageView(device.device, img.view, nullptr);
        vkDestroyImage(device.device, img.image, nullptr);
        vkFreeMemory(device.device, img.memory, nullptr);
    }
    img = Image{};
}

Image createTextureWithData(const Device& device, uint32_t width, uint32_t height, VkFormat format, const void* data,
                            VkDeviceSize size) {
    Buffer staging = createStaging(device, data, size);
    Image img = createImage(device, width, height, format, VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT);
    immediateSubmit(device, [&](VkCommandBuffer cmd) {
        imageBarrier(cmd, img.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                     VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE,
                     VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
        VkBufferImageCopy region{};
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
        region.imageExtent = {width, height, 1};
        vkCmdCopyBufferToImage(cmd, staging.buffer, img.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
        imageBarrier(cmd, img.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                     VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                     VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT | VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                     VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    });
    destroyBuffer(device, staging);
    return img;
}

void imageBarrier(VkCommandBuffer cmd, VkImage image, VkImageAspectFlags aspect, VkImageLayout from, VkImageLayout to,
                  VkPipelineStageFlags2 srcStage, VkAccessFlags2 srcAccess, VkPipelineStageFlags2 dstStage,
                  VkAccessFlags2 dstAccess, uint32_t layer, uint32_t layerCount) {
    VkImageMemoryBarrier2 b{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
    b.srcStageMask = srcStage;
    b.srcAccessMask = srcAccess;
    b.dstStageMask = dstStage;
    b.dstAccessMask = dstAccess;
    b.oldLayout = from;
    b.newLayout = to;
    b.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.image = image;
    b.subresourceRange = {aspect, 0, 1, layer, layerCount};
    VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dep.imageMemoryBarrierCount = 1;
    dep.pImageMemoryBarriers = &b;
    vkCmdPipelineBarrier2(cmd, &dep);
}

} // namespace kresy
