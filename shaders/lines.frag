#version 450

layout(location = 0) in vec4 colour;
layout(location = 1) in float across;
layout(location = 2) in float halfWidth;
layout(location = 3) in vec3 dash;
layout(location = 0) out vec4 outColour;

void main() {
    // Coverage falls off over the last pixel on each side.
    float coverage = clamp((1.0 - abs(across)) * halfWidth, 0.0, 1.0);
    if (dash.y > 0.0) { // within the drawn part of the period, its ends antialiased over a pixel
        float u = mod(dash.x, dash.y);
        coverage *= clamp(min(u + 0.5, dash.y * dash.z - u + 0.5), 0.0, 1.0);
    }
    float a = colour.a * coverage;
    outColour = vec4(colour.rgb * a, a); // premultiplied
}
