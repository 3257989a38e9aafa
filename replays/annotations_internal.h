#pragma once
// Shared by the annotations reader and writer and the replay's, which read and write a replay's
// own "annotations" array with them; not a public interface.

#include "annotations.h"
#include "replay_fields.h"

#include <string>
#include <vector>

namespace kresy::replay_detail {

// The ids that annotations' "side" and "sources" must name; a null set is not checked.
struct AnnotationReferences {
    const IdSet* sides = nullptr;
    const IdSet* sources = nullptr;
};

// Reads the annotations in `array` (at `pointer`) into *out, reporting every problem, duplicate
// ids included, through `checker`.
void readAnnotationArray(JsonChecker& checker, const Json& array, const std::string& pointer,
                         const AnnotationReferences& references, std::vector<Annotation>* out);

// One annotation as written: known fields in the documented order, then its unknown ones.
Json annotationJson(const Annotation& annotation);

} // namespace kresy::replay_detail
