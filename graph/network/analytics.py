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
  within its component times (reachable - 1) / (n - 1).
- eigenvector centrality is computed per connected component (each component's principal eigenvector,
  unit length) and scaled by sqrt(component size / n), so the whole vector has unit length and a node
  in a small component cannot outrank the hubs of the large one merely by being central in its corner;
  isolated nodes score 0.
- PageRank (damping 0.85) is networkx's, on the undirected weighted graph; an isolated node's rank is
  spread evenly over all nodes.
"""

from __future__ import annotations

import math
from collections import Counter, deque

from ..choices import DEFAULT_SEED, SIMILARITY_METHODS
from ..errors import AnalysisError

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
    "all_metrics",
]

# DEFAULT_SEED and SIMILARITY_METHODS are the command line's choices (graph.choices), re-exported here


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


def components(g) -> list[list]:
    """The connected components, largest first (ties by first member), each sorted."""
    import networkx as nx

    h, nodes = _indexed(g)
    found = [sorted(nodes[i] for i in c) for c in nx.connected_components(h)]
    return sorted(found, key=lambda c: (-len(c), c[0]))


def degree(g) -> dict:
    """Number of distinct neighbours of each node."""
    h, nodes = _indexed(g)
    return _named(nodes, {i: h.degree(i) for i in h})


def weighted_degree(g) -> dict:
    """Sum of the `weight` of each node's edges (1 for an edge without one)."""
    h, nodes = _indexed(g)
    return _named(nodes, {i: h.degree(i, weight="weight") for i in h})


def betweenness(g, sample: int | None = None, seed: int = DEFAULT_SEED) -> dict:
    """Normalised betweenness (hops); exact, or estimated from `sample` source nodes drawn with `seed`."""
    import networkx as nx

    h, nodes = _indexed(g)
    if sample is not None and not 1 <= sample <= len(nodes):
        raise AnalysisError(
            f"the betweenness sample must be between 1 and the number of entities in the view "
            f"({len(nodes)}), not {sample}"
        )
    return _named(nodes, nx.betweenness_centrality(h, k=sample, normalized=True, seed=seed))


def closeness(g) -> dict:
    """Closeness (hops), Wasserman-Faust corrected on a graph that is not connected."""
    import networkx as nx

    h, nodes = _indexed(g)
    return _named(nodes, nx.closeness_centrality(h, wf_improved=True))


def eigenvector(g, tol: float = 1e-10, max_iter: int = 1000) -> dict:
    """Weighted eigenvector centrality per connected component, scaled by sqrt(size / n); isolates 0."""
    import networkx as nx

    h, nodes = _indexed(g)
    n = len(nodes)
    scores = {i: 0.0 for i in h}
    for component in nx.connected_components(h):
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
    return _named(nodes, scores)


def pagerank(g, alpha: float = 0.85, tol: float = 1e-12, max_iter: int = 1000) -> dict:
    """PageRank of the undirected weighted graph (networkx's, power iteration); the ranks sum to 1."""
    import networkx as nx

    h, nodes = _indexed(g)
    if not nodes:
        return {}
    try:
        ranks = nx.pagerank(h, alpha=alpha, weight="weight", tol=tol, max_iter=max_iter)
    except nx.PowerIterationFailedConvergence as exc:
        raise AnalysisError(f"PageRank did not converge in {max_iter} iterations") from exc
    return _named(nodes, ranks)


def clustering(g) -> dict:
    """Local clustering coefficient (unweighted): the share of a node's neighbour pairs that are linked."""
    import networkx as nx

    h, nodes = _indexed(g)
    return _named(nodes, {i: float(c) for i, c in nx.clustering(h).items()})


def core_number(g) -> dict:
    """The largest k such that the node belongs to the k-core (every member has k neighbours in it)."""
    import networkx as nx

    h, nodes = _indexed(g)
    return _named(nodes, nx.core_number(h))


def _pieces_without(h, point) -> list[int]:
    """Sizes of the parts `point`'s component falls into when `point` is taken out, largest first."""
    rest = _reach(h, point, set(), None) - {point}
    seen, sizes = {point}, []
    for node in sorted(rest):
        if node not in seen:
            piece = _reach(h, node, {point}, None)
            seen |= piece
            sizes.append(len(piece))
    return sorted(sizes, reverse=True)


def _reach(h, start, blocked: set, removed_edge) -> set:
    found, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        for other in h[node]:
            if other in found or other in blocked:
                continue
            if removed_edge is not None and {node, other} == removed_edge:
                continue
            found.add(other)
            queue.append(other)
    return found


def articulation_points(g) -> list[dict]:
    """The brokers: nodes whose removal splits their component.

    Each is {"node", "pieces" (how many parts the component falls into), "separates" (how many nodes end
    up apart from the largest part)}; most separating first, then by node.
    """
    import networkx as nx

    h, nodes = _indexed(g)
    found = []
    for point in sorted(nx.articulation_points(h)):
        sizes = _pieces_without(h, point)
        found.append({"node": nodes[point], "pieces": len(sizes), "separates": sum(sizes[1:])})
    return sorted(found, key=lambda p: (-p["separates"], -p["pieces"], p["node"]))


def bridges(g) -> list[dict]:
    """Edges whose removal splits their component: {"ends": [a, b], "separates": size of the smaller side}."""
    import networkx as nx

    h, nodes = _indexed(g)
    found = []
    for a, b in sorted(tuple(sorted(e)) for e in nx.bridges(h)):
        side = _reach(h, a, set(), {a, b})
        whole = _reach(h, a, set(), None)
        found.append({"ends": [nodes[a], nodes[b]], "separates": min(len(side), len(whole) - len(side))})
    return sorted(found, key=lambda e: (-e["separates"], e["ends"]))


def _sorted_partition(nodes: list, communities) -> list[list]:
    named = [sorted(nodes[i] for i in c) for c in communities]
    return sorted(named, key=lambda c: (-len(c), c[0]))


def louvain_communities(g, seed: int = DEFAULT_SEED, resolution: float = 1.0) -> list[list]:
    """Louvain communities (weighted, seeded): largest first, each sorted."""
    import networkx as nx

    h, nodes = _indexed(g)
    return _sorted_partition(
        nodes, nx.community.louvain_communities(h, weight="weight", resolution=resolution, seed=seed)
    )


def greedy_communities(g, resolution: float = 1.0) -> list[list]:
    """Clauset-Newman-Moore greedy modularity communities (weighted; deterministic, needs no seed)."""
    import networkx as nx

    h, nodes = _indexed(g)
    if h.number_of_edges() == 0:
        return _sorted_partition(nodes, [{i} for i in h])
    return _sorted_partition(
        nodes, nx.community.greedy_modularity_communities(h, weight="weight", resolution=resolution)
    )


def modularity(g, communities: list[list], resolution: float = 1.0) -> float:
    """Weighted modularity of a partition of `g`'s nodes (0 for a graph without edges)."""
    import networkx as nx

    h, nodes = _indexed(g)
    if h.number_of_edges() == 0:
        return 0.0
    index = {node: i for i, node in enumerate(nodes)}
    return nx.community.modularity(
        h, [{index[n] for n in c} for c in communities], weight="weight", resolution=resolution
    )


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


def all_metrics(g, seed: int = DEFAULT_SEED, sample: int | None = None) -> dict:
    """Every metric and both partitions of `g`, as plain data (what `analyse` and metrics.ttl report)."""
    louvain = louvain_communities(g, seed=seed)
    greedy = greedy_communities(g)
    return {
        "scores": {
            "degree": degree(g),
            "weighted_degree": weighted_degree(g),
            "betweenness": betweenness(g, sample=sample, seed=seed),
            "closeness": closeness(g),
            "eigenvector": eigenvector(g),
            "pagerank": pagerank(g),
            "clustering": clustering(g),
            "core_number": core_number(g),
        },
        "articulation_points": articulation_points(g),
        "bridges": bridges(g),
        "components": components(g),
        "partitions": {
            "louvain": {"communities": louvain, "modularity": modularity(g, louvain)},
            "greedy": {"communities": greedy, "modularity": modularity(g, greedy)},
        },
        "agreement": rand_index(louvain, greedy),
    }
