// Node meshes: vertices where their coordinates put them, neighbours' shared edges coincide,
// and the morph targets are the parent's own surface.

#include "terrain/node_mesh.h"
#include "terrain/surface.h"
#include "terrain/water.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace kresy;

namespace {

const EnuFrame kScene = makeEnuFrame({53.0, 23.5, 0});
const GeoBounds kWorld{-180, -85, 180, 85};

// A tile sampled from a function of global pixel position at its zoom (pixel centres).
template <typename F>
HeightTile tileOf(const TileId& t, F f) {
    HeightTile tile;
    tile.size = 256;
    for (int y = 0; y < 256; ++y)
        for (int x = 0; x < 256; ++x)
            tile.heights.push_back(float(f(t.x * 256.0 + x + 0.5, t.y * 256.0 + y + 0.5)));
    return tile;
}

double plane(double X, double Y) { return 100 + 0.01 * X - 0.02 * Y; }
double bumps(double X, double Y) { return 150 + 40 * std::sin(X / 9.0) * std::cos(Y / 13.0); }

glm::dvec3 pos(const NodeMesh& m, int k) {
    const float* p = m.vertices[size_t(k)].position;
    return m.centre + glm::dvec3(p[0], p[1], p[2]);
}
glm::dvec3 morphed(const NodeMesh& m, int k) {
    const float* p = m.vertices[size_t(k)].morphed;
    return m.centre + glm::dvec3(p[0], p[1], p[2]);
}

SelectedNode node(TileId id, TileId data, int cells, int parentCells, TileId parentData) {
    SelectedNode n;
    n.node = id;
    n.data = data;
    n.parentData = parentData;
    n.cells = cells;
    n.parentCells = parentCells;
    n.skirtDepth = 45;
    return n;
}

TEST(NodeMesh, VerticesAreAtTheirCoordinatesAndHeights) {
    TileId t = tileAt(53.68, 23.83, 11);
    HeightTile data = tileOf(t, plane);
    NodeMesh m = buildNodeMesh(node(t, t, 4, 8, parentTile(t)), data, tileOf(parentTile(t), plane), kScene, 2.0, kWorld);
    ASSERT_EQ(int(m.vertices.size()), nodeVertexCount(4));
    for (int j = 0; j <= 4; ++j)
        for (int i = 0; i <= 4; ++i) {
            double lon, lat;
            tileToLonLat({t.x + i / 4.0, t.y + j / 4.0}, t.z, &lon, &lat);
            double h = plane(t.x * 256.0 + i * 64.0, t.y * 256.0 + j * 64.0) * 2.0; // exaggerated 2x
            glm::dvec3 expected = geodeticToEnu(kScene, {lat, lon, h});
            EXPECT_LT(glm::length(pos(m, j * 5 + i) - expected), 0.01) << i << "," << j;
            EXPECT_NEAR(m.vertices[size_t(j * 5 + i)].uv[0], i / 4.0, 1e-6);
        }
}

// Two nodes of one zoom share an edge: from one data tile (deeper than the data) or from two
// neighbouring tiles, the edge's vertices coincide (the tiles' half-pixel borders extrapolate).
TEST(NodeMesh, NeighboursShareTheirEdge) {
    TileId data = tileAt(52.1, 23.2, 11);
    TileId west{13, data.x * 4 + 1, data.y * 4 + 2}, east{13, west.x + 1, west.y};
    HeightTile d = tileOf(data, plane);
    NodeMesh a = buildNodeMesh(node(west, data, 8, 8, data), d, d, kScene, 1, kWorld);
    NodeMesh b = buildNodeMesh(node(east, data, 8, 8, data), d, d, kScene, 1, kWorld);
    for (int j = 0; j <= 8; ++j)
        EXPECT_LT(glm::length(pos(a, j * 9 + 8) - pos(b, j * 9)), 0.01) << "row " << j;

    TileId left = data, right{11, data.x + 1, data.y};
    NodeMesh c = buildNodeMesh(node(left, left, 16, 16, parentTile(left)), tileOf(left, plane),
                               tileOf(parentTile(left), plane), kScene, 1, kWorld);
    NodeMesh e = buildNodeMesh(node(right, right, 16, 16, parentTile(right)), tileOf(right, plane),
                               tileOf(parentTile(right), plane), kScene, 1, kWorld);
    for (int j = 0; j <= 16; ++j)
        EXPECT_LT(glm::length(pos(c, j * 17 + 16) - pos(e, j * 17)), 0.05) << "row " << j;
}

// Fully morphed, a node is its parent: every vertex on the parent's grid, and the even ones
// exactly at the parent's vertices.
TEST(NodeMesh, MorphTargetsAreTheParentsSurface) {
    TileId parent = tileAt(51.49, 23.93, 10);
    TileId child{11, parent.x * 2 + 1, parent.y * 2};
    HeightTile pd = tileOf(parent, bumps), cd = tileOf(child, bumps);
    NodeMesh p = buildNodeMesh(node(parent, parent, 8, 8, parentTile(parent)), pd, tileOf(parentTile(parent), bumps), kScene, 1,
                               kWorld);
    NodeMesh c = buildNodeMesh(node(child, child, 8, 8, parent), cd, pd, kScene, 1, kWorld);
    // Child vertex (2a, 2b) is parent vertex (4 + a, b): the child is the parent's north-east quarter.
    for (int b = 0; b <= 4; ++b)
        for (int a = 0; a <= 4; ++a)
            EXPECT_LT(glm::length(morphed(c, 2 * b * 9 + 2 * a) - pos(p, b * 9 + 4 + a)), 0.01) << a << "," << b;
    // Odd vertices: midway on the parent's edges.
    glm::dvec3 mid = 0.5 * (pos(p, 4) + pos(p, 5));
    EXPECT_LT(glm::length(morphed(c, 1) - mid), 0.01);
    // And the fine positions differ from the morphed ones (the bumps are finer than the parent's grid).
    double largest = 0;
    for (int k = 0; k < 81; ++k)
        largest = std::max(largest, glm::length(pos(c, k) - morphed(c, k)));
    EXPECT_GT(largest, 1.0);
}

// A tile reaching past the data's bounds is cut at them: no vertex outside, the edge on the bound.
TEST(NodeMesh, ClippedToTheDataBounds) {
    TileId t = tileAt(58.5, 30.0, 5); // straddles 58N (the region's north edge)
    HeightTile d = tileOf(t, plane);
    GeoBounds region{12, 45, 34, 58};
    NodeMesh m = buildNodeMesh(node(t, t, 8, 8, parentTile(t)), d, tileOf(parentTile(t), plane), kScene, 1, region);
    double northmost = -90;
    for (int k = 0; k < 81; ++k) {
        GeoPoint g = enuToGeodetic(kScene, pos(m, k));
        EXPECT_LE(g.lat, 58.0 + 1e-6) << k;
        EXPECT_LE(g.lon, 34.0 + 1e-6) << k;
        northmost = std::max(northmost, g.lat);
    }
    EXPECT_NEAR(northmost, 58.0, 1e-6);
}

TEST(NodeMesh, SkirtHangsBelowTheEdge) {
    TileId t = tileAt(53.68, 23.83, 9);
    HeightTile d = tileOf(t, plane);
    NodeMesh m = buildNodeMesh(node(t, t, 4, 8, parentTile(t)), d, tileOf(parentTile(t), plane), kScene, 1, kWorld);
    int grid = 25;
    for (int k = 0; k <= 4; ++k) { // north edge and its skirt
        glm::dvec3 top = pos(m, k), bottom = pos(m, grid + k);
        EXPECT_NEAR(glm::length(top - bottom), 45.0, 0.01);
        EXPECT_LT(bottom.z, top.z);
    }
}

TEST(NodeMesh, IndicesCoverGridAndSkirt) {
    for (int cells : {2, 4, 8, 16}) {
        std::vector<uint32_t> idx = nodeIndices(cells);
        EXPECT_EQ(idx.size(), size_t(6 * cells * cells + 4 * 6 * cells));
        for (uint32_t i : idx)
            ASSERT_LT(i, uint32_t(nodeVertexCount(cells)));
    }
}

TEST(TileSurface, SlopesAreZeroOnFlatGroundAndSignedOnSlopes) {
    TileId t = tileAt(53.0, 23.5, 10);
    HeightTile flat = tileOf(t, [](double, double) { return 150.0; });
    std::vector<uint8_t> s = buildTileSurface(flat, t, nullptr, 1);
    size_t mid = (128 * 256 + 128) * 4;
    EXPECT_NEAR(decodeSurfaceSlope(s[mid]), 0.0, 1e-3);
    EXPECT_NEAR(decodeSurfaceSlope(s[mid + 1]), 0.0, 1e-3);
    EXPECT_NEAR(decodeSurfaceHeight(s[mid + 2]), 150.0, 5.0);
    EXPECT_EQ(s[mid + 3], 255); // land
    // Rising 5 cm per metre to the east (X counts pixels): slope east 0.05, north 0.
    const double pixelMetres = tileWidthMetres(t) / 256;
    HeightTile slope = tileOf(t, [&](double X, double) { return 1000 + X * pixelMetres * 0.05; });
    s = buildTileSurface(slope, t, nullptr, 1);
    EXPECT_NEAR(decodeSurfaceSlope(s[mid]), 0.05, 0.006); // half a step of the 8-bit encoding there
    EXPECT_NEAR(decodeSurfaceSlope(s[mid + 1]), 0.0, 1e-3);
    // Relief shading scales slopes; the height does not change.
    s = buildTileSurface(slope, t, nullptr, 4);
    EXPECT_NEAR(decodeSurfaceSlope(s[mid]), 0.2, 0.01);
    // At or below sea level is water.
    HeightTile sea = tileOf(t, [](double, double) { return -20.0; });
    s = buildTileSurface(sea, t, nullptr, 1);
    EXPECT_EQ(s[mid + 3], 0);
}

TEST(TileSurface, LakesFromPolygonsAreWater) {
    TileId t = tileAt(53.0, 23.5, 10);
    double west, north, east, south;
    tileToLonLat({double(t.x), double(t.y)}, t.z, &west, &north);
    tileToLonLat({t.x + 1.0, t.y + 1.0}, t.z, &east, &south);
    // A lake over the tile's western half.
    char text[256];
    std::snprintf(text, sizeof text, "> lake\n%.6f %.6f\n%.6f %.6f\n%.6f %.6f\n%.6f %.6f\n", west - 1, south - 1,
                  (west + east) / 2, south - 1, (west + east) / 2, north + 1, west - 1, north + 1);
    WaterPolygons lakes;
    std::string error;
    ASSERT_TRUE(parseGmtPolygons(text, "lake.txt", &lakes, &error)) << error;
    HeightTile land = tileOf(t, [](double, double) { return 150.0; });
    std::vector<uint8_t> s = buildTileSurface(land, t, &lakes, 1);
    EXPECT_EQ(s[(128 * 256 + 10) * 4 + 3], 0);    // west: water
    EXPECT_EQ(s[(128 * 256 + 245) * 4 + 3], 255); // east: land
}

} // namespace
