#version 450

// A glyph from its signed distance field: the fill over a halo (outline), each edge antialiased
// over one screen pixel, premultiplied.
layout(set = 0, binding = 2) uniform sampler2D atlas; // R: distance field

layout(push_constant) uniform Text {
    vec2 viewport;
    vec2 atlasSize;
    float edge;
    float texelsPerUnit;
    float spreadTexels;
} text;

layout(location = 0) in vec2 uv;
layout(location = 1) flat in vec4 colour;
layout(location = 2) flat in vec4 halo;
layout(location = 3) flat in float haloPixels;
layout(location = 0) out vec4 result;

void main() {
    // Atlas texels per screen pixel, from the screen-space derivative of the texture coordinate.
    vec2 texels = fwidth(uv) * text.atlasSize;
    float texelsPerPixel = max(0.5 * (texels.x + texels.y), 1e-4);
    // Signed distance to the outline in screen pixels, positive inside.
    float distance = (texture(atlas, uv).r - text.edge) * text.texelsPerUnit / texelsPerPixel;
    // The halo cannot reach past the field (it would show the quad's edge).
    float haloWidth = min(max(text.spreadTexels / texelsPerPixel - 0.5, 0.0), haloPixels);
    float fill = clamp(distance + 0.5, 0.0, 1.0) * colour.a;
    float outline = clamp(distance + haloWidth + 0.5, 0.0, 1.0) * halo.a * step(0.01, haloPixels);
    result = vec4(colour.rgb * fill + halo.rgb * outline * (1.0 - fill), fill + outline * (1.0 - fill));
}
