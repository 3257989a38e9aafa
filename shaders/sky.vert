#version 450

layout(location = 0) out vec2 ndc;

// One triangle covering the screen, at depth 0: with reverse-Z that is infinitely far, so
// the sky only lands where no terrain was drawn.
void main() {
    vec2 p = vec2((gl_VertexIndex << 1) & 2, gl_VertexIndex & 2);
    ndc = p * 2.0 - 1.0;
    gl_Position = vec4(ndc, 0.0, 1.0);
}
