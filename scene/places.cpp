#include "places.h"

#include "core/files.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <type_traits>

namespace kresy {
namespace {

struct Field {
    std::string text;
    int line = 0, column = 0;
};

struct Problem {
    int line = 0, column = 0;
    std::string message;
};

// An RFC 4180 reader that knows where each field began, for diagnostics.
class CsvReader {
public:
    explicit CsvReader(std::string_view text) : text_(text) {
        if (text_.starts_with("\xEF\xBB\xBF"))
            pos_ = lineStart_ = 3;
    }

    // The next record into *fields; false at the end of the text. A record with a syntax error
    // comes back with *problem set (the rest of its line is skipped).
    bool next(std::vector<Field>* fields, std::optional<Problem>* problem) {
        fields->clear();
        problem->reset();
        if (pos_ >= text_.size())
            return false;
        for (;;) {
            Field f{std::string(), line_, column()};
            if (peek() == '"') {
                ++pos_;
                for (;;) {
                    if (pos_ >= text_.size()) {
                        *problem = Problem{f.line, f.column, "unterminated quoted field, expected a closing '\"'"};
                        return true;
                    }
                    char c = text_[pos_++];
                    if (c == '"') {
                        if (peek() != '"')
                            break;
                        ++pos_;
                    } else if (c == '\n') {
                        ++line_;
                        lineStart_ = pos_;
                    }
                    f.text += c;
                }
                if (!atFieldEnd()) {
                    *problem = Problem{line_, column(), "unexpected text after a closing quote, expected ',' or the end of the line"};
                    skipLine();
                    return true;
                }
            } else {
                size_t start = pos_;
                while (!atFieldEnd())
                    ++pos_;
                f.text.assign(text_.substr(start, pos_ - start));
                if (size_t q = f.text.find('"'); q != std::string::npos) {
                    *problem = Problem{f.line, f.column + int(q), "'\"' inside an unquoted field, expected the whole field in quotes with '\"' doubled"};
                    skipLine();
                    return true;
                }
            }
            fields->push_back(std::move(f));
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            skipLine(); // at a line break or the end
            return true;
        }
    }

private:
    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
    bool atFieldEnd() const {
        return pos_ >= text_.size() || text_[pos_] == ',' || text_[pos_] == '\n' ||
               (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n');
    }
    // Past the end of the current line.
    void skipLine() {
        while (pos_ < text_.size() && text_[pos_] != '\n')
            ++pos_;
        if (pos_ < text_.size()) {
            ++pos_;
            ++line_;
            lineStart_ = pos_;
        }
    }
    // 1-based, in characters (UTF-8 code points) from the start of the line.
    int column() const {
        int n = 1;
        for (size_t i = lineStart_; i < pos_ && i < text_.size(); ++i)
            n += (uint8_t(text_[i]) & 0xC0) != 0x80;
        return n;
    }

    std::string_view text_;
    size_t pos_ = 0, lineStart_ = 0;
    int line_ = 1;
};

std::string trim(std::string_view s) {
    size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
    return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

template <typename T>
bool parseNumber(const std::string& s, T* out) {
    if (s.empty())
        return false;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    if (ec != std::errc() || end != s.data() + s.size())
        return false;
    if constexpr (std::is_floating_point_v<T>)
        return std::isfinite(*out);
    return true;
}

enum Column { Name, OtherNames, Lat, Lon, Population, Rank, SourceColumn, kColumns };
constexpr const char* kColumnNames[kColumns] = {"name", "other_names", "lat", "lon", "population", "rank", "source"};
constexpr const char* kExpectedHeader = "name,other_names,lat,lon,population,rank,source";

bool isBlank(const std::vector<Field>& record) { return record.size() == 1 && trim(record[0].text).empty(); }

class PlacesParser {
public:
    PlacesParser(const std::string& file, std::vector<Diagnostic>* diagnostics) : file_(file), diagnostics_(diagnostics) {
        std::fill(std::begin(index_), std::end(index_), -1);
    }

    void report(int line, int column, Severity severity, std::string message) {
        if (severity == Severity::Error)
            ok_ = false;
        if (diagnostics_)
            diagnostics_->push_back({file_, line, column, severity, std::move(message)});
    }
    bool ok() const { return ok_; }

    // Finds the columns; false when a required one is missing or one is given twice.
    bool readHeader(const std::vector<Field>& header) {
        columns_ = header.size();
        for (size_t i = 0; i < header.size(); ++i) {
            std::string name = trim(header[i].text);
            const auto* known = std::find_if(std::begin(kColumnNames), std::end(kColumnNames),
                                             [&](const char* column) { return name == column; });
            const size_t column = size_t(known - std::begin(kColumnNames));
            if (column == kColumns)
                report(header[i].line, header[i].column, Severity::Warning, "unknown column '" + name + "' ignored");
            else if (index_[column] >= 0)
                report(header[i].line, header[i].column, Severity::Error, "column '" + name + "' given twice");
            else
                index_[column] = int(i);
        }
        for (int c : {Name, Lat, Lon})
            if (index_[c] < 0)
                report(header[0].line, header[0].column, Severity::Error,
                       std::string("missing column '") + kColumnNames[c] + "' in the header, expected " + kExpectedHeader);
        return ok_;
    }

    // A row's place, or nullopt (with diagnostics) when it has an error.
    std::optional<Place> parseRow(const std::vector<Field>& row) {
        if (row.size() != columns_) {
            const Field& at = row.size() < columns_ ? row.back() : row[columns_];
            report(at.line, at.column + (row.size() < columns_ ? int(at.text.size()) : 0), Severity::Error,
                   "row has " + std::to_string(row.size()) + " fields, expected " + std::to_string(columns_) +
                       " as in the header");
            return std::nullopt;
        }
        row_ = &row;
        rowOk_ = true;
        Place place;
        place.name = trim(field(Name)->text);
        if (place.name.empty())
            fail(*field(Name), "empty name, expected the place's name");
        if (const Field* f = field(OtherNames)) {
            std::string_view names = f->text;
            for (size_t start = 0; start <= names.size();) {
                size_t end = std::min(names.find(';', start), names.size());
                if (std::string n = trim(names.substr(start, end - start)); !n.empty())
                    place.otherNames.push_back(std::move(n));
                start = end + 1;
            }
        }
        coordinate(Lat, 90, "latitude", &place.lat);
        coordinate(Lon, 180, "longitude", &place.lon);
        count(Population, "population", &place.population);
        count(Rank, "rank", &place.rank);
        if (const Field* f = field(SourceColumn))
            place.source = trim(f->text);
        return rowOk_ ? std::optional<Place>(std::move(place)) : std::nullopt;
    }

private:
    const Field* field(int column) const {
        return index_[column] >= 0 ? &(*row_)[size_t(index_[column])] : nullptr;
    }
    void fail(const Field& f, std::string message) {
        report(f.line, f.column, Severity::Error, std::move(message));
        rowOk_ = false;
    }
    void coordinate(int column, double limit, const char* what, double* out) {
        const Field& f = *field(column);
        std::string s = trim(f.text);
        if (!parseNumber(s, out))
            fail(f, std::string("bad number '") + s + "' for " + what + ", expected degrees");
        else if (std::abs(*out) > limit)
            fail(f, std::string(what) + " " + s + " out of range, expected -" + std::to_string(int(limit)) + " to " +
                        std::to_string(int(limit)));
    }
    // An optional whole number, 0 or more; empty keeps the default.
    void count(int column, const char* what, int* out) {
        const Field* f = field(column);
        std::string s = f ? trim(f->text) : std::string();
        if (!s.empty() && (!parseNumber(s, out) || *out < 0))
            fail(*f, std::string("bad number '") + s + "' for " + what + ", expected a whole number, 0 or more");
    }

    const std::string& file_;
    std::vector<Diagnostic>* diagnostics_;
    bool ok_ = true, rowOk_ = true;
    int index_[kColumns];
    size_t columns_ = 0;
    const std::vector<Field>* row_ = nullptr;
};

} // namespace

bool parsePlaces(std::string_view text, const std::string& file, std::vector<Place>* places,
                 std::vector<Diagnostic>* diagnostics) {
    PlacesParser parser(file, diagnostics);
    CsvReader reader(text);
    std::vector<Field> record;
    std::optional<Problem> problem;
    bool haveHeader = false;
    while (reader.next(&record, &problem)) {
        if (problem) {
            parser.report(problem->line, problem->column, Severity::Error, problem->message);
            if (!haveHeader)
                return false;
            continue;
        }
        if (isBlank(record))
            continue;
        if (!haveHeader) { // the first record that is not blank
            haveHeader = true;
            if (!parser.readHeader(record))
                return false;
        } else if (std::optional<Place> place = parser.parseRow(record); place && places) {
            places->push_back(std::move(*place));
        }
    }
    if (!haveHeader)
        parser.report(1, 1, Severity::Error, std::string("empty file, expected the header ") + kExpectedHeader);
    return parser.ok();
}

bool loadPlaces(const std::string& path, std::vector<Place>* places, std::vector<Diagnostic>* diagnostics) {
    std::vector<uint8_t> bytes;
    std::string error;
    if (!readFile(path, &bytes, &error)) {
        if (error.starts_with(path + ": "))
            error.erase(0, path.size() + 2);
        if (diagnostics)
            diagnostics->push_back({path, 0, 0, Severity::Error, error});
        return false;
    }
    return parsePlaces(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path, places,
                       diagnostics);
}

} // namespace kresy
