// Writing shots and decks back to their files (docs/shot-format.md, "Writing"); the layout is
// core/json_writer.h's, as for replays.

#include "shot_io_internal.h"

#include "core/json_writer.h"

#include <exception>

namespace kresy {

using shot_detail::easeName;

namespace {

Json targetJson(const ShotTarget& t) {
    Json o = Json::object();
    if (t.point) {
        o["lon"] = jsonNumber(t.point->lon);
        o["lat"] = jsonNumber(t.point->lat);
        if (!t.onGround)
            o["alt"] = jsonNumber(t.point->alt);
    }
    if (t.unit)
        o["unit"] = *t.unit;
    appendExtraFields(o, t.extra);
    return o;
}

Json keyJson(const ShotKey& k) {
    Json o = {{"time", jsonNumber(k.time)}};
    if (k.hold != 0)
        o["hold"] = jsonNumber(k.hold);
    Json position = {{"lon", jsonNumber(k.position.lon)}, {"lat", jsonNumber(k.position.lat)}, {"alt", jsonNumber(k.position.alt)}};
    appendExtraFields(position, k.positionExtra);
    o["position"] = std::move(position);
    const ShotKey defaults;
    if (!k.target || k.headingDeg != defaults.headingDeg) // ignored with a target; kept unless the default
        o["heading"] = jsonNumber(k.headingDeg);
    if (!k.target || k.pitchDeg != defaults.pitchDeg)
        o["pitch"] = jsonNumber(k.pitchDeg);
    if (k.rollDeg != 0)
        o["roll"] = jsonNumber(k.rollDeg);
    if (k.target)
        o["target"] = targetJson(*k.target);
    if (k.fovDeg != defaults.fovDeg)
        o["fov"] = jsonNumber(k.fovDeg);
    if (k.campaignTime)
        o["campaignTime"] = timestampText(*k.campaignTime);
    if (k.easeIn || k.easeOut)
        o["ease"] = easeName(k.easeIn, k.easeOut);
    if (k.title)
        o["title"] = *k.title;
    if (k.subtitle)
        o["subtitle"] = *k.subtitle;
    appendExtraFields(o, k.extra);
    return o;
}

Json shotJson(const Shot& s) {
    Json doc = {{"version", s.version}, {"title", s.title}};
    if (s.description)
        doc["description"] = *s.description;
    if (s.replay)
        doc["replay"] = *s.replay;
    doc["keys"] = Json::array();
    for (const ShotKey& k : s.keys)
        doc["keys"].push_back(keyJson(k));
    appendExtraFields(doc, s.extra);
    return doc;
}

Json bookmarkJson(const Bookmark& b) {
    Json o = {{"title", b.title}};
    if (b.subtitle)
        o["subtitle"] = *b.subtitle;
    o["time"] = timestampText(b.time);
    Json camera = {{"lon", jsonNumber(b.position.lon)}, {"lat", jsonNumber(b.position.lat)}, {"alt", jsonNumber(b.position.alt)},
                   {"heading", jsonNumber(b.headingDeg)}, {"pitch", jsonNumber(b.pitchDeg)}};
    if (b.rollDeg != 0)
        camera["roll"] = jsonNumber(b.rollDeg);
    if (b.fovDeg != Bookmark().fovDeg)
        camera["fov"] = jsonNumber(b.fovDeg);
    appendExtraFields(camera, b.cameraExtra);
    o["camera"] = std::move(camera);
    if (b.layers)
        o["layers"] = *b.layers;
    if (b.unit)
        o["unit"] = *b.unit;
    appendExtraFields(o, b.extra);
    return o;
}

Json deckJson(const Deck& d) {
    Json doc = {{"version", d.version}, {"title", d.title}};
    if (d.replay)
        doc["replay"] = *d.replay;
    doc["bookmarks"] = Json::array();
    for (const Bookmark& b : d.bookmarks)
        doc["bookmarks"].push_back(bookmarkJson(b));
    appendExtraFields(doc, d.extra);
    return doc;
}

// The file of the document that `toJson` builds; empty when memory runs out.
template <typename Document>
std::string fileText(const Document& document, Json (*toJson)(const Document&)) {
    try {
        return jsonFileText(toJson(document));
    } catch (const std::exception&) { // bad_alloc
        return {};
    }
}

} // namespace

std::string writeShot(const Shot& shot) { return fileText(shot, shotJson); }

std::string writeDeck(const Deck& deck) { return fileText(deck, deckJson); }

} // namespace kresy
