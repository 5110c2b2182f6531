"""The SPARQL 1.1 Protocol endpoint at /sparql: read-only and guarded, the HTTP face of `councilgraph query`.

A request becomes query text (`query_text`: GET `?query=`, POST as a form or as application/sparql-query);
updates are refused, and so is a query that is really an update. Then the same path as the command line:
`graph.query.stores.run_query` on the project's store checks the query's size and nesting and refuses
SERVICE (graph.query.guard), and runs it in a forked child that is killed at the timeout
(graph.isolation), so a runaway query really stops and the server keeps answering. Answers keep at
most `max_rows` rows (or triples), marked by an `X-SPARQL-MaxRows` header when cut; at most
`max_queries` run at once, and one more is refused (HTTP 429) rather than queued (`Slots`).

Pure of HTTP frameworks: the app (graph.serve.app) passes the request's parts in and sends back what
`Answer` holds; errors are `EndpointError`s carrying their HTTP status.
"""

from __future__ import annotations

import re
import threading
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, URIRef

from ..errors import CouncilGraphError, QueryError, QueryTimeout
from ..query.guard import QueryLimits, ServiceRefused
from ..query.library import Query, inline_query
from ..query.outline import code_only
from ..query.results import RENDERERS, QueryResult
from ..query.sparql import prepare
from ..query.store_base import Store
from ..query.stores import run_query
from .negotiation import Representation, choose, requested_format

__all__ = [
    "EndpointSettings",
    "EndpointError",
    "Answer",
    "Slots",
    "Endpoint",
    "ROW_FORMATS",
    "GRAPH_FORMATS",
    "query_text",
    "refuse_updates",
    "write",
]


@dataclass(frozen=True)
class EndpointSettings:
    """The endpoint's limits: each a setting of `councilgraph serve` with a safe default."""

    timeout: float = 10.0  # seconds a query may run before its process is killed
    max_rows: int = 10_000  # rows (or triples) an answer keeps
    max_queries: int = 4  # queries running at once; one more is refused with 429


class EndpointError(CouncilGraphError):
    """A request the endpoint will not answer, with the HTTP status that says why."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


@dataclass
class Answer:
    body: bytes
    media_type: str
    truncated_at: int | None = None  # the row cap, when the answer was cut at it


# SELECT and ASK answers; CONSTRUCT and DESCRIBE answers (their media types are the exports')
ROW_FORMATS: dict[str, Representation] = {
    r.name: r
    for r in (
        Representation("json", ("application/sparql-results+json", "application/json"), "json"),
        Representation("xml", ("application/sparql-results+xml", "application/xml", "text/xml"), "xml"),
        Representation("csv", ("text/csv",), "csv"),
        Representation("tsv", ("text/tab-separated-values",), "tsv"),
    )
}
GRAPH_FORMATS: dict[str, Representation] = {
    r.name: r
    for r in (
        Representation("ttl", ("text/turtle", "application/x-turtle"), "turtle"),
        Representation("nt", ("application/n-triples",), "ntriples"),
        Representation("jsonld", ("application/ld+json", "application/json"), "jsonld"),
    )
}

_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"
READ_ONLY = (
    "this endpoint is read-only: updates (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE, ADD) are "
    "refused. Ask with SELECT, ASK, CONSTRUCT or DESCRIBE"
)


def query_text(method: str, params: list[tuple[str, str]], content_type: str | None, body: bytes) -> str:
    """The query a SPARQL 1.1 Protocol request carries: GET ?query=, POST form (query=), or POST
    application/sparql-query. Updates, dataset arguments and other bodies are refused."""
    media = (content_type or "").split(";")[0].strip().lower()
    fields = list(params)
    if method == "POST":
        if media == _UPDATE:
            raise EndpointError(400, READ_ONLY)
        if media == _FORM:
            fields += urllib.parse.parse_qsl(_decode(body), keep_blank_values=True)
        elif media == _QUERY:
            fields.append(("query", _decode(body)))
        else:
            raise EndpointError(
                415, f"POST the query as {_FORM} (query=...) or as {_QUERY}, not as {media or 'no content type'}"
            )
    names = [name for name, _ in fields]
    if "update" in names:
        raise EndpointError(400, READ_ONLY)
    if "default-graph-uri" in names or "named-graph-uri" in names:
        raise EndpointError(400, "default-graph-uri and named-graph-uri are not supported: the endpoint has one graph")
    queries = [value for name, value in fields if name == "query"]
    if len(queries) != 1:
        raise EndpointError(400, "give exactly one query: GET /sparql?query=... or POST it (see /dataset)")
    refuse_updates(queries[0])
    return queries[0]


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise EndpointError(400, "the request body is not UTF-8") from None


_UPDATE_WORD = re.compile(r"(?<![\w:?$])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)(?![\w:-])", re.I)
_QUERY_WORD = re.compile(r"(?<![\w:?$])(SELECT|CONSTRUCT|DESCRIBE|ASK)(?![\w:-])", re.I)


def refuse_updates(text: str) -> None:
    """EndpointError 400 when `text` is a SPARQL Update (its first operation word comes before any query
    form), whatever the engine would make of it: the store is opened read-only as well."""
    code = code_only(text)
    update, query = _UPDATE_WORD.search(code), _QUERY_WORD.search(code)
    if update and (query is None or update.start() < query.start()):
        raise EndpointError(400, READ_ONLY)


class Slots:
    """At most `size` queries at once: `take` says False at once when none is free (no queueing)."""

    def __init__(self, size: int):
        self._free = threading.BoundedSemaphore(size)

    def take(self) -> bool:
        return self._free.acquire(blocking=False)

    def give(self) -> None:
        self._free.release()


class Endpoint:
    """Answers SPARQL queries on `store` under `settings`."""

    def __init__(self, store: Store, settings: EndpointSettings):
        self.store = store
        self.settings = settings
        self.slots = Slots(settings.max_queries)
        self.limits = QueryLimits(max_rows=settings.max_rows)

    def representation(self, text: str, accept: str | None, given: str | None) -> Representation:
        """How the answer to `text` will be written: by `?format=`, else by Accept (406 if nothing fits)."""
        try:
            form = prepare(inline_query(text), self.limits).form
        except QueryError as exc:
            raise EndpointError(400, str(exc)) from None
        formats = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else ROW_FORMATS
        try:
            return requested_format(given, None, formats) or choose(accept, list(formats.values()))
        except CouncilGraphError as exc:
            raise EndpointError(406 if given is None else 400, f"a {form} query: {exc}") from None

    def answer(self, text: str, representation: Representation) -> Answer:
        """Run `text` (blocking; call it off the event loop) and write its answer."""
        result = self.run(inline_query(text))
        return Answer(
            write(result, representation),
            representation.media_type,
            self.limits.max_rows if result.truncated else None,
        )

    def run(self, query: Query, params: Mapping[str, str] | None = None) -> QueryResult:
        """Run `query` with its parameters' values (blocking) under the endpoint's guards: SERVICE
        refused, the timeout, the row cap. Every failure is an EndpointError with its HTTP status."""
        try:
            return run_query(self.store, query, params or {}, self.settings.timeout, self.limits)
        except ServiceRefused as exc:
            line = re.search(r"line \d+", str(exc))
            raise EndpointError(
                400,
                f"SERVICE is refused ({line.group(0) if line else 'in the query'}): this endpoint answers from "
                "its own graph and sends no requests to other servers. Remove the SERVICE clause",
            ) from None
        except QueryTimeout:
            raise EndpointError(
                503,
                f"the query did not finish within {self.settings.timeout:g} seconds and was stopped; narrow it "
                "(more specific patterns, a LIMIT)",
            ) from None
        except CouncilGraphError as exc:  # a syntax error, a parameter missing or naming nothing
            raise EndpointError(400, str(exc)) from None


def write(result: QueryResult, representation: Representation) -> bytes:
    """The answer `result` written as `representation` asks (one of ROW_FORMATS or GRAPH_FORMATS)."""
    if representation.renderer == "xml":
        return render_xml(result).encode("utf-8")
    return RENDERERS[representation.renderer].render(result).encode("utf-8")


def render_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format (SELECT and ASK)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.form == "ASK":
        lines += ["  <head/>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(lines) + "\n"
    lines.append("  <head>")
    lines += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
    lines += ["  </head>", "  <results>"]
    for row in result.rows:
        lines.append("    <result>")
        for name, term in zip(result.variables, row):
            if term is not None:
                lines.append(f"      <binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
        lines.append("    </result>")
    lines += ["  </results>", "</sparql>"]
    return "\n".join(lines) + "\n"


def _xml_term(term) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
    if term.datatype is not None and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(str(term.datatype))}>{escape(str(term))}</literal>"
    return f"<literal>{escape(str(term))}</literal>"
