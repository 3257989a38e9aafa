#include "scene/camera.h"
#include "scene/camera_controller.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <random>

using namespace kresy;

namespace {

constexpr double kGround = 150;
const HeightFunction kFlat = [](double, double) { return kGround; };

// Hills up to 390 m high and a few kilometres across, with ridges a kilometre apart.
double bumpy(double lat, double lon) {
    return 200 + 150 * std::sin(lat * 40) * std::cos(lon * 55) + 40 * std::sin(lat * 300 + lon * 170);
}

Camera cameraAt(double lat, double lon, double alt, double heading, double pitch) {
    Camera c;
    c.position = {lat, lon, alt};
    c.headingDeg = heading;
    c.pitchDeg = pitch;
    return c;
}

// The camera's basis in its own ENU frame.
CameraView viewOf(const Camera& c) { return computeCameraView(c, makeEnuFrame(c.position), 1.5, 1000); }

// A point's direction in the camera's (right, up, forward) coordinates: where it is on screen.
glm::dvec3 screenDirection(const Camera& c, const GeoPoint& p) {
    CameraView v = viewOf(c);
    glm::dvec3 d = glm::normalize(geodeticToEnu(makeEnuFrame(c.position), p) - v.eye);
    return {glm::dot(d, v.right), glm::dot(d, v.up), glm::dot(d, v.forward)};
}

double distanceTo(const Camera& c, const GeoPoint& p) {
    return glm::length(geodeticToEcef(c.position) - geodeticToEcef(p));
}

// Where the ray from the camera along `dirEnu` (in the camera's ENU frame) meets height h.
GeoPoint hitHeight(const Camera& c, const glm::dvec3& dirEnu, double h) {
    EnuFrame frame = makeEnuFrame(c.position);
    glm::dvec3 eye = geodeticToEnu(frame, c.position);
    double lo = 0, hi = 1e6;
    for (int i = 0; i < 60; ++i) {
        double mid = 0.5 * (lo + hi);
        (enuToGeodetic(frame, eye + dirEnu * mid).alt > h ? lo : hi) = mid;
    }
    return enuToGeodetic(frame, eye + dirEnu * lo);
}

// Runs `seconds` at `hz`, asking `input` for each frame's input at its start time.
void fly(FreeCameraController& ctl, Camera& c, double hz, double seconds, const HeightFunction& ground,
         const std::function<FreeCameraInput(double t, double dt)>& input, double start = 0) {
    int frames = int(std::lround(seconds * hz));
    for (int i = 0; i < frames; ++i) {
        double dt = 1 / hz;
        FreeCameraInput in = input(start + i * dt, dt);
        in.dt = dt;
        ctl.update(c, in, ground);
    }
}

// A flight with keys, a turn while moving, a climb and a release.
Camera scriptedFlight(double hz) {
    FreeCameraController ctl;
    Camera c = cameraAt(52.0, 23.0, kGround + 1000, 30, -20);
    fly(ctl, c, hz, 2.0, kFlat, [](double t, double dt) {
        FreeCameraInput in;
        if (t < 1.0 - 1e-6) {
            in.forward = 1;
            in.right = 0.5;
            in.lookDx = 200 * dt; // 200 pixels a second: 30 degrees a second
        }
        if (t >= 0.5 - 1e-6 && t < 1.0 - 1e-6)
            in.up = 1;
        return in;
    });
    return c;
}

TEST(FreeCameraController, DampingIsFrameRateIndependent) {
    Camera at60 = scriptedFlight(60);
    double travelled = greatCircleDistance(52.0, 23.0, at60.position.lat, at60.position.lon);
    EXPECT_GT(travelled, 900);
    EXPECT_NEAR(at60.headingDeg, 60, 1e-5) << "the whole drag is turned, however damped";
    for (double hz : {30.0, 144.0}) {
        Camera c = scriptedFlight(hz);
        EXPECT_LT(greatCircleDistance(c.position.lat, c.position.lon, at60.position.lat, at60.position.lon),
                  travelled * 0.002) << hz << " Hz";
        EXPECT_NEAR(c.position.alt, at60.position.alt, (at60.position.alt - kGround) * 0.002) << hz << " Hz";
        EXPECT_NEAR(c.headingDeg, at60.headingDeg, 1e-5) << hz << " Hz";
        EXPECT_NEAR(c.pitchDeg, at60.pitchDeg, 1e-5) << hz << " Hz";
    }
}

TEST(FreeCameraController, SpeedIsTheHeightPerSecondAndStopsWithinAFewTenths) {
    for (double height : {200.0, 20000.0}) {
        FreeCameraController ctl;
        Camera c = cameraAt(52.0, 23.0, kGround + height, 0, -30);
        auto forward = [](double, double) {
            FreeCameraInput in;
            in.forward = 1;
            return in;
        };
        fly(ctl, c, 60, 1.0, kFlat, forward); // up to speed
        GeoPoint before = c.position;
        fly(ctl, c, 60, 1.0, kFlat, forward);
        double moved = greatCircleDistance(before.lat, before.lon, c.position.lat, c.position.lon);
        EXPECT_NEAR(moved, height, height * 0.01) << "at " << height << " m";
        EXPECT_NEAR(c.position.lon, 23.0, 1e-9) << "heading 0 flies due north";
        EXPECT_NEAR(c.position.alt, kGround + height, 1e-6) << "W flies level";

        auto none = [](double, double) { return FreeCameraInput{}; };
        fly(ctl, c, 60, 1 / 60.0, kFlat, none);
        EXPECT_GT(ctl.velocity.y, 0.7) << "a release slows down, it does not stop dead";
        fly(ctl, c, 60, 0.3 - 1 / 60.0, kFlat, none);
        EXPECT_LT(ctl.velocity.y, 0.03) << "0.3 s after the release";
        GeoPoint coasting = c.position;
        fly(ctl, c, 60, 2.0, kFlat, none);
        EXPECT_LT(greatCircleDistance(coasting.lat, coasting.lon, c.position.lat, c.position.lon), height * 0.003);
        EXPECT_TRUE(ctl.idle());
    }
}

TEST(FreeCameraController, ShiftFliesFourTimesAsFast) {
    double moved[2];
    for (int fast = 0; fast < 2; ++fast) {
        FreeCameraController ctl;
        Camera c = cameraAt(52.0, 23.0, kGround + 500, 90, -30);
        fly(ctl, c, 60, 1.0, kFlat, [&](double, double) {
            FreeCameraInput in;
            in.forward = 1;
            in.fast = fast;
            return in;
        });
        moved[fast] = greatCircleDistance(52.0, 23.0, c.position.lat, c.position.lon);
    }
    EXPECT_NEAR(moved[1] / moved[0], 4, 1e-6);
}

TEST(FreeCameraController, OrbitKeepsThePivotsDistanceAndPlaceOnScreen) {
    Camera c = cameraAt(52.0, 23.0, kGround + 3000, 40, -35);
    // Off the centre of the picture: right of and above it.
    CameraView v = viewOf(c);
    GeoPoint pivot = hitHeight(c, glm::normalize(v.forward + 0.25 * v.right + 0.1 * v.up), kGround);
    const double d0 = distanceTo(c, pivot);
    const glm::dvec3 s0 = screenDirection(c, pivot);
    const double heading0 = c.headingDeg, pitch0 = c.pitchDeg;

    FreeCameraController ctl;
    double maxDistanceError = 0, maxScreenError = 0;
    for (int i = 0; i < 200; ++i) { // 1 s of dragging at 100 Hz, then 1 s coasting
        FreeCameraInput in;
        in.dt = 0.01;
        in.orbiting = i < 100;
        in.orbitPivot = pivot;
        if (in.orbiting) {
            in.orbitDx = 2; // right: the view turns right
            in.orbitDy = 0.5; // down: the view tilts down, the camera rises
        }
        ctl.update(c, in, kFlat);
        maxDistanceError = std::max(maxDistanceError, std::abs(distanceTo(c, pivot) - d0));
        maxScreenError = std::max(maxScreenError, glm::length(screenDirection(c, pivot) - s0));
    }
    EXPECT_LT(maxDistanceError, d0 * 1e-6);
    EXPECT_LT(maxScreenError, 1e-4);
    double turned = std::fmod(c.headingDeg - heading0 + 360, 360);
    EXPECT_NEAR(turned, 100 * 2 * kOrbitDegreesPerPixel, 1.0);
    EXPECT_LT(c.pitchDeg, pitch0 - 10);
    EXPECT_GT(c.position.alt, kGround + 3000);
    EXPECT_TRUE(ctl.idle());
    EXPECT_FALSE(ctl.pivot) << "the pivot is let go once the motion has stopped";
}

TEST(FreeCameraController, OrbitStopsAtThePivotsHorizonAndStraightDown) {
    Camera c = cameraAt(52.0, 23.0, kGround + 2000, 10, -40);
    GeoPoint pivot = hitHeight(c, viewOf(c).forward, kGround);
    const double d0 = distanceTo(c, pivot);
    FreeCameraController ctl;
    auto drag = [&](double dy) {
        for (int i = 0; i < 200; ++i) {
            FreeCameraInput in;
            in.dt = 1 / 60.0;
            in.orbiting = true;
            in.orbitPivot = pivot;
            in.orbitDy = dy;
            ctl.update(c, in, kFlat);
            ASSERT_GE(c.position.alt, kGround + kMinClearance - 1e-6);
            ASSERT_LE(std::abs(c.pitchDeg), kMaxPitchDeg + 1e-9);
        }
    };
    drag(-40); // up: the camera sinks towards the pivot's horizon
    glm::dvec3 offset = glm::normalize(geodeticToEcef(c.position) - geodeticToEcef(pivot));
    double elevation = glm::degrees(std::asin(glm::dot(offset, makeEnuFrame(pivot).enuToEcef[2])));
    EXPECT_GE(elevation, kOrbitMinElevationDeg - 1e-6);
    EXPECT_LT(elevation, kOrbitMinElevationDeg + 0.5);
    EXPECT_NEAR(distanceTo(c, pivot), d0, d0 * 1e-6);

    drag(40); // down: over the top, to straight down, and no farther
    EXPECT_LT(c.pitchDeg, -89);
    EXPECT_NEAR(std::remainder(c.headingDeg - 10, 360), 0, 0.01) << "the heading does not flip over the top";
    EXPECT_NEAR(distanceTo(c, pivot), d0, d0 * 1e-6);
}

TEST(FreeCameraController, LookClampsThePitch) {
    FreeCameraController ctl;
    Camera c = cameraAt(52.0, 23.0, 1000, 350, 0);
    FreeCameraInput in;
    in.dt = 1 / 60.0;
    in.lookDx = 100;    // 15 degrees right
    in.lookDy = -10000; // far up
    ctl.update(c, in, kFlat);
    in.lookDx = in.lookDy = 0;
    for (int i = 0; i < 60; ++i)
        ctl.update(c, in, kFlat);
    EXPECT_NEAR(c.headingDeg, 5, 1e-6);
    EXPECT_NEAR(c.pitchDeg, kMaxPitchDeg, 1e-9);
    in.lookDy = 20000;
    ctl.update(c, in, kFlat);
    in.lookDy = 0;
    for (int i = 0; i < 60; ++i)
        ctl.update(c, in, kFlat);
    EXPECT_NEAR(c.pitchDeg, -kMaxPitchDeg, 1e-9);
}

TEST(FreeCameraController, ZoomApproachesThePointButNeverPassesIt) {
    Camera c = cameraAt(52.0, 23.0, kGround + 2000, 0, -30);
    CameraView v = viewOf(c);
    GeoPoint target = hitHeight(c, glm::normalize(v.forward - 0.2 * v.right - 0.15 * v.up), kGround);
    const double d0 = distanceTo(c, target);
    const glm::dvec3 s0 = screenDirection(c, target);

    FreeCameraController ctl;
    auto notches = [&](double n, int frames) {
        for (int i = 0; i < frames; ++i) {
            FreeCameraInput in;
            in.dt = 1 / 60.0;
            if (i == 0) {
                in.zoom = n;
                in.zoomTarget = target;
            }
            double before = distanceTo(c, target);
            ctl.update(c, in, kFlat);
            ASSERT_LE(distanceTo(c, target), before + 1e-6) << "never away from the point";
            ASSERT_LT(glm::length(screenDirection(c, target) - s0), 1e-4) << "the point stays under the cursor";
            ASSERT_GE(c.position.alt, kGround + kMinClearance - 1e-6);
        }
    };
    notches(1, 60);
    EXPECT_NEAR(distanceTo(c, target), d0 * (1 - kZoomNotchFraction), d0 * 1e-3);
    EXPECT_TRUE(ctl.idle());
    for (int i = 0; i < 40; ++i)
        notches(3, 3);
    notches(0, 60);
    // Stopped by the clearance above the ground before the point.
    EXPECT_GT(distanceTo(c, target), kMinClearance);
    EXPECT_LT(c.position.alt, kGround + kMinClearance + 15);
    EXPECT_GT(glm::dot(geodeticToEcef(target) - geodeticToEcef(c.position),
                       makeEnuFrame(c.position).enuToEcef * viewOf(c).forward), 0) << "the point is still ahead";
}

TEST(FreeCameraController, ZoomIsFrameRateIndependentAndWithoutAPointFliesAlongTheView) {
    auto zoomed = [](double hz) {
        Camera c = cameraAt(52.0, 23.0, 10150, 90, -45);
        FreeCameraController ctl;
        fly(ctl, c, hz, 1.0, kFlat, [](double t, double) {
            FreeCameraInput in;
            in.zoom = t == 0 ? 2 : 0;
            return in;
        });
        return c;
    };
    Camera at60 = zoomed(60);
    EXPECT_LT(at60.position.alt, 10150 - 2500);
    EXPECT_GT(at60.position.lon, 23.0) << "heading east, so zooming in moves east";
    EXPECT_NEAR(at60.position.lat, 52.0, 1e-3);
    for (double hz : {30.0, 144.0}) {
        Camera c = zoomed(hz);
        EXPECT_LT(glm::length(geodeticToEcef(c.position) - geodeticToEcef(at60.position)), 0.5) << hz << " Hz";
    }
}

TEST(FreeCameraController, NeverBelowTheClearanceOverHillsWhateverTheInput) {
    for (unsigned seed : {1u, 2u, 3u}) {
        std::mt19937 rng(seed);
        std::uniform_real_distribution<double> unit(-1, 1), rate(20, 144);
        FreeCameraController ctl;
        Camera c = cameraAt(52.0, 23.0, 800, 0, -30);
        FreeCameraInput held;
        for (int frame = 0; frame < 3000; ++frame) {
            if (frame % 20 == 0) { // new keys and drags every 20 frames
                held = {};
                held.forward = std::round(unit(rng));
                held.right = std::round(unit(rng));
                held.up = unit(rng) < 0.3 ? -1 : std::round(unit(rng));
                held.fast = unit(rng) > 0.5;
                held.lookDx = 20 * unit(rng);
                held.lookDy = 20 * unit(rng);
                held.orbiting = unit(rng) > 0.3;
                held.orbitDx = 30 * unit(rng);
                held.orbitDy = 30 * unit(rng);
            }
            FreeCameraInput in = held;
            in.dt = 1 / rate(rng);
            CameraView v = viewOf(c);
            glm::dvec3 cursor = glm::normalize(v.forward + 0.3 * unit(rng) * v.right + 0.2 * unit(rng) * v.up);
            if (cursor.z < -0.05) {
                GeoPoint p = hitHeight(c, cursor, 0);
                p.alt = bumpy(p.lat, p.lon);
                in.orbitPivot = p;
                in.zoomTarget = p;
            }
            in.zoom = unit(rng) > 0.9 ? 3 * unit(rng) : 0;
            ctl.update(c, in, bumpy);
            ASSERT_TRUE(std::isfinite(c.position.lat) && std::isfinite(c.position.lon) && std::isfinite(c.position.alt));
            ASSERT_GE(c.position.alt, bumpy(c.position.lat, c.position.lon) + kMinClearance - 1e-6)
                << "seed " << seed << " frame " << frame;
            ASSERT_LE(c.position.alt, kMaxAltitude);
            ASSERT_LE(std::abs(c.pitchDeg), kMaxPitchDeg + 1e-9);
            ASSERT_TRUE(c.headingDeg >= 0 && c.headingDeg < 360);
        }
    }
}

TEST(FreeCameraController, BadInputMovesNothing) {
    FreeCameraController ctl;
    Camera c = cameraAt(52.0, 23.0, 1000, 10, -20);
    FreeCameraInput in;
    in.forward = 1;
    in.lookDx = 50;
    for (double dt : {0.0, -1.0, std::nan("")}) {
        in.dt = dt;
        ctl.update(c, in, kFlat);
    }
    EXPECT_EQ(c.position.lat, 52.0);
    EXPECT_EQ(c.headingDeg, 10.0);
    in.dt = 1 / 60.0;
    in.forward = std::nan("");
    in.lookDx = std::numeric_limits<double>::infinity();
    ctl.update(c, in, [](double, double) { return std::nan(""); });
    EXPECT_TRUE(ctl.idle());
    EXPECT_EQ(c.position.lat, 52.0);
    EXPECT_EQ(c.headingDeg, 10.0);
}

} // namespace
