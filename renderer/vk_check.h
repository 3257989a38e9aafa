#pragma once
// A failing Vulkan call is a bug or a lost device: print where and what, then abort.
// Calls that can fail for reasons the user can fix (no driver, no GPU, out-of-date
// swapchain) are checked where they occur instead.

#include <vulkan/vulkan.h>

namespace kresy {

[[noreturn]] void vkFail(const char* call, VkResult result, const char* file, int line);
const char* vkResultString(VkResult result);

} // namespace kresy

#define VK_CHECK(call)                                                                 \
    do {                                                                               \
        VkResult vkCheckResult_ = (call);                                              \
        if (vkCheckResult_ != VK_SUCCESS)                                              \
            ::kresy::vkFail(#call, vkCheckResult_, __FILE__, __LINE__);                \
    } while (0)
