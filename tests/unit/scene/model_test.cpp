// glTF loading: the shipped models, hand-written files that exercise the parts of glTF 2.0 a
// loader gets wrong (node transforms, strips, sparse accessors, missing normals, skins), and
// broken files, which must give one clear sentence and never crash.

#include "scene/model.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace kresy {
namespace {

std::string modelPath(const std::string& name) { return std::string(KRESY_DATA_DIR) + "/models/" + name; }

std::string tempPath(const std::string& name) {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / "kresy-model-test";
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

std::string writeFile(const std::string& name, const std::string& text) {
    std::string path = tempPath(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::string base64(const std::vector<uint8_t>& bytes) {
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < bytes.size(); i += 3) {
        uint32_t v = uint32_t(bytes[i]) << 16 | (i + 1 < bytes.size() ? uint32_t(bytes[i + 1]) << 8 : 0) |
                     (i + 2 < bytes.size() ? bytes[i + 2] : 0);
        out += table[v >> 18 & 63];
        out += table[v >> 12 & 63];
        out += i + 1 < bytes.size() ? table[v >> 6 & 63] : '=';
        out += i + 2 < bytes.size() ? table[v & 63] : '=';
    }
    return out;
}

template <typename T>
void append(std::vector<uint8_t>* bytes, std::initializer_list<T> values) {
    for (T v : values) {
        const auto* p = reinterpret_cast<const uint8_t*>(&v);
        bytes->insert(bytes->end(), p, p + sizeof v);
    }
}

// A glTF file with one buffer (given as a data URI) and the JSON parts given.
std::string gltf(const std::vector<uint8_t>& buffer, const std::string& parts) {
    return R"({"asset": {"version": "2.0"}, "buffers": [{"byteLength": )" + std::to_string(buffer.size()) +
           R"(, "uri": "data:application/octet-stream;base64,)" + base64(buffer) + "\"}], " + parts + "}";
}

// One triangle in glTF's frame: along +Z (its front) from z = 0 to 2, 1 m wide, in the y = 0 plane.
std::vector<uint8_t> triangleBuffer() {
    std::vector<uint8_t> b;
    append<float>(&b, {-0.5f, 0, 0, 0.5f, 0, 0, 0, 0, 2});
    return b;
}

const char* kTriangleParts =
    R"("bufferViews": [{"buffer": 0, "byteLength": 36}],
       "accessors": [{"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3"}],
       "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}]}],
       "nodes": [{"mesh": 0}], "scenes": [{"nodes": [0]}])";

TEST(Model, TheShippedModelsLoadStandingOnTheGroundFacingForward) {
    struct Expect {
        const char* file;
        double heading;
        float minLength, maxLength, minHeight, maxHeight; // metres
        size_t textures;
    };
    // Sizes from the files' own accessors: a 5 m truck, a 27 m wide aircraft, a 1.5 m man.
    const Expect expected[] = {{"CesiumMilkTruck.glb", 0, 4.5f, 5.5f, 2.0f, 3.5f, 1},
                               {"Cesium_Air.glb", 0, 18, 25, 3, 9, 2},
                               {"Cesium_Man.glb", 0, 0.2f, 1.0f, 1.3f, 1.8f, 1}};
    for (const Expect& e : expected) {
        SCOPED_TRACE(e.file);
        ModelData m;
        std::string error;
        ASSERT_TRUE(loadModel(modelPath(e.file), e.heading, &m, &error)) << error;
        EXPECT_EQ(m.name, e.file);
        EXPECT_FALSE(m.indices.empty());
        EXPECT_EQ(m.indices.size() % 3, 0u);
        EXPECT_EQ(m.textures.size(), e.textures);
        EXPECT_NEAR(m.boundsMin.z, 0, 1e-4);
        EXPECT_NEAR(m.boundsMin.x + m.boundsMax.x, 0, 1e-3);
        EXPECT_NEAR(m.boundsMin.y + m.boundsMax.y, 0, 1e-3);
        EXPECT_GE(m.boundsMax.z, e.minHeight);
        EXPECT_LE(m.boundsMax.z, e.maxHeight);
        float length = m.boundsMax.y - m.boundsMin.y;
        EXPECT_GE(length, e.minLength);
        EXPECT_LE(length, e.maxLength);
        for (uint32_t i : m.indices)
            ASSERT_LT(i, m.vertices.size());
        for (const ModelPrimitive& p : m.primitives) {
            ASSERT_LT(p.material, m.materials.size());
            ASSERT_LE(p.firstIndex + p.indexCount, m.indices.size());
        }
        for (const ModelTexture& t : m.textures) {
            ASSERT_FALSE(t.levels.empty());
            EXPECT_EQ(t.levels[0].size(), size_t(t.width) * t.height * 4);
            EXPECT_EQ(t.levels.back().size(), 4u); // down to 1x1
        }
    }
}

TEST(Model, TheTruckIsLongerThanWideAndTurnsWithItsHeading) {
    // The truck is made facing glTF's front (+Z), so it is long along y; turned by 90 degrees, along x.
    ModelData m;
    std::string error;
    ASSERT_TRUE(loadModel(modelPath("CesiumMilkTruck.glb"), 0, &m, &error)) << error;
    EXPECT_GT(m.boundsMax.y - m.boundsMin.y, 1.5f * (m.boundsMax.x - m.boundsMin.x));
    ASSERT_TRUE(loadModel(modelPath("CesiumMilkTruck.glb"), 90, &m, &error)) << error;
    EXPECT_GT(m.boundsMax.x - m.boundsMin.x, 1.5f * (m.boundsMax.y - m.boundsMin.y));
}

TEST(Model, TheManIsPosedByHisSkeletonInTheFirstFrameOfHisWalk) {
    // Cesium_Man's mesh is skinned, and his bind pose is a T with arms out (1.1 m across, 0.3 m
    // front to back). Posed by his joints as his walk's first frame has them he stands upright,
    // mid-stride, arms down.
    ModelData m;
    std::string error;
    ASSERT_TRUE(loadModel(modelPath("Cesium_Man.glb"), 0, &m, &error)) << error;
    const glm::vec3 size = m.boundsMax - m.boundsMin;
    EXPECT_GT(size.z, 1.35f);
    EXPECT_LT(size.z, 1.55f);
    EXPECT_LT(size.x, 0.9f) << "arms out: still the bind pose";
    EXPECT_GT(size.y, 0.5f) << "no stride: not the walk's pose";
}

TEST(Model, GltfFrontBecomesForwardAndUpBecomesUp) {
    ModelData m;
    std::string error;
    std::string path = writeFile("triangle.gltf", gltf(triangleBuffer(), kTriangleParts));
    ASSERT_TRUE(loadModel(path, 0, &m, &error)) << error;
    // glTF's +Z (2 m) is the model's y; the triangle lies flat, so no height.
    EXPECT_NEAR(m.boundsMax.y - m.boundsMin.y, 2, 1e-5);
    EXPECT_NEAR(m.boundsMax.x - m.boundsMin.x, 1, 1e-5);
    EXPECT_NEAR(m.boundsMax.z, 0, 1e-5);
    // Without normals every triangle is flat-shaded: its normal is perpendicular to it.
    ASSERT_EQ(m.vertices.size(), 3u);
    EXPECT_NEAR(std::abs(m.vertices[0].normal.z), 1, 1e-5);
    // The point at glTF z = 2 is the front: the largest y.
    float frontY = -1e9f;
    for (const ModelVertex& v : m.vertices)
        if (std::abs(v.position.x) < 1e-5f)
            frontY = v.position.y;
    EXPECT_NEAR(frontY, m.boundsMax.y, 1e-5);

    // Heading 90 turns the front to the right (x).
    ASSERT_TRUE(loadModel(path, 90, &m, &error)) << error;
    EXPECT_NEAR(m.boundsMax.x - m.boundsMin.x, 2, 1e-5);
    for (const ModelVertex& v : m.vertices) {
        if (std::abs(v.position.y) < 1e-5f) {
            EXPECT_NEAR(v.position.x, m.boundsMax.x, 1e-5);
        }
    }
}

TEST(Model, NodeTransformsAndTriangleStripsAndSparseAccessorsAreApplied) {
    // A quad as a strip of 4 vertices, its last vertex moved by a sparse accessor, under a node
    // scaled by 3 inside a node translated up by 10 (the translation is undone by standing the
    // model on the ground; the scale is not).
    std::vector<uint8_t> b;
    append<float>(&b, {0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 1}); // 48 bytes: 4 positions in the y = 0 plane
    append<uint16_t>(&b, {3, 0});                            // 4 bytes: sparse index 3 (and padding)
    append<float>(&b, {1, 0, 2});                            // 12 bytes: the new position of vertex 3
    std::string parts = R"("bufferViews": [{"buffer": 0, "byteLength": 48}, {"buffer": 0, "byteOffset": 48, "byteLength": 4},
                                            {"buffer": 0, "byteOffset": 52, "byteLength": 12}],
       "accessors": [{"bufferView": 0, "componentType": 5126, "count": 4, "type": "VEC3",
                      "sparse": {"count": 1, "indices": {"bufferView": 1, "componentType": 5123},
                                 "values": {"bufferView": 2}}}],
       "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "mode": 5}]}],
       "nodes": [{"translation": [0, 10, 0], "children": [1]}, {"scale": [3, 3, 3], "mesh": 0}],
       "scenes": [{"nodes": [0]}])";
    ModelData m;
    std::string error;
    ASSERT_TRUE(loadModel(writeFile("strip.gltf", gltf(b, parts)), 0, &m, &error)) << error;
    EXPECT_EQ(m.indices.size(), 6u); // two triangles
    EXPECT_NEAR(m.boundsMax.x - m.boundsMin.x, 3, 1e-5);
    EXPECT_NEAR(m.boundsMax.y - m.boundsMin.y, 6, 1e-5); // the sparse value: glTF z = 2, scaled by 3
    EXPECT_NEAR(m.boundsMin.z, 0, 1e-5);
}

TEST(Model, MaterialsKeepTheirBaseColourAndAlphaMode) {
    std::string parts = std::string(kTriangleParts);
    parts.replace(parts.find(R"({"attributes": {"POSITION": 0}})"), 31, R"({"attributes": {"POSITION": 0}, "material": 0})");
    parts += R"(, "materials": [{"pbrMetallicRoughness": {"baseColorFactor": [0.5, 0.25, 1, 0.75]},
                                 "emissiveFactor": [0, 0.5, 0], "alphaMode": "MASK", "alphaCutoff": 0.3}])";
    ModelData m;
    std::string error;
    ASSERT_TRUE(loadModel(writeFile("material.gltf", gltf(triangleBuffer(), parts)), 0, &m, &error)) << error;
    ASSERT_EQ(m.materials.size(), 1u);
    EXPECT_EQ(m.materials[0].baseColour, glm::vec4(0.5f, 0.25f, 1, 0.75f));
    EXPECT_EQ(m.materials[0].emissive, glm::vec3(0, 0.5f, 0));
    EXPECT_FLOAT_EQ(m.materials[0].alphaCutoff, 0.3f);
    EXPECT_EQ(m.materials[0].texture, -1);
}

TEST(Model, BrokenFilesGiveOneSentenceEach) {
    struct Case {
        const char* name;
        std::string text;
        const char* expected; // part of the message
    };
    std::vector<uint8_t> tri = triangleBuffer();
    auto replaced = [](std::string s, const std::string& from, const std::string& to) {
        s.replace(s.find(from), from.size(), to);
        return s;
    };
    const Case cases[] = {
        {"not-json.gltf", "{\"asset\": ", "not a valid glTF 2.0 file"},
        {"empty.gltf", "", "not a valid glTF 2.0 file"},
        {"version1.gltf", replaced(gltf(tri, kTriangleParts), "\"2.0\"", "\"1.0\""), "not a valid glTF 2.0 file"},
        {"no-triangles.gltf", R"({"asset": {"version": "2.0"}})", "has no triangles"},
        {"past-buffer.gltf", replaced(gltf(tri, kTriangleParts), "\"count\": 3", "\"count\": 300"), "past the end"},
        {"bad-index.gltf",
         replaced(gltf(tri, kTriangleParts), "\"meshes\": [{\"primitives\": [{\"attributes\": {\"POSITION\": 0}}]}]",
                  "\"meshes\": [{\"primitives\": [{\"attributes\": {\"POSITION\": 0}, \"indices\": 0}]}]"),
         "unsigned integer"},
        {"missing-mesh.gltf", replaced(gltf(tri, kTriangleParts), "\"mesh\": 0", "\"mesh\": 7"), "mesh 7"},
        {"cycle.gltf",
         replaced(gltf(tri, kTriangleParts), "\"nodes\": [{\"mesh\": 0}]", "\"nodes\": [{\"mesh\": 0, \"children\": [0]}]"),
         "deeper than 64"},
        {"extension.gltf",
         replaced(gltf(tri, kTriangleParts), "\"asset\"",
                  "\"extensionsUsed\": [\"KHR_draco_mesh_compression\"], \"extensionsRequired\": "
                  "[\"KHR_draco_mesh_compression\"], \"asset\""),
         "KHR_draco_mesh_compression"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        ModelData m;
        std::string error;
        std::string path = writeFile(c.name, c.text);
        EXPECT_FALSE(loadModel(path, 0, &m, &error));
        EXPECT_NE(error.find(c.expected), std::string::npos) << error;
        EXPECT_EQ(error.find('\n'), std::string::npos) << error;
        EXPECT_NE(error.find(c.name), std::string::npos) << error; // says which file
    }
    ModelData m;
    std::string error;
    EXPECT_FALSE(loadModel(tempPath("does-not-exist.glb"), 0, &m, &error));
    EXPECT_NE(error.find("cannot open"), std::string::npos) << error;
}

TEST(Model, EveryTruncationOfABinaryModelFailsCleanly) {
    std::ifstream in(modelPath("CesiumMilkTruck.glb"), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_GT(bytes.size(), 1000u);
    // Cuts through the header, the JSON chunk and the binary chunk.
    for (size_t cut : {size_t(3), size_t(12), size_t(20), size_t(200), size_t(2000), bytes.size() / 2, bytes.size() - 1}) {
        SCOPED_TRACE(cut);
        std::string path = writeFile("truncated.glb", bytes.substr(0, cut));
        ModelData m;
        std::string error;
        EXPECT_FALSE(loadModel(path, 0, &m, &error));
        EXPECT_FALSE(error.empty());
    }
}

TEST(Model, PlaceholderPointsForwardAndIsTinted) {
    std::shared_ptr<const ModelData> p = placeholderModel();
    ASSERT_TRUE(p->placeholder);
    ASSERT_EQ(p->materials.size(), 1u);
    EXPECT_TRUE(p->materials[0].tinted);
    // The tip is the only vertex at the front.
    int front = 0;
    for (const ModelVertex& v : p->vertices)
        front += v.position.y == p->boundsMax.y;
    EXPECT_GT(front, 0);
    for (const ModelVertex& v : p->vertices) {
        if (v.position.y == p->boundsMax.y) {
            EXPECT_EQ(v.position.x, 0);
        }
    }
}

TEST(Model, MipChainsAverageInLinearLight) {
    // A 2x2 of black and white halves to the grey that is half as bright, not sRGB 128.
    std::vector<uint8_t> rgba = {0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 255, 255};
    auto levels = buildMipChain(2, 2, rgba);
    ASSERT_EQ(levels.size(), 2u);
    EXPECT_EQ(levels[1].size(), 4u);
    EXPECT_NEAR(levels[1][0], 188, 1); // linear 0.5 in sRGB
    EXPECT_EQ(levels[1][3], 255);
    // Non-square, odd sizes reach 1x1.
    auto odd = buildMipChain(5, 3, std::vector<uint8_t>(5 * 3 * 4, 100));
    EXPECT_EQ(odd.size(), 3u); // 5x3, 2x1, 1x1
    EXPECT_EQ(odd.back()[0], 100);
}

} // namespace
} // namespace kresy
