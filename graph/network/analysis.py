"""What `analyse` reports: every entity of a view ranked by each metric in graph.network.analytics,
the brokers and bridges, and both partitions into communities with one computed sentence per community
saying what its members share. Plain dataclasses; graph.network.report renders them as text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import Graph

from ..errors import AnalysisError
from ..model.vocabulary import ENTITY_TYPES_BY_CLASS
from ..query.facts import Facts, facts_of
from . import analytics

__all__ = [
    "METRICS",
    "PARTITION_METHODS",
    "RankedEntity",
    "Ranking",
    "Broker",
    "Bridge",
    "Member",
    "Community",
    "Partition",
    "NetworkAnalysis",
    "analyse_network",
    "analysis_from_metrics",
    "describe_community",
    "run_parameters",
    "resolve",
    "rounded",
]

# metric key (as in analytics.all_metrics) -> (title, what it measures)
METRICS = {
    "degree": ("degree", "how many distinct entities it is tied to"),
    "weighted_degree": (
        "weighted degree",
        "its ties counted by weight: relations merged into each tie, or in the councils view the things shared",
    ),
    "betweenness": ("betweenness", "the share of shortest paths between other entities that pass through it"),
    "closeness": ("closeness", "how few hops it is from everything it can reach (Wasserman-Faust)"),
    "eigenvector": ("eigenvector", "tied to entities that are themselves central (per component)"),
    "pagerank": ("PageRank", "where a walk along the ties spends its time (damping 0.85)"),
    "clustering": ("clustering coefficient", "the share of pairs of its neighbours that are tied to each other"),
    "core_number": ("k-core", "the deepest k-core it belongs to: a group where everyone has k ties inside"),
}
PARTITION_METHODS = {
    "louvain": "Louvain (seeded)",
    "greedy": "greedy modularity (Clauset-Newman-Moore)",
}
_DIGITS = 6


def rounded(value):
    return round(value, _DIGITS) if isinstance(value, float) else value


# ---------------------------------------------------------------- analyse


@dataclass
class RankedEntity:
    rank: int
    iri: str
    label: str
    type: str
    value: float | int


@dataclass
class Ranking:
    metric: str
    title: str
    description: str
    entries: list[RankedEntity]


@dataclass
class Broker:
    rank: int
    iri: str
    label: str
    type: str
    separates: int  # entities cut off from the largest remaining part when it is removed
    pieces: int


@dataclass
class Bridge:
    rank: int
    iris: list[str]
    labels: list[str]
    separates: int  # entities on the smaller side


@dataclass
class Member:
    iri: str
    label: str
    type: str
    degree: int


@dataclass
class Community:
    number: int
    size: int
    summary: str
    shared: list[dict]  # [{"tie": label, "members": count}], most shared first
    members: list[Member]  # most connected first


@dataclass
class Partition:
    method: str
    description: str
    modularity: float
    count: int
    communities: list[Community]


@dataclass
class NetworkAnalysis:
    view: str
    entities: int
    ties: int
    components: int
    largest_component: int
    seed: int
    sample: int | None
    top: int
    rankings: list[Ranking]
    brokers: list[Broker]
    bridges: list[Bridge]
    partitions: list[Partition]
    agreement: float  # Rand index of the two partitions
    parameters: list[str] = field(default_factory=list)


def analyse_network(
    graph: Graph | Facts,
    view: str = "full",
    top: int = 10,
    seed: int = analytics.DEFAULT_SEED,
    sample: int | None = None,
) -> NetworkAnalysis:
    """Rank every entity of `view` by each metric, find brokers, bridges and communities."""
    from .projection import as_undirected, project

    if top < 1:
        raise AnalysisError(f"--top must be at least 1, not {top}")
    g = as_undirected(project(graph, view))
    return analysis_from_metrics(g, analytics.all_metrics(g, seed=seed, sample=sample), view, top, seed, sample)


def run_parameters(seed: int, sample: int | None) -> list[str]:
    """The parameters of a run, as name=value, sorted (recorded in reports and in metrics.ttl)."""
    return sorted(
        [
            f"betweenness.sample={sample if sample is not None else 'exact'}",
            "closeness.correction=wasserman-faust",
            "eigenvector.tolerance=1e-10",
            "greedy.resolution=1",
            "louvain.resolution=1",
            "pagerank.alpha=0.85",
            "pagerank.tolerance=1e-12",
            f"seed={seed}",
        ]
    )


def analysis_from_metrics(g, metrics: dict, view: str, top: int, seed: int, sample: int | None) -> NetworkAnalysis:
    """The report of metrics already computed by `analytics.all_metrics` on `g`."""
    node = g.nodes
    rankings = []
    for key, (title, description) in METRICS.items():
        scores = metrics["scores"][key]
        ordered = sorted(scores, key=lambda n: (-scores[n], -g.degree(n), node[n]["label"], n))[:top]
        rankings.append(
            Ranking(
                key,
                title,
                description,
                [
                    RankedEntity(i + 1, n, node[n]["label"], node[n]["type"], rounded(scores[n]))
                    for i, n in enumerate(ordered)
                ],
            )
        )
    brokers = [
        Broker(i + 1, p["node"], node[p["node"]]["label"], node[p["node"]]["type"], p["separates"], p["pieces"])
        for i, p in enumerate(metrics["articulation_points"][:top])
    ]
    bridges = [
        Bridge(i + 1, list(b["ends"]), [node[e]["label"] for e in b["ends"]], b["separates"])
        for i, b in enumerate(metrics["bridges"][:top])
    ]
    partitions = []
    for method, description in PARTITION_METHODS.items():
        found = metrics["partitions"][method]
        communities = [describe_community(g, members, i + 1) for i, members in enumerate(found["communities"])]
        partitions.append(Partition(method, description, rounded(found["modularity"]), len(communities), communities))
    comps = metrics["components"]
    return NetworkAnalysis(
        view=view,
        entities=g.number_of_nodes(),
        ties=g.number_of_edges(),
        components=len(comps),
        largest_component=len(comps[0]) if comps else 0,
        seed=seed,
        sample=sample,
        top=top,
        rankings=rankings,
        brokers=brokers,
        bridges=bridges,
        partitions=partitions,
        agreement=rounded(metrics["agreement"]),
        parameters=run_parameters(seed, sample),
    )


def _type_name(node_type: str, count: int, unknown: str | None = None) -> str:
    """What the vocabulary calls one (`count` 1) or several entities of `node_type`; else `unknown`, or the type."""
    entity_type = ENTITY_TYPES_BY_CLASS.get(node_type)
    if entity_type is None:
        return node_type if unknown is None else unknown
    return entity_type.one if count == 1 else entity_type.many


def _tie_label(g, tie) -> str:
    return g.nodes[tie]["label"] if tie in g else str(tie)


def describe_community(g, members: list, number: int, shown: int = 3) -> Community:
    """A community's members (most connected first) and one sentence saying what they share."""
    inside = set(members)
    degree_inside = {m: sum(1 for o in g[m] if o in inside) for m in members}
    ordered = sorted(members, key=lambda m: (-g.degree(m), g.nodes[m]["label"], m))
    shared = [{"tie": _tie_label(g, tie), "members": k} for tie, k in analytics.shared_ties(g, members)]
    size = len(members)
    kinds = Counter(g.nodes[m]["type"] for m in members)
    makeup = ", ".join(f"{k} {_type_name(t, k)}" for t, k in sorted(kinds.items(), key=lambda tk: (-tk[1], tk[0])))
    first, then = ("share ", "") if g.graph.get("view") == "councils" else ("are tied to ", "to ")
    if size == 1:
        only = members[0]
        ties = g.degree(only)
        summary = (
            f"A community of one: {g.nodes[only]['label']} ({_type_name(g.nodes[only]['type'], 1, '?')}), "
            f"with {ties} tie{'s' if ties != 1 else ''} in the view."
        )
    elif shared:
        parts = [f"{s['members']} {first if i == 0 else then}{s['tie']}" for i, s in enumerate(shared[:shown])]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        summary = f"Of its {size} members ({makeup}), {listed}."
    else:
        hub = sorted(members, key=lambda m: (-degree_inside[m], g.nodes[m]["label"], m))[0]
        summary = (
            f"No tie is held by two or more of its {size} members ({makeup}); they hang together "
            f"through {g.nodes[hub]['label']}, the member most tied to the others."
        )
    return Community(
        number,
        size,
        summary,
        shared,
        [Member(m, g.nodes[m]["label"], g.nodes[m]["type"], g.degree(m)) for m in ordered],
    )


def resolve(graph: Graph | Facts, name: str, view) -> str:
    """The IRI of the entity `name` (any of its names), which must be in the projected `view`."""
    iri = str(facts_of(graph).find(name))
    if iri not in view:
        raise AnalysisError(
            f"{name!r} ({iri}) is not in the {view.graph.get('view')} view"
            + (
                "; the bipartite view holds only councils with ties to organisations, programmes, "
                "networks... and those things: try --view full"
                if view.graph.get("view") == "bipartite"
                else ""
            )
        )
    return iri
