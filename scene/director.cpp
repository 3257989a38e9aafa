#include "director.h"

#include "camera_controller.h"

#include <algorithm>
#include <cmath>

namespace kresy {
namespace {

double smoothstep(double x) {
    x = std::clamp(x, 0.0, 1.0);
    return x * x * (3 - 2 * x);
}

// Heading and pitch that look from `eye` at `target`.
void lookAt(Camera* camera, const GeoPoint& target) {
    const glm::dvec3 d = geodeticToEnu(makeEnuFrame(camera->position), target);
    if (glm::length(d) < 1e-6)
        return;
    camera->headingDeg = std::fmod(glm::degrees(std::atan2(d.x, d.y)) + 360.0, 360.0);
    camera->pitchDeg = glm::degrees(std::atan2(d.z, std::hypot(d.x, d.y)));
}

GeoPoint offsetGround(const GeoPoint& from, double headingDeg, double metres) {
    const double h = glm::radians(headingDeg);
    return {from.lat + glm::degrees(metres * std::cos(h) / kEarthMeanRadius),
            from.lon + glm::degrees(metres * std::sin(h) / (kEarthMeanRadius * std::cos(glm::radians(from.lat)))),
            from.alt};
}

bool followUnit(Director& d, double dt, Camera* camera, Time time, const UnitLocator& locate) {
    const std::optional<UnitPlace> place = locate ? locate(d.unit, time) : std::nullopt;
    if (!place)
        return false;
    // The heading turns smoothly (waypoints change it at once), the short way round.
    const double turn = std::remainder(place->headingDeg - d.smoothedHeading, 360.0);
    d.smoothedHeading = std::fmod(d.smoothedHeading + turn * (1 - std::exp(-dt / 0.8)) + 360.0, 360.0);
    GeoPoint wanted;
    if (d.style == FollowStyle::Overhead) {
        wanted = place->ground;
        wanted.alt += d.followDistance;
    } else { // behind the unit and 30 degrees above it
        wanted = offsetGround(place->ground, d.smoothedHeading + 180, d.followDistance * std::cos(glm::radians(30.0)));
        wanted.alt = place->ground.alt + d.followDistance * std::sin(glm::radians(30.0));
    }
    const glm::dvec3 eye = d.camera.update({wanted.lat, wanted.lon, wanted.alt}, dt);
    const glm::dvec3 at = d.target.update({place->ground.lat, place->ground.lon, place->ground.alt}, dt);
    camera->position = {eye.x, eye.y, eye.z};
    if (d.style == FollowStyle::Overhead) {
        camera->headingDeg = 0; // north up: a map that does not spin
        camera->pitchDeg = -90;
    } else {
        lookAt(camera, {at.x, at.y, at.z});
    }
    camera->rollDeg = 0;
    return true;
}

} // namespace

void startFlight(Director& d, const Camera& from, const Camera& to, std::optional<Time> timeFrom,
                 std::optional<Time> timeTo) {
    d.mode = DirectorMode::Flying;
    d.flight.emplace(from, to);
    d.elapsed = 0;
    d.timeFrom = timeFrom && timeTo ? timeFrom : std::nullopt;
    d.timeTo = timeFrom && timeTo ? timeTo : std::nullopt;
}

void startShot(Director& d, std::shared_ptr<const CameraPath> shot, double at) {
    d.mode = DirectorMode::Shot;
    d.shot = std::move(shot);
    d.shotTime = at;
    d.shotPlaying = true;
}

void startFollow(Director& d, int unit, FollowStyle style, double distance) {
    d.mode = DirectorMode::Follow;
    d.unit = unit;
    d.style = style;
    d.followDistance = distance;
    d.camera.started = d.target.started = false; // the first update jumps
}

void stopDirector(Director& d) {
    d.mode = DirectorMode::Free;
    d.flight.reset();
    d.timeFrom.reset();
    d.timeTo.reset();
}

bool advanceDirector(Director& d, double dt, Camera* camera, Time* time, const TargetResolver& resolve,
                     const UnitLocator& locate, const std::function<double(double, double)>& groundAt) {
    switch (d.mode) {
    case DirectorMode::Free:
        return false;
    case DirectorMode::Flying: {
        d.elapsed += dt;
        *camera = d.flight->at(d.elapsed);
        const double done = d.flight->duration() > 0 ? d.elapsed / d.flight->duration() : 1;
        if (d.timeFrom && d.timeTo)
            *time = *d.timeFrom + (*d.timeTo - *d.timeFrom) * smoothstep(done);
        if (done >= 1)
            stopDirector(d);
        break;
    }
    case DirectorMode::Shot: {
        if (d.shotPlaying)
            d.shotTime += dt;
        const CameraSample s = d.shot->evaluate(d.shotTime, resolve);
        *camera = s.camera;
        if (s.campaignTime)
            *time = *s.campaignTime;
        if (d.shotTime >= d.shot->duration() && d.shotPlaying)
            d.mode = DirectorMode::Free; // stays on the last key
        break;
    }
    case DirectorMode::Follow:
        if (!followUnit(d, dt, camera, *time, locate)) {
            stopDirector(d);
            return false;
        }
        break;
    }
    if (groundAt) {
        const double floor = groundAt(camera->position.lat, camera->position.lon) + kMinClearance;
        camera->position.alt = std::max(camera->position.alt, floor);
    }
    return true;
}

Camera cameraLookingAt(const GeoPoint& target, double distance, double headingDeg, double pitchDeg, double fovDeg) {
    const double down = glm::radians(-pitchDeg);
    Camera c;
    c.position = offsetGround(target, headingDeg + 180, distance * std::cos(down));
    c.position.alt = target.alt + distance * std::sin(down);
    c.headingDeg = headingDeg;
    c.pitchDeg = pitchDeg;
    c.fovDeg = fovDeg;
    return c;
}

std::optional<GeoPoint> groundUnderPixel(const CameraView& view, const EnuFrame& scene, int width, int height,
                                         double x, double y, const std::function<double(double, double)>& groundAt) {
    const glm::dmat4 inverse = glm::inverse(glm::dmat4(view.viewProjection));
    const double ndcX = 2 * x / width - 1, ndcY = 2 * y / height - 1;
    // Reverse-Z: depth 1 is the near plane; any depth gives the same direction from the eye.
    const glm::dvec4 p = inverse * glm::dvec4(ndcX, ndcY, 1, 1);
    const glm::dvec3 dir = glm::normalize(glm::dvec3(p) / p.w);
    auto above = [&](double t) {
        const GeoPoint g = enuToGeodetic(scene, view.eye + dir * t);
        return g.alt - groundAt(g.lat, g.lon);
    };
    double t0 = 0, step = 5;
    if (above(t0) < 0)
        return std::nullopt; // the eye is under the ground
    for (double t = step; t < 2.0e6; t += step, step *= 1.04) {
        if (above(t) > 0) {
            t0 = t;
            continue;
        }
        double lo = t0, hi = t;
        while (hi - lo > 1) {
            const double mid = (lo + hi) / 2;
            (above(mid) > 0 ? lo : hi) = mid;
        }
        GeoPoint g = enuToGeodetic(scene, view.eye + dir * hi);
        g.alt = groundAt(g.lat, g.lon);
        return g;
    }
    return std::nullopt;
}

} // namespace kresy
