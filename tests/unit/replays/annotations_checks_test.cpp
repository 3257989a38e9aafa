// The checks of annotations: each problem reported at the exact line and column of the offending
// value with an exact message, and any bytes read without a crash.

#include "replays/annotations_io.h"
#include "replays/replay_io.h"
#include "test_files.h"

#include <gtest/gtest.h>

#include <random>

namespace kresy {
namespace {

struct Case {
    const char* name;
    // One or more annotations, from line 2 of a file that is otherwise valid; or, when it starts
    // with "!", the whole file after the "!".
    const char* text;
    ExpectedProblem problem;
    bool withReplay = false; // checked against tests/unit/replays/good/full.json (sides pl, su)
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

constexpr Severity E = Severity::Error, W = Severity::Warning;

const Case kCases[] = {
    // The document.
    {"not_an_object", "![]", {1, 1, E, "an annotations file must be a JSON object, not an array"}},
    {"wrong_format", R"(!{"format": "kresy-replay", "version": 1, "annotations": []})",
     {1, 12, E, "\"format\" \"kresy-replay\" is not \"kresy-annotations\"; this is not an annotations file"}},
    {"missing_version", R"(!{"format": "kresy-annotations", "annotations": []})",
     {1, 1, E, "missing required field \"version\" in the annotations file"}},
    {"newer_version", R"(!{"version": 2, "annotations": []})",
     {1, 13, E, "annotations format version 2 is not supported; this kresy reads version 1"}},
    {"version_not_integer", R"(!{"version": 1.5, "annotations": []})",
     {1, 13, E, "\"version\" must be the integer 1, not 1.5"}},
    {"missing_annotations", R"(!{"version": 1})", {1, 1, E, "missing required field \"annotations\" in the annotations file"}},
    {"annotations_not_array", R"(!{"version": 1, "annotations": {}})",
     {1, 31, E, "\"annotations\" must be an array, not an object"}},
    {"syntax", R"(!{"version": 1, "annotations": [}]})", {1, 32, E, "expected a value"}},
    {"annotation_not_object", R"("label")", {2, 1, E, "an annotation must be an object, not a string"}},
    // id, kind, text.
    {"missing_id", R"({"kind": "label", "text": "A", "points": [[24, 52]]})",
     {2, 1, E, "missing required field \"id\" in an annotation"}},
    {"empty_id", R"({"id": "", "kind": "label", "text": "A", "points": [[24, 52]]})", {2, 8, E, "\"id\" is empty"}},
    {"duplicate_id", "{\"id\": \"a\", \"kind\": \"label\", \"text\": \"A\", \"points\": [[24, 52]]},\n"
                     "{\"id\": \"a\", \"kind\": \"label\", \"text\": \"B\", \"points\": [[24, 53]]}",
     {3, 8, E, "duplicate annotation id \"a\"; the first is at line 2, column 8"}},
    {"missing_kind", R"({"id": "a", "text": "A", "points": [[24, 52]]})",
     {2, 1, E, "missing required field \"kind\" in an annotation"}},
    {"bad_kind", R"({"id": "a", "kind": "circle", "points": [[24, 52]]})",
     {2, 21, E, "unknown \"kind\" \"circle\"; expected one of label, arrow, area or line"}},
    {"label_without_text", R"({"id": "a", "kind": "label", "points": [[24, 52]]})",
     {2, 1, E, "missing required field \"text\" in a label"}},
    {"label_empty_text", R"({"id": "a", "kind": "label", "text": "", "points": [[24, 52]]})",
     {2, 38, E, "\"text\" is empty; a label needs text"}},
    {"text_not_string", R"({"id": "a", "kind": "line", "text": 5, "points": [[24, 52], [25, 52]]})",
     {2, 37, E, "\"text\" must be a string, not a number"}},
    // points.
    {"missing_points", R"({"id": "a", "kind": "label", "text": "A"})",
     {2, 1, E, "missing required field \"points\" in an annotation"}},
    {"points_not_array", R"({"id": "a", "kind": "label", "text": "A", "points": "24,52"})",
     {2, 53, E, "\"points\" must be an array, not a string"}},
    {"point_not_array", R"({"id": "a", "kind": "label", "text": "A", "points": [{"lon": 24, "lat": 52}]})",
     {2, 54, E, "a point must be an array [lon, lat], not an object"}},
    {"point_three_values", R"({"id": "a", "kind": "label", "text": "A", "points": [[24, 52, 100]]})",
     {2, 54, E, "a point must be [lon, lat], two numbers, not 3 values"}},
    {"lon_not_number", R"({"id": "a", "kind": "label", "text": "A", "points": [["24", 52]]})",
     {2, 55, E, "a longitude must be a number, not a string"}},
    {"lon_out_of_range", R"({"id": "a", "kind": "label", "text": "A", "points": [[185.0, 52]]})",
     {2, 55, E, "longitude 185.0 is outside -180..180"}},
    {"lat_out_of_range", R"({"id": "a", "kind": "label", "text": "A", "points": [[24, -91]]})",
     {2, 59, E, "latitude -91 is outside -90..90"}},
    {"label_two_points", R"({"id": "a", "kind": "label", "text": "A", "points": [[24, 52], [25, 52]]})",
     {2, 53, E, "a label needs exactly 1 point, not 2"}},
    {"label_no_point", R"({"id": "a", "kind": "label", "text": "A", "points": []})",
     {2, 53, E, "a label needs exactly 1 point, not 0"}},
    {"arrow_one_point", R"({"id": "a", "kind": "arrow", "points": [[24, 52]]})",
     {2, 40, E, "an arrow needs at least 2 points, not 1"}},
    {"line_no_point", R"({"id": "a", "kind": "line", "points": []})", {2, 39, E, "a line needs at least 2 points, not 0"}},
    {"area_two_distinct", R"({"id": "a", "kind": "area", "points": [[24, 52], [25, 52], [25, 52]]})",
     {2, 39, E, "an area needs at least 3 distinct points, not 2"}},
    {"area_closed_ring", R"({"id": "a", "kind": "area", "points": [[24, 52], [25, 52], [25, 53], [24, 52]]})",
     {2, 70, W, "the last point repeats the first; an area's ring closes by itself, so it is dropped"}},
    // start, end, grow.
    {"bad_start", R"({"id": "a", "kind": "line", "points": [[24, 52], [25, 52]], "start": "17 September"})",
     {2, 70, E, "bad \"start\": expected an ISO-8601 date such as 1939-09-17T04:00:00Z, got '17 September'"}},
    {"start_without_zone", R"({"id": "a", "kind": "line", "points": [[24, 52], [25, 52]], "start": "1939-09-17T04:00"})",
     {2, 70, W, "\"start\" \"1939-09-17T04:00\" has no time zone; read as UTC (write Z or an offset such as +02:00)"}},
    {"end_before_start",
     R"({"id": "a", "kind": "line", "points": [[24, 52], [25, 52]], "start": "1939-09-17T04:00:00Z", "end": "1939-09-17T03:00:00Z"})",
     {2, 101, E, "\"end\" 1939-09-17T03:00:00Z is before \"start\" 1939-09-17T04:00:00Z"}},
    {"grow_not_object", R"({"id": "a", "kind": "arrow", "points": [[24, 52], [25, 52]], "grow": "1939-09-17"})",
     {2, 70, E, "\"grow\" must be an object {\"start\", \"end\"}, not a string"}},
    {"grow_missing_end", R"({"id": "a", "kind": "arrow", "points": [[24, 52], [25, 52]], "grow": {"start": "1939-09-17T00:00Z"}})",
     {2, 70, E, "missing required field \"end\" in \"grow\""}},
    {"grow_end_before_start",
     R"({"id": "a", "kind": "arrow", "points": [[24, 52], [25, 52]], "grow": {"start": "1939-09-18T00:00:00Z", "end": "1939-09-17T00:00:00Z"}})",
     {2, 111, E, "\"end\" 1939-09-17T00:00:00Z is before \"start\" 1939-09-18T00:00:00Z"}},
    {"grow_before_start",
     R"({"id": "a", "kind": "arrow", "points": [[24, 52], [25, 52]], "start": "1939-09-17T00:00:00Z",
"grow": {"start": "1939-09-16T00:00:00Z", "end": "1939-09-18T00:00:00Z"}})",
     {3, 19, E, "\"grow\" starts at 1939-09-16T00:00:00Z, before the annotation's \"start\" 1939-09-17T00:00:00Z"}},
    {"grow_after_end",
     R"({"id": "a", "kind": "arrow", "points": [[24, 52], [25, 52]], "end": "1939-09-17T12:00:00+02:00",
"grow": {"start": "1939-09-16T00:00:00Z", "end": "1939-09-17T12:00:00Z"}})",
     {3, 50, E, "\"grow\" ends at 1939-09-17T12:00:00Z, after the annotation's \"end\" 1939-09-17T12:00:00+02:00"}},
    {"grow_on_a_line",
     R"({"id": "a", "kind": "line", "points": [[24, 52], [25, 52]], "grow": {"start": "1939-09-16T00:00Z", "end": "1939-09-17T00:00Z"}})",
     {2, 69, W, "\"grow\" is for arrows; a line is drawn whole, so it is ignored"}},
    // side, priority, sources, description.
    {"side_not_string", R"({"id": "a", "kind": "line", "side": ["su"], "points": [[24, 52], [25, 52]]})",
     {2, 37, E, "\"side\" must be a string, not an array"}},
    {"unknown_side", R"({"id": "a", "kind": "line", "side": "ru", "points": [[24, 52], [25, 52]]})",
     {2, 37, E, "unknown side \"ru\"; expected one of pl or su"}, true},
    {"priority_not_integer", R"({"id": "a", "kind": "label", "text": "A", "points": [[24, 52]], "priority": 2.5})",
     {2, 77, E, "\"priority\" must be an integer, not 2.5"}},
    {"priority_out_of_range", R"({"id": "a", "kind": "label", "text": "A", "points": [[24, 52]], "priority": 1001})",
     {2, 77, E, "\"priority\" 1001 is outside 0..1000"}},
    {"priority_negative", R"({"id": "a", "kind": "label", "text": "A", "points": [[24, 52]], "priority": -1})",
     {2, 77, E, "\"priority\" -1 is outside 0..1000"}},
    {"sources_not_array", R"({"id": "a", "kind": "line", "points": [[24, 52], [25, 52]], "sources": "wiki-szack"})",
     {2, 72, E, "\"sources\" must be an array, not a string"}},
    {"source_not_string", R"({"id": "a", "kind": "line", "points": [[24, 52], [25, 52]], "sources": ["wiki-szack", 3]})",
     {2, 87, E, "a source id must be a string, not a number"}},
    {"unknown_source", R"({"id": "a", "kind": "line", "points": [[24, 52], [25, 52]], "sources": ["wiki-szack", "wiki"]})",
     {2, 87, E, "unknown source \"wiki\"; expected one of meltyukhov2001 or wiki-szack"}, true},
    {"description_not_string", R"({"id": "a", "kind": "line", "points": [[24, 52], [25, 52]], "description": null})",
     {2, 76, E, "\"description\" must be a string, not null"}},
    // style.
    {"style_not_object", R"({"id": "a", "kind": "line", "points": [[24, 52], [25, 52]], "style": "red"})",
     {2, 70, E, "\"style\" must be an object, not a string"}},
    {"bad_colour", R"({"id": "a", "kind": "line", "points": [[24, 52], [25, 52]], "style": {"colour": "#c0392"}})",
     {2, 81, E, "\"colour\" \"#c0392\" is not a colour; expected \"#rrggbb\" (six hex digits)"}},
    {"opacity_out_of_range", R"({"id": "a", "kind": "area", "points": [[24, 52], [25, 52], [25, 53]], "style": {"opacity": 1.5}})",
     {2, 92, E, "\"opacity\" 1.5 is outside 0..1"}},
    {"width_px_out_of_range", R"({"id": "a", "kind": "line", "points": [[24, 52], [25, 52]], "style": {"width_px": 0.25}})",
     {2, 83, E, "\"width_px\" 0.25 is outside 0.5..40"}},
    {"width_km_out_of_range", R"({"id": "a", "kind": "arrow", "points": [[24, 52], [25, 52]], "style": {"width_km": 250}})",
     {2, 84, E, "\"width_km\" 250 is outside 0.1..200"}},
    {"bad_dash", R"({"id": "a", "kind": "line", "points": [[24, 52], [25, 52]], "style": {"dash": "dash-dot"}})",
     {2, 79, E, "unknown \"dash\" \"dash-dot\"; expected one of solid, dashed or dotted"}},
    {"text_px_out_of_range", R"({"id": "a", "kind": "label", "text": "A", "points": [[24, 52]], "style": {"text_px": 5}})",
     {2, 86, E, "\"text_px\" 5 is outside 6..96"}},
};

std::string documentOf(const Case& c) {
    if (c.text[0] == '!')
        return c.text + 1;
    return std::string("{\"version\": 1, \"annotations\": [\n") + c.text + "\n]}\n";
}

Replay szackReplay() {
    Replay replay;
    std::vector<Diagnostic> diagnostics;
    EXPECT_TRUE(loadReplay(replayTestPath("good/full.json"), nullptr, &replay, &diagnostics));
    return replay;
}

class AnnotationChecks : public ::testing::TestWithParam<Case> {};

TEST_P(AnnotationChecks, ReportsTheProblemWhereItIs) {
    const Case& c = GetParam();
    const Replay replay = szackReplay();
    AnnotationSet set;
    std::vector<Diagnostic> diagnostics;
    const bool ok =
        parseAnnotations(documentOf(c), "a.annotations.json", c.withReplay ? &replay : nullptr, &set, &diagnostics);
    expectTheProblem("a.annotations.json", diagnostics, ok, c.problem);
}

INSTANTIATE_TEST_SUITE_P(Cases, AnnotationChecks, ::testing::ValuesIn(kCases),
                         [](const auto& p) { return std::string(p.param.name); });

// Without the replay, sides and sources are not checked.
TEST(AnnotationChecksWithoutAReplay, AnySideOrSourceIsFine) {
    for (const Case& c : kCases) {
        if (!c.withReplay)
            continue;
        AnnotationSet set;
        std::vector<Diagnostic> diagnostics;
        EXPECT_TRUE(parseAnnotations(documentOf(c), "a.annotations.json", nullptr, &set, &diagnostics)) << c.name;
        EXPECT_TRUE(diagnostics.empty()) << c.name;
    }
}

TEST(AnnotationChecksRing, TheClosingPointIsDropped) {
    AnnotationSet set;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(parseAnnotations(
        R"({"version": 1, "annotations": [{"id": "a", "kind": "area", "points": [[24, 52], [25, 52], [25, 53], [24, 52]]}]})",
        "a.json", nullptr, &set, &diagnostics));
    EXPECT_EQ(set.annotations[0].points, (std::vector<GeoPosition>{{24, 52}, {25, 52}, {25, 53}}));
    // A ring of three with its closing point is only two distinct points, and an error too.
    diagnostics.clear();
    EXPECT_FALSE(parseAnnotations(
        R"({"version": 1, "annotations": [{"id": "a", "kind": "area", "points": [[24, 52], [25, 52], [24, 52]]}]})",
        "a.json", nullptr, &set, &diagnostics));
    ASSERT_EQ(diagnostics.size(), 2u);
    EXPECT_EQ(diagnostics[0].message, "an area needs at least 3 distinct points, not 2");
    EXPECT_EQ(diagnostics[1].severity, Severity::Warning);
}

// Several problems: all reported, in the order of their positions.
TEST(AnnotationChecksMany, EveryProblemInOrder) {
    const std::string text = R"({"version": 1, "annotations": [
  {"id": "a", "kind": "label", "points": [[24, 52], [200, 52]], "priority": "high"},
  {"id": "b", "kind": "arrow", "points": [[24, 52]], "start": "1939-09-18T00:00Z", "end": "1939-09-17T00:00Z",
   "grow": {"start": "1939-09-16T00:00Z", "end": "1939-09-19T00:00Z"}, "style": {"opacity": -1, "dash": "wavy"}},
  7, {"id": "b", "kind": "line", "points": [[24, 52], [24, 52]], "side": "ru", "sources": ["x"]}
]})";
    const Replay replay = szackReplay();
    AnnotationSet set;
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(parseAnnotations(text, "m.json", &replay, &set, &diagnostics));
    std::vector<std::string> positions;
    for (const Diagnostic& d : diagnostics)
        positions.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) +
                            (d.severity == Severity::Error ? " e " : " w ") + d.message);
    const std::vector<std::string> expected = {
        "2:3 e missing required field \"text\" in a label",
        "2:42 e a label needs exactly 1 point, not 2",
        "2:54 e longitude 200 is outside -180..180",
        "2:77 e \"priority\" must be an integer, not a string",
        "3:42 e an arrow needs at least 2 points, not 1",
        "3:91 e \"end\" 1939-09-17T00:00Z is before \"start\" 1939-09-18T00:00Z",
        "4:22 e \"grow\" starts at 1939-09-16T00:00Z, before the annotation's \"start\" 1939-09-18T00:00Z",
        "4:50 e \"grow\" ends at 1939-09-19T00:00Z, after the annotation's \"end\" 1939-09-17T00:00Z",
        "4:93 e \"opacity\" -1 is outside 0..1",
        "4:105 e unknown \"dash\" \"wavy\"; expected one of solid, dashed or dotted",
        "5:3 e an annotation must be an object, not a number",
        "5:13 e duplicate annotation id \"b\"; the first is at line 3, column 10",
        "5:74 e unknown side \"ru\"; expected one of pl or su",
        "5:92 e unknown source \"x\"; expected one of meltyukhov2001 or wiki-szack"};
    EXPECT_EQ(positions, expected);
}

// ---- Any bytes ---------------------------------------------------------------------------

// Parses `text`, with and without the replay; an accepted set must write and read back equal.
void exercise(const std::string& text, const Replay* replay, int* accepted = nullptr) {
    AnnotationSet set;
    std::vector<Diagnostic> diagnostics;
    const bool ok = parseAnnotations(text, "fuzz.json", replay, &set, &diagnostics);
    for (const Diagnostic& d : diagnostics) {
        ASSERT_GE(d.line, 0);
        ASSERT_GE(d.column, 0);
        ASSERT_FALSE(d.message.empty());
    }
    if (!ok) {
        ASSERT_TRUE(hasErrors(diagnostics)) << "refused without an error";
        return;
    }
    ASSERT_FALSE(hasErrors(diagnostics));
    if (accepted)
        ++*accepted;
    const std::string written = writeAnnotations(set);
    AnnotationSet again;
    std::vector<Diagnostic> second;
    ASSERT_TRUE(parseAnnotations(written, "written.json", replay, &again, &second)) << written;
    ASSERT_TRUE(again == set) << written;
    ASSERT_EQ(writeAnnotations(again), written);
    for (const Annotation& a : set.annotations) {
        const double g = annotationGrowth(a, a.start ? a.start->time : 0);
        ASSERT_TRUE(g >= 0 && g <= 1);
    }
}

std::string validText() { return readTestFile(replayTestPath("annotations/full.annotations.json")); }

TEST(AnnotationFuzz, EveryTruncation) {
    const std::string text = validText();
    ASSERT_GT(text.size(), 1000u);
    const Replay replay = szackReplay();
    for (size_t n = 0; n <= text.size(); ++n) {
        SCOPED_TRACE(n);
        exercise(text.substr(0, n), n % 2 ? &replay : nullptr);
        if (HasFatalFailure())
            return;
    }
}

TEST(AnnotationFuzz, RandomMutations) {
    const std::string valid = validText();
    const Replay replay = szackReplay();
    std::mt19937 random(1939);
    int accepted = 0;
    for (int round = 0; round < 3000; ++round) {
        const std::string text = mutated(valid, random);
        SCOPED_TRACE(text);
        exercise(text, round % 2 ? &replay : nullptr, &accepted);
        if (HasFatalFailure())
            return;
    }
    EXPECT_GT(accepted, 100) << "too few mutations were valid to exercise writing";
}

TEST(AnnotationFuzz, HostileDocuments) {
    const std::string head = R"({"version": 1, "annotations": )";
    const std::vector<std::string> cases = {
        std::string(100000, '['),
        head + "[" + std::string(50000, '[') + "]}",
        head + R"([{"id": "a", "kind": "label", "text": "A", "points": [[1e400, -1e400]]}]})",
        head + R"([{"id": "a\u0000b", "kind": "label", "text": "\ud83d\ude00", "points": [[-180, -90]],
             "priority": 1e300}]})",
        head + R"([{"id": "a", "kind": "arrow", "points": [[0, 0], [1, 1]], "start": "9999-12-31T23:59:59Z",
             "grow": {"start": "0000-01-01T00:00:00Z", "end": "9999-12-31T23:59:59Z"}, "style": {"colour": "#ffffff"}}]})",
        head + R"([{"id": 5, "kind": [], "text": {}, "points": 3, "grow": [], "style": [], "sources": {}, "priority": null}]})",
        head + R"([{"id": "a", "kind": "area", "points": [[0, 0], [0, 0], [0, 0], [0, 0]]}]})",
    };
    const Replay replay = szackReplay();
    for (const std::string& text : cases) {
        SCOPED_TRACE(text.substr(0, 200));
        exercise(text, &replay);
    }
}

} // namespace
} // namespace kresy
