#include "tile_source.h"

#include "core/files.h"
#include "core/log.h"

#include <curl/curl.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <mutex>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace kresy {
namespace {

// Network limits: a server that is down or slow costs a worker at most this long.
constexpr long kConnectTimeoutMs = 3000;
constexpr long kTotalTimeoutMs = 10000;
constexpr long kLowSpeedBytesPerSecond = 512; // abort below this rate ...
constexpr long kLowSpeedSeconds = 5;          // ... sustained this long
constexpr long kMaxRedirects = 3;
constexpr size_t kMaxBodyBytes = size_t(64) << 20; // no elevation tile or TileJSON is larger
constexpr int kCancelPollMs = 50;                  // how soon a cancelled transfer notices

bool startsWith(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool isHttpUrl(std::string_view s) {
    return startsWith(s, "http://") || startsWith(s, "https://");
}

bool hasTilePlaceholders(std::string_view t) {
    return t.find("{z}") != std::string_view::npos && t.find("{x}") != std::string_view::npos &&
           (t.find("{y}") != std::string_view::npos || t.find("{-y}") != std::string_view::npos);
}

// 64-bit FNV-1a: a stable name for a URL template's cache directory.
std::string hashHex(std::string_view text) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
    return out;
}

// "path: reason" from readFile -> "reason".
std::string reasonOf(const std::string& error) {
    const size_t colon = error.rfind(": ");
    return colon == std::string::npos ? error : error.substr(colon + 2);
}

// --- HTTP -----------------------------------------------------------------------------------

bool initCurl(std::string* error) {
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (result != CURLE_OK && error) *error = curl_easy_strerror(result);
    return result == CURLE_OK;
}

struct HttpResponse {
    bool transferred = false; // a response came back (any status); else `cause` says why not
    long status = 0;
    std::vector<uint8_t> body;
    std::string cause;  // short, stable: "timeout", "connection refused"
};

struct BodySink {
    std::vector<uint8_t> bytes;
    bool tooLarge = false;
};

size_t onHttpBody(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<BodySink*>(user);
    const size_t n = size * count;
    if (sink->bytes.size() + n > kMaxBodyBytes) {
        sink->tooLarge = true;
        return 0; // makes curl fail with CURLE_WRITE_ERROR
    }
    try {
        sink->bytes.insert(sink->bytes.end(), data, data + n);
    } catch (...) {
        sink->tooLarge = true;
        return 0;
    }
    return n;
}

std::string curlCause(CURLcode code, long osErrno, bool tooLarge) {
    switch (code) {
    case CURLE_COULDNT_CONNECT:
        switch (osErrno) {
        case ECONNREFUSED: return "connection refused";
        case ENETUNREACH:
        case EHOSTUNREACH: return "host unreachable";
        case ETIMEDOUT: return "timeout";
        default: return "cannot connect";
        }
    case CURLE_OPERATION_TIMEDOUT: return "timeout";
    case CURLE_COULDNT_RESOLVE_HOST: return "unknown host";
    case CURLE_COULDNT_RESOLVE_PROXY: return "unknown proxy";
    case CURLE_GOT_NOTHING: return "empty reply";
    case CURLE_PARTIAL_FILE: return "truncated response";
    case CURLE_RECV_ERROR: return "connection lost";
    case CURLE_SEND_ERROR: return "send failed";
    case CURLE_TOO_MANY_REDIRECTS: return "too many redirects";
    case CURLE_WRITE_ERROR: return tooLarge ? "response too large" : "write error";
    case CURLE_ABORTED_BY_CALLBACK: return "cancelled";
    case CURLE_UNSUPPORTED_PROTOCOL: return "unsupported protocol";
    case CURLE_URL_MALFORMAT: return "malformed URL";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR: return "TLS error";
    default: return curl_easy_strerror(code);
    }
}

// GETs with a pool of handles (one easy + one multi handle each, so connections are reused).
// Each transfer runs in our own loop over the multi handle so a cancel flag is seen within
// kCancelPollMs, however slow the server.
class HttpClient {
public:
    ~HttpClient() {
        for (const Handles& h : idle_) {
            curl_multi_cleanup(h.multi);
            curl_easy_cleanup(h.easy);
        }
    }

    HttpResponse get(const std::string& url, const std::atomic<bool>* cancel) {
        HttpResponse out;
        std::string initError;
        if (!initCurl(&initError)) {
            out.cause = "libcurl unavailable (" + initError + ")";
            return out;
        }
        Handles h = acquire();
        if (!h.easy || !h.multi) {
            if (h.multi) curl_multi_cleanup(h.multi);
            if (h.easy) curl_easy_cleanup(h.easy);
            out.cause = "libcurl unavailable";
            return out;
        }
        BodySink sink;
        CURL* e = h.easy;
        curl_easy_reset(e); // keeps the handle's live connections
        curl_easy_setopt(e, CURLOPT_URL, url.c_str());
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(e, CURLOPT_MAXREDIRS, kMaxRedirects);
        curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, kTotalTimeoutMs);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, kLowSpeedBytesPerSecond);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, kLowSpeedSeconds);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, onHttpBody);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &sink);
        curl_easy_setopt(e, CURLOPT_USERAGENT, "kresy");

        CURLcode code = CURLE_OK;
        bool done = false, cancelled = false;
        if (curl_multi_add_handle(h.multi, e) != CURLM_OK) {
            code = CURLE_FAILED_INIT;
            done = true;
        }
        while (!done) {
            int running = 0;
            if (curl_multi_perform(h.multi, &running) != CURLM_OK) {
                code = CURLE_FAILED_INIT;
                break;
            }
            int left = 0;
            while (CURLMsg* msg = curl_multi_info_read(h.multi, &left)) {
                if (msg->msg == CURLMSG_DONE && msg->easy_handle == e) {
                    code = msg->data.result;
                    done = true;
                }
            }
            if (done) break;
            if (running == 0) { // finished without a message: should not happen
                code = CURLE_FAILED_INIT;
                break;
            }
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                cancelled = true;
                break;
            }
            curl_multi_poll(h.multi, nullptr, 0, kCancelPollMs, nullptr);
        }
        long status = 0, osErrno = 0;
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &osErrno);
        curl_multi_remove_handle(h.multi, e);
        release(h);

        if (cancelled) {
            out.cause = "cancelled";
        } else if (code != CURLE_OK) {
            out.cause = curlCause(code, osErrno, sink.tooLarge);
        } else {
            out.transferred = true;
            out.status = status;
            out.body = std::move(sink.bytes);
        }
        return out;
    }

private:
    struct Handles {
        CURL* easy = nullptr;
        CURLM* multi = nullptr;
    };

    Handles acquire() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!idle_.empty()) {
                Handles h = idle_.back();
                idle_.pop_back();
                return h;
            }
        }
        return {curl_easy_init(), curl_multi_init()};
    }

    void release(const Handles& h) {
        try {
            std::lock_guard<std::mutex> lock(mutex_);
            idle_.push_back(h);
        } catch (...) {
            curl_multi_cleanup(h.multi);
            curl_easy_cleanup(h.easy);
        }
    }

    std::mutex mutex_;
    std::vector<Handles> idle_;
};

// scheme://host[:port] of an absolute URL.
std::string urlOrigin(const std::string& url) {
    const size_t scheme = url.find("://");
    if (scheme == std::string::npos) return url;
    const size_t path = url.find_first_of("/?#", scheme + 3);
    return path == std::string::npos ? url : url.substr(0, path);
}

// A tile URL template from a TileJSON at `base` (a URL or a file path), made absolute.
std::string resolveTemplate(const std::string& tmpl, const std::string& base, bool baseIsUrl) {
    if (isHttpUrl(tmpl)) return tmpl;
    if (baseIsUrl) {
        if (startsWith(tmpl, "//")) return base.substr(0, base.find("://") + 1) + tmpl;
        if (startsWith(tmpl, "/")) return urlOrigin(base) + tmpl;
        std::string dir = base.substr(0, base.find_first_of("?#"));
        const size_t slash = dir.rfind('/');
        const size_t origin = urlOrigin(dir).size();
        dir = slash == std::string::npos || slash < origin ? dir + "/" : dir.substr(0, slash + 1);
        return dir + tmpl;
    }
    std::string path = startsWith(tmpl, "file://") ? tmpl.substr(7) : tmpl;
    if (startsWith(path, "/")) return path;
    // Absolute, so the source does not depend on the working directory later.
    std::error_code ec;
    std::filesystem::path file = std::filesystem::absolute(base, ec);
    if (ec) file = base;
    std::string dir = file.parent_path().string();
    if (dir.empty()) dir = ".";
    return dir + "/" + path;
}

// --- The source -------------------------------------------------------------------------------

class PyramidSource final : public TileSource {
public:
    PyramidSource(std::string spec, TileJson info, std::string cacheDir, std::unique_ptr<HttpClient> http)
        : spec_(std::move(spec)), info_(std::move(info)), http_(std::move(http)) {
        const bool anyHttp = std::any_of(info_.tiles.begin(), info_.tiles.end(),
                                         [](const std::string& t) { return isHttpUrl(t); });
        if (anyHttp && !http_) http_ = std::make_unique<HttpClient>();
        if (anyHttp && !cacheDir.empty()) {
            cacheRoot_ = cacheDir;
            cacheRoot_ += '/';
            cacheRoot_ += hashHex(info_.tiles.front());
        }
    }

    const TileJson& info() const override { return info_; }
    std::string describe() const override { return spec_; }

    FetchResult fetch(const TileId& tile) override {
        static const std::atomic<bool> never{false};
        return fetchCancellable(tile, never);
    }

    FetchResult fetchCancellable(const TileId& tile, const std::atomic<bool>& cancel) override {
        FetchResult result;
        try {
            if (!inTileset(tile)) {
                result.status = FetchStatus::Missing;
                result.message = "tile " + tileName(tile) + " is outside " + spec_ + "'s bounds or zoom range.";
                return result;
            }
            if (!cacheRoot_.empty()) {
                std::vector<uint8_t> cached;
                if (readFile(cachePath(tile), &cached, nullptr) && !cached.empty()) {
                    result.status = FetchStatus::Ok;
                    result.bytes = std::move(cached);
                    return result;
                }
            }
            // Mirrors in order: the first definite answer (Ok or Missing) wins.
            FetchResult firstFailure;
            bool failed = false;
            for (const std::string& tmpl : info_.tiles) {
                FetchResult r = isHttpUrl(tmpl) ? fetchHttp(tmpl, tile, cancel) : fetchFile(tmpl, tile);
                if (r.status != FetchStatus::Failed) return r;
                if (!failed) firstFailure = std::move(r);
                failed = true;
                if (cancel.load(std::memory_order_relaxed)) break;
            }
            return firstFailure;
        } catch (const std::exception& e) {
            result = {};
            result.status = FetchStatus::Failed;
            result.cause = "internal error";
            result.message = "tile " + tileName(tile) + ": " + e.what() + ".";
            return result;
        }
    }

    void keep(const TileId& tile, std::span<const uint8_t> bytes) override {
        if (cacheRoot_.empty() || bytes.empty()) return;
        try {
            const std::string path = cachePath(tile);
            struct stat st {};
            if (::stat(path.c_str(), &st) == 0) return; // it came from the cache
            std::error_code ec;
            std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
            std::string error;
            if (ec) error = std::filesystem::path(path).parent_path().string() + ": " + ec.message();
            else if (writeFileAtomic(path, bytes, &error)) return;
            if (!cacheWarned_.exchange(true))
                logWarning("cannot write the tile cache (%s); tiles from %s are not cached", error.c_str(),
                           spec_.c_str());
        } catch (...) {
        }
    }

    void reject(const TileId& tile) override {
        if (cacheRoot_.empty()) return;
        try {
            ::unlink(cachePath(tile).c_str());
        } catch (...) {
        }
    }

private:
    bool inTileset(const TileId& t) const {
        if (!isValidTile(t) || t.z < info_.minzoom || t.z > info_.maxzoom) return false;
        const GeoBounds b = tileBounds(t);
        const GeoBounds& s = info_.bounds;
        return b.west < s.east && b.east > s.west && b.south < s.north && b.north > s.south;
    }

    std::string cachePath(const TileId& t) const { return expandTileUrl(cacheRoot_ + "/{z}/{x}/{y}.png", t); }

    static FetchResult fetchFile(const std::string& tmpl, const TileId& tile) {
        FetchResult r;
        const std::string path = expandTileUrl(tmpl, tile);
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
            r.status = FetchStatus::Missing;
            // Baked pyramids are sparse by design (deep zooms only where fine data is): an absent
            // file is the normal way of saying "draw the ancestor", not worth a log line.
            r.cause.clear();
            r.message = "tile " + tileName(tile) + ": no file " + path + ".";
            return r;
        }
        std::string error;
        if (!readFile(path, &r.bytes, &error)) {
            r.status = FetchStatus::Failed;
            r.cause = reasonOf(error);
            r.message = "tile " + tileName(tile) + ": " + error + ".";
            return r;
        }
        r.status = FetchStatus::Ok;
        return r;
    }

    FetchResult fetchHttp(const std::string& tmpl, const TileId& tile, const std::atomic<bool>& cancel) {
        FetchResult r;
        const std::string url = expandTileUrl(tmpl, tile);
        HttpResponse response = http_->get(url, &cancel);
        std::string what = "tile " + tileName(tile) + " from " + url + ": ";
        if (!response.transferred) {
            r.status = FetchStatus::Failed;
            r.cause = response.cause;
            r.message = what + response.cause + ".";
        } else if (response.status >= 200 && response.status < 300) {
            r.status = FetchStatus::Ok;
            r.bytes = std::move(response.body);
        } else {
            r.status = response.status == 404 || response.status == 410 ? FetchStatus::Missing : FetchStatus::Failed;
            r.cause = "HTTP " + std::to_string(response.status);
            r.message = what + r.cause + ".";
        }
        return r;
    }

    std::string spec_;
    TileJson info_;
    std::unique_ptr<HttpClient> http_;
    std::string cacheRoot_; // cacheDir/<hash of the first template>; empty: no disk cache
    std::atomic<bool> cacheWarned_{false};
};

// Parses a TileJSON and makes its templates absolute; false with one sentence in *error.
bool parseSource(const std::string& text, const std::string& where, bool isUrl, TileJson* info, std::string* error) {
    std::vector<Diagnostic> diagnostics;
    const bool ok = parseTileJson(text, where, info, &diagnostics);
    if (!ok || hasErrors(diagnostics)) {
        auto first = std::find_if(diagnostics.begin(), diagnostics.end(),
                                  [](const Diagnostic& d) { return d.severity == Severity::Error; });
        if (first == diagnostics.end()) {
            *error = where + ": not a valid TileJSON";
        } else {
            *error = formatDiagnostic(*first);
            const auto errors = std::count_if(diagnostics.begin(), diagnostics.end(),
                                              [](const Diagnostic& d) { return d.severity == Severity::Error; });
            if (errors > 1) {
                *error += " (and ";
                *error += std::to_string(errors - 1);
                *error += errors == 2 ? " more problem)" : " more problems)";
            }
        }
        return false;
    }
    for (std::string& t : info->tiles) t = resolveTemplate(t, where, isUrl);
    return true;
}

std::unique_ptr<TileSource> openSource(const std::string& spec, const std::string& cacheDir, std::string* error) {
    if (spec.empty()) {
        *error = "no tile source given (a directory, a TileJSON file or an http(s) URL)";
        return nullptr;
    }
    if (isHttpUrl(spec)) {
        if (spec.find('{') != std::string::npos) {
            if (!hasTilePlaceholders(spec)) {
                *error = spec + ": a tile URL template needs {z}, {x} and {y}";
                return nullptr;
            }
            TileJson info;
            info.tiles = {spec};
            info.minzoom = 0;
            info.maxzoom = 15;
            info.encoding = TileEncoding::Terrarium;
            info.tileSize = 256;
            return std::make_unique<PyramidSource>(spec, std::move(info), cacheDir, nullptr);
        }
        auto http = std::make_unique<HttpClient>();
        HttpResponse response = http->get(spec, nullptr);
        if (!response.transferred) {
            *error = "cannot fetch " + spec + ": " + response.cause;
            return nullptr;
        }
        if (response.status < 200 || response.status >= 300) {
            *error = "cannot fetch " + spec + ": HTTP " + std::to_string(response.status);
            return nullptr;
        }
        TileJson info;
        const std::string text(response.body.begin(), response.body.end());
        if (!parseSource(text, spec, true, &info, error)) return nullptr;
        return std::make_unique<PyramidSource>(spec, std::move(info), cacheDir, std::move(http));
    }

    struct stat st {};
    if (::stat(spec.c_str(), &st) != 0) {
        *error = spec + ": " + std::strerror(errno);
        return nullptr;
    }
    std::string file = spec;
    if (S_ISDIR(st.st_mode)) {
        file = spec;
        if (file.back() != '/') file += '/';
        file += "tiles.json";
        if (::stat(file.c_str(), &st) != 0) {
            *error = spec + " is not a tile pyramid: it has no tiles.json (as `kresy bake` writes)";
            return nullptr;
        }
    }
    std::vector<uint8_t> bytes;
    if (!readFile(file, &bytes, error)) return nullptr;
    TileJson info;
    const std::string text(bytes.begin(), bytes.end());
    if (!parseSource(text, file, false, &info, error)) return nullptr;
    return std::make_unique<PyramidSource>(spec, std::move(info), cacheDir, nullptr);
}

} // namespace

std::unique_ptr<TileSource> openTileSource(const std::string& spec, const std::string& cacheDir, std::string* error) {
    std::string local;
    if (!error) error = &local;
    try {
        return openSource(spec, cacheDir, error);
    } catch (const std::exception& e) {
        *error = spec + ": " + e.what();
        return nullptr;
    }
}

} // namespace kresy
