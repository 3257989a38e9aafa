#pragma once
// Camera exports for compositing: a rendered shot's camera on every frame, and the replay's units
// as tracked points, written as a Blender script, an After Effects script or plain JSON, so that
// 3D elements added later line up with the film. docs/camera-export.md gives each format's axes.
//
// Coordinates are metres East-North-Up from `origin` (x east, y north, z up), a frame of the kind
// the renderer works in; the camera basis is the renderer's own (computeCameraView), roll included.

#include "core/geodesy.h"
#include "scene/camera.h"

#include <optional>
#include <string>
#include <vector>

namespace kresy {

struct TrackedPoint {
    std::string name;                             // any bytes; invalid UTF-8 is written as U+FFFD
    std::vector<std::optional<GeoPoint>> positions; // one per frame; nullopt: not visible then
};

struct CameraExport {
    std::string title; // the shot's
    int width = 1920, height = 1080;
    double fps = 30;    // may be fractional (29.97)
    int firstFrame = 0; // the frame number of cameras[0]
    GeoPoint origin;    // the scene origin
    std::vector<Camera> cameras; // one per frame
    std::vector<TrackedPoint> points;
};

enum class CameraExportFormat {
    Blender,         // .py: run in Blender (blender --python FILE, or the Text Editor)
    AfterEffectsJsx, // .jsx: File > Scripts > Run Script File
    JsonData,        // .json: the same data, plain
};

// The format a file name asks for by its extension (.py, .jsx, .json, any case); nullopt for
// anything else.
std::optional<CameraExportFormat> cameraExportFormatForPath(const std::string& path);

// The file's text: ASCII for the scripts (every name is an escaped string literal, so no name can
// become code), UTF-8 for JSON; the same bytes for the same input whatever the locale.
// Preconditions: width, height and fps positive; every number finite (a non-finite one is written
// as 0). Points should have one position per camera; extra positions are ignored.
std::string writeCameraExport(const CameraExport& exported, CameraExportFormat format);

} // namespace kresy
