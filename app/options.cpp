#include "options.h"

#include "export/camera_export.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>

namespace kresy {

Camera defaultCamera() {
    Camera c;
    c.position = {49.55, 23.2, 340000.0};
    c.headingDeg = 12;
    c.pitchDeg = -42;
    c.fovDeg = 45;
    return c;
}

// 09:00 UTC on 17 September 1939: mid-morning, with a low south-eastern sun that shows relief.
Time defaultTime() { return double(daysFromCivil(1939, 9, 17)) * 86400.0 + 9 * 3600.0; }

const char* const kMainUsage =
    "usage: kresy [COMMAND] [OPTIONS]\n"
    "\n"
    "A 3D terrain flythrough and replay visualizer of eastern Poland, September 1939.\n"
    "\n"
    "commands:\n"
    "  view     open the window (the default when no command is given)\n"
    "  present  present a deck of bookmarks full screen (a lecture)\n"
    "  still    render one frame headless to a PNG\n"
    "  render   render a shot offline to a PNG sequence or a video (H.264/H.265), frame-exact\n"
    "  bake     bake elevation into a tile pyramid ({z}/{x}/{y}.png + tiles.json)\n"
    "  probe    print the elevation at points, from a tile pyramid\n"
    "  bench    fly a fixed path and measure frame times, streaming and decoding\n"
    "  check    check replays, shots and decks and print every problem as file:line:col\n"
    "  info     print what a replay, shot or deck holds: span, counts, events, keys\n"
    "\n"
    "Run 'kresy COMMAND --help' for a command's options.\n"
    "Environment: KRESY_DATA (dataset directory), KRESY_GPU (device name substring),\n"
    "KRESY_VALIDATION=1 (Vulkan validation layers; any message makes the exit status 3),\n"
    "KRESY_TILES (the default tile pyramid's directory).\n";

#define TERRAIN_HELP                                                                                      \
    "  --tiles SRC        the elevation pyramid: a directory, a TileJSON file or an http(s) URL\n"         \
    "                     (docs/tiles.md); default: the one ./run.sh bakes\n"                               \
    "  --tile-cache-mb N  memory for decoded tiles (default 512)\n"                                        \
    "  --pixel-error PX   terrain detail: the largest error on screen, in pixels (default 2)\n"          \
    "  --exaggeration X   vertical exaggeration of the terrain, 1 to 10 (default 1)\n"                  \
    "  --layers LIST      what is drawn over the terrain, comma-separated: rivers, borders (those of\n"   \
    "                     the date), borders-1938, borders-1945, places, units; 'all' (the default,\n"   \
    "                     borders by date) or 'none'\n"

#define CAMERA_HELP                                                                                       \
    "  --camera LAT,LON,ALT_M,HEADING_DEG,PITCH_DEG[,FOV_DEG]\n"                                          \
    "                     camera position (degrees, metres above sea level), heading clockwise\n"         \
    "                     from north, pitch up from level (-90 looks straight down) and the\n"            \
    "                     vertical field of view (default 45)\n"                                          \
    "  --time ISO8601     scene date and time, e.g. 1939-09-17T09:00:00Z (default); sets the sun\n"  \
    "                     and where the units are\n"                                                     \
    "  --replay FILE      the units to draw (docs/replay-format.md); default: the 1939 campaign,\n"       \
    "                     data/replays/1939-soviet-invasion.json; 'none' draws none\n"

const char* const kViewUsage =
    "usage: kresy view [OPTIONS]\n"
    "\n"
    "Opens the viewer over eastern Poland on 17 September 1939.\n"
    "\n"
    "options:\n" CAMERA_HELP TERRAIN_HELP
    "  --size WxH         window size in pixels (default 1600x900)\n"
    "  --screenshot FILE.png\n"
    "                     save a frame with its UI to FILE.png after --frames frames (default 3), then quit\n"
    "  --frames N         quit after N frames\n"
    "  --shot FILE        play a camera path (docs/shot-format.md) with its captions; P plays it again\n"
    "  --at SECONDS       start it this far in (default 0); with --screenshot it holds there\n"
    "  --deck FILE        the bookmarks F5 presents (default: data/shots/lecture.deck.json)\n"
    "  --edit FILE        open the shot editor (F2) on FILE, a new shot if it does not exist\n"
    "  --annotate[=ID]    open the annotation editor (F3) on the replay's annotations file,\n"
    "                     with the annotation ID selected\n"
    "  --help             show this help\n"
    "\n"
    "Controls (F1 in the window lists them all): drag with the left mouse button to look around;\n"
    "W/S/A/D move, Q/E down/up, Shift faster; the mouse wheel flies towards the view; [ and ] step\n"
    "the time by an hour; F5 presents the deck.\n";

const char* const kPresentUsage =
    "usage: kresy present DECK [OPTIONS]\n"
    "\n"
    "Presents a deck of bookmarks (docs/shot-format.md) full screen with the UI hidden. Page Down,\n"
    "Right, Down or Space: the next bookmark; Page Up, Left or Up: the previous; Home: the first.\n"
    "Each step flies there while the date moves to the bookmark's time. S shows or hides the\n"
    "status line, Esc leaves presenter mode. Takes kresy view's options.\n";

const char* const kStillUsage =
    "usage: kresy still [--camera LAT,LON,ALT_M,HEADING_DEG,PITCH_DEG[,FOV_DEG]] [--time ISO8601]\n"
    "                   [--replay FILE] [--size WxH] --out FILE.png\n"
    "\n"
    "Renders one frame without a window and writes it to FILE.png.\n"
    "\n"
    "options:\n" CAMERA_HELP TERRAIN_HELP
    "  --size WxH         image size in pixels (default 1280x720, at most 16384x16384)\n"
    "  --out FILE.png     where to write the image (required)\n"
    "  --shot FILE        take the camera and the time from a shot (docs/shot-format.md) ...\n"
    "  --at SECONDS       ... this far into it (default 0)\n"
    "  --help             show this help\n";

const char* const kRenderUsage =
    "usage: kresy render SHOT.json --out PATH [--size WxH] [--fps N] [--frames A-B] [--ssaa N]\n"
    "                    [--crf N] [--motion-blur N] [--camera-export FILE] [OPTIONS]\n"
    "\n"
    "Renders a shot (docs/shot-format.md) frame by frame without a window. Every frame waits until\n"
    "the terrain it shows is loaded at the target error, so the output never depends on loading\n"
    "speed: the same shot gives the same frames, byte for byte, on this machine.\n"
    "\n"
    "options:\n"
    "  --out PATH         shot_####.png or shot.png: a numbered PNG sequence (an interrupted\n"
    "                     render picks up where it stopped); film.mp4, .mov, .mkv: H.264 through\n"
    "                     ffmpeg; film.h265.mp4: H.265 (docs/render-output.md)\n"
    "  --size WxH         frame size (default 1920x1080, at most 7680x4320)\n"
    "  --fps N            frames per second: 24, 25, 30 (default), 29.97, 30000/1001, ...\n"
    "  --frames A-B       only frames A to B (from 0, inclusive), identical to the same frames of\n"
    "                     a whole render; 'A-' to the end, 'N' one frame\n"
    "  --ssaa N           N x N samples per pixel, averaged in linear light (1-4, default 2)\n"
    "  --max-tile N       draw supersampled images in tiles of at most N pixels a side (default\n"
    "                     4096, or the device's limit if smaller): less memory per draw\n"
    "  --motion-blur N    N sub-frames per frame spread over the shutter (default 1: none)\n"
    "  --shutter DEG      shutter angle for motion blur (default 180: half the frame interval)\n"
    "  --png16            16-bit PNG frames\n"
    "  --crf N            video quality, 0 (lossless) to 51 (default 18)\n"
    "  --codec h264|h265  the video codec, whatever the file name says\n"
    "  --preset NAME      x264/x265 speed preset (default medium)\n"
    "  --camera-export FILE\n"
    "                     also write the camera and the units as tracked points, per frame, for\n"
    "                     compositing: FILE.py (Blender), FILE.jsx (After Effects), FILE.json\n"
    "                     (docs/camera-export.md); without --out, only that\n"
    "  --progress json|none  progress as JSON lines on stdout, or none (default: a bar on stderr)\n"
    "  --replay FILE      the units (default: the 1939 campaign; 'none': none)\n"
    TERRAIN_HELP
    "  --help             show this help\n";

const char* const kBenchUsage =
    "usage: kresy bench [terrain|units|overlays|export|soak] [--size WxH] [--frames N] [--runs N] [--tiles SRC]\n"
    "                   [--tile-cache-mb N] [--minutes M] [--json]\n"
    "\n"
    "terrain (and with no name, first): flies a fixed path over the tile pyramid, from 300 km\n"
    "over eastern Poland down to 1 km over Grodno, starting cold (tiles stream in as it flies),\n"
    "frames paced at 60 Hz as a window presents them, and prints:\n"
    "  frame p50, p99      frame times, against an empty frame (clear + readback)\n"
    "  triangles per frame and pixels per triangle\n"
    "  frames waiting on tiles   frames whose render thread waited > 1 ms on streaming\n"
    "  tile decode         per tile and per worker thread, against a memcpy of its heights\n"
    "  settle after a cut  frames and seconds until a new view is fully loaded\n"
    "units (and with no name, second): a held view over the campaign while the replay plays at\n"
    "3 days a second: the frame with the 1939 campaign and with 5,000 synthetic units (trails\n"
    "and all) against the same frame without units; sampling 5,000 units against a memcpy.\n"
    "overlays (and with no name, third): three held views (340 km, 20 km, 2 km) without and with\n"
    "the map's layers (rivers, the 1938 borders) draped again every frame.\n"
    "export (and with no name, fourth): kresy render's pipeline on the last second of\n"
    "data/shots/grodno.json (30 frames, 2x2 supersampled): frames per second rendering alone,\n"
    "the linear-light resolve against a memcpy, and the whole export to H.264 against ffmpeg\n"
    "encoding the same frames alone.\n"
    "soak (only when named): flies a scripted two-minute loop for --minutes (default 10), streaming\n"
    "from --tiles (scripts/soak.sh serves them from a flaky local server), and prints resident\n"
    "memory against the tile cache's budget, its growth, frames that waited on tiles, the worst\n"
    "frame and the tiles that failed.\n"
    "options:\n"
    "  --size WxH    output size (default 1280x720)\n"
    "  --frames N    frames along the path (default 240; units: a quarter of it per case)\n"
    "  --runs N      runs of each baseline; the median counts (default 5)\n"
    "  --tiles SRC   the pyramid (default: the one ./run.sh bakes)\n"
    "  --tile-cache-mb N   the decoded tiles kept in memory (default 512, as the window's)\n"
    "  --minutes M   the soak's length (default 10)\n"
    "  --json        one JSON object instead of the table\n";

const char* const kBakeUsage =
    "usage: kresy bake [--out DIR] [--srtm DIR]... [--grid FILE.json]... [--bounds W,S,E,N]\n"
    "                  [--minzoom N] [--maxzoom N] [--jobs N]\n"
    "\n"
    "Bakes elevation into a Web Mercator tile pyramid: DIR/{z}/{x}/{y}.png (Terrarium) and\n"
    "DIR/tiles.json (TileJSON 3.0). The finest source wins where sources overlap, feathered\n"
    "into the coarser ones at its edge; tiles are resampled bicubically and refined only\n"
    "while the data under them is finer than their pixels. Tiles already in DIR are kept, so\n"
    "an interrupted bake resumes where it stopped.\n"
    "\n"
    "options:\n"
    "  --out DIR          the pyramid's directory, created if missing (default: the pyramid\n"
    "                     the viewer and probe use, in ~/.cache/kresy/tiles or KRESY_TILES)\n"
    "  --srtm DIR         a directory of SRTM .hgt tiles (repeatable)\n"
    "  --grid FILE.json   a raw elevation grid's JSON sidecar (repeatable)\n"
    "                     (neither given: the default dataset, SRTM3 + ETOPO5)\n"
    "  --bounds W,S,E,N   the area in degrees (default 12,45,34,58)\n"
    "  --minzoom N        coarsest zoom (default 0)\n"
    "  --maxzoom N        finest zoom (default 11)\n"
    "  --jobs N           worker threads (default: one per core)\n";

const char* const kProbeUsage =
    "usage: kresy probe [--tiles SRC] LAT,LON...\n"
    "\n"
    "Prints the elevation in metres at each point, interpolated bilinearly in the finest tile\n"
    "of the pyramid that covers it.\n"
    "\n"
    "options:\n"
    "  --tiles SRC        a pyramid directory, a TileJSON file, or an http(s) URL (a TileJSON or\n"
    "                     a {z}/{x}/{y}.png template); default: the pyramid ./run.sh bakes\n";

static bool parseDouble(const std::string& s, double* out) {
    if (s.empty())
        return false;
    const char* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, *out);
    return ec == std::errc() && p == end && std::isfinite(*out);
}

static bool parseInt(const std::string& s, int* out) {
    if (s.empty())
        return false;
    const char* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, *out);
    return ec == std::errc() && p == end;
}

static std::vector<std::string> split(const std::string& s, char separator) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i)
        if (i == s.size() || s[i] == separator) {
            parts.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    return parts;
}

std::optional<std::string> parseCameraValue(const std::string& text, Camera* camera) {
    const std::string expected = "--camera expects LAT,LON,ALT_M,HEADING_DEG,PITCH_DEG[,FOV_DEG] (e.g. 53.68,23.83,20000,0,-35), got '" + text + "'";
    std::vector<std::string> parts = split(text, ',');
    if (parts.size() != 5 && parts.size() != 6)
        return expected;
    double v[6] = {0, 0, 0, 0, 0, camera->fovDeg};
    for (size_t i = 0; i < parts.size(); ++i)
        if (!parseDouble(parts[i], &v[i]))
            return expected;
    if (v[0] < -90 || v[0] > 90)
        return "--camera latitude " + parts[0] + " is outside -90..90";
    if (v[1] < -180 || v[1] > 180)
        return "--camera longitude " + parts[1] + " is outside -180..180";
    if (v[2] < -500 || v[2] > 2.0e6)
        return "--camera altitude " + parts[2] + " m is outside -500..2000000";
    if (v[4] < -90 || v[4] > 90)
        return "--camera pitch " + parts[4] + " is outside -90..90";
    if (v[5] <= 1 || v[5] >= 170)
        return "--camera field of view " + (parts.size() == 6 ? parts[5] : std::string("")) + " is outside 1..170 degrees";
    camera->position = {v[0], v[1], v[2]};
    camera->headingDeg = std::fmod(std::fmod(v[3], 360.0) + 360.0, 360.0);
    camera->pitchDeg = v[4];
    camera->fovDeg = v[5];
    return std::nullopt;
}

std::optional<std::string> parseSizeValue(const std::string& text, int* width, int* height) {
    std::vector<std::string> parts = split(text, 'x');
    int w = 0, h = 0;
    if (parts.size() != 2 || !parseInt(parts[0], &w) || !parseInt(parts[1], &h) || w <= 0 || h <= 0)
        return "--size expects WxH in pixels (e.g. 1920x1080), got '" + text + "'";
    if (w > 16384 || h > 16384)
        return "--size " + text + " is larger than 16384x16384";
    *width = w;
    *height = h;
    return std::nullopt;
}

static std::optional<std::string> parseTimeValue(const std::string& text, Time* time) {
    std::string why;
    std::optional<Time> t = parseIso8601(text, &why);
    if (!t)
        return "--time expects an ISO-8601 date and time such as 1939-09-17T09:00:00Z: " + why;
    *time = *t;
    return std::nullopt;
}

using Handler = std::function<std::optional<std::string>(const std::string&)>;
using Switches = std::map<std::string, bool*>; // flags without a value

// Walks "--flag VALUE" and "--flag=VALUE" pairs; no positional arguments.
static ParseResult parseFlags(const std::vector<std::string>& args, const std::map<std::string, Handler>& handlers,
                              const Switches& switches = {}) {
    ParseResult result;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string flag = args[i], value;
        bool inlineValue = false;
        if (size_t eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = flag.substr(eq + 1);
            flag = flag.substr(0, eq);
            inlineValue = true;
        }
        if (flag == "--help" || flag == "-h") {
            result.help = true;
            result.ok = true;
            return result;
        }
        if (auto s = switches.find(flag); s != switches.end() && !inlineValue) {
            *s->second = true;
            continue;
        }
        auto handler = handlers.find(flag);
        if (handler == handlers.end()) {
            result.error = flag.rfind("-", 0) == 0 ? "unknown option '" + flag + "'" : "unexpected argument '" + flag + "'";
            return result;
        }
        if (!inlineValue) {
            if (i + 1 >= args.size()) {
                result.error = flag + " needs a value";
                return result;
            }
            value = args[++i];
        }
        if (auto error = handler->second(value)) {
            result.error = *error;
            return result;
        }
    }
    result.ok = true;
    return result;
}

static std::optional<std::string> parseCount(const std::string& flag, const std::string& v, int* out);

// The flags every rendering command shares.
static std::map<std::string, Handler> viewHandlers(Camera* camera, Time* time, int* width, int* height,
                                                   TerrainFlags* terrain, std::string* replay, LayerSet* layers) {
    return {
        {"--layers", [=](const std::string& v) -> std::optional<std::string> {
             std::string why;
             if (!parseLayerList(v, layers, &why))
                 return "--layers: " + why;
             return std::nullopt;
         }},
        {"--replay", [=](const std::string& v) -> std::optional<std::string> {
             if (v.empty())
                 return std::string("--replay expects a replay FILE.json, or 'none'");
             *replay = v;
             return std::nullopt;
         }},
        {"--camera", [=](const std::string& v) { return parseCameraValue(v, camera); }},
        {"--time", [=](const std::string& v) { return parseTimeValue(v, time); }},
        {"--size", [=](const std::string& v) { return parseSizeValue(v, width, height); }},
        {"--tiles", [=](const std::string& v) -> std::optional<std::string> {
             if (v.empty())
                 return std::string("--tiles expects a directory, a TileJSON file or an http(s) URL");
             terrain->tiles = v;
             return std::nullopt;
         }},
        {"--tile-cache-mb", [=](const std::string& v) -> std::optional<std::string> {
             if (!parseInt(v, &terrain->cacheMegabytes) || terrain->cacheMegabytes < 16 || terrain->cacheMegabytes > 65536)
                 return "--tile-cache-mb expects megabytes from 16 to 65536, got '" + v + "'";
             return std::nullopt;
         }},
        {"--exaggeration", [=](const std::string& v) -> std::optional<std::string> {
             if (!parseDouble(v, &terrain->exaggeration) || terrain->exaggeration < 1 || terrain->exaggeration > 10)
                 return "--exaggeration expects a factor from 1 to 10, got '" + v + "'";
             return std::nullopt;
         }},
        {"--pixel-error", [=](const std::string& v) -> std::optional<std::string> {
             if (!parseDouble(v, &terrain->pixelError) || terrain->pixelError < 0.25 || terrain->pixelError > 64)
                 return "--pixel-error expects pixels from 0.25 to 64, got '" + v + "'";
             return std::nullopt;
         }},
    };
}

static std::optional<std::string> parseCount(const std::string& flag, const std::string& v, int* out) {
    if (!parseInt(v, out) || *out <= 0 || *out > 100000)
        return flag + " expects a whole number from 1 to 100000, got '" + v + "'";
    return std::nullopt;
}

static std::optional<std::string> parseShotTime(const std::string& v, double* out) {
    char* end = nullptr;
    *out = std::strtod(v.c_str(), &end);
    if (v.empty() || *end || !std::isfinite(*out) || *out < 0)
        return "--at expects seconds into the shot (a number >= 0), got '" + v + "'";
    return std::nullopt;
}

ParseResult parseViewOptions(const std::vector<std::string>& args, ViewOptions* o) {
    std::map<std::string, Handler> handlers =
        viewHandlers(&o->camera, &o->time, &o->width, &o->height, &o->terrain, &o->replay, &o->layers);
    handlers.insert({
        {"--screenshot", [&](const std::string& v) -> std::optional<std::string> {
             if (v.size() < 5 || v.substr(v.size() - 4) != ".png")
                 return "--screenshot expects a FILE.png, got '" + v + "'";
             o->screenshot = v;
             return std::nullopt;
         }},
        {"--frames", [&](const std::string& v) { return parseCount("--frames", v, &o->frames); }},
        {"--shot", [&](const std::string& v) { o->shot = v; return std::optional<std::string>(); }},
        {"--at", [&](const std::string& v) { return parseShotTime(v, &o->shotTime); }},
        {"--deck", [&](const std::string& v) { o->deck = v; return std::optional<std::string>(); }},
        {"--edit", [&](const std::string& v) -> std::optional<std::string> {
             if (v.empty() || v.back() == '/')
                 return "--edit expects a shot FILE.json, got '" + v + "'";
             o->edit = v;
             return std::nullopt;
         }},
        {"--annotate", [&](const std::string& v) -> std::optional<std::string> {
             o->annotate = true;
             o->annotation = v;
             return std::nullopt;
         }},
    });
    ParseResult r = parseFlags(args, handlers, {{"--annotate", &o->annotate}});
    if (r.ok && !r.help && !o->screenshot.empty() && o->frames == 0)
        o->frames = 3; // new ImGui windows are hidden on their first frame
    return r;
}

ParseResult parsePresentOptions(const std::vector<std::string>& args, ViewOptions* o) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h"))
        return {true, true, ""};
    if (args.empty() || args[0].empty() || args[0][0] == '-')
        return {false, false, "no deck given; expected kresy present DECK.json [OPTIONS]"};
    o->deck = args[0];
    o->present = true;
    return parseViewOptions(std::vector<std::string>(args.begin() + 1, args.end()), o);
}

ParseResult parseStillOptions(const std::vector<std::string>& args, StillOptions* o) {
    std::map<std::string, Handler> handlers =
        viewHandlers(&o->camera, &o->time, &o->width, &o->height, &o->terrain, &o->replay, &o->layers);
    handlers.insert({
        {"--out", [&](const std::string& v) -> std::optional<std::string> {
             if (v.size() < 5 || v.substr(v.size() - 4) != ".png")
                 return "--out expects a FILE.png, got '" + v + "'";
             o->out = v;
             return std::nullopt;
         }},
        {"--shot", [&](const std::string& v) { o->shot = v; return std::optional<std::string>(); }},
        {"--at", [&](const std::string& v) { return parseShotTime(v, &o->shotTime); }},
    });
    ParseResult r = parseFlags(args, handlers);
    if (r.ok && !r.help && o->out.empty()) {
        r.ok = false;
        r.error = "--out FILE.png is required";
    }
    return r;
}

} // namespace kresy

namespace kresy {

static std::optional<std::string> parseFrameRange(const std::string& v, int* first, int* last) {
    const size_t dash = v.find('-');
    int a = 0, b = -1;
    const bool ok = dash == std::string::npos ? parseInt(v, &a) && (b = a, true)
                                              : parseInt(v.substr(0, dash), &a) &&
                                                    (dash + 1 == v.size() || parseInt(v.substr(dash + 1), &b));
    if (!ok || a < 0 || (b >= 0 && b < a))
        return "--frames expects A-B with 0 <= A <= B (frames count from 0), 'A-' or 'N', got '" + v + "'";
    *first = a;
    *last = b;
    return std::nullopt;
}

static std::optional<std::string> parseRange(const std::string& flag, const std::string& v, int lo, int hi, int* out) {
    if (!parseInt(v, out) || *out < lo || *out > hi)
        return flag + " expects a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got '" +
               v + "'";
    return std::nullopt;
}

ParseResult parseRenderOptions(const std::vector<std::string>& args, RenderOptions* o) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h"))
        return {true, true, ""};
    if (args.empty() || args[0].empty() || args[0][0] == '-')
        return {false, false, "no shot given; expected kresy render SHOT.json --out PATH"};
    o->shot = args[0];
    Camera unusedCamera;
    Time unusedTime;
    std::map<std::string, Handler> handlers =
        viewHandlers(&unusedCamera, &unusedTime, &o->width, &o->height, &o->terrain, &o->replay, &o->layers);
    handlers.erase("--camera"); // the shot has the camera and the time
    handlers.erase("--time");
    bool png16 = false;
    handlers.insert({
        {"--out", [&](const std::string& v) -> std::optional<std::string> {
             OutputSpec spec;
             std::string why;
             if (!parseOutputPath(v, &spec, &why))
                 return "--out " + why;
             o->out = v;
             return std::nullopt;
         }},
        {"--camera-export", [&](const std::string& v) -> std::optional<std::string> {
             if (!cameraExportFormatForPath(v))
                 return "--camera-export expects FILE.py (Blender), FILE.jsx (After Effects) or FILE.json, got '" + v + "'";
             o->cameraExport = v;
             return std::nullopt;
         }},
        {"--fps", [&](const std::string& v) -> std::optional<std::string> {
             std::string why;
             if (!parseFrameRate(v, &o->fps, &why) || o->fps.value() < 1 || o->fps.value() > 240)
                 return "--fps expects frames per second from 1 to 240 (30, 29.97, 30000/1001), got '" + v + "'";
             return std::nullopt;
         }},
        {"--frames", [&](const std::string& v) { return parseFrameRange(v, &o->firstFrame, &o->lastFrame); }},
        {"--ssaa", [&](const std::string& v) { return parseRange("--ssaa", v, 1, 4, &o->ssaa); }},
        {"--max-tile", [&](const std::string& v) { return parseRange("--max-tile", v, 64, 16384, &o->maxTile); }},
        {"--motion-blur", [&](const std::string& v) { return parseRange("--motion-blur", v, 1, 64, &o->motionBlur); }},
        {"--shutter", [&](const std::string& v) -> std::optional<std::string> {
             if (!parseDouble(v, &o->shutterDeg) || o->shutterDeg <= 0 || o->shutterDeg > 360)
                 return "--shutter expects an angle above 0 and up to 360 degrees, got '" + v + "'";
             return std::nullopt;
         }},
        {"--crf", [&](const std::string& v) { return parseRange("--crf", v, 0, 51, &o->crf); }},
        {"--preset", [&](const std::string& v) -> std::optional<std::string> {
             static const char* const presets[] = {"ultrafast", "superfast", "veryfast", "faster", "fast",
                                                   "medium", "slow", "slower", "veryslow", "placebo"};
             if (std::find(std::begin(presets), std::end(presets), v) == std::end(presets))
                 return "--preset expects an x264/x265 preset (ultrafast ... medium ... veryslow), got '" + v + "'";
             o->preset = v;
             return std::nullopt;
         }},
        {"--codec", [&](const std::string& v) -> std::optional<std::string> {
             if (v != "h264" && v != "h265")
                 return "--codec expects h264 or h265, got '" + v + "'";
             o->codec = v == "h264" ? VideoCodec::H264 : VideoCodec::H265;
             return std::nullopt;
         }},
        {"--progress", [&](const std::string& v) -> std::optional<std::string> {
             if (v != "json" && v != "none")
                 return "--progress expects json or none, got '" + v + "'";
             o->progress = v == "json" ? RenderOptions::Progress::JsonLines : RenderOptions::Progress::None;
             return std::nullopt;
         }},
    });
    ParseResult r = parseFlags(std::vector<std::string>(args.begin() + 1, args.end()), handlers, {{"--png16", &png16}});
    if (!r.ok || r.help)
        return r;
    o->pngBits = png16 ? 16 : 8;
    if (o->out.empty() && o->cameraExport.empty())
        return {false, false, "--out PATH is required (or --camera-export FILE alone)"};
    if (o->width > 7680 || o->height > 4320)
        return {false, false, "--size " + std::to_string(o->width) + "x" + std::to_string(o->height) +
                                  " is larger than 7680x4320"};
    OutputSpec spec;
    std::string why;
    if (!o->out.empty() && parseOutputPath(o->out, &spec, &why)) {
        if (spec.kind == OutputSpec::Kind::Video && (o->width % 2 || o->height % 2))
            return {false, false, "--size " + std::to_string(o->width) + "x" + std::to_string(o->height) +
                                      " must be even in both directions for video (4:2:0 chroma)"};
        if (spec.kind == OutputSpec::Kind::Video && png16)
            return {false, false, "--png16 is for PNG sequences; " + o->out + " is a video"};
    }
    return r;
}

ParseResult parseBenchOptions(const std::vector<std::string>& args, BenchOptions* o) {
    std::map<std::string, Handler> handlers = {
        {"--size", [&](const std::string& v) { return parseSizeValue(v, &o->width, &o->height); }},
        {"--frames", [&](const std::string& v) { return parseCount("--frames", v, &o->frames); }},
        {"--runs", [&](const std::string& v) { return parseCount("--runs", v, &o->runs); }},
        {"--tiles", [&](const std::string& v) { o->tiles = v; return std::optional<std::string>(); }},
        {"--tile-cache-mb", [&](const std::string& v) -> std::optional<std::string> {
             if (!parseInt(v, &o->cacheMegabytes) || o->cacheMegabytes < 16 || o->cacheMegabytes > 65536)
                 return "--tile-cache-mb expects megabytes from 16 to 65536, got '" + v + "'";
             return std::nullopt;
         }},
        {"--minutes", [&](const std::string& v) -> std::optional<std::string> {
             if (!parseDouble(v, &o->minutes) || !(o->minutes > 0) || o->minutes > 24 * 60)
                 return "--minutes expects a length in minutes (more than 0, at most a day), got '" + v + "'";
             return std::nullopt;
         }},
    };
    ParseResult r = parseFlags(args, handlers, {{"--json", &o->json}});
    if (r.ok && !r.help && o->frames < 2)
        r = {false, false, "--frames needs at least 2 frames for a path"};
    return r;
}

} // namespace kresy

namespace kresy {

static std::optional<std::string> parseBoundsValue(const std::string& text, GeoBounds* b) {
    std::vector<std::string> parts = split(text, ',');
    double v[4];
    bool numbers = parts.size() == 4;
    for (size_t i = 0; numbers && i < 4; ++i)
        numbers = parseDouble(parts[i], &v[i]);
    if (!numbers)
        return "--bounds expects W,S,E,N in degrees (e.g. 12,45,34,58), got '" + text + "'";
    if (v[0] < -180 || v[2] > 180 || v[1] < -85.06 || v[3] > 85.06 || v[0] >= v[2] || v[1] >= v[3])
        return "--bounds " + text + " is not an area: needs -180 <= W < E <= 180 and -85 <= S < N <= 85";
    *b = {v[0], v[1], v[2], v[3]};
    return std::nullopt;
}

static std::optional<std::string> parseZoom(const std::string& flag, const std::string& v, int* out) {
    if (!parseInt(v, out) || *out < 0 || *out > 20)
        return flag + " expects a zoom from 0 to 20, got '" + v + "'";
    return std::nullopt;
}

ParseResult parseBakeOptions(const std::vector<std::string>& args, BakeCommandOptions* o) {
    std::map<std::string, Handler> handlers = {
        {"--out", [&](const std::string& v) -> std::optional<std::string> {
             if (v.empty())
                 return std::string("--out expects a directory");
             o->out = v;
             return std::nullopt;
         }},
        {"--srtm", [&](const std::string& v) { o->srtmDirs.push_back(v); return std::optional<std::string>(); }},
        {"--grid", [&](const std::string& v) -> std::optional<std::string> {
             if (v.size() < 6 || v.substr(v.size() - 5) != ".json")
                 return "--grid expects the grid's FILE.json sidecar, got '" + v + "'";
             o->gridFiles.push_back(v);
             return std::nullopt;
         }},
        {"--bounds", [&](const std::string& v) { return parseBoundsValue(v, &o->bounds); }},
        {"--minzoom", [&](const std::string& v) { return parseZoom("--minzoom", v, &o->minzoom); }},
        {"--maxzoom", [&](const std::string& v) { return parseZoom("--maxzoom", v, &o->maxzoom); }},
        {"--jobs", [&](const std::string& v) { return parseCount("--jobs", v, &o->jobs); }},
    };
    ParseResult r = parseFlags(args, handlers);
    if (r.ok && !r.help) {
        if (o->minzoom > o->maxzoom)
            r = {false, false, "--minzoom " + std::to_string(o->minzoom) + " is above --maxzoom " + std::to_string(o->maxzoom)};
    }
    return r;
}

ParseResult parseProbeOptions(const std::vector<std::string>& args, ProbeOptions* o) {
    // Points are positional: split them off first ("--tiles X" is the only flag).
    std::vector<std::string> flags;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i].rfind("-", 0) == 0 && !(args[i].size() > 1 && (std::isdigit((unsigned char)args[i][1]) || args[i][1] == '.'))) {
            flags.push_back(args[i]);
            if (args[i] == "--tiles" && i + 1 < args.size())
                flags.push_back(args[++i]);
            continue;
        }
        std::vector<std::string> parts = split(args[i], ',');
        GeoPoint p;
        if (parts.size() != 2 || !parseDouble(parts[0], &p.lat) || !parseDouble(parts[1], &p.lon) || std::abs(p.lat) > 90 ||
            std::abs(p.lon) > 180)
            return {false, false, "a point must be LAT,LON in degrees (e.g. 53.68,23.83), got '" + args[i] + "'"};
        o->points.push_back(p);
    }
    std::map<std::string, Handler> handlers = {
        {"--tiles", [&](const std::string& v) { o->tiles = v; return std::optional<std::string>(); }},
    };
    ParseResult r = parseFlags(flags, handlers);
    if (r.ok && !r.help && o->points.empty())
        r = {false, false, "no point given: expected LAT,LON..."};
    return r;
}

} // namespace kresy
