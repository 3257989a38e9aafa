// Campaign annotations files (replays/annotations_io.h), on their own and checked against a
// replay: any bytes are reported, never crash or hang; what is accepted is written, read back
// equal, and written again the same.

#include "fuzz_check.h"
#include "replays/annotations_io.h"
#include "replays/replay_io.h"

#include <cstdint>
#include <string_view>

using namespace kresy;

namespace {

// The replay the annotations may name: the sides and sources of the seeds' (tests/unit/replays/good/full.json).
const Replay& annotatedReplay() {
    static const Replay replay = [] {
        const char* text = R"({"format": "kresy-replay", "version": 1,
  "metadata": {"title": "t", "span": {"start": "1939-09-27T00:00:00Z", "end": "1939-09-30T00:00:00Z"},
               "sources": [{"id": "meltyukhov2001", "citation": "c"}, {"id": "wiki-szack", "citation": "c"}]},
  "sides": [{"id": "pl", "name": "Poland", "colour": "#3A6FD8", "affiliation": "friend"},
            {"id": "su", "name": "Soviet Union", "colour": "#c8312b", "affiliation": "hostile"}],
  "units": [{"id": "u", "name": "u", "side": "pl", "type": "infantry", "echelon": "division",
             "track": [{"time": "1939-09-28T00:00:00Z", "lon": 23.8, "lat": 51.55}]}]})";
        Replay r;
        std::vector<Diagnostic> diagnostics;
        fuzz::check(parseReplay(text, "replay.json", nullptr, &r, &diagnostics), "the fixed replay is refused",
                    diagnostics.empty() ? "" : formatDiagnostic(diagnostics[0]));
        return r;
    }();
    return replay;
}

void exercise(std::string_view text, const Replay* replay) {
    AnnotationSet set;
    std::vector<Diagnostic> diagnostics;
    const bool ok = parseAnnotations(text, "fuzz.annotations.json", replay, &set, &diagnostics);
    fuzz::checkDiagnostics(diagnostics, ok);
    if (!ok) return;
    const std::string written = writeAnnotations(set);
    AnnotationSet again;
    std::vector<Diagnostic> second;
    fuzz::check(parseAnnotations(written, "written.json", replay, &again, &second), "written annotations refused",
                written);
    fuzz::check(again == set, "written annotations read back different", written);
    fuzz::check(writeAnnotations(again) == written, "annotations written twice differ", written);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    exercise(text, nullptr);
    exercise(text, &annotatedReplay());
    return 0;
}
