#version 450
#include "common.glsl"

// Glyph quads of labels (6 vertices per glyph), placed in pixels from where the label's anchor
// projects, over everything. A label that hides behind the terrain tests its anchor against the
// scene's depth, as the symbols do (billboard.vert): the whole label shows or none of it.
struct Glyph {
    vec4 anchor; // xyz camera-relative, w opacity
    vec4 rect;   // x0 y0 x1 y1: pixels from the anchor's point, y down
    vec4 uvRect; // u0 v0 (top left) u1 v1
    vec4 colour;
    vec4 halo;
    vec4 params; // x halo width in pixels, y 1 to hide behind the terrain
};
layout(std430, set = 0, binding = 1) readonly buffer Glyphs { Glyph glyphs[]; };
layout(set = 0, binding = 3) uniform sampler2D sceneDepth; // reverse-Z

layout(push_constant) uniform Text {
    vec2 viewport;  // pixels
    vec2 atlasSize; // texels
    float edge;          // the atlas's value on the outline
    float texelsPerUnit; // atlas texels per unit of value
    float spreadTexels;  // how far the field reaches
} text;

layout(location = 0) out vec2 uv;
layout(location = 1) flat out vec4 colour;
layout(location = 2) flat out vec4 halo;
layout(location = 3) flat out float haloPixels;

void main() {
    Glyph g = glyphs[gl_InstanceIndex];
    const vec2 corners[6] = vec2[](vec2(0, 0), vec2(1, 0), vec2(1, 1), vec2(0, 0), vec2(1, 1), vec2(0, 1));
    vec2 corner = corners[gl_VertexIndex]; // y down
    vec4 clip = frame.viewProjection * vec4(g.anchor.xyz, 1.0);
    vec2 ndc = clip.xy / clip.w;
    vec2 pixel = (ndc * 0.5 + 0.5) * text.viewport;
    bool onScreen = all(greaterThanEqual(pixel, vec2(0.0))) && all(lessThan(pixel, text.viewport));
    bool hidden = g.params.y > 0.5 && onScreen && clip.z / clip.w < texelFetch(sceneDepth, ivec2(pixel), 0).r * 0.9995;
    if (clip.w <= 0.0 || hidden || g.anchor.w <= 0.0) {
        gl_Position = vec4(0, 0, -2, 1);
        return;
    }
    vec2 offset = mix(g.rect.xy, g.rect.zw, corner);
    gl_Position = vec4(ndc + offset * 2.0 / text.viewport, 0.0, 1.0);
    uv = mix(g.uvRect.xy, g.uvRect.zw, corner);
    colour = g.colour * vec4(1, 1, 1, g.anchor.w);
    halo = g.halo * vec4(1, 1, 1, g.anchor.w);
    haloPixels = g.params.x;
}
