#version 450
#include "common.glsl"

// Units' glTF models, instanced: each instance places, turns and scales the model on the ground.
struct Instance {
    vec4 right;    // xyz the model's x axis in scene ENU, scaled
    vec4 forward;  // y
    vec4 up;       // z
    vec4 position; // xyz camera-relative position of the model's origin
    vec4 tint;     // linear rgb, for tinted materials (the placeholder)
};
layout(std430, set = 1, binding = 0) readonly buffer Instances { Instance instances[]; };

layout(location = 0) in vec3 position;
layout(location = 1) in vec3 normal;
layout(location = 2) in vec2 uv;
layout(location = 3) in vec4 colour;

layout(location = 0) out vec3 relative;
layout(location = 1) out vec3 worldNormal;
layout(location = 2) out vec2 texCoord;
layout(location = 3) out vec4 vertexColour;
layout(location = 4) out vec3 tint;

void main() {
    Instance m = instances[gl_InstanceIndex];
    mat3 basis = mat3(m.right.xyz, m.forward.xyz, m.up.xyz);
    relative = m.position.xyz + basis * position;
    // The basis is a rotation times a uniform scale: it turns normals as it turns positions.
    worldNormal = basis * normal;
    texCoord = uv;
    vertexColour = colour;
    tint = m.tint.rgb;
    gl_Position = frame.viewProjection * vec4(relative, 1.0);
}
