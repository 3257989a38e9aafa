// Truncated, mutated and hostile inputs: the readers report them and never crash or hang, and
// whatever they accept can be written and read back the same.

#include "scene/shot_io.h"
#include "test_files.h"

#include <gtest/gtest.h>

#include <random>

namespace kresy {
namespace {

constexpr LonLatBox kTerrain{12, 45, 34, 58};

void checkDiagnostics(const std::vector<Diagnostic>& diagnostics, bool ok) {
    for (const Diagnostic& d : diagnostics) {
        ASSERT_GE(d.line, 0);
        ASSERT_GE(d.column, 0);
        ASSERT_FALSE(d.message.empty());
    }
    ASSERT_EQ(ok, !hasErrors(diagnostics)) << "refused without an error, or accepted with one";
}

template <typename Document>
using ParseFunction = bool (*)(std::string_view, const std::string&, const LonLatBox*, Document*,
                               std::vector<Diagnostic>*, const Replay*);

// Parses `text` as a `kind`; what is accepted (*accepted) must survive a round trip.
template <typename Document>
void exerciseAs(const std::string& text, ParseFunction<Document> parse, std::string (*write)(const Document&),
                DocumentKind kind, bool* accepted) {
    Document document;
    std::vector<Diagnostic> diagnostics;
    *accepted = parse(text, "fuzz.json", &kTerrain, &document, &diagnostics, nullptr);
    checkDiagnostics(diagnostics, *accepted);
    if (!*accepted)
        return;
    const std::string written = write(document);
    Document again;
    std::vector<Diagnostic> second;
    ASSERT_TRUE(parse(written, "written.json", nullptr, &again, &second, nullptr)) << written;
    ASSERT_TRUE(again == document) << written;
    ASSERT_EQ(detectDocumentKind(written), kind);
}

// Parses `text` as a shot and as a deck; what is accepted must survive a round trip.
void exercise(const std::string& text, int* accepted = nullptr) {
    detectDocumentKind(text); // any bytes: no crash, no hang
    bool shotOk = false, deckOk = false;
    exerciseAs<Shot>(text, parseShot, writeShot, DocumentKind::Shot, &shotOk);
    exerciseAs<Deck>(text, parseDeck, writeDeck, DocumentKind::Deck, &deckOk);
    if (accepted && (shotOk || deckOk))
        ++*accepted;
}

const char* const kGoodFiles[] = {"good/shot.json", "good/deck.json"};

TEST(Fuzz, EveryTruncation) {
    for (const char* name : kGoodFiles) {
        const std::string text = readTestFile(shotTestPath(name));
        ASSERT_GT(text.size(), 600u) << name;
        for (size_t n = 0; n < text.size(); ++n) {
            SCOPED_TRACE(std::string(name) + " cut at " + std::to_string(n));
            exercise(text.substr(0, n));
            if (HasFatalFailure())
                return;
        }
    }
}

TEST(Fuzz, RandomMutations) {
    std::mt19937 random(1939);
    for (const char* name : kGoodFiles) {
        const std::string valid = readTestFile(shotTestPath(name));
        int accepted = 0;
        for (int round = 0; round < 2500; ++round) {
            const std::string text = mutated(valid, random);
            SCOPED_TRACE(text);
            exercise(text, &accepted);
            if (HasFatalFailure())
                return;
        }
        EXPECT_GT(accepted, 100) << name << ": too few mutations were valid to exercise writing";
    }
}

TEST(Fuzz, HostileDocuments) {
    const std::string key = R"({"time": 0, "position": {"lon": 24, "lat": 52, "alt": 100}, "heading": 0, "pitch": 0})";
    const std::vector<std::string> cases = {
        std::string(100000, '['),
        std::string(100000, '{'),
        std::string(1, '{').append(200000, ' ').append("}"),
        R"({"version": 1, "title": "t", "keys": [)" + std::string(50000, '[') + "]}",
        R"({"version": 1e400, "title": "t", "keys": []})",
        R"({"version": 1, "title": "t", "keys": [)" + key + "," +
            R"({"time": 1e308, "hold": 1e308, "position": {"lon": -180, "lat": -90, "alt": 2e6},
                "target": {"unit": "a\u0000b"}, "fov": 1e-300, "campaignTime": "9999-12-31T23:59:59.999999999999Z"},
               {"time": 1.7976931348623157e308, "position": {"lon": 180, "lat": 90, "alt": -500}, "heading": -1e308,
                "pitch": 90, "campaignTime": "0000-01-01T00:00:00Z", "title": "\ud83d\ude00"}]})",
        R"({"version": 1, "title": "t", "keys": [)" + key + "," + key + "," + key + "]}",
        R"({"version": 1, "title": "t", "keys": [{"target": {"lon": [], "unit": {}}, "position": 5, "ease": 1}, null]})",
        R"({"version": 1, "title": "t", "bookmarks": [{"title": 1, "camera": {"lon": "x"}, "layers": [[], {}, null, ""],
             "time": "1939-02-30"}, [], 5]})",
        R"({"version": 1, "title": "t", "bookmarks": [{"title": "", "time": "1939-09-17T00:00Z", "camera": {"lon": 0,
             "lat": 0, "alt": 0, "heading": 0, "pitch": 0}, "layers": [)" + std::string("\"a\",") + std::string(20000, ' ') + "\"a\"]}]}",
    };
    for (const std::string& text : cases) {
        SCOPED_TRACE(text.substr(0, 200));
        exercise(text);
    }
}

// Thousands of keys, each checked against the previous one: linear, and quick.
TEST(Fuzz, ManyKeys) {
    std::string text = R"({"version": 1, "title": "t", "keys": [)";
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
        text += i ? "," : "";
        text += R"({"time": )";
        text += std::to_string(i);
        text += R"(, "position": {"lon": 24, "lat": 52, "alt": 100}, "heading": 0, "pitch": 0})";
    }
    text += "]}";
    Shot shot;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(parseShot(text, "many.json", nullptr, &shot, &diagnostics));
    EXPECT_EQ(shot.keys.size(), size_t(n));
    EXPECT_EQ(shotDuration(shot), n - 1);
}

} // namespace
} // namespace kresy
