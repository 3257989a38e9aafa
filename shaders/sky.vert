#version 450
#include "common.glsl"

// The sky changes slowly across the screen except at the planet's edge and the sun's disc, so
// it is evaluated on a 24 x 24 grid of vertices (lavapipe pays for every pixel) and the fragment
// shader only picks sky or ground per pixel and adds the sun. The grid lies at depth 0: with
// reverse-Z that is infinitely far, so it only lands where no terrain was drawn.
const int kCells = 24;

layout(location = 0) out vec3 viewDir;   // camera-relative direction of the pixel's ray
layout(location = 1) out vec3 skyLight;  // linear sky colour along it
layout(location = 2) out vec3 groundLight; // linear colour of the distant planet along it (where rays meet it)

void main() {
    const ivec2 corner[6] = ivec2[](ivec2(0, 0), ivec2(1, 0), ivec2(0, 1), ivec2(1, 0), ivec2(1, 1), ivec2(0, 1));
    int cell = gl_VertexIndex / 6;
    ivec2 g = ivec2(cell % kCells, cell / kCells) + corner[gl_VertexIndex % 6];
    vec2 ndc = vec2(g) / float(kCells) * 2.0 - 1.0;
    gl_Position = vec4(ndc, 0.0, 1.0);

    vec4 far = frame.inverseViewProjection * vec4(ndc, 0.5, 1.0);
    vec3 dir = normalize(far.xyz / far.w);
    viewDir = dir;
    skyLight = skyColour(dir);

    // Rays that meet the planet outside the loaded terrain see distant, hazy land; near the
    // planet's edge the ray is extended to the tangent point so the colour is defined on both sides.
    float R = frame.atmosphere.z;
    vec3 centre = -frame.localUp.xyz * (R + frame.localUp.w);
    float b = max(dot(dir, centre), 0.0);
    float distance = b - sqrt(max(b * b - (dot(centre, centre) - R * R), 0.0));
    vec3 n = normalize(dir * distance - centre);
    float light = max(dot(n, frame.sunDirection.xyz), 0.0) * 1.6 + 0.3;
    vec3 land = vec3(0.07, 0.09, 0.05) * light * sunColour();
    groundLight = mix(land, hazeColour(dir), hazeAmount(dir, distance));
}
