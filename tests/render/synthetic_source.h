#pragma once
// A tile source computed on the fly from a height function: real PNG tiles (Terrarium), real
// streaming and LOD, but a landscape whose shape the tests know exactly.

#include "core/geodesy.h"
#include "terrain/tile_source.h"

#include <functional>

namespace kresy {

class SyntheticSource : public TileSource {
public:
    SyntheticSource(GeoBounds bounds, int minzoom, int maxzoom, std::function<double(double lat, double lon)> height)
        : height_(std::move(height)) {
        info_.tiles = {"synthetic"};
        info_.bounds = bounds;
        info_.minzoom = minzoom;
        info_.maxzoom = maxzoom;
        info_.encoding = TileEncoding::Terrarium;
    }
    const TileJson& info() const override { return info_; }
    std::string describe() const override { return "synthetic"; }
    FetchResult fetch(const TileId& t) override {
        FetchResult r;
        const GeoBounds b = tileBounds(t), &d = info_.bounds;
        if (t.z < info_.minzoom || t.z > info_.maxzoom || b.east <= d.west || b.west >= d.east || b.north <= d.south ||
            b.south >= d.north) {
            r.status = FetchStatus::Missing;
            return r;
        }
        HeightTile tile;
        tile.size = 256;
        for (int y = 0; y < 256; ++y)
            for (int x = 0; x < 256; ++x) {
                double lon, lat;
                tileToLonLat({t.x + (x + 0.5) / 256, t.y + (y + 0.5) / 256}, t.z, &lon, &lat);
                tile.heights.push_back(float(height_(lat, lon)));
            }
        r.status = FetchStatus::Ok;
        r.bytes = encodeHeightTile(tile, TileEncoding::Terrarium);
        return r;
    }

private:
    TileJson info_;
    std::function<double(double, double)> height_;
};

} // namespace kresy
