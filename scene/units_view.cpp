#include "units_view.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

namespace kresy {
namespace {

static_assert(kSymbolTypeCount == int(UnitType::Other) + 1, "replay unit types and symbol types must match");

SymbolEchelon symbolEchelon(Echelon e) {
    switch (e) {
    case Echelon::Battalion: return SymbolEchelon::Battalion;
    case Echelon::Regiment: return SymbolEchelon::Regiment;
    case Echelon::Brigade: return SymbolEchelon::Brigade;
    case Echelon::Division: return SymbolEchelon::Division;
    case Echelon::Corps:
    case Echelon::Group: return SymbolEchelon::Corps;
    case Echelon::Army: return SymbolEchelon::Army;
    case Echelon::Front: return SymbolEchelon::Front;
    }
    return SymbolEchelon::None;
}

SymbolStatus symbolStatus(UnitStatus s) {
    switch (s) {
    case UnitStatus::Moving:
    case UnitStatus::Halted: return SymbolStatus::Active;
    case UnitStatus::Engaged: return SymbolStatus::Engaged;
    case UnitStatus::Surrendered: return SymbolStatus::Surrendered;
    case UnitStatus::Destroyed: return SymbolStatus::Destroyed;
    case UnitStatus::Disbanded: return SymbolStatus::Disbanded;
    }
    return SymbolStatus::Active;
}

constexpr UnitStatus kAllStatuses[] = {UnitStatus::Moving, UnitStatus::Engaged, UnitStatus::Surrendered,
                                       UnitStatus::Destroyed, UnitStatus::Disbanded};

glm::vec4 colourOf(uint32_t rgb, float alpha) {
    return {float((rgb >> 16) & 255) / 255.0f, float((rgb >> 8) & 255) / 255.0f, float(rgb & 255) / 255.0f, alpha};
}

// Marks stand a little above the ground and a little towards the eye, so the ground right
// around them does not hide them; the margin grows with distance, like depth's own error.
glm::dvec3 lifted(const EnuFrame& scene, const GeoPoint& p, double metres) {
    return geodeticToEnu(scene, {p.lat, p.lon, p.alt + metres});
}

} // namespace

std::string modelPath(const std::string& replayDirectory, const std::string& model) {
    std::filesystem::path path(model);
    if (path.is_relative() && !replayDirectory.empty())
        path = std::filesystem::path(replayDirectory) / path;
    return path.lexically_normal().string();
}

std::vector<std::shared_ptr<const ModelData>> loadUnitModels(const Replay& replay, const std::string& baseDirectory,
                                                             std::vector<std::string>* problems) {
    std::vector<std::shared_ptr<const ModelData>> models(replay.units.size());
    std::map<std::pair<std::string, double>, std::shared_ptr<const ModelData>> loaded;
    for (size_t u = 0; u < replay.units.size(); ++u) {
        const Unit& unit = replay.units[u];
        if (!unit.model)
            continue;
        const std::string path = modelPath(baseDirectory, *unit.model);
        const double heading = unit.modelHeading.value_or(0);
        auto [it, added] = loaded.try_emplace({path, heading});
        if (added) {
            auto model = std::make_shared<ModelData>();
            std::string error;
            if (loadModel(path, heading, model.get(), &error)) {
                it->second = std::move(model);
            } else {
                it->second = placeholderModel();
                problems->push_back("unit \"" + unit.id + "\": model " + error + "; a placeholder is drawn instead");
            }
        }
        models[u] = it->second;
    }
    return models;
}

bool UnitsView::hasModels() const {
    return std::any_of(models_.begin(), models_.end(), [](const auto& m) { return m != nullptr; });
}

double formationOpenDistance(int echelonRank) {
    static constexpr double kMetres[] = {0, 6e3, 12e3, 25e3, 60e3, 150e3, 450e3};
    return kMetres[std::clamp(echelonRank, 0, 6)];
}

UnitsView::UnitsView(std::shared_ptr<const Replay> replay, int cellPixels)
    : replay_(std::move(replay)), index_(buildReplayIndex(*replay_)), hierarchy_(buildUnitHierarchy(*replay_)) {
    std::vector<SymbolKey> keys;
    for (size_t u = 0; u < replay_->units.size(); ++u) {
        uint32_t colour = 0x808080; // a side the replay does not list (only a replay that did not check)
        SymbolAffiliation affiliation = SymbolAffiliation::Unknown;
        for (const Side& s : replay_->sides)
            if (s.id == replay_->units[u].side) {
                colour = s.colour;
                affiliation = static_cast<SymbolAffiliation>(s.affiliation);
            }
        sideColours_.push_back(colourOf(colour, 1));
        affiliations_.push_back(affiliation);
        for (UnitStatus status : kAllStatuses)
            keys.push_back(keyOf(u, status));
    }
    symbols_ = buildSymbolAtlas(keys.data(), keys.size(), cellPixels);
    auto atlas = std::make_shared<AtlasImage>();
    atlas->width = symbols_.width;
    atlas->height = symbols_.height;
    atlas->rgba = symbols_.pixels;
    atlas_ = std::move(atlas);
}

SymbolKey UnitsView::keyOf(size_t unit, UnitStatus status) const {
    const Unit& u = replay_->units[unit];
    SymbolKey key;
    key.affiliation = affiliations_[unit];
    key.type = static_cast<SymbolType>(u.type);
    key.echelon = symbolEchelon(u.echelon);
    key.status = symbolStatus(status);
    return key;
}

void UnitsView::selectShown(const std::vector<UnitState>& states, const EnuFrame& scene, const glm::dvec3& eye,
                            double aggregation, std::vector<uint32_t>* shown) const {
    shown->clear();
    // Depth first from the roots: a formation near enough opens into its subordinates; one that
    // is not on the map (outside its life span) always does, so its units still show.
    auto visit = [&](auto&& self, uint32_t u) -> void {
        const UnitState& s = states[u];
        std::span<const uint32_t> children = hierarchy_.childrenOf(u);
        bool open = !children.empty();
        if (open && s.visible) {
            double distance = glm::length(geodeticToEnu(scene, {s.lat, s.lon, 0}) - eye);
            open = distance < formationOpenDistance(echelonRank(replay_->units[u].echelon)) * aggregation;
        }
        if (open) {
            size_t before = shown->size();
            for (uint32_t c : children)
                self(self, c);
            if (s.visible && shown->size() == before) // none of its units is on the map now
                shown->push_back(u);
        } else if (s.visible) {
            shown->push_back(u);
        }
    };
    for (uint32_t root : hierarchy_.roots)
        visit(visit, root);
}

void UnitsView::addMarks(FrameInput* frame, const UnitDisplay& display, const HeightFunction& heightAt) {
    const size_t n = index_.unitCount();
    states_.resize(n);
    sampleUnits(index_, frame->time, states_.data());
    const EnuFrame& scene = frame->scene;
    const glm::dvec3 eye = frame->camera.eye;
    selectShown(states_, scene, eye, display.aggregation, &shown_);
    frame->atlas = atlas_;

    std::vector<Placed> placed;
    placed.reserve(shown_.size());
    for (uint32_t u : shown_) {
        const UnitState& s = states_[u];
        GeoPoint ground{s.lat, s.lon, heightAt(s.lat, s.lon)};
        double distance = glm::length(geodeticToEnu(scene, ground) - eye);
        double margin = std::max(5.0, distance * 2e-3);
        placed.push_back({distance, u, lifted(scene, ground, margin), margin, ground});
    }
    // Decluttering: on screen, a symbol claims a cell about its frame's size; a later one whose
    // point falls in a claimed cell is not drawn. Larger formations claim first, then nearer units.
    std::sort(placed.begin(), placed.end(), [&](const Placed& a, const Placed& b) {
        int ra = echelonRank(replay_->units[a.unit].echelon), rb = echelonRank(replay_->units[b.unit].echelon);
        return ra != rb ? ra > rb : a.distance != b.distance ? a.distance < b.distance : a.unit < b.unit;
    });
    const float size = display.symbolPixels;
    const double claim = std::max(8.0, 0.55 * size);
    const int columns = int(frame->width / claim) + 1, rows = int(frame->height / claim) + 1;
    std::vector<uint8_t> claimed(size_t(columns) * rows, 0);
    std::erase_if(placed, [&](const Placed& p) {
        glm::vec4 clip = frame->camera.viewProjection * glm::vec4(glm::vec3(p.position - eye), 1.0f);
        if (clip.w <= 0)
            return true; // behind the camera
        double x = (clip.x / clip.w + 1) * 0.5 * frame->width, y = (clip.y / clip.w + 1) * 0.5 * frame->height;
        if (x < -size || y < -size || x > frame->width + size || y > frame->height + size)
            return true; // off screen, trail and all (a trail reaching in from off screen is not worth its cost)
        int cx = int(std::clamp(x / claim, 0.0, double(columns - 1))), cy = int(std::clamp(y / claim, 0.0, double(rows - 1)));
        uint8_t& c = claimed[size_t(cy) * columns + cx];
        if (c)
            return true;
        c = 1;
        return false;
    });
    const double focalPixels = frame->height * 0.5 * std::abs(frame->camera.projection[1][1]); // y is flipped

    for (const Placed& p : placed) {
        const uint32_t u = p.unit;
        const UnitState& s = states_[u];
        const double margin = p.margin;
        const glm::vec4 colour = sideColours_[u];

        if (display.trailHours > 0) {
            trail_.clear();
            appendUnitTrail(index_, u, frame->time, display.trailHours, &trail_);
            // Each leg follows the terrain in pieces of at most 3 km; it fades with age.
            glm::dvec3 previous{0};
            size_t pieces = 0;
            for (size_t i = 0; i + 1 < trail_.size(); ++i)
                pieces += size_t(std::clamp(greatCircleDistance(trail_[i].lat, trail_[i].lon, trail_[i + 1].lat,
                                                                trail_[i + 1].lon) / 3000.0, 1.0, 24.0));
            size_t piece = 0;
            for (size_t i = 0; i + 1 < trail_.size(); ++i) {
                const GeoPoint& a = trail_[i];
                const GeoPoint& b = trail_[i + 1];
                int steps = int(std::clamp(greatCircleDistance(a.lat, a.lon, b.lat, b.lon) / 3000.0, 1.0, 24.0));
                for (int k = (i == 0 ? 0 : 1); k <= steps; ++k) {
                    double f = double(k) / steps, lat = a.lat + (b.lat - a.lat) * f, lon = a.lon + (b.lon - a.lon) * f;
                    glm::dvec3 q = lifted(scene, {lat, lon, heightAt(lat, lon)}, margin);
                    if (i > 0 || k > 0) {
                        float age0 = float(piece) / float(pieces), age1 = float(piece + 1) / float(pieces);
                        frame->lines.push_back({previous, q, glm::vec4(glm::vec3(colour), 0.15f + 0.75f * age0),
                                                glm::vec4(glm::vec3(colour), 0.15f + 0.75f * age1), 3.0f});
                        ++piece;
                    }
                    previous = q;
                }
            }
        }
        // The uncertainty as a circle on the ground, with as many points as its size on screen
        // needs (none when it is smaller than the symbol).
        const double radius = s.uncertaintyKm * 1000.0;
        const double radiusPixels = radius / std::max(p.distance, 1.0) * focalPixels;
        if (display.uncertainty && radiusPixels > 0.3 * size) {
            const int points = int(std::clamp(radiusPixels / 6, 12.0, 64.0));
            const double cosLat = std::cos(glm::radians(s.lat));
            glm::dvec3 previous{0};
            for (int k = 0; k <= points; ++k) {
                double angle = 2 * M_PI * k / points;
                double lat = s.lat + glm::degrees(radius * std::cos(angle) / kEarthMeanRadius);
                double lon = s.lon + glm::degrees(radius * std::sin(angle) / (kEarthMeanRadius * cosLat));
                glm::dvec3 q = lifted(scene, {lat, lon, heightAt(lat, lon)}, margin);
                if (k > 0)
                    frame->lines.push_back({previous, q, glm::vec4(glm::vec3(colour), 0.6f),
                                            glm::vec4(glm::vec3(colour), 0.6f), 1.5f});
                previous = q;
            }
        }
    }
    if (display.models && !models_.empty())
        addModels(frame, display, focalPixels, &placed);

    // Far first, so nearer symbols blend over farther ones.
    std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
        return a.distance != b.distance ? a.distance > b.distance : a.unit < b.unit;
    });
    firstBillboard_ = frame->billboards.size();
    billboardUnits_.clear();
    // The cell's anchor (the frame's centre) sits on the unit; the quad's centre is offset from it.
    const glm::vec2 offset{(0.5f - kSymbolAnchorX) * size, (kSymbolAnchorY - 0.5f) * size};
    for (const Placed& p : placed) {
        const UnitState& s = states_[p.unit];
        const SymbolCell* cell = findSymbolCell(symbols_, keyOf(p.unit, s.status));
        if (!cell)
            continue;
        Billboard b;
        b.position = p.position;
        b.fill = sideColours_[p.unit];
        b.uvRect = {cell->u0, cell->v0, cell->u1, cell->v1};
        b.size = {size, size};
        b.offset = offset;
        if (p.onModel) // the symbol's bottom edge, not its centre, on the point above the model
            b.offset.y += 0.3f * size;
        bool gone = s.status == UnitStatus::Surrendered || s.status == UnitStatus::Destroyed ||
                    s.status == UnitStatus::Disbanded;
        b.opacity = gone ? 0.75f : 1.0f;
        frame->billboards.push_back(b);
        billboardUnits_.push_back(p.unit);
    }
}

void UnitsView::addModels(FrameInput* frame, const UnitDisplay& display, double focalPixels,
                          std::vector<Placed>* placed) const {
    std::map<const ModelData*, size_t> drawOf;
    for (Placed& p : *placed) {
        const std::shared_ptr<const ModelData>& model = models_[p.unit];
        if (!model || p.distance > display.modelDistance)
            continue;
        // A true-size truck would be a dot from a few kilometres: models are magnified to
        // modelPixels on screen, within limits, so they never tower over the hills.
        const glm::vec3 extent = model->boundsMax - model->boundsMin;
        const double length = std::max({extent.x, extent.y, 1e-3f});
        const double scale = std::clamp(display.modelPixels * p.distance / (focalPixels * length), 1.0,
                                        std::max(1.0, display.modelMaxScale));
        const double heading = glm::radians(double(states_[p.unit].headingDeg));
        const EnuFrame& scene = frame->scene;
        const glm::dvec3 east = rotateEnuDirection(scene, p.ground, {1, 0, 0});
        const glm::dvec3 north = rotateEnuDirection(scene, p.ground, {0, 1, 0});
        const glm::dvec3 up = rotateEnuDirection(scene, p.ground, {0, 0, 1});
        ModelInstance m;
        m.position = geodeticToEnu(scene, p.ground);
        m.right = (east * std::cos(heading) - north * std::sin(heading)) * scale;
        m.forward = (east * std::sin(heading) + north * std::cos(heading)) * scale;
        m.up = up * scale;
        m.tint = sideColours_[p.unit];
        auto [it, added] = drawOf.try_emplace(model.get(), frame->models.size());
        if (added)
            frame->models.push_back({model, {}});
        frame->models[it->second].instances.push_back(m);
        // The symbol stands above the model, clear of its roof.
        p.position = lifted(scene, p.ground, extent.z * scale * 1.1 + p.margin);
        p.onModel = true;
    }
}

int UnitsView::pick(const FrameInput& frame, double x, double y) const {
    // Nearest first: the last drawn is on top.
    for (size_t i = billboardUnits_.size(); i-- > 0;) {
        const Billboard& b = frame.billboards[firstBillboard_ + i];
        glm::vec4 clip = frame.camera.viewProjection * glm::vec4(glm::vec3(b.position - frame.camera.eye), 1.0f);
        if (clip.w <= 0)
            continue;
        // The unit's point is the frame's centre; the frame covers about 60% of the cell.
        double sx = (clip.x / clip.w + 1) * 0.5 * frame.width;
        double sy = (clip.y / clip.w + 1) * 0.5 * frame.height;
        if (std::fabs(x - sx) <= b.size.x * 0.3 && std::fabs(y - sy) <= b.size.y * 0.3)
            return int(billboardUnits_[i]);
    }
    return -1;
}

} // namespace kresy
