#include "tile_streamer.h"

#include "core/log.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <limits>
#include <list>
#include <mutex>
#include <new>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace kresy {
namespace {

using Clock = std::chrono::steady_clock;

constexpr double kMaxRetrySeconds = 60;
constexpr int kMaxThreads = 64;
// What a resident tile costs beyond its heights: the LoadedTile, the shared_ptr control block,
// the LRU list node and the map entry.
constexpr size_t kTileOverheadBytes = sizeof(LoadedTile) + 128;

struct Queued {
    double priority;
    TileId id;
};

// Max-heap order: the highest priority on top.
bool lowerPriority(const Queued& a, const Queued& b) {
    return a.priority < b.priority;
}

} // namespace

struct TileStreamer::Impl {
    std::shared_ptr<TileSource> source;
    TileStreamerOptions options;

    mutable std::mutex mutex;
    // Time the render thread's calls spent waiting for a worker to release the mutex: the only
    // way a frame can wait on streaming. Atomic: read without the lock.
    mutable std::atomic<int64_t> renderWaitNanoseconds{0};

    // Locks the mutex for a render-thread call, counting any wait.
    std::unique_lock<std::mutex> renderLock() const {
        std::unique_lock<std::mutex> lock(mutex, std::try_to_lock);
        if (!lock.owns_lock()) {
            auto start = std::chrono::steady_clock::now();
            lock.lock();
            renderWaitNanoseconds += std::chrono::duration_cast<std::chrono::nanoseconds>(
                                         std::chrono::steady_clock::now() - start).count();
        }
        return lock;
    }
    std::condition_variable workCv; // workers: the queue changed or stopping
    std::condition_variable idleCv; // waitIdle: a fetch finished or the queue drained
    std::atomic<bool> stop{false};

    std::vector<Queued> queue; // a heap; may hold tiles that became unwanted, checked when popped
    std::unordered_set<TileId, TileIdHash> inFlight;

    struct Resident {
        std::shared_ptr<const LoadedTile> tile;
        size_t bytes = 0;
    };
    std::list<Resident> lru; // most recently used first
    std::unordered_map<TileId, std::list<Resident>::iterator, TileIdHash> resident;
    size_t residentBytes = 0;

    std::unordered_map<TileId, double, TileIdHash> arrivals; // resident, not yet taken: priority
    std::unordered_set<TileId, TileIdHash> missing;
    struct Failure {
        Clock::time_point retryAt;
        double delaySeconds = 0;
    };
    std::unordered_map<TileId, Failure, TileIdHash> failures;
    std::unordered_set<std::string> loggedCauses;
    TileStreamerStats counters; // the cumulative fields

    std::vector<std::thread> workers;

    bool idleLocked() const { return queue.empty() && inFlight.empty(); }

    // Whether a tile should be fetched now (under the mutex).
    bool wantedLocked(const TileId& id, Clock::time_point now) const {
        if (resident.count(id) || missing.count(id) || inFlight.count(id)) return false;
        auto f = failures.find(id);
        return f == failures.end() || f->second.retryAt <= now;
    }

    void touchLocked(std::list<Resident>::iterator it) { lru.splice(lru.begin(), lru, it); }

    // Evicted tiles go to `released`, for the caller to drop after unlocking: freeing a tile
    // (a megabyte with its texels) must not hold up the render thread waiting for the lock.
    void insertLocked(std::shared_ptr<const LoadedTile> tile, double priority,
                      std::vector<std::shared_ptr<const LoadedTile>>* released) {
        const TileId id = tile->id;
        size_t errorBytes = 0;
        for (const auto& spacing : tile->errors.errors)
            for (const auto& level : spacing)
                errorBytes += level.size() * sizeof(float);
        const size_t bytes =
            tile->heights.heights.size() * sizeof(float) + errorBytes + tile->preparedBytes + kTileOverheadBytes;
        auto existing = resident.find(id);
        if (existing != resident.end()) {
            residentBytes -= existing->second->bytes;
            released->push_back(std::move(existing->second->tile));
            lru.erase(existing->second);
            resident.erase(existing);
        }
        lru.push_front({std::move(tile), bytes});
        resident[id] = lru.begin();
        residentBytes += bytes;
        arrivals[id] = priority;
        // Least recently used first; never the tile just inserted (a budget smaller than one
        // tile still keeps one). Holders of evicted tiles keep theirs through the shared_ptr.
        while (residentBytes > options.budgetBytes && lru.size() > 1) {
            Resident& victim = lru.back();
            const TileId victimId = victim.tile->id;
            residentBytes -= victim.bytes;
            resident.erase(victimId);
            arrivals.erase(victimId);
            released->push_back(std::move(victim.tile));
            lru.pop_back();
            ++counters.evicted;
        }
    }

    // The line to log for a cause seen for the first time; empty if seen before.
    std::string firstTimeLocked(const std::string& cause, const TileId& id, const std::string& detail) {
        if (cause.empty() || cause == "cancelled" || !loggedCauses.insert(cause).second) return {};
        std::string line = "tiles from ";
        line += source->describe();
        line += ": ";
        line += cause;
        line += " (first at ";
        line += tileName(id);
        if (!detail.empty()) {
            line += ": ";
            line += detail;
        }
        line += "; further ones not logged)";
        return line;
    }

    void failLocked(const TileId& id) {
        ++counters.failed;
        Failure& f = failures[id];
        f.delaySeconds = f.delaySeconds > 0 ? std::min(f.delaySeconds * 2, kMaxRetrySeconds)
                                            : std::max(options.retryAfterSeconds, 0.0);
        f.retryAt = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(f.delaySeconds));
    }

    void finishLocked(const TileId& id) {
        inFlight.erase(id);
        if (idleLocked()) idleCv.notify_all();
    }

    void process(const TileId& id, double priority) {
        FetchResult fetched = source->fetchCancellable(id, stop);
        if (stop.load()) { // abandoned: the streamer is going away
            std::lock_guard<std::mutex> lock(mutex);
            finishLocked(id);
            return;
        }
        std::string logLine;
        LogLevel level = LogLevel::Warning;
        if (fetched.status == FetchStatus::Ok) {
            auto tile = std::make_shared<LoadedTile>();
            tile->id = id;
            std::string error;
            const auto start = Clock::now();
            const bool ok = decodeHeightTile(fetched.bytes, source->info().encoding, &tile->heights, &error);
            const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
            if (ok) {
                float lo = std::numeric_limits<float>::infinity(), hi = -lo;
                for (float h : tile->heights.heights) {
                    if (std::isnan(h)) continue;
                    lo = std::min(lo, h);
                    hi = std::max(hi, h);
                }
                if (lo > hi) lo = hi = 0;
                tile->minHeight = lo;
                tile->maxHeight = hi;
                tile->errors = computeTileErrors(tile->heights);
                if (options.prepare)
                    tile->prepared = options.prepare(*tile, &tile->preparedBytes);
                source->keep(id, fetched.bytes);
            } else {
                source->reject(id);
            }
            std::vector<std::shared_ptr<const LoadedTile>> released; // freed after the lock below
            std::lock_guard<std::mutex> lock(mutex);
            ++counters.fetched;
            counters.decodeSeconds += seconds;
            if (ok) {
                ++counters.decoded;
                failures.erase(id);
                insertLocked(std::move(tile), priority, &released);
            } else {
                failLocked(id);
                logLine = firstTimeLocked("invalid PNG", id, error);
            }
            finishLocked(id);
        } else {
            std::lock_guard<std::mutex> lock(mutex);
            if (fetched.status == FetchStatus::Missing) {
                ++counters.missing;
                missing.insert(id);
                failures.erase(id);
                level = LogLevel::Info;
            } else {
                failLocked(id);
            }
            logLine = firstTimeLocked(fetched.cause, id, {});
            finishLocked(id);
        }
        if (!logLine.empty()) logMessage(level, logLine);
    }

    void run() {
        for (;;) {
            TileId id;
            double priority = 0;
            {
                std::unique_lock<std::mutex> lock(mutex);
                for (;;) {
                    if (stop.load()) return;
                    if (queue.empty()) {
                        workCv.wait(lock);
                        continue;
                    }
                    std::pop_heap(queue.begin(), queue.end(), lowerPriority);
                    const Queued next = queue.back();
                    queue.pop_back();
                    if (wantedLocked(next.id, Clock::now())) {
                        id = next.id;
                        priority = next.priority;
                        inFlight.insert(id);
                        break;
                    }
                    if (idleLocked()) idleCv.notify_all();
                }
            }
            try {
                process(id, priority);
            } catch (const std::exception& e) {
                // Out of memory, most likely: count it as a failure to retry later.
                std::string line;
                {
                    std::lock_guard<std::mutex> lock(mutex);
                    failLocked(id);
                    line = firstTimeLocked(e.what(), id, {});
                    finishLocked(id);
                }
                if (!line.empty()) logMessage(LogLevel::Warning, line);
            }
        }
    }
};

TileStreamer::TileStreamer(std::shared_ptr<TileSource> source, const TileStreamerOptions& options)
    : impl(std::make_unique<Impl>()) {
    impl->source = std::move(source);
    impl->options = options;
    if (!impl->source) {
        logError("tile streamer without a source: no tiles will load");
        return;
    }
    const int threads = std::clamp(options.threads, 1, kMaxThreads);
    try {
        for (int i = 0; i < threads; ++i) impl->workers.emplace_back([this] { impl->run(); });
    } catch (const std::system_error& e) {
        if (impl->workers.empty()) logError("cannot start tile loading threads: %s", e.what());
    }
}

TileStreamer::~TileStreamer() {
    {
        std::lock_guard<std::mutex> lock(impl->mutex);
        impl->stop.store(true);
    }
    impl->workCv.notify_all();
    impl->idleCv.notify_all();
    for (std::thread& t : impl->workers) t.join();
}

const TileJson& TileStreamer::info() const {
    static const TileJson none;
    return impl->source ? impl->source->info() : none;
}

void TileStreamer::request(std::span<const TileRequest> wanted) {
    auto lock = impl->renderLock();
    const auto now = Clock::now();
    impl->queue.clear();
    try {
        for (const TileRequest& r : wanted) {
            if (!isValidTile(r.id) || !impl->wantedLocked(r.id, now)) continue;
            const double priority = std::isnan(r.priority) ? -std::numeric_limits<double>::infinity() : r.priority;
            impl->queue.push_back({priority, r.id});
        }
    } catch (const std::bad_alloc&) {
        // Out of memory: keep the wishes that fit; the next frame asks again.
    }
    std::make_heap(impl->queue.begin(), impl->queue.end(), lowerPriority);
    if (!impl->queue.empty())
        impl->workCv.notify_all();
    else if (impl->idleLocked())
        impl->idleCv.notify_all();
}

std::vector<std::shared_ptr<const LoadedTile>> TileStreamer::takeArrivals(int max) {
    std::vector<std::shared_ptr<const LoadedTile>> out;
    auto lock = impl->renderLock();
    if (max <= 0 || impl->arrivals.empty()) return out;
    try {
        std::vector<Queued> ready;
        ready.reserve(impl->arrivals.size());
        for (const auto& [id, priority] : impl->arrivals) ready.push_back({priority, id});
        const size_t n = std::min(ready.size(), size_t(max));
        std::partial_sort(ready.begin(), ready.begin() + std::ptrdiff_t(n), ready.end(),
                          [](const Queued& a, const Queued& b) { return a.priority > b.priority; });
        out.reserve(n);
        for (size_t i = 0; i < n; ++i) {
            auto it = impl->resident.find(ready[i].id);
            if (it != impl->resident.end()) { // always: eviction drops arrivals
                impl->touchLocked(it->second);
                out.push_back(it->second->tile);
            }
            impl->arrivals.erase(ready[i].id);
        }
    } catch (const std::bad_alloc&) {
        // Out of memory: what was taken so far; the rest stays for the next frame.
    }
    return out;
}

std::shared_ptr<const LoadedTile> TileStreamer::find(const TileId& id) {
    auto lock = impl->renderLock();
    auto it = impl->resident.find(id);
    if (it == impl->resident.end()) return nullptr;
    impl->touchLocked(it->second);
    return it->second->tile;
}

bool TileStreamer::isMissing(const TileId& id) const {
    auto lock = impl->renderLock();
    return impl->missing.count(id) != 0;
}

bool TileStreamer::waitIdle(double timeoutSeconds) {
    std::unique_lock<std::mutex> lock(impl->mutex);
    if (impl->workers.empty()) return impl->idleLocked();
    const double seconds = std::isnan(timeoutSeconds) ? 0 : std::clamp(timeoutSeconds, 0.0, 1e6);
    const auto timeout = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    return impl->idleCv.wait_for(lock, timeout, [&] { return impl->idleLocked() || impl->stop.load(); }) &&
           impl->idleLocked();
}

double TileStreamer::renderWaitSeconds() const { return impl->renderWaitNanoseconds.load() * 1e-9; }

TileStreamerStats TileStreamer::stats() const {
    std::lock_guard<std::mutex> lock(impl->mutex);
    TileStreamerStats s = impl->counters;
    s.residentTiles = impl->resident.size();
    s.residentBytes = impl->residentBytes;
    s.queued = impl->queue.size();
    s.inFlight = impl->inFlight.size();
    return s;
}

} // namespace kresy
