// Which parser a file goes to: decided by the top-level member names, even in broken JSON.

#include "scene/shot_io.h"
#include "test_files.h"

#include <gtest/gtest.h>

#include <fstream>

namespace kresy {
namespace {

TEST(DocumentKind, TheGoodFiles) {
    EXPECT_EQ(detectDocumentKind(readTestFile(shotTestPath("good/shot.json"))), DocumentKind::Shot);
    EXPECT_EQ(detectDocumentKind(readTestFile(shotTestPath("good/deck.json"))), DocumentKind::Deck);
    EXPECT_EQ(detectDocumentKind(readTestFile(shotTestPath("replay.json"))), DocumentKind::Replay);
    EXPECT_EQ(detectDocumentKind(readTestFile(std::string(KRESY_TESTS_DIR) + "/../data/replays/1939-soviet-invasion.json")),
              DocumentKind::Replay);
}

TEST(DocumentKind, ByTheTopLevelMembers) {
    EXPECT_EQ(detectDocumentKind(R"({"keys": []})"), DocumentKind::Shot);
    EXPECT_EQ(detectDocumentKind(R"({"bookmarks": []})"), DocumentKind::Deck);
    EXPECT_EQ(detectDocumentKind(R"({"units": 5})"), DocumentKind::Replay);
    EXPECT_EQ(detectDocumentKind(R"({"sides": []})"), DocumentKind::Replay);
    EXPECT_EQ(detectDocumentKind(R"({"format": "kresy-replay"})"), DocumentKind::Replay);
    // "format" names a replay whatever else is there; a replay may carry unknown fields.
    EXPECT_EQ(detectDocumentKind(R"({"keys": [], "format": "kresy-replay"})"), DocumentKind::Replay);
    EXPECT_EQ(detectDocumentKind(R"({"format": "kresy-shot", "title": "t"})"), DocumentKind::Unknown);
    // A member of another type counts only when nothing else decides.
    EXPECT_EQ(detectDocumentKind(R"({"version": 1, "keys": {"time": 0}})"), DocumentKind::Shot);
    EXPECT_EQ(detectDocumentKind(R"({"version": 1, "bookmarks": "none"})"), DocumentKind::Deck);
    EXPECT_EQ(detectDocumentKind(R"({"keys": 1, "units": []})"), DocumentKind::Replay);
}

// Annotations: their "format", or an "annotations" array where nothing names another kind (a
// replay may hold annotations of its own, and a shot or deck may carry the field as notes).
TEST(DocumentKind, Annotations) {
    EXPECT_EQ(detectDocumentKind(R"({"format": "kresy-annotations", "version": 1})"), DocumentKind::Annotations);
    EXPECT_EQ(detectDocumentKind(R"({"version": 1, "annotations": []})"), DocumentKind::Annotations);
    EXPECT_EQ(detectDocumentKind(R"({"format": "kresy-annotations", "units": []})"), DocumentKind::Annotations);
    EXPECT_EQ(detectDocumentKind(R"({"version": 1, "annotations": [], "units": []})"), DocumentKind::Replay);
    EXPECT_EQ(detectDocumentKind(R"({"format": "kresy-replay", "annotations": []})"), DocumentKind::Replay);
    EXPECT_EQ(detectDocumentKind(R"({"annotations": [], "keys": []})"), DocumentKind::Shot);
    EXPECT_EQ(detectDocumentKind(R"({"annotations": [], "bookmarks": 1})"), DocumentKind::Annotations);
    EXPECT_EQ(detectDocumentKind(R"({"annotations": {}})"), DocumentKind::Unknown);
    EXPECT_EQ(detectDocumentKind("{\"annotations\": [ {\"id\": "), DocumentKind::Annotations); // cut off
    const std::string campaign = std::string(KRESY_TESTS_DIR) + "/../data/replays/1939-soviet-invasion.annotations.json";
    if (std::ifstream(campaign).good()) {
        EXPECT_EQ(detectDocumentKind(readTestFile(campaign)), DocumentKind::Annotations);
    }
}

TEST(DocumentKind, UnknownWhenNothingOrSeveralKindsAreFound) {
    EXPECT_EQ(detectDocumentKind(""), DocumentKind::Unknown);
    EXPECT_EQ(detectDocumentKind("   \n"), DocumentKind::Unknown);
    EXPECT_EQ(detectDocumentKind(R"(["keys", []])"), DocumentKind::Unknown);
    EXPECT_EQ(detectDocumentKind(R"("keys")"), DocumentKind::Unknown);
    EXPECT_EQ(detectDocumentKind(R"({"title": "t"})"), DocumentKind::Unknown);
    EXPECT_EQ(detectDocumentKind(R"({"keys": [], "bookmarks": []})"), DocumentKind::Unknown);
    EXPECT_EQ(detectDocumentKind(R"({"keys": [], "units": []})"), DocumentKind::Unknown);
    EXPECT_EQ(detectDocumentKind(R"({"keys": 1, "bookmarks": 2})"), DocumentKind::Unknown);
}

TEST(DocumentKind, OnlyTopLevelMemberNamesCount) {
    // Nested members, values and strings that look like names do not count.
    EXPECT_EQ(detectDocumentKind(R"({"x": {"keys": []}, "bookmarks": []})"), DocumentKind::Deck);
    EXPECT_EQ(detectDocumentKind(R"({"title": "keys", "bookmarks": []})"), DocumentKind::Deck);
    EXPECT_EQ(detectDocumentKind(R"({"a": ["keys", {"units": 1}], "keys": []})"), DocumentKind::Shot);
    EXPECT_EQ(detectDocumentKind(R"({"t": "a \"keys\": [ } ] {", "bookmarks": []})"), DocumentKind::Deck);
    EXPECT_EQ(detectDocumentKind(R"({"t": "\\", "keys": []})"), DocumentKind::Shot);
    EXPECT_EQ(detectDocumentKind(R"({"units": 1} {"keys": []})"), DocumentKind::Replay); // after the object
    EXPECT_EQ(detectDocumentKind("\xEF\xBB\xBF\n\t {\r\n \"keys\"\n :\n [ ]}"), DocumentKind::Shot);
}

TEST(DocumentKind, ToleratesBrokenJson) {
    EXPECT_EQ(detectDocumentKind(R"({"keys": [ {"time": 0,, }})"), DocumentKind::Shot);
    EXPECT_EQ(detectDocumentKind(R"({ // comment
      "bookmarks": [)"),
              DocumentKind::Deck);
    EXPECT_EQ(detectDocumentKind(R"({'title': 1, "keys": [)"), DocumentKind::Shot);
    // An unterminated string ends at its line, as the JSON reader judges it.
    EXPECT_EQ(detectDocumentKind("{\"title\": \"Szack,\n \"keys\": []}"), DocumentKind::Shot);
    EXPECT_EQ(detectDocumentKind(R"({"title": "t", "bookmarks")"), DocumentKind::Deck);
    EXPECT_EQ(detectDocumentKind("{\"units"), DocumentKind::Replay); // cut off after the name
    EXPECT_EQ(detectDocumentKind("{\"unit"), DocumentKind::Unknown);
    EXPECT_EQ(detectDocumentKind(std::string("{\"keys\": [\0\xff", 12)), DocumentKind::Shot);
}

// Every truncation of a shot that reaches the name of its "keys" is still a shot.
TEST(DocumentKind, EveryLongEnoughTruncation) {
    const std::string text = readTestFile(shotTestPath("good/shot.json"));
    const size_t keys = text.find("\"keys\": [");
    ASSERT_NE(keys, std::string::npos);
    for (size_t n = 0; n <= text.size(); ++n)
        EXPECT_EQ(detectDocumentKind(text.substr(0, n)), n >= keys + 5 ? DocumentKind::Shot : DocumentKind::Unknown)
            << text.substr(0, n);
}

} // namespace
} // namespace kresy
