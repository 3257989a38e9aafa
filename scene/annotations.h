#pragma once
// Campaign annotations on the terrain (replays/annotations.h): areas and war-map arrows painted
// on the ground, lines draped over it, labels among the map's names, each shown over its time
// span and an arrow growing along its path.
//
// Painting. Areas and arrows are flat triangles in the scene frame's east-north plane
// (annotation_geometry.h). The renderer draws them from above into two pictures of the ground,
// a far one covering every annotation and a near one around the camera, and the terrain shader
// paints each pixel of the ground with what lies under it (FrameInput::drape). Painted shapes
// therefore follow the relief exactly at every level of detail: they cannot float, sink or
// z-fight. Their edges are antialiased and outlined by the screen-space derivative of the
// shapes' coverage, so an outline has the same width in pixels near and far.

#include "frame.h"
#include "labels.h"
#include "overlays.h"
#include "replays/annotations.h"

#include <glm/glm.hpp>

#include <memory>
#include <vector>

namespace kresy {

// An annotation's style with the defaults of its kind and side applied.
struct ResolvedStyle {
    glm::vec4 colour{1};    // sRGB, alpha the opacity
    float widthPixels = 2;  // lines, at 1080 lines
    double widthMetres = 0; // arrows' bodies
    LineDash dash = LineDash::Solid;
    float textPixels = 15;
};
// `replay` (may be null) gives the sides' colours.
ResolvedStyle resolveStyle(const Annotation& a, const Replay* replay);

// Gives the lines frame->lines[first..] (consecutive segments joined end to end) the dash
// pattern of `dash`, measured on screen: the dashes keep their length in pixels at any distance.
void dashLines(FrameInput* frame, size_t first, LineDash dash, double pixelScale);

// The raster's windows for a camera: the near one centred ahead of the camera, sized by its
// height above the ground, snapped to a grid so small moves keep it; the far one as given.
// When the near one would cover the far one, both are the far one.
DrapeWindow nearDrapeWindow(const CameraView& camera, double heightAboveGround, const DrapeWindow& far);

class AnnotationLayer {
public:
    // Builds the shapes of `set` in `scene`. `replay` (may be null) gives the sides' colours; it
    // is not kept.
    void setAnnotations(const AnnotationSet& set, const Replay* replay, const EnuFrame& scene);
    const AnnotationSet& annotations() const { return set_; }
    bool empty() const { return set_.annotations.empty(); }

    // Appends what frame->time shows: the painted areas and arrows (frame->drape), the lines
    // draped (see DrapedLines; `settled` samples every height first). `heightAboveGround` is the
    // camera's, for the near picture. `drapeSize` is the pictures' width and height in texels.
    // Unless `settled`, at most one picture is painted again per frame; offline, both.
    void addToFrame(FrameInput* frame, const HeightFunction& groundAt, double heightAboveGround, double pixelScale,
                    double pixelError, bool settled, int drapeSize = 1024);

    // The labels frame time `t` shows, each with the index of its annotation: label annotations,
    // and the names of arrows on their body once they have grown, and of areas at their centre. Anchors are on the ground
    // (alt 0); the caller lifts them.
    struct Label {
        size_t annotation;
        LabelSpec spec;
        GeoPoint at;
    };
    void labelsAt(Time t, std::vector<Label>* out) const;

    // Triangles in the far picture of the last frame (for the benchmark).
    size_t drapeTriangles() const {
        return drape_ && drape_->far.vertices ? drape_->far.vertices->size() / 3 : 0;
    }

private:
    struct Shape {
        std::vector<glm::dvec2> path;      // arrows: the smoothed path; areas: the ring (plane metres)
        std::vector<glm::dvec2> triangles; // areas: filled once
        glm::dvec2 centre{0};              // areas: where the name goes
        glm::dvec2 min{0}, max{0};         // bounds on the plane (arrows with room for the head)
        ResolvedStyle style;
        std::unique_ptr<DrapedLines> line; // lines
    };
    // A picture's triangles for (annotation, growth) pairs: areas first, arrows over them.
    std::shared_ptr<const std::vector<DrapeVertex>> paint(const std::vector<std::pair<size_t, double>>& content) const;
    // What of `shown` a picture over `window` holds, growth rounded to its texels.
    std::vector<std::pair<size_t, double>> contentFor(const DrapeWindow& window, int size,
                                                      const std::vector<std::pair<size_t, double>>& shown) const;
    // An arrow's triangles at a growth (0 to 1).
    std::vector<glm::dvec2> arrowTriangles(size_t index, double growth) const;
    // Whether `after` differs from `before` only in arrows' growth, and then the parts of a
    // picture over `window` (`size` texels across) that changed.
    bool grownOnly(const std::vector<std::pair<size_t, double>>& before,
                   const std::vector<std::pair<size_t, double>>& after, const DrapeWindow& window, int size,
                   std::vector<DrapeWindow>* dirty) const;
    struct Picture {
        std::vector<std::pair<size_t, double>> content;
        DrapePicture drawn;
    };

    AnnotationSet set_;
    EnuFrame scene_;
    std::vector<Shape> shapes_; // one per annotation
    DrapeWindow far_;
    Picture pictures_[2]; // near, far
    int lastPainted_ = 0; // the far picture goes first: it covers everything
    std::shared_ptr<const Drape> drape_;
};

} // namespace kresy
