#include "renderer.h"

#include "vk_check.h"

#include <cstring>

namespace kresy {

bool Renderer::init(Device* device, const std::string& shaderDir, std::string* error) {
    device_ = device;
    if (!createScenePasses(*device, shaderDir, kColourFormat, kDepthFormat, &scene_, error))
        return false;

    if (!createDrapePass(*device, shaderDir, &drape_, error))
        return false;
    VkDescriptorPoolSize sizes[2] = {{VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, kFramesInFlight},
                                     {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 3 * kFramesInFlight}};
    VkDescriptorPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    poolInfo.maxSets = kFramesInFlight;
    poolInfo.poolSizeCount = 2;
    poolInfo.pPoolSizes = sizes;
    VK_CHECK(vkCreateDescriptorPool(device->device, &poolInfo, nullptr, &descriptorPool_));

    for (FrameData& f : frames_) {
        VkCommandPoolCreateInfo pool{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
        pool.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
        pool.queueFamilyIndex = device->queueFamily;
        VK_CHECK(vkCreateCommandPool(device->device, &pool, nullptr, &f.pool));
        VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        alloc.commandPool = f.pool;
        alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        alloc.commandBufferCount = 1;
        VK_CHECK(vkAllocateCommandBuffers(device->device, &alloc, &f.cmd));
        VkFenceCreateInfo fence{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
        fence.flags = VK_FENCE_CREATE_SIGNALED_BIT;
        VK_CHECK(vkCreateFence(device->device, &fence, nullptr, &f.fence));
        VkSemaphoreCreateInfo semaphore{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
        VK_CHECK(vkCreateSemaphore(device->device, &semaphore, nullptr, &f.imageAcquired));
        f.uniforms = createBuffer(*device, sizeof(FrameUniforms), VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT,
                                  VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
        VkDescriptorSetAllocateInfo setAlloc{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
        setAlloc.descriptorPool = descriptorPool_;
        setAlloc.descriptorSetCount = 1;
        setAlloc.pSetLayouts = &scene_.setLayout;
        VK_CHECK(vkAllocateDescriptorSets(device->device, &setAlloc, &f.set));
    }
    writeDescriptorSets();
    std::array<VkBuffer, kFramesInFlight> uniforms;
    for (uint32_t i = 0; i < kFramesInFlight; ++i)
        uniforms[i] = frames_[i].uniforms.buffer;
    return createMarksPass(*device, shaderDir, kColourFormat, kDepthFormat, uniforms, &marks_, error) &&
           createModelsPass(*device, shaderDir, kColourFormat, kDepthFormat, scene_.setLayout, &models_, error) &&
           createLabelsPass(*device, shaderDir, kColourFormat, kDepthFormat, uniforms, &labels_, error);
}

void Renderer::shutdown() {
    if (!device_)
        return;
    VkDevice d = device_->device;
    vkDeviceWaitIdle(d);
    destroyImGuiPass(*device_, imgui_);
    for (FrameData& f : frames_) {
        destroyBuffer(*device_, f.uniforms);
        vkDestroySemaphore(d, f.imageAcquired, nullptr);
        vkDestroyFence(d, f.fence, nullptr);
        vkDestroyCommandPool(d, f.pool, nullptr);
        f = FrameData{};
    }
    vkDestroyDescriptorPool(d, descriptorPool_, nullptr);
    if (marks_.layout)
        destroyMarksPass(*device_, marks_);
    if (models_.layout)
        destroyModelsPass(*device_, models_);
    if (labels_.layout)
        destroyLabelsPass(*device_, labels_);
    destroyDrapePass(*device_, drape_);
    destroyScenePasses(*device_, scene_);
    destroyImage(*device_, colour_);
    destroyImage(*device_, depth_);
    destroyBuffer(*device_, readback_);
    destroySwapchain(*device_, swapchain_);
    if (swapchain_.surface)
        vkDestroySurfaceKHR(device_->instance, swapchain_.surface, nullptr);
    swapchain_ = Swapchain{};
    device_ = nullptr;
}

void Renderer::writeDescriptorSets() {
    for (FrameData& f : frames_) {
        VkDescriptorBufferInfo buffer{f.uniforms.buffer, 0, sizeof(FrameUniforms)};
        VkDescriptorImageInfo image{scene_.sampler, scene_.terrain.surfaces.view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
        VkDescriptorImageInfo drapeColour{scene_.sampler, drape_.colour.view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
        VkDescriptorImageInfo drapeCoverage{scene_.sampler, drape_.coverage.view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
        VkWriteDescriptorSet writes[4] = {};
        writes[0] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
        writes[0].dstSet = f.set;
        writes[0].dstBinding = 0;
        writes[0].descriptorCount = 1;
        writes[0].descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER;
        writes[0].pBufferInfo = &buffer;
        writes[1] = writes[0];
        writes[1].dstBinding = 1;
        writes[1].descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
        writes[1].pBufferInfo = nullptr;
        writes[1].pImageInfo = &image;
        writes[2] = writes[1];
        writes[2].dstBinding = 2;
        writes[2].pImageInfo = &drapeColour;
        writes[3] = writes[1];
        writes[3].dstBinding = 3;
        writes[3].pImageInfo = &drapeCoverage;
        vkUpdateDescriptorSets(device_->device, 4, writes, 0, nullptr);
    }
}

bool Renderer::terrainSurfaceResident(const TileId& tile) const { return kresy::terrainSurfaceResident(scene_.terrain, tile); }

void Renderer::attachSurface(VkSurfaceKHR surface, uint32_t width, uint32_t height) {
    swapchain_.surface = surface;
    surfaceWidth_ = width;
    surfaceHeight_ = height;
    createSwapchain(*device_, swapchain_, width, height);
}

void Renderer::surfaceResized(uint32_t width, uint32_t height) {
    surfaceWidth_ = width;
    surfaceHeight_ = height;
    swapchainStale_ = true;
}

void Renderer::recreateSwapchain() {
    VK_CHECK(vkDeviceWaitIdle(device_->device));
    createSwapchain(*device_, swapchain_, surfaceWidth_, surfaceHeight_);
    swapchainStale_ = false;
}

void Renderer::waitIdle() { VK_CHECK(vkQueueWaitIdle(device_->queue)); }

void Renderer::enableImGui() {
    createImGuiPass(*device_, imgui_, kColourFormat, kFramesInFlight);
    if (colour_.image)
        setImGuiTarget(*device_, imgui_, colour_);
}

void Renderer::beginImGuiFrame() { kresy::beginImGuiFrame(); }

void Renderer::ensureTargets(uint32_t width, uint32_t height) {
    if (colour_.extent.width == width && colour_.extent.height == height)
        return;
    VK_CHECK(vkDeviceWaitIdle(device_->device));
    destroyImage(*device_, colour_);
    destroyImage(*device_, depth_);
    colour_ = createImage(*device_, width, height, kColourFormat,
                          VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT);
    // Sampled too: symbols test their point against the terrain's depth (marks_pass.h).
    depth_ = createImage(*device_, width, height, kDepthFormat,
                         VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT);
    if (imgui_.renderPass)
        setImGuiTarget(*device_, imgui_, colour_);
    // The marks' descriptor sets name the old depth view; a new view can get the old handle's
    // value, so comparing handles would miss the change.
    for (MarksPass::PerFrame& f : marks_.frames)
        f.depth = VK_NULL_HANDLE;
    for (LabelsPass::PerFrame& f : labels_.frames)
        f.depth = VK_NULL_HANDLE;
}

bool Renderer::drawFrame(const FrameInput& frame, ImDrawData* ui, ImageRGBA8* readback) {
    FrameData& f = frames_[frameIndex_];
    VkDevice d = device_->device;
    VK_CHECK(vkWaitForFences(d, 1, &f.fence, VK_TRUE, UINT64_MAX));

    if (swapchain_.surface && swapchainStale_)
        recreateSwapchain();
    uint32_t imageIndex = 0;
    if (swapchain_.surface) {
        VkResult r = vkAcquireNextImageKHR(d, swapchain_.swapchain, UINT64_MAX, f.imageAcquired, VK_NULL_HANDLE,
                                           &imageIndex);
        if (r == VK_ERROR_OUT_OF_DATE_KHR) {
            recreateSwapchain();
            return false;
        }
        if (r != VK_SUBOPTIMAL_KHR)
            VK_CHECK(r);
    }
    VK_CHECK(vkResetFences(d, 1, &f.fence));
    ensureTargets(uint32_t(frame.width), uint32_t(frame.height));
    if (drapeNeedsResize(drape_, frame)) { // the descriptor sets of frames in flight name the old images
        VK_CHECK(vkDeviceWaitIdle(d));
        resizeDrape(*device_, drape_, frame.drape->size);
        writeDescriptorSets();
    }
    if (readback && readback_.size < VkDeviceSize(frame.width) * frame.height * 4) {
        destroyBuffer(*device_, readback_);
        readback_ = createBuffer(*device_, VkDeviceSize(frame.width) * frame.height * 4, VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                 VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
    }

    FrameUniforms uniforms = makeFrameUniforms(frame);
    std::memcpy(f.uniforms.data, &uniforms, sizeof(uniforms));

    VK_CHECK(vkResetCommandPool(d, f.pool, 0));
    record(f, frame, ui, swapchain_.surface ? int(imageIndex) : -1, readback != nullptr);

    VkCommandBufferSubmitInfo cmdInfo{VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO};
    cmdInfo.commandBuffer = f.cmd;
    VkSemaphoreSubmitInfo wait{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    wait.semaphore = f.imageAcquired;
    wait.stageMask = VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT; // the swapchain image is first touched by the copy
    VkSemaphoreSubmitInfo signal{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    signal.stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    VkSubmitInfo2 submit{VK_STRUCTURE_TYPE_SUBMIT_INFO_2};
    submit.commandBufferInfoCount = 1;
    submit.pCommandBufferInfos = &cmdInfo;
    if (swapchain_.surface) {
        signal.semaphore = swapchain_.renderFinished[imageIndex];
        submit.waitSemaphoreInfoCount = 1;
        submit.pWaitSemaphoreInfos = &wait;
        submit.signalSemaphoreInfoCount = 1;
        submit.pSignalSemaphoreInfos = &signal;
    }
    VK_CHECK(vkQueueSubmit2(device_->queue, 1, &submit, f.fence));

    if (swapchain_.surface) {
        VkPresentInfoKHR present{VK_STRUCTURE_TYPE_PRESENT_INFO_KHR};
        present.waitSemaphoreCount = 1;
        present.pWaitSemaphores = &swapchain_.renderFinished[imageIndex];
        present.swapchainCount = 1;
        present.pSwapchains = &swapchain_.swapchain;
        present.pImageIndices = &imageIndex;
        VkResult r = vkQueuePresentKHR(device_->queue, &present);
        if (r == VK_ERROR_OUT_OF_DATE_KHR || r == VK_SUBOPTIMAL_KHR)
            swapchainStale_ = true;
        else
            VK_CHECK(r);
    }
    if (readback) {
        VK_CHECK(vkWaitForFences(d, 1, &f.fence, VK_TRUE, UINT64_MAX));
        readback->width = frame.width;
        readback->height = frame.height;
        const uint8_t* src = static_cast<const uint8_t*>(readback_.data);
        readback->pixels.assign(src, src + size_t(frame.width) * frame.height * 4);
    }
    frameIndex_ = (frameIndex_ + 1) % kFramesInFlight;
    return true;
}

void Renderer::record(FrameData& f, const FrameInput& frame, ImDrawData* ui, int swapchainImage, bool readback) {
    VkCommandBuffer cmd = f.cmd;
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    VK_CHECK(vkBeginCommandBuffer(cmd, &begin));
    prepareTerrain(*device_, scene_.terrain, cmd, frameIndex_, frame); // uploads and new meshes, outside rendering
    prepareMarks(*device_, marks_, frameIndex_, frame, depth_.view);
    prepareModels(*device_, models_, frameIndex_, frame);
    prepareLabels(*device_, labels_, frameIndex_, frame, depth_.view);
    prepareDrape(*device_, drape_, cmd, frameIndex_, frame); // before the terrain reads it

    // The previous frame's copy out of the colour image must finish before we clear it.
    imageBarrier(cmd, colour_.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                 VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT, VK_ACCESS_2_NONE,
                 VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT);
    imageBarrier(cmd, depth_.image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                 VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                 VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                 VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT,
                 VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                 VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT);

    VkRenderingAttachmentInfo colourAttachment{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    colourAttachment.imageView = colour_.view;
    colourAttachment.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    colourAttachment.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    colourAttachment.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    colourAttachment.clearValue.color = {{0, 0, 0, 1}};
    VkRenderingAttachmentInfo depthAttachment{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    depthAttachment.imageView = depth_.view;
    depthAttachment.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
    depthAttachment.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    depthAttachment.storeOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
    depthAttachment.clearValue.depthStencil = {0.0f, 0}; // reverse-Z: 0 is infinitely far
    VkRenderingInfo rendering{VK_STRUCTURE_TYPE_RENDERING_INFO};
    rendering.renderArea.extent = colour_.extent;
    rendering.layerCount = 1;
    rendering.colorAttachmentCount = 1;
    rendering.pColorAttachments = &colourAttachment;
    rendering.pDepthAttachment = &depthAttachment;
    vkCmdBeginRendering(cmd, &rendering);
    VkViewport viewport{0, 0, float(frame.width), float(frame.height), 0, 1};
    VkRect2D scissor{{0, 0}, colour_.extent};
    vkCmdSetViewport(cmd, 0, 1, &viewport);
    vkCmdSetScissor(cmd, 0, 1, &scissor);
    drawScene(cmd, scene_, f.set, frame);
    drawModels(cmd, models_, frameIndex_, f.set, frame);
    vkCmdEndRendering(cmd);

    if (!frame.lines.empty() || !frame.billboards.empty() || labels_.glyphCount) {
        // Marks read the finished depth: a second pass with depth read-only and also sampled.
        imageBarrier(cmd, depth_.image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                     VK_IMAGE_LAYOUT_DEPTH_READ_ONLY_OPTIMAL,
                     VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                     VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT,
                     VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT | VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT |
                         VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                     VK_ACCESS_2_SHADER_SAMPLED_READ_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT);
        colourAttachment.loadOp = VK_ATTACHMENT_LOAD_OP_LOAD;
        depthAttachment.loadOp = VK_ATTACHMENT_LOAD_OP_LOAD;
        depthAttachment.imageLayout = VK_IMAGE_LAYOUT_DEPTH_READ_ONLY_OPTIMAL;
        vkCmdBeginRendering(cmd, &rendering);
        vkCmdSetViewport(cmd, 0, 1, &viewport);
        vkCmdSetScissor(cmd, 0, 1, &scissor);
        drawMarks(cmd, marks_, frameIndex_, frame);
        drawLabels(cmd, labels_, frameIndex_, frame); // over the marks
        vkCmdEndRendering(cmd);
    }

    if (ui && imgui_.renderPass)
        drawImGui(cmd, imgui_, ui);

    imageBarrier(cmd, colour_.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                 VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                 VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT,
                 VK_ACCESS_2_TRANSFER_READ_BIT);

    if (swapchainImage >= 0) {
        VkImage target = swapchain_.images[swapchainImage];
        imageBarrier(cmd, target, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                     VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT, VK_ACCESS_2_NONE,
                     VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
        VkImageBlit blit{};
        blit.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
        blit.srcOffsets[1] = {int32_t(colour_.extent.width), int32_t(colour_.extent.height), 1};
        blit.dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
        blit.dstOffsets[1] = {int32_t(swapchain_.extent.width), int32_t(swapchain_.extent.height), 1};
        bool sameSize = colour_.extent.width == swapchain_.extent.width && colour_.extent.height == swapchain_.extent.height;
        vkCmdBlitImage(cmd, colour_.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, target,
                       VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &blit, sameSize ? VK_FILTER_NEAREST : VK_FILTER_LINEAR);
        imageBarrier(cmd, target, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                     VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT,
                     VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE);
    }
    if (readback) {
        VkBufferImageCopy region{};
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
        region.imageExtent = {colour_.extent.width, colour_.extent.height, 1};
        vkCmdCopyImageToBuffer(cmd, colour_.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, readback_.buffer, 1, &region);
        VkBufferMemoryBarrier2 toHost{VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER_2};
        toHost.srcStageMask = VK_PIPELINE_STAGE_2_COPY_BIT;
        toHost.srcAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT;
        toHost.dstStageMask = VK_PIPELINE_STAGE_2_HOST_BIT;
        toHost.dstAccessMask = VK_ACCESS_2_HOST_READ_BIT;
        toHost.srcQueueFamilyIndex = toHost.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
        toHost.buffer = readback_.buffer;
        toHost.size = VK_WHOLE_SIZE;
        VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
        dep.bufferMemoryBarrierCount = 1;
        dep.pBufferMemoryBarriers = &toHost;
        vkCmdPipelineBarrier2(cmd, &dep);
    }
    VK_CHECK(vkEndCommandBuffer(cmd));
}

} // namespace kresy
