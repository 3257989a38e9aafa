#include "scene_passes.h"

#include "pipelines.h"
#include "vk_check.h"

#include <cstddef>

namespace kresy {

static void setFlatSurface(const Device& device, ScenePasses& p);

bool createScenePasses(const Device& device, const std::string& shaderDir, VkFormat colour, VkFormat depth,
                       ScenePasses* p, std::string* error) {
    const char* names[4] = {"terrain.vert", "terrain.frag", "sky.vert", "sky.frag"};
    VkShaderModule modules[4] = {};
    for (int i = 0; i < 4; ++i)
        if (!loadShader(device, shaderDir, names[i], &modules[i], error)) {
            for (VkShaderModule m : modules)
                vkDestroyShaderModule(device.device, m, nullptr);
            return false;
        }
    auto [terrainVert, terrainFrag, skyVert, skyFrag] = modules;

    VkDescriptorSetLayoutBinding bindings[2] = {
        {0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {1, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
    };
    VkDescriptorSetLayoutCreateInfo setInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    setInfo.bindingCount = 2;
    setInfo.pBindings = bindings;
    VK_CHECK(vkCreateDescriptorSetLayout(device.device, &setInfo, nullptr, &p->setLayout));
    VkPipelineLayoutCreateInfo layoutInfo{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    layoutInfo.setLayoutCount = 1;
    layoutInfo.pSetLayouts = &p->setLayout;
    VK_CHECK(vkCreatePipelineLayout(device.device, &layoutInfo, nullptr, &p->layout));

    PipelineDesc terrain;
    terrain.vertex = terrainVert;
    terrain.fragment = terrainFrag;
    terrain.layout = p->layout;
    terrain.bindings = {{0, sizeof(TerrainVertex), VK_VERTEX_INPUT_RATE_VERTEX}};
    terrain.attributes = {{0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(TerrainVertex, position)},
                          {1, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(TerrainVertex, uv)}};
    terrain.colourFormat = colour;
    terrain.depthFormat = depth;
    p->terrain = createGraphicsPipeline(device, terrain);

    PipelineDesc sky;
    sky.vertex = skyVert;
    sky.fragment = skyFrag;
    sky.layout = p->layout;
    sky.depthCompare = VK_COMPARE_OP_EQUAL; // only where the depth is still the cleared "infinitely far"
    sky.depthWrite = false;
    sky.colourFormat = colour;
    sky.depthFormat = depth;
    p->sky = createGraphicsPipeline(device, sky);

    for (VkShaderModule m : modules)
        vkDestroyShaderModule(device.device, m, nullptr);

    VkSamplerCreateInfo sampler{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
    sampler.magFilter = VK_FILTER_LINEAR;
    sampler.minFilter = VK_FILTER_LINEAR;
    sampler.mipmapMode = VK_SAMPLER_MIPMAP_MODE_NEAREST;
    sampler.addressModeU = sampler.addressModeV = sampler.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    VK_CHECK(vkCreateSampler(device.device, &sampler, nullptr, &p->sampler));
    setFlatSurface(device, *p);
    return true;
}

// Until a terrain arrives the descriptor still needs a valid image: a flat 1x1 surface
// (normal up, height 0), so a frame with the sky only is valid on every driver.
static void setFlatSurface(const Device& device, ScenePasses& p) {
    uint16_t flat[4] = {0, 0, 0x3c00 /* 1.0 */, 0};
    p.surface = createTextureWithData(device, 1, 1, VK_FORMAT_R16G16B16A16_SFLOAT, flat, sizeof flat);
}

static void destroyTerrain(const Device& device, ScenePasses& p) {
    destroyBuffer(device, p.vertices);
    destroyBuffer(device, p.indices);
    destroyImage(device, p.surface);
    p.indexCount = 0;
}

void destroyScenePasses(const Device& device, ScenePasses& p) {
    destroyTerrain(device, p);
    vkDestroySampler(device.device, p.sampler, nullptr);
    vkDestroyPipeline(device.device, p.terrain, nullptr);
    vkDestroyPipeline(device.device, p.sky, nullptr);
    vkDestroyPipelineLayout(device.device, p.layout, nullptr);
    vkDestroyDescriptorSetLayout(device.device, p.setLayout, nullptr);
    p = ScenePasses{};
}

void setSceneTerrain(const Device& device, ScenePasses& p, const TerrainMesh& mesh, const TerrainSurface& surface) {
    VK_CHECK(vkDeviceWaitIdle(device.device));
    destroyTerrain(device, p);
    p.vertices = createBufferWithData(device, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, mesh.vertices.data(),
                                      mesh.vertices.size() * sizeof(TerrainVertex));
    p.indices = createBufferWithData(device, VK_BUFFER_USAGE_INDEX_BUFFER_BIT, mesh.indices.data(),
                                     mesh.indices.size() * sizeof(uint32_t));
    p.indexCount = uint32_t(mesh.indices.size());
    p.surface = createTextureWithData(device, surface.width, surface.height, VK_FORMAT_R16G16B16A16_SFLOAT,
                                      surface.texels.data(), surface.texels.size() * sizeof(uint16_t));
    p.meshOrigin = mesh.origin;
}

FrameUniforms makeFrameUniforms(const FrameInput& f, const ScenePasses& p) {
    FrameUniforms u;
    u.viewProjection = f.camera.viewProjection;
    u.inverseViewProjection = glm::inverse(f.camera.viewProjection);
    u.sunDirection = glm::vec4(glm::vec3(f.sunDirection), float(glm::radians(f.sunElevationDeg)));
    u.localUp = glm::vec4(glm::vec3(f.camera.localUp), float(f.camera.altitude));
    u.meshOffset = glm::vec4(glm::vec3(p.meshOrigin - f.camera.eye), 0.0f);
    // Extinction 0.8e-5/m at sea level (a clear day: land fades out over ~100 km), 8 km scale height.
    u.atmosphere = glm::vec4(0.8e-5f, 8000.0f, 6371000.0f, 0.0f);
    return u;
}

void drawScene(VkCommandBuffer cmd, const ScenePasses& p, VkDescriptorSet frameSet) {
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.layout, 0, 1, &frameSet, 0, nullptr);
    if (p.indexCount) {
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.terrain);
        VkDeviceSize offset = 0;
        vkCmdBindVertexBuffers(cmd, 0, 1, &p.vertices.buffer, &offset);
        vkCmdBindIndexBuffer(cmd, p.indices.buffer, 0, VK_INDEX_TYPE_UINT32);
        vkCmdDrawIndexed(cmd, p.indexCount, 1, 0, 0, 0);
    }
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.sky);
    vkCmdDraw(cmd, 3, 1, 0, 0);
}

} // namespace kresy
