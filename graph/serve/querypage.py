"""The query page at /query: the named queries as examples, each with its parameters as form fields, a
free SPARQL box, and the answer as a table whose entity IRIs link to their pages.

Everything the page shows lives in its URL (GET), so an answer can be linked and sent:
`/query?name=partners-of-council&council=Wigan` runs a named query with its parameters' values,
`/query?query=SELECT...` runs free SPARQL, and `&format=csv` (or `json`, ...) gives the same answer as a
download. The query runs through the endpoint (graph.serve.sparql `Endpoint.run`) under the same guards as
/sparql: refused SERVICE, the timeout, the row cap and the count of queries at once (429).

Pure of HTTP frameworks: `read_request` turns the URL's arguments into a `QueryRequest`; `table` turns an
answer into plain rows for the template.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field

from rdflib import BNode, URIRef

from ..errors import QueryError
from ..model.namespaces import prefixed_name
from ..query.library import Query, inline_query
from ..query.results import QueryResult
from ..query.sparql import prepare
from .negotiation import Representation
from .resources import path_of_iri
from .sparql import GRAPH_FORMATS, ROW_FORMATS, EndpointError

__all__ = ["RESERVED", "EXAMPLE", "QueryRequest", "Cell", "Table", "read_request", "table", "downloads"]

RESERVED = ("name", "query", "format")  # the page's own arguments; no named query's parameter may take one
EXAMPLE = (
    "SELECT ?council ?name ?nation WHERE {\n"
    "  ?council a cg:PrincipalCouncil ; rdfs:label ?name ; cg:nation ?nation .\n"
    "}\nORDER BY ?name\nLIMIT 20"
)


@dataclass
class QueryRequest:
    """What a /query URL asks: a named query (by `name`) with parameter values, or free SPARQL (`text`)."""

    name: str | None = None
    text: str = ""
    values: dict[str, str] = field(default_factory=dict)  # the parameters given (blank fields left out)
    format: str = "html"
    query: Query | None = None  # what runs: the named query, or the free text as a query

    @property
    def runnable(self) -> bool:
        """Whether there is something to run: free text, or a named query with every required value."""
        if self.query is None:
            return False
        return all(p.optional or p.name in self.values for p in self.query.params)

    @property
    def key(self) -> tuple:
        """What identifies the answer, for the cache."""
        return ("query", self.name, self.text, tuple(sorted(self.values.items())), self.format)

    @property
    def share(self) -> str:
        """The address of this page: the query (or its name) and the parameters, nothing else."""
        if self.name is not None and self.query is not None:
            given = [(p.name, self.values[p.name]) for p in self.query.params if p.name in self.values]
            pairs = [("name", self.name), *given]
        else:
            pairs = [("query", self.text)] if self.text else []
        return "/query" + ("?" + urllib.parse.urlencode(pairs) if pairs else "")


def read_request(params: list[tuple[str, str]], queries: dict[str, Query]) -> QueryRequest:
    """The request a /query URL's arguments make; EndpointError (400, 404) for one that cannot be read."""
    fields: dict[str, str] = {}
    for key, value in params:
        if key in fields:
            raise EndpointError(400, f"the argument {key!r} is given twice; give each once")
        fields[key] = value
    asked = QueryRequest(format=fields.pop("format", "html").strip().lower() or "html")
    name, text = fields.pop("name", "").strip(), fields.pop("query", "")
    if name and text.strip():
        raise EndpointError(400, "give a named query (name=...) or SPARQL (query=...), not both")
    if name:
        if name not in queries:
            raise EndpointError(404, f"there is no named query {name!r}; /query lists them")
        asked.name, asked.query = name, queries[name]
        declared = {p.name for p in asked.query.params}
        unknown = sorted(set(fields) - declared)
        if unknown:
            listed = ", ".join(sorted(declared)) or "none"
            raise EndpointError(400, f"{name} has no parameter {unknown[0]!r}; its parameters: {listed}")
        asked.values = {k: v.strip() for k, v in fields.items() if v.strip()}
    elif text.strip():
        if fields:
            raise EndpointError(400, f"free SPARQL takes no parameters ({', '.join(sorted(fields))}); put values in it")
        asked.text, asked.query = text, inline_query(text)
    elif fields:
        raise EndpointError(400, f"arguments {', '.join(sorted(fields))} without a query: add name=... or query=...")
    return asked


def output_format(asked: QueryRequest, limits) -> Representation | None:
    """How the answer is written: None for the page, else a format of /sparql fitting the query's form
    (EndpointError 400 for a format that does not fit, or a query that does not parse)."""
    if asked.format == "html" or asked.query is None:
        return None
    try:
        form = prepare(asked.query, limits).form
    except QueryError as exc:
        raise EndpointError(400, str(exc)) from None
    formats = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else ROW_FORMATS
    if asked.format not in formats:
        raise EndpointError(400, f"a {form} answer comes as {', '.join(['html', *formats])}, not {asked.format!r}")
    return formats[asked.format]


def downloads(asked: QueryRequest, result: QueryResult) -> list[tuple[str, str]]:
    """(label, link) of the answer as files: CSV and JSON for rows, Turtle and JSON-LD for a graph."""
    share = asked.share
    names = ("ttl", "jsonld") if result.is_graph else ("csv", "json")
    return [(name.upper(), f"{share}&format={name}") for name in names]


@dataclass
class Cell:
    text: str
    link: str | None = None  # a path on this server for the project's IRIs, else the IRI itself


@dataclass
class Table:
    variables: list[str]
    rows: list[list[Cell]]
    boolean: bool | None = None
    truncated: bool = False


def _cell(term) -> Cell:
    if term is None:
        return Cell("")
    if isinstance(term, URIRef):
        iri = str(term)
        local = path_of_iri(iri)
        return Cell(prefixed_name(iri), local or (iri if iri.startswith(("http://", "https://")) else None))
    if isinstance(term, BNode):
        return Cell(f"_:{term}")
    return Cell(str(term))


def table(result: QueryResult) -> Table:
    """The answer as rows of cells: a SELECT's rows, a graph's triples (sorted), or an ASK's boolean."""
    if result.form == "ASK":
        return Table([], [], boolean=bool(result.boolean))
    if result.is_graph and result.graph is not None:
        triples = sorted(result.graph, key=lambda t: tuple(str(x) for x in t))
        rows = [[_cell(x) for x in t] for t in triples]
        return Table(["subject", "predicate", "object"], rows, None, result.truncated)
    return Table(list(result.variables), [[_cell(x) for x in row] for row in result.rows], None, result.truncated)
