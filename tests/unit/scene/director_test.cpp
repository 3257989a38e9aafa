// The director: fly-to with the date moving along, a shot played to its end, and a followed unit
// kept in view without jitter when its track turns a corner.
#include "scene/camera_controller.h"
#include "scene/director.h"

#include <gtest/gtest.h>

namespace kresy {
namespace {

Camera cameraAt(double lat, double lon, double alt, double heading = 0, double pitch = -40) {
    Camera c;
    c.position = {lat, lon, alt};
    c.headingDeg = heading;
    c.pitchDeg = pitch;
    return c;
}

double flat(double, double) { return 150; }

TEST(Director, AFlightEndsAtItsTargetWithTheDateMovedAlong) {
    Director d;
    const Camera from = cameraAt(52, 23, 5000), to = cameraAt(53.7, 23.8, 20000, 20, -35);
    startFlight(d, from, to, 1000.0, 5000.0);
    Camera camera = from;
    Time time = 1000;
    Time previous = time;
    int frames = 0;
    while (advanceDirector(d, 1.0 / 60, &camera, &time, {}, {}, flat)) {
        EXPECT_GE(time, previous) << "the date went backwards";
        previous = time;
        ASSERT_LT(++frames, 60 * 20) << "the flight never ended";
    }
    EXPECT_EQ(d.mode, DirectorMode::Free);
    EXPECT_GT(frames, 60); // more than a second for 190 km
    EXPECT_NEAR(camera.position.lat, to.position.lat, 1e-9);
    EXPECT_NEAR(camera.position.alt, to.position.alt, 1e-6);
    EXPECT_NEAR(camera.headingDeg, to.headingDeg, 1e-6);
    EXPECT_EQ(time, 5000);
}

TEST(Director, AShotPlaysToItsEndAndSetsTheCampaignTime) {
    Shot shot;
    ShotKey a, b;
    a.position = {52, 23, 3000};
    b.position = {52.1, 23.1, 3000};
    b.time = 4;
    a.campaignTime = Timestamp{0, ""};
    b.campaignTime = Timestamp{86400, ""};
    shot.keys = {a, b};
    Director d;
    startShot(d, std::make_shared<CameraPath>(shot));
    Camera camera;
    Time time = -1;
    advanceDirector(d, 2, &camera, &time, {}, {}, flat);
    EXPECT_NEAR(time, 43200, 1e-6); // half way
    EXPECT_NEAR(camera.position.alt, 3000, 1e-6);
    advanceDirector(d, 2.5, &camera, &time, {}, {}, flat);
    EXPECT_EQ(d.mode, DirectorMode::Free);
    EXPECT_NEAR(camera.position.lat, 52.1, 1e-9);
    EXPECT_EQ(time, 86400);
}

TEST(Director, TheCameraNeverGoesBelowTheGround) {
    Shot shot;
    ShotKey a, b;
    a.position = {52, 23, 100}; // below the 150 m plain
    b.position = {52.01, 23, 100};
    b.time = 1;
    shot.keys = {a, b};
    Director d;
    startShot(d, std::make_shared<CameraPath>(shot));
    Camera camera;
    Time time = 0;
    advanceDirector(d, 0.5, &camera, &time, {}, {}, flat);
    EXPECT_GE(camera.position.alt, 150 + kMinClearance);
}

// A unit driving north for an hour, then east: the chase camera stays behind it and turns with
// it smoothly; no frame jumps.
TEST(Director, FollowingAUnitRoundACornerIsSmooth) {
    const double speed = 20.0 / 3600; // x / 20: 1/3600 degree, 31 m, per second of campaign time
    UnitLocator locate = [&](int unit, Time t) -> std::optional<UnitPlace> {
        if (unit != 7 || t < 0 || t > 7200)
            return std::nullopt;
        if (t < 3600)
            return UnitPlace{{52 + speed * t / 20, 23, 150}, 0};
        return UnitPlace{{52 + speed * 3600 / 20, 23 + speed * (t - 3600) / 20, 150}, 90};
    };
    Director d;
    startFollow(d, 7, FollowStyle::Chase, 3000);
    Camera camera;
    Time time = 3000;
    Camera previous;
    bool first = true;
    double largestStep = 0;
    for (int frame = 0; frame < 60 * 20; ++frame) { // 20 s at 60 Hz, campaign time at 1 min/s
        time += 60.0 / 60;
        ASSERT_TRUE(advanceDirector(d, 1.0 / 60, &camera, &time, {}, locate, flat));
        if (!first) {
            const double step = greatCircleDistance(camera.position.lat, camera.position.lon, previous.position.lat,
                                                    previous.position.lon);
            largestStep = std::max(largestStep, step);
            EXPECT_LT(std::abs(std::remainder(camera.headingDeg - previous.headingDeg, 360.0)), 1.0)
                << "the view turned by a degree or more in one frame at frame " << frame;
        }
        previous = camera;
        first = false;
    }
    // The unit moves 31 m a frame; the camera no faster, even round the corner.
    EXPECT_LT(largestStep, 1.3 * 31) << "the camera jumped";
    // After the corner it looks east, from the west of the unit, above it.
    EXPECT_NEAR(camera.headingDeg, 90, 10);
    const UnitPlace now = *locate(7, time);
    EXPECT_LT(camera.position.lon, now.ground.lon);
    EXPECT_GT(camera.position.alt, now.ground.alt + 1000);
    EXPECT_LT(camera.pitchDeg, -10);
    // When the unit leaves the map the director lets go.
    time = 8000;
    EXPECT_FALSE(advanceDirector(d, 1.0 / 60, &camera, &time, {}, locate, flat));
    EXPECT_EQ(d.mode, DirectorMode::Free);
}

} // namespace
} // namespace kresy
