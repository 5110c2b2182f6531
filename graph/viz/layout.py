"""Where the nodes go: a seeded ForceAtlas2 layout of each component packed in rows, or rings around a
focused entity; then overlapping nodes pushed apart, rounded to whole pixels (the same data, the same
positions). Large views (graph.viz.largelayout.is_large: more than 2,000 nodes or 5,000 edges) take the steps
of graph.viz.largelayout instead of ForceAtlas2 and the pairwise push, whose n×n arrays do not fit a large graph."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from .largelayout import force_layout, is_large, jittered, move_capped, separate_pixels, spread_apart
from .style import TYPE_STYLE

__all__ = ["undirected_view", "layout", "PHYSICS_NODE_LIMIT"]

PHYSICS_NODE_LIMIT = 300  # a reader may switch physics on in views of up to this many nodes


def undirected_view(view):
    """One undirected edge per pair of distinct nodes; `weight` the view's weight or the relations merged."""
    import networkx as nx

    u = nx.Graph()
    u.add_nodes_from((n, {"label": view.nodes[n]["label"], "type": view.nodes[n]["type"]}) for n in sorted(view.nodes))
    weights: Counter = Counter()
    for a, b, data in view.edges(data=True):
        if a != b:
            weights[tuple(sorted((a, b)))] += data.get("weight", 1)
    for (a, b), weight in sorted(weights.items()):
        u.add_edge(a, b, weight=weight)
    return u


def _induced(u, members: list[str]):
    """The subgraph of `u` on `members`, built in sorted order (a NetworkX subgraph view iterates its nodes
    in the order of a set, which changes with the hash seed, and the layout depends on that order)."""
    import networkx as nx

    sub = nx.Graph()
    sub.add_nodes_from((n, u.nodes[n]) for n in sorted(members))
    keep = set(members)
    sub.add_edges_from(
        sorted((min(a, b), max(a, b), d) for a, b, d in u.edges(sorted(members), data=True) if a in keep and b in keep)
    )
    return sub


def layout(
    u, sizes: dict[str, float], seed: int, focus: str | None = None, large: bool | None = None
) -> dict[str, tuple[int, int]]:
    """Whole-pixel positions: rings around `focus` if given, else a seeded ForceAtlas2 layout (weighted,
    strong gravity) of each connected component, packed in rows; then nodes that overlap are pushed apart.
    A `large` view (by default, graph.viz.largelayout.is_large of `u`) is laid out by graph.viz.largelayout:
    multilevel Fruchterman–Reingold per component, overlaps found with a k-d tree, one node to a pixel."""
    import networkx as nx

    large = is_large(u.number_of_nodes(), u.number_of_edges()) if large is None else large
    if focus is not None:
        pos = _rings(u, focus)
    else:
        components = sorted((sorted(c) for c in nx.connected_components(u)), key=lambda c: (-len(c), c[0]))
        placed = []
        for members in components:
            if len(members) < 3:
                raw = {n: (float(i), 0.0) for i, n in enumerate(members)}
            elif large:  # in pixels already, the nearest neighbours a node's room apart
                placed.append((members, force_layout(_induced(u, members), seed)))
                continue
            else:
                sub = _induced(u, members)
                # strong gravity keeps outlying groups close, so the nodes spread evenly over the page
                raw = nx.forceatlas2_layout(
                    sub,
                    seed=seed,
                    max_iter=120 if len(members) > PHYSICS_NODE_LIMIT else 200,
                    weight="weight",
                    strong_gravity=True,
                )
            spacing = 60.0 if len(members) > PHYSICS_NODE_LIMIT else 100.0  # room per node, as a length
            placed.append(
                (
                    members,
                    _fit(
                        {n: (float(x), float(y)) for n, (x, y) in raw.items()},
                        spacing * math.sqrt(len(members)) if len(members) > 1 else 0.0,
                    ),
                )
            )
        pos = _pack(placed)
    if large:
        spread = spread_apart(pos, sizes, margin=10.0)
        return separate_pixels({n: (round(x), round(y)) for n, (x, y) in sorted(spread.items())})
    pos = _spread(pos, sizes, margin=10.0 if len(pos) > PHYSICS_NODE_LIMIT else 30.0)
    return {n: (round(x), round(y)) for n, (x, y) in sorted(pos.items())}


def _rings(u, focus: str, sweeps: int = 4) -> dict[str, tuple[float, float]]:
    """The focus in the middle, the nodes one step away on a ring around it, two steps on the next...
    Rings are ordered to cut crossings: each node goes to the mean angle of its neighbours on the
    adjacent rings, sweeping outwards and back a few times (a circular barycentre heuristic)."""
    import networkx as nx

    distance = nx.single_source_shortest_path_length(u, focus)
    rings: dict[int, list[str]] = defaultdict(list)
    for node, d in sorted(distance.items()):
        rings[d].append(node)
    depth = max(rings)
    type_order = list(TYPE_STYLE)
    rank = {t: i for i, t in enumerate(type_order)}
    angle = {focus: 0.0}

    def place(d: int, order: list[str]) -> None:
        for i, node in enumerate(order):
            angle[node] = 2 * math.pi * i / len(order)

    def mean_angle(node: str, ring: int) -> float | None:
        around = [angle[m] for m in u[node] if distance[m] == ring]
        if not around:
            return None
        return math.atan2(sum(map(math.sin, around)), sum(map(math.cos, around))) % (2 * math.pi)

    def reorder(d: int, towards: int) -> None:
        keyed = []
        for node in rings[d]:
            preferred = mean_angle(node, towards)
            keyed.append((round(angle[node] if preferred is None else preferred, 9), node))
        place(d, [node for _, node in sorted(keyed)])

    if depth >= 1:
        place(1, sorted(rings[1], key=lambda n: (rank.get(u.nodes[n]["type"], len(rank)), u.nodes[n]["label"], n)))
    for d in range(2, depth + 1):
        reorder(d, d - 1)
    for _ in range(sweeps):
        for d in range(depth - 1, 0, -1):
            reorder(d, d + 1)
        for d in range(2, depth + 1):
            reorder(d, d - 1)
    pos = {focus: (0.0, 0.0)}
    radius = 0.0
    for d in range(1, depth + 1):
        radius = max(radius + 260.0, len(rings[d]) * 62.0 / (2 * math.pi))
        stagger = 70.0 if len(rings[d]) > 16 else 0.0  # alternate nodes out a little, so labels clear
        for node in rings[d]:
            a = angle[node] - math.pi / 2
            r = radius + stagger * (round(angle[node] * len(rings[d]) / (2 * math.pi)) % 2)
            pos[node] = (1.3 * r * math.cos(a), r * math.sin(a))
    return pos


def _fit(pos: dict, radius: float) -> dict:
    """Centre `pos` and scale it so that its median point lies radius/2 from the centre (outlying groups
    stay out, without squeezing the rest together); wider than tall."""
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    distances = sorted(math.hypot(x - cx, y - cy) for x, y in pos.values())
    middle = distances[len(distances) // 2] or distances[-1] or 1.0
    scale = radius / 2 / middle
    return {n: (1.35 * (x - cx) * scale, (y - cy) * scale) for n, (x, y) in pos.items()}


def _pack(
    placed: list[tuple[list[str], dict]], across: float = 250.0, down: float = 110.0
) -> dict[str, tuple[float, float]]:
    """The largest component first, the others in rows beneath it, left to right, `across` apart (room
    for a label) and `down` between rows."""
    out: dict[str, tuple[float, float]] = {}
    extents = []
    for _members, pos in placed:
        xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
        extents.append((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    width = max(max(w for _, _, w, _ in extents), 1500.0)
    x0 = y0 = row = 0.0
    for (members, pos), (left, top, w, h) in zip(placed, extents):
        if x0 > 0 and x0 + w > width:
            x0, y0, row = 0.0, y0 + row + down, 0.0
        for node in members:
            x, y = pos[node]
            out[node] = (x0 + x - left, y0 + y - top)
        x0 += w + across
        row = max(row, h)
    return out


def _spread(pos: dict[str, tuple[float, float]], sizes: dict[str, float], margin: float, rounds: int = 60) -> dict:
    """Push apart nodes closer than their radii plus `margin`, for a few rounds, deterministically."""
    import numpy as np

    if len(pos) < 2:
        return dict(pos)
    nodes, x, y, radius = jittered(pos, sizes)
    need = radius[:, None] + radius[None, :] + margin
    np.fill_diagonal(need, 0.0)
    for _ in range(rounds):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        dist = np.maximum(np.hypot(dx, dy), 1e-9)
        push = np.maximum(need - dist, 0.0)
        if not push.any():
            break
        push /= dist
        step_x, step_y = 0.5 * (push * dx).sum(1), 0.5 * (push * dy).sum(1)
        move_capped(x, y, step_x, step_y)
    return {k: (float(a), float(b)) for k, a, b in zip(nodes, x, y)}
