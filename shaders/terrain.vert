#version 450
#include "common.glsl"

// One LOD node: positions relative to its centre, each with its place on the parent's surface.
layout(push_constant) uniform Node {
    vec3 centre;      // node centre minus the eye, metres
    float morphStart; // eye distances over which a vertex slides to the parent's surface
    float morphEnd;
    int layer;        // the data tile's surface in the array
    int parentLayer;
} node;

layout(location = 0) in vec3 position;
layout(location = 1) in vec3 morphed;
layout(location = 2) in vec2 uv;
layout(location = 3) in vec2 parentUv;

layout(location = 0) out vec3 relative; // to the eye
layout(location = 1) out vec2 surfaceUv;
layout(location = 2) out vec2 parentSurfaceUv;
layout(location = 3) out float morph;
layout(location = 4) out vec4 haze; // rgb haze colour, a its amount

void main() {
    // CDLOD: the morph follows each vertex's own distance, so neighbours agree on shared edges.
    float d = length(position + node.centre);
    morph = clamp((d - node.morphStart) / max(node.morphEnd - node.morphStart, 1e-3), 0.0, 1.0);
    relative = mix(position, morphed, morph) + node.centre;
    surfaceUv = uv;
    parentSurfaceUv = parentUv;
    // Haze varies slowly across the view, so it is evaluated per vertex: the sky model is the most
    // expensive part of the shading, and lavapipe pays for every pixel.
    float distance = length(relative);
    vec3 dir = relative / distance;
    haze = vec4(hazeColour(dir), hazeAmount(dir, distance));
    gl_Position = frame.viewProjection * vec4(relative, 1.0);
}
