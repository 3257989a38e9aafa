#pragma once
// Diagnostics in the compiler style that editors understand: "file:line:col: severity: message".

#include <cstddef>
#include <string>
#include <vector>

namespace kresy {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
    std::string file;
    int line = 0;   // 1-based; 0 when the problem is about the whole file
    int column = 0; // 1-based; 0 when unknown
    Severity severity = Severity::Error;
    std::string message;
};

std::string formatDiagnostic(const Diagnostic& d);
bool hasErrors(const std::vector<Diagnostic>& diagnostics);

// Orders the diagnostics from index `first` on by line, then column (those about the whole file,
// line 0, first); diagnostics at one position keep their order.
void sortByPosition(std::vector<Diagnostic>* diagnostics, size_t first = 0);

} // namespace kresy
