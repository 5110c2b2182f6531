"""Network analytics: who is central, who brokers, which clusters form, how two entities are connected.

Every public function takes an undirected simple NetworkX graph (`graph.network.projection.as_undirected` makes
one from any view) and returns plain data: per-node scores as a dict in sorted node order, everything
else as sorted lists. Randomness is an explicit `seed`.

The algorithms run on a copy of the graph whose nodes are the integers 0..n-1 in sorted node order, so
no result depends on string hashing (PYTHONHASHSEED) or on the order in which a graph was built.

Definitions where a choice had to be made (docs/projections.md says more):

- weights (`weight` edge attribute, 1 where absent) count: weighted degree, eigenvector, PageRank and
  the community methods use them; betweenness, closeness, clustering, k-core and paths count hops.
- betweenness is normalised by the number of pairs (n-1)(n-2)/2; with `sample=K` it is estimated from K
  source nodes drawn with `seed` (networkx's `betweenness_centrality(k=K)`).
- closeness uses the Wasserman-Faust correction for graphs that are not connected: a node's closeness
  within its component times (reachable - 1) / (n - 1). With `sample=K` it is estimated (Eppstein-Wang):
  in each component of more than K nodes, K pivots drawn with `seed`; a node's closeness within its
  component is K over the sum of its distances to the pivots, a pivot's own is exact; components of at
  most K nodes are exact.
- eigenvector centrality is computed per connected component (each component's principal eigenvector,
  unit length) and scaled by sqrt(component size / n), so the whole vector has unit length and a node
  in a small component cannot outrank the hubs of the large one merely by being central in its corner;
  isolated nodes score 0.
- PageRank (damping 0.85) is networkx's, on the undirected weighted graph; an isolated node's rank is
  spread evenly over all nodes.

Large views (`all_metrics`, graph.network.engine, docs/projections.md: Large views): above
engine.FAST_ABOVE nodes the metrics are computed by python-igraph (graph.network.fast: same definitions,
inputs and outputs still NetworkX graphs and plain dicts); above engine.SAMPLE_ABOVE nodes betweenness
and closeness are estimated from engine.AUTO_SAMPLE sampled sources unless `exact=True`. Each metric is
computed under its own guard: one that fails is reported in `metrics["failed"]` with its reason and the
others are still computed.
"""

from __future__ import annotations

import math
from collections import Counter, deque

from ..choices import DEFAULT_SEED, SIMILARITY_METHODS
from ..errors import AnalysisError
from .engine import all_metrics, plan
from .engine import check_sample as _check_sample
from .traversal import closeness_pivots, pivot_closeness
from .traversal import cut_structure as _cuts

__all__ = [
    "DEFAULT_SEED",
    "components",
    "degree",
    "weighted_degree",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "clustering",
    "core_number",
    "articulation_points",
    "bridges",
    "louvain_communities",
    "greedy_communities",
    "modularity",
    "rand_index",
    "shared_ties",
    "shortest_paths",
    "similar",
    "SIMILARITY_METHODS",
    "closeness_pivots",
    "plan",
    "all_metrics",
]

# DEFAULT_SEED and SIMILARITY_METHODS are the command line's choices (graph.choices), re-exported here;
# all_metrics and plan live in graph.network.engine (with the size thresholds), closeness_pivots in
# graph.network.traversal


def _indexed(g):
    """(copy of `g` with nodes 0..n-1 in sorted order and the same edge weights, the sorted node list)."""
    import networkx as nx

    if g.is_directed() or g.is_multigraph():
        raise AnalysisError("the analytics need an undirected simple graph: use projection.as_undirected(view)")
    nodes = sorted(g.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    h = nx.Graph()
    h.add_nodes_from(range(len(nodes)))
    for a, b in sorted((min(index[a], index[b]), max(index[a], index[b])) for a, b in g.edges if a != b):
        h.add_edge(a, b, weight=g.edges[nodes[a], nodes[b]].get("weight", 1))
    return h, nodes


def _named(nodes: list, values: dict) -> dict:
    return {nodes[i]: values[i] for i in range(len(nodes))}


def _components(h) -> list[list[int]]:
    """The connected components of an indexed graph, largest first (ties by first member), each sorted."""
    import networkx as nx

    return sorted((sorted(c) for c in nx.connected_components(h)), key=lambda c: (-len(c), c[0]))


def components(g) -> list[list]:
    """The connected components, largest first (ties by first member), each sorted."""
    h, nodes = _indexed(g)
    # nodes are numbered in sorted order, so index order is name order
    return [[nodes[i] for i in c] for c in _components(h)]


def degree(g) -> dict:
    """Number of distinct neighbours of each node."""
    h, nodes = _indexed(g)
    return _named(nodes, {i: h.degree(i) for i in h})


def weighted_degree(g) -> dict:
    """Sum of the `weight` of each node's edges (1 for an edge without one)."""
    h, nodes = _indexed(g)
    return _named(nodes, {i: h.degree(i, weight="weight") for i in h})


def _betweenness(h, sample: int | None, seed: int) -> dict:
    import networkx as nx

    return nx.betweenness_centrality(h, k=sample, normalized=True, seed=seed)


def betweenness(g, sample: int | None = None, seed: int = DEFAULT_SEED) -> dict:
    """Normalised betweenness (hops); exact, or estimated from `sample` source nodes drawn with `seed`."""
    h, nodes = _indexed(g)
    _check_sample(sample, len(nodes))
    return _named(nodes, _betweenness(h, sample, seed))


def _closeness(h, components: list[list[int]], sample: int | None, seed: int) -> dict:
    import networkx as nx

    if sample is None:
        return nx.closeness_centrality(h, wf_improved=True)
    return pivot_closeness(h, components, closeness_pivots(components, sample, seed))


def closeness(g, sample: int | None = None, seed: int = DEFAULT_SEED) -> dict:
    """Closeness (hops), Wasserman-Faust corrected on a graph that is not connected; exact, or estimated
    from `sample` pivots per component drawn with `seed` (Eppstein-Wang; components of at most `sample`
    nodes exact)."""
    h, nodes = _indexed(g)
    _check_sample(sample, len(nodes))
    return _named(nodes, _closeness(h, _components(h), sample, seed))


def _eigenvector(h, components: list[list[int]], tol: float = 1e-10, max_iter: int = 1000) -> dict:
    import networkx as nx

    n = h.number_of_nodes()
    scores = {i: 0.0 for i in h}
    for component in components:
        if len(component) < 2:
            continue
        sub = h.subgraph(sorted(component))
        try:
            values = nx.eigenvector_centrality(sub, max_iter=max_iter, tol=tol, weight="weight")
        except nx.PowerIterationFailedConvergence as exc:
            raise AnalysisError(f"eigenvector centrality did not converge in {max_iter} iterations") from exc
        scale = math.sqrt(len(component) / n)
        for i, value in values.items():
            scores[i] = value * scale
    return scores


def eigenvector(g, tol: float = 1e-10, max_iter: int = 1000) -> dict:
    """Weighted eigenvector centrality per connected component, scaled by sqrt(size / n); isolates 0."""
    h, nodes = _indexed(g)
    return _named(nodes, _eigenvector(h, _components(h), tol, max_iter))


def _pagerank(h, alpha: float = 0.85, tol: float = 1e-12, max_iter: int = 1000) -> dict:
    import networkx as nx

    if h.number_of_nodes() == 0:
        return {}
    try:
        return nx.pagerank(h, alpha=alpha, weight="weight", tol=tol, max_iter=max_iter)
    except nx.PowerIterationFailedConvergence as exc:
        raise AnalysisError(f"PageRank did not converge in {max_iter} iterations") from exc


def pagerank(g, alpha: float = 0.85, tol: float = 1e-12, max_iter: int = 1000) -> dict:
    """PageRank of the undirected weighted graph (networkx's, power iteration); the ranks sum to 1."""
    h, nodes = _indexed(g)
    return _named(nodes, _pagerank(h, alpha, tol, max_iter))


def _clustering(h) -> dict:
    import networkx as nx

    return {i: float(c) for i, c in nx.clustering(h).items()}


def clustering(g) -> dict:
    """Local clustering coefficient (unweighted): the share of a node's neighbour pairs that are linked."""
    h, nodes = _indexed(g)
    return _named(nodes, _clustering(h))


def _core_number(h) -> dict:
    import networkx as nx

    return nx.core_number(h)


def core_number(g) -> dict:
    """The largest k such that the node belongs to the k-core (every member has k neighbours in it)."""
    h, nodes = _indexed(g)
    return _named(nodes, _core_number(h))


def _articulation_points(nodes: list, points: dict[int, list[int]]) -> list[dict]:
    found = [{"node": nodes[p], "pieces": len(sizes), "separates": sum(sizes[1:])} for p, sizes in points.items()]
    return sorted(found, key=lambda p: (-p["separates"], -p["pieces"], p["node"]))


def _bridges(nodes: list, spans: list[tuple[int, int, int]]) -> list[dict]:
    found = [{"ends": [nodes[a], nodes[b]], "separates": side} for a, b, side in spans]
    return sorted(found, key=lambda e: (-e["separates"], e["ends"]))


def articulation_points(g) -> list[dict]:
    """The brokers: nodes whose removal splits their component.

    Each is {"node", "pieces" (how many parts the component falls into), "separates" (how many nodes end
    up apart from the largest part)}; most separating first, then by node. Linear time (one depth-first
    search).
    """
    h, nodes = _indexed(g)
    return _articulation_points(nodes, _cuts(h)[0])


def bridges(g) -> list[dict]:
    """Edges whose removal splits their component: {"ends": [a, b], "separates": size of the smaller side}."""
    h, nodes = _indexed(g)
    return _bridges(nodes, _cuts(h)[1])


def _sorted_groups(communities) -> list[list[int]]:
    """A partition of an indexed graph's nodes, largest community first (ties by first member), each sorted."""
    return sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))


def _sorted_partition(nodes: list, communities) -> list[list]:
    # nodes are numbered in sorted order, so sorting the numbers sorts the names
    return [[nodes[i] for i in c] for c in _sorted_groups(communities)]


def _louvain(h, seed: int, resolution: float = 1.0) -> list[set]:
    import networkx as nx

    return nx.community.louvain_communities(h, weight="weight", resolution=resolution, seed=seed)


def louvain_communities(g, seed: int = DEFAULT_SEED, resolution: float = 1.0) -> list[list]:
    """Louvain communities (weighted, seeded): largest first, each sorted."""
    h, nodes = _indexed(g)
    return _sorted_partition(nodes, _louvain(h, seed, resolution))


def _greedy(h, resolution: float = 1.0) -> list:
    import networkx as nx

    if h.number_of_edges() == 0:
        return [{i} for i in h]
    return nx.community.greedy_modularity_communities(h, weight="weight", resolution=resolution)


def greedy_communities(g, resolution: float = 1.0) -> list[list]:
    """Clauset-Newman-Moore greedy modularity communities (weighted; deterministic, needs no seed)."""
    h, nodes = _indexed(g)
    return _sorted_partition(nodes, _greedy(h, resolution))


def _modularity(h, communities: list[list[int]], resolution: float = 1.0) -> float:
    import networkx as nx

    if h.number_of_edges() == 0:
        return 0.0
    return nx.community.modularity(h, [set(c) for c in communities], weight="weight", resolution=resolution)


def modularity(g, communities: list[list], resolution: float = 1.0) -> float:
    """Weighted modularity of a partition of `g`'s nodes (0 for a graph without edges)."""
    h, nodes = _indexed(g)
    index = {node: i for i, node in enumerate(nodes)}
    return _modularity(h, [[index[n] for n in c] for c in communities], resolution)


def rand_index(first: list[list], second: list[list]) -> float:
    """The share of node pairs on which two partitions of the same nodes agree (together in both, or apart)."""
    where_first = {node: i for i, c in enumerate(first) for node in c}
    where_second = {node: i for i, c in enumerate(second) for node in c}
    if set(where_first) != set(where_second):
        raise AnalysisError("the two partitions do not cover the same nodes")
    n = len(where_first)
    if n < 2:
        return 1.0
    pairs = lambda counts: sum(k * (k - 1) // 2 for k in counts.values())  # noqa: E731
    together_both = pairs(Counter((where_first[v], where_second[v]) for v in where_first))
    together_first = pairs(Counter(where_first.values()))
    together_second = pairs(Counter(where_second.values()))
    total = n * (n - 1) // 2
    return (total - together_first - together_second + 2 * together_both) / total


def shared_ties(g, members: list, min_members: int = 2) -> list[tuple[str, int]]:
    """What a group's members most often share: (tie, how many members have it), most shared first.

    A member's ties are its neighbours, or, in a view whose edges list what they stand for in `shared`
    (the councils view), those shared things. Ties held by fewer than `min_members` members are left out.
    """
    counts: Counter = Counter()
    for member in members:
        ties: set = set()
        for other, data in g[member].items():
            if "shared" in data:
                ties.update(data["shared"])
            else:
                ties.add(other)
        counts.update(ties)
    return sorted(((tie, k) for tie, k in counts.items() if k >= min_members), key=lambda t: (-t[1], str(t[0])))


def shortest_paths(g, source, target, limit: int = 5) -> tuple[int, list[list]]:
    """(how many shortest paths join `source` and `target`, the first `limit` of them in sorted order).

    Paths count hops; each path is the list of nodes from `source` to `target`.
    """
    for node in (source, target):
        if node not in g:
            raise AnalysisError(f"{node} is not in the graph")
    if source == target:
        raise AnalysisError("the two ends of a path must be different entities")
    distance = {source: 0}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        for other in sorted(g[node]):
            if other not in distance:
                distance[other] = distance[node] + 1
                queue.append(other)
    if target not in distance:
        raise AnalysisError("no path joins them: they are in different components")
    on_path = {target}  # nodes on some shortest source-target path, found walking back from target
    frontier = [target]
    while frontier:
        frontier = sorted({p for node in frontier for p in g[node] if distance.get(p) == distance[node] - 1} - on_path)
        on_path.update(frontier)
    ways = {source: 1}
    for node in sorted(on_path, key=lambda v: distance[v]):
        if node != source:
            ways[node] = sum(ways[p] for p in g[node] if p in on_path and distance[p] == distance[node] - 1)
    paths: list[list] = []

    def walk(path):
        if len(paths) >= limit:
            return
        node = path[-1]
        if node == target:
            paths.append(list(path))
            return
        for other in sorted(o for o in g[node] if o in on_path and distance[o] == distance[node] + 1):
            walk(path + [other])

    walk([source])
    return ways[target], paths


def similar(g, node, method: str = "jaccard", top: int = 10) -> list[dict]:
    """The nodes most like `node` by shared neighbours: [{"node", "score", "shared"}], best first.

    jaccard: shared / all neighbours of either; adamic-adar: the sum over shared neighbours w of
    1 / log(degree(w)), so a rare shared neighbour counts for more than a hub.
    """
    if method not in SIMILARITY_METHODS:
        raise AnalysisError(f"unknown similarity method {method!r}; methods: {', '.join(SIMILARITY_METHODS)}")
    if node not in g:
        raise AnalysisError(f"{node} is not in the graph")
    mine = set(g[node]) - {node}
    candidates = sorted({other for n in mine for other in g[n]} - {node})
    found = []
    for other in candidates:
        theirs = set(g[other]) - {other}
        shared = sorted(mine & theirs)
        if method == "jaccard":
            score = len(shared) / len(mine | theirs)
        else:
            score = sum(1.0 / math.log(g.degree(w)) for w in shared)
        found.append({"node": other, "score": score, "shared": shared})
    found.sort(key=lambda f: (-f["score"], f["node"]))
    return found[:top]
