#include "models_pass.h"

#include "pipelines.h"
#include "vk_check.h"

#include <cstring>

namespace kresy {
namespace {

// A model unused for this many frames is freed (long after any frame in flight has finished).
constexpr uint64_t kEvictAfterFrames = 300;

// Mirrors `Instance` in shaders/model.vert (std430).
struct InstanceData {
    glm::vec4 right, forward, up, position, tint;
};

// Mirrors `Material` in shaders/model.frag.
struct MaterialConstants {
    glm::vec4 baseColour;
    glm::vec4 emissive; // a: alpha cutoff
    glm::vec4 flags;
};

glm::vec3 srgbToLinear(glm::vec3 c) {
    return glm::mix(c / 12.92f, glm::pow((c + 0.055f) / 1.055f, glm::vec3(2.4f)), glm::step(glm::vec3(0.04045f), c));
}

VkSamplerAddressMode addressMode(TextureWrap wrap) {
    switch (wrap) {
    case TextureWrap::ClampToEdge: return VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    case TextureWrap::MirroredRepeat: return VK_SAMPLER_ADDRESS_MODE_MIRRORED_REPEAT;
    default: return VK_SAMPLER_ADDRESS_MODE_REPEAT;
    }
}

VkSampler samplerFor(const Device& device, ModelsPass& p, TextureWrap u, TextureWrap v) {
    VkSampler& sampler = p.samplers[{int(u), int(v)}];
    if (!sampler) {
        VkSamplerCreateInfo info{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
        info.magFilter = info.minFilter = VK_FILTER_LINEAR;
        info.mipmapMode = VK_SAMPLER_MIPMAP_MODE_LINEAR;
        info.addressModeU = addressMode(u);
        info.addressModeV = addressMode(v);
        info.addressModeW = VK_SAMPLER_ADDRESS_MODE_REPEAT;
        info.maxLod = VK_LOD_CLAMP_NONE;
        VK_CHECK(vkCreateSampler(device.device, &info, nullptr, &sampler));
    }
    return sampler;
}

// An sRGB texture with its whole mip chain, through one staging buffer.
Image createMippedTexture(const Device& device, const ModelTexture& t) {
    VkDeviceSize total = 0;
    for (const auto& level : t.levels)
        total += level.size();
    Buffer staging = createBuffer(device, total, VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                                  VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
    std::vector<VkBufferImageCopy> regions;
    VkDeviceSize offset = 0;
    uint32_t w = uint32_t(t.width), h = uint32_t(t.height);
    for (size_t i = 0; i < t.levels.size(); ++i) {
        std::memcpy(static_cast<uint8_t*>(staging.data) + offset, t.levels[i].data(), t.levels[i].size());
        VkBufferImageCopy region{};
        region.bufferOffset = offset;
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, uint32_t(i), 0, 1};
        region.imageExtent = {w, h, 1};
        regions.push_back(region);
        offset += t.levels[i].size();
        w = std::max(1u, w / 2);
        h = std::max(1u, h / 2);
    }
    const uint32_t levels = uint32_t(t.levels.size());
    Image img = createImage(device, uint32_t(t.width), uint32_t(t.height), VK_FORMAT_R8G8B8A8_SRGB,
                            VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT, 1, levels);
    immediateSubmit(device, [&](VkCommandBuffer cmd) {
        VkImageMemoryBarrier2 b{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
        b.srcStageMask = VK_PIPELINE_STAGE_2_NONE;
        b.dstStageMask = VK_PIPELINE_STAGE_2_COPY_BIT;
        b.dstAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT;
        b.oldLayout = VK_IMAGE_LAYOUT_UNDEFINED;
        b.newLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
        b.srcQueueFamilyIndex = b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
        b.image = img.image;
        b.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, levels, 0, 1};
        VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
        dep.imageMemoryBarrierCount = 1;
        dep.pImageMemoryBarriers = &b;
        vkCmdPipelineBarrier2(cmd, &dep);
        vkCmdCopyBufferToImage(cmd, staging.buffer, img.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                               uint32_t(regions.size()), regions.data());
        b.srcStageMask = VK_PIPELINE_STAGE_2_COPY_BIT;
        b.srcAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT;
        b.dstStageMask = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT;
        b.dstAccessMask = VK_ACCESS_2_SHADER_SAMPLED_READ_BIT;
        b.oldLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
        b.newLayout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;
        vkCmdPipelineBarrier2(cmd, &dep);
    });
    destroyBuffer(device, staging);
    return img;
}

VkDescriptorSet allocateSet(const Device& device, VkDescriptorPool pool, VkDescriptorSetLayout layout) {
    VkDescriptorSetAllocateInfo alloc{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    alloc.descriptorPool = pool;
    alloc.descriptorSetCount = 1;
    alloc.pSetLayouts = &layout;
    VkDescriptorSet set = VK_NULL_HANDLE;
    VK_CHECK(vkAllocateDescriptorSets(device.device, &alloc, &set));
    return set;
}

void writeTexture(const Device& device, VkDescriptorSet set, VkSampler sampler, VkImageView view) {
    VkDescriptorImageInfo image{sampler, view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    VkWriteDescriptorSet write{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    write.dstSet = set;
    write.descriptorCount = 1;
    write.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    write.pImageInfo = &image;
    vkUpdateDescriptorSets(device.device, 1, &write, 0, nullptr);
}

GpuModel uploadModel(const Device& device, ModelsPass& p, const std::shared_ptr<const ModelData>& model) {
    GpuModel g;
    g.source = model;
    g.vertices = createBufferWithData(device, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, model->vertices.data(),
                                      model->vertices.size() * sizeof(ModelVertex));
    g.indices = createBufferWithData(device, VK_BUFFER_USAGE_INDEX_BUFFER_BIT, model->indices.data(),
                                     model->indices.size() * sizeof(uint32_t));
    if (!model->textures.empty()) {
        VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, uint32_t(model->textures.size())};
        VkDescriptorPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
        poolInfo.maxSets = uint32_t(model->textures.size());
        poolInfo.poolSizeCount = 1;
        poolInfo.pPoolSizes = &size;
        VK_CHECK(vkCreateDescriptorPool(device.device, &poolInfo, nullptr, &g.pool));
    }
    for (const ModelTexture& t : model->textures) {
        g.textures.push_back(createMippedTexture(device, t));
        g.textureSets.push_back(allocateSet(device, g.pool, p.textureLayout));
        writeTexture(device, g.textureSets.back(), samplerFor(device, p, t.wrapU, t.wrapV), g.textures.back().view);
    }
    return g;
}

void destroyModel(const Device& device, GpuModel& g) {
    destroyBuffer(device, g.vertices);
    destroyBuffer(device, g.indices);
    for (Image& image : g.textures)
        destroyImage(device, image);
    vkDestroyDescriptorPool(device.device, g.pool, nullptr);
    g = GpuModel{};
}

} // namespace

bool createModelsPass(const Device& device, const std::string& shaderDir, VkFormat colour, VkFormat depth,
                      VkDescriptorSetLayout frameSetLayout, ModelsPass* p, std::string* error) {
    const char* names[2] = {"model.vert", "model.frag"};
    VkShaderModule modules[2] = {};
    if (!loadShaders(device, shaderDir, names, 2, modules, error))
        return false;

    const VkDescriptorSetLayoutBinding instances{0, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT,
                                                 nullptr};
    p->instanceLayout = createSetLayout(device, &instances, 1);
    const VkDescriptorSetLayoutBinding texture{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1,
                                               VK_SHADER_STAGE_FRAGMENT_BIT, nullptr};
    p->textureLayout = createSetLayout(device, &texture, 1);
    const VkDescriptorSetLayout layouts[3] = {frameSetLayout, p->instanceLayout, p->textureLayout};
    p->layout = createPipelineLayout(device, layouts, 3, VK_SHADER_STAGE_FRAGMENT_BIT, sizeof(MaterialConstants));

    PipelineDesc desc;
    desc.vertex = modules[0];
    desc.fragment = modules[1];
    desc.layout = p->layout;
    desc.bindings = {{0, sizeof(ModelVertex), VK_VERTEX_INPUT_RATE_VERTEX}};
    desc.attributes = {{0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(ModelVertex, position)},
                       {1, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(ModelVertex, normal)},
                       {2, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(ModelVertex, uv)},
                       {3, 0, VK_FORMAT_R8G8B8A8_UNORM, offsetof(ModelVertex, colour)}};
    desc.colourFormat = colour;
    desc.depthFormat = depth;
    p->pipeline = createGraphicsPipeline(device, desc);
    destroyShaders(device, modules, 2);

    VkDescriptorPoolSize sizes[2] = {{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, kFramesInFlight},
                                     {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1}};
    VkDescriptorPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    poolInfo.maxSets = kFramesInFlight + 1;
    poolInfo.poolSizeCount = 2;
    poolInfo.pPoolSizes = sizes;
    VK_CHECK(vkCreateDescriptorPool(device.device, &poolInfo, nullptr, &p->pool));

    const uint8_t white[4] = {255, 255, 255, 255};
    p->white = createTextureWithData(device, 1, 1, VK_FORMAT_R8G8B8A8_SRGB, white, 4);
    p->whiteSet = allocateSet(device, p->pool, p->textureLayout);
    writeTexture(device, p->whiteSet, samplerFor(device, *p, TextureWrap::Repeat, TextureWrap::Repeat), p->white.view);
    for (ModelsPass::PerFrame& f : p->frames)
        f.set = allocateSet(device, p->pool, p->instanceLayout);
    return true;
}

void destroyModelsPass(const Device& device, ModelsPass& p) {
    for (auto& [key, model] : p.models)
        destroyModel(device, model);
    for (ModelsPass::PerFrame& f : p.frames)
        destroyBuffer(device, f.instances);
    for (auto& [key, sampler] : p.samplers)
        vkDestroySampler(device.device, sampler, nullptr);
    destroyImage(device, p.white);
    vkDestroyDescriptorPool(device.device, p.pool, nullptr);
    vkDestroyPipeline(device.device, p.pipeline, nullptr);
    vkDestroyPipelineLayout(device.device, p.layout, nullptr);
    vkDestroyDescriptorSetLayout(device.device, p.instanceLayout, nullptr);
    vkDestroyDescriptorSetLayout(device.device, p.textureLayout, nullptr);
    p = ModelsPass{};
}

void prepareModels(const Device& device, ModelsPass& p, uint32_t frameInFlight, const FrameInput& frame) {
    ++p.frameCounter;
    size_t instanceCount = 0;
    for (const ModelDraw& draw : frame.models) {
        if (!draw.model || draw.model->indices.empty())
            continue;
        auto it = p.models.find(draw.model.get());
        if (it == p.models.end())
            it = p.models.emplace(draw.model.get(), uploadModel(device, p, draw.model)).first;
        it->second.lastUsed = p.frameCounter;
        instanceCount += draw.instances.size();
    }
    for (auto it = p.models.begin(); it != p.models.end();) {
        if (p.frameCounter - it->second.lastUsed > kEvictAfterFrames) {
            destroyModel(device, it->second);
            it = p.models.erase(it);
        } else {
            ++it;
        }
    }

    ModelsPass::PerFrame& f = p.frames[frameInFlight];
    const VkDeviceSize bytes = std::max<size_t>(instanceCount, 1) * sizeof(InstanceData);
    if (f.instances.size < bytes) {
        destroyBuffer(device, f.instances);
        VkDeviceSize size = 16 * 1024;
        while (size < bytes)
            size *= 2;
        f.instances = createBuffer(device, size, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                                   VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
        VkDescriptorBufferInfo buffer{f.instances.buffer, 0, VK_WHOLE_SIZE};
        VkWriteDescriptorSet write{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
        write.dstSet = f.set;
        write.descriptorCount = 1;
        write.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        write.pBufferInfo = &buffer;
        vkUpdateDescriptorSets(device.device, 1, &write, 0, nullptr);
    }
    auto* out = static_cast<InstanceData*>(f.instances.data);
    const glm::dvec3 eye = frame.camera.eye;
    for (const ModelDraw& draw : frame.models) {
        if (!draw.model || draw.model->indices.empty())
            continue;
        for (const ModelInstance& m : draw.instances)
            *out++ = {glm::vec4(glm::vec3(m.right), 0), glm::vec4(glm::vec3(m.forward), 0), glm::vec4(glm::vec3(m.up), 0),
                      glm::vec4(glm::vec3(m.position - eye), 1), glm::vec4(srgbToLinear(glm::vec3(m.tint)), 1)};
    }
}

void drawModels(VkCommandBuffer cmd, ModelsPass& p, uint32_t frameInFlight, VkDescriptorSet frameSet,
                const FrameInput& frame) {
    if (frame.models.empty())
        return;
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.pipeline);
    VkDescriptorSet sets[2] = {frameSet, p.frames[frameInFlight].set};
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.layout, 0, 2, sets, 0, nullptr);
    uint32_t firstInstance = 0;
    for (const ModelDraw& draw : frame.models) {
        if (!draw.model || draw.model->indices.empty())
            continue;
        const uint32_t count = uint32_t(draw.instances.size());
        const GpuModel& g = p.models.at(draw.model.get());
        const ModelData& m = *draw.model;
        VkDeviceSize offset = 0;
        vkCmdBindVertexBuffers(cmd, 0, 1, &g.vertices.buffer, &offset);
        vkCmdBindIndexBuffer(cmd, g.indices.buffer, 0, VK_INDEX_TYPE_UINT32);
        for (const ModelPrimitive& primitive : m.primitives) {
            const ModelMaterial& material = m.materials[primitive.material];
            VkDescriptorSet texture = material.texture >= 0 ? g.textureSets[size_t(material.texture)] : p.whiteSet;
            vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.layout, 2, 1, &texture, 0, nullptr);
            MaterialConstants constants{material.baseColour, glm::vec4(material.emissive, material.alphaCutoff),
                                        glm::vec4(material.tinted ? 1 : 0, 0, 0, 0)};
            vkCmdPushConstants(cmd, p.layout, VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof constants, &constants);
            if (count)
                vkCmdDrawIndexed(cmd, primitive.indexCount, count, primitive.firstIndex, 0, firstInstance);
        }
        firstInstance += count;
    }
}

} // namespace kresy
