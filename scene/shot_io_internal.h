#pragma once
// Internal to the shot and deck reader and writer (shot_reader.cpp, shot_writer.cpp) and the
// kind detection (document_kind.cpp): what more than one of them needs.

#include "shot_io.h"

#include <string>

namespace kresy::shot_detail {

// The values of a key's "ease", indexed by easeIn + 2 * easeOut.
inline constexpr const char* kEaseNames[] = {"none", "in", "out", "in-out"};

inline const char* easeName(bool in, bool out) { return kEaseNames[int(in) + 2 * int(out)]; }

// For a "missing required field" error in a file meant to be `expected`: "; this looks like a
// replay" when its top-level members say it is another kind, else empty.
std::string otherKindHint(const Json& document, DocumentKind expected);

} // namespace kresy::shot_detail
