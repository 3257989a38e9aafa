#include "core/files.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace kresy {
namespace {

bool fail(std::string* error, const std::string& path, int err) {
    if (error) *error = path + ": " + std::strerror(err);
    return false;
}

// Closes on scope exit so every early return releases the descriptor.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    // Closes now and reports the result: on some file systems close is where a
    // deferred write error surfaces.
    int release() {
        const int r = ::close(fd_);
        fd_ = -1;
        return r;
    }

private:
    int fd_;
};

bool writeAll(int fd, const uint8_t* data, size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

std::string parentDirectory(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

// Makes the rename itself durable. Best effort: some file systems refuse to fsync a
// directory, and the data is already safe by then.
void syncDirectory(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

std::string temporaryPath(const std::string& path) {
    // pid + counter is unique among live writers on this machine; O_EXCL catches the rest.
    static std::atomic<unsigned> counter{0};
    return path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
}

// Writes, flushes and closes `tmp`; returns 0 or the errno of the first failure.
// *created says whether `tmp` exists now and is ours to remove.
int writeTemporary(const std::string& tmp, std::span<const uint8_t> bytes, bool flush, bool* created) {
    *created = false;
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
    if (fd.get() < 0) return errno;
    *created = true;
    if (!writeAll(fd.get(), bytes.data(), bytes.size())) return errno;
    if (flush && ::fsync(fd.get()) != 0) return errno;
    if (fd.release() != 0) return errno;
    return 0;
}

// The writer's pid when `name` is a temporary of ours ("<file>.tmp.<pid>.<n>"), for a file
// named `file` (or any file when `file` is empty); 0 otherwise.
pid_t temporaryOwner(std::string_view name, std::string_view file) {
    const size_t tag = name.rfind(".tmp.");
    if (tag == std::string_view::npos || tag == 0 || (!file.empty() && name.substr(0, tag) != file))
        return 0;
    const std::string_view rest = name.substr(tag + 5); // "<pid>.<n>"
    const size_t dot = rest.find('.');
    auto digits = [](std::string_view d) {
        return !d.empty() && d.size() <= 9 && d.find_first_not_of("0123456789") == std::string_view::npos;
    };
    if (dot == std::string_view::npos || !digits(rest.substr(0, dot)) || !digits(rest.substr(dot + 1)))
        return 0;
    return pid_t(std::stol(std::string(rest.substr(0, dot))));
}

int removeDead(const std::string& directory, std::string_view file) {
    DIR* dir = ::opendir(directory.c_str());
    if (!dir) return 0;
    int removed = 0;
    while (const dirent* entry = ::readdir(dir)) {
        const pid_t pid = temporaryOwner(entry->d_name, file);
        // kill(pid, 0) fails with ESRCH only when no such process runs (EPERM: another user's).
        if (pid <= 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH)
            continue;
        removed += ::unlinkat(::dirfd(dir), entry->d_name, 0) == 0;
    }
    ::closedir(dir);
    return removed;
}

} // namespace

int removeDeadTemporaries(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    return removeDead(parentDirectory(path), slash == std::string::npos ? path : path.substr(slash + 1));
}

int removeDeadTemporariesIn(const std::string& directory) { return removeDead(directory, {}); }

bool readFile(const std::string& path, std::vector<uint8_t>* out, std::string* error) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return fail(error, path, errno);

    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return fail(error, path, errno);
    // Opening a directory read-only succeeds on Linux; the read would fail with a less
    // obvious message.
    if (S_ISDIR(st.st_mode)) return fail(error, path, EISDIR);

    std::vector<uint8_t> data;
    // st_size is only a hint (pipes and /proc files report 0), so read until EOF.
    if (st.st_size > 0) data.reserve(static_cast<size_t>(st.st_size));
    uint8_t buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(error, path, errno);
        }
        if (n == 0) break;
        data.insert(data.end(), buffer, buffer + n);
    }
    *out = std::move(data);
    return true;
}

bool writeFileAtomic(const std::string& path, std::span<const uint8_t> bytes, std::string* error,
                     Durability durability) {
    const bool flush = durability == Durability::Flushed;
    const std::string tmp = temporaryPath(path);
    bool created = false;
    int err = writeTemporary(tmp, bytes, flush, &created);
    if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
    if (err != 0) {
        if (created) ::unlink(tmp.c_str());
        return fail(error, path, err);
    }
    if (flush)
        syncDirectory(parentDirectory(path));
    return true;
}

bool syncFilesystem(const std::string& path, std::string* error) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0 || ::syncfs(fd.get()) != 0)
        return fail(error, path, errno);
    return true;
}

bool writeFileAtomic(const std::string& path, const std::string& text, std::string* error) {
    const auto* data = reinterpret_cast<const uint8_t*>(text.data());
    return writeFileAtomic(path, std::span<const uint8_t>(data, text.size()), error);
}

} // namespace kresy
