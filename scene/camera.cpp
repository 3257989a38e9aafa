#include "camera.h"

#include <algorithm>
#include <cmath>

namespace kresy {

glm::dvec3 headingPitchToDirection(double headingDeg, double pitchDeg) {
    double h = glm::radians(headingDeg), p = glm::radians(pitchDeg);
    return {std::sin(h) * std::cos(p), std::cos(h) * std::cos(p), std::sin(p)};
}

// Reverse-Z with an infinite far plane: depth 1 at the near plane falling to 0 at infinity,
// which keeps depth precision from a few metres to the horizon 2000 km away.
static glm::mat4 reverseZInfinitePerspective(double fovY, double aspect, double zNear) {
    double f = 1.0 / std::tan(fovY / 2);
    glm::mat4 m(0.0f);
    m[0][0] = float(f / aspect);
    m[1][1] = float(-f); // Vulkan clip space has y pointing down
    m[2][3] = -1.0f;
    m[3][2] = float(zNear);
    return m;
}

CameraView computeCameraView(const Camera& camera, const EnuFrame& scene, double aspect, double heightAboveGround) {
    CameraView v;
    v.eye = geodeticToEnu(scene, camera.position);
    v.altitude = camera.position.alt;
    GeoPoint ground{camera.position.lat, camera.position.lon, 0};
    v.localUp = glm::normalize(rotateEnuDirection(scene, ground, {0, 0, 1}));
    v.forward = glm::normalize(rotateEnuDirection(scene, ground, headingPitchToDirection(camera.headingDeg, camera.pitchDeg)));
    // Unrolled, right is horizontal: perpendicular to forward and the local up. Looking straight
    // down the heading still defines it.
    glm::dvec3 headingRight = rotateEnuDirection(scene, ground, headingPitchToDirection(camera.headingDeg + 90, 0));
    v.right = glm::normalize(headingRight - glm::dot(headingRight, v.forward) * v.forward);
    v.up = glm::cross(v.right, v.forward);
    if (camera.rollDeg != 0) { // skipped at 0 so an unrolled camera stays bit-identical
        double r = glm::radians(camera.rollDeg);
        glm::dvec3 right = v.right * std::cos(r) - v.up * std::sin(r);
        v.up = v.up * std::cos(r) + v.right * std::sin(r);
        v.right = right;
    }

    glm::dmat4 view(1.0);
    view[0][0] = v.right.x, view[1][0] = v.right.y, view[2][0] = v.right.z;
    view[0][1] = v.up.x, view[1][1] = v.up.y, view[2][1] = v.up.z;
    view[0][2] = -v.forward.x, view[1][2] = -v.forward.y, view[2][2] = -v.forward.z;
    v.view = glm::mat4(view);

    v.nearPlane = float(std::clamp(heightAboveGround * 0.2, 0.5, 2000.0));
    v.projection = reverseZInfinitePerspective(glm::radians(camera.fovDeg), aspect, v.nearPlane);
    v.viewProjection = v.projection * v.view;
    return v;
}

} // namespace kresy
