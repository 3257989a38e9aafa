#version 450

layout(set = 0, binding = 3) uniform sampler2D atlas; // R fill, G line, B halo coverage

layout(location = 0) in vec2 uv;
layout(location = 1) in vec4 fill;
layout(location = 2) in float opacity;
layout(location = 0) out vec4 colour;

void main() {
    vec3 t = texture(atlas, uv).rgb;
    // Halo, then the side's fill, then dark lines, each over the last (premultiplied).
    vec4 c = vec4(vec3(0.96, 0.95, 0.90), 1.0) * t.b * 0.85;
    c = mix(c, vec4(fill.rgb, 1.0), t.r);
    c = mix(c, vec4(0.06, 0.06, 0.07, 1.0), t.g);
    colour = c * opacity;
}
