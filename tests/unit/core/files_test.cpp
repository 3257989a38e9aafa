#include "core/files.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

namespace kresy {
namespace {

namespace fs = std::filesystem;

// Each test gets a fresh directory, removed afterwards.
class Files : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "kresy_files_test.XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
    }
    void TearDown() override {
        std::error_code ec;
        fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(dir_, ec);
    }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

    static std::string slurp(const std::string& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    fs::path dir_;
};

TEST_F(Files, WriteCreatesFileWithExactContents) {
    std::string error;
    ASSERT_TRUE(writeFileAtomic(path("a.txt"), std::string("hello\nworld"), &error)) << error;
    EXPECT_EQ(slurp(path("a.txt")), "hello\nworld");
    EXPECT_EQ(entries(), std::vector<std::string>{"a.txt"}); // no temporary left behind
}

TEST_F(Files, WriteBinaryAndReadBack) {
    std::vector<uint8_t> bytes(1 << 20);
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 7 + (i >> 9));
    std::string error;
    ASSERT_TRUE(writeFileAtomic(path("b.bin"), bytes, &error)) << error;
    std::vector<uint8_t> back;
    ASSERT_TRUE(readFile(path("b.bin"), &back, &error)) << error;
    EXPECT_EQ(back, bytes);
}

TEST_F(Files, WriteEmptyFile) {
    std::string error;
    ASSERT_TRUE(writeFileAtomic(path("empty"), std::string(), &error)) << error;
    std::vector<uint8_t> back{1, 2, 3};
    ASSERT_TRUE(readFile(path("empty"), &back, &error)) << error;
    EXPECT_TRUE(back.empty());
}

TEST_F(Files, WriteReplacesExistingFile) {
    std::string error;
    ASSERT_TRUE(writeFileAtomic(path("c.txt"), std::string("a much longer first version"), &error));
    ASSERT_TRUE(writeFileAtomic(path("c.txt"), std::string("second"), &error)) << error;
    EXPECT_EQ(slurp(path("c.txt")), "second");
    EXPECT_EQ(entries(), std::vector<std::string>{"c.txt"});
}

TEST_F(Files, WriteIntoMissingDirectoryFails) {
    const std::string target = path("missing/d.txt");
    std::string error;
    EXPECT_FALSE(writeFileAtomic(target, std::string("x"), &error));
    EXPECT_NE(error.find(target), std::string::npos) << error;
    EXPECT_NE(error.find("No such file or directory"), std::string::npos) << error;
    EXPECT_TRUE(entries().empty());
    EXPECT_FALSE(writeFileAtomic(target, std::string("x"), nullptr)); // error is optional
}

// The rename cannot replace a non-empty directory; what was there stays, and the
// temporary file is cleaned up.
TEST_F(Files, FailedRenameLeavesTargetAndNoTemporary) {
    fs::create_directory(path("target"));
    ASSERT_TRUE(writeFileAtomic(path("target/inner"), std::string("keep"), nullptr));
    std::string error;
    EXPECT_FALSE(writeFileAtomic(path("target"), std::string("new"), &error));
    EXPECT_NE(error.find(path("target")), std::string::npos) << error;
    EXPECT_TRUE(fs::is_directory(path("target")));
    EXPECT_EQ(slurp(path("target/inner")), "keep");
    EXPECT_EQ(entries(), std::vector<std::string>{"target"});
}

// With a read-only directory nothing can be created, and the old file must survive.
// Root ignores permissions, so this only runs unprivileged.
// A write that fails half-way (here: the file-size limit, which binds root too, like a full
// disk would) leaves the old file as it was and no temporary file behind.
TEST_F(Files, FailedWriteLeavesExistingFileUntouched) {
    ASSERT_TRUE(writeFileAtomic(path("e.txt"), std::string("old"), nullptr));
    struct rlimit saved;
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
    auto oldHandler = std::signal(SIGXFSZ, SIG_IGN); // get EFBIG instead of being killed
    struct rlimit small = saved;
    small.rlim_cur = 4096;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
    std::string error;
    bool written = writeFileAtomic(path("e.txt"), std::string(100000, 'n'), &error);
    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, oldHandler);
    EXPECT_FALSE(written);
    EXPECT_NE(error.find(path("e.txt")), std::string::npos) << error;
    EXPECT_EQ(slurp(path("e.txt")), "old");
    EXPECT_EQ(entries(), std::vector<std::string>{"e.txt"});
}

TEST_F(Files, ReadMissingFileNamesThePath) {
    const std::string missing = path("nope.hgt");
    std::vector<uint8_t> out;
    std::string error;
    EXPECT_FALSE(readFile(missing, &out, &error));
    EXPECT_EQ(error, missing + ": No such file or directory");
}

TEST_F(Files, ReadDirectoryFails) {
    std::vector<uint8_t> out;
    std::string error;
    EXPECT_FALSE(readFile(dir_.string(), &out, &error));
    EXPECT_EQ(error, dir_.string() + ": Is a directory");
}

TEST_F(Files, ConcurrentWritersLeaveOneCompleteVersion) {
    const std::string target = path("shared.txt");
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&target, i] {
            const std::string text(10000, static_cast<char>('a' + i));
            for (int k = 0; k < 10; ++k) EXPECT_TRUE(writeFileAtomic(target, text, nullptr));
        });
    for (auto& t : threads) t.join();
    const std::string result = slurp(target);
    ASSERT_EQ(result.size(), 10000u);
    EXPECT_EQ(result.find_first_not_of(result[0]), std::string::npos);
    EXPECT_EQ(entries(), std::vector<std::string>{"shared.txt"});
}

} // namespace
} // namespace kresy
