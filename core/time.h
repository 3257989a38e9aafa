#pragma once
// Campaign time: seconds since 1970-01-01T00:00:00Z as double (UTC, proleptic Gregorian,
// no leap seconds). 1939 is negative; double keeps microseconds over this range.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kresy {

using Time = double;

// Days since 1970-01-01 of a civil date (any year, proleptic Gregorian).
int64_t daysFromCivil(int year, int month, int day);
void civilFromDays(int64_t days, int* year, int* month, int* day);

// Parses ISO-8601 / RFC 3339 date-times:
//   1939-09-17                     (midnight UTC)
//   1939-09-17T04:00 / T04:00:00 / T04:00:00.250   (UTC when no zone is given)
//   ...Z, ...+03:00, ...-0100, ...+03
// A space may stand for 'T'. Rejects anything else (bad month/day/hour, Feb 30,
// trailing text) and writes one sentence saying what was expected into *error.
std::optional<Time> parseIso8601(std::string_view text, std::string* error = nullptr);

// "1939-09-17T04:00:00Z"; whole seconds (rounded down).
std::string formatIso8601(Time t);
// "17 September 1939, 04:00 UTC", for on-screen display.
std::string formatHumanDate(Time t);

} // namespace kresy
