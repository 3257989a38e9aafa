#pragma once
// Shared by the replay reader, the annotations reader (annotations_reader.cpp) and the shot and
// deck reader (scene/shot_reader.cpp), so their diagnostics read alike; not a public interface.
// A document's JSON checked with every problem as a diagnostic, the fields of one JSON object
// read with a diagnostic at the position of each bad value, and the ids each kind of object
// defines. The replay reader's own context and readers are at the end.

#include "core/json.h"
#include "replay.h"
#include "replay_io.h"

#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kresy::replay_detail {

std::string inQuotes(std::string_view text);
// "a, b, c or d"
std::string choiceList(std::span<const char* const> names);
// A number for a message: 12, 0.5, 1e+06.
std::string shownNumber(double value);

// Reads `text` as JSON (its syntax error or duplicate keys are diagnostics on `path`) and hands
// the root to `read`, which reports through the checker. Never throws: an exception (nlohmann's,
// bad_alloc) becomes the error "cannot read the WHAT: ...". The diagnostics it appends are sorted
// by position. True when there is no error.
bool checkJsonDocument(std::string_view text, const std::string& path, const char* what,
                       std::vector<Diagnostic>* diagnostics,
                       const std::function<void(JsonChecker& checker, const Json& root)>& read);

// "/units/3": the pointer of element `i` of the array at `array`.
std::string elementPointer(const std::string& array, size_t i);

// The objects of the array at `pointer`, each read by `read(object, pointer)`; anything else in
// it is an error: "WHAT must be an object, not ...".
template <typename Read>
void forEachObject(JsonChecker& c, const Json& array, const std::string& pointer, const char* what, Read read) {
    for (size_t i = 0; i < array.size(); ++i) {
        if (!array[i].is_object()) {
            c.error(elementPointer(pointer, i), std::string(what) + " must be an object, not " + jsonTypeName(array[i]));
            continue;
        }
        read(array[i], elementPointer(pointer, i));
    }
}

enum class Need { Required, Optional };

// The fields of one object. Every read reports what is wrong with the field (missing when
// required, wrong type, out of range) and returns false then, or when an optional field is absent.
class ObjectFields {
public:
    // `what` names the object in "missing required field" messages: "a unit", "the metadata".
    ObjectFields(JsonChecker& checker, const Json& object, std::string pointer, const char* what)
        : checker_(checker), object_(object), pointer_(std::move(pointer)), what_(what) {}

    const Json* find(std::string_view key) const;
    std::string pointerTo(std::string_view key) const { return pointer_ + "/" + std::string(key); }
    const std::string& pointer() const { return pointer_; }
    JsonChecker& checker() const { return checker_; }

    // The field, or null after reporting it missing when it is required.
    const Json* field(std::string_view key, Need need);

    bool readString(std::string_view key, Need need, std::string* out);
    bool readOptionalString(std::string_view key, std::optional<std::string>* out);
    // A non-empty string.
    bool readId(std::string_view key, std::string* out);
    // A number within [lo, hi].
    bool readNumber(std::string_view key, Need need, double lo, double hi, double* out);
    // An integer (or a number with an integral value) within [lo, hi].
    bool readInteger(std::string_view key, Need need, long long lo, long long hi, long long* out);
    // An ISO-8601 time; one without a time zone is a warning and read as UTC.
    bool readTime(std::string_view key, Need need, Timestamp* out);
    // "#rrggbb" as 0xRRGGBB.
    bool readColour(std::string_view key, Need need, uint32_t* out);
    // An array (the caller reads its elements).
    const Json* readArray(std::string_view key, Need need);

    template <typename E>
    bool readEnum(std::string_view key, Need need, E* out) {
        std::string name;
        if (!readString(key, need, &name))
            return false;
        if (parseEnum(name, out))
            return true;
        checker_.error(pointerTo(key), "unknown " + inQuotes(key) + " " + inQuotes(name) + "; expected one of " +
                                           choiceList(enumNames<E>()));
        return false;
    }

    // The fields not in `known`, in their order.
    Json unknownFields(std::initializer_list<std::string_view> known) const;

private:
    void typeError(std::string_view key, const char* expected, const Json& value);

    JsonChecker& checker_;
    const Json& object_;
    std::string pointer_;
    const char* what_;
};

// "version", which must be the integer `supported`: anything else is an error. False only for
// another version, which this reader cannot read at all. `format` names it: "replay".
bool readFormatVersion(ObjectFields& f, int supported, const char* format);

// "#rrggbb" (six hex digits, either case) as 0xRRGGBB; false when `text` is not one.
bool parseColour(std::string_view text, uint32_t* rgb);

// The object {"start", "end"} at `pointer`, `what` in its messages ("the span"); an end before
// its start is an error at "end". True when both times were read and are in order.
bool readTimeSpan(JsonChecker& checker, const Json& object, const std::string& pointer, const char* what,
                  TimeSpan* out);

// The ids one kind of object defines, in file order, with the pointer of each definition.
class IdSet {
public:
    explicit IdSet(const char* kind) : kind_(kind) {}

    // Records `id`, defined by the value at `pointer`; reports a duplicate there.
    void define(JsonChecker& checker, const std::string& id, const std::string& pointer);
    bool contains(const std::string& id) const { return index_.count(id) != 0; }
    // Index of `id` in definition order, or -1.
    int indexOf(const std::string& id) const;
    // Reports `id` (the value at `pointer`) when it is not defined.
    bool checkReference(JsonChecker& checker, const std::string& id, const std::string& pointer) const;

private:
    const char* kind_; // "unit", "side", ...
    std::vector<std::string> pointers_; // of each definition, in order
    std::unordered_map<std::string, int> index_;
};

// ---- The replay reader's own ----------------------------------------------------------------

// What the reader knows while it walks a document: the ids defined so far (all of a kind are
// collected before any reference to them is checked), the span, the terrain's bounds.
struct ReadContext {
    JsonChecker& checker;
    const LonLatBox* terrain = nullptr;
    std::optional<TimeSpan> span;
    IdSet sources{"source"}, sides{"side"}, units{"unit"}, events{"event"};
};

// Collects the ids of the objects in `array` (at `pointer`) into *ids, reporting duplicates;
// what is wrong with an id otherwise is reported when the object is read.
void defineIds(JsonChecker& checker, const Json& array, const std::string& pointer, IdSet* ids);

// Warns when the time in field `key` of `f` lies outside metadata.span.
void checkInSpan(ReadContext& ctx, ObjectFields& f, std::string_view key, const Timestamp& at);
// Warns when the "lon" and "lat" of `f` lie outside the terrain.
void checkOnTerrain(ReadContext& ctx, ObjectFields& f, double lon, double lat);
// Reports an optional "source" field naming an unknown source.
bool readSourceReference(ReadContext& ctx, ObjectFields& f, std::optional<std::string>* out);

void readUnits(ReadContext& ctx, const Json& array, std::vector<Unit>* out);

} // namespace kresy::replay_detail
