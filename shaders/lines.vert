#version 450
#include "marks.glsl"

// Segments of constant pixel width, expanded into quads here (6 vertices per instance).
struct Segment {
    vec4 from; // xyz camera-relative, w width in pixels
    vec4 to;
    vec4 fromColour, toColour;
    vec4 dash; // x pixels along the pattern at `from`, y period (0: solid), z the part drawn
};
layout(std430, set = 0, binding = 1) readonly buffer Segments { Segment segments[]; };

layout(location = 0) out vec4 colour;
layout(location = 1) out float across; // -1..1 over the width, for antialiasing
layout(location = 2) out float halfWidth;
layout(location = 3) out vec3 dash; // pixels along the pattern, period, part drawn

void main() {
    Segment s = segments[gl_InstanceIndex];
    const vec2 corners[6] = vec2[](vec2(0, -1), vec2(1, -1), vec2(1, 1), vec2(0, -1), vec2(1, 1), vec2(0, 1));
    vec2 corner = corners[gl_VertexIndex];
    vec4 a = frame.viewProjection * vec4(s.from.xyz, 1.0);
    vec4 b = frame.viewProjection * vec4(s.to.xyz, 1.0);
    // Clip the segment to the near side of the eye, so one end behind the camera does not flip it.
    const float nearW = 1e-3;
    if (a.w < nearW && b.w < nearW) {
        gl_Position = vec4(0, 0, -2, 1); // outside the clip volume
        return;
    }
    if (a.w < nearW)
        a = mix(a, b, (nearW - a.w) / (b.w - a.w));
    if (b.w < nearW)
        b = mix(b, a, (nearW - b.w) / (a.w - b.w));
    vec2 sa = a.xy / a.w * marks.viewport, sb = b.xy / b.w * marks.viewport;
    vec2 dir = sb - sa;
    dir = length(dir) > 1e-4 ? normalize(dir) : vec2(1, 0);
    vec2 normal = vec2(-dir.y, dir.x) * vec2(1, -1); // screen y is up in offsetPixels
    halfWidth = 0.5 * s.from.w + 0.5; // half a pixel more for the antialiased edge
    vec4 p = corner.x < 0.5 ? a : b;
    gl_Position = offsetPixels(p, normal * corner.y * halfWidth);
    colour = corner.x < 0.5 ? s.fromColour : s.toColour;
    across = corner.y;
    // sa and sb are in half pixels (clip -1..1 spans the viewport twice over).
    dash = vec3(s.dash.x + (corner.x < 0.5 ? 0.0 : 0.5 * length(sb - sa)), s.dash.yz);
}
