"""Getting a built graph: from the Turtle export (the default), or by building it from the data."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .errors import CouncilGraphError
from .paths import Paths, locate

__all__ = ["load_export", "export_path"]


def export_path(paths: Paths) -> Path:
    return paths.built / "councilgraph.ttl"


def load_export(paths: Paths | None = None) -> Graph:
    """The graph in exports/councilgraph.ttl of `paths` (default: the project `locate` finds); a clear
    error, naming the project and how it was found, if it has not been built."""
    paths = paths or locate()
    path = export_path(paths)
    if not path.exists():
        raise CouncilGraphError(paths.missing(path))
    from .stores import load_graph   # Oxigraph's parser: several times faster than rdflib's
    return load_graph([path])
