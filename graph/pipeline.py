"""The main job: load and check the data, build the graph, validate it, write the exports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .choices import DEFAULT_SEED, VIEWS
from .errors import CouncilGraphError
from .ingest.dataset import Paths, load_dataset
from .model.build import build_graph
from .model.export import DEFAULT_FORMATS
from .model.validate import ShapeReport, validate_graph

__all__ = ["BuildResult", "ShapesFailed", "build_and_validate", "run_build", "dataset_description", "VOID_FILE"]

VOID_FILE = "void.ttl"


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
    the interactive network page of the full view (graph.viz) as network.html, every view as GraphML and
    GEXF with the full view as nodes.csv and edges.csv (graph.network.downloads), and the dataset's VoID
    and DCAT description listing the files as void.ttl (dataset_description). Before the data is
    loaded, the out folder and its targets are checked (a clear ExportError at once rather than after
    the build) and what an interrupted earlier write left there is recovered; everything is rendered
    before any file is written, and the files are installed together (graph.model.export_set.write_export_set).
    """
    from .model.export import exporter, render_exports, serialise
    from .model.export_set import check_export_set, recover_export_set, write_export_set
    from .network.downloads import measure_views, network_files
    from .network.metrics_rdf import METRICS_FILE, METRICS_VIEW, metrics_to_rdf
    from .viz.page import DEFAULT_FILE as NETWORK_FILE
    from .viz.page import network_page
    from .viz.render import render_html

    paths = paths or Paths()
    paths.require_data()  # the installed graph has none: say so before touching any folder
    directory = out_dir or paths.exports
    names = [*(f"councilgraph.{exporter(f).suffix}" for f in formats), METRICS_FILE, NETWORK_FILE]
    names += [*download_names(), VOID_FILE]
    check_export_set(directory, names)
    recover_export_set(directory, names)
    graph, report = build_and_validate(paths)
    if not report.conforms:
        raise ShapesFailed(report)
    measured = measure_views(graph)
    full = measured[METRICS_VIEW]
    files = {
        **render_exports(graph, formats),
        METRICS_FILE: serialise(
            metrics_to_rdf(full.undirected, full.metrics, METRICS_VIEW, DEFAULT_SEED, None), "turtle"
        ),
        NETWORK_FILE: render_html(network_page(graph)).encode("utf-8"),
        **network_files(measured),
    }
    files[VOID_FILE] = dataset_description(graph, files)
    written = write_export_set(directory, files)
    if directory.resolve() == paths.built.resolve() and "turtle" in formats:
        from .query.project_store import ensure_store

        ensure_store(paths)  # the read commands' store, made now rather than by the first read
    return BuildResult(graph, report, written)


def download_names() -> list[str]:
    """The analysts' files every build writes besides the graph's formats (graph.network.downloads)."""
    from .network.downloads import EDGES_FILE, NODES_FILE, gexf_name, graphml_name

    return [*(name(view) for view in VIEWS for name in (graphml_name, gexf_name)), NODES_FILE, EDGES_FILE]


def dataset_description(graph: Graph, files: dict[str, bytes]) -> bytes:
    """void.ttl: the server's VoID and DCAT description (graph.serve.dataset) of `graph`, with each of
    `files` but the network page as a dcat:Distribution and void:dataDump.

    A build does not know where the files will be served, so the description uses the addresses the
    dataset would have published under its w3id IRI: the SPARQL endpoint <https://w3id.org/councilgraph/sparql>
    and each file at <https://w3id.org/councilgraph/dumps/NAME>, the paths `councilgraph serve` gives them.
    """
    import pyoxigraph as ox

    from .model.export import EXPORTERS, serialise
    from .model.namespaces import BASE
    from .network.downloads import MEDIA_TYPES
    from .query.facts import StoreFacts
    from .query.names import NameIndex
    from .serve.dataset import Dump, dataset_rdf, summarise
    from .viz.page import DEFAULT_FILE as NETWORK_FILE

    store = ox.Store()  # in memory: the summary's queries take a second here, not rdflib's sixteen
    ntriples = files.get(f"councilgraph.{EXPORTERS['ntriples'].suffix}") or serialise(graph, "ntriples")
    store.load(ntriples, ox.RdfFormat.N_TRIPLES)
    summary = summarise(StoreFacts(store, NameIndex.from_rows([])))
    media = {**{e.suffix: e.media_type for e in EXPORTERS.values()}, **MEDIA_TYPES}
    dumps = [
        Dump(name, media[name.rpartition(".")[2]], len(content))
        for name, content in sorted(files.items())
        if name != NETWORK_FILE
    ]
    return serialise(dataset_rdf(summary, BASE, dumps), "turtle")
