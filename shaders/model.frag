#version 450
#include "common.glsl"

layout(set = 2, binding = 0) uniform sampler2D baseColourTexture; // sRGB, white when the material has none

layout(push_constant) uniform Material {
    vec4 baseColour;  // linear
    vec4 emissive;    // rgb linear, a alpha cutoff (< 0: opaque)
    vec4 flags;       // x 1 when the instance's tint replaces the base colour
} material;

layout(location = 0) in vec3 relative;
layout(location = 1) in vec3 worldNormal;
layout(location = 2) in vec2 texCoord;
layout(location = 3) in vec4 vertexColour;
layout(location = 4) in vec3 tint;
layout(location = 0) out vec4 colour;

void main() {
    vec4 base = material.baseColour * vertexColour * texture(baseColourTexture, texCoord);
    if (material.flags.x > 0.5)
        base.rgb = tint;
    if (base.a < material.emissive.a)
        discard;
    vec3 dir = normalize(relative);
    // Models are drawn without culling (some are made inside out or open): light whichever side we see.
    vec3 n = normalize(worldNormal);
    if (dot(n, dir) > 0.0)
        n = -n;
    vec3 centre = -frame.localUp.xyz * (frame.atmosphere.z + frame.localUp.w);
    vec3 up = normalize(relative - centre);
    vec3 sun = frame.sunDirection.xyz;
    float direct = max(dot(n, sun), 0.0);
    float skyFacing = 0.5 + 0.5 * dot(n, up);
    // The terrain's light (shaders/terrain.frag), scaled for the brighter albedos models are
    // painted with: a white face in full sun comes out just below white.
    vec3 light = sunColour() * direct * 0.75 * step(0.0, frame.sunDirection.w) +
                 ambientLight(skyFacing) * (0.35 / 0.45);
    vec3 c = base.rgb * light + material.emissive.rgb;
    float distance = length(relative);
    c = mix(c, hazeColour(dir), hazeAmount(dir, distance));
    colour = vec4(encodeSrgb(c), 1.0);
}
