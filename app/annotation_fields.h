#pragma once
// The annotation editor's fields for its selected annotation (app/annotation_editor.h).

#include "annotation_editor.h"

namespace kresy {

// Draws the fields of editor.selected (which must be an annotation of the document) and applies
// their edits: typing into one field is one undo step. Times are typed as ISO-8601 and kept as
// typed, with the reason, while they do not read; "date shown" takes `now`.
void drawAnnotationFields(AnnotationEditor& editor, Time now);

} // namespace kresy
