"""How the page looks: the colour of each entity type, the colourings and sizings a reader may choose
(registries: one entry per choice), the legend's order and the filter choices."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..choices import COLOURINGS as COLOURING_NAMES
from ..choices import SIZINGS as SIZING_NAMES
from ..choices import registry
from ..model.namespaces import prefixed_name
from ..model.vocabulary import ENTITY_TYPES_BY_CLASS, TIERS

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "TYPE_STYLE",
    "OTHER_COLOUR",
    "PALETTE",
    "MIN_COMMUNITY",
    "NO_TIER",
    "NOT_A_MEMBER",
    "Colouring",
    "Sizing",
    "ColourContext",
    "COLOURINGS",
    "SIZINGS",
    "legend_order",
    "filters",
    "darker",
]

NO_TIER = "tier not stated"
NOT_A_MEMBER = "not a network member"

_TYPE_COLOURS = {  # node type -> colour; in this order in the legend and the type filter
    "Council": "#1f77b4",
    "LocalCouncil": "#9ecae1",
    "Network": "#6a3d9a",
    "Programme": "#d62728",
    "ProgrammePhase": "#ff9896",
    "Initiative": "#2ca02c",
    "Organisation": "#ff7f0e",
    "Fund": "#bcbd22",
    "Award": "#e6ab02",
    "Event": "#8c564b",
    "Policy": "#e377c2",
    "Place": "#17becf",
    "Person": "#7f7f7f",
    "Publication": "#c7c7c7",
}


def _legend_label(node_type: str) -> str:
    """The entity type's name (graph.model.vocabulary) as a legend starts it: 'Programme phase'."""
    one = ENTITY_TYPES_BY_CLASS[node_type].one
    return one[:1].upper() + one[1:]


# type -> (legend label, colour)
TYPE_STYLE = {node_type: (_legend_label(node_type), colour) for node_type, colour in _TYPE_COLOURS.items()}
OTHER_COLOUR = "#b8b8b8"
PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#393b79",
    "#637939",
    "#ad494a",
]
MIN_COMMUNITY = 3  # smaller communities share one grey legend entry


@dataclass(frozen=True)
class Colouring:
    name: str
    description: str
    assign: Callable  # (context) -> {node: (legend key, legend label, colour)}


@dataclass(frozen=True)
class Sizing:
    name: str
    description: str
    measure: Callable  # (undirected simple graph) -> {node: value}


# ---------------------------------------------------------------------------------------------- sizing


def _degree(u) -> dict:
    from ..network.analytics import degree

    return degree(u)


def _betweenness(u) -> dict:
    from ..network.analytics import betweenness

    return betweenness(u)


def _pagerank(u) -> dict:
    from ..network.analytics import pagerank

    return pagerank(u)


SIZINGS: dict[str, Sizing] = registry(
    SIZING_NAMES,
    {
        s.name: s
        for s in [
            Sizing("degree", "degree (number of distinct neighbours in the view)", _degree),
            Sizing("betweenness", "betweenness (how often a node lies on shortest paths in the view)", _betweenness),
            Sizing("pagerank", "PageRank in the view", _pagerank),
        ]
    },
)


# -------------------------------------------------------------------------------------------- colouring


@dataclass
class ColourContext:
    view: nx.Graph  # the NetworkX view
    undirected: nx.Graph  # its undirected simple form
    full: nx.MultiDiGraph  # the full view, for memberships
    networks: dict[str, set[str]]
    tiers: dict[str, list[str]]
    seed: int


def _by_type(ctx: ColourContext) -> dict:
    out = {}
    for node, data in ctx.view.nodes(data=True):
        label, colour = TYPE_STYLE.get(data["type"], (data["type"], OTHER_COLOUR))
        out[node] = (data["type"], label, colour)
    return out


def _by_community(ctx: ColourContext) -> dict:
    from ..network.analytics import louvain_communities

    degrees = dict(ctx.undirected.degree())
    out = {}
    large = [c for c in louvain_communities(ctx.undirected, seed=ctx.seed) if len(c) >= MIN_COMMUNITY]
    for rank, community in enumerate(large, start=1):  # largest first
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


def _by_network(ctx: ColourContext) -> dict:
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
            tier = ctx.tiers[node][0]  # the most recently stated tier
            order = {t: str(i) for i, t in enumerate(TIERS, start=1)}.get(tier, "4")
            categories[node] = (
                f"5-{labels[nets[0]]}-{order}",
                f"{labels[nets[0]]}: {tier} member" if tier != NO_TIER else f"{labels[nets[0]]}: member, {NO_TIER}",
            )
    keys = sorted(set(categories.values()))
    colours = {}
    palette = iter(["#6a3d9a", "#1a9850", "#91cf60", "#d9ef8b", "#fdae61", "#f46d43", "#74add1", "#fee08b"])
    for key in keys:
        colours[key] = OTHER_COLOUR if key[0] == "9" else next(palette, "#666666")
    return {node: (key[0] + key[1], key[1], colours[key]) for node, key in categories.items()}


COLOURINGS: dict[str, Colouring] = registry(
    COLOURING_NAMES,
    {
        c.name: c
        for c in [
            Colouring("type", "entity type", _by_type),
            Colouring("community", "community (Louvain, seeded, in the view)", _by_community),
            Colouring("network", "network membership and tier", _by_network),
        ]
    },
)

# ---------------------------------------------------------------------------------------- legend, filters


def legend_order(colour: str, entry: tuple) -> tuple:
    key = entry[0]
    if colour == "type":
        order = list(TYPE_STYLE)
        return (order.index(key) if key in order else len(order), key)
    return (key,)


def filters(shown, nodes, networks, tiers, programmes, full) -> dict[str, list[dict]]:
    types = Counter(shown.nodes[n]["type"] for n in nodes)
    order = list(TYPE_STYLE)
    type_rows = [
        {"key": t, "label": TYPE_STYLE.get(t, (t,))[0], "count": types[t]}
        for t in sorted(types, key=lambda t: (order.index(t) if t in order else len(order), t))
    ]

    def grouped(membership: dict[str, set[str]]) -> list[dict]:
        counts = Counter(m for n in nodes for m in membership.get(n, ()))
        rows = [
            {"key": prefixed_name(m), "label": full.nodes[m]["label"], "count": c}
            for m, c in counts.items()
            if c > (1 if m in nodes else 0)
        ]
        return sorted(rows, key=lambda r: (r["label"].casefold(), r["key"]))

    tier_counts = Counter(t for n in nodes for t in (tiers.get(n) or {NOT_A_MEMBER}))
    tier_order = list(TIERS)
    tier_rows = [
        {"key": t, "label": t, "count": c}
        for t, c in sorted(
            tier_counts.items(),
            key=lambda e: (tier_order.index(e[0]) if e[0] in tier_order else (5 if e[0] == NOT_A_MEMBER else 4), e[0]),
        )
    ]
    return {"types": type_rows, "networks": grouped(networks), "programmes": grouped(programmes), "tiers": tier_rows}


def darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))
