"""The main job: load and check the data, build the graph, validate it, write the exports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .errors import CouncilGraphError
from .ingest.dataset import Paths, load_dataset
from .model.build import build_graph
from .model.export import DEFAULT_FORMATS
from .model.validate import ShapeReport, validate_graph

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


def run_build(
    paths: Paths | None = None, formats: tuple[str, ...] = DEFAULT_FORMATS, out_dir: Path | None = None
) -> BuildResult:
    """Build, validate, and only if the graph conforms, write the exports as one set.

    The network metrics of the full view (graph.network.metrics_rdf) are written beside them as metrics.ttl,
    and the interactive network page of the full view (graph.viz) as network.html. Before the data is
    loaded, the out folder and its targets are checked (a clear ExportError at once rather than after
    the build) and what an interrupted earlier write left there is recovered; everything is rendered
    before any file is written, and the files are installed together (graph.model.export_set.write_export_set).
    """
    from .model.export import exporter, render_exports, serialise
    from .model.export_set import check_export_set, recover_export_set, write_export_set
    from .network.metrics_rdf import METRICS_FILE, metrics_graph
    from .viz.page import DEFAULT_FILE as NETWORK_FILE
    from .viz.page import network_page
    from .viz.render import render_html

    paths = paths or Paths()
    paths.require_data()  # the installed graph has none: say so before touching any folder
    directory = out_dir or paths.exports
    names = [*(f"councilgraph.{exporter(f).suffix}" for f in formats), METRICS_FILE, NETWORK_FILE]
    check_export_set(directory, names)
    recover_export_set(directory, names)
    graph, report = build_and_validate(paths)
    if not report.conforms:
        raise ShapesFailed(report)
    files = {
        **render_exports(graph, formats),
        METRICS_FILE: serialise(metrics_graph(graph), "turtle"),
        NETWORK_FILE: render_html(network_page(graph)).encode("utf-8"),
    }
    written = write_export_set(directory, files)
    if directory.resolve() == paths.built.resolve() and "turtle" in formats:
        from .query.project_store import ensure_store

        ensure_store(paths)  # the read commands' store, made now rather than by the first read
    return BuildResult(graph, report, written)
