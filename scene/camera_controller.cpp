#include "camera_controller.h"

#include "fly_to.h"

#include <algorithm>
#include <cmath>

namespace kresy {

// Moves a point by a local ENU displacement (east, north metres) on the sphere; accurate for the
// short steps of one frame.
static void moveHorizontally(GeoPoint& p, double east, double north) {
    double r = kEarthMeanRadius + p.alt;
    p.lat = std::clamp(p.lat + glm::degrees(north / r), -89.0, 89.0);
    p.lon += glm::degrees(east / (r * std::cos(glm::radians(p.lat))));
    if (p.lon > 180)
        p.lon -= 360;
    if (p.lon < -180)
        p.lon += 360;
}

void updateFreeCamera(Camera& camera, const CameraInput& in, double groundHeight) {
    const double lookDegreesPerPixel = 0.15;
    camera.headingDeg = std::fmod(camera.headingDeg + in.lookDx * lookDegreesPerPixel + 360.0, 360.0);
    camera.pitchDeg = std::clamp(camera.pitchDeg - in.lookDy * lookDegreesPerPixel, -89.9, 89.9);

    double height = std::max(camera.position.alt - groundHeight, kMinClearance);
    double speed = height * (in.fast ? 4.0 : 1.0); // metres per second: one "height" per second
    glm::dvec3 forward = headingPitchToDirection(camera.headingDeg, 0);
    glm::dvec3 right = headingPitchToDirection(camera.headingDeg + 90, 0);
    glm::dvec3 move = (forward * in.forward + right * in.right) * speed * in.dt;
    move.z += in.up * speed * in.dt;

    // Zoom moves along the view direction by a fraction of the height per notch.
    glm::dvec3 view = headingPitchToDirection(camera.headingDeg, camera.pitchDeg);
    move += view * (in.zoom * 0.15 * height);

    moveHorizontally(camera.position, move.x, move.y);
    camera.position.alt = std::clamp(camera.position.alt + move.z, groundHeight + kMinClearance, kMaxAltitude);
}

namespace {

// Below these the damped motions count as stopped (and are zeroed, so an idle camera is exact).
constexpr double kRestVelocity = 1e-4;  // heights per second
constexpr double kRestRate = 1e-5;      // degrees per second
constexpr double kRestZoom = 1e-4;      // log distance
constexpr int kBisections = 14;         // a limited step is found to 1/16000 of its length

double wrap360(double deg) {
    double d = std::fmod(deg, 360.0);
    if (d < 0)
        d += 360;
    return d >= 360 ? 0 : d;
}

double clampUnit(double v) { return std::isfinite(v) ? std::clamp(v, -1.0, 1.0) : 0.0; }
double finiteOr0(double v) { return std::isfinite(v) ? v : 0.0; }

// Moves `value` towards `target` for dt with time constant tau, exactly as
// value' = (target - value) / tau, and returns its integral over the step. Summing the steps
// gives the same result for any split of the time.
template <typename T>
T approach(T& value, const T& target, double dt, double tau) {
    double decay = std::exp(-dt / tau);
    T integral = target * dt + (value - target) * (tau * (1 - decay));
    value = target + (value - target) * decay;
    return integral;
}

// v rotated by `angle` radians about the unit axis k, right-handed (Rodrigues).
glm::dvec3 rotate(const glm::dvec3& v, const glm::dvec3& k, double angle) {
    double c = std::cos(angle), s = std::sin(angle);
    return v * c + glm::cross(k, v) * s + k * (glm::dot(k, v) * (1 - c));
}

glm::dvec3 upAt(const GeoPoint& p) { return makeEnuFrame({p.lat, p.lon, 0}).enuToEcef[2]; }

// The camera's unrolled line of sight and horizontal right in ECEF.
struct Orientation {
    glm::dvec3 forward, right;
};

Orientation orientationOf(const Camera& c) {
    glm::dmat3 toEcef = makeEnuFrame({c.position.lat, c.position.lon, 0}).enuToEcef;
    return {toEcef * headingPitchToDirection(c.headingDeg, c.pitchDeg),
            toEcef * headingPitchToDirection(c.headingDeg + 90, 0)};
}

// Heading and pitch that point the camera, where it now is, along `o` (roll is kept as it is).
void setOrientation(Camera& c, const Orientation& o) {
    glm::dmat3 toEnu = glm::transpose(makeEnuFrame({c.position.lat, c.position.lon, 0}).enuToEcef);
    glm::dvec3 f = toEnu * o.forward, r = toEnu * o.right;
    c.pitchDeg = glm::degrees(std::asin(std::clamp(f.z / glm::length(f), -1.0, 1.0)));
    double heading = std::hypot(f.x, f.y) > 1e-9 ? std::atan2(f.x, f.y) : std::atan2(r.x, r.y) - glm::radians(90.0);
    c.headingDeg = wrap360(glm::degrees(heading));
}

// Moves the camera to an ECEF position, keeping its orientation in space.
void moveTo(Camera& c, const glm::dvec3& ecef) {
    Orientation o = orientationOf(c);
    c.position = ecefToGeodetic(ecef);
    setOrientation(c, o);
}

struct Ground {
    const HeightFunction& at;
    double operator()(const GeoPoint& p) const {
        double h = at ? at(p.lat, p.lon) : 0.0;
        return std::isfinite(h) ? h : 0.0;
    }
    bool clear(const GeoPoint& p) const {
        return p.alt >= (*this)(p) + kMinClearance && p.alt <= kMaxAltitude;
    }
};

// The largest fraction in [0, 1] of a step for which `valid` holds, assuming it holds up to
// some fraction and not beyond; 0 when not even a small step is valid.
template <typename Valid>
double largestValidFraction(const Valid& valid) {
    if (valid(1.0))
        return 1;
    double lo = 0, hi = 1;
    for (int i = 0; i < kBisections; ++i) {
        double mid = 0.5 * (lo + hi);
        (valid(mid) ? lo : hi) = mid;
    }
    return lo;
}

// The camera turned about the pivot: `headingDeg` about the pivot's vertical (clockwise seen
// from above, as the heading turns), then `pitchDeg` about the camera's right axis through the
// pivot (up positive). Turning camera and orientation together keeps the pivot's direction in
// the camera's frame.
Camera orbited(const Camera& c, const glm::dvec3& pivot, double headingDeg, double pitchDeg) {
    Orientation o = orientationOf(c);
    glm::dvec3 offset = geodeticToEcef(c.position) - pivot;
    glm::dvec3 up = upAt(ecefToGeodetic(pivot));
    double h = -glm::radians(headingDeg);
    offset = rotate(offset, up, h);
    o.forward = rotate(o.forward, up, h);
    o.right = rotate(o.right, up, h);
    double p = glm::radians(pitchDeg);
    offset = rotate(offset, o.right, p);
    o.forward = rotate(o.forward, o.right, p);
    Camera out = c;
    out.position = ecefToGeodetic(pivot + offset);
    setOrientation(out, o);
    return out;
}

double elevationAbove(const glm::dvec3& pivot, const GeoPoint& camera) {
    glm::dvec3 offset = geodeticToEcef(camera) - pivot;
    double len = glm::length(offset);
    if (len < 1e-9)
        return 90;
    return glm::degrees(std::asin(std::clamp(glm::dot(upAt(ecefToGeodetic(pivot)), offset / len), -1.0, 1.0)));
}

// Mouse look; returns the heading and pitch turned.
glm::dvec2 look(FreeCameraController& s, Camera& camera, const FreeCameraInput& in, double dt) {
    glm::dvec2 target = glm::dvec2(finiteOr0(in.lookDx), -finiteOr0(in.lookDy)) * (kLookDegreesPerPixel / dt);
    glm::dvec2 turn = approach(s.lookRate, target, dt, kLookTimeConstant);
    camera.headingDeg = wrap360(camera.headingDeg + turn.x);
    double pitch = camera.pitchDeg + turn.y;
    if (std::abs(pitch) > kMaxPitchDeg)
        s.lookRate.y = 0;
    camera.pitchDeg = std::clamp(pitch, -kMaxPitchDeg, kMaxPitchDeg);
    if (glm::length(s.lookRate) < kRestRate && target == glm::dvec2(0))
        s.lookRate = glm::dvec2(0);
    return turn;
}

// Orbit about the pivot; the motion coasts to a stop after the drag ends.
void orbit(FreeCameraController& s, Camera& camera, const FreeCameraInput& in, double dt, const Ground& ground) {
    glm::dvec2 target(0);
    if (in.orbiting)
        target = glm::dvec2(finiteOr0(in.orbitDx), -finiteOr0(in.orbitDy)) * (kOrbitDegreesPerPixel / dt);
    glm::dvec2 turn = approach(s.orbitRate, target, dt, kLookTimeConstant);
    if (s.pivot && turn != glm::dvec2(0)) {
        const glm::dvec3 at = *s.pivot;
        camera = orbited(camera, at, turn.x, 0); // turning keeps the height over the pivot
        if (!ground.clear(camera.position))      // but the terrain it turns to may be higher
            camera.position.alt = std::clamp(camera.position.alt, ground(camera.position) + kMinClearance, kMaxAltitude);
        // Tilting stops at the pitch limits, at the pivot's horizon and at the terrain.
        auto valid = [&](double f) {
            Camera c = orbited(camera, at, 0, turn.y * f);
            // Both pitches: past straight down asin folds back, with the heading turned about.
            return std::abs(c.pitchDeg) <= kMaxPitchDeg && std::abs(camera.pitchDeg + turn.y * f) <= kMaxPitchDeg &&
                   ground.clear(c.position) &&
                   (turn.y <= 0 || elevationAbove(at, c.position) >= kOrbitMinElevationDeg);
        };
        double f = largestValidFraction(valid);
        if (f < 1)
            s.orbitRate.y = 0;
        camera = orbited(camera, at, 0, turn.y * f);
    }
    if (glm::length(s.orbitRate) < kRestRate && target == glm::dvec2(0)) {
        s.orbitRate = glm::dvec2(0);
        if (!in.orbiting)
            s.pivot.reset();
    }
}

// Zoom towards its point, along the line from the camera to it (which keeps the point where it
// is on screen), stopping short of the point and of the terrain.
void zoom(FreeCameraController& s, Camera& camera, double dt, const Ground& ground) {
    if (s.zoomTarget && s.zoomRemaining != 0) {
        const glm::dvec3 target = *s.zoomTarget;
        const glm::dvec3 offset = geodeticToEcef(camera.position) - target;
        const double distance = glm::length(offset);
        double step = s.zoomRemaining * (1 - std::exp(-dt / kZoomTimeConstant));
        s.zoomRemaining -= step;
        if (distance > 1e-6) {
            const double wanted = step;
            step = std::max(step, std::log(std::min(kMinClearance / distance, 1.0)));
            auto placed = [&](double f) {
                Camera c = camera;
                moveTo(c, target + offset * std::exp(step * f));
                return c;
            };
            double f = largestValidFraction([&](double fr) { return ground.clear(placed(fr).position); });
            if (f < 1 || step != wanted)
                s.zoomRemaining = 0; // blocked: what is left of the notches is dropped
            if (f > 0)
                camera = placed(f);
        }
    }
    if (std::abs(s.zoomRemaining) < kRestZoom) {
        s.zoomRemaining = 0;
        s.zoomTarget.reset();
    }
}

// Keys: the speed is the height above the ground per second, so the height changes
// exponentially while climbing or sinking; the level part of the step uses the logarithmic
// mean of the heights before and after, exact for a steady climb. `turned` is the heading the
// look turned in this step: the path uses the heading halfway through, so it bends the same
// at any frame rate.
void fly(FreeCameraController& s, Camera& camera, const FreeCameraInput& in, double dt, const Ground& ground,
         double turned) {
    glm::dvec3 target = glm::dvec3(clampUnit(in.right), clampUnit(in.forward), clampUnit(in.up)) *
                        (in.fast ? kFastFactor : 1.0);
    glm::dvec3 move = approach(s.velocity, target, dt, kMoveTimeConstant);
    if (glm::length(s.velocity) < kRestVelocity && target == glm::dvec3(0))
        s.velocity = glm::dvec3(0);
    if (move == glm::dvec3(0))
        return;
    double h0 = std::max(camera.position.alt - ground(camera.position), kMinClearance);
    double h1 = h0 * std::exp(move.z);
    double hMean = std::abs(move.z) > 1e-9 ? (h1 - h0) / move.z : h0;
    double heading = glm::radians(camera.headingDeg - 0.5 * turned), sinH = std::sin(heading), cosH = std::cos(heading);
    moveHorizontally(camera.position, (move.y * sinH + move.x * cosH) * hMean, (move.y * cosH - move.x * sinH) * hMean);
    camera.position.alt += h1 - h0;
}

} // namespace

void FreeCameraController::stop() {
    velocity = glm::dvec3(0);
    lookRate = glm::dvec2(0);
    orbitRate = glm::dvec2(0);
    pivot.reset();
    wasOrbiting = false;
    zoomTarget.reset();
    zoomRemaining = 0;
}

bool FreeCameraController::idle() const {
    return velocity == glm::dvec3(0) && lookRate == glm::dvec2(0) && orbitRate == glm::dvec2(0) && zoomRemaining == 0;
}

void FreeCameraController::update(Camera& camera, const FreeCameraInput& in, const HeightFunction& groundAt) {
    const Ground ground{groundAt};
    const double dt = std::isfinite(in.dt) && in.dt > 0 ? std::min(in.dt, 1.0) : 0.0;

    // Notches add to the distance still to fly, in log space so that notches compose by
    // multiplying distances and the flight never reaches the point.
    if (double notches = finiteOr0(in.zoom); notches != 0) {
        if (in.zoomTarget)
            zoomTarget = geodeticToEcef(*in.zoomTarget);
        else if (!zoomTarget)
            zoomTarget = geodeticToEcef(viewFocus(camera).point);
        zoomRemaining += notches * std::log(1 - kZoomNotchFraction);
    }
    // The pivot is taken when the drag starts.
    if (in.orbiting && !wasOrbiting)
        pivot = geodeticToEcef(in.orbitPivot ? *in.orbitPivot : viewFocus(camera).point);
    wasOrbiting = in.orbiting;
    if (dt == 0)
        return;

    glm::dvec2 turned = look(*this, camera, in, dt);
    orbit(*this, camera, in, dt, ground);
    zoom(*this, camera, dt, ground);
    fly(*this, camera, in, dt, ground, turned.x);

    camera.position.alt = std::clamp(camera.position.alt, ground(camera.position) + kMinClearance, kMaxAltitude);
    // Orbits and zooms keep the orientation in space; where the local vertical turns under them
    // the pitch may drift by a hair past the limit.
    camera.pitchDeg = std::clamp(camera.pitchDeg, -kMaxPitchDeg, kMaxPitchDeg);
}

} // namespace kresy
