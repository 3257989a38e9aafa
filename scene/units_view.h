#pragma once
// The replay's units at time t as marks for the renderer: which units to show (formations
// aggregate their subordinates with distance), where (on the terrain), as which symbol, and
// their trails and uncertainty circles. Plain C++: it fills FrameInput's lines and billboards.

#include "frame.h"
#include "model.h"
#include "replays/hierarchy.h"
#include "replays/replay.h"
#include "replays/sampling.h"
#include "symbols.h"

#include <functional>
#include <memory>
#include <vector>

namespace kresy {

struct UnitDisplay {
    float symbolPixels = 56;   // the symbol's cell on screen
    double trailHours = 24;    // 0: no trails
    bool uncertainty = true;   // circles of each shown unit's uncertainty radius
    double aggregation = 1;    // scales the distances at which formations open
    bool models = true;        // units with a glTF model show it under their symbol when near
    double modelDistance = 40e3; // metres: models are drawn nearer than this
    float modelPixels = 64;    // a model is drawn this long on screen, or at its true size when larger,
    double modelMaxScale = 30; // but never more than this many times its true size (a 150 m truck)
};

// Camera distance below which a formation of this echelon rank (replays/replay.h echelonRank)
// is drawn as its subordinates instead: a front opens at 450 km, an army at 150 km, a corps at
// 60 km, a division at 25 km, a brigade at 12 km, a regiment at 6 km.
double formationOpenDistance(int echelonRank);

// Terrain height (metres, exaggerated as drawn) under a point; 0 where none is known.
using HeightFunction = std::function<double(double lat, double lon)>;

// A unit's `model` path, relative to the replay's directory, as a tidy path.
std::string modelPath(const std::string& replayDirectory, const std::string& model);

// Loads the glTF models the replay's units name (paths relative to `baseDirectory`), each file
// and heading once. A model that cannot be loaded becomes the placeholder, and a sentence saying
// which unit, which file and why is appended to *problems. One entry per unit: null for a unit
// without a model.
std::vector<std::shared_ptr<const ModelData>> loadUnitModels(const Replay& replay, const std::string& baseDirectory,
                                                             std::vector<std::string>* problems);

class UnitsView {
public:
    // Indexes the replay and rasterises the symbols it can need (every unit in every status).
    explicit UnitsView(std::shared_ptr<const Replay> replay, int cellPixels = 64);

    const Replay& replay() const { return *replay_; }

    // Each unit's model (loadUnitModels), drawn when UnitDisplay::models is on.
    void setModels(std::vector<std::shared_ptr<const ModelData>> perUnit) { models_ = std::move(perUnit); }
    bool hasModels() const;
    const ReplayIndex& index() const { return index_; }
    const UnitHierarchy& hierarchy() const { return hierarchy_; }

    // The units drawn at time t from `eye` (scene ENU): aggregated, each once, in no set order.
    // `states` are every unit's states at t (sampleUnits).
    void selectShown(const std::vector<UnitState>& states, const EnuFrame& scene, const glm::dvec3& eye,
                     double aggregation, std::vector<uint32_t>* shown) const;

    // Samples the units at frame->time and appends their marks to the frame: trails and
    // circles to `lines`, symbols (far ones first) to `billboards`, near units' models (turned
    // to their heading, never smaller than display.modelPixels) to `models`; sets the atlas. Units off
    // screen are left out, and so is a unit whose point falls where a larger formation's or a
    // nearer unit's symbol already stands (decluttering).
    void addMarks(FrameInput* frame, const UnitDisplay& display, const HeightFunction& heightAt);

    // After addMarks: the unit whose symbol covers pixel (x, y) (top-left origin), nearest the
    // camera first; -1 for none.
    int pick(const FrameInput& frame, double x, double y) const;

    // After addMarks: the units shown this frame and their states.
    const std::vector<uint32_t>& shown() const { return shown_; }
    const std::vector<UnitState>& states() const { return states_; }

private:
    // A unit drawn this frame.
    struct Placed {
        double distance; // from the eye, metres
        uint32_t unit;
        glm::dvec3 position; // its symbol's point
        double margin;       // metres its marks stand above the ground
        GeoPoint ground;
        bool onModel = false; // its symbol stands above its model
    };

    SymbolKey keyOf(size_t unit, UnitStatus status) const;
    void addModels(FrameInput* frame, const UnitDisplay& display, double focalPixels, std::vector<Placed>* placed) const;

    std::shared_ptr<const Replay> replay_;
    ReplayIndex index_;
    UnitHierarchy hierarchy_;
    std::vector<glm::vec4> sideColours_; // per unit, sRGB
    std::vector<SymbolAffiliation> affiliations_; // per unit, its side's
    SymbolAtlas symbols_;
    std::shared_ptr<AtlasImage> atlas_;
    std::vector<UnitState> states_;
    std::vector<uint32_t> shown_;
    std::vector<uint32_t> billboardUnits_; // unit of each billboard added, in order
    size_t firstBillboard_ = 0;
    std::vector<GeoPoint> trail_;
    std::vector<std::shared_ptr<const ModelData>> models_; // per unit; empty: none
};

} // namespace kresy
