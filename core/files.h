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

enum class Durability {
    Flushed,   // fsync the file and its directory: the new file survives a power loss
    Unflushed, // no fsync: still atomic for readers and crashes of this process, but after a power
               // loss a new file may be empty. For bulk outputs (baked tiles) flushed at once with
               // syncFilesystem() and checked when resumed; an fsync per file costs 10-20 ms.
};

// Writes `bytes` to `path` atomically: a temporary file in the same directory, fsync,
// rename over `path`. Creates no directories. On failure the old file (if any) is untouched.
bool writeFileAtomic(const std::string& path, std::span<const uint8_t> bytes, std::string* error,
                     Durability durability = Durability::Flushed);
bool writeFileAtomic(const std::string& path, const std::string& text, std::string* error);

// A process killed during a write leaves its temporary ("<path>.tmp.<pid>.<n>") behind. These
// remove those of processes no longer running (a live writer's are kept) and return how many they
// removed: the temporaries of `path`, or of every file in `directory`. Best effort, never fails.
int removeDeadTemporaries(const std::string& path);
int removeDeadTemporariesIn(const std::string& directory);

// Flushes everything written to the file system holding `path` (syncfs).
bool syncFilesystem(const std::string& path, std::string* error);

} // namespace kresy
