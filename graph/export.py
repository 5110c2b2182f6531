"""Exporters: one registry entry per format, each writing atomically.

A new format is one entry in EXPORTERS; `councilgraph export --format NAME` and the build pick it up.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rdflib import Graph

from .errors import ExportError

__all__ = ["Exporter", "EXPORTERS", "exporter", "serialise", "write_atomic", "export_graph", "DEFAULT_FORMATS"]


@dataclass(frozen=True)
class Exporter:
    name: str
    suffix: str
    media_type: str
    description: str
    render: Callable[[Graph], bytes]


def _rdflib(fmt: str, **options) -> Callable[[Graph], bytes]:
    def render(graph: Graph) -> bytes:
        return graph.serialize(format=fmt, encoding="utf-8", **options)
    return render


def _ntriples(graph: Graph) -> bytes:
    """N-Triples, one triple a line, sorted: the most diff-friendly form."""
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")


def _jsonld(graph: Graph) -> bytes:
    """JSON-LD compacted with the project's prefixes; node and value arrays sorted (they are sets)."""
    import json
    document = _sorted_sets(json.loads(graph.serialize(format="json-ld", auto_compact=True)))
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _sorted_sets(value, key: str = ""):
    """Sort every JSON-LD array except @list ones (whose order is meaningful)."""
    import json
    if isinstance(value, dict):
        return {k: _sorted_sets(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_sets(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


EXPORTERS: dict[str, Exporter] = {
    e.name: e for e in [
        Exporter("turtle", "ttl", "text/turtle", "Turtle, grouped by subject and sorted (rdflib longturtle)",
                 _rdflib("longturtle")),
        Exporter("ntriples", "nt", "application/n-triples", "N-Triples, sorted line by line", _ntriples),
        Exporter("jsonld", "jsonld", "application/ld+json", "JSON-LD with the project's prefixes as context",
                 _jsonld),
        Exporter("rdfxml", "rdf", "application/rdf+xml", "RDF/XML", _rdflib("pretty-xml")),
    ]
}
DEFAULT_FORMATS = ("turtle", "ntriples", "jsonld")


def exporter(fmt: str) -> Exporter:
    """The exporter of format `fmt`, or an ExportError listing the known formats."""
    if fmt not in EXPORTERS:
        raise ExportError(f"unknown format {fmt!r}; known formats: {', '.join(sorted(EXPORTERS))}")
    return EXPORTERS[fmt]


def serialise(graph: Graph, fmt: str) -> bytes:
    return exporter(fmt).render(graph)


def write_atomic(path: Path, content: bytes) -> None:
    """Write `content` to `path` so that readers see the old file or the new one, never a part."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror}") from exc


def export_graph(graph: Graph, directory: Path, formats: tuple[str, ...] = DEFAULT_FORMATS,
                 stem: str = "councilgraph") -> list[Path]:
    """Write `graph` in each format to `directory`/`stem`.<suffix>; return the paths written.

    Every format is rendered before any file is written, so a failure leaves all old files intact.
    """
    chosen = [exporter(f) for f in formats]
    rendered = [(directory / f"{stem}.{e.suffix}", e.render(graph)) for e in chosen]
    for path, content in rendered:
        write_atomic(path, content)
    return [path for path, _ in rendered]

