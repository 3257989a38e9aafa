#include "hierarchy.h"

#include <string_view>
#include <unordered_map>

namespace kresy {
namespace {

// Parent indexes from the parent ids; the first unit with an id is the one it names.
std::vector<int32_t> parentIndexes(const Replay& replay) {
    std::unordered_map<std::string_view, int32_t> byId;
    for (size_t i = 0; i < replay.units.size(); ++i)
        byId.emplace(replay.units[i].id, int32_t(i));
    std::vector<int32_t> parent(replay.units.size(), -1);
    for (size_t i = 0; i < replay.units.size(); ++i)
        if (const std::optional<std::string>& p = replay.units[i].parent) {
            const auto it = byId.find(*p);
            parent[i] = it == byId.end() ? -1 : it->second;
        }
    return parent;
}

// Cuts every cycle at the link that closes it, so the parents form a forest.
void breakCycles(std::vector<int32_t>* parent) {
    enum : uint8_t { Unvisited, OnPath, Done };
    std::vector<uint8_t> state(parent->size(), Unvisited);
    std::vector<int32_t> path;
    for (size_t start = 0; start < parent->size(); ++start) {
        path.clear();
        int32_t u = int32_t(start);
        while (u >= 0 && state[size_t(u)] == Unvisited) {
            state[size_t(u)] = OnPath;
            path.push_back(u);
            u = (*parent)[size_t(u)];
        }
        if (u >= 0 && state[size_t(u)] == OnPath)
            (*parent)[size_t(path.back())] = -1;
        for (int32_t v : path)
            state[size_t(v)] = Done;
    }
}

} // namespace

UnitHierarchy buildUnitHierarchy(const Replay& replay) {
    UnitHierarchy h;
    const size_t n = replay.units.size();
    h.parent = parentIndexes(replay);
    breakCycles(&h.parent);
    h.childStart.assign(n + 1, 0);
    for (size_t i = 0; i < n; ++i) {
        if (h.parent[i] >= 0)
            ++h.childStart[size_t(h.parent[i]) + 1];
        else
            h.roots.push_back(uint32_t(i));
    }
    for (size_t i = 0; i < n; ++i)
        h.childStart[i + 1] += h.childStart[i];
    h.children.resize(h.childStart[n]);
    std::vector<uint32_t> fill(h.childStart.begin(), h.childStart.end() - 1);
    for (size_t i = 0; i < n; ++i)
        if (h.parent[i] >= 0)
            h.children[fill[size_t(h.parent[i])]++] = uint32_t(i);
    // Depths top down, breadth first from the roots.
    h.depth.assign(n, 0);
    std::vector<uint32_t> queue(h.roots);
    for (size_t q = 0; q < queue.size(); ++q)
        for (uint32_t c : h.childrenOf(queue[q])) {
            h.depth[c] = h.depth[queue[q]] + 1;
            queue.push_back(c);
        }
    return h;
}

} // namespace kresy
