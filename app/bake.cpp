// kresy bake: elevation sources to a tile pyramid.

#include "commands.h"
#include "core/log.h"
#include "dataset.h"
#include "options.h"
#include "terrain/baker.h"

#include <cstdio>
#include <thread>
#include <unistd.h>

namespace kresy {

namespace {

// "[=========>          ]  47%  1187/2503 tiles  12 s left" redrawn in place on a terminal;
// elsewhere (logs, CI) a line every 10%.
class ProgressBar {
public:
    void update(const BakeProgress& p) {
        if (p.total == 0)
            return;
        int percent = int(100 * p.done / p.total);
        double rate = p.seconds > 0.5 ? double(p.done - p.skipped) / p.seconds : 0;
        double left = rate > 0 ? double(p.total - p.done) / rate : 0;
        if (terminal_) {
            const int width = 30;
            int filled = int(width * p.done / p.total);
            std::string bar(size_t(filled), '=');
            if (filled < width)
                bar += '>' + std::string(size_t(width - filled - 1), ' ');
            std::fprintf(stderr, "\r[%s] %3d%%  %zu/%zu tiles  %s", bar.c_str(), percent, p.done, p.total,
                         rate > 0 ? (std::to_string(int(left + 0.5)) + " s left   ").c_str() : "");
            if (p.done == p.total)
                std::fputc('\n', stderr);
        } else if (percent / 10 != lastDecile_ || p.done == p.total) {
            lastDecile_ = percent / 10;
            std::fprintf(stderr, "kresy bake: %3d%%  %zu/%zu tiles\n", percent, p.done, p.total);
        }
    }

private:
    bool terminal_ = ::isatty(STDERR_FILENO);
    int lastDecile_ = -1;
};

} // namespace

int runBake(const std::vector<std::string>& args) {
    BakeCommandOptions options;
    ParseResult parsed = parseBakeOptions(args, &options);
    if (!parsed.ok) {
        std::fprintf(stderr, "kresy bake: %s (see kresy bake --help)\n", parsed.error.c_str());
        return kExitUsage;
    }
    if (parsed.help) {
        std::fputs(kBakeUsage, stdout);
        return kExitOk;
    }
    if (options.out.empty())
        options.out = defaultTileDirectory();
    if (options.srtmDirs.empty() && options.gridFiles.empty()) {
        std::string data = dataDirectory();
        options.srtmDirs.push_back(data + "/dem/srtm3");
        options.gridFiles.push_back(data + "/dem/etopo5/etopo5_E12-34_N45-58.json");
    }

    ElevationModel model;
    std::string error;
    for (const std::string& file : options.gridFiles) {
        GeoGrid grid;
        if (!readGeoGrid(file, &grid, &error)) {
            std::fprintf(stderr, "kresy bake: %s\n", error.c_str());
            return kExitFailure;
        }
        repairKnownGridDefects(grid);
        model.addGrid(std::move(grid));
    }
    for (const std::string& dir : options.srtmDirs)
        if (!model.addSrtmDirectory(dir, &error)) {
            std::fprintf(stderr, "kresy bake: %s\n", error.c_str());
            return kExitFailure;
        }

    BakeOptions bake;
    bake.outDir = options.out;
    bake.bounds = options.bounds;
    bake.minzoom = options.minzoom;
    bake.maxzoom = options.maxzoom;
    bake.jobs = options.jobs > 0 ? options.jobs : int(std::max(1u, std::thread::hardware_concurrency()));
    bake.name = "kresy: eastern Poland, 1939";
    bake.attribution = "Elevation: NASA SRTM, NOAA ETOPO5";
    ProgressBar bar;
    BakeResult result = bakePyramid(model, bake, [&](const BakeProgress& p) { bar.update(p); });
    if (!result.ok) {
        std::fprintf(stderr, "kresy bake: %s\n", result.error.c_str());
        return kExitFailure;
    }
    logInfo("baked %zu tiles (%zu already there) into %s in %.1f s", result.written, result.skipped,
            options.out.c_str(), result.seconds);
    return kExitOk;
}

} // namespace kresy
