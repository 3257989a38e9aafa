// Shot and deck files (scene/shot_io.h): any bytes are classified and parsed as both, never
// crash or hang; what is accepted is written, read back equal, and classified as what it is.

#include "fuzz_check.h"
#include "scene/shot_io.h"

#include <cstdint>
#include <string_view>

using namespace kresy;

namespace {

template <typename Document>
void exercise(std::string_view text,
              bool (*parse)(std::string_view, const std::string&, const LonLatBox*, Document*,
                            std::vector<Diagnostic>*, const Replay*),
              std::string (*write)(const Document&), DocumentKind kind) {
    static constexpr LonLatBox kTerrain{12, 45, 34, 58};
    Document document;
    std::vector<Diagnostic> diagnostics;
    const bool ok = parse(text, "fuzz.json", &kTerrain, &document, &diagnostics, nullptr);
    fuzz::checkDiagnostics(diagnostics, ok);
    if (!ok) return;
    const std::string written = write(document);
    Document again;
    std::vector<Diagnostic> second;
    fuzz::check(parse(written, "written.json", nullptr, &again, &second, nullptr), "written file refused", written);
    fuzz::check(again == document, "written file reads back different", written);
    fuzz::check(detectDocumentKind(written) == kind, "written file is taken for another kind", written);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    detectDocumentKind(text);
    exercise<Shot>(text, parseShot, writeShot, DocumentKind::Shot);
    exercise<Deck>(text, parseDeck, writeDeck, DocumentKind::Deck);
    return 0;
}
