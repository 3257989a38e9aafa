#include "tile_streamer.h"

#include "core/log.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <new>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace kresy {
namespace {

using Clock = std::chrono::steady_clock;

constexpr double kMaxRetrySeconds = 60;
constexpr int kMaxThreads = 64;
// What a resident tile costs beyond its heights: the LoadedTile, the shared_ptr control block,
// the LRU list node and the map entry.
constexpr size_t kTileOverheadBytes = sizeof(LoadedTile) + 128;
// Evicted tiles go back to the C heap, and glibc keeps freed blocks of their size in its arenas
// (its mmap threshold rises to them), still resident: with the cache's churn, resident memory
// would outgrow the budget. So after each eighth of the budget evicted (at least 8 MB), a worker
// gives the heap's free pages back to the system, off the render thread and outside the locks.
constexpr size_t kMinTrimBytes = size_t(8) << 20;

void giveFreeHeapBack() {
#if defined(__GLIBC__)
    ::malloc_trim(0);
#endif
}

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

    // The workers' state. The render thread never waits for it: it reads the snapshot below
    // and only ever try_locks the mutex (on two cores, a worker holding it for microseconds
    // can be descheduled for milliseconds).
    mutable std::mutex mutex;

    // What is resident and what is missing, as an immutable snapshot the workers republish
    // whenever either changes; each resident tile with its use stamp (the LRU order).
    struct Entry {
        std::shared_ptr<const LoadedTile> tile;
        std::shared_ptr<std::atomic<uint64_t>> lastUse;
    };
    struct Snapshot {
        std::unordered_map<TileId, Entry, TileIdHash> resident;
        std::unordered_set<TileId, TileIdHash> missing;
    };
    // Guarded by its own mutex, held only to copy or swap the pointer (nanoseconds): the render
    // thread never waits behind a worker's real work.
    mutable std::mutex snapshotMutex;
    std::shared_ptr<const Snapshot> snapshot = std::make_shared<const Snapshot>();
    std::shared_ptr<const Snapshot> currentSnapshot() const {
        std::unique_lock<std::mutex> lock = lockCountingWaits(snapshotMutex);
        return snapshot;
    }

    // Time the caller blocked on a mutex another thread held: how long the render thread's
    // calls have waited on the streamer (see renderWaitSeconds()).
    mutable std::atomic<int64_t> waitedNanoseconds{0};
    std::unique_lock<std::mutex> lockCountingWaits(std::mutex& m) const {
        std::unique_lock<std::mutex> lock(m, std::try_to_lock);
        if (!lock.owns_lock()) {
            const auto start = Clock::now();
            lock.lock();
            waitedNanoseconds += std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
        }
        return lock;
    }
    std::atomic<uint64_t> useClock{0};
    // Wishes a request() could not hand over because the mutex was busy; the next worker to
    // take the mutex applies them.
    std::atomic<std::vector<TileRequest>*> parkedWishes{nullptr};
    mutable TileStreamerStats lastStats; // what stats() returns while the mutex is busy
    std::condition_variable workCv; // workers: the queue changed or stopping
    std::condition_variable idleCv; // waitIdle: a fetch finished or the queue drained
    std::atomic<bool> stop{false};

    std::vector<Queued> queue; // a heap; may hold tiles that became unwanted, checked when popped
    std::unordered_set<TileId, TileIdHash> inFlight;

    struct Resident {
        Entry entry;
        size_t bytes = 0;
    };
    std::unordered_map<TileId, Resident, TileIdHash> resident;
    size_t residentBytes = 0;
    size_t evictedSinceTrim = 0; // bytes evicted since the heap was last given back

    // Resident tiles not yet taken, with their priority. Its own mutex, held only to add, drop or
    // take entries, so takeArrivals() never waits behind a worker's real work. Lock order:
    // `mutex` before `arrivalsMutex`.
    struct Arrival {
        double priority = 0;
        Entry entry;
    };
    std::mutex arrivalsMutex;
    std::unordered_map<TileId, Arrival, TileIdHash> arrivals;
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

    void publishLocked() {
        auto next = std::make_shared<Snapshot>();
        next->resident.reserve(resident.size());
        for (const auto& [id, r] : resident)
            next->resident.emplace(id, r.entry);
        next->missing = missing;
        std::shared_ptr<const Snapshot> previous = std::move(next);
        {
            std::lock_guard<std::mutex> lock(snapshotMutex);
            snapshot.swap(previous);
        }
        // `previous`, the old snapshot, is released here, outside the snapshot's mutex.
    }

    // Applies a frame's wishes: the queue becomes those still worth fetching.
    void applyWishesLocked(const std::vector<TileRequest>& wanted) {
        const auto now = Clock::now();
        queue.clear();
        try {
            for (const TileRequest& r : wanted) {
                if (!isValidTile(r.id) || !wantedLocked(r.id, now)) continue;
                const double priority =
                    std::isnan(r.priority) ? -std::numeric_limits<double>::infinity() : r.priority;
                queue.push_back({priority, r.id});
            }
        } catch (const std::bad_alloc&) {
            // Out of memory: keep the wishes that fit; the next frame asks again.
        }
        std::make_heap(queue.begin(), queue.end(), lowerPriority);
        if (!queue.empty())
            workCv.notify_all();
        else if (idleLocked())
            idleCv.notify_all();
    }

    void takeParkedWishesLocked() {
        if (std::vector<TileRequest>* w = parkedWishes.exchange(nullptr)) {
            applyWishesLocked(*w);
            delete w;
        }
    }

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
            residentBytes -= existing->second.bytes;
            released->push_back(std::move(existing->second.entry.tile));
            resident.erase(existing);
        }
        auto stamp = std::make_shared<std::atomic<uint64_t>>(++useClock);
        Entry entry{std::move(tile), std::move(stamp)};
        resident[id] = {entry, bytes};
        residentBytes += bytes;
        {
            std::lock_guard<std::mutex> lock(arrivalsMutex);
            arrivals[id] = {priority, std::move(entry)};
        }
        // Least recently used first; never the tile just inserted (a budget smaller than one
        // tile still keeps one). Holders of evicted tiles keep theirs through the shared_ptr.
        while (residentBytes > options.budgetBytes && resident.size() > 1) {
            auto victim = resident.end();
            for (auto it = resident.begin(); it != resident.end(); ++it)
                if (it->first != id && (victim == resident.end() || it->second.entry.lastUse->load() <
                                                                        victim->second.entry.lastUse->load()))
                    victim = it;
            residentBytes -= victim->second.bytes;
            evictedSinceTrim += victim->second.bytes;
            {
                std::lock_guard<std::mutex> lock(arrivalsMutex);
                auto arrival = arrivals.find(victim->first);
                if (arrival != arrivals.end()) {
                    released->push_back(std::move(arrival->second.entry.tile));
                    arrivals.erase(arrival);
                }
            }
            released->push_back(std::move(victim->second.entry.tile));
            resident.erase(victim);
            ++counters.evicted;
        }
        publishLocked();
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
            bool trim = false;
            {
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
                if (evictedSinceTrim >= std::max(options.budgetBytes / 8, kMinTrimBytes)) {
                    evictedSinceTrim = 0;
                    trim = true;
                }
            }
            if (trim)
                giveFreeHeapBack();
        } else {
            std::lock_guard<std::mutex> lock(mutex);
            if (fetched.status == FetchStatus::Missing) {
                ++counters.missing;
                missing.insert(id);
                failures.erase(id);
                publishLocked();
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
                    takeParkedWishesLocked();
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
    delete impl->parkedWishes.exchange(nullptr);
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
    std::unique_lock<std::mutex> lock(impl->mutex, std::try_to_lock);
    if (lock.owns_lock()) {
        delete impl->parkedWishes.exchange(nullptr); // older than these
        impl->applyWishesLocked(std::vector<TileRequest>(wanted.begin(), wanted.end()));
        return;
    }
    // A worker holds the mutex: park the wishes for it rather than wait.
    try {
        delete impl->parkedWishes.exchange(new std::vector<TileRequest>(wanted.begin(), wanted.end()));
    } catch (const std::bad_alloc&) {
        return; // the next frame asks again
    }
    impl->workCv.notify_all();
}

std::vector<std::shared_ptr<const LoadedTile>> TileStreamer::takeArrivals(int max) {
    std::vector<std::shared_ptr<const LoadedTile>> out;
    std::unique_lock<std::mutex> lock = impl->lockCountingWaits(impl->arrivalsMutex);
    if (max <= 0 || impl->arrivals.empty()) return out;
    try {
        std::vector<Queued> ready;
        ready.reserve(impl->arrivals.size());
        for (const auto& [id, arrival] : impl->arrivals) ready.push_back({arrival.priority, id});
        const size_t n = std::min(ready.size(), size_t(max));
        std::partial_sort(ready.begin(), ready.begin() + std::ptrdiff_t(n), ready.end(),
                          [](const Queued& a, const Queued& b) { return a.priority > b.priority; });
        out.reserve(n);
        for (size_t i = 0; i < n; ++i) {
            auto it = impl->arrivals.find(ready[i].id);
            it->second.entry.lastUse->store(++impl->useClock);
            out.push_back(std::move(it->second.entry.tile));
            impl->arrivals.erase(it);
        }
    } catch (const std::bad_alloc&) {
        // Out of memory: what was taken so far; the rest stays for the next frame.
    }
    return out;
}

std::shared_ptr<const LoadedTile> TileStreamer::find(const TileId& id) {
    std::shared_ptr<const Impl::Snapshot> snap = impl->currentSnapshot();
    auto it = snap->resident.find(id);
    if (it == snap->resident.end()) return nullptr;
    it->second.lastUse->store(++impl->useClock);
    return it->second.tile;
}

bool TileStreamer::isMissing(const TileId& id) const { return impl->currentSnapshot()->missing.count(id) != 0; }

bool TileStreamer::waitIdle(double timeoutSeconds) {
    std::unique_lock<std::mutex> lock(impl->mutex);
    impl->takeParkedWishesLocked(); // idle means nothing wanted either
    if (impl->workers.empty()) return impl->idleLocked();
    const double seconds = std::isnan(timeoutSeconds) ? 0 : std::clamp(timeoutSeconds, 0.0, 1e6);
    const auto timeout = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    return impl->idleCv.wait_for(lock, timeout, [&] { return impl->idleLocked() || impl->stop.load(); }) &&
           impl->idleLocked();
}

double TileStreamer::renderWaitSeconds() const { return impl->waitedNanoseconds.load() * 1e-9; }

TileStreamerStats TileStreamer::stats() const {
    std::unique_lock<std::mutex> lock(impl->mutex, std::try_to_lock);
    if (!lock.owns_lock()) return impl->lastStats; // a worker holds it: the last figures, not a wait
    impl->takeParkedWishesLocked();
    TileStreamerStats s = impl->counters;
    s.residentTiles = impl->resident.size();
    s.residentBytes = impl->residentBytes;
    s.queued = impl->queue.size();
    s.inFlight = impl->inFlight.size();
    impl->lastStats = s;
    return s;
}

} // namespace kresy
