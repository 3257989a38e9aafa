#include "annotation_geometry.h"

#include <algorithm>
#include <cmath>

namespace kresy {

std::vector<glm::dvec2> smoothPath(const std::vector<glm::dvec2>& path, int iterations) {
    std::vector<glm::dvec2> p = path;
    for (int k = 0; k < iterations && p.size() >= 3; ++k) {
        std::vector<glm::dvec2> next;
        next.reserve(p.size() * 2);
        next.push_back(p.front());
        for (size_t i = 0; i + 1 < p.size(); ++i) {
            const glm::dvec2 a = p[i], b = p[i + 1];
            if (i > 0)
                next.push_back(0.75 * a + 0.25 * b);
            if (i + 2 < p.size())
                next.push_back(0.25 * a + 0.75 * b);
        }
        next.push_back(p.back());
        p = std::move(next);
    }
    return p;
}

double pathLength(const std::vector<glm::dvec2>& path) {
    double length = 0;
    for (size_t i = 1; i < path.size(); ++i)
        length += glm::distance(path[i - 1], path[i]);
    return length;
}

std::vector<glm::dvec2> pathPrefix(const std::vector<glm::dvec2>& path, double length) {
    std::vector<glm::dvec2> out;
    if (path.empty())
        return out;
    out.push_back(path[0]);
    double left = std::max(length, 0.0);
    for (size_t i = 1; i < path.size() && left > 0; ++i) {
        const double d = glm::distance(path[i - 1], path[i]);
        if (d >= left) {
            out.push_back(path[i - 1] + (path[i] - path[i - 1]) * (left / d));
            break;
        }
        out.push_back(path[i]);
        left -= d;
    }
    return out;
}

namespace {

glm::dvec2 leftNormal(glm::dvec2 d) { return {-d.y, d.x}; }

void pushTriangle(std::vector<glm::dvec2>* out, glm::dvec2 a, glm::dvec2 b, glm::dvec2 c) {
    out->push_back(a);
    out->push_back(b);
    out->push_back(c);
}

} // namespace

void appendArrowTriangles(const std::vector<glm::dvec2>& path, const ArrowShape& shape, std::vector<glm::dvec2>* out,
                          double fullLength) {
    const double total = pathLength(path);
    if (path.size() < 2 || total < 1 || !(shape.width > 0))
        return;
    // A short arrow (one just starting to grow) keeps its proportions: the head takes at most
    // half of it, and narrows with it.
    const double fullHead = shape.headLength * shape.width;
    const double scale = std::min(1.0, total * 0.5 / fullHead);
    const double headLength = fullHead * scale;
    const double neckWidth = shape.width * scale;
    const std::vector<glm::dvec2> body = pathPrefix(path, total - headLength);
    const double bodyLength = total - headLength;
    const double taperLength = std::max(fullLength, total) - headLength;

    // The body: one quad per segment, its width growing linearly from the tail to the neck, and
    // each bend's wedge filled on both sides (they may overlap the quads: harmless).
    double along = 0;
    auto halfWidth = [&](double s) {
        const double t = taperLength > 0 ? std::min(s / taperLength, 1.0) : 1;
        return 0.5 * neckWidth * (shape.tailWidth + (1 - shape.tailWidth) * t);
    };
    glm::dvec2 previousNormal{0};
    for (size_t i = 1; i < body.size(); ++i) {
        const glm::dvec2 a = body[i - 1], b = body[i];
        const double d = glm::distance(a, b);
        if (d <= 1e-9)
            continue;
        const glm::dvec2 n = leftNormal((b - a) / d);
        const double wa = halfWidth(along), wb = halfWidth(along + d);
        if (previousNormal != glm::dvec2(0)) {
            pushTriangle(out, a, a + previousNormal * wa, a + n * wa);
            pushTriangle(out, a, a - previousNormal * wa, a - n * wa);
        }
        pushTriangle(out, a + n * wa, a - n * wa, b - n * wb);
        pushTriangle(out, a + n * wa, b - n * wb, b + n * wb);
        previousNormal = n;
        along += d;
    }

    // The head: from the neck straight to the tip.
    const glm::dvec2 neck = body.back(), tip = path.back();
    const double headDistance = glm::distance(neck, tip);
    if (headDistance <= 1e-9)
        return;
    const glm::dvec2 n = leftNormal((tip - neck) / headDistance);
    const double headHalf = 0.5 * shape.headWidth * shape.width * scale;
    pushTriangle(out, neck + n * headHalf, neck - n * headHalf, tip);
    // Where the body bends into the neck, fill the wedge between its last quad and the head.
    if (previousNormal != glm::dvec2(0)) {
        const double w = halfWidth(bodyLength);
        pushTriangle(out, neck, neck + previousNormal * w, neck + n * w);
        pushTriangle(out, neck, neck - previousNormal * w, neck - n * w);
    }
}

double signedArea2(const std::vector<glm::dvec2>& ring) {
    double a = 0;
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
        a += ring[j].x * ring[i].y - ring[i].x * ring[j].y;
    return a;
}

namespace {

double cross(glm::dvec2 o, glm::dvec2 a, glm::dvec2 b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

// Whether p lies in the counter-clockwise triangle abc (on its edges included).
bool inTriangle(glm::dvec2 p, glm::dvec2 a, glm::dvec2 b, glm::dvec2 c) {
    return cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0;
}

} // namespace

bool appendPolygonTriangles(const std::vector<glm::dvec2>& ring, std::vector<glm::dvec2>* out) {
    // Drop repeated points; make it counter-clockwise.
    std::vector<glm::dvec2> p;
    for (const glm::dvec2& v : ring)
        if (p.empty() || glm::distance(p.back(), v) > 1e-9)
            p.push_back(v);
    while (p.size() > 1 && glm::distance(p.front(), p.back()) <= 1e-9)
        p.pop_back();
    if (p.size() < 3)
        return p.empty();
    if (signedArea2(p) < 0)
        std::reverse(p.begin(), p.end());

    std::vector<size_t> index(p.size());
    for (size_t i = 0; i < index.size(); ++i)
        index[i] = i;
    // Relative tolerance for "collinear": a sliver of the polygon's own scale.
    double extent = 0;
    for (const glm::dvec2& v : p)
        extent = std::max({extent, std::abs(v.x - p[0].x), std::abs(v.y - p[0].y)});
    const double epsilon = extent * extent * 1e-12;

    size_t misses = 0, i = 0;
    while (index.size() > 3) {
        const size_t n = index.size();
        const size_t ia = index[(i + n - 1) % n], ib = index[i % n], ic = index[(i + 1) % n];
        const glm::dvec2 a = p[ia], b = p[ib], c = p[ic];
        const double turn = cross(a, b, c);
        bool ear = turn > epsilon;
        if (std::abs(turn) <= epsilon) { // a collinear or degenerate corner: drop it
            index.erase(index.begin() + long(i % n));
            misses = 0;
            continue;
        }
        for (size_t k = 0; ear && k < n; ++k) {
            const size_t iv = index[k];
            if (iv == ia || iv == ib || iv == ic)
                continue;
            if (p[iv] != a && p[iv] != b && p[iv] != c && inTriangle(p[iv], a, b, c))
                ear = false;
        }
        if (ear) {
            pushTriangle(out, a, b, c);
            index.erase(index.begin() + long(i % n));
            misses = 0;
            continue;
        }
        i = (i + 1) % n;
        if (++misses > n) { // no ear left: not simple. Fan the rest.
            for (size_t k = 1; k + 1 < index.size(); ++k)
                pushTriangle(out, p[index[0]], p[index[k]], p[index[k + 1]]);
            return false;
        }
    }
    if (index.size() == 3)
        pushTriangle(out, p[index[0]], p[index[1]], p[index[2]]);
    return true;
}

} // namespace kresy
