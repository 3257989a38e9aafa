#pragma once
// Where elevation tiles come from: a directory, a TileJSON file, or an http(s) server (libcurl)
// with an on-disk cache. fetch() blocks on disk or network, so it is called on worker threads only.

#include "tilejson.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace kresy {

enum class FetchStatus {
    Ok,      // bytes hold the tile's file
    Missing, // the tile does not exist (no file, HTTP 404): final for this session
    Failed,  // could not get it now (server down or slow, bad response): worth retrying later
};

struct FetchResult {
    FetchStatus status = FetchStatus::Failed;
    std::vector<uint8_t> bytes;
    std::string cause;   // short and stable, for one log line per cause: "HTTP 503", "timeout", "connection refused";
                         // empty for an expected Missing (a tile outside the tileset's bounds or zooms)
    std::string message; // one sentence naming the tile and the cause
};

class TileSource {
public:
    virtual ~TileSource() = default;
    virtual const TileJson& info() const = 0;
    virtual FetchResult fetch(const TileId& tile) = 0; // thread-safe
    virtual std::string describe() const = 0;          // the spec it was opened from

    // fetch() that gives up soon (Failed, cause "cancelled") once `cancel` becomes true, so a
    // streamer shutting down does not wait out a slow server. Thread-safe. The default ignores
    // the flag (right for sources that never block long).
    virtual FetchResult fetchCancellable(const TileId& tile, const std::atomic<bool>& cancel) {
        (void)cancel;
        return fetch(tile);
    }
    // The caller decoded the bytes fetch() returned for `tile`: keep() when they decode, so an
    // http source writes them to its disk cache (only bytes known to decode are ever cached);
    // reject() when they do not, so a cached copy that went bad is deleted. Thread-safe.
    virtual void keep(const TileId& tile, std::span<const uint8_t> bytes) {
        (void)tile;
        (void)bytes;
    }
    virtual void reject(const TileId& tile) { (void)tile; }
};

// Opens a source from what a user types:
//   DIR                 a directory with tiles.json (as `kresy bake` writes) and {z}/{x}/{y}.png
//   FILE.json           a TileJSON file; relative tile URLs are relative to it
//   http(s)://.../x.json   a TileJSON on a server
//   http(s)://.../{z}/{x}/{y}.png   a URL template (Terrarium encoding, zooms 0..15)
// Tiles fetched over http(s) are kept in `cacheDir` (empty: no disk cache), as
// cacheDir/<16 hex digits: a hash of the first URL template>/{z}/{x}/{y}.png, written atomically
// and only once keep() says they decode; a cached tile is served without the network.
// Tiles outside the TileJSON's bounds or zoom range are Missing without any I/O.
// False with one sentence in *error (what was wrong, where).
std::unique_ptr<TileSource> openTileSource(const std::string& spec, const std::string& cacheDir, std::string* error);

} // namespace kresy
