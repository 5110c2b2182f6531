"""Linear-time searches the analytics build on (graph.network.analytics re-exports what is public).

- `cut_structure`: the articulation points and bridges of a graph, with the sizes of the pieces each
  leaves, from one depth-first search per component (it replaced a breadth-first search per point and
  per bridge, O(nodes x edges), with the same answers);
- `closeness_pivots` and `pivot_closeness`: closeness estimated from K pivots per component
  (Eppstein-Wang), one breadth-first search per pivot; the igraph engine (graph.network.fast) uses the
  same pivots.

Every function takes the integer-labelled graph graph.network.analytics makes (nodes 0..n-1 in sorted
order) and returns plain data in node numbers.
"""

from __future__ import annotations

import random

from ..choices import DEFAULT_SEED

__all__ = ["cut_structure", "closeness_pivots", "pivot_closeness"]


def cut_structure(h) -> tuple[dict[int, list[int]], list[tuple[int, int, int]]]:
    """The articulation points and bridges of an indexed graph, from one depth-first search per component.

    Returns ({point: sizes of the pieces its component falls into without it, largest first}, [(a, b, size
    of the smaller side) for each bridge a < b]). Linear in nodes + edges (Hopcroft-Tarjan low points):
    a child c of p in the search tree whose subtree reaches no higher than p (low[c] >= disc[p]) is a
    piece of subtree[c] nodes once p is taken out; the rest of p's component (p's parent side) is one
    more piece. An edge p-c is a bridge when low[c] > disc[p], and cuts off subtree[c] nodes.
    """
    n = h.number_of_nodes()
    disc, low, subtree, parent = [-1] * n, [0] * n, [1] * n, [-1] * n
    points: dict[int, list[int]] = {}
    bridges: list[tuple[int, int, int]] = []
    clock = 0
    for root in range(n):
        if disc[root] != -1:
            continue
        disc[root] = low[root] = clock
        clock += 1
        below: dict[int, list[int]] = {}  # node -> sizes of the subtrees that fall away from it
        spans: list[tuple[int, int, int]] = []  # bridges in this component: (parent, child, child's subtree)
        stack = [(root, iter(h[root]))]
        while stack:
            node, neighbours = stack[-1]
            for other in neighbours:
                if disc[other] == -1:
                    parent[other] = node
                    disc[other] = low[other] = clock
                    clock += 1
                    stack.append((other, iter(h[other])))
                    break
                if other != parent[node] and disc[other] < low[node]:
                    low[node] = disc[other]
            else:
                stack.pop()
                up = parent[node]
                if up != -1:
                    subtree[up] += subtree[node]
                    if low[node] < low[up]:
                        low[up] = low[node]
                    if low[node] >= disc[up]:
                        below.setdefault(up, []).append(subtree[node])
                    if low[node] > disc[up]:
                        spans.append((up, node, subtree[node]))
        size = subtree[root]
        for point, sizes in below.items():
            if point != root:
                sizes = [*sizes, size - 1 - sum(sizes)]  # the parent side
            if len(sizes) > 1:
                points[point] = sorted(sizes, reverse=True)
        for a, b, side in spans:
            bridges.append((min(a, b), max(a, b), min(side, size - side)))
    return points, bridges


def closeness_pivots(components: list[list[int]], sample: int, seed: int = DEFAULT_SEED) -> list[list[int] | None]:
    """The pivots of each component for closeness estimated from `sample`: None (exact) for a component of at
    most `sample` nodes, else `sample` of its nodes drawn with `seed` (one generator, components in order)."""
    rng = random.Random(seed)
    return [None if len(c) <= sample else sorted(rng.sample(c, sample)) for c in components]


def pivot_closeness(h, components: list[list[int]], chosen: list[list[int] | None]) -> dict[int, float]:
    """Wasserman-Faust closeness of an indexed graph, per component exact (pivots None) or estimated from
    the component's pivots (Eppstein-Wang): a non-pivot's within-component closeness is the number of
    pivots over the sum of its distances to them, a pivot's own is exact (its search reaches everything).
    One breadth-first search per pivot (per node of an exact component)."""
    import networkx as nx

    n = h.number_of_nodes()
    values = {i: 0.0 for i in h}
    for component, pivots in zip(components, chosen):
        size = len(component)
        if size < 2:
            continue
        sums = dict.fromkeys(component, 0)
        own = {}
        for pivot in component if pivots is None else pivots:
            lengths = nx.single_source_shortest_path_length(h, pivot)
            for v, d in lengths.items():
                sums[v] += d
            own[pivot] = sum(lengths.values())
        factor = (size - 1) / (n - 1)
        if pivots is not None:
            for v in component:
                if v not in own:
                    values[v] = len(pivots) / sums[v] * factor
        for v, total in own.items():  # a pivot's closeness is exact, computed as networkx does
            value = (size - 1) / total
            value *= factor
            values[v] = value
    return values
