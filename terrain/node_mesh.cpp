#include "node_mesh.h"

#include <algorithm>
#include <cmath>

namespace kresy {

int nodeVertexCount(int cells) { return (cells + 1) * (cells + 1) + 4 * (cells + 1); }

namespace {

// Where a point given in one tile's unit square lies in an ancestor tile's unit square.
glm::dvec2 toAncestor(const TileId& tile, const TileId& ancestor, glm::dvec2 p) {
    double scale = double(1 << (tile.z - ancestor.z));
    return {(tile.x - ancestor.x * scale + p.x) / scale, (tile.y - ancestor.y * scale + p.y) / scale};
}

double heightIn(const HeightTile& t, glm::dvec2 unit) {
    return sampleHeightTile(t, unit.x * t.size - 0.5, unit.y * t.size - 0.5);
}

struct Surface {
    const TileId& tile; // the node whose grid this is
    const TileId& data;
    const HeightTile& heights;
    const EnuFrame& scene;
    double exaggeration;

    // Scene position of the grid point at `unit` (the node's unit square).
    glm::dvec3 at(glm::dvec2 unit) const {
        double lon, lat;
        tileToLonLat({tile.x + unit.x, tile.y + unit.y}, tile.z, &lon, &lat);
        double h = heightIn(heights, toAncestor(tile, data, unit)) * exaggeration;
        return geodeticToEnu(scene, {lat, lon, h});
    }
};

// A triangulated grid (`cells` cells over a surface's unit square, split north-west to
// south-east), its vertices computed once each, on demand.
struct Grid {
    const Surface& surface;
    int cells;
    std::vector<glm::dvec3> vertices;
    std::vector<bool> known;

    Grid(const Surface& s, int c) : surface(s), cells(c), vertices(size_t(c + 1) * (c + 1)), known(vertices.size()) {}

    const glm::dvec3& vertex(int i, int j) {
        size_t k = size_t(j) * (cells + 1) + i;
        if (!known[k]) {
            vertices[k] = surface.at({double(i) / cells, double(j) / cells});
            known[k] = true;
        }
        return vertices[k];
    }

    // The grid's surface above `unit`, by barycentric interpolation in its triangle.
    glm::dvec3 at(glm::dvec2 unit) {
        glm::dvec2 g = unit * double(cells);
        int i = std::clamp(int(std::floor(g.x)), 0, cells - 1), j = std::clamp(int(std::floor(g.y)), 0, cells - 1);
        double u = g.x - i, v = g.y - j;
        glm::dvec3 nw = vertex(i, j), se = vertex(i + 1, j + 1);
        if (u >= v) // north-east triangle: NW, NE, SE
            return nw + u * (vertex(i + 1, j) - nw) + v * (se - vertex(i + 1, j));
        return nw + v * (vertex(i, j + 1) - nw) + u * (se - vertex(i, j + 1)); // south-west triangle
    }
};

} // namespace

NodeMesh buildNodeMesh(const SelectedNode& n, const HeightTile& data, const HeightTile& parentData,
                       const EnuFrame& scene, double exaggeration, const GeoBounds& clip) {
    NodeMesh mesh;
    mesh.cells = n.cells;
    const int c = n.cells;
    Surface fine{n.node, n.data, data, scene, exaggeration};
    bool hasParent = n.node.z > 0;
    TileId parent = hasParent ? parentTile(n.node) : n.node;
    Surface coarse{parent, n.parentData, parentData, scene, exaggeration};
    Grid parentGrid(coarse, n.parentCells);

    GeoBounds b = tileBounds(n.node);
    mesh.centre = geodeticToEnu(scene, {(b.south + b.north) / 2, (b.west + b.east) / 2, 0});
    mesh.vertices.reserve(size_t(nodeVertexCount(c)));

    // The clip rectangle in the node's unit square (Mercator keeps it a rectangle); vertices
    // outside it move onto its border.
    glm::dvec2 nw = lonLatToTile(clip.west, clip.north, n.node.z) - glm::dvec2(n.node.x, n.node.y);
    glm::dvec2 se = lonLatToTile(clip.east, clip.south, n.node.z) - glm::dvec2(n.node.x, n.node.y);
    glm::dvec2 lo = glm::clamp(nw, 0.0, 1.0), hi = glm::clamp(se, 0.0, 1.0);

    auto makeVertex = [&](glm::dvec2 unit, double drop) {
        unit = glm::clamp(unit, lo, hi);
        glm::dvec3 p = fine.at(unit);
        glm::dvec3 m = hasParent ? parentGrid.at(toAncestor(n.node, parent, unit)) : p;
        if (drop > 0) {
            double lon, lat;
            tileToLonLat({n.node.x + unit.x, n.node.y + unit.y}, n.node.z, &lon, &lat);
            glm::dvec3 down = -rotateEnuDirection(scene, {lat, lon, 0}, {0, 0, 1}) * drop;
            p += down;
            m += down;
        }
        glm::dvec2 uv = toAncestor(n.node, n.data, unit), puv = toAncestor(n.node, n.parentData, unit);
        NodeVertex v;
        glm::dvec3 rp = p - mesh.centre, rm = m - mesh.centre;
        v.position[0] = float(rp.x), v.position[1] = float(rp.y), v.position[2] = float(rp.z);
        v.morphed[0] = float(rm.x), v.morphed[1] = float(rm.y), v.morphed[2] = float(rm.z);
        v.uv[0] = float(uv.x), v.uv[1] = float(uv.y);
        v.parentUv[0] = float(puv.x), v.parentUv[1] = float(puv.y);
        mesh.vertices.push_back(v);
    };
    for (int j = 0; j <= c; ++j)
        for (int i = 0; i <= c; ++i)
            makeVertex({double(i) / c, double(j) / c}, 0);
    // Skirt: the north, east, south and west edges, each dropped by the skirt depth.
    double depth = n.skirtDepth;
    for (int k = 0; k <= c; ++k)
        makeVertex({double(k) / c, 0}, depth);
    for (int k = 0; k <= c; ++k)
        makeVertex({1, double(k) / c}, depth);
    for (int k = 0; k <= c; ++k)
        makeVertex({double(k) / c, 1}, depth);
    for (int k = 0; k <= c; ++k)
        makeVertex({0, double(k) / c}, depth);
    return mesh;
}

std::vector<uint32_t> nodeIndices(int c) {
    std::vector<uint32_t> idx;
    const uint32_t row = uint32_t(c + 1);
    for (int j = 0; j < c; ++j)
        for (int i = 0; i < c; ++i) {
            uint32_t nw = uint32_t(j) * row + uint32_t(i), ne = nw + 1, sw = nw + row, se = sw + 1;
            idx.insert(idx.end(), {nw, se, ne, nw, sw, se});
        }
    // Each skirt strip joins an edge of the grid to its dropped copy.
    const uint32_t skirt = row * row;
    auto edge = [&](int side, int k) -> uint32_t {
        switch (side) {
        case 0: return uint32_t(k);                       // north: (k, 0)
        case 1: return uint32_t(k) * row + uint32_t(c);   // east: (c, k)
        case 2: return uint32_t(c) * row + uint32_t(k);   // south: (k, c)
        default: return uint32_t(k) * row;                // west: (0, k)
        }
    };
    for (int side = 0; side < 4; ++side)
        for (int k = 0; k < c; ++k) {
            uint32_t a = edge(side, k), b = edge(side, k + 1);
            uint32_t da = skirt + uint32_t(side) * row + uint32_t(k), db = da + 1;
            idx.insert(idx.end(), {a, da, b, b, da, db});
        }
    return idx;
}

} // namespace kresy
