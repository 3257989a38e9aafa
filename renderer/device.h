#pragma once
// The Vulkan instance, the chosen GPU and a device with one graphics queue.

#include <vulkan/vulkan.h>

#include <functional>
#include <string>
#include <vector>

namespace kresy {

struct Device {
    VkInstance instance = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT messenger = VK_NULL_HANDLE;
    VkPhysicalDevice physical = VK_NULL_HANDLE;
    VkDevice device = VK_NULL_HANDLE;
    VkQueue queue = VK_NULL_HANDLE;
    uint32_t queueFamily = 0;
    VkPhysicalDeviceProperties properties{};
    VkPhysicalDeviceMemoryProperties memory{};
    VkCommandPool uploadPool = VK_NULL_HANDLE; // for one-off uploads (immediateSubmit)
    bool validation = false;
};

struct InstanceOptions {
    bool validation = false;                    // KRESY_VALIDATION=1 sets it
    std::vector<const char*> extensions;        // e.g. what GLFW needs for a surface
};

// False with one sentence in *error when there is no usable Vulkan (no loader, no driver).
bool createInstance(const InstanceOptions& options, Device* device, std::string* error);

// Picks the first GPU (discrete, then integrated, then virtual; a CPU device such as lavapipe
// only when there is no GPU), or the first whose name contains `gpuFilter` (KRESY_GPU), and
// creates the device. With a surface, the queue must also present to it.
bool createDevice(Device* device, const std::string& gpuFilter, VkSurfaceKHR surface, std::string* error);

// The instance and device for rendering without a window, as the environment asks
// (KRESY_VALIDATION, KRESY_GPU). On failure nothing is left to destroy and *error says why.
bool createHeadlessDevice(Device* device, std::string* error);
void destroyDevice(Device& device);

// Warnings and errors reported by the validation layer since start-up.
int validationMessageCount();

// Records commands into a one-off command buffer, submits them and waits.
void immediateSubmit(const Device& device, const std::function<void(VkCommandBuffer)>& record);

// Reads KRESY_VALIDATION and KRESY_GPU from the environment.
bool validationRequested();
std::string gpuFilterFromEnvironment();

} // namespace kresy
