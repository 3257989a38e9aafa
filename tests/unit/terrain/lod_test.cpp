// LOD selection properties: every drawn node meets the pixel error or cannot be refined,
// neighbours differ by at most one level, what is behind the camera is culled, nodes never
// overlap, and a node whose children are not loaded is drawn itself while they are requested.

#include "scene/camera.h"
#include "terrain/lod.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

using namespace kresy;

namespace {

const EnuFrame kScene = makeEnuFrame({51.5, 23.0, 0});

LodView viewFrom(const Camera& camera, int width = 1280, int height = 720) {
    CameraView v = computeCameraView(camera, kScene, double(width) / height, camera.position.alt - 150);
    LodView view;
    view.scene = kScene;
    view.eye = v.eye;
    view.frustum = frustumPlanes(v.viewProjection, v.eye);
    view.pixelsPerRadian = height / (2 * std::tan(glm::radians(camera.fovDeg) / 2));
    return view;
}

Camera camera(double lat, double lon, double alt, double heading, double pitch) {
    Camera c;
    c.position = {lat, lon, alt};
    c.headingDeg = heading;
    c.pitchDeg = pitch;
    return c;
}

// Loaded to `maxZoom`, heights 100..300 m, errors unknown (the cautious estimate is used).
LodResidency readyTo(int maxZoom) {
    return {[=](const TileId& t, float* lo, float* hi, const TileErrors** errors) {
                *lo = 100;
                *hi = 300;
                *errors = nullptr;
                return t.z <= maxZoom;
            },
            [](const TileId&) { return false; }};
}
LodResidency everythingReady() { return readyTo(11); }

double distanceToNode(const LodView& view, const TileId& t, double lo, double hi) {
    GeoPoint eye = enuToGeodetic(view.scene, view.eye);
    GeoBounds b = tileBounds(t);
    GeoPoint p{std::clamp(eye.lat, b.south, b.north), std::clamp(eye.lon, b.west, b.east), std::clamp(eye.alt, lo, hi)};
    return std::max(glm::length(geodeticToEnu(view.scene, p) - view.eye), 1.0);
}

bool isAncestor(const TileId& a, const TileId& b) { return a.z < b.z && ancestorTile(b, a.z) == a; }

// Two tiles touch along an edge (not just a corner) when, at the finer zoom, their ranges
// overlap on one axis and abut on the other.
bool shareEdge(TileId a, TileId b) {
    if (a.z > b.z)
        std::swap(a, b);
    int scale = 1 << (b.z - a.z);
    long ax0 = long(a.x) * scale, ax1 = ax0 + scale, ay0 = long(a.y) * scale, ay1 = ay0 + scale;
    long bx0 = b.x, bx1 = b.x + 1, by0 = b.y, by1 = b.y + 1;
    bool xOverlap = ax0 < bx1 && bx0 < ax1, yOverlap = ay0 < by1 && by0 < ay1;
    bool xAbut = ax1 == bx0 || bx1 == ax0, yAbut = ay1 == by0 || by1 == ay0;
    return (xOverlap && yAbut) || (yOverlap && xAbut);
}

struct Case {
    const char* name;
    Camera camera;
};

const Case kCases[] = {
    {"overview 300 km", camera(49.6, 23.2, 300000, 10, -45)},
    {"Grodno 20 km", camera(53.5, 23.7, 20000, 20, -35)},
    {"Grodno 1 km", camera(53.64, 23.83, 1130, 0, -15)},
    {"Szack 300 m looking down", camera(51.49, 23.93, 470, 90, -89)},
};

TEST(Lod, ErrorIsUnderThresholdOrCannotBeRefined) {
    LodSettings settings;
    for (const Case& c : kCases) {
        LodView view = viewFrom(c.camera);
        LodSelection selection;
        selectTerrainNodes(settings, view, everythingReady(), &selection);
        ASSERT_FALSE(selection.nodes.empty()) << c.name;
        for (const SelectedNode& n : selection.nodes) {
            double sse = estimatedNodeError(n.node, n.cells) * view.pixelsPerRadian / distanceToNode(view, n.node, 100, 300);
            bool deepest = n.node.z >= settings.dataMaxZoom + settings.extraZooms;
            EXPECT_TRUE(sse <= settings.pixelError * 1.0001 || deepest)
                << c.name << ": " << tileName(n.node) << " projects to " << sse << " px";
        }
    }
}

TEST(Lod, NeighboursDifferByAtMostOneLevel) {
    LodSettings settings;
    for (const Case& c : kCases) {
        LodSelection selection;
        selectTerrainNodes(settings, viewFrom(c.camera), everythingReady(), &selection);
        const auto& nodes = selection.nodes;
        for (size_t i = 0; i < nodes.size(); ++i)
            for (size_t j = i + 1; j < nodes.size(); ++j)
                if (shareEdge(nodes[i].node, nodes[j].node)) {
                    EXPECT_LE(std::abs(nodes[i].node.z - nodes[j].node.z), 1)
                        << c.name << ": " << tileName(nodes[i].node) << " next to " << tileName(nodes[j].node);
                }
    }
}

TEST(Lod, NodesNeverOverlap) {
    LodSettings settings;
    for (const Case& c : kCases) {
        LodSelection selection;
        selectTerrainNodes(settings, viewFrom(c.camera), everythingReady(), &selection);
        for (const SelectedNode& a : selection.nodes)
            for (const SelectedNode& b : selection.nodes)
                EXPECT_FALSE(a.node == b.node ? &a != &b : isAncestor(a.node, b.node))
                    << c.name << ": " << tileName(a.node) << " and " << tileName(b.node);
    }
}

TEST(Lod, WhatIsBehindTheCameraIsCulled) {
    LodSettings settings;
    Camera north = camera(53.0, 23.0, 2000, 0, -10);
    LodView view = viewFrom(north);
    LodSelection selection;
    selectTerrainNodes(settings, view, everythingReady(), &selection);
    EXPECT_GT(selection.culled, 0);
    GeoPoint eye = north.position;
    for (const SelectedNode& n : selection.nodes) {
        GeoBounds b = tileBounds(n.node);
        // Nothing wholly more than 20 km south of a camera looking north is drawn.
        EXPECT_GT(b.north, eye.lat - 20000.0 / 111000) << tileName(n.node);
    }
}

TEST(Lod, ALargerThresholdDrawsFewerNodes) {
    LodSettings fine, coarse;
    coarse.pixelError = 8;
    LodView view = viewFrom(kCases[2].camera);
    LodSelection a, b;
    selectTerrainNodes(fine, view, everythingReady(), &a);
    selectTerrainNodes(coarse, view, everythingReady(), &b);
    EXPECT_LT(b.nodes.size(), a.nodes.size());
}

// Only zooms 0..6 are loaded: the view is drawn from them (deeper nodes subdivide zoom 6 data
// by at most extraZooms), and the zoom 7 tiles it wants are requested, most needed first.
TEST(Lod, DrawsFromResidentAncestorsAndRequestsTheRest) {
    LodSettings settings;
    LodResidency partial = readyTo(6);
    LodSelection selection;
    selectTerrainNodes(settings, viewFrom(kCases[2].camera), partial, &selection);
    ASSERT_FALSE(selection.nodes.empty());
    for (const SelectedNode& n : selection.nodes) {
        EXPECT_LE(n.data.z, 6);
        EXPECT_TRUE(n.data == n.node || isAncestor(n.data, n.node));
        EXPECT_LE(n.node.z, 6) << "children of a node wait until their tiles are loaded";
    }
    ASSERT_FALSE(selection.requests.empty());
    for (const TileRequest& r : selection.requests)
        EXPECT_EQ(r.id.z, 7);
    EXPECT_TRUE(std::is_sorted(selection.requests.begin(), selection.requests.end(),
                               [](const TileRequest& a, const TileRequest& b) { return a.priority > b.priority; }));
}

// Tiles that do not exist (east of the SRTM coverage) are drawn from their ancestors.
TEST(Lod, MissingTilesFallBackToAncestors) {
    LodSettings settings;
    LodResidency sparse = readyTo(5);
    sparse.missing = [](const TileId& t) { return t.z > 5; };
    LodSelection selection;
    selectTerrainNodes(settings, viewFrom(camera(51.34, 26.6, 3000, 0, -20)), sparse, &selection); // Sarny
    ASSERT_FALSE(selection.nodes.empty());
    EXPECT_TRUE(selection.requests.empty());
    for (const SelectedNode& n : selection.nodes) {
        EXPECT_LE(n.data.z, 5);
        EXPECT_LE(n.node.z, n.data.z + settings.extraZooms);
    }
}

TEST(Lod, NothingLoadedRequestsTheRoots) {
    LodSettings settings;
    LodResidency none = readyTo(-1);
    LodSelection selection;
    selectTerrainNodes(settings, viewFrom(kCases[0].camera), none, &selection);
    EXPECT_TRUE(selection.nodes.empty());
    ASSERT_EQ(selection.requests.size(), 1u); // zoom 0: one tile covers the region
    EXPECT_EQ(selection.requests[0].id, (TileId{0, 0, 0}));
}

// With the cautious estimate (errors unknown) the plains cost as much as mountains; this only
// bounds the worst case. The true errors (TileErrors) draw far fewer.
TEST(Lod, TriangleBudgetWithEstimatedErrors) {
    LodSettings settings;
    for (const Case& c : kCases) {
        LodSelection selection;
        selectTerrainNodes(settings, viewFrom(c.camera), everythingReady(), &selection);
        size_t triangles = 0;
        for (const SelectedNode& n : selection.nodes)
            triangles += size_t(n.cells) * n.cells * 2;
        EXPECT_LT(triangles, 600000u) << c.name << ": " << selection.nodes.size() << " nodes";
        std::printf("%-26s %4zu nodes, %6zu triangles, %d culled\n", c.name, selection.nodes.size(), triangles, selection.culled);
    }
}

} // namespace

namespace {

HeightTile flatTile(float h) {
    HeightTile t;
    t.size = 256;
    t.heights.assign(256 * 256, h);
    return t;
}

TEST(TileErrors, FlatAndPlanarTilesHaveNoError) {
    TileErrors flat = computeTileErrors(flatTile(150));
    HeightTile plane = flatTile(0);
    for (int y = 0; y < 256; ++y)
        for (int x = 0; x < 256; ++x)
            plane.heights[size_t(y) * 256 + x] = 100 + 0.5f * x - 0.25f * y;
    TileErrors planar = computeTileErrors(plane);
    for (int cells : {2, 4, 8, 16}) {
        EXPECT_EQ(flat.error(0, 0, 0, cells), 0.0f);
        EXPECT_LT(planar.error(0, 0, 0, cells), 1e-3f) << cells << " cells";
        EXPECT_LT(planar.error(2, 1, 3, cells), 1e-3f) << cells << " cells";
    }
}

// A 100 m spike: the blocks holding it have a large error, blocks far from it none; finer
// grids have less; and a block's error with 2n cells is the largest of its quarters' with n.
TEST(TileErrors, ASpikeIsFoundWhereItIs) {
    HeightTile t = flatTile(150);
    t.heights[size_t(200) * 256 + 40] = 250; // row 200, column 40: south-west quarter
    TileErrors e = computeTileErrors(t);
    EXPECT_GT(e.error(0, 0, 0, 16), 50.0f);
    EXPECT_GT(e.error(1, 1, 0, 8), 50.0f);   // south-west quarter
    EXPECT_EQ(e.error(1, 0, 1, 8), 0.0f);    // north-east quarter
    EXPECT_EQ(e.error(1, 0, 0, 16), 0.0f);
    float quarters = 0;
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 2; ++c)
            quarters = std::max(quarters, e.error(1, r, c, 8));
    EXPECT_EQ(e.error(0, 0, 0, 16), quarters);
    // A grid with a vertex at every pixel is the data.
    EXPECT_EQ(e.error(4, 12, 2, 16), 0.0f);
}

// Flat plains drawn with the true errors need only the coarsest grids.
TEST(Lod, FlatTerrainIsDrawnWithFewCells) {
    static const TileErrors flat = computeTileErrors(flatTile(150));
    LodResidency residency{[](const TileId& t, float* lo, float* hi, const TileErrors** errors) {
                               *lo = *hi = 150;
                               *errors = &flat;
                               return t.z <= 11;
                           },
                           [](const TileId&) { return false; }};
    LodSettings settings;
    LodSelection selection;
    selectTerrainNodes(settings, viewFrom(kCases[2].camera), residency, &selection);
    ASSERT_FALSE(selection.nodes.empty());
    size_t triangles = 0;
    for (const SelectedNode& n : selection.nodes) {
        EXPECT_EQ(n.cells, 2) << tileName(n.node);
        triangles += size_t(n.cells) * n.cells * 2;
    }
    EXPECT_LT(triangles, 20000u);
}

} // namespace
