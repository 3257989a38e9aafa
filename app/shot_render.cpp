#include "shot_render.h"

#include "core/log.h"
#include "dataset.h"
#include "renderer/renderer.h"
#include "scene/camera_path.h"
#include "scene/captions.h"
#include "scene/frame.h"
#include "terrain_view.h"
#include "units_layer.h"

#include <algorithm>
#include <cmath>

namespace kresy {

namespace {

// A part of the image drawn on its own: the whole image when the device holds it, else tiles.
struct Region {
    int x = 0, y = 0, width = 0, height = 0;
};

std::vector<Region> regionsFor(int width, int height, int maxSide) {
    std::vector<Region> regions;
    const int columns = (width + maxSide - 1) / maxSide, rows = (height + maxSide - 1) / maxSide;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < columns; ++c) {
            Region g;
            g.x = c * width / columns;
            g.y = r * height / rows;
            g.width = (c + 1) * width / columns - g.x;
            g.height = (r + 1) * height / rows - g.y;
            regions.push_back(g);
        }
    return regions;
}

// The frame narrowed to one region: clip space scaled and shifted so that the region fills the
// viewport, pixel for pixel as in the whole image (symbol sizes and line widths are unchanged).
FrameInput regionOf(const FrameInput& whole, const Region& r) {
    FrameInput f = whole;
    glm::mat4 crop(1.0f);
    crop[0][0] = float(double(whole.width) / r.width);
    crop[1][1] = float(double(whole.height) / r.height);
    crop[3][0] = float((whole.width - 2.0 * r.x) / r.width - 1);
    crop[3][1] = float((whole.height - 2.0 * r.y) / r.height - 1);
    f.camera.projection = crop * whole.camera.projection;
    f.camera.viewProjection = crop * whole.camera.viewProjection;
    f.width = r.width;
    f.height = r.height;
    return f;
}

// `inner` grown by `margin` on every side, within a width x height image.
Region grown(const Region& inner, int margin, int width, int height) {
    Region g;
    g.x = std::max(0, inner.x - margin);
    g.y = std::max(0, inner.y - margin);
    g.width = std::min(width, inner.x + inner.width + margin) - g.x;
    g.height = std::min(height, inner.y + inner.height + margin) - g.y;
    return g;
}

// Copies the `inner` part of `from` (a drawing of region `drawn`) into the whole image.
void copyRegion(const ImageRGBA8& from, const Region& drawn, const Region& inner, ImageRGBA8* to) {
    for (int y = 0; y < inner.height; ++y)
        std::copy_n(&from.pixels[(size_t(inner.y - drawn.y + y) * drawn.width + (inner.x - drawn.x)) * 4],
                    size_t(inner.width) * 4, &to->pixels[(size_t(inner.y + y) * to->width + inner.x) * 4]);
}

} // namespace

struct ShotRenderer::State {
    RenderOptions options;
    Shot shot;
    CameraPath path{Shot{}};
    std::shared_ptr<UnitsView> units;
    TerrainView terrain;
    Device device;
    bool deviceMade = false;
    Renderer renderer;
    bool rendererMade = false;
    HeightFunction groundAt;
    TargetResolver resolve;
    MapOverlays overlays;
    std::shared_ptr<const Font> font; // for the captions
    int maxImageSide = 4096;

    double shotTimeOf(int frame, int sub) const;
    bool renderPicture(double t, ImageRGBA8* picture, std::string* error);
};

ShotRenderer::ShotRenderer() : s_(std::make_unique<State>()) {}

ShotRenderer::~ShotRenderer() { close(); }

void ShotRenderer::close() {
    if (s_->rendererMade)
        s_->renderer.shutdown();
    if (s_->deviceMade)
        destroyDevice(s_->device);
    s_->rendererMade = s_->deviceMade = false;
}

bool ShotRenderer::open(const RenderOptions& options, const Shot& shot, std::shared_ptr<UnitsView> units,
                        std::string* error) {
    State& s = *s_;
    s.options = options;
    s.shot = shot;
    s.path = CameraPath(shot);
    s.units = std::move(units);
    TerrainViewOptions terrainOptions = terrainViewOptions(options.terrain);
    terrainOptions.pixelError *= options.ssaa; // the error is wanted in output pixels
    if (!s.terrain.open(terrainOptions, error))
        return false;
    State* state = &s;
    s.groundAt = [state](double lat, double lon) { return state->terrain.settledHeightAt(lat, lon); };
    s.resolve = shotTargetResolver(s.units.get(), s.groundAt);
    std::vector<std::string> problems;
    s.overlays.load(dataDirectory(), s.terrain.scene(), &problems);
    for (const std::string& p : problems)
        logWarning("%s", p.c_str());
    if (s.units && options.layers[Layer::Annotations])
        s.overlays.setAnnotations(openAnnotations(options.replay, &s.units->replay()).all, &s.units->replay());
    s.font = s.overlays.font(); // the names' font, loaded once
    if (options.layers[Layer::Captions] && !s.font) {
        *error = "the captions' font did not load (the warning above says why); --layers without captions renders without it";
        return false;
    }
    if (!createHeadlessDevice(&s.device, error))
        return false;
    s.deviceMade = true;
    s.rendererMade = true; // shutdown() is safe after a failed init
    if (!s.renderer.init(&s.device, shaderDirectory(), error))
        return false;
    s.maxImageSide = int(std::min<uint32_t>(s.device.properties.limits.maxImageDimension2D, uint32_t(options.maxTile)));
    return true;
}

template <typename Image> void ShotRenderer::captionsAt(int frame, Image* image) const {
    const State& s = *s_;
    if (!s.font || !s.options.layers[Layer::Captions])
        return;
    const double t = s.shotTimeOf(frame, 0);
    const CameraSample sample = s.path.evaluate(std::clamp(t, 0.0, s.path.duration()), s.resolve);
    kresy::drawCaptions(*s.font, shotCaptions(s.shot, t, sample.campaignTime, kDatasetCredit), image);
}

void ShotRenderer::drawCaptions(int frame, ImageRGBA8* image) const { captionsAt(frame, image); }
void ShotRenderer::drawCaptions(int frame, ImageRGBA16* image) const { captionsAt(frame, image); }

int ShotRenderer::frameCount() const {
    return std::max(1, int(std::lround(s_->path.duration() * s_->options.fps.value())));
}

std::string ShotRenderer::deviceName() const { return s_->device.properties.deviceName; }

bool ShotRenderer::render(int frame, LinearAccumulator* out, std::string* error) {
    out->clear();
    ImageRGBA8 picture;
    const int subframes = s_->options.motionBlur;
    for (int sub = 0; sub < subframes; ++sub) {
        if (!s_->renderPicture(s_->shotTimeOf(frame, sub), &picture, error))
            return false;
        out->add(picture, 1.0f / float(subframes));
    }
    return true;
}

// The shot time of sub-frame `sub` of frame `frame`: the frame's time, or with motion blur,
// sub-frames spread evenly over the open shutter centred on it.
double ShotRenderer::State::shotTimeOf(int frame, int sub) const {
    const RenderOptions& o = options;
    double offset = 0;
    if (o.motionBlur > 1)
        offset = ((sub + 0.5) / o.motionBlur - 0.5) * (o.shutterDeg / 360);
    return (frame + offset) / o.fps.value();
}

// One picture of the shot at `t`, supersampled: options.ssaa times the output size.
bool ShotRenderer::State::renderPicture(double t, ImageRGBA8* picture, std::string* error) {
    State& s = *this;
    const RenderOptions& o = s.options;
    const int width = o.width * o.ssaa, height = o.height * o.ssaa;
    const CameraSample sample = s.path.evaluate(std::clamp(t, 0.0, s.path.duration()), s.resolve);
    const Time time = sample.campaignTime.value_or(defaultTime());
    const Camera& camera = sample.camera;
    FrameInput frame = makeFrameInput(camera, s.terrain.scene(), time, width, height,
                                      s.groundAt(camera.position.lat, camera.position.lon));
    if (!s.terrain.settle(s.renderer, &frame, 300)) {
        *error = "the terrain at " + std::to_string(camera.position.lat) + ", " + std::to_string(camera.position.lon) +
                 " did not finish loading within 300 s";
        return false;
    }
    // Marks are sized for a 1080-line frame: a 4K or 8K film looks like the HD one, only
    // sharper; smaller frames keep the window's sizes. Supersampling multiplies them again.
    const float markScale = float(o.ssaa) * std::max(1.0f, float(o.height) / 1080.0f);
    if (s.units && o.layers[Layer::Units]) {
        UnitDisplay display;
        display.symbolPixels *= markScale;
        display.modelPixels *= markScale;
        const size_t firstLine = frame.lines.size();
        s.units->addMarks(&frame, display, s.groundAt);
        for (size_t i = firstLine; i < frame.lines.size(); ++i)
            frame.lines[i].widthPixels *= markScale;
    }
    // Lines and names on the terrain as drawn (the settled selection's tiles): on the mesh, and
    // no finer tile loaded than the view needs.
    const HeightFunction drawnAt = [&](double lat, double lon) { return s.terrain.drawnHeightAt(lat, lon); };
    s.overlays.addToFrame(&frame, o.layers, drawnAt, markScale, o.terrain.pixelError, true); // names avoid units
    const std::vector<Region> regions = regionsFor(width, height, s.maxImageSide);
    if (regions.size() == 1) {
        if (!s.renderer.drawFrame(frame, nullptr, picture)) {
            *error = "the frame could not be drawn";
            return false;
        }
        return true;
    }
    picture->width = width;
    picture->height = height;
    picture->pixels.assign(size_t(width) * height * 4, 0);
    // Each tile is drawn with a margin and cropped: a symbol is drawn only where its anchor
    // point is in view (it is tested against the depth there), so one standing just across a
    // tile's edge must still be drawn in that tile.
    const int margin = int(2 * UnitDisplay{}.symbolPixels * markScale);
    for (const Region& inner : regions) {
        const Region drawn = grown(inner, margin, width, height);
        ImageRGBA8 part;
        if (!s.renderer.drawFrame(regionOf(frame, drawn), nullptr, &part)) {
            *error = "the frame could not be drawn";
            return false;
        }
        copyRegion(part, drawn, inner, picture);
    }
    return true;
}

CameraExport ShotRenderer::cameraExport(int first, int last) {
    State& s = *s_;
    const Shot& shot = s.shot;
    const RenderOptions& o = s.options;
    CameraExport e;
    e.title = shot.title;
    e.width = o.width;
    e.height = o.height;
    e.fps = o.fps.value();
    e.firstFrame = first;
    std::vector<GeoPoint> keys;
    for (const ShotKey& k : shot.keys)
        keys.push_back(k.position);
    e.origin = sphericalCentroid(keys); // near the shot: small numbers for the compositor's floats
    e.origin.alt = 0;
    if (s.units)
        for (const Unit& u : s.units->replay().units)
            e.points.push_back({u.name, {}});
    for (int f = first; f <= last; ++f) {
        const CameraSample sample = s.path.evaluate(s.shotTimeOf(f, 0), s.resolve);
        e.cameras.push_back(sample.camera);
        for (size_t u = 0; s.units && u < e.points.size(); ++u) {
            std::optional<GeoPoint> p;
            if (sample.campaignTime) {
                const UnitState state = sampleUnit(s.units->index(), u, *sample.campaignTime);
                if (state.visible)
                    p = GeoPoint{state.lat, state.lon, s.groundAt(state.lat, state.lon)};
            }
            e.points[u].positions.push_back(p);
        }
    }
    return e;
}

} // namespace kresy
