#pragma once
// Command-line options of each subcommand, parsed strictly: an unknown flag or a malformed
// value gives one line naming the flag and the form it expects (exit code 2).

#include "core/time.h"
#include "export/frame_sink.h"
#include "scene/overlays.h"
#include "scene/camera.h"
#include "terrain/elevation.h"

#include <optional>
#include <string>
#include <vector>

namespace kresy {

// The view the program opens on: eastern Poland from 340 km up, looking north-north-east
// across the 1939 border, on the morning of 17 September 1939.
Camera defaultCamera();
Time defaultTime();

// The terrain flags view, still and bench share.
struct TerrainFlags {
    std::string tiles;           // --tiles SRC (empty: the default pyramid)
    int cacheMegabytes = 512;    // --tile-cache-mb
    double pixelError = 2.0;     // --pixel-error
    double exaggeration = 1.0;   // --exaggeration
};

struct ViewOptions {
    Camera camera = defaultCamera();
    Time time = defaultTime();
    TerrainFlags terrain;
    std::string replay; // --replay FILE; empty: the 1939 campaign; "none": no units
    LayerSet layers;    // --layers LIST
    int width = 1600, height = 900;
    std::string screenshot; // save one frame (UI included) and quit: for tests and docs
    int frames = 0;         // quit after this many frames (0: run until closed)
    std::string shot;       // --shot FILE: play this camera path (docs/shot-format.md) ...
    double shotTime = 0;    // --at SECONDS: ... from this far into it (held there for --screenshot)
    std::string deck;       // --deck FILE: bookmarks for presenter mode (F5); empty: the lecture deck
    std::string edit;       // --edit FILE: open the shot editor on this shot (new if missing)
    bool annotate = false;  // --annotate[=ID]: open the annotation editor (F3), ID selected
    std::string annotation;
    bool present = false;   // kresy present: start full screen in presenter mode
};


struct StillOptions {
    Camera camera = defaultCamera();
    Time time = defaultTime();
    TerrainFlags terrain;
    std::string replay; // as ViewOptions::replay
    LayerSet layers;    // --layers LIST
    int width = 1280, height = 720;
    std::string out;
    std::string shot;     // --shot FILE: camera and time from this shot ...
    double shotTime = 0;  // --at SECONDS: ... at this time into it
};

// kresy render SHOT --out PATH: the shot, frame by frame, offline.
struct RenderOptions {
    std::string shot;          // the positional argument
    std::string out;           // --out: a PNG sequence or a video (export/frame_sink.h)
    std::string cameraExport;  // --camera-export FILE: .py (Blender), .jsx (After Effects), .json
    int width = 1920, height = 1080;
    FrameRate fps;             // --fps, default 30
    int firstFrame = 0, lastFrame = -1; // --frames A-B (inclusive); -1: to the shot's end
    int ssaa = 2;              // --ssaa N: N x N samples per pixel
    int maxTile = 4096;        // --max-tile N: supersampled images larger than this are drawn in tiles
    int motionBlur = 1;        // --motion-blur N: sub-frames per frame (1: none)
    double shutterDeg = 180;   // --shutter DEG: the part of the frame interval the sub-frames span
    int pngBits = 8;           // --png16: 16-bit PNGs
    int crf = 18;
    std::string preset = "medium";
    std::optional<VideoCodec> codec; // --codec h264|h265
    TerrainFlags terrain;
    std::string replay;        // as ViewOptions::replay
    LayerSet layers;           // --layers LIST
    enum class Progress { Bar, JsonLines, None } progress = Progress::Bar; // --progress
};

struct BenchOptions {
    int width = 1280, height = 720;
    int frames = 240; // along the flight
    int runs = 5;     // of the baselines
    bool json = false;
    std::string tiles; // --tiles (default: the default pyramid)
    int cacheMegabytes = 512; // --tile-cache-mb, as the window's
    double minutes = 10;      // --minutes: the soak's length
};

struct BakeCommandOptions {
    std::string out;
    std::vector<std::string> srtmDirs;  // none given (and no grids): the default dataset's
    std::vector<std::string> gridFiles;
    GeoBounds bounds{12, 45, 34, 58};
    int minzoom = 0, maxzoom = 11;
    int jobs = 0; // 0: one per core
};

struct ProbeOptions {
    std::string tiles; // empty: the default pyramid
    std::vector<GeoPoint> points;
};

struct ParseResult {
    bool ok = false;
    bool help = false;  // --help was given: print usage, exit 0
    std::string error;  // one line, when !ok
};

ParseResult parseViewOptions(const std::vector<std::string>& args, ViewOptions* options);
// `kresy present DECK [view options]`: the view options with the deck and presenter mode.
ParseResult parsePresentOptions(const std::vector<std::string>& args, ViewOptions* options);
ParseResult parseStillOptions(const std::vector<std::string>& args, StillOptions* options);
ParseResult parseRenderOptions(const std::vector<std::string>& args, RenderOptions* options);
ParseResult parseBenchOptions(const std::vector<std::string>& args, BenchOptions* options);
ParseResult parseBakeOptions(const std::vector<std::string>& args, BakeCommandOptions* options);
ParseResult parseProbeOptions(const std::vector<std::string>& args, ProbeOptions* options);

extern const char* const kMainUsage;
extern const char* const kViewUsage;
extern const char* const kPresentUsage;
extern const char* const kStillUsage;
extern const char* const kRenderUsage;
extern const char* const kBenchUsage;
extern const char* const kBakeUsage;
extern const char* const kProbeUsage;

// Value parsers shared by the subcommands; each returns an error sentence or nothing.
std::optional<std::string> parseCameraValue(const std::string& text, Camera* camera);
std::optional<std::string> parseSizeValue(const std::string& text, int* width, int* height);

} // namespace kresy
