"""`councilgraph site -o DIR` (issue #16): the server's pages as static files. Written from a copy of the
mini project (tests/conftest.py `built_mini`: Wigan, Scholes and Wigan Community Credits from
cc-action-plans-2012) with the hostile fixture graph added. Expected quotes and names are read from the
source text, never from the curated files or from what the code wrote.
"""

from __future__ import annotations

import hashlib
import posixpath
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from cli import cli
from graph.errors import ExportError
from graph.model.namespaces import ID
from graph.paths import Paths
from graph.serve.links import Links, static_file
from graph.serve.site import SITE_MARKER, write_site
from tests.conftest import FIXTURE, HOSTILE_LABEL
from tests.test_serve import CREDITS, PLACE, QUOTE


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.ids: set[str] = set()
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if found.get("href"):
            self.hrefs.append(found["href"])
        if found.get("src"):
            self.srcs.append(found["src"])
        if found.get("id"):
            self.ids.add(found["id"])
        if tag == "script":
            self.scripts += 1


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def project(built_mini, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site") / "project"
    shutil.copytree(built_mini, root)
    with open(root / "exports" / "councilgraph.ttl", "a", encoding="utf-8") as graph:
        graph.write("\n" + FIXTURE)
    return root


@pytest.fixture(scope="module")
def site(project) -> Path:
    out = project.parent / "site"
    report = write_site(Paths(project), out)
    assert report.resources > 0 and report.networks > 0 and not report.skipped
    return out


def test_links_map_server_paths_to_files_relative_to_the_page():
    page = Links("id/council/wigan.html")
    assert page.to("/id/place/scholes") == "../place/scholes.html"
    assert page.to("/id/council/wigan.ttl") == "wigan.ttl"
    assert page.to("/class/Council?page=2") == "../../class/Council-2.html"
    assert page.to("/map?colour=network") == "../../map-network.html"
    assert page.to("/") == "../../index.html"
    assert page.to("https://example.org/x") == "https://example.org/x"
    assert Links().to("/class/Council?page=2") == "/class/Council?page=2"
    assert static_file("/source/cc-update-2013?page=3") == "source/cc-update-2013-3.html"
    assert Links("network/id/council/wigan.html").to_folder("/assets/") == "../../../assets/"


def test_every_link_between_pages_names_a_file_of_the_site(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    broken = []
    for page in pages:
        found = _parse(page)
        for link in found.hrefs + found.srcs:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#"):
                continue
            assert not link.startswith("/"), f"{page.relative_to(site)}: a link from the root: {link}"
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(str(page.relative_to(site))), unquote(parts.path))
            )
            if not (site / target).is_file():
                broken.append(f"{page.relative_to(site)} -> {link}")
    assert not broken, broken[:10]


def test_the_council_page_shows_the_quote_and_its_neighbours_with_rdf_beside_it(site):
    wigan = site / "id" / "council" / "wigan.html"
    text = wigan.read_text(encoding="utf-8")
    assert " ".join(QUOTE.split()) in " ".join(text.split())
    assert "../place/" + PLACE.lower() + ".html" in _parse(wigan).hrefs
    assert CREDITS in text
    for suffix, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")):
        graph = Graph().parse(site / "id" / "council" / f"wigan.{suffix}", format=fmt)
        assert (URIRef(ID["council/wigan"]), RDFS.label, None) in graph


def test_the_network_around_an_entity_loads_its_script_from_the_sites_assets(site):
    page = site / "network" / "id" / "council" / "wigan.html"
    found = _parse(page)
    assert found.srcs and all(src.startswith("../../../assets/") for src in found.srcs)
    assert PLACE in page.read_text(encoding="utf-8")
    assert (site / "assets" / "vis-network.min.js").is_file()


def test_a_source_page_lists_what_the_graph_takes_from_the_document(site):
    text = " ".join((site / "source" / "cc-action-plans-2012.html").read_text(encoding="utf-8").split())
    assert " ".join(QUOTE.split()) in text
    assert "entity" in text and "relation" in text


def test_nothing_loads_from_elsewhere_and_hostile_names_are_text(site):
    for page in site.rglob("*.html"):
        found = _parse(page)
        assert not [s for s in found.srcs if urlsplit(s).scheme], page
        text = page.read_text(encoding="utf-8")
        assert HOSTILE_LABEL not in text, page  # escaped wherever it shows
    escaped = HOSTILE_LABEL.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert any(escaped in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_the_site_is_byte_identical_from_run_to_run_and_replaces_itself(project, site, tmp_path):
    again = tmp_path / "again"
    write_site(Paths(project), again)
    assert _digests(again) == _digests(site)
    (again / "stale.html").write_text("left over", encoding="utf-8")
    write_site(Paths(project), again)  # a site this command wrote is replaced whole
    assert not (again / "stale.html").exists() and (again / SITE_MARKER).is_file()


def test_a_folder_that_is_not_a_site_is_refused_and_left_alone(project, tmp_path):
    foreign = tmp_path / "home"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="not empty"):
        write_site(Paths(project), foreign)
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]
    result = CliRunner().invoke(cli, ["site", "--root", str(project), "-o", str(foreign / "notes.txt")])
    assert result.exit_code != 0 and "is a file" in result.output
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_the_command_says_what_it_wrote(project, tmp_path):
    result = CliRunner().invoke(cli, ["site", "--root", str(project), "-o", str(tmp_path / "out"), "--no-networks"])
    assert result.exit_code == 0, result.output
    assert "resources" in result.output and "0 network pages" in result.output
    assert not (tmp_path / "out" / "network").exists()


def test_the_query_page_has_the_answers_of_the_queries_without_parameters(tmp_path):
    """On the project's own graph: the static query page answers the named queries that need no parameter.
    The Phase 1 action plans (cc-action-plans-2012) include Wigan's, so the phase 1 answer names Wigan and
    links its page; the CSV beside it holds the same rows."""
    import csv

    from graph.serve import pages
    from graph.serve.site import SiteReport, _Folder, _query_answers

    folder = _Folder(tmp_path, SiteReport(tmp_path))
    answers = _query_answers(folder, Paths())
    assert "creative-councils-phase-1" in answers and "partners-of-council" not in answers  # that one needs a council
    page = pages.static_query_page(answers, links=Links("query.html"))
    section = page.split('id="creative-councils-phase-1"', 1)[1].split("</section>", 1)[0]
    assert 'href="id/council/wigan.html"' in section
    rows = list(csv.reader((tmp_path / "query" / "creative-councils-phase-1.csv").open(encoding="utf-8")))
    assert len(rows) - 1 == section.count("<tr>") - 1 > 10  # the header row, then one per answer


def test_a_site_goes_into_a_folder_whose_parents_do_not_exist_yet(project, tmp_path):
    out = tmp_path / "not" / "yet" / "site"
    write_site(Paths(project), out, networks=False)
    assert (out / "index.html").is_file() and (out / SITE_MARKER).is_file()
