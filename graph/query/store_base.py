"""The interface every store answers: `Store.run` puts a prepared query under the limits.

A local store runs each query in a child process (graph.isolation); a remote endpoint in a
thread. Results cross from the child process as plain data, a graph as a tuple of triples (`to_wire`, `from_wire`).
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Mapping

from rdflib import Graph
from rdflib.term import Node

from ..errors import QueryTimeout
from ..isolation import run_in_thread, run_isolated
from ..model.namespaces import bind_prefixes
from .guard import QueryLimits, check_service
from .library import inline_query
from .results import QueryResult
from .sparql import PreparedQuery, prepare

__all__ = ["Store", "Deadline", "DEFAULT_TIMEOUT", "to_wire", "from_wire", "capped"]

DEFAULT_TIMEOUT = 60.0


class Deadline:
    """When a query must stop: `timeout` seconds from now (never, when it is None or 0)."""

    def __init__(self, timeout: float | None):
        self.at = time.monotonic() + timeout if timeout and timeout > 0 else None

    def check(self) -> None:
        if self.at is not None and time.monotonic() > self.at:
            raise QueryTimeout("out of time")


class Store(ABC):
    """Somewhere a prepared query runs. Subclasses answer `_run`; `run` adds the limits.

    A local store (`local` True) runs each query in a child process (graph.isolation) under the time,
    memory and answer-size limits, and refuses SERVICE unless the limits allow it; a remote endpoint
    runs it in a thread under the time limit, with the answer's size capped as it is read.
    """

    description: str = "a store"
    local: bool = True

    def run(
        self,
        prepared: PreparedQuery,
        bindings: Mapping | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        limits: QueryLimits | None = None,
    ) -> QueryResult:
        limits = limits or QueryLimits()
        check_service(prepared.text, prepared.query.origin, limits, local=self.local)
        deadline = Deadline(timeout)
        what = f"{prepared.query.origin} on {self.description}"
        values = dict(bindings or {})
        if not self.local:
            return run_in_thread(
                lambda: capped(self._run(prepared, values, deadline, limits), limits.max_rows),
                what=what,
                timeout=timeout,
            )
        wire = run_isolated(
            lambda: to_wire(capped(self._run(prepared, values, deadline, limits), limits.max_rows)),
            what=what,
            timeout=timeout,
            memory_mb=limits.memory_mb,
            result_mb=limits.result_mb,
        )
        return from_wire(wire)

    @abstractmethod
    def _run(self, prepared: PreparedQuery, bindings: dict, deadline: Deadline, limits: QueryLimits) -> QueryResult: ...

    def name_index(self, timeout: float | None = DEFAULT_TIMEOUT):
        """Every entity's names (`names.NameIndex`), to resolve parameters given by name.

        Made once per store object (a store is opened per command, so it is never stale there).
        """
        if getattr(self, "_names", None) is None:
            from .names import NameIndex

            self._names = NameIndex.from_rows(self._name_rows(NameIndex.QUERY, timeout))
        return self._names

    def _name_rows(self, query: str, timeout: float | None) -> list[tuple[str, str, str | None]]:
        """The rows of `NameIndex.QUERY` (entity, label, other name) as plain strings."""
        answer = self.run(prepare(inline_query(query)), timeout=timeout)
        return [(str(entity), str(label), None if name is None else str(name)) for entity, label, name in answer.rows]

    def close(self) -> None:  # noqa: B027 - most stores hold nothing to release
        """Release what the store holds (nothing, unless a subclass says otherwise)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


Triples = tuple[tuple[Node, Node, Node], ...]


def capped(result: QueryResult, max_rows: int) -> QueryResult:
    """`result` with at most `max_rows` rows or triples (0: all), marked `truncated` if any were cut off.
    A store that can stop reading early (Oxigraph) already has; this holds every store to the limit."""
    if not max_rows:
        return result
    if len(result.rows) > max_rows:
        result.rows, result.truncated = result.rows[:max_rows], True
    if result.graph is not None and len(result.graph) > max_rows:
        kept = bind_prefixes(Graph())
        for triple in sorted(result.graph)[:max_rows]:
            kept.add(triple)
        result.graph, result.truncated = kept, True
    return result


def to_wire(result: QueryResult) -> tuple[QueryResult, Triples | None]:
    """`result` as it crosses from the query's process to ours: a graph travels apart, as a tuple of triples."""
    if result.graph is None:
        return result, None
    return QueryResult(result.form, result.variables, result.rows, result.boolean, None, result.truncated), tuple(
        result.graph
    )


def from_wire(wire: tuple[QueryResult, Triples | None]) -> QueryResult:
    """The result `to_wire` sent, its graph (if any) rebuilt."""
    result, triples = wire
    if triples is not None:
        graph = bind_prefixes(Graph())
        add = graph.store.add
        for triple in triples:
            add(triple, graph)
        result.graph = graph
    return result
