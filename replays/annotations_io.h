#pragma once
// Reading, checking and writing campaign annotations (docs/annotation-format.md): an annotations
// file, NAME.annotations.json beside the replay NAME.json. A replay's own "annotations" array is
// read and written with the replay (replay_io.h) by the same code.

#include "annotations.h"
#include "core/diagnostics.h"
#include "replay.h"

#include <string>
#include <string_view>
#include <vector>

namespace kresy {

// Parses and checks `text` (the contents of `path`, which is used only in diagnostics). Every
// problem found is appended to *diagnostics with the line and column of the offending value (a
// missing field points at the object that lacks it), sorted by position: JSON syntax (the first
// error only), types, required fields, kinds, point counts and ranges, duplicate ids, ends before
// starts, a "grow" outside the annotation's time. `replay`, when given, is the replay the file
// annotates: a "side" or "sources" id it does not define is an error that names those it does;
// without it they are not checked. A ring that repeats its first point at the end, and a "grow"
// on anything but an arrow, are warnings. Returns true when there is no error; *out is written
// only then. Never throws; any input bytes are safe.
bool parseAnnotations(std::string_view text, const std::string& path, const Replay* replay, AnnotationSet* out,
                      std::vector<Diagnostic>* diagnostics);

// Reads the file at `path` and parses it as above; a file that cannot be read is one error.
bool loadAnnotations(const std::string& path, const Replay* replay, AnnotationSet* out,
                     std::vector<Diagnostic>* diagnostics);

// The annotations as a file: UTF-8 JSON with 2-space indentation, known fields in the order
// docs/annotation-format.md lists them, then each object's unknown fields in their order; each
// point [lon, lat] on a line of its own, "style" and "grow" on one line. Reading it back gives an
// equal AnnotationSet, and writing that gives the same text. Empty only when memory runs out.
std::string writeAnnotations(const AnnotationSet& set);

// Writes writeAnnotations(set) to `path` atomically (core/files.h); false with *error saying why.
bool saveAnnotations(const std::string& path, const AnnotationSet& set, std::string* error);

} // namespace kresy
