#pragma once
// A small real HTTP/1.1 server for the streaming tests: listens on 127.0.0.1 (a free port),
// one thread per connection, one request per connection ("Connection: close"). Serves files
// from a map path -> bytes, with behaviours a test switches on to play a broken server.

#include "terrain/tile.h"

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kresy::test {

enum class Reply {
    Normal,    // the file, or 404 if there is none
    Drop,      // close the connection without answering
    Status503, // 503 Service Unavailable
    Status404, // 404 Not Found, whatever the path
    Truncated, // Content-Length of the whole file, half of it sent, then close
    Corrupt,   // 200 with bytes that are not a PNG
};

class TestServer {
public:
    TestServer();  // starts listening; port() is 0 if that failed
    ~TestServer(); // stops, waking delayed replies, and joins every thread

    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    int port() const { return port_; }
    std::string baseUrl() const;     // "http://127.0.0.1:PORT"
    std::string tileTemplate() const; // baseUrl() + "/{z}/{x}/{y}.png"
    static std::string tilePath(const TileId& t); // "/z/x/y.png"

    void setFile(const std::string& path, std::vector<uint8_t> bytes);
    void setTile(const TileId& t, std::vector<uint8_t> png) { setFile(tilePath(t), std::move(png)); }

    void setReply(Reply reply);                           // for every path without its own
    void setReply(const std::string& path, Reply reply); // for one path
    void setDelayMs(int ms);         // wait before each reply (woken early by the destructor)
    void failFirst(int n);           // the first n requests of each path are answered 503

    int requests(const std::string& path) const; // requests received for a path so far
    int totalRequests() const;
    std::vector<std::string> requestLog() const; // paths, in the order the requests arrived

    // A port on 127.0.0.1 nothing listens on (bound, then closed): connecting is refused.
    static int closedPort();

private:
    void acceptLoop();
    void serve(int fd);
    bool sleepMs(int ms); // false if stopping

    int listenFd_ = -1;
    int port_ = 0;
    std::thread acceptThread_;

    mutable std::mutex mutex_;
    std::condition_variable stopCv_;
    bool stopping_ = false;
    std::vector<std::thread> connections_;
    std::map<std::string, std::vector<uint8_t>> files_;
    std::map<std::string, Reply> replies_;
    Reply reply_ = Reply::Normal;
    int delayMs_ = 0;
    int failFirst_ = 0;
    std::map<std::string, int> counts_;
    std::vector<std::string> log_;
};

} // namespace kresy::test
