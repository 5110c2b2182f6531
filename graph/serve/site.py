"""`councilgraph site -o DIR`: the server's pages as a folder of static files, for any static host.

The pages are the server's own (graph.serve.pages, the same templates), with links made relative between
files (graph.serve.links), so the folder works from any address and opened from the disk:

- `index.html`, `dataset.html` (+ `dataset.ttl`, `.jsonld`, `.nt`, and `void.ttl`), `ontology.html` and
  `ontology.ttl`, `map.html` and `map-<grouping>.html`, `class/<Class>.html` (100 a page: `-2`, `-3`, ...);
- every resource the graph holds at the path of its IRI: `id/council/wigan.html` with `.ttl`, `.jsonld`,
  `.nt` beside it (entities get their page, any other node a page of its triples);
- `source/<id>.html`: what the graph takes from each source document;
- `network/id/.../<slug>.html`: the network around each entity the metrics measured, loading vis-network
  from `assets/` (written once, with its licences);
- `dumps/`: the exports; `query.html` and `sparql.html`: the named queries' SPARQL, and where to run them
  (a static host runs no queries).

Deterministic: the same graph gives the same bytes in every file (nothing dated, everything sorted).
Written into a new folder beside DIR and swapped in whole, so DIR is the old site or the new one, never a
mix; DIR must be absent, empty, or a site this command wrote (it holds `.councilgraph-site`), so that
`-o ~` cannot delete a home folder.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ExportError
from ..model.export import EXPORTERS, check_writable, serialise
from ..model.namespaces import ID
from ..paths import Paths
from ..query.describe import EntityDescription
from ..query.facts import StoreFacts
from ..query.project_store import open_facts
from . import pages
from .classes import class_pages
from .councilmap import GROUPINGS, council_map
from .dataset import Dump, dataset_rdf, summarise
from .extras import entity_extras, source_pages, source_path
from .focus import focus_page
from .links import Links, static_file
from .negotiation import ENTITY_FORMATS
from .querypage import Table
from .resources import find_resource, path_of_iri, resource_rdf

__all__ = ["SITE_MARKER", "DEFAULT_BASE_URL", "SiteReport", "write_site"]

SITE_MARKER = ".councilgraph-site"
DEFAULT_BASE_URL = "https://w3id.org/councilgraph/"  # where the dumps are said to be (docs/serve.md, w3id)
_SAFE_PATH = re.compile(r"^/id(/[A-Za-z0-9][A-Za-z0-9._~-]*)+$")
_RDF = [r for r in ENTITY_FORMATS.values() if r.name != "html"]


@dataclass
class SiteReport:
    """What `write_site` wrote."""

    folder: Path
    files: int = 0
    bytes: int = 0
    resources: int = 0
    networks: int = 0
    skipped: list[str] | None = None  # IRIs whose path cannot be a file name (said, not written)


class _Folder:
    """The new site's folder: files written by their site path, counted."""

    def __init__(self, root: Path, report: SiteReport):
        self.root, self.report = root, report

    def write(self, name: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.report.files += 1
        self.report.bytes += len(data)

    def page(self, path: str, render: Callable[..., str], *args: Any, **values: Any) -> None:
        """The page at server path `path`: `render(*args, **values)` with links relative to its own file."""
        name = static_file(path)
        self.write(name, render(*args, links=Links(name), **values))


def write_site(
    paths: Paths,
    out: Path,
    base_url: str = DEFAULT_BASE_URL,
    networks: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> SiteReport:
    """Write the static site of the project's graph into `out` (see the module's docstring)."""
    out = Path(out)
    _check_target(out)
    facts = open_facts(paths)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    except OSError as exc:
        raise ExportError(f"cannot write a site into {out}: {exc.strerror or exc}") from None
    report = SiteReport(out, skipped=[])
    try:
        os.chmod(staging, 0o755)
        folder = _Folder(staging, report)
        _write_overview(folder, facts, paths, base_url.rstrip("/") + "/")
        _write_resources(folder, facts, networks, progress)
        folder.write(SITE_MARKER, "A static site written by `councilgraph site`; the command replaces it whole.\n")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file, not a folder: give `site -o` a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / SITE_MARKER).is_file():
        raise ExportError(
            f"{out} is not empty and is not a site `councilgraph site` wrote: give an empty or new folder"
        )
    check_writable(out.parent, is_dir=True)


def _swap(staging: Path, out: Path) -> None:
    """Put the new site where the old one was: rename the old aside, the new in, then remove the old."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.{os.getpid()}.old")
        out.rename(old)
    try:
        staging.rename(out)
    except OSError:
        if old is not None:
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _write_overview(folder: _Folder, facts: StoreFacts, paths: Paths, base_url: str) -> None:
    """The pages about the whole graph: home, dataset, ontology, map, classes, queries, assets and dumps."""
    from ..viz.vendored import page_assets

    summary = summarise(facts)
    by_suffix = {e.suffix: e.media_type for e in EXPORTERS.values()}
    dump_files = {p.name: p for p in sorted(paths.built.glob("*.*")) if p.is_file() and p.suffix[1:] in by_suffix}
    dumps = [Dump(n, by_suffix[p.suffix[1:]], p.stat().st_size) for n, p in dump_files.items()]
    for name, path in dump_files.items():
        folder.write(f"dumps/{name}", path.read_bytes())
    for name, path in page_assets().items():
        folder.write(f"assets/{name}", path.read_bytes())
    folder.page("/", pages.home_page, summary)
    formats = list(ENTITY_FORMATS.values())
    folder.page("/dataset", pages.dataset_page, summary, dumps, formats)
    described = dataset_rdf(summary, base_url, dumps, endpoint_offered=False)
    for r in _RDF:
        folder.write(f"dataset.{r.name}", serialise(described, r.renderer))
    folder.write("void.ttl", serialise(described, "turtle"))
    _write_ontology(folder, paths, frozenset(name.removeprefix("cg:") for name, _, _ in summary.classes))
    for colour in GROUPINGS:
        drawn = council_map(facts, colour)
        folder.page(f"/map?colour={colour}", pages.map_page, drawn, list(GROUPINGS))
    for name, _, _ in summary.classes:
        local = name.removeprefix("cg:")
        for found in class_pages(facts, summary.classes, local):  # the members read once, not once a page
            folder.page(f"/class/{local}?page={found.page}", pages.class_page, found)
    folder.page("/query", pages.static_query_page, _query_answers(folder, paths))
    folder.page("/sparql", pages.static_sparql_page)
    for source in summary.sources:
        _write_source(folder, facts, source["iri"])


def _query_answers(folder: _Folder, paths: Paths) -> dict[str, Table | str]:
    """The answers of the named queries that need no parameter, as the endpoint gives them (its guards and
    timeout), each also written as `query/<name>.csv`; a query that fails is its message."""
    from ..query.library import library
    from ..query.project_store import ProjectStore
    from .querypage import table
    from .sparql import ROW_FORMATS, Endpoint, EndpointError, EndpointSettings, write

    endpoint = Endpoint(ProjectStore(paths), EndpointSettings())
    answers: dict[str, Table | str] = {}
    for name, query in library().items():
        if any(not p.optional for p in query.params):
            continue
        try:
            result = endpoint.run(query, {})
        except EndpointError as exc:
            answers[name] = str(exc)
            continue
        if not result.is_graph and result.form != "ASK" and "ORDER BY" not in query.text.upper():
            result.rows = sorted(result.rows, key=lambda row: tuple("" if v is None else str(v) for v in row))
        if not result.is_graph and result.form != "ASK":
            folder.write(f"query/{name}.csv", write(result, ROW_FORMATS["csv"]))
        answers[name] = table(result)
    return answers


def _write_ontology(folder: _Folder, paths: Paths, classes: frozenset[str]) -> None:
    if not paths.ontology.is_file():
        return
    folder.write("ontology.ttl", paths.ontology.read_bytes())
    folder.page("/ontology", pages.ontology_page, paths.ontology, paths.shapes, classes)


def _write_source(folder: _Folder, facts: StoreFacts, iri: str) -> None:
    path = source_path(iri)
    for found in source_pages(facts, iri):
        if found.total:
            folder.page(f"{path}?page={found.page}", pages.source_page, found, path)


def _resource_iris(facts: StoreFacts) -> list[str]:
    """Every IRI of the project's `id/` space the graph holds, as subject or object, sorted."""
    import pyoxigraph as ox

    base, found = str(ID), set()
    for quad in facts.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(base) and len(term.value) > len(base):
                found.add(term.value)
    return sorted(found)


def _write_resources(
    folder: _Folder, facts: StoreFacts, networks: bool, progress: Callable[[int, int], None] | None
) -> None:
    """Each resource's page and RDF, and the network around each entity the metrics measured."""
    iris = _resource_iris(facts)
    formats = list(ENTITY_FORMATS.values())
    for done, iri in enumerate(iris, 1):
        path = path_of_iri(iri) or ""
        if not _SAFE_PATH.match(path) or "/../" in path + "/" or "/./" in path + "/":
            assert folder.report.skipped is not None
            folder.report.skipped.append(iri)
            continue
        found = find_resource(facts, iri)
        if isinstance(found, EntityDescription):
            extra = entity_extras(facts, iri, path)
            folder.page(path, pages.entity_page, found, path, formats, extra=extra)
            if networks and extra.network:
                drawn = focus_page(facts, iri, Links(static_file(extra.network)).to_folder("/assets/"))
                if drawn is not None:
                    folder.write(static_file(extra.network), drawn)
                    folder.report.networks += 1
        elif found is not None:
            folder.page(path, pages.resource_page, found, path, formats)
        rdf = resource_rdf(facts, iri)
        for r in _RDF:
            folder.write(static_file(f"{path}.{r.name}"), serialise(rdf, r.renderer))
        folder.report.resources += 1
        if progress is not None:
            progress(done, len(iris))
