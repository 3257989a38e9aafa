#include "scene/camera.h"
#include "scene/camera_controller.h"
#include "scene/frame.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace kresy;

namespace {

const EnuFrame kScene = makeEnuFrame({51.5, 23.0, 0});

void expectNear(const glm::dvec3& a, const glm::dvec3& b, double tolerance) {
    EXPECT_NEAR(a.x, b.x, tolerance);
    EXPECT_NEAR(a.y, b.y, tolerance);
    EXPECT_NEAR(a.z, b.z, tolerance);
}

Camera cameraAt(double lat, double lon, double alt, double heading, double pitch) {
    Camera c;
    c.position = {lat, lon, alt};
    c.headingDeg = heading;
    c.pitchDeg = pitch;
    return c;
}

glm::dvec3 ndc(const CameraView& v, const glm::dvec3& sceneEnu) {
    glm::vec4 clip = v.viewProjection * glm::vec4(glm::vec3(sceneEnu - v.eye), 1.0f);
    return glm::dvec3(clip) / double(clip.w);
}

TEST(Camera, HeadingAndPitchAtTheSceneOrigin) {
    CameraView north = computeCameraView(cameraAt(51.5, 23.0, 1000, 0, 0), kScene, 16.0 / 9, 1000);
    expectNear(north.forward, {0, 1, 0}, 1e-9);
    expectNear(north.right, {1, 0, 0}, 1e-9);
    expectNear(north.up, {0, 0, 1}, 1e-9);
    expectNear(north.eye, {0, 0, 1000}, 1e-6);

    CameraView east = computeCameraView(cameraAt(51.5, 23.0, 1000, 90, -30), kScene, 16.0 / 9, 1000);
    expectNear(east.forward, {std::cos(glm::radians(30.0)), 0, -0.5}, 1e-9);
    expectNear(east.right, {0, -1, 0}, 1e-9);

    // Straight down still has a right vector: the heading's.
    CameraView down = computeCameraView(cameraAt(51.5, 23.0, 1000, 0, -90), kScene, 1, 1000);
    expectNear(down.forward, {0, 0, -1}, 1e-9);
    expectNear(down.right, {1, 0, 0}, 1e-9);
}

TEST(Camera, BasisIsOrthonormalAnywhereInTheRegion) {
    for (double lat = 45; lat <= 58; lat += 3.25)
        for (double lon = 12; lon <= 34; lon += 5.5)
            for (double heading : {0.0, 77.0, 181.0, 359.0})
                for (double pitch : {-89.0, -35.0, 0.0, 40.0}) {
                    CameraView v = computeCameraView(cameraAt(lat, lon, 5000, heading, pitch), kScene, 1.5, 5000);
                    EXPECT_NEAR(glm::length(v.forward), 1, 1e-9);
                    EXPECT_NEAR(glm::length(v.right), 1, 1e-9);
                    EXPECT_NEAR(glm::length(v.up), 1, 1e-9);
                    EXPECT_NEAR(glm::dot(v.forward, v.right), 0, 1e-9);
                    EXPECT_NEAR(glm::dot(v.forward, v.up), 0, 1e-9);
                    EXPECT_NEAR(glm::dot(v.right, v.localUp), 0, 1e-9) << "the horizon is not level (no roll)";
                }
}

// Far from the scene origin the camera's heading is measured in its own local frame:
// heading 0 at Lwów points at Lwów's north, not the scene's.
TEST(Camera, HeadingIsLocalToTheCamera) {
    GeoPoint lwow{49.84, 24.03, 2000};
    CameraView v = computeCameraView(cameraAt(lwow.lat, lwow.lon, lwow.alt, 0, 0), kScene, 1.5, 2000);
    glm::dvec3 ahead = geodeticToEnu(kScene, {lwow.lat + 0.01, lwow.lon, lwow.alt}) - v.eye;
    EXPECT_GT(glm::dot(glm::normalize(ahead), v.forward), 0.99999);
    expectNear(v.localUp, rotateEnuDirection(kScene, {lwow.lat, lwow.lon, 0}, {0, 0, 1}), 1e-9);
}

// Positive roll banks the camera right: its right axis dips, so the world's horizon on the
// right of the picture rises and the horizon tilts counter-clockwise on screen.
TEST(Camera, RollTurnsTheBasisAboutTheLineOfSight) {
    Camera level = cameraAt(51.5, 23.0, 1000, 0, 0);
    Camera banked = level;
    banked.rollDeg = 90;
    CameraView v = computeCameraView(banked, kScene, 1.5, 1000);
    expectNear(v.forward, {0, 1, 0}, 1e-9);
    expectNear(v.right, {0, 0, -1}, 1e-9);
    expectNear(v.up, {1, 0, 0}, 1e-9);

    banked.rollDeg = 20;
    CameraView tilted = computeCameraView(banked, kScene, 1.5, 1000);
    CameraView flat = computeCameraView(level, kScene, 1.5, 1000);
    expectNear(tilted.forward, flat.forward, 1e-12);
    EXPECT_NEAR(glm::dot(tilted.right, flat.right), std::cos(glm::radians(20.0)), 1e-9);
    EXPECT_LT(tilted.right.z, 0) << "the right edge dips";
    EXPECT_NEAR(glm::dot(tilted.forward, tilted.right), 0, 1e-9);
    EXPECT_NEAR(glm::dot(tilted.forward, tilted.up), 0, 1e-9);
    EXPECT_NEAR(glm::dot(glm::cross(tilted.right, tilted.forward), tilted.up), 1, 1e-9) << "right-handed";
    // A point on the horizon to the east, right of the axis, now sits above the centre of the
    // picture (Vulkan's y grows downwards) and one to the west below it.
    glm::dvec3 eastOfAxis = tilted.eye + glm::dvec3(300, 1000, 0);
    glm::dvec3 westOfAxis = tilted.eye + glm::dvec3(-300, 1000, 0);
    EXPECT_LT(ndc(tilted, eastOfAxis).y, -0.01);
    EXPECT_GT(ndc(tilted, westOfAxis).y, 0.01);
    EXPECT_NEAR(ndc(flat, eastOfAxis).y, 0, 1e-6);

    banked.rollDeg = 360;
    CameraView full = computeCameraView(banked, kScene, 1.5, 1000);
    expectNear(full.right, flat.right, 1e-9);
    expectNear(full.up, flat.up, 1e-9);
}

TEST(Camera, ReverseZProjection) {
    CameraView v = computeCameraView(cameraAt(51.5, 23.0, 1000, 0, 0), kScene, 2.0, 1000);
    // On the axis at the near plane: depth 1; farther away depth falls towards 0.
    glm::dvec3 atNear = ndc(v, v.eye + v.forward * double(v.nearPlane));
    EXPECT_NEAR(atNear.z, 1.0, 1e-5);
    EXPECT_NEAR(atNear.x, 0.0, 1e-6);
    glm::dvec3 far = ndc(v, v.eye + v.forward * 1.0e6);
    EXPECT_GT(far.z, 0.0);
    EXPECT_LT(far.z, 1e-3);
    EXPECT_GT(ndc(v, v.eye + v.forward * 5000.0).z, ndc(v, v.eye + v.forward * 6000.0).z);
    // Up on screen is -y in Vulkan's clip space; right is +x.
    EXPECT_LT(ndc(v, v.eye + v.forward * 1000.0 + v.up * 100.0).y, 0.0);
    EXPECT_GT(ndc(v, v.eye + v.forward * 1000.0 + v.right * 100.0).x, 0.0);
    // The vertical field of view: a point at half the fov above the axis lands on the top edge.
    double half = glm::radians(45.0) / 2;
    EXPECT_NEAR(ndc(v, v.eye + v.forward * 1000.0 + v.up * (1000.0 * std::tan(half))).y, -1.0, 1e-4);
}

TEST(Camera, NearPlaneFollowsHeightAboveGround) {
    EXPECT_LT(computeCameraView(cameraAt(51.5, 23, 200, 0, 0), kScene, 1, 50).nearPlane,
              computeCameraView(cameraAt(51.5, 23, 300000, 0, 0), kScene, 1, 300000).nearPlane);
    EXPECT_GE(computeCameraView(cameraAt(51.5, 23, 160, 0, 0), kScene, 1, 0.1).nearPlane, 0.5f);
}

TEST(FreeCamera, SpeedScalesWithHeightAboveGround) {
    for (double height : {200.0, 20000.0}) {
        Camera c = cameraAt(52.0, 23.0, 150 + height, 0, -30);
        CameraInput in;
        in.dt = 0.1;
        in.forward = 1;
        updateFreeCamera(c, in, 150);
        double moved = greatCircleDistance(52.0, 23.0, c.position.lat, c.position.lon);
        EXPECT_NEAR(moved, height * 0.1, height * 0.1 * 0.01) << "at " << height << " m";
        EXPECT_NEAR(c.position.lon, 23.0, 1e-9) << "heading 0 moves due north";
        EXPECT_NEAR(c.position.alt, 150 + height, 1e-9) << "W moves level";
    }
}

TEST(FreeCamera, NeverGoesBelowTheClearance) {
    Camera c = cameraAt(52.0, 23.0, 400, 0, -60);
    CameraInput in;
    in.dt = 1;
    in.up = -1;
    in.zoom = 50;
    for (int i = 0; i < 20; ++i)
        updateFreeCamera(c, in, 300);
    EXPECT_GE(c.position.alt, 300 + kMinClearance - 1e-9);
}

TEST(FreeCamera, ZoomFliesAlongTheView) {
    Camera c = cameraAt(52.0, 23.0, 10150, 90, -45);
    CameraInput in;
    in.zoom = 1;
    updateFreeCamera(c, in, 150);
    EXPECT_LT(c.position.alt, 10150);
    EXPECT_GT(c.position.lon, 23.0) << "heading east, so zooming in moves east";
    EXPECT_NEAR(c.position.lat, 52.0, 1e-6);
}

TEST(FreeCamera, MouseLookTurnsAndClampsPitch) {
    Camera c = cameraAt(52.0, 23.0, 1000, 350, 0);
    CameraInput in;
    in.lookDx = 100; // 15 degrees right
    in.lookDy = -10000;
    updateFreeCamera(c, in, 0);
    EXPECT_NEAR(c.headingDeg, 5, 1e-9);
    EXPECT_LT(c.pitchDeg, 90);
    EXPECT_GT(c.pitchDeg, 89);
}

TEST(FrameInput, SunIsUpOnAMorningAndDownAtNight) {
    Camera c = cameraAt(52.0, 23.0, 1000, 0, 0);
    Time morning = *parseIso8601("1939-09-17T09:00:00Z");
    Time night = *parseIso8601("1939-09-17T22:00:00Z");
    FrameInput day = makeFrameInput(c, kScene, morning, 320, 180, 150);
    EXPECT_GT(day.sunElevationDeg, 25);
    EXPECT_GT(glm::dot(day.sunDirection, day.camera.localUp), 0.4);
    EXPECT_GT(day.sunDirection.x, 0) << "the morning sun is east of south";
    EXPECT_LT(day.sunDirection.y, 0);
    FrameInput dark = makeFrameInput(c, kScene, night, 320, 180, 150);
    EXPECT_LT(dark.sunElevationDeg, -10);
    EXPECT_LT(glm::dot(dark.sunDirection, dark.camera.localUp), 0);
}

} // namespace
