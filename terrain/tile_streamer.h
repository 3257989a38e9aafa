#pragma once
// Streams elevation tiles: worker threads fetch and decode them, ordered by the priority the
// render thread gives each frame (screen-space error); decoded tiles are kept in an LRU cache
// with a budget in bytes. The render thread never waits: it asks, and takes what has arrived.
// Tiles that decode are passed to TileSource::keep() (the disk cache), those that do not to
// reject(). Missing tiles are remembered for good; failed ones (server down or slow, a bad
// response, a corrupt PNG) are retried after a delay. Each distinct cause is logged once per
// streamer: "tiles from SOURCE: CAUSE (first at Z/X/Y; further ones not logged)".

#include "tile_errors.h"
#include "tile_source.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace kresy {

struct LoadedTile {
    TileId id;
    HeightTile heights;
    float minHeight = 0, maxHeight = 0;
    TileErrors errors;                  // the true error of each node grid (for the LOD selection)
    std::shared_ptr<const void> prepared; // what TileStreamerOptions::prepare made of it
    size_t preparedBytes = 0;
};

struct TileRequest {
    TileId id;
    double priority = 0; // higher first (e.g. the screen-space error of the tile's parent)
};

struct TileStreamerOptions {
    size_t budgetBytes = size_t(256) << 20; // decoded tiles kept in memory (--tile-cache-mb)
    int threads = 2;
    double retryAfterSeconds = 2;  // first retry of a Failed tile; doubles each time, up to 60 s
    // Runs on the worker after a tile decodes, to do the rest of the per-tile work off the render
    // thread (e.g. the renderer's texels); its result is kept with the tile and counts against
    // the budget (`*bytes`).
    std::function<std::shared_ptr<const void>(const LoadedTile& tile, size_t* bytes)> prepare;
};

struct TileStreamerStats {
    size_t residentTiles = 0, residentBytes = 0;
    size_t fetched = 0, decoded = 0, missing = 0, failed = 0, evicted = 0;
    double decodeSeconds = 0; // summed over all workers
    size_t queued = 0, inFlight = 0;
};

class TileStreamer {
public:
    TileStreamer(std::shared_ptr<TileSource> source, const TileStreamerOptions& options);
    // Stops and joins the workers; fetches in flight are cancelled (TileSource::fetchCancellable:
    // an http transfer gives up within about 50 ms), so this never waits out a slow server.
    ~TileStreamer();
    TileStreamer(const TileStreamer&) = delete;
    TileStreamer& operator=(const TileStreamer&) = delete;

    const TileJson& info() const;

    // Render thread, once a frame: the tiles wanted now. Replaces the previous wishes: queued
    // tiles no longer wanted are dropped (fetches in flight finish and are cached). Tiles already
    // resident, known missing, or waiting out a retry delay are ignored. Never waits: when a
    // worker holds the streamer's lock, the wishes are left for it to apply.
    void request(std::span<const TileRequest> wanted);

    // Render thread: up to `max` tiles decoded since the last call (highest priority first),
    // so a frame uploads a bounded number. They are resident when returned. Waits only for
    // another thread adding or taking an arrival (a few pointers), never for a fetch or decode.
    std::vector<std::shared_ptr<const LoadedTile>> takeArrivals(int max);

    // Any thread, without waiting on the workers (it reads a snapshot they publish). The tile if
    // resident (marks it recently used), else null.
    std::shared_ptr<const LoadedTile> find(const TileId& id);
    // True when the tile is known not to exist (Missing) — draw its ancestor for good. From the
    // same snapshot.
    bool isMissing(const TileId& id) const;

    // Blocks until nothing is queued or in flight, or `timeoutSeconds` passes: for offline
    // rendering and tests, never for interactive frames. True if idle.
    bool waitIdle(double timeoutSeconds);

    // The figures now; while a worker holds the lock, the last ones taken (never waits).
    TileStreamerStats stats() const;

    // Seconds that find(), isMissing() and takeArrivals() have spent blocked on a mutex another
    // thread held, since the start: how long the render thread has waited on streaming.
    double renderWaitSeconds() const;


private:
    struct Impl;
    std::unique_ptr<Impl> impl;
};

} // namespace kresy
