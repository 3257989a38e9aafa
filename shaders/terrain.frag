#version 450
#include "common.glsl"

layout(set = 0, binding = 1) uniform sampler2DArray surfaces; // per tile: slopes east and north, height, land (terrain/surface.h)

layout(push_constant) uniform Node {
    vec3 centre;
    float morphStart;
    float morphEnd;
    int layer;
    int parentLayer;
} node;

layout(location = 0) in vec3 relative;
layout(location = 1) in vec2 surfaceUv;
layout(location = 2) in vec2 parentSurfaceUv;
layout(location = 3) in float morph;
layout(location = 4) in vec4 haze;
layout(location = 0) out vec4 colour;

// A land-like hypsometric tint for late-summer eastern Europe: green lowlands, fields,
// brown uplands, grey rock on the Carpathian ridges.
vec3 landTint(float h) {
    vec3 c = vec3(0.045, 0.085, 0.035);                                  // river valleys, marsh
    c = mix(c, vec3(0.080, 0.115, 0.045), smoothstep(90.0, 170.0, h));  // plains
    c = mix(c, vec3(0.150, 0.150, 0.065), smoothstep(170.0, 280.0, h)); // uplands: fields
    c = mix(c, vec3(0.190, 0.150, 0.085), smoothstep(280.0, 450.0, h)); // Roztocze, hills
    c = mix(c, vec3(0.140, 0.105, 0.070), smoothstep(600.0, 1100.0, h)); // forested mountains
    c = mix(c, vec3(0.230, 0.220, 0.200), smoothstep(1400.0, 2000.0, h)); // rock
    return c;
}

// Slopes are stored as 0.5 + 0.5 sign(s) sqrt(|s| / maxSlope), heights as sqrt(h / maxHeight)
// (terrain/surface.h).
const float kMaxSlope = 8.0;
const float kMaxHeight = 3000.0;

vec2 decodeSlopes(vec2 encoded) {
    vec2 e = encoded * 2.0 - 1.0;
    return e * abs(e) * kMaxSlope;
}

void main() {
    // The shading cross-fades from the parent's tile as the geometry morphs: no detail pops in.
    // (Most pixels are not morphing: one fetch, not two.)
    vec4 texel = morph <= 0.0 ? texture(surfaces, vec3(surfaceUv, node.layer))
               : morph >= 1.0 ? texture(surfaces, vec3(parentSurfaceUv, node.parentLayer))
               : mix(texture(surfaces, vec3(surfaceUv, node.layer)),
                     texture(surfaces, vec3(parentSurfaceUv, node.parentLayer)), morph);
    // The normal of z = e h(x, y) from the stored slopes, in this pixel's own east-north-up.
    vec3 centre = -frame.localUp.xyz * (frame.atmosphere.z + frame.localUp.w);
    vec3 up = normalize(relative - centre);
    vec3 east = normalize(cross(frame.terrain.yzw, up));
    vec3 north = cross(up, east);
    vec2 slope = decodeSlopes(texel.xy) * frame.terrain.x;
    vec3 n = normalize(up - slope.x * east - slope.y * north);
    float h = texel.z * texel.z * kMaxHeight;
    float water = 1.0 - texel.w; // filtered: shorelines are smooth

    vec3 sun = frame.sunDirection.xyz;
    float direct = max(dot(n, sun), 0.0);
    // Hemispheric sky light: faces turned away from the sky get less of it.
    float skyFacing = 0.5 + 0.5 * dot(n, up);
    vec3 light = sunColour() * direct * 1.6 * step(0.0, frame.sunDirection.w) + ambientLight(skyFacing);
    vec3 c = landTint(h) * light;

    if (water > 0.0) {
        // Water is level: lit as flat, with the sky reflected by Fresnel's law.
        float flatDirect = max(dot(up, sun), 0.0);
        vec3 flatLight = sunColour() * flatDirect * 1.6 * step(0.0, frame.sunDirection.w) + ambientLight(1.0);
        vec3 dir = normalize(relative);
        vec3 reflected = reflect(dir, up);
        float fresnel = 0.02 + 0.98 * pow(1.0 - max(dot(-dir, up), 0.0), 5.0);
        vec3 w = mix(vec3(0.03, 0.08, 0.14) * flatLight, skyColour(reflected), fresnel);
        c = mix(c, w, water);
    }
    c = mix(c, haze.rgb, haze.a);
    colour = vec4(encodeSrgb(c), 1.0);
}
