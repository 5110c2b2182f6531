"""The interactive network page: one view of the graph as a single, self-contained HTML file.

`network_page(graph, view, focus, depth, colour, size)` turns a projection view (graph.network.projection) into
plain data: vis-network nodes and edges (held and emitted by a pyvis Network), the legend, the filter
choices, the name index for the search box, the rows of the accessible tables and the sources.
graph.viz.render turns it into HTML with the template in graph/viz/assets/ and writes it atomically;
graph.viz.layout places the nodes; graph.viz.style holds the colourings and sizings, registries
(COLOURINGS, SIZINGS) with one entry per choice.

The page:
- works offline: vis-network's script and stylesheet, vendored in assets/vendor/ (the copies pyvis 0.3.2
  ships), are inlined.
  pyvis's own template is not used, because every one of its modes loads something from a CDN (Bootstrap
  always, vis itself in `local` and `remote` modes); pyvis holds the nodes, edges and options and the page
  is rendered from graph/viz/assets/ with no external reference;
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

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from ..errors import VizError
from ..ingest.councils import normalise_name
from ..model.namespaces import CG, prefixed_name
from ..query.names import NameIndex
from .layout import PHYSICS_NODE_LIMIT, layout, undirected_view
from .style import COLOURINGS, NO_TIER, NOT_A_MEMBER, SIZINGS, TYPE_STYLE, ColourContext, darker, filters, legend_order

__all__ = ["NetworkPage", "VIEW_NAMES", "DEFAULT_FILE", "SEED", "PHYSICS_NODE_LIMIT", "network_page"]

DEFAULT_FILE = "network.html"
SEED = 42
MIN_SIZE, MAX_SIZE = 7.0, 36.0  # node radius range (pixels at zoom 1)
VIEW_NAMES = ("full", "councils", "bipartite")
UNDIRECTED_RELATIONS = frozenset({"Partnership", "OtherRelation"})  # "partner of", "related to"


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
    focus: str | None  # the focused entity's prefixed name
    focus_label: str | None
    depth: int | None
    command: str  # the command that makes this page
    view_nodes: int  # nodes and edges in the whole view, before any focus
    view_edges: int
    physics_allowed: bool  # whether the reader may switch physics on (small views only)
    nodes: list[dict]  # vis-network nodes, as emitted by pyvis
    edges: list[dict]
    options: dict
    legend: list[dict]  # {key, label, colour, count}
    filters: dict[str, list[dict]]  # types / networks / programmes / tiers -> {key, label, count}
    index: dict[str, list[str]]  # normalised name -> node ids, for the search box
    names: list[str]  # every label and alias, for the search box's suggestions
    node_rows: list[dict]
    edge_rows: list[dict]
    sources: list[dict] = field(default_factory=list)


_VIEW_DESCRIPTIONS = {
    "full": "every entity and every relation",
    "councils": "councils, linked where they share programmes, networks, partners or funders",
    "bipartite": "councils and the organisations, programmes, networks, events and funds they are tied to",
}


# -------------------------------------------------------------------------------------------------- page


def network_page(
    graph: Graph,
    view: str = "full",
    focus: str | None = None,
    depth: int = 1,
    colour: str = "type",
    size: str = "degree",
    seed: int = SEED,
) -> NetworkPage:
    """The page's data for `view`, optionally only the entities within `depth` steps of `focus`."""
    from ..network.projection import full_view, project

    _check_choices(view, colour, size, depth)
    full = full_view(graph)
    whole = full if view == "full" else project(graph, view)
    undirected = undirected_view(whole)
    networks, tiers = _memberships(full)
    focus_id, focus_label, shown_nodes = _focus(graph, full, whole, undirected, view, focus, depth)
    scene = _Scene(
        graph, view, whole.subgraph(shown_nodes), shown_nodes, size, focus_id, networks, tiers, _programmes(full)
    )
    scene.metric = SIZINGS[size].measure(undirected)
    scene.colours = COLOURINGS[colour].assign(ColourContext(whole, undirected, full, networks, tiers, seed))
    top = max((scene.metric[n] for n in shown_nodes), default=0) or 1
    scene.values = {n: round(100 * math.sqrt(max(scene.metric[n], 0) / top), 1) for n in shown_nodes}
    sizes = {n: MIN_SIZE + (MAX_SIZE - MIN_SIZE) * scene.values[n] / 100 for n in shown_nodes}
    scene.positions = layout(undirected_view(scene.shown), sizes, seed, focus_id)

    from pyvis.network import Network

    net = Network(directed=True)  # directed: pyvis then keeps every parallel relation (arrows set per edge)
    node_rows = [_add_node(net, scene, node) for node in shown_nodes]
    edge_rows = _add_edges(net, scene)
    net.options = _vis_options(len(shown_nodes), seed)
    vis_nodes, vis_edges, _, _, _, _ = net.get_network_data()

    legend_counts = Counter(scene.colours[n][:3] for n in shown_nodes)
    legend = [
        {"key": k, "label": label, "colour": c, "count": legend_counts[(k, label, c)]}
        for (k, label, c) in sorted(legend_counts, key=lambda e: legend_order(colour, e))
    ]
    title = f"councilgraph · {view} view" + (f" around {focus_label}" if focus_label else "")
    command = " ".join(
        ["councilgraph viz", f"--view {view}"]
        + ([f"--focus {prefixed_name(focus_id)} --depth {depth}"] if focus_id else [])
        + [f"--colour {colour}", f"--size {size}"]
    )
    return NetworkPage(
        title=title,
        view=view,
        view_description=_VIEW_DESCRIPTIONS[view],
        colour=colour,
        colour_description=COLOURINGS[colour].description,
        size=size,
        size_description=SIZINGS[size].description,
        focus=prefixed_name(focus_id) if focus_id else None,
        focus_label=focus_label,
        depth=depth if focus_id else None,
        command=command,
        view_nodes=whole.number_of_nodes(),
        view_edges=whole.number_of_edges(),
        physics_allowed=len(shown_nodes) <= PHYSICS_NODE_LIMIT,
        nodes=vis_nodes,
        edges=vis_edges,
        options=net.options,
        legend=legend,
        filters=filters(scene.shown, shown_nodes, networks, tiers, scene.programmes, full),
        index={k: sorted(v) for k, v in sorted(scene.index.items()) if k},
        names=sorted(scene.names, key=lambda name: (name.casefold(), name)),
        node_rows=sorted(node_rows, key=lambda r: (r["label"].casefold(), r["label"], r["id"])),
        edge_rows=sorted(edge_rows, key=lambda r: (r["from"].casefold(), r["verb"], r["to"].casefold(), r["id"])),
        sources=_sources(graph, scene.used_sources),
    )


def _check_choices(view: str, colour: str, size: str, depth: int) -> None:
    if view not in VIEW_NAMES:
        raise VizError(f"unknown view {view!r}; views: {', '.join(VIEW_NAMES)}")
    if colour not in COLOURINGS:
        raise VizError(f"unknown colouring {colour!r}; choose one of: {', '.join(COLOURINGS)}")
    if size not in SIZINGS:
        raise VizError(f"unknown size measure {size!r}; choose one of: {', '.join(SIZINGS)}")
    if depth < 0:
        raise VizError(f"the depth must be 0 or more, not {depth}")


def _focus(
    graph: Graph, full, whole, undirected, view: str, focus: str | None, depth: int
) -> tuple[str | None, str | None, list[str]]:
    """The focused entity's IRI and label, and the nodes to show: all of the view, or those within
    `depth` steps of the focus."""
    if focus is None:
        return None, None, sorted(whole.nodes)
    import networkx as nx

    focus_id = str(NameIndex(graph).find(focus))
    if focus_id not in whole:
        label = full.nodes[focus_id]["label"] if focus_id in full else focus_id
        raise VizError(f"{label} is not in the {view} view ({_VIEW_DESCRIPTIONS[view]}); try --view full")
    return focus_id, whole.nodes[focus_id]["label"], sorted(nx.ego_graph(undirected, focus_id, radius=depth))


@dataclass
class _Scene:
    """What the node and edge steps share while the page is made, and what they gather for it."""

    graph: Graph
    view: str
    shown: object  # the view's subgraph on the nodes shown
    shown_nodes: list[str]
    size: str
    focus_id: str | None
    networks: dict[str, set[str]]
    tiers: dict[str, list[str]]
    programmes: dict[str, set[str]]
    metric: dict = field(default_factory=dict)
    colours: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    positions: dict = field(default_factory=dict)
    index: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    names: set[str] = field(default_factory=set)
    used_sources: set[str] = field(default_factory=set)


def _identifiers(graph: Graph, node: str, data: dict, ident: str) -> list[tuple[str, str]]:
    identifiers = [("identifier", ident)]
    for label, attr in (("GSS code", "gss"), ("nation", "nation"), ("region", "region"), ("kind", "kind")):
        if data.get(attr):
            identifiers.append((label, data[attr]))
    for label, prop in (("local authority code", CG.localAuthorityCode), ("org-id", CG.orgId)):
        value = graph.value(URIRef(node), prop)
        if value is not None:
            identifiers.append((label, str(value)))
    return identifiers


def _add_node(net, scene: _Scene, node: str) -> dict:
    """Add `node` to the pyvis network, index its names for the search box; its row for the node table."""
    data = scene.shown.nodes[node]
    ident = prefixed_name(node)
    key, legend_label, fill = scene.colours[node]
    identifiers = _identifiers(scene.graph, node, data, ident)
    aliases = [a for a in data.get("aliases", []) if a != data["label"]]
    evidence = _evidence(scene.graph, node)
    scene.used_sources.update(data.get("sources", []))
    lines = [["type", TYPE_STYLE.get(data["type"], (data["type"],))[0]], *map(list, identifiers)]
    if aliases:
        lines.append(["also called", "; ".join(aliases)])
    if data.get("description"):
        lines.append(["description", _short(data["description"], 240)])
    lines.append([SIZINGS[scene.size].name, f"{scene.metric[node]:.4g}"])
    for name in {
        data["label"],
        *aliases,
        ident,
        *(v for k, v in identifiers if k in ("GSS code", "local authority code", "org-id")),
    }:
        scene.index[normalise_name(name)].add(ident)
    scene.names.update([data["label"], *aliases])
    x, y = scene.positions[node]
    net.add_node(
        ident,
        label=_short(data["label"], 36),
        x=x,
        y=y,
        value=scene.values[node],
        color={
            "background": fill,
            "border": darker(fill),
            "highlight": {"background": fill, "border": "#000000"},
            "hover": {"background": fill, "border": "#000000"},
        },
        borderWidth=3 if node == scene.focus_id else 1,
        cg={
            "type": data["type"],
            "category": key,
            "networks": sorted(prefixed_name(n) for n in scene.networks.get(node, ())),
            "tiers": sorted(scene.tiers.get(node) or [NOT_A_MEMBER]),
            "programmes": sorted(prefixed_name(p) for p in scene.programmes.get(node, ())),
            "tip": {
                "title": data["label"],
                "lines": lines,
                "evidence": evidence[:3],
                "more": max(len(evidence) - 3, 0),
            },
        },
    )
    return {
        "id": ident,
        "label": data["label"],
        "type": lines[0][1],
        "category": legend_label,
        "identifiers": "; ".join(f"{k}: {v}" for k, v in identifiers),
        "aliases": "; ".join(aliases),
        "sources": ", ".join(data.get("sources", [])),
    }


def _add_edges(net, scene: _Scene) -> list[dict]:
    """Add every edge shown to the pyvis network (parallel ones curved apart); their rows for the table."""
    shown, directed = scene.shown, scene.view == "full"
    edge_rows = []
    pair_count: Counter = Counter()
    edge_list = sorted(
        shown.edges(keys=True, data=True)
        if shown.is_multigraph()
        else ((a, b, None, d) for a, b, d in shown.edges(data=True)),
        key=lambda e: (e[0], e[1], str(e[2])),
    )
    widest = max((d.get("weight", 1) for *_, d in edge_list), default=1)
    for a, b, key, data in edge_list:
        source, target = (a, b) if directed else tuple(sorted((a, b)))
        pair = tuple(sorted((source, target)))
        nth = pair_count[pair]
        pair_count[pair] += 1
        ident = prefixed_name(key) if key is not None else f"{prefixed_name(source)}--{prefixed_name(target)}"
        verb, lines, arrows, category = _edge_tip(data, scene.view, ident)
        evidence = data.get("evidence", [])
        scene.used_sources.update(data.get("sources", []))
        scene.used_sources.update(e["source"] for e in evidence)
        options = _edge_options(
            ident,
            arrows,
            category,
            (data.get("weight", 1), widest),
            scene.view,
            nth,
            {
                "title": f"{shown.nodes[source]['label']} — {verb} → {shown.nodes[target]['label']}",
                "lines": lines,
                "evidence": evidence[:3],
                "more": max(len(evidence) - 3, 0),
            },
        )
        net.add_edge(prefixed_name(source), prefixed_name(target), **options)
        edge_rows.append(
            {
                "id": ident,
                "from": shown.nodes[source]["label"],
                "verb": verb,
                "to": shown.nodes[target]["label"],
                "details": "; ".join(f"{k}: {v}" for k, v in lines if k not in ("identifier",)),
                "evidence": evidence,
            }
        )
    return edge_rows


def _edge_tip(data: dict, view: str, ident: str) -> tuple[str, list, object, str]:
    """An edge's verb, tooltip lines, arrows and filter category, by view."""
    lines = []
    if view == "full":
        lines.append(["relation", data["relation"]])
        for label, attr in (
            ("role", "role"),
            ("status", "status"),
            ("tier", "tier"),
            ("as at", "as_at"),
            ("date", "date"),
            ("amount", "amount"),
            ("currency", "currency"),
        ):
            if data.get(attr):
                lines.append([label, data[attr]])
        lines.append(["identifier", ident])
        arrows = "to" if data["relation"] not in UNDIRECTED_RELATIONS else {"to": {"enabled": False}}
        return data["verb"], lines, arrows, data["relation"]
    if view == "councils":
        shared = data.get("shared", [])
        lines.append(
            [
                f"shared ({len(shared)})",
                "; ".join(shared[:12]) + (f"; and {len(shared) - 12} more" if len(shared) > 12 else ""),
            ]
        )
        return "shares ties with", lines, {"to": {"enabled": False}}, "shares ties"
    lines.append(["how", "; ".join(data.get("via", []))])
    return "is tied to", lines, {"to": {"enabled": False}}, "tie"


def _edge_options(ident: str, arrows, category: str, weighing: tuple, view: str, nth: int, tip: dict) -> dict:
    weight, widest = weighing
    options = {
        "id": ident,
        "arrows": arrows,
        "width": round(1 + 4 * weight / widest, 2) if view == "councils" else 1,
        "color": {
            "color": "#8a8a8a",
            "highlight": "#222222",
            "hover": "#444444",
            "opacity": 0.35 if view == "councils" else 0.7,
        },
        "cg": {"relation": category, "tip": tip},
    }
    if nth:
        options["smooth"] = {
            "enabled": True,
            "type": "curvedCW" if nth % 2 else "curvedCCW",
            "roundness": round(0.15 * ((nth + 1) // 2), 2),
        }
    return options


# ----------------------------------------------------------------------------------------------- helpers


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
            own = sorted(
                {t for member in networks for t in tiers.get(member, ()) if node in networks[member] and member != node}
            )
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
        quotes.append(
            {"source": str(graph.value(source, DCTERMS.identifier) or source), "quote": str(graph.value(ev, CG.quote))}
        )
    return sorted(quotes, key=lambda e: (e["source"], e["quote"]))


def _sources(graph: Graph, used: set[str]) -> list[dict]:
    found = []
    for doc in graph.subjects(RDF.type, CG.SourceDocument):
        ident = str(graph.value(doc, DCTERMS.identifier) or doc)
        if ident in used:
            found.append(
                {
                    "id": ident,
                    "title": str(graph.value(doc, DCTERMS.title) or ident),
                    "publisher": str(graph.value(doc, DCTERMS.publisher) or ""),
                    "date": str(graph.value(doc, DCTERMS.date) or ""),
                }
            )
    return sorted(found, key=lambda s: (s["date"], s["id"]))


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _vis_options(count: int, seed: int) -> dict:
    big = count > 150
    return {
        "autoResize": True,
        "layout": {"randomSeed": seed, "improvedLayout": False},
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {
                "face": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
                "color": "#1b1b1b",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
            "scaling": {
                "min": MIN_SIZE,
                "max": MAX_SIZE,
                "label": {
                    "enabled": True,
                    "min": 12 if big else 16,
                    "max": 70 if big else 28,
                    "maxVisible": 24,
                    "drawThreshold": 9 if big else 6,
                },
            },
        },
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 0.5, "arrows": {"to": {"scaleFactor": 0.45}}},
        # the layout is computed beforehand; physics is off, and a reader may switch it on in views of up to
        # PHYSICS_NODE_LIMIT nodes (the page's "let the nodes move" box)
        "physics": {
            "enabled": False,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -2500,
                "centralGravity": 0.05,
                "springLength": 120,
                "springConstant": 0.02,
                "damping": 0.6,
                "avoidOverlap": 0.5,
            },
            "stabilization": {"enabled": False},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": count > PHYSICS_NODE_LIMIT,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
    }
