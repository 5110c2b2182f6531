"""SPARQL query results, the same from every store, and the formats they are written in.

A `QueryResult` holds rdflib terms whichever store answered, so answers can be compared across
stores. Renderers live in a registry keyed by format name: rows (SELECT) and booleans (ASK) go to
`table`, `csv`, `tsv`, `json` or `markdown`; graphs (CONSTRUCT, DESCRIBE) go to `turtle`, `ntriples`
or `jsonld` through the exporter registry, so they come out sorted like the exports.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, XSD

from ..choices import QUERY_FORMATS, registry
from ..errors import QueryError
from ..model.namespaces import bind_prefixes, prefixed_name

__all__ = [
    "QueryResult",
    "Renderer",
    "RENDERERS",
    "ROW_FORMATS",
    "GRAPH_FORMATS",
    "render",
    "term_to_sparql",
    "term_to_json",
    "short_name",
    "default_format",
]

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass
class QueryResult:
    """The answer to one query: rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT, DESCRIBE)."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # rdflib terms, None where unbound
    boolean: bool | None = None
    graph: Graph | None = None
    truncated: bool = False  # cut off at QueryLimits.max_rows: more rows (or triples) matched

    @property
    def is_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class Renderer:
    name: str
    kind: str  # "rows" (SELECT and ASK) or "graph" (CONSTRUCT and DESCRIBE)
    description: str
    render: Callable[[QueryResult], str]


# --- terms -------------------------------------------------------------------------------------------


def short_name(term) -> str:
    """A term as a person reads it: IRIs as prefixed names where a project prefix fits, literals bare."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return prefixed_name(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _escape_string(value: str) -> str:
    return (
        '"'
        + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        + '"'
    )


def term_to_sparql(term) -> str:
    """A term in SPARQL/Turtle syntax on one line (as the SPARQL TSV results format writes terms)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = _escape_string(str(term))
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"{text}^^<{term.datatype}>"
    return text


def term_to_json(term) -> dict[str, str]:
    """A term as the SPARQL 1.1 Query Results JSON format writes it."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype not in (XSD.string, RDF.langString):
        out["datatype"] = str(term.datatype)
    return out


# --- rows and booleans -------------------------------------------------------------------------------


def _boolean_text(result: QueryResult) -> str:
    return ("true" if result.boolean else "false") + "\n"


def _table(result: QueryResult) -> str:
    if result.form == "ASK":
        return _boolean_text(result)
    cells = [result.variables] + [[short_name(t) for t in row] for row in result.rows]
    widths = [max([len(row[i]) for row in cells] + [1]) for i in range(len(result.variables))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    count = len(result.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def _markdown(result: QueryResult) -> str:
    if result.form == "ASK":
        return _boolean_text(result)

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(result.variables) + " |", "|" + "|".join(" --- " for _ in result.variables) + "|"]
    lines += ["| " + " | ".join(cell(short_name(t)) for t in row) + " |" for row in result.rows]
    return "\n".join(lines) + "\n"


def _csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: IRIs and literal values bare, CRLF line ends."""
    if result.form == "ASK":
        return _boolean_text(result)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return out.getvalue()


def _tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: a ?-prefixed header, terms in SPARQL syntax."""
    if result.form == "ASK":
        return _boolean_text(result)
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(term_to_sparql(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.form == "ASK":
        document = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {var: term_to_json(t) for var, t in zip(result.variables, row) if t is not None} for row in result.rows
        ]
        document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- graphs ------------------------------------------------------------------------------------------


def _graph(export_format: str) -> Callable[[QueryResult], str]:
    def render_graph(result: QueryResult) -> str:
        from ..model.export import serialise

        graph = bind_prefixes(Graph())
        for triple in result.graph or ():
            graph.add(triple)
        return serialise(graph, export_format).decode("utf-8")

    return render_graph


RENDERERS: dict[str, Renderer] = registry(
    QUERY_FORMATS,
    {
        r.name: r
        for r in [
            Renderer("table", "rows", "an aligned table with prefixed names (the default on a terminal)", _table),
            Renderer("csv", "rows", "SPARQL 1.1 CSV results: full IRIs, bare values (the default when piped)", _csv),
            Renderer("tsv", "rows", "SPARQL 1.1 TSV results: terms in SPARQL syntax", _tsv),
            Renderer("json", "rows", "SPARQL 1.1 Query Results JSON", _json),
            Renderer("markdown", "rows", "a Markdown table with prefixed names", _markdown),
            Renderer("turtle", "graph", "Turtle, sorted (the default for CONSTRUCT and DESCRIBE)", _graph("turtle")),
            Renderer("ntriples", "graph", "N-Triples, sorted line by line", _graph("ntriples")),
            Renderer("jsonld", "graph", "JSON-LD with the project's prefixes", _graph("jsonld")),
        ]
    },
)
ROW_FORMATS = tuple(n for n, r in RENDERERS.items() if r.kind == "rows")
GRAPH_FORMATS = tuple(n for n, r in RENDERERS.items() if r.kind == "graph")


def default_format(result: QueryResult, terminal: bool) -> str:
    if result.is_graph:
        return "turtle"
    return "table" if terminal else "csv"


def render(result: QueryResult, fmt: str) -> str:
    """`result` written in format `fmt`; a clear error if the format does not suit the query form."""
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise QueryError(f"unknown result format {fmt!r}; known formats: {', '.join(RENDERERS)}")
    wanted = "graph" if result.is_graph else "rows"
    if renderer.kind != wanted:
        suits = GRAPH_FORMATS if result.is_graph else ROW_FORMATS
        raise QueryError(
            f"--format {fmt} does not suit a {result.form} query, which gives "
            f"{'a graph' if result.is_graph else 'rows' if result.form == 'SELECT' else 'true or false'}"
            f"; use one of: {', '.join(suits)}"
        )
    return renderer.render(result)
