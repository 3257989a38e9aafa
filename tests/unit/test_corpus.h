#pragma once
// What the replay and shot format tests share: reading their files, the check of a bad/ corpus
// (each file one problem, at an exact position, with an exact message) and the random edits of
// the fuzz tests.

#include "core/diagnostics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace kresy {

inline std::string readTestFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The one problem a file of a bad/ corpus must report.
struct ExpectedProblem {
    int line, column;
    Severity severity;
    const char* message;
};

// Expects `diagnostics` to be exactly `expected`, on `path`, and the file to have loaded
// (`loaded`) exactly when that is not an error.
inline void expectTheProblem(const std::string& path, const std::vector<Diagnostic>& diagnostics, bool loaded,
                             const ExpectedProblem& expected) {
    std::string shown;
    for (const Diagnostic& d : diagnostics)
        shown += formatDiagnostic(d) + "\n";
    ASSERT_EQ(diagnostics.size(), 1u) << shown;
    const Diagnostic& d = diagnostics[0];
    EXPECT_EQ(d.file, path);
    EXPECT_EQ(d.line, expected.line) << shown;
    EXPECT_EQ(d.column, expected.column) << shown;
    EXPECT_EQ(d.severity, expected.severity) << shown;
    EXPECT_EQ(d.message, expected.message);
    EXPECT_EQ(loaded, expected.severity != Severity::Error);
}

// The names of the files in `directory` without their extension: the corpus's file names.
inline std::set<std::string> fileStems(const std::string& directory) {
    std::set<std::string> stems;
    for (const auto& entry : std::filesystem::directory_iterator(directory))
        stems.insert(entry.path().stem().string());
    return stems;
}

// A gtest name for a corpus file: "key-time-repeats" -> "key_time_repeats".
inline std::string corpusTestName(std::string name) {
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

// `text` with one to four random edits: bytes cut, inserted from an alphabet of JSON's own
// characters, time and odd bytes, overwritten, or a piece of the text copied elsewhere.
inline std::string mutated(std::string text, std::mt19937& random) {
    static const std::string alphabet = "{}[]:,\"\\-+.0123456789eEZTtfnul \n\x01\x7f\xc3\xa9\xff";
    const auto index = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); };
    const int edits = 1 + int(index(4));
    for (int e = 0; e < edits && !text.empty(); ++e) {
        const size_t at = index(text.size());
        switch (index(4)) {
        case 0: text.erase(at, 1 + index(16)); break;
        case 1: text.insert(at, 1, alphabet[index(alphabet.size())]); break;
        case 2: text[at] = alphabet[index(alphabet.size())]; break;
        default: text.insert(at, text.substr(index(text.size()), 1 + index(64))); break;
        }
    }
    return text;
}

} // namespace kresy
