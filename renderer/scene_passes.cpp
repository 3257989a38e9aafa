#include "scene_passes.h"

#include "drape_pass.h"
#include "pipelines.h"
#include "vk_check.h"

namespace kresy {

bool createScenePasses(const Device& device, const std::string& shaderDir, VkFormat colour, VkFormat depth,
                       ScenePasses* p, std::string* error) {
    const char* names[4] = {"terrain.vert", "terrain.frag", "sky.vert", "sky.frag"};
    VkShaderModule modules[4] = {};
    if (!loadShaders(device, shaderDir, names, 4, modules, error))
        return false;
    auto [terrainVert, terrainFrag, skyVert, skyFrag] = modules;

    VkDescriptorSetLayoutBinding bindings[4] = {
        {0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {1, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {2, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {3, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
    };
    p->setLayout = createSetLayout(device, bindings, 4);
    p->layout = createPipelineLayout(device, &p->setLayout, 1, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 32);

    createTerrainPass(device, p->terrain, p->layout, terrainVert, terrainFrag, colour, depth);

    PipelineDesc sky;
    sky.vertex = skyVert;
    sky.fragment = skyFrag;
    sky.layout = p->layout;
    sky.depthCompare = VK_COMPARE_OP_EQUAL; // only where the depth is still the cleared "infinitely far"
    sky.depthWrite = false;
    sky.colourFormat = colour;
    sky.depthFormat = depth;
    p->sky = createGraphicsPipeline(device, sky);

    destroyShaders(device, modules, 4);

    VkSamplerCreateInfo sampler{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
    sampler.magFilter = VK_FILTER_LINEAR;
    sampler.minFilter = VK_FILTER_LINEAR;
    sampler.mipmapMode = VK_SAMPLER_MIPMAP_MODE_NEAREST;
    sampler.addressModeU = sampler.addressModeV = sampler.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    VK_CHECK(vkCreateSampler(device.device, &sampler, nullptr, &p->sampler));
    return true;
}

void destroyScenePasses(const Device& device, ScenePasses& p) {
    if (p.terrain.pipeline)
        destroyTerrainPass(device, p.terrain);
    vkDestroySampler(device.device, p.sampler, nullptr);
    vkDestroyPipeline(device.device, p.sky, nullptr);
    vkDestroyPipelineLayout(device.device, p.layout, nullptr);
    vkDestroyDescriptorSetLayout(device.device, p.setLayout, nullptr);
    p = ScenePasses{};
}

FrameUniforms makeFrameUniforms(const FrameInput& f) {
    FrameUniforms u;
    u.viewProjection = f.camera.viewProjection;
    u.inverseViewProjection = glm::inverse(f.camera.viewProjection);
    u.sunDirection = glm::vec4(glm::vec3(f.sunDirection), float(glm::radians(f.sunElevationDeg)));
    u.localUp = glm::vec4(glm::vec3(f.camera.localUp), float(f.camera.altitude));
    // Extinction 0.8e-5/m at sea level (a clear day: land fades out over ~100 km), 8 km scale height.
    u.atmosphere = glm::vec4(0.8e-5f, 8000.0f, 6371000.0f, f.markBackground ? 1.0f : 0.0f);
    // Redder and dimmer as the sun nears the horizon; the sky light fades through twilight.
    float e = glm::clamp(float(f.sunElevationDeg) / 20.0f, 0.0f, 1.0f);
    glm::vec3 sun = glm::mix(glm::vec3(1.0f, 0.55f, 0.3f), glm::vec3(1.0f, 0.96f, 0.9f), e) * glm::mix(0.6f, 1.0f, e);
    float daylight = glm::smoothstep(-6.0f, 8.0f, float(f.sunElevationDeg));
    u.sunLight = glm::vec4(sun, daylight);
    // The Earth's axis in the scene frame: with the local up it gives east and north per pixel.
    glm::vec3 axis = glm::vec3(glm::transpose(f.scene.enuToEcef) * glm::dvec3(0, 0, 1));
    u.terrain = glm::vec4(f.exaggeration, axis);
    u.drape = glm::vec4(f.drape ? 1 : 0, f.outlinePixels, f.drawWater ? 1 : 0, 0);
    if (f.drape) {
        u.drapeNear = drapeTransform(f.drape->near.window, f.camera.eye);
        u.drapeFar = drapeTransform(f.drape->far.window, f.camera.eye);
    }
    return u;
}

void drawScene(VkCommandBuffer cmd, ScenePasses& p, VkDescriptorSet frameSet, const FrameInput& frame) {
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.layout, 0, 1, &frameSet, 0, nullptr);
    drawTerrain(cmd, p.terrain, p.layout, frame);
    if (frame.drawSky) {
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.sky);
        vkCmdDraw(cmd, 24 * 24 * 6, 1, 0, 0); // the grid of shaders/sky.vert
    }
}

} // namespace kresy
