"""Where the nodes go in a large view: memory linear in the edges, the same positions for the same data.

graph.viz.layout lays out views of up to LARGE_VIEW_NODES nodes with NetworkX's ForceAtlas2 and pushes
overlapping nodes apart pair by pair: both build n×n arrays, which is fine for the project's own graph (about
730 nodes) and impossible at 47,000 (a 16 GiB matrix). Above the threshold it calls the steps here instead, and
packs the components in rows as it does for small views:

- `force_layout`, for each connected component: a seeded multilevel Fruchterman–Reingold layout. igraph's
  Louvain (`community_multilevel`) groups the component, the graph of those groups is laid out first, each
  node starts near its group's place, and igraph's grid Fruchterman–Reingold (`layout_fruchterman_reingold`,
  `grid=True`: repulsion only between nodes in neighbouring grid cells) refines it. Memory and time per
  iteration are linear in nodes plus edges; the result is scaled so that a node's nearest neighbour is
  typically NEIGHBOUR_GAP pixels away. Starting from the groups is what makes the picture readable: plain
  Fruchterman–Reingold from a random start folds a graph of this size into one uniform disc, while this shows
  its clusters (at 64× the seed graph, its copies and the ties between them); DrL (`layout_drl`) shows them
  too, but crushes each cluster into a few points (hundreds of nodes on one spot to pull apart), and is much
  slower (8 s against half a second at 4×). ForceAtlas2 with Barnes–Hut would need a hand-written quadtree in
  Python. A community overview (a node per group) was not chosen: it would hide the entities a reader searches
  for, where this page keeps every one of them findable, and --focus already gives the close-up.
- `spread_apart`: nodes closer than their radii plus a margin pushed apart, as graph.viz.layout does, but only
  over the pairs a k-d tree (SciPy's `cKDTree.query_pairs`) finds within reach, not all n² of them; a layout
  dense enough to make that list long is first stretched, so the pairs stay linear in the nodes.
- `separate_pixels`: after rounding, a node that shares its pixel with another moves to the nearest free one.

Deterministic: the nodes and edges go to igraph in sorted order, igraph draws its random numbers from
`random.Random(seed)` (restored to igraph's default, the `random` module, afterwards), and every step after
it is arithmetic in a fixed order; no result hangs on the hash seed. The page for such a view is lighter too:
graph.viz.options hides its edges while the reader drags or zooms, and graph.viz.render writes it for
assets/network-large.js, which reads tooltips, table rows and the search index only when they are asked for.
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "LARGE_VIEW_NODES",
    "LARGE_VIEW_EDGES",
    "is_large",
    "force_layout",
    "spread_apart",
    "separate_pixels",
    "jittered",
    "move_capped",
]

# views of more nodes than this use the steps here (and the light page); the project's own full view (about
# 730 nodes) stays well below it, and below it ForceAtlas2's n×n arrays stay under about 30 MB each and its
# layout under a minute, while above it (4× the seed graph: 2,940 nodes) this layout is faster and as readable
LARGE_VIEW_NODES = 2000
# or of more edges than this: a page's tables hold a row per edge, and at 16,000 rows a browser takes seconds to
# lay them out (the councils view at 16× the seed graph: 1,424 nodes, 16,296 edges); the project's views have
# at most about 1,150
LARGE_VIEW_EDGES = 5000
NEIGHBOUR_GAP = 48.0  # pixels from a node to its nearest neighbour, typically, before overlaps are removed
_ITERATIONS = 100  # Fruchterman–Reingold iterations, after the start from the groups
# the start's scale, in Fruchterman–Reingold's units: a group of k nodes in a disc of radius 0.3·√k is about as
# dense as igraph's grid variant leaves it; a sparser start takes several times as long to pull together
_START_SCALE = 0.3
_PAIRS_PER_NODE = 64  # spread_apart stretches a layout whose pairs within reach would exceed this many per node


def is_large(nodes: int, edges: int = 0) -> bool:
    """Whether a view of `nodes` nodes and `edges` edges is laid out and drawn as a large one (the limits are
    read when called, so that a test may lower them)."""
    return nodes > LARGE_VIEW_NODES or edges > LARGE_VIEW_EDGES


def force_layout(u: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Positions for the connected graph `u` (nodes and edges added in sorted order, `weight` on each edge):
    its groups laid out first, then grid Fruchterman–Reingold from there. Linear memory; seeded."""
    import igraph  # type: ignore[import-untyped,unused-ignore]

    nodes = list(u.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edges = sorted(
        (min(index[a], index[b]), max(index[a], index[b]), float(d.get("weight", 1))) for a, b, d in u.edges(data=True)
    )
    g = igraph.Graph(n=len(nodes), edges=[(a, b) for a, b, _ in edges])
    weights = [w for _, _, w in edges]
    rng = random.Random(seed)
    igraph.set_random_number_generator(rng)
    try:
        start = _start(g, weights, rng)
        coords = g.layout_fruchterman_reingold(
            weights=weights, niter=_ITERATIONS, seed=start, grid=True, start_temp=math.sqrt(len(nodes)) / 30
        ).coords
    finally:
        igraph.set_random_number_generator(random)  # igraph's default
    return _in_pixels(nodes, coords)


def _in_pixels(nodes: list[str], coords: list) -> dict[str, tuple[float, float]]:
    """`coords` centred and scaled so that a node's nearest neighbour is typically NEIGHBOUR_GAP pixels
    away (the density, not the spread of a layout with gaps between its groups, sets the scale); wider than
    tall, as graph.viz.layout's ForceAtlas2 pages are."""
    import numpy as np
    from scipy.spatial import cKDTree  # type: ignore[import-untyped,unused-ignore]

    points = np.array(coords, dtype=float)
    points -= points.mean(axis=0)
    nearest = cKDTree(points).query(points, k=2)[0][:, 1]
    points *= NEIGHBOUR_GAP / max(float(np.median(nearest)), 1e-9)
    return {node: (1.35 * float(x), float(y)) for node, (x, y) in zip(nodes, points)}


def _start(g, weights: list[float], rng: random.Random) -> list[list[float]]:
    """Each node's starting place: near its group's (Louvain) place in a layout of the graph of groups, in a
    disc whose area follows the group's size."""
    membership = g.community_multilevel(weights=weights).membership
    groups = max(membership) + 1
    sizes = [0] * groups
    for group in membership:
        sizes[group] += 1
    centres = _group_centres(g, weights, membership, groups, rng)
    start = []
    for group in membership:
        angle, reach = 2 * math.pi * rng.random(), _START_SCALE * math.sqrt(sizes[group] * rng.random())
        cx, cy = centres[group]
        start.append([cx + reach * math.cos(angle), cy + reach * math.sin(angle)])
    return start


def _group_centres(g, weights: list[float], membership: list[int], groups: int, rng: random.Random) -> list:
    """The groups' places: Fruchterman–Reingold on the graph of groups (an edge weighted by the ties between
    two groups), scaled so that neighbouring groups sit about two group radii apart."""
    import igraph  # type: ignore[import-untyped,unused-ignore]
    import numpy as np
    from scipy.spatial import cKDTree  # type: ignore[import-untyped,unused-ignore]

    if groups == 1:
        return [(0.0, 0.0)]
    tie: dict[tuple[int, int], float] = {}
    for (a, b), weight in zip(g.get_edgelist(), weights):
        pair = (min(membership[a], membership[b]), max(membership[a], membership[b]))
        if pair[0] != pair[1]:
            tie[pair] = tie.get(pair, 0.0) + weight
    pairs = sorted(tie)
    coarse = igraph.Graph(n=groups, edges=pairs)
    seed = [[rng.random(), rng.random()] for _ in range(groups)]
    placed = np.array(coarse.layout_fruchterman_reingold(weights=[tie[p] for p in pairs] or None, seed=seed).coords)
    placed -= placed.mean(axis=0)
    nearest = cKDTree(placed).query(placed, k=2)[0][:, 1]
    sizes = np.bincount(np.array(membership), minlength=groups)
    scale = _START_SCALE * (2 * math.sqrt(float(np.median(sizes))) + 2) / max(float(np.median(nearest)), 1e-9)
    return [(float(x), float(y)) for x, y in placed * scale]


def spread_apart(
    pos: dict[str, tuple[float, float]], sizes: dict[str, float], margin: float, rounds: int = 60
) -> dict[str, tuple[float, float]]:
    """Push apart nodes closer than their radii plus `margin`, for a few rounds, deterministically; each round
    looks only at the pairs within reach of each other (a k-d tree), so memory is linear in the nodes."""
    import numpy as np
    from scipy.spatial import cKDTree  # type: ignore[import-untyped,unused-ignore]

    if len(pos) < 2:
        return dict(pos)
    nodes, x, y, radius = jittered(pos, sizes)
    n = len(nodes)
    reach = 2 * float(radius.max()) + margin
    x, y = _stretched(x, y, reach, _PAIRS_PER_NODE * n)
    for _ in range(rounds):
        pairs = cKDTree(np.column_stack((x, y))).query_pairs(reach, output_type="ndarray")
        if not len(pairs):
            break
        pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]  # a fixed order, whatever the tree's
        i, j = pairs[:, 0], pairs[:, 1]
        dx, dy = x[i] - x[j], y[i] - y[j]
        dist = np.maximum(np.hypot(dx, dy), 1e-9)
        push = np.maximum(radius[i] + radius[j] + margin - dist, 0.0)
        if not push.any():
            break
        push /= dist
        step_x = 0.5 * (np.bincount(i, push * dx, n) - np.bincount(j, push * dx, n))
        step_y = 0.5 * (np.bincount(i, push * dy, n) - np.bincount(j, push * dy, n))
        move_capped(x, y, step_x, step_y)
    return {k: (float(a), float(b)) for k, a, b in zip(nodes, x, y)}


def jittered(pos: dict[str, tuple[float, float]], sizes: dict[str, float]):
    """The nodes in sorted order, their x and y (numpy arrays), each moved by a tiny offset that depends only
    on the node's place in that order, which parts coincident points, and their radii: what both the pairwise
    spacing (graph.viz.layout) and the k-d tree spacing start from."""
    import numpy as np

    nodes = sorted(pos)
    index = np.arange(len(nodes), dtype=float)
    x = np.array([pos[k][0] for k in nodes], dtype=float) + 1e-3 * np.cos(index)
    y = np.array([pos[k][1] for k in nodes], dtype=float) + 1e-3 * np.sin(index)
    radius = np.array([sizes[k] for k in nodes], dtype=float)
    return nodes, x, y, radius


def move_capped(x, y, step_x, step_y) -> None:
    """Move the nodes at (x, y) by their steps in place, each by at most 30 pixels (one round of spacing)."""
    import numpy as np

    length = np.maximum(np.hypot(step_x, step_y), 1e-9)
    cap = np.minimum(1.0, 30.0 / length)
    x += step_x * cap
    y += step_y * cap


def _stretched(x, y, reach: float, budget: int):
    """`x`, `y` stretched about their centre until the pairs within `reach` number at most about `budget`
    (estimated from a grid of cells `reach` wide: a pair is within reach only in the same or a touching cell)."""
    import numpy as np

    for _ in range(20):
        cells = np.column_stack((np.floor(x / reach), np.floor(y / reach)))
        _, counts = np.unique(cells, axis=0, return_counts=True)
        estimate = 4.5 * float((counts.astype(float) ** 2).sum())  # a cell and its eight neighbours, halved
        if estimate <= budget:
            break
        factor = math.sqrt(estimate / budget)
        cx, cy = float(x.mean()), float(y.mean())
        x, y = cx + (x - cx) * factor, cy + (y - cy) * factor
    return x, y


def separate_pixels(pos: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Whole-pixel positions with no two nodes on the same pixel: in sorted order, a node whose pixel is
    taken moves to the nearest free one (searched ring by ring)."""
    taken: set[tuple[int, int]] = set()
    out = {}
    for node in sorted(pos):
        x0, y0 = spot = pos[node]
        ring = 0
        while spot in taken:
            ring += 1
            spot = next(((x0 + dx, y0 + dy) for dx, dy in _ring(ring) if (x0 + dx, y0 + dy) not in taken), spot)
        taken.add(spot)
        out[node] = spot
    return out


def _ring(r: int):
    """The offsets at Chebyshev distance `r`, nearest first (ties in a fixed order), so the search is deterministic."""
    offsets = [(dx, dy) for dx in range(-r, r + 1) for dy in range(-r, r + 1) if max(abs(dx), abs(dy)) == r]
    return sorted(offsets, key=lambda d: (d[0] ** 2 + d[1] ** 2, d))
