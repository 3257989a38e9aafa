// The GeoJSON overlay layers: the shipped rivers and borders (data/vector, made by
// scripts/prepare-vector-data.py) load clean and hold what they should where they should; bad
// files give exact file:line:col diagnostics and no bytes crash the reader; densify follows great
// circles.
#include "scene/vector_layers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <string>
#include <vector>

using namespace kresy;

namespace {

const std::string kData = KRESY_DATA_DIR;

std::string describe(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics) {
        if (!out.empty())
            out += '\n';
        out += formatDiagnostic(d);
    }
    return out;
}

struct Parsed {
    bool ok = false;
    VectorLayer layer;
    std::vector<Diagnostic> diagnostics;
};

Parsed parse(const std::string& text) {
    Parsed p;
    p.ok = parseVectorLayer(text, "t.geojson", &p.layer, &p.diagnostics);
    return p;
}

// A shipped layer, read once.
const VectorLayer& shipped(const std::string& name) {
    static std::map<std::string, VectorLayer> cache;
    if (const auto it = cache.find(name); it != cache.end())
        return it->second;
    VectorLayer& layer = cache[name];
    std::vector<Diagnostic> diagnostics;
    const bool ok = loadVectorLayer(kData + "/vector/" + name, &layer, &diagnostics);
    if (!ok || !diagnostics.empty()) {
        ADD_FAILURE() << name << " does not load clean:\n" << describe(diagnostics);
    }
    return layer;
}

// The one feature named `name`, or null (with a failure) when there is none or more than one.
const VectorFeature* river(const std::string& name) {
    const VectorFeature* found = nullptr;
    for (const VectorFeature& f : shipped("rivers.geojson").features) {
        if (f.name != name)
            continue;
        if (found) {
            ADD_FAILURE() << "two features are named " << name;
        }
        found = &f;
    }
    if (!found) {
        ADD_FAILURE() << "no river " << name;
    }
    return found;
}

// Kilometres from (lat, lon) to the nearest point of the feature's lines (densified to 100 m, so
// the answer is within 50 m of the exact one).
double distanceKm(const VectorFeature& f, double lat, double lon) {
    double best = std::numeric_limits<double>::infinity();
    for (const std::vector<GeoPoint>& line : f.lines)
        for (const GeoPoint& p : densify(line, 100))
            best = std::min(best, greatCircleDistance(lat, lon, p.lat, p.lon));
    return best / 1000;
}

bool isBorder(const VectorFeature& f, const std::string& a, const std::string& b) {
    const Json& between = f.properties.value("between", Json::array());
    return between == Json::array({a, b}) || between == Json::array({b, a});
}

// The longitudes where the borders between a and b cross the parallel `lat`.
std::vector<double> crossings(const VectorLayer& layer, const std::string& a, const std::string& b, double lat) {
    std::vector<double> out;
    for (const VectorFeature& f : layer.features) {
        if (!isBorder(f, a, b))
            continue;
        for (const std::vector<GeoPoint>& line : f.lines)
            for (size_t i = 1; i < line.size(); ++i) {
                const GeoPoint& p = line[i - 1];
                const GeoPoint& q = line[i];
                if ((p.lat - lat) * (q.lat - lat) < 0)
                    out.push_back(p.lon + (q.lon - p.lon) * (lat - p.lat) / (q.lat - p.lat));
            }
    }
    return out;
}

double nearestBorderKm(const VectorLayer& layer, double lat, double lon) {
    double best = std::numeric_limits<double>::infinity();
    for (const VectorFeature& f : layer.features)
        best = std::min(best, distanceKm(f, lat, lon));
    return best;
}

} // namespace

// ---- The shipped layers ------------------------------------------------------------------------

TEST(VectorLayerShipped, LoadCleanWithinTheRegion) {
    for (const char* name : {"rivers.geojson", "borders-1938.geojson", "borders-1945.geojson"}) {
        const VectorLayer& layer = shipped(name);
        EXPECT_GE(layer.features.size(), 15u) << name;
        for (const VectorFeature& f : layer.features) {
            EXPECT_FALSE(f.lines.empty()) << name << " " << f.name;
            EXPECT_TRUE(f.rings.empty()) << name << " " << f.name;
            for (const auto& line : f.lines)
                for (const GeoPoint& p : line) {
                    if (p.lon < 12 || p.lon > 34 || p.lat < 45 || p.lat > 58) {
                        ADD_FAILURE() << name << " " << f.name << ": " << p.lat << "N " << p.lon
                                      << "E is outside the region";
                    }
                }
        }
    }
}

TEST(VectorLayerShipped, RiversOfTheCampaignHaveTheirPolishNames) {
    const std::pair<const char*, const char*> names[] = {
        {"Vistula", "Wisła"}, {"Western Bug", "Bug"}, {"Narew", "Narew"},   {"San", "San"},
        {"Neman", "Niemen"},  {"Pripyat", "Prypeć"},  {"Neris", "Wilia"},   {"Dniester", "Dniestr"},
        {"Pisa", "Pisa"},     {"Wieprz", "Wieprz"},   {"Styr", "Styr"},     {"Horyn", "Horyń"},
        {"Sluch", "Słucz"},   {"Shchara", "Szczara"}, {"Yaselda", "Jasiołda"}, {"Bzura", "Bzura"}};
    for (const auto& [name, polish] : names) {
        if (const VectorFeature* f = river(name)) {
            EXPECT_EQ(f->namePl, polish) << name;
            EXPECT_EQ(f->properties.value("name_pl", ""), polish) << name;
        }
    }
    // The Pissa of East Prussia is not the Pisa of Masuria.
    if (const VectorFeature* pissa = river("Pissa")) {
        EXPECT_EQ(pissa->namePl, "");
    }
}

TEST(VectorLayerShipped, RiversPassTheirTowns) {
    struct Bank {
        const char* river;
        const char* town;
        double lat, lon, withinKm;
    };
    const Bank banks[] = {
        {"Vistula", "Warsaw, Old Town", 52.250, 21.020, 1.0},
        {"Vistula", "Kraków, Wawel", 50.054, 19.935, 1.5},
        {"Western Bug", "Brześć fortress", 52.083, 23.655, 1.5},
        {"Narew", "Ostrołęka", 53.085, 21.570, 1.5},
        {"San", "Przemyśl", 49.785, 22.770, 2.0},
        {"Neman", "Grodno", 53.677, 23.830, 1.5},
        {"Neman", "Kaunas", 54.900, 23.890, 1.5},
        {"Pripyat", "Pinsk", 52.110, 26.100, 4.0}, // the town lies on the Pina, above its mouth
        {"Neris", "Wilno", 54.687, 25.280, 1.0},
        {"Dniester", "Halicz", 49.125, 24.720, 1.5},
        {"Pisa", "Pisz", 53.630, 21.810, 1.5},
        {"Styr", "Łuck", 50.750, 25.330, 1.5},
    };
    for (const Bank& b : banks) {
        if (const VectorFeature* f = river(b.river)) {
            EXPECT_LT(distanceKm(*f, b.lat, b.lon), b.withinKm) << b.river << " at " << b.town;
        }
    }
    // And not elsewhere: the names are not swapped.
    if (const VectorFeature* vistula = river("Vistula")) {
        EXPECT_GT(distanceKm(*vistula, 52.083, 23.655), 100) << "the Vistula at Brześć";
    }
    if (const VectorFeature* bug = river("Western Bug")) {
        EXPECT_GT(distanceKm(*bug, 52.250, 21.020), 20) << "the Bug at Warsaw";
    }
}

TEST(VectorLayerShipped, MainRiversRankAboveTributaries) {
    const VectorFeature* vistula = river("Vistula");
    const VectorFeature* bug = river("Western Bug");
    const VectorFeature* wieprz = river("Wieprz");
    if (vistula && bug && wieprz) {
        EXPECT_LT(vistula->rank, bug->rank);
        EXPECT_LT(bug->rank, wieprz->rank);
    }
}

TEST(VectorLayerShipped, Borders1938RunEastOfPolesie) {
    const VectorLayer& layer = shipped("borders-1938.geojson");
    // The Riga border of 1921 ran east of Pinsk (26.1E) and Sarny (26.6E), both Polish, and west
    // of the Soviet Olewsk (27.7E); the data (coarse) puts it at 27.3E on 52N.
    const std::vector<double> at52 = crossings(layer, "Poland", "USSR", 52.0);
    ASSERT_EQ(at52.size(), 1u);
    EXPECT_GT(at52[0], 27.0);
    EXPECT_LT(at52[0], 28.0);
    for (double lat = 49.5; lat <= 54.0; lat += 0.5)
        for (double lon : crossings(layer, "Poland", "USSR", lat)) {
            EXPECT_GT(lon, 26.5) << lat << "N";
        }
    for (const auto& [a, b] : {std::pair{"Lithuania", "Poland"}, std::pair{"Germany", "Poland"},
                               std::pair{"Latvia", "Poland"}, std::pair{"Poland", "Romania"},
                               std::pair{"Czechoslovakia", "Poland"}}) {
        bool found = false;
        for (const VectorFeature& f : layer.features)
            found = found || isBorder(f, a, b);
        EXPECT_TRUE(found) << a << " - " << b;
    }
    // Wilno was Polish: the Lithuanian border passes north of it.
    const std::vector<double> atWilno = [&] {
        std::vector<double> lats;
        for (const VectorFeature& f : layer.features)
            if (isBorder(f, "Lithuania", "Poland"))
                for (const auto& line : f.lines)
                    for (size_t i = 1; i < line.size(); ++i)
                        if ((line[i - 1].lon - 25.28) * (line[i].lon - 25.28) < 0)
                            lats.push_back(line[i - 1].lat);
        return lats;
    }();
    ASSERT_FALSE(atWilno.empty());
    for (double lat : atWilno) {
        EXPECT_GT(lat, 54.687);
    }
    // Coasts are not borders: Gdynia, on Poland's coast, is far from every border.
    EXPECT_GT(nearestBorderKm(layer, 54.52, 18.54), 15);
}

TEST(VectorLayerShipped, Borders1945FollowTheBug) {
    const VectorLayer& layer = shipped("borders-1945.geojson");
    const VectorFeature* bug = river("Western Bug");
    ASSERT_NE(bug, nullptr);
    for (double lat : {51.0, 51.5, 52.0}) {
        const std::vector<double> at = crossings(layer, "Poland", "USSR", lat);
        ASSERT_EQ(at.size(), 1u) << lat;
        EXPECT_GT(at[0], 23.5) << lat;
        EXPECT_LT(at[0], 24.2) << lat;
        if (lat > 51.2) { // the line leaves the river south of Hrubieszów
            EXPECT_LT(distanceKm(*bug, lat, at[0]), 8) << lat;
        }
    }
    // The Oder: Poland and the Soviet zone of Germany meet at 14.5-14.8E on 52N.
    const std::vector<double> oder = crossings(layer, "Germany (Soviet)", "Poland", 52.0);
    ASSERT_EQ(oder.size(), 1u);
    EXPECT_GT(oder[0], 14.5);
    EXPECT_LT(oder[0], 14.8);
    EXPECT_GT(nearestBorderKm(layer, 54.18, 15.58), 20) << "Kołobrzeg, on the coast";
}

// ---- Reading -----------------------------------------------------------------------------------

namespace {

const std::string kHead = "{\"type\": \"FeatureCollection\", \"features\": [\n";

// A document whose one feature, on line 2, has this geometry. With "LineString" the coordinates
// begin at column 89.
std::string withGeometry(const std::string& type, const std::string& coordinates) {
    return kHead + "{\"type\": \"Feature\", \"properties\": {}, \"geometry\": {\"type\": \"" + type +
           "\", \"coordinates\": " + coordinates + "}}\n]}\n";
}

} // namespace

TEST(VectorLayerParse, ReadsEveryDrawnGeometry) {
    const Parsed p = parse(kHead +
                           "{\"type\": \"Feature\", \"properties\": {\"name\": \"Bug\", \"name_pl\": \"Bug\", \"rank\": 4, "
                           "\"between\": [\"A\", \"B\"]},\n"
                           " \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[23.5, 52.1, 140], [23.6, 52.2]]}},\n"
                           "{\"type\": \"Feature\", \"properties\": null, \"geometry\": {\"type\": \"MultiLineString\", "
                           "\"coordinates\": [[[1, 2], [3, 4]], [[5, 6], [7, 8], [9, 10]]]}},\n"
                           "{\"type\": \"Feature\", \"properties\": {}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
                           "[[[0, 0], [1, 0], [1, 1], [0, 0]], [[0.2, 0.2], [0.8, 0.2], [0.8, 0.7], [0.2, 0.2]]]}},\n"
                           "{\"type\": \"Feature\", \"properties\": {}, \"geometry\": {\"type\": \"MultiPolygon\", \"coordinates\": "
                           "[[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]]}, \"id\": 7}\n"
                           "], \"bbox\": [0, 0, 30, 60]}");
    ASSERT_TRUE(p.ok) << describe(p.diagnostics);
    EXPECT_TRUE(p.diagnostics.empty()) << describe(p.diagnostics);
    EXPECT_EQ(p.layer.path, "t.geojson");
    ASSERT_EQ(p.layer.features.size(), 4u);
    const VectorFeature& bug = p.layer.features[0];
    EXPECT_EQ(bug.name, "Bug");
    EXPECT_EQ(bug.namePl, "Bug");
    EXPECT_EQ(bug.rank, 4);
    EXPECT_EQ(bug.properties["between"], Json::array({"A", "B"}));
    ASSERT_EQ(bug.lines.size(), 1u);
    ASSERT_EQ(bug.lines[0].size(), 2u);
    EXPECT_EQ(bug.lines[0][0], (GeoPoint{52.1, 23.5, 0})) << "lat, lon; the altitude dropped";
    EXPECT_EQ(p.layer.features[1].rank, kDefaultVectorRank);
    EXPECT_EQ(p.layer.features[1].name, "");
    EXPECT_EQ(p.layer.features[1].lines.size(), 2u);
    EXPECT_EQ(p.layer.features[1].lines[1].size(), 3u);
    EXPECT_EQ(p.layer.features[2].rings.size(), 2u) << "outer ring and hole";
    EXPECT_EQ(p.layer.features[3].rings.size(), 2u);
    EXPECT_TRUE(p.layer.features[3].lines.empty());
}

TEST(VectorLayerParse, DocumentProblemsAtTheirPosition) {
    const std::pair<std::string, std::string> cases[] = {
        {"[1, 2]", "t.geojson:1:1: error: a vector layer must be a GeoJSON FeatureCollection object, not an array"},
        {"{\"type\": \"Feature\", \"features\": []}",
         "t.geojson:1:10: error: a vector layer must be a GeoJSON \"FeatureCollection\", not a \"Feature\""},
        {"{\"type\": \"FeatureCollection\"}",
         "t.geojson:1:1: error: missing required field \"features\" in a GeoJSON FeatureCollection"},
        {"{\"features\": []}", "t.geojson:1:1: error: missing required field \"type\" in a GeoJSON FeatureCollection"},
        {"{\"type\": \"FeatureCollection\", \"features\": {}}",
         "t.geojson:1:43: error: \"features\" must be an array, not an object"},
        {"{\"type\": \"FeatureCollection\", \"features\": [5]}",
         "t.geojson:1:44: error: a feature must be an object, not a number"},
        {"{\"type\": \"FeatureCollection\",\n \"features\": [}",
         "t.geojson:2:15: error: expected a value"},
        {kHead + "{\"type\": \"Fea\", \"properties\": {}, \"geometry\": null}]}",
         "t.geojson:2:10: error: a member of \"features\" must be a \"Feature\", not a \"Fea\""},
        {kHead + "{\"type\": \"Feature\", \"properties\": {}}]}",
         "t.geojson:2:1: error: missing required field \"geometry\" in a feature"},
        {kHead + "{\"type\": \"Feature\", \"properties\": {\"name\": 5, \"rank\": 2.5}, \"geometry\": null}]}",
         "t.geojson:2:44: error: \"name\" must be a string, not a number\n"
         "t.geojson:2:55: error: \"rank\" must be an integer from -1000 to 1000 (lower is more important), not 2.5\n"
         "t.geojson:2:73: warning: a feature without geometry is not drawn; skipped"},
        {kHead + "{\"type\": \"Feature\", \"properties\": [], \"geometry\": null}]}",
         "t.geojson:2:35: error: \"properties\" must be an object or null, not an array\n"
         "t.geojson:2:51: warning: a feature without geometry is not drawn; skipped"},
    };
    for (const auto& [text, expected] : cases) {
        const Parsed p = parse(text);
        EXPECT_FALSE(p.ok) << text;
        EXPECT_EQ(describe(p.diagnostics), expected) << text;
        EXPECT_TRUE(p.layer.features.empty()) << text;
    }
}

TEST(VectorLayerParse, GeometryProblemsAtTheirPosition) {
    struct Case {
        const char* type;
        const char* coordinates;
        const char* expected;
    };
    const Case cases[] = {
        {"LineString", "[[23.5, 52.1]]", "t.geojson:2:89: error: a LineString needs at least 2 positions, not 1"},
        {"LineString", "[[23.5, 52.1], [\"x\", 52.2]]",
         "t.geojson:2:105: error: the longitude must be a number, not a string"},
        {"LineString", "[[23.5, 52.1], [200, 52.2]]", "t.geojson:2:105: error: longitude 200 is outside -180..180"},
        {"LineString", "[[23.5, 95], [23.6, 52.2]]", "t.geojson:2:97: error: latitude 95 is outside -90..90"},
        {"LineString", "[[23.5], [23.6, 52.2]]",
         "t.geojson:2:90: error: a position must be [lon, lat] or [lon, lat, alt], not [23.5]"},
        {"LineString", "[23.5, 52.1]",
         "t.geojson:2:90: error: a position must be an array [lon, lat], not a number\n"
         "t.geojson:2:96: error: a position must be an array [lon, lat], not a number"},
        {"LineString", "{\"a\": 1}", "t.geojson:2:89: error: a LineString must be an array of positions, not an object"},
        {"LineString", "[[1, 2], [1, 2, 3, 4]]",
         "t.geojson:2:98: error: a position must be [lon, lat] or [lon, lat, alt], not [1,2,3,4]"},
        {"MultiLineString", "[[[23, 52], [24, 52]], 5]",
         "t.geojson:2:117: error: a LineString must be an array of positions, not a number"},
        {"Polygon", "[[[23, 52], [24, 52], [24, 53], [23, 53.5]]]",
         "t.geojson:2:87: error: a polygon ring must be closed: its last position [23,53.5] differs from its first "
         "[23,52]"},
        {"Polygon", "[[[23, 52], [24, 52], [23, 52]]]",
         "t.geojson:2:87: error: a polygon ring needs at least 4 positions, not 3"},
        {"Polygon", "\"ring\"", "t.geojson:2:86: error: a Polygon must be an array of rings, not a string"},
        {"MultiPolygon", "[[[[23, 52], [24, 52], [24, 53], [23, 52]]], [[[23, 52]]]]",
         "t.geojson:2:137: error: a polygon ring needs at least 4 positions, not 1"},
        {"Curve", "[]",
         "t.geojson:2:60: error: unknown geometry type \"Curve\"; expected LineString, MultiLineString, Polygon or "
         "MultiPolygon"},
    };
    for (const Case& c : cases) {
        const Parsed p = parse(withGeometry(c.type, c.coordinates));
        EXPECT_FALSE(p.ok) << c.coordinates;
        EXPECT_EQ(describe(p.diagnostics), c.expected) << c.coordinates;
        EXPECT_TRUE(p.layer.features.empty()) << c.coordinates;
    }
}

TEST(VectorLayerParse, PointsAreSkippedWithAWarning) {
    const Parsed p = parse(withGeometry("Point", "[23.5, 52.1]"));
    EXPECT_TRUE(p.ok) << describe(p.diagnostics);
    EXPECT_EQ(describe(p.diagnostics),
              "t.geojson:2:60: warning: a Point is not drawn in a line or area layer; feature skipped");
    EXPECT_TRUE(p.layer.features.empty());
}

TEST(VectorLayerParse, ABadFeatureIsSkippedAndTheOthersKept) {
    const std::string good = "{\"type\": \"Feature\", \"properties\": {\"name\": \"a\"}, \"geometry\": "
                             "{\"type\": \"LineString\", \"coordinates\": [[1, 2], [3, 4]]}}";
    const Parsed p = parse(kHead + good + ",\n" +
                           "{\"type\": \"Feature\", \"properties\": {}, \"geometry\": {\"type\": \"LineString\", "
                           "\"coordinates\": [[1, 2]]}},\n" +
                           good + "]}");
    EXPECT_FALSE(p.ok);
    EXPECT_EQ(describe(p.diagnostics), "t.geojson:3:89: error: a LineString needs at least 2 positions, not 1");
    EXPECT_EQ(p.layer.features.size(), 2u);
}

TEST(VectorLayerParse, MissingFileIsOneDiagnostic) {
    VectorLayer layer;
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(loadVectorLayer("/nonexistent/rivers.geojson", &layer, &diagnostics));
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(diagnostics[0].file, "/nonexistent/rivers.geojson");
    EXPECT_TRUE(layer.features.empty());
    EXPECT_FALSE(parseVectorLayer("", "t.geojson", nullptr, nullptr)) << "null outputs are allowed";
}

// Every prefix of a small valid file, and the file with each byte replaced by bytes that break
// JSON, fail cleanly: no exception, no crash, at least one error with a position.
TEST(VectorLayerParse, EveryTruncationAndCorruptionIsSafe) {
    const std::string text = kHead +
                             "{\"type\": \"Feature\", \"properties\": {\"name\": \"Wisła\", \"rank\": 2},\n"
                             " \"geometry\": {\"type\": \"MultiLineString\", \"coordinates\": [[[19.0, 49.9], [21.0, 52.2]]]}},\n"
                             "{\"type\": \"Feature\", \"properties\": {}, \"geometry\": {\"type\": \"Polygon\", "
                             "\"coordinates\": [[[23, 52], [24, 52], [24, 53], [23, 52]]]}}\n"
                             "]}\n";
    ASSERT_TRUE(parse(text).ok);
    for (size_t n = 0; n + 1 < text.size(); ++n) { // the last byte is a line break
        const Parsed p = parse(text.substr(0, n));
        EXPECT_FALSE(p.ok) << n;
        if (!p.diagnostics.empty()) {
            EXPECT_GT(p.diagnostics[0].line, 0) << n << ": " << describe(p.diagnostics);
        } else {
            ADD_FAILURE() << "no diagnostic for the first " << n << " bytes";
        }
    }
    for (size_t i = 0; i < text.size(); ++i)
        for (char c : {'\0', '"', '}', '[', '\xff', '-', 'e'}) {
            std::string bad = text;
            bad[i] = c;
            Parsed p;
            EXPECT_NO_THROW(p = parse(bad)) << i;
            EXPECT_EQ(p.ok, !hasErrors(p.diagnostics)) << i;
        }
}

// ---- Densify -----------------------------------------------------------------------------------

TEST(Densify, StepsAreBoundedAndThePointsKept) {
    const std::vector<GeoPoint> line = {{52.23, 21.01, 0}, {52.09, 23.70, 0}, {49.84, 24.03, 0}, {49.84, 24.03, 0}};
    for (double step : {1000.0, 7300.0, 50000.0}) {
        const std::vector<GeoPoint> dense = densify(line, step);
        double total = 0;
        for (size_t i = 1; i < dense.size(); ++i) {
            const double d = greatCircleDistance(dense[i - 1].lat, dense[i - 1].lon, dense[i].lat, dense[i].lon);
            EXPECT_LE(d, step + 1e-6) << step << " at " << i;
            total += d;
        }
        double original = 0;
        size_t expected = 1;
        for (size_t i = 1; i < line.size(); ++i) {
            const double d = greatCircleDistance(line[i - 1].lat, line[i - 1].lon, line[i].lat, line[i].lon);
            original += d;
            expected += size_t(std::max(1.0, std::ceil(d / step)));
        }
        EXPECT_EQ(dense.size(), expected) << step << ": no more points than needed";
        EXPECT_NEAR(total, original, 1e-6 * original) << "the points lie on the great circles";
        size_t at = 0;
        for (const GeoPoint& p : line) { // the line's own points, exactly and in order
            while (at < dense.size() && !(dense[at] == p))
                ++at;
            EXPECT_LT(at, dense.size()) << step;
        }
        EXPECT_EQ(dense.front(), line.front());
        EXPECT_EQ(dense.back(), line.back());
    }
}

TEST(Densify, FollowsTheGreatCircleNotTheParallel) {
    // From 50N 0E to 50N 90E the great circle bulges north: its midpoint is at 45E and
    // atan(sqrt(2) tan 50) = 59.32N.
    const std::vector<GeoPoint> line = {{50, 0, 0}, {50, 90, 100}};
    const double length = greatCircleDistance(50, 0, 50, 90);
    const std::vector<GeoPoint> dense = densify(line, length / 2 + 1);
    ASSERT_EQ(dense.size(), 3u);
    EXPECT_NEAR(dense[1].lon, 45, 1e-9);
    const double degree = std::numbers::pi / 180;
    EXPECT_NEAR(dense[1].lat, std::atan(std::sqrt(2.0) * std::tan(50 * degree)) / degree, 1e-9);
    EXPECT_NEAR(dense[1].alt, 50, 1e-9);
    EXPECT_NEAR(greatCircleDistance(50, 0, dense[1].lat, dense[1].lon), length / 2, 1e-3);
}

TEST(Densify, DegenerateInputs) {
    const std::vector<GeoPoint> line = {{52, 23, 0}, {53, 24, 0}};
    for (double step : {0.0, -5.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
        EXPECT_EQ(densify(line, step), line) << step;
    }
    EXPECT_EQ(densify({}, 10), std::vector<GeoPoint>{});
    EXPECT_EQ(densify({{52, 23, 0}}, 10).size(), 1u);
    // Opposite points: any great circle will do, but no NaN.
    for (const GeoPoint& p : densify({{0, 0, 0}, {0, 180, 0}}, 1.0e6)) {
        EXPECT_TRUE(std::isfinite(p.lat) && std::isfinite(p.lon));
    }
    for (const GeoPoint& p : densify({{90, 0, 0}, {-90, 0, 0}}, 1.0e6)) {
        EXPECT_TRUE(std::isfinite(p.lat) && std::isfinite(p.lon));
    }
    // A step far below the segment's length is capped, not an endless allocation.
    EXPECT_EQ(densify(line, 1e-9).size(), size_t(kMaxDensifySteps) + 1);
}
