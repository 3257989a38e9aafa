#include "camera_export.h"

#include "core/utf8.h"

#include "core/json_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace kresy {
namespace {

constexpr double kPi = 3.14159265358979323846;
// Blender's default sensor; with a vertical sensor fit the lens gives the vertical field of view.
constexpr double kBlenderSensorHeightMm = 24;

// ---- text ----

// The code points of `bytes`, each maximal invalid subpart replaced with U+FFFD, as the WHATWG
// decoder (and Python's "replace") does, so every reader sees the same name.
std::u32string decodeUtf8(std::string_view bytes) {
    std::u32string out;
    char32_t code = 0;
    int needed = 0, seen = 0;
    unsigned lower = 0x80, upper = 0xBF;
    for (size_t i = 0; i < bytes.size(); ++i) {
        const unsigned b = static_cast<unsigned char>(bytes[i]);
        if (needed == 0) {
            if (b < 0x80) {
                out += char32_t(b);
            } else if (b >= 0xC2 && b <= 0xDF) {
                needed = 1, code = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                lower = b == 0xE0 ? 0xA0 : 0x80; // no overlong forms
                upper = b == 0xED ? 0x9F : 0xBF; // no surrogates
                needed = 2, code = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                lower = b == 0xF0 ? 0x90 : 0x80;
                upper = b == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
                needed = 3, code = b & 0x07;
            } else {
                out += U'\uFFFD';
            }
            continue;
        }
        if (b < lower || b > upper) { // the sequence ends early: this byte starts afresh
            needed = seen = 0, lower = 0x80, upper = 0xBF;
            out += U'\uFFFD';
            --i;
            continue;
        }
        lower = 0x80, upper = 0xBF;
        code = (code << 6) | (b & 0x3F);
        if (++seen == needed) {
            out += code;
            needed = seen = 0;
        }
    }
    if (needed != 0)
        out += U'\uFFFD';
    return out;
}

std::string validUtf8(std::string_view bytes) {
    std::string out;
    for (char32_t c : decodeUtf8(bytes))
        appendUtf8(out, c);
    return out;
}

// Characters that mean nothing inside a string literal in either language; everything else is
// escaped, so a literal is plain ASCII that no name can end early (quotes, backslashes, line
// breaks, U+2028, NUL, ...).
bool plainCharacter(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '_' ||
           c == '-' || c == '.' || c == ',';
}

void appendEscape(std::string* out, const char* prefix, uint32_t value, int digits) {
    static const char kHex[] = "0123456789abcdef";
    *out += prefix;
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4)
        *out += kHex[(value >> shift) & 0xF];
}

std::string pythonString(std::string_view bytes) {
    std::string out = "\"";
    for (char32_t c : decodeUtf8(bytes)) {
        if (plainCharacter(c))
            out += char(c);
        else if (c < 0x100)
            appendEscape(&out, "\\x", c, 2);
        else if (c < 0x10000)
            appendEscape(&out, "\\u", c, 4);
        else
            appendEscape(&out, "\\U", c, 8);
    }
    return out + "\"";
}

// ExtendScript is ES3: \uXXXX only, so code points above the BMP become surrogate pairs.
std::string jsString(std::string_view bytes) {
    std::string out = "\"";
    for (char32_t c : decodeUtf8(bytes)) {
        if (plainCharacter(c)) {
            out += char(c);
        } else if (c < 0x10000) {
            appendEscape(&out, "\\u", c, 4);
        } else {
            appendEscape(&out, "\\u", 0xD800 + ((c - 0x10000) >> 10), 4);
            appendEscape(&out, "\\u", 0xDC00 + ((c - 0x10000) & 0x3FF), 4);
        }
    }
    return out + "\"";
}

double finite(double v) { return std::isfinite(v) ? v + 0.0 : 0.0; } // + 0.0 turns -0 into 0

// The shortest text that reads back as the same double; std::to_chars ignores the locale.
std::string number(double v) {
    char text[32];
    auto end = std::to_chars(text, text + sizeof text, finite(v)).ptr;
    return std::string(text, end);
}

// Positions to a tenth of a millimetre: finer is noise, and shorter files load faster.
std::string metres(double v) { return number(std::round(finite(v) * 1e4) / 1e4); }

// ---- geometry ----

struct Frames {
    EnuFrame scene;
    std::vector<CameraView> views; // one per camera
};

Frames cameraFrames(const CameraExport& e) {
    Frames f{makeEnuFrame(e.origin), {}};
    const double aspect = double(e.width) / e.height;
    for (const Camera& camera : e.cameras)
        f.views.push_back(computeCameraView(camera, f.scene, aspect, camera.position.alt));
    return f;
}

double nearestTurn(double angle, double reference) {
    return angle + 2 * kPi * std::round((reference - angle) / (2 * kPi));
}

// Blender's XYZ Euler (its matrix is Rz·Ry·Rx) for the camera, of the equivalent triples the one
// closest to `previous`, so the F-curves do not jump by a turn between frames. A Blender camera
// looks down its local -Z with +Y up.
glm::dvec3 blenderEuler(const CameraView& v, const glm::dvec3& previous) {
    const glm::dmat3 r(v.right, v.up, -v.forward); // columns; r[column][row]
    const double cosY = std::hypot(r[0][0], r[0][1]);
    if (cosY < 1e-9) { // right points straight up or down: X and Z turn about one axis, keep Z
        const double z = previous.z;
        const double y = r[0][2] < 0 ? kPi / 2 : -kPi / 2;
        const double x = r[0][2] < 0 ? z + std::atan2(r[1][0], r[2][0]) : std::atan2(-r[1][0], -r[2][0]) - z;
        return {nearestTurn(x, previous.x), nearestTurn(y, previous.y), z};
    }
    const glm::dvec3 a{std::atan2(r[1][2], r[2][2]), std::atan2(-r[0][2], cosY), std::atan2(r[0][1], r[0][0])};
    const glm::dvec3 b{a.x + kPi, kPi - a.y, a.z + kPi}; // the same rotation
    glm::dvec3 best{0};
    double bestDistance = INFINITY;
    for (const glm::dvec3& e : {a, b}) {
        glm::dvec3 n{nearestTurn(e.x, previous.x), nearestTurn(e.y, previous.y), nearestTurn(e.z, previous.z)};
        glm::dvec3 d = glm::abs(n - previous);
        if (d.x + d.y + d.z < bestDistance)
            best = n, bestDistance = d.x + d.y + d.z;
    }
    return best;
}

// After Effects' world axes from ENU: x east, y down, z north. That is a rotation of ENU (x right,
// y down, z away from the viewer is right-handed), so the camera basis carries over unchanged.
glm::dvec3 afterEffectsAxes(const glm::dvec3& enu) { return {enu.x, -enu.z, enu.y}; }

double degrees360(double radians) {
    double d = std::fmod(radians * 180 / kPi, 360.0);
    d = d < 0 ? d + 360 : d;
    return d >= 360 ? 0 : d;
}

// The camera's Orientation in degrees, [0, 360). AE composes Rx·Ry·Rz (Z turns first) and its
// camera looks down its local +Z with +Y down the image. AE interpolates Orientation along the
// shortest path, so no continuity is needed.
glm::dvec3 afterEffectsOrientation(const CameraView& v) {
    const glm::dmat3 r(afterEffectsAxes(v.right), afterEffectsAxes(-v.up), afterEffectsAxes(v.forward));
    const double cosY = std::hypot(r[0][0], r[1][0]);
    if (cosY < 1e-9) { // looking straight east or west: X and Z turn about one axis, all in X
        const double sinY = r[2][0] > 0 ? 1 : -1;
        return {degrees360(std::atan2(sinY * r[0][1], r[1][1])), degrees360(sinY * kPi / 2), 0};
    }
    return {degrees360(std::atan2(-r[2][1], r[2][2])), degrees360(std::atan2(r[2][0], cosY)),
            degrees360(std::atan2(-r[1][0], r[0][0]))};
}

double halfFovTan(const Camera& c) { return std::tan(c.fovDeg * kPi / 360); }

size_t positionCount(const TrackedPoint& p, size_t frames) { return std::min(p.positions.size(), frames); }

// ---- Blender ----

const char* const kBlenderProgram = R"PY(

def rows(text):
    return [[float(v) for v in line.split()] for line in text.splitlines() if line]


def columns(text, count):
    table = list(zip(*rows(text)))
    return table if table else [()] * count


def fcurves(owner):
    # Blender 4.4 moved an action's F-curves into per-slot channelbags; 5.0 has no Action.fcurves.
    animation = owner.animation_data
    try:
        from bpy_extras.anim_utils import action_get_channelbag_for_slot
    except ImportError:
        return animation.action.fcurves
    return action_get_channelbag_for_slot(animation.action, animation.action_slot).fcurves


def key(owner, path, frames, values):
    # Keys component i of owner.<path> to values[i] on each frame. keyframe_insert makes the action
    # and its F-curves in any Blender version, but per frame it would recompute every handle each
    # time, quadratic in the frame count: the other keys are added in one go.
    if not frames:
        return
    owner.keyframe_insert(path, frame=frames[0])
    for curve in fcurves(owner):
        if curve.data_path != path:
            continue
        points = curve.keyframe_points
        points.add(len(frames) - len(points))
        co = []
        for frame, value in zip(frames, values[curve.array_index]):
            co += (frame, value)
        points.foreach_set("co", co)
        curve.update()


def replace_collection(title):
    # An earlier run for the same title made this collection (found by its tag, as Blender may
    # have shortened or renamed it): its objects go, so running the script again replaces them.
    for old in [c for c in bpy.data.collections if c.get("kresy_export") == title]:
        for obj in list(old.objects):
            data = obj.data
            bpy.data.objects.remove(obj, do_unlink=True)
            if data is not None and data.users == 0:
                bpy.data.cameras.remove(data)
        bpy.data.collections.remove(old)
    collection = bpy.data.collections.new("kresy: " + title)
    collection["kresy_export"] = title
    bpy.context.scene.collection.children.link(collection)
    return collection


scene = bpy.context.scene
scene.render.resolution_x, scene.render.resolution_y = WIDTH, HEIGHT
scene.render.resolution_percentage = 100
scene.render.pixel_aspect_x = scene.render.pixel_aspect_y = 1
scene.render.fps, scene.render.fps_base = FPS, FPS_BASE
scene.frame_start, scene.frame_end = FRAME_START, FRAME_END
scene.unit_settings.system = "METRIC"
scene.unit_settings.scale_length = 1

collection = replace_collection(TITLE)
name = TITLE or "kresy camera"
camera = bpy.data.objects.new(name, bpy.data.cameras.new(name))
collection.objects.link(camera)
camera.data.sensor_fit = "VERTICAL"
camera.data.sensor_height = SENSOR_HEIGHT
camera.data.clip_start, camera.data.clip_end = CLIP_START, CLIP_END
camera.rotation_mode = "XYZ"
scene.camera = camera
table = columns(CAMERA, 8)
key(camera, "location", table[0], table[1:4])
key(camera, "rotation_euler", table[0], table[4:7])
key(camera.data, "lens", table[0], table[7:8])

for point_name, text in POINTS:
    empty = bpy.data.objects.new(point_name, None)
    collection.objects.link(empty)
    empty.empty_display_type = "PLAIN_AXES"
    empty.empty_display_size = EMPTY_SIZE
    table = columns(text, 4)
    key(empty, "location", table[0], table[1:4])
    # Hidden while the unit is not visible: constant keys where that changes.
    visible = set(table[0])
    shown = None
    for frame in range(FRAME_START, FRAME_END + 1):
        if (frame in visible) != shown:
            shown = frame in visible
            empty.hide_viewport = empty.hide_render = not shown
            empty.keyframe_insert("hide_viewport", frame=frame)
            empty.keyframe_insert("hide_render", frame=frame)

scene.frame_set(FRAME_START)
)PY";

std::string writeBlender(const CameraExport& e, const Frames& f) {
    const size_t frames = f.views.size();
    const int fpsWhole = std::max(1, int(std::lround(e.fps)));
    std::string s = std::string("# kresy camera export for Blender: a camera keyed on every frame of the shot and an empty per\n"
                    "# tracked point. Run it with `blender --python FILE` or from Blender's Text Editor (Run Script);\n"
                    "# running it again replaces what it made (the collection \"kresy: TITLE\").\n"
                    "# Axes: x east, y north, z up, in metres East-North-Up from the scene origin at lat ") +
                    number(e.origin.lat) + ", lon " + number(e.origin.lon) + ",\n# alt " + number(e.origin.alt) +
                    " m above the WGS84 ellipsoid. Blender stores keys as 32-bit floats (a few mm at 100 km).\n"
                    "import bpy\n\n";
    s += std::string("TITLE = ") + pythonString(e.title) + "\n";
    s += std::string("WIDTH, HEIGHT = ") + std::to_string(e.width) + ", " + std::to_string(e.height) + "\n";
    s += std::string("FPS, FPS_BASE = ") + std::to_string(fpsWhole) + ", " + number(fpsWhole / e.fps) +
         "  # Blender's frame rate is FPS / FPS_BASE\n";
    s += std::string("FRAME_START, FRAME_END = ") + std::to_string(e.firstFrame) + ", " +
         std::to_string(e.firstFrame + std::max<int>(int(frames), 1) - 1) + "\n";
    s += std::string("SENSOR_HEIGHT = ") + number(kBlenderSensorHeightMm) + "  # mm; lens = SENSOR_HEIGHT / 2 / tan(vertical fov / 2)\n";
    s += "CLIP_START, CLIP_END = 1, 2000000  # metres: the renderer draws to the horizon\n";
    s += "EMPTY_SIZE = 25  # metres\n\n";

    s += "# One line per frame: frame, location x y z (m), rotation_euler XYZ (radians), lens (mm).\nCAMERA = (\n";
    glm::dvec3 euler{0};
    for (size_t i = 0; i < frames; ++i) {
        const CameraView& v = f.views[i];
        euler = blenderEuler(v, euler);
        s += std::string("    \"") + std::to_string(e.firstFrame + int(i)) + " " + metres(v.eye.x) + " " + metres(v.eye.y) + " " +
             metres(v.eye.z) + " " + number(euler.x) + " " + number(euler.y) + " " + number(euler.z) + " " +
             number(kBlenderSensorHeightMm / 2 / halfFovTan(e.cameras[i])) + "\\n\"\n";
    }
    s += "    \"\"\n)\n\n# Per tracked point: its name, and one line per frame it is visible on: frame, x y z (m).\nPOINTS = [\n";
    for (const TrackedPoint& p : e.points) {
        s += std::string("    (") + pythonString(p.name) + ", (\n";
        for (size_t i = 0; i < positionCount(p, frames); ++i) {
            if (!p.positions[i])
                continue;
            const glm::dvec3 at = geodeticToEnu(f.scene, *p.positions[i]);
            s += std::string("        \"") + std::to_string(e.firstFrame + int(i)) + " " + metres(at.x) + " " + metres(at.y) + " " +
                 metres(at.z) + "\\n\"\n";
        }
        s += "        \"\"\n    )),\n";
    }
    return s + "]\n" + kBlenderProgram;
}

// ---- After Effects ----

// ES3 throughout: ExtendScript has no let, const, arrow functions or template strings.
const char* const kAfterEffectsProgram = R"JS(
    function scaled(x, y, z) {
        return [x / METRES_PER_UNIT, y / METRES_PER_UNIT, z / METRES_PER_UNIT];
    }
    function transform(layer, matchName) {
        return layer.property("ADBE Transform Group").property(matchName);
    }

    app.beginUndoGroup("kresy camera export");
    var frames = Math.max(CAMERA.length, 1);
    var comp = app.project.items.addComp(TITLE || "kresy", WIDTH, HEIGHT, 1, frames / FPS, FPS);
    comp.displayStartTime = FIRST_FRAME / FPS;

    var camera = comp.layers.addCamera(TITLE || "kresy camera", [WIDTH / 2, HEIGHT / 2]);
    // Otherwise AE turns the camera towards its Point of Interest and ignores Orientation.
    camera.autoOrient = AutoOrientType.NO_AUTO_ORIENT;
    var times = [], positions = [], orientations = [], zooms = [];
    for (var i = 0; i < CAMERA.length; i++) {
        var row = CAMERA[i];
        times.push(i / FPS);
        positions.push(scaled(row[0], row[1], row[2]));
        orientations.push([row[3], row[4], row[5]]);
        zooms.push(row[6]);
    }
    if (times.length > 0) {
        transform(camera, "ADBE Position").setValuesAtTimes(times, positions);
        transform(camera, "ADBE Orientation").setValuesAtTimes(times, orientations);
        camera.property("ADBE Camera Options Group").property("ADBE Camera Zoom").setValuesAtTimes(times, zooms);
    }

    for (var p = 0; p < POINTS.length; p++) {
        var point = POINTS[p];
        var marker = comp.layers.addNull(comp.duration);
        marker.threeDLayer = true;
        marker.name = point.name;
        var pointTimes = [], pointPositions = [];
        for (var k = 0; k < point.rows.length; k++) {
            var r = point.rows[k];
            pointTimes.push(r[0] / FPS);
            pointPositions.push(scaled(r[1], r[2], r[3]));
        }
        if (pointTimes.length > 0)
            transform(marker, "ADBE Position").setValuesAtTimes(pointTimes, pointPositions);
        // Opacity 100 while the unit is visible and 0 while not, held between the changes.
        var opacity = transform(marker, "ADBE Opacity");
        var changeTimes = [], changeValues = [], shown = -1, next = 0;
        for (var f = 0; f < frames; f++) {
            var now = 0;
            if (next < point.rows.length && point.rows[next][0] === f) {
                now = 100;
                next++;
            }
            if (now !== shown) {
                changeTimes.push(f / FPS);
                changeValues.push(now);
                shown = now;
            }
        }
        opacity.setValuesAtTimes(changeTimes, changeValues);
        for (var key = 1; key <= opacity.numKeys; key++)
            opacity.setInterpolationTypeAtKey(key, KeyframeInterpolationType.HOLD);
    }
    app.endUndoGroup();
})();
)JS";

std::string writeAfterEffects(const CameraExport& e, const Frames& f) {
    const size_t frames = f.views.size();
    std::string s = std::string("// kresy camera export for After Effects: a composition with a camera keyed on every frame of the\n"
                    "// shot and a 3D null per tracked point. Run it with File > Scripts > Run Script File.\n"
                    "// Axes: AE x = east, AE y = down, AE z = north, from the scene origin at lat ") +
                    number(e.origin.lat) + ", lon " + number(e.origin.lon) + ",\n// alt " + number(e.origin.alt) +
                    " m above the WGS84 ellipsoid. One AE unit (pixel) is METRES_PER_UNIT metres: raise it to\n"
                    "// shrink the world uniformly; the view through the camera does not change.\n"
                    "(function () {\n";
    s += std::string("    var TITLE = ") + jsString(e.title) + ";\n";
    s += std::string("    var WIDTH = ") + std::to_string(e.width) + ", HEIGHT = " + std::to_string(e.height) + ", FPS = " +
         number(e.fps) + ", FIRST_FRAME = " + std::to_string(e.firstFrame) + ";\n";
    s += "    var METRES_PER_UNIT = 1;\n";
    s += "    // One row per frame: position x y z (metres, AE axes), Orientation x y z (degrees), Zoom (pixels).\n"
         "    var CAMERA = [";
    for (size_t i = 0; i < frames; ++i) {
        const CameraView& v = f.views[i];
        const glm::dvec3 at = afterEffectsAxes(v.eye), o = afterEffectsOrientation(v);
        s += std::string(i ? ",\n" : "\n") + "        [" + metres(at.x) + ", " + metres(at.y) + ", " + metres(at.z) +
             ", " + number(o.x) + ", " + number(o.y) + ", " + number(o.z) + ", " +
             number(e.height / 2.0 / halfFovTan(e.cameras[i])) + "]";
    }
    s += "\n    ];\n    // Per tracked point: its name, and a row per frame it is visible on: frame (from 0), x y z.\n"
         "    var POINTS = [";
    for (size_t n = 0; n < e.points.size(); ++n) {
        const TrackedPoint& p = e.points[n];
        s += std::string(n ? ",\n" : "\n") + "        { name: " + jsString(p.name) + ", rows: [";
        bool first = true;
        for (size_t i = 0; i < positionCount(p, frames); ++i) {
            if (!p.positions[i])
                continue;
            const glm::dvec3 at = afterEffectsAxes(geodeticToEnu(f.scene, *p.positions[i]));
            s += std::string(first ? "\n" : ",\n") + "            [" + std::to_string(i) + ", " + metres(at.x) + ", " +
                 metres(at.y) + ", " + metres(at.z) + "]";
            first = false;
        }
        s += first ? "] }" : "\n        ] }";
    }
    return s + "\n    ];\n" + kAfterEffectsProgram;
}

// ---- JSON ----

Json vec3(const glm::dvec3& v) { return Json::array({jsonNumber(finite(v.x)), jsonNumber(finite(v.y)), jsonNumber(finite(v.z))}); }

void addGeodetic(Json& object, const GeoPoint& p) {
    object["lat"] = jsonNumber(finite(p.lat));
    object["lon"] = jsonNumber(finite(p.lon));
    object["alt"] = jsonNumber(finite(p.alt));
}

std::string writeJson(const CameraExport& e, const Frames& f) {
    Json doc = Json::object();
    doc["format"] = "kresy camera export";
    doc["version"] = 1;
    doc["title"] = validUtf8(e.title);
    doc["width"] = e.width;
    doc["height"] = e.height;
    doc["fps"] = jsonNumber(finite(e.fps));
    doc["firstFrame"] = e.firstFrame;
    doc["frameCount"] = f.views.size();
    Json origin = Json::object();
    addGeodetic(origin, e.origin);
    doc["origin"] = origin;
    doc["axes"] = "x east, y north, z up: metres in the East-North-Up frame tangent to the WGS84 ellipsoid at origin";
    doc["camera"] = "looks along forward; up points to the top of the image and right to its right; fovDeg is "
                    "vertical; lat, lon in degrees, alt in metres above the WGS84 ellipsoid";
    Json frames = Json::array();
    for (size_t i = 0; i < f.views.size(); ++i) {
        const CameraView& v = f.views[i];
        const Camera& c = e.cameras[i];
        Json frame = Json::object();
        frame["frame"] = e.firstFrame + int(i);
        frame["position"] = vec3(v.eye);
        frame["right"] = vec3(v.right);
        frame["up"] = vec3(v.up);
        frame["forward"] = vec3(v.forward);
        frame["headingDeg"] = jsonNumber(finite(c.headingDeg));
        frame["pitchDeg"] = jsonNumber(finite(c.pitchDeg));
        frame["rollDeg"] = jsonNumber(finite(c.rollDeg));
        frame["fovDeg"] = jsonNumber(finite(c.fovDeg));
        addGeodetic(frame, c.position);
        frames.push_back(frame);
    }
    doc["frames"] = frames;
    Json points = Json::array();
    for (const TrackedPoint& p : e.points) {
        Json positions = Json::array();
        for (size_t i = 0; i < positionCount(p, f.views.size()); ++i) {
            if (!p.positions[i]) {
                positions.push_back(nullptr);
                continue;
            }
            Json at = Json::object();
            at["position"] = vec3(geodeticToEnu(f.scene, *p.positions[i]));
            addGeodetic(at, *p.positions[i]);
            positions.push_back(at);
        }
        points.push_back(Json{{"name", validUtf8(p.name)}, {"positions", positions}});
    }
    doc["points"] = points;
    return jsonFileText(doc);
}

} // namespace

std::optional<CameraExportFormat> cameraExportFormatForPath(const std::string& path) {
    std::string lower = path;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
    auto endsWith = [&](std::string_view ext) {
        return lower.size() > ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0 &&
               lower[lower.size() - ext.size() - 1] != '/';
    };
    if (endsWith(".py"))
        return CameraExportFormat::Blender;
    if (endsWith(".jsx"))
        return CameraExportFormat::AfterEffectsJsx;
    if (endsWith(".json"))
        return CameraExportFormat::JsonData;
    return std::nullopt;
}

std::string writeCameraExport(const CameraExport& exported, CameraExportFormat format) {
    const Frames frames = cameraFrames(exported);
    switch (format) {
    case CameraExportFormat::Blender:
        return writeBlender(exported, frames);
    case CameraExportFormat::AfterEffectsJsx:
        return writeAfterEffects(exported, frames);
    case CameraExportFormat::JsonData:
        break;
    }
    return writeJson(exported, frames);
}

} // namespace kresy
