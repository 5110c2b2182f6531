"""`--store memory` and `--store oxigraph:PATH`: Oxigraph embedded, in memory or persistent in a folder.

A folder store is loaded from the exports on first use and reloaded whenever they change (a stamp of
their hashes says which exports it holds).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, URIRef

from ..errors import QueryError, StoreError
from ..isolation import run_in_thread
from ..model.export import write_atomic
from ..model.namespaces import PREFIXES, bind_prefixes
from .guard import QueryLimits
from .loading import Terms, first_line
from .params import with_values
from .results import QueryResult
from .sparql import PreparedQuery, refused
from .store_base import Deadline, Store

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["OxigraphStore"]


class OxigraphStore(Store):
    """Oxigraph embedded: persistent in a folder (kept in step with the exports), or in memory (`path` None)."""

    STAMP = "councilgraph-loaded.json"
    union = False  # whether named graphs are part of the default graph (the project's store keeps metrics in one)

    def __init__(self, path: Path | None, files: list[Path]):
        import pyoxigraph as ox

        self.path = Path(path) if path is not None else None
        self.files = files
        self.loaded = False
        self.store: ox.Store | None  # in memory: always; a folder's: only while it is (re)loaded
        if self.path is None:
            self.description = "the in-memory store"
            self.store = ox.Store()
            self.load(files)
            return
        self.description = f"the Oxigraph store in {self.path}"
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"--store oxigraph:{self.path}: that is a file; give a folder (it is created if missing)")
        self.store = None  # a folder is opened for writing only while it is (re)loaded; queries read it
        self.refresh()

    def _writable(self) -> ox.Store:
        import pyoxigraph as ox

        try:
            return ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(
                f"cannot open the Oxigraph store in {self.path}: {first_line(exc)} (is another process using it?)"
            ) from None

    def _readable(self) -> ox.Store:
        """The folder's store opened read-only: several processes may read it at once, and a query's
        forked process needs a handle of its own (RocksDB's threads do not survive a fork)."""
        import pyoxigraph as ox

        try:
            return ox.Store.read_only(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot read the Oxigraph store in {self.path}: {first_line(exc)}") from None

    def _reader(self) -> ox.Store:
        """The store a query reads: the in-memory one, or the folder's opened read-only."""
        if self.path is not None:
            return self._readable()
        assert self.store is not None, "an in-memory store is made with the object and never closed"
        return self.store

    def _stamp(self) -> dict:
        return {"files": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in self.files}}

    def refresh(self, force: bool = False) -> int:
        """Load the exports unless the store holds exactly them already; the number of triples it holds."""
        if self.path is None:
            return len(self._reader())
        stamp_path = self.path / self.STAMP
        wanted = self._stamp()
        try:
            current = json.loads(stamp_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            current = None
        if force or current != wanted:
            stamp_path.unlink(missing_ok=True)
            self.store = self._writable()
            try:
                self.load(self.files)
            finally:
                self.store = None  # closed: RocksDB finishes its background work and frees the lock
            write_atomic(stamp_path, (json.dumps(wanted, indent=2, sort_keys=True) + "\n").encode("utf-8"))
        return len(self._readable())

    def load(self, files: list[Path]) -> int:
        """Replace what the store holds with the triples of the Turtle `files`."""
        import pyoxigraph as ox

        assert self.store is not None, "loaded in memory, or into a folder while refresh() holds it open for writing"
        try:
            self.store.clear()
            for path in files:
                self.store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
            self.store.flush()
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load the exports into {self.description}: {first_line(exc)}") from None
        self.loaded = True
        return len(self.store)

    def _run(self, prepared: PreparedQuery, bindings: dict, deadline: Deadline, limits: QueryLimits) -> QueryResult:
        import pyoxigraph as ox

        prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items() if prefix not in prepared.declared_prefixes}
        text = prepared.text
        # bound as an endpoint binds them, with VALUES: Oxigraph's substitutions (SEP-0007) bind only projected
        # variables and are applied after the pattern is matched (a lookup at 64x the graph: 5 s against 2 ms)
        text, bindings = with_values(text, prepared.form, bindings), {}
        substitutions = {ox.Variable(name): _to_oxigraph(term) for name, term in bindings.items()}
        try:
            store = self._reader()
            answer = store.query(
                text, prefixes=prefixes, substitutions=substitutions, use_default_graph_as_union=self.union
            )
            return _from_oxigraph(prepared, answer, deadline, limits.max_rows)
        except SyntaxError as exc:
            prepared.check()  # rdflib's parser says where and what, when it agrees
            raise refused(prepared.query, "Oxigraph", str(exc)) from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"{prepared.query.origin} failed in Oxigraph: {first_line(exc)}") from None

    def _name_rows(self, query: str, timeout: float | None) -> list[tuple[str, str, str | None]]:
        # read straight from Oxigraph's terms: making rdflib terms of them costs more than the query
        def work() -> list[tuple[str, str, str | None]]:
            import pyoxigraph as ox

            store = self._reader()
            answer = store.query(query)
            assert isinstance(answer, ox.QuerySolutions), "the names query is a SELECT"
            return [(entity.value, label.value, None if name is None else name.value) for entity, label, name in answer]

        return run_in_thread(work, what=f"finding names on {self.description}", timeout=timeout)

    def close(self) -> None:
        """Nothing to release: a folder is held open only while it is loaded, an in-memory store may be reused."""


def _to_oxigraph(term):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _from_oxigraph(prepared: PreparedQuery, answer, deadline: Deadline, max_rows: int = 0) -> QueryResult:
    """The answer as rdflib terms; with `max_rows`, reading stops one row (or triple) past it, so a capped
    answer costs what it keeps, and `Store.run` cuts that one off and marks the result truncated."""
    import pyoxigraph as ox

    terms = Terms()
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = []
        for solution in answer:
            deadline.check()
            rows.append(tuple(terms.optional(solution[v]) for v in variables))
            if max_rows and len(rows) > max_rows:
                break
        return QueryResult("SELECT", variables, rows)
    graph = bind_prefixes(Graph())
    add = graph.store.add
    for count, triple in enumerate(answer):
        if not count & 1023:
            deadline.check()
        add((terms(triple.subject), terms(triple.predicate), terms(triple.object)), graph)
        if max_rows and count >= max_rows and len(graph) > max_rows:  # CONSTRUCT may repeat a triple
            break
    return QueryResult(prepared.form, graph=graph)
