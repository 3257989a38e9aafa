#include "overlays.h"

#include "annotations.h"

#include "terrain/lod.h"
#include "places.h"
#include "vector_layers.h"

#include <algorithm>
#include <cmath>
#include <limits>

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
                        double stepMetres, const std::vector<double>& reach) {
    chunks_.clear();
    scene_ = scene;
    style_ = style;
    for (size_t l = 0; l < lines.size(); ++l) {
        const std::vector<GeoPoint>& line = lines[l];
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
            c.reach = l < reach.size() ? reach[l] : std::numeric_limits<double>::infinity();
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
        bool inside = glm::distance(c.centre, view.eye) - c.radius < c.reach;
        for (const glm::dvec4& p : planes)
            if (inside && glm::dot(glm::dvec3(p), c.centre) + p.w < -c.radius) {
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

void firstError(const std::vector<Diagnostic>& diagnostics, std::vector<std::string>* problems) {
    for (const Diagnostic& d : diagnostics)
        if (d.severity == Severity::Error) {
            problems->push_back(formatDiagnostic(d) + "; that layer is not drawn");
            return;
        }
}

// Reads one layer; on failure says why and gives none.
VectorLayer readLayer(const std::string& path, std::vector<std::string>* problems) {
    VectorLayer layer;
    std::vector<Diagnostic> diagnostics;
    if (!loadVectorLayer(path, &layer, &diagnostics)) {
        firstError(diagnostics, problems);
        layer.features.clear();
    }
    return layer;
}

// The layer's lines, and with `reach` how far each is drawn, by its feature's rank: the main
// rivers everywhere, Natural Earth's lesser ones (ranks 10-12) within 700, 400 and 250 km.
std::vector<std::vector<GeoPoint>> linesOf(const VectorLayer& layer, std::vector<double>* reach = nullptr) {
    std::vector<std::vector<GeoPoint>> lines;
    for (const VectorFeature& f : layer.features) {
        lines.insert(lines.end(), f.lines.begin(), f.lines.end());
        if (reach)
            reach->insert(reach->end(), f.lines.size(),
                          f.rank <= 9    ? std::numeric_limits<double>::infinity()
                          : f.rank == 10 ? 700e3
                          : f.rank == 11 ? 400e3
                                         : 250e3);
    }
    return lines;
}

// Where a river's name goes: halfway along its longest line.
GeoPoint riverLabelPoint(const VectorFeature& river) {
    const std::vector<GeoPoint>* longest = &river.lines.front();
    auto length = [](const std::vector<GeoPoint>& line) {
        double l = 0;
        for (size_t i = 1; i < line.size(); ++i)
            l += greatCircleDistance(line[i - 1].lat, line[i - 1].lon, line[i].lat, line[i].lon);
        return l;
    };
    for (const std::vector<GeoPoint>& line : river.lines)
        if (length(line) > length(*longest))
            longest = &line;
    double half = length(*longest) / 2;
    for (size_t i = 1; i < longest->size(); ++i) {
        const GeoPoint &a = (*longest)[i - 1], &b = (*longest)[i];
        const double leg = greatCircleDistance(a.lat, a.lon, b.lat, b.lon);
        if (leg >= half && leg > 0)
            return {a.lat + (b.lat - a.lat) * half / leg, a.lon + (b.lon - a.lon) * half / leg, 0};
        half -= leg;
    }
    return longest->back();
}

// The distance a name is shown from, by importance (rank 1 the capitals, 10 the villages):
// fully up to 70% of it, fading out to it. From the 340 km overview the towns of rank 7
// (Grodno, Białystok, Lublin) are 450-700 km away.
double nameReach(int rank) {
    return rank <= 2 ? 2000e3 : rank <= 4 ? 1200e3 : rank <= 7 ? 800e3 : rank <= 8 ? 250e3 : 100e3;
}

LabelSpec nameSpec(std::string text, int rank, bool river) {
    LabelSpec s;
    s.text = std::move(text);
    s.priority = river ? 100 + rank : rank;
    s.pixelsPerEm = river ? 13 : rank <= 3 ? 17 : 14;
    if (river) {
        s.colour = glm::vec4(0.10f, 0.27f, 0.62f, 1);
        s.halo = glm::vec4(0.92f, 0.95f, 1.0f, 0.85f);
    }
    if (!river) { // a town's name under its point; beside it, or above, where a unit stands
        s.align = glm::vec2(0.5f, 0.0f);
        s.offset = glm::vec2(0, -4);
        // Then farther out, for a town several units stand on.
        s.alternatives = {{{0.0f, 0.5f}, {16, 0}},  {{1.0f, 0.5f}, {-16, 0}}, {{0.5f, 1.0f}, {0, 44}},
                          {{0.5f, 0.0f}, {0, -36}}, {{0.0f, 0.5f}, {52, 0}},  {{1.0f, 0.5f}, {-52, 0}}};
    }
    s.fadeEnd = nameReach(rank);
    s.fadeStart = 0.7 * s.fadeEnd;
    s.hideBehindTerrain = true;
    return s;
}

// The boxes the frame's billboards cover on screen (pixels, y down).
std::vector<glm::vec4> billboardBoxes(const FrameInput& frame) {
    std::vector<glm::vec4> boxes;
    for (const Billboard& b : frame.billboards) {
        const glm::vec4 clip = frame.camera.viewProjection * glm::vec4(glm::vec3(b.position - frame.camera.eye), 1.0f);
        if (clip.w <= 0)
            continue;
        const float x = (clip.x / clip.w * 0.5f + 0.5f) * float(frame.width) + b.offset.x;
        const float y = (clip.y / clip.w * 0.5f + 0.5f) * float(frame.height) - b.offset.y;
        boxes.push_back({x - b.size.x / 2, y - b.size.y / 2, x + b.size.x / 2, y + b.size.y / 2});
    }
    return boxes;
}

} // namespace

MapOverlays::MapOverlays() : annotations_(std::make_unique<AnnotationLayer>()) {}
MapOverlays::~MapOverlays() = default;

void MapOverlays::setAnnotations(const AnnotationSet& set, const Replay* replay) {
    annotations_->setAnnotations(set, replay, scene_);
    shownMask_ = -1; // the labels again
}

void MapOverlays::load(const std::string& dataDirectory, const EnuFrame& scene, std::vector<std::string>* problems) {
    scene_ = scene;
    const std::string vector = dataDirectory + "/vector";
    const VectorLayer rivers = readLayer(vector + "/rivers.geojson", problems);
    std::vector<double> reach;
    const std::vector<std::vector<GeoPoint>> riverLines = linesOf(rivers, &reach);
    rivers_.build(riverLines, scene, kRiverStyle, 250, reach);
    borders1938_.build(linesOf(readLayer(vector + "/borders-1938.geojson", problems)), scene, kBorder1938Style, 250);
    borders1945_.build(linesOf(readLayer(vector + "/borders-1945.geojson", problems)), scene, kBorder1945Style, 250);

    names_.clear();
    std::vector<Place> places;
    std::vector<Diagnostic> diagnostics;
    if (loadPlaces(vector + "/places.csv", &places, &diagnostics))
        for (const Place& p : places)
            names_.push_back({nameSpec(p.name, p.rank, false), {p.lat, p.lon, 0}, false});
    else
        firstError(diagnostics, problems);
    for (const VectorFeature& f : rivers.features) // by their 1939 (Polish) names where known
        if (!f.lines.empty() && (!f.namePl.empty() || !f.name.empty()))
            names_.push_back({nameSpec(f.namePl.empty() ? f.name : f.namePl, f.rank, true), riverLabelPoint(f), true});
    std::string error;
    font_ = Font::load(dataDirectory + "/fonts/DejaVuSans.ttf", &error);
    if (!font_)
        problems->push_back(error + "; no names or captions are drawn");
    labels_ = font_ ? std::make_unique<LabelLayer>(font_) : nullptr;
    shownMask_ = -1;
}

void MapOverlays::updateLabels(const LayerSet& layers, Time time, const HeightFunction& groundAt, bool settled) {
    const int mask = (layers[Layer::Places] ? 1 : 0) | (layers[Layer::Rivers] ? 2 : 0);
    std::vector<AnnotationLayer::Label> notes;
    if (layers[Layer::Annotations])
        annotations_->labelsAt(time, &notes);
    std::vector<size_t> noteIds;
    for (const AnnotationLayer::Label& n : notes)
        noteIds.push_back(n.annotation);
    const bool reselect = mask != shownMask_ || noteIds != shownNotes_;
    if (reselect) { // the layers or the date changed: another set of names
        shownMask_ = mask;
        shownNotes_ = noteIds;
        shown_.clear();
        std::vector<LabelSpec> specs;
        for (size_t i = 0; i < names_.size(); ++i)
            if (mask & (names_[i].river ? 2 : 1)) {
                shown_.push_back(i);
                specs.push_back(names_[i].spec);
            }
        for (const AnnotationLayer::Label& n : notes)
            specs.push_back(n.spec);
        labels_->setLabels(std::move(specs));
    }
    // Anchors 30 m above the ground there, again every second or so as finer tiles arrive;
    // offline, every frame (the heights are then the settled ones). Annotations' every frame:
    // an arrow's name moves as it grows.
    if (reselect || settled || frames_ % 60 == 1) {
        nameAnchors_.clear();
        for (size_t i : shown_) {
            const GeoPoint& p = names_[i].at;
            nameAnchors_.push_back(geodeticToEnu(scene_, {p.lat, p.lon, groundAt(p.lat, p.lon) + 30}));
        }
        if (notes.empty())
            labels_->setAnchors(nameAnchors_);
    }
    if (!notes.empty()) {
        std::vector<glm::dvec3> anchors = nameAnchors_;
        for (const AnnotationLayer::Label& n : notes)
            anchors.push_back(geodeticToEnu(scene_, {n.at.lat, n.at.lon, groundAt(n.at.lat, n.at.lon) + 30}));
        labels_->setAnchors(anchors);
    }
}

void MapOverlays::addToFrame(FrameInput* frame, const LayerSet& layers, const HeightFunction& groundAt,
                             double pixelScale, double pixelError, bool settled, const std::vector<glm::vec4>& panels) {
    auto draw = [&](DrapedLines& lines) {
        if (settled)
            lines.drawSettled(frame, groundAt, pixelScale, pixelError);
        else
            lines.draw(frame, groundAt, pixelScale, pixelError);
    };
    frame->drawWater = layers[Layer::Lakes];
    if (layers[Layer::Rivers])
        draw(rivers_);
    const bool later = showsBorders1945(frame->time);
    if (layers[Layer::Borders1938] || (layers[Layer::Borders] && !later))
        draw(borders1938_);
    if (layers[Layer::Borders1945] || (layers[Layer::Borders] && later))
        draw(borders1945_);
    ++frames_;
    const GeoPoint under = enuToGeodetic(scene_, frame->camera.eye);
    const double height = frame->camera.altitude - groundAt(under.lat, under.lon);
    if (layers[Layer::Annotations]) // offline frames get a finer painting
        annotations_->addToFrame(frame, groundAt, height, pixelScale, pixelError, settled, settled ? 2048 : 1024);
    if (labels_ && (layers[Layer::Places] || layers[Layer::Rivers] || layers[Layer::Annotations])) {
        updateLabels(layers, frame->time, groundAt, settled);
        LabelLayoutOptions options;
        options.pixelScale = pixelScale;
        options.obstacles = billboardBoxes(*frame); // names never cover a unit's symbol, nor a panel
        options.obstacles.insert(options.obstacles.end(), panels.begin(), panels.end());
        // Far names crowd the horizon of a low camera: their reach shrinks with its height
        // above the ground, to an eighth at 20 km and below.
        options.fadeScale = std::clamp(height / 160e3, 0.125, 1.0);
        labels_->layout(frame, options);
    }
}

} // namespace kresy
