// kresy check and kresy info: replay files (docs/replay-format.md) from the command line.

#include "commands.h"
#include "dataset.h"
#include "core/files.h"
#include "replays/replay_io.h"
#include "scene/units_view.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace kresy {
namespace {

const char* const kCheckUsage =
    "usage: kresy check FILE...\n"
    "\n"
    "Checks replay files (docs/replay-format.md) and prints every problem found as\n"
    "FILE:LINE:COL: error|warning: MESSAGE, then how many there were. A waypoint or event outside\n"
    "the terrain (12..34 E, 45..58 N), a time outside metadata.span and a time without a time\n"
    "zone are warnings.\n"
    "Exit status: 0 when no file has an error (warnings alone are fine), 1 when one has, 2 on a\n"
    "bad command line.\n"
    "\n"
    "options:\n"
    "  --help   show this help\n";

const char* const kInfoUsage =
    "usage: kresy info FILE [--json]\n"
    "\n"
    "Prints a replay's title, time span, how many sides, units, waypoints and events it has, and\n"
    "its events in time order. A file with errors prints them instead (see kresy check) and exits 1.\n"
    "\n"
    "options:\n"
    "  --json   one JSON object instead: {\"span\": [START, END], \"units\": N, \"events\": [{\"id\",\n"
    "           \"title\", \"kind\", \"start\", \"end\", \"lon\", \"lat\"}...]}, times in ISO-8601 UTC\n"
    "  --help   show this help\n";

bool isHelpFlag(const std::string& arg) { return arg == "--help" || arg == "-h"; }

// A lone "-" would be stdin, which these commands do not read; anything else starting with '-'
// is an option.
bool isOption(const std::string& arg) { return arg.size() > 1 && arg[0] == '-'; }

std::string plural(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

LonLatBox terrainBox() {
    return {kRegionBounds.west, kRegionBounds.south, kRegionBounds.east, kRegionBounds.north};
}

// The events in time order: by start, then end, then as in the file.
std::vector<const Event*> eventsInTimeOrder(const Replay& replay) {
    std::vector<const Event*> events;
    for (const Event& e : replay.events)
        events.push_back(&e);
    std::stable_sort(events.begin(), events.end(), [](const Event* a, const Event* b) {
        return a->start.time != b->start.time ? a->start.time < b->start.time : eventEnd(*a) < eventEnd(*b);
    });
    return events;
}

void printInfoText(const Replay& replay) {
    Time start = 0, end = 0;
    std::printf("title: %s\n", replay.metadata.title.c_str());
    if (replaySpan(replay, &start, &end))
        std::printf("span: %s to %s\n", formatIso8601(start).c_str(), formatIso8601(end).c_str());
    else
        std::printf("span: none (no times)\n");
    std::printf("sides: %zu\nunits: %zu\nwaypoints: %zu\nevents: %zu\n", replay.sides.size(), replay.units.size(),
                waypointCount(replay), replay.events.size());
    for (const Event* e : eventsInTimeOrder(replay)) {
        std::string when = formatIso8601(e->start.time);
        if (eventEnd(*e) != e->start.time)
            when += " to " + formatIso8601(eventEnd(*e));
        std::printf("  %s  %s  %s (%s)\n", when.c_str(), enumName(e->kind), e->title.c_str(), e->id.c_str());
    }
}

void printInfoJson(const Replay& replay) {
    Json info = Json::object();
    Time start = 0, end = 0;
    if (replaySpan(replay, &start, &end))
        info["span"] = {formatIso8601(start), formatIso8601(end)};
    else
        info["span"] = {nullptr, nullptr};
    info["units"] = replay.units.size();
    info["events"] = Json::array();
    for (const Event* e : eventsInTimeOrder(replay))
        info["events"].push_back({{"id", e->id},
                                  {"title", e->title},
                                  {"kind", enumName(e->kind)},
                                  {"start", formatIso8601(e->start.time)},
                                  {"end", formatIso8601(eventEnd(*e))},
                                  {"lon", e->place.lon},
                                  {"lat", e->place.lat}});
    std::printf("%s\n", info.dump(-1, ' ', false, Json::error_handler_t::replace).c_str());
}

// The units' glTF models must load: a model that does not is an error at its "model" field
// (the window draws a placeholder in its place).
void checkUnitModels(const std::string& file, const Replay& replay, std::vector<Diagnostic>* diagnostics) {
    if (std::none_of(replay.units.begin(), replay.units.end(), [](const Unit& u) { return u.model.has_value(); }))
        return;
    std::vector<uint8_t> bytes;
    std::string error;
    Json root;
    JsonPositions positions;
    std::vector<Diagnostic> ignored;
    if (!readFile(file, &bytes, &error) ||
        !readJsonDocument(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), file, &root,
                          &positions, &ignored))
        return;
    const size_t slash = file.find_last_of('/');
    const std::string directory = slash == std::string::npos ? std::string(".") : file.substr(0, slash);
    std::map<std::string, std::string> problems; // by path: "" when it loads
    for (size_t i = 0; i < replay.units.size(); ++i) {
        const Unit& unit = replay.units[i];
        if (!unit.model)
            continue;
        const std::string path = modelPath(directory, *unit.model);
        auto [it, added] = problems.try_emplace(path);
        if (added) {
            ModelData model;
            loadModel(path, unit.modelHeading.value_or(0), &model, &it->second);
        }
        if (it->second.empty())
            continue;
        Diagnostic d{file, 0, 0, Severity::Error, "unit \"" + unit.id + "\": model " + it->second};
        auto at = positions.find("/units/" + std::to_string(i) + "/model");
        if (at != positions.end()) {
            d.line = at->second.line;
            d.column = at->second.column;
        }
        diagnostics->push_back(std::move(d));
    }
}

} // namespace

int runCheck(const std::vector<std::string>& args) {
    std::vector<std::string> files;
    bool optionsEnded = false;
    for (const std::string& arg : args) {
        if (!optionsEnded && arg == "--") {
            optionsEnded = true;
        } else if (!optionsEnded && isHelpFlag(arg)) {
            std::fputs(kCheckUsage, stdout);
            return kExitOk;
        } else if (!optionsEnded && isOption(arg)) {
            std::fprintf(stderr, "kresy check: unknown option '%s' (see kresy check --help)\n", arg.c_str());
            return kExitUsage;
        } else {
            files.push_back(arg);
        }
    }
    if (files.empty()) {
        std::fprintf(stderr, "kresy check: no file given; expected FILE... (see kresy check --help)\n");
        return kExitUsage;
    }
    const LonLatBox terrain = terrainBox();
    size_t errors = 0, warnings = 0;
    for (const std::string& file : files) {
        std::vector<Diagnostic> diagnostics;
        Replay replay;
        if (loadReplay(file, &terrain, &replay, &diagnostics))
            checkUnitModels(file, replay, &diagnostics);
        for (const Diagnostic& d : diagnostics) {
            std::printf("%s\n", formatDiagnostic(d).c_str());
            errors += d.severity == Severity::Error;
            warnings += d.severity == Severity::Warning;
        }
    }
    if (errors + warnings == 0)
        std::printf("%s checked: no problems\n", plural(files.size(), "file", "files").c_str());
    else
        std::printf("%s checked: %s, %s\n", plural(files.size(), "file", "files").c_str(),
                    plural(errors, "error", "errors").c_str(), plural(warnings, "warning", "warnings").c_str());
    return errors > 0 ? kExitFailure : kExitOk;
}

int runInfo(const std::vector<std::string>& args) {
    std::string file;
    bool json = false;
    for (const std::string& arg : args) {
        if (isHelpFlag(arg)) {
            std::fputs(kInfoUsage, stdout);
            return kExitOk;
        }
        const char* problem = nullptr;
        if (arg == "--json")
            json = true;
        else if (isOption(arg))
            problem = "unknown option";
        else if (!file.empty())
            problem = "unexpected argument";
        else
            file = arg;
        if (problem) {
            std::fprintf(stderr, "kresy info: %s '%s'; it takes one FILE (see kresy info --help)\n", problem, arg.c_str());
            return kExitUsage;
        }
    }
    if (file.empty()) {
        std::fprintf(stderr, "kresy info: no file given; expected FILE (see kresy info --help)\n");
        return kExitUsage;
    }
    std::vector<Diagnostic> diagnostics;
    Replay replay;
    if (!loadReplay(file, nullptr, &replay, &diagnostics)) {
        for (const Diagnostic& d : diagnostics)
            std::fprintf(stderr, "%s\n", formatDiagnostic(d).c_str());
        return kExitFailure;
    }
    if (json)
        printInfoJson(replay);
    else
        printInfoText(replay);
    return kExitOk;
}

} // namespace kresy
