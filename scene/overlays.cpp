#include "overlays.h"

#include "terrain/lod.h"
#include "vector_layers.h"

#include <algorithm>
#include <cmath>

namespace kresy {

bool parseLayerList(std::string_view text, LayerSet* out, std::string* error) {
    LayerSet set;
    if (text == "all") {
        *out = set;
        return true;
    }
    for (bool& on : set.on)
        on = false;
    if (text == "none") {
        *out = set;
        return true;
    }
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = std::min(text.find(',', start), text.size());
        const std::string_view name = text.substr(start, comma - start);
        bool known = false;
        for (size_t i = 0; i < size_t(Layer::Count); ++i)
            if (name == kLayerNames[i])
                set.on[i] = known = true;
        if (!known) {
            *error = "unknown layer '" + std::string(name) + "'; the layers are";
            for (const char* n : kLayerNames)
                *error += std::string(" ") + n;
            *error += ", or all or none";
            return false;
        }
        start = comma + 1;
    }
    *out = set;
    return true;
}

std::string layerListText(const LayerSet& set) {
    std::string text;
    for (size_t i = 0; i < size_t(Layer::Count); ++i)
        if (set.on[i]) {
            if (!text.empty())
                text += ',';
            text += kLayerNames[i];
        }
    return text.empty() ? "none" : text;
}

bool showsBorders1945(Time time) { return time >= *parseIso8601("1945-01-01T00:00:00Z"); }

void DrapedLines::build(const std::vector<std::vector<GeoPoint>>& lines, const EnuFrame& scene, LineStyle style,
                        double stepMetres) {
    chunks_.clear();
    scene_ = scene;
    style_ = style;
    for (const std::vector<GeoPoint>& line : lines) {
        if (line.size() < 2)
            continue;
        const std::vector<GeoPoint> points = densify(line, stepMetres);
        // Chunks share their end points, so the line stays joined.
        for (size_t first = 0; first + 1 < points.size(); first += kChunkPoints - 1) {
            Chunk c;
            const size_t last = std::min(points.size() - 1, first + kChunkPoints - 1);
            c.points.assign(points.begin() + long(first), points.begin() + long(last) + 1);
            for (const GeoPoint& p : c.points)
                c.enu.push_back(geodeticToEnu(scene, p));
            for (const glm::dvec3& p : c.enu)
                c.centre += p;
            c.centre /= double(c.enu.size());
            for (const glm::dvec3& p : c.enu)
                c.radius = std::max(c.radius, glm::distance(p, c.centre));
            c.radius += 3000; // heights up to 3 km above the ellipsoid
            double length = 0;
            for (size_t i = 1; i < c.enu.size(); ++i)
                length += glm::distance(c.enu[i - 1], c.enu[i]);
            c.step = length / double(c.enu.size() - 1);
            chunks_.push_back(std::move(c));
        }
    }
}

size_t DrapedLines::points() const {
    size_t n = 0;
    for (const Chunk& c : chunks_)
        n += c.points.size();
    return n;
}

void DrapedLines::draw(FrameInput* frame, const HeightFunction& groundAt, double pixelScale, double pixelError,
                       size_t heightBudget) {
    drawChunks(frame, groundAt, pixelScale, pixelError, heightBudget);
}

void DrapedLines::drawSettled(FrameInput* frame, const HeightFunction& groundAt, double pixelScale, double pixelError) {
    for (Chunk& c : chunks_) // offline: every chunk sampled afresh, the same whatever came before
        c.hasHeights = false;
    drawChunks(frame, groundAt, pixelScale, pixelError, SIZE_MAX);
}

void DrapedLines::drawChunks(FrameInput* frame, const HeightFunction& groundAt, double pixelScale, double pixelError,
                             size_t heightBudget) {
    ++frameCount_;
    segmentsDrawn_ = 0;
    const CameraView& view = frame->camera;
    const std::array<glm::dvec4, 6> planes = frustumPlanes(view.viewProjection, view.eye);
    const double pixelsPerRadian = frame->height * 0.5 * std::abs(double(view.projection[1][1]));
    // Pulled towards the eye by this fraction of the distance: a few pixels' worth.
    const double pull = std::min(0.05, (2.0 * pixelError + 2.0) / pixelsPerRadian);
    const float width = float(style_.widthPixels * pixelScale);

    std::vector<Chunk*> visible;
    for (Chunk& c : chunks_) {
        bool inside = true;
        for (const glm::dvec4& p : planes)
            if (glm::dot(glm::dvec3(p), c.centre) + p.w < -c.radius) {
                inside = false;
                break;
            }
        if (inside)
            visible.push_back(&c);
    }
    // Heights: chunks never sampled first, then the ones sampled longest ago, within the budget.
    std::stable_sort(visible.begin(), visible.end(), [](const Chunk* a, const Chunk* b) {
        return std::pair(a->hasHeights, a->sampledFrame) < std::pair(b->hasHeights, b->sampledFrame);
    });
    size_t budget = heightBudget;
    for (Chunk* c : visible) {
        if (c->hasHeights && c->sampledFrame + 30 > frameCount_)
            break; // fresh enough; so are the rest
        if (c->points.size() > budget)
            break;
        budget -= c->points.size();
        c->draped.resize(c->points.size());
        for (size_t i = 0; i < c->points.size(); ++i) {
            c->points[i].alt = groundAt(c->points[i].lat, c->points[i].lon);
            c->draped[i] = geodeticToEnu(scene_, c->points[i]);
        }
        c->hasHeights = true;
        c->sampledFrame = frameCount_;
    }
    // Restore a stable order for drawing (the same frame gives the same lines).
    std::sort(visible.begin(), visible.end());
    for (const Chunk* c : visible) {
        if (!c->hasHeights)
            continue;
        // Every 2^k-th point, so that points stay about 4 pixels apart at the chunk's distance.
        const double distance = std::max(1.0, glm::distance(c->centre, view.eye) - c->radius);
        const double wanted = 4.0 * pixelScale * distance / pixelsPerRadian;
        int stride = 1;
        while (stride * 2 < int(c->points.size()) && c->step * stride * 2 <= wanted)
            stride *= 2;
        glm::dvec3 previous{0};
        for (size_t i = 0;; i = std::min(i + size_t(stride), c->points.size() - 1)) {
            const glm::dvec3 p = view.eye + (c->draped[i] - view.eye) * (1.0 - pull);
            if (i > 0) {
                LineSegment s;
                s.from = previous;
                s.to = p;
                s.fromColour = s.toColour = style_.colour;
                s.widthPixels = width;
                frame->lines.push_back(s);
                ++segmentsDrawn_;
            }
            previous = p;
            if (i == c->points.size() - 1)
                break;
        }
    }
}

// ---- The map's layers ------------------------------------------------------------------------

namespace {

const LineStyle kRiverStyle{glm::vec4(0.30f, 0.52f, 0.86f, 0.95f), 1.8f};
const LineStyle kBorder1938Style{glm::vec4(0.62f, 0.08f, 0.12f, 0.95f), 2.6f};
const LineStyle kBorder1945Style{glm::vec4(0.18f, 0.18f, 0.20f, 0.95f), 2.6f};

// Reads one layer's lines; on failure says why and gives none.
std::vector<std::vector<GeoPoint>> readLines(const std::string& path, std::vector<std::string>* problems) {
    VectorLayer layer;
    std::vector<Diagnostic> diagnostics;
    std::vector<std::vector<GeoPoint>> lines;
    if (!loadVectorLayer(path, &layer, &diagnostics)) {
        for (const Diagnostic& d : diagnostics)
            if (d.severity == Severity::Error) {
                problems->push_back(formatDiagnostic(d));
                break;
            }
        return lines;
    }
    for (const VectorFeature& f : layer.features)
        lines.insert(lines.end(), f.lines.begin(), f.lines.end());
    return lines;
}

} // namespace

void MapOverlays::load(const std::string& vectorDirectory, const EnuFrame& scene, std::vector<std::string>* problems) {
    rivers_.build(readLines(vectorDirectory + "/rivers.geojson", problems), scene, kRiverStyle, 250);
    borders1938_.build(readLines(vectorDirectory + "/borders-1938.geojson", problems), scene, kBorder1938Style, 250);
    borders1945_.build(readLines(vectorDirectory + "/borders-1945.geojson", problems), scene, kBorder1945Style, 250);
}

void MapOverlays::addToFrame(FrameInput* frame, const LayerSet& layers, const HeightFunction& groundAt,
                             double pixelScale, double pixelError, bool settled) {
    auto draw = [&](DrapedLines& lines) {
        if (settled)
            lines.drawSettled(frame, groundAt, pixelScale, pixelError);
        else
            lines.draw(frame, groundAt, pixelScale, pixelError);
    };
    if (layers[Layer::Rivers])
        draw(rivers_);
    const bool later = showsBorders1945(frame->time);
    if (layers[Layer::Borders1938] || (layers[Layer::Borders] && !later))
        draw(borders1938_);
    if (layers[Layer::Borders1945] || (layers[Layer::Borders] && later))
        draw(borders1945_);
}

} // namespace kresy
