// Camera exports: the geometry against the renderer's camera (computeCameraView), recomputed from
// the exported numbers by each program's documented convention; the scripts run for real (python3
// with a stand-in bpy, node with a stand-in After Effects object model); hostile names stay data.

#include "export/camera_export.h"

#include "../test_dir.h"
#include "core/json.h"

#include <gtest/gtest.h>

#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

using namespace kresy;

namespace {

constexpr double kPi = 3.14159265358979323846;
const GeoPoint kOrigin{51.5, 23.0, 0};
const std::string kReplacement = "\xEF\xBF\xBD"; // U+FFFD

Camera camera(double lat, double lon, double alt, double heading, double pitch, double roll, double fov = 45) {
    Camera c;
    c.position = {lat, lon, alt};
    c.headingDeg = heading, c.pitchDeg = pitch, c.rollDeg = roll, c.fovDeg = fov;
    return c;
}

// Cameras the conversions find hard: roll, straight down, the heading wrapping through north,
// looking straight east (After Effects' gimbal) and rolled on its side (Blender's gimbal).
std::vector<Camera> awkwardCameras() {
    return {camera(51.5, 23.0, 1500, 0, 0, 0),        camera(51.52, 23.1, 2500, 30, -25, 15, 30),
            camera(51.4, 22.9, 800, 200, -60, -40, 60), camera(51.5, 23.0, 4000, 0, -90, 0),
            camera(51.6, 23.3, 4000, 135, -90, 20),    camera(51.5, 23.0, 900, 359, -10, 0),
            camera(51.5, 23.0, 900, 1, -10, 0),        camera(51.5, 23.0, 1200, 90, 0, 0),
            camera(51.5, 23.0, 1200, 270, 0, 25),       camera(51.5, 23.0, 1200, 45, 0, 90),
            camera(51.5, 23.0, 1200, 45, 0, -90),      camera(50.9, 24.2, 12000, 310, 20, 170, 80)};
}

CameraExport sampleExport(std::vector<std::string> names = {"Alpha", "Beta", "Gamma"}) {
    CameraExport e;
    e.title = "Grodno";
    e.width = 1280, e.height = 720, e.fps = 29.97, e.firstFrame = 100;
    e.origin = kOrigin;
    e.cameras = awkwardCameras();
    const size_t frames = e.cameras.size();
    for (size_t n = 0; n < names.size(); ++n) {
        TrackedPoint p{names[n], {}};
        for (size_t i = 0; i < frames; ++i) {
            // The first is seen on two runs of frames, the second never, the others always.
            const bool visible = n == 0 ? (i < 3 || i >= 6) : n != 1;
            if (visible)
                p.positions.push_back(GeoPoint{51.5 + 0.01 * double(i), 23.0 + 0.02 * double(n), 100.0 * double(n)});
            else
                p.positions.push_back(std::nullopt);
        }
        e.points.push_back(p);
    }
    return e;
}

std::vector<CameraView> renderedViews(const CameraExport& e) {
    std::vector<CameraView> views;
    const EnuFrame scene = makeEnuFrame(e.origin);
    for (const Camera& c : e.cameras)
        views.push_back(computeCameraView(c, scene, double(e.width) / e.height, c.position.alt));
    return views;
}

void expectNear(const glm::dvec3& actual, const glm::dvec3& expected, double tolerance, const std::string& what) {
    EXPECT_NEAR(actual.x, expected.x, tolerance) << what;
    EXPECT_NEAR(actual.y, expected.y, tolerance) << what;
    EXPECT_NEAR(actual.z, expected.z, tolerance) << what;
}

std::vector<double> numbersIn(const std::string& text) {
    std::vector<double> out;
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        if ((*p >= '0' && *p <= '9') || *p == '-') {
            double v = 0;
            auto r = std::from_chars(p, end, v);
            if (r.ec == std::errc()) {
                out.push_back(v);
                p = r.ptr;
                continue;
            }
        }
        ++p;
    }
    return out;
}

// The numeric rows between the line opening `start` and the line `stop`.
std::vector<std::vector<double>> rowsBetween(const std::string& text, const std::string& start, const std::string& stop) {
    std::vector<std::vector<double>> rows;
    std::istringstream lines(text);
    std::string line;
    bool inside = false;
    while (std::getline(lines, line)) {
        if (!inside) {
            inside = line.find(start) != std::string::npos;
            continue;
        }
        if (line == stop)
            break;
        std::vector<double> row = numbersIn(line);
        if (!row.empty())
            rows.push_back(row);
    }
    return rows;
}

// Standard right-handed rotations (column vectors) about x, y and z.
glm::dmat3 rotX(double a) { return glm::dmat3(1, 0, 0, 0, std::cos(a), std::sin(a), 0, -std::sin(a), std::cos(a)); }
glm::dmat3 rotY(double a) { return glm::dmat3(std::cos(a), 0, -std::sin(a), 0, 1, 0, std::sin(a), 0, std::cos(a)); }
glm::dmat3 rotZ(double a) { return glm::dmat3(std::cos(a), std::sin(a), 0, -std::sin(a), std::cos(a), 0, 0, 0, 1); }

// ---- geometry ----

TEST(CameraExportBlender, LocationAndEulerReproduceTheRenderersCamera) {
    CameraExport e = sampleExport();
    std::vector<CameraView> views = renderedViews(e);
    auto rows = rowsBetween(writeCameraExport(e, CameraExportFormat::Blender), "CAMERA = (", ")");
    ASSERT_EQ(rows.size(), views.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].size(), 8u);
        const std::string what = std::string("frame ") + std::to_string(i);
        EXPECT_EQ(rows[i][0], e.firstFrame + double(i)) << what;
        expectNear({rows[i][1], rows[i][2], rows[i][3]}, views[i].eye, 1e-4, what);
        // Blender's XYZ Euler is the matrix Rz·Ry·Rx; its camera looks down local -Z, +Y up.
        glm::dmat3 r = rotZ(rows[i][6]) * rotY(rows[i][5]) * rotX(rows[i][4]);
        expectNear(r * glm::dvec3(0, 0, -1), views[i].forward, 1e-6, what + " forward");
        expectNear(r * glm::dvec3(0, 1, 0), views[i].up, 1e-6, what + " up");
        expectNear(r * glm::dvec3(1, 0, 0), views[i].right, 1e-6, what + " right");
        // sensor_fit VERTICAL: the vertical field of view is 2·atan(sensor_height / 2 / lens).
        EXPECT_NEAR(2 * std::atan(24 / 2 / rows[i][7]) * 180 / kPi, e.cameras[i].fovDeg, 1e-9) << what;
    }
}

TEST(CameraExportBlender, EulersStayContinuousAcrossNorthAndTheGimbal) {
    CameraExport e = sampleExport({});
    e.cameras.clear();
    for (int step = 0; step <= 40; ++step) // heading 350 through 0 to 30, rolling, then onto its side
        e.cameras.push_back(camera(51.5, 23.0, 1000, std::fmod(350 + step, 360.0), -30 + step, 3 * step));
    auto rows = rowsBetween(writeCameraExport(e, CameraExportFormat::Blender), "CAMERA = (", ")");
    ASSERT_EQ(rows.size(), e.cameras.size());
    for (size_t i = 1; i < rows.size(); ++i)
        for (int axis = 4; axis < 7; ++axis) {
            EXPECT_LT(std::fabs(rows[i][axis] - rows[i - 1][axis]), 0.1) << "frame " << i << " axis " << axis - 4;
        }
}

TEST(CameraExportAfterEffects, PositionOrientationAndZoomReproduceTheRenderersCamera) {
    CameraExport e = sampleExport();
    std::vector<CameraView> views = renderedViews(e);
    const std::string jsx = writeCameraExport(e, CameraExportFormat::AfterEffectsJsx);
    auto rows = rowsBetween(jsx, "var CAMERA = [", "    ];");
    ASSERT_EQ(rows.size(), views.size());
    // AE's axes: x right (east), y down, z away from the viewer (north); back to ENU.
    auto toEnu = [](const glm::dvec3& ae) { return glm::dvec3(ae.x, ae.z, -ae.y); };
    for (size_t i = 0; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].size(), 7u);
        const std::string what = std::string("frame ") + std::to_string(i);
        expectNear(toEnu({rows[i][0], rows[i][1], rows[i][2]}), views[i].eye, 1e-4, what);
        // Orientation is applied Z first, then Y, then X (Rx·Ry·Rz); an AE camera looks down its
        // local +Z with +Y pointing down the image.
        for (int axis = 3; axis < 6; ++axis) {
            EXPECT_TRUE(rows[i][axis] >= 0 && rows[i][axis] < 360) << what << ": " << rows[i][axis];
        }
        const double deg = kPi / 180;
        glm::dmat3 r = rotX(rows[i][3] * deg) * rotY(rows[i][4] * deg) * rotZ(rows[i][5] * deg);
        expectNear(toEnu(r * glm::dvec3(0, 0, 1)), views[i].forward, 1e-6, what + " forward");
        expectNear(toEnu(r * glm::dvec3(0, -1, 0)), views[i].up, 1e-6, what + " up");
        expectNear(toEnu(r * glm::dvec3(1, 0, 0)), views[i].right, 1e-6, what + " right");
        // Zoom is the distance in pixels at which the comp's height spans the vertical fov.
        EXPECT_NEAR(2 * std::atan(e.height / 2.0 / rows[i][6]) / deg, e.cameras[i].fovDeg, 1e-9) << what;
    }
}

TEST(CameraExportAfterEffects, TrackedPointRowsAreTheUnitsInAeAxes) {
    CameraExport e = sampleExport();
    const std::string jsx = writeCameraExport(e, CameraExportFormat::AfterEffectsJsx);
    auto rows = rowsBetween(jsx, "var POINTS = [", "    ];");
    // Alpha's 9 visible frames, Gamma's 12 (Beta's are none); the name lines carry no numbers.
    ASSERT_EQ(rows.size(), 9u + 12u);
    const EnuFrame scene = makeEnuFrame(kOrigin);
    const std::vector<double>& last = rows.back();
    ASSERT_EQ(last.size(), 4u);
    EXPECT_EQ(last[0], 11);
    glm::dvec3 enu = geodeticToEnu(scene, *e.points[2].positions[11]);
    expectNear({last[1], last[2], last[3]}, {enu.x, -enu.z, enu.y}, 1e-4, "Gamma, last frame");
}

// ---- running the scripts ----

using kresy::test::ScratchDir;

void writeFile(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The tools are part of the test set-up (scripts/install-deps.sh installs them): a missing one
// fails the test rather than skipping it, so a check never silently stops running.
bool haveTool(const std::string& tool) {
    if (std::system((std::string("command -v ") + tool + " > /dev/null 2>&1").c_str()) == 0)
        return true;
    ADD_FAILURE() << tool << " is needed to run the exported scripts and is not on PATH: "
                  << "run scripts/install-deps.sh (Debian packages python3, nodejs)";
    return false;
}

// Runs `command` with its output in `log`; true if it exits with 0, else a failure with the log.
bool runCommand(const std::string& command, const std::string& log) {
    const int status = std::system((command + " > '" + log + "' 2>&1").c_str());
    if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return true;
    ADD_FAILURE() << command << " failed:\n" << readFile(log);
    return false;
}

Json readJsonFile(const std::string& path) { return Json::parse(readFile(path)); }

glm::dvec3 vecOf(const Json& a) { return {a[0].get<double>(), a[1].get<double>(), a[2].get<double>()}; }

// A stand-in for Blender's bpy: only the data model the export touches, strict about attribute
// names and values (as Blender's RNA is), so a misspelt property fails here too.
const char* const kFakeBpy = R"PY(
import os

CHANNELBAGS = os.environ.get("FAKE_BPY_API") == "channelbag"


def anything(v): return True
def number(v): return isinstance(v, (int, float)) and not isinstance(v, bool)
def integer(v): return isinstance(v, int) and not isinstance(v, bool)
def boolean(v): return isinstance(v, bool)
def one_of(*names): return lambda v: v in names
def vector(v): return len(v) == 3 and all(number(x) for x in v)


class Strict:
    FIELDS = {}

    def __setattr__(self, name, value):
        check = self.FIELDS.get(name)
        if check is None:
            raise AttributeError("%s has no writable attribute %r" % (type(self).__name__, name))
        if not check(value):
            raise ValueError("%s.%s cannot be %r" % (type(self).__name__, name, value))
        object.__setattr__(self, name, value)

    def _init(self, **values):
        for name, value in values.items():
            object.__setattr__(self, name, value)


class KeyframePoints:
    def __init__(self, curve):
        self.curve, self.co = curve, []

    def __len__(self):
        return len(self.co)

    def add(self, count):
        if not integer(count) or count < 0:
            raise ValueError("add(%r)" % (count,))
        self.co += [[0.0, 0.0] for _ in range(count)]
        self.curve.valid = False

    def foreach_set(self, attr, seq):
        if attr != "co" or len(seq) != 2 * len(self.co):
            raise ValueError("foreach_set(%r) with %d values for %d points" % (attr, len(seq), len(self.co)))
        self.co = [[float(seq[2 * i]), float(seq[2 * i + 1])] for i in range(len(self.co))]
        self.curve.valid = False


class FCurve:
    def __init__(self, path, index):
        self.data_path, self.array_index = path, index
        self.keyframe_points = KeyframePoints(self)
        self.valid = True  # sorted, handles computed

    def insert(self, frame, value):
        points = [p for p in self.keyframe_points.co if p[0] != frame] + [[float(frame), float(value)]]
        self.keyframe_points.co = sorted(points)
        self.valid = True

    def update(self):
        self.keyframe_points.co.sort(key=lambda p: p[0])
        self.valid = True


class Action:
    def __init__(self):
        self.curves, self.slot = [], object()

    def curve(self, path, index):
        for c in self.curves:
            if c.data_path == path and c.array_index == index:
                return c
        self.curves.append(FCurve(path, index))
        return self.curves[-1]

    def __getattr__(self, name):
        if name == "fcurves" and not CHANNELBAGS:
            return self.curves
        raise AttributeError(name)


class AnimData:
    def __init__(self):
        self.action = Action()

    def __getattr__(self, name):
        if name == "action_slot" and CHANNELBAGS:
            return self.action.slot
        raise AttributeError(name)


class ID(Strict):
    def __init__(self, name, **values):
        self._init(name=name, animation_data=None, props={}, **values)

    def get(self, key, default=None):
        return self.props.get(key, default)

    def __setitem__(self, key, value):
        self.props[key] = value

    def keyframe_insert(self, data_path, index=-1, frame=None, group="", options=set()):
        if not number(frame):
            raise ValueError("keyframe_insert needs a frame")
        value = getattr(self, data_path)
        if self.animation_data is None:
            self._init(animation_data=AnimData())
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        for i in (range(len(values)) if index == -1 else [index]):
            self.animation_data.action.curve(data_path, i).insert(frame, values[i])
        return True


class Camera(ID):
    FIELDS = {"lens": number, "sensor_fit": one_of("AUTO", "HORIZONTAL", "VERTICAL"), "sensor_height": number,
              "clip_start": number, "clip_end": number}

    def __init__(self, name):
        ID.__init__(self, name, lens=50.0, sensor_fit="AUTO", sensor_height=24.0, clip_start=0.1, clip_end=100.0)

    @property
    def users(self):
        return sum(1 for o in data.objects if o.data is self)


class Object(ID):
    FIELDS = {"location": vector, "rotation_euler": vector, "hide_viewport": boolean, "hide_render": boolean,
              "rotation_mode": one_of("QUATERNION", "XYZ", "XZY", "YXZ", "YZX", "ZXY", "ZYX", "AXIS_ANGLE"),
              "empty_display_type": one_of("PLAIN_AXES", "ARROWS", "SINGLE_ARROW", "CIRCLE", "CUBE", "SPHERE",
                                           "CONE", "IMAGE"),
              "empty_display_size": number}

    def __init__(self, name, object_data):
        ID.__init__(self, name, data=object_data, location=[0.0, 0.0, 0.0], rotation_euler=[0.0, 0.0, 0.0],
                    rotation_mode="XYZ", hide_viewport=False, hide_render=False, empty_display_type="PLAIN_AXES",
                    empty_display_size=1.0)


class Links:
    def __init__(self):
        self.items = []

    def __iter__(self):
        return iter(list(self.items))

    def __len__(self):
        return len(self.items)

    def link(self, item):
        if item in self.items:
            raise RuntimeError("%r already linked" % item.name)
        self.items.append(item)


class Collection(ID):
    def __init__(self, name):
        ID.__init__(self, name, objects=Links(), children=Links())


class IDs:
    def __init__(self, make):
        self.make, self.items = make, []

    def __iter__(self):
        return iter(list(self.items))

    def __len__(self):
        return len(self.items)

    def get(self, name, default=None):
        return next((x for x in self.items if x.name == name), default)

    def new(self, name, *args):
        if not isinstance(name, str):
            raise TypeError("a name must be a str")
        unique, n = name, 0
        while self.get(unique) is not None:
            n += 1
            unique = "%s.%03d" % (name, n)
        self.items.append(self.make(unique, *args))
        return self.items[-1]

    def remove(self, item, do_unlink=True):
        self.items.remove(item)
        for c in [context.scene.collection] + data.collections.items:
            for links in (c.objects, c.children):
                if item in links.items:
                    links.items.remove(item)


class Render(Strict):
    FIELDS = {"resolution_x": integer, "resolution_y": integer, "resolution_percentage": integer,
              "pixel_aspect_x": number, "pixel_aspect_y": number, "fps": integer, "fps_base": number}

    def __init__(self):
        self._init(resolution_x=1920, resolution_y=1080, resolution_percentage=50, pixel_aspect_x=1.0,
                   pixel_aspect_y=1.0, fps=24, fps_base=1.0)


class UnitSettings(Strict):
    FIELDS = {"system": one_of("NONE", "METRIC", "IMPERIAL"), "scale_length": number}


class Scene(Strict):
    FIELDS = {"frame_start": integer, "frame_end": integer, "camera": lambda v: isinstance(v, Object)}

    def __init__(self):
        self._init(render=Render(), collection=Collection("Scene Collection"), unit_settings=UnitSettings(),
                   frame_start=1, frame_end=250, camera=None, frame_current=1)

    def frame_set(self, frame):
        self._init(frame_current=frame)


class Data:
    def __init__(self):
        self.objects, self.cameras, self.collections = IDs(Object), IDs(Camera), IDs(Collection)


class Context:
    def __init__(self):
        self.scene = Scene()


data, context = Data(), Context()


def summary():
    def curves(owner):
        if owner is None or owner.animation_data is None:
            return {}
        return {"%s[%d]" % (c.data_path, c.array_index): {"keys": c.keyframe_points.co, "valid": c.valid}
                for c in owner.animation_data.action.curves}
    scene, render = context.scene, context.scene.render
    return {
        "scene": {"resolution": [render.resolution_x, render.resolution_y, render.resolution_percentage],
                  "fps": render.fps, "fps_base": render.fps_base, "frames": [scene.frame_start, scene.frame_end],
                  "frame_current": scene.frame_current, "camera": scene.camera.name if scene.camera else None,
                  "units": [scene.unit_settings.system, scene.unit_settings.scale_length]},
        "collections": [{"name": c.name, "tag": c.get("kresy_export"), "objects": [o.name for o in c.objects],
                         "in_scene": c in scene.collection.children.items} for c in data.collections],
        "cameras": len(data.cameras),
        "objects": [{"name": o.name, "camera": o.data is not None, "rotation_mode": o.rotation_mode,
                     "curves": curves(o), "data_curves": curves(o.data),
                     "data": None if o.data is None else [o.data.sensor_fit, o.data.sensor_height,
                                                          o.data.clip_start, o.data.clip_end]}
                    for o in data.objects],
    }
)PY";

const char* const kFakeAnimUtils = R"PY(
import os
if os.environ.get("FAKE_BPY_API") != "channelbag":
    raise ImportError("action_get_channelbag_for_slot came with Blender 4.4")


class Channelbag:
    def __init__(self, curves):
        self.fcurves = curves


def action_get_channelbag_for_slot(action, slot):
    return Channelbag(action.curves) if slot is action.slot else None
)PY";

// Runs the export `runs` times in the stand-in Blender, then writes bpy.summary() as JSON.
const char* const kBlenderRunner = R"PY(
import json, os, runpy, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpy
script, out, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
for _ in range(runs):
    runpy.run_path(script, run_name="__main__")
with open(out, "w") as f:
    json.dump(bpy.summary(), f, ensure_ascii=True)
)PY";

// The names in an export's TITLE and POINTS, and whether its syntax tree, with every string
// constant blanked, is the same as another export's: names can then only be data.
const char* const kAstCheck = R"PY(
import ast, json, sys


def shape(path):
    tree = ast.parse(open(path, encoding="ascii").read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
    return ast.dump(tree)


hostile, benign, out = sys.argv[1:4]
found = {"same_shape": shape(hostile) == shape(benign)}
for node in ast.parse(open(hostile, encoding="ascii").read()).body:
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
        if node.targets[0].id == "TITLE":
            found["title"] = node.value.value
        if node.targets[0].id == "POINTS":
            found["points"] = [point.elts[0].value for point in node.value.elts]
with open(out, "w") as f:
    json.dump(found, f, ensure_ascii=True)
)PY";

Json runBlender(const ScratchDir& dir, const std::string& script, const std::string& api, int runs) {
    writeFile(dir.path("fake/bpy.py"), kFakeBpy);
    writeFile(dir.path("fake/bpy_extras/__init__.py"), "");
    writeFile(dir.path("fake/bpy_extras/anim_utils.py"), kFakeAnimUtils);
    writeFile(dir.path("fake/run.py"), kBlenderRunner);
    writeFile(dir.path("export.py"), script);
    if (!runCommand(std::string("FAKE_BPY_API=") + api + " python3 '" + dir.path("fake/run.py") + "' '" + dir.path("export.py") +
                        "' '" + dir.path("summary.json") + "' " + std::to_string(runs),
                    dir.path("python.log")))
        return Json();
    return readJsonFile(dir.path("summary.json"));
}

const Json* objectNamed(const Json& summary, const std::string& name) {
    for (const Json& o : summary["objects"])
        if (o["name"] == name)
            return &o;
    return nullptr;
}

TEST(CameraExportBlender, RunsInPythonAndKeysEveryFrame) {
    if (!haveTool("python3"))
        return;
    CameraExport e = sampleExport();
    const std::string script = writeCameraExport(e, CameraExportFormat::Blender);
    std::vector<CameraView> views = renderedViews(e);
    const size_t frames = e.cameras.size();
    // Before Blender 4.4 (Action.fcurves) and from 4.4 on (channelbags; 5.0 has only those). Run
    // twice: the second run must replace the first's objects, not add to them.
    for (const std::string api : {"legacy", "channelbag"}) {
        SCOPED_TRACE(api);
        ScratchDir dir;
        Json s = runBlender(dir, script, api, 2);
        ASSERT_TRUE(s.is_object());
        EXPECT_EQ(s["scene"]["resolution"], Json::parse("[1280, 720, 100]"));
        EXPECT_EQ(s["scene"]["fps"], 30);
        EXPECT_NEAR(30 / s["scene"]["fps_base"].get<double>(), 29.97, 1e-12);
        EXPECT_EQ(s["scene"]["frames"], Json::array({100, 111}));
        EXPECT_EQ(s["scene"]["frame_current"], 100);
        EXPECT_EQ(s["scene"]["camera"], "Grodno");
        EXPECT_EQ(s["scene"]["units"], Json::parse("[\"METRIC\", 1]"));
        ASSERT_EQ(s["collections"].size(), 1u);
        EXPECT_EQ(s["collections"][0]["name"], "kresy: Grodno");
        EXPECT_EQ(s["collections"][0]["tag"], "Grodno");
        EXPECT_EQ(s["collections"][0]["in_scene"], true);
        EXPECT_EQ(s["collections"][0]["objects"], Json::parse(R"(["Grodno", "Alpha", "Beta", "Gamma"])"));
        EXPECT_EQ(s["cameras"], 1);
        ASSERT_EQ(s["objects"].size(), 4u);

        const Json* cam = objectNamed(s, "Grodno");
        ASSERT_NE(cam, nullptr);
        EXPECT_EQ((*cam)["rotation_mode"], "XYZ");
        EXPECT_EQ((*cam)["data"], Json::parse("[\"VERTICAL\", 24, 1, 2000000]"));
        ASSERT_EQ((*cam)["curves"].size(), 6u);
        for (const char* path : {"location[0]", "location[1]", "location[2]", "rotation_euler[0]",
                                 "rotation_euler[1]", "rotation_euler[2]"}) {
            const Json& curve = (*cam)["curves"][path];
            EXPECT_EQ(curve["keys"].size(), frames) << path;
            EXPECT_EQ(curve["valid"], true) << path;
        }
        ASSERT_EQ((*cam)["data_curves"].size(), 1u);
        EXPECT_EQ((*cam)["data_curves"]["lens[0]"]["keys"].size(), frames);
        for (size_t i = 0; i < frames; ++i) {
            for (int axis = 0; axis < 3; ++axis) {
                const Json& key = (*cam)["curves"][std::string("location[") + std::to_string(axis) + "]"]["keys"][i];
                EXPECT_EQ(key[0], 100.0 + double(i));
                EXPECT_NEAR(key[1].get<double>(), views[i].eye[axis], 1e-4);
            }
        }

        // Alpha: keyed on its 9 visible frames, hidden for frames 103-105 and shown again.
        const Json* alpha = objectNamed(s, "Alpha");
        ASSERT_NE(alpha, nullptr);
        EXPECT_EQ((*alpha)["data"], nullptr);
        EXPECT_EQ((*alpha)["curves"]["location[0]"]["keys"].size(), 9u);
        for (const char* path : {"hide_viewport[0]", "hide_render[0]"}) {
            EXPECT_EQ((*alpha)["curves"][path]["keys"], Json::parse("[[100, 0], [103, 1], [106, 0]]")) << path;
        }
        const Json* beta = objectNamed(s, "Beta");
        ASSERT_NE(beta, nullptr);
        EXPECT_FALSE((*beta)["curves"].contains("location[0]"));
        EXPECT_EQ((*beta)["curves"]["hide_render[0]"]["keys"], Json::parse("[[100, 1]]"));
        const Json* gamma = objectNamed(s, "Gamma");
        ASSERT_NE(gamma, nullptr);
        EXPECT_EQ((*gamma)["curves"]["location[2]"]["keys"].size(), frames);
        EXPECT_EQ((*gamma)["curves"]["hide_viewport[0]"]["keys"], Json::parse("[[100, 0]]"));
    }
}

struct HostileName {
    std::string raw;
    std::string expected; // what the program must end up with
};

// Names meant to break out of a string literal in Python or JavaScript, and bytes that are not
// UTF-8 (each maximal invalid subpart becomes one U+FFFD).
std::vector<HostileName> hostileNames(const std::string& marker) {
    const std::string r = kReplacement;
    auto same = [](const std::string& s) { return HostileName{s, s}; };
    return {same(std::string("\"); import os; os.system(\"touch ") + marker + "\") #"),
            same("'''\"\"\" + pwned() + '''"),
            same("\"); pwned(); (\""),
            same("' + pwned() + '"),
            same("*/ pwned(); /* </script><script>pwned()</script>"),
            same("line\nbreak\r\n\ttab"),
            same("back\\slash\\"),
            same("\\N{BULLET} \\x41 \\u0022 \\U0001F40D"),
            same("sep\xE2\x80\xA8" "ara\xE2\x80\xA9tors"),
            same(std::string("nul\0byte", 8)),
            same("snake \xF0\x9F\x90\x8D \xC5\x81\xC3\xB3" "d\xC5\xBA"),
            {"bad \xFF\xFE end", std::string("bad ") + r + r + " end"},
            {"overlong \xC0\x80", std::string("overlong ") + r + r},
            {"surrogate \xED\xA0\x80", std::string("surrogate ") + r + r + r},
            {"cut \xE2\x82", std::string("cut ") + r},
            {"cut \xE2\x82x", std::string("cut ") + r + "x"}};
}

CameraExport hostileExport(const std::vector<HostileName>& names, bool benign) {
    std::vector<std::string> raw;
    for (size_t i = 0; i < names.size(); ++i)
        raw.push_back(benign ? std::string("n") + std::to_string(i) : names[i].raw);
    CameraExport e = sampleExport(raw);
    e.title = benign ? "title" : names[0].raw + names[8].raw + names[11].raw;
    return e;
}

bool isAscii(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

TEST(CameraExportBlender, HostileNamesStayStringConstants) {
    if (!haveTool("python3"))
        return;
    ScratchDir dir;
    const std::string marker = dir.path("pwned");
    std::vector<HostileName> names = hostileNames(marker);
    const std::string hostile = writeCameraExport(hostileExport(names, false), CameraExportFormat::Blender);
    EXPECT_TRUE(isAscii(hostile));
    writeFile(dir.path("hostile.py"), hostile);
    writeFile(dir.path("benign.py"), writeCameraExport(hostileExport(names, true), CameraExportFormat::Blender));
    writeFile(dir.path("ast_check.py"), kAstCheck);
    ASSERT_TRUE(runCommand(std::string("python3 '") + dir.path("ast_check.py") + "' '" + dir.path("hostile.py") + "' '" +
                               dir.path("benign.py") + "' '" + dir.path("found.json") + "'",
                           dir.path("ast.log")));
    Json found = readJsonFile(dir.path("found.json"));
    EXPECT_EQ(found["same_shape"], true);
    EXPECT_EQ(found["title"], names[0].expected + names[8].expected + names[11].expected);
    ASSERT_EQ(found["points"].size(), names.size());
    for (size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(found["points"][i].get<std::string>(), names[i].expected) << "name " << i;
    }

    // Running it creates objects named exactly so, and nothing else happens.
    Json s = runBlender(dir, hostile, "channelbag", 1);
    ASSERT_TRUE(s.is_object());
    ASSERT_EQ(s["objects"].size(), names.size() + 1);
    for (size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(s["objects"][i + 1]["name"].get<std::string>(), names[i].expected) << "name " << i;
    }
    EXPECT_FALSE(std::filesystem::exists(marker));
}

// A stand-in for After Effects' scripting object model: only what the export touches, and strict
// (unknown properties and match names throw, as they would in AE).
const char* const kFakeAfterEffects = R"JS(
var records = { comps: [], pwned: 0, undo: [] };
function pwned() { records.pwned++; }
var AutoOrientType = { ALONG_PATH: 4212, CAMERA_OR_POINT_OF_INTEREST: 4213, NO_AUTO_ORIENT: 4214 };
var KeyframeInterpolationType = { LINEAR: 6612, BEZIER: 6613, HOLD: 6614 };

function strict(target, writable) {
    return new Proxy(target, {
        set: function (t, name, value) {
            if (writable.indexOf(name) < 0) throw new Error("cannot set " + String(name));
            t[name] = value;
            return true;
        },
        get: function (t, name) {
            if (!(name in t)) throw new Error("no property " + String(name));
            return t[name];
        }
    });
}

function finiteNumbers(value, count) {
    var list = count === 1 ? [value] : value;
    if (!(list instanceof Array) || list.length !== count) throw new Error("expected " + count + " values");
    for (var i = 0; i < list.length; i++)
        if (typeof list[i] !== "number" || !isFinite(list[i])) throw new Error("not a number: " + list[i]);
}

function property(matchName, dimensions, layer) {
    var p = { matchName: matchName, keys: [], numKeys: 0 };
    p.setValuesAtTimes = function (times, values) {
        if (!(times instanceof Array) || !(values instanceof Array) || times.length !== values.length)
            throw new Error("setValuesAtTimes needs two arrays of one length");
        for (var i = 0; i < times.length; i++) {
            finiteNumbers(times[i], 1);
            finiteNumbers(values[i], matchName === "ADBE Position" && !layer.threeDLayer ? 2 : dimensions);
            p.keys = p.keys.filter(function (k) { return k.time !== times[i]; });
            p.keys.push({ time: times[i], value: values[i], interpolation: KeyframeInterpolationType.LINEAR });
        }
        p.keys.sort(function (a, b) { return a.time - b.time; });
        p.numKeys = p.keys.length;
    };
    p.setInterpolationTypeAtKey = function (index, type) {
        if (index < 1 || index > p.numKeys) throw new Error("no key " + index);
        p.keys[index - 1].interpolation = type;
    };
    return p;
}

function group(children) {
    return { property: function (name) {
        if (!(name in children)) throw new Error("no property " + name);
        return children[name];
    } };
}

function layer(comp, kind, name) {
    var l = { kind: kind, name: name, threeDLayer: kind === "camera", groups: {} };
    if (kind === "camera") l.autoOrient = AutoOrientType.CAMERA_OR_POINT_OF_INTEREST;
    var t = {};
    t["ADBE Position"] = property("ADBE Position", 3, l);
    t["ADBE Orientation"] = property("ADBE Orientation", 3, l);
    if (kind === "camera") {
        t["ADBE Point of Interest"] = property("ADBE Point of Interest", 3, l);
        l.groups["ADBE Camera Options Group"] = group({ "ADBE Camera Zoom": property("ADBE Camera Zoom", 1, l) });
    } else {
        t["ADBE Opacity"] = property("ADBE Opacity", 1, l);
    }
    l.groups["ADBE Transform Group"] = group(t);
    l.transformProps = t;
    l.property = function (name) {
        if (!(name in l.groups)) throw new Error("no group " + name);
        return l.groups[name];
    };
    comp.layerList.push(l);
    return strict(l, kind === "camera" ? ["name", "autoOrient"] : ["name", "threeDLayer"]);
}

var app = { project: { items: { addComp: function (name, width, height, pixelAspect, duration, frameRate) {
    if (typeof name !== "string" || name === "") throw new Error("a comp needs a name");
    if (width % 1 || height % 1 || width < 4 || height < 4 || width > 30000 || height > 30000) throw new Error("size");
    if (!(duration > 0 && duration <= 10800) || !(frameRate >= 1 && frameRate <= 999)) throw new Error("time");
    var comp = { name: name, width: width, height: height, pixelAspect: pixelAspect, duration: duration,
                 frameRate: frameRate, displayStartTime: 0, layerList: [] };
    comp.layers = {
        addCamera: function (n, center) { finiteNumbers(center, 2); return layer(comp, "camera", n); },
        addNull: function (d) { finiteNumbers(d, 1); return layer(comp, "null", "Null"); }
    };
    records.comps.push(comp);
    return strict(comp, ["displayStartTime"]);
} } },
    beginUndoGroup: function (n) { records.undo.push("begin " + n); },
    endUndoGroup: function () { records.undo.push("end"); } };

function summary() {
    return { pwned: records.pwned, undo: records.undo, comps: records.comps.map(function (c) {
        return { name: c.name, width: c.width, height: c.height, pixelAspect: c.pixelAspect, duration: c.duration,
                 frameRate: c.frameRate, displayStartTime: c.displayStartTime, layers: c.layerList.map(function (l) {
                     var props = {};
                     Object.keys(l.transformProps).forEach(function (k) { props[k] = l.transformProps[k].keys; });
                     if (l.kind === "camera")
                         props["ADBE Camera Zoom"] = l.groups["ADBE Camera Options Group"].property("ADBE Camera Zoom").keys;
                     return { kind: l.kind, name: l.name, threeD: l.threeDLayer, autoOrient: l.autoOrient, props: props };
                 }) };
    }) };
}
)JS";

const char* const kNodeRunner = R"JS(
const fs = require("fs"), vm = require("vm");
const [prelude, script, out] = process.argv.slice(2);
vm.runInThisContext(fs.readFileSync(prelude, "utf8"), { filename: prelude });
vm.runInThisContext(fs.readFileSync(script, "utf8"), { filename: script });
fs.writeFileSync(out, JSON.stringify(vm.runInThisContext("summary()")));
)JS";

Json runAfterEffects(const ScratchDir& dir, const std::string& script) {
    writeFile(dir.path("prelude.js"), kFakeAfterEffects);
    writeFile(dir.path("run.js"), kNodeRunner);
    writeFile(dir.path("export.jsx"), script);
    if (!runCommand(std::string("node '") + dir.path("run.js") + "' '" + dir.path("prelude.js") + "' '" + dir.path("export.jsx") +
                        "' '" + dir.path("summary.json") + "'",
                    dir.path("node.log")))
        return Json();
    return readJsonFile(dir.path("summary.json"));
}

// ExtendScript is ES3: none of the later syntax may appear.
void expectEs3(const std::string& jsx) {
    for (const char* later : {"let ", "const ", "=>", "`", "class ", "..."}) {
        EXPECT_EQ(jsx.find(later), std::string::npos) << later;
    }
    EXPECT_TRUE(isAscii(jsx));
}

TEST(CameraExportAfterEffects, RunsInNodeAndKeysEveryFrame) {
    if (!haveTool("node"))
        return;
    CameraExport e = sampleExport();
    const std::string jsx = writeCameraExport(e, CameraExportFormat::AfterEffectsJsx);
    expectEs3(jsx);
    ScratchDir dir;
    Json s = runAfterEffects(dir, jsx);
    ASSERT_TRUE(s.is_object());
    EXPECT_EQ(s["pwned"], 0);
    EXPECT_EQ(s["undo"], Json::parse(R"(["begin kresy camera export", "end"])"));
    ASSERT_EQ(s["comps"].size(), 1u);
    const Json& comp = s["comps"][0];
    const size_t frames = e.cameras.size();
    EXPECT_EQ(comp["name"], "Grodno");
    EXPECT_EQ(comp["width"], 1280);
    EXPECT_EQ(comp["height"], 720);
    EXPECT_EQ(comp["pixelAspect"], 1);
    EXPECT_EQ(comp["frameRate"], 29.97);
    EXPECT_NEAR(comp["duration"].get<double>(), double(frames) / 29.97, 1e-12);
    EXPECT_NEAR(comp["displayStartTime"].get<double>(), 100 / 29.97, 1e-12);
    ASSERT_EQ(comp["layers"].size(), 4u);

    const Json& cam = comp["layers"][0];
    EXPECT_EQ(cam["kind"], "camera");
    EXPECT_EQ(cam["name"], "Grodno");
    EXPECT_EQ(cam["autoOrient"], 4214); // NO_AUTO_ORIENT, or Orientation would be ignored
    for (const char* p : {"ADBE Position", "ADBE Orientation", "ADBE Camera Zoom"}) {
        ASSERT_EQ(cam["props"][p].size(), frames) << p;
        EXPECT_NEAR(cam["props"][p][5]["time"].get<double>(), 5 / 29.97, 1e-12) << p;
    }
    EXPECT_EQ(cam["props"]["ADBE Point of Interest"].size(), 0u);
    std::vector<CameraView> views = renderedViews(e);
    const Json& position = cam["props"]["ADBE Position"][7]["value"];
    const glm::dvec3 ae = vecOf(position);
    expectNear({ae.x, ae.z, -ae.y}, views[7].eye, 1e-4, "camera position");
    EXPECT_NEAR(cam["props"]["ADBE Camera Zoom"][2]["value"].get<double>(), 360 / std::tan(glm::radians(30.0)), 1e-9);

    // Alpha: 9 position keys; opacity held at 100, 0 from frame 3, 100 from frame 6.
    const Json& alpha = comp["layers"][1];
    EXPECT_EQ(alpha["kind"], "null");
    EXPECT_EQ(alpha["name"], "Alpha");
    EXPECT_EQ(alpha["threeD"], true);
    EXPECT_EQ(alpha["props"]["ADBE Position"].size(), 9u);
    const Json& opacity = alpha["props"]["ADBE Opacity"];
    ASSERT_EQ(opacity.size(), 3u);
    EXPECT_EQ(opacity[0]["value"], 100);
    EXPECT_EQ(opacity[1]["value"], 0);
    EXPECT_NEAR(opacity[1]["time"].get<double>(), 3 / 29.97, 1e-12);
    EXPECT_EQ(opacity[2]["value"], 100);
    for (const Json& key : opacity) {
        EXPECT_EQ(key["interpolation"], 6614); // HOLD
    }
    EXPECT_EQ(comp["layers"][2]["props"]["ADBE Position"].size(), 0u);
    EXPECT_EQ(comp["layers"][2]["props"]["ADBE Opacity"].size(), 1u);
    EXPECT_EQ(comp["layers"][3]["props"]["ADBE Position"].size(), frames);
}

TEST(CameraExportAfterEffects, HostileNamesRoundTripAsData) {
    if (!haveTool("node"))
        return;
    ScratchDir dir;
    std::vector<HostileName> names = hostileNames(dir.path("pwned"));
    const std::string jsx = writeCameraExport(hostileExport(names, false), CameraExportFormat::AfterEffectsJsx);
    expectEs3(jsx);
    Json s = runAfterEffects(dir, jsx);
    ASSERT_TRUE(s.is_object());
    EXPECT_EQ(s["pwned"], 0);
    const Json& comp = s["comps"][0];
    EXPECT_EQ(comp["name"].get<std::string>(), names[0].expected + names[8].expected + names[11].expected);
    ASSERT_EQ(comp["layers"].size(), names.size() + 1);
    for (size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(comp["layers"][i + 1]["name"].get<std::string>(), names[i].expected) << "name " << i;
    }
}

// ---- JSON, file names, determinism, size ----

TEST(CameraExportJson, ParsesAndAgreesWithTheInputs) {
    std::vector<HostileName> names = hostileNames("/nonexistent");
    CameraExport e = hostileExport(names, false);
    std::vector<CameraView> views = renderedViews(e);
    Json doc = Json::parse(writeCameraExport(e, CameraExportFormat::JsonData));
    EXPECT_EQ(doc["format"], "kresy camera export");
    EXPECT_EQ(doc["title"].get<std::string>(), names[0].expected + names[8].expected + names[11].expected);
    EXPECT_EQ(doc["width"], 1280);
    EXPECT_EQ(doc["height"], 720);
    EXPECT_EQ(doc["fps"], 29.97);
    EXPECT_EQ(doc["firstFrame"], 100);
    EXPECT_EQ(doc["frameCount"], e.cameras.size());
    EXPECT_EQ(doc["origin"], Json::parse(R"({"lat": 51.5, "lon": 23, "alt": 0})"));
    EXPECT_NE(doc["axes"].get<std::string>().find("x east, y north, z up"), std::string::npos);
    ASSERT_EQ(doc["frames"].size(), e.cameras.size());
    for (size_t i = 0; i < e.cameras.size(); ++i) {
        const Json& f = doc["frames"][i];
        const Camera& c = e.cameras[i];
        EXPECT_EQ(f["frame"], 100 + int(i));
        auto vec = [&](const char* key) { return vecOf(f[key]); };
        expectNear(vec("position"), views[i].eye, 1e-9, "position");
        expectNear(vec("forward"), views[i].forward, 1e-15, "forward");
        expectNear(vec("up"), views[i].up, 1e-15, "up");
        expectNear(vec("right"), views[i].right, 1e-15, "right");
        EXPECT_EQ(f["headingDeg"], c.headingDeg);
        EXPECT_EQ(f["pitchDeg"], c.pitchDeg);
        EXPECT_EQ(f["rollDeg"], c.rollDeg);
        EXPECT_EQ(f["fovDeg"], c.fovDeg);
        EXPECT_EQ(f["lat"], c.position.lat);
        EXPECT_EQ(f["lon"], c.position.lon);
        EXPECT_EQ(f["alt"], c.position.alt);
    }
    ASSERT_EQ(doc["points"].size(), names.size());
    const EnuFrame scene = makeEnuFrame(kOrigin);
    for (size_t n = 0; n < names.size(); ++n) {
        const Json& p = doc["points"][n];
        EXPECT_EQ(p["name"].get<std::string>(), names[n].expected);
        ASSERT_EQ(p["positions"].size(), e.cameras.size());
        for (size_t i = 0; i < e.cameras.size(); ++i) {
            const std::optional<GeoPoint>& at = e.points[n].positions[i];
            EXPECT_EQ(p["positions"][i].is_null(), !at.has_value());
            if (at) {
                glm::dvec3 enu = geodeticToEnu(scene, *at);
                const Json& q = p["positions"][i];
                expectNear(vecOf(q["position"]), enu, 1e-9, "point");
                EXPECT_EQ(q["lat"], at->lat);
                EXPECT_EQ(q["lon"], at->lon);
            }
        }
    }
}

TEST(CameraExport, FormatComesFromTheExtension) {
    EXPECT_EQ(cameraExportFormatForPath("out/shot.py"), CameraExportFormat::Blender);
    EXPECT_EQ(cameraExportFormatForPath("SHOT.JSX"), CameraExportFormat::AfterEffectsJsx);
    EXPECT_EQ(cameraExportFormatForPath("a.b.Json"), CameraExportFormat::JsonData);
    EXPECT_EQ(cameraExportFormatForPath("shot.js"), std::nullopt);
    EXPECT_EQ(cameraExportFormatForPath("shot.py.txt"), std::nullopt);
    EXPECT_EQ(cameraExportFormatForPath("dir/.py"), std::nullopt);
    EXPECT_EQ(cameraExportFormatForPath(""), std::nullopt);
}

TEST(CameraExport, SameInputSameBytesWhateverTheLocale) {
    CameraExport e = sampleExport();
    for (CameraExportFormat format :
         {CameraExportFormat::Blender, CameraExportFormat::AfterEffectsJsx, CameraExportFormat::JsonData}) {
        const std::string first = writeCameraExport(e, format);
        EXPECT_EQ(writeCameraExport(e, format), first);
        // A decimal comma locale, where installed, must change nothing.
        for (const char* locale : {"de_DE.UTF-8", "fr_FR.UTF-8", "pl_PL.UTF-8"}) {
            if (std::setlocale(LC_ALL, locale)) {
                EXPECT_EQ(writeCameraExport(e, format), first) << locale;
            }
        }
        std::setlocale(LC_ALL, "C");
    }
}

TEST(CameraExport, TenThousandFramesMakeSaneFiles) {
    CameraExport e = sampleExport({"Alpha", "Beta"});
    e.cameras.clear();
    e.points[0].positions.clear();
    e.points[1].positions.clear();
    for (int i = 0; i < 10000; ++i) {
        e.cameras.push_back(camera(51.5 + i * 1e-5, 23.0, 3000 + i * 0.1, i * 0.05, -30, 0));
        e.points[0].positions.push_back(GeoPoint{51.6, 23.0 + i * 1e-6, 150});
        e.points[1].positions.push_back(std::nullopt);
    }
    for (CameraExportFormat format : {CameraExportFormat::Blender, CameraExportFormat::AfterEffectsJsx}) {
        const size_t size = writeCameraExport(e, format).size();
        EXPECT_LT(size, 2'500'000u) << "format " << int(format);
        EXPECT_GT(size, 500'000u) << "format " << int(format);
    }
}

} // namespace
