#include "annotations.h"

#include <algorithm>

namespace kresy {
namespace {

constexpr const char* kAnnotationKinds[] = {"label", "arrow", "area", "line"};
constexpr const char* kLineDashes[] = {"solid", "dashed", "dotted"};

static_assert(std::size(kAnnotationKinds) == size_t(AnnotationKind::Line) + 1);
static_assert(std::size(kLineDashes) == size_t(LineDash::Dotted) + 1);

constexpr std::string_view kJson = ".json";
constexpr std::string_view kAnnotationsJson = ".annotations.json";

} // namespace

template <> std::span<const char* const> enumNames<AnnotationKind>() { return kAnnotationKinds; }
template <> std::span<const char* const> enumNames<LineDash>() { return kLineDashes; }

bool annotationVisible(const Annotation& a, Time t) {
    return (!a.start || t >= a.start->time) && (!a.end || t <= a.end->time);
}

double annotationGrowth(const Annotation& a, Time t) {
    if (a.kind != AnnotationKind::Arrow || !a.grow)
        return 1;
    const Time start = a.grow->start.time, end = a.grow->end.time;
    if (t >= end) // also a grow of no duration, from its instant on
        return 1;
    if (t <= start)
        return 0;
    return std::clamp((t - start) / (end - start), 0.0, 1.0);
}

std::string annotationsPathForReplay(const std::string& replayPath) {
    const std::string_view path = replayPath;
    const std::string_view stem = path.ends_with(kJson) ? path.substr(0, path.size() - kJson.size()) : path;
    return std::string(stem) + std::string(kAnnotationsJson);
}

std::string replayPathForAnnotations(const std::string& annotationsPath) {
    const std::string_view path = annotationsPath;
    if (!path.ends_with(kAnnotationsJson))
        return {};
    return std::string(path.substr(0, path.size() - kAnnotationsJson.size())) + std::string(kJson);
}

} // namespace kresy
