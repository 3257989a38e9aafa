#include "vk_check.h"

#include <cstdio>
#include <cstdlib>

namespace kresy {

const char* vkResultString(VkResult result) {
    switch (result) {
#define CASE(x) case x: return #x;
        CASE(VK_SUCCESS) CASE(VK_NOT_READY) CASE(VK_TIMEOUT) CASE(VK_INCOMPLETE) CASE(VK_SUBOPTIMAL_KHR)
        CASE(VK_ERROR_OUT_OF_HOST_MEMORY) CASE(VK_ERROR_OUT_OF_DEVICE_MEMORY) CASE(VK_ERROR_INITIALIZATION_FAILED)
        CASE(VK_ERROR_DEVICE_LOST) CASE(VK_ERROR_MEMORY_MAP_FAILED) CASE(VK_ERROR_LAYER_NOT_PRESENT)
        CASE(VK_ERROR_EXTENSION_NOT_PRESENT) CASE(VK_ERROR_FEATURE_NOT_PRESENT) CASE(VK_ERROR_INCOMPATIBLE_DRIVER)
        CASE(VK_ERROR_TOO_MANY_OBJECTS) CASE(VK_ERROR_FORMAT_NOT_SUPPORTED) CASE(VK_ERROR_SURFACE_LOST_KHR)
        CASE(VK_ERROR_NATIVE_WINDOW_IN_USE_KHR) CASE(VK_ERROR_OUT_OF_DATE_KHR) CASE(VK_ERROR_OUT_OF_POOL_MEMORY)
#undef CASE
    default: return "VkResult";
    }
}

void vkFail(const char* call, VkResult result, const char* file, int line) {
    std::fprintf(stderr, "kresy: fatal: %s:%d: %s failed with %s (%d)\n", file, line, call, vkResultString(result),
                 int(result));
    std::fflush(stderr);
    std::abort();
}

} // namespace kresy
