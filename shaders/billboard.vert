#version 450
#include "marks.glsl"

// Screen-facing symbols of constant pixel size (6 vertices per instance). The depth is the marked
// point's, so terrain in front of that point hides the symbol.
struct Mark {
    vec4 position; // xyz camera-relative, w opacity
    vec4 fill;
    vec4 uvRect;   // u0 v0 (top left) u1 v1
    vec4 size;     // xy size, zw offset of the centre, pixels (y up)
};
layout(std430, set = 0, binding = 2) readonly buffer Billboards { Mark instances[]; };
layout(set = 0, binding = 4) uniform sampler2D sceneDepth; // the terrain's, reverse-Z

layout(location = 0) out vec2 uv;
layout(location = 1) out vec4 fill;
layout(location = 2) out float opacity;

void main() {
    Mark m = instances[gl_InstanceIndex];
    const vec2 corners[6] = vec2[](vec2(0, 0), vec2(1, 0), vec2(1, 1), vec2(0, 0), vec2(1, 1), vec2(0, 1));
    vec2 corner = corners[gl_VertexIndex]; // y up
    vec4 clip = frame.viewProjection * vec4(m.position.xyz, 1.0);
    // The symbol shows whole when its point is in front of the terrain at that pixel (reverse-Z:
    // nearer is larger), and not at all when the terrain hides it.
    vec2 ndc = clip.xy / clip.w;
    vec2 pixel = (ndc * 0.5 + 0.5) * marks.viewport;
    bool onScreen = all(greaterThanEqual(pixel, vec2(0.0))) && all(lessThan(pixel, marks.viewport));
    bool hidden = onScreen && clip.z / clip.w < texelFetch(sceneDepth, ivec2(pixel), 0).r * 0.9995;
    if (clip.w <= 0.0 || hidden) {
        gl_Position = vec4(0, 0, -2, 1);
        return;
    }
    gl_Position = offsetPixels(clip, (corner - 0.5) * m.size.xy + m.size.zw);
    uv = vec2(mix(m.uvRect.x, m.uvRect.z, corner.x), mix(m.uvRect.w, m.uvRect.y, corner.y));
    fill = m.fill;
    opacity = m.position.w;
}
