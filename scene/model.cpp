#include "model.h"

#include <tiny_gltf.h>

#include <glm/gtc/matrix_inverse.hpp>
#include <glm/gtc/quaternion.hpp>
#include <glm/gtc/type_ptr.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <tuple>

namespace kresy {
namespace {

constexpr int kMaxTextureSize = 1024; // a unit rarely covers more than a few hundred pixels
constexpr int kMaxNodeDepth = 64;

std::string fileName(const std::string& path) {
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// tinygltf's messages can run over several lines; a diagnostic is one.
std::string firstLine(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '.'))
        text.pop_back();
    size_t newline = text.find('\n');
    return newline == std::string::npos ? text : text.substr(0, newline);
}

// Reads accessors with every offset checked against the buffers: a corrupt file gives an
// error, never a read out of bounds.
class AccessorReader {
public:
    explicit AccessorReader(const tinygltf::Model& model) : model_(model) {}

    // Element i's first `components` components as floats (normalised integers scaled to
    // [0, 1] or [-1, 1], as glTF says).
    bool read(int index, int components, std::vector<float>* out, std::string* error) const {
        if (index < 0 || size_t(index) >= model_.accessors.size())
            return fail(error, "accessor " + std::to_string(index) + " does not exist");
        const tinygltf::Accessor& a = model_.accessors[size_t(index)];
        const int available = tinygltf::GetNumComponentsInType(uint32_t(a.type));
        const int size = tinygltf::GetComponentSizeInBytes(uint32_t(a.componentType));
        if (available <= 0 || size <= 0 || a.type == TINYGLTF_TYPE_MAT2 || a.type == TINYGLTF_TYPE_MAT3)
            return fail(error, "accessor " + std::to_string(index) + " has a type kresy cannot read");
        if (available < components && !(components == 4 && available == 3))
            return fail(error, "accessor " + std::to_string(index) + " has " + std::to_string(available) +
                                   " components, " + std::to_string(components) + " expected");
        out->assign(a.count * size_t(components), components == 4 ? 1.0f : 0.0f);
        const int used = std::min(components, available);
        if (a.bufferView >= 0) {
            const uint8_t* base = nullptr;
            size_t stride = 0;
            if (!locate(a.bufferView, a.byteOffset, a.count, size_t(size * available), &base, &stride, error))
                return fail(error, "accessor " + std::to_string(index) + ": " + *error);
            for (size_t i = 0; i < a.count; ++i)
                for (int c = 0; c < used; ++c)
                    (*out)[i * size_t(components) + size_t(c)] = component(base + i * stride + size_t(c * size), a);
        }
        if (a.sparse.isSparse && !readSparse(a, components, used, out, error))
            return fail(error, "accessor " + std::to_string(index) + " (sparse): " + *error);
        return true;
    }

    bool readIndices(int index, std::vector<uint32_t>* out, std::string* error) const {
        std::vector<float> values;
        if (index >= 0 && size_t(index) < model_.accessors.size()) {
            const tinygltf::Accessor& a = model_.accessors[size_t(index)];
            if (a.type != TINYGLTF_TYPE_SCALAR ||
                (a.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE &&
                 a.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT &&
                 a.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT))
                return fail(error, "index accessor " + std::to_string(index) + " is not of unsigned integer scalars");
        }
        if (!read(index, 1, &values, error))
            return false;
        out->resize(values.size());
        for (size_t i = 0; i < values.size(); ++i)
            (*out)[i] = uint32_t(values[i]);
        // Floats hold integers exactly only up to 2^24: read 32-bit indices again as integers.
        const tinygltf::Accessor& a = model_.accessors[size_t(index)];
        if (a.componentType == TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT && a.bufferView >= 0 && !a.sparse.isSparse) {
            const uint8_t* base = nullptr;
            size_t stride = 0;
            locate(a.bufferView, a.byteOffset, a.count, 4, &base, &stride, error);
            for (size_t i = 0; i < a.count; ++i)
                std::memcpy(&(*out)[i], base + i * stride, 4);
        }
        return true;
    }

private:
    static bool fail(std::string* error, std::string message) {
        *error = std::move(message);
        return false;
    }

    // The first element's bytes and the stride of a run of `count` elements of `elementSize` bytes.
    // `packed` ignores the view's stride (sparse data is always tightly packed).
    bool locate(int view, size_t offset, size_t count, size_t elementSize, const uint8_t** base, size_t* stride,
                std::string* error, bool packed = false) const {
        if (view < 0 || size_t(view) >= model_.bufferViews.size())
            return fail(error, "buffer view " + std::to_string(view) + " does not exist");
        const tinygltf::BufferView& v = model_.bufferViews[size_t(view)];
        if (v.buffer < 0 || size_t(v.buffer) >= model_.buffers.size())
            return fail(error, "buffer " + std::to_string(v.buffer) + " does not exist");
        const std::vector<unsigned char>& data = model_.buffers[size_t(v.buffer)].data;
        if (v.byteOffset > data.size() || v.byteLength > data.size() - v.byteOffset)
            return fail(error, "buffer view " + std::to_string(view) + " reaches past the end of its buffer");
        *stride = v.byteStride && !packed ? v.byteStride : elementSize;
        if (count > 0 && (offset > v.byteLength || elementSize > v.byteLength - offset ||
                          (count - 1) > (v.byteLength - offset - elementSize) / *stride))
            return fail(error, "the data reaches past the end of buffer view " + std::to_string(view));
        *base = data.data() + v.byteOffset + offset;
        return true;
    }

    static float component(const uint8_t* p, const tinygltf::Accessor& a) {
        auto get = [&](auto value) {
            std::memcpy(&value, p, sizeof value);
            return value;
        };
        switch (a.componentType) {
        case TINYGLTF_COMPONENT_TYPE_FLOAT: return get(float{});
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return a.normalized ? get(uint8_t{}) / 255.0f : get(uint8_t{});
        case TINYGLTF_COMPONENT_TYPE_BYTE:
            return a.normalized ? std::max(get(int8_t{}) / 127.0f, -1.0f) : float(get(int8_t{}));
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT:
            return a.normalized ? get(uint16_t{}) / 65535.0f : float(get(uint16_t{}));
        case TINYGLTF_COMPONENT_TYPE_SHORT:
            return a.normalized ? std::max(get(int16_t{}) / 32767.0f, -1.0f) : float(get(int16_t{}));
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: return float(get(uint32_t{}));
        case TINYGLTF_COMPONENT_TYPE_INT: return float(get(int32_t{}));
        case TINYGLTF_COMPONENT_TYPE_DOUBLE: return float(get(double{}));
        default: return 0;
        }
    }

    bool readSparse(const tinygltf::Accessor& a, int components, int used, std::vector<float>* out,
                    std::string* error) const {
        if (a.sparse.count < 0 || size_t(a.sparse.count) > a.count)
            return fail(error, "more sparse values than elements");
        const size_t count = size_t(a.sparse.count);
        tinygltf::Accessor indices;
        indices.componentType = a.sparse.indices.componentType;
        indices.normalized = false;
        const int indexSize = tinygltf::GetComponentSizeInBytes(uint32_t(indices.componentType));
        const int size = tinygltf::GetComponentSizeInBytes(uint32_t(a.componentType));
        const int available = tinygltf::GetNumComponentsInType(uint32_t(a.type));
        if (indexSize <= 0 || a.sparse.indices.byteOffset < 0 || a.sparse.values.byteOffset < 0)
            return fail(error, "bad sparse indices");
        const uint8_t *indexBase = nullptr, *valueBase = nullptr;
        size_t indexStride = 0, valueStride = 0;
        if (!locate(a.sparse.indices.bufferView, size_t(a.sparse.indices.byteOffset), count, size_t(indexSize),
                    &indexBase, &indexStride, error, true) ||
            !locate(a.sparse.values.bufferView, size_t(a.sparse.values.byteOffset), count, size_t(size * available),
                    &valueBase, &valueStride, error, true))
            return false;
        for (size_t i = 0; i < count; ++i) {
            const size_t target = size_t(component(indexBase + i * indexStride, indices));
            if (target >= a.count)
                return fail(error, "a sparse index is out of range");
            for (int c = 0; c < used; ++c)
                (*out)[target * size_t(components) + size_t(c)] = component(valueBase + i * valueStride + size_t(c * size), a);
        }
        return true;
    }

    const tinygltf::Model& model_;
};

glm::dmat4 localTransform(const tinygltf::Node& node) {
    if (node.matrix.size() == 16)
        return glm::make_mat4(node.matrix.data());
    glm::dmat4 m(1);
    if (node.translation.size() == 3)
        m = glm::translate(m, glm::make_vec3(node.translation.data()));
    if (node.rotation.size() == 4)
        m *= glm::mat4_cast(glm::dquat(node.rotation[3], node.rotation[0], node.rotation[1], node.rotation[2]));
    if (node.scale.size() == 3)
        m = glm::scale(m, glm::make_vec3(node.scale.data()));
    return m;
}

uint32_t packColour(glm::vec4 c) {
    c = glm::clamp(c, 0.0f, 1.0f) * 255.0f + 0.5f;
    return uint32_t(c.r) | uint32_t(c.g) << 8 | uint32_t(c.b) << 16 | uint32_t(c.a) << 24;
}

// The triangles of a primitive as indices into its vertices, whatever its mode.
bool triangleIndices(const AccessorReader& reader, const tinygltf::Primitive& p, size_t vertexCount,
                     std::vector<uint32_t>* out, std::string* error) {
    std::vector<uint32_t> raw;
    if (p.indices >= 0) {
        if (!reader.readIndices(p.indices, &raw, error))
            return false;
    } else {
        raw.resize(vertexCount);
        for (size_t i = 0; i < vertexCount; ++i)
            raw[i] = uint32_t(i);
    }
    for (uint32_t i : raw)
        if (i >= vertexCount) {
            *error = "an index (" + std::to_string(i) + ") is past the last vertex (" + std::to_string(vertexCount) + ")";
            return false;
        }
    out->clear();
    if (p.mode == TINYGLTF_MODE_TRIANGLES || p.mode == -1) {
        out->assign(raw.begin(), raw.begin() + ptrdiff_t(raw.size() / 3 * 3));
    } else if (p.mode == TINYGLTF_MODE_TRIANGLE_STRIP) {
        for (size_t i = 2; i < raw.size(); ++i) {
            bool even = i % 2 == 0;
            out->insert(out->end(), {raw[i - 2], raw[even ? i - 1 : i], raw[even ? i : i - 1]});
        }
    } else if (p.mode == TINYGLTF_MODE_TRIANGLE_FAN) {
        for (size_t i = 2; i < raw.size(); ++i)
            out->insert(out->end(), {raw[0], raw[i - 1], raw[i]});
    }
    return true; // points and lines have no triangles: skipped
}

struct Flattener {
    const tinygltf::Model& model;
    AccessorReader reader;
    std::vector<glm::dmat4> global; // every node's transform in the scene
    std::vector<int> materialOf;    // glTF material -> ModelData material
    ModelData* out;
    std::string* error;

    int materialFor(int gltfMaterial) {
        if (gltfMaterial < 0 || size_t(gltfMaterial) >= model.materials.size())
            gltfMaterial = -1;
        int& slot = materialOf[size_t(gltfMaterial + 1)];
        if (slot < 0) {
            ModelMaterial m;
            if (gltfMaterial >= 0) {
                const tinygltf::Material& g = model.materials[size_t(gltfMaterial)];
                const std::vector<double>& f = g.pbrMetallicRoughness.baseColorFactor;
                if (f.size() == 4)
                    m.baseColour = glm::vec4(float(f[0]), float(f[1]), float(f[2]), float(f[3]));
                if (g.emissiveFactor.size() == 3)
                    m.emissive = glm::vec3(float(g.emissiveFactor[0]), float(g.emissiveFactor[1]), float(g.emissiveFactor[2]));
                const int texture = g.pbrMetallicRoughness.baseColorTexture.index;
                if (texture >= 0 && size_t(texture) < model.textures.size())
                    m.texture = texture;
                // Blending would need sorting; cutting at a low alpha keeps glass and foliage visible.
                if (g.alphaMode == "MASK")
                    m.alphaCutoff = float(g.alphaCutoff);
                else if (g.alphaMode == "BLEND")
                    m.alphaCutoff = 0.1f;
            }
            slot = int(out->materials.size());
            out->materials.push_back(m);
        }
        return slot;
    }

    bool addPrimitive(const tinygltf::Primitive& p, int nodeIndex, const tinygltf::Node& node) {
        auto attribute = [&](const char* name) {
            auto it = p.attributes.find(name);
            return it == p.attributes.end() ? -1 : it->second;
        };
        if (p.mode >= 0 && p.mode < TINYGLTF_MODE_TRIANGLES)
            return true;
        std::vector<float> positions, normals, uvs, colours;
        if (attribute("POSITION") < 0) {
            *error = "a triangle primitive has no POSITION attribute";
            return false;
        }
        if (!reader.read(attribute("POSITION"), 3, &positions, error))
            return false;
        const size_t n = positions.size() / 3;
        const int normalAccessor = attribute("NORMAL");
        if (normalAccessor >= 0 && !reader.read(normalAccessor, 3, &normals, error))
            return false;
        int texCoord = 0;
        if (p.material >= 0 && size_t(p.material) < model.materials.size())
            texCoord = model.materials[size_t(p.material)].pbrMetallicRoughness.baseColorTexture.texCoord;
        const int uvAccessor = attribute(("TEXCOORD_" + std::to_string(texCoord)).c_str());
        if (uvAccessor >= 0 && !reader.read(uvAccessor, 2, &uvs, error))
            return false;
        const int colourAccessor = attribute("COLOR_0");
        if (colourAccessor >= 0 && !reader.read(colourAccessor, 4, &colours, error))
            return false;
        if ((!normals.empty() && normals.size() / 3 != n) || (!uvs.empty() && uvs.size() / 2 != n) ||
            (!colours.empty() && colours.size() / 4 != n)) {
            *error = "a primitive's attributes have different counts";
            return false;
        }

        const glm::dmat4& nodeTransform = global[size_t(nodeIndex)];
        std::vector<glm::dmat4> vertexTransform;
        if (!skinTransforms(p, node, nodeTransform, n, &vertexTransform))
            return false;

        std::vector<uint32_t> triangles;
        if (!triangleIndices(reader, p, n, &triangles, error))
            return false;
        if (triangles.empty())
            return true;

        // Without normals glTF asks for flat shading: every triangle gets its own vertices.
        const bool flat = normals.empty();
        const uint32_t base = uint32_t(out->vertices.size());
        auto makeVertex = [&](uint32_t i) {
            const glm::dmat4& m = vertexTransform.empty() ? nodeTransform : vertexTransform[i];
            ModelVertex v;
            v.position = glm::vec3(m * glm::dvec4(positions[3 * i], positions[3 * i + 1], positions[3 * i + 2], 1));
            if (!flat) {
                glm::dvec3 nrm = glm::inverseTranspose(glm::dmat3(m)) *
                                 glm::dvec3(normals[3 * i], normals[3 * i + 1], normals[3 * i + 2]);
                double len = glm::length(nrm);
                v.normal = len > 0 ? glm::vec3(nrm / len) : glm::vec3(0, 1, 0);
            }
            if (!uvs.empty())
                v.uv = glm::vec2(uvs[2 * i], uvs[2 * i + 1]);
            if (!colours.empty())
                v.colour = packColour(glm::vec4(colours[4 * i], colours[4 * i + 1], colours[4 * i + 2], colours[4 * i + 3]));
            return v;
        };
        ModelPrimitive primitive;
        primitive.firstIndex = uint32_t(out->indices.size());
        primitive.material = uint32_t(materialFor(p.material));
        if (flat) {
            for (size_t t = 0; t + 2 < triangles.size(); t += 3) {
                ModelVertex v[3] = {makeVertex(triangles[t]), makeVertex(triangles[t + 1]), makeVertex(triangles[t + 2])};
                glm::vec3 normal = glm::cross(v[1].position - v[0].position, v[2].position - v[0].position);
                float len = glm::length(normal);
                for (ModelVertex& vertex : v) {
                    vertex.normal = len > 0 ? normal / len : glm::vec3(0, 1, 0);
                    out->indices.push_back(uint32_t(out->vertices.size()));
                    out->vertices.push_back(vertex);
                }
            }
        } else {
            for (uint32_t i = 0; i < n; ++i)
                out->vertices.push_back(makeVertex(i));
            for (uint32_t i : triangles)
                out->indices.push_back(base + i);
        }
        primitive.indexCount = uint32_t(out->indices.size()) - primitive.firstIndex;
        out->primitives.push_back(primitive);
        return true;
    }

    // A skinned primitive's per-vertex transforms in the skeleton's rest pose (the nodes'
    // transforms as the file gives them); empty for a rigid one.
    bool skinTransforms(const tinygltf::Primitive& p, const tinygltf::Node& node, const glm::dmat4& nodeTransform,
                        size_t n, std::vector<glm::dmat4>* transforms) {
        auto joints = p.attributes.find("JOINTS_0"), weights = p.attributes.find("WEIGHTS_0");
        if (node.skin < 0 || size_t(node.skin) >= model.skins.size() || joints == p.attributes.end() ||
            weights == p.attributes.end())
            return true;
        const tinygltf::Skin& skin = model.skins[size_t(node.skin)];
        std::vector<float> inverseBind, jointValues, weightValues;
        if (skin.inverseBindMatrices >= 0 && !reader.read(skin.inverseBindMatrices, 16, &inverseBind, error))
            return false;
        if (!reader.read(joints->second, 4, &jointValues, error) || !reader.read(weights->second, 4, &weightValues, error))
            return false;
        if (jointValues.size() != n * 4 || weightValues.size() != n * 4 ||
            (!inverseBind.empty() && inverseBind.size() < skin.joints.size() * 16)) {
            *error = "a skin's joints, weights or inverse bind matrices do not match its mesh";
            return false;
        }
        std::vector<glm::dmat4> jointMatrices(skin.joints.size());
        for (size_t j = 0; j < skin.joints.size(); ++j) {
            const int jointNode = skin.joints[j];
            if (jointNode < 0 || size_t(jointNode) >= global.size()) {
                *error = "a skin names a joint node that does not exist";
                return false;
            }
            glm::dmat4 bind(1);
            if (!inverseBind.empty())
                bind = glm::dmat4(glm::make_mat4(inverseBind.data() + 16 * j));
            jointMatrices[j] = global[size_t(jointNode)] * bind;
        }
        transforms->assign(n, glm::dmat4(0));
        for (size_t i = 0; i < n; ++i) {
            double total = 0;
            for (int k = 0; k < 4; ++k) {
                const size_t joint = size_t(jointValues[4 * i + size_t(k)]);
                const double w = weightValues[4 * i + size_t(k)];
                if (w == 0)
                    continue;
                if (joint >= jointMatrices.size()) {
                    *error = "a vertex names joint " + std::to_string(joint) + " of a skin with " +
                             std::to_string(jointMatrices.size());
                    return false;
                }
                (*transforms)[i] += w * jointMatrices[joint];
                total += w;
            }
            (*transforms)[i] = total > 0 ? (*transforms)[i] / total : nodeTransform;
        }
        return true;
    }

    bool visit(int index, const glm::dmat4& parent, int depth) {
        if (index < 0 || size_t(index) >= model.nodes.size() || depth > kMaxNodeDepth) {
            *error = depth > kMaxNodeDepth ? "the node hierarchy is deeper than 64 (a cycle?)"
                                           : "node " + std::to_string(index) + " does not exist";
            return false;
        }
        const tinygltf::Node& node = model.nodes[size_t(index)];
        global[size_t(index)] = parent * localTransform(node);
        for (int child : node.children)
            if (!visit(child, global[size_t(index)], depth + 1))
                return false;
        return true;
    }

    bool addMeshes(int index) {
        const tinygltf::Node& node = model.nodes[size_t(index)];
        if (node.mesh >= 0) {
            if (size_t(node.mesh) >= model.meshes.size()) {
                *error = "node " + std::to_string(index) + " names mesh " + std::to_string(node.mesh) + ", which does not exist";
                return false;
            }
            for (const tinygltf::Primitive& p : model.meshes[size_t(node.mesh)].primitives)
                if (!addPrimitive(p, index, node)) {
                    *error = "mesh " + std::to_string(node.mesh) + ": " + *error;
                    return false;
                }
        }
        for (int child : node.children)
            if (!addMeshes(child))
                return false;
        return true;
    }
};

// Poses the nodes as the first animation's first frame shows them: a skinned figure then stands
// as its animator posed it rather than in its bind pose (Cesium_Man's arms-out T), and the
// model is drawn at rest. Channels that cannot be read are left alone.
void poseFirstFrame(tinygltf::Model& model) {
    if (model.animations.empty())
        return;
    const AccessorReader reader(model);
    const tinygltf::Animation& animation = model.animations[0];
    for (const tinygltf::AnimationChannel& channel : animation.channels) {
        if (channel.target_node < 0 || size_t(channel.target_node) >= model.nodes.size() || channel.sampler < 0 ||
            size_t(channel.sampler) >= animation.samplers.size())
            continue;
        tinygltf::Node& node = model.nodes[size_t(channel.target_node)];
        if (node.matrix.size() == 16)
            continue; // glTF animates only nodes given by translation, rotation and scale
        const tinygltf::AnimationSampler& sampler = animation.samplers[size_t(channel.sampler)];
        const int components = channel.target_path == "rotation" ? 4 : 3;
        std::vector<float> values;
        std::string ignored;
        if ((channel.target_path != "translation" && channel.target_path != "rotation" && channel.target_path != "scale") ||
            !reader.read(sampler.output, components, &values, &ignored))
            continue;
        // A cubic spline keyframe is (in-tangent, value, out-tangent).
        const size_t first = sampler.interpolation == "CUBICSPLINE" ? size_t(components) : 0;
        if (values.size() < first + size_t(components))
            continue;
        std::vector<double> value(values.begin() + ptrdiff_t(first), values.begin() + ptrdiff_t(first + size_t(components)));
        if (channel.target_path == "translation")
            node.translation = value;
        else if (channel.target_path == "rotation")
            node.rotation = value;
        else
            node.scale = value;
    }
}

// The root nodes to draw: the default scene's, or every node nobody parents when there is no scene.
std::vector<int> sceneRoots(const tinygltf::Model& model) {
    if (!model.scenes.empty()) {
        size_t scene = model.defaultScene >= 0 && size_t(model.defaultScene) < model.scenes.size()
                           ? size_t(model.defaultScene) : 0;
        return model.scenes[scene].nodes;
    }
    std::vector<bool> child(model.nodes.size());
    for (const tinygltf::Node& n : model.nodes)
        for (int c : n.children)
            if (c >= 0 && size_t(c) < child.size())
                child[size_t(c)] = true;
    std::vector<int> roots;
    for (size_t i = 0; i < child.size(); ++i)
        if (!child[i])
            roots.push_back(int(i));
    return roots;
}

float srgbToLinear(uint8_t v) {
    float c = v / 255.0f;
    return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}

uint8_t linearToSrgb(float c) {
    c = std::clamp(c, 0.0f, 1.0f);
    float s = c <= 0.0031308f ? c * 12.92f : 1.055f * std::pow(c, 1 / 2.4f) - 0.055f;
    return uint8_t(s * 255.0f + 0.5f);
}

TextureWrap wrapOf(int mode) {
    return mode == TINYGLTF_TEXTURE_WRAP_CLAMP_TO_EDGE     ? TextureWrap::ClampToEdge
           : mode == TINYGLTF_TEXTURE_WRAP_MIRRORED_REPEAT ? TextureWrap::MirroredRepeat
                                                           : TextureWrap::Repeat;
}

bool convertTexture(const tinygltf::Model& model, const tinygltf::Texture& t, ModelTexture* out, std::string* error) {
    if (t.source < 0 || size_t(t.source) >= model.images.size()) {
        *error = "a texture names image " + std::to_string(t.source) + ", which does not exist";
        return false;
    }
    const tinygltf::Image& image = model.images[size_t(t.source)];
    const int bytes = image.bits == 16 ? 2 : 1;
    if (image.width <= 0 || image.height <= 0 || image.component < 1 || image.component > 4 ||
        image.image.size() < size_t(image.width) * size_t(image.height) * size_t(image.component * bytes)) {
        *error = "image " + std::to_string(t.source) + " could not be decoded";
        return false;
    }
    std::vector<uint8_t> rgba(size_t(image.width) * size_t(image.height) * 4);
    for (size_t i = 0; i < size_t(image.width) * size_t(image.height); ++i) {
        uint8_t c[4] = {0, 0, 0, 255};
        for (int k = 0; k < image.component; ++k)
            c[k] = image.image[(i * size_t(image.component) + size_t(k)) * size_t(bytes) + size_t(bytes - 1)]; // high byte
        if (image.component <= 2) { // grey, grey + alpha
            c[3] = image.component == 2 ? c[1] : 255;
            c[1] = c[2] = c[0];
        }
        std::memcpy(&rgba[4 * i], c, 4);
    }
    std::vector<std::vector<uint8_t>> levels = buildMipChain(image.width, image.height, std::move(rgba));
    int w = image.width, h = image.height;
    size_t skip = 0;
    while ((w > kMaxTextureSize || h > kMaxTextureSize) && skip + 1 < levels.size()) {
        w = std::max(1, w / 2);
        h = std::max(1, h / 2);
        ++skip;
    }
    out->levels.assign(std::make_move_iterator(levels.begin() + ptrdiff_t(skip)), std::make_move_iterator(levels.end()));
    out->width = w;
    out->height = h;
    if (t.sampler >= 0 && size_t(t.sampler) < model.samplers.size()) {
        out->wrapU = wrapOf(model.samplers[size_t(t.sampler)].wrapS);
        out->wrapV = wrapOf(model.samplers[size_t(t.sampler)].wrapT);
    }
    return true;
}

// glTF's frame (+Y up, +Z front, +X left) to the model's (x right, y front, z up), turned
// clockwise by `headingDeg`, and moved to stand on the origin.
void normalise(ModelData* m, double headingDeg) {
    const double h = glm::radians(headingDeg);
    const glm::dmat3 turn(std::cos(h), -std::sin(h), 0, std::sin(h), std::cos(h), 0, 0, 0, 1); // clockwise seen from above
    const glm::dmat3 axes(-1, 0, 0, 0, 0, 1, 0, 1, 0); // columns: where glTF's x, y, z go
    const glm::mat3 r = glm::mat3(turn * axes);
    glm::vec3 lo(std::numeric_limits<float>::max()), hi(-std::numeric_limits<float>::max());
    for (ModelVertex& v : m->vertices) {
        v.position = r * v.position;
        v.normal = r * v.normal;
        lo = glm::min(lo, v.position);
        hi = glm::max(hi, v.position);
    }
    const glm::vec3 shift(-(lo.x + hi.x) / 2, -(lo.y + hi.y) / 2, -lo.z);
    for (ModelVertex& v : m->vertices)
        v.position += shift;
    m->boundsMin = lo + shift;
    m->boundsMax = hi + shift;
}

bool isBinaryGltf(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in.gcount() == 4 && std::memcmp(magic, "glTF", 4) == 0;
}

} // namespace

std::vector<std::vector<uint8_t>> buildMipChain(int width, int height, std::vector<uint8_t> rgba) {
    std::vector<std::vector<uint8_t>> levels;
    levels.push_back(std::move(rgba));
    float linear[256];
    for (int i = 0; i < 256; ++i)
        linear[i] = srgbToLinear(uint8_t(i));
    int w = width, h = height;
    while (w > 1 || h > 1) {
        const int nw = std::max(1, w / 2), nh = std::max(1, h / 2);
        const std::vector<uint8_t>& src = levels.back();
        std::vector<uint8_t> dst(size_t(nw) * size_t(nh) * 4);
        for (int y = 0; y < nh; ++y)
            for (int x = 0; x < nw; ++x) {
                // The 2x2 block (or 1x2 / 2x1 where a side is already 1); odd sizes drop the last row or column.
                const int x0 = std::min(2 * x, w - 1), x1 = std::min(2 * x + 1, w - 1);
                const int y0 = std::min(2 * y, h - 1), y1 = std::min(2 * y + 1, h - 1);
                const size_t texels[4] = {size_t(y0 * w + x0), size_t(y0 * w + x1), size_t(y1 * w + x0), size_t(y1 * w + x1)};
                for (int c = 0; c < 4; ++c) {
                    float sum = 0;
                    for (size_t t : texels)
                        sum += c < 3 ? linear[src[4 * t + size_t(c)]] : src[4 * t + 3] / 255.0f;
                    sum /= 4;
                    dst[(size_t(y) * size_t(nw) + size_t(x)) * 4 + size_t(c)] =
                        c < 3 ? linearToSrgb(sum) : uint8_t(sum * 255.0f + 0.5f);
                }
            }
        levels.push_back(std::move(dst));
        w = nw;
        h = nh;
    }
    return levels;
}

bool loadModel(const std::string& path, double headingDeg, ModelData* out, std::string* error) {
    {
        std::ifstream probe(path, std::ios::binary);
        if (!probe) {
            *error = path + ": cannot open the file";
            return false;
        }
    }
    tinygltf::TinyGLTF loader;
    tinygltf::Model model;
    std::string err, warn;
    const bool loaded = isBinaryGltf(path) ? loader.LoadBinaryFromFile(&model, &err, &warn, path)
                                           : loader.LoadASCIIFromFile(&model, &err, &warn, path);
    if (!loaded) {
        *error = path + ": not a valid glTF 2.0 file: " + (err.empty() ? std::string("unreadable") : firstLine(err));
        return false;
    }
    if (model.asset.version.rfind("2.", 0) != 0) {
        *error = path + ": not a valid glTF 2.0 file: its asset.version is \"" + model.asset.version + "\"";
        return false;
    }
    for (const std::string& extension : model.extensionsRequired) {
        *error = path + ": needs the glTF extension " + extension + ", which kresy does not support";
        return false;
    }
    poseFirstFrame(model);
    ModelData data;
    data.name = fileName(path);
    Flattener f{model, AccessorReader(model), std::vector<glm::dmat4>(model.nodes.size(), glm::dmat4(1)),
                std::vector<int>(model.materials.size() + 1, -1), &data, error};
    const std::vector<int> roots = sceneRoots(model);
    for (int root : roots)
        if (!f.visit(root, glm::dmat4(1), 0)) {
            *error = path + ": " + *error;
            return false;
        }
    for (int root : roots)
        if (!f.addMeshes(root)) {
            *error = path + ": " + *error;
            return false;
        }
    if (data.indices.empty()) {
        *error = path + ": has no triangles to draw";
        return false;
    }
    for (const ModelVertex& v : data.vertices)
        if (!std::isfinite(v.position.x) || !std::isfinite(v.position.y) || !std::isfinite(v.position.z)) {
            *error = path + ": has a vertex position that is not a finite number";
            return false;
        }
    // Textures the materials use, renumbered in order of use; textures that show the same image
    // the same way (the truck's two materials) share one.
    std::map<std::tuple<int, int, int>, int> textureOf;
    for (ModelMaterial& m : data.materials) {
        if (m.texture < 0)
            continue;
        const tinygltf::Texture& t = model.textures[size_t(m.texture)];
        const tinygltf::Sampler* s = t.sampler >= 0 && size_t(t.sampler) < model.samplers.size()
                                         ? &model.samplers[size_t(t.sampler)] : nullptr;
        auto [it, added] = textureOf.try_emplace({t.source, s ? s->wrapS : 0, s ? s->wrapT : 0}, int(data.textures.size()));
        if (added) {
            ModelTexture texture;
            if (!convertTexture(model, t, &texture, error)) {
                *error = path + ": " + *error;
                return false;
            }
            data.textures.push_back(std::move(texture));
        }
        m.texture = it->second;
    }
    normalise(&data, headingDeg);
    *out = std::move(data);
    return true;
}

std::shared_ptr<const ModelData> placeholderModel() {
    static const std::shared_ptr<const ModelData> model = [] {
        auto m = std::make_shared<ModelData>();
        m->name = "placeholder";
        m->placeholder = true;
        ModelMaterial material;
        material.tinted = true;
        m->materials.push_back(material);
        // A flat arrowhead with a raised spine: tip forward, 8 m long, 5 m wide, 2 m tall.
        const glm::vec3 tip(0, 4, 0.3f), left(-2.5f, -4, 0.3f), right(2.5f, -4, 0.3f), notch(0, -2.5f, 0.3f),
            top(0, -1, 2), base(0, 0, 0);
        const glm::vec3 faces[][3] = {
            {tip, left, top}, {tip, top, right}, {left, notch, top}, {notch, right, top}, // upper
            {tip, base, left}, {tip, right, base}, {left, base, notch}, {notch, base, right}, // lower
        };
        for (const auto& f : faces) {
            glm::vec3 n = glm::normalize(glm::cross(f[1] - f[0], f[2] - f[0]));
            for (const glm::vec3& p : f) {
                m->indices.push_back(uint32_t(m->vertices.size()));
                m->vertices.push_back({p, n, glm::vec2(0), 0xffffffff});
            }
        }
        m->primitives.push_back({0, uint32_t(m->indices.size()), 0});
        m->boundsMin = glm::vec3(-2.5f, -4, 0);
        m->boundsMax = glm::vec3(2.5f, 4, 2);
        return std::shared_ptr<const ModelData>(std::move(m));
    }();
    return model;
}

} // namespace kresy
