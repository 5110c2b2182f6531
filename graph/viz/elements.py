"""The page's nodes and edges: each entity and relation shown, added to the pyvis network as a vis-network
item (position, size, colour, arrows, the data the filters and the tooltip read), with its row for the
accessible tables; the node step also indexes the entity's names for the search box."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..ingest.councils import normalise_name
from ..model.namespaces import prefixed_name
from ..query.facts import Facts
from .style import NOT_A_MEMBER, SIZINGS, darker
from .tooltips import edge_text, evidence, identifiers, node_lines, short, tip

if TYPE_CHECKING:
    import networkx as nx
    from pyvis.network import Network

__all__ = ["Scene", "add_node", "add_edges"]

UNDIRECTED_RELATIONS = frozenset({"Partnership", "OtherRelation"})  # "partner of", "related to"
_SEARCHABLE = ("GSS code", "local authority code", "org-id")  # identifiers the search box finds an entity by


@dataclass
class Scene:
    """What the node and edge steps share while the page is made, and what they gather for it."""

    graph: Facts
    view: str
    shown: nx.Graph  # the view's subgraph on the nodes shown
    shown_nodes: list[str]
    size: str
    focus_id: str | None
    networks: dict[str, set[str]]
    tiers: dict[str, list[str]]
    programmes: dict[str, set[str]]
    metric: dict[str, float] = field(default_factory=dict)
    colours: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # node -> (key, legend label, colour)
    values: dict[str, float] = field(default_factory=dict)  # node -> its size, 0 to 100
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    index: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    names: set[str] = field(default_factory=set)
    used_sources: set[str] = field(default_factory=set)


def add_node(net: Network, scene: Scene, node: str) -> dict[str, str]:
    """Add `node` to the pyvis network, index its names for the search box; its row for the node table."""
    data = scene.shown.nodes[node]
    ident = prefixed_name(node)
    key, legend_label, fill = scene.colours[node]
    idents = identifiers(scene.graph, node, data, ident)
    aliases = [a for a in data.get("aliases", []) if a != data["label"]]
    scene.used_sources.update(data.get("sources", []))
    lines = node_lines(data, idents, aliases, (SIZINGS[scene.size].name, scene.metric[node]))
    _index_names(scene, ident, [data["label"], *aliases], [v for k, v in idents if k in _SEARCHABLE])
    x, y = scene.positions[node]
    _index_ids(net)
    net.add_node(
        ident,
        label=short(data["label"], 36),
        x=x,
        y=y,
        value=scene.values[node],
        color=_node_colour(fill),
        borderWidth=3 if node == scene.focus_id else 1,
        cg={
            "type": data["type"],
            "category": key,
            "networks": sorted(prefixed_name(n) for n in scene.networks.get(node, ())),
            "tiers": sorted(scene.tiers.get(node) or [NOT_A_MEMBER]),
            "programmes": sorted(prefixed_name(p) for p in scene.programmes.get(node, ())),
            "tip": tip(data["label"], lines, evidence(scene.graph, node)),
        },
    )
    return {
        "id": ident,
        "label": data["label"],
        "type": lines[0][1],
        "category": legend_label,
        "identifiers": "; ".join(f"{k}: {v}" for k, v in idents),
        "aliases": "; ".join(aliases),
        "sources": ", ".join(data.get("sources", [])),
    }


class _NodeIds(list):
    """pyvis's list of node ids with a set beside it. pyvis asks whether an id is in that list before it adds a
    node, and for both ends of every edge: a scan of the list each time, so a page of n nodes and m edges took
    time n·(n + m) (about a minute at 47,000 nodes); the set answers at once. The list itself is pyvis's."""

    def __init__(self, ids=()):
        super().__init__(ids)
        self._members = set(self)

    def append(self, node_id) -> None:
        super().append(node_id)
        self._members.add(node_id)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._members


def _index_ids(net: Network) -> None:
    if not isinstance(net.node_ids, _NodeIds):
        net.node_ids = _NodeIds(net.node_ids)


def _index_names(scene: Scene, ident: str, names: list[str], codes: list[str]) -> None:
    """Let the search box find `ident` by any of its names (which it also suggests) or codes."""
    for name in {*names, ident, *codes}:
        scene.index[normalise_name(name)].add(ident)
    scene.names.update(names)


def _node_colour(fill: str) -> dict[str, Any]:
    return {
        "background": fill,
        "border": darker(fill),
        "highlight": {"background": fill, "border": "#000000"},
        "hover": {"background": fill, "border": "#000000"},
    }


def add_edges(net: Network, scene: Scene) -> list[dict[str, Any]]:
    """Add every edge shown to the pyvis network (parallel ones curved apart); their rows for the table."""
    shown, directed = scene.shown, scene.view == "full"
    _index_ids(net)
    edge_rows = []
    pair_count: Counter[tuple[str, str]] = Counter()
    edge_list = _sorted_edges(shown)
    widest = max((d.get("weight", 1) for *_, d in edge_list), default=1)
    for a, b, key, data in edge_list:
        source, target = (a, b) if directed or a <= b else (b, a)
        pair = (source, target) if source <= target else (target, source)
        nth = pair_count[pair]
        pair_count[pair] += 1
        ident = prefixed_name(key) if key is not None else f"{prefixed_name(source)}--{prefixed_name(target)}"
        verb, lines = edge_text(data, scene.view, ident)
        quotes = data.get("evidence", [])
        scene.used_sources.update(data.get("sources", []))
        scene.used_sources.update(e["source"] for e in quotes)
        title = f"{shown.nodes[source]['label']} — {verb} → {shown.nodes[target]['label']}"
        options = _edge_options(ident, data, scene.view, (data.get("weight", 1), widest), nth)
        options["cg"]["tip"] = tip(title, lines, quotes)
        net.add_edge(prefixed_name(source), prefixed_name(target), **options)
        edge_rows.append(
            {
                "id": ident,
                "from": shown.nodes[source]["label"],
                "verb": verb,
                "to": shown.nodes[target]["label"],
                "details": "; ".join(f"{k}: {v}" for k, v in lines if k not in ("identifier",)),
                "evidence": quotes,
            }
        )
    return edge_rows


def _sorted_edges(shown: nx.Graph) -> list[tuple[str, str, str | None, dict[str, Any]]]:
    """(source, target, key, data) of every edge, sorted; the key (the relation's IRI) None in simple views."""
    edges = (
        shown.edges(keys=True, data=True)
        if shown.is_multigraph()
        else ((a, b, None, d) for a, b, d in shown.edges(data=True))
    )
    if not shown.is_directed():  # an undirected edge's ends come out in an order that hangs on the hash seed
        edges = ((a, b, k, d) if a <= b else (b, a, k, d) for a, b, k, d in edges)
    return sorted(edges, key=lambda e: (e[0], e[1], str(e[2])))


def _edge_kind(data: dict[str, Any], view: str) -> tuple[str | dict[str, Any], str]:
    """An edge's arrows and its category for the relation filter, by view."""
    if view == "full":
        arrows = "to" if data["relation"] not in UNDIRECTED_RELATIONS else {"to": {"enabled": False}}
        return arrows, data["relation"]
    return {"to": {"enabled": False}}, "shares ties" if view == "councils" else "tie"


def _edge_options(
    ident: str, data: dict[str, Any], view: str, weighing: tuple[float, float], nth: int
) -> dict[str, Any]:
    """The vis-network edge: arrows, width (by weight in the councils view), colour, its filter category, and
    a curve for the `nth` (from 0) of the edges between the same two nodes, so that parallel ones are apart."""
    arrows, category = _edge_kind(data, view)
    weight, widest = weighing
    options: dict[str, Any] = {
        "id": ident,
        "arrows": arrows,
        "width": round(1 + 4 * weight / widest, 2) if view == "councils" else 1,
        "color": {
            "color": "#8a8a8a",
            "highlight": "#222222",
            "hover": "#444444",
            "opacity": 0.35 if view == "councils" else 0.7,
        },
        "cg": {"relation": category},
    }
    if nth:
        options["smooth"] = {
            "enabled": True,
            "type": "curvedCW" if nth % 2 else "curvedCCW",
            "roundness": round(0.15 * ((nth + 1) // 2), 2),
        }
    return options
