"""Benchmark: exact against sampled (approximate) betweenness, and the cost of every metric.

    .venv/bin/python benchmarks/analytics_bench.py [--repeat N] [--sizes 2000,5000]   (default: --sizes 2000)

For the real graph's full view and for seeded scale-free graphs (Barabási–Albert, m = 2) of the given
sizes it times exact betweenness and the estimate from K sampled sources (K = 50, 100, 200), and says
how good the estimate is: the largest absolute error, Spearman's rank correlation over all nodes, and
how many of the exact top 10 the estimate also puts in its top 10. Then it times each metric of
`analytics.all_metrics` on the full view. Prints Markdown (the report is in docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import networkx as nx  # noqa: E402
from timing import timed  # noqa: E402

from graph.network import analytics  # noqa: E402
from graph.network.projection import as_undirected, full_view  # noqa: E402
from graph.query.loading import load_export  # noqa: E402

SAMPLES = (50, 100, 200)
SEED = 42


def ranks(scores: dict) -> dict:
    """Average ranks (1 = highest), ties sharing the mean of their positions."""
    ordered = sorted(scores, key=lambda n: -scores[n])
    out, i = {}, 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and scores[ordered[j + 1]] == scores[ordered[i]]:
            j += 1
        for k in range(i, j + 1):
            out[ordered[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(a: dict, b: dict) -> float:
    ra, rb = ranks(a), ranks(b)
    nodes = sorted(a)
    xa, xb = [ra[n] for n in nodes], [rb[n] for n in nodes]
    ma, mb = statistics.fmean(xa), statistics.fmean(xb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(xa, xb))
    var = (sum((x - ma) ** 2 for x in xa) * sum((y - mb) ** 2 for y in xb)) ** 0.5
    return cov / var if var else 1.0


def top(scores: dict, k: int = 10) -> set:
    return set(sorted(scores, key=lambda n: (-scores[n], n))[:k])


def compare(name: str, g, repeat: int) -> list[str]:
    exact_time, exact = timed(lambda: analytics.betweenness(g), repeat)
    size = f"| {name} | {g.number_of_nodes()} | {g.number_of_edges()} |"
    rows = [f"{size} exact | {exact_time:.2f} | 0 | 1.000 | 10/10 |"]
    for k in SAMPLES:
        if k >= g.number_of_nodes():
            continue
        t, approx = timed(lambda: analytics.betweenness(g, sample=k, seed=SEED), repeat)
        error = max(abs(approx[n] - exact[n]) for n in g)
        rows.append(
            f"{size} K = {k} | {t:.2f} | "
            f"{error:.4f} | {spearman(exact, approx):.3f} | {len(top(exact) & top(approx))}/10 |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="2000")
    args = parser.parse_args()
    full = as_undirected(full_view(load_export()))
    graphs = [("full view", full)]
    for n in [int(s) for s in args.sizes.split(",") if s]:
        graphs.append((f"BA n={n}", nx.barabasi_albert_graph(n, 2, seed=SEED)))
    print(f"Python {sys.version.split()[0]}, networkx {nx.__version__}; median of {args.repeat} runs\n")
    print("| graph | nodes | edges | betweenness | seconds | max abs error | Spearman | top 10 kept |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, g in graphs:
        for row in compare(name, g, args.repeat):
            print(row)
    print("\n| metric on the full view | seconds |\n| --- | --- |")
    metrics = [
        ("degree", analytics.degree),
        ("weighted degree", analytics.weighted_degree),
        ("betweenness (exact)", analytics.betweenness),
        ("closeness", analytics.closeness),
        ("eigenvector", analytics.eigenvector),
        ("PageRank", analytics.pagerank),
        ("clustering", analytics.clustering),
        ("k-core", analytics.core_number),
        ("articulation points", analytics.articulation_points),
        ("bridges", analytics.bridges),
        ("Louvain", analytics.louvain_communities),
        ("greedy modularity", analytics.greedy_communities),
    ]
    for name, fn in metrics:
        t, _ = timed(lambda: fn(full), args.repeat)
        print(f"| {name} | {t:.3f} |")
    t, _ = timed(lambda: analytics.all_metrics(full), 1)
    print(f"| all of them (`all_metrics`, as `analyse` and `build` run them) | {t:.2f} |")


if __name__ == "__main__":
    main()
