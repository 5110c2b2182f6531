"""How the metrics of a view are computed: the engine and the sample its size calls for (`plan`), and every
metric computed under its own guard (`all_metrics`, re-exported by graph.network.analytics).

Up to FAST_ABOVE nodes the metrics are graph.network.analytics's own (NetworkX, the reference); above
it, python-igraph's (graph.network.fast: the same definitions). Above SAMPLE_ABOVE nodes betweenness and
closeness are estimated from AUTO_SAMPLE sampled sources unless the caller asks for exact values.
docs/projections.md (Large views) gives the measurements behind the numbers.

A metric that fails (no convergence, a numerical error, a value that comes out undefined) does not stop
the others: it is left out and `metrics["failed"]` says why.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from ..choices import DEFAULT_SEED
from ..errors import AnalysisError

__all__ = ["ENGINES", "FAST_ABOVE", "SAMPLE_ABOVE", "AUTO_SAMPLE", "check_sample", "plan", "all_metrics"]

ENGINES = ("networkx", "igraph")
# Measured on K copies of the seed graph (docs/projections.md: Large views). NetworkX's pure-Python
# metrics take 2 s at 735 nodes and about a minute at 2,940 (exact betweenness and closeness grow as
# nodes x edges, the eigenvector's power iteration stalls); igraph computes them in under a second up to
# ~5,000 nodes. Above that even igraph's exact betweenness + closeness grow quadratically (8 s at 11,760
# nodes, 200 s at 47,040), so they are sampled: 500 sources keep 9 or 10 of the exact top 10.
FAST_ABOVE = 2_000  # nodes in the view: above, the igraph engine
SAMPLE_ABOVE = 5_000  # nodes in the view: above, betweenness and closeness are sampled unless exact
AUTO_SAMPLE = 500  # the sample then drawn

_Steps = tuple[dict[str, Callable[[], object]], dict[str, Callable[[], Iterable]], Callable[[list], float]]


def check_sample(sample: int | None, n: int) -> None:
    if sample is not None and not 1 <= sample <= n:
        raise AnalysisError(
            f"the betweenness sample must be between 1 and the number of entities in the view ({n}), not {sample}"
        )


def plan(entities: int, sample: int | None = None, exact: bool = False, engine: str | None = None) -> dict:
    """How `all_metrics` computes a view of `entities` nodes: {"engine", "sample", "automatic"}.

    engine: `engine`, else igraph above FAST_ABOVE nodes (networkx if igraph cannot be imported), else
    networkx. sample: what betweenness and closeness are estimated from (None: exact): `sample`, else
    AUTO_SAMPLE above SAMPLE_ABOVE nodes unless `exact` ("automatic": True then).
    """
    if exact and sample is not None:
        raise AnalysisError("exact and a sample contradict each other: give one of them (or neither)")
    if engine is None:
        engine = "igraph" if entities > FAST_ABOVE and _igraph_installed() else "networkx"
    elif engine not in ENGINES:
        raise AnalysisError(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")
    automatic = sample is None and not exact and entities > SAMPLE_ABOVE
    if automatic:
        sample = min(AUTO_SAMPLE, entities)
    check_sample(sample, entities)
    return {"engine": engine, "sample": sample, "automatic": automatic}


def _igraph_installed() -> bool:
    try:
        import igraph  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


def _failures() -> tuple[type[BaseException], ...]:
    """What a metric that cannot be computed raises: it is reported as failed and the others go on."""
    import networkx as nx

    # ValueError and ArithmeticError: numerical trouble; RuntimeError includes too deep a recursion
    return (AnalysisError, nx.NetworkXException, ArithmeticError, ValueError, RuntimeError, MemoryError)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, AnalysisError) and str(exc):
        return str(exc)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _finite(values):
    """`values` (a list or a dict of numbers) if every one is finite; else AnalysisError saying how many are not."""
    numbers = values.values() if isinstance(values, dict) else values
    bad = sum(1 for v in numbers if not math.isfinite(v))
    if bad:
        raise AnalysisError(f"the value is undefined (not a finite number) for {bad} entit{'y' if bad == 1 else 'ies'}")
    return values


def _networkx_steps(h, comps: list[list[int]], sample: int | None, seed: int) -> _Steps:
    """(per-node metrics, partition finders, modularity of a partition) on analytics's NetworkX functions."""
    from . import analytics as a

    computations: dict[str, Callable[[], object]] = {
        "betweenness": lambda: a._betweenness(h, sample, seed),
        "closeness": lambda: a._closeness(h, comps, sample, seed),
        "eigenvector": lambda: a._eigenvector(h, comps),
        "pagerank": lambda: a._pagerank(h),
        "clustering": lambda: a._clustering(h),
        "core_number": lambda: a._core_number(h),
    }
    finders: dict[str, Callable[[], Iterable]] = {
        "louvain": lambda: a._louvain(h, seed),
        "greedy": lambda: a._greedy(h),
    }
    return computations, finders, lambda groups: a._modularity(h, groups)


def _igraph_steps(h, comps: list[list[int]], sample: int | None, seed: int) -> _Steps:
    """The same steps on python-igraph (graph.network.fast), the closeness pivots drawn as on NetworkX."""
    from . import fast
    from .traversal import closeness_pivots

    graph = fast.to_igraph(h)
    pivots: list[list[int] | None] = [None] * len(comps)
    if sample is not None:
        pivots = closeness_pivots(comps, sample, seed)
    computations: dict[str, Callable[[], object]] = {
        "betweenness": lambda: fast.betweenness(graph, sample, seed),
        "closeness": lambda: fast.closeness(graph, comps, pivots),
        "eigenvector": lambda: fast.eigenvector(graph, comps),
        "pagerank": lambda: fast.pagerank(graph),
        "clustering": lambda: fast.clustering(graph),
        "core_number": lambda: fast.core_number(graph),
    }
    finders: dict[str, Callable[[], Iterable]] = {
        "louvain": lambda: fast.louvain_communities(graph, seed),
        "greedy": lambda: fast.greedy_communities(graph),
    }
    return computations, finders, lambda groups: fast.modularity(graph, groups)


def _partitions(
    finders: dict[str, Callable[[], Iterable]], quality: Callable[[list], float], nodes: list, guarded
) -> dict:
    """Each partition that its finder gives, as sorted communities of names with its modularity, each guarded."""
    from . import analytics as a

    partitions = {}
    for method, find in finders.items():

        def partition(find=find) -> dict:
            groups = a._sorted_groups(find())
            return {"communities": [[nodes[i] for i in c] for c in groups], "modularity": _finite([quality(groups)])[0]}

        if (found := guarded(method, partition)) is not None:
            partitions[method] = found
    return partitions


def all_metrics(
    g, seed: int = DEFAULT_SEED, sample: int | None = None, exact: bool = False, engine: str | None = None
) -> dict:
    """Every metric and both partitions of `g`, as plain data (what `analyse` and metrics.ttl report).

    `plan` picks the engine and the sample from the size of `g` (`sample`, `exact` and `engine` override
    it); metrics["run"] records what it picked. Each metric, the brokers, the bridges and each partition
    are computed under their own guard: one that fails is left out of "scores" / "partitions" (brokers
    and bridges are None) and metrics["failed"] maps its key to the reason; "agreement" is None unless
    both partitions were found. A bad `sample` is an AnalysisError raised before anything is computed.
    """
    from . import analytics as a

    h, nodes = a._indexed(g)
    run = plan(len(nodes), sample, exact, engine)
    comps = a._components(h)
    steps = _igraph_steps if run["engine"] == "igraph" else _networkx_steps
    computations, finders, quality = steps(h, comps, run["sample"], seed)
    failures, failed = _failures(), {}

    def guarded(key: str, compute: Callable):
        try:
            return compute()
        except failures as exc:
            failed[key] = _reason(exc)
            return None

    scores = {"degree": a._named(nodes, {i: h.degree(i) for i in h})}
    scores["weighted_degree"] = a._named(nodes, {i: h.degree(i, weight="weight") for i in h})
    for key, compute in computations.items():
        values = guarded(key, lambda compute=compute: _finite(compute()))
        if values is not None:
            scores[key] = a._named(nodes, values)
    cuts = guarded("articulation_points", lambda: a._cuts(h))
    if cuts is None:
        failed["bridges"] = failed["articulation_points"]
    partitions = _partitions(finders, quality, nodes, guarded)
    both = "louvain" in partitions and "greedy" in partitions
    return {
        "scores": scores,
        "articulation_points": a._articulation_points(nodes, cuts[0]) if cuts is not None else None,
        "bridges": a._bridges(nodes, cuts[1]) if cuts is not None else None,
        "components": [[nodes[i] for i in c] for c in comps],
        "partitions": partitions,
        "agreement": a.rand_index(partitions["louvain"]["communities"], partitions["greedy"]["communities"])
        if both
        else None,
        "failed": failed,
        "run": run,
    }
