"""The interactive network page: one view of the graph as a single, self-contained HTML file.

`network_page(graph, view, focus, depth, colour, size)` turns a projection view (graph.network.projection) into
plain data: vis-network nodes and edges (held and emitted by a pyvis Network), the legend, the filter
choices, the name index for the search box, the rows of the accessible tables and the sources. This module
assembles the page; the steps live beside it:
- graph.viz.groups: the networks, tiers and programmes each entity belongs to (filters, network colouring);
- graph.viz.layout places the nodes; graph.viz.style holds the colourings and sizings, registries
  (COLOURINGS, SIZINGS) with one entry per choice;
- graph.viz.elements adds each node and edge to the pyvis network, with its table row and search names;
  graph.viz.tooltips says what the tooltips (and the tables) say; graph.viz.options holds vis-network's options;
- graph.viz.render turns the page into HTML with the template in graph/viz/assets/ and writes it atomically.

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
import weakref
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF

from ..errors import VizError
from ..model.namespaces import CG, prefixed_name
from ..query.facts import Facts, facts_of
from .elements import Scene, add_edges, add_node
from .groups import memberships, programmes
from .layout import PHYSICS_NODE_LIMIT, layout, undirected_view
from .options import MAX_SIZE, MIN_SIZE, vis_options
from .style import COLOURINGS, SIZINGS, ColourContext, filters, legend_order

if TYPE_CHECKING:
    import networkx as nx
    from pyvis.network import Network

__all__ = ["NetworkPage", "VIEW_NAMES", "DEFAULT_FILE", "SEED", "PHYSICS_NODE_LIMIT", "network_page"]

DEFAULT_FILE = "network.html"
SEED = 42
VIEW_NAMES = ("full", "councils", "bipartite")


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
    nodes: list[dict[str, Any]]  # vis-network nodes, as emitted by pyvis
    edges: list[dict[str, Any]]
    options: dict[str, Any]
    legend: list[dict[str, Any]]  # {key, label, colour, count}
    filters: dict[str, list[dict[str, Any]]]  # types / networks / programmes / tiers -> {key, label, count}
    index: dict[str, list[str]]  # normalised name -> node ids, for the search box
    names: list[str]  # every label and alias, for the search box's suggestions
    node_rows: list[dict[str, str]]
    edge_rows: list[dict[str, Any]]
    sources: list[dict[str, str]] = field(default_factory=list)


_VIEW_DESCRIPTIONS = {
    "full": "every entity and every relation",
    "councils": "councils, linked where they share programmes, networks, partners or funders",
    "bipartite": "councils and the organisations, programmes, networks, events and funds they are tied to",
}


class _Views(NamedTuple):
    full: nx.MultiDiGraph  # every entity and relation (memberships and programmes are read from it)
    whole: nx.Graph  # the view drawn, before any focus
    undirected: nx.Graph  # its undirected simple form (sizes, communities, the focus's neighbourhood)


def network_page(
    graph: Graph | Facts,
    view: str = "full",
    focus: str | None = None,
    depth: int = 1,
    colour: str = "type",
    size: str = "degree",
    seed: int = SEED,
) -> NetworkPage:
    """The page's data for `view`, optionally only the entities within `depth` steps of `focus`; `graph`
    is an rdflib graph or the project's store (graph.query.facts)."""
    _check_choices(view, colour, size, depth)
    graph = facts_of(graph)
    views = _views(graph, view)
    focus_id, focus_label, shown_nodes = _focus(graph, views, view, focus, depth)
    networks, tiers = memberships(views.full)
    shown = views.whole.subgraph(shown_nodes)
    scene = Scene(graph, view, shown, shown_nodes, size, focus_id, networks, tiers, programmes(views.full))
    _measure_and_place(scene, views, colour, seed)
    net, node_rows, edge_rows = _vis_network(scene, seed)
    vis_nodes, vis_edges, _, _, _, _ = net.get_network_data()
    return NetworkPage(
        title=f"councilgraph · {view} view" + (f" around {focus_label}" if focus_label else ""),
        view=view,
        view_description=_VIEW_DESCRIPTIONS[view],
        colour=colour,
        colour_description=COLOURINGS[colour].description,
        size=size,
        size_description=SIZINGS[size].description,
        focus=prefixed_name(focus_id) if focus_id else None,
        focus_label=focus_label,
        depth=depth if focus_id else None,
        command=_command(view, focus_id, depth, colour, size),
        view_nodes=views.whole.number_of_nodes(),
        view_edges=views.whole.number_of_edges(),
        physics_allowed=len(shown_nodes) <= PHYSICS_NODE_LIMIT,
        nodes=vis_nodes,
        edges=vis_edges,
        options=net.options,
        legend=_legend(scene, colour),
        filters=filters(shown, shown_nodes, networks, tiers, scene.programmes, views.full),
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


# the views already made of a graph (Facts), kept while it lives: a server or a static site draws the network
# around many entities of one graph, and each drawing reads its views only (the graphs are never changed)
_MADE: weakref.WeakKeyDictionary[Facts, dict[str, _Views]] = weakref.WeakKeyDictionary()


def _views(graph: Facts, view: str) -> _Views:
    from ..network.projection import full_view, project

    made = _MADE.setdefault(graph, {})
    if view not in made:
        full = full_view(graph)
        whole = full if view == "full" else project(graph, view)
        made[view] = _Views(full, whole, undirected_view(whole))
    return made[view]


def _focus(
    graph: Facts, views: _Views, view: str, focus: str | None, depth: int
) -> tuple[str | None, str | None, list[str]]:
    """The focused entity's IRI and label, and the nodes to show: all of the view, or those within
    `depth` steps of the focus."""
    if focus is None:
        return None, None, sorted(views.whole.nodes)
    import networkx as nx

    focus_id = str(graph.find(focus))
    if focus_id not in views.whole:
        label = views.full.nodes[focus_id]["label"] if focus_id in views.full else focus_id
        raise VizError(f"{label} is not in the {view} view ({_VIEW_DESCRIPTIONS[view]}); try --view full")
    nearby = nx.ego_graph(views.undirected, focus_id, radius=depth)
    return focus_id, views.whole.nodes[focus_id]["label"], sorted(nearby)


def _measure_and_place(scene: Scene, views: _Views, colour: str, seed: int) -> None:
    """Each shown node's measure (on the whole view), colour, size (0 to 100, by the square root of its
    measure, so that area follows it) and position."""
    scene.metric = SIZINGS[scene.size].measure(views.undirected)
    context = ColourContext(views.whole, views.undirected, views.full, scene.networks, scene.tiers, seed)
    scene.colours = COLOURINGS[colour].assign(context)
    top = max((scene.metric[n] for n in scene.shown_nodes), default=0) or 1
    scene.values = {n: round(100 * math.sqrt(max(scene.metric[n], 0) / top), 1) for n in scene.shown_nodes}
    sizes = {n: MIN_SIZE + (MAX_SIZE - MIN_SIZE) * scene.values[n] / 100 for n in scene.shown_nodes}
    scene.positions = layout(undirected_view(scene.shown), sizes, seed, scene.focus_id)


def _vis_network(scene: Scene, seed: int) -> tuple[Network, list[dict[str, str]], list[dict[str, Any]]]:
    """The pyvis network holding the vis-network nodes, edges and options; the rows of the node and edge tables."""
    from pyvis.network import Network

    net = Network(directed=True)  # directed: pyvis then keeps every parallel relation (arrows set per edge)
    node_rows = [add_node(net, scene, node) for node in scene.shown_nodes]
    edge_rows = add_edges(net, scene)
    net.options = vis_options(len(scene.shown_nodes), seed, scene.shown.number_of_edges())
    return net, node_rows, edge_rows


def _legend(scene: Scene, colour: str) -> list[dict[str, Any]]:
    counts = Counter(scene.colours[n][:3] for n in scene.shown_nodes)
    return [
        {"key": k, "label": label, "colour": c, "count": counts[(k, label, c)]}
        for (k, label, c) in sorted(counts, key=lambda e: legend_order(colour, e))
    ]


def _command(view: str, focus_id: str | None, depth: int, colour: str, size: str) -> str:
    """The command that makes this page."""
    return " ".join(
        ["councilgraph viz", f"--view {view}"]
        + ([f"--focus {prefixed_name(focus_id)} --depth {depth}"] if focus_id else [])
        + [f"--colour {colour}", f"--size {size}"]
    )


def _sources(graph: Facts, used: set[str]) -> list[dict[str, str]]:
    """The source documents the page cites (their ids in `used`), oldest first."""
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
