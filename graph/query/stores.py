"""Opening the store a command names, and running a query on it: the front door of graph.query.

- `--store project` (the default): the project's persistent Oxigraph store (graph.query.project_store),
  made by `build` or by the first read after it, opened read-only: nothing is loaded per query.
- `--store memory`: the exports loaded into an embedded Oxigraph store in memory
  (`OxigraphStore(None, files)`); no server, no files written. Oxigraph's engine answers.
- `RdflibStore` (`--store rdflib`): the exports loaded into an rdflib graph in memory; rdflib's own
  SPARQL engine answers. Slower to load and to answer (docs/benchmarks.md), and the reference the
  other stores are tested against; the store for an rdflib graph a program already holds.
- `OxigraphStore` (`--store oxigraph:PATH`): a persistent embedded Oxigraph store in the folder PATH,
  loaded from the exports on first use and reloaded whenever the exports change, for graphs that
  outgrow memory.
- `EndpointStore` (`--endpoint URL`): any SPARQL 1.1 Protocol server (Fuseki, GraphDB, Virtuoso, an
  Oxigraph server, ...). `publish` (graph.query.publish) loads the graph into one.

Every store returns the same `QueryResult` (rdflib terms), so answers compare across stores. The
graph is every Turtle file in `exports/`: councilgraph.ttl and any others written beside it.
The README (Decisions) says why the default is Oxigraph in memory rather than rdflib's store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from ..errors import StoreError
from ..paths import Paths
from .endpoint import EndpointStore
from .guard import QueryLimits
from .library import Query
from .loading import graph_files, load_graph
from .oxigraph_store import OxigraphStore
from .params import bind_params
from .rdflib_store import RdflibStore
from .results import QueryResult
from .sparql import prepare
from .store_base import DEFAULT_TIMEOUT, Store

__all__ = [
    "Store",
    "RdflibStore",
    "OxigraphStore",
    "EndpointStore",
    "graph_files",
    "load_graph",
    "open_store",
    "run_query",
    "DEFAULT_TIMEOUT",
]


def open_store(
    paths: Paths, store: str | None = None, endpoint: str | None = None, default_graph: str | None = None
) -> Store:
    """The store named by `store` ("memory", "rdflib", "oxigraph:PATH") or the SPARQL endpoint at `endpoint`."""
    if endpoint:
        if store not in (None, "project"):
            raise StoreError("give either --store or --endpoint, not both")
        return EndpointStore(endpoint, default_graph)
    if default_graph:
        raise StoreError("--graph applies to a SPARQL endpoint (--endpoint URL) only")
    spec = store or "project"
    if spec == "project":
        from .project_store import ProjectStore

        return ProjectStore(paths)
    if spec == "memory":
        return _in_memory("memory", graph_files(paths), lambda files: OxigraphStore(None, files))
    if spec == "rdflib":
        return _in_memory("rdflib", graph_files(paths), RdflibStore)
    kind, _, location = spec.partition(":")
    if kind == "oxigraph" and location:
        return OxigraphStore(Path(location), graph_files(paths))
    hint = " ('oxigraph' needs a folder; Oxigraph in memory is 'memory')" if kind == "oxigraph" else ""
    raise StoreError(
        f"unknown store {spec!r}{hint}: use 'project' (the default: the project's persistent store), "
        "'memory' (Oxigraph in memory), 'rdflib' "
        "(rdflib's store and engine) or 'oxigraph:PATH' (a folder), or --endpoint URL for a SPARQL "
        "server"
    )


_LOADED: dict[str, tuple[tuple, Store]] = {}


def _in_memory(kind: str, files: list[Path], make: Callable[[list[Path]], Store]) -> Store:
    """An in-memory store of `files`, reused within one process while the files are unchanged.

    Queries never change a store, so a long-running process (a notebook, the test suite) need not
    parse the exports again for every query. Only the latest store of each kind is kept.
    """
    key = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    cached = _LOADED.get(kind)
    if cached is not None and cached[0] == key:
        return cached[1]
    store = make(files)
    _LOADED[kind] = (key, store)
    return store


def run_query(
    store: Store,
    query: Query,
    params: Mapping[str, str] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    limits: QueryLimits | None = None,
) -> QueryResult:
    """Check `query` (graph.query.guard), bind its parameters (entities by any of their names) and run it
    on `store` under `limits` (the defaults of QueryLimits when None)."""
    limits = limits or QueryLimits()
    prepared = prepare(query, limits)
    bindings = bind_params(prepared, dict(params or {}), lambda: store.name_index(timeout))
    return store.run(prepared, bindings, timeout, limits)
