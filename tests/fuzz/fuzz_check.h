#pragma once
// What every fuzz target checks besides the sanitizers: a broken promise of a reader's header is
// a crash, so libFuzzer saves the input that broke it.

#include "core/diagnostics.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace kresy::fuzz {

[[noreturn]] inline void broken(const char* what, const std::string& detail = {}) {
    std::fprintf(stderr, "fuzz: %s\n%s\n", what, detail.c_str());
    std::abort();
}

inline void check(bool ok, const char* what, const std::string& detail = {}) {
    if (!ok) broken(what, detail);
}

// A parser's verdict agrees with its diagnostics, and each diagnostic is well formed.
inline void checkDiagnostics(const std::vector<Diagnostic>& diagnostics, bool ok) {
    for (const Diagnostic& d : diagnostics) {
        check(d.line >= 0 && d.column >= 0, "diagnostic at a negative position", formatDiagnostic(d));
        check(!d.message.empty(), "diagnostic without a message", formatDiagnostic(d));
    }
    check(ok == !hasErrors(diagnostics), ok ? "accepted with an error" : "refused without an error");
}

} // namespace kresy::fuzz
