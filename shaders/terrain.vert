#version 450
#include "common.glsl"

layout(location = 0) in vec3 position; // relative to the mesh origin
layout(location = 1) in vec2 uv;

layout(location = 0) out vec3 relative; // to the eye
layout(location = 1) out vec2 surfaceUv;
layout(location = 2) out vec4 haze;     // rgb haze colour, a its amount

// Haze varies slowly across the view, so it is evaluated per vertex: the sky model is the most
// expensive part of the shading, and lavapipe pays for every pixel.
void main() {
    relative = position + frame.meshOffset.xyz;
    surfaceUv = uv;
    float distance = length(relative);
    vec3 dir = relative / distance;
    haze = vec4(hazeColour(dir), hazeAmount(dir, distance));
    gl_Position = frame.viewProjection * vec4(relative, 1.0);
}
