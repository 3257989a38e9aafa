#include "search.h"

#include "core/utf8.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace kresy {
namespace {

// The base letters of U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A), one
// entry per code point; '*' marks the multiplication and division signs (punctuation), and
// the digits name a letter pair: 1 ae, 2 th, 3 ss, 4 ij, 5 oe.
constexpr std::string_view kLatinBase =
    "aaaaaa1ceeeeiiiidnooooo*ouuuuy23" // U+00C0..U+00DF
    "aaaaaa1ceeeeiiiidnooooo*ouuuuy2y" // U+00E0..U+00FF
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii44jjkkklllllllllln" // U+0100..U+0143
    "nnnnnnnnoooooo55rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";         // U+0144..U+017F
static_assert(kLatinBase.size() == 0x180 - 0xC0);

void appendLetters(std::string& out, char base) {
    switch (base) {
    case '1': out += "ae"; break;
    case '2': out += "th"; break;
    case '3': out += "ss"; break;
    case '4': out += "ij"; break;
    case '5': out += "oe"; break;
    default: out += base;
    }
}

// The code point at text[*i] (advancing *i), or the byte itself when it is not valid UTF-8.
uint32_t decode(std::string_view text, size_t* i) {
    const uint8_t b = uint8_t(text[*i]);
    size_t extra = 0;
    uint32_t c = b;
    if (b >= 0xC2 && b < 0xE0)
        extra = 1, c = b & 0x1F;
    else if (b >= 0xE0 && b < 0xF0)
        extra = 2, c = b & 0x0F;
    else if (b >= 0xF0 && b < 0xF5)
        extra = 3, c = b & 0x07;
    if (extra == 0 || *i + extra >= text.size()) {
        ++*i;
        return b;
    }
    for (size_t k = 1; k <= extra; ++k) {
        const uint8_t next = uint8_t(text[*i + k]);
        if ((next & 0xC0) != 0x80) {
            ++*i;
            return b;
        }
        c = (c << 6) | (next & 0x3F);
    }
    *i += extra + 1;
    return c;
}

bool isApostrophe(uint32_t c) { return c == '\'' || c == 0x2019 || c == 0x02BC || c == 0x2018; }
bool isCombining(uint32_t c) { return c >= 0x0300 && c < 0x0370; }
// ASCII other than letters and digits, Latin-1 punctuation and symbols, general punctuation.
bool isSeparator(uint32_t c) {
    return (c < 0x80 && !std::isalnum(int(c))) || (c >= 0x80 && c < 0xC0) || c == 0xD7 || c == 0xF7 ||
           (c >= 0x2000 && c < 0x2070) || c == 0x3000;
}

enum Tier { kNone = 0, kSubstring = 30, kAllWords = 50, kWordPrefix = 60, kNamePrefix = 80, kExact = 100 };
constexpr double kSecondaryPenalty = 5;

bool isWordPrefixAt(std::string_view name, size_t pos) { return pos == 0 || name[pos - 1] == ' '; }

// Every query word is the start of some word of the name.
bool allWordsPrefix(std::string_view name, const std::vector<std::string_view>& words) {
    for (std::string_view w : words) {
        bool found = false;
        for (size_t pos = name.find(w); pos != std::string_view::npos && !found; pos = name.find(w, pos + 1))
            found = isWordPrefixAt(name, pos);
        if (!found)
            return false;
    }
    return true;
}

int matchTier(std::string_view name, std::string_view query, const std::vector<std::string_view>& words) {
    size_t pos = name.find(query);
    if (pos == 0)
        return name.size() == query.size() ? kExact : kNamePrefix;
    for (size_t p = pos; p != std::string_view::npos; p = name.find(query, p + 1))
        if (isWordPrefixAt(name, p))
            return kWordPrefix;
    if (words.size() > 1 && allWordsPrefix(name, words))
        return kAllWords;
    return pos != std::string_view::npos ? kSubstring : kNone;
}

} // namespace

std::string foldForSearch(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    for (size_t i = 0; i < text.size();) {
        uint32_t c = decode(text, &i);
        if (isApostrophe(c) || isCombining(c))
            continue;
        if (isSeparator(c)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace) {
            out += ' ';
            pendingSpace = false;
        }
        if (c < 0x80) {
            out += char(std::tolower(int(c)));
        } else if (c >= 0xC0 && c < 0x180) {
            char base = kLatinBase[c - 0xC0];
            if (base == '*')
                pendingSpace = !out.empty();
            else
                appendLetters(out, base);
        } else if (c >= 0x218 && c < 0x21C) { // Romanian comma-below S and T
            out += c < 0x21A ? 's' : 't';
        } else if (c >= 0x410 && c < 0x430) { // Cyrillic capitals
            appendUtf8(out, c + 0x20);
        } else if (c >= 0x400 && c < 0x410) {
            appendUtf8(out, c + 0x50);
        } else if (((c >= 0x460 && c < 0x482) || (c >= 0x48A && c < 0x4C0)) && c % 2 == 0) {
            appendUtf8(out, c + 1); // the extended Cyrillic pairs, e.g. Ґ ґ
        } else {
            appendUtf8(out, c);
        }
    }
    return out;
}

void SearchIndex::setPlaces(const std::vector<kresy::Place>& places) {
    places_.clear();
    places_.reserve(places.size());
    for (size_t i = 0; i < places.size(); ++i) {
        const kresy::Place& p = places[i];
        Entry e{SearchHit::Place, i, p.rank, p.name, {}, true, p.lat, p.lon};
        e.names.push_back({foldForSearch(p.name), p.name, false});
        for (const std::string& other : p.otherNames)
            e.names.push_back({foldForSearch(other), other, true});
        places_.push_back(std::move(e));
    }
}

void SearchIndex::setReplay(const Replay& replay) {
    units_.clear();
    events_.clear();
    for (size_t i = 0; i < replay.units.size(); ++i) {
        const kresy::Unit& u = replay.units[i];
        Entry e{SearchHit::Unit, i, -echelonRank(u.echelon), u.name.empty() ? u.id : u.name, {}, false, 0, 0};
        e.names.push_back({foldForSearch(e.label), e.label, false});
        if (u.id != e.label)
            e.names.push_back({foldForSearch(u.id), u.id, true});
        if (u.commander)
            e.names.push_back({foldForSearch(*u.commander), *u.commander, true});
        units_.push_back(std::move(e));
    }
    for (size_t i = 0; i < replay.events.size(); ++i) {
        const kresy::Event& ev = replay.events[i];
        Entry e{SearchHit::Event, i, 0, ev.title, {}, true, ev.place.lat, ev.place.lon};
        e.names.push_back({foldForSearch(ev.title), ev.title, false});
        if (ev.place.name)
            e.names.push_back({foldForSearch(*ev.place.name), *ev.place.name, true});
        events_.push_back(std::move(e));
    }
}

size_t SearchIndex::names() const {
    size_t n = 0;
    for (const std::vector<Entry>* entries : {&places_, &units_, &events_})
        for (const Entry& e : *entries)
            n += e.names.size();
    return n;
}

std::vector<SearchHit> SearchIndex::search(std::string_view query, size_t maxHits, const UnitPosition& unitPosition) const {
    const std::string folded = foldForSearch(query);
    if (folded.empty() || maxHits == 0)
        return {};
    std::vector<std::string_view> words;
    for (size_t start = 0; start < folded.size();) {
        size_t end = std::min(folded.find(' ', start), folded.size());
        words.push_back(std::string_view(folded).substr(start, end - start));
        start = end + 1;
    }

    struct Candidate {
        const Entry* entry;
        const Name* name;
        double score;
    };
    std::vector<Candidate> found;
    for (const std::vector<Entry>* entries : {&places_, &units_, &events_})
        for (const Entry& e : *entries) {
            Candidate best{&e, nullptr, 0};
            for (const Name& n : e.names)
                if (int tier = matchTier(n.folded, folded, words); tier != kNone) {
                    double score = tier - (n.secondary ? kSecondaryPenalty : 0);
                    if (score > best.score)
                        best = {&e, &n, score};
                }
            if (best.name)
                found.push_back(best);
        }
    // Entries are scanned in kind and source order, so a stable sort keeps that order for ties.
    auto better = [](const Candidate& a, const Candidate& b) {
        if (a.score != b.score)
            return a.score > b.score;
        if (a.entry->kind != b.entry->kind)
            return a.entry->kind < b.entry->kind;
        return a.entry->importance < b.entry->importance;
    };
    size_t n = std::min(maxHits, found.size());
    std::stable_sort(found.begin(), found.end(), better);
    found.resize(n);

    std::vector<SearchHit> hits;
    hits.reserve(n);
    for (const Candidate& c : found) {
        const Entry& e = *c.entry;
        SearchHit hit{e.kind, e.index, e.label, c.score, e.hasLocation, e.lat, e.lon};
        // The secondary name that matched, unless the label already says it ("Battle of Kock").
        if (c.name->secondary && e.names[0].folded.find(c.name->folded) == std::string::npos)
            hit.label += " (" + c.name->text + ")";
        if (e.kind == SearchHit::Unit && unitPosition)
            if (std::optional<GeoPoint> at = unitPosition(e.index)) {
                hit.hasLocation = true;
                hit.lat = at->lat;
                hit.lon = at->lon;
            }
        hits.push_back(std::move(hit));
    }
    return hits;
}

} // namespace kresy
