#pragma once
// The 3D passes: terrain, then sky where no terrain was drawn.

#include "resources.h"
#include "scene/frame.h"
#include "terrain/region.h"

#include <glm/glm.hpp>

namespace kresy {

// Mirrors `Frame` in shaders/common.glsl (std140).
struct FrameUniforms {
    glm::mat4 viewProjection;
    glm::mat4 inverseViewProjection;
    glm::vec4 sunDirection;
    glm::vec4 localUp;
    glm::vec4 meshOffset;
    glm::vec4 atmosphere;
};

struct ScenePasses {
    VkDescriptorSetLayout setLayout = VK_NULL_HANDLE;
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VkPipeline terrain = VK_NULL_HANDLE;
    VkPipeline sky = VK_NULL_HANDLE;
    VkSampler sampler = VK_NULL_HANDLE;
    Buffer vertices, indices;
    uint32_t indexCount = 0;
    Image surface;
    glm::dvec3 meshOrigin{0};
};

bool createScenePasses(const Device& device, const std::string& shaderDir, VkFormat colour, VkFormat depth,
                       ScenePasses* passes, std::string* error);
void destroyScenePasses(const Device& device, ScenePasses& passes);

// Replaces the terrain (waits for the GPU to finish with the old one).
void setSceneTerrain(const Device& device, ScenePasses& passes, const TerrainMesh& mesh, const TerrainSurface& surface);

FrameUniforms makeFrameUniforms(const FrameInput& frame, const ScenePasses& passes);

// Inside dynamic rendering with the frame's descriptor set.
void drawScene(VkCommandBuffer cmd, const ScenePasses& passes, VkDescriptorSet frameSet);

} // namespace kresy
