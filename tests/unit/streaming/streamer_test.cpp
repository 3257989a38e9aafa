// The tile streamer: priorities, wishes replaced each frame, bounded arrivals, the LRU budget,
// missing and failed tiles, retries, one log line per cause, and never blocking or hanging.

#include "streaming_util.h"
#include "terrain/tile_streamer.h"
#include "test_server.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace kresy {
namespace {

using test::makePng;
using test::Reply;
using test::ScratchDir;
using test::TestServer;
using Clock = std::chrono::steady_clock;

std::shared_ptr<TileSource> httpSource(const TestServer& server, const std::string& cacheDir = "") {
    std::string error;
    std::shared_ptr<TileSource> source = openTileSource(server.tileTemplate(), cacheDir, &error);
    EXPECT_TRUE(source) << error;
    return source;
}

TileStreamerOptions optionsWith(int threads, size_t budgetBytes = size_t(64) << 20, double retry = 2) {
    TileStreamerOptions o;
    o.threads = threads;
    o.budgetBytes = budgetBytes;
    o.retryAfterSeconds = retry;
    return o;
}

// Tiles (6, i, 10) with heights 1000 + i on the server.
std::vector<TileId> serveRow(TestServer& server, int count) {
    std::vector<TileId> ids;
    for (int i = 0; i < count; ++i) {
        TileId t{6, i, 10};
        server.setTile(t, makePng(float(1000 + i)));
        ids.push_back(t);
    }
    return ids;
}

std::vector<TileRequest> requestsFor(const std::vector<TileId>& ids, double firstPriority = 100) {
    std::vector<TileRequest> out;
    for (size_t i = 0; i < ids.size(); ++i) out.push_back({ids[i], firstPriority - double(i)});
    return out;
}

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

TEST(TileStreamer, LoadsDecodesAndReportsMinMax) {
    TestServer server;
    auto ids = serveRow(server, 3);
    TileStreamer streamer(httpSource(server), optionsWith(2));
    EXPECT_EQ(streamer.info().encoding, TileEncoding::Terrarium);
    auto wanted = requestsFor(ids);
    streamer.request(wanted);
    ASSERT_TRUE(streamer.waitIdle(10));
    for (size_t i = 0; i < ids.size(); ++i) {
        auto tile = streamer.find(ids[i]);
        ASSERT_TRUE(tile) << tileName(ids[i]);
        EXPECT_EQ(tile->id, ids[i]);
        EXPECT_EQ(tile->heights.size, test::kTilePixels);
        EXPECT_EQ(tile->minHeight, float(1000 + i));
        EXPECT_EQ(tile->maxHeight, float(1000 + i) + 63 + 31.5f);
    }
    TileStreamerStats s = streamer.stats();
    EXPECT_EQ(s.residentTiles, 3u);
    EXPECT_EQ(s.fetched, 3u);
    EXPECT_EQ(s.decoded, 3u);
    EXPECT_EQ(s.failed, 0u);
    EXPECT_EQ(s.queued, 0u);
    EXPECT_EQ(s.inFlight, 0u);
    EXPECT_GE(s.residentBytes, 3 * test::kTileHeightBytes);

    // Resident tiles are not fetched again.
    streamer.request(wanted);
    ASSERT_TRUE(streamer.waitIdle(10));
    EXPECT_EQ(server.totalRequests(), 3);
}

TEST(TileStreamer, FetchesHighestPriorityFirst) {
    TestServer server;
    auto ids = serveRow(server, 8);
    server.setDelayMs(20);
    TileStreamer streamer(httpSource(server), optionsWith(1));
    // Priorities in a scrambled order.
    const double priorities[8] = {3, 17, 5, 11, 2, 13, 7, 19};
    std::vector<TileRequest> wanted;
    for (size_t i = 0; i < ids.size(); ++i) wanted.push_back({ids[i], priorities[i]});
    streamer.request(wanted);
    ASSERT_TRUE(streamer.waitIdle(10));

    std::vector<TileRequest> expected = wanted;
    std::sort(expected.begin(), expected.end(), [](auto& a, auto& b) { return a.priority > b.priority; });
    std::vector<std::string> want;
    for (const TileRequest& r : expected) want.push_back(TestServer::tilePath(r.id));
    EXPECT_EQ(server.requestLog(), want);
}

TEST(TileStreamer, NewWishesReplaceQueuedOnes) {
    TestServer server;
    auto ids = serveRow(server, 13);
    server.setDelayMs(150);
    TileStreamer streamer(httpSource(server), optionsWith(1));
    const std::vector<TileId> first(ids.begin(), ids.begin() + 10), second(ids.begin() + 10, ids.end());
    streamer.request(requestsFor(first));
    streamer.request(requestsFor(second));
    ASSERT_TRUE(streamer.waitIdle(10));

    int firstFetched = 0;
    for (const TileId& t : first) firstFetched += server.requests(TestServer::tilePath(t));
    EXPECT_LE(firstFetched, 1); // at most the one already in flight
    for (const TileId& t : second) {
        EXPECT_EQ(server.requests(TestServer::tilePath(t)), 1) << tileName(t);
        EXPECT_TRUE(streamer.find(t)) << tileName(t);
    }
    // A fetch in flight when the wishes changed still finishes and is kept.
    EXPECT_EQ(streamer.stats().residentTiles, size_t(3 + firstFetched));
}

TEST(TileStreamer, TakeArrivalsIsBoundedAndHighestFirst) {
    TestServer server;
    auto ids = serveRow(server, 10);
    TileStreamer streamer(httpSource(server), optionsWith(2));
    streamer.request(requestsFor(ids)); // priority 100 - i
    ASSERT_TRUE(streamer.waitIdle(10));

    EXPECT_TRUE(streamer.takeArrivals(0).empty());
    auto firstBatch = streamer.takeArrivals(3);
    ASSERT_EQ(firstBatch.size(), 3u);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ(firstBatch[i]->id, ids[i]);
    auto rest = streamer.takeArrivals(100);
    ASSERT_EQ(rest.size(), 7u);
    for (size_t i = 0; i < 7; ++i) EXPECT_EQ(rest[i]->id, ids[3 + i]);
    EXPECT_TRUE(streamer.takeArrivals(100).empty());
}

TEST(TileStreamer, StaysWithinTheMemoryBudget) {
    TestServer server;
    auto ids = serveRow(server, 12);
    const size_t oneTile = test::tileBytes() + 1024; // heights, error tables and a generous overhead
    const size_t budget = 3 * oneTile;
    TileStreamer streamer(httpSource(server), optionsWith(2, budget));
    streamer.request(requestsFor(ids));
    size_t worst = 0;
    // Idle is asked of waitIdle (it takes the lock): stats() may give the last figures taken,
    // which before the first are all zero, and would look idle.
    ASSERT_TRUE(test::waitFor([&] {
        worst = std::max(worst, streamer.stats().residentBytes);
        return streamer.waitIdle(0);
    }));
    EXPECT_LE(worst, budget + oneTile);
    TileStreamerStats s = streamer.stats();
    EXPECT_LE(s.residentBytes, budget);
    EXPECT_EQ(s.residentTiles, 3u);
    EXPECT_EQ(s.decoded, 12u);
    EXPECT_EQ(s.evicted, 9u);
    // Evicted tiles are not offered as arrivals.
    EXPECT_EQ(streamer.takeArrivals(100).size(), 3u);
}

TEST(TileStreamer, FindMarksATileRecentlyUsed) {
    TestServer server;
    auto ids = serveRow(server, 4);
    const size_t budget = 3 * (test::tileBytes() + 1024);
    TileStreamer streamer(httpSource(server), optionsWith(1, budget));
    for (int i = 0; i < 3; ++i) { // loaded in the order 0, 1, 2
        streamer.request(requestsFor({ids[size_t(i)]}));
        ASSERT_TRUE(streamer.waitIdle(10));
    }
    std::shared_ptr<const LoadedTile> held = streamer.find(ids[0]); // 0 is now the most recent
    ASSERT_TRUE(held);
    streamer.request(requestsFor({ids[3]}));
    ASSERT_TRUE(streamer.waitIdle(10));
    EXPECT_TRUE(streamer.find(ids[0]));
    EXPECT_FALSE(streamer.find(ids[1])); // the least recently used went
    EXPECT_TRUE(streamer.find(ids[2]));
    EXPECT_TRUE(streamer.find(ids[3]));

    // A tile evicted while held elsewhere stays valid for its holder.
    streamer.request(requestsFor({ids[1]}));
    ASSERT_TRUE(streamer.waitIdle(10));
    streamer.request(requestsFor({ids[1], ids[2], ids[3]}));
    ASSERT_TRUE(streamer.waitIdle(10));
    EXPECT_EQ(held->id, ids[0]);
    EXPECT_EQ(held->minHeight, 1000.0f);
}

TEST(TileStreamer, RemembersMissingTiles) {
    TestServer server;
    TileStreamer streamer(httpSource(server), optionsWith(2));
    const TileId absent{5, 3, 3};
    EXPECT_FALSE(streamer.isMissing(absent));
    std::vector<TileRequest> wanted{{absent, 1}};
    streamer.request(wanted);
    ASSERT_TRUE(streamer.waitIdle(10));
    EXPECT_TRUE(streamer.isMissing(absent));
    EXPECT_FALSE(streamer.find(absent));
    EXPECT_EQ(streamer.stats().missing, 1u);
    streamer.request(wanted);
    ASSERT_TRUE(streamer.waitIdle(10));
    EXPECT_EQ(server.requests(TestServer::tilePath(absent)), 1);
}

TEST(TileStreamer, RetriesAFailedTileAfterTheDelay) {
    TestServer server;
    auto ids = serveRow(server, 1);
    server.failFirst(1);
    const double retry = 0.3;
    TileStreamer streamer(httpSource(server), optionsWith(1, size_t(64) << 20, retry));
    std::vector<TileRequest> wanted = requestsFor(ids);
    streamer.request(wanted);
    ASSERT_TRUE(streamer.waitIdle(10));
    const auto failedAt = Clock::now();
    EXPECT_FALSE(streamer.find(ids[0]));
    EXPECT_FALSE(streamer.isMissing(ids[0]));
    EXPECT_EQ(streamer.stats().failed, 1u);

    // Asked again at once: ignored while the delay runs.
    streamer.request(wanted);
    EXPECT_EQ(streamer.stats().queued, 0u);

    // Frames keep asking; it arrives after the delay.
    ASSERT_TRUE(test::waitFor([&] {
        streamer.request(wanted);
        return streamer.find(ids[0]) != nullptr;
    }));
    EXPECT_GE(test::secondsSince(failedAt), retry * 0.8);
    EXPECT_EQ(server.requests(TestServer::tilePath(ids[0])), 2);
}

TEST(TileStreamer, RetryDelayDoubles) {
    TestServer server;
    auto ids = serveRow(server, 1);
    server.setReply(Reply::Status503);
    const double retry = 0.1;
    TileStreamer streamer(httpSource(server), optionsWith(1, size_t(64) << 20, retry));
    std::vector<TileRequest> wanted = requestsFor(ids);
    // Ask every few ms for 1.1 s: attempts at about 0, 0.1, 0.3, 0.7 s, then the next is at 1.5 s.
    const auto start = Clock::now();
    while (test::secondsSince(start) < 1.1) {
        streamer.request(wanted);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_TRUE(streamer.waitIdle(10));
    const int attempts = server.requests(TestServer::tilePath(ids[0]));
    EXPECT_GE(attempts, 3);
    EXPECT_LE(attempts, 4);
}

TEST(TileStreamer, OneLogLinePerCause) {
    TestServer server;
    auto ids = serveRow(server, 20);
    server.setReply(Reply::Status503);
    const TileId absent{6, 40, 40};
    testing::internal::CaptureStderr();
    {
        TileStreamer streamer(httpSource(server), optionsWith(3));
        std::vector<TileRequest> wanted = requestsFor(ids);
        wanted.push_back({absent, 0});
        wanted.push_back({TileId{6, 41, 40}, 0});
        server.setReply(TestServer::tilePath(absent), Reply::Status404);
        server.setReply("/6/41/40.png", Reply::Status404);
        streamer.request(wanted);
        ASSERT_TRUE(streamer.waitIdle(10));
        EXPECT_EQ(streamer.stats().failed, 20u);
        EXPECT_EQ(streamer.stats().missing, 2u);
    }
    const std::vector<std::string> lines = linesOf(testing::internal::GetCapturedStderr());
    int unavailable = 0, notFound = 0;
    for (const std::string& line : lines) {
        if (line.find("HTTP 503") != std::string::npos) {
            ++unavailable;
            EXPECT_EQ(line.rfind("kresy: warning: tiles from " + server.tileTemplate() + ": HTTP 503 (first at 6/", 0), 0u)
                << line;
            EXPECT_NE(line.find("; further ones not logged)"), std::string::npos) << line;
        }
        if (line.find("HTTP 404") != std::string::npos) ++notFound;
    }
    EXPECT_EQ(unavailable, 1);
    EXPECT_EQ(notFound, 1);
    EXPECT_EQ(lines.size(), 2u) << testing::PrintToString(lines);
}

// Frames against busy workers: for 1.5 s the render thread asks each frame for a moving
// window of tiles, takes arrivals, finds and checks tiles, while two workers fetch (some replies
// slow), decode and evict in a budget of a few tiles. What it gets is always the tile asked for,
// and the budget holds. test.sh runs this under ThreadSanitizer, where a missing lock shows.
TEST(TileStreamer, FramesAgainstBusyWorkers) {
    TestServer server;
    const std::vector<TileId> ids = serveRow(server, 64);
    server.setDelayMs(2);
    TileStreamer streamer(httpSource(server), optionsWith(2, 6 * (test::tileBytes() + 1024)));
    const auto start = Clock::now();
    size_t taken = 0, found = 0;
    for (auto now = start; now - start < std::chrono::milliseconds(1500); now = Clock::now()) {
        // A window sliding along the row a tile every 50 ms, nearest first.
        const size_t at = size_t((now - start) / std::chrono::milliseconds(50));
        std::vector<TileRequest> wanted;
        for (size_t k = 0; k < 8; ++k)
            wanted.push_back({ids[(at + k) % ids.size()], 100.0 - double(k)});
        streamer.request(wanted);
        for (const auto& tile : streamer.takeArrivals(3)) {
            ASSERT_TRUE(tile);
            EXPECT_EQ(tile->heights.size, test::kTilePixels);
            ++taken;
        }
        for (const TileRequest& r : wanted)
            if (auto tile = streamer.find(r.id)) {
                EXPECT_EQ(tile->id, r.id);
                EXPECT_FLOAT_EQ(tile->minHeight, float(1000 + r.id.x)) << tileName(r.id);
                ++found;
            }
        EXPECT_LE(streamer.stats().residentTiles, 6u);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    EXPECT_GT(taken, 10u) << "the workers delivered too little to have raced with the frames";
    EXPECT_GT(found, 10u);
}

TEST(TileStreamer, RequestNeverBlocks) {
    TestServer server;
    auto ids = serveRow(server, 60);
    server.setDelayMs(2000);
    auto streamer = std::make_unique<TileStreamer>(httpSource(server), optionsWith(2));
    // Wait until both workers are stuck in slow requests.
    streamer->request(requestsFor(ids));
    ASSERT_TRUE(test::waitFor([&] { return server.totalRequests() >= 2; }));

    double total = 0;
    for (int frame = 0; frame < 100; ++frame) {
        std::vector<TileRequest> wanted;
        for (int i = 0; i < 50; ++i) wanted.push_back({ids[size_t((frame + i) % 60)], double(i)});
        const auto start = Clock::now();
        streamer->request(wanted);
        auto arrived = streamer->takeArrivals(4);
        (void)streamer->find(ids[0]);
        total += test::secondsSince(start);
        EXPECT_TRUE(arrived.empty());
    }
    EXPECT_LT(total, 0.05);

    const auto start = Clock::now();
    streamer.reset();
    EXPECT_LT(test::secondsSince(start), 1.0);
}

TEST(TileStreamer, DestructorReturnsWhileRequestsHang) {
    TestServer server;
    auto ids = serveRow(server, 10);
    server.setDelayMs(8000);
    auto streamer = std::make_unique<TileStreamer>(httpSource(server), optionsWith(4));
    streamer->request(requestsFor(ids));
    ASSERT_TRUE(test::waitFor([&] { return server.totalRequests() >= 4; }));
    EXPECT_FALSE(streamer->waitIdle(0.05));
    const auto start = Clock::now();
    streamer.reset();
    EXPECT_LT(test::secondsSince(start), 1.0);
}

TEST(TileStreamer, DestructorReturnsWhenTheServerNeverAnswers) {
    // A socket that listens but is never served: connections complete in the kernel's backlog,
    // then nothing.
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
    ASSERT_EQ(::listen(fd, 16), 0);
    const std::string tmpl = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/{z}/{x}/{y}.png";
    std::string error;
    std::shared_ptr<TileSource> source = openTileSource(tmpl, "", &error);
    ASSERT_TRUE(source) << error;
    auto streamer = std::make_unique<TileStreamer>(source, optionsWith(2));
    streamer->request(requestsFor({{3, 1, 1}, {3, 1, 2}, {3, 1, 3}}));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(streamer->stats().inFlight, 2u);
    const auto start = Clock::now();
    streamer.reset();
    EXPECT_LT(test::secondsSince(start), 1.0);
    ::close(fd);
}

TEST(TileStreamer, TruncatedAndCorruptTilesFailWithoutBeingCached) {
    ScratchDir cache;
    TestServer server;
    auto ids = serveRow(server, 3);
    server.setReply(TestServer::tilePath(ids[0]), Reply::Truncated);
    server.setReply(TestServer::tilePath(ids[1]), Reply::Corrupt);
    testing::internal::CaptureStderr();
    {
        TileStreamer streamer(httpSource(server, cache.str()), optionsWith(2));
        streamer.request(requestsFor(ids));
        ASSERT_TRUE(streamer.waitIdle(10));
        EXPECT_FALSE(streamer.find(ids[0]));
        EXPECT_FALSE(streamer.find(ids[1]));
        EXPECT_TRUE(streamer.find(ids[2]));
        EXPECT_FALSE(streamer.isMissing(ids[0]));
        EXPECT_FALSE(streamer.isMissing(ids[1]));
        TileStreamerStats s = streamer.stats();
        EXPECT_EQ(s.failed, 2u);
        EXPECT_EQ(s.decoded, 1u);
        EXPECT_EQ(s.residentTiles, 1u);
    }
    const std::vector<std::string> lines = linesOf(testing::internal::GetCapturedStderr());
    // Only the good tile went into the cache.
    auto files = test::pngFilesUnder(cache.str());
    ASSERT_EQ(files.size(), 1u);
    EXPECT_NE(files[0].find("/6/2/10.png"), std::string::npos) << files[0];

    ASSERT_EQ(lines.size(), 2u) << testing::PrintToString(lines);
    const std::string all = lines[0] + "\n" + lines[1];
    EXPECT_NE(all.find("truncated response (first at 6/0/10;"), std::string::npos) << all;
    EXPECT_NE(all.find("invalid PNG (first at 6/1/10: "), std::string::npos) << all;
}

TEST(TileStreamer, SecondSessionReadsTheDiskCache) {
    ScratchDir cache;
    TestServer server;
    auto ids = serveRow(server, 3);
    {
        TileStreamer streamer(httpSource(server, cache.str()), optionsWith(2));
        streamer.request(requestsFor(ids));
        ASSERT_TRUE(streamer.waitIdle(10));
    }
    EXPECT_EQ(test::pngFilesUnder(cache.str()).size(), 3u);
    EXPECT_EQ(server.totalRequests(), 3);
    TileStreamer streamer(httpSource(server, cache.str()), optionsWith(2));
    streamer.request(requestsFor(ids));
    ASSERT_TRUE(streamer.waitIdle(10));
    for (size_t i = 0; i < ids.size(); ++i) {
        auto tile = streamer.find(ids[i]);
        ASSERT_TRUE(tile);
        EXPECT_EQ(tile->minHeight, float(1000 + i));
    }
    EXPECT_EQ(server.totalRequests(), 3);
}

TEST(TileStreamer, DirectorySourceAndIgnoredRequests) {
    ScratchDir dir;
    test::writeTextOrFail(dir.path("tiles.json"), writeTileJson(test::terrariumTileJson("{z}/{x}/{y}.png", 0, 3)));
    test::writeFileOrFail(test::tileFile(dir.str(), {0, 0, 0}), makePng(-20));
    std::string error;
    std::shared_ptr<TileSource> source = openTileSource(dir.str(), "", &error);
    ASSERT_TRUE(source) << error;
    TileStreamer streamer(source, optionsWith(2));
    // Invalid ids, NaN priorities and duplicates are harmless.
    std::vector<TileRequest> wanted{{{0, 0, 0}, std::nan("")}, {{0, 0, 0}, 5}, {{2, 9, 9}, 3}, {{1, 1, 1}, 2},
                                    {{9, 0, 0}, 1}};
    streamer.request(wanted);
    ASSERT_TRUE(streamer.waitIdle(10));
    EXPECT_TRUE(streamer.find({0, 0, 0}));
    EXPECT_TRUE(streamer.isMissing({1, 1, 1}));
    EXPECT_TRUE(streamer.isMissing({9, 0, 0})); // beyond maxzoom
    EXPECT_FALSE(streamer.isMissing({2, 9, 9})); // not a tile: never asked for
    EXPECT_EQ(streamer.stats().fetched, 1u);
    EXPECT_EQ(streamer.takeArrivals(10).size(), 1u);
    // Idle with nothing asked.
    streamer.request({});
    EXPECT_TRUE(streamer.waitIdle(0));
}

} // namespace
} // namespace kresy
