#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace kresy {
namespace {

TEST(JsonWriter, WholeNumbersAreWrittenWithoutAFraction) {
    EXPECT_EQ(jsonNumber(5.0).dump(), "5");
    EXPECT_EQ(jsonNumber(-2000000.0).dump(), "-2000000");
    EXPECT_EQ(jsonNumber(0.5).dump(), "0.5");
    EXPECT_EQ(jsonNumber(1e15).dump(), "1e+15"); // too large to be sure it is whole: as it is
    EXPECT_TRUE(jsonNumber(std::numeric_limits<double>::quiet_NaN()).is_number_float());
}

TEST(JsonWriter, ExtraFieldsFollowAndNeverReplaceKnownOnes) {
    Json object = {{"id", "a"}, {"lon", 1}};
    appendExtraFields(object, {{"note", "x"}, {"id", "clash"}, {"b", 2}});
    EXPECT_EQ(object.dump(), R"({"id":"a","lon":1,"note":"x","b":2})");
    appendExtraFields(object, Json::array({1, 2})); // not an object: nothing
    EXPECT_EQ(object.size(), 4u);
}

TEST(JsonWriter, PlainContainersGoOnOneLine) {
    const Json document = {{"title", "Szack"},
                           {"empty", Json::object()},
                           {"keys", {{{"time", 0}, {"position", {{"lon", 23.6}, {"lat", 51.3}}}}, {{"time", 12}}}},
                           {"layers", {"units", "events"}},
                           {"none", Json::array()}};
    EXPECT_EQ(jsonFileText(document), R"({
  "title": "Szack",
  "empty": {},
  "keys": [
    {
      "time": 0,
      "position": { "lon": 23.6, "lat": 51.3 }
    },
    { "time": 12 }
  ],
  "layers": ["units", "events"],
  "none": []
}
)");
    EXPECT_EQ(jsonFileText(Json("a\xff")), "\"a\xEF\xBF\xBD\"\n"); // invalid UTF-8 is replaced, not thrown
}

} // namespace
} // namespace kresy
