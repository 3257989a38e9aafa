#pragma once
// The 3D passes: the LOD terrain, then the sky where no terrain was drawn.

#include "resources.h"
#include "scene/frame.h"
#include "terrain_pass.h"

#include <glm/glm.hpp>

namespace kresy {

// Mirrors `Frame` in shaders/common.glsl (std140).
struct FrameUniforms {
    glm::mat4 viewProjection;
    glm::mat4 inverseViewProjection;
    glm::vec4 sunDirection;
    glm::vec4 localUp;
    glm::vec4 atmosphere;
    glm::vec4 sunLight;
    glm::vec4 terrain;
    glm::vec4 drapeNear, drapeFar; // drapeTransform (drape_pass.h) of the two pictures
    glm::vec4 drape;               // x 1 when something is painted, y the outline's width in pixels, z water
};

struct ScenePasses {
    VkDescriptorSetLayout setLayout = VK_NULL_HANDLE; // 0: frame uniforms, 1: tile surfaces (array),
                                                      // 2, 3: the ground's painting (drape_pass.h)
    VkPipelineLayout layout = VK_NULL_HANDLE;         // + a node's push constants
    VkPipeline sky = VK_NULL_HANDLE;
    VkSampler sampler = VK_NULL_HANDLE;
    TerrainPass terrain;
};

bool createScenePasses(const Device& device, const std::string& shaderDir, VkFormat colour, VkFormat depth,
                       ScenePasses* passes, std::string* error);
void destroyScenePasses(const Device& device, ScenePasses& passes);

FrameUniforms makeFrameUniforms(const FrameInput& frame);

// Inside dynamic rendering with the frame's descriptor set.
void drawScene(VkCommandBuffer cmd, ScenePasses& passes, VkDescriptorSet frameSet, const FrameInput& frame);

} // namespace kresy
