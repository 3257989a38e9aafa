#pragma once
// The offline renderer behind `kresy render` and `kresy bench export`: a shot's frames, each a
// pure function of the shot, the frame number and the data.
//
// Frame n shows the shot at n / fps (with motion blur, sub-frames spread over the open shutter
// around it). Its terrain is drawn only once everything the frame selects is loaded at the
// target error, and heights (the near plane, units and targets on the ground) come from the
// finest tile there, loaded if need be, never from whatever an earlier frame happened to load.
// So a frame range renders the same bytes as the same frames of a whole render, and twice the same.

#include "export/camera_export.h"
#include "options.h"
#include "scene/shot.h"
#include "scene/units_view.h"

#include <memory>
#include <string>

namespace kresy {

class LinearAccumulator;

class ShotRenderer {
public:
    ShotRenderer();
    ~ShotRenderer();

    // The terrain, a headless device and the renderer for `options` (size, supersampling, motion
    // blur, terrain flags). `units` may be null. False with a sentence.
    bool open(const RenderOptions& options, const Shot& shot, std::shared_ptr<UnitsView> units, std::string* error);

    int frameCount() const; // round(duration * fps), at least 1
    // Frame `frame`, its sub-frames drawn supersampled and averaged into *out (cleared first; of
    // the output size). False with a sentence when the terrain never finished loading.
    bool render(int frame, LinearAccumulator* out, std::string* error);
    // The frame's captions (scene/captions.h: the date, title cards, the credit line) drawn into
    // its resolved image, when the captions layer is on.
    void drawCaptions(int frame, ImageRGBA8* image) const;
    void drawCaptions(int frame, ImageRGBA16* image) const;
    // The camera and the units on frames [first, last], for compositing.
    CameraExport cameraExport(int first, int last);
    std::string deviceName() const;
    // Releases the renderer and the device (the destructor does it too).
    void close();

private:
    template <typename Image> void captionsAt(int frame, Image* image) const;
    struct State;
    std::unique_ptr<State> s_;
};

} // namespace kresy
