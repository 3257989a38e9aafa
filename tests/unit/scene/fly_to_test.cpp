#include "scene/fly_to.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

using namespace kresy;

namespace {

Camera cameraAt(double lat, double lon, double alt, double heading = 0, double pitch = -30, double fov = 45) {
    Camera c;
    c.position = {lat, lon, alt};
    c.headingDeg = heading;
    c.pitchDeg = pitch;
    c.fovDeg = fov;
    return c;
}

// A point `metres` east of (lat, lon) along the parallel's great circle, roughly.
Camera movedEast(const Camera& c, double metres) {
    Camera moved = c;
    moved.position.lon += glm::degrees(metres / (kEarthMeanRadius * std::cos(glm::radians(c.position.lat))));
    return moved;
}

bool finite(const Camera& c) {
    return std::isfinite(c.position.lat) && std::isfinite(c.position.lon) && std::isfinite(c.position.alt) &&
           std::isfinite(c.headingDeg) && std::isfinite(c.pitchDeg) && std::isfinite(c.rollDeg) &&
           std::isfinite(c.fovDeg);
}

void expectSameCamera(const Camera& a, const Camera& b, double metres, double degrees) {
    EXPECT_LT(glm::length(geodeticToEcef(a.position) - geodeticToEcef(b.position)), metres);
    double dh = std::fmod(std::abs(a.headingDeg - b.headingDeg), 360.0);
    EXPECT_LT(std::min(dh, 360 - dh), degrees);
    EXPECT_NEAR(a.pitchDeg, b.pitchDeg, degrees);
    EXPECT_NEAR(a.rollDeg, b.rollDeg, degrees);
    EXPECT_NEAR(a.fovDeg, b.fovDeg, degrees);
}

double metresBetween(const GeoPoint& a, const GeoPoint& b) {
    return greatCircleDistance(a.lat, a.lon, b.lat, b.lon);
}

TEST(ViewGroundPoint, HitsTheGroundBelowTheHorizonOnly) {
    std::optional<GeoPoint> below = viewGroundPoint(cameraAt(50, 20, 1000, 0, -90));
    ASSERT_TRUE(below);
    EXPECT_NEAR(below->lat, 50, 1e-9);
    EXPECT_NEAR(below->lon, 20, 1e-9);
    EXPECT_NEAR(below->alt, 0, 0.05);
    std::optional<GeoPoint> ahead = viewGroundPoint(cameraAt(50, 20, 1000, 90, -45));
    ASSERT_TRUE(ahead);
    EXPECT_NEAR(metresBetween(*ahead, {50, 20, 0}), 1000, 5); // the mean sphere vs the ellipsoid
    EXPECT_GT(ahead->lon, 20);
    EXPECT_FALSE(viewGroundPoint(cameraAt(50, 20, 1000, 0, 5)));
    EXPECT_FALSE(viewGroundPoint(cameraAt(50, 20, 1000, 0, -0.5))) << "above the horizon's dip from 1 km";

    // The focus of a camera looking at the sky is still ahead of it, at a bounded distance.
    ViewFocus sky = viewFocus(cameraAt(50, 20, 1000, 0, 10));
    EXPECT_GT(sky.distance, 1000);
    EXPECT_LE(sky.distance, 20 * 1000 + 1e-6);
    EXPECT_GT(sky.point.lat, 50);
}

TEST(FlyTo, StartsAndEndsExactlyAtTheCameras) {
    Camera from = cameraAt(50.0, 20.0, 2000, 10, -30, 50);
    Camera to = cameraAt(51.2, 23.5, 8000, 280, -50, 35);
    to.rollDeg = 10;
    FlyTo fly(from, to);
    ASSERT_GT(fly.duration(), 0);
    Camera start = fly.at(0), end = fly.at(fly.duration());
    EXPECT_EQ(start.position.lat, from.position.lat);
    EXPECT_EQ(start.position.alt, from.position.alt);
    EXPECT_EQ(start.headingDeg, from.headingDeg);
    EXPECT_EQ(end.position.lon, to.position.lon);
    EXPECT_EQ(end.pitchDeg, to.pitchDeg);
    EXPECT_EQ(end.rollDeg, to.rollDeg);
    EXPECT_EQ(end.fovDeg, to.fovDeg);
    // ...and gets there continuously.
    expectSameCamera(fly.at(1e-4 * fly.duration()), from, 0.1, 1e-4);
    expectSameCamera(fly.at((1 - 1e-4) * fly.duration()), to, 0.1, 1e-4);
    expectSameCamera(fly.at(1e-9), from, 1e-6, 1e-6);
    expectSameCamera(fly.at(fly.duration() - 1e-9), to, 1e-6, 1e-6);
}

TEST(FlyTo, ZoomsOutInTheMiddleOfALongMove) {
    Camera from = cameraAt(50.0, 19.0, 2000), to = movedEast(from, 300e3);
    FlyTo fly(from, to);
    double highest = 0;
    for (int i = 0; i <= 200; ++i)
        highest = std::max(highest, fly.at(fly.duration() * i / 200).position.alt);
    EXPECT_GT(highest, 10 * 2000) << "it should rise well above both ends to keep both in view";
}

// The point in the middle of the picture moves steadily from the first camera's to the second's.
TEST(FlyTo, TheGroundPointProgressesMonotonically) {
    Camera from = cameraAt(50.0, 19.0, 2000, 30, -35), to = cameraAt(51.0, 22.0, 900, 120, -25);
    FlyTo fly(from, to);
    GeoPoint start = *viewGroundPoint(from), end = *viewGroundPoint(to);
    double total = metresBetween(start, end);
    double previousFromStart = 0, previousToEnd = total;
    for (int i = 1; i <= 400; ++i) {
        std::optional<GeoPoint> g = viewGroundPoint(fly.at(fly.duration() * i / 400));
        ASSERT_TRUE(g) << "step " << i;
        double fromStart = metresBetween(start, *g), toEnd = metresBetween(*g, end);
        EXPECT_GE(fromStart, previousFromStart - 1e-3) << "step " << i;
        EXPECT_LE(toEnd, previousToEnd + 1e-3) << "step " << i;
        EXPECT_LT(fromStart + toEnd, total * 1.001) << "off the line at step " << i;
        previousFromStart = fromStart;
        previousToEnd = toEnd;
    }
    EXPECT_EQ(fly.anchorFraction(), 1) << "the cameras move as far as their foci: anchored on the focus";
    EXPECT_NEAR(previousToEnd, 0, 1e-3);
}

TEST(FlyTo, DurationGrowsWithDistance) {
    Camera from = cameraAt(50.0, 19.0, 2000);
    double previous = 0;
    for (double metres : {1e3, 10e3, 100e3, 300e3}) {
        double d = FlyTo(from, movedEast(from, metres)).duration();
        EXPECT_GT(d, previous) << metres << " m";
        previous = d;
    }
    double short1km = FlyTo(from, movedEast(from, 1e3)).duration();
    EXPECT_GT(short1km, 0.7);
    EXPECT_LT(short1km, 1.5);
    double long300km = FlyTo(from, movedEast(from, 300e3)).duration();
    EXPECT_GE(long300km, 4);
    EXPECT_LE(long300km, 6.5);
    EXPECT_LE(FlyTo(cameraAt(0, 0, 100), cameraAt(0, 150, 100)).duration(), kFlyToMaxSeconds);
}

TEST(FlyTo, TurningAndZoomingOnTheSpot) {
    Camera from = cameraAt(50.0, 20.0, 3000, 350, -40, 60);
    Camera to = from;
    to.headingDeg = 80;
    to.fovDeg = 20;
    FlyTo fly(from, to);
    EXPECT_GT(fly.duration(), kFlyToMinSeconds);
    EXPECT_EQ(fly.anchorFraction(), 0) << "the eye does not move: turn about it";
    for (int i = 0; i <= 100; ++i) {
        Camera c = fly.at(fly.duration() * i / 100);
        ASSERT_TRUE(finite(c));
        double h = c.headingDeg;
        EXPECT_TRUE(h >= 350 - 1e-9 || h <= 80 + 1e-9) << "the short way round, not through 180: " << h;
        EXPECT_LT(glm::length(geodeticToEcef(c.position) - geodeticToEcef(from.position)), 1e-6)
            << "the camera turns on the spot";
    }
    // A small step sideways while turning: the camera neither swings out nor climbs.
    Camera nearby = movedEast(to, 50);
    FlyTo sidestep(from, nearby);
    for (int i = 0; i <= 100; ++i) {
        Camera c = sidestep.at(sidestep.duration() * i / 100);
        EXPECT_LT(glm::length(geodeticToEcef(c.position) - geodeticToEcef(from.position)), 51);
        EXPECT_NEAR(c.position.alt, 3000, 1e-3);
    }
    // Moving the camera along its own line of sight is a pure zoom: the focus stays, the camera
    // moves monotonically towards it.
    Camera closer = cameraAt(50.0, 20.0, 1000, 0, -90);
    Camera farther = closer;
    farther.position.alt = 20000;
    FlyTo zoom(farther, closer);
    double previous = 1e9;
    for (int i = 0; i <= 50; ++i) {
        Camera c = zoom.at(zoom.duration() * i / 50);
        ASSERT_TRUE(finite(c));
        EXPECT_LE(c.position.alt, previous + 1e-6);
        EXPECT_NEAR(c.position.lat, 50.0, 1e-7);
        previous = c.position.alt;
    }
    // Nothing to do: no time, and no NaN.
    FlyTo stay(from, from);
    EXPECT_EQ(stay.duration(), 0);
    EXPECT_EQ(stay.at(0.3).position.lat, from.position.lat);
}

TEST(FlyTo, CamerasLookingAboveTheHorizon) {
    Camera from = cameraAt(50.0, 20.0, 500, 90, 10), to = cameraAt(50.5, 21.0, 300, 270, 2);
    FlyTo fly(from, to);
    for (int i = 0; i <= 100; ++i)
        ASSERT_TRUE(finite(fly.at(fly.duration() * i / 100)));
    EXPECT_EQ(fly.at(fly.duration()).position.lat, 50.5);
}

// --- Smooth follow -----------------------------------------------------------------------------

glm::dvec3 circling(double t) {
    return {100 * std::cos(2 * t), 100 * std::sin(2 * t), 5 * t};
}

glm::dvec3 followFor(double seconds, double dt, glm::dvec3 (*target)(double)) {
    SmoothFollow f;
    f.timeConstant = 0.3;
    f.reset(target(0));
    glm::dvec3 p = f.position;
    int steps = int(std::lround(seconds / dt));
    for (int i = 1; i <= steps; ++i)
        p = f.update(target(i * dt), dt);
    return p;
}

TEST(SmoothFollow, DoesNotDependOnTheFrameRate) {
    glm::dvec3 at60 = followFor(1, 1.0 / 60, circling), at30 = followFor(1, 1.0 / 30, circling);
    glm::dvec3 at144 = followFor(1, 1.0 / 144, circling);
    EXPECT_LT(glm::length(at60 - at30), 0.1) << "a 100 m circle";
    EXPECT_LT(glm::length(at60 - at144), 0.05);
    EXPECT_GT(glm::length(at60 - circling(1)), 10) << "it should be smoothing, not snapping";

    // Settling on a still target from rest: the critically damped response
    // 1 - (1 + t/T) e^(-t/T), at any frame rate.
    for (double dt : {1.0 / 30, 1.0 / 60, 0.25}) {
        SmoothFollow f;
        f.timeConstant = 0.3;
        f.reset({10, 0, 0});
        f.position = {0, 0, 0};
        glm::dvec3 p;
        for (int i = 0; i < int(std::lround(1.5 / dt)); ++i)
            p = f.update({10, 0, 0}, dt);
        double x = 1.5 / 0.3;
        EXPECT_NEAR(p.x, 10 * (1 - (1 + x) * std::exp(-x)), 1e-9) << "dt " << dt;
    }
}

TEST(SmoothFollow, FollowsAConstantVelocityWithABoundedLag) {
    SmoothFollow f;
    f.timeConstant = 0.4;
    glm::dvec3 velocity(30, -10, 2);
    f.update({0, 0, 0}, 0); // the first update jumps to the target
    double worst = 0;
    for (int i = 1; i <= 600; ++i) {
        glm::dvec3 target = velocity * (i / 60.0);
        glm::dvec3 p = f.update(target, 1.0 / 60);
        worst = std::max(worst, glm::length(target - p));
    }
    double steady = 2 * glm::length(velocity) * 0.4;
    EXPECT_LE(worst, steady * (1 + 1e-9));
    glm::dvec3 lag = velocity * 10.0 - f.position;
    EXPECT_NEAR(glm::length(lag), steady, 1e-3 * steady);
    EXPECT_GT(glm::dot(glm::normalize(lag), glm::normalize(velocity)), 1 - 1e-9) << "behind it, not beside it";
    EXPECT_NEAR(glm::length(f.velocity - velocity), 0, 1e-3);
}

TEST(SmoothFollow, IgnoresBadInput) {
    SmoothFollow f;
    f.reset({1, 2, 3});
    EXPECT_EQ(f.update({5, 5, 5}, 0), glm::dvec3(1, 2, 3));
    EXPECT_EQ(f.update({5, 5, 5}, -1), glm::dvec3(1, 2, 3));
    EXPECT_EQ(f.update({std::nan(""), 0, 0}, 0.1), glm::dvec3(1, 2, 3));
    glm::dvec3 p = f.update({5, 5, 5}, 0.1);
    EXPECT_TRUE(std::isfinite(p.x) && p.x > 1 && p.x < 5);
}

} // namespace
