"""Where queries run: stores behind one interface.

- `--store memory` (the default): the exports loaded into an embedded Oxigraph store in memory
  (`OxigraphStore(None, files)`); no server, no files written. Oxigraph's engine answers.
- `RdflibStore` (`--store rdflib`): the exports loaded into an rdflib graph in memory; rdflib's own
  SPARQL engine answers. Slower to load and to answer (docs/benchmarks.md), and the reference the
  other stores are tested against; the store for an rdflib graph a program already holds.
- `OxigraphStore` (`--store oxigraph:PATH`): a persistent embedded Oxigraph store in the folder PATH,
  loaded from the exports on first use and reloaded whenever the exports change, for graphs that
  outgrow memory.
- `EndpointStore` (`--endpoint URL`): any SPARQL 1.1 Protocol server (Fuseki, GraphDB, Virtuoso, an
  Oxigraph server, ...). `publish` loads the graph into one (Graph Store Protocol or SPARQL Update).

Every store returns the same `QueryResult` (rdflib terms), so answers compare across stores. The
graph is every Turtle file in `exports/`: councilgraph.ttl and any others written beside it.
The README (Decisions) says why the default is Oxigraph in memory rather than rdflib's store.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.stores.memory import SimpleMemory

from .errors import CouncilGraphError, QueryError, QueryTimeout, StoreError
from .export import write_atomic
from .namespaces import PREFIXES, bind_prefixes
from .paths import Paths
from .results import QueryResult
from .isolation import run_in_thread, run_isolated
from .query_guard import QueryLimits, check_service
from .sparql import (PreparedQuery, Query, bind_params, inline_query, prefix_block, prepare, raised_recursion_limit,
                     refused, with_values)

__all__ = ["Store", "RdflibStore", "OxigraphStore", "EndpointStore", "PublishReport", "graph_files",
           "load_graph", "open_store", "run_query", "publish", "DEFAULT_TIMEOUT"]

DEFAULT_TIMEOUT = 60.0
_XSD_STRING = str(XSD.string)
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# --- the graph's files -------------------------------------------------------------------------------

def graph_files(paths: Paths) -> list[Path]:
    """exports/councilgraph.ttl and every other Turtle file beside it (metrics and the like), sorted; read
    from `paths.built`, which for the graph installed with the package is the package's own copy."""
    main = paths.built / "councilgraph.ttl"
    if not main.exists():
        raise StoreError(paths.missing(main))
    return [main] + sorted(p for p in paths.built.glob("*.ttl") if p.name != main.name)


class _Terms:
    """Oxigraph terms to rdflib terms, each distinct term made once (it is the slow part of loading)."""

    def __init__(self):
        self.made: dict = {}

    def __call__(self, term):
        made = self.made.get(term)
        if made is None:
            made = self.made[term] = self._make(term)
        return made

    def _make(self, term):
        import pyoxigraph as ox
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            if term.datatype.value == _XSD_STRING:
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        raise QueryError(f"the store returned an RDF term this tool cannot handle: {term}")

    def optional(self, term):
        return None if term is None else self(term)


def _parse_into(graph: Graph, source, fmt, where: str) -> None:
    import pyoxigraph as ox
    terms = _Terms()
    made, make = terms.made, terms._make   # the cache inlined: this loop is the hot path of loading
    add = graph.store.add
    try:
        for quad in ox.parse(source, format=fmt):
            s, p, o = quad.subject, quad.predicate, quad.object
            add((made[s] if s in made else made.setdefault(s, make(s)),
                 made[p] if p in made else made.setdefault(p, make(p)),
                 made[o] if o in made else made.setdefault(o, make(o))), graph)
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"{where} cannot be read as RDF: {_first_line(exc)}") from None


def load_graph(files: list[Path], graph: Graph | None = None) -> Graph:
    """The Turtle `files` in one rdflib graph (parsed with Oxigraph's parser: several times faster).

    A new graph is on rdflib's SimpleMemory store: the exports have no named graphs, and the default
    store's bookkeeping of contexts doubles the time it takes to load them (docs/benchmarks.md).
    """
    import pyoxigraph as ox
    graph = bind_prefixes(graph if graph is not None else Graph(store=SimpleMemory()))
    for path in files:
        with open(path, "rb") as handle:
            _parse_into(graph, handle, ox.RdfFormat.TURTLE, str(path))
    return graph


# --- running with limits ------------------------------------------------------------------------------

class _Deadline:
    def __init__(self, timeout: float | None):
        self.at = time.monotonic() + timeout if timeout and timeout > 0 else None

    def check(self) -> None:
        if self.at is not None and time.monotonic() > self.at:
            raise QueryTimeout("out of time")


# --- the interface -----------------------------------------------------------------------------------

class Store(ABC):
    """Somewhere a prepared query runs. Subclasses answer `_run`; `run` adds the limits.

    A local store (`local` True) runs each query in a child process (graph.isolation) under the time,
    memory and answer-size limits, and refuses SERVICE unless the limits allow it; a remote endpoint
    runs it in a thread under the time limit, with the answer's size capped as it is read.
    """

    description: str = "a store"
    local: bool = True

    def run(self, prepared: PreparedQuery, bindings: Mapping | None = None,
            timeout: float | None = DEFAULT_TIMEOUT, limits: QueryLimits | None = None) -> QueryResult:
        limits = limits or QueryLimits()
        check_service(prepared.text, prepared.query.origin, limits, local=self.local)
        deadline = _Deadline(timeout)
        what = f"{prepared.query.origin} on {self.description}"
        values = dict(bindings or {})
        if not self.local:
            return run_in_thread(lambda: self._run(prepared, values, deadline, limits), what=what, timeout=timeout)
        wire = run_isolated(lambda: _to_wire(self._run(prepared, values, deadline, limits)), what=what,
                            timeout=timeout, memory_mb=limits.memory_mb, result_mb=limits.result_mb)
        return _from_wire(wire)

    @abstractmethod
    def _run(self, prepared: PreparedQuery, bindings: dict, deadline: _Deadline,
             limits: QueryLimits) -> QueryResult: ...

    def name_index(self, timeout: float | None = DEFAULT_TIMEOUT):
        """Every entity's names (`describe.NameIndex`), to resolve parameters given by name.

        Made once per store object (a store is opened per command, so it is never stale there).
        """
        if getattr(self, "_names", None) is None:
            from .describe import NameIndex
            self._names = NameIndex.from_rows(self._name_rows(NameIndex.QUERY, timeout))
        return self._names

    def _name_rows(self, query: str, timeout: float | None) -> list[tuple[str, str, str | None]]:
        """The rows of `NameIndex.QUERY` (entity, label, other name) as plain strings."""
        answer = self.run(prepare(inline_query(query)), timeout=timeout)
        return [tuple(None if term is None else str(term) for term in row) for row in answer.rows]

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


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
            from .describe import NameIndex
            self._names = NameIndex(self.graph)
        return self._names

    def _run(self, prepared: PreparedQuery, bindings: dict, deadline: _Deadline,
             limits: QueryLimits) -> QueryResult:
        import rdflib.plugins.sparql
        from rdflib.plugins.sparql.evaluate import evalQuery
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False    # FROM <url> would fetch the URL (or read a file)
        self._store.running.deadline = deadline
        try:
            with raised_recursion_limit():      # rdflib's engine recurses once per nested group
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
        except Exception as exc:   # rdflib's evaluation errors have no common base class
            raise QueryError(f"{prepared.query.origin} failed: {_first_line(exc)}") from None
        finally:
            self._store.running.deadline = None


class OxigraphStore(Store):
    """Oxigraph embedded: persistent in a folder (kept in step with the exports), or in memory (`path` None)."""

    STAMP = "councilgraph-loaded.json"

    def __init__(self, path: Path | None, files: list[Path]):
        import pyoxigraph as ox
        self.path = Path(path) if path is not None else None
        self.files = files
        self.loaded = False
        if self.path is None:
            self.description = "the in-memory store"
            self.store = ox.Store()
            self.load(files)
            return
        self.description = f"the Oxigraph store in {self.path}"
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"--store oxigraph:{self.path}: that is a file; give a folder (it is created if missing)")
        self.store = None          # a folder is opened for writing only while it is (re)loaded; queries read it
        self.refresh()

    def _writable(self):
        import pyoxigraph as ox
        try:
            return ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the Oxigraph store in {self.path}: {_first_line(exc)} "
                             "(is another process using it?)") from None

    def _readable(self):
        """The folder's store opened read-only: several processes may read it at once, and a query's
        forked process needs a handle of its own (RocksDB's threads do not survive a fork)."""
        import pyoxigraph as ox
        try:
            return ox.Store.read_only(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot read the Oxigraph store in {self.path}: {_first_line(exc)}") from None

    def _stamp(self) -> dict:
        return {"files": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in self.files}}

    def refresh(self, force: bool = False) -> int:
        """Load the exports unless the store holds exactly them already; the number of triples it holds."""
        if self.path is None:
            return len(self.store)
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
                self.store = None            # closed: RocksDB finishes its background work and frees the lock
            write_atomic(stamp_path, (json.dumps(wanted, indent=2, sort_keys=True) + "\n").encode("utf-8"))
        return len(self._readable())

    def load(self, files: list[Path]) -> int:
        """Replace what the store holds with the triples of the Turtle `files`."""
        import pyoxigraph as ox
        try:
            self.store.clear()
            for path in files:
                self.store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
            self.store.flush()
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load the exports into {self.description}: {_first_line(exc)}") from None
        self.loaded = True
        return len(self.store)

    def _run(self, prepared: PreparedQuery, bindings: dict, deadline: _Deadline,
             limits: QueryLimits) -> QueryResult:
        import pyoxigraph as ox
        prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items() if prefix not in prepared.declared_prefixes}
        text = prepared.text
        if prepared.form == "SELECT" and not set(bindings) <= prepared.projection:
            # Oxigraph substitutes only projected variables (SEP-0007); bind the others as an endpoint would
            text, bindings = with_values(text, prepared.form, bindings), {}
        substitutions = {ox.Variable(name): _to_oxigraph(term) for name, term in bindings.items()}
        try:
            store = self.store if self.path is None else self._readable()
            answer = store.query(text, prefixes=prefixes, substitutions=substitutions)
            return _from_oxigraph(prepared, answer, deadline)
        except SyntaxError as exc:
            prepared.check()            # rdflib's parser says where and what, when it agrees
            raise refused(prepared.query, "Oxigraph", str(exc)) from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"{prepared.query.origin} failed in Oxigraph: {_first_line(exc)}") from None

    def _name_rows(self, query: str, timeout: float | None) -> list[tuple[str, str, str | None]]:
        # read straight from Oxigraph's terms: making rdflib terms of them costs more than the query
        def work():
            store = self.store if self.path is None else self._readable()
            return [tuple(None if term is None else term.value for term in row) for row in store.query(query)]
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


def _from_oxigraph(prepared: PreparedQuery, answer, deadline: _Deadline) -> QueryResult:
    import pyoxigraph as ox
    terms = _Terms()
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = []
        for solution in answer:
            deadline.check()
            rows.append(tuple(terms.optional(solution[v]) for v in variables))
        return QueryResult("SELECT", variables, rows)
    graph = bind_prefixes(Graph())
    add = graph.store.add
    for count, triple in enumerate(answer):
        if not count & 1023:
            deadline.check()
        add((terms(triple.subject), terms(triple.predicate), terms(triple.object)), graph)
    return QueryResult(prepared.form, graph=graph)


class EndpointStore(Store):
    """A SPARQL 1.1 Protocol endpoint over HTTP (the query URL, e.g. http://host:7878/query)."""

    def __init__(self, url: str, default_graph: str | None = None):
        _check_url(url)
        self.url, self.default_graph = url, default_graph
        self.description = f"the SPARQL endpoint {url}"

    local = False

    def _run(self, prepared: PreparedQuery, bindings: dict, deadline: _Deadline,
             limits: QueryLimits) -> QueryResult:
        text = prefix_block(prepared) + with_values(prepared.text, prepared.form, bindings)
        form = [("query", text)] + ([("default-graph-uri", self.default_graph)] if self.default_graph else [])
        accept = ("application/n-triples, text/turtle;q=0.9" if prepared.form in ("CONSTRUCT", "DESCRIBE")
                  else "application/sparql-results+json")
        try:
            body, content_type = _http(self.url, "POST", urllib.parse.urlencode(form).encode("utf-8"),
                                       {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
                                       deadline, limits.result_mb)
        except StoreError as exc:
            if exc.status == 400:       # the server refused the query: rdflib's parser says where, when it agrees
                prepared.check()
            raise
        if prepared.form in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult(prepared.form, graph=_parse_graph(body, content_type, self.url))
        return _from_json(prepared, body, self.url)


def _parse_graph(body: bytes, content_type: str, url: str) -> Graph:
    import io

    import pyoxigraph as ox
    fmt = ox.RdfFormat.from_media_type(content_type.split(";")[0].strip()) or ox.RdfFormat.N_TRIPLES
    graph = bind_prefixes(Graph())
    _parse_into(graph, io.BytesIO(body), fmt, f"the answer from {url}")
    return graph


def _from_json(prepared: PreparedQuery, body: bytes, url: str) -> QueryResult:
    try:
        document = json.loads(body)
        if "boolean" in document:
            return QueryResult("ASK", boolean=bool(document["boolean"]))
        variables = list(document["head"]["vars"])
        rows = [tuple(_json_term(binding.get(v)) for v in variables) for binding in document["results"]["bindings"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{url} did not answer with SPARQL JSON results ({exc})") from None
    return QueryResult(prepared.form, variables, rows)


def _json_term(value: dict | None):
    if value is None:
        return None
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if "xml:lang" in value:
        return Literal(text, lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype not in (_XSD_STRING, _LANG_STRING):
        return Literal(text, datatype=URIRef(datatype))
    return Literal(text)


# --- HTTP --------------------------------------------------------------------------------------------

def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"{url!r} is not an http(s) URL of a SPARQL endpoint, e.g. http://127.0.0.1:7878/query")


def _first_line(exc) -> str:
    text = getattr(exc, "strerror", None) or str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _http(url: str, method: str, data: bytes, headers: dict, deadline: _Deadline,
          limit_mb: int = 0) -> tuple[bytes, str]:
    """POST or PUT `data` to `url`; the answer's body (at most `limit_mb` megabytes) and content type."""
    import socket
    remaining = None if deadline.at is None else max(deadline.at - time.monotonic(), 0.001)
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=remaining) as response:
            limit = limit_mb * 1024 * 1024 if limit_mb else -1
            body = response.read(limit + 1 if limit >= 0 else -1)
            if limit >= 0 and len(body) > limit:
                raise StoreError(f"the answer from {url} is larger than {limit_mb:,} MB; narrow the query or add a "
                                 "LIMIT")
            return body, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        detail = _first_line(exc.read().decode("utf-8", "replace") or exc.reason)
        raise StoreError(f"{url} answered HTTP {exc.code} {exc.reason}: {detail[:300]}", status=exc.code) from None
    except (TimeoutError, socket.timeout):
        raise QueryTimeout(f"{url} did not answer in time") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise QueryTimeout(f"{url} did not answer in time") from None
        raise StoreError(f"cannot reach the SPARQL endpoint {url}: {_first_line(exc.reason)}; "
                         "is the server running and the URL right?") from None
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot reach the SPARQL endpoint {url}: {_first_line(exc)}") from None


# --- opening, running, publishing --------------------------------------------------------------------

def open_store(paths: Paths, store: str | None = None, endpoint: str | None = None,
               default_graph: str | None = None) -> Store:
    """The store named by `store` ("memory", "rdflib", "oxigraph:PATH") or the SPARQL endpoint at `endpoint`."""
    if endpoint:
        if store not in (None, "memory"):
            raise StoreError("give either --store or --endpoint, not both")
        return EndpointStore(endpoint, default_graph)
    if default_graph:
        raise StoreError("--graph applies to a SPARQL endpoint (--endpoint URL) only")
    spec = store or "memory"
    if spec == "memory":
        return _in_memory("memory", graph_files(paths), lambda files: OxigraphStore(None, files))
    if spec == "rdflib":
        return _in_memory("rdflib", graph_files(paths), RdflibStore)
    kind, _, location = spec.partition(":")
    if kind == "oxigraph" and location:
        return OxigraphStore(Path(location), graph_files(paths))
    hint = (" ('oxigraph' needs a folder; Oxigraph in memory is the default, 'memory')" if kind == "oxigraph"
            else "")
    raise StoreError(f"unknown store {spec!r}{hint}: use 'memory' (the default: Oxigraph in memory), 'rdflib' "
                     "(rdflib's store and engine) or 'oxigraph:PATH' (a folder), or --endpoint URL for a SPARQL "
                     "server")


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


def run_query(store: Store, query: Query, params: Mapping[str, str] | None = None,
              timeout: float | None = DEFAULT_TIMEOUT, limits: QueryLimits | None = None) -> QueryResult:
    """Check `query` (graph.query_guard), bind its parameters (entities by any of their names) and run it
    on `store` under `limits` (the defaults of QueryLimits when None)."""
    limits = limits or QueryLimits()
    prepared = prepare(query, limits)
    bindings = bind_params(prepared, dict(params or {}), lambda: store.name_index(timeout))
    return store.run(prepared, bindings, timeout, limits)


def _to_wire(result: QueryResult) -> QueryResult:
    """`result` as it crosses from the query's process to ours: a graph travels as a tuple of triples."""
    if result.graph is not None:
        return QueryResult(result.form, result.variables, result.rows, result.boolean, tuple(result.graph))
    return result


def _from_wire(result: QueryResult) -> QueryResult:
    if isinstance(result.graph, tuple):
        graph = bind_prefixes(Graph())
        add = graph.store.add
        for triple in result.graph:
            add(triple, graph)
        result.graph = graph
    return result


@dataclass
class PublishReport:
    triples: int
    target: str
    how: str


def publish(paths: Paths, endpoint: str, protocol: str = "gsp", graph_iri: str | None = None,
            timeout: float | None = DEFAULT_TIMEOUT) -> PublishReport:
    """Replace the default graph (or `graph_iri`) at `endpoint` with the graph in exports/.

    `gsp`: an HTTP PUT of N-Triples to the Graph Store Protocol URL (Oxigraph: /store, Fuseki:
    /DATASET/data). `update`: DROP then INSERT DATA in one request to the SPARQL Update URL
    (Oxigraph: /update, Fuseki: /DATASET/update).
    """
    _check_url(endpoint)
    if graph_iri is not None:
        parts = urllib.parse.urlsplit(graph_iri)
        if not parts.scheme or any(c in graph_iri for c in '<>" {}|\\^`'):
            raise StoreError(f"--graph {graph_iri!r} is not an absolute IRI")
    ntriples, count = _ntriples(graph_files(paths))
    deadline = _Deadline(timeout)
    target = f"graph <{graph_iri}>" if graph_iri else "the default graph"
    if protocol == "gsp":
        query = {"graph": graph_iri} if graph_iri else {"default": ""}
        separator = "&" if "?" in endpoint else "?"
        url = endpoint + separator + urllib.parse.urlencode(query).replace("default=", "default")
        _http(url, "PUT", ntriples, {"Content-Type": "application/n-triples"}, deadline)
        how = "SPARQL 1.1 Graph Store Protocol (PUT)"
    elif protocol == "update":
        if graph_iri:
            body = (f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n".encode("utf-8")
                    + ntriples + b"} }\n")
        else:
            body = b"DROP SILENT DEFAULT ;\nINSERT DATA {\n" + ntriples + b"}\n"
        _http(endpoint, "POST", body, {"Content-Type": "application/sparql-update"}, deadline)
        how = "SPARQL 1.1 Update (DROP, INSERT DATA)"
    else:
        raise StoreError(f"unknown protocol {protocol!r}: use 'gsp' or 'update'")
    return PublishReport(count, f"{target} at {endpoint}", how)


def _ntriples(files: list[Path]) -> tuple[bytes, int]:
    """The triples of the Turtle `files` as N-Triples, and how many there are."""
    import pyoxigraph as ox
    lines: set[bytes] = set()
    for path in files:
        try:
            with open(path, "rb") as handle:
                triples = [quad.triple for quad in ox.parse(handle, format=ox.RdfFormat.TURTLE)]
        except (SyntaxError, ValueError, OSError) as exc:
            raise StoreError(f"{path} cannot be read as RDF: {_first_line(exc)}") from None
        lines.update(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True))
    return b"".join(sorted(lines)), len(lines)
