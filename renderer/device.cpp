#include "device.h"

#include "core/log.h"
#include "vk_check.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <cstring>

namespace kresy {

static std::atomic<int> gValidationMessages{0};

int validationMessageCount() { return gValidationMessages.load(); }

bool validationRequested() {
    const char* v = std::getenv("KRESY_VALIDATION");
    return v && *v && std::strcmp(v, "0") != 0;
}

std::string gpuFilterFromEnvironment() {
    const char* v = std::getenv("KRESY_GPU");
    return v ? v : "";
}

static VKAPI_ATTR VkBool32 VKAPI_CALL onValidationMessage(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                         VkDebugUtilsMessageTypeFlagsEXT,
                                                         const VkDebugUtilsMessengerCallbackDataEXT* data, void*) {
    bool error = severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
    ++gValidationMessages;
    logMessage(error ? LogLevel::Error : LogLevel::Warning, std::string("validation: ") + data->pMessage);
    return VK_FALSE;
}

static bool hasLayer(const char* name) {
    uint32_t count = 0;
    vkEnumerateInstanceLayerProperties(&count, nullptr);
    std::vector<VkLayerProperties> layers(count);
    vkEnumerateInstanceLayerProperties(&count, layers.data());
    return std::any_of(layers.begin(), layers.end(), [&](auto& l) { return std::strcmp(l.layerName, name) == 0; });
}

bool createInstance(const InstanceOptions& options, Device* device, std::string* error) {
    const char* validationLayer = "VK_LAYER_KHRONOS_validation";
    device->validation = options.validation;
    if (options.validation && !hasLayer(validationLayer)) {
        logWarning("KRESY_VALIDATION is set but %s is not installed (Debian: vulkan-validationlayers)",
                   validationLayer);
        device->validation = false;
    }
    std::vector<const char*> extensions = options.extensions;
    if (device->validation)
        extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);

    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "kresy";
    app.apiVersion = VK_API_VERSION_1_3;
    VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    info.pApplicationInfo = &app;
    info.enabledExtensionCount = uint32_t(extensions.size());
    info.ppEnabledExtensionNames = extensions.data();
    if (device->validation) {
        info.enabledLayerCount = 1;
        info.ppEnabledLayerNames = &validationLayer;
    }
    VkResult r = vkCreateInstance(&info, nullptr, &device->instance);
    if (r != VK_SUCCESS) {
        *error = std::string("no usable Vulkan driver (vkCreateInstance returned ") + vkResultString(r) +
                 "); install mesa-vulkan-drivers or your GPU's Vulkan driver";
        device->instance = VK_NULL_HANDLE;
        return false;
    }
    if (device->validation) {
        VkDebugUtilsMessengerCreateInfoEXT m{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
        m.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
        m.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                        VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
        m.pfnUserCallback = onValidationMessage;
        auto create = (PFN_vkCreateDebugUtilsMessengerEXT)vkGetInstanceProcAddr(device->instance,
                                                                                "vkCreateDebugUtilsMessengerEXT");
        VK_CHECK(create(device->instance, &m, nullptr, &device->messenger));
    }
    return true;
}

static std::string lowercase(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// Lower is preferred: GPUs first, a software rasteriser last.
static int typeRank(VkPhysicalDeviceType type) {
    switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 0;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 1;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return 4;
    default: return 3;
    }
}

struct Candidate {
    VkPhysicalDevice physical;
    VkPhysicalDeviceProperties properties;
    uint32_t queueFamily;
    std::string problem; // empty when usable
};

static Candidate inspect(VkPhysicalDevice physical, VkSurfaceKHR surface) {
    Candidate c{physical, {}, 0, {}};
    vkGetPhysicalDeviceProperties(physical, &c.properties);
    if (c.properties.apiVersion < VK_API_VERSION_1_3) {
        c.problem = "supports only Vulkan " + std::to_string(VK_API_VERSION_MAJOR(c.properties.apiVersion)) + "." +
                    std::to_string(VK_API_VERSION_MINOR(c.properties.apiVersion)) + ", 1.3 is needed";
        return c;
    }
    VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
    VkPhysicalDeviceFeatures2 f2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f13};
    vkGetPhysicalDeviceFeatures2(physical, &f2);
    if (!f13.dynamicRendering || !f13.synchronization2 || !f2.features.independentBlend) {
        c.problem = "lacks dynamic rendering, synchronization2 or independent blending";
        return c;
    }
    uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &count, nullptr);
    std::vector<VkQueueFamilyProperties> families(count);
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &count, families.data());
    for (uint32_t i = 0; i < count; ++i) {
        if (!(families[i].queueFlags & VK_QUEUE_GRAPHICS_BIT))
            continue;
        VkBool32 present = VK_TRUE;
        if (surface)
            vkGetPhysicalDeviceSurfaceSupportKHR(physical, i, surface, &present);
        if (present) {
            c.queueFamily = i;
            return c;
        }
    }
    c.problem = surface ? "has no graphics queue that can present to the window" : "has no graphics queue";
    return c;
}

bool createDevice(Device* device, const std::string& gpuFilter, VkSurfaceKHR surface, std::string* error) {
    uint32_t count = 0;
    vkEnumeratePhysicalDevices(device->instance, &count, nullptr);
    std::vector<VkPhysicalDevice> physicals(count);
    vkEnumeratePhysicalDevices(device->instance, &count, physicals.data());
    if (count == 0) {
        *error = "Vulkan found no device at all; install mesa-vulkan-drivers (lavapipe) or a GPU driver";
        return false;
    }
    std::vector<Candidate> candidates;
    for (VkPhysicalDevice p : physicals)
        candidates.push_back(inspect(p, surface));
    std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return typeRank(a.properties.deviceType) < typeRank(b.properties.deviceType);
    });

    const Candidate* chosen = nullptr;
    std::string names;
    for (const Candidate& c : candidates) {
        names += (names.empty() ? "" : ", ") + std::string(c.properties.deviceName);
        bool matches = gpuFilter.empty() || lowercase(c.properties.deviceName).find(lowercase(gpuFilter)) != std::string::npos;
        if (!matches)
            continue;
        if (!c.problem.empty()) {
            if (!gpuFilter.empty()) {
                *error = std::string("KRESY_GPU chose ") + c.properties.deviceName + ", which " + c.problem;
                return false;
            }
            continue;
        }
        chosen = &c;
        break;
    }
    if (!chosen) {
        *error = gpuFilter.empty() ? "no Vulkan 1.3 device with dynamic rendering among: " + names
                                   : "KRESY_GPU='" + gpuFilter + "' matches none of the devices: " + names;
        return false;
    }

    device->physical = chosen->physical;
    device->properties = chosen->properties;
    device->queueFamily = chosen->queueFamily;
    vkGetPhysicalDeviceMemoryProperties(device->physical, &device->memory);

    float priority = 1.0f;
    VkDeviceQueueCreateInfo queue{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    queue.queueFamilyIndex = device->queueFamily;
    queue.queueCount = 1;
    queue.pQueuePriorities = &priority;

    VkPhysicalDeviceFeatures supported{};
    vkGetPhysicalDeviceFeatures(device->physical, &supported);
    VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
    f13.dynamicRendering = VK_TRUE;
    f13.synchronization2 = VK_TRUE;
    VkPhysicalDeviceFeatures2 features{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f13};
    features.features.samplerAnisotropy = supported.samplerAnisotropy;
    features.features.independentBlend = VK_TRUE; // the ground's painting (drape_pass.cpp)

    const char* swapchainExtension = VK_KHR_SWAPCHAIN_EXTENSION_NAME;
    VkDeviceCreateInfo info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, &features};
    info.queueCreateInfoCount = 1;
    info.pQueueCreateInfos = &queue;
    info.enabledExtensionCount = surface ? 1 : 0;
    info.ppEnabledExtensionNames = &swapchainExtension;
    VkResult r = vkCreateDevice(device->physical, &info, nullptr, &device->device);
    if (r != VK_SUCCESS) {
        *error = std::string("could not create a device on ") + device->properties.deviceName + " (" + vkResultString(r) + ")";
        return false;
    }
    vkGetDeviceQueue(device->device, device->queueFamily, 0, &device->queue);

    VkCommandPoolCreateInfo pool{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pool.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
    pool.queueFamilyIndex = device->queueFamily;
    VK_CHECK(vkCreateCommandPool(device->device, &pool, nullptr, &device->uploadPool));
    logInfo("using %s", device->properties.deviceName);
    return true;
}

bool createHeadlessDevice(Device* device, std::string* error) {
    InstanceOptions options;
    options.validation = validationRequested();
    if (createInstance(options, device, error) && createDevice(device, gpuFilterFromEnvironment(), VK_NULL_HANDLE, error))
        return true;
    destroyDevice(*device);
    return false;
}

void destroyDevice(Device& device) {
    if (device.device) {
        vkDeviceWaitIdle(device.device);
        vkDestroyCommandPool(device.device, device.uploadPool, nullptr);
        vkDestroyDevice(device.device, nullptr);
    }
    if (device.messenger) {
        auto destroy = (PFN_vkDestroyDebugUtilsMessengerEXT)vkGetInstanceProcAddr(device.instance,
                                                                                  "vkDestroyDebugUtilsMessengerEXT");
        destroy(device.instance, device.messenger, nullptr);
    }
    if (device.instance)
        vkDestroyInstance(device.instance, nullptr);
    device = Device{};
}

void immediateSubmit(const Device& device, const std::function<void(VkCommandBuffer)>& record) {
    VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    alloc.commandPool = device.uploadPool;
    alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    alloc.commandBufferCount = 1;
    VkCommandBuffer cmd;
    VK_CHECK(vkAllocateCommandBuffers(device.device, &alloc, &cmd));
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    VK_CHECK(vkBeginCommandBuffer(cmd, &begin));
    record(cmd);
    VK_CHECK(vkEndCommandBuffer(cmd));

    VkFenceCreateInfo fenceInfo{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    VkFence fence;
    VK_CHECK(vkCreateFence(device.device, &fenceInfo, nullptr, &fence));
    VkCommandBufferSubmitInfo cmdInfo{VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO};
    cmdInfo.commandBuffer = cmd;
    VkSubmitInfo2 submit{VK_STRUCTURE_TYPE_SUBMIT_INFO_2};
    submit.commandBufferInfoCount = 1;
    submit.pCommandBufferInfos = &cmdInfo;
    VK_CHECK(vkQueueSubmit2(device.queue, 1, &submit, fence));
    VK_CHECK(vkWaitForFences(device.device, 1, &fence, VK_TRUE, UINT64_MAX));
    vkDestroyFence(device.device, fence, nullptr);
    vkFreeCommandBuffers(device.device, device.uploadPool, 1, &cmd);
}

} // namespace kresy
