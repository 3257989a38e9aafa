#include "core/time.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <string>

namespace kresy {
namespace {

// Expected values come from GNU date, e.g. `date -u -d '1939-09-17T04:00:00+03:00' +%s`.
struct Good {
    const char* text;
    double seconds;
};

const Good kGood[] = {
    {"1970-01-01T00:00:00Z", 0},
    {"1969-12-31T23:59:59Z", -1},
    {"1939-09-17", -955929600},
    {"1939-09-17T04:00", -955915200},
    {"1939-09-17T04:00:00", -955915200},
    {"1939-09-17 04:00:00", -955915200},
    {"1939-09-17T04:00:00Z", -955915200},
    {"1939-09-17T04:00Z", -955915200},
    {"1939-09-17T04:00:00+03:00", -955926000}, // 04:00 in UTC+3 is 01:00 UTC
    {"1939-09-17T04:00:00-01:00", -955911600},
    {"1939-09-17T04:00:00+0530", -955935000},
    {"1939-09-17T04:00+02", -955922400},
    {"1939-09-17T04:00:00-00:00", -955915200},
    {"1939-09-01T04:45:00+01:00", -957298500},
    {"1940-02-29T12:34:56Z", -941628304},
    {"2000-02-29T23:59:59Z", 951868799},
    {"1900-01-01T00:00:00Z", -2208988800},
    {"2100-12-31T23:59:59Z", 4133980799},
    {"0001-01-01T00:00:00Z", -62135596800},
    {"9999-12-31T23:59:59Z", 253402300799},
    {"1939-09-17T04:00:00.250Z", -955915200 + 0.25},
    {"1939-09-17T04:00:00.5", -955915200 + 0.5},
    {"1970-01-01T00:00:00.000001Z", 1e-6},
    {"1939-09-17T04:00:00.1234567890123456789+01:00", -955918800 + 0.123456789012345},
};

TEST(Iso8601, ParsesGoodInputs) {
    for (const Good& g : kGood) {
        std::string error;
        const std::optional<Time> t = parseIso8601(g.text, &error);
        ASSERT_TRUE(t.has_value()) << g.text << ": " << error;
        EXPECT_NEAR(*t, g.seconds, 1e-6) << g.text;
        // Whole seconds must be exact, not just close.
        if (g.seconds == std::floor(g.seconds)) {
            EXPECT_EQ(*t, g.seconds) << g.text;
        }
    }
}

TEST(Iso8601, NullErrorPointerIsAllowed) {
    EXPECT_TRUE(parseIso8601("1939-09-17").has_value());
    EXPECT_FALSE(parseIso8601("1939-02-29").has_value());
}

TEST(Iso8601, LeapDays) {
    EXPECT_TRUE(parseIso8601("1940-02-29").has_value());
    EXPECT_TRUE(parseIso8601("2000-02-29").has_value()); // divisible by 400
    std::string error;
    EXPECT_FALSE(parseIso8601("1939-02-29", &error).has_value());
    EXPECT_NE(error.find("1939-02-29"), std::string::npos) << error;
    EXPECT_FALSE(parseIso8601("1900-02-29").has_value()); // divisible by 100 only
    EXPECT_FALSE(parseIso8601("1940-02-30").has_value());
}

TEST(Iso8601, RejectsBadInputs) {
    const char* bad[] = {
        "",
        "1939-9-17",
        "1939-13-01",
        "1939-00-10",
        "1939-09-00",
        "1939-09-31",
        "1939-04-31",
        "1939-09-17T25:00",
        "1939-09-17T24:00",
        "1939-09-17T04:60",
        "1939-09-17T04:00:60",
        "1939-09-17T04",
        "1939-09-17T4:00",
        "1939-09-17T04:00:0",
        "1939-09-17T04:00:00.",
        "1939-09-17T04:00.5",
        "1939-09-17Tfoo",
        "1939-09-17T",
        "1939-09-17Z",
        "1939-09-17T04:00:00Zjunk",
        "1939-09-17T04:00:00+3",
        "1939-09-17T04:00:00+03:0",
        "1939-09-17T04:00:00+25:00",
        "1939-09-17T04:00:00+03:00 ",
        "1939-09-17x",
        "+03:00",
        " 1939-09-17",
        "1939-09-17 ",
        "1939/09/17",
        "17.09.1939",
        "39-09-17",
        "yesterday",
    };
    for (const char* text : bad) {
        std::string error;
        EXPECT_FALSE(parseIso8601(text, &error).has_value()) << "'" << text << "'";
        EXPECT_FALSE(error.empty()) << "'" << text << "'";
        EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    }
}

TEST(Iso8601, ErrorsNameTheProblem) {
    std::string error;
    parseIso8601("1939-13-01", &error);
    EXPECT_EQ(error, "month 13 is out of range in '1939-13-01'");
    parseIso8601("1939-09-17T25:00", &error);
    EXPECT_EQ(error, "hour 25 is out of range in '1939-09-17T25:00'");
    parseIso8601("1939-09-17T04:60", &error);
    EXPECT_EQ(error, "minute 60 is out of range in '1939-09-17T04:60'");
    parseIso8601("1939-09-31", &error);
    EXPECT_NE(error.find("day 31"), std::string::npos) << error;
    EXPECT_NE(error.find("30 days"), std::string::npos) << error;
    parseIso8601("", &error);
    EXPECT_NE(error.find("1939-09-17T04:00:00Z"), std::string::npos) << error;
    parseIso8601("1939-9-17", &error);
    EXPECT_EQ(error, "expected an ISO-8601 date such as 1939-09-17T04:00:00Z, got '1939-9-17'");
    parseIso8601("1939-09-17T04:00:00Zjunk", &error);
    EXPECT_NE(error.find("'junk'"), std::string::npos) << error;
}

TEST(Time, DaysFromCivilKnownValues) {
    EXPECT_EQ(daysFromCivil(1970, 1, 1), 0);
    EXPECT_EQ(daysFromCivil(1969, 12, 31), -1);
    EXPECT_EQ(daysFromCivil(2000, 3, 1), 11017);
    EXPECT_EQ(daysFromCivil(1939, 9, 17), -11064); // -955929600 / 86400
    EXPECT_EQ(daysFromCivil(1, 1, 1), -719162);
}

// Walks day by day with a plain calendar and checks both conversions against it.
TEST(Time, CivilDaysAgreeWithADayByDayCalendar) {
    auto leap = [](int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; };
    const int monthDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = -1200, m = 1, d = 1; // negative years exercise the era arithmetic
    const int64_t start = daysFromCivil(y, m, d);
    for (int64_t days = start; y < 2401; ++days) {
        int yy = 0, mm = 0, dd = 0;
        civilFromDays(days, &yy, &mm, &dd);
        ASSERT_EQ(yy, y);
        ASSERT_EQ(mm, m);
        ASSERT_EQ(dd, d);
        ASSERT_EQ(daysFromCivil(y, m, d), days);
        const int length = (m == 2 && leap(y)) ? 29 : monthDays[m - 1];
        if (++d > length) {
            d = 1;
            if (++m > 12) {
                m = 1;
                ++y;
            }
        }
    }
}

TEST(Time, FormatIso8601) {
    EXPECT_EQ(formatIso8601(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(formatIso8601(-955915200), "1939-09-17T04:00:00Z");
    EXPECT_EQ(formatIso8601(-941628304), "1940-02-29T12:34:56Z");
    // Rounded down, also before 1970.
    EXPECT_EQ(formatIso8601(0.999), "1970-01-01T00:00:00Z");
    EXPECT_EQ(formatIso8601(-0.5), "1969-12-31T23:59:59Z");
    EXPECT_EQ(formatIso8601(-955915200 + 59.75), "1939-09-17T04:00:59Z");
    EXPECT_EQ(formatIso8601(-955915200 - 0.25), "1939-09-17T03:59:59Z");
}

TEST(Time, FormatHumanDate) {
    EXPECT_EQ(formatHumanDate(-955915200), "17 September 1939, 04:00 UTC");
    EXPECT_EQ(formatHumanDate(0), "1 January 1970, 00:00 UTC");
    EXPECT_EQ(formatHumanDate(-957298500 + 59.9), "1 September 1939, 03:45 UTC");
    EXPECT_EQ(formatHumanDate(-0.5), "31 December 1969, 23:59 UTC");
}

// formatIso8601 against the C library's gmtime_r, and parse(format(t)) == floor(t),
// every ~28 hours (a step that drifts through all times of day) from 1900 to 2100.
TEST(Time, FormatParseRoundTrip1900To2100) {
    const int64_t first = -2208988800, last = 4133980799;
    for (int64_t s = first; s <= last; s += 100003) {
        const Time t = static_cast<double>(s) + 0.375;
        const std::string text = formatIso8601(t);

        const time_t tt = static_cast<time_t>(s);
        struct tm tm {};
        ASSERT_NE(gmtime_r(&tt, &tm), nullptr);
        char expected[96];
        std::snprintf(expected, sizeof expected, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                      tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        ASSERT_EQ(text, expected);

        std::string error;
        const std::optional<Time> back = parseIso8601(text, &error);
        ASSERT_TRUE(back.has_value()) << text << ": " << error;
        ASSERT_EQ(*back, static_cast<double>(s)) << text;
    }
}

TEST(Time, FormatsNonFiniteWithoutCrashing) {
    EXPECT_FALSE(formatIso8601(std::numeric_limits<double>::quiet_NaN()).empty());
    EXPECT_FALSE(formatHumanDate(std::numeric_limits<double>::infinity()).empty());
}

} // namespace
} // namespace kresy
