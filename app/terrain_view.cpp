#include "terrain_view.h"

#include "core/log.h"
#include "dataset.h"
#include "options.h"
#include "terrain/surface.h"
#include "terrain/tile_errors.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace kresy {

namespace {

// Shaded-relief maps exaggerate slopes for the light only (a hillshade "z-factor"), or the
// plains of eastern Poland, where a valley is 30 m deep and 2 km wide, look flat from above.
constexpr float kReliefShading = 4.0f;

// Any tile size to the renderer's surface size, bilinearly (512 px pyramids draw at 256).
HeightTile toSurfaceSize(const HeightTile& tile) {
    if (tile.size == int(kSurfaceSize))
        return tile;
    HeightTile out;
    out.size = int(kSurfaceSize);
    out.heights.resize(size_t(kSurfaceSize) * kSurfaceSize);
    double scale = double(tile.size) / kSurfaceSize;
    for (uint32_t y = 0; y < kSurfaceSize; ++y)
        for (uint32_t x = 0; x < kSurfaceSize; ++x)
            out.heights[size_t(y) * kSurfaceSize + x] = sampleHeightTile(tile, (x + 0.5) * scale - 0.5, (y + 0.5) * scale - 0.5);
    return out;
}

} // namespace

bool TerrainView::open(const TerrainViewOptions& options, std::string* error) {
    std::string spec = options.tiles.empty() ? defaultTileDirectory() : options.tiles;
    std::unique_ptr<TileSource> source = openTileSource(spec, httpCacheDirectory(), error);
    if (!source) {
        if (options.tiles.empty())
            *error += " (./run.sh or 'kresy bake' makes the default pyramid)";
        return false;
    }
    open(std::shared_ptr<TileSource>(std::move(source)), options);
    return true;
}

void TerrainView::open(std::shared_ptr<TileSource> source, const TerrainViewOptions& options) {
    const TileJson& info = source->info();
    // Rendering happens in a metric frame at the data's centre; a world-wide source (a bare URL
    // template) is centred on the region this program is about.
    GeoBounds b = info.bounds;
    if (b.east - b.west > 90)
        b = kRegionBounds;
    scene_ = makeEnuFrame({(b.south + b.north) / 2, (b.west + b.east) / 2, 0});
    // Without its lakes the terrain is still right, only less complete: a warning, not a failure.
    auto lakes = std::make_shared<WaterPolygons>();
    if (std::string error; !options.lakes.empty() && !readGmtPolygons(options.lakes, lakes.get(), &error))
        logWarning("lakes are drawn as land: %s", error.c_str());
    lakes_ = lakes;
    settings_.pixelError = options.pixelError;
    settings_.exaggeration = options.exaggeration;
    settings_.dataMinZoom = info.minzoom;
    settings_.dataMaxZoom = info.maxzoom;
    settings_.bounds = info.bounds;
    TileStreamerOptions streaming;
    streaming.budgetBytes = options.cacheMegabytes << 20;
    streaming.threads = options.threads;
    // The surface texels are made on the streamer's workers, not on the render thread. They hold
    // true heights and slopes; the shader applies the exaggeration, so it can change at any time.
    streaming.prepare = [lakes](const LoadedTile& tile, size_t* bytes) {
        auto surface = std::make_shared<TileSurfaceTexels>();
        surface->size = int(kSurfaceSize);
        surface->texels = buildTileSurface(toSurfaceSize(tile.heights), tile.id, lakes.get(), kReliefShading);
        *bytes = surface->texels.size();
        return std::shared_ptr<const void>(surface);
    };
    streamer_ = std::make_unique<TileStreamer>(std::move(source), streaming);
}

void TerrainView::update(const Renderer& renderer, FrameInput* frame) {
    for (auto& tile : streamer_->takeArrivals(64))
        pending_.push_back(std::move(tile));
    std::erase_if(pending_, [&](const auto& t) { return renderer.terrainSurfaceResident(t->id); });
    frame->terrainUploads.assign(pending_.begin(), pending_.begin() + std::min<size_t>(pending_.size(), kMaxUploadsPerFrame));
    frame->exaggeration = float(settings_.exaggeration);
    frame->terrainBounds = settings_.bounds;

    LodView view;
    view.scene = scene_;
    view.eye = frame->camera.eye;
    view.frustum = frustumPlanes(frame->camera.viewProjection, frame->camera.eye);
    // The projection's y scale is 1 / tan(fovY / 2).
    view.pixelsPerRadian = frame->height * 0.5 * std::abs(frame->camera.projection[1][1]);

    std::vector<std::shared_ptr<const LoadedTile>> held;
    selectTerrainNodes(settings_, view, residency(&renderer, &held), &selection_);
    ++selectionVersion_;
    if (lookahead_)
        requestLookahead(*frame);
    else
        streamer_->request(selection_.requests);

    // Nearest first, so the depth test spares the shading of whatever they hide.
    std::vector<std::pair<double, const SelectedNode*>> order;
    for (const SelectedNode& n : selection_.nodes) {
        GeoBounds b = tileBounds(n.node);
        glm::dvec3 centre = geodeticToEnu(scene_, {(b.south + b.north) / 2, (b.west + b.east) / 2, 0});
        order.push_back({glm::length(centre - frame->camera.eye) - tileWidthMetres(n.node), &n});
    }
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    frame->terrainNodes.clear();
    for (const auto& [distance, n] : order)
        frame->terrainNodes.push_back({*n, streamer_->find(n->data), streamer_->find(n->parentData)});
}

// Which tiles the selection may draw from: those in memory, and with `renderer` only those whose
// surfaces are on the GPU. Tiles it looks at are held in *held until it is done: a worker may
// evict them meanwhile.
LodResidency TerrainView::residency(const Renderer* renderer, std::vector<std::shared_ptr<const LoadedTile>>* held) {
    LodResidency r;
    r.ready = [this, renderer, held](const TileId& t, float* lo, float* hi, const TileErrors** errors) {
        if (renderer && !renderer->terrainSurfaceResident(t))
            return false;
        std::shared_ptr<const LoadedTile> tile = streamer_->find(t);
        if (!tile)
            return false;
        *lo = tile->minHeight;
        *hi = tile->maxHeight;
        *errors = &tile->errors;
        held->push_back(std::move(tile));
        return true;
    };
    r.missing = [this](const TileId& t) { return streamer_->isMissing(t); };
    return r;
}

// The lookahead view is selected as if every tile in memory were drawable (its tiles need not be
// on the GPU yet), so each frame it reaches one level deeper until its tiles are all loaded.
// Its wishes rank below the current view's.
void TerrainView::requestLookahead(const FrameInput& frame) {
    const double ground = heightAt(lookahead_->position.lat, lookahead_->position.lon);
    const CameraView camera = computeCameraView(*lookahead_, scene_, double(frame.width) / frame.height,
                                                lookahead_->position.alt - ground);
    LodView view;
    view.scene = scene_;
    view.eye = camera.eye;
    view.frustum = frustumPlanes(camera.viewProjection, camera.eye);
    view.pixelsPerRadian = frame.height * 0.5 * std::abs(camera.projection[1][1]);
    std::vector<std::shared_ptr<const LoadedTile>> held;
    selectTerrainNodes(settings_, view, residency(nullptr, &held), &lookaheadSelection_);
    std::vector<TileRequest> wishes = selection_.requests;
    for (TileRequest r : lookaheadSelection_.requests) {
        r.priority *= 1e-3;
        wishes.push_back(r);
    }
    streamer_->request(wishes);
}

bool TerrainView::settle(Renderer& renderer, FrameInput* frame, double timeoutSeconds) {
    auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    for (;;) {
        update(renderer, frame);
        bool settled = selection_.requests.empty() && pending_.empty();
        if (settled || elapsed() > timeoutSeconds)
            return settled;
        renderer.drawFrame(*frame, nullptr, nullptr); // uploads what arrived
        if (frame->terrainUploads.empty())
            streamer_->waitIdle(std::max(0.0, timeoutSeconds - elapsed()));
    }
}

void TerrainView::setExaggeration(double exaggeration) { settings_.exaggeration = std::clamp(exaggeration, 1.0, 10.0); }

double TerrainView::heightAt(double lat, double lon) {
    const TileJson& info = streamer_->info();
    for (int z = info.maxzoom; z >= info.minzoom; --z) {
        double u, v;
        std::shared_ptr<const LoadedTile> tile = streamer_->find(tileAt(lat, lon, z, &u, &v));
        if (tile)
            return sampleHeightTile(tile->heights, u * tile->heights.size - 0.5, v * tile->heights.size - 0.5) *
                   settings_.exaggeration;
    }
    return 0;
}

double TerrainView::settledHeightAt(double lat, double lon, int maxZoom) {
    const TileJson& info = streamer_->info();
    for (int z = maxZoom < 0 ? info.maxzoom : std::min(maxZoom, info.maxzoom); z >= info.minzoom; --z) {
        double u, v;
        const TileId id = tileAt(lat, lon, z, &u, &v);
        std::shared_ptr<const LoadedTile> tile = streamer_->find(id);
        if (!tile && !streamer_->isMissing(id)) {
            const TileRequest wish{id, 1e12};
            streamer_->request(std::span(&wish, 1));
            streamer_->waitIdle(60);
            tile = streamer_->find(id);
        }
        if (tile)
            return sampleHeightTile(tile->heights, u * tile->heights.size - 0.5, v * tile->heights.size - 0.5) *
                   settings_.exaggeration;
    }
    return 0;
}

double TerrainView::drawnHeightAt(double lat, double lon) {
    if (drawnVersion_ != selectionVersion_) {
        drawnData_.clear();
        for (const SelectedNode& n : selection_.nodes)
            drawnData_[n.node] = n.data;
        drawnVersion_ = selectionVersion_;
    }
    const TileJson& info = streamer_->info();
    for (int z = info.maxzoom + 4; z >= info.minzoom; --z) { // nodes may be deeper than the data
        const auto it = drawnData_.find(tileAt(lat, lon, z));
        if (it == drawnData_.end())
            continue;
        double u, v;
        tileAt(lat, lon, it->second.z, &u, &v);
        if (std::shared_ptr<const LoadedTile> tile = streamer_->find(it->second))
            return sampleHeightTile(tile->heights, u * tile->heights.size - 0.5, v * tile->heights.size - 0.5) *
                   settings_.exaggeration;
        break;
    }
    return settledHeightAt(lat, lon, info.minzoom);
}

TerrainViewOptions terrainViewOptions(const TerrainFlags& flags) {
    TerrainViewOptions o;
    o.tiles = flags.tiles;
    o.cacheMegabytes = size_t(flags.cacheMegabytes);
    o.pixelError = flags.pixelError;
    o.exaggeration = flags.exaggeration;
    o.lakes = dataDirectory() + "/vector/gshhg_lakes_f.txt";
    return o;
}

// An offline frame: the terrain settles first (every wanted tile loaded), so the image does not
// depend on loading speed. The camera's ground height is known only once tiles are in, and it
// sets the near plane: settle twice.
bool settleFrame(TerrainView& terrain, Renderer& renderer, const Camera& camera, Time time, int width, int height,
                 FrameInput* frame) {
    const double timeout = 120;
    *frame = makeFrameInput(camera, terrain.scene(), time, width, height, 0);
    if (!terrain.settle(renderer, frame, timeout))
        return false;
    double ground = terrain.heightAt(camera.position.lat, camera.position.lon);
    *frame = makeFrameInput(camera, terrain.scene(), time, width, height, ground);
    return terrain.settle(renderer, frame, timeout);
}

} // namespace kresy
