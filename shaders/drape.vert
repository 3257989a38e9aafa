#version 450

// Annotations' triangles seen from straight above: the window of the scene's east-north plane
// (push constants) fills the picture.
layout(push_constant) uniform Window {
    vec2 origin;    // the window's south-west corner minus `relativeTo`, metres
    vec2 invSize;   // 1 / the window's width and height
    vec2 relativeTo; // subtracted from positions first (keeps floats small)
} window;

layout(location = 0) in vec2 position;
layout(location = 1) in vec4 colour;
layout(location = 2) in vec2 coverage;

layout(location = 0) out vec4 outColour;
layout(location = 1) out vec2 outCoverage;

vec3 decodeSrgb(vec3 c) { return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c)); }

void main() {
    vec2 uv = (position - window.relativeTo - window.origin) * window.invSize;
    gl_Position = vec4(uv * 2.0 - 1.0, 0.0, 1.0);
    // Premultiplied, linear: the picture's format encodes sRGB itself.
    outColour = vec4(decodeSrgb(colour.rgb) * colour.a, colour.a);
    outCoverage = coverage;
}
