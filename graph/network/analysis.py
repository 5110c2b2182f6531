"""What `analyse` reports: every entity of a view ranked by each metric in graph.network.analytics,
the brokers and bridges, and both partitions into communities with one computed sentence per community
saying what its members share. Plain dataclasses; graph.network.report renders them as text.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field

from rdflib import Graph

from ..errors import AnalysisError
from ..model.vocabulary import ENTITY_TYPES_BY_CLASS
from ..query.facts import Facts, facts_of
from . import analytics
from . import engine as engines

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
    "run_notes",
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
    failed: str | None = None  # why the metric could not be computed (entries is then empty)


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
    modularity: float | None  # None when the partition could not be found
    count: int
    communities: list[Community]
    failed: str | None = None  # why it could not be found


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
    agreement: float | None  # Rand index of the two partitions (None if one could not be found)
    parameters: list[str] = field(default_factory=list)
    # what could not be computed (metric key, "articulation_points", "bridges", "louvain", "greedy") -> why
    failed: dict[str, str] = field(default_factory=dict)
    # how the run differs from the exact NetworkX default (sampling chosen by size, the igraph engine)
    notes: list[str] = field(default_factory=list)


def analyse_network(
    graph: Graph | Facts,
    view: str = "full",
    top: int = 10,
    seed: int = analytics.DEFAULT_SEED,
    sample: int | None = None,
    exact: bool = False,
) -> NetworkAnalysis:
    """Rank every entity of `view` by each metric, find brokers, bridges and communities.

    Above engines.SAMPLE_ABOVE entities betweenness and closeness are sampled unless `exact`, and the
    report says so (NetworkAnalysis.notes); a metric that cannot be computed is reported as failed.
    """
    from .projection import as_undirected, project

    if top < 1:
        raise AnalysisError(f"--top must be at least 1, not {top}")
    g = as_undirected(project(graph, view))
    metrics = analytics.all_metrics(g, seed=seed, sample=sample, exact=exact)
    return analysis_from_metrics(g, metrics, view, top, seed, sample)


def run_parameters(seed: int, sample: int | None, engine: str = "networkx", automatic: bool = False) -> list[str]:
    """The parameters of a run, as name=value, sorted (recorded in reports and in metrics.ttl).

    A run of the exact NetworkX default lists the same parameters as before sampling and engines were
    chosen by size; `closeness.sample`, `sampling` and `engine` appear only when they apply.
    """
    found = [
        f"betweenness.sample={sample if sample is not None else 'exact'}",
        "closeness.correction=wasserman-faust",
        "greedy.resolution=1",
        "louvain.resolution=1",
        "pagerank.alpha=0.85",
        f"seed={seed}",
    ]
    if sample is not None:
        found.append(f"closeness.sample={sample}")
    if automatic:
        found.append(f"sampling=automatic above {engines.SAMPLE_ABOVE} entities")
    if engine == "networkx":
        found += ["eigenvector.tolerance=1e-10", "pagerank.tolerance=1e-12"]
    else:
        found.append(f"engine={engine}")
    return sorted(found)


def run_notes(entities: int, run: dict) -> list[str]:
    """Sentences saying how a run (analytics.all_metrics' metrics["run"]) differs from the exact NetworkX default."""
    notes = []
    if run["automatic"]:
        notes.append(
            f"Betweenness and closeness are estimated from {run['sample']} sampled sources, chosen automatically "
            f"because the view has more than {engines.SAMPLE_ABOVE:,} entities; --exact computes them exactly "
            f"(slower)."
        )
    if run["engine"] != "networkx":
        why = (
            f" because the view has more than {engines.FAST_ABOVE:,} entities" if entities > engines.FAST_ABOVE else ""
        )
        notes.append(
            f"Computed with {run['engine']}{why}: the same definitions as NetworkX's; the communities are "
            f"found by its own Louvain and greedy modularity (docs/projections.md: Large views)."
        )
    return notes


def _rankings(g, scores_by_metric: dict, failed: dict[str, str], top: int) -> list[Ranking]:
    """The `top` entities by each metric (ties by degree, label, IRI); a metric not computed, with its reason."""
    node = g.nodes
    rankings = []
    for key, (title, description) in METRICS.items():
        if key not in scores_by_metric:
            rankings.append(Ranking(key, title, description, [], failed.get(key, "not computed")))
            continue
        scores = scores_by_metric[key]
        # the first `top` in the order of a full sort (the key is unique per node), without sorting them all
        ordered = heapq.nsmallest(top, scores, key=lambda n: (-scores[n], -g.degree(n), node[n]["label"], n))
        entries = [
            RankedEntity(i + 1, n, node[n]["label"], node[n]["type"], rounded(scores[n])) for i, n in enumerate(ordered)
        ]
        rankings.append(Ranking(key, title, description, entries))
    return rankings


def analysis_from_metrics(g, metrics: dict, view: str, top: int, seed: int, sample: int | None) -> NetworkAnalysis:
    """The report of metrics already computed by `analytics.all_metrics` on `g`.

    A metric, partition, brokers or bridges that `all_metrics` could not compute (metrics["failed"]) is
    reported as failed with its reason; metrics["run"] says which sample and engine were used (without it,
    `sample` exactly on NetworkX).
    """
    node = g.nodes
    failed = dict(metrics.get("failed", {}))
    run = metrics.get("run", {"engine": "networkx", "sample": sample, "automatic": False})
    rankings = _rankings(g, metrics["scores"], failed, top)
    brokers = [
        Broker(i + 1, p["node"], node[p["node"]]["label"], node[p["node"]]["type"], p["separates"], p["pieces"])
        for i, p in enumerate((metrics["articulation_points"] or [])[:top])
    ]
    bridges = [
        Bridge(i + 1, list(b["ends"]), [node[e]["label"] for e in b["ends"]], b["separates"])
        for i, b in enumerate((metrics["bridges"] or [])[:top])
    ]
    partitions = []
    for method, description in PARTITION_METHODS.items():
        if method not in metrics["partitions"]:
            partitions.append(Partition(method, description, None, 0, [], failed.get(method, "not computed")))
            continue
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
        sample=run["sample"],
        top=top,
        rankings=rankings,
        brokers=brokers,
        bridges=bridges,
        partitions=partitions,
        agreement=rounded(metrics["agreement"]),
        parameters=run_parameters(seed, run["sample"], run["engine"], run["automatic"]),
        failed=failed,
        notes=run_notes(g.number_of_nodes(), run),
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
