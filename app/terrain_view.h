#pragma once
// The terrain of a session: a tile source, its streamer, and the LOD selection that decides,
// each frame, what is drawn and what is fetched. Interactive frames never wait; offline ones
// (stills, renders) settle first: every wanted tile loaded, nothing left to refine.

#include "renderer/renderer.h"
#include "scene/frame.h"
#include "terrain/lod.h"
#include "terrain/tile_streamer.h"
#include "terrain/water.h"

#include <memory>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

namespace kresy {

struct TerrainViewOptions {
    std::string tiles;        // a source spec (docs/tiles.md); empty: the default pyramid
    size_t cacheMegabytes = 512; // --tile-cache-mb
    double pixelError = 2.0;
    double exaggeration = 1.0;
    int threads = 2;
    std::string lakes; // GMT polygons of inland water (docs/data-formats.md); empty: none
};

class TerrainView {
public:
    // False with one sentence when the source cannot be opened. The scene's ENU frame is centred
    // on the source's bounds (clamped to the region kresy is about when they are the world).
    bool open(const TerrainViewOptions& options, std::string* error);
    // For tests: any source.
    void open(std::shared_ptr<TileSource> source, const TerrainViewOptions& options);
    const EnuFrame& scene() const { return scene_; }

    // Fills frame->terrainNodes and terrainUploads from what is resident now, and asks the
    // streamer for what is missing. Never blocks.
    void update(const Renderer& renderer, FrameInput* frame);

    // A view the camera will soon have (the presenter's next bookmark): each update also asks for
    // the tiles it needs, behind the current view's, so arriving there never waits on loading.
    // nullopt: none.
    void setLookahead(std::optional<Camera> camera) { lookahead_ = camera; }

    // Offline: draws (without presenting) and waits for tiles until a frame's selection wants
    // nothing more, or `timeoutSeconds` pass. True when settled.
    bool settle(Renderer& renderer, FrameInput* frame, double timeoutSeconds);

    // Terrain height under a point from the finest loaded tile, metres, exaggerated (0 before any tile).
    double heightAt(double lat, double lon);
    // Offline: the height from the finest tile the source has there (up to `maxZoom`; -1: the
    // source's), loaded (waiting) if need be. The same answer whatever was loaded before, so
    // frames rendered in any order agree.
    double settledHeightAt(double lat, double lon, int maxZoom = -1);
    // Offline, after settle(): the height of the terrain as drawn there, from the tile the
    // selection draws at that point (so lines laid on it lie on the mesh); where no selected node
    // covers the point (off screen), the coarsest tile's. Deterministic like settledHeightAt,
    // and fast: no finer tile than the view needs is ever loaded.
    double drawnHeightAt(double lat, double lon);

    // Vertical exaggeration, 1 to 10: terrain, and everything placed on it, stands this much taller.
    void setExaggeration(double exaggeration);
    double exaggeration() const { return settings_.exaggeration; }

    const LodSelection& selection() const { return selection_; }

    TileStreamer& streamer() { return *streamer_; }
    const TileJson& info() const { return streamer_->info(); }

private:
    std::unique_ptr<TileStreamer> streamer_;
    std::shared_ptr<const WaterPolygons> lakes_; // shared with the streamer's workers
    LodSettings settings_;
    EnuFrame scene_;
    LodSelection selection_;
    std::vector<std::shared_ptr<const LoadedTile>> pending_; // arrived, not yet on the GPU
    std::optional<Camera> lookahead_;
    LodSelection lookaheadSelection_;
    uint64_t selectionVersion_ = 0, drawnVersion_ = ~uint64_t(0);
    std::unordered_map<TileId, TileId, TileIdHash> drawnData_; // selected node -> the tile it draws

    void requestLookahead(const FrameInput& frame);
    LodResidency residency(const Renderer* renderer, std::vector<std::shared_ptr<const LoadedTile>>* held);
};

struct TerrainFlags;
TerrainViewOptions terrainViewOptions(const TerrainFlags& flags);

// Loads the terrain a camera sees completely (offline frames), then fills `frame`.
bool settleFrame(TerrainView& terrain, Renderer& renderer, const Camera& camera, Time time, int width, int height,
                 FrameInput* frame);

} // namespace kresy
