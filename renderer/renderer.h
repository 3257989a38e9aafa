#pragma once
// Draws FrameInputs. Every frame goes into the renderer's own offscreen colour + depth images;
// the window's swapchain (if any) gets a copy last, and a readback gives the same pixels to a
// PNG. The window, `kresy still` and the tests therefore run the same code.

#include "core/image.h"
#include "device.h"
#include "drape_pass.h"
#include "imgui_pass.h"
#include "labels_pass.h"
#include "marks_pass.h"
#include "models_pass.h"
#include "resources.h"
#include "scene_passes.h"
#include "swapchain.h"

#include <array>
#include <string>

struct ImDrawData;

namespace kresy {

constexpr VkFormat kColourFormat = VK_FORMAT_R8G8B8A8_UNORM; // shaders write sRGB-encoded values
constexpr VkFormat kDepthFormat = VK_FORMAT_D32_SFLOAT;

class Renderer {
public:
    // `device` must outlive the renderer. False with a sentence in *error (e.g. missing shaders).
    bool init(Device* device, const std::string& shaderDir, std::string* error);
    void shutdown();

    // Whether a tile's surface is on the GPU, so nodes may be drawn from it (LOD residency).
    bool terrainSurfaceResident(const TileId& tile) const;
    // What the last frame drew and uploaded.
    const TerrainStats& terrainStats() const { return scene_.terrain.stats; }

    // Windowed use: the surface comes from the app (GLFW); the renderer owns it from here on.
    void attachSurface(VkSurfaceKHR surface, uint32_t width, uint32_t height);
    // Call after ImGui::CreateContext and the platform backend's init.
    void enableImGui();
    void beginImGuiFrame();

    // Draws one frame at frame.width x frame.height. With a surface it presents; with `readback`
    // it waits for the GPU and returns the pixels. Returns false if the frame was skipped
    // (the swapchain was out of date and has been recreated).
    bool drawFrame(const FrameInput& frame, ImDrawData* ui, ImageRGBA8* readback);

    // Waits until the GPU has finished every frame submitted so far.
    void waitIdle();

    // Resizes the swapchain on the next frame (the window changed size).
    void surfaceResized(uint32_t width, uint32_t height);

private:
    struct FrameData {
        VkCommandPool pool = VK_NULL_HANDLE;
        VkCommandBuffer cmd = VK_NULL_HANDLE;
        VkFence fence = VK_NULL_HANDLE;
        VkSemaphore imageAcquired = VK_NULL_HANDLE;
        Buffer uniforms;
        VkDescriptorSet set = VK_NULL_HANDLE;
    };

    void ensureTargets(uint32_t width, uint32_t height);
    void writeDescriptorSets();
    void record(FrameData& f, const FrameInput& frame, ImDrawData* ui, int swapchainImage, bool readback);
    void recreateSwapchain();

    Device* device_ = nullptr;
    ScenePasses scene_;
    MarksPass marks_;
    ModelsPass models_;
    LabelsPass labels_;
    DrapePass drape_;
    ImGuiPass imgui_;
    Swapchain swapchain_;
    uint32_t surfaceWidth_ = 0, surfaceHeight_ = 0;
    bool swapchainStale_ = false;
    VkDescriptorPool descriptorPool_ = VK_NULL_HANDLE;
    std::array<FrameData, kFramesInFlight> frames_;
    uint32_t frameIndex_ = 0;
    Image colour_, depth_;
    Buffer readback_;
};

} // namespace kresy
