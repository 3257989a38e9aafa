#pragma once
// Buffers and images as plain structs of handles, with free create/destroy functions.

#include "device.h"

namespace kresy {

// Frames the CPU may record while the GPU still draws earlier ones; per-frame resources come in this many.
constexpr uint32_t kFramesInFlight = 2;

struct Buffer {
    VkBuffer buffer = VK_NULL_HANDLE;
    VkDeviceMemory memory = VK_NULL_HANDLE;
    void* data = nullptr; // mapped when host visible
    VkDeviceSize size = 0;
};

struct Image {
    VkImage image = VK_NULL_HANDLE;
    VkDeviceMemory memory = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE;
    VkFormat format = VK_FORMAT_UNDEFINED;
    VkExtent2D extent{};
};

uint32_t findMemoryType(const Device& device, uint32_t typeBits, VkMemoryPropertyFlags flags);

// Host-visible buffers are persistently mapped.
Buffer createBuffer(const Device& device, VkDeviceSize size, VkBufferUsageFlags usage, VkMemoryPropertyFlags memory);
void destroyBuffer(const Device& device, Buffer& buffer);
// A host-visible storage buffer (or one of `usage`) of at least `bytes` (from 64 KiB, doubling):
// replaced, and *grown set, when it is smaller. The caller makes sure the GPU no longer reads the
// old one.
void ensureStorageCapacity(const Device& device, Buffer& buffer, VkDeviceSize bytes, bool* grown,
                           VkBufferUsageFlags usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);

// A device-local buffer filled through a staging buffer.
Buffer createBufferWithData(const Device& device, VkBufferUsageFlags usage, const void* data, VkDeviceSize size);

// `layers` > 1 makes a 2D array image with a 2D_ARRAY view; the view covers all `mipLevels`.
Image createImage(const Device& device, uint32_t width, uint32_t height, VkFormat format, VkImageUsageFlags usage,
                  uint32_t layers = 1, uint32_t mipLevels = 1, VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT);
void destroyImage(const Device& device, Image& image);

// A sampled 2D texture filled through a staging buffer, left in SHADER_READ_ONLY_OPTIMAL.
Image createTextureWithData(const Device& device, uint32_t width, uint32_t height, VkFormat format, const void* data,
                            VkDeviceSize size);

// One image layout transition with synchronization2 (of `layerCount` layers from `layer`).
void imageBarrier(VkCommandBuffer cmd, VkImage image, VkImageAspectFlags aspect, VkImageLayout from, VkImageLayout to,
                  VkPipelineStageFlags2 srcStage, VkAccessFlags2 srcAccess, VkPipelineStageFlags2 dstStage,
                  VkAccessFlags2 dstAccess, uint32_t layer = 0, uint32_t layerCount = 1);

} // namespace kresy
