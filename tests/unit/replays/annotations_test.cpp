// Campaign annotations: the model's helpers, reading a valid file, writing it back, and the
// annotations of a replay's own "annotations" array.

#include "replays/annotations_io.h"
#include "replays/replay_io.h"
#include "test_files.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>

namespace kresy {
namespace {

Time utc(int year, int month, int day, int hour, int minute = 0) {
    return double(daysFromCivil(year, month, day)) * 86400.0 + hour * 3600.0 + minute * 60.0;
}

std::string shown(const std::vector<Diagnostic>& diagnostics) {
    std::string text;
    for (const Diagnostic& d : diagnostics)
        text += formatDiagnostic(d) + "\n";
    return text;
}

Replay szackReplay() {
    Replay replay;
    std::vector<Diagnostic> diagnostics;
    EXPECT_TRUE(loadReplay(replayTestPath("good/full.json"), nullptr, &replay, &diagnostics)) << shown(diagnostics);
    return replay;
}

AnnotationSet parseOrFail(const std::string& text, const Replay* replay = nullptr) {
    AnnotationSet set;
    std::vector<Diagnostic> diagnostics;
    EXPECT_TRUE(parseAnnotations(text, "test.annotations.json", replay, &set, &diagnostics)) << shown(diagnostics);
    EXPECT_TRUE(diagnostics.empty()) << shown(diagnostics);
    return set;
}

std::string fullText() { return readTestFile(replayTestPath("annotations/full.annotations.json")); }

TEST(Annotations, ReadsEveryField) {
    const Replay replay = szackReplay();
    const AnnotationSet set = parseOrFail(fullText(), &replay);
    EXPECT_EQ(set.version, 1);
    ASSERT_EQ(set.annotations.size(), 5u);

    const Annotation& arrow = set.annotations[0];
    EXPECT_EQ(arrow.id, "su-52-arrow");
    EXPECT_EQ(arrow.kind, AnnotationKind::Arrow);
    EXPECT_EQ(arrow.text, "52nd Rifle Division");
    EXPECT_EQ(arrow.side, "su");
    EXPECT_EQ(arrow.points, (std::vector<GeoPosition>{{24.35, 51.3}, {24.2, 51.42}, {23.93, 51.49}}));
    ASSERT_TRUE(arrow.start && arrow.end && arrow.grow);
    EXPECT_EQ(arrow.start->time, utc(1939, 9, 27, 0));
    EXPECT_EQ(arrow.end->time, utc(1939, 9, 29, 21)); // 23:00 at +02:00
    EXPECT_EQ(arrow.end->text, "1939-09-29T23:00:00+02:00");
    EXPECT_EQ(arrow.grow->start.time, utc(1939, 9, 27, 6));
    EXPECT_EQ(arrow.grow->end.time, utc(1939, 9, 28, 12));
    EXPECT_EQ(arrow.style.colour, 0xc0392bu);
    EXPECT_EQ(arrow.style.opacity, 0.8);
    EXPECT_EQ(arrow.style.widthKm, 12.0);
    EXPECT_FALSE(arrow.style.widthPixels);
    EXPECT_EQ(arrow.sources, (std::vector<std::string>{"meltyukhov2001", "wiki-szack"}));
    EXPECT_EQ(arrow.description, "The 52nd crosses the Bug and turns on Szack.");
    EXPECT_FALSE(arrow.priority);

    const Annotation& line = set.annotations[1];
    EXPECT_EQ(line.kind, AnnotationKind::Line);
    EXPECT_FALSE(line.end);
    EXPECT_FALSE(line.side);
    EXPECT_EQ(line.points[2].lon, 24.0123456789012);
    EXPECT_EQ(line.style.dash, LineDash::Dashed);
    EXPECT_EQ(line.style.widthPixels, 3.0);
    EXPECT_TRUE(line.sources.empty());

    const Annotation& area = set.annotations[2];
    EXPECT_EQ(area.kind, AnnotationKind::Area);
    EXPECT_EQ(area.points.size(), 4u);
    EXPECT_FALSE(area.start);
    EXPECT_EQ(area.style.dash, LineDash::Dotted);
    EXPECT_EQ(area.style.widthPixels, 0.5);

    const Annotation& label = set.annotations[3];
    EXPECT_EQ(label.kind, AnnotationKind::Label);
    EXPECT_EQ(label.priority, 20);
    EXPECT_EQ(label.style.textPixels, 16.0);
    EXPECT_EQ(set.annotations[4].priority, 0);
    EXPECT_EQ(set.annotations[4].points, (std::vector<GeoPosition>{{-180, 90}}));
}

TEST(Annotations, UnknownFieldsAreKeptPerObjectInOrder) {
    const AnnotationSet set = parseOrFail(fullText());
    EXPECT_EQ(set.extra.dump(), R"({"x-editor":{"by":"test"}})");
    EXPECT_EQ(set.annotations[0].extra.dump(), R"({"wikidata":"Q1"})");
    EXPECT_EQ(set.annotations[0].grow->extra.dump(), R"({"note":"approximate"})");
    EXPECT_EQ(set.annotations[0].style.extra.dump(), R"({"wobble":2})");
    EXPECT_EQ(set.annotations[1].extra.dump(), "{}");
}

TEST(Annotations, ReadWriteReadIsIdentical) {
    const AnnotationSet first = parseOrFail(fullText());
    const std::string written = writeAnnotations(first);
    const AnnotationSet second = parseOrFail(written);
    EXPECT_TRUE(first == second) << written;
    EXPECT_EQ(writeAnnotations(second), written);
}

TEST(Annotations, TheTestFileIsWrittenAsItIs) {
    // The file beside the tests is laid out as the writer lays it out, but for a colour the
    // writer writes in lower case.
    std::string expected = fullText();
    expected.replace(expected.find("#C0392B"), 7, "#c0392b");
    EXPECT_EQ(writeAnnotations(parseOrFail(fullText())), expected);
}

TEST(Annotations, WritesASmallSetExactly) {
    AnnotationSet set;
    Annotation a;
    a.id = "a";
    a.kind = AnnotationKind::Arrow;
    a.points = {{24, 52.25}, {0.1 + 0.2, -1e-7}};
    a.start = Timestamp{utc(1939, 9, 17, 4), ""}; // no text: written in UTC
    a.grow = TimeSpan{{utc(1939, 9, 17, 4), ""}, {utc(1939, 9, 18, 0), "1939-09-18T03:00+03:00"}, Json::object()};
    a.style.colour = 0x0000ff;
    a.style.widthKm = 7.5;
    a.extra["z"] = 1;
    set.annotations.push_back(a);
    const std::string written = writeAnnotations(set);
    EXPECT_EQ(written, R"({
  "format": "kresy-annotations",
  "version": 1,
  "annotations": [
    {
      "id": "a",
      "kind": "arrow",
      "points": [
        [24, 52.25],
        [0.30000000000000004, -1e-07]
      ],
      "start": "1939-09-17T04:00:00Z",
      "grow": { "start": "1939-09-17T04:00:00Z", "end": "1939-09-18T03:00+03:00" },
      "style": { "colour": "#0000ff", "width_km": 7.5 },
      "z": 1
    }
  ]
}
)");
    const AnnotationSet back = parseOrFail(written);
    EXPECT_EQ(back.annotations[0].points, a.points); // exact
}

TEST(Annotations, AnEmptyFileIsValid) {
    const AnnotationSet set = parseOrFail(R"({"version": 1, "annotations": []})");
    EXPECT_TRUE(set.annotations.empty());
    EXPECT_EQ(writeAnnotations(set), "{\n  \"format\": \"kresy-annotations\",\n  \"version\": 1,\n  \"annotations\": []\n}\n");
}

TEST(Annotations, SaveAndLoad) {
    const std::string path =
        (std::filesystem::temp_directory_path() / ("kresy-annotations-" + std::to_string(::getpid()) + ".json")).string();
    const AnnotationSet set = parseOrFail(fullText());
    std::string error;
    ASSERT_TRUE(saveAnnotations(path, set, &error)) << error;
    AnnotationSet loaded;
    std::vector<Diagnostic> diagnostics;
    EXPECT_TRUE(loadAnnotations(path, nullptr, &loaded, &diagnostics)) << shown(diagnostics);
    EXPECT_TRUE(loaded == set);
    std::filesystem::remove(path);
    EXPECT_FALSE(saveAnnotations("/nonexistent/dir/x.annotations.json", set, &error));
    EXPECT_NE(error.find("/nonexistent/dir/"), std::string::npos) << error;
    diagnostics.clear();
    EXPECT_FALSE(loadAnnotations("/nonexistent/x.annotations.json", nullptr, &loaded, &diagnostics));
    EXPECT_EQ(shown(diagnostics), "/nonexistent/x.annotations.json: error: cannot read the file: No such file or directory\n");
}

// ---- In a replay ---------------------------------------------------------------------------

std::string replayWithAnnotations(const std::string& annotations) {
    std::string text = readTestFile(replayTestPath("good/full.json"));
    const size_t end = text.rfind('}');
    return text.substr(0, end) + ",\n  \"annotations\": [\n" + annotations + "\n  ]\n}\n";
}

TEST(AnnotationsInAReplay, AreReadWrittenAndRoundTrip) {
    const std::string text = replayWithAnnotations(
        R"(    {"id": "a", "kind": "arrow", "side": "su", "points": [[24.3, 51.3], [23.9, 51.5]], "sources": ["wiki-szack"]},
    {"id": "l", "kind": "label", "text": "Szack", "points": [[23.93, 51.49]], "x": true})");
    Replay replay;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(parseReplay(text, "r.json", nullptr, &replay, &diagnostics)) << shown(diagnostics);
    EXPECT_TRUE(diagnostics.empty()) << shown(diagnostics);
    ASSERT_EQ(replay.annotations.size(), 2u);
    EXPECT_EQ(replay.annotations[0].side, "su");
    EXPECT_EQ(replay.annotations[1].extra.dump(), R"({"x":true})");
    EXPECT_TRUE(replay.extra.find("annotations") == replay.extra.end());

    const std::string written = writeReplay(replay);
    EXPECT_LT(written.find("\"events\": ["), written.find("\"annotations\": ["));
    EXPECT_LT(written.find("\"annotations\": ["), written.find("\"x-editor\""));
    Replay again;
    ASSERT_TRUE(parseReplay(written, "w.json", nullptr, &again, &diagnostics)) << shown(diagnostics);
    EXPECT_TRUE(again == replay) << written;
    EXPECT_EQ(writeReplay(again), written);
}

TEST(AnnotationsInAReplay, NoneAreNotWritten) {
    const Replay replay = szackReplay();
    EXPECT_EQ(writeReplay(replay).find("annotations"), std::string::npos);
}

// The replay's sides and sources are checked, at the offending value.
TEST(AnnotationsInAReplay, SidesAndSourcesAreTheReplays) {
    const std::string text = replayWithAnnotations(
        R"(    {"id": "a", "kind": "line", "side": "ru", "points": [[24.3, 51.3], [23.9, 51.5]], "sources": ["wiki"]},
    {"id": "a", "kind": "label", "points": [[23.93, 51.49]]})");
    const int line = int(std::count(text.begin(), text.begin() + text.find("\"ru\""), '\n')) + 1;
    Replay replay;
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(parseReplay(text, "r.json", nullptr, &replay, &diagnostics));
    EXPECT_EQ(shown(diagnostics),
              "r.json:" + std::to_string(line) + ":41: error: unknown side \"ru\"; expected one of pl or su\n" +
              "r.json:" + std::to_string(line) + ":99: error: unknown source \"wiki\"; expected one of meltyukhov2001 "
              "or wiki-szack\n" +
              "r.json:" + std::to_string(line + 1) + ":5: error: missing required field \"text\" in a label\n" +
              "r.json:" + std::to_string(line + 1) + ":12: error: duplicate annotation id \"a\"; the first is at line " +
              std::to_string(line) + ", column 12\n");
}

// ---- The model's helpers --------------------------------------------------------------------

TEST(AnnotationModel, EnumNames) {
    EXPECT_EQ(std::vector<std::string>(enumNames<AnnotationKind>().begin(), enumNames<AnnotationKind>().end()),
              (std::vector<std::string>{"label", "arrow", "area", "line"}));
    EXPECT_EQ(std::vector<std::string>(enumNames<LineDash>().begin(), enumNames<LineDash>().end()),
              (std::vector<std::string>{"solid", "dashed", "dotted"}));
    AnnotationKind kind = AnnotationKind::Label;
    EXPECT_TRUE(parseEnum("area", &kind));
    EXPECT_EQ(kind, AnnotationKind::Area);
    EXPECT_STREQ(enumName(LineDash::Dotted), "dotted");
}

TEST(AnnotationModel, VisibleBetweenStartAndEndInclusive) {
    Annotation a;
    const Time t0 = utc(1939, 9, 17, 0), t1 = utc(1939, 9, 20, 0);
    EXPECT_TRUE(annotationVisible(a, -1e12)); // no bounds: always
    EXPECT_TRUE(annotationVisible(a, 1e12));
    a.start = Timestamp{t0, ""};
    EXPECT_FALSE(annotationVisible(a, t0 - 0.001));
    EXPECT_TRUE(annotationVisible(a, t0));
    EXPECT_TRUE(annotationVisible(a, 1e12)); // open end
    a.end = Timestamp{t1, ""};
    EXPECT_TRUE(annotationVisible(a, t1));
    EXPECT_FALSE(annotationVisible(a, t1 + 0.001));
    a.start.reset(); // open start
    EXPECT_TRUE(annotationVisible(a, -1e12));
    EXPECT_TRUE(annotationVisible(a, t1));
    EXPECT_FALSE(annotationVisible(a, t1 + 1));
    a.start = Timestamp{t1, ""}; // an instant
    EXPECT_TRUE(annotationVisible(a, t1));
    EXPECT_FALSE(annotationVisible(a, t1 - 1));
}

TEST(AnnotationModel, GrowthOfArrows) {
    Annotation a;
    a.kind = AnnotationKind::Arrow;
    const Time t0 = utc(1939, 9, 17, 0), t1 = utc(1939, 9, 17, 10);
    EXPECT_EQ(annotationGrowth(a, t0), 1.0); // no grow: whole
    a.grow = TimeSpan{{t0, ""}, {t1, ""}, Json::object()};
    EXPECT_EQ(annotationGrowth(a, t0 - 3600), 0.0);
    EXPECT_EQ(annotationGrowth(a, t0), 0.0);
    EXPECT_DOUBLE_EQ(annotationGrowth(a, t0 + 3600), 0.1);
    EXPECT_DOUBLE_EQ(annotationGrowth(a, (t0 + t1) / 2), 0.5);
    EXPECT_EQ(annotationGrowth(a, t1), 1.0);
    EXPECT_EQ(annotationGrowth(a, t1 + 3600), 1.0);
    a.grow->end = a.grow->start; // no duration: nothing before, all from its instant
    EXPECT_EQ(annotationGrowth(a, t0 - 0.001), 0.0);
    EXPECT_EQ(annotationGrowth(a, t0), 1.0);
    for (AnnotationKind kind : {AnnotationKind::Label, AnnotationKind::Area, AnnotationKind::Line}) {
        a.kind = kind; // grow is for arrows only
        EXPECT_EQ(annotationGrowth(a, t0 - 3600), 1.0) << enumName(kind);
    }
}

TEST(AnnotationModel, PathBesideTheReplay) {
    EXPECT_EQ(annotationsPathForReplay("data/replays/1939.json"), "data/replays/1939.annotations.json");
    EXPECT_EQ(annotationsPathForReplay("1939.json"), "1939.annotations.json");
    EXPECT_EQ(annotationsPathForReplay("/a.b/replay"), "/a.b/replay.annotations.json");
    EXPECT_EQ(annotationsPathForReplay("x.JSON"), "x.JSON.annotations.json");
    EXPECT_EQ(replayPathForAnnotations("data/1939.annotations.json"), "data/1939.json");
    EXPECT_EQ(replayPathForAnnotations("data/1939.json"), "");
    EXPECT_EQ(replayPathForAnnotations(annotationsPathForReplay("a/b.json")), "a/b.json");
}

// ---- The documents ------------------------------------------------------------------------

// Every ```json block of the format's documentation is a valid file or annotation.
TEST(AnnotationDocs, TheDocumentedExamplesAreValid) {
    const std::string doc = readTestFile(std::string(KRESY_TESTS_DIR) + "/../docs/annotation-format.md");
    int examples = 0;
    for (size_t begin = doc.find("```json\n"); begin != std::string::npos; begin = doc.find("```json\n", begin + 1)) {
        const size_t end = doc.find("```", begin + 8);
        ASSERT_NE(end, std::string::npos);
        std::string text = doc.substr(begin + 8, end - begin - 8);
        if (text.find("\"annotations\"") == std::string::npos)
            text = R"({"version": 1, "annotations": [)" + text + "]}";
        SCOPED_TRACE(text);
        parseOrFail(text);
        ++examples;
    }
    EXPECT_GE(examples, 1);
}

template <typename E>
std::vector<std::string> namesOf() {
    const auto names = enumNames<E>();
    return std::vector<std::string>(names.begin(), names.end());
}

TEST(AnnotationDocs, TheSchemaListsTheSameEnums) {
    const Json schema = Json::parse(readTestFile(std::string(KRESY_TESTS_DIR) + "/../docs/annotation.schema.json"));
    const Json& defs = schema["$defs"];
    EXPECT_EQ(defs["annotation"]["properties"]["kind"]["enum"].get<std::vector<std::string>>(), namesOf<AnnotationKind>());
    EXPECT_EQ(defs["style"]["properties"]["dash"]["enum"].get<std::vector<std::string>>(), namesOf<LineDash>());
    EXPECT_EQ(schema["properties"]["version"]["const"], kAnnotationsVersion);
    const Json replaySchema = Json::parse(readTestFile(std::string(KRESY_TESTS_DIR) + "/../docs/replay.schema.json"));
    EXPECT_TRUE(replaySchema["properties"].contains("annotations"));
}

// The campaign's annotations, once they exist, are valid against the campaign and round-trip.
TEST(AnnotationDocs, TheCampaignsAnnotationsAreValid) {
    const std::string replayPath = std::string(KRESY_TESTS_DIR) + "/../data/replays/1939-soviet-invasion.json";
    const std::string path = annotationsPathForReplay(replayPath);
    if (!std::filesystem::exists(path))
        GTEST_SKIP() << path << " does not exist yet";
    Replay replay;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(loadReplay(replayPath, nullptr, &replay, &diagnostics)) << shown(diagnostics);
    AnnotationSet set;
    EXPECT_TRUE(loadAnnotations(path, &replay, &set, &diagnostics)) << shown(diagnostics);
    EXPECT_TRUE(parseOrFail(writeAnnotations(set), &replay) == set);
}

} // namespace
} // namespace kresy
