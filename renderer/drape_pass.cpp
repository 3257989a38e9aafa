#include "drape_pass.h"

#include "pipelines.h"
#include "vk_check.h"

#include <cstddef>
#include <cstring>
#include <span>
#include <vector>

namespace kresy {

namespace {

constexpr VkFormat kDrapeColourFormat = VK_FORMAT_R8G8B8A8_SRGB;
constexpr VkFormat kDrapeCoverageFormat = VK_FORMAT_R8G8_UNORM;
constexpr VkSampleCountFlagBits kDrapeSamples = VK_SAMPLE_COUNT_4_BIT;

struct WindowConstants {
    glm::vec2 origin, invSize, relativeTo;
};

void destroyImages(const Device& device, DrapePass& p) {
    destroyImage(device, p.colour);
    destroyImage(device, p.coverage);
    for (Image& i : p.colourSamples)
        destroyImage(device, i);
    for (Image& i : p.coverageSamples)
        destroyImage(device, i);
}

// The multisampled picture averaged into one layer of `target` within `rects`, left readable by
// the terrain.
void resolveInto(VkCommandBuffer cmd, const Image& samples, const Image& target, uint32_t layer,
                 const std::vector<VkRect2D>& rects) {
    imageBarrier(cmd, samples.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                 VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                 VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_RESOLVE_BIT, VK_ACCESS_2_TRANSFER_READ_BIT);
    imageBarrier(cmd, target.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                 VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_NONE,
                 VK_PIPELINE_STAGE_2_RESOLVE_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, layer);
    std::vector<VkImageResolve> regions(rects.size());
    for (size_t i = 0; i < rects.size(); ++i) {
        VkImageResolve& region = regions[i];
        region.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
        region.dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, layer, 1};
        region.srcOffset = region.dstOffset = {rects[i].offset.x, rects[i].offset.y, 0};
        region.extent = {rects[i].extent.width, rects[i].extent.height, 1};
    }
    vkCmdResolveImage(cmd, samples.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, target.image,
                      VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, uint32_t(regions.size()), regions.data());
    imageBarrier(cmd, target.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                 VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_RESOLVE_BIT,
                 VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                 VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, layer);
}

// The texels of a picture over `window` that `part` covers, with a texel to spare around it.
VkRect2D texelRect(const DrapeWindow& window, const DrapeWindow& part, int size) {
    const glm::dvec2 scale = double(size) / (window.max - window.min);
    const glm::dvec2 lo = glm::clamp(glm::floor((part.min - window.min) * scale) - 1.0, 0.0, double(size));
    const glm::dvec2 hi = glm::clamp(glm::ceil((part.max - window.min) * scale) + 1.0, 0.0, double(size));
    if (!(hi.x > lo.x && hi.y > lo.y))
        return {};
    return {{int32_t(lo.x), int32_t(lo.y)}, {uint32_t(hi.x - lo.x), uint32_t(hi.y - lo.y)}};
}

// Appends to `out` the triangles of `all` that reach into `part` or within two texels of it (its
// rectangle's margin, and the multisampled edges). A part drawn again needs no others: the vertex
// work of a small repaint stays small.
void appendTrianglesNear(std::span<const DrapeVertex> all, const DrapeWindow& part, const DrapeWindow& window, int size,
                         std::vector<DrapeVertex>* out) {
    const glm::dvec2 margin = 2.0 * (window.max - window.min) / double(size);
    const glm::vec2 lo(part.min - margin), hi(part.max + margin);
    for (size_t i = 0; i + 2 < all.size(); i += 3) {
        const glm::vec2 a = all[i].position, b = all[i + 1].position, c = all[i + 2].position;
        const glm::vec2 mn = glm::min(glm::min(a, b), c), mx = glm::max(glm::max(a, b), c);
        if (mx.x < lo.x || mx.y < lo.y || mn.x > hi.x || mn.y > hi.y)
            continue;
        out->insert(out->end(), all.begin() + i, all.begin() + i + 3);
    }
}

} // namespace

bool createDrapePass(const Device& device, const std::string& shaderDir, DrapePass* p, std::string* error) {
    const char* names[2] = {"drape.vert", "drape.frag"};
    VkShaderModule modules[2] = {};
    if (!loadShaders(device, shaderDir, names, 2, modules, error))
        return false;
    p->layout = createPipelineLayout(device, nullptr, 0, VK_SHADER_STAGE_VERTEX_BIT, sizeof(WindowConstants));
    PipelineDesc desc;
    desc.vertex = modules[0];
    desc.fragment = modules[1];
    desc.layout = p->layout;
    desc.bindings = {{0, sizeof(DrapeVertex), VK_VERTEX_INPUT_RATE_VERTEX}};
    desc.attributes = {{0, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(DrapeVertex, position)},
                       {1, 0, VK_FORMAT_R32G32B32A32_SFLOAT, offsetof(DrapeVertex, colour)},
                       {2, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(DrapeVertex, coverage)}};
    desc.depthTest = false;
    desc.depthWrite = false;
    desc.colourFormat = kDrapeColourFormat;
    desc.secondColourFormat = kDrapeCoverageFormat;
    desc.secondColourMax = true; // an arrow over an area keeps the area's outline where it was
    desc.samples = kDrapeSamples;
    p->pipeline = createGraphicsPipeline(device, desc);
    destroyShaders(device, modules, 2);
    resizeDrape(device, *p, 8); // something to bind until the first painting
    return true;
}

void destroyDrapePass(const Device& device, DrapePass& p) {
    destroyImages(device, p);
    for (auto& perFrame : p.vertices)
        for (Buffer& b : perFrame)
            destroyBuffer(device, b);
    vkDestroyPipeline(device.device, p.pipeline, nullptr);
    vkDestroyPipelineLayout(device.device, p.layout, nullptr);
    p = DrapePass{};
}

bool drapeNeedsResize(const DrapePass& p, const FrameInput& frame) { return frame.drape && frame.drape->size != p.size; }

void resizeDrape(const Device& device, DrapePass& p, int size) {
    destroyImages(device, p);
    const VkImageUsageFlags usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    p.colour = createImage(device, uint32_t(size), uint32_t(size), kDrapeColourFormat, usage, 2);
    p.coverage = createImage(device, uint32_t(size), uint32_t(size), kDrapeCoverageFormat, usage, 2);
    const VkImageUsageFlags samplesUsage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    for (uint32_t layer = 0; layer < 2; ++layer) {
        p.colourSamples[layer] =
            createImage(device, uint32_t(size), uint32_t(size), kDrapeColourFormat, samplesUsage, 1, 1, kDrapeSamples);
        p.coverageSamples[layer] =
            createImage(device, uint32_t(size), uint32_t(size), kDrapeCoverageFormat, samplesUsage, 1, 1, kDrapeSamples);
    }
    p.size = size;
    p.cleared = false;
    p.versions = {};
}

void prepareDrape(const Device& device, DrapePass& p, VkCommandBuffer cmd, uint32_t frameIndex, const FrameInput& frame) {
    if (!p.cleared) { // new images: empty pictures, readable
        for (const Image* image : {&p.colour, &p.coverage}) {
            imageBarrier(cmd, image->image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                         VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE,
                         VK_PIPELINE_STAGE_2_CLEAR_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, 0, 2);
            VkClearColorValue zero{};
            VkImageSubresourceRange range{VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 2};
            vkCmdClearColorImage(cmd, image->image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &zero, 1, &range);
            imageBarrier(cmd, image->image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                         VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_CLEAR_BIT,
                         VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                         VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, 0, 2);
        }
        p.cleared = true;
    }
    const Drape* drape = frame.drape.get();
    if (!drape || drape->size != p.size)
        return;
    const DrapePicture* pictures[2] = {&drape->near, &drape->far};
    for (uint32_t layer = 0; layer < 2; ++layer) {
        const DrapePicture& picture = *pictures[layer];
        if (picture.version == p.versions[layer])
            continue;
        // Drawn again in parts (over the samples kept from the picture it changes), or whole.
        const bool part = picture.baseVersion && picture.baseVersion == p.versions[layer];
        std::vector<VkRect2D> rects;
        if (part) {
            for (const DrapeWindow& d : picture.dirty)
                if (const VkRect2D r = texelRect(picture.window, d, p.size); r.extent.width && r.extent.height)
                    rects.push_back(r);
        } else {
            rects.push_back({{0, 0}, {uint32_t(p.size), uint32_t(p.size)}});
        }
        if (rects.empty()) {
            p.versions[layer] = picture.version;
            continue;
        }
        const std::span<const DrapeVertex> all =
            picture.vertices ? std::span<const DrapeVertex>(*picture.vertices) : std::span<const DrapeVertex>();
        // Each part draws only the triangles that reach into it (found among those that reach
        // into any part); `firsts` holds where each part's triangles start.
        std::vector<DrapeVertex> partVertices;
        std::vector<size_t> firsts;
        if (part) {
            DrapeWindow around{picture.dirty[0].min, picture.dirty[0].max};
            for (const DrapeWindow& d : picture.dirty)
                around = {glm::min(around.min, d.min), glm::max(around.max, d.max)};
            std::vector<DrapeVertex> candidates;
            appendTrianglesNear(all, around, picture.window, p.size, &candidates);
            for (const DrapeWindow& d : picture.dirty) {
                firsts.push_back(partVertices.size());
                appendTrianglesNear(candidates, d, picture.window, p.size, &partVertices);
            }
        }
        const std::span<const DrapeVertex> drawn = part ? std::span<const DrapeVertex>(partVertices) : all;
        Buffer& vertices = p.vertices[frameIndex][layer];
        bool grown = false;
        ensureStorageCapacity(device, vertices, std::max<size_t>(drawn.size(), 1) * sizeof(DrapeVertex), &grown,
                              VK_BUFFER_USAGE_VERTEX_BUFFER_BIT);
        if (!drawn.empty())
            std::memcpy(vertices.data, drawn.data(), drawn.size() * sizeof(DrapeVertex));
        // The samples are drawn, then resolved into the layer by a copy (an attachment's resolve
        // into one layer of an array went to the first layer on lavapipe).
        const Image* samples[2] = {&p.colourSamples[layer], &p.coverageSamples[layer]};
        for (const Image* image : samples) // the last resolve has read them
            imageBarrier(cmd, image->image, VK_IMAGE_ASPECT_COLOR_BIT,
                         part ? VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL : VK_IMAGE_LAYOUT_UNDEFINED,
                         VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_RESOLVE_BIT,
                         VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                         VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT);
        VkRenderingAttachmentInfo attachments[2] = {{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO},
                                                    {VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO}};
        attachments[0].imageView = samples[0]->view;
        attachments[1].imageView = samples[1]->view;
        for (VkRenderingAttachmentInfo& a : attachments) {
            a.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
            a.loadOp = part ? VK_ATTACHMENT_LOAD_OP_LOAD : VK_ATTACHMENT_LOAD_OP_CLEAR;
            a.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
            a.clearValue.color = {{0, 0, 0, 0}};
        }
        VkRect2D area = rects[0];
        for (const VkRect2D& r : rects) {
            const int32_t x1 = std::max(area.offset.x + int32_t(area.extent.width), r.offset.x + int32_t(r.extent.width));
            const int32_t y1 = std::max(area.offset.y + int32_t(area.extent.height), r.offset.y + int32_t(r.extent.height));
            area.offset = {std::min(area.offset.x, r.offset.x), std::min(area.offset.y, r.offset.y)};
            area.extent = {uint32_t(x1 - area.offset.x), uint32_t(y1 - area.offset.y)};
        }
        VkRenderingInfo rendering{VK_STRUCTURE_TYPE_RENDERING_INFO};
        rendering.renderArea = area;
        rendering.layerCount = 1;
        rendering.colorAttachmentCount = 2;
        rendering.pColorAttachments = attachments;
        vkCmdBeginRendering(cmd, &rendering);
        if (part) { // the changed parts start empty, as a whole picture does
            VkClearAttachment clears[2] = {{VK_IMAGE_ASPECT_COLOR_BIT, 0, {}}, {VK_IMAGE_ASPECT_COLOR_BIT, 1, {}}};
            std::vector<VkClearRect> clearRects;
            for (const VkRect2D& r : rects)
                clearRects.push_back({r, 0, 1});
            vkCmdClearAttachments(cmd, 2, clears, uint32_t(clearRects.size()), clearRects.data());
        }
        if (!drawn.empty()) {
            VkViewport viewport{0, 0, float(p.size), float(p.size), 0, 1};
            vkCmdSetViewport(cmd, 0, 1, &viewport);
            vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.pipeline);
            const DrapeWindow& w = picture.window;
            const glm::dvec2 centre = (w.min + w.max) * 0.5;
            WindowConstants constants{glm::vec2(w.min - centre), glm::vec2(1.0 / (w.max - w.min)), glm::vec2(centre)};
            vkCmdPushConstants(cmd, p.layout, VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof constants, &constants);
            VkDeviceSize offset = 0;
            vkCmdBindVertexBuffers(cmd, 0, 1, &vertices.buffer, &offset);
            if (part) {
                for (size_t i = 0; i < firsts.size(); ++i) {
                    const size_t end = i + 1 < firsts.size() ? firsts[i + 1] : partVertices.size();
                    const VkRect2D r = texelRect(picture.window, picture.dirty[i], p.size);
                    if (end == firsts[i] || !r.extent.width || !r.extent.height)
                        continue;
                    vkCmdSetScissor(cmd, 0, 1, &r);
                    vkCmdDraw(cmd, uint32_t(end - firsts[i]), 1, uint32_t(firsts[i]), 0);
                }
            } else {
                vkCmdSetScissor(cmd, 0, 1, &rects[0]);
                vkCmdDraw(cmd, uint32_t(drawn.size()), 1, 0, 0);
            }
        }
        vkCmdEndRendering(cmd);
        resolveInto(cmd, *samples[0], p.colour, layer, rects);
        resolveInto(cmd, *samples[1], p.coverage, layer, rects);
        p.versions[layer] = picture.version;
    }
}

glm::vec4 drapeTransform(const DrapeWindow& w, const glm::dvec3& eye) {
    const glm::dvec2 size = w.max - w.min;
    if (!(size.x > 0 && size.y > 0))
        return glm::vec4(0);
    const glm::dvec2 scale = 1.0 / size;
    return glm::vec4(glm::vec2((glm::dvec2(eye) - w.min) * scale), glm::vec2(scale));
}

} // namespace kresy
