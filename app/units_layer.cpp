#include "units_layer.h"

#include "dataset.h"
#include "replays/annotations_io.h"
#include "replays/replay_io.h"
#include "scene/shot_io.h"
#include "terrain_view.h"

#include <cstdio>
#include <filesystem>

namespace kresy {

std::string defaultReplayPath() { return dataDirectory() + "/replays/1939-soviet-invasion.json"; }

namespace {

const LonLatBox kRegion{kRegionBounds.west, kRegionBounds.south, kRegionBounds.east, kRegionBounds.north};

// Prints the diagnostics; on failure says so in one sentence naming the file and what it is.
bool reported(bool ok, const std::vector<Diagnostic>& diagnostics, const std::string& path, const char* what,
              std::string* error) {
    for (const Diagnostic& d : diagnostics)
        std::fprintf(stderr, "%s\n", formatDiagnostic(d).c_str());
    if (!ok)
        *error = path + ": cannot use this " + what + " (the lines above say why)";
    return ok;
}

} // namespace

bool openShot(const std::string& path, const Replay* replay, Shot* out, std::string* error) {
    std::vector<Diagnostic> diagnostics;
    const bool ok = loadShot(path, &kRegion, out, &diagnostics, replay);
    return reported(ok, diagnostics, path, "shot", error);
}

bool openDeck(const std::string& path, const Replay* replay, Deck* out, std::string* error) {
    std::vector<Diagnostic> diagnostics;
    const bool ok = loadDeck(path, &kRegion, out, &diagnostics, replay);
    return reported(ok, diagnostics, path, "deck", error);
}

bool openUnits(const std::string& spec, std::shared_ptr<UnitsView>* out, std::string* error) {
    out->reset();
    if (spec == "none")
        return true;
    const std::string path = spec.empty() ? defaultReplayPath() : spec;
    auto replay = std::make_shared<Replay>();
    std::vector<Diagnostic> diagnostics;
    const bool ok = loadReplay(path, &kRegion, replay.get(), &diagnostics);
    if (!reported(ok, diagnostics, path, "replay", error))
        return false;
    const size_t slash = path.find_last_of('/');
    const std::string directory = slash == std::string::npos ? std::string(".") : path.substr(0, slash);
    std::vector<std::string> problems;
    auto models = loadUnitModels(*replay, directory, &problems);
    for (const std::string& problem : problems)
        std::fprintf(stderr, "%s: warning: %s\n", path.c_str(), problem.c_str());
    *out = std::make_shared<UnitsView>(std::move(replay));
    (*out)->setModels(std::move(models));
    return true;
}

ReplayAnnotations openAnnotations(const std::string& spec, const Replay* replay) {
    ReplayAnnotations out;
    if (spec == "none" || !replay)
        return out;
    out.path = annotationsPathForReplay(spec.empty() ? defaultReplayPath() : spec);
    out.all.annotations = replay->annotations;
    std::error_code ec;
    if (!std::filesystem::exists(out.path, ec))
        return out;
    std::vector<Diagnostic> diagnostics;
    const bool ok = loadAnnotations(out.path, replay, &out.file, &diagnostics);
    for (const Diagnostic& d : diagnostics)
        std::fprintf(stderr, "%s\n", formatDiagnostic(d).c_str());
    if (!ok) {
        out.fileBroken = true;
        out.file = AnnotationSet{};
        std::fprintf(stderr, "%s: warning: these annotations are not drawn (the lines above say why)\n", out.path.c_str());
        return out;
    }
    out.all.annotations.insert(out.all.annotations.end(), out.file.annotations.begin(), out.file.annotations.end());
    return out;
}

TargetResolver shotTargetResolver(const UnitsView* units, HeightFunction groundAt) {
    return [units, groundAt](const ShotTarget& target, std::optional<Time> t) -> std::optional<GeoPoint> {
        if (target.unit) {
            if (!units)
                return std::nullopt;
            const std::vector<Unit>& all = units->replay().units;
            for (size_t u = 0; u < all.size(); ++u)
                if (all[u].id == *target.unit) {
                    if (!t)
                        return std::nullopt;
                    const UnitState s = sampleUnit(units->index(), u, *t);
                    if (!s.visible)
                        return std::nullopt;
                    return GeoPoint{s.lat, s.lon, groundAt(s.lat, s.lon)};
                }
            return std::nullopt;
        }
        if (target.point && target.onGround)
            return GeoPoint{target.point->lat, target.point->lon, groundAt(target.point->lat, target.point->lon)};
        return target.point;
    };
}

} // namespace kresy
