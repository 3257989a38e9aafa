#pragma once
// The flat shapes of annotations, in metres on a plane (the scene frame's east-north plane):
// a war-map arrow along a path and a filled polygon, both as triangle lists. The triangles of
// one shape may overlap (an arrow's body at a bend): the drape pass writes each shape's colour
// without blending, so overlaps draw the same pixels once.

#include <glm/glm.hpp>

#include <vector>

namespace kresy {

// The path with each corner cut by Chaikin's scheme `iterations` times (each replaces a corner
// by two points at 1/4 and 3/4 of its segments); the ends stay where they are. A hand-drawn
// arrow's sweep from a few points.
std::vector<glm::dvec2> smoothPath(const std::vector<glm::dvec2>& path, int iterations);

double pathLength(const std::vector<glm::dvec2>& path);

// The first `length` metres of the path (all of it when longer; its first point alone when 0).
std::vector<glm::dvec2> pathPrefix(const std::vector<glm::dvec2>& path, double length);

struct ArrowShape {
    double width = 10000;      // the body's at the neck, metres
    double tailWidth = 0.55;   // the body's width at the tail, times `width`
    double headWidth = 2.2;    // the head's base, times `width`
    double headLength = 1.8;   // times `width`; on a short path the whole arrow shrinks to fit
};

// Appends the arrow's triangles (three points each) to *out: a body tapering from the tail to
// the neck along the path, its bends filled, and a head whose tip is the path's last point.
// Nothing for a path shorter than a metre. `fullLength` (when longer than the path) is the
// length of the whole arrow this path is the growing start of: the body's width at a point
// depends only on its distance from the tail, so growing changes nothing behind the head.
void appendArrowTriangles(const std::vector<glm::dvec2>& path, const ArrowShape& shape, std::vector<glm::dvec2>* out,
                          double fullLength = 0);

// Triangulates a simple polygon (either winding, not repeating its first point) by ear clipping
// and appends the triangles to *out. Repeated and collinear points are allowed. Returns false
// when it runs out of ears (a self-intersecting ring, mostly): the triangles found so far are
// kept and the rest is filled as a fan, so something is always drawn.
bool appendPolygonTriangles(const std::vector<glm::dvec2>& ring, std::vector<glm::dvec2>* out);

// An axis-aligned rectangle on the plane.
struct PlaneRect {
    glm::dvec2 min{0}, max{0};
    bool operator==(const PlaneRect&) const = default;
};

// Where a picture of the plane can differ between two triangle lists (three points each, later
// ones over earlier ones): the picture covers `window` with `size` texels across, cut into
// blocks of `block` texels; a block is changed where a triangle one list has and the other lacks
// reaches into it, unless it lies inside a triangle of each list. Returns the changed blocks
// merged into rectangles (whole texels, within the window; empty when the lists draw the same),
// so that a growing arrow whose head is far wider than the picture is painted again only along
// its edges.
std::vector<PlaneRect> changedBlocks(const std::vector<glm::dvec2>& before, const std::vector<glm::dvec2>& after,
                                     const PlaneRect& window, int size, int block);

// Twice the signed area (counter-clockwise positive).
double signedArea2(const std::vector<glm::dvec2>& ring);

} // namespace kresy
