#include "annotation_geometry.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

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

namespace {

using Triangle = std::array<glm::dvec2, 3>;

double cross(glm::dvec2 a, glm::dvec2 b) { return a.x * b.y - a.y * b.x; }

// Whether the triangle reaches into the rectangle (separating axes: the rectangle's two and the
// triangle's three edge normals).
bool meets(const Triangle& t, glm::dvec2 lo, glm::dvec2 hi) {
    const glm::dvec2 tmin = glm::min(glm::min(t[0], t[1]), t[2]), tmax = glm::max(glm::max(t[0], t[1]), t[2]);
    if (tmax.x < lo.x || tmax.y < lo.y || tmin.x > hi.x || tmin.y > hi.y)
        return false;
    const glm::dvec2 corners[4] = {lo, {hi.x, lo.y}, hi, {lo.x, hi.y}};
    for (int i = 0; i < 3; ++i) {
        const glm::dvec2 n = leftNormal(t[(i + 1) % 3] - t[i]);
        double a = std::min({glm::dot(n, t[0]), glm::dot(n, t[1]), glm::dot(n, t[2])});
        double b = std::max({glm::dot(n, t[0]), glm::dot(n, t[1]), glm::dot(n, t[2])});
        double c = 1e300, d = -1e300;
        for (glm::dvec2 p : corners) {
            c = std::min(c, glm::dot(n, p));
            d = std::max(d, glm::dot(n, p));
        }
        if (b < c || d < a)
            return false;
    }
    return true;
}

// Whether the rectangle lies inside the triangle (either winding; never for a degenerate one).
bool holds(const Triangle& t, glm::dvec2 lo, glm::dvec2 hi) {
    const glm::dvec2 tmin = glm::min(glm::min(t[0], t[1]), t[2]), tmax = glm::max(glm::max(t[0], t[1]), t[2]);
    if (lo.x < tmin.x || lo.y < tmin.y || hi.x > tmax.x || hi.y > tmax.y)
        return false;
    const double area = cross(t[1] - t[0], t[2] - t[0]);
    if (area == 0)
        return false;
    const glm::dvec2 corners[4] = {lo, {hi.x, lo.y}, hi, {lo.x, hi.y}};
    for (glm::dvec2 p : corners)
        for (int i = 0; i < 3; ++i)
            if (cross(t[(i + 1) % 3] - t[i], p - t[i]) * area < 0)
                return false;
    return true;
}

std::vector<Triangle> trianglesOf(const std::vector<glm::dvec2>& points) {
    std::vector<Triangle> out;
    for (size_t i = 0; i + 2 < points.size(); i += 3)
        out.push_back({points[i], points[i + 1], points[i + 2]});
    return out;
}

bool lessTriangle(const Triangle& a, const Triangle& b) {
    for (int i = 0; i < 3; ++i) {
        if (a[i].x != b[i].x) return a[i].x < b[i].x;
        if (a[i].y != b[i].y) return a[i].y < b[i].y;
    }
    return false;
}

} // namespace

std::vector<PlaneRect> changedBlocks(const std::vector<glm::dvec2>& before, const std::vector<glm::dvec2>& after,
                                     const PlaneRect& window, int size, int block) {
    const std::vector<Triangle> old = trianglesOf(before), now = trianglesOf(after);
    // The triangles only one list has: growing changes nothing behind an arrow's head, so most
    // of its triangles are in both, bit for bit.
    std::vector<Triangle> a = old, b = now, gone, added;
    std::sort(a.begin(), a.end(), lessTriangle);
    std::sort(b.begin(), b.end(), lessTriangle);
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(gone), lessTriangle);
    std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(added), lessTriangle);
    if ((gone.empty() && added.empty()) || size <= 0 || block <= 0)
        return {};
    std::vector<Triangle> changed = gone;
    changed.insert(changed.end(), added.begin(), added.end());
    const glm::dvec2 texel = (window.max - window.min) / double(size);
    const int blocks = (size + block - 1) / block;
    // A block's rectangle, a texel wider all round: multisampled edges and rounding.
    auto blockRect = [&](int i, int j, glm::dvec2* lo, glm::dvec2* hi) {
        *lo = window.min + glm::dvec2(i * block - 1, j * block - 1) * texel;
        *hi = window.min + glm::dvec2(std::min((i + 1) * block, size) + 1, std::min((j + 1) * block, size) + 1) * texel;
    };
    std::vector<uint8_t> dirty(size_t(blocks) * blocks, 0);
    for (const Triangle& t : changed) {
        const glm::dvec2 tmin = glm::min(glm::min(t[0], t[1]), t[2]), tmax = glm::max(glm::max(t[0], t[1]), t[2]);
        const glm::ivec2 from = glm::clamp(glm::ivec2(glm::floor((tmin - window.min) / texel - 1.0) / double(block)),
                                           0, blocks - 1);
        const glm::ivec2 to = glm::clamp(glm::ivec2(glm::floor((tmax - window.min) / texel + 1.0) / double(block)),
                                         0, blocks - 1);
        if (tmax.x < window.min.x || tmax.y < window.min.y || tmin.x > window.max.x || tmin.y > window.max.y)
            continue;
        for (int j = from.y; j <= to.y; ++j)
            for (int i = from.x; i <= to.x; ++i) {
                uint8_t& d = dirty[size_t(j) * blocks + i];
                if (d)
                    continue;
                glm::dvec2 lo, hi;
                blockRect(i, j, &lo, &hi);
                d = meets(t, lo, hi);
            }
    }
    // Inside both shapes the block is the same colour before and after. The head's own triangles
    // (among those that changed) hold most such blocks: they are asked first.
    auto inside = [](const std::vector<Triangle>& first, const std::vector<Triangle>& list, glm::dvec2 lo,
                     glm::dvec2 hi) {
        auto holdsIt = [&](const Triangle& t) { return holds(t, lo, hi); };
        return std::any_of(first.begin(), first.end(), holdsIt) || std::any_of(list.begin(), list.end(), holdsIt);
    };
    for (int j = 0; j < blocks; ++j)
        for (int i = 0; i < blocks; ++i) {
            uint8_t& d = dirty[size_t(j) * blocks + i];
            if (!d)
                continue;
            glm::dvec2 lo, hi;
            blockRect(i, j, &lo, &hi);
            if (inside(gone, old, lo, hi) && inside(added, now, lo, hi))
                d = 0;
        }
    // Runs along each row, then runs of the same span in consecutive rows merged.
    std::vector<PlaneRect> out;
    std::map<std::pair<int, int>, size_t> open; // a span [first, last] of blocks -> its rectangle
    for (int j = 0; j < blocks; ++j) {
        std::map<std::pair<int, int>, size_t> next;
        for (int i = 0; i < blocks; ++i) {
            if (!dirty[size_t(j) * blocks + i])
                continue;
            int last = i;
            while (last + 1 < blocks && dirty[size_t(j) * blocks + last + 1])
                ++last;
            const glm::dvec2 lo = window.min + glm::dvec2(i * block, j * block) * texel;
            const glm::dvec2 hi = window.min + glm::dvec2(std::min((last + 1) * block, size),
                                                          std::min((j + 1) * block, size)) * texel;
            auto it = open.find({i, last});
            if (it != open.end()) {
                out[it->second].max.y = hi.y;
                next[{i, last}] = it->second;
            } else {
                next[{i, last}] = out.size();
                out.push_back({lo, hi});
            }
            i = last;
        }
        open = std::move(next);
    }
    return out;
}

} // namespace kresy
