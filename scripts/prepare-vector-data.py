#!/usr/bin/env python3
"""Prepares kresy's overlay layers in data/vector/ from the project's shared sources.

    scripts/prepare-vector-data.py [--sources DIR] [--out DIR]

Reads (from --sources, by default ../shared/data/vector beside the repository):
  ne_10m_rivers_europe.json          Natural Earth 1:10m rivers, European supplement (public domain)
  gshhg_rivers_all_f.txt             GSHHG full-resolution rivers, unnamed (LGPL-3+)
  world_1938.geojson, world_1945.geojson
                                     historical-basemaps country polygons (aourednik, GPL-3.0)
Writes (to --out, by default data/vector/ of this repository):
  rivers.geojson                     named rivers of 12-34E, 45-58N, one feature per river
  borders-1938.geojson, borders-1945.geojson
                                     the land borders between countries in 1938 and 1945

Standard library only; the output is deterministic (run it twice, get the same bytes).
docs/data-formats.md describes the files; data/SOURCES.md gives their sources and licenses.

Rivers. Natural Earth's European supplement lacks the main stems of the largest rivers (they are
in the 1:10m main file, which is not among the sources): the Vistula, the Bug below Busk, the
Neman below Kaunas, the Pripyat below Pinsk, the Dniester, the Daugava. GSHHG has them, unnamed,
for about 19-28E, 48-57N. Each is found there by routing along GSHHG's river network through
towns on its banks (GSHHG_ROUTES), so a name is given only to a course that passes those towns.
Everything else comes from Natural Earth, named by NE_NAMES (English and Polish names) or left
unnamed as Natural Earth has it.

Borders. historical-basemaps gives each country as polygons; neighbours share their border
vertices almost everywhere (measured: within 0.25 km). A stretch of one country's boundary is a
border with the country whose boundary lies within BORDER_TOLERANCE_KM of it; a stretch with no
other country that near is a coast (or the edge of the map) and is left out. Each boundary is
sampled every SAMPLE_KM; each border is written once, from the boundary of the first country of
the pair in alphabetical order.
"""

import argparse
import heapq
import json
import math
import os
import sys
from collections import defaultdict

REGION = (12.0, 45.0, 34.0, 58.0)  # west, south, east, north, degrees
DECIMALS = 5  # ~1 m

# Natural Earth's names (its `name` field) -> (English name, Polish name). The Polish names are
# those of the interwar Polish maps. Rivers not listed keep Natural Earth's name and no Polish one.
NE_NAMES = {
    'Zakhidnyy Buh': ('Western Bug', 'Bug'),  # NE's Bug above Busk; the rest is GSHHG's
    'Usha': ('Neman', 'Niemen'),  # NE names the Neman from its source to Kaunas by its headwater
    'Prypyat': ('Pripyat', 'Prypeć'),  # NE's Pripyat above Pinsk, following the Turia at Kowel
    'Narew': ('Narew', 'Narew'),
    'San': ('San', 'San'),
    'Wieprz': ('Wieprz', 'Wieprz'),
    'Styr': ('Styr', 'Styr'),
    'Haryn': ('Horyn', 'Horyń'),
    'Sluch': ('Sluch', 'Słucz'),  # the Ukrainian Sluch, tributary of the Horyn
    'Shchara': ('Shchara', 'Szczara'),
    'Yasyelda': ('Yaselda', 'Jasiołda'),
    'Bzura': ('Bzura', 'Bzura'),
    'Pilica': ('Pilica', 'Pilica'),
    'Wkra': ('Wkra', 'Wkra'),
    'Drweca': ('Drwęca', 'Drwęca'),
    'Dunajec': ('Dunajec', 'Dunajec'),
    'Notec': ('Noteć', 'Noteć'),
    'Gwda': ('Gwda', 'Gwda'),
    'Prosna': ('Prosna', 'Prosna'),
    'Lyna': ('Łyna', 'Łyna'),
    'Oder': ('Oder', 'Odra'),
    'Bobr': ('Bóbr', 'Bóbr'),
    'Nysa Klodzka': ('Nysa Kłodzka', 'Nysa Kłodzka'),
    'Luzicka Nisa': ('Lusatian Neisse', 'Nysa Łużycka'),
    'Byarezina': ('Berezina', 'Berezyna'),
    'Merkys': ('Merkys', 'Mereczanka'),
    'Sventoji': ('Šventoji', 'Święta'),
    'Dysna': ('Dysna', 'Dzisna'),
    'Daugava': ('Daugava', 'Dźwina'),
    'Drysa': ('Drysa', 'Drysa'),
    'Dnepr': ('Dnieper', 'Dniepr'),
    'Sozh': ('Sozh', 'Soż'),
    'Ptsich': ('Ptsich', 'Ptycz'),
    'Ubort': ('Ubort', 'Uborć'),
    'Teteriv': ('Teteriv', 'Teterew'),
    'Prut': ('Prut', 'Prut'),
    # The Pissa of East Prussia (to the Pregolya), not the Pisa of Masuria (to the Narew): named
    # in English only, so a search for the Polish Pisa does not find it.
    'Pissa': ('Pissa', ''),
}

# Parts of unnamed Natural Earth rivers named by their course: (rivernum, bbox west, south, east,
# north) -> names. A part lying wholly inside the box takes the names.
NE_UNNAMED_PARTS = {
    # River 408554 is the Krutynia, the Masurian lakes and the Pisa; the part from Roś lake at
    # Pisz (53.63N) south to the Narew at Nowogród (53.24N) is the Pisa.
    (408554, 21.70, 53.20, 21.95, 53.69): ('Pisa', 'Pisa'),
}

# Rivers found in GSHHG: English and Polish names, rank (Natural Earth's scalerank scale; GSHHG
# has none) and towns on the river, in downstream order, as (lat, lon). Each town must lie within
# SNAP_KM of GSHHG's line; the course between consecutive towns is the shortest path along the
# river network.
GSHHG_ROUTES = [
    ('Vistula', 'Wisła', 2, [
        (49.9315, 19.0),    # where GSHHG's data begins, below Oświęcim
        (50.05, 19.94),     # Kraków
        (50.68, 21.75),     # Sandomierz
        (51.56, 21.85),     # Dęblin
        (52.24, 21.04),     # Warsaw
        (52.55, 19.70),     # Płock
        (52.7186, 19.0),    # where GSHHG's data ends, above Włocławek
    ]),
    ('Western Bug', 'Bug', 4, [
        (49.85, 25.00),     # near the source at Werchobuż
        (49.97, 24.61),     # Busk
        (50.48, 24.28),     # Sokal
        (51.17, 23.80),     # Dorohusk
        (51.55, 23.55),     # Włodawa
        (52.08, 23.65),     # Brześć (the fortress)
        (52.40, 22.66),     # Drohiczyn
        (52.69, 22.03),     # Brok
        (52.513, 21.088),   # Serock, into the Narew (where Natural Earth's Narew ends)
    ]),
    ('Narew', 'Narew', 6, [
        (52.513, 21.088),   # Serock
        (52.43, 20.71),     # Nowy Dwór Mazowiecki, into the Vistula
    ]),
    ('Neman', 'Niemen', 3, [
        (54.905, 23.879),   # Kaunas (where Natural Earth's Neman ends)
        (55.08, 22.77),     # Jurbarkas
        (55.08, 21.88),     # Tilsit
        (55.281, 21.39),    # the delta (where Natural Earth's delta begins)
    ]),
    ('Neris', 'Wilia', 5, [
        (54.6742, 27.8833), # where GSHHG's line begins, west of Dokszyce
        (54.49, 26.92),     # Wilejka
        (54.69, 25.28),     # Wilno
        (54.90, 23.92),     # Kaunas, into the Neman
    ]),
    ('Pripyat', 'Prypeć', 4, [
        (52.116, 26.145),   # Pinsk (where Natural Earth's Pripyat ends)
        (52.07, 27.74),     # Turów
        (52.0718, 28.0),    # where GSHHG's data ends
    ]),
    ('Dniester', 'Dniestr', 3, [
        (49.52, 23.20),     # Sambor
        (49.12, 24.72),     # Halicz
        (48.64, 25.74),     # Zaleszczyki
        (48.50, 26.49),     # Chocim
        (48.45, 27.79),     # Mohylów
        (48.3201, 28.0),    # where GSHHG's data ends
    ]),
    ('Daugava', 'Dźwina', 3, [
        (55.6765, 28.0),    # where GSHHG's data begins, above Drissa
        (55.87, 26.53),     # Dyneburg (Daugavpils)
        (56.50, 25.86),     # Jēkabpils
        (56.95, 24.10),     # Riga
    ]),
]

SNAP_KM = 3.0           # a route's town may lie this far from GSHHG's line
JUNCTION_KM = 0.5       # GSHHG lines this close are joined (they are cut at its bins)
GAP_KM = 6.0            # a line's end this close to another line bridges a gap in GSHHG (the
                        # Dniester has one of 5.8 km above Niżniów)
JOIN_KM = 2.5           # a route's end this close to Natural Earth's same river joins it

BORDER_TOLERANCE_KM = 1.0
SAMPLE_KM = 0.5

EARTH_KM_PER_DEGREE = 111.195  # on the mean-radius sphere


# ---- Geometry --------------------------------------------------------------------------------

def distance_km(a, b):
    """Distance between (lon, lat) points, equirectangular (exact enough below ~100 km)."""
    c = math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot((a[0] - b[0]) * c, a[1] - b[1]) * EARTH_KM_PER_DEGREE


def point_segment_km(p, a, b):
    c = math.cos(math.radians(p[1]))
    ax, ay = (a[0] - p[0]) * c, a[1] - p[1]
    bx, by = (b[0] - p[0]) * c, b[1] - p[1]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length2))
    return math.hypot(ax + t * dx, ay + t * dy) * EARTH_KM_PER_DEGREE


def clip_segment(a, b, box):
    """The part of segment a-b inside box (Liang-Barsky), or None. An end inside is returned as is."""
    west, south, east, north = box
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - west), (dx, east - a[0]), (-dy, a[1] - south), (dy, north - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    start = a if t0 == 0 else (a[0] + dx * t0, a[1] + dy * t0)
    end = b if t1 == 1 else (a[0] + dx * t1, a[1] + dy * t1)
    return start, end


def clip_line(points, box):
    """The pieces of a polyline inside box; a line that leaves and re-enters gives two pieces."""
    pieces, current = [], []
    for a, b in zip(points, points[1:]):
        clipped = clip_segment(a, b, box)
        if clipped is None:
            if current:
                pieces.append(current)
            current = []
            continue
        start, end = clipped
        if current and current[-1] == start:
            current.append(end)
        else:
            if current:
                pieces.append(current)
            current = [start, end]
    if current:
        pieces.append(current)
    return pieces


def rounded(points):
    """Points rounded to DECIMALS, consecutive repeats dropped; None when fewer than two remain."""
    out = []
    for x, y in points:
        p = (round(x, DECIMALS), round(y, DECIMALS))
        if not out or out[-1] != p:
            out.append(p)
    return out if len(out) >= 2 else None


def clipped_rounded(lines, box=REGION):
    out = []
    for line in lines:
        for piece in clip_line([tuple(p[:2]) for p in line], box):
            r = rounded(piece)
            if r:
                out.append(r)
    return out


def join_lines(lines):
    """Joins lines where one ends exactly where another begins (keeping their direction)."""
    lines = [list(l) for l in lines]
    joined = True
    while joined:
        joined = False
        starts = {l[0]: i for i, l in reversed(list(enumerate(lines)))}
        for i, l in enumerate(lines):
            j = starts.get(l[-1])
            if j is not None and j != i:
                lines[i] = l + lines[j][1:]
                del lines[j]
                joined = True
                break
    return lines


def line_length_km(line):
    return sum(distance_km(a, b) for a, b in zip(line, line[1:]))


# ---- Output ----------------------------------------------------------------------------------

def geometry_json(lines):
    def coords(line):
        return '[' + ','.join('[%r,%r]' % (x, y) for x, y in line) + ']'
    if len(lines) == 1:
        return '{"type":"LineString","coordinates":' + coords(lines[0]) + '}'
    return '{"type":"MultiLineString","coordinates":[' + ','.join(coords(l) for l in lines) + ']}'


def write_collection(path, features):
    """features: (properties dict, lines). One feature a line, so the files diff well."""
    rows = ['{"type":"Feature","properties":%s,"geometry":%s}' %
            (json.dumps(props, ensure_ascii=False, separators=(',', ':')), geometry_json(lines))
            for props, lines in features]
    text = '{"type":"FeatureCollection","features":[\n' + ',\n'.join(rows) + '\n]}\n'
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)
    return len(text.encode('utf-8'))


# ---- Rivers: GSHHG's network -----------------------------------------------------------------

class RiverNetwork:
    """GSHHG's river lines as a graph: vertices joined along each line, across the cuts at its
    bins (JUNCTION_KM) and across gaps from a line's end (GAP_KM, at a cost)."""

    def __init__(self, path):
        self.lines = []
        with open(path, encoding='ascii') as f:
            for row in f:
                if row.startswith('>'):
                    self.lines.append([])
                elif row.strip():
                    lon, lat = row.split()[:2]
                    self.lines[-1].append((float(lon), float(lat)))
        self.vertices, self.line_of = [], []
        self.edges = defaultdict(list)
        ends = set()
        for li, line in enumerate(self.lines):
            base = len(self.vertices)
            for i, p in enumerate(line):
                self.vertices.append(p)
                self.line_of.append(li)
                if i:
                    self._link(base + i - 1, base + i, distance_km(line[i - 1], p))
            ends.update((base, len(self.vertices) - 1))
        self.grid = defaultdict(list)
        for i, (lon, lat) in enumerate(self.vertices):
            self.grid[self._cell(lon, lat)].append(i)
        # Lines meet where their vertices lie within JUNCTION_KM (GSHHG cuts its lines at its
        # bins), and a line's end bridges a gap to any line within GAP_KM. Gaps cost three times
        # their length, so a route keeps to the lines where it can.
        for i, p in enumerate(self.vertices):
            reach = GAP_KM if i in ends else JUNCTION_KM
            for j in self._near(p, reach):
                d = distance_km(p, self.vertices[j])
                if self.line_of[j] != self.line_of[i] and d < reach:
                    self._link(i, j, (d if d < JUNCTION_KM else 3 * d) + 0.2)

    @staticmethod
    def _cell(lon, lat):
        return int(math.floor(lon * 20)), int(math.floor(lat * 20))  # 0.05 degrees

    def _near(self, p, km):
        reach = int(math.ceil(km / (0.05 * EARTH_KM_PER_DEGREE * math.cos(math.radians(p[1])))))
        cx, cy = self._cell(*p)
        for gx in range(cx - reach, cx + reach + 1):
            for gy in range(cy - reach, cy + reach + 1):
                yield from self.grid.get((gx, gy), ())

    def _link(self, i, j, cost):
        self.edges[i].append((j, cost))
        self.edges[j].append((i, cost))

    def snap(self, lat, lon):
        p = (lon, lat)
        best = min(range(len(self.vertices)), key=lambda i: distance_km(self.vertices[i], p))
        return best, distance_km(self.vertices[best], p)

    def path(self, a, b):
        cost, previous, queue = {a: 0.0}, {}, [(0.0, a)]
        while queue:
            c, u = heapq.heappop(queue)
            if u == b:
                break
            if c > cost[u]:
                continue
            for v, w in self.edges[u]:
                if c + w < cost.get(v, math.inf):
                    cost[v], previous[v] = c + w, u
                    heapq.heappush(queue, (c + w, v))
        if b not in cost:
            return None
        path = [b]
        while path[-1] != a:
            path.append(previous[path[-1]])
        return [self.vertices[i] for i in reversed(path)]

    def route(self, name, towns):
        snapped = []
        for lat, lon in towns:
            vertex, off = self.snap(lat, lon)
            if off > SNAP_KM:
                sys.exit('prepare-vector-data: %s: %.4fN %.4fE is %.1f km from GSHHG\'s rivers (at most %g)'
                         % (name, lat, lon, off, SNAP_KM))
            snapped.append(vertex)
        course = []
        for a, b in zip(snapped, snapped[1:]):
            leg = self.path(a, b)
            if leg is None:
                sys.exit('prepare-vector-data: %s: no course along GSHHG\'s rivers from %s to %s'
                         % (name, self.vertices[a], self.vertices[b]))
            course += leg[1:] if course else leg
        return course


# ---- Rivers ----------------------------------------------------------------------------------

def ne_lines(geometry):
    if geometry['type'] == 'LineString':
        return [geometry['coordinates']]
    if geometry['type'] == 'MultiLineString':
        return geometry['coordinates']
    return []


def bbox_of(lines):
    xs = [p[0] for l in lines for p in l]
    ys = [p[1] for l in lines for p in l]
    return min(xs), min(ys), max(xs), max(ys)


def within(inner, outer):
    return inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def prepare_rivers(sources):
    rivers = {}  # key -> {'name', 'name_pl', 'rank', 'lines', 'sources'}

    def river(key, name, name_pl, rank):
        r = rivers.setdefault(key, {'name': name, 'name_pl': name_pl, 'rank': rank, 'lines': [], 'sources': set()})
        r['rank'] = min(r['rank'], rank)
        return r

    with open(os.path.join(sources, 'ne_10m_rivers_europe.json'), encoding='utf-8') as f:
        natural_earth = json.load(f)
    for feature in natural_earth['features']:
        props, geometry = feature['properties'], feature['geometry']
        if not geometry:
            continue
        lines = ne_lines(geometry)
        if not clipped_rounded(lines):
            continue
        ne_name, rank = props.get('name'), int(props.get('scalerank', 10))
        if ne_name:
            name, name_pl = NE_NAMES.get(ne_name, (ne_name, ''))
            key = name
        else:
            name, name_pl = '', ''
            key = 'ne-%d' % props['rivernum']
            for (num, *box), names in NE_UNNAMED_PARTS.items():
                if props['rivernum'] == num:
                    inside = [l for l in lines if within(bbox_of([l]), box)]
                    if inside:
                        named = river(names[0], names[0], names[1], rank)
                        named['lines'] += inside
                        named['sources'].add('Natural Earth')
                        lines = [l for l in lines if l not in inside]
        if lines:
            r = river(key, name, name_pl, rank)
            r['lines'] += lines
            r['sources'].add('Natural Earth')

    network = RiverNetwork(os.path.join(sources, 'gshhg_rivers_all_f.txt'))
    for name, name_pl, rank, towns in GSHHG_ROUTES:
        course = network.route(name, towns)
        r = rivers.get(name)
        if r is None:
            r = river(name, name, name_pl, rank)
        r['rank'] = rank  # GSHHG's rivers are the main stems: the table's rank, not NE's
        # Close the small gap where the course meets Natural Earth's part of the same river.
        ne_ends = [tuple(l[k][:2]) for l in r['lines'] for k in (0, -1)]
        first = min(ne_ends, key=lambda e: distance_km(e, course[0]), default=None)
        last = min(ne_ends, key=lambda e: distance_km(e, course[-1]), default=None)
        if first and 0 < distance_km(first, course[0]) < JOIN_KM:
            course.insert(0, first)
        if last and 0 < distance_km(last, course[-1]) < JOIN_KM:
            course.append(last)
        r['lines'].append(course)
        r['sources'].add('GSHHG')

    features = []
    for r in rivers.values():
        lines = join_lines(clipped_rounded(r['lines']))
        if not lines:
            continue
        props = {'name': r['name'], 'name_pl': r['name_pl'], 'rank': r['rank'],
                 'source': ', '.join(sorted(r['sources'], reverse=True))}
        features.append((props, lines))
    features.sort(key=lambda f: (f[0]['rank'], f[0]['name'] == '', f[0]['name'], bbox_of(f[1])))
    return features


# ---- Borders ---------------------------------------------------------------------------------

def load_countries(path):
    """Named countries with a ring near the region: name -> rings [(lon, lat), ...]."""
    west, south, east, north = REGION
    near = (west - 1, south - 1, east + 1, north + 1)
    with open(path, encoding='utf-8') as f:
        world = json.load(f)
    countries = defaultdict(list)
    for feature in world['features']:
        name = (feature.get('properties') or {}).get('NAME')
        geometry = feature.get('geometry')
        if not name or not geometry:
            continue
        polygons = geometry['coordinates'] if geometry['type'] == 'MultiPolygon' else [geometry['coordinates']]
        for polygon in polygons:
            for ring in polygon:
                ring = [tuple(p[:2]) for p in ring]
                b = bbox_of([ring])
                if b[0] <= near[2] and b[2] >= near[0] and b[1] <= near[3] and b[3] >= near[1]:
                    countries[name].append(ring)
    return dict(countries)


class BoundaryIndex:
    """Every country's boundary edges in a 0.1-degree grid, for the nearest-border queries."""

    def __init__(self, countries):
        self.grid = defaultdict(list)
        for name, rings in countries.items():
            for ring in rings:
                for a, b in zip(ring, ring[1:]):
                    x0, x1 = sorted((a[0], b[0]))
                    y0, y1 = sorted((a[1], b[1]))
                    for gx in range(int(math.floor(x0 * 10)) - 1, int(math.floor(x1 * 10)) + 2):
                        for gy in range(int(math.floor(y0 * 10)) - 1, int(math.floor(y1 * 10)) + 2):
                            self.grid[(gx, gy)].append((name, a, b))

    def nearest_other(self, p, country):
        """The other country whose boundary is nearest p, if within BORDER_TOLERANCE_KM."""
        best, best_name = BORDER_TOLERANCE_KM, None
        for name, a, b in self.grid.get((int(math.floor(p[0] * 10)), int(math.floor(p[1] * 10))), ()):
            if name != country:
                d = point_segment_km(p, a, b)
                if d <= best:
                    best, best_name = d, name
        return best_name


def ring_runs(ring, country, index):
    """A ring cut into runs [(neighbour or None, points)]: consecutive stretches with one
    neighbour. A run keeps the ring's vertices and adds the sample points where it ends."""
    vertices = set(ring)
    runs = []
    for a, b in zip(ring, ring[1:]):
        n = max(1, int(math.ceil(distance_km(a, b) / SAMPLE_KM)))
        at = [a] + [(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n) for i in range(1, n)] + [b]
        for p, q in zip(at, at[1:]):
            neighbour = index.nearest_other(((p[0] + q[0]) / 2, (p[1] + q[1]) / 2), country)
            if not runs or runs[-1][0] != neighbour:
                runs.append([neighbour, [p, q]])
                continue
            points = runs[-1][1]
            if points[-1] not in vertices:
                points.pop()  # a sample point inside an edge, in line with its neighbours
            points.append(q)
    # A ring is closed: its last run continues into its first.
    if len(runs) > 1 and runs[0][0] == runs[-1][0]:
        runs[0][1] = runs[-1][1] + runs[0][1][1:]
        runs.pop()
    return runs


def prepare_borders(path, year):
    countries = load_countries(path)
    index = BoundaryIndex(countries)
    features = []
    for country in sorted(countries):
        for ring in countries[country]:
            for neighbour, points in ring_runs(ring, country, index):
                if neighbour is None or neighbour < country:
                    continue  # a coast, or the neighbour's own boundary gives this border
                for line in clipped_rounded([points]):
                    features.append(({'between': [country, neighbour], 'year': year}, [line]))
    return features


# ---- Main ------------------------------------------------------------------------------------

def crossings(features, pair, lat):
    """Longitudes where the borders between `pair` cross the parallel `lat`."""
    out = []
    for props, lines in features:
        if sorted(props['between']) != sorted(pair):
            continue
        for line in lines:
            for a, b in zip(line, line[1:]):
                if (a[1] - lat) * (b[1] - lat) < 0 or (a[1] == lat):
                    t = 0 if b[1] == a[1] else (lat - a[1]) / (b[1] - a[1])
                    out.append(round(a[0] + (b[0] - a[0]) * t, 3))
    return sorted(out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--sources', default=os.path.join(os.path.dirname(repo), 'shared', 'data', 'vector'))
    parser.add_argument('--out', default=os.path.join(repo, 'data', 'vector'))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    rivers = prepare_rivers(args.sources)
    size = write_collection(os.path.join(args.out, 'rivers.geojson'), rivers)
    named = [p['name'] for p, _ in rivers if p['name']]
    print('rivers.geojson: %d features (%d named), %d parts, %d points, %d bytes' % (
        len(rivers), len(named), sum(len(l) for _, l in rivers),
        sum(len(line) for _, l in rivers for line in l), size))
    for props, lines in rivers:
        if props['name_pl']:
            print('  %-16s %-14s rank %2d  %4.0f km in %d parts (%s)' % (
                props['name'], props['name_pl'], props['rank'], sum(line_length_km(l) for l in lines),
                len(lines), props['source']))

    for year in (1938, 1945):
        borders = prepare_borders(os.path.join(args.sources, 'world_%d.geojson' % year), year)
        name = 'borders-%d.geojson' % year
        size = write_collection(os.path.join(args.out, name), borders)
        print('%s: %d lines, %d points, %d bytes' % (
            name, len(borders), sum(len(l[0]) for _, l in borders), size))
        lengths = defaultdict(float)
        for props, lines in borders:
            lengths[tuple(props['between'])] += line_length_km(lines[0])
        for pair in sorted(lengths):
            print('  %-40s %5.0f km' % (' - '.join(pair), lengths[pair]))
        for lat in (50.0, 51.0, 52.0, 53.0, 54.0):
            print('  Poland - USSR crosses %.0fN at %s E' % (lat, crossings(borders, ('Poland', 'USSR'), lat)))


if __name__ == '__main__':
    main()
