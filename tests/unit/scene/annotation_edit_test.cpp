#include "scene/annotation_edit.h"

#include "replays/annotations_io.h"
#include "scene/director.h"

#include "../test_dir.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kresy {
namespace {

namespace fs = std::filesystem;

const Time kStart = *parseIso8601("1939-09-17T02:00:00Z");

Replay twoSides() {
    Replay r;
    r.sides = {Side{"pl", "Poland", 0x2e6fd8, Affiliation::Friend, Json::object()},
               Side{"su", "Soviet Union", 0xc0392b, Affiliation::Hostile, Json::object()}};
    r.metadata.sources = {Source{"meltyukhov2001", "Meltyukhov 2001", std::nullopt, Json::object()}};
    Annotation inline1;
    inline1.id = "arrow-1"; // the replay's own: a new arrow must not take this id
    inline1.kind = AnnotationKind::Arrow;
    inline1.points = {{24, 52}, {25, 52}};
    r.annotations = {inline1};
    return r;
}

using TempDir = test::TestDir;

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(AnnotationDocument, AddsAnnotationsWithFreshIdsAndTheCampaignTime) {
    const Replay replay = twoSides();
    AnnotationDocument doc("x.annotations.json", {}, &replay);
    const int arrow = doc.add(AnnotationKind::Arrow, kStart);
    EXPECT_EQ(doc.annotations()[size_t(arrow)].id, "arrow-2") << "arrow-1 is the replay's";
    ASSERT_TRUE(doc.annotations()[size_t(arrow)].start);
    EXPECT_EQ(doc.annotations()[size_t(arrow)].start->time, kStart);
    EXPECT_FALSE(doc.annotations()[size_t(arrow)].end);
    EXPECT_EQ(doc.annotations()[size_t(doc.add(AnnotationKind::Arrow, kStart))].id, "arrow-3");
    const int label = doc.add(AnnotationKind::Label, kStart);
    EXPECT_EQ(doc.annotations()[size_t(label)].id, "label-1");
    EXPECT_EQ(doc.annotations()[size_t(label)].text, "Label") << "a label needs text to be saved";
    const int copy = doc.duplicate(arrow);
    EXPECT_EQ(copy, arrow + 1);
    EXPECT_EQ(doc.annotations()[size_t(copy)].id, "arrow-4");
    doc.remove(arrow);
    EXPECT_EQ(doc.freshId(AnnotationKind::Arrow), "arrow-2") << "a freed id is given again";
    EXPECT_EQ(doc.find("arrow-4"), arrow);
    EXPECT_EQ(doc.find("nothing"), -1);
}

TEST(AnnotationDocument, PointsAreAddedInsertedMovedAndDeletedDownToTheKindsMinimum) {
    AnnotationDocument doc;
    const int line = doc.add(AnnotationKind::Line, kStart);
    EXPECT_EQ(doc.addPoint(line, {20, 50}), 0);
    EXPECT_EQ(doc.addPoint(line, {22, 50}), 1);
    EXPECT_EQ(doc.addPoint(line, {22, 52}), 2);
    // Near the middle of the first segment: between 0 and 1.
    EXPECT_EQ(doc.addPoint(line, {21, 50.1}, true), 1);
    EXPECT_EQ(doc.annotations()[0].points[1], (GeoPosition{21, 50.1}));
    // Beyond the first point: it extends the line there.
    EXPECT_EQ(doc.addPoint(line, {19, 50}, true), 0);
    ASSERT_EQ(doc.annotations()[0].points.size(), 5u);
    doc.movePoint(line, 0, {19.5, 49.5});
    EXPECT_EQ(doc.annotations()[0].points[0], (GeoPosition{19.5, 49.5}));

    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(doc.deletePoint(line, 0));
    std::string why;
    EXPECT_FALSE(doc.deletePoint(line, 0, &why)) << "a line keeps two points";
    EXPECT_NE(why.find("a line needs at least 2 points"), std::string::npos) << why;
    EXPECT_EQ(doc.annotations()[0].points.size(), 2u);

    const int area = doc.add(AnnotationKind::Area, kStart, {{20, 50}, {21, 50}, {21, 51}});
    EXPECT_FALSE(doc.deletePoint(area, 1, &why));
    EXPECT_NE(why.find("an area needs at least 3"), std::string::npos) << why;
    // The closing segment (last to first) counts for an area: the point goes at the end.
    EXPECT_EQ(doc.addPoint(area, {20.4, 50.6}, true), 3);
    EXPECT_TRUE(doc.deletePoint(area, 3));

    const int label = doc.add(AnnotationKind::Label, kStart);
    doc.addPoint(label, {23, 52});
    EXPECT_EQ(doc.addPoint(label, {24, 53}), 0) << "a label's point moves";
    EXPECT_EQ(doc.annotations()[size_t(label)].points, (std::vector<GeoPosition>{{24, 53}}));
    EXPECT_FALSE(doc.deletePoint(label, 0));

    const int arrow = doc.add(AnnotationKind::Arrow, kStart, {{20, 50}, {21, 50}, {22, 51}});
    doc.reverse(arrow);
    EXPECT_EQ(doc.annotations()[size_t(arrow)].points,
              (std::vector<GeoPosition>{{22, 51}, {21, 50}, {20, 50}}));
}

TEST(AnnotationDocument, UndoRedoAndOneDragIsOneStep) {
    AnnotationDocument doc;
    const int arrow = doc.add(AnnotationKind::Arrow, kStart, {{20, 50}, {21, 50}});
    const AnnotationSet before = doc.set();
    doc.beginDrag();
    for (int i = 1; i <= 30; ++i)
        doc.movePoint(arrow, 1, {21 + i * 0.01, 50});
    doc.endDrag();
    EXPECT_EQ(doc.annotations()[0].points[1].lon, 21.3);
    ASSERT_TRUE(doc.undo());
    EXPECT_EQ(doc.set(), before) << "a drag is one undo step";
    ASSERT_TRUE(doc.redo());
    EXPECT_EQ(doc.annotations()[0].points[1].lon, 21.3);
    // Two drags are two steps, even with nothing between them.
    doc.beginDrag();
    doc.movePoint(arrow, 0, {19, 50});
    doc.endDrag();
    doc.beginDrag();
    doc.movePoint(arrow, 0, {18, 50});
    doc.endDrag();
    ASSERT_TRUE(doc.undo());
    EXPECT_EQ(doc.annotations()[0].points[0].lon, 19);
    // Typing into one field merges; another field is a step of its own.
    Annotation a = doc.annotations()[0];
    a.text = "3";
    doc.setAnnotation(arrow, a, "text");
    a.text = "3r";
    doc.setAnnotation(arrow, a, "text");
    a.text = "3rd";
    doc.setAnnotation(arrow, a, "text");
    ASSERT_TRUE(doc.undo());
    EXPECT_FALSE(doc.annotations()[0].text);
    // A new edit clears redo.
    doc.addPoint(arrow, {22, 51});
    EXPECT_FALSE(doc.canRedo());
    // An edit that changes nothing is no step.
    const size_t steps = [&] {
        AnnotationDocument copy = doc;
        size_t n = 0;
        while (copy.undo())
            ++n;
        return n;
    }();
    doc.movePoint(arrow, 0, doc.annotations()[0].points[0]);
    AnnotationDocument copy = doc;
    size_t n = 0;
    while (copy.undo())
        ++n;
    EXPECT_EQ(n, steps);
}

TEST(AnnotationDocument, UndoKeepsTheLast200Steps) {
    AnnotationDocument doc;
    const int line = doc.add(AnnotationKind::Line, kStart, {{20, 50}, {21, 50}});
    for (int i = 1; i <= 250; ++i)
        doc.movePoint(line, 0, {20 + i * 0.001, 50});
    int undone = 0;
    while (doc.undo())
        ++undone;
    EXPECT_EQ(undone, 200);
    EXPECT_NEAR(doc.annotations()[0].points[0].lon, 20.050, 1e-9) << "the oldest steps are the ones forgotten";
    int redone = 0;
    while (doc.redo())
        ++redone;
    EXPECT_EQ(redone, 200);
}

TEST(AnnotationDocument, DirtyUntilSavedAndCleanWhenUndoneBackToTheFile) {
    TempDir dir;
    const Replay replay = twoSides();
    AnnotationDocument doc(dir / "r.annotations.json", {}, &replay);
    EXPECT_FALSE(doc.dirty());
    const int arrow = doc.add(AnnotationKind::Arrow, kStart, {{20, 50}, {21, 50}});
    EXPECT_TRUE(doc.dirty());
    doc.undo();
    EXPECT_FALSE(doc.dirty()) << "undone back to what was loaded";
    doc.redo();
    EXPECT_TRUE(doc.dirty());
    std::string error;
    ASSERT_TRUE(doc.save(&error)) << error;
    EXPECT_FALSE(doc.dirty());
    doc.movePoint(arrow, 1, {22, 50});
    EXPECT_TRUE(doc.dirty());
    doc.undo();
    EXPECT_FALSE(doc.dirty()) << "undone back to what was saved";
    doc.undo();
    EXPECT_TRUE(doc.dirty()) << "before the save: differs from the file";
}

TEST(AnnotationDocument, SaveWritesAFileThatReadsBackEqual) {
    TempDir dir;
    const Replay replay = twoSides();
    const std::string path = dir / "r.annotations.json";
    AnnotationDocument doc(path, {}, &replay);
    const int arrow = doc.add(AnnotationKind::Arrow, kStart, {{27.2, 55.0}, {26.0, 55.2}, {25.3, 54.7}});
    Annotation a = doc.annotations()[size_t(arrow)];
    a.text = "3rd Army";
    a.side = "su";
    a.end = Timestamp{kStart + 86400 * 10, formatIso8601(kStart + 86400 * 10)};
    a.grow = TimeSpan{Timestamp{kStart, formatIso8601(kStart)}, Timestamp{kStart + 86400, formatIso8601(kStart + 86400)},
                      Json::object()};
    a.style.colour = 0xc0392b;
    a.style.widthKm = 12;
    a.sources = {"meltyukhov2001"};
    doc.setAnnotation(arrow, a);
    doc.add(AnnotationKind::Label, kStart, {{22.449, 51.64}});
    doc.add(AnnotationKind::Area, kStart, {{24, 49.3}, {25.5, 49.2}, {26, 48.5}});
    std::string error;
    ASSERT_TRUE(doc.save(&error)) << error;
    AnnotationSet back;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(loadAnnotations(path, &replay, &back, &diagnostics));
    EXPECT_TRUE(diagnostics.empty()) << formatDiagnostic(diagnostics[0]);
    EXPECT_EQ(back, doc.set());
}

TEST(AnnotationDocument, ARefusedSaveLeavesTheFileAsItWas) {
    TempDir dir;
    const Replay replay = twoSides();
    const std::string path = dir / "r.annotations.json";
    AnnotationDocument doc(path, {}, &replay);
    const int arrow = doc.add(AnnotationKind::Arrow, kStart, {{20, 50}, {21, 50}});
    std::string error;
    ASSERT_TRUE(doc.save(&error)) << error;
    const std::string before = slurp(path);

    doc.add(AnnotationKind::Line, kStart, {{20, 50}}); // one point: not yet a line
    EXPECT_FALSE(doc.save(&error));
    EXPECT_NE(error.find("needs at least 2 points"), std::string::npos) << error;
    EXPECT_NE(error.find("r.annotations.json:"), std::string::npos) << "the place is given: " << error;
    EXPECT_EQ(slurp(path), before);
    EXPECT_TRUE(doc.dirty());
    doc.undo();

    Annotation a = doc.annotations()[size_t(arrow)];
    a.side = "ru"; // not a side of the replay
    doc.setAnnotation(arrow, a);
    EXPECT_FALSE(doc.save(&error));
    EXPECT_NE(error.find("\"ru\""), std::string::npos) << error;
    EXPECT_EQ(slurp(path), before);

    a.side = "su";
    a.end = Timestamp{kStart - 3600, formatIso8601(kStart - 3600)}; // before its start
    doc.setAnnotation(arrow, a);
    EXPECT_FALSE(doc.save(&error));
    EXPECT_EQ(slurp(path), before);

    const int second = doc.add(AnnotationKind::Line, kStart, {{20, 50}, {21, 51}});
    Annotation b = doc.annotations()[size_t(second)];
    b.id = doc.annotations()[size_t(arrow)].id; // a duplicate id
    doc.setAnnotation(second, b);
    EXPECT_FALSE(doc.save(&error));
    EXPECT_EQ(slurp(path), before);
}

TEST(AnnotationDocument, NeverSavesOverAFileThatDidNotLoad) {
    TempDir dir;
    const std::string path = dir / "r.annotations.json";
    const std::string broken = "{\"version\": 1, \"annotations\": [ {\"id\": 3 ";
    {
        std::ofstream(path, std::ios::binary) << broken;
    }
    AnnotationDocument doc(path, {}, nullptr, /*broken=*/true);
    doc.add(AnnotationKind::Line, kStart, {{20, 50}, {21, 51}});
    std::string error;
    EXPECT_FALSE(doc.save(&error));
    EXPECT_NE(error.find("had errors"), std::string::npos) << error;
    EXPECT_NE(error.find("left untouched"), std::string::npos) << error;
    EXPECT_EQ(slurp(path), broken);

    AnnotationDocument noFile;
    EXPECT_FALSE(noFile.save(&error));
}

TEST(AnnotationHitTest, NearestPointOnScreenWithinTheRadius) {
    Annotation a;
    a.kind = AnnotationKind::Line;
    a.points = {{20, 50}, {21, 50}, {22, 50}, {30, 50}};
    const ScreenProjection project = [](const GeoPosition& p) -> std::optional<glm::dvec2> {
        if (p.lon > 25)
            return std::nullopt; // behind the camera
        return glm::dvec2((p.lon - 20) * 100, 300);
    };
    EXPECT_EQ(nearestPoint(a, project, {103, 304}, 8), 1);
    EXPECT_EQ(nearestPoint(a, project, {150, 300}, 8), -1);
    EXPECT_EQ(nearestPoint(a, project, {196, 300}, 8), 2);
    EXPECT_EQ(nearestPoint(a, project, {1000, 300}, 8), -1);
}

TEST(AnnotationHitTest, AnOutlineIsHitNearItsSegmentsAndAnAreaInside) {
    const ScreenProjection project = [](const GeoPosition& p) -> std::optional<glm::dvec2> {
        return glm::dvec2(p.lon * 100, p.lat * 100);
    };
    Annotation line;
    line.kind = AnnotationKind::Line;
    line.points = {{0, 0}, {2, 0}, {2, 2}};
    EXPECT_TRUE(hitsAnnotation(line, project, {100, 5}, 7));
    EXPECT_TRUE(hitsAnnotation(line, project, {205, 150}, 7));
    EXPECT_FALSE(hitsAnnotation(line, project, {100, 100}, 7)) << "a line has no inside";
    EXPECT_FALSE(hitsAnnotation(line, project, {100, 110}, 7)) << "nor a closing segment";
    Annotation area = line;
    area.kind = AnnotationKind::Area;
    EXPECT_TRUE(hitsAnnotation(area, project, {150, 60}, 7)) << "inside";
    EXPECT_TRUE(hitsAnnotation(area, project, {100, 104}, 7)) << "on the closing segment";
    EXPECT_FALSE(hitsAnnotation(area, project, {60, 150}, 7));
}

TEST(AnnotationHitTest, PixelOfIsTheInverseOfGroundUnderPixel) {
    const EnuFrame scene = makeEnuFrame({52, 23, 0});
    Camera camera;
    camera.position = {51.8, 23.1, 20000};
    camera.headingDeg = 20;
    camera.pitchDeg = -40;
    const auto hills = [](double lat, double lon) { return 150 + 100 * std::sin(lat * 40) * std::cos(lon * 30); };
    const CameraView view = computeCameraView(camera, scene, 1600.0 / 900, 20000 - hills(51.8, 23.1));
    for (const glm::dvec2 pixel : {glm::dvec2(800, 450), glm::dvec2(100, 800), glm::dvec2(1500, 300)}) {
        const std::optional<GeoPoint> ground = groundUnderPixel(view, scene, 1600, 900, pixel.x, pixel.y, hills);
        ASSERT_TRUE(ground);
        const std::optional<glm::dvec2> back = pixelOf(view, scene, 1600, 900, *ground);
        ASSERT_TRUE(back);
        EXPECT_NEAR(back->x, pixel.x, 0.5);
        EXPECT_NEAR(back->y, pixel.y, 0.5);
    }
    // Behind the camera: nothing.
    EXPECT_FALSE(pixelOf(view, scene, 1600, 900, {51.0, 22.8, 0}));
}

} // namespace
} // namespace kresy
