#include "core/diagnostics.h"

#include <gtest/gtest.h>

namespace kresy {
namespace {

TEST(Diagnostics, FormatsLikeACompiler) {
    EXPECT_EQ(formatDiagnostic({"replays/bzura.json", 12, 7, Severity::Error, "unknown unit 'x'"}),
              "replays/bzura.json:12:7: error: unknown unit 'x'");
    EXPECT_EQ(formatDiagnostic({"a.json", 3, 0, Severity::Warning, "odd"}), "a.json:3: warning: odd");
    EXPECT_EQ(formatDiagnostic({"a.json", 0, 0, Severity::Note, "see here"}), "a.json: note: see here");
    // A column alone would read as a line number.
    EXPECT_EQ(formatDiagnostic({"a.json", 0, 5, Severity::Error, "bad"}), "a.json: error: bad");
}

TEST(Diagnostics, HasErrors) {
    std::vector<Diagnostic> list;
    EXPECT_FALSE(hasErrors(list));
    list.push_back({"a", 1, 1, Severity::Warning, "w"});
    list.push_back({"a", 2, 1, Severity::Note, "n"});
    EXPECT_FALSE(hasErrors(list));
    list.push_back({"a", 3, 1, Severity::Error, "e"});
    EXPECT_TRUE(hasErrors(list));
}

TEST(Diagnostics, SortByPositionFromAnIndexKeepsTiesInOrder) {
    std::vector<Diagnostic> list = {{"a", 9, 1, Severity::Error, "before"},   {"a", 4, 2, Severity::Error, "b"},
                                    {"a", 4, 1, Severity::Warning, "first"}, {"a", 0, 0, Severity::Error, "file"},
                                    {"a", 4, 1, Severity::Error, "second"}};
    sortByPosition(&list, 1);
    std::vector<std::string> order;
    for (const Diagnostic& d : list)
        order.push_back(d.message);
    EXPECT_EQ(order, (std::vector<std::string>{"before", "file", "first", "second", "b"}));
    sortByPosition(&list, 99); // past the end: nothing to do
    EXPECT_EQ(list.size(), 5u);
}

} // namespace
} // namespace kresy
