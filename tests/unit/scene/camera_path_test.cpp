#include "scene/camera_path.h"

#include <gtest/gtest.h>

#include <glm/gtc/quaternion.hpp>

#include <cmath>
#include <limits>

using namespace kresy;

namespace {

ShotKey keyAt(double time, double lat, double lon, double alt, double heading = 0, double pitch = -30) {
    ShotKey k;
    k.time = time;
    k.position = {lat, lon, alt};
    k.headingDeg = heading;
    k.pitchDeg = pitch;
    return k;
}

Shot shotOf(std::vector<ShotKey> keys) {
    Shot s;
    s.keys = std::move(keys);
    return s;
}

double metresBetween(const GeoPoint& a, const GeoPoint& b) {
    return glm::length(geodeticToEcef(a) - geodeticToEcef(b));
}

bool finite(const Camera& c) {
    return std::isfinite(c.position.lat) && std::isfinite(c.position.lon) && std::isfinite(c.position.alt) &&
           std::isfinite(c.headingDeg) && std::isfinite(c.pitchDeg) && std::isfinite(c.rollDeg) &&
           std::isfinite(c.fovDeg);
}

// Barry and Goldman's pyramid for the centripetal Catmull–Rom between p1 and p2, written out
// independently of the library's Hermite form.
glm::dvec3 barryGoldman(const glm::dvec3& p0, const glm::dvec3& p1, const glm::dvec3& p2, const glm::dvec3& p3,
                        double u) {
    double t0 = 0, t1 = t0 + std::sqrt(glm::length(p1 - p0)), t2 = t1 + std::sqrt(glm::length(p2 - p1)),
           t3 = t2 + std::sqrt(glm::length(p3 - p2));
    double t = t1 + (t2 - t1) * u;
    glm::dvec3 a1 = (t1 - t) / (t1 - t0) * p0 + (t - t0) / (t1 - t0) * p1;
    glm::dvec3 a2 = (t2 - t) / (t2 - t1) * p1 + (t - t1) / (t2 - t1) * p2;
    glm::dvec3 a3 = (t3 - t) / (t3 - t2) * p2 + (t - t2) / (t3 - t2) * p3;
    glm::dvec3 b1 = (t2 - t) / (t2 - t0) * a1 + (t - t0) / (t2 - t0) * a2;
    glm::dvec3 b2 = (t3 - t) / (t3 - t1) * a2 + (t - t1) / (t3 - t1) * a3;
    return (t2 - t) / (t2 - t1) * b1 + (t - t1) / (t2 - t1) * b2;
}

// --- Projection --------------------------------------------------------------------------------

TEST(AzimuthalEquidistant, RoundTripsAndKeepsDistancesFromTheCentre) {
    AzimuthalEquidistant p{{51.0, 23.5, 0}};
    for (double dLat : {-15.0, -4.0, -0.001, 0.0, 0.3, 6.0, 20.0})
        for (double dLon : {-25.0, -3.0, 0.0, 0.002, 7.0, 30.0}) {
            GeoPoint g{51.0 + dLat, 23.5 + dLon, 1234.5};
            glm::dvec3 xyz = p.forward(g);
            EXPECT_NEAR(xyz.z, 1234.5, 1e-12);
            double fromCentre = greatCircleDistance(51.0, 23.5, g.lat, g.lon);
            EXPECT_NEAR(std::hypot(xyz.x, xyz.y), fromCentre, 1e-6 * fromCentre + 1e-6);
            GeoPoint back = p.inverse(xyz);
            EXPECT_NEAR(back.lat, g.lat, 1e-10);
            EXPECT_NEAR(back.lon, g.lon, 1e-10);
            EXPECT_EQ(back.alt, g.alt);
        }
    // Axes: east is +x, north is +y.
    EXPECT_GT(p.forward({51.0, 24.0, 0}).x, 0);
    EXPECT_NEAR(p.forward({51.0, 24.0, 0}).y, 0, 1000); // a small-circle arc bends north a little
    EXPECT_NEAR(p.forward({52.0, 23.5, 0}).x, 0, 1e-6);
    EXPECT_GT(p.forward({52.0, 23.5, 0}).y, 0);
}

TEST(AzimuthalEquidistant, DistancesAreTrueWithinFiveHundredKilometres) {
    AzimuthalEquidistant p{{50.0, 20.0, 0}};
    double worst = 0;
    for (double bearingA = 0; bearingA < 360; bearingA += 30)
        for (double bearingB = 15; bearingB < 360; bearingB += 45) {
            // Two points about 450 km from the centre in different directions.
            GeoPoint a = p.inverse({450e3 * std::sin(glm::radians(bearingA)), 450e3 * std::cos(glm::radians(bearingA)), 0});
            GeoPoint b = p.inverse({450e3 * std::sin(glm::radians(bearingB)), 450e3 * std::cos(glm::radians(bearingB)), 0});
            double truth = greatCircleDistance(a.lat, a.lon, b.lat, b.lon);
            if (truth < 1000)
                continue;
            double projected = glm::length(p.forward(a) - p.forward(b));
            worst = std::max(worst, std::abs(projected / truth - 1));
        }
    EXPECT_LT(worst, 0.003);
    EXPECT_GT(worst, 0) << "the test should measure a real distortion";
}

TEST(AzimuthalEquidistant, CentroidOfPoints) {
    GeoPoint c = sphericalCentroid({{50, 20, 0}, {52, 20, 0}});
    EXPECT_NEAR(c.lat, 51, 1e-3);
    EXPECT_NEAR(c.lon, 20, 1e-9);
    GeoPoint across = sphericalCentroid({{0, 179, 0}, {0, -179, 0}});
    EXPECT_NEAR(std::abs(across.lon), 180, 1e-9) << "the antimeridian is not the far side";
    EXPECT_NEAR(sphericalCentroid({{10, 0, 0}, {-10, 180, 0}}).lat, 10, 1e-9) << "antipodes: the first";
}

// --- Spline ------------------------------------------------------------------------------------

TEST(CentripetalCatmullRom, IsBarryGoldmansCurve) {
    std::vector<glm::dvec3> pts = {{0, 0, 0}, {1000, 200, 50}, {1300, 2500, 80}, {5000, 2600, 0}, {5100, 9000, 400}};
    std::vector<SplineSegment> segs = centripetalCatmullRom(pts);
    ASSERT_EQ(segs.size(), 4u);
    for (size_t i = 1; i + 2 < pts.size(); ++i)
        for (double u : {0.0, 0.1, 0.37, 0.5, 0.81, 1.0}) {
            glm::dvec3 expected = barryGoldman(pts[i - 1], pts[i], pts[i + 1], pts[i + 2], u);
            glm::dvec3 got = segs[i].position(u);
            EXPECT_NEAR(glm::length(got - expected), 0, 1e-7) << "segment " << i << " u " << u;
        }
    // The end segments use the reflected phantom points.
    glm::dvec3 phantomStart = 2.0 * pts[0] - pts[1];
    glm::dvec3 phantomEnd = 2.0 * pts[4] - pts[3];
    for (double u : {0.2, 0.7}) {
        EXPECT_NEAR(glm::length(segs[0].position(u) - barryGoldman(phantomStart, pts[0], pts[1], pts[2], u)), 0, 1e-7);
        EXPECT_NEAR(glm::length(segs[3].position(u) - barryGoldman(pts[2], pts[3], pts[4], phantomEnd, u)), 0, 1e-7);
    }
}

TEST(CentripetalCatmullRom, PositionAndDirectionAreContinuousAtKeys) {
    std::vector<glm::dvec3> pts = {{0, 0, 0}, {100, 0, 10}, {120, 5000, 10}, {-3000, 5200, 700}, {-3100, 5300, 700}};
    std::vector<SplineSegment> segs = centripetalCatmullRom(pts);
    for (size_t i = 1; i < segs.size(); ++i) {
        EXPECT_EQ(segs[i - 1].position(1), pts[i]);
        EXPECT_EQ(segs[i].position(0), pts[i]);
        glm::dvec3 in = segs[i - 1].derivative(1), out = segs[i].derivative(0);
        ASSERT_GT(glm::length(in), 0);
        ASSERT_GT(glm::length(out), 0);
        EXPECT_GT(glm::dot(glm::normalize(in), glm::normalize(out)), 1 - 1e-12) << "key " << i;
    }
}

// Collinear keys, unevenly spaced and reversing: every segment stays between its two keys.
TEST(CentripetalCatmullRom, DoesNotOvershootCollinearKeys) {
    glm::dvec3 origin(100, -50, 20), direction = glm::normalize(glm::dvec3(3, 1, 0.2));
    std::vector<double> along = {0, 10, 11, 500, 520, 100, 5000};
    std::vector<glm::dvec3> pts;
    for (double a : along)
        pts.push_back(origin + direction * a);
    std::vector<SplineSegment> segs = centripetalCatmullRom(pts);
    for (size_t i = 0; i < segs.size(); ++i) {
        double lo = std::min(along[i], along[i + 1]), hi = std::max(along[i], along[i + 1]);
        for (int j = 0; j <= 200; ++j) {
            glm::dvec3 p = segs[i].position(j / 200.0) - origin;
            double a = glm::dot(p, direction);
            EXPECT_LT(glm::length(p - a * direction), 1e-9);
            EXPECT_GE(a, lo - 1e-9) << "segment " << i;
            EXPECT_LE(a, hi + 1e-9) << "segment " << i;
        }
    }
}

TEST(CentripetalCatmullRom, CoincidentKeysMakeAZeroLengthSegment) {
    std::vector<glm::dvec3> pts = {{0, 0, 0}, {1000, 0, 0}, {1000, 0, 0}, {1000, 1000, 0}};
    std::vector<SplineSegment> segs = centripetalCatmullRom(pts);
    ArcLengthTable still(segs[1]);
    EXPECT_EQ(still.length(), 0);
    for (const SplineSegment& s : segs)
        for (double u : {0.0, 0.5, 1.0}) {
            glm::dvec3 p = s.position(u);
            EXPECT_TRUE(std::isfinite(p.x) && std::isfinite(p.y) && std::isfinite(p.z));
        }
    EXPECT_EQ(segs[1].position(0.5), pts[1]);
    // The camera stops at the repeated key, so the neighbours end and start like a path's ends:
    // straight at their other key.
    EXPECT_GT(glm::dot(glm::normalize(segs[0].derivative(1)), glm::dvec3(1, 0, 0)), 1 - 1e-12);
    EXPECT_GT(glm::dot(glm::normalize(segs[2].derivative(0)), glm::dvec3(0, 1, 0)), 1 - 1e-12);
}

TEST(ArcLengthTable, LengthAndInverseAgreeWithDenseSampling) {
    std::vector<glm::dvec3> pts = {{0, 0, 0}, {2000, 100, 0}, {2100, 4000, 300}, {6000, 4000, 300}};
    SplineSegment s = centripetalCatmullRom(pts)[1];
    ArcLengthTable table(s);
    const int n = 200000;
    double dense = 0;
    std::vector<double> cumulative(n + 1, 0);
    for (int i = 0; i < n; ++i)
        cumulative[i + 1] = dense += glm::length(s.position((i + 1.0) / n) - s.position(double(i) / n));
    EXPECT_NEAR(table.length(), dense, 1e-6 * dense);
    for (int i : {1, n / 7, n / 2, 3 * n / 4, n - 1})
        EXPECT_NEAR(table.parameterAt(cumulative[i]), double(i) / n, 1e-6);
    EXPECT_EQ(table.parameterAt(-1), 0);
    EXPECT_EQ(table.parameterAt(dense * 2), 1);
}

// --- Timing ------------------------------------------------------------------------------------

TEST(EasedArcFraction, MonotoneAndPinnedAtTheEnds) {
    for (bool easeOut : {false, true})
        for (bool easeIn : {false, true}) {
            EXPECT_EQ(easedArcFraction(0, easeOut, easeIn), 0);
            EXPECT_EQ(easedArcFraction(1, easeOut, easeIn), 1);
            double previous = 0;
            for (int i = 1; i <= 1000; ++i) {
                double s = easedArcFraction(i / 1000.0, easeOut, easeIn);
                EXPECT_GE(s, previous);
                EXPECT_LE(s, 1);
                previous = s;
            }
            // The start is at rest exactly when easing out: the fraction grows like tau^2.
            double early = easedArcFraction(1e-3, easeOut, easeIn);
            EXPECT_NEAR(early, easeOut ? 0 : 1e-3, 1e-5);
            double late = 1 - easedArcFraction(1 - 1e-3, easeOut, easeIn);
            EXPECT_NEAR(late, easeIn ? 0 : 1e-3, 1e-5);
        }
    for (double t : {0.1, 0.25, 0.5, 0.9})
        EXPECT_NEAR(easedArcFraction(t, false, false), t, 1e-15);
    EXPECT_EQ(easedArcFraction(-3, true, true), 0);
    EXPECT_EQ(easedArcFraction(7, true, true), 1);
}

// The speed in metres, by finite differences in ECEF: constant to 1% within a linear segment.
TEST(CameraPath, ConstantSpeedAlongALinearSegment) {
    Shot shot = shotOf({keyAt(0, 50.0, 20.0, 500), keyAt(10, 50.05, 20.3, 900), keyAt(25, 50.3, 20.35, 2500),
                        keyAt(30, 50.2, 19.9, 300)});
    CameraPath path(shot);
    const int steps = 1000;
    double t0 = 10, t1 = 25;
    std::vector<double> speeds;
    GeoPoint previous = path.evaluate(t0).camera.position;
    for (int i = 1; i <= steps; ++i) {
        GeoPoint p = path.evaluate(t0 + (t1 - t0) * i / steps).camera.position;
        speeds.push_back(metresBetween(p, previous) / ((t1 - t0) / steps));
        previous = p;
    }
    double mean = 0;
    for (double v : speeds)
        mean += v / steps;
    double worst = 0;
    for (double v : speeds)
        worst = std::max(worst, std::abs(v / mean - 1));
    EXPECT_LT(worst, 0.01);
    EXPECT_NEAR(mean * (t1 - t0), path.segmentLength(1), 0.005 * path.segmentLength(1));
    EXPECT_GT(path.segmentLength(1), 1.01 * metresBetween(shot.keys[1].position, shot.keys[2].position))
        << "the segment should be curved for this test to mean something";

    // Through a key without a hold the camera keeps its direction of travel (not its speed).
    for (double key : {10.0, 25.0}) {
        glm::dvec3 before = geodeticToEcef(path.evaluate(key).camera.position) -
                            geodeticToEcef(path.evaluate(key - 1e-5).camera.position);
        glm::dvec3 after = geodeticToEcef(path.evaluate(key + 1e-5).camera.position) -
                           geodeticToEcef(path.evaluate(key).camera.position);
        EXPECT_GT(glm::dot(glm::normalize(before), glm::normalize(after)), 1 - 1e-6) << "key at " << key;
    }
}

TEST(CameraPath, ReachesEachKeyAtItsTimeAndHolds) {
    Shot shot = shotOf({keyAt(1, 50.0, 20.0, 500, 10), keyAt(5, 50.1, 20.2, 800, 40), keyAt(9, 50.2, 20.0, 600, 80)});
    shot.keys[1].hold = 2;
    CameraPath path(shot);
    EXPECT_DOUBLE_EQ(path.duration(), 9);
    for (double t : {-5.0, 0.0, 1.0}) {
        CameraSample s = path.evaluate(t);
        EXPECT_EQ(s.segment, 0);
        EXPECT_EQ(s.camera.position.lat, 50.0);
        EXPECT_EQ(s.camera.headingDeg, 10);
    }
    for (double t : {5.0, 6.0, 7.0}) {
        CameraSample s = path.evaluate(t);
        EXPECT_EQ(s.segment, 1);
        EXPECT_EQ(s.fraction, 0);
        EXPECT_EQ(s.camera.position.lat, 50.1);
        EXPECT_EQ(s.camera.position.lon, 20.2);
        EXPECT_EQ(s.camera.headingDeg, 40);
    }
    CameraSample leaving = path.evaluate(7.5);
    EXPECT_GT(leaving.fraction, 0);
    EXPECT_GT(leaving.camera.position.lat, 50.1);
    for (double t : {9.0, 100.0}) {
        CameraSample s = path.evaluate(t);
        EXPECT_EQ(s.segment, 2);
        EXPECT_EQ(s.camera.position.lat, 50.2);
        EXPECT_EQ(s.camera.headingDeg, 80);
    }
    // Continuous through a key reached without a hold.
    GeoPoint before = path.evaluate(5 - 1e-6).camera.position, after = path.evaluate(5 + 1e-9).camera.position;
    EXPECT_LT(metresBetween(before, after), 0.1);
}

TEST(CameraPath, ConstantAltitudeKeysStayAtThatAltitude) {
    Shot shot = shotOf({keyAt(0, 49.0, 22.0, 1500), keyAt(10, 50.5, 25.0, 1500), keyAt(20, 48.8, 27.5, 1500),
                        keyAt(30, 51.0, 24.0, 1500)});
    CameraPath path(shot);
    for (int i = 0; i <= 300; ++i)
        EXPECT_NEAR(path.evaluate(i * 0.1).camera.position.alt, 1500, 1e-6);
}

// Keys on one meridian with altitude changing linearly along it are collinear in the projection.
TEST(CameraPath, CollinearKeysDoNotOvershoot) {
    std::vector<double> lats = {50.0, 50.01, 50.02, 50.6, 50.61, 51.5};
    std::vector<ShotKey> keys;
    for (size_t i = 0; i < lats.size(); ++i)
        keys.push_back(keyAt(double(i) * 10, lats[i], 21.0, 300 + 2000 * (lats[i] - 50)));
    CameraPath path(shotOf(keys));
    for (int i = 0; i <= 2000; ++i) {
        double t = i * 50.0 / 2000;
        CameraSample s = path.evaluate(t);
        const GeoPoint& p = s.camera.position;
        EXPECT_NEAR(p.lon, 21.0, 1e-9);
        EXPECT_GE(p.lat, lats[s.segment] - 1e-9);
        if (s.segment + 1 < int(lats.size())) {
            EXPECT_LE(p.lat, lats[s.segment + 1] + 1e-9);
        }
        EXPECT_NEAR(p.alt, 300 + 2000 * (p.lat - 50), 1e-3);
    }
}

TEST(CameraPath, RotatingOnTheSpotHasNoNaN) {
    Shot shot = shotOf({keyAt(0, 50.0, 20.0, 500, 0), keyAt(4, 50.0, 20.0, 500, 90), keyAt(8, 50.1, 20.0, 500, 90)});
    CameraPath path(shot);
    EXPECT_EQ(path.segmentLength(0), 0);
    for (int i = 0; i <= 80; ++i) {
        CameraSample s = path.evaluate(i * 0.1);
        ASSERT_TRUE(finite(s.camera)) << "t " << i * 0.1;
        if (i <= 40) {
            EXPECT_EQ(s.camera.position.lat, 50.0);
            EXPECT_EQ(s.camera.position.lon, 20.0);
        }
    }
    EXPECT_NEAR(path.evaluate(2).camera.headingDeg, 45, 1e-9);
}

// --- Orientation -------------------------------------------------------------------------------

TEST(CameraPath, HeadingTurnsTheShortWay) {
    Shot shot = shotOf({keyAt(0, 50.0, 20.0, 500, 350), keyAt(10, 50.0, 20.0001, 500, 10)});
    CameraPath path(shot);
    for (int i = 0; i <= 100; ++i) {
        double h = path.evaluate(i * 0.1).camera.headingDeg;
        EXPECT_TRUE(h >= 350 - 1e-9 || h <= 10 + 1e-9) << h;
    }
    double mid = path.evaluate(5).camera.headingDeg;
    EXPECT_NEAR(std::min(mid, 360 - mid), 0, 1e-6);
}

TEST(CameraPath, AnglesAndFovInterpolateBetweenKeys) {
    // A change of pitch alone turns about the right axis, one of roll alone about the line of
    // sight: the other angles stay put along the way.
    ShotKey a = keyAt(0, 50.0, 20.0, 500, 30, -20), b = keyAt(10, 50.0, 20.0, 500, 30, -60);
    a.fovDeg = 60;
    b.fovDeg = 15;
    CameraPath path(shotOf({a, b}));
    double previousPitch = -20;
    for (int i = 1; i <= 100; ++i) {
        Camera c = path.evaluate(i * 0.1).camera;
        EXPECT_NEAR(c.headingDeg, 30, 1e-9);
        EXPECT_NEAR(c.rollDeg, 0, 1e-9);
        EXPECT_LT(c.pitchDeg, previousPitch);
        previousPitch = c.pitchDeg;
    }
    EXPECT_NEAR(previousPitch, -60, 1e-9);
    EXPECT_NEAR(path.evaluate(5).camera.pitchDeg, -40, 1e-9);

    ShotKey unrolled = b, rolled = b;
    unrolled.time = 0;
    rolled.rollDeg = 20;
    CameraPath rolling(shotOf({unrolled, rolled}));
    for (int i = 1; i <= 10; ++i) {
        Camera c = rolling.evaluate(i).camera;
        EXPECT_NEAR(c.rollDeg, 2.0 * i, 1e-9);
        EXPECT_NEAR(c.pitchDeg, -60, 1e-9);
        EXPECT_NEAR(c.headingDeg, 30, 1e-9);
    }

    // Geometric in tan(fov/2): halfway, the picture's scale is the geometric mean of the ends'.
    double half = std::tan(glm::radians(path.evaluate(5).camera.fovDeg) / 2);
    EXPECT_NEAR(half * half, std::tan(glm::radians(30.0)) * std::tan(glm::radians(7.5)), 1e-12);
}

TEST(ViewRotation, RoundTripsAnglesIncludingStraightDown) {
    for (double h : {0.0, 45.0, 181.0, 359.5})
        for (double p : {-89.0, -30.0, 0.0, 60.0})
            for (double r : {-120.0, 0.0, 15.0}) {
                ViewAngles back = viewAnglesFromRotation(viewRotation({h, p, r}));
                EXPECT_NEAR(back.headingDeg, h, 1e-9);
                EXPECT_NEAR(back.pitchDeg, p, 1e-9);
                EXPECT_NEAR(back.rollDeg, r, 1e-9);
            }
    // Straight down the roll folds into the heading: the same picture.
    ViewAngles down = viewAnglesFromRotation(viewRotation({30, -90, 20}));
    EXPECT_NEAR(down.headingDeg, 50, 1e-9);
    EXPECT_NEAR(down.rollDeg, 0, 1e-9);
    glm::dmat3 r = viewRotation({77, -20, 33});
    EXPECT_NEAR(glm::determinant(r), 1, 1e-12);
    EXPECT_NEAR(glm::dot(r[0], r[1]), 0, 1e-12);
}

// Both keys look at a unit that moves with campaign time: the camera keeps it in the centre.
TEST(CameraPath, TargetKeysTrackTheResolvedTarget) {
    ShotKey a = keyAt(0, 50.0, 20.0, 3000), b = keyAt(10, 50.2, 20.3, 2000);
    ShotTarget tank;
    tank.unit = "pz-10";
    a.target = b.target = tank;
    a.campaignTime = Timestamp{1000, ""};
    b.campaignTime = Timestamp{2000, ""};
    a.rollDeg = b.rollDeg = 5;
    std::vector<std::optional<Time>> asked;
    TargetResolver resolve = [&](const ShotTarget& t, std::optional<Time> when) -> std::optional<GeoPoint> {
        asked.push_back(when);
        if (t.unit != "pz-10" || !when)
            return std::nullopt;
        return GeoPoint{50.1 + (*when - 1000) * 1e-4, 20.1, 150};
    };
    CameraPath path(shotOf({a, b}));
    for (double t : {0.0, 2.5, 5.0, 9.0, 10.0}) {
        asked.clear();
        CameraSample s = path.evaluate(t, resolve);
        ASSERT_TRUE(s.campaignTime);
        EXPECT_NEAR(*s.campaignTime, 1000 + 100 * t, 1e-9);
        ASSERT_FALSE(asked.empty());
        EXPECT_EQ(asked[0], s.campaignTime);
        GeoPoint unit{50.1 + (*s.campaignTime - 1000) * 1e-4, 20.1, 150};
        glm::dvec3 toUnit = glm::normalize(geodeticToEnu(makeEnuFrame(s.camera.position), unit));
        glm::dvec3 view = headingPitchToDirection(s.camera.headingDeg, s.camera.pitchDeg);
        EXPECT_GT(glm::dot(toUnit, view), 1 - 1e-10) << "t " << t;
        EXPECT_NEAR(s.camera.rollDeg, 5, 1e-6);
    }
    // Without a resolver, an unresolvable unit falls back to the key's own heading and pitch.
    CameraSample blind = path.evaluate(0);
    EXPECT_EQ(blind.camera.headingDeg, a.headingDeg);
    EXPECT_EQ(blind.camera.pitchDeg, a.pitchDeg);
}

TEST(CameraPath, PointTargetWithoutResolverIsUsedAsWritten) {
    ShotKey a = keyAt(0, 50.0, 20.0, 1000, 200, 10), b = keyAt(10, 50.0, 20.1, 1000, 200, 10);
    GeoPoint church{50.05, 20.05, 0};
    a.target = ShotTarget();
    a.target->point = church;
    a.target->onGround = true;
    CameraPath path(shotOf({a, b}));
    Camera c = path.evaluate(0).camera;
    glm::dvec3 toChurch = glm::normalize(geodeticToEnu(makeEnuFrame(c.position), church));
    EXPECT_GT(glm::dot(toChurch, headingPitchToDirection(c.headingDeg, c.pitchDeg)), 1 - 1e-10);
    EXPECT_LT(c.pitchDeg, 0);
    // A resolver may drape it on the terrain instead.
    TargetResolver onHill = [](const ShotTarget& t, std::optional<Time>) -> std::optional<GeoPoint> {
        return GeoPoint{t.point->lat, t.point->lon, 990};
    };
    EXPECT_GT(path.evaluate(0, onHill).camera.pitchDeg, c.pitchDeg);
}

// --- Campaign time, defensiveness, tools ------------------------------------------------------

TEST(CameraPath, CampaignTimeIsPiecewiseLinearBetweenKeysThatGiveOne) {
    std::vector<ShotKey> keys = {keyAt(0, 50, 20, 500), keyAt(10, 50.1, 20, 500), keyAt(20, 50.2, 20, 500),
                                 keyAt(40, 50.3, 20, 500)};
    EXPECT_FALSE(CameraPath(shotOf(keys)).campaignTimeAt(5));
    keys[1].campaignTime = Timestamp{-1000, ""};
    keys[3].campaignTime = Timestamp{2000, ""};
    keys[3].hold = 5;
    CameraPath path(shotOf(keys));
    EXPECT_EQ(*path.campaignTimeAt(0), -1000);
    EXPECT_EQ(*path.campaignTimeAt(10), -1000);
    EXPECT_NEAR(*path.campaignTimeAt(20), 0, 1e-9);
    EXPECT_NEAR(*path.campaignTimeAt(25), 500, 1e-9);
    EXPECT_EQ(*path.campaignTimeAt(43), 2000);
    EXPECT_EQ(*path.evaluate(30).campaignTime, 1000);
}

TEST(CameraPath, AnyShotEvaluatesWithoutNaN) {
    double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(CameraPath(Shot{}).evaluate(3).segment, -1);
    EXPECT_EQ(CameraPath(Shot{}).duration(), 0);
    EXPECT_TRUE(CameraPath(Shot{}).polyline(10).empty());

    CameraPath one(shotOf({keyAt(2, 50, 20, 700, 15)}));
    EXPECT_EQ(one.evaluate(-1).camera.position.alt, 700);
    EXPECT_EQ(one.evaluate(99).camera.headingDeg, 15);

    std::vector<ShotKey> keys = {keyAt(0, 50, 20, 500), keyAt(0, 50.1, 20, 500), keyAt(nan, 50.2, 20, 500),
                                 keyAt(5, nan, inf, nan), keyAt(3, 50.3, 20.2, 500, nan, nan), keyAt(9, 50.4, 20, 500)};
    keys[1].fovDeg = nan;
    keys[2].hold = -4;
    keys[5].rollDeg = inf;
    CameraPath messy(shotOf(keys));
    for (double t = -1; t <= 11; t += 0.05)
        ASSERT_TRUE(finite(messy.evaluate(t).camera)) << "t " << t;
    ASSERT_TRUE(finite(messy.evaluate(nan).camera));
    EXPECT_TRUE(std::isfinite(messy.length()));
}

TEST(CameraPath, PolylineStepsAndKeys) {
    Shot shot = shotOf({keyAt(0, 50.0, 20.0, 500), keyAt(10, 50.1, 20.2, 800), keyAt(20, 50.1, 20.2, 800),
                        keyAt(30, 50.0, 20.5, 600)});
    CameraPath path(shot);
    std::vector<GeoPoint> line = path.polyline(250);
    ASSERT_GE(line.size(), size_t(path.length() / 250));
    EXPECT_EQ(line.front().lat, 50.0);
    EXPECT_EQ(line.back().lon, 20.5);
    int keysSeen = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        if (i > 0) {
            EXPECT_LT(metresBetween(line[i], line[i - 1]), 251);
        }
        for (const ShotKey& k : shot.keys)
            keysSeen += line[i].lat == k.position.lat && line[i].lon == k.position.lon ? 1 : 0;
    }
    EXPECT_EQ(keysSeen, 1 + 2 * 2 + 1) << "each key once (the repeated position matches twice per copy)";
}

TEST(RetimeForConstantSpeed, EqualSpeedKeepsHoldsAndTheFirstTime) {
    Shot shot = shotOf({keyAt(3, 50.0, 20.0, 500), keyAt(4, 50.3, 20.0, 500), keyAt(30, 50.3, 20.0, 500, 90),
                        keyAt(31, 50.31, 20.1, 700), keyAt(32, 50.0, 20.4, 400)});
    shot.keys[1].hold = 2;
    shot.keys[3].hold = 1.5;
    retimeForConstantSpeed(&shot, 60);
    CameraPath path(shot);
    EXPECT_EQ(shot.keys[0].time, 3);
    EXPECT_EQ(shot.keys[1].hold, 2);
    EXPECT_EQ(shot.keys[3].hold, 1.5);
    EXPECT_NEAR(shot.keys[2].time - shot.keys[1].time - shot.keys[1].hold, 26 - 2, 1e-9)
        << "turning on the spot keeps its time";
    double travel = 0, speed = -1;
    for (int i : {0, 2, 3}) {
        double seconds = shot.keys[i + 1].time - shot.keys[i].time - shot.keys[i].hold;
        travel += seconds;
        double v = path.segmentLength(i) / seconds;
        if (speed > 0) {
            EXPECT_NEAR(v, speed, 1e-9 * speed);
        }
        speed = v;
    }
    EXPECT_NEAR(travel, 60, 1e-9);
    // Measured: the camera moves at that speed everywhere it moves.
    for (int i : {0, 2, 3}) {
        double t = (shot.keys[i].time + shot.keys[i].hold + shot.keys[i + 1].time) / 2;
        GeoPoint a = path.evaluate(t).camera.position, b = path.evaluate(t + 0.01).camera.position;
        EXPECT_NEAR(metresBetween(a, b) / 0.01, speed, 0.01 * speed) << "t " << t;
    }
    Shot single = shotOf({keyAt(1, 50, 20, 0)});
    retimeForConstantSpeed(&single, 10);
    EXPECT_EQ(single.keys[0].time, 1);
}

} // namespace
