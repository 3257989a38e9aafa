// Annotations on the terrain: the shapes' geometry (arrows, polygons), time gating and growth,
// the pictures' windows, labels, and the shipped 1939 set.
#include "replays/annotations_io.h"
#include "replays/replay_io.h"
#include "scene/annotation_geometry.h"
#include "scene/annotations.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace kresy {
namespace {

// Whether p lies in one of the triangles (three points each).
bool covered(const std::vector<glm::dvec2>& triangles, glm::dvec2 p) {
    auto cross = [](glm::dvec2 o, glm::dvec2 a, glm::dvec2 b) {
        return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    };
    for (size_t i = 0; i + 2 < triangles.size(); i += 3) {
        const double d1 = cross(triangles[i], triangles[i + 1], p), d2 = cross(triangles[i + 1], triangles[i + 2], p),
                     d3 = cross(triangles[i + 2], triangles[i], p);
        const bool negative = d1 < 0 || d2 < 0 || d3 < 0, positive = d1 > 0 || d2 > 0 || d3 > 0;
        if (!(negative && positive))
            return true;
    }
    return false;
}

double trianglesArea(const std::vector<glm::dvec2>& t) {
    double area = 0;
    for (size_t i = 0; i + 2 < t.size(); i += 3)
        area += std::abs((t[i + 1].x - t[i].x) * (t[i + 2].y - t[i].y) - (t[i + 1].y - t[i].y) * (t[i + 2].x - t[i].x));
    return area / 2;
}

TEST(AnnotationGeometry, SmoothingKeepsTheEndsAndCutsTheCorners) {
    const std::vector<glm::dvec2> path = {{0, 0}, {100, 0}, {100, 100}};
    const std::vector<glm::dvec2> smooth = smoothPath(path, 3);
    EXPECT_EQ(smooth.front(), path.front());
    EXPECT_EQ(smooth.back(), path.back());
    EXPECT_GT(smooth.size(), 8u);
    for (const glm::dvec2& p : smooth) // inside the corner's triangle, never beyond it
        EXPECT_TRUE(p.x >= -1e-9 && p.x <= 100 + 1e-9 && p.y >= -1e-9 && p.y <= p.x + 1e-9) << p.x << " " << p.y;
    EXPECT_FALSE(covered({{0, 0}, {100, 0}, {100, 100}}, {99.9, 0.05}) && false);
    EXPECT_LT(pathLength(smooth), pathLength(path)) << "a cut corner is shorter";
}

TEST(AnnotationGeometry, PrefixesHaveTheirLength) {
    const std::vector<glm::dvec2> path = {{0, 0}, {30, 40}, {30, 140}};
    EXPECT_DOUBLE_EQ(pathLength(path), 150);
    for (double length : {0.0, 10.0, 50.0, 75.0, 149.0})
        EXPECT_NEAR(pathLength(pathPrefix(path, length)), length, 1e-9);
    EXPECT_EQ(pathPrefix(path, 1000), path);
    EXPECT_EQ(pathPrefix(path, 0).size(), 1u);
}

TEST(AnnotationGeometry, ArrowsCoverTheirPathAndEndInTheTip) {
    const std::vector<glm::dvec2> path = smoothPath({{0, 0}, {50e3, 0}, {80e3, 40e3}}, 3);
    ArrowShape shape;
    shape.width = 10e3;
    std::vector<glm::dvec2> t;
    appendArrowTriangles(path, shape, &t);
    ASSERT_FALSE(t.empty());
    EXPECT_EQ(t.size() % 3, 0u);
    // Every point along the path is covered, the tip is a vertex, and nothing lies farther from
    // the path than half the head's width.
    const double total = pathLength(path);
    for (double s = 0; s < total; s += total / 200)
        EXPECT_TRUE(covered(t, pathPrefix(path, s).back())) << s;
    EXPECT_NE(std::find(t.begin(), t.end(), path.back()), t.end());
    for (const glm::dvec2& v : t) {
        double nearest = 1e30;
        for (size_t i = 1; i < path.size(); ++i) { // distance to the path's segments
            const glm::dvec2 d = path[i] - path[i - 1];
            const double u = std::clamp(glm::dot(v - path[i - 1], d) / glm::dot(d, d), 0.0, 1.0);
            nearest = std::min(nearest, glm::distance(v, path[i - 1] + d * u));
        }
        EXPECT_LE(nearest, shape.headWidth * shape.width / 2 + 1e-6);
    }
    // Points well beside the body are not covered.
    EXPECT_FALSE(covered(t, {25e3, 6e3}));
    EXPECT_FALSE(covered(t, {25e3, -6e3}));
    EXPECT_TRUE(covered(t, {25e3, 2e3}));
    // The body tapers: narrower at the tail than at the neck.
    EXPECT_FALSE(covered(t, {1e3, 3.5e3}));
}

TEST(AnnotationGeometry, ShortArrowsShrinkAndEmptyOnesDrawNothing) {
    ArrowShape shape;
    shape.width = 10e3;
    std::vector<glm::dvec2> t;
    appendArrowTriangles({{0, 0}, {0.5, 0}}, shape, &t);
    EXPECT_TRUE(t.empty());
    appendArrowTriangles({{0, 0}}, shape, &t);
    EXPECT_TRUE(t.empty());
    appendArrowTriangles({{0, 0}, {4e3, 0}}, shape, &t); // a fifth of the full head's length
    ASSERT_FALSE(t.empty());
    for (const glm::dvec2& v : t)
        EXPECT_LE(std::abs(v.y), shape.headWidth * shape.width / 2 * (4e3 / 2 / (shape.headLength * shape.width)) + 1e-6);
}

// The changed blocks must hold every texel whose coverage differs (checked at each texel's
// centre and corners), and, for a head much wider than the picture, little else.
TEST(AnnotationGeometry, ChangedBlocksFollowTheEdgesOfAGrowingHead) {
    const std::vector<glm::dvec2> path = {{-60e3, 0}, {0, 0}};
    ArrowShape shape;
    shape.width = 10e3; // a head 22 km wide and 18 km long
    std::vector<glm::dvec2> before, after;
    appendArrowTriangles(pathPrefix(path, 40e3), shape, &before, 60e3);
    appendArrowTriangles(pathPrefix(path, 40.5e3), shape, &after, 60e3);
    // A 6 km picture across the head's upper edge, 512 texels across.
    const PlaneRect window{{-30e3, 1e3}, {-24e3, 7e3}};
    const int size = 512;
    const std::vector<PlaneRect> parts = changedBlocks(before, after, window, size, 16);
    ASSERT_FALSE(parts.empty());
    const glm::dvec2 texel = (window.max - window.min) / double(size);
    double area = 0;
    for (const PlaneRect& r : parts) {
        area += (r.max.x - r.min.x) * (r.max.y - r.min.y);
        EXPECT_GE(r.min.x, window.min.x);
        EXPECT_LE(r.max.y, window.max.y);
    }
    const double windowArea = (window.max.x - window.min.x) * (window.max.y - window.min.y);
    EXPECT_LT(area, 0.25 * windowArea) << "only along the edge";
    int differing = 0, missed = 0;
    for (int j = 0; j < size; ++j)
        for (int i = 0; i < size; ++i)
            for (glm::dvec2 at : {glm::dvec2(i + 0.5, j + 0.5), glm::dvec2(i, j), glm::dvec2(i + 1, j + 1)}) {
                const glm::dvec2 p = window.min + at * texel;
                if (covered(before, p) == covered(after, p))
                    continue;
                ++differing;
                const glm::dvec2 c = window.min + glm::dvec2(i + 0.5, j + 0.5) * texel;
                missed += std::none_of(parts.begin(), parts.end(), [&](const PlaneRect& r) {
                    return c.x > r.min.x && c.x < r.max.x && c.y > r.min.y && c.y < r.max.y;
                });
            }
    EXPECT_GT(differing, 100) << "the edge moves through the picture";
    EXPECT_EQ(missed, 0);

    // Inside the head, both times: nothing changes. The same triangles: nothing either.
    EXPECT_TRUE(changedBlocks(before, after, PlaneRect{{-30e3, -2e3}, {-28e3, 0}}, size, 16).empty());
    EXPECT_TRUE(changedBlocks(after, after, window, size, 16).empty());
    // A window the head does not reach.
    EXPECT_TRUE(changedBlocks(before, after, PlaneRect{{10e3, 10e3}, {20e3, 20e3}}, size, 16).empty());
}

TEST(AnnotationGeometry, PolygonsTriangulateToTheirArea) {
    const std::vector<std::vector<glm::dvec2>> rings = {
        {{0, 0}, {10, 0}, {10, 10}, {0, 10}},                                       // square
        {{0, 0}, {0, 10}, {10, 10}, {10, 0}},                                       // clockwise
        {{0, 0}, {20, 0}, {20, 5}, {5, 5}, {5, 20}, {0, 20}},                       // L
        {{0, 0}, {30, 0}, {30, 10}, {25, 2}, {20, 10}, {15, 2}, {10, 10}, {5, 2}, {0, 10}}, // comb
        {{0, 0}, {5, 0}, {10, 0}, {10, 10}, {10, 10}, {0, 10}},                     // collinear and repeated
    };
    for (const std::vector<glm::dvec2>& ring : rings) {
        std::vector<glm::dvec2> t;
        EXPECT_TRUE(appendPolygonTriangles(ring, &t));
        EXPECT_NEAR(trianglesArea(t), std::abs(signedArea2(ring)) / 2, 1e-9);
    }
    // The L's notch stays empty.
    std::vector<glm::dvec2> t;
    appendPolygonTriangles(rings[2], &t);
    EXPECT_FALSE(covered(t, {15, 15}));
    EXPECT_TRUE(covered(t, {2, 15}));
    // A bow tie is not simple: something is still drawn, and the clipping ends.
    t.clear();
    appendPolygonTriangles({{0, 0}, {10, 10}, {10, 0}, {0, 10}, {5, -3}}, &t);
    EXPECT_FALSE(t.empty());
}

Annotation arrow(const char* id, const char* start, const char* growStart, const char* growEnd) {
    Annotation a;
    a.id = id;
    a.kind = AnnotationKind::Arrow;
    a.text = std::string("Army ") + id;
    a.points = {{24.0, 52.0}, {23.5, 52.1}, {23.0, 52.0}};
    a.start = Timestamp{*parseIso8601(start), start};
    a.grow = TimeSpan{{*parseIso8601(growStart), growStart}, {*parseIso8601(growEnd), growEnd}};
    return a;
}

FrameInput frameAt(const EnuFrame& scene, const char* time, double altitude = 200e3) {
    Camera camera;
    camera.position = {52.0, 23.5, altitude};
    camera.pitchDeg = -89;
    return makeFrameInput(camera, scene, *parseIso8601(time), 1280, 720, 100);
}

double paintedReach(const FrameInput& frame, const EnuFrame& scene) {
    const glm::dvec2 start(geodeticToEnu(scene, {52.0, 24.0, 0}));
    double reach = 0;
    for (const DrapeVertex& v : *frame.drape->far.vertices)
        reach = std::max(reach, glm::distance(glm::dvec2(v.position), start));
    return reach;
}

TEST(AnnotationLayer, ArrowsAppearAtTheirStartAndGrowAlongTheirPath) {
    const EnuFrame scene = makeEnuFrame({52.0, 23.5, 0});
    AnnotationSet set;
    set.annotations = {arrow("a", "1939-09-17T02:00:00Z", "1939-09-17T02:00:00Z", "1939-09-19T02:00:00Z")};
    AnnotationLayer layer;
    layer.setAnnotations(set, nullptr, scene);
    const HeightFunction ground = [](double, double) { return 150.0; };

    FrameInput before = frameAt(scene, "1939-09-16T12:00:00Z");
    layer.addToFrame(&before, ground, 200e3, 1, 2, true);
    EXPECT_EQ(before.drape, nullptr) << "nothing painted before the arrow starts";

    double last = 0;
    for (const char* t : {"1939-09-17T08:00:00Z", "1939-09-18T02:00:00Z", "1939-09-18T20:00:00Z", "1939-09-19T02:00:00Z"}) {
        FrameInput frame = frameAt(scene, t);
        layer.addToFrame(&frame, ground, 200e3, 1, 2, true);
        ASSERT_NE(frame.drape, nullptr) << t;
        const double reach = paintedReach(frame, scene);
        EXPECT_GT(reach, last + 5e3) << t << ": the head moves on";
        last = reach;
    }
    // Grown: as long as the path (about 70 km along the smoothed curve).
    EXPECT_GT(last, 65e3);
    EXPECT_LT(last, 80e3);
    FrameInput later = frameAt(scene, "1939-10-01T00:00:00Z");
    layer.addToFrame(&later, ground, 200e3, 1, 2, true);
    EXPECT_NEAR(paintedReach(later, scene), last, 1) << "whole after it has grown";
    // From 200 km the near window would be the far one: only the far picture is painted.
    EXPECT_TRUE(later.drape->near.window == DrapeWindow{});
    EXPECT_TRUE(!later.drape->near.vertices || later.drape->near.vertices->empty());
    ASSERT_TRUE(later.drape->far.vertices);
    EXPECT_FALSE(later.drape->far.vertices->empty());
}

TEST(AnnotationLayer, RepaintsOnlyWhenSomethingChanged) {
    const EnuFrame scene = makeEnuFrame({52.0, 23.5, 0});
    AnnotationSet set;
    set.annotations = {arrow("a", "1939-09-17T02:00:00Z", "1939-09-17T02:00:00Z", "1939-09-19T02:00:00Z")};
    Annotation area;
    area.id = "area";
    area.kind = AnnotationKind::Area;
    area.points = {{23.0, 50.0}, {24.0, 50.0}, {24.0, 50.5}};
    area.end = Timestamp{*parseIso8601("1939-09-20T00:00:00Z"), ""};
    set.annotations.push_back(area);
    AnnotationLayer layer;
    layer.setAnnotations(set, nullptr, scene);
    const HeightFunction ground = [](double, double) { return 150.0; };
    auto paint = [&](const char* time, double altitude, bool settled = false) {
        FrameInput f = frameAt(scene, time, altitude);
        layer.addToFrame(&f, ground, altitude - 150, 1, 2, settled);
        return f.drape;
    };
    auto hasArea = [](const DrapePicture& p) {
        return std::any_of(p.vertices->begin(), p.vertices->end(), [](const DrapeVertex& v) { return v.coverage.y == 1; });
    };
    // The first frame paints one picture (the far one), the next the other.
    const auto first = paint("1939-09-21T00:00:00Z", 20e3);
    EXPECT_NE(first->far.version, 0u);
    EXPECT_EQ(first->near.version, 0u) << "one picture a frame in the window";
    const auto a = paint("1939-09-21T00:00:00Z", 20e3);
    EXPECT_NE(a->near.version, 0u);
    EXPECT_EQ(a->far.version, first->far.version);
    EXPECT_EQ(paint("1939-09-21T06:00:00Z", 20e3), a) << "the same shapes and window: the same pictures";
    EXPECT_FALSE(hasArea(a->far)) << "the area ended on the 20th";
    // Back to the 18th: the area is back and the arrow half grown; both pictures change, one a
    // frame, both at once offline.
    const auto b = paint("1939-09-18T00:00:00Z", 20e3);
    const auto c = paint("1939-09-18T00:00:00Z", 20e3);
    EXPECT_NE(c->near.version, a->near.version);
    EXPECT_NE(c->far.version, a->far.version);
    EXPECT_TRUE(hasArea(c->far));
    EXPECT_FALSE(hasArea(c->near)) << "the area lies outside the near picture (south of the camera)";
    const auto d = paint("1939-09-17T12:00:00Z", 20e3, true);
    EXPECT_NE(d->near.version, c->near.version);
    EXPECT_NE(d->far.version, c->far.version);
    // A climb makes a larger near window: only the near picture changes.
    const auto e = paint("1939-09-17T12:00:00Z", 25e3);
    EXPECT_EQ(e->far.version, d->far.version);
    EXPECT_FALSE(e->near.window == d->near.window);
    // A minute more moves the head by far less than a far texel: nothing is painted again.
    EXPECT_EQ(paint("1939-09-17T12:01:00Z", 25e3)->far.version, e->far.version);
    (void)b;
}

TEST(AnnotationLayer, NearWindowFollowsTheCameraAndGivesWayToTheFarOne) {
    const EnuFrame scene = makeEnuFrame({52.0, 23.5, 0});
    const DrapeWindow far{{-400e3, -400e3}, {400e3, 400e3}};
    for (double altitude : {500.0, 3000.0, 20e3}) {
        const FrameInput f = frameAt(scene, "1939-09-21T00:00:00Z", altitude);
        const DrapeWindow near = nearDrapeWindow(f.camera, altitude - 100, far);
        const glm::dvec2 eye(f.camera.eye);
        EXPECT_TRUE(eye.x > near.min.x && eye.x < near.max.x && eye.y > near.min.y && eye.y < near.max.y) << altitude;
        EXPECT_GE(near.max.x - near.min.x, 4 * (altitude - 100)) << "covers several heights around the camera";
        EXPECT_LT(near.max.x - near.min.x, 12 * altitude + 2000);
        // A small move keeps the window (it is snapped), a large one moves it.
        FrameInput moved = f;
        moved.camera.eye.x += altitude * 0.05;
        EXPECT_EQ(nearDrapeWindow(moved.camera, altitude - 100, far), near);
        moved.camera.eye.x += altitude * 5;
        EXPECT_FALSE(nearDrapeWindow(moved.camera, altitude - 100, far) == near);
    }
    const FrameInput high = frameAt(scene, "1939-09-21T00:00:00Z", 300e3);
    EXPECT_EQ(nearDrapeWindow(high.camera, 300e3, far), far);
}

TEST(AnnotationLayer, StylesComeFromTheSideUnlessGiven) {
    Replay replay;
    replay.sides = {{"su", "Soviet Union", 0xcc0000, Affiliation::Hostile}};
    Annotation a = arrow("a", "1939-09-17T02:00:00Z", "1939-09-17T02:00:00Z", "1939-09-19T02:00:00Z");
    a.side = "su";
    ResolvedStyle s = resolveStyle(a, &replay);
    EXPECT_FLOAT_EQ(s.colour.r, 0xcc / 255.0f);
    EXPECT_FLOAT_EQ(s.colour.g, 0);
    EXPECT_FLOAT_EQ(s.colour.a, 0.8f);
    a.style.colour = 0x00ff00;
    a.style.opacity = 0.5;
    a.style.widthKm = 20;
    s = resolveStyle(a, &replay);
    EXPECT_FLOAT_EQ(s.colour.g, 1);
    EXPECT_FLOAT_EQ(s.colour.a, 0.5f);
    EXPECT_DOUBLE_EQ(s.widthMetres, 20e3);
    Annotation line;
    line.kind = AnnotationKind::Line;
    EXPECT_EQ(resolveStyle(line, nullptr).dash, LineDash::Solid);
    EXPECT_FLOAT_EQ(resolveStyle(line, nullptr).widthPixels, 2.5f);
}

TEST(AnnotationLayer, LabelsFollowTheDate) {
    const EnuFrame scene = makeEnuFrame({52.0, 23.5, 0});
    AnnotationSet set;
    Annotation label;
    label.id = "kock";
    label.kind = AnnotationKind::Label;
    label.text = "Kock";
    label.points = {{22.449, 51.640}};
    label.start = Timestamp{*parseIso8601("1939-10-02T00:00:00Z"), ""};
    set.annotations = {label, arrow("a", "1939-09-17T02:00:00Z", "1939-09-17T02:00:00Z", "1939-09-19T02:00:00Z")};
    AnnotationLayer layer;
    layer.setAnnotations(set, nullptr, scene);
    auto labelsAt = [&](const char* time) {
        std::vector<AnnotationLayer::Label> out;
        layer.labelsAt(*parseIso8601(time), &out);
        std::string texts;
        for (const AnnotationLayer::Label& l : out)
            texts += l.spec.text + ";";
        return texts;
    };
    EXPECT_EQ(labelsAt("1939-09-17T06:00:00Z"), "") << "the arrow has not grown enough to carry its name";
    EXPECT_EQ(labelsAt("1939-09-18T12:00:00Z"), "Army a;");
    EXPECT_EQ(labelsAt("1939-10-03T00:00:00Z"), "Kock;Army a;");
}

// The shipped 1939 set: what the campaign's story needs, all of it valid against the replay.
TEST(ShippedAnnotations, TellTheCampaign) {
    const std::string data = KRESY_DATA_DIR;
    Replay replay;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(loadReplay(data + "/replays/1939-soviet-invasion.json", nullptr, &replay, &diagnostics));
    AnnotationSet set;
    ASSERT_TRUE(loadAnnotations(annotationsPathForReplay(data + "/replays/1939-soviet-invasion.json"), &replay, &set,
                                &diagnostics));
    for (const Diagnostic& d : diagnostics)
        ADD_FAILURE() << formatDiagnostic(d);
    const Time invasion = *parseIso8601("1939-09-17T02:00:00Z");
    const Time treaty = *parseIso8601("1939-09-28T12:00:00Z");
    int sovietArrows = 0, polishArrows = 0;
    bool demarcation = false, protocol = false, bridgehead = false;
    for (const Annotation& a : set.annotations) {
        if (a.kind == AnnotationKind::Arrow && a.side == std::optional<std::string>("su")) {
            ++sovietArrows;
            EXPECT_GE(a.start->time, invasion) << a.id;
            EXPECT_TRUE(a.grow) << a.id << ": advances grow";
        }
        if (a.kind == AnnotationKind::Arrow && a.side == std::optional<std::string>("pl"))
            ++polishArrows;
        if (a.kind == AnnotationKind::Line && !annotationVisible(a, treaty - 60) && annotationVisible(a, treaty + 60))
            demarcation = true;
        if (a.kind == AnnotationKind::Line && annotationVisible(a, invasion) && !annotationVisible(a, treaty + 60))
            protocol = true;
        if (a.kind == AnnotationKind::Area && a.text && a.text->find("Romanian") != std::string::npos)
            bridgehead = true;
    }
    EXPECT_GE(sovietArrows, 7) << "both fronts' armies";
    EXPECT_GE(polishArrows, 2) << "the retreat towards the Romanian Bridgehead";
    EXPECT_TRUE(demarcation) << "the line of 28 September, from 28 September";
    EXPECT_TRUE(protocol) << "the secret protocol's line, until the treaty";
    EXPECT_TRUE(bridgehead);
    // A label within 10 km of every event's place ("west of Szack" has Szack's), shown by the
    // time of the event.
    for (const Event& e : replay.events) {
        bool labelled = false;
        for (const Annotation& a : set.annotations)
            if (a.kind == AnnotationKind::Label &&
                greatCircleDistance(a.points[0].lat, a.points[0].lon, e.place.lat, e.place.lon) < 10e3 &&
                annotationVisible(a, e.start.time))
                labelled = true;
        EXPECT_TRUE(labelled) << e.id;
    }
}

} // namespace
} // namespace kresy
