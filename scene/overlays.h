#pragma once
// Lines on the terrain: rivers and borders draped over the relief, of constant width on screen,
// with as many points as the view needs, and the date deciding which borders are shown.
//
// Draping. Each line is cut into chunks of at most kChunkPoints points, densified along great
// circles to a fine step and placed on the terrain (heights from a HeightFunction, cached per
// chunk and refreshed a few chunks a frame). A frame draws the chunks in view, each with every
// 2^k-th point where the points' spacing on screen stays under a few pixels. The terrain mesh
// approximates the ground within its pixel error, so a line exactly on the ground could sink
// into a coarse mesh (or z-fight a fine one): every point is pulled towards the camera along its
// line of sight by a few pixels' worth of distance. That changes its depth and nothing on
// screen, so the line neither floats nor hides, at any level of detail, and a hill in front
// still hides it.
//
// Layers have names (kLayerNames); a frame shows a set of them (`--layers`, the layers panel).

#include "frame.h"
#include "labels.h"
#include "replays/annotations.h"
#include "units_view.h"

#include <glm/glm.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kresy {

// The overlay layers by name, in the order the layers panel lists them. "borders" shows the
// borders of the date (those of 1938 until 1945), the other two each year's by hand.
// "annotations" are the replay's (replays/annotations.h): arrows, areas, lines and labels.
// "captions" are the date, title cards and credit line of rendered shots.
// "lakes" are the water of the terrain's land mask (lakes and sea), drawn as water or as land.
enum class Layer { Rivers, Lakes, Borders, Borders1938, Borders1945, Places, Units, Annotations, Captions, Count };
inline constexpr const char* kLayerNames[] = {"rivers", "lakes",  "borders",     "borders-1938", "borders-1945",
                                              "places", "units",  "annotations", "captions"};

struct LayerSet {
    bool on[size_t(Layer::Count)] = {true, true, true, false, false, true, true, true, true};
    bool operator[](Layer l) const { return on[size_t(l)]; }
    bool& operator[](Layer l) { return on[size_t(l)]; }
};

// The set as --layers takes it: the names of the layers on, comma-separated, or "none".
std::string layerListText(const LayerSet& set);
// "rivers,places", "none" or "all" (the default set) into a set; false and a sentence naming the
// unknown layer and the known ones otherwise.
bool parseLayerList(std::string_view text, LayerSet* out, std::string* error);

struct LineStyle {
    glm::vec4 colour{1};   // sRGB, alpha
    float widthPixels = 2; // at 1080 lines; times the frame's pixel scale
};

// Lines of one layer, draped.
class DrapedLines {
public:
    static constexpr int kChunkPoints = 64;

    // `lines` in lat/lon; densified to at most `stepMetres` between points. `reach` (one per line,
    // or none: everywhere) is the distance from the camera beyond which a line is not drawn: minor
    // rivers vanish from the overview as they would from a small-scale map.
    void build(const std::vector<std::vector<GeoPoint>>& lines, const EnuFrame& scene, LineStyle style,
               double stepMetres, const std::vector<double>& reach = {});
    // Appends the chunks in view to frame->lines. `pixelScale` multiplies widths (supersampled and
    // large offline frames); `pixelError` is the terrain's (the pull towards the camera grows with
    // it). Heights of up to `heightBudget` points are sampled from `groundAt` this frame: chunks
    // seen for the first time first, then the oldest again (tiles keep arriving); a chunk without
    // heights yet is not drawn.
    void draw(FrameInput* frame, const HeightFunction& groundAt, double pixelScale, double pixelError,
              size_t heightBudget = 4096);
    // Offline: heights for every chunk in view sampled before drawing (no budget).
    void drawSettled(FrameInput* frame, const HeightFunction& groundAt, double pixelScale, double pixelError);

    size_t chunks() const { return chunks_.size(); }
    size_t points() const;
    size_t segmentsDrawn() const { return segmentsDrawn_; }

private:
    struct Chunk {
        std::vector<GeoPoint> points;  // lat, lon; alt the height once sampled
        std::vector<glm::dvec3> enu;   // on the ellipsoid (alt 0), scene ENU: culling and spacing
        std::vector<glm::dvec3> draped; // on the terrain, scene ENU, once sampled
        glm::dvec3 centre{0};
        double radius = 0;             // metres, bounding sphere of the points at heights 0..2 km
        double step = 0;               // metres between points
        double reach = 0;              // metres: not drawn farther from the camera
        bool hasHeights = false;
        uint64_t sampledFrame = 0;
    };
    void drawChunks(FrameInput* frame, const HeightFunction& groundAt, double pixelScale, double pixelError,
                    size_t heightBudget);

    std::vector<Chunk> chunks_;
    EnuFrame scene_;
    LineStyle style_;
    uint64_t frameCount_ = 0;
    size_t segmentsDrawn_ = 0;
};

// Which borders a date shows under the "borders" layer: 1938's before 1945, 1945's after.
bool showsBorders1945(Time time);

// The map: rivers, the borders of 1938 and 1945 and the names of places and rivers, from the
// dataset (docs/data-formats.md): vector/rivers.geojson, borders-1938.geojson,
// borders-1945.geojson, vector/places.csv, fonts/DejaVuSans.ttf.
class AnnotationLayer;

class MapOverlays {
public:
    MapOverlays();
    ~MapOverlays();
    // Reads the dataset in `dataDirectory`. A file that cannot be read leaves its layer empty and
    // says why in *problems (one sentence each, with file:line:col); the rest still load.
    void load(const std::string& dataDirectory, const EnuFrame& scene, std::vector<std::string>* problems);
    // Appends the lines and names of the layers `layers` shows at frame->time. `settled`: offline
    // frames, every height sampled before drawing (see DrapedLines). Names of towns come with the
    // places layer, names of rivers with the rivers layer; the two declutter together.
    // `panels` are boxes on screen (x0, y0, x1, y1 pixels, y down) no name may cover: the
    // window's panels.
    void addToFrame(FrameInput* frame, const LayerSet& layers, const HeightFunction& groundAt, double pixelScale,
                    double pixelError, bool settled, const std::vector<glm::vec4>& panels = {});
    // The annotations the "annotations" layer draws (none until set); `replay` (may be null)
    // gives the sides' colours. Call again after every edit.
    void setAnnotations(const AnnotationSet& set, const Replay* replay);
    const AnnotationLayer& annotations() const { return *annotations_; }
    // The font the names are drawn in (for captions too); null when it did not load.
    const std::shared_ptr<const Font>& font() const { return font_; }

private:
    struct Name {
        LabelSpec spec;
        GeoPoint at;       // lat, lon of the anchor; lifted above the ground when placed
        bool river = false;
    };
    void updateLabels(const LayerSet& layers, Time time, const HeightFunction& groundAt, bool settled);

    DrapedLines rivers_, borders1938_, borders1945_;
    EnuFrame scene_;
    std::vector<Name> names_;
    std::shared_ptr<const Font> font_;
    std::unique_ptr<LabelLayer> labels_;
    std::vector<size_t> shown_; // indices into names_ of the labels in labels_ (then the notes')
    int shownMask_ = -1;        // which of places/rivers labels_ holds
    std::vector<size_t> shownNotes_;      // the annotations whose labels follow the names in labels_
    std::vector<glm::dvec3> nameAnchors_; // of the names in labels_
    std::unique_ptr<AnnotationLayer> annotations_;
    uint64_t frames_ = 0;
};

} // namespace kresy
