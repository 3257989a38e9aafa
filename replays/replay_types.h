#pragma once
// What the replay (replay.h) and the annotations beside it (annotations.h) both use: an enum's
// names as the files write them, and times as read and written.

#include "core/json.h"
#include "core/time.h"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace kresy {

// The names of an enumeration's values as the file writes them, in the order of the enum.
// Specialised beside each enum (replay.h, annotations.h).
template <typename E>
std::span<const char* const> enumNames();

template <typename E>
const char* enumName(E value) {
    const std::span<const char* const> names = enumNames<E>();
    const size_t i = static_cast<size_t>(value);
    return i < names.size() ? names[i] : "?";
}

// False (and *out untouched) when `name` is not one of enumNames<E>().
template <typename E>
bool parseEnum(std::string_view name, E* out) {
    const std::span<const char* const> names = enumNames<E>();
    for (size_t i = 0; i < names.size(); ++i)
        if (name == names[i]) {
            *out = static_cast<E>(i);
            return true;
        }
    return false;
}

// A time as a value and as written. The text keeps a historian's time zone offset through a
// load and save; when it is empty or no longer parses to `time`, the writer writes `time` in UTC.
struct Timestamp {
    Time time = 0;
    std::string text;

    bool operator==(const Timestamp&) const = default;
};

// What a writer writes for `t` (the replay and shot writers both): its text when that still
// parses to its time, else the time in UTC to the second.
std::string timestampText(const Timestamp& t);

struct TimeSpan {
    Timestamp start, end;
    Json extra = Json::object();

    bool operator==(const TimeSpan&) const = default;
};

} // namespace kresy
