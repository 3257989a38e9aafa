#!/usr/bin/env python3
"""Makes the 1939 campaign's annotations, data/replays/1939-soviet-invasion.annotations.json.

    scripts/make_annotations.py [--out FILE]

Reads only files of this repository:
  data/replays/1939-soviet-invasion.json   the replay: its events (one label per place), its
                                           source ids and side ids (checked), unit tracks
  data/vector/rivers.geojson               the Pisa, Narew, Bug, Vistula, San, Dniester and Słucz
                                           courses the demarcation lines and areas follow
  data/vector/places.csv                   town positions for labels and arrow waypoints

Standard library only; deterministic (run it twice, get the same bytes). The output is committed
as produced; docs/annotation-format.md describes the format.

What is drawn, and how its geometry is made:
  - The Soviet armies' advance arrows from 17 September: hand-picked waypoints, the towns the
    sources name on each axis (places.csv where it has them, TOWNS below otherwise, and the
    replay's own waypoints where it gives a position the sources name), in marching order. Each
    arrow grows from the border crossing to the day its objective was reached (the replay's
    events and unit tracks give the dates).
  - The Polish withdrawal towards the Romanian bridgehead and SGO Polesie's march to Kock.
  - Two lines: the Pisa–Narew–Vistula–San line of the secret protocol of 23 August (as the
    22 September demarcation drew it), and the boundary of the treaty of 28 September, both
    traced along the rivers of rivers.geojson and simplified (Douglas–Peucker, SIMPLIFY_KM).
  - Areas: the Romanian bridgehead, the siege of Lwów, the Sarny fortified sector.
  - One label for each distinct place of the replay's events (places within DEDUPE_KM, or
    described only relative to a town, share that town's label).
"""

import argparse
import csv
import datetime as dt
import json
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPLAY = os.path.join(ROOT, "data", "replays", "1939-soviet-invasion.json")
RIVERS = os.path.join(ROOT, "data", "vector", "rivers.geojson")
PLACES = os.path.join(ROOT, "data", "vector", "places.csv")
OUT = os.path.join(ROOT, "data", "replays", "1939-soviet-invasion.annotations.json")

SIMPLIFY_KM = 0.6   # river lines: largest departure from the traced course
DENSIFY_KM = 5.0    # lines: a point at least this often (the overland stretches are straight)
DEDUPE_KM = 2.5     # event places nearer than this share a label

CAMPAIGN_END = "1939-10-06T12:00:00Z"
CROSSING = "1939-09-17T02:00:00Z"  # 05:00 Moscow time (the replay's bf-crossing, uf-crossing)

# Towns that places.csv lacks, [lon, lat] WGS84, to 0.01° (about a kilometre); named as on the
# Polish maps of 1939 (today's names in the comments).
TOWNS = {
    "Głębokie": [27.684, 55.139],        # Hlybokaye
    "Postawy": [26.836, 55.116],         # Pastavy
    "Święciany": [26.159, 55.135],       # Švenčionys
    "Podbrodzie": [25.761, 54.981],      # Pabradė
    "Niemenczyn": [25.481, 54.848],      # Nemenčinė
    "Smorgonie": [26.400, 54.484],       # Smarhon
    "Oszmiana": [25.938, 54.425],        # Ashmyany
    "Miedniki": [25.647, 54.537],        # Medininkai
    "Wołożyn": [26.527, 54.089],         # Valozhyn
    "Iwie": [25.775, 53.930],            # Iwye
    "Szczuczyn": [24.741, 53.601],       # Shchuchyn
    "Skidel": [24.251, 53.587],          # Skidal
    "Mir": [26.473, 53.452],
    "Słonim": [25.319, 53.087],          # Slonim
    "Zelwa": [24.818, 53.150],           # Zelva
    "Wołkowysk": [24.466, 53.156],       # Vawkavysk
    "Mosty": [24.539, 53.412],           # Masty
    "Nowogródek": [25.823, 53.597],      # Navahrudak
    "Korelicze": [26.139, 53.567],       # Karelichy
    "Zdzięcioł": [25.407, 53.463],       # Dzyatlava
    "Bierestowica": [24.020, 53.193],    # Vialikaja Bierastavica
    "Gródek": [23.658, 53.097],
    "Prużany": [24.458, 52.556],         # Pruzhany
    "Różana": [24.885, 52.866],          # Ruzhany
    "Kamieniec Litewski": [23.820, 52.400],  # Kamyanyets
    "Kobryń": [24.357, 52.214],          # Kobryn
    "Korzec": [27.160, 50.620],          # Korets
    "Hoszcza": [26.670, 50.600],         # Hoshcha
    "Rożyszcze": [25.270, 50.915],       # Rozhyshche
    "Torczyn": [25.005, 50.765],         # Torchyn
    "Włodzimierz Wołyński": [24.325, 50.848],  # Volodymyr
    "Zborów": [25.140, 49.660],          # Zboriv
    "Złoczów": [24.900, 49.808],         # Zolochiv
    "Husiatyn": [26.180, 49.070],
    "Czortków": [25.798, 49.017],        # Chortkiv
    "Buczacz": [25.390, 49.063],         # Buchach
    "Tłumacz": [24.998, 48.866],         # Tlumach
    "Otynia": [24.853, 48.740],          # Otyniia
    "Kołomyja": [25.040, 48.530],        # Kolomyia
    "Zabłotów": [25.293, 48.470],        # Zabolotiv
    "Śniatyn": [25.570, 48.450],         # Sniatyn
    "Kosów": [25.093, 48.313],           # Kosiv
    "Zaleszczyki": [25.737, 48.645],     # Zalishchyky
    "Trembowla": [25.700, 49.300],       # Terebovlia
    "Tłuste": [25.725, 48.840],          # Tovste
    "Halicz": [24.720, 49.122],          # Halych
    "Stryj": [23.850, 49.260],           # Stryi
    "Bolechów": [23.860, 49.066],        # Bolekhiv
    "Kałusz": [24.370, 49.020],          # Kalush
    "Żydaczów": [24.140, 49.380],        # Zhydachiv
    "Młynów": [25.610, 50.510],          # Mlyniv
    "Dubno": [25.735, 50.418],
    "Krzemieniec": [25.720, 50.100],     # Kremenets
    "Włodawa": [23.549, 51.550],
    "Parczew": [22.905, 51.638],
    "Ostrołęka": [21.575, 53.085],
    "Nur": [22.320, 52.670],
    "Krystynopol": [24.230, 50.390],     # Chervonohrad
    "Rawa Ruska": [23.620, 50.230],      # Rava-Ruska
    "Lubaczów": [23.123, 50.157],
    "Podwołoczyska": [26.14, 49.53],     # Pidvolochysk (the replay's uf-crossing)
    "Kuty": [25.18, 48.26],              # the replay's govt-romania
    "Nieśwież": [26.674, 53.222],        # Nesvizh
    "Nadwórna": [24.580, 48.630],        # Nadvirna
    "Delatyn": [24.630, 48.520],         # Deliatyn
    "Jaremcze": [24.550, 48.450],        # Yaremche
    "Tatarów": [24.580, 48.350],         # Tatariv
    "Tatar Pass": [24.467, 48.300],      # Yablunytsia Pass, on the Hungarian border of 1939
}


# ---------------------------------------------------------------- geometry

def km_between(a, b):
    """Great-circle distance in km between [lon, lat] points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def path_km(points):
    return sum(km_between(points[i], points[i + 1]) for i in range(len(points) - 1))


def simplify(points, tolerance_km):
    """Douglas–Peucker on a local equirectangular projection; keeps both ends."""
    if len(points) < 3:
        return list(points)
    lat0 = math.radians(sum(p[1] for p in points) / len(points))
    xy = [(p[0] * 111.32 * math.cos(lat0), p[1] * 110.57) for p in points]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        (x1, y1), (x2, y2) = xy[i], xy[j]
        dx, dy = x2 - x1, y2 - y1
        seg2 = dx * dx + dy * dy
        worst, worst_k = -1.0, -1
        for k in range(i + 1, j):
            px, py = xy[k]
            if seg2 == 0:
                d = math.hypot(px - x1, py - y1)
            else:
                t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / seg2))
                d = math.hypot(px - (x1 + t * dx), py - (y1 + t * dy))
            if d > worst:
                worst, worst_k = d, k
        if worst > tolerance_km:
            keep[worst_k] = True
            stack.append((i, worst_k))
            stack.append((worst_k, j))
    return [p for p, k in zip(points, keep) if k]


def densify(points, step_km):
    """Adds points along straight stretches so none is longer than step_km."""
    out = [points[0]]
    for a, b in zip(points, points[1:]):
        n = max(1, math.ceil(km_between(a, b) / step_km))
        for s in range(1, n + 1):
            t = s / n
            out.append([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t])
    return out


def nearest_index(points, target):
    return min(range(len(points)), key=lambda i: km_between(points[i], target))


def chain(*parts):
    """Joins polylines, dropping a part's first point when it repeats the previous end."""
    out = []
    for part in parts:
        for p in part:
            if out and km_between(out[-1], p) < 0.05:
                continue
            out.append(p)
    return out


def rounded(points, digits=4):
    return [[round(p[0], digits), round(p[1], digits)] for p in points]


def ellipse(centre, rx_km, ry_km, n):
    """A ring of n points (not closed) around centre, radii in km east–west and north–south."""
    lon0, lat0 = centre
    kx = 111.32 * math.cos(math.radians(lat0))
    return [[lon0 + rx_km * math.cos(2 * math.pi * i / n) / kx,
             lat0 + ry_km * math.sin(2 * math.pi * i / n) / 110.57] for i in range(n)]


def buffer_polyline(points, half_width_km):
    """A ring around an open polyline: its left side, then its right side backwards."""
    lat0 = math.radians(sum(p[1] for p in points) / len(points))
    kx, ky = 111.32 * math.cos(lat0), 110.57
    left, right = [], []
    for i, p in enumerate(points):
        a = points[max(0, i - 1)]
        b = points[min(len(points) - 1, i + 1)]
        dx, dy = (b[0] - a[0]) * kx, (b[1] - a[1]) * ky
        n = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / n, dx / n  # unit normal, to the left of the direction of travel
        left.append([p[0] + nx * half_width_km / kx, p[1] + ny * half_width_km / ky])
        right.append([p[0] - nx * half_width_km / kx, p[1] - ny * half_width_km / ky])
    return left + right[::-1]


# ---------------------------------------------------------------- inputs

def load_rivers():
    with open(RIVERS, encoding="utf-8") as f:
        data = json.load(f)
    rivers = {}
    for feature in data["features"]:
        name = feature["properties"].get("name") or ""
        if not name:
            continue
        geometry = feature["geometry"]
        parts = ([geometry["coordinates"]] if geometry["type"] == "LineString"
                 else geometry["coordinates"])
        rivers[name] = [[[c[0], c[1]] for c in part] for part in parts]
    return rivers


def load_places():
    places = {}
    with open(PLACES, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            places[row["name"]] = [float(row["lon"]), float(row["lat"])]
    return places


def parse_time(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def utc_text(t):
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- the river lines

def river_stretch(course, start, end):
    """The stretch of a course (a list of [lon, lat]) from the vertex nearest `start` to the
    vertex nearest `end`, in that direction (reversed where the course runs the other way)."""
    i, j = nearest_index(course, start), nearest_index(course, end)
    return course[i:j + 1] if i <= j else course[j:i + 1][::-1]


def demarcation_lines(rivers, town):
    pisa = rivers["Pisa"][0]        # from Pisz south to the Narew
    narew = rivers["Narew"][0]      # from Belarus to the Vistula at Nowy Dwór (via Serock)
    vistula = rivers["Vistula"][0]  # upstream to downstream
    san = rivers["San"][0]          # from the source to the mouth
    bug = max(rivers["Western Bug"], key=len)  # from the source (Busk) to Serock

    # The 1939 frontier of East Prussia crossed the Pisa at about 53.47°N (Kolno, 53.41°N, was
    # Polish and a few km south of it). borders-1938.geojson cannot be used here: its East
    # Prussia has the post-1945 southern border.
    pisa_from_border = river_stretch(pisa, [21.86, 53.47], pisa[-1])
    pisa_mouth = pisa[-1]

    # 23 August (as the 22 September demarcation drew it): Pisa, Narew, (Bug-)Narew to the
    # Vistula, the Vistula up to the San, the San up to its source.
    narew_to_vistula = river_stretch(narew, pisa_mouth, narew[-1])
    vistula_up = river_stretch(vistula, narew[-1], san[-1])
    san_up = san[::-1]
    protocol = chain(pisa_from_border, narew_to_vistula, vistula_up, san_up)

    # 28 September (the treaty's description, as published on 29 September): from the southern
    # tip of Lithuania west, north of Augustów, to the East Prussian frontier; along it to the
    # Pisa; the Pisa and the Narew to Ostrołęka; south-east to the Bug near Nur; up the Bug to
    # Krystynopol; west, north of Rawa Ruska and Lubaczów, to the San; up the San to its source.
    # The stretches away from rivers are approximate (about ±10 km).
    north = [
        [23.50, 53.96],   # the southern tip of Lithuania (before 10 October 1939)
        [23.25, 53.97],
        [23.00, 53.95],   # north of Augustów (53.84°N), which stayed Soviet
        [22.75, 53.93],   # the East Prussian frontier, south of Raczki
        [22.67, 53.82],
        [22.61, 53.75],   # west of Rajgród
        [22.48, 53.69],   # between Prostki (German) and Grajewo
        [22.30, 53.62],
        [22.10, 53.53],
        [21.97, 53.49],   # north of Kolno
        pisa_from_border[0],
    ]
    narew_to_ostroleka = river_stretch(narew, pisa_mouth, town("Ostrołęka"))
    to_nur = [narew_to_ostroleka[-1], bug[nearest_index(bug, town("Nur"))]]
    bug_up = river_stretch(bug, town("Nur"), town("Krystynopol"))
    san_meet = san[nearest_index(san, [22.68, 50.08])]  # south of Sieniawa, which Germany kept
    to_san = [
        bug_up[-1],
        [23.95, 50.33],
        [23.62, 50.30],   # north of Rawa Ruska
        [23.35, 50.26],   # south of Płazów (German)
        [23.12, 50.20],   # between Cieszanów (German) and Lubaczów (Soviet)
        [22.88, 50.12],
        san_meet,
    ]
    san_to_source = river_stretch(san, san_meet, san[0])
    treaty = chain(north, pisa_from_border, [pisa_mouth], narew_to_ostroleka, to_nur, bug_up,
                   to_san, san_to_source)

    # Simplified, then no stretch longer than DENSIFY_KM (so the line can follow the ground).
    return tuple(rounded(densify(simplify(line, SIMPLIFY_KM), DENSIFY_KM))
                 for line in (protocol, treaty))


# ---------------------------------------------------------------- annotations

def arrow(id_, text, side, points, grow_start, grow_end, width_km, sources, description,
          start=CROSSING, end=CAMPAIGN_END, opacity=0.8):
    assert start <= grow_start <= grow_end <= end, id_
    return {
        "id": id_, "kind": "arrow", "text": text, "side": side,
        "points": rounded(points),
        "start": start, "end": end,
        "grow": {"start": grow_start, "end": grow_end},
        "style": {"opacity": opacity, "width_km": width_km},
        "sources": sources, "description": description,
    }


def soviet_arrows(town):
    T = town
    return [
        arrow("bf-3a", "3rd Army", "su",
              [[28.05, 55.5], T("Głębokie"), T("Postawy"), T("Święciany"), T("Podbrodzie"),
               T("Niemenczyn"), [25.33, 54.73]],
              CROSSING, "1939-09-19T08:30:00Z", 14, ["kostin-marievsky", "meltyukhov2001"],
              "The Belarusian Front's northern army crossed west of Polotsk and drove through "
              "Głębokie and Święciany on Wilno; its mobile group (24th Cavalry Division, 22nd and "
              "25th Tank Brigades) entered the city from the north-east at 11:30 Moscow time on "
              "19 September."),
        arrow("bf-11a-wilno", "11th Army", "su",
              [[27.3, 54.15], T("Mołodeczno"), T("Smorgonie"), T("Oszmiana"), T("Miedniki"),
               [25.37, 54.655]],
              CROSSING, "1939-09-18T17:00:00Z", 14,
              ["kostin-marievsky", "kresy1939-wilno", "meltyukhov2001"],
              "From the Radoszkowicze sector through Mołodeczno and Oszmiana: the 36th Cavalry "
              "Division and 6th Tank Brigade reached the south-eastern approaches of Wilno on "
              "the evening of 18 September; the city was in Soviet hands by 18:00 Moscow time "
              "on 19 September."),
        arrow("bf-11a-grodno", "11th Army (16th Rifle Corps)", "su",
              [[27.2, 54.0], T("Wołożyn"), T("Iwie"), T("Lida"), T("Szczuczyn"), T("Skidel"),
               [23.87, 53.68]],
              CROSSING, "1939-09-21T12:00:00Z", 10, ["beshanov", "wiki-grodno"],
              "The 16th Rifle Corps' motorised group entered Lida late on 19 September and was "
              "sent on to Grodno the next morning, joining the fighting there on 21 September; "
              "the corps' main body had only reached the Raduń–Lida line by 22 September."),
        arrow("bf-kmg-grodno", "Dzerzhinsky Cavalry-Mechanised Group", "su",
              [[26.85, 53.28], T("Nieśwież"), [26.25, 53.22], [25.80, 53.18], T("Słonim"),
               T("Zelwa"),
               T("Wołkowysk"), T("Mosty"), T("Skidel"), [23.86, 53.675]],
              CROSSING, "1939-09-20T12:00:00Z", 18, ["beshanov", "wiki-grodno"],
              "Boldin's group (5th Rifle, 6th Cavalry and 15th Tank Corps) crossed between "
              "Fanipol and Nieśwież. The 15th Tank Corps' 2nd Tank Brigade took Słonim at about "
              "16:00 on 18 September; ordered on the 19th to take Grodno, its first tanks reached "
              "the city on 20 September, where fighting lasted until the 22nd."),
        arrow("bf-kmg-bialystok", "Cavalry-Mechanised Group: Wołkowysk–Białystok", "su",
              [T("Wołkowysk"), T("Bierestowica"), T("Gródek"), T("Białystok")],
              "1939-09-19T18:00:00Z", "1939-09-22T12:00:00Z", 12,
              ["beshanov", "kostin-marievsky"],
              "From Wołkowysk part of the group moved on Białystok, which German troops "
              "handed over to the Red Army on 22 September. The unit that entered the city and "
              "the hour are not established in the replay's sources; the route is approximate."),
        arrow("bf-10a", "10th Army", "su",
              [[27.1, 53.68], [26.75, 53.58], T("Korelicze"), T("Nowogródek"), T("Zdzięcioł"),
               [24.6, 53.4]],
              "1939-09-18T02:00:00Z", "1939-09-24T12:00:00Z", 12,
              ["kostin-marievsky", "meltyukhov2001"],
              "The front's second echelon crossed from the Koidanovo sector on 18 September and "
              "reached the Nowogródek–Horodyszcze line by the end of the 20th; its further "
              "moves towards Wołkowysk and the Neman are approximate (as the replay's track).",
              start="1939-09-18T02:00:00Z"),
        arrow("bf-4a", "4th Army", "su",
              [[27.0, 53.05], T("Baranowicze"), [25.3, 53.0], T("Różana"), T("Prużany"),
               T("Kamieniec Litewski"), [23.70, 52.11]],
              CROSSING, "1939-09-22T12:00:00Z", 14,
              ["kostin-marievsky", "zw-brest", "wiki-brest-parade"],
              "Through Baranowicze along the road to Kobryń (its 32nd Tank Brigade entered "
              "Kobryń on the 20th): the 29th Light Tank Brigade reached Prużany on 19 September "
              "and, by most accounts, waited there until the 22nd, when it drove into Brest for "
              "the handover by Guderian's corps."),
        arrow("uf-5a", "5th Army", "su",
              [[27.3, 50.64], T("Korzec"), T("Hoszcza"), T("Równe"), [25.80, 50.70],
               [25.36, 50.75]],
              CROSSING, "1939-09-18T18:00:00Z", 16, ["beshanov", "meltyukhov2001"],
              "The Shepetivka Army Group, renamed 5th Army, deployed between Olevsk and Yampol: "
              "its 15th Rifle Corps crossed at Korzec and reached Równe on the 17th, its 8th "
              "Rifle Corps went by Dubno, and its 36th Tank Brigade took Łuck on 18 September."),
        arrow("uf-5a-wlodzimierz", "5th Army: Włodzimierz Wołyński", "su",
              [T("Łuck"), T("Torczyn"), [24.66, 50.80], T("Włodzimierz Wołyński")],
              "1939-09-18T18:00:00Z", "1939-09-22T18:00:00Z", 12, ["meltyukhov2001"],
              "By the end of 22 September the 5th Army stood on the line Kowel–Rożyszcze–"
              "Włodzimierz Wołyński–Iwanicze."),
        arrow("uf-5a-kowel", "5th Army: Kowel", "su",
              [T("Łuck"), T("Rożyszcze"), [25.00, 51.07], T("Kowel")],
              "1939-09-18T18:00:00Z", "1939-09-22T18:00:00Z", 12, ["meltyukhov2001"],
              "The 5th Army's northern wing reached Kowel by the end of 22 September."),
        arrow("uf-6a", "6th Army", "su",
              [T("Podwołoczyska"), [25.90, 49.54], T("Tarnopol"), T("Zborów"), T("Złoczów"),
               [24.50, 49.83], [24.07, 49.83]],
              CROSSING, "1939-09-19T00:00:00Z", 16, ["wiki-lwow", "beshanov"],
              "The Volochysk Army Group, renamed 6th Army, crossed the Zbruch at Podwołoczyska, "
              "took Tarnopol on the evening of 17 September and drove through Złoczów; its lead "
              "detachment reached Lwów's eastern edge at 02:00 Moscow time on the 19th. Lwów "
              "surrendered to it on 22 September."),
        arrow("uf-12a", "12th Army", "su",
              [T("Husiatyn"), T("Czortków"), T("Buczacz"), T("Tłumacz"), T("Stanisławów")],
              CROSSING, "1939-09-18T18:00:00Z", 16, ["wiki-invasion"],
              "The Kamenets-Podolsky Army Group, renamed 12th Army, crossed the lower Zbruch "
              "from the Kamieniec Podolski area and drove west through Czortków and Buczacz to "
              "Stanisławów, into the planned Romanian bridgehead. Dates after Czortków are "
              "approximate (as the replay's track)."),
        arrow("uf-12a-border", "12th Army: Kołomyja–Śniatyn", "su",
              [T("Stanisławów"), T("Otynia"), T("Kołomyja"), T("Zabłotów"), T("Śniatyn")],
              "1939-09-18T18:00:00Z", "1939-09-20T12:00:00Z", 12, ["wiki-invasion"],
              "From Stanisławów the army turned south-east to Kołomyja and the Romanian border "
              "at Śniatyn, closing the crossings around 19–20 September. Dates approximate."),
    ]


def polish_arrows(town):
    T = town
    retreat_end = "1939-09-21T00:00:00Z"
    return [
        arrow("pl-retreat-command", "Polish Supreme Command to Kuty", "pl",
              [T("Brześć nad Bugiem"), T("Kowel"), T("Włodzimierz Wołyński"), T("Łuck"),
               T("Młynów"), T("Dubno"), T("Krzemieniec"), T("Tarnopol"), T("Buczacz"),
               T("Kołomyja"), T("Kosów"), T("Kuty")],
              "1939-09-10T12:00:00Z", "1939-09-18T00:00:00Z", 8,
              ["wiki-invasion", "ipn-17sept"],
              "The Commander-in-Chief's headquarters left Brest on 10 September and moved, as "
              "the standard accounts give its halts, by way of Włodzimierz Wołyński (10th) and "
              "Młynów (13th) to Kołomyja (15th), towards the planned bridgehead; on the night of "
              "17/18 September the President, the government and Rydz-Śmigły crossed into "
              "Romania at Kuty. The roads between the halts are approximate.",
              start="1939-09-10T12:00:00Z", end=retreat_end, opacity=0.75),
        arrow("pl-retreat-zaleszczyki", "Withdrawal to Zaleszczyki", "pl",
              [T("Tarnopol"), T("Trembowla"), T("Czortków"), T("Tłuste"), T("Zaleszczyki")],
              "1939-09-15T00:00:00Z", "1939-09-18T06:00:00Z", 8, ["wiki-invasion"],
              "Troops, officials and refugees from the Tarnopol region made for the Dniester "
              "bridge at Zaleszczyki, one of the crossings into Romania with Śniatyn and Kuty; "
              "after the Soviet invasion on 17 September the Polish command ordered its troops "
              "to Romania and Hungary. Route approximate.",
              start="1939-09-15T00:00:00Z", end=retreat_end, opacity=0.75),
        arrow("pl-retreat-hungary", "Withdrawal into Hungary", "pl",
              [T("Stanisławów"), T("Nadwórna"), T("Delatyn"), T("Jaremcze"), T("Tatarów"),
               T("Tatar Pass")],
              "1939-09-17T15:00:00Z", "1939-09-19T18:00:00Z", 8, ["wiki-invasion"],
              "After Rydz-Śmigły's directive of 17 September, part of the troops gathered in the "
              "bridgehead left it over the Carpathian passes into Hungary, the main road by "
              "Nadwórna and the Tatar Pass among them. Timing approximate.",
              start="1939-09-17T15:00:00Z", end=retreat_end, opacity=0.75),
        arrow("pl-sgo-polesie-bug", "SGO Polesie crosses the Bug", "pl",
              [T("Kobryń"), [24.40, 51.95], [24.40, 51.75], [23.95, 51.62], T("Włodawa")],
              "1939-09-18T00:00:00Z", "1939-09-26T12:00:00Z", 10,
              ["wiki-sgo-polesie", "wiki-60dp", "kock-pl"],
              "Kleeberg's Independent Operational Group 'Polesie' left the Kobryń–Pińsk area "
              "after the Soviet invasion and fell back south-west through the Polesie forests, "
              "crossing the Bug near Włodawa from 26 September. The route through Polesie is "
              "approximate.",
              start="1939-09-17T00:00:00Z", end="1939-10-06T12:00:00Z", opacity=0.75),
        arrow("pl-sgo-polesie-kock", "SGO Polesie marches on Kock", "pl",
              [T("Włodawa"), [23.20, 51.63], [22.95, 51.70], [22.55, 51.75], T("Kock")],
              "1939-09-27T00:00:00Z", "1939-10-02T07:00:00Z", 10,
              ["wiki-sgo-polesie", "wiki-60dp", "kock-pl", "wiki-kock"],
              "West of the Bug the group beat Soviet units at Jabłoń and Milanów (28–30 "
              "September) and, marching west towards the Dęblin depots and Warsaw, met the "
              "German XIV Corps at Kock on 2 October; it surrendered there on 6 October.",
              start="1939-09-26T12:00:00Z", end="1939-10-06T12:00:00Z", opacity=0.75),
    ]


def areas(rivers, town):
    T = town
    dniester = rivers["Dniester"][0]
    along_dniester = river_stretch(dniester, T("Żydaczów"), T("Zaleszczyki"))
    along_dniester = simplify(along_dniester, 2.0)
    bridgehead = chain(
        [T("Stryj"), T("Żydaczów")],
        along_dniester,
        [T("Zaleszczyki"), T("Śniatyn"), T("Kuty"),
         [24.90, 47.95],   # up the Czeremosz to the Czarny Czeremosz
         [24.64, 47.73],   # Czywczyn, where the Polish, Romanian and Hungarian borders met
         [24.50, 48.16],   # Howerla, on the Carpathian crest (the Hungarian border since March)
         [24.47, 48.31],   # the Tatar (Jabłonica) Pass
         [24.10, 48.52],
         [23.75, 48.68],
         [23.42, 48.86],
         [23.51, 49.04],   # Skole
        ])
    lwow = ellipse(town("Lwów"), 8.0, 7.0, 18)
    slucz = rivers["Sluch"][0]
    slucz_near_sarny = river_stretch(slucz, [26.75, 51.09], [26.66, 51.49])
    sarny = buffer_polyline(simplify(slucz_near_sarny, 1.0), 7.0)
    return [
        {"id": "romanian-bridgehead", "kind": "area", "text": "Romanian Bridgehead", "side": "pl",
         "points": rounded(bridgehead), "start": "1939-09-12T00:00:00Z",
         "end": "1939-09-20T12:00:00Z",
         "style": {"colour": "#2e6fd8", "opacity": 0.3, "dash": "dashed"},
         "sources": ["wiki-invasion"],
         "description": "The area the Polish command meant to hold against the Germans from "
                        "mid-September, between the Stryj and the Dniester and the Hungarian and "
                        "Romanian borders, in reach of supplies from the Allies by way of "
                        "Romania. The Soviet invasion of 17 September made it untenable; the "
                        "12th Army reached the Romanian border around 19–20 September. Extent "
                        "approximate."},
        {"id": "lwow-siege", "kind": "area", "text": "Siege of Lwów", "side": "pl",
         "points": rounded(lwow), "start": "1939-09-12T00:00:00Z", "end": "1939-09-22T12:00:00Z",
         "style": {"opacity": 0.25, "dash": "dashed"},
         "sources": ["wiki-lwow", "kresy1939-lwow"],
         "description": "Lwów, besieged by the German 1st Mountain Division from 12 September "
                        "and by the Red Army from the east from 19 September, surrendered to the "
                        "Soviets on 22 September. The ring marks the defended city, not the "
                        "siege lines."},
        {"id": "sarny-fortified-area", "kind": "area", "text": "Sarny Fortified Area",
         "side": "pl", "points": rounded(sarny),
         "start": "1939-09-17T02:00:00Z", "end": "1939-09-25T12:00:00Z",
         "style": {"opacity": 0.25, "dash": "dotted"},
         "sources": ["wiki-sarny", "plwiki-sarny", "kresy1939-sarny"],
         "description": "The KOP's bunker line on the Słucz around Sarny, attacked by the "
                        "Soviet 60th Rifle Division from 19 September (at Tynne); Sarny fell on "
                        "the 21st and the last bunkers held out until about 25 September. Drawn "
                        "as a band along the river; the extent is approximate."},
    ]


def lines(rivers, town):
    protocol, treaty = demarcation_lines(rivers, town)
    return [
        {"id": "secret-protocol-23-aug", "kind": "line",
         "text": "Narew–Vistula–San line (secret protocol of 23 August 1939)",
         "points": protocol, "start": "1939-08-23T00:00:00Z", "end": "1939-09-28T12:00:00Z",
         "style": {"colour": "#8a3ab9", "width_px": 2.5, "dash": "dotted"},
         "sources": ["wiki-invasion", "wiki-treaty"],
         "description": "The German and Soviet spheres of interest in Poland as the secret "
                        "protocol of the Molotov–Ribbentrop Pact set them, 'approximately' along "
                        "the Narew, Vistula and San; drawn as the demarcation of 22 September "
                        "ran, from the East Prussian frontier down the Pisa to the Narew, the "
                        "Narew to the Vistula, the Vistula up to the San and the San to its "
                        "source. Superseded on 28 September."},
        {"id": "demarcation-28-sep", "kind": "line",
         "text": "German–Soviet boundary of 28 September 1939",
         "points": treaty, "start": "1939-09-28T12:00:00Z",
         "style": {"colour": "#202020", "width_px": 3, "dash": "dashed"},
         "sources": ["wiki-treaty"],
         "description": "The boundary of the German–Soviet Boundary and Friendship Treaty: from "
                        "the southern tip of Lithuania west, north of Augustów, to East Prussia; "
                        "down the Pisa and the Narew to Ostrołęka; overland to the Bug near Nur; "
                        "up the Bug to Krystynopol; west, north of Rawa Ruska and Lubaczów, to "
                        "the San; up the San to its source. Germany took the Lublin region and "
                        "eastern Mazovia, the Soviet Union Lithuania in exchange. The stretches "
                        "away from the rivers are approximate (±10 km)."},
    ]


# Places described only relative to a town share that town's label.
RELATIVE_PLACES = {
    "Western approaches of Lwów": "Lwów",
    "West of Szack": "Szack",
    "Near Wytyczno": "Wytyczno",
    "The Bug near Włodawa": "Włodawa",
}

# The label of each event place: (text, priority, text_px). The places are matched by the
# event place's name, after RELATIVE_PLACES.
LABELS = [
    # (words any of which in the place's name match it, text, priority, text_px, position from:
    # "event" the first matching event's place, "places" places.csv, "town" TOWNS). Matched in
    # this order, so the districts and suburbs of a town come before the town.
    (("Łyczaków",), "Łyczaków", 50, 12, "event"),
    (("Winniki",), "Winniki", 40, 13, "event"),
    (("Wilno",), "Wilno", 10, 18, "event"),
    (("Grodno",), "Grodno", 10, 18, "places"),
    (("Brest",), "Brest", 10, 18, "places"),
    (("Lwów",), "Lwów", 10, 18, "places"),
    (("Tarnopol",), "Tarnopol", 15, 16, "places"),
    (("Kock",), "Kock", 15, 16, "places"),
    (("Kuty",), "Kuty", 20, 15, "event"),
    (("Szack",), "Szack", 20, 15, "places"),
    (("Wytyczno",), "Wytyczno", 20, 15, "places"),
    (("Tynne", "Sarny"), "Tynne (Sarny)", 25, 14, "event"),
    (("Grabowiec",), "Grabowiec", 25, 14, "places"),
    (("Podwołoczyska",), "Podwołoczyska", 30, 14, "event"),
    (("Radoszkowicze",), "Radoszkowicze", 30, 14, "event"),
    (("Sopoćkinie",), "Sopoćkinie", 30, 14, "event"),
    (("Jabłoń",), "Jabłoń", 30, 14, "event"),
    (("Włodawa",), "Włodawa", 30, 14, "town"),
]

PLACES_NAMES = {"Brest": "Brześć nad Bugiem"}  # the label's text where places.csv differs


def slug(text):
    table = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
    s = text.translate(table).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def labels(replay, places):
    """One label per distinct event place. A place goes to the first label of LABELS one of whose
    words its name (after RELATIVE_PLACES) contains, else to a label already placed within
    DEDUPE_KM of it. A label is shown from an hour before the first event at its place, or at a
    place whose name mentions it (Soviet troops at the Łyczaków gate of Lwów show Lwów)."""
    events = sorted(replay["events"], key=lambda e: parse_time(e["start"]))

    def place_name(e):
        return RELATIVE_PLACES.get(e["place"]["name"], e["place"]["name"])

    groups = [{"spec": spec, "events": [], "point": None} for spec in LABELS]
    for e in events:
        name = place_name(e)
        point = [e["place"]["lon"], e["place"]["lat"]]
        group = next((g for g in groups if any(w in name for w in g["spec"][0])), None)
        if group is None:
            group = next((g for g in groups if g["point"] is not None
                          and km_between(g["point"], point) < DEDUPE_KM), None)
        if group is None:
            sys.exit(f"event {e['id']}: its place has no label")
        group["events"].append(e)
        if group["point"] is None and name == e["place"]["name"]:
            group["point"] = point

    out = []
    for g in groups:
        words, text, priority, text_px, position = g["spec"]
        evs = g["events"]
        if not evs:
            sys.exit(f"label {text}: no event is at its place")
        if position == "places":
            point = places[PLACES_NAMES.get(words[0], words[0])]
        elif position == "town":
            point = TOWNS[words[0]]
        else:
            point = g["point"]
        mentioning = [e for e in events if any(w in place_name(e) for w in words)]
        first = min(parse_time(e["start"]) for e in evs + mentioning)
        start = (first - dt.timedelta(hours=1)).replace(minute=0, second=0)
        sources = []
        for e in evs:
            for x in ([e["source"]] if isinstance(e["source"], str) else e["source"]):
                if x not in sources:
                    sources.append(x)
        out.append({
            "id": "label-" + slug(text.split(" (")[0]), "kind": "label", "text": text,
            "points": rounded([point]), "priority": priority, "start": utc_text(start),
            "style": {"text_px": text_px}, "sources": sources,
            "description": "; ".join(e["title"] for e in evs) + ".",
        })
    out.sort(key=lambda a: (a["priority"], a["start"], a["id"]))
    return out


# ---------------------------------------------------------------- output

FIELD_ORDER = ["id", "kind", "text", "side", "points", "start", "end", "grow", "priority",
               "style", "sources", "description"]
STYLE_ORDER = ["colour", "opacity", "width_px", "width_km", "dash", "text_px"]


def ordered(annotation):
    """The fields in the order kresy writes them (docs/annotation-format.md, Writing)."""
    out = {k: annotation[k] for k in FIELD_ORDER if k in annotation}
    if "style" in out:
        out["style"] = {k: out["style"][k] for k in STYLE_ORDER if k in out["style"]}
    assert len(out) == len(annotation), annotation["id"]
    return out


def value_text(v, indent, out):
    """core/json_writer.cpp's layout: 2-space indentation; an object or array holding no object
    or array on one line ({ "a": 1, "b": 2 }, [1, 2]), so each point [lon, lat] has a line."""
    if not isinstance(v, (dict, list)):
        if isinstance(v, float) and v.is_integer():
            v = int(v)  # as core/json_writer.h's jsonNumber: 54, not 54.0
        out.append(json.dumps(v, ensure_ascii=False))
        return
    is_object = isinstance(v, dict)
    if not v:
        out.append("{}" if is_object else "[]")
        return
    items = list(v.items()) if is_object else [(None, x) for x in v]
    one_line = not any(isinstance(x, (dict, list)) for _, x in items)
    out.append(("{ " if one_line else "{") if is_object else "[")
    for i, (key, x) in enumerate(items):
        if i:
            out.append(",")
        if not one_line:
            out.append("\n" + " " * (indent + 2))
        elif i:
            out.append(" ")
        if is_object:
            out.append(json.dumps(key, ensure_ascii=False) + ": ")
        value_text(x, indent + 2, out)
    if not one_line:
        out.append("\n" + " " * indent)
    out.append((" }" if one_line else "}") if is_object else "]")


def to_text(document):
    out = []
    value_text(document, 0, out)
    return "".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=OUT)
    args = parser.parse_args()

    with open(REPLAY, encoding="utf-8") as f:
        replay = json.load(f)
    rivers = load_rivers()
    places = load_places()

    def town(name):
        if name in places:
            return places[name]
        return TOWNS[name]

    annotations = (soviet_arrows(town) + polish_arrows(town) + areas(rivers, town)
                   + lines(rivers, town) + labels(replay, places))

    source_ids = {s["id"] for s in replay["metadata"]["sources"]}
    side_ids = {s["id"] for s in replay["sides"]}
    ids = set()
    for a in annotations:
        assert a["id"] not in ids, a["id"]
        ids.add(a["id"])
        for s in a.get("sources", []):
            assert s in source_ids, (a["id"], s)
        assert a.get("side") in (None, *side_ids), a["id"]

    document = {"format": "kresy-annotations", "version": 1,
                "annotations": [ordered(a) for a in annotations]}
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(to_text(document))


if __name__ == "__main__":
    main()
