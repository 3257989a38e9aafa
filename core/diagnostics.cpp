#include "core/diagnostics.h"

#include <algorithm>

namespace kresy {
namespace {

const char* severityName(Severity s) {
    switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
    }
    return "error";
}

} // namespace

std::string formatDiagnostic(const Diagnostic& d) {
    std::string out = d.file;
    // A column without a line would be read as a line number, so it needs the line.
    if (d.line > 0) {
        out += ':';
        out += std::to_string(d.line);
        if (d.column > 0) {
            out += ':';
            out += std::to_string(d.column);
        }
    }
    out += ": ";
    out += severityName(d.severity);
    out += ": ";
    out += d.message;
    return out;
}

bool hasErrors(const std::vector<Diagnostic>& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

void sortByPosition(std::vector<Diagnostic>* diagnostics, size_t first) {
    std::stable_sort(diagnostics->begin() + std::ptrdiff_t(std::min(first, diagnostics->size())), diagnostics->end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return a.line != b.line ? a.line < b.line : a.column < b.column;
                     });
}

} // namespace kresy
