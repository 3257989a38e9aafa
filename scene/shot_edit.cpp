#include "shot_edit.h"

#include "core/files.h"
#include "fly_to.h"
#include "shot_io.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <system_error>

namespace kresy {

ShotKey keyFromCamera(const Camera& camera, std::optional<Time> campaignTime, double time) {
    ShotKey key;
    key.time = time;
    key.position = camera.position;
    key.headingDeg = std::fmod(std::fmod(camera.headingDeg, 360.0) + 360.0, 360.0);
    key.pitchDeg = std::clamp(camera.pitchDeg, -90.0, 90.0);
    key.rollDeg = camera.rollDeg;
    key.fovDeg = camera.fovDeg;
    if (campaignTime)
        key.campaignTime = Timestamp{*campaignTime, formatIso8601(*campaignTime)};
    return key;
}

void setKeyView(ShotKey* key, const ShotKey& from) {
    key->position = from.position;
    key->headingDeg = from.headingDeg;
    key->pitchDeg = from.pitchDeg;
    key->rollDeg = from.rollDeg;
    key->target = from.target;
    key->fovDeg = from.fovDeg;
    key->campaignTime = from.campaignTime;
}

double travelTimeBetween(const Camera& from, const Camera& to) {
    // A shot moves at half a fly-to's pace (a fly-to is for getting somewhere), in half seconds.
    return std::max(2.0, std::round(4 * FlyTo(from, to).duration()) / 2);
}

// ---- The document --------------------------------------------------------------------------------

ShotDocument::ShotDocument(std::string path, Shot shot) : path_(std::move(path)), shot_(std::move(shot)), saved_(shot_) {}

void ShotDocument::setPath(std::string path) {
    if (path == path_)
        return;
    path_ = std::move(path);
    markUnsaved(); // nothing is on disk there yet
}

void ShotDocument::push(Shot next, std::string_view merge) {
    if (next == shot_)
        return;
    if (merge.empty() || merge != mergeTag_) {
        undo_.push_back(std::move(shot_));
        if (undo_.size() > kUndoSteps)
            undo_.erase(undo_.begin());
    }
    mergeTag_ = merge;
    redo_.clear();
    shot_ = std::move(next);
    revision_ = nextRevision_++;
}

void ShotDocument::edit(Shot next, std::string_view merge) { push(std::move(next), merge); }

int ShotDocument::addKey(const ShotKey& key) {
    Shot next = shot_;
    std::vector<ShotKey>& keys = next.keys;
    for (size_t i = 0; i < keys.size(); ++i) {
        if (std::abs(keys[i].time - key.time) < kMinKeyGap) { // the view of the key already there
            setKeyView(&keys[i], key);
            push(std::move(next), {});
            return int(i);
        }
    }
    auto at = std::upper_bound(keys.begin(), keys.end(), key.time,
                               [](double t, const ShotKey& k) { return t < k.time; });
    const int index = int(at - keys.begin());
    ShotKey added = key;
    if (index > 0) { // after the previous key's hold
        const ShotKey& previous = keys[size_t(index - 1)];
        added.time = std::max(added.time, previous.time + previous.hold + kMinKeyGap);
    }
    added.hold = 0;
    keys.insert(keys.begin() + index, added);
    if (size_t(index + 1) < keys.size() && keys[size_t(index + 1)].time < added.time + kMinKeyGap) {
        const double shift = added.time + kMinKeyGap - keys[size_t(index + 1)].time; // make room
        for (size_t i = size_t(index + 1); i < keys.size(); ++i)
            keys[i].time += shift;
    }
    push(std::move(next), {});
    return index;
}

void ShotDocument::removeKey(int index) {
    if (index < 0 || size_t(index) >= shot_.keys.size())
        return;
    Shot next = shot_;
    next.keys.erase(next.keys.begin() + index);
    push(std::move(next), {});
}

void ShotDocument::setKey(int index, ShotKey key, bool ripple, std::string_view merge) {
    if (index < 0 || size_t(index) >= shot_.keys.size())
        return;
    Shot next = shot_;
    std::vector<ShotKey>& keys = next.keys;
    const size_t i = size_t(index);
    key.hold = std::max(0.0, key.hold);
    double lowest = i > 0 ? keys[i - 1].time + keys[i - 1].hold + kMinKeyGap : 0;
    key.time = std::max(key.time, lowest);
    if (ripple) {
        const double shift = (key.time + key.hold) - (keys[i].time + keys[i].hold);
        for (size_t j = i + 1; j < keys.size(); ++j)
            keys[j].time += shift;
    } else if (i + 1 < keys.size()) { // the next key stays: this one ends its hold before it
        const double latest = keys[i + 1].time - kMinKeyGap;
        if (key.time != keys[i].time) // a moved key keeps its hold where there is room
            key.time = std::min(key.time, std::max(lowest, latest - key.hold));
        key.time = std::min(key.time, std::max(lowest, latest));
        key.hold = std::min(key.hold, std::max(0.0, latest - key.time)); // a longer hold is cut
    }
    keys[i] = std::move(key);
    push(std::move(next), merge);
}

void ShotDocument::retimeEvenly(double travelSeconds) {
    Shot next = shot_;
    retimeForConstantSpeed(&next, travelSeconds);
    push(std::move(next), {});
}

bool ShotDocument::undo() {
    if (undo_.empty())
        return false;
    redo_.push_back(std::move(shot_));
    shot_ = std::move(undo_.back());
    undo_.pop_back();
    mergeTag_.clear();
    revision_ = nextRevision_++;
    return true;
}

bool ShotDocument::redo() {
    if (redo_.empty())
        return false;
    undo_.push_back(std::move(shot_));
    shot_ = std::move(redo_.back());
    redo_.pop_back();
    mergeTag_.clear();
    revision_ = nextRevision_++;
    return true;
}

bool ShotDocument::save(const Replay* replay, std::string* error) {
    if (path_.empty()) {
        *error = "the shot has no file name yet";
        return false;
    }
    const std::string text = writeShot(shot_);
    Shot check;
    std::vector<Diagnostic> diagnostics;
    if (!parseShot(text, path_, nullptr, &check, &diagnostics, replay)) {
        for (const Diagnostic& d : diagnostics)
            if (d.severity == Severity::Error) { // the place is in the text about to be written
                *error = "not saved: " + formatDiagnostic(d);
                return false;
            }
        *error = "not saved: the shot does not read back";
        return false;
    }
    if (!writeFileAtomic(path_, text, error))
        return false;
    removeDeadTemporaries(path_); // a save killed earlier left one
    mergeTag_.clear();
    markSaved();
    return true;
}

// ---- Autosave ------------------------------------------------------------------------------------

std::string autosaveDirectory() {
    const char* state = std::getenv("XDG_STATE_HOME");
    if (state && *state == '/')
        return std::string(state) + "/kresy/autosave";
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : "/tmp") + "/.local/state/kresy/autosave";
}

std::string autosavePath(const std::string& shotPath, const std::string& directory) {
    std::error_code ec;
    std::filesystem::path absolute = std::filesystem::absolute(shotPath, ec);
    const std::string key = (ec ? std::filesystem::path(shotPath) : absolute.lexically_normal()).string();
    uint64_t hash = 1469598103934665603ull; // FNV-1a: stable across runs and builds, unlike std::hash
    for (unsigned char c : key)
        hash = (hash ^ c) * 1099511628211ull;
    std::string name = std::filesystem::path(shotPath).filename().string();
    if (name.empty())
        name = "untitled";
    char suffix[40];
    std::snprintf(suffix, sizeof suffix, ".%016llx.autosave", static_cast<unsigned long long>(hash));
    return directory + "/" + name + suffix;
}

bool Autosaver::update(const ShotDocument& doc, double now, std::string* error) {
    if (doc.revision() != seenRevision_) {
        seenRevision_ = doc.revision();
        changedAt_ = now;
        if (!unwritten_) { // the first edit since the last write starts the kMaxSeconds clock
            unwritten_ = true;
            firstChangeAt_ = now;
        }
    }
    if (!doc.dirty() && pending_) { // undone back to what is on disk: nothing left to recover
        discard(doc);
        return true;
    }
    if (!doc.dirty() || doc.revision() == writtenRevision_ || doc.path().empty())
        return true;
    if (now - changedAt_ < kQuietSeconds && now - firstChangeAt_ < kMaxSeconds)
        return true;
    writtenRevision_ = doc.revision(); // one try per revision: a failing disk is not retried every frame
    unwritten_ = false;
    std::error_code ec;
    std::filesystem::create_directories(directory_, ec);
    const std::string text = writeShot(doc.shot());
    // Not fsynced: atomic against a crash of this process, and a frame never waits for the disk.
    if (!writeFileAtomic(pathFor(doc), std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()), error,
                         Durability::Unflushed))
        return false;
    removeDeadTemporaries(pathFor(doc));
    ++writes_;
    pending_ = true;
    return true;
}

void Autosaver::discard(const ShotDocument& doc) {
    std::error_code ec;
    std::filesystem::remove(pathFor(doc), ec);
    writtenRevision_ = doc.revision();
    pending_ = false;
}

std::optional<Recovery> findRecovery(const std::string& shotPath, const std::string& directory,
                                     const std::optional<Shot>& onDisk, std::string* problem) {
    const std::string path = autosavePath(shotPath, directory);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return std::nullopt;
    Recovery r;
    r.autosave = path;
    std::vector<Diagnostic> diagnostics;
    if (!loadShot(path, nullptr, &r.shot, &diagnostics)) {
        for (const Diagnostic& d : diagnostics)
            if (d.severity == Severity::Error) {
                *problem = "unsaved edits of " + shotPath + " are in " + path + " but cannot be read: " +
                           formatDiagnostic(d);
                break;
            }
        return std::nullopt;
    }
    if (onDisk && *onDisk == r.shot)
        return std::nullopt;
    const auto written = std::filesystem::last_write_time(path, ec);
    if (!ec) {
        const auto sinceEpoch = std::chrono::file_clock::to_sys(written);
        const std::time_t t = std::chrono::system_clock::to_time_t(sinceEpoch);
        std::tm local{};
        localtime_r(&t, &local);
        char text[32];
        std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
        r.writtenAt = text;
    }
    return r;
}

// ---- Drawing -------------------------------------------------------------------------------------

namespace {

const glm::vec4 kPathColour{1, 1, 1, 0.9f};
const glm::vec4 kSelectedColour{1.0f, 0.85f, 0.2f, 1};
const glm::vec4 kKeyColour{0.45f, 0.85f, 1.0f, 1};
const glm::vec4 kDropColour{0.8f, 0.8f, 0.8f, 0.6f};
const glm::vec4 kPlayheadColour{1.0f, 0.45f, 0.1f, 1};

LineSegment line(const glm::dvec3& from, const glm::dvec3& to, glm::vec4 colour, float width) {
    LineSegment s;
    s.from = from;
    s.to = to;
    s.fromColour = s.toColour = colour;
    s.widthPixels = width;
    return s;
}

} // namespace

std::vector<LineSegment> shotPathLines(const CameraPath& path, const EnuFrame& scene, int selectedKey,
                                       std::optional<double> playhead, const TargetResolver& resolve,
                                       const std::function<double(double lat, double lon)>& groundAt) {
    std::vector<LineSegment> lines;
    const std::vector<ShotKey>& keys = path.keys();
    if (keys.empty())
        return lines;
    // The curve, a point every ~1/300 of it (at least every 20 m); the segments that touch the
    // selected key in its colour, so moving it shows what it changes.
    const std::vector<GeoPoint> points = path.polyline(std::max(20.0, path.length() / 300));
    int segment = 0;
    for (size_t i = 0; i + 1 < points.size(); ++i) {
        const bool touches = selectedKey >= 0 && (segment == selectedKey || segment + 1 == selectedKey);
        lines.push_back(line(geodeticToEnu(scene, points[i]), geodeticToEnu(scene, points[i + 1]),
                             touches ? kSelectedColour : kPathColour, 3));
        const GeoPoint& end = points[i + 1];
        if (size_t(segment + 1) < keys.size() && end.lat == keys[size_t(segment + 1)].position.lat &&
            end.lon == keys[size_t(segment + 1)].position.lon && end.alt == keys[size_t(segment + 1)].position.alt)
            ++segment; // the polyline holds each key exactly once
    }
    // Each key: a drop line to the ground and its line of sight, a tenth of its height long.
    for (size_t k = 0; k < keys.size(); ++k) {
        const bool selected = int(k) == selectedKey;
        const Camera c = path.evaluate(keys[k].time, resolve).camera;
        const glm::dvec3 eye = geodeticToEnu(scene, c.position);
        const double ground = groundAt ? groundAt(c.position.lat, c.position.lon) : 0;
        const glm::dvec3 foot = geodeticToEnu(scene, {c.position.lat, c.position.lon, ground});
        lines.push_back(line(eye, foot, selected ? kSelectedColour : kDropColour, selected ? 2.5f : 1.5f));
        const double reach = std::max(150.0, 0.1 * (c.position.alt - ground));
        const glm::dvec3 forward =
            rotateEnuDirection(scene, c.position, headingPitchToDirection(c.headingDeg, c.pitchDeg));
        lines.push_back(line(eye, eye + forward * reach, selected ? kSelectedColour : kKeyColour, selected ? 5.0f : 4.0f));
    }
    if (playhead) {
        const Camera c = path.evaluate(*playhead, resolve).camera;
        const double ground = groundAt ? groundAt(c.position.lat, c.position.lon) : 0;
        lines.push_back(line(geodeticToEnu(scene, c.position), geodeticToEnu(scene, {c.position.lat, c.position.lon, ground}),
                             kPlayheadColour, 3));
    }
    return lines;
}

} // namespace kresy
