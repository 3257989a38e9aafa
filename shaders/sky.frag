#version 450
#include "common.glsl"

layout(location = 0) in vec2 ndc;
layout(location = 0) out vec4 colour;

void main() {
    if (frame.atmosphere.w > 0.5) { // debugging: nothing drawn here
        colour = vec4(1.0, 0.0, 1.0, 1.0);
        return;
    }
    vec4 far = frame.inverseViewProjection * vec4(ndc, 0.5, 1.0);
    vec3 dir = normalize(far.xyz / far.w);
    vec3 c = skyColour(dir);

    // Rays that meet the planet outside the loaded terrain see distant, hazy land.
    float R = frame.atmosphere.z;
    vec3 centre = -frame.localUp.xyz * (R + frame.localUp.w);
    float b = dot(dir, centre); // distance along the ray to the point nearest the centre
    float disc = b * b - (dot(centre, centre) - R * R);
    if (disc > 0.0 && b > 0.0) {
        float distance = b - sqrt(disc);
        vec3 n = normalize(dir * distance - centre);
        float light = max(dot(n, frame.sunDirection.xyz), 0.0) * 1.6 + 0.3;
        vec3 land = vec3(0.07, 0.09, 0.05) * light * sunColour();
        c = mix(land, hazeColour(dir), hazeAmount(dir, distance));
    }
    colour = vec4(encodeSrgb(c), 1.0);
}
