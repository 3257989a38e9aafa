#version 450
#include "common.glsl"

layout(set = 0, binding = 1) uniform sampler2DArray surfaces; // per tile: slopes east and north, height, land (terrain/surface.h)
// The ground's painting (renderer/drape_pass.h): layer 0 near the camera, 1 everything.
layout(set = 0, binding = 2) uniform sampler2DArray drapeColour;   // premultiplied linear colour, opacity
layout(set = 0, binding = 3) uniform sampler2DArray drapeCoverage; // arrows', areas' coverage

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

// The annotations painted on the ground under this pixel over `c`, lit by `light`. Edges are
// where a shape's coverage crosses one half; the coverage's change per pixel turns that into a
// distance in pixels, so edges stay sharp and outlines keep their width at any distance.
vec3 paintGround(vec3 c, vec3 light, vec3 up, float h) {
    vec3 ground = relative - up * (h * frame.terrain.x); // the point on the ellipsoid below
    vec2 uvNear = ground.xy * frame.drapeNear.zw + frame.drapeNear.xy;
    vec2 uvFar = ground.xy * frame.drapeFar.zw + frame.drapeFar.xy;
    float toFar = smoothstep(0.46, 0.49, max(abs(uvNear.x - 0.5), abs(uvNear.y - 0.5)));
    // Only the pictures this pixel needs: most pixels lie well inside one of them (high up the
    // near picture is empty and all of them use the far one). The pictures have one level, so
    // textureLod reads what texture would, and may sit in a branch.
    vec4 paint = vec4(0.0);
    vec2 cover = vec2(0.0);
    if (toFar < 1.0) {
        paint = textureLod(drapeColour, vec3(uvNear, 0.0), 0.0) * (1.0 - toFar);
        cover = textureLod(drapeCoverage, vec3(uvNear, 0.0), 0.0).xy * (1.0 - toFar);
    }
    if (toFar > 0.0) {
        paint += textureLod(drapeColour, vec3(uvFar, 1.0), 0.0) * toFar;
        cover += textureLod(drapeCoverage, vec3(uvFar, 1.0), 0.0).xy * toFar;
    }

    float covered = max(cover.x, cover.y);
    float inside = clamp((covered - 0.5) / max(fwidth(covered), 1e-5) + 0.5, 0.0, 1.0);
    vec3 tint = paint.rgb / max(paint.a, 1e-4);
    float opacity = min(paint.a / max(covered, 1e-3), 1.0);
    vec3 lit = tint * light * 0.85;
    c = mix(c, lit, opacity * inside);

    vec2 pixels = abs(cover - 0.5) / max(fwidth(cover), vec2(1e-5));
    float halfWidth = 0.5 * frame.drape.y;
    vec2 rims = 1.0 - smoothstep(vec2(halfWidth - 0.5), vec2(halfWidth + 0.5), pixels);
    float rim = max(rims.x, rims.y * 0.8) * step(1e-3, paint.a);
    return mix(c, lit * 0.2, rim);
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
    float water = (1.0 - texel.w) * frame.drape.z; // filtered: shorelines are smooth

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
    if (frame.drape.x > 0.0)
        c = paintGround(c, light, up, h);
    c = mix(c, haze.rgb, haze.a);
    colour = vec4(encodeSrgb(c), 1.0);
}
