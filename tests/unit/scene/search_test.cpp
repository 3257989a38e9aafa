#include "scene/search.h"

#include "replays/replay_io.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace kresy;

namespace {

TEST(Search, FoldingDropsCaseDiacriticsAndPunctuation) {
    EXPECT_EQ(foldForSearch("Lwów"), "lwow");
    EXPECT_EQ(foldForSearch("Brześć nad Bugiem"), "brzesc nad bugiem");
    EXPECT_EQ(foldForSearch("ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż"), "acelnoszz acelnoszz");
    EXPECT_EQ(foldForSearch("ŁÓDŹ"), "lodz");
    EXPECT_EQ(foldForSearch("Königsberg Straße Ærø"), "konigsberg strasse aero");
    EXPECT_EQ(foldForSearch("Šiauliai Panevėžys Košice Ungvár"), "siauliai panevezys kosice ungvar");
    EXPECT_EQ(foldForSearch("  Ivano-Frankivsk,  Kam'ianets  "), "ivano frankivsk kamianets");
    EXPECT_EQ(foldForSearch("German–Soviet “parade”"), "german soviet parade");
    EXPECT_EQ(foldForSearch("Lwo\xCC\x81w"), "lwow") << "decomposed: o + combining acute";
    EXPECT_EQ(foldForSearch("ЛЬВІВ Ґ"), "львів ґ") << "Cyrillic is lower-cased";
    EXPECT_EQ(foldForSearch("6th Army"), "6th army");
    EXPECT_EQ(foldForSearch("...!"), "");
    EXPECT_EQ(foldForSearch("bad \xFF\xC5 utf8"), foldForSearch("bad \xFF\xC5 utf8")) << "no crash, stable";
}

std::vector<Place> somePlaces() {
    auto place = [](const char* name, std::vector<std::string> other, int rank) {
        Place p;
        p.name = name;
        p.otherNames = std::move(other);
        p.lat = 50 + rank * 0.1;
        p.lon = 20 + rank * 0.1;
        p.rank = rank;
        return p;
    };
    return {
        place("Olwowo", {}, 1),                         // 0: substring
        place("Nowy Lwów", {}, 2),                      // 1: a later word
        place("Lwówek", {}, 8),                         // 2: prefix
        place("Lwów", {"Lviv", "Lvov", "Lemberg"}, 4),  // 3: exact
        place("Brody", {}, 8),                          // 4
        place("Brody", {}, 6),                          // 5: same name, more important
        place("Brześć nad Bugiem", {"Brest", "Brest-Litovsk"}, 4), // 6
    };
}

std::vector<size_t> indices(const std::vector<SearchHit>& hits) {
    std::vector<size_t> out;
    for (const SearchHit& h : hits)
        out.push_back(h.index);
    return out;
}

TEST(Search, ExactBeforePrefixBeforeWordBeforeSubstring) {
    SearchIndex index;
    index.setPlaces(somePlaces());
    std::vector<SearchHit> hits = index.search("LWOW", 10);
    EXPECT_EQ(indices(hits), (std::vector<size_t>{3, 2, 1, 0}));
    ASSERT_EQ(hits.size(), 4u);
    EXPECT_GT(hits[0].score, hits[1].score);
    EXPECT_GT(hits[1].score, hits[2].score);
    EXPECT_GT(hits[2].score, hits[3].score);
    EXPECT_EQ(hits[0].label, "Lwów");
    EXPECT_TRUE(hits[0].hasLocation);
    EXPECT_DOUBLE_EQ(hits[0].lat, 50.4);
    EXPECT_EQ(index.search("lwow", 2).size(), 2u) << "maxHits";
    EXPECT_TRUE(index.search("  -- ", 10).empty());
    EXPECT_TRUE(index.search("lwow", 0).empty());
    EXPECT_TRUE(index.search("warszawa", 10).empty());
}

TEST(Search, OtherNamesAndWordsInAnyOrder) {
    SearchIndex index;
    index.setPlaces(somePlaces());
    std::vector<SearchHit> lviv = index.search("lviv", 10);
    ASSERT_EQ(lviv.size(), 1u);
    EXPECT_EQ(lviv[0].index, 3u);
    EXPECT_EQ(lviv[0].label, "Lwów (Lviv)");
    std::vector<SearchHit> brest = index.search("brest", 10);
    ASSERT_FALSE(brest.empty());
    EXPECT_EQ(brest[0].index, 6u);
    EXPECT_EQ(brest[0].label, "Brześć nad Bugiem (Brest)") << "the exact other name, not Brest-Litovsk";
    EXPECT_EQ(index.search("brzesc", 10).at(0).label, "Brześć nad Bugiem");
    EXPECT_EQ(index.search("bug brz", 10).at(0).index, 6u) << "each word starts a word of the name";
    EXPECT_EQ(index.search("litovsk", 10).at(0).label, "Brześć nad Bugiem (Brest-Litovsk)");
}

TEST(Search, TiesGoToTheMoreImportant) {
    SearchIndex index;
    index.setPlaces(somePlaces());
    EXPECT_EQ(indices(index.search("brody", 10)), (std::vector<size_t>{5, 4})) << "rank 6 before rank 8";

    Replay replay;
    auto unit = [](const char* id, const char* name, Echelon echelon, const char* commander) {
        Unit u;
        u.id = id;
        u.name = name;
        u.echelon = echelon;
        if (commander)
            u.commander = commander;
        return u;
    };
    replay.units = {unit("cav-rgt", "1st Cavalry Regiment", Echelon::Regiment, nullptr),
                    unit("cav-div", "1st Cavalry Division", Echelon::Division, "Jan Kowalski"),
                    unit("cav-bde", "1st Cavalry Brigade", Echelon::Brigade, nullptr),
                    unit("cav-bn", "1st Cavalry Battalion", Echelon::Battalion, nullptr)};
    Event kock;
    kock.title = "Battle of Kock";
    kock.place.name = "Kock";
    kock.place.lat = 51.64;
    kock.place.lon = 22.449;
    Event other;
    other.title = "Surrender";
    other.place.name = "Kock";
    replay.events = {kock, other};
    index.setReplay(replay);

    EXPECT_EQ(indices(index.search("1st cav", 10)), (std::vector<size_t>{1, 2, 0, 3})) << "by echelon";
    std::vector<SearchHit> byCommander = index.search("kowalski", 10);
    ASSERT_EQ(byCommander.size(), 1u);
    EXPECT_EQ(byCommander[0].kind, SearchHit::Unit);
    EXPECT_EQ(byCommander[0].label, "1st Cavalry Division (Jan Kowalski)");
    EXPECT_FALSE(byCommander[0].hasLocation) << "a unit's position comes from the caller";
    byCommander = index.search("kowalski", 10, [](size_t unitIndex) -> std::optional<GeoPoint> {
        return unitIndex == 1 ? std::optional<GeoPoint>(GeoPoint{52, 21, 0}) : std::nullopt;
    });
    EXPECT_TRUE(byCommander[0].hasLocation);
    EXPECT_EQ(byCommander[0].lat, 52);
    EXPECT_EQ(index.search("cav-bde", 10).at(0).label, "1st Cavalry Brigade (cav-bde)");

    std::vector<SearchHit> kockHits = index.search("kock", 10);
    ASSERT_EQ(kockHits.size(), 2u);
    EXPECT_EQ(kockHits[0].kind, SearchHit::Event);
    EXPECT_EQ(kockHits[0].score, kockHits[1].score) << "both by their place's name";
    EXPECT_EQ(kockHits[0].label, "Battle of Kock") << "the label does not repeat the place";
    EXPECT_DOUBLE_EQ(kockHits[0].lat, 51.64);
    EXPECT_EQ(kockHits[1].label, "Surrender (Kock)");
}

TEST(Search, TheDefaultPlacesAndReplay) {
    std::vector<Place> places;
    std::vector<Diagnostic> diagnostics;
    ASSERT_TRUE(loadPlaces(KRESY_DATA_DIR "/vector/places.csv", &places, &diagnostics));
    Replay replay;
    ASSERT_TRUE(loadReplay(KRESY_DATA_DIR "/replays/1939-soviet-invasion.json", nullptr, &replay, &diagnostics));
    SearchIndex index;
    index.setPlaces(places);
    index.setReplay(replay);

    auto first = [&](const char* query) {
        std::vector<SearchHit> hits = index.search(query, 5);
        return hits.empty() ? SearchHit{} : hits[0];
    };
    for (const char* query : {"lwow", "Lwów", "lviv", "LEMBERG"}) {
        SearchHit hit = first(query);
        EXPECT_EQ(hit.kind, SearchHit::Place) << query;
        EXPECT_EQ(places[hit.index].name, "Lwów") << query;
    }
    EXPECT_EQ(places[first("kock").index].name, "Kock");
    EXPECT_NEAR(first("kock").lat, 51.640, 1e-9);
    EXPECT_EQ(places[first("szack").index].name, "Szack");
    EXPECT_EQ(places[first("shatsk").index].name, "Szack");
    EXPECT_EQ(places[first("brzesc").index].name, "Brześć nad Bugiem");
    EXPECT_EQ(places[first("wilno").index].name, "Wilno");
    EXPECT_EQ(places[first("vilnius").index].name, "Wilno");
    EXPECT_EQ(places[first("tomaszow").index].name, "Tomaszów Lubelski");
    SearchHit kleeberg = first("kleeberg");
    EXPECT_EQ(kleeberg.kind, SearchHit::Unit);
    EXPECT_NE(kleeberg.label.find("Kleeberg"), std::string::npos);
    std::vector<SearchHit> battles = index.search("battle of", 50);
    EXPECT_GE(battles.size(), 5u);
    for (const SearchHit& h : battles)
        EXPECT_EQ(h.kind, SearchHit::Event) << h.label;
}

} // namespace
