#include "core/log.h"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>
#include <vector>

namespace kresy {
namespace {

// Restores the default level whatever a test does.
class Log : public ::testing::Test {
protected:
    void TearDown() override { setLogLevel(LogLevel::Info); }
};

TEST_F(Log, PrefixesAndLevels) {
    ::testing::internal::CaptureStderr();
    logInfo("loaded %d tiles", 12);
    logWarning("tile %s is missing", "N52E021");
    logError("cannot open %s\n", "x.hgt"); // the trailing newline is not doubled
    logMessage(LogLevel::Debug, "hidden at the default level");
    EXPECT_EQ(::testing::internal::GetCapturedStderr(),
              "kresy: loaded 12 tiles\n"
              "kresy: warning: tile N52E021 is missing\n"
              "kresy: error: cannot open x.hgt\n");
}

TEST_F(Log, SetLogLevelFilters) {
    ::testing::internal::CaptureStderr();
    setLogLevel(LogLevel::Error);
    logInfo("no");
    logWarning("no");
    logError("yes");
    setLogLevel(LogLevel::Debug);
    logMessage(LogLevel::Debug, "debug");
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "kresy: error: yes\nkresy: debug\n");
}

TEST_F(Log, LongMessagesAreNotTruncated) {
    const std::string big(5000, 'x');
    ::testing::internal::CaptureStderr();
    logInfo("%s", big.c_str());
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "kresy: " + big + "\n");
}

TEST_F(Log, LinesFromThreadsDoNotInterleave) {
    ::testing::internal::CaptureStderr();
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([i] {
            const std::string payload(300, static_cast<char>('a' + i));
            for (int k = 0; k < 50; ++k) logWarning("%s", payload.c_str());
        });
    for (auto& t : threads) t.join();
    std::istringstream out(::testing::internal::GetCapturedStderr());
    int lines = 0;
    for (std::string line; std::getline(out, line); ++lines) {
        ASSERT_EQ(line.size(), std::string("kresy: warning: ").size() + 300) << line;
        const char c = line.back();
        EXPECT_EQ(line, "kresy: warning: " + std::string(300, c));
    }
    EXPECT_EQ(lines, 200);
}

} // namespace
} // namespace kresy
