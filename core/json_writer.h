#pragma once
// Writing JSON files laid out the way a person would write them, shared by the replay and shot
// writers so every kresy file looks alike.

#include "json.h"

#include <string>

namespace kresy {

// JSON does not distinguish 5 from 5.0: a whole number (below 1e15) becomes an integer, so it is
// written without a fraction; anything else stays as it is.
Json jsonNumber(double value);

// Adds the members of `extra` (the unknown fields an object was read with) after those of
// `object`; one whose name `object` already has is dropped. An `extra` that is not an object adds
// nothing.
void appendExtraFields(Json& object, const Json& extra);

// The document as a file: UTF-8 with 2-space indentation, members in their order, an object or
// array that holds no object or array on one line ({ "a": 1, "b": 2 }, [1, 2]), a newline at the
// end. Invalid UTF-8 in strings is replaced. Throws only std::bad_alloc.
std::string jsonFileText(const Json& document);

} // namespace kresy
