#include "lod.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kresy {

std::array<glm::dvec4, 6> frustumPlanes(const glm::mat4& viewProjection, const glm::dvec3& eye) {
    glm::dmat4 m(viewProjection);
    auto row = [&](int r) { return glm::dvec4(m[0][r], m[1][r], m[2][r], m[3][r]); };
    // Vulkan clip space: -w <= x, y <= w and 0 <= z <= w (reverse-Z: z = w at the near plane).
    std::array<glm::dvec4, 6> planes = {row(3) + row(0), row(3) - row(0), row(3) + row(1),
                                        row(3) - row(1), row(2),          row(3) - row(2)};
    for (glm::dvec4& p : planes) {
        glm::dvec3 n(p);
        double length = glm::length(n);
        if (length < 1e-12) { // the infinite far plane: everything is in front of it
            p = glm::dvec4(0, 0, 0, 1);
            continue;
        }
        p /= length;
        p.w -= glm::dot(glm::dvec3(p), eye); // from camera-relative to scene coordinates
    }
    return planes;
}

// --- Selection ---------------------------------------------------------------------------------

double estimatedNodeError(const TileId& node, int cells) { return 0.25 * tileWidthMetres(node) / cells; }

namespace {

constexpr int kCellChoices[] = {2, 4, 8, 16};
constexpr double kMorphStartFraction = 0.7;
constexpr double kNoMorph = std::numeric_limits<double>::infinity();
constexpr double kMinSkirt = 30; // metres

struct Selector {
    const LodSettings& settings;
    const LodView& view;
    const LodResidency& residency;
    LodSelection* out;
    GeoPoint eyeGeo;
    int maxZoom;

    // What a node needs to know about its parent: where its vertices morph to.
    struct Parent {
        TileId data;
        int cells = kMaxNodeCells;
        double refineDistance = kNoMorph;
        double error = 0; // metres, of its grid
    };

    bool meetsBounds(const GeoBounds& b) const {
        const GeoBounds& r = settings.bounds;
        return b.west < r.east && b.east > r.west && b.south < r.north && b.north > r.south;
    }

    bool visible(const GeoBounds& b, double minH, double maxH) const {
        glm::dvec3 points[18];
        int n = 0;
        for (double h : {minH, maxH})
            for (int j = 0; j < 3; ++j)
                for (int i = 0; i < 3; ++i)
                    points[n++] = geodeticToEnu(view.scene, {b.south + (b.north - b.south) * j / 2,
                                                             b.west + (b.east - b.west) * i / 2, h});
        for (const glm::dvec4& plane : view.frustum) {
            bool allOutside = true;
            for (const glm::dvec3& p : points)
                if (glm::dot(glm::dvec3(plane), p) + plane.w >= 0) {
                    allOutside = false;
                    break;
                }
            if (allOutside)
                return false;
        }
        return true;
    }

    // Distance from the eye to the nearest point of the node's extent (lat/lon and height clamped).
    double distance(const GeoBounds& b, double minH, double maxH) const {
        GeoPoint nearest{std::clamp(eyeGeo.lat, b.south, b.north), std::clamp(eyeGeo.lon, b.west, b.east),
                         std::clamp(eyeGeo.alt, minH, maxH)};
        return std::max(glm::length(geodeticToEnu(view.scene, nearest) - view.eye), 1.0);
    }

    double nodeError(const TileId& node, const TileId& data, const TileErrors* errors, int cells) const {
        if (!errors)
            return estimatedNodeError(node, cells);
        int level = node.z - data.z;
        if (level > 30 || (errors->size >> level) == 0)
            return 0;
        int row = node.y - (data.y << level), col = node.x - (data.x << level);
        return errors->error(level, row, col, cells) * settings.exaggeration;
    }

    // The data a child would draw from, given its parent's; false if it has to wait.
    bool childData(const TileId& child, const TileId& parentData, TileId* data) const {
        if (child.z > settings.dataMaxZoom || residency.missing(child)) {
            *data = parentData; // deeper than the data: the finest ancestor's heights
            return true;
        }
        float lo, hi;
        const TileErrors* errors;
        if (residency.ready(child, &lo, &hi, &errors)) {
            *data = child;
            return true;
        }
        return false;
    }

    // The static part of a node: how close it may be drawn before its children take over, and
    // the fewest cells that keep its error within the threshold down to that distance. Fixed
    // for a node, so its grid never changes (and never pops) as the camera moves.
    struct Plan {
        double refineDistance = 0;
        int cells = kMaxNodeCells;
    };
    Plan plan(const TileId& node, const TileId& data, const TileErrors* errors, int minCells) const {
        const double k = view.pixelsPerRadian / settings.pixelError;
        Plan p;
        // Geometry refines while even the densest grid misses the data, down to grids as fine as
        // the data's pixels (16 cells x 2^extraZooms = 256 px: the true error is 0 there).
        bool deeper = node.z < maxZoom && node.z < data.z + settings.extraZooms;
        double geometric = deeper ? nodeError(node, data, errors, kMaxNodeCells) * k : 0;
        // A pixel of data larger than the threshold on screen, and finer data may exist below: a
        // node already deeper than its data stands where the finer tiles are missing.
        bool finerData = node.z == data.z && node.z < settings.dataMaxZoom;
        double texel = finerData ? tileWidthMetres(data) / (errors ? errors->size : 256) * k : 0;
        p.refineDistance = std::max(geometric, texel);
        double nearest = std::max(p.refineDistance, 1.0);
        for (int cells : kCellChoices)
            if (cells >= minCells && nodeError(node, data, errors, cells) * k <= nearest) {
                p.cells = cells;
                break;
            }
        return p;
    }

    void visit(const TileId& node, const TileId& data, const Parent& parent) {
        GeoBounds b = tileBounds(node);
        if (!meetsBounds(b))
            return;
        float lo = 0, hi = 0;
        const TileErrors* errors = nullptr;
        residency.ready(data, &lo, &hi, &errors);
        double minH = lo * settings.exaggeration, maxH = hi * settings.exaggeration;
        if (node.z >= 3 && !visible(b, minH, maxH)) {
            ++out->culled;
            return;
        }
        Plan p = plan(node, data, errors, std::max(kCellChoices[0], parent.cells / 2));
        double d = distance(b, minH, maxH);
        if (d < p.refineDistance) {
            TileId children[4], childData4[4];
            childTiles(node, children);
            bool ready = true;
            double sse = p.refineDistance / d * settings.pixelError;
            for (int i = 0; i < 4; ++i)
                if (meetsBounds(tileBounds(children[i])) && !childData(children[i], data, &childData4[i])) {
                    out->requests.push_back({children[i], sse});
                    ready = false;
                }
            if (ready) {
                Parent self{data, p.cells, p.refineDistance, nodeError(node, data, errors, p.cells)};
                for (int i = 0; i < 4; ++i)
                    if (meetsBounds(tileBounds(children[i])))
                        visit(children[i], childData4[i], self);
                return;
            }
        }
        double error = std::max(parent.error, nodeError(node, data, errors, p.cells));
        out->nodes.push_back({node, data, parent.data, p.cells, parent.cells,
                              kMorphStartFraction * parent.refineDistance, parent.refineDistance,
                              std::max(kMinSkirt, 2 * error)});
    }
};

} // namespace

void selectTerrainNodes(const LodSettings& settings, const LodView& view, const LodResidency& residency,
                        LodSelection* out) {
    out->nodes.clear();
    out->requests.clear();
    out->culled = 0;
    out->balanced = 0;
    Selector s{settings, view, residency, out, enuToGeodetic(view.scene, view.eye),
               settings.dataMaxZoom + settings.extraZooms};
    TileRange roots = tilesCovering(settings.bounds, settings.dataMinZoom);
    for (int y = roots.y0; y <= roots.y1; ++y)
        for (int x = roots.x0; x <= roots.x1; ++x) {
            TileId root{settings.dataMinZoom, x, y};
            float lo, hi;
            const TileErrors* errors;
            if (residency.ready(root, &lo, &hi, &errors))
                s.visit(root, root, {root, kMaxNodeCells, kNoMorph, 0});
            else if (!residency.missing(root))
                out->requests.push_back({root, 1e9}); // nothing can be drawn without the roots
        }
    std::sort(out->requests.begin(), out->requests.end(),
              [](const TileRequest& a, const TileRequest& b) { return a.priority > b.priority; });
}

} // namespace kresy
