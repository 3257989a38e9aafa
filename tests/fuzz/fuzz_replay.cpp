// Replay files (replays/replay_io.h): any bytes are reported, never crash or hang; what is
// accepted is written, read back equal, indexed and sampled.

#include "fuzz_check.h"
#include "replays/hierarchy.h"
#include "replays/replay_io.h"
#include "replays/sampling.h"

#include <cstdint>
#include <string_view>

using namespace kresy;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static constexpr LonLatBox kTerrain{12, 45, 34, 58};
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    Replay replay;
    std::vector<Diagnostic> diagnostics;
    const bool ok = parseReplay(text, "fuzz.json", &kTerrain, &replay, &diagnostics);
    fuzz::checkDiagnostics(diagnostics, ok);
    if (!ok) return 0;

    const std::string written = writeReplay(replay);
    Replay again;
    std::vector<Diagnostic> second;
    fuzz::check(parseReplay(written, "written.json", nullptr, &again, &second), "written replay refused", written);
    fuzz::check(again == replay, "written replay reads back different", written);

    const ReplayIndex index = buildReplayIndex(replay);
    const UnitHierarchy hierarchy = buildUnitHierarchy(replay);
    fuzz::check(hierarchy.parent.size() == replay.units.size(), "hierarchy lost units");
    std::vector<UnitState> states(index.unitCount());
    std::vector<GeoPoint> trail;
    for (Time t : {index.start, (index.start + index.end) / 2, index.end, index.end + 1.0}) {
        sampleUnits(index, t, states.data());
        for (size_t u = 0; u < index.unitCount(); ++u) appendUnitTrail(index, u, t, 6, &trail);
    }
    return 0;
}
