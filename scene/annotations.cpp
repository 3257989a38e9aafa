#include "annotations.h"

#include "annotation_geometry.h"
#include "vector_layers.h"

#include <algorithm>
#include <cmath>

namespace kresy {
namespace {

glm::vec3 rgbOf(uint32_t c) { return glm::vec3((c >> 16) & 255, (c >> 8) & 255, c & 255) / 255.0f; }

// Shapes are densified to this step before they go on the plane: long straight edges follow the
// great circle (and the plane's slight curvature far from the scene's origin).
constexpr double kPlaneStepMetres = 4000;

std::vector<GeoPoint> geoPoints(const Annotation& a) {
    std::vector<GeoPoint> points;
    for (const GeoPosition& p : a.points)
        points.push_back({p.lat, p.lon, 0});
    return points;
}

std::vector<glm::dvec2> onPlane(const EnuFrame& scene, const std::vector<GeoPoint>& points) {
    std::vector<glm::dvec2> out;
    out.reserve(points.size());
    for (const GeoPoint& p : points)
        out.push_back(glm::dvec2(geodeticToEnu(scene, p)));
    return out;
}

} // namespace

void dashLines(FrameInput* frame, size_t first, LineDash dash, double pixelScale) {
    if (dash == LineDash::Solid)
        return;
    // A dash of 14 px and a gap of 8; dots of 3 px every 7 (at 1080 lines).
    const float period = float((dash == LineDash::Dashed ? 22 : 7) * pixelScale);
    const float on = dash == LineDash::Dashed ? 14.0f / 22 : 3.0f / 7;
    const CameraView& c = frame->camera;
    auto onScreen = [&](const glm::dvec3& p, glm::vec2* out) {
        const glm::vec4 clip = c.viewProjection * glm::vec4(glm::vec3(p - c.eye), 1.0f);
        if (clip.w <= 1e-3f)
            return false;
        *out = glm::vec2(clip) / clip.w * 0.5f * glm::vec2(frame->width, frame->height);
        return true;
    };
    float along = 0;
    for (size_t i = first; i < frame->lines.size(); ++i) {
        LineSegment& s = frame->lines[i];
        if (i == first || s.from != frame->lines[i - 1].to)
            along = 0; // a new run: the pattern starts again
        s.dashPixels = period;
        s.dashOn = on;
        s.dashStart = along;
        glm::vec2 a, b;
        if (onScreen(s.from, &a) && onScreen(s.to, &b))
            along = std::fmod(along + glm::distance(a, b), period);
    }
}

ResolvedStyle resolveStyle(const Annotation& a, const Replay* replay) {
    ResolvedStyle s;
    std::optional<uint32_t> colour = a.style.colour;
    if (!colour && a.side && replay)
        for (const Side& side : replay->sides)
            if (side.id == *a.side)
                colour = side.colour;
    switch (a.kind) {
    case AnnotationKind::Arrow:
        s.colour = glm::vec4(rgbOf(colour.value_or(0xb8322a)), 0.8f);
        break;
    case AnnotationKind::Area:
        s.colour = glm::vec4(rgbOf(colour.value_or(0x2e6fd8)), 0.3f);
        break;
    case AnnotationKind::Line:
        s.colour = glm::vec4(rgbOf(colour.value_or(0x202020)), 1.0f);
        s.widthPixels = 2.5f;
        break;
    case AnnotationKind::Label:
        s.colour = glm::vec4(rgbOf(colour.value_or(0x1a1a1a)), 1.0f);
        break;
    }
    if (a.style.opacity)
        s.colour.a = float(*a.style.opacity);
    if (a.style.widthPixels)
        s.widthPixels = float(*a.style.widthPixels);
    s.widthMetres = a.style.widthKm.value_or(12.0) * 1000;
    s.dash = a.style.dash.value_or(LineDash::Solid);
    s.textPixels = float(a.style.textPixels.value_or(a.kind == AnnotationKind::Label ? 15.0 : 13.0));
    return s;
}

DrapeWindow nearDrapeWindow(const CameraView& camera, double heightAboveGround, const DrapeWindow& far) {
    const double h = std::max(heightAboveGround, 50.0);
    // Half the window: three to four heights, in steps of sqrt(2) from 1 km, so that it changes size
    // only now and then as the camera climbs.
    const double steps = std::ceil(2 * std::log2(std::max(4 * h, 1000.0) / 1000.0));
    const double half = 1000.0 * std::exp2(steps / 2) * 0.75;
    const glm::dvec2 farSize = far.max - far.min;
    if (2 * half >= std::max(farSize.x, farSize.y))
        return far;
    // Centred ahead of the camera by up to two heights, as far as it looks down less steeply.
    glm::dvec2 ahead(camera.forward - camera.localUp * glm::dot(camera.forward, camera.localUp));
    const double level = glm::length(ahead);
    ahead = level > 1e-6 ? ahead / level * (2 * h * std::min(level / 0.7, 1.0)) : glm::dvec2(0);
    const glm::dvec2 centre = glm::dvec2(camera.eye) + ahead;
    // Snapped to an eighth of the window: the picture is redrawn only when the camera has moved.
    const double grid = half / 4;
    const glm::dvec2 snapped = glm::round(centre / grid) * grid;
    return {snapped - half, snapped + half};
}

void AnnotationLayer::setAnnotations(const AnnotationSet& set, const Replay* replay, const EnuFrame& scene) {
    set_ = set;
    scene_ = scene;
    shapes_.clear();
    shapes_.resize(set.annotations.size());
    glm::dvec2 lo(1e30), hi(-1e30);
    for (size_t i = 0; i < set.annotations.size(); ++i) {
        const Annotation& a = set.annotations[i];
        Shape& s = shapes_[i];
        s.style = resolveStyle(a, replay);
        const std::vector<GeoPoint> points = geoPoints(a);
        switch (a.kind) {
        case AnnotationKind::Arrow:
            s.path = smoothPath(onPlane(scene, densify(points, kPlaneStepMetres * 4)), 4);
            break;
        case AnnotationKind::Area: {
            std::vector<GeoPoint> ring = points;
            if (!ring.empty())
                ring.push_back(ring.front());
            s.path = onPlane(scene, densify(ring, kPlaneStepMetres));
            if (s.path.size() > 1)
                s.path.pop_back();
            appendPolygonTriangles(s.path, &s.triangles);
            // The name goes at the centre of mass.
            double area = 0;
            for (size_t k = 0; k + 2 < s.triangles.size(); k += 3) {
                const glm::dvec2 &p0 = s.triangles[k], &p1 = s.triangles[k + 1], &p2 = s.triangles[k + 2];
                const double w = std::abs((p1.x - p0.x) * (p2.y - p0.y) - (p1.y - p0.y) * (p2.x - p0.x));
                s.centre += w * (p0 + p1 + p2) / 3.0;
                area += w;
            }
            s.centre = area > 0 ? s.centre / area : (s.path.empty() ? glm::dvec2(0) : s.path[0]);
            break;
        }
        case AnnotationKind::Line: {
            s.line = std::make_unique<DrapedLines>();
            s.line->build({points}, scene, LineStyle{s.style.colour, s.style.widthPixels}, 250);
            break;
        }
        case AnnotationKind::Label:
            break;
        }
        // The far picture covers every painted shape, with room for an arrow's head.
        const double margin = a.kind == AnnotationKind::Arrow ? s.style.widthMetres * 1.2 : 0;
        s.min = glm::dvec2(1e30);
        s.max = glm::dvec2(-1e30);
        for (const glm::dvec2& p : s.path) {
            s.min = glm::min(s.min, p - margin);
            s.max = glm::max(s.max, p + margin);
        }
        lo = glm::min(lo, s.min);
        hi = glm::max(hi, s.max);
    }
    if (lo.x > hi.x)
        lo = hi = glm::dvec2(0);
    // A little more than the shapes: their outlines must fit too.
    const glm::dvec2 pad = glm::max((hi - lo) * 0.02, glm::dvec2(2000));
    far_ = {lo - pad, hi + pad};
    pictures_[0] = pictures_[1] = Picture{};
    drape_.reset();
}

std::shared_ptr<const std::vector<DrapeVertex>>
AnnotationLayer::paint(const std::vector<std::pair<size_t, double>>& content) const {
    auto vertices = std::make_shared<std::vector<DrapeVertex>>();
    auto emit = [&](const std::vector<glm::dvec2>& triangles, glm::vec4 colour, glm::vec2 coverage) {
        for (const glm::dvec2& p : triangles)
            vertices->push_back({glm::vec2(p), colour, coverage});
    };
    // Areas under arrows.
    for (int pass = 0; pass < 2; ++pass)
        for (const auto& [index, growth] : content) {
            const Annotation& a = set_.annotations[index];
            const Shape& s = shapes_[index];
            if (pass == 0 && a.kind == AnnotationKind::Area)
                emit(s.triangles, s.style.colour, {0, 1});
            if (pass == 1 && a.kind == AnnotationKind::Arrow)
                emit(arrowTriangles(index, growth), s.style.colour, {1, 0});
        }
    return vertices;
}

std::vector<std::pair<size_t, double>> AnnotationLayer::contentFor(const DrapeWindow& window, int size,
                                                                   const std::vector<std::pair<size_t, double>>& shown) const {
    // An arrow's growth is followed in steps of one texel of the picture: a picture is painted
    // again only when a head has moved by a texel, and far pictures (large texels) seldom.
    const double texel = std::max(window.max.x - window.min.x, window.max.y - window.min.y) / size;
    std::vector<std::pair<size_t, double>> content;
    for (const auto& [index, growth] : shown) {
        const Shape& s = shapes_[index];
        if (s.max.x < window.min.x || s.max.y < window.min.y || s.min.x > window.max.x || s.min.y > window.max.y)
            continue; // outside the picture
        double g = growth;
        if (g < 1) {
            const double step = texel / std::max(pathLength(s.path), texel);
            g = std::floor(g / step) * step;
        }
        if (g > 0)
            content.emplace_back(index, g);
    }
    return content;
}

std::vector<glm::dvec2> AnnotationLayer::arrowTriangles(size_t index, double growth) const {
    const Shape& s = shapes_[index];
    std::vector<glm::dvec2> triangles;
    ArrowShape shape;
    shape.width = s.style.widthMetres;
    const double length = pathLength(s.path);
    appendArrowTriangles(pathPrefix(s.path, length * growth), shape, &triangles, length);
    return triangles;
}

bool AnnotationLayer::grownOnly(const std::vector<std::pair<size_t, double>>& before,
                                const std::vector<std::pair<size_t, double>>& after, const DrapeWindow& window,
                                int size, std::vector<DrapeWindow>* dirty) const {
    if (before.size() != after.size())
        return false;
    // Blocks of 16 texels: small enough to follow the edges of a head much wider than the
    // picture, large enough to keep the rectangles few.
    constexpr int kBlock = 16;
    std::vector<DrapeWindow> parts;
    bool grew = false;
    for (size_t k = 0; k < before.size(); ++k) {
        const auto [index, from] = before[k];
        const double to = after[k].second;
        if (after[k].first != index)
            return false;
        if (from == to)
            continue;
        if (set_.annotations[index].kind != AnnotationKind::Arrow)
            return false;
        grew = true;
        for (const PlaneRect& r : changedBlocks(arrowTriangles(index, from), arrowTriangles(index, to),
                                                PlaneRect{window.min, window.max}, size, kBlock))
            parts.push_back({r.min, r.max});
    }
    if (!grew)
        return false; // nothing grew: a new window or set, drawn whole
    *dirty = std::move(parts);
    return true;
}

void AnnotationLayer::addToFrame(FrameInput* frame, const HeightFunction& groundAt, double heightAboveGround,
                                 double pixelScale, double pixelError, bool settled, int drapeSize) {
    std::vector<std::pair<size_t, double>> shown; // painted shapes and their growth
    for (size_t i = 0; i < set_.annotations.size(); ++i) {
        const Annotation& a = set_.annotations[i];
        if (!annotationVisible(a, frame->time))
            continue;
        if (a.kind == AnnotationKind::Line) {
            const size_t first = frame->lines.size();
            if (settled)
                shapes_[i].line->drawSettled(frame, groundAt, pixelScale, pixelError);
            else
                shapes_[i].line->draw(frame, groundAt, pixelScale, pixelError);
            dashLines(frame, first, shapes_[i].style.dash, pixelScale);
        } else if (a.kind == AnnotationKind::Arrow || a.kind == AnnotationKind::Area) {
            const double growth = annotationGrowth(a, frame->time);
            if (growth > 0)
                shown.emplace_back(i, growth);
        }
    }
    if (shown.empty()) {
        pictures_[0] = pictures_[1] = Picture{};
        drape_.reset();
        return;
    }
    DrapeWindow windows[2] = {nearDrapeWindow(frame->camera, heightAboveGround, far_), far_};
    bool changed = !drape_ || drape_->size != drapeSize;
    std::vector<std::pair<size_t, double>> wanted[2];
    bool stale[2];
    // High up the near window is the far one: the near picture is left empty (an empty window,
    // which the terrain shader reads as "use the far one"), not painted twice.
    const bool nearIsFar = windows[0] == windows[1];
    if (nearIsFar)
        windows[0] = DrapeWindow{};
    for (int p = 0; p < 2; ++p) {
        if (p == 0 && nearIsFar)
            wanted[p].clear();
        else
            wanted[p] = contentFor(windows[p], drapeSize, shown);
        stale[p] = wanted[p] != pictures_[p].content || !(windows[p] == pictures_[p].drawn.window) ||
                   pictures_[p].drawn.version == 0;
    }
    // In the window, one picture a frame at most (each costs the CPU renderer a few
    // milliseconds): the one not painted last goes first, the other follows next frame.
    if (!settled && stale[0] && stale[1])
        stale[lastPainted_] = false;
    for (int p = 0; p < 2; ++p)
        if (stale[p]) {
            Picture& picture = pictures_[p];
            DrapePicture drawn{windows[p], paint(wanted[p]), nextDrapeVersion()};
            if (picture.drawn.version && windows[p] == picture.drawn.window &&
                grownOnly(picture.content, wanted[p], windows[p], drapeSize, &drawn.dirty))
                drawn.baseVersion = picture.drawn.version;
            picture.content = std::move(wanted[p]);
            picture.drawn = std::move(drawn);
            lastPainted_ = p;
            changed = true;
        }
    if (changed)
        drape_ = std::make_shared<Drape>(Drape{pictures_[0].drawn, pictures_[1].drawn, drapeSize});
    frame->drape = drape_;
    frame->outlinePixels = float(2.0 * pixelScale);
}

void AnnotationLayer::labelsAt(Time t, std::vector<Label>* out) const {
    for (size_t i = 0; i < set_.annotations.size(); ++i) {
        const Annotation& a = set_.annotations[i];
        if (!annotationVisible(a, t) || !a.text || a.text->empty() || a.points.empty())
            continue;
        const ResolvedStyle& style = shapes_[i].style;
        LabelSpec spec;
        spec.text = *a.text;
        spec.pixelsPerEm = style.textPixels;
        spec.hideBehindTerrain = true;
        GeoPoint at{a.points[0].lat, a.points[0].lon, 0};
        if (a.kind == AnnotationKind::Label) {
            spec.priority = a.priority.value_or(40);
            spec.colour = style.colour;
        } else if (a.kind == AnnotationKind::Arrow) {
            // An arrow's name sits on its body, halfway along what has grown, once there is room.
            const double growth = annotationGrowth(a, t);
            if (growth < 0.35)
                continue;
            const std::vector<glm::dvec2>& path = shapes_[i].path;
            const std::vector<glm::dvec2> prefix = pathPrefix(path, pathLength(path) * growth * 0.45);
            at = enuToGeodetic(scene_, glm::dvec3(prefix.back(), 0));
            at.alt = 0;
            spec.priority = a.priority.value_or(60);
            spec.colour = glm::vec4(glm::vec3(style.colour) * 0.45f, 1);
            spec.fadeEnd = 900e3;
            spec.fadeStart = 600e3;
        } else if (a.kind == AnnotationKind::Area) {
            at = enuToGeodetic(scene_, glm::dvec3(shapes_[i].centre, 0));
            at.alt = 0;
            spec.priority = a.priority.value_or(50);
            spec.colour = glm::vec4(glm::vec3(style.colour) * 0.5f, 1);
            spec.fadeEnd = 1200e3;
            spec.fadeStart = 800e3;
        } else {
            continue; // lines are named in the lists, not on the map
        }
        out->push_back({i, std::move(spec), at});
    }
}

} // namespace kresy
