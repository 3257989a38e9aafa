// Shared by the marks' shaders (lines and billboards): the frame's uniforms and the viewport.
#include "common.glsl"

layout(push_constant) uniform Marks {
    vec2 viewport; // pixels
} marks;

// A clip-space offset of `pixels` (y up on screen) at clip position `clip`.
vec4 offsetPixels(vec4 clip, vec2 pixels) {
    return clip + vec4(pixels * vec2(2.0, -2.0) / marks.viewport * clip.w, 0.0, 0.0);
}
