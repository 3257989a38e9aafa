#version 450

layout(location = 0) in vec4 colour;
layout(location = 1) in vec2 coverage;
layout(location = 0) out vec4 outColour;
layout(location = 1) out vec2 outCoverage;

void main() {
    outColour = colour;
    outCoverage = coverage;
}
