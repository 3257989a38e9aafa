#version 450
#include "common.glsl"

layout(location = 0) in vec3 viewDir;
layout(location = 1) in vec3 skyLight;
layout(location = 2) in vec3 groundLight;
layout(location = 0) out vec4 colour;

void main() {
    if (frame.atmosphere.w > 0.5) { // debugging: nothing drawn here
        colour = vec4(1.0, 0.0, 1.0, 1.0);
        return;
    }
    vec3 dir = normalize(viewDir);
    // Per pixel only what is sharp: whether the ray meets the planet, and the sun's disc.
    float R = frame.atmosphere.z;
    vec3 centre = -frame.localUp.xyz * (R + frame.localUp.w);
    float b = dot(dir, centre);
    bool ground = b > 0.0 && b * b - (dot(centre, centre) - R * R) > 0.0;
    vec3 c = ground ? groundLight : skyLight;
    float sunAmount = dot(dir, frame.sunDirection.xyz);
    if (!ground && sunAmount > 0.999)
        c += sunColour() * 8.0 * pow(sunAmount, 8000.0) * mix(0.08, 1.0, daylight());
    colour = vec4(encodeSrgb(c), 1.0);
}
