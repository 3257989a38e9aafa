#pragma once
// File I/O that says what went wrong, and atomic writes (temporary file + fsync + rename)
// so a reader or a crash never sees half a file.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kresy {

// Reads a whole file. On failure returns false and sets *error to
// "<path>: <reason>" (e.g. "data/x.hgt: No such file or directory").
bool readFile(const std::string& path, std::vector<uint8_t>* out, std::string* error);

// Writes `bytes` to `path` atomically: a temporary file in the same directory, fsync,
// rename over `path`. Creates no directories. On failure the old file (if any) is untouched.
bool writeFileAtomic(const std::string& path, std::span<const uint8_t> bytes, std::string* error);
bool writeFileAtomic(const std::string& path, const std::string& text, std::string* error);

} // namespace kresy
