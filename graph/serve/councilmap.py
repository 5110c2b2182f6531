"""The map of councils at /map: every council with a latitude and longitude (schema:latitude and
schema:longitude, from the register) as a point of an inline SVG, coloured by a grouping.

By default no tiles and no outline: an equirectangular projection of a box around Great Britain and Northern
Ireland (widened to take in any council outside it, such as Shetland's), longitude scaled by the cosine of
55°N so that shapes are not stretched. With a tile server configured (`serve --tiles URL`, a template with
{z}, {x} and {y}), the box is drawn in Web Mercator at the zoom whose width is nearest the map's, and the
tiles covering it are `<image>` elements under the points: a tile that does not load leaves the plain
background, so the points, their links and the legend work with or without the tile server.

Groupings (`?colour=`): the programmes and phases
a council takes part in (cg:participatesIn, which holds only for taking part), the networks it belongs
to (org:memberOf, the latest list), the tiers of its latest membership of each network, its nation, and
its type of authority. A council in several groups is in the group named by all of them ("A + B").
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from ..model.namespaces import PREFIXES
from ..query.facts import StoreFacts
from .resources import path_of_iri

__all__ = ["GROUPINGS", "NONE", "Box", "MercatorBox", "Tiles", "Tile", "fitted", "Point", "CouncilMap", "council_map"]

_PREAMBLE = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items())
_POINTS = """SELECT ?council ?name ?lat ?lon WHERE {
  ?council a cg:Council ; rdfs:label ?name ; schema:latitude ?lat ; schema:longitude ?lon }"""
# grouping -> (what it is, a query of (council, group) pairs)
GROUPINGS: dict[str, tuple[str, str]] = {
    "programme": (
        "programmes and phases it takes part in",
        """SELECT ?council ?group WHERE { ?council a cg:Council ; cg:participatesIn ?p .
           { ?p a cg:Programme } UNION { ?p a cg:ProgrammePhase } ?p rdfs:label ?group }""",
    ),
    "network": (
        "networks it is a member of (the latest list)",
        """SELECT ?council ?group WHERE { ?council a cg:Council ; org:memberOf ?n .
           ?n a cg:Network ; rdfs:label ?group }""",
    ),
    "tier": (
        "tiers of its latest membership of each network",
        """SELECT ?council ?group ?net ?at WHERE { ?m a cg:NetworkMembership ; cg:relationFrom ?council ;
           cg:relationTo ?net ; cg:tier/rdfs:label ?group . ?council a cg:Council . OPTIONAL { ?m cg:asAt ?at } }""",
    ),
    "nation": ("nation", "SELECT ?council ?group WHERE { ?council a cg:Council ; cg:nation ?group }"),
    "type": ("type of authority", "SELECT ?council ?group WHERE { ?council a cg:Council ; cg:authorityType ?group }"),
}
NONE = "none"
PALETTE = (  # Okabe and Ito's colours, then Tableau's, told apart by most readers
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000",
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#9c755f", "#76b7b2", "#ff9da7", "#edc948",
)  # fmt: skip
NONE_COLOUR = "#b0b0b0"
# the box drawn at least: Great Britain and Northern Ireland with a margin (longitude, latitude)
WEST, EAST, SOUTH, NORTH = -8.3, 2.0, 49.8, 59.0
WIDTH = 480.0  # pixels
_COS = math.cos(math.radians(55))
MARGIN = 0.3  # degrees around a council outside the box


@dataclass(frozen=True)
class Box:
    """What the map shows (degrees) and its width in pixels."""

    west: float = WEST
    east: float = EAST
    south: float = SOUTH
    north: float = NORTH

    @property
    def scale(self) -> float:
        return WIDTH / ((self.east - self.west) * _COS)

    @property
    def height(self) -> float:
        return round((self.north - self.south) * self.scale, 1)

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        """(x, y) in pixels of a point on the map."""
        return round((lon - self.west) * _COS * self.scale, 1), round((self.north - lat) * self.scale, 1)


TILE = 256  # pixels of a map tile


@dataclass(frozen=True)
class Tiles:
    """A tile server: a URL template with {z}, {x} and {y} (checked by `tiles_from`), and its attribution."""

    template: str
    attribution: str = ""


@dataclass(frozen=True)
class Tile:
    href: str
    x: float
    y: float


def tiles_from(template: str, attribution: str = "") -> Tiles:
    """The tile server of a URL template, or ValueError saying what is wrong with it."""
    if not template.startswith(("https://", "http://")):
        raise ValueError(f"a tile URL starts with https:// or http://, not {template[:40]!r}")
    missing = [part for part in ("{z}", "{x}", "{y}") if part not in template]
    if missing:
        raise ValueError(
            f"the tile URL has no {', '.join(missing)}: e.g. https://tile.example.org/{{z}}/{{x}}/{{y}}.png"
        )
    if any(c in template for c in '<>"\\ ') or len(template) > 2000:
        raise ValueError("the tile URL holds characters a URL cannot (spaces, quotes, < >) or is over 2,000 long")
    return Tiles(template, attribution)


@dataclass(frozen=True)
class MercatorBox:
    """A box drawn in Web Mercator at a tile zoom: pixels of that zoom, offset to the box's corner."""

    west: float
    east: float
    south: float
    north: float
    zoom: int

    @staticmethod
    def around(box: Box) -> MercatorBox:
        """The box at the zoom whose width in pixels is nearest the map's (WIDTH)."""
        widths = {z: (box.east - box.west) / 360 * TILE * 2**z for z in range(1, 13)}
        zoom = min(widths, key=lambda z: (abs(widths[z] - WIDTH), z))
        return MercatorBox(box.west, box.east, box.south, box.north, zoom)

    def _world(self, lat: float, lon: float) -> tuple[float, float]:
        size = TILE * 2**self.zoom
        lat = max(min(lat, 85.05), -85.05)
        y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2
        return (lon + 180) / 360 * size, y * size

    @property
    def origin(self) -> tuple[float, float]:
        return self._world(self.north, self.west)

    @property
    def width(self) -> float:
        return round(self._world(self.north, self.east)[0] - self.origin[0], 1)

    @property
    def height(self) -> float:
        return round(self._world(self.south, self.west)[1] - self.origin[1], 1)

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        x, y = self._world(lat, lon)
        return round(x - self.origin[0], 1), round(y - self.origin[1], 1)

    def tiles(self, source: Tiles) -> list[Tile]:
        """The tiles that cover the box, placed in its pixels."""
        x0, y0 = self.origin
        first_x, first_y = int(x0 // TILE), int(y0 // TILE)
        last_x, last_y = int((x0 + self.width) // TILE), int((y0 + self.height) // TILE)
        found = []
        for ty in range(first_y, last_y + 1):
            for tx in range(first_x, last_x + 1):
                href = source.template.replace("{z}", str(self.zoom)).replace("{x}", str(tx)).replace("{y}", str(ty))
                found.append(Tile(href, round(tx * TILE - x0, 1), round(ty * TILE - y0, 1)))
        return found


def fitted(places: list[tuple[float, float]]) -> Box:
    """The box that holds Great Britain and Northern Ireland and every (lat, lon) of `places`."""
    lats, lons = [p[0] for p in places], [p[1] for p in places]
    return Box(
        min([WEST, *(x - MARGIN for x in lons)]),
        max([EAST, *(x + MARGIN for x in lons)]),
        min([SOUTH, *(y - MARGIN for y in lats)]),
        max([NORTH, *(y + MARGIN for y in lats)]),
    )


@dataclass
class Point:
    iri: str
    path: str
    name: str
    lat: float
    lon: float
    x: float
    y: float
    group: str
    colour: str


@dataclass
class CouncilMap:
    colour: str  # the grouping
    described: str  # what the grouping is
    width: float
    height: float
    points: list[Point] = field(default_factory=list)
    legend: list[tuple[str, str, int]] = field(default_factory=list)  # (group, colour, councils)
    tiles: list[Tile] = field(default_factory=list)  # under the points, when a tile server is configured
    attribution: str = ""


def _groups(facts: StoreFacts, colour: str) -> dict[str, str]:
    """council IRI -> the name of its group under `colour`."""
    found: dict[str, set[str]] = defaultdict(set)
    rows = facts.select(_PREAMBLE + GROUPINGS[colour][1])
    if colour == "tier":  # only each network's latest membership
        latest: dict[tuple[str, str], str] = {}
        for council, _, net, at in rows:
            key = (str(council), str(net))
            latest[key] = max(latest.get(key, ""), "" if at is None else str(at))
        rows = [r for r in rows if ("" if r[3] is None else str(r[3])) == latest[(str(r[0]), str(r[2]))]]
    for row in rows:
        found[str(row[0])].add(str(row[1]))
    return {council: " + ".join(sorted(groups)) for council, groups in found.items()}


def council_map(facts: StoreFacts, colour: str, tiles: Tiles | None = None) -> CouncilMap:
    """The map's points and legend, coloured by the grouping `colour` (one of GROUPINGS); on the tiles of
    `tiles` when given."""
    groups = _groups(facts, colour)
    rows, seen = [], set()
    for row in sorted(facts.select(_PREAMBLE + _POINTS), key=lambda r: (str(r[1]).casefold(), str(r[0]))):
        if str(row[0]) not in seen:  # a council with two positions (or names): its first, by name
            seen.add(str(row[0]))
            rows.append((str(row[0]), str(row[1]), float(str(row[2])), float(str(row[3]))))
    flat = fitted([(lat, lon) for _, _, lat, lon in rows])
    box: Box | MercatorBox = flat
    drawn = CouncilMap(colour, GROUPINGS[colour][0], WIDTH, flat.height)
    if tiles is not None:
        box = MercatorBox.around(flat)
        drawn.width, drawn.height = box.width, box.height
        drawn.tiles, drawn.attribution = box.tiles(tiles), tiles.attribution
    counts: dict[str, int] = defaultdict(int)
    for iri, name, lat, lon in rows:
        group = groups.get(iri, NONE)
        counts[group] += 1
        drawn.points.append(Point(iri, path_of_iri(iri) or iri, name, lat, lon, *box.project(lat, lon), group, ""))
    named = sorted(g for g in counts if g != NONE)
    colours = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(named)} | {NONE: NONE_COLOUR}
    for point in drawn.points:
        point.colour = colours[point.group]
    drawn.legend = [(g, colours[g], counts[g]) for g in [*named, *([NONE] if NONE in counts else [])]]
    return drawn
