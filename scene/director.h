#pragma once
// Who moves the camera this frame: the user (free flight), a fly-to, a shot being played, or a
// unit being followed. Plain state advanced by the window's clock, so the window, presenter
// mode and tests share it.

#include "camera.h"
#include "camera_path.h"
#include "core/time.h"
#include "fly_to.h"

#include <functional>
#include <memory>
#include <optional>

namespace kresy {

enum class DirectorMode { Free, Flying, Shot, Follow };
enum class FollowStyle { Chase, Overhead };

// Where a unit is at a campaign time, with the direction it moves (degrees clockwise from north);
// nullopt when it is not on the map then.
struct UnitPlace {
    GeoPoint ground; // alt: the terrain's height
    double headingDeg = 0;
};
using UnitLocator = std::function<std::optional<UnitPlace>(int unit, Time time)>;

struct Director {
    DirectorMode mode = DirectorMode::Free;

    // Flying: the path, how far along it is, and the campaign time it animates between (a
    // presenter's step to the next bookmark moves the date too).
    std::optional<FlyTo> flight;
    double elapsed = 0;
    std::optional<Time> timeFrom, timeTo;

    // Shot: the path and where the playhead is.
    std::shared_ptr<const CameraPath> shot;
    double shotTime = 0;
    bool shotPlaying = true;

    // Follow: the unit, how, and the smoothed camera and target (in lat, lon, alt).
    int unit = -1;
    FollowStyle style = FollowStyle::Chase;
    double followDistance = 3000; // metres from the unit
    SmoothFollow camera{0.6}, target{0.3};
    double smoothedHeading = 0;
};

// A fly-to from `from` to `to`; with both times the campaign time moves from one to the other
// over the flight, eased like the camera.
void startFlight(Director& d, const Camera& from, const Camera& to, std::optional<Time> timeFrom = {},
                 std::optional<Time> timeTo = {});
void startShot(Director& d, std::shared_ptr<const CameraPath> shot, double at = 0);
void startFollow(Director& d, int unit, FollowStyle style, double distance);
// Back to free flight where the camera is now (the user took over).
void stopDirector(Director& d);

// Advances by `dt` seconds of real time. While the director drives, it sets *camera and, when
// its motion carries a campaign time, *time; returns whether it drove. A flight ends at its
// target and a shot at its end (both fall back to free flight); following ends when the unit
// leaves the map. `resolve` places shot targets; `locate` finds units; `groundAt` keeps the
// camera at least kMinClearance above the terrain.
bool advanceDirector(Director& d, double dt, Camera* camera, Time* time, const TargetResolver& resolve,
                     const UnitLocator& locate, const std::function<double(double lat, double lon)>& groundAt);

// A camera `distance` metres from `target`, looking at it along `headingDeg`, `pitchDeg` down.
Camera cameraLookingAt(const GeoPoint& target, double distance, double headingDeg, double pitchDeg, double fovDeg);

// The terrain point under pixel (x, y) (top-left origin) of a `width` x `height` view, or nullopt
// when the ray misses the ground within 2,000 km (the sky). Marches the ray against `groundAt`
// in steps that grow with the distance, then bisects the crossing to a metre.
std::optional<GeoPoint> groundUnderPixel(const CameraView& view, const EnuFrame& scene, int width, int height,
                                         double x, double y, const std::function<double(double lat, double lon)>& groundAt);

} // namespace kresy
