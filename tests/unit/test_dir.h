#pragma once
// A fresh scratch directory per test, named after the test and the process, removed after.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

namespace kresy::test {

struct TestDir {
    std::filesystem::path path;
    TestDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path = std::filesystem::temp_directory_path() /
               ("kresy-" + std::string(info ? info->test_suite_name() : "suite") + "-" +
                std::string(info ? info->name() : "test") + "-" + std::to_string(::getpid()));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TestDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TestDir(const TestDir&) = delete;
    TestDir& operator=(const TestDir&) = delete;

    std::string operator/(const std::string& name) const { return (path / name).string(); }
};

// The same, for tests that name files through path(name) and the directory through str().
class ScratchDir : TestDir {
public:
    std::string path(const std::string& name) const { return *this / name; }
    std::string str() const { return TestDir::path.string(); }
};

} // namespace kresy::test
