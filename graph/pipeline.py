"""The main job: load and check the data, build the graph, validate it, write the exports."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .build import build_graph
from .errors import CouncilGraphError
from .export import DEFAULT_FORMATS, export_graph
from .project import Paths, load_dataset
from .validate import ShapeReport, validate_graph

__all__ = ["BuildResult", "ShapesFailed", "build_and_validate", "run_build"]


class ShapesFailed(CouncilGraphError):
    def __init__(self, report: ShapeReport):
        self.report = report
        super().__init__(report.summary() + "\nNo export was written; the previous exports are unchanged.")


@dataclass
class BuildResult:
    graph: Graph
    report: ShapeReport
    written: list[Path]


def build_and_validate(paths: Paths | None = None) -> tuple[Graph, ShapeReport]:
    """Load the data (DataErrors on any problem), build the graph and run the shapes over it."""
    paths = paths or Paths()
    graph = build_graph(load_dataset(paths))
    return graph, validate_graph(graph, paths.shapes, paths.ontology)


def run_build(paths: Paths | None = None, formats: tuple[str, ...] = DEFAULT_FORMATS,
              out_dir: Path | None = None) -> BuildResult:
    """Build, validate, and only if the graph conforms, write the exports atomically."""
    paths = paths or Paths()
    graph, report = build_and_validate(paths)
    if not report.conforms:
        raise ShapesFailed(report)
    written = export_graph(graph, out_dir or paths.exports, formats)
    return BuildResult(graph, report, written)
