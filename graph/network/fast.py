"""The igraph engine: graph.network.analytics's metrics for large views, computed by python-igraph (C).

`analytics.all_metrics` (graph.network.engine) uses it above `engine.FAST_ABOVE` entities (docs/projections.md: Large
views). NetworkX stays the API: `analytics` makes the integer-labelled copy of the view (nodes 0..n-1
in sorted order), `to_igraph` turns that copy into an igraph Graph with the same vertex numbers and edge
weights, and every function here returns plain data indexed like those nodes: a list of per-node
values, or a partition as lists of node numbers. Each function computes the same definition as its
NetworkX twin in `analytics`, with the same normalisation and, where it samples, the same sources drawn
from the same seed, so the two engines agree (tests/test_analytics_scale.py compares them).

igraph's own failures (ARPACK not converging, say) are raised as AnalysisError naming the metric.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from contextlib import contextmanager

import igraph  # type: ignore[import-untyped]

from ..choices import DEFAULT_SEED
from ..errors import AnalysisError

__all__ = [
    "to_igraph",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "clustering",
    "core_number",
    "louvain_communities",
    "greedy_communities",
    "modularity",
]

_DENSE_EIGEN = 300  # components up to this size: a dense symmetric eigensolver (numpy) instead of ARPACK
_PIVOT_BATCH = 64  # pivots whose distances are held at once (a batch is _PIVOT_BATCH x component size)


@contextmanager
def _igraph_errors(metric: str) -> Iterator[None]:
    try:
        yield
    except igraph.InternalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise AnalysisError(f"{metric} failed in igraph: {reason}") from exc


def to_igraph(h):
    """The igraph Graph of an integer-labelled NetworkX graph (nodes 0..n-1): same vertices, edges, `weight`."""
    edges = sorted((min(a, b), max(a, b), w) for a, b, w in h.edges(data="weight", default=1))
    graph = igraph.Graph(n=h.number_of_nodes(), edges=[(a, b) for a, b, _ in edges])
    graph.es["weight"] = [float(w) for _, _, w in edges]
    return graph


def _rescale(ordered: list[float], n: int, sources: list[int] | None) -> list[float]:
    """networkx's normalisation of undirected betweenness (without endpoints) from ordered-pair sums."""
    pairs_through = n - 1  # networkx's N: the ends a path through v can have, v excluded
    if pairs_through < 2:
        return ordered
    if sources is None:
        scale = 1 / (pairs_through * (pairs_through - 1))
        return [v * scale for v in ordered]
    k = len(sources)
    scale_source = 1 / ((k - 1) * (pairs_through - 1)) if k > 1 else math.nan
    scale_other = 1 / (k * (pairs_through - 1))
    chosen = set(sources)
    return [v * (scale_source if i in chosen else scale_other) for i, v in enumerate(ordered)]


def betweenness(graph, sample: int | None = None, seed: int = DEFAULT_SEED) -> list[float]:
    """Normalised betweenness in hops; with `sample`, from the sources networkx would draw with `seed`."""
    n = graph.vcount()
    sources = None if sample is None or sample == n else random.Random(seed).sample(list(range(n)), sample)
    with _igraph_errors("betweenness"):
        raw = graph.betweenness(directed=False, sources=sources)
    # igraph counts each pair once (from its source); networkx sums both orders before rescaling
    return _rescale([2.0 * b for b in raw], n, sources)


def closeness(graph, components: list[list[int]], pivots: list[list[int] | None]) -> list[float]:
    """Wasserman-Faust closeness in hops per component: exact where `pivots` is None, else estimated.

    `pivots[i]` are the pivot nodes of `components[i]` (analytics.closeness_pivots draws them): a
    non-pivot's closeness is the number of pivots over the sum of its distances to them (Eppstein-Wang),
    a pivot's is exact (its own search reaches every node of the component).
    """
    import numpy as np

    n = graph.vcount()
    values = [0.0] * n
    exact = [c for c, p in zip(components, pivots) if p is None and len(c) > 1]
    if exact:
        with _igraph_errors("closeness"):
            within = graph.closeness(vertices=[v for c in exact for v in c])
        position = 0
        for component in exact:
            factor = (len(component) - 1) / (n - 1)
            for v in component:
                values[v] = within[position] * factor
                position += 1
    for component, chosen in zip(components, pivots):
        if chosen is None or len(component) < 2:
            continue
        size, members = len(component), np.asarray(component)
        factor = (size - 1) / (n - 1)
        sums = np.zeros(size)
        own: dict[int, float] = {}
        for start in range(0, len(chosen), _PIVOT_BATCH):
            batch = chosen[start : start + _PIVOT_BATCH]
            with _igraph_errors("closeness"):
                rows = np.asarray(graph.distances(source=batch, target=component), dtype=float)
            sums += rows.sum(axis=0)
            own.update(zip(batch, rows.sum(axis=1).tolist()))
        sums[np.searchsorted(members, chosen)] = 1  # pivots: exact below (a pivot's own distance is 0)
        estimate = (len(chosen) / sums) * factor
        for v, value in zip(members.tolist(), estimate.tolist()):
            values[v] = value
        for p, total in own.items():
            values[p] = (size - 1) / total * factor
    return values


def eigenvector(graph, components: list[list[int]]) -> list[float]:
    """Weighted eigenvector centrality per component (unit length), scaled by sqrt(size / n); isolates 0."""
    import numpy as np

    n = graph.vcount()
    values = [0.0] * n
    where = [0] * n
    for number, component in enumerate(components):
        for v in component:
            where[v] = number
    edges: dict[int, list[tuple[int, int, float]]] = {}
    for edge, weight in zip(graph.es, graph.es["weight"]):
        a, b = edge.tuple
        edges.setdefault(where[a], []).append((a, b, weight))
    for number, component in enumerate(components):
        size = len(component)
        if size < 2:
            continue
        if size <= _DENSE_EIGEN:
            local = {v: i for i, v in enumerate(component)}
            adjacency = np.zeros((size, size))
            for a, b, weight in edges[number]:
                adjacency[local[a], local[b]] = adjacency[local[b], local[a]] = weight
            vector = np.abs(np.linalg.eigh(adjacency)[1][:, -1])
        else:
            with _igraph_errors("eigenvector"):
                vector = np.asarray(graph.induced_subgraph(component).eigenvector_centrality(weights="weight"))
        vector = vector / np.linalg.norm(vector)
        scale = math.sqrt(size / n)
        # induced_subgraph keeps the vertices in increasing order: position i is component[i] (sorted)
        for v, value in zip(component, vector.tolist()):
            values[v] = value * scale
    return values


def pagerank(graph, alpha: float = 0.85) -> list[float]:
    """PageRank of the undirected weighted graph (PRPACK); a dangling node's rank is spread evenly."""
    with _igraph_errors("PageRank"):
        return list(graph.pagerank(weights="weight", damping=alpha, directed=False))


def clustering(graph) -> list[float]:
    """Local clustering coefficient, unweighted; 0 for a node with fewer than two neighbours."""
    with _igraph_errors("clustering"):
        return [float(c) for c in graph.transitivity_local_undirected(mode="zero")]


def core_number(graph) -> list[int]:
    with _igraph_errors("k-core"):
        return list(graph.coreness())


def _groups(membership: list[int]) -> list[list[int]]:
    found: dict[int, list[int]] = {}
    for v, group in enumerate(membership):
        found.setdefault(group, []).append(v)
    return list(found.values())


def louvain_communities(graph, seed: int = DEFAULT_SEED, resolution: float = 1.0) -> list[list[int]]:
    """igraph's multilevel (Louvain) communities, weighted, its random choices drawn from `seed`."""
    igraph.set_random_number_generator(random.Random(seed))
    try:
        with _igraph_errors("Louvain"):
            found = graph.community_multilevel(weights="weight", resolution=resolution)
    finally:
        igraph.set_random_number_generator(random)  # igraph's default: the random module
    return _groups(found.membership)


def greedy_communities(graph) -> list[list[int]]:
    """Clauset-Newman-Moore greedy modularity (igraph's fastgreedy), weighted, cut where modularity peaks."""
    if graph.ecount() == 0:
        return [[v] for v in range(graph.vcount())]
    with _igraph_errors("greedy modularity"):
        return _groups(graph.community_fastgreedy(weights="weight").as_clustering().membership)


def modularity(graph, communities: list[list[int]], resolution: float = 1.0) -> float:
    """Weighted modularity of a partition given as lists of node numbers (0 for a graph without edges)."""
    if graph.ecount() == 0:
        return 0.0
    membership = [0] * graph.vcount()
    for number, community in enumerate(communities):
        for v in community:
            membership[v] = number
    with _igraph_errors("modularity"):
        return float(graph.modularity(membership, weights="weight", resolution=resolution))
