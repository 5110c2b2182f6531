"""`--store rdflib`: the exports (or a graph a program holds) in an rdflib graph; rdflib's SPARQL engine.

Slower to load and to answer than Oxigraph (docs/benchmarks.md), and the reference the other stores
are tested against.
"""

from __future__ import annotations

import threading
from pathlib import Path

from rdflib import Graph
from rdflib.plugins.stores.memory import SimpleMemory

from ..errors import CouncilGraphError, QueryError
from ..model.namespaces import bind_prefixes
from .guard import QueryLimits
from .loading import first_line, load_graph
from .results import QueryResult
from .sparql import PreparedQuery, raised_recursion_limit
from .store_base import DEFAULT_TIMEOUT, Deadline, Store

__all__ = ["RdflibStore"]


class _TimedMemory(SimpleMemory):
    """rdflib's in-memory store, stopping a runaway query at its deadline while it reads triples.

    The deadline is per thread: each query runs in its own worker thread.
    """

    def __init__(self):
        super().__init__()
        self.running = threading.local()

    def triples(self, triple_pattern, context=None):
        deadline = getattr(self.running, "deadline", None)
        if deadline is None:
            yield from super().triples(triple_pattern, context)
            return
        deadline.check()
        for count, item in enumerate(super().triples(triple_pattern, context)):
            if not count & 1023:
                deadline.check()
            yield item


class RdflibStore(Store):
    """The exports (or a graph a program holds) in an rdflib graph in memory; rdflib's SPARQL engine."""

    def __init__(self, files: list[Path] | None = None, graph: Graph | None = None):
        self._store = _TimedMemory()
        if graph is not None:
            self.graph = bind_prefixes(Graph(store=self._store))
            for triple in graph:
                self.graph.add(triple)
        else:
            self.graph = load_graph(files or [], Graph(store=self._store))
        self.description = "the rdflib store"

    def name_index(self, timeout: float | None = DEFAULT_TIMEOUT):
        if getattr(self, "_names", None) is None:
            from .names import NameIndex

            self._names = NameIndex(self.graph)
        return self._names

    def _run(self, prepared: PreparedQuery, bindings: dict, deadline: Deadline, limits: QueryLimits) -> QueryResult:
        import rdflib.plugins.sparql
        from rdflib.plugins.sparql.evaluate import evalQuery

        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM <url> would fetch the URL (or read a file)
        self._store.running.deadline = deadline
        try:
            with raised_recursion_limit():  # rdflib's engine recurses once per nested group
                answer = evalQuery(self.graph, prepared.algebra, bindings)
            if prepared.form == "ASK":
                return QueryResult("ASK", boolean=bool(answer["askAnswer"]))
            if prepared.form == "SELECT":
                variables = [str(v) for v in answer["vars_"]]
                rows = []
                with raised_recursion_limit():
                    for solution in answer["bindings"]:
                        deadline.check()
                        rows.append(tuple(solution.get(v) for v in answer["vars_"]))
                return QueryResult("SELECT", variables, rows)
            graph = bind_prefixes(Graph())
            for triple in answer["graph"]:
                deadline.check()
                graph.add(triple)
            return QueryResult(prepared.form, graph=graph)
        except (CouncilGraphError, MemoryError):
            raise
        except Exception as exc:  # rdflib's evaluation errors have no common base class
            raise QueryError(f"{prepared.query.origin} failed: {first_line(exc)}") from None
        finally:
            self._store.running.deadline = None
