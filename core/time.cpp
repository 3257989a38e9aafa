#include "core/time.h"

#include <cmath>
#include <cstdio>
#include <initializer_list>

namespace kresy {

// Howard Hinnant's algorithms (http://howardhinnant.github.io/date_algorithms.html):
// exact integer arithmetic on 400-year eras, valid for any year.
int64_t daysFromCivil(int year, int month, int day) {
    const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;                                   // [0, 399]
    const int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1; // [0, 365]
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           // [0, 146096]
    return era * 146097 + doe - 719468;
}

void civilFromDays(int64_t days, int* year, int* month, int* day) {
    const int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;                                        // [0, 146096]
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;   // [0, 399]
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                 // [0, 365]
    const int64_t mp = (5 * doy + 2) / 153;                                      // [0, 11]
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    *year = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
    *month = m;
    *day = d;
}

namespace {

constexpr const char* kMonthNames[12] = {"January", "February", "March",     "April",
                                         "May",     "June",     "July",      "August",
                                         "September", "October", "November", "December"};

bool isLeapYear(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (month == 2 && isLeapYear(year)) ? 29 : kDays[month - 1];
}

struct DateTime {
    int year = 0, month = 0, day = 0;
    int hour = 0, minute = 0, second = 0;
    double fraction = 0;   // of a second, [0, 1)
    int offsetSeconds = 0; // local time minus UTC
};

// A single forward pass over the text. Any failed read ends the whole parse, so the
// methods do not bother to restore the position.
class Reader {
public:
    explicit Reader(std::string_view text) : text_(text) {}

    bool atEnd() const { return pos_ == text_.size(); }
    char peek() const { return atEnd() ? '\0' : text_[pos_]; }
    std::string_view rest() const { return text_.substr(pos_); }

    bool consume(char c) {
        if (peek() != c) return false;
        ++pos_;
        return true;
    }

    // Exactly `count` decimal digits.
    bool digits(int count, int* value) {
        int v = 0;
        for (int i = 0; i < count; ++i) {
            if (!isDigit(peek())) return false;
            v = v * 10 + (text_[pos_++] - '0');
        }
        *value = v;
        return true;
    }

    // One or more digits after a decimal point, as a fraction in [0, 1).
    bool fraction(double* value) {
        if (!isDigit(peek())) return false;
        // Digits past the 15th are below double precision for a fraction; skip them.
        double numerator = 0, denominator = 1;
        while (isDigit(peek())) {
            if (denominator < 1e15) {
                numerator = numerator * 10 + (text_[pos_] - '0');
                denominator *= 10;
            }
            ++pos_;
        }
        *value = numerator / denominator;
        return true;
    }

private:
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    std::string_view text_;
    size_t pos_ = 0;
};

// Builds the message piecewise: GCC 12 at -O3 raises a false -Wrestrict on chains of
// std::string operator+ (GCC bug 105329).
bool fail(std::string* error, std::initializer_list<std::string_view> parts) {
    if (error) {
        error->clear();
        for (std::string_view part : parts) error->append(part);
    }
    return false;
}

bool expectedDate(std::string_view text, std::string* error) {
    if (text.empty())
        return fail(error, {"expected an ISO-8601 date such as 1939-09-17T04:00:00Z, got an empty string"});
    return fail(error, {"expected an ISO-8601 date such as 1939-09-17T04:00:00Z, got '", text, "'"});
}

bool outOfRange(std::string_view field, int value, std::string_view text, std::string* error) {
    return fail(error, {field, " ", std::to_string(value), " is out of range in '", text, "'"});
}

bool parseDate(Reader& in, std::string_view text, DateTime* dt, std::string* error) {
    if (!in.digits(4, &dt->year) || !in.consume('-') || !in.digits(2, &dt->month) ||
        !in.consume('-') || !in.digits(2, &dt->day))
        return expectedDate(text, error);
    if (dt->month < 1 || dt->month > 12) return outOfRange("month", dt->month, text, error);
    const int monthDays = daysInMonth(dt->year, dt->month);
    if (dt->day < 1 || dt->day > monthDays) {
        return fail(error, {"day ", std::to_string(dt->day), " is out of range in '", text, "' (",
                            kMonthNames[dt->month - 1], " ", std::to_string(dt->year), " has ",
                            std::to_string(monthDays), " days)"});
    }
    return true;
}

// HH:MM, HH:MM:SS or HH:MM:SS.fff; no leap seconds (the time scale has none).
bool parseClock(Reader& in, std::string_view text, DateTime* dt, std::string* error) {
    if (!in.digits(2, &dt->hour) || !in.consume(':') || !in.digits(2, &dt->minute))
        return fail(error, {"expected a time such as 04:00 or 04:00:00 after the date in '", text, "'"});
    if (in.consume(':')) {
        if (!in.digits(2, &dt->second))
            return fail(error, {"expected two-digit seconds after the minutes in '", text, "'"});
        if (in.consume('.') && !in.fraction(&dt->fraction))
            return fail(error, {"expected digits after the decimal point in '", text, "'"});
    }
    if (dt->hour > 23) return outOfRange("hour", dt->hour, text, error);
    if (dt->minute > 59) return outOfRange("minute", dt->minute, text, error);
    if (dt->second > 59) return outOfRange("second", dt->second, text, error);
    return true;
}

// Z, +HH:MM, +HHMM or +HH (and the same with '-').
bool parseZone(Reader& in, std::string_view text, DateTime* dt, std::string* error) {
    if (in.atEnd()) return true; // no zone: UTC
    if (in.consume('Z')) return true;
    const char sign = in.peek();
    if (sign != '+' && sign != '-')
        return fail(error, {"unexpected '", in.rest(), "' after the time in '", text,
                            "' (expected Z, +HH:MM or the end)"});
    in.consume(sign);
    int hours = 0, minutes = 0;
    if (!in.digits(2, &hours))
        return fail(error, {"expected a time zone offset such as +03:00 in '", text, "'"});
    const bool colon = in.consume(':');
    if ((colon || !in.atEnd()) && !in.digits(2, &minutes))
        return fail(error, {"expected a time zone offset such as +03:00 in '", text, "'"});
    if (hours > 23 || minutes > 59)
        return fail(error, {"time zone offset is out of range in '", text, "'"});
    dt->offsetSeconds = (sign == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    return true;
}

bool parseDateTime(std::string_view text, DateTime* dt, std::string* error) {
    Reader in(text);
    if (!parseDate(in, text, dt, error)) return false;
    if (in.atEnd()) return true; // a bare date is midnight UTC
    if (!in.consume('T') && !in.consume(' '))
        return fail(error, {"unexpected '", in.rest(), "' after the date in '", text,
                            "' (expected 'T' and a time, or the end)"});
    if (!parseClock(in, text, dt, error)) return false;
    if (!parseZone(in, text, dt, error)) return false;
    if (!in.atEnd())
        return fail(error, {"unexpected '", in.rest(), "' at the end of '", text, "'"});
    return true;
}

struct Civil {
    int year, month, day, hour, minute, second;
};

// Floors to whole seconds, so times before 1970 still round toward the past.
bool toCivil(Time t, Civil* c) {
    // 1e15 s is 30 million years: the int64 cast stays defined and the year fits an int.
    if (!std::isfinite(t) || std::abs(t) > 1e15) return false;
    const int64_t secs = static_cast<int64_t>(std::floor(t));
    int64_t days = secs / 86400;
    int64_t secOfDay = secs % 86400;
    if (secOfDay < 0) {
        secOfDay += 86400;
        days -= 1;
    }
    civilFromDays(days, &c->year, &c->month, &c->day);
    c->hour = static_cast<int>(secOfDay / 3600);
    c->minute = static_cast<int>(secOfDay / 60 % 60);
    c->second = static_cast<int>(secOfDay % 60);
    return true;
}

} // namespace

std::optional<Time> parseIso8601(std::string_view text, std::string* error) {
    DateTime dt;
    if (!parseDateTime(text, &dt, error)) return std::nullopt;
    const int64_t wholeSeconds = daysFromCivil(dt.year, dt.month, dt.day) * 86400 +
                                 dt.hour * 3600 + dt.minute * 60 + dt.second - dt.offsetSeconds;
    return static_cast<double>(wholeSeconds) + dt.fraction;
}

std::string formatIso8601(Time t) {
    Civil c;
    if (!toCivil(t, &c)) return "invalid time";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour,
                  c.minute, c.second);
    return buf;
}

std::string formatHumanDate(Time t) {
    Civil c;
    if (!toCivil(t, &c)) return "invalid time";
    char buf[96];
    std::snprintf(buf, sizeof buf, "%d %s %d, %02d:%02d UTC", c.day, kMonthNames[c.month - 1], c.year,
                  c.hour, c.minute);
    return buf;
}

} // namespace kresy
