// Telling replays, shots, decks and annotations apart by the names of their top-level members, for
// `kresy check` and for the readers' hints (shot_io.h).

#include "shot_io_internal.h"

#include <algorithm>

namespace kresy {
namespace {

// What the top-level members say about the kind of a document.
struct KindEvidence {
    bool replayFormat = false; // "format": "kresy-replay"
    bool replayMembers = false; // "units" or "sides"
    bool annotationsFormat = false; // "format": "kresy-annotations"
    bool annotationsArray = false;
    bool keys = false, keysArray = false;
    bool bookmarks = false, bookmarksArray = false;

    // A member named `name` whose value starts with `valueStart`; `text` is its content when a string.
    void note(std::string_view name, char valueStart, std::string_view text) {
        replayFormat = replayFormat || (name == "format" && valueStart == '"' && text == "kresy-replay");
        replayMembers = replayMembers || name == "units" || name == "sides";
        annotationsFormat = annotationsFormat || (name == "format" && valueStart == '"' && text == "kresy-annotations");
        annotationsArray = annotationsArray || (name == "annotations" && valueStart == '[');
        keys = keys || name == "keys";
        keysArray = keysArray || (name == "keys" && valueStart == '[');
        bookmarks = bookmarks || name == "bookmarks";
        bookmarksArray = bookmarksArray || (name == "bookmarks" && valueStart == '[');
    }

    DocumentKind kind() const {
        if (replayFormat)
            return DocumentKind::Replay;
        if (annotationsFormat)
            return DocumentKind::Annotations;
        const int found = int(keysArray) + int(bookmarksArray) + int(replayMembers);
        if (found == 1)
            return keysArray ? DocumentKind::Shot : bookmarksArray ? DocumentKind::Deck : DocumentKind::Replay;
        if (found == 0 && annotationsArray)
            return DocumentKind::Annotations;
        if (found == 0 && keys != bookmarks)
            return keys ? DocumentKind::Shot : DocumentKind::Deck;
        return DocumentKind::Unknown;
    }
};

KindEvidence evidenceOf(const Json& object) {
    KindEvidence e;
    for (const auto& [name, value] : object.items()) {
        const char start = value.is_array() ? '[' : value.is_object() ? '{' : value.is_string() ? '"' : '0';
        e.note(name, start, value.is_string() ? value.get_ref<const std::string&>() : std::string());
    }
    return e;
}

// Follows strings and nesting through text that need not be valid JSON, noting the members of
// the top-level object.
class TopLevelScanner {
public:
    explicit TopLevelScanner(std::string_view text) : text_(text) {}

    KindEvidence scan() {
        KindEvidence evidence;
        if (text_.substr(0, 3) == "\xEF\xBB\xBF")
            pos_ = 3;
        skipWhitespace();
        if (peek() != '{')
            return evidence;
        ++pos_;
        // A string in the top-level object followed by ':' names a member, whatever came before
        // (a missing comma, an unterminated string).
        for (int depth = 1; pos_ < text_.size() && depth > 0;) {
            const char c = text_[pos_];
            if (c == '"') {
                const std::string_view s = string();
                if (depth == 1)
                    noteMember(s, &evidence);
                continue;
            }
            ++pos_;
            if (c == '{' || c == '[')
                ++depth;
            else if (c == '}' || c == ']')
                --depth;
        }
        return evidence;
    }

private:
    std::string_view text_;
    size_t pos_ = 0;

    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

    void skipWhitespace() {
        while (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')
            ++pos_;
    }

    // The raw content of the string at pos_, which ends at its closing quote or, when it has
    // none, at the end of the line (as the JSON reader judges an unterminated string).
    std::string_view string() {
        const size_t begin = ++pos_;
        while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\n')
            pos_ += text_[pos_] == '\\' ? 2 : 1;
        const std::string_view s = text_.substr(begin, std::min(pos_, text_.size()) - begin);
        if (peek() == '"')
            ++pos_;
        return s;
    }

    // After a string: a member when a ':' follows, or when the text ends (cut off after its name).
    void noteMember(std::string_view name, KindEvidence* evidence) {
        skipWhitespace();
        if (pos_ >= text_.size()) {
            evidence->note(name, '\0', {});
            return;
        }
        if (peek() != ':')
            return;
        ++pos_;
        skipWhitespace();
        const char start = peek();
        evidence->note(name, start, start == '"' ? string() : std::string_view());
    }
};

} // namespace

namespace shot_detail {

std::string otherKindHint(const Json& document, DocumentKind expected) {
    const DocumentKind kind = evidenceOf(document).kind();
    if (kind == expected || kind == DocumentKind::Unknown)
        return {};
    std::string hint = "; this looks like ";
    hint += kind == DocumentKind::Replay ? "a replay"
            : kind == DocumentKind::Shot ? "a shot"
            : kind == DocumentKind::Deck ? "a deck"
                                         : "an annotations file";
    return hint;
}

} // namespace shot_detail

DocumentKind detectDocumentKind(std::string_view text) { return TopLevelScanner(text).scan().kind(); }

} // namespace kresy
