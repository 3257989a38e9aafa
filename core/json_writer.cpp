#include "json_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace kresy {
namespace {

std::string scalarText(const Json& v) { return v.dump(-1, ' ', false, Json::error_handler_t::replace); }

bool holdsContainers(const Json& v) {
    return std::any_of(v.begin(), v.end(), [](const Json& element) { return element.is_structured(); });
}

void writeValue(const Json& v, int indent, std::string* out) {
    if (!v.is_structured()) {
        *out += scalarText(v);
        return;
    }
    const bool object = v.is_object();
    if (v.empty()) {
        *out += object ? "{}" : "[]";
        return;
    }
    const bool oneLine = !holdsContainers(v);
    *out += object ? (oneLine ? "{ " : "{") : "[";
    size_t i = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++i) {
        if (i > 0)
            *out += ',';
        if (!oneLine) {
            *out += '\n';
            out->append(size_t(indent + 2), ' ');
        } else if (i > 0) {
            *out += ' ';
        }
        if (object) {
            *out += scalarText(Json(it.key()));
            *out += ": ";
        }
        writeValue(*it, indent + 2, out);
    }
    if (!oneLine) {
        *out += '\n';
        out->append(size_t(indent), ' ');
    }
    *out += object ? (oneLine ? " }" : "}") : "]";
}

} // namespace

Json jsonNumber(double value) {
    if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 1e15)
        return static_cast<int64_t>(value);
    return value;
}

void appendExtraFields(Json& object, const Json& extra) {
    if (!extra.is_object())
        return;
    for (const auto& [key, value] : extra.items())
        if (!object.contains(key))
            object[key] = value;
}

std::string jsonFileText(const Json& document) {
    std::string out;
    writeValue(document, 0, &out);
    out += '\n';
    return out;
}

} // namespace kresy
