"""`councilgraph publish`: load the graph in exports/ into a SPARQL server (Graph Store Protocol or Update)."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError
from ..paths import Paths
from .endpoint import check_url, http
from .loading import first_line, graph_files
from .store_base import DEFAULT_TIMEOUT, Deadline

__all__ = ["PublishReport", "publish"]


@dataclass
class PublishReport:
    triples: int
    target: str
    how: str


def publish(
    paths: Paths,
    endpoint: str,
    protocol: str = "gsp",
    graph_iri: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> PublishReport:
    """Replace the default graph (or `graph_iri`) at `endpoint` with the graph in exports/.

    `gsp`: an HTTP PUT of N-Triples to the Graph Store Protocol URL (Oxigraph: /store, Fuseki:
    /DATASET/data). `update`: DROP then INSERT DATA in one request to the SPARQL Update URL
    (Oxigraph: /update, Fuseki: /DATASET/update).
    """
    check_url(endpoint)
    if graph_iri is not None:
        parts = urllib.parse.urlsplit(graph_iri)
        if not parts.scheme or any(c in graph_iri for c in '<>" {}|\\^`'):
            raise StoreError(f"--graph {graph_iri!r} is not an absolute IRI")
    ntriples, count = _ntriples(graph_files(paths))
    deadline = Deadline(timeout)
    target = f"graph <{graph_iri}>" if graph_iri else "the default graph"
    if protocol == "gsp":
        query = {"graph": graph_iri} if graph_iri else {"default": ""}
        separator = "&" if "?" in endpoint else "?"
        url = endpoint + separator + urllib.parse.urlencode(query).replace("default=", "default")
        http(url, "PUT", ntriples, {"Content-Type": "application/n-triples"}, deadline)
        how = "SPARQL 1.1 Graph Store Protocol (PUT)"
    elif protocol == "update":
        if graph_iri:
            body = (
                f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n".encode()
                + ntriples
                + b"} }\n"
            )
        else:
            body = b"DROP SILENT DEFAULT ;\nINSERT DATA {\n" + ntriples + b"}\n"
        http(endpoint, "POST", body, {"Content-Type": "application/sparql-update"}, deadline)
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
            raise StoreError(f"{path} cannot be read as RDF: {first_line(exc)}") from None
        ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        assert ntriples is not None, "with no output given, serialize returns the bytes"
        lines.update(ntriples.splitlines(keepends=True))
    return b"".join(sorted(lines)), len(lines)
