#include "frame.h"

#include "core/sun.h"

#include <atomic>

namespace kresy {

uint64_t nextDrapeVersion() {
    static std::atomic<uint64_t> next{1};
    return next++;
}

FrameInput makeFrameInput(const Camera& camera, const EnuFrame& scene, Time time, int width, int height,
                          double groundHeight) {
    FrameInput f;
    f.width = width;
    f.height = height;
    f.time = time;
    f.scene = scene;
    f.camera = computeCameraView(camera, scene, double(width) / height, camera.position.alt - groundHeight);
    SunPosition sun = sunPosition(time, camera.position.lat, camera.position.lon);
    GeoPoint ground{camera.position.lat, camera.position.lon, 0};
    f.sunDirection = glm::normalize(rotateEnuDirection(scene, ground, headingPitchToDirection(sun.azimuthDeg, sun.elevationDeg)));
    f.sunElevationDeg = sun.elevationDeg;
    return f;
}

} // namespace kresy
