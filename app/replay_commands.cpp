// kresy check and kresy info: replay, shot, deck and annotations files (docs/replay-format.md,
// docs/shot-format.md, docs/annotation-format.md) from the command line. Each file is read as the
// kind detectDocumentKind finds it to be.

#include "commands.h"
#include "dataset.h"
#include "core/files.h"
#include "core/json_writer.h"
#include "replays/annotations_io.h"
#include "replays/replay_io.h"
#include "scene/shot_io.h"
#include "scene/units_view.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kresy {
namespace {

const char* const kCheckUsage =
    "usage: kresy check FILE...\n"
    "\n"
    "Checks replays, shots and decks (docs/replay-format.md, docs/shot-format.md) and campaign\n"
    "annotations (docs/annotation-format.md), in any mix, and prints every problem found as\n"
    "FILE:LINE:COL: error|warning: MESSAGE, then how many there were.\n"
    "Each file is checked as what its top-level fields say it is: \"units\" a replay, \"keys\" a shot,\n"
    "\"bookmarks\" a deck, \"annotations\" annotations. A shot or deck is checked against the replay its\n"
    "\"replay\" field names: its unit ids must be that replay's. NAME.annotations.json is checked\n"
    "against the replay NAME.json beside it, when there is one: its sides and sources must be that\n"
    "replay's; checking a replay also checks the annotations file beside it. A position outside the\n"
    "terrain (12..34 E, 45..58 N), a time outside the replay's span and a time without a time zone\n"
    "are warnings.\n"
    "Exit status: 0 when no file has an error (warnings alone are fine), 1 when one has, 2 on a\n"
    "bad command line.\n"
    "\n"
    "options:\n"
    "  --help   show this help\n";

const char* const kInfoUsage =
    "usage: kresy info FILE [--json]\n"
    "\n"
    "Prints what a file holds. A replay: its title, time span, how many sides, units, waypoints and\n"
    "events it has, and its events in time order. A shot: its title, how many keys, how long it\n"
    "lasts and the campaign time it shows. A deck: its title, its span and its bookmarks in order.\n"
    "Annotations: how many there are of each kind, and the span of their times.\n"
    "A file with errors prints them instead (see kresy check) and exits 1.\n"
    "\n"
    "options:\n"
    "  --json   one JSON object instead, times in ISO-8601 UTC. A replay: {\"span\": [START, END],\n"
    "           \"units\": N, \"events\": [{\"id\", \"title\", \"kind\", \"start\", \"end\", \"lon\",\n"
    "           \"lat\"}...]}; a shot: {\"title\", \"keys\": N, \"duration\": SECONDS, \"campaignTime\":\n"
    "           [FIRST, LAST]}; a deck: {\"title\", \"span\": [START, END], \"bookmarks\": [{\"title\",\n"
    "           \"time\"}...]}; annotations: {\"annotations\": N, \"kinds\": {\"label\": N, \"arrow\": N,\n"
    "           \"area\": N, \"line\": N}, \"span\": [START, END]}. A span or campaign time that is not\n"
    "           there is [null, null].\n"
    "  --help   show this help\n";

// For a file whose kind detectDocumentKind cannot tell.
const char* const kNotADocument = "not a replay, shot, deck or annotations file: expected a JSON object with one "
                                  "of \"units\" (a replay), \"keys\" (a shot), \"bookmarks\" (a deck) or "
                                  "\"annotations\" (annotations)";

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

// The earliest and latest of some times, for a span in info.
struct TimeRange {
    bool any = false;
    Time first = 0, last = 0;

    void include(Time t) {
        first = any ? std::min(first, t) : t;
        last = any ? std::max(last, t) : t;
        any = true;
    }
    // "START to END" in UTC, or `none`.
    std::string text(const char* none) const {
        return any ? formatIso8601(first) + " to " + formatIso8601(last) : std::string(none);
    }
    Json json() const { return any ? Json{formatIso8601(first), formatIso8601(last)} : Json{nullptr, nullptr}; }
};

void printJson(const Json& info) { std::printf("%s\n", info.dump(-1, ' ', false, Json::error_handler_t::replace).c_str()); }

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

TimeRange replayRange(const Replay& replay) {
    TimeRange range;
    range.any = replaySpan(replay, &range.first, &range.last);
    return range;
}

void printInfoText(const Replay& replay) {
    std::printf("title: %s\n", replay.metadata.title.c_str());
    std::printf("span: %s\n", replayRange(replay).text("none (no times)").c_str());
    std::printf("sides: %zu\nunits: %zu\nwaypoints: %zu\n", replay.sides.size(), replay.units.size(),
                waypointCount(replay));
    if (!replay.annotations.empty())
        std::printf("annotations: %zu\n", replay.annotations.size());
    std::printf("events: %zu\n", replay.events.size());
    for (const Event* e : eventsInTimeOrder(replay)) {
        std::string when = formatIso8601(e->start.time);
        if (eventEnd(*e) != e->start.time)
            when += " to " + formatIso8601(eventEnd(*e));
        std::printf("  %s  %s  %s (%s)\n", when.c_str(), enumName(e->kind), e->title.c_str(), e->id.c_str());
    }
}

void printInfoJson(const Replay& replay) {
    Json info = Json::object();
    info["span"] = replayRange(replay).json();
    info["units"] = replay.units.size();
    if (!replay.annotations.empty())
        info["annotations"] = replay.annotations.size();
    info["events"] = Json::array();
    for (const Event* e : eventsInTimeOrder(replay))
        info["events"].push_back({{"id", e->id},
                                  {"title", e->title},
                                  {"kind", enumName(e->kind)},
                                  {"start", formatIso8601(e->start.time)},
                                  {"end", formatIso8601(eventEnd(*e))},
                                  {"lon", e->place.lon},
                                  {"lat", e->place.lat}});
    printJson(info);
}

// The campaign time a shot shows: from the earliest of its keys' to the latest.
TimeRange campaignRange(const Shot& shot) {
    TimeRange range;
    for (const ShotKey& key : shot.keys)
        if (key.campaignTime)
            range.include(key.campaignTime->time);
    return range;
}

void printShotInfo(const Shot& shot, bool json) {
    if (json) {
        printJson({{"title", shot.title},
                   {"keys", shot.keys.size()},
                   {"duration", jsonNumber(shotDuration(shot))},
                   {"campaignTime", campaignRange(shot).json()}});
        return;
    }
    std::printf("title: %s\n", shot.title.c_str());
    if (shot.replay)
        std::printf("replay: %s\n", shot.replay->c_str());
    std::printf("keys: %zu\nduration: %s s\n", shot.keys.size(), jsonNumber(shotDuration(shot)).dump().c_str());
    std::printf("campaign time: %s\n", campaignRange(shot).text("none (no key gives one)").c_str());
}

void printDeckInfo(const Deck& deck, bool json) {
    TimeRange range;
    for (const Bookmark& b : deck.bookmarks)
        range.include(b.time.time);
    if (json) {
        Json bookmarks = Json::array();
        for (const Bookmark& b : deck.bookmarks)
            bookmarks.push_back({{"title", b.title}, {"time", formatIso8601(b.time.time)}});
        printJson({{"title", deck.title}, {"span", range.json()}, {"bookmarks", std::move(bookmarks)}});
        return;
    }
    std::printf("title: %s\n", deck.title.c_str());
    if (deck.replay)
        std::printf("replay: %s\n", deck.replay->c_str());
    std::printf("span: %s\nbookmarks: %zu\n", range.text("none").c_str(), deck.bookmarks.size());
    for (const Bookmark& b : deck.bookmarks)
        std::printf("  %s  %s\n", formatIso8601(b.time.time).c_str(), b.title.c_str());
}

void printAnnotationsInfo(const AnnotationSet& set, bool json) {
    const std::span<const char* const> kinds = enumNames<AnnotationKind>();
    std::vector<size_t> counts(kinds.size());
    TimeRange range;
    for (const Annotation& a : set.annotations) {
        ++counts[size_t(a.kind)];
        for (const std::optional<Timestamp>& t : {a.start, a.end})
            if (t)
                range.include(t->time);
        if (a.grow) {
            range.include(a.grow->start.time);
            range.include(a.grow->end.time);
        }
    }
    if (json) {
        Json byKind = Json::object();
        for (size_t i = 0; i < kinds.size(); ++i)
            byKind[kinds[i]] = counts[i];
        printJson({{"annotations", set.annotations.size()}, {"kinds", std::move(byKind)}, {"span", range.json()}});
        return;
    }
    std::printf("annotations: %zu\n", set.annotations.size());
    for (size_t i = 0; i < kinds.size(); ++i)
        std::printf("  %ss: %zu\n", kinds[i], counts[i]);
    std::printf("span: %s\n", range.text("none (no times)").c_str());
}

// The units' glTF models must load: a model that does not is an error at its "model" field
// (the window draws a placeholder in its place). `text` is the replay's, which has loaded.
void checkUnitModels(const std::string& file, std::string_view text, const Replay& replay,
                     std::vector<Diagnostic>* diagnostics) {
    if (std::none_of(replay.units.begin(), replay.units.end(), [](const Unit& u) { return u.model.has_value(); }))
        return;
    Json root;
    JsonPositions positions;
    std::vector<Diagnostic> ignored;
    if (!readJsonDocument(text, file, &root, &positions, &ignored))
        return;
    JsonChecker checker{file, positions, diagnostics};
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
        if (!it->second.empty())
            checker.error("/units/" + std::to_string(i) + "/model", "unit \"" + unit.id + "\": model " + it->second);
    }
}

// The replay that a shot or deck names in its "replay" field, loaded into *replay so that the
// file's unit ids can be checked against it. False when it names none (an empty or mistyped
// field is the shot reader's to report) or when the replay does not load: that is one error at
// the field, not the replay's own problems, which `kresy check REPLAY` lists.
bool loadNamedReplay(const std::string& file, std::string_view text, Replay* replay,
                     std::vector<Diagnostic>* diagnostics) {
    Json root;
    JsonPositions positions;
    std::vector<Diagnostic> ignored; // the shot reader reports these
    if (!readJsonDocument(text, file, &root, &positions, &ignored) || !root.is_object())
        return false;
    const auto field = root.find("replay");
    if (field == root.end() || !field->is_string() || field->get_ref<const std::string&>().empty())
        return false;
    const std::string path = shotReplayPath(file, field->get<std::string>());
    std::vector<uint8_t> bytes;
    std::string error;
    if (!readFile(path, &bytes, &error)) { // error: "PATH: why"
        JsonChecker{file, positions, diagnostics}.error("/replay", "cannot read the replay " + error);
        return false;
    }
    const std::string_view replayText(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    const DocumentKind kind = detectDocumentKind(replayText);
    if (kind == DocumentKind::Shot || kind == DocumentKind::Deck || kind == DocumentKind::Annotations) {
        // Its own check would pass.
        const char* what = kind == DocumentKind::Shot ? "a shot" : kind == DocumentKind::Deck ? "a deck" : "an annotations file";
        JsonChecker{file, positions, diagnostics}.error("/replay", std::string("the replay ") + path + " is " + what +
                                                                       ", not a replay");
        return false;
    }
    std::vector<Diagnostic> own;
    if (parseReplay(replayText, path, nullptr, replay, &own))
        return true;
    const size_t errors = size_t(
        std::count_if(own.begin(), own.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; }));
    JsonChecker{file, positions, diagnostics}.error("/replay", std::string("the replay ") + path + " has " +
                                                                   plural(errors, "error", "errors") + "; kresy check " +
                                                                   path + (errors == 1 ? " lists it" : " lists them"));
    return false;
}

// A file of no kind that detectDocumentKind knows is one error: its JSON syntax error when it
// has one (a problem whatever it was meant to be, and one with a position), else kNotADocument.
void reportUnknownKind(const std::string& file, std::string_view text, std::vector<Diagnostic>* diagnostics) {
    Json root;
    JsonPositions positions;
    std::vector<Diagnostic> json;
    if (readJsonDocument(text, file, &root, &positions, &json))
        diagnostics->push_back({file, 0, 0, Severity::Error, kNotADocument});
    else
        std::copy_if(json.begin(), json.end(), std::back_inserter(*diagnostics),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

bool isFile(const std::string& path) {
    std::error_code ec;
    return !path.empty() && std::filesystem::is_regular_file(path, ec);
}

// The replay beside an annotations file, NAME.json for NAME.annotations.json, loaded into *replay
// so that the annotations' sides and sources can be checked against it. False when there is none,
// or when it does not load: a warning then (its own check lists its problems), for the sides and
// sources go unchecked.
bool loadReplayBeside(const std::string& file, Replay* replay, std::vector<Diagnostic>* diagnostics) {
    const std::string path = replayPathForAnnotations(file);
    if (!isFile(path))
        return false;
    std::vector<Diagnostic> own;
    if (loadReplay(path, nullptr, replay, &own))
        return true;
    const size_t errors = size_t(
        std::count_if(own.begin(), own.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; }));
    diagnostics->push_back({file, 0, 0, Severity::Warning,
                            "sides and sources not checked: the replay beside it, " + path + ", has " +
                                plural(errors, "error", "errors") + "; kresy check " + path +
                                (errors == 1 ? " lists it" : " lists them")});
    return false;
}

// Paths as given on the command line, to tell whether a file beside another is one of them.
std::string normalPath(const std::string& path) { return std::filesystem::path(path).lexically_normal().string(); }

// Every problem of one file, checked as the kind it is, and of the annotations file beside a
// replay unless `namedFiles` (those the command line names) holds it. Returns how many files
// were checked.
size_t checkFile(const std::string& file, const LonLatBox& terrain, const std::set<std::string>& namedFiles,
                 std::vector<Diagnostic>* diagnostics) {
    std::string text;
    if (!readDocumentFile(file, &text, diagnostics))
        return 1;
    const DocumentKind kind = detectDocumentKind(text);
    if (kind == DocumentKind::Unknown) {
        reportUnknownKind(file, text, diagnostics);
    } else if (kind == DocumentKind::Replay) {
        Replay replay;
        const bool loaded = parseReplay(text, file, &terrain, &replay, diagnostics);
        if (loaded)
            checkUnitModels(file, text, replay, diagnostics);
        const std::string beside = annotationsPathForReplay(file);
        if (isFile(beside) && !namedFiles.count(normalPath(beside))) {
            AnnotationSet set;
            loadAnnotations(beside, loaded ? &replay : nullptr, &set, diagnostics);
            return 2;
        }
    } else if (kind == DocumentKind::Annotations) {
        const size_t first = diagnostics->size();
        Replay replay;
        const Replay* beside = loadReplayBeside(file, &replay, diagnostics) ? &replay : nullptr;
        AnnotationSet set;
        parseAnnotations(text, file, beside, &set, diagnostics);
        sortByPosition(diagnostics, first);
    } else {
        const size_t first = diagnostics->size();
        Replay replay;
        const Replay* named = loadNamedReplay(file, text, &replay, diagnostics) ? &replay : nullptr;
        Shot shot;
        Deck deck;
        if (kind == DocumentKind::Shot)
            parseShot(text, file, &terrain, &shot, diagnostics, named);
        else
            parseDeck(text, file, &terrain, &deck, diagnostics, named);
        sortByPosition(diagnostics, first);
    }
    return 1;
}

// Loads `file` as the kind it is and prints what it holds; false (with *diagnostics saying why)
// when it does not load.
bool printInfo(const std::string& file, bool json, std::vector<Diagnostic>* diagnostics) {
    std::string text;
    if (!readDocumentFile(file, &text, diagnostics))
        return false;
    switch (detectDocumentKind(text)) {
    case DocumentKind::Replay: {
        Replay replay;
        if (!parseReplay(text, file, nullptr, &replay, diagnostics))
            return false;
        if (json)
            printInfoJson(replay);
        else
            printInfoText(replay);
        return true;
    }
    case DocumentKind::Shot: {
        Shot shot;
        if (!parseShot(text, file, nullptr, &shot, diagnostics))
            return false;
        printShotInfo(shot, json);
        return true;
    }
    case DocumentKind::Deck: {
        Deck deck;
        if (!parseDeck(text, file, nullptr, &deck, diagnostics))
            return false;
        printDeckInfo(deck, json);
        return true;
    }
    case DocumentKind::Annotations: {
        AnnotationSet set;
        if (!parseAnnotations(text, file, nullptr, &set, diagnostics))
            return false;
        printAnnotationsInfo(set, json);
        return true;
    }
    case DocumentKind::Unknown: break;
    }
    reportUnknownKind(file, text, diagnostics);
    return false;
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
    std::set<std::string> namedFiles;
    for (const std::string& file : files)
        namedFiles.insert(normalPath(file));
    size_t errors = 0, warnings = 0, checked = 0;
    for (const std::string& file : files) {
        std::vector<Diagnostic> diagnostics;
        checked += checkFile(file, terrain, namedFiles, &diagnostics);
        for (const Diagnostic& d : diagnostics) {
            std::printf("%s\n", formatDiagnostic(d).c_str());
            errors += d.severity == Severity::Error;
            warnings += d.severity == Severity::Warning;
        }
    }
    if (errors + warnings == 0)
        std::printf("%s checked: no problems\n", plural(checked, "file", "files").c_str());
    else
        std::printf("%s checked: %s, %s\n", plural(checked, "file", "files").c_str(),
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
    if (printInfo(file, json, &diagnostics))
        return kExitOk;
    for (const Diagnostic& d : diagnostics)
        std::fprintf(stderr, "%s\n", formatDiagnostic(d).c_str());
    return kExitFailure;
}

} // namespace kresy
