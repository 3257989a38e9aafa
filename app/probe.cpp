// kresy probe: elevations at points, from a tile pyramid.

#include "commands.h"
#include "dataset.h"
#include "options.h"
#include "terrain/tile_errors.h"
#include "terrain/tile_source.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

namespace kresy {

namespace {

struct TileLess {
    bool operator()(const TileId& a, const TileId& b) const {
        return std::tie(a.z, a.x, a.y) < std::tie(b.z, b.x, b.y);
    }
};

} // namespace

int runProbe(const std::vector<std::string>& args) {
    ProbeOptions options;
    ParseResult parsed = parseProbeOptions(args, &options);
    if (!parsed.ok) {
        std::fprintf(stderr, "kresy probe: %s (see kresy probe --help)\n", parsed.error.c_str());
        return kExitUsage;
    }
    if (parsed.help) {
        std::fputs(kProbeUsage, stdout);
        return kExitOk;
    }
    std::string spec = options.tiles.empty() ? defaultTileDirectory() : options.tiles;
    std::string error;
    std::unique_ptr<TileSource> source = openTileSource(spec, httpCacheDirectory(), &error);
    if (!source) {
        std::fprintf(stderr, "kresy probe: %s%s\n", error.c_str(),
                     options.tiles.empty() ? " (./run.sh bakes the default pyramid; or give --tiles)" : "");
        return kExitFailure;
    }
    const TileJson& info = source->info();
    std::map<TileId, HeightTile, TileLess> decoded;
    int status = kExitOk;
    for (const GeoPoint& p : options.points) {
        bool found = false;
        // The finest tile that exists, walking up from maxzoom.
        for (int z = info.maxzoom; z >= info.minzoom && !found; --z) {
            double u, v;
            TileId id = tileAt(p.lat, p.lon, z, &u, &v);
            auto cached = decoded.find(id);
            if (cached == decoded.end()) {
                FetchResult fetched = source->fetch(id);
                if (fetched.status == FetchStatus::Missing)
                    continue;
                HeightTile tile;
                if (fetched.status == FetchStatus::Failed ||
                    !decodeHeightTile(fetched.bytes, info.encoding, &tile, &error)) {
                    std::fprintf(stderr, "kresy probe: tile %s: %s\n", tileName(id).c_str(),
                                 fetched.status == FetchStatus::Failed ? fetched.message.c_str() : error.c_str());
                    status = kExitFailure;
                    break;
                }
                source->keep(id, fetched.bytes); // into the disk cache, for http(s) sources
                cached = decoded.emplace(id, std::move(tile)).first;
            }
            std::printf("%.5f,%.5f %.1f m (tile %s)\n", p.lat, p.lon, sampleHeightTile(cached->second, u * cached->second.size - 0.5, v * cached->second.size - 0.5), tileName(id).c_str());
            found = true;
        }
        if (!found && status == kExitOk) {
            std::fprintf(stderr, "kresy probe: %.5f,%.5f is outside %s\n", p.lat, p.lon, source->describe().c_str());
            status = kExitFailure;
        }
    }
    return status;
}

} // namespace kresy
