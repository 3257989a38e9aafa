#include "replay_fields.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>

namespace kresy::replay_detail {

bool checkJsonDocument(std::string_view text, const std::string& path, const char* what,
                       std::vector<Diagnostic>* diagnostics,
                       const std::function<void(JsonChecker& checker, const Json& root)>& read) {
    const size_t first = diagnostics->size();
    bool ok = false;
    try {
        Json root;
        JsonPositions positions;
        if (readJsonDocument(text, path, &root, &positions, diagnostics)) {
            JsonChecker checker{path, positions, diagnostics};
            read(checker, root);
            ok = !checker.failed;
        }
    } catch (const std::exception& e) { // nlohmann's, or bad_alloc; none may escape
        diagnostics->push_back({path, 0, 0, Severity::Error, std::string("cannot read the ") + what + ": " + e.what()});
        ok = false;
    }
    sortByPosition(diagnostics, first);
    return ok;
}

std::string elementPointer(const std::string& array, size_t i) { return array + "/" + std::to_string(i); }

std::string inQuotes(std::string_view text) {
    std::string s = "\"";
    s += text;
    s += '"';
    return s;
}

std::string choiceList(std::span<const char* const> names) {
    std::string list;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i > 0)
            list += i + 1 == names.size() ? " or " : ", ";
        list += names[i];
    }
    return list;
}

std::string shownNumber(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", value);
    return buf;
}

namespace {

// Whether an ISO-8601 text that parsed names its time zone: Z, or an offset after the date.
bool hasTimeZone(std::string_view text) {
    if (!text.empty() && text.back() == 'Z')
        return true;
    return text.size() > 10 && text.find_first_of("+-", 10) != std::string_view::npos;
}

} // namespace

const Json* ObjectFields::find(std::string_view key) const {
    const auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
}

const Json* ObjectFields::field(std::string_view key, Need need) {
    const Json* v = find(key);
    if (!v && need == Need::Required)
        checker_.error(pointer_, "missing required field " + inQuotes(key) + " in " + what_);
    return v;
}

void ObjectFields::typeError(std::string_view key, const char* expected, const Json& value) {
    checker_.error(pointerTo(key), inQuotes(key) + " must be " + expected + ", not " + jsonTypeName(value));
}

bool ObjectFields::readString(std::string_view key, Need need, std::string* out) {
    const Json* v = field(key, need);
    if (!v)
        return false;
    if (!v->is_string()) {
        typeError(key, "a string", *v);
        return false;
    }
    *out = v->get<std::string>();
    return true;
}

bool ObjectFields::readOptionalString(std::string_view key, std::optional<std::string>* out) {
    std::string s;
    if (!readString(key, Need::Optional, &s))
        return false;
    *out = std::move(s);
    return true;
}

bool ObjectFields::readId(std::string_view key, std::string* out) {
    if (!readString(key, Need::Required, out))
        return false;
    if (out->empty()) {
        checker_.error(pointerTo(key), inQuotes(key) + " is empty");
        return false;
    }
    return true;
}

bool ObjectFields::readNumber(std::string_view key, Need need, double lo, double hi, double* out) {
    const Json* v = field(key, need);
    if (!v)
        return false;
    if (!v->is_number()) {
        typeError(key, "a number", *v);
        return false;
    }
    const double d = v->get<double>();
    if (d < lo || d > hi) {
        std::string message = inQuotes(key) + " " + shownJson(*v);
        if (std::isinf(hi))
            message += " is negative; expected a number >= " + shownNumber(lo);
        else
            message += " is outside " + shownNumber(lo) + ".." + shownNumber(hi);
        checker_.error(pointerTo(key), std::move(message));
        return false;
    }
    *out = d;
    return true;
}

bool ObjectFields::readInteger(std::string_view key, Need need, long long lo, long long hi, long long* out) {
    const Json* v = field(key, need);
    if (!v)
        return false;
    long long n = 0;
    if (!jsonInteger(*v, &n)) {
        checker_.error(pointerTo(key), inQuotes(key) + " must be an integer, not " +
                                           (v->is_number() ? shownJson(*v) : jsonTypeName(*v)));
        return false;
    }
    if (n < lo || n > hi) {
        checker_.error(pointerTo(key), inQuotes(key) + " " + shownJson(*v) + " is outside " + std::to_string(lo) + ".." +
                                           std::to_string(hi));
        return false;
    }
    *out = n;
    return true;
}

bool ObjectFields::readTime(std::string_view key, Need need, Timestamp* out) {
    std::string text;
    if (!readString(key, need, &text))
        return false;
    std::string why;
    const std::optional<Time> t = parseIso8601(text, &why);
    if (!t) {
        checker_.error(pointerTo(key), "bad " + inQuotes(key) + ": " + why);
        return false;
    }
    if (!hasTimeZone(text))
        checker_.warning(pointerTo(key), inQuotes(key) + " " + inQuotes(text) +
                                             " has no time zone; read as UTC (write Z or an offset such as +02:00)");
    out->time = *t;
    out->text = std::move(text);
    return true;
}

bool ObjectFields::readColour(std::string_view key, Need need, uint32_t* out) {
    std::string text;
    if (!readString(key, need, &text))
        return false;
    if (parseColour(text, out))
        return true;
    checker_.error(pointerTo(key), inQuotes(key) + " " + inQuotes(text) + " is not a colour; expected \"#rrggbb\" (six hex digits)");
    return false;
}

const Json* ObjectFields::readArray(std::string_view key, Need need) {
    const Json* v = field(key, need);
    if (v && !v->is_array()) {
        typeError(key, "an array", *v);
        return nullptr;
    }
    return v;
}

Json ObjectFields::unknownFields(std::initializer_list<std::string_view> known) const {
    Json extra = Json::object();
    for (const auto& [key, value] : object_.items())
        if (std::find(known.begin(), known.end(), key) == known.end())
            extra[key] = value;
    return extra;
}

bool readFormatVersion(ObjectFields& f, int supported, const char* format) {
    const Json* version = f.field("version", Need::Required);
    long long v = 0;
    if (version && !jsonInteger(*version, &v)) {
        f.checker().error(f.pointerTo("version"), "\"version\" must be the integer " + std::to_string(supported) + ", not " +
                                                      (version->is_number() ? shownJson(*version) : jsonTypeName(*version)));
    } else if (version && v != supported) {
        f.checker().error(f.pointerTo("version"), std::string(format) + " format version " + std::to_string(v) +
                                                      " is not supported; this kresy reads version " + std::to_string(supported));
        return false;
    }
    return true;
}

bool parseColour(std::string_view text, uint32_t* rgb) {
    if (text.size() != 7 || text[0] != '#')
        return false;
    uint32_t v = 0;
    for (size_t i = 1; i < 7; ++i) {
        const char c = text[i];
        const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return false;
        v = v * 16 + uint32_t(d);
    }
    *rgb = v;
    return true;
}

bool readTimeSpan(JsonChecker& checker, const Json& object, const std::string& pointer, const char* what,
                  TimeSpan* out) {
    ObjectFields f(checker, object, pointer, what);
    const bool start = f.readTime("start", Need::Required, &out->start);
    const bool end = f.readTime("end", Need::Required, &out->end);
    out->extra = f.unknownFields({"start", "end"});
    if (start && end && out->end.time < out->start.time) {
        checker.error(f.pointerTo("end"), "\"end\" " + out->end.text + " is before \"start\" " + out->start.text);
        return false;
    }
    return start && end;
}

void IdSet::define(JsonChecker& checker, const std::string& id, const std::string& pointer) {
    const auto [it, inserted] = index_.emplace(id, int(pointers_.size()));
    if (inserted) {
        pointers_.push_back(pointer);
        return;
    }
    std::string message = "duplicate " + std::string(kind_) + " id " + inQuotes(id);
    const auto first = checker.positions.find(pointers_[size_t(it->second)]);
    if (first != checker.positions.end())
        message += "; the first is at line " + std::to_string(first->second.line) + ", column " +
                   std::to_string(first->second.column);
    checker.error(pointer, std::move(message));
}

int IdSet::indexOf(const std::string& id) const {
    const auto it = index_.find(id);
    return it == index_.end() ? -1 : it->second;
}

bool IdSet::checkReference(JsonChecker& checker, const std::string& id, const std::string& pointer) const {
    if (contains(id))
        return true;
    std::string message = "unknown " + std::string(kind_) + " " + inQuotes(id);
    if (index_.empty()) {
        message += "; none is defined";
    } else if (index_.size() <= 8) {
        std::vector<std::pair<int, const std::string*>> known;
        for (const auto& [name, i] : index_)
            known.push_back({i, &name});
        std::sort(known.begin(), known.end());
        message += known.size() == 1 ? "; expected " : "; expected one of ";
        for (size_t i = 0; i < known.size(); ++i) {
            if (i > 0)
                message += i + 1 == known.size() ? " or " : ", ";
            message += *known[i].second;
        }
    } else {
        message += "; no " + std::string(kind_) + " has this id";
    }
    checker.error(pointer, std::move(message));
    return false;
}

void defineIds(JsonChecker& checker, const Json& array, const std::string& pointer, IdSet* ids) {
    for (size_t i = 0; i < array.size(); ++i) {
        const Json& object = array[i];
        if (!object.is_object())
            continue;
        const auto id = object.find("id");
        if (id != object.end() && id->is_string() && !id->get<std::string>().empty())
            ids->define(checker, id->get<std::string>(), pointer + "/" + std::to_string(i) + "/id");
    }
}

void checkInSpan(ReadContext& ctx, ObjectFields& f, std::string_view key, const Timestamp& at) {
    if (!ctx.span || (at.time >= ctx.span->start.time && at.time <= ctx.span->end.time))
        return;
    ctx.checker.warning(f.pointerTo(key), inQuotes(key) + " " + at.text + " is outside metadata.span (" +
                                              ctx.span->start.text + " to " + ctx.span->end.text + ")");
}

void checkOnTerrain(ReadContext& ctx, ObjectFields& f, double lon, double lat) {
    if (!ctx.terrain || ctx.terrain->contains(lon, lat))
        return;
    const LonLatBox& b = *ctx.terrain;
    ctx.checker.warning(f.pointerTo("lon"), "lon " + shownNumber(lon) + ", lat " + shownNumber(lat) +
                                                " is outside the terrain (lon " + shownNumber(b.west) + ".." +
                                                shownNumber(b.east) + ", lat " + shownNumber(b.south) + ".." +
                                                shownNumber(b.north) + ")");
}

bool readSourceReference(ReadContext& ctx, ObjectFields& f, std::optional<std::string>* out) {
    std::string id;
    if (!f.readString("source", Need::Optional, &id))
        return false;
    *out = id;
    return ctx.sources.checkReference(ctx.checker, id, f.pointerTo("source"));
}

} // namespace kresy::replay_detail
