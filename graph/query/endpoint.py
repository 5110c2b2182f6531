"""`--endpoint URL`: any SPARQL 1.1 Protocol server, over HTTP, and the HTTP that `publish` shares."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request

from rdflib import BNode, Graph, Literal, URIRef

from ..errors import QueryTimeout, StoreError
from ..model.namespaces import bind_prefixes
from .guard import QueryLimits
from .loading import XSD_STRING, first_line, parse_into
from .params import prefix_block, with_values
from .results import QueryResult
from .sparql import PreparedQuery
from .store_base import Deadline, Store

__all__ = ["EndpointStore", "check_url", "http"]

_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class EndpointStore(Store):
    """A SPARQL 1.1 Protocol endpoint over HTTP (the query URL, e.g. http://host:7878/query)."""

    def __init__(self, url: str, default_graph: str | None = None):
        check_url(url)
        self.url, self.default_graph = url, default_graph
        self.description = f"the SPARQL endpoint {url}"

    local = False

    def _run(self, prepared: PreparedQuery, bindings: dict, deadline: Deadline, limits: QueryLimits) -> QueryResult:
        text = prefix_block(prepared) + with_values(prepared.text, prepared.form, bindings)
        form = [("query", text)] + ([("default-graph-uri", self.default_graph)] if self.default_graph else [])
        accept = (
            "application/n-triples, text/turtle;q=0.9"
            if prepared.form in ("CONSTRUCT", "DESCRIBE")
            else "application/sparql-results+json"
        )
        try:
            body, content_type = http(
                self.url,
                "POST",
                urllib.parse.urlencode(form).encode("utf-8"),
                {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
                deadline,
                limits.result_mb,
            )
        except StoreError as exc:
            if exc.status == 400:  # the server refused the query: rdflib's parser says where, when it agrees
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
    parse_into(graph, io.BytesIO(body), fmt, f"the answer from {url}")
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
    if datatype and datatype not in (XSD_STRING, _LANG_STRING):
        return Literal(text, datatype=URIRef(datatype))
    return Literal(text)


# --- HTTP --------------------------------------------------------------------------------------------


def check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"{url!r} is not an http(s) URL of a SPARQL endpoint, e.g. http://127.0.0.1:7878/query")


def http(url: str, method: str, data: bytes, headers: dict, deadline: Deadline, limit_mb: int = 0) -> tuple[bytes, str]:
    """POST or PUT `data` to `url`; the answer's body (at most `limit_mb` megabytes) and content type."""
    import socket

    remaining = None if deadline.at is None else max(deadline.at - time.monotonic(), 0.001)
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=remaining) as response:
            limit = limit_mb * 1024 * 1024 if limit_mb else -1
            body = response.read(limit + 1 if limit >= 0 else -1)
            if limit >= 0 and len(body) > limit:
                raise StoreError(
                    f"the answer from {url} is larger than {limit_mb:,} MB; narrow the query or add a LIMIT"
                )
            return body, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        detail = first_line(exc.read().decode("utf-8", "replace") or exc.reason)
        raise StoreError(f"{url} answered HTTP {exc.code} {exc.reason}: {detail[:300]}", status=exc.code) from None
    except TimeoutError:
        raise QueryTimeout(f"{url} did not answer in time") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise QueryTimeout(f"{url} did not answer in time") from None
        raise StoreError(
            f"cannot reach the SPARQL endpoint {url}: {first_line(exc.reason)}; "
            "is the server running and the URL right?"
        ) from None
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot reach the SPARQL endpoint {url}: {first_line(exc)}") from None
