#include "test_server.h"

#include "terrain/tilejson.h"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace kresy::test {
namespace {

// Requests to the test server must not go through a proxy the environment names. Done before
// main, while the process has one thread.
[[maybe_unused]] const bool kProxiesUnset = [] {
    for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
        ::unsetenv(name);
    return true;
}();

void sendAll(int fd, const void* data, size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::send(fd, p, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return; // the client went away
        p += n;
        size -= size_t(n);
    }
}

void sendText(int fd, const std::string& s) { sendAll(fd, s.data(), s.size()); }

std::string header(int status, const char* reason, size_t length) {
    std::string h = "HTTP/1.1 ";
    h += std::to_string(status);
    h += ' ';
    h += reason;
    h += "\r\nContent-Type: image/png\r\nContent-Length: ";
    h += std::to_string(length);
    h += "\r\nConnection: close\r\n\r\n";
    return h;
}

void sendStatus(int fd, int status, const char* reason) {
    std::string reply = header(status, reason, std::strlen(reason));
    reply += reason;
    sendText(fd, reply);
}

sockaddr_in loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

int boundSocket(int* port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a = loopback(0);
    socklen_t len = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        ::close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

} // namespace

TestServer::TestServer() {
    int port = 0;
    const int fd = boundSocket(&port);
    if (fd < 0) return;
    if (::listen(fd, 128) != 0) {
        ::close(fd);
        return;
    }
    listenFd_ = fd;
    port_ = port;
    acceptThread_ = std::thread([this] { acceptLoop(); });
}

TestServer::~TestServer() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    stopCv_.notify_all();
    if (acceptThread_.joinable()) acceptThread_.join();
    // No new connection threads now; join the rest.
    std::vector<std::thread> threads;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        threads.swap(connections_);
    }
    for (std::thread& t : threads) t.join();
    if (listenFd_ >= 0) ::close(listenFd_);
}

std::string TestServer::baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }
std::string TestServer::tileTemplate() const { return baseUrl() + "/{z}/{x}/{y}.png"; }

std::string TestServer::tilePath(const TileId& t) { return expandTileUrl("/{z}/{x}/{y}.png", t); }

void TestServer::setFile(const std::string& path, std::vector<uint8_t> bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    files_[path] = std::move(bytes);
}

void TestServer::setReply(Reply reply) {
    std::lock_guard<std::mutex> lock(mutex_);
    reply_ = reply;
}

void TestServer::setReply(const std::string& path, Reply reply) {
    std::lock_guard<std::mutex> lock(mutex_);
    replies_[path] = reply;
}

void TestServer::setDelayMs(int ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    delayMs_ = ms;
}

void TestServer::failFirst(int n) {
    std::lock_guard<std::mutex> lock(mutex_);
    failFirst_ = n;
}

int TestServer::requests(const std::string& path) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = counts_.find(path);
    return it == counts_.end() ? 0 : it->second;
}

int TestServer::totalRequests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return int(log_.size());
}

std::vector<std::string> TestServer::requestLog() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return log_;
}

int TestServer::closedPort() {
    int port = 0;
    const int fd = boundSocket(&port);
    if (fd < 0) return 1;
    ::close(fd); // bound but never listening: nothing accepts on it
    return port;
}

bool TestServer::sleepMs(int ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    return !stopCv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

void TestServer::acceptLoop() {
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (stopping_) return;
        }
        pollfd p{listenFd_, POLLIN, 0};
        if (::poll(&p, 1, 20) <= 0) continue;
        const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) {
            ::close(fd);
            return;
        }
        connections_.emplace_back([this, fd] { serve(fd); });
    }
}

void TestServer::serve(int fd) {
    // Read the request head (a GET has no body), giving up after a second of silence.
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 1000) <= 0) break;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        head.append(buffer, size_t(n));
    }
    std::string path;
    if (head.rfind("GET ", 0) == 0) {
        const size_t end = head.find(' ', 4);
        if (end != std::string::npos) path = head.substr(4, end - 4);
    }

    Reply reply;
    int delay;
    bool fail;
    std::vector<uint8_t> body;
    bool found;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        log_.push_back(path);
        const int count = ++counts_[path];
        auto r = replies_.find(path);
        reply = r == replies_.end() ? reply_ : r->second;
        delay = delayMs_;
        fail = count <= failFirst_;
        auto f = files_.find(path);
        found = f != files_.end();
        if (found) body = f->second;
    }
    if (delay > 0 && !sleepMs(delay)) {
        ::close(fd);
        return;
    }
    if (fail) reply = Reply::Status503;
    switch (reply) {
    case Reply::Normal:
        if (found) {
            sendText(fd, header(200, "OK", body.size()));
            sendAll(fd, body.data(), body.size());
        } else {
            sendStatus(fd, 404, "Not Found");
        }
        break;
    case Reply::Drop: break;
    case Reply::Status503: sendStatus(fd, 503, "Service Unavailable"); break;
    case Reply::Status404: sendStatus(fd, 404, "Not Found"); break;
    case Reply::Truncated:
        sendText(fd, header(200, "OK", body.size() + 100));
        sendAll(fd, body.data(), body.size() / 2);
        break;
    case Reply::Corrupt: {
        std::vector<uint8_t> junk = body;
        if (junk.size() < 64) junk.resize(64);
        // Keep the PNG signature and IHDR, scramble the rest: a PNG that fails to decode.
        for (size_t i = 33; i < junk.size(); ++i) junk[i] = uint8_t(i * 131 + 7);
        sendText(fd, header(200, "OK", junk.size()));
        sendAll(fd, junk.data(), junk.size());
        break;
    }
    }
    ::shutdown(fd, SHUT_WR);
    // Let the client read everything before the close (a close with unread input resets).
    pollfd p{fd, POLLIN, 0};
    while (::poll(&p, 1, 200) > 0 && ::recv(fd, buffer, sizeof buffer, 0) > 0) {
    }
    ::close(fd);
}

} // namespace kresy::test
