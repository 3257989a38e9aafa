#include "scene/places.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace kresy;

namespace {

const std::string kHeader = "name,other_names,lat,lon,population,rank,source\n";

struct Parsed {
    bool ok = false;
    std::vector<Place> places;
    std::vector<Diagnostic> diagnostics;
};

Parsed parse(const std::string& text) {
    Parsed p;
    p.ok = parsePlaces(text, "t.csv", &p.places, &p.diagnostics);
    return p;
}

std::string messages(const Parsed& p) {
    std::string all;
    for (const Diagnostic& d : p.diagnostics)
        all += formatDiagnostic(d) + "\n";
    return all;
}

TEST(Places, ParsesRowsWithQuotedFieldsAndDefaults) {
    Parsed p = parse(std::string("\xEF\xBB\xBF") + kHeader +
                     "Lwów,Lviv;Lvov; Lemberg ,49.83498,24.03,803880,4,ne10m\r\n"
                     "\"Brześć nad Bugiem\",\"Brest;\"\"Brest-Litovsk\"\"\",52.1,23.7,,,\n"
                     "\n"
                     "\"Multi\nline, with comma\",,1,2,0,3,campaign\n"
                     "Kock,,51.640,22.449,,6,campaign");
    ASSERT_TRUE(p.ok) << messages(p);
    EXPECT_TRUE(p.diagnostics.empty()) << messages(p);
    ASSERT_EQ(p.places.size(), 4u);
    EXPECT_EQ(p.places[0].name, "Lwów");
    EXPECT_EQ(p.places[0].otherNames, (std::vector<std::string>{"Lviv", "Lvov", "Lemberg"}));
    EXPECT_DOUBLE_EQ(p.places[0].lat, 49.83498);
    EXPECT_EQ(p.places[0].population, 803880);
    EXPECT_EQ(p.places[0].rank, 4);
    EXPECT_EQ(p.places[0].source, "ne10m");
    EXPECT_EQ(p.places[1].name, "Brześć nad Bugiem");
    EXPECT_EQ(p.places[1].otherNames, (std::vector<std::string>{"Brest", "\"Brest-Litovsk\""}));
    EXPECT_EQ(p.places[1].population, 0) << "empty: unknown";
    EXPECT_EQ(p.places[1].rank, kDefaultPlaceRank);
    EXPECT_EQ(p.places[2].name, "Multi\nline, with comma");
    EXPECT_EQ(p.places[3].name, "Kock") << "the last line needs no line break";
}

TEST(Places, ColumnsInAnyOrderAndUnknownOnesWarn) {
    Parsed p = parse("lon,lat,name,notes\n22.449,51.64,Kock,small town\n");
    ASSERT_TRUE(p.ok) << messages(p);
    ASSERT_EQ(p.places.size(), 1u);
    EXPECT_DOUBLE_EQ(p.places[0].lat, 51.64);
    EXPECT_DOUBLE_EQ(p.places[0].lon, 22.449);
    ASSERT_EQ(p.diagnostics.size(), 1u);
    EXPECT_EQ(p.diagnostics[0].severity, Severity::Warning);
    EXPECT_EQ(formatDiagnostic(p.diagnostics[0]).substr(0, 9), "t.csv:1:1") << messages(p);
    EXPECT_NE(p.diagnostics[0].message.find("notes"), std::string::npos);
}

// One bad input each: where the diagnostic points and what it says.
TEST(Places, BadInputsGiveDiagnosticsAndSkipTheRow) {
    struct Case {
        std::string text;
        int line, column;
        const char* says;
        size_t goodRows;
    };
    const std::string good = "Kock,,51.64,22.449,,6,campaign\n";
    const Case cases[] = {
        {kHeader + good + "Lwów,,4x9.8,24.03,,,\n", 3, 7, "bad number '4x9.8' for latitude", 1},
        {kHeader + good + "Ąb,,91,24.03,,,\n", 3, 5, "latitude 91 out of range", 1},
        {kHeader + good + "Xy,,50,-180.5,,,\n", 3, 8, "longitude -180.5 out of range", 1},
        {kHeader + "Xy,,50,20,-3,,\n" + good, 2, 11, "bad number '-3' for population", 1},
        {kHeader + "Xy,,50,20,,high,\n" + good, 2, 12, "for rank", 1},
        {kHeader + "Xy,,50,20\n" + good, 2, 10, "row has 4 fields, expected 7", 1},
        {kHeader + " ,,50,20,,,\n" + good, 2, 1, "empty name", 1},
        {kHeader + good + "\"Lwów\"x,,1,2,,,\n", 3, 7, "after a closing quote", 1},
        {kHeader + good + "Lw\"ow,,1,2,,,\n", 3, 3, "inside an unquoted field", 1},
        {kHeader + good + "\"Lwów,,1,2,,,\n", 3, 1, "unterminated quoted field", 1},
        {"name,latitude,lon\nKock,51.64,22.449\n", 1, 1, "missing column 'lat'", 0},
        {"name,lat,lon,lat\nKock,51.64,22.449,1\n", 1, 14, "column 'lat' given twice", 0},
        {"Kock,51.64,22.449\n", 1, 1, "missing column 'name'", 0},
        {"\n\n", 1, 1, "empty file", 0},
        {"", 1, 1, "empty file", 0},
    };
    for (const Case& c : cases) {
        Parsed p = parse(c.text);
        EXPECT_FALSE(p.ok) << c.text;
        EXPECT_EQ(p.places.size(), c.goodRows) << c.text;
        bool found = false;
        for (const Diagnostic& d : p.diagnostics)
            if (d.severity == Severity::Error && d.message.find(c.says) != std::string::npos) {
                found = true;
                EXPECT_EQ(d.file, "t.csv");
                EXPECT_EQ(d.line, c.line) << c.text;
                EXPECT_EQ(d.column, c.column) << c.text;
            }
        EXPECT_TRUE(found) << "expected '" << c.says << "' for\n" << c.text << "got\n" << messages(p);
    }
}

TEST(Places, MissingFileIsADiagnostic) {
    std::vector<Place> places;
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(loadPlaces("/nonexistent/places.csv", &places, &diagnostics));
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(diagnostics[0].file, "/nonexistent/places.csv");
    EXPECT_TRUE(places.empty());
}

TEST(Places, GarbageNeverCrashes) {
    std::string bytes;
    uint32_t x = 12345;
    for (int round = 0; round < 200; ++round) {
        bytes.clear();
        size_t n = x % 300;
        for (size_t i = 0; i < n; ++i) {
            x = x * 1664525 + 1013904223;
            const char alphabet[] = "name,lat,lon\"\n\r;0123456789.-x\xC5\x82 ";
            bytes += alphabet[(x >> 16) % (sizeof alphabet - 1)];
        }
        std::vector<Place> places;
        std::vector<Diagnostic> diagnostics;
        parsePlaces(bytes, "g.csv", &places, &diagnostics);
        parsePlaces(kHeader + bytes, "g.csv", &places, nullptr);
    }
}

TEST(Places, TheDefaultDatasetLoadsCleanly) {
    std::vector<Place> places;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(loadPlaces(KRESY_DATA_DIR "/vector/places.csv", &places, &diagnostics));
    EXPECT_TRUE(diagnostics.empty());
    EXPECT_EQ(places.size(), 47u);
    int campaign = 0;
    for (const Place& p : places) {
        EXPECT_TRUE(p.source == "ne10m" || p.source == "campaign") << p.name;
        EXPECT_GE(p.lat, 48.5) << p.name;
        EXPECT_LE(p.lat, 56.5) << p.name;
        EXPECT_GE(p.lon, 19) << p.name;
        EXPECT_LE(p.lon, 28) << p.name;
        EXPECT_EQ(p.population > 0, p.source == "ne10m") << p.name;
        campaign += p.source == "campaign";
    }
    EXPECT_EQ(campaign, 6);
}

} // namespace
