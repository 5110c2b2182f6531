"""The interactive network page: one view of the graph as a single, self-contained HTML file.

`network_page(graph, view, focus, depth, colour, size)` turns a projection view (graph.projection) into
plain data: vis-network nodes and edges (held and emitted by a pyvis Network), the legend, the filter
choices, the name index for the search box, the rows of the accessible tables and the sources.
`render_html(page)` renders it with the template in graph/viz_assets/; `write_network_html` writes it
atomically. Colourings and sizings are registries (COLOURINGS, SIZINGS): one entry per choice.

The page:
- works offline: vis-network's script and stylesheet, which ship inside the pyvis package, are inlined.
  pyvis's own template is not used, because every one of its modes loads something from a CDN (Bootstrap
  always, vis itself in `local` and `remote` modes); pyvis holds the nodes, edges and options and the page
  is rendered from graph/viz_assets/ with no external reference;
- is safe: every string from the data reaches the page as JSON inside a non-executable
  `<script type="application/json">` element, with `<`, `>` and `&` escaped, and is put on screen with
  `textContent`, as canvas text, or through Jinja's autoescaping; tooltips are DOM elements built by the
  page, never HTML strings (pyvis switches to `innerHTML` for any title containing "href");
- is deterministic: nodes and edges in sorted order, ids from the IRIs, a seeded layout computed here and
  rounded to whole pixels, no timestamps, so the same data gives the same bytes.

pyvis is given plain dicts made here, node by node and edge by edge, never a NetworkX graph (its
`from_nx` rewrites the attributes of the graph it is given), so the projections stay as they were.
"""
from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from .errors import VizError
from .namespaces import CG, PREFIXES

__all__ = ["VizError", "NetworkPage", "Colouring", "Sizing", "COLOURINGS", "SIZINGS", "VIEW_NAMES",
           "DEFAULT_FILE", "SEED", "PHYSICS_NODE_LIMIT", "network_page", "render_html", "write_network_html",
           "inlined_libraries"]

DEFAULT_FILE = "network.html"
SEED = 42
PHYSICS_NODE_LIMIT = 300            # a reader may switch physics on in views of up to this many nodes
MIN_SIZE, MAX_SIZE = 7.0, 36.0      # node radius range (pixels at zoom 1)
VIEW_NAMES = ("full", "councils", "bipartite")
ASSETS = Path(__file__).resolve().parent / "viz_assets"
UNDIRECTED_RELATIONS = frozenset({"Partnership", "OtherRelation"})   # "partner of", "related to"
NO_TIER = "tier not stated"
NOT_A_MEMBER = "not a network member"

TYPE_STYLE = {   # type -> (legend label, colour); in this order in the legend and the type filter
    "Council": ("Council", "#1f77b4"), "LocalCouncil": ("Local council", "#9ecae1"),
    "Network": ("Network", "#6a3d9a"), "Programme": ("Programme", "#d62728"),
    "ProgrammePhase": ("Programme phase", "#ff9896"), "Initiative": ("Initiative", "#2ca02c"),
    "Organisation": ("Organisation", "#ff7f0e"), "Fund": ("Fund", "#bcbd22"), "Award": ("Award", "#e6ab02"),
    "Event": ("Event", "#8c564b"), "Policy": ("Policy", "#e377c2"), "Place": ("Place", "#17becf"),
    "Person": ("Person", "#7f7f7f"),
}
OTHER_COLOUR = "#b8b8b8"
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#393b79", "#637939", "#ad494a"]
MIN_COMMUNITY = 3                   # smaller communities share one grey legend entry


@dataclass
class NetworkPage:
    """Everything the page shows, as plain data."""
    title: str
    view: str
    view_description: str
    colour: str
    colour_description: str
    size: str
    size_description: str
    focus: str | None              # the focused entity's prefixed name
    focus_label: str | None
    depth: int | None
    command: str                   # the command that makes this page
    view_nodes: int                # nodes and edges in the whole view, before any focus
    view_edges: int
    physics_allowed: bool         # whether the reader may switch physics on (small views only)
    nodes: list[dict]              # vis-network nodes, as emitted by pyvis
    edges: list[dict]
    options: dict
    legend: list[dict]             # {key, label, colour, count}
    filters: dict[str, list[dict]]   # types / networks / programmes / tiers -> {key, label, count}
    index: dict[str, list[str]]    # normalised name -> node ids, for the search box
    names: list[str]               # every label and alias, for the search box's suggestions
    node_rows: list[dict]
    edge_rows: list[dict]
    sources: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Colouring:
    name: str
    description: str
    assign: Callable       # (context) -> {node: (legend key, legend label, colour)}


@dataclass(frozen=True)
class Sizing:
    name: str
    description: str
    measure: Callable      # (undirected simple graph) -> {node: value}


# ---------------------------------------------------------------------------------------------- sizing

def _degree(u) -> dict:
    from .analytics import degree
    return degree(u)


def _betweenness(u) -> dict:
    from .analytics import betweenness
    return betweenness(u)


def _pagerank(u) -> dict:
    from .analytics import pagerank
    return pagerank(u)


SIZINGS: dict[str, Sizing] = {s.name: s for s in [
    Sizing("degree", "degree (number of distinct neighbours in the view)", _degree),
    Sizing("betweenness", "betweenness (how often a node lies on shortest paths in the view)", _betweenness),
    Sizing("pagerank", "PageRank in the view", _pagerank),
]}


# -------------------------------------------------------------------------------------------- colouring

@dataclass
class _Context:
    view: object                   # the NetworkX view
    undirected: object             # its undirected simple form
    full: object                   # the full view, for memberships
    networks: dict[str, set[str]]
    tiers: dict[str, list[str]]
    seed: int


def _by_type(ctx: _Context) -> dict:
    out = {}
    for node, data in ctx.view.nodes(data=True):
        label, colour = TYPE_STYLE.get(data["type"], (data["type"], OTHER_COLOUR))
        out[node] = (data["type"], label, colour)
    return out


def _by_community(ctx: _Context) -> dict:
    from .analytics import louvain_communities
    degrees = dict(ctx.undirected.degree())
    out = {}
    large = [c for c in louvain_communities(ctx.undirected, seed=ctx.seed) if len(c) >= MIN_COMMUNITY]
    for rank, community in enumerate(large, start=1):    # largest first
        if rank <= len(PALETTE):
            hub = min(community, key=lambda n: (-degrees[n], n))
            entry = (f"c{rank:03d}", f"community {rank}: around {ctx.view.nodes[hub]['label']}", PALETTE[rank - 1])
        else:
            entry = ("zz-other", f"other communities of {MIN_COMMUNITY} or more", OTHER_COLOUR)
        for node in community:
            out[node] = entry
    for node in ctx.view:
        out.setdefault(node, ("zz-small", f"communities of fewer than {MIN_COMMUNITY}", "#dedede"))
    return out


def _by_network(ctx: _Context) -> dict:
    labels = {n: ctx.full.nodes[n]["label"] for n in ctx.full if ctx.full.nodes[n]["type"] == "Network"}
    categories = {}
    for node in ctx.view:
        nets = sorted(ctx.networks.get(node, set()))
        if ctx.view.nodes[node]["type"] == "Network":
            categories[node] = ("0", "a network")
        elif not nets:
            categories[node] = ("9", NOT_A_MEMBER)
        elif len(nets) > 1:
            categories[node] = ("8", "member of several networks")
        else:
            tier = ctx.tiers[node][0]          # the most recently stated tier
            order = {"Full": "1", "Associate": "2", "Affiliate": "3"}.get(tier, "4")
            categories[node] = (f"5-{labels[nets[0]]}-{order}", f"{labels[nets[0]]}: {tier} member"
                                if tier != NO_TIER else f"{labels[nets[0]]}: member, {NO_TIER}")
    keys = sorted(set(categories.values()))
    colours = {}
    palette = iter(["#6a3d9a", "#1a9850", "#91cf60", "#d9ef8b", "#fdae61", "#f46d43", "#74add1", "#fee08b"])
    for key in keys:
        colours[key] = OTHER_COLOUR if key[0] == "9" else next(palette, "#666666")
    return {node: (key[0] + key[1], key[1], colours[key]) for node, key in categories.items()}


COLOURINGS: dict[str, Colouring] = {c.name: c for c in [
    Colouring("type", "entity type", _by_type),
    Colouring("community", "community (Louvain, seeded, in the view)", _by_community),
    Colouring("network", "network membership and tier", _by_network),
]}

_VIEW_DESCRIPTIONS = {
    "full": "every entity and every relation",
    "councils": "councils, linked where they share programmes, networks, partners or funders",
    "bipartite": "councils and the organisations, programmes, networks, events and funds they are tied to",
}


# ----------------------------------------------------------------------------------------------- helpers

def _curie(iri: str) -> str:
    best = ("", "")
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        rest = iri[len(ns):]
        if iri.startswith(ns) and rest and "/" not in rest and "#" not in rest and len(ns) > len(best[1]):
            best = (prefix, ns)
    return f"{best[0]}:{iri[len(best[1]):]}" if best[1] else iri


def _undirected(view):
    """One undirected edge per pair of distinct nodes; `weight` the view's weight or the relations merged."""
    import networkx as nx
    u = nx.Graph()
    u.add_nodes_from((n, {"label": view.nodes[n]["label"], "type": view.nodes[n]["type"]})
                     for n in sorted(view.nodes))
    weights: Counter = Counter()
    for a, b, data in view.edges(data=True):
        if a != b:
            weights[tuple(sorted((a, b)))] += data.get("weight", 1)
    for (a, b), weight in sorted(weights.items()):
        u.add_edge(a, b, weight=weight)
    return u


def _induced(u, members: list[str]):
    """The subgraph of `u` on `members`, built in sorted order (a NetworkX subgraph view iterates its nodes
    in the order of a set, which changes with the hash seed, and the layout depends on that order)."""
    import networkx as nx
    sub = nx.Graph()
    sub.add_nodes_from((n, u.nodes[n]) for n in sorted(members))
    keep = set(members)
    sub.add_edges_from(sorted((min(a, b), max(a, b), d) for a, b, d in u.edges(sorted(members), data=True)
                              if a in keep and b in keep))
    return sub


def _memberships(full) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
    """node -> networks it belongs to (a network belongs to itself); node -> the tiers its memberships
    state, the most recent first (NO_TIER for a member whose tier no document states). A network's tiers
    are those of its members, so that a tier filter keeps the network with its members."""
    networks: dict[str, set[str]] = defaultdict(set)
    stated: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for member, network, data in full.edges(data=True):
        if data["relation"] == "NetworkMembership":
            networks[member].add(network)
            if data.get("tier"):
                stated[member].append((data.get("as_at") or "", data["tier"]))
    tiers: dict[str, list[str]] = {}
    for member in sorted(networks):
        ordered = [tier for _, tier in sorted(stated[member], key=lambda e: (e[0], e[1]), reverse=True)]
        tiers[member] = list(dict.fromkeys(ordered)) or [NO_TIER]
    for node, data in full.nodes(data=True):
        if data["type"] == "Network":
            networks[node].add(node)
            own = sorted({t for member in networks for t in tiers.get(member, ()) if node in networks[member]
                          and member != node})
            tiers[node] = own
    return networks, tiers


def _programmes(full) -> dict[str, set[str]]:
    """node -> programmes (and phases) it is in: itself, a part of one, or a participant in one or a part."""
    import networkx as nx
    parts = nx.DiGraph()
    for a, b, data in full.edges(data=True):
        if data["relation"] == "Composition":
            parts.add_edge(a, b)
    found: dict[str, set[str]] = defaultdict(set)
    for programme in sorted(n for n, d in full.nodes(data=True) if d["type"] in ("Programme", "ProgrammePhase")):
        within = {programme} | (nx.ancestors(parts, programme) if programme in parts else set())
        for node in within:
            found[node].add(programme)
        for a, b, data in full.edges(data=True):
            if data["relation"] == "Participation" and b in within:
                found[a].add(programme)
    return found


def _evidence(graph: Graph, subject: str) -> list[dict]:
    quotes = []
    for ev in graph.objects(URIRef(subject), CG.evidence):
        source = graph.value(ev, PROV.hadPrimarySource)
        quotes.append({"source": str(graph.value(source, DCTERMS.identifier) or source),
                       "quote": str(graph.value(ev, CG.quote))})
    return sorted(quotes, key=lambda e: (e["source"], e["quote"]))


def _sources(graph: Graph, used: set[str]) -> list[dict]:
    found = []
    for doc in graph.subjects(RDF.type, CG.SourceDocument):
        ident = str(graph.value(doc, DCTERMS.identifier) or doc)
        if ident in used:
            found.append({"id": ident, "title": str(graph.value(doc, DCTERMS.title) or ident),
                          "publisher": str(graph.value(doc, DCTERMS.publisher) or ""),
                          "date": str(graph.value(doc, DCTERMS.date) or "")})
    return sorted(found, key=lambda s: (s["date"], s["id"]))


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _normalise(name: str) -> str:
    from .councils import normalise_name
    return normalise_name(name)


# ------------------------------------------------------------------------------------------------ layout

def _layout(u, sizes: dict[str, float], seed: int, focus: str | None = None) -> dict[str, tuple[int, int]]:
    """Whole-pixel positions: rings around `focus` if given, else a seeded ForceAtlas2 layout (weighted,
    strong gravity) of each connected component, packed in rows; then nodes that overlap are pushed apart."""
    import networkx as nx
    if focus is not None:
        pos = _rings(u, focus)
    else:
        components = sorted((sorted(c) for c in nx.connected_components(u)), key=lambda c: (-len(c), c[0]))
        placed = []
        for members in components:
            if len(members) < 3:
                raw = {n: (float(i), 0.0) for i, n in enumerate(members)}
            else:
                sub = _induced(u, members)
                # strong gravity keeps outlying groups close, so the nodes spread evenly over the page
                raw = nx.forceatlas2_layout(sub, seed=seed, max_iter=120 if len(members) > PHYSICS_NODE_LIMIT
                                            else 200, weight="weight", strong_gravity=True)
            spacing = 60.0 if len(members) > PHYSICS_NODE_LIMIT else 100.0   # room per node, as a length
            placed.append((members, _fit({n: (float(x), float(y)) for n, (x, y) in raw.items()},
                                         spacing * math.sqrt(len(members)) if len(members) > 1 else 0.0)))
        pos = _pack(placed)
    pos = _spread(pos, sizes, margin=10.0 if len(pos) > PHYSICS_NODE_LIMIT else 30.0)
    return {n: (round(x), round(y)) for n, (x, y) in sorted(pos.items())}


def _rings(u, focus: str, sweeps: int = 4) -> dict[str, tuple[float, float]]:
    """The focus in the middle, the nodes one step away on a ring around it, two steps on the next...
    Rings are ordered to cut crossings: each node goes to the mean angle of its neighbours on the
    adjacent rings, sweeping outwards and back a few times (a circular barycentre heuristic)."""
    import networkx as nx
    distance = nx.single_source_shortest_path_length(u, focus)
    rings: dict[int, list[str]] = defaultdict(list)
    for node, d in sorted(distance.items()):
        rings[d].append(node)
    depth = max(rings)
    type_order = list(TYPE_STYLE)
    rank = {t: i for i, t in enumerate(type_order)}
    angle = {focus: 0.0}

    def place(d: int, order: list[str]) -> None:
        for i, node in enumerate(order):
            angle[node] = 2 * math.pi * i / len(order)

    def mean_angle(node: str, ring: int) -> float | None:
        around = [angle[m] for m in u[node] if distance[m] == ring]
        if not around:
            return None
        return math.atan2(sum(map(math.sin, around)), sum(map(math.cos, around))) % (2 * math.pi)

    def reorder(d: int, towards: int) -> None:
        keyed = []
        for node in rings[d]:
            preferred = mean_angle(node, towards)
            keyed.append((round(angle[node] if preferred is None else preferred, 9), node))
        place(d, [node for _, node in sorted(keyed)])

    if depth >= 1:
        place(1, sorted(rings[1], key=lambda n: (rank.get(u.nodes[n]["type"], len(rank)), u.nodes[n]["label"], n)))
    for d in range(2, depth + 1):
        reorder(d, d - 1)
    for _ in range(sweeps):
        for d in range(depth - 1, 0, -1):
            reorder(d, d + 1)
        for d in range(2, depth + 1):
            reorder(d, d - 1)
    pos = {focus: (0.0, 0.0)}
    radius = 0.0
    for d in range(1, depth + 1):
        radius = max(radius + 260.0, len(rings[d]) * 62.0 / (2 * math.pi))
        stagger = 70.0 if len(rings[d]) > 16 else 0.0   # alternate nodes out a little, so labels clear
        for node in rings[d]:
            a = angle[node] - math.pi / 2
            r = radius + stagger * (round(angle[node] * len(rings[d]) / (2 * math.pi)) % 2)
            pos[node] = (1.3 * r * math.cos(a), r * math.sin(a))
    return pos


def _fit(pos: dict, radius: float) -> dict:
    """Centre `pos` and scale it so that its median point lies radius/2 from the centre (outlying groups
    stay out, without squeezing the rest together); wider than tall."""
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    distances = sorted(math.hypot(x - cx, y - cy) for x, y in pos.values())
    middle = distances[len(distances) // 2] or distances[-1] or 1.0
    scale = radius / 2 / middle
    return {n: (1.35 * (x - cx) * scale, (y - cy) * scale) for n, (x, y) in pos.items()}


def _pack(placed: list[tuple[list[str], dict]], across: float = 250.0,
          down: float = 110.0) -> dict[str, tuple[float, float]]:
    """The largest component first, the others in rows beneath it, left to right, `across` apart (room
    for a label) and `down` between rows."""
    out: dict[str, tuple[float, float]] = {}
    extents = []
    for members, pos in placed:
        xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
        extents.append((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    width = max(max(w for _, _, w, _ in extents), 1500.0)
    x0 = y0 = row = 0.0
    for (members, pos), (left, top, w, h) in zip(placed, extents):
        if x0 > 0 and x0 + w > width:
            x0, y0, row = 0.0, y0 + row + down, 0.0
        for node in members:
            x, y = pos[node]
            out[node] = (x0 + x - left, y0 + y - top)
        x0 += w + across
        row = max(row, h)
    return out


def _spread(pos: dict[str, tuple[float, float]], sizes: dict[str, float], margin: float,
            rounds: int = 60) -> dict:
    """Push apart nodes closer than their radii plus `margin`, for a few rounds, deterministically."""
    import numpy as np
    nodes = sorted(pos)
    n = len(nodes)
    if n < 2:
        return dict(pos)
    index = np.arange(n, dtype=float)
    # a tiny offset that depends only on the node's place in sorted order parts coincident points
    x = np.array([pos[k][0] for k in nodes], dtype=float) + 1e-3 * np.cos(index)
    y = np.array([pos[k][1] for k in nodes], dtype=float) + 1e-3 * np.sin(index)
    radius = np.array([sizes[k] for k in nodes], dtype=float)
    need = radius[:, None] + radius[None, :] + margin
    np.fill_diagonal(need, 0.0)
    for _ in range(rounds):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        dist = np.maximum(np.hypot(dx, dy), 1e-9)
        push = np.maximum(need - dist, 0.0)
        if not push.any():
            break
        push /= dist
        step_x, step_y = 0.5 * (push * dx).sum(1), 0.5 * (push * dy).sum(1)
        length = np.maximum(np.hypot(step_x, step_y), 1e-9)
        cap = np.minimum(1.0, 30.0 / length)          # at most 30 pixels a round
        x += step_x * cap
        y += step_y * cap
    return {k: (float(a), float(b)) for k, a, b in zip(nodes, x, y)}


# -------------------------------------------------------------------------------------------------- page

def network_page(graph: Graph, view: str = "full", focus: str | None = None, depth: int = 1,
                 colour: str = "type", size: str = "degree", seed: int = SEED) -> NetworkPage:
    """The page's data for `view`, optionally only the entities within `depth` steps of `focus`."""
    import networkx as nx
    from .projection import full_view, project
    if view not in VIEW_NAMES:
        raise VizError(f"unknown view {view!r}; views: {', '.join(VIEW_NAMES)}")
    if colour not in COLOURINGS:
        raise VizError(f"unknown colouring {colour!r}; choose one of: {', '.join(COLOURINGS)}")
    if size not in SIZINGS:
        raise VizError(f"unknown size measure {size!r}; choose one of: {', '.join(SIZINGS)}")
    if depth < 0:
        raise VizError(f"the depth must be 0 or more, not {depth}")
    full = full_view(graph)
    whole = full if view == "full" else project(graph, view)
    undirected = _undirected(whole)
    networks, tiers = _memberships(full)
    context = _Context(whole, undirected, full, networks, tiers, seed)

    focus_id = focus_label = None
    shown_nodes = sorted(whole.nodes)
    if focus is not None:
        from .describe import NameIndex
        focus_id = str(NameIndex(graph).find(focus))
        if focus_id not in whole:
            label = full.nodes[focus_id]["label"] if focus_id in full else focus_id
            raise VizError(f"{label} is not in the {view} view ({_VIEW_DESCRIPTIONS[view]}); try --view full")
        focus_label = whole.nodes[focus_id]["label"]
        shown_nodes = sorted(nx.ego_graph(undirected, focus_id, radius=depth))
    shown = whole.subgraph(shown_nodes)

    metric = SIZINGS[size].measure(undirected)
    top = max((metric[n] for n in shown_nodes), default=0) or 1
    colours = COLOURINGS[colour].assign(context)
    programmes = _programmes(full)
    values = {n: round(100 * math.sqrt(max(metric[n], 0) / top), 1) for n in shown_nodes}
    sizes = {n: MIN_SIZE + (MAX_SIZE - MIN_SIZE) * values[n] / 100 for n in shown_nodes}
    positions = _layout(_undirected(shown), sizes, seed, focus_id)
    directed = view == "full"

    from pyvis.network import Network
    net = Network(directed=True)      # directed: pyvis then keeps every parallel relation (arrows set per edge)
    index: dict[str, set[str]] = defaultdict(set)
    names: set[str] = set()
    node_rows, used_sources = [], set()
    for node in shown_nodes:
        data = shown.nodes[node]
        ident = _curie(node)
        key, legend_label, fill = colours[node]
        identifiers = [("identifier", ident)]
        for label, attr in (("GSS code", "gss"), ("nation", "nation"), ("region", "region"), ("kind", "kind")):
            if data.get(attr):
                identifiers.append((label, data[attr]))
        for label, prop in (("local authority code", CG.localAuthorityCode), ("org-id", CG.orgId)):
            value = graph.value(URIRef(node), prop)
            if value is not None:
                identifiers.append((label, str(value)))
        aliases = [a for a in data.get("aliases", []) if a != data["label"]]
        evidence = _evidence(graph, node)
        used_sources.update(data.get("sources", []))
        lines = [["type", TYPE_STYLE.get(data["type"], (data["type"],))[0]], *map(list, identifiers)]
        if aliases:
            lines.append(["also called", "; ".join(aliases)])
        if data.get("description"):
            lines.append(["description", _short(data["description"], 240)])
        lines.append([SIZINGS[size].name, f"{metric[node]:.4g}"])
        for name in {data["label"], *aliases, ident, *(v for k, v in identifiers if k in
                                                            ("GSS code", "local authority code", "org-id"))}:
            index[_normalise(name)].add(ident)
        names.update([data["label"], *aliases])
        x, y = positions[node]
        net.add_node(
            ident, label=_short(data["label"], 36), x=x, y=y, value=values[node],
            color={"background": fill, "border": _darker(fill),
                   "highlight": {"background": fill, "border": "#000000"},
                   "hover": {"background": fill, "border": "#000000"}},
            borderWidth=3 if node == focus_id else 1,
            cg={"type": data["type"], "category": key,
                "networks": sorted(_curie(n) for n in networks.get(node, ())),
                "tiers": sorted(tiers.get(node) or [NOT_A_MEMBER]),
                "programmes": sorted(_curie(p) for p in programmes.get(node, ())),
                "tip": {"title": data["label"], "lines": lines, "evidence": evidence[:3],
                        "more": max(len(evidence) - 3, 0)}},
        )
        node_rows.append({"id": ident, "label": data["label"], "type": lines[0][1], "category": legend_label,
                          "identifiers": "; ".join(f"{k}: {v}" for k, v in identifiers), "aliases": "; ".join(aliases),
                          "sources": ", ".join(data.get("sources", []))})

    edge_rows = []
    pair_count: Counter = Counter()
    edge_list = sorted(shown.edges(keys=True, data=True) if shown.is_multigraph()
                       else ((a, b, None, d) for a, b, d in shown.edges(data=True)),
                       key=lambda e: (e[0], e[1], str(e[2])))
    widest = max((d.get("weight", 1) for *_, d in edge_list), default=1)
    for a, b, key, data in edge_list:
        source, target = (a, b) if directed else tuple(sorted((a, b)))
        pair = tuple(sorted((source, target)))
        nth = pair_count[pair]
        pair_count[pair] += 1
        ident = _curie(key) if key is not None else f"{_curie(source)}--{_curie(target)}"
        lines, evidence = [], data.get("evidence", [])
        if directed:
            verb = data["verb"]
            lines.append(["relation", data["relation"]])
            for label, attr in (("role", "role"), ("status", "status"), ("tier", "tier"), ("as at", "as_at"),
                                ("date", "date"), ("amount", "amount"), ("currency", "currency")):
                if data.get(attr):
                    lines.append([label, data[attr]])
            lines.append(["identifier", ident])
            arrows = "to" if data["relation"] not in UNDIRECTED_RELATIONS else {"to": {"enabled": False}}
            category = data["relation"]
        elif view == "councils":
            verb = "shares ties with"
            shared = data.get("shared", [])
            lines.append([f"shared ({len(shared)})", "; ".join(shared[:12]) +
                          (f"; and {len(shared) - 12} more" if len(shared) > 12 else "")])
            arrows, category = {"to": {"enabled": False}}, "shares ties"
        else:
            verb = "is tied to"
            lines.append(["how", "; ".join(data.get("via", []))])
            arrows, category = {"to": {"enabled": False}}, "tie"
        used_sources.update(data.get("sources", []))
        used_sources.update(e["source"] for e in evidence)
        weight = data.get("weight", 1)
        options = {
            "id": ident, "arrows": arrows,
            "width": round(1 + 4 * weight / widest, 2) if view == "councils" else 1,
            "color": {"color": "#8a8a8a", "highlight": "#222222", "hover": "#444444",
                      "opacity": 0.35 if view == "councils" else 0.7},
            "cg": {"relation": category, "tip": {
                "title": f"{shown.nodes[source]['label']} — {verb} → {shown.nodes[target]['label']}",
                "lines": lines, "evidence": evidence[:3], "more": max(len(evidence) - 3, 0)}},
        }
        if nth:
            options["smooth"] = {"enabled": True, "type": "curvedCW" if nth % 2 else "curvedCCW",
                                 "roundness": round(0.15 * ((nth + 1) // 2), 2)}
        net.add_edge(_curie(source), _curie(target), **options)
        edge_rows.append({"id": ident, "from": shown.nodes[source]["label"], "verb": verb,
                          "to": shown.nodes[target]["label"],
                          "details": "; ".join(f"{k}: {v}" for k, v in lines if k not in ("identifier",)),
                          "evidence": evidence})

    net.options = _vis_options(len(shown_nodes), seed)
    vis_nodes, vis_edges, _, _, _, _ = net.get_network_data()

    legend_counts = Counter(colours[n][:3] for n in shown_nodes)
    legend = [{"key": k, "label": label, "colour": c, "count": legend_counts[(k, label, c)]}
              for (k, label, c) in sorted(legend_counts, key=lambda e: _legend_order(colour, e))]
    filters = _filters(shown, shown_nodes, networks, tiers, programmes, full)
    title = f"councilgraph · {view} view" + (f" around {focus_label}" if focus_label else "")
    command = " ".join(["councilgraph viz", f"--view {view}"]
                       + ([f"--focus {_curie(focus_id)} --depth {depth}"] if focus_id else [])
                       + [f"--colour {colour}", f"--size {size}"])
    return NetworkPage(
        title=title, view=view, view_description=_VIEW_DESCRIPTIONS[view], colour=colour,
        colour_description=COLOURINGS[colour].description, size=size, size_description=SIZINGS[size].description,
        focus=_curie(focus_id) if focus_id else None, focus_label=focus_label,
        depth=depth if focus_id else None, command=command,
        view_nodes=whole.number_of_nodes(), view_edges=whole.number_of_edges(),
        physics_allowed=len(shown_nodes) <= PHYSICS_NODE_LIMIT,
        nodes=vis_nodes, edges=vis_edges, options=net.options, legend=legend, filters=filters,
        index={k: sorted(v) for k, v in sorted(index.items()) if k},
        names=sorted(names, key=lambda name: (name.casefold(), name)),
        node_rows=sorted(node_rows, key=lambda r: (r["label"].casefold(), r["label"], r["id"])),
        edge_rows=sorted(edge_rows, key=lambda r: (r["from"].casefold(), r["verb"], r["to"].casefold(), r["id"])),
        sources=_sources(graph, used_sources),
    )


def _legend_order(colour: str, entry: tuple) -> tuple:
    key = entry[0]
    if colour == "type":
        order = list(TYPE_STYLE)
        return (order.index(key) if key in order else len(order), key)
    return (key,)


def _filters(shown, nodes, networks, tiers, programmes, full) -> dict[str, list[dict]]:
    types = Counter(shown.nodes[n]["type"] for n in nodes)
    order = list(TYPE_STYLE)
    type_rows = [{"key": t, "label": TYPE_STYLE.get(t, (t,))[0], "count": types[t]}
                 for t in sorted(types, key=lambda t: (order.index(t) if t in order else len(order), t))]

    def grouped(membership: dict[str, set[str]]) -> list[dict]:
        counts = Counter(m for n in nodes for m in membership.get(n, ()))
        rows = [{"key": _curie(m), "label": full.nodes[m]["label"], "count": c} for m, c in counts.items()
                if c > (1 if m in nodes else 0)]
        return sorted(rows, key=lambda r: (r["label"].casefold(), r["key"]))

    tier_counts = Counter(t for n in nodes for t in (tiers.get(n) or {NOT_A_MEMBER}))
    tier_order = ["Full", "Associate", "Affiliate"]
    tier_rows = [{"key": t, "label": t, "count": c} for t, c in sorted(
        tier_counts.items(), key=lambda e: (tier_order.index(e[0]) if e[0] in tier_order else
                                            (5 if e[0] == NOT_A_MEMBER else 4), e[0]))]
    return {"types": type_rows, "networks": grouped(networks), "programmes": grouped(programmes),
            "tiers": tier_rows}


def _vis_options(count: int, seed: int) -> dict:
    big = count > 150
    return {
        "autoResize": True,
        "layout": {"randomSeed": seed, "improvedLayout": False},
        "nodes": {"shape": "dot", "borderWidth": 1,
                  "font": {"face": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
                           "color": "#1b1b1b", "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "scaling": {"min": MIN_SIZE, "max": MAX_SIZE,
                              "label": {"enabled": True, "min": 12 if big else 16, "max": 70 if big else 28,
                                        "maxVisible": 24, "drawThreshold": 9 if big else 6}}},
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 0.5,
                  "arrows": {"to": {"scaleFactor": 0.45}}},
        # the layout is computed beforehand; physics is off, and a reader may switch it on in views of up to
        # PHYSICS_NODE_LIMIT nodes (the page's "let the nodes move" box)
        "physics": {"enabled": False, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -2500, "centralGravity": 0.05, "springLength": 120,
                                  "springConstant": 0.02, "damping": 0.6, "avoidOverlap": 0.5},
                    "stabilization": {"enabled": False}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": count > PHYSICS_NODE_LIMIT,
                        "navigationButtons": False, "keyboard": False, "multiselect": False},
    }


# -------------------------------------------------------------------------------------------- rendering

# vis-network's script and stylesheet, vendored byte for byte from pyvis 0.3.2 with their licence (README there)
VIS_NETWORK = ASSETS / "vendor" / "vis-network-9.1.2"


def _vis_asset(name: str) -> str:
    path = VIS_NETWORK / name
    text = path.read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise VizError(f"{path} cannot be inlined: it contains a closing script or style tag")
    return text


def inlined_libraries() -> list[str]:
    """The third-party code the page inlines verbatim (vis-network's script and stylesheet)."""
    return [_vis_asset("vis-network.min.js"), _vis_asset("vis-network.css")]


def _script_json(value) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' and no line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def render_html(page: NetworkPage) -> str:
    """The page as one HTML document with everything inlined."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    env = Environment(loader=FileSystemLoader(str(ASSETS)), autoescape=select_autoescape(default=True),
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    data = {"nodes": page.nodes, "edges": page.edges, "options": page.options, "index": page.index,
            "typeLabels": {k: v[0] for k, v in TYPE_STYLE.items()},
            "notMember": NOT_A_MEMBER}
    return env.get_template("network.html").render(
        page=page, data_json=_script_json(data), vis_js=_vis_asset("vis-network.min.js"),
        vis_css=_vis_asset("vis-network.css"), page_js=(ASSETS / "network.js").read_text(encoding="utf-8"),
        page_css=(ASSETS / "network.css").read_text(encoding="utf-8"),
    )


def write_network_html(graph: Graph, path: Path, **options) -> NetworkPage:
    """Render the page for `graph` (options as for network_page) and write it to `path` atomically.

    `path` is checked first (graph.export.check_writable: a folder that takes a new file, and nothing
    there but a regular file to replace), so a bad target fails before the layout is computed.
    """
    from .export import check_writable, write_atomic
    check_writable(Path(path))
    page = network_page(graph, **options)
    write_atomic(Path(path), render_html(page).encode("utf-8"))
    return page
