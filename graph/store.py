"""Getting a built graph: from the Turtle export (the default), or by building it from the data."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .errors import CouncilGraphError
from .paths import Paths

__all__ = ["load_export", "export_path"]


def export_path(paths: Paths) -> Path:
    return paths.exports / "councilgraph.ttl"


def load_export(paths: Paths | None = None) -> Graph:
    """The graph in exports/councilgraph.ttl; a clear error if it has not been built."""
    path = export_path(paths or Paths())
    if not path.exists():
        raise CouncilGraphError(f"{path} does not exist: run `councilgraph build` first")
    from .stores import load_graph   # Oxigraph's parser: several times faster than rdflib's
    return load_graph([path])
