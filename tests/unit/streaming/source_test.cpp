// Tile sources: a directory, a TileJSON file, an http(s) TileJSON or URL template, the disk cache.

#include "streaming_util.h"
#include "terrain/tile_source.h"
#include "test_server.h"

#include <gtest/gtest.h>

#include <cctype>

namespace kresy {
namespace {

using test::makePng;
using test::Reply;
using test::ScratchDir;
using test::TestServer;

// A pyramid of zooms 0..2 with every tile of zooms 0 and 1 and one tile of zoom 2.
void writePyramid(const std::string& dir) {
    test::writeTextOrFail(dir + "/tiles.json", writeTileJson(test::terrariumTileJson("{z}/{x}/{y}.png", 0, 2)));
    test::writeFileOrFail(test::tileFile(dir, {0, 0, 0}), makePng(100));
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 2; ++x) test::writeFileOrFail(test::tileFile(dir, {1, x, y}), makePng(float(200 + x + 2 * y)));
    test::writeFileOrFail(test::tileFile(dir, {2, 1, 1}), makePng(300));
}

std::unique_ptr<TileSource> open(const std::string& spec, const std::string& cacheDir = "") {
    std::string error;
    std::unique_ptr<TileSource> source = openTileSource(spec, cacheDir, &error);
    EXPECT_TRUE(source) << spec << ": " << error;
    return source;
}

std::string openError(const std::string& spec) {
    std::string error;
    std::unique_ptr<TileSource> source = openTileSource(spec, "", &error);
    EXPECT_FALSE(source) << spec;
    EXPECT_FALSE(error.empty()) << spec;
    return error;
}

// Whether `text` holds "<file>:<line>:<column>" (line 0: any line).
bool hasLocation(const std::string& text, const std::string& file, int line = 0) {
    for (size_t at = text.find(file + ":"); at != std::string::npos; at = text.find(file + ":", at + 1)) {
        size_t i = at + file.size() + 1;
        const size_t lineStart = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
        if (i == lineStart || (line > 0 && text.substr(lineStart, i - lineStart) != std::to_string(line))) continue;
        if (i + 1 < text.size() && text[i] == ':' && std::isdigit(static_cast<unsigned char>(text[i + 1]))) return true;
    }
    return false;
}

// Whether `path` ends with "/<16 hex digits>" + suffix.
bool isCachePath(const std::string& path, const std::string& suffix) {
    if (path.size() < suffix.size() + 17 || path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0)
        return false;
    const size_t hash = path.size() - suffix.size() - 16;
    if (path[hash - 1] != '/') return false;
    for (size_t i = hash; i < hash + 16; ++i)
        if (!std::isxdigit(static_cast<unsigned char>(path[i])) || std::isupper(static_cast<unsigned char>(path[i])))
            return false;
    return true;
}

void expectHeights(const FetchResult& r, float base) {
    ASSERT_EQ(r.status, FetchStatus::Ok) << r.message;
    HeightTile tile;
    std::string error;
    ASSERT_TRUE(decodeHeightTile(r.bytes, TileEncoding::Terrarium, &tile, &error)) << error;
    ASSERT_EQ(tile.size, test::kTilePixels);
    EXPECT_EQ(tile.heights[0], base);
    EXPECT_EQ(tile.heights[size_t(3) * tile.size + 5], base + 5 + 1.5f);
}

TEST(DirectorySource, FetchesTilesAndReportsMissingOnes) {
    ScratchDir dir;
    writePyramid(dir.str());
    auto source = open(dir.str());
    ASSERT_TRUE(source);
    EXPECT_EQ(source->describe(), dir.str());
    EXPECT_EQ(source->info().encoding, TileEncoding::Terrarium);
    EXPECT_EQ(source->info().maxzoom, 2);

    expectHeights(source->fetch({0, 0, 0}), 100);
    expectHeights(source->fetch({1, 1, 0}), 201);
    expectHeights(source->fetch({2, 1, 1}), 300);

    FetchResult absent = source->fetch({2, 3, 3});
    EXPECT_EQ(absent.status, FetchStatus::Missing);
    EXPECT_EQ(absent.cause, "") << "an absent file in a sparse pyramid is expected, not logged";
    EXPECT_NE(absent.message.find("2/3/3"), std::string::npos) << absent.message;

    // Beyond maxzoom, or not a tile at all: missing without looking.
    FetchResult deeper = source->fetch({3, 2, 2});
    EXPECT_EQ(deeper.status, FetchStatus::Missing);
    EXPECT_TRUE(deeper.cause.empty());
    EXPECT_EQ(source->fetch({1, 5, 0}).status, FetchStatus::Missing);
}

TEST(DirectorySource, UnreadableTileFails) {
    ScratchDir dir;
    writePyramid(dir.str());
    // A directory where the file should be: it exists but cannot be read as a file.
    std::filesystem::create_directories(test::tileFile(dir.str(), {2, 0, 0}));
    auto source = open(dir.str());
    ASSERT_TRUE(source);
    FetchResult r = source->fetch({2, 0, 0});
    EXPECT_EQ(r.status, FetchStatus::Failed);
    EXPECT_FALSE(r.cause.empty());
}

TEST(TileJsonFileSource, ResolvesRelativeTemplatesAgainstTheFile) {
    ScratchDir dir;
    writePyramid(dir.path("pyramid"));
    test::writeTextOrFail(dir.path("meta/world.json"),
                          writeTileJson(test::terrariumTileJson("../pyramid/{z}/{x}/{y}.png", 0, 2)));
    auto source = open(dir.path("meta/world.json"));
    ASSERT_TRUE(source);
    expectHeights(source->fetch({1, 0, 1}), 202);
    EXPECT_EQ(source->fetch({2, 0, 0}).status, FetchStatus::Missing);

    // A relative spec: templates are resolved at open, so a later change of the working
    // directory does not matter.
    const auto cwd = std::filesystem::current_path();
    std::filesystem::current_path(dir.str());
    auto relative = open("meta/world.json");
    std::filesystem::current_path(cwd);
    ASSERT_TRUE(relative);
    EXPECT_EQ(relative->info().tiles.at(0).front(), '/') << relative->info().tiles.at(0);
    expectHeights(relative->fetch({1, 1, 1}), 203);
}

TEST(OpenTileSource, SaysWhatIsWrong) {
    ScratchDir dir;
    std::string missing = openError(dir.path("nowhere"));
    EXPECT_NE(missing.find(dir.path("nowhere")), std::string::npos) << missing;
    EXPECT_NE(missing.find("No such file"), std::string::npos) << missing;

    std::filesystem::create_directories(dir.path("empty"));
    std::string noJson = openError(dir.path("empty"));
    EXPECT_NE(noJson.find("tiles.json"), std::string::npos) << noJson;

    test::writeTextOrFail(dir.path("bad/tiles.json"), "{\n  \"tilejson\": \"3.0.0\",\n  \"tiles\": 5\n}\n");
    std::string bad = openError(dir.path("bad"));
    EXPECT_TRUE(hasLocation(bad, "bad/tiles.json", 3)) << bad;

    test::writeTextOrFail(dir.path("syntax.json"), "{\n  \"tilejson\": \"3.0.0\",\n  \"tiles\": [\"{z}/{x}/{y}.png\"\n");
    std::string syntax = openError(dir.path("syntax.json"));
    EXPECT_TRUE(hasLocation(syntax, "syntax.json")) << syntax;

    const std::string unreachable = "http://127.0.0.1:" + std::to_string(TestServer::closedPort()) + "/tiles.json";
    std::string down = openError(unreachable);
    EXPECT_NE(down.find(unreachable), std::string::npos) << down;
    EXPECT_NE(down.find("refused"), std::string::npos) << down;

    std::string noPlaceholders = openError("http://127.0.0.1:1/{z}/tiles.png");
    EXPECT_NE(noPlaceholders.find("{x}"), std::string::npos) << noPlaceholders;
}

TEST(OpenTileSource, HttpTileJsonNotFoundOrBroken) {
    TestServer server;
    ASSERT_NE(server.port(), 0);
    std::string notFound = openError(server.baseUrl() + "/missing.json");
    EXPECT_NE(notFound.find("HTTP 404"), std::string::npos) << notFound;

    server.setFile("/broken.json", {'{', '\n', '"', 't'});
    std::string broken = openError(server.baseUrl() + "/broken.json");
    EXPECT_NE(broken.find(server.baseUrl() + "/broken.json:"), std::string::npos) << broken;
}

TEST(HttpSource, TemplateFetchesOkMissingAndFailed) {
    TestServer server;
    ASSERT_NE(server.port(), 0);
    server.setTile({3, 4, 2}, makePng(-50));
    server.setTile({3, 4, 3}, makePng(10));
    server.setTile({3, 4, 4}, makePng(10));
    server.setReply(TestServer::tilePath({3, 4, 3}), Reply::Status503);
    server.setReply(TestServer::tilePath({3, 4, 4}), Reply::Drop);

    auto source = open(server.tileTemplate());
    ASSERT_TRUE(source);
    EXPECT_EQ(source->info().encoding, TileEncoding::Terrarium);
    EXPECT_EQ(source->info().minzoom, 0);
    EXPECT_EQ(source->info().maxzoom, 15);
    EXPECT_EQ(source->describe(), server.tileTemplate());

    expectHeights(source->fetch({3, 4, 2}), -50);

    FetchResult missing = source->fetch({3, 1, 1});
    EXPECT_EQ(missing.status, FetchStatus::Missing);
    EXPECT_EQ(missing.cause, "HTTP 404");

    FetchResult unavailable = source->fetch({3, 4, 3});
    EXPECT_EQ(unavailable.status, FetchStatus::Failed);
    EXPECT_EQ(unavailable.cause, "HTTP 503");
    EXPECT_NE(unavailable.message.find("3/4/3"), std::string::npos) << unavailable.message;

    FetchResult dropped = source->fetch({3, 4, 4});
    EXPECT_EQ(dropped.status, FetchStatus::Failed);
    EXPECT_EQ(dropped.cause, "empty reply");

    // Beyond zoom 15: missing without asking the server.
    const int before = server.totalRequests();
    EXPECT_EQ(source->fetch({16, 0, 0}).status, FetchStatus::Missing);
    EXPECT_EQ(server.totalRequests(), before);
}

TEST(HttpSource, ConnectionRefused) {
    const std::string tmpl = "http://127.0.0.1:" + std::to_string(TestServer::closedPort()) + "/{z}/{x}/{y}.png";
    auto source = open(tmpl);
    ASSERT_TRUE(source);
    FetchResult r = source->fetch({1, 0, 0});
    EXPECT_EQ(r.status, FetchStatus::Failed);
    EXPECT_EQ(r.cause, "connection refused");
    EXPECT_NE(r.message.find("1/0/0"), std::string::npos) << r.message;
}

TEST(HttpSource, TruncatedBodyFails) {
    TestServer server;
    server.setTile({2, 1, 1}, makePng(5));
    server.setReply(Reply::Truncated);
    auto source = open(server.tileTemplate());
    ASSERT_TRUE(source);
    FetchResult r = source->fetch({2, 1, 1});
    EXPECT_EQ(r.status, FetchStatus::Failed);
    EXPECT_EQ(r.cause, "truncated response");
}

TEST(HttpSource, CancelledFetchReturnsSoon) {
    TestServer server;
    server.setTile({2, 1, 1}, makePng(5));
    server.setDelayMs(5000);
    auto source = open(server.tileTemplate());
    ASSERT_TRUE(source);
    std::atomic<bool> cancel{false};
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        cancel = true;
    });
    const auto start = std::chrono::steady_clock::now();
    FetchResult r = source->fetchCancellable({2, 1, 1}, cancel);
    const double seconds = test::secondsSince(start);
    canceller.join();
    EXPECT_EQ(r.status, FetchStatus::Failed);
    EXPECT_EQ(r.cause, "cancelled");
    EXPECT_LT(seconds, 2.5) << "well before the server's 5 s";
}

TEST(HttpSource, TileJsonOnAServerWithRelativeTiles) {
    TestServer server;
    TileJson tj = test::terrariumTileJson("tiles/{z}/{x}/{y}.png", 0, 4);
    tj.bounds = {10, 40, 30, 60};
    const std::string text = writeTileJson(tj);
    server.setFile("/dem/tiles.json", std::vector<uint8_t>(text.begin(), text.end()));
    const TileId inside = tileAt(50, 20, 4);
    server.setFile("/dem/tiles/" + std::to_string(inside.z) + "/" + std::to_string(inside.x) + "/" +
                       std::to_string(inside.y) + ".png",
                   makePng(42));

    auto source = open(server.baseUrl() + "/dem/tiles.json");
    ASSERT_TRUE(source);
    EXPECT_EQ(source->info().tiles.at(0), server.baseUrl() + "/dem/tiles/{z}/{x}/{y}.png");
    expectHeights(source->fetch(inside), 42);
    EXPECT_EQ(server.totalRequests(), 2);

    // Outside the bounds: missing, and the server is not asked.
    EXPECT_EQ(source->fetch(tileAt(-30, -100, 4)).status, FetchStatus::Missing);
    EXPECT_EQ(source->fetch({5, 0, 0}).status, FetchStatus::Missing); // beyond maxzoom
    EXPECT_EQ(server.totalRequests(), 2);
}

TEST(DiskCache, ServesKeptTilesWithoutTheNetwork) {
    ScratchDir cache;
    TestServer server;
    const TileId t{6, 33, 20};
    const std::string path = TestServer::tilePath(t);
    server.setTile(t, makePng(7));
    {
        auto source = open(server.tileTemplate(), cache.str());
        ASSERT_TRUE(source);
        FetchResult r = source->fetch(t);
        expectHeights(r, 7);
        EXPECT_EQ(server.requests(path), 1);
        // Nothing is cached until the caller says the bytes decode.
        EXPECT_TRUE(test::pngFilesUnder(cache.str()).empty());
        source->keep(t, r.bytes);
        auto files = test::pngFilesUnder(cache.str());
        ASSERT_EQ(files.size(), 1u);
        // cacheDir/<16 hex digits>/z/x/y.png
        EXPECT_TRUE(isCachePath(files[0], "/6/33/20.png")) << files[0];
        expectHeights(source->fetch(t), 7);
        EXPECT_EQ(server.requests(path), 1);
    }
    // A new source with the same cache: still no request.
    auto again = open(server.tileTemplate(), cache.str());
    ASSERT_TRUE(again);
    expectHeights(again->fetch(t), 7);
    EXPECT_EQ(server.requests(path), 1);

    // A cached copy rejected as undecodable is deleted; the next fetch asks the server.
    again->reject(t);
    EXPECT_TRUE(test::pngFilesUnder(cache.str()).empty());
    expectHeights(again->fetch(t), 7);
    EXPECT_EQ(server.requests(path), 2);

    // Without a cache directory nothing is written anywhere.
    auto uncached = open(server.tileTemplate(), "");
    ASSERT_TRUE(uncached);
    FetchResult r = uncached->fetch(t);
    uncached->keep(t, r.bytes);
    EXPECT_TRUE(test::pngFilesUnder(cache.str()).empty());
}

TEST(DiskCache, DifferentTemplatesDoNotShare) {
    ScratchDir cache;
    TestServer a, b;
    const TileId t{1, 1, 1};
    a.setTile(t, makePng(1));
    b.setTile(t, makePng(2));
    auto sa = open(a.tileTemplate(), cache.str());
    auto sb = open(b.tileTemplate(), cache.str());
    ASSERT_TRUE(sa && sb);
    FetchResult ra = sa->fetch(t);
    sa->keep(t, ra.bytes);
    expectHeights(sb->fetch(t), 2);
    EXPECT_EQ(b.requests(TestServer::tilePath(t)), 1);
    EXPECT_EQ(test::pngFilesUnder(cache.str()).size(), 1u);
}

} // namespace
} // namespace kresy
