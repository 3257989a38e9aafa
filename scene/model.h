#pragma once
// glTF 2.0 models for units, loaded with tinygltf into one plain mesh per file: every triangle
// primitive of the default scene, flattened with its node transforms (skinned meshes posed by
// their skeleton's rest transforms) into the model's own frame: x right, y forward, z up, in
// metres, standing on z = 0 and centred on the origin. Materials keep the base colour (factor,
// texture, vertex colours), emission and alpha mode; textures are decoded to RGBA8 with their
// mip chains. The renderer uploads a ModelData once and draws it instanced.

#include <glm/glm.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kresy {

struct ModelVertex {
    glm::vec3 position{0};
    glm::vec3 normal{0, 0, 1};
    glm::vec2 uv{0};
    uint32_t colour = 0xffffffff; // linear RGBA8 (r in the low byte): COLOR_0, white when absent
};

enum class TextureWrap : uint8_t { Repeat, MirroredRepeat, ClampToEdge };

struct ModelTexture {
    int width = 0, height = 0; // of level 0
    std::vector<std::vector<uint8_t>> levels; // sRGB-encoded RGBA8, each half the size of the one before, down to 1x1
    TextureWrap wrapU = TextureWrap::Repeat, wrapV = TextureWrap::Repeat;
};

struct ModelMaterial {
    glm::vec4 baseColour{1};   // linear, multiplies the texture and the vertex colour
    glm::vec3 emissive{0};     // linear
    int texture = -1;          // base colour texture (index into ModelData::textures), -1 for none
    float alphaCutoff = -1;    // fragments with less alpha are discarded; < 0: opaque
    bool tinted = false;       // the instance's tint replaces the base colour (the placeholder)
};

struct ModelPrimitive {
    uint32_t firstIndex = 0, indexCount = 0;
    uint32_t material = 0;
};

struct ModelData {
    std::string name; // the file's name, for messages
    std::vector<ModelVertex> vertices;
    std::vector<uint32_t> indices;           // triangles
    std::vector<ModelPrimitive> primitives;  // index ranges sharing a material
    std::vector<ModelMaterial> materials;
    std::vector<ModelTexture> textures;
    glm::vec3 boundsMin{0}, boundsMax{0};
    bool placeholder = false;
};

// Loads a .glb or .gltf file (told apart by its first bytes, not its name). glTF's front (+Z)
// becomes y; `headingDeg` turns the model clockwise on top of that, for models made facing
// another way. Textures larger than 1024 texels are downsampled. False
// with one sentence in *error (what is wrong, where in the file) for a file that is missing,
// not glTF 2.0, corrupt, needs an extension kresy lacks, or has no triangles.
bool loadModel(const std::string& path, double headingDeg, ModelData* out, std::string* error);

// Drawn where a unit's model could not be loaded: an arrowhead 8 m long pointing forward, in
// the instance's tint.
std::shared_ptr<const ModelData> placeholderModel();

// The mip chain of an sRGB RGBA8 image (levels[0] is the image itself), averaged in linear light.
std::vector<std::vector<uint8_t>> buildMipChain(int width, int height, std::vector<uint8_t> rgba);

} // namespace kresy
