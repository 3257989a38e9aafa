#pragma once
// The ground's painting (FrameInput::drape, scene/annotations.h): annotations' triangles drawn
// from above into two pictures, near (layer 0) and far (layer 1), that the terrain shader reads.
// A picture is redrawn only when its triangles or its window change.

#include "resources.h"
#include "scene/frame.h"

#include <array>
#include <glm/glm.hpp>

namespace kresy {

struct DrapePass {
    Image colour;   // R8G8B8A8_SRGB, 2 layers: premultiplied colour and opacity
    Image coverage; // R8G8_UNORM, 2 layers: arrows' and areas' coverage (outlines)
    // Drawn 4x multisampled, then resolved into a layer: edges fall between texels, so the
    // outlines the terrain shader finds at half coverage are straight, not stepped.
    // One pair per picture, kept between frames: a picture that changed only in part (an arrow
    // grew) is drawn again only there, over what its samples already hold.
    std::array<Image, 2> colourSamples, coverageSamples;
    int size = 0;
    bool cleared = false; // the images have left UNDEFINED (cleared and readable)
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VkPipeline pipeline = VK_NULL_HANDLE;
    std::array<std::array<Buffer, 2>, kFramesInFlight> vertices; // per frame, per picture
    std::array<uint64_t, 2> versions{}; // of the pictures drawn (DrapePicture::version)
};

bool createDrapePass(const Device& device, const std::string& shaderDir, DrapePass* pass, std::string* error);
void destroyDrapePass(const Device& device, DrapePass& pass);

// Whether the frame's pictures have another size than the images: then the caller waits for the
// GPU, calls resizeDrape and rewrites the descriptor sets that name the images.
bool drapeNeedsResize(const DrapePass& pass, const FrameInput& frame);
void resizeDrape(const Device& device, DrapePass& pass, int size);
// Outside rendering, before the terrain: draws the pictures whose version changed (in part,
// around a grown arrow, when the picture it changes is the one the images hold).
void prepareDrape(const Device& device, DrapePass& pass, VkCommandBuffer cmd, uint32_t frameIndex,
                  const FrameInput& frame);

// For the terrain shader: a picture's texture coordinates are relative.xy * zw + xy, with
// `relative` the ground point minus the eye (Frame.drapeNear and drapeFar in common.glsl).
glm::vec4 drapeTransform(const DrapeWindow& window, const glm::dvec3& eye);

} // namespace kresy
