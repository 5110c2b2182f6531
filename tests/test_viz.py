"""The network page (graph/viz.py, `councilgraph viz`): what it holds, that it is offline, escaped and
deterministic. What it does in a browser is tested in test_viz_browser.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

from cli import cli
from graph.ingest.dataset import PROJECT_ROOT
from graph.model.export import serialise
from graph.model.namespaces import PREFIXES
from graph.network.projection import full_view, project
from graph.viz.page import VIEW_NAMES, network_page
from graph.viz.render import render_html  # noqa: E402
from graph.viz.style import COLOURINGS, TYPE_STYLE
from graph.viz.vendored import inlined_libraries
from tests.conftest import HOSTILE_DESCRIPTION, HOSTILE_LABEL, HOSTILE_QUOTE, fixture_graph


# A council, a partner whose name and evidence are hostile markup, an initiative, a network with a tier and a
# programme: shaped as `councilgraph build` makes them (qualified relations with evidence and sources).
def project_with(graph: Graph, root: Path) -> Path:
    """A project folder whose exports/councilgraph.ttl holds `graph` (what `councilgraph viz` reads)."""
    (root / "exports").mkdir(parents=True, exist_ok=True)
    (root / "exports" / "councilgraph.ttl").write_bytes(serialise(graph, "turtle"))
    return root


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def exported(tmp_path_factory, kg):
    return project_with(kg, tmp_path_factory.mktemp("exported"))


class Tags(HTMLParser):
    """Every start tag and its attributes, and the text of every <style> element."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


@pytest.mark.slow
def test_viz_writes_the_full_view_and_says_what_it_wrote(exported, kg):
    full = full_view(kg)
    result = run("viz", "--root", exported)
    target = exported / "exports" / "network.html"
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"wrote {target}: {full.number_of_nodes()} nodes and {full.number_of_edges()} edges "
        "(full view; colour: type; size: degree)\n"
    )
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert f"{full.number_of_nodes()} of {full.number_of_nodes()} nodes" in html


@pytest.mark.slow
def test_the_built_page_is_the_page_viz_makes_from_the_export(tmp_path):
    # the build writes exports/network.html from the graph it built; viz makes it from the Turtle export:
    # the same page (and test_exports checks that the committed exports are a fresh build)
    out = tmp_path / "again.html"
    assert run("viz", "-o", out).exit_code == 0
    assert out.read_bytes() == (PROJECT_ROOT / "exports" / "network.html").read_bytes()


def test_a_focused_view_holds_exactly_the_neighbourhood(exported, kg):
    import networkx as nx

    full = full_view(kg)
    wigan = "https://w3id.org/councilgraph/id/council/wigan"
    expected = nx.ego_graph(full.to_undirected(as_view=True), wigan, radius=2)
    out = exported / "wigan.html"
    result = run("viz", "--root", exported, "--focus", "Wigan Council", "--depth", 2, "-o", out)
    assert result.exit_code == 0, result.output
    edges = full.subgraph(expected.nodes).number_of_edges()
    assert result.output == (
        f"wrote {out}: {expected.number_of_nodes()} nodes and {edges} edges "
        "(full view around Wigan Metropolitan Borough Council; colour: type; size: degree)\n"
    )
    page = network_page(kg, focus="Wigan", depth=2)
    assert sorted(n["id"] for n in page.nodes) == sorted(_curie(n) for n in expected.nodes)
    assert page.focus == "council:wigan" and page.depth == 2
    assert "--focus council:wigan --depth 2" in page.command


@pytest.mark.slow
def test_every_view_colouring_and_size_renders(kg):
    for view in VIEW_NAMES:
        whole = project(kg, view)
        for colour in COLOURINGS:
            page = network_page(kg, view=view, colour=colour, size="degree")
            assert len(page.nodes) == whole.number_of_nodes(), (view, colour)
            assert len(page.edges) == whole.number_of_edges(), (view, colour)
            assert sum(entry["count"] for entry in page.legend) == len(page.nodes), (view, colour)
            assert {n["color"]["background"] for n in page.nodes} == {e["colour"] for e in page.legend}


@pytest.mark.slow
def test_colour_by_type_uses_the_type_palette_and_legend(kg):
    page = network_page(kg, view="full")
    full = full_view(kg)
    for node in page.nodes:
        assert node["color"]["background"] == TYPE_STYLE[node["cg"]["type"]][1]
    counts = {}
    for _, data in full.nodes(data=True):
        counts[data["type"]] = counts.get(data["type"], 0) + 1
    assert {e["key"]: e["count"] for e in page.legend} == counts
    assert [e["key"] for e in page.legend] == [t for t in TYPE_STYLE if t in counts]


@pytest.mark.slow
def test_size_follows_the_measure(kg):
    from graph.network.analytics import degree, pagerank
    from graph.network.projection import as_undirected

    full = full_view(kg)
    for size, measure in (("degree", degree), ("pagerank", pagerank)):
        page = network_page(kg, view="full", size=size)
        values = measure(as_undirected(full))
        ranked = sorted(page.nodes, key=lambda n: (values[_iri(n["id"])], n["id"]))
        sizes = [n["value"] for n in ranked]
        assert sizes == sorted(sizes), size  # a larger measure never gets a smaller node
        assert sizes[-1] == 100.0 and sizes[0] < sizes[-1], size


@pytest.mark.slow
def test_directed_relations_have_arrows_and_symmetric_ones_do_not(kg):
    page = network_page(kg, view="full")
    for edge in page.edges:
        symmetric = edge["cg"]["relation"] in ("Partnership", "OtherRelation")
        assert (edge["arrows"] == "to") != symmetric, edge["id"]
    for edge in network_page(kg, view="councils").edges:
        assert edge["arrows"] == {"to": {"enabled": False}}


@pytest.mark.slow
def test_network_and_tier_filters_match_the_graph(kg):
    members = prepareQuery(
        """
        SELECT ?member ?tier WHERE {
          ?m a cg:NetworkMembership ; cg:relationFrom ?member ; cg:relationTo ?network .
          OPTIONAL { ?m cg:tier/rdfs:label ?tier }
        }""",
        initNs=PREFIXES,
    )
    ccin = "network:ccin"
    rows = list(kg.query(members, initBindings={"network": _ref(ccin)}))
    expected = {_curie(str(r.member)) for r in rows}
    page = network_page(kg, view="full")
    in_network = {n["id"] for n in page.nodes if ccin in n["cg"]["networks"]}
    assert in_network == expected | {ccin}
    full_members = {_curie(str(r.member)) for r in rows if r.tier is not None and str(r.tier) == "Full"}
    tagged_full = {n["id"] for n in page.nodes if "Full" in n["cg"]["tiers"]}
    assert full_members <= tagged_full
    assert tagged_full - full_members == {ccin}  # the network itself stays with its members
    options = {row["key"]: row["count"] for row in page.filters["networks"]}
    assert options[ccin] == len(expected) + 1


@pytest.mark.slow
def test_programme_filter_holds_participants_and_parts(kg):
    page = network_page(kg, view="full")
    phase = "phase:creative-councils-phase-1"
    participants = prepareQuery(
        """
        SELECT DISTINCT ?who WHERE { ?p a cg:Participation ; cg:relationFrom ?who ; cg:relationTo ?phase }""",
        initNs=PREFIXES,
    )
    expected = {_curie(str(r.who)) for r in kg.query(participants, initBindings={"phase": _ref(phase)})}
    tagged = {n["id"] for n in page.nodes if phase in n["cg"]["programmes"]}
    assert tagged == expected | {phase}
    programme = {n["id"] for n in page.nodes if "programme:creative-councils" in n["cg"]["programmes"]}
    assert tagged <= programme  # a phase's participants are in the programme the phase is part of


@pytest.mark.slow
def test_the_page_is_offline(exported, tmp_path):
    assert run("viz", "--root", exported, "-o", tmp_path / "network.html").exit_code == 0
    html = (tmp_path / "network.html").read_text(encoding="utf-8")
    parser = Tags()
    parser.feed(html)
    assert [tag for tag, _ in parser.tags].count("script") >= 1  # so the check on scripts below checks some
    for tag, attrs in parser.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base", "a", "form") or (
            tag == "form" and "action" not in attrs
        ), tag
        if tag == "script":
            assert "src" not in attrs
        for name, value in attrs.items():
            assert "http:" not in (value or "") and "https:" not in (value or ""), (tag, name, value)
    css = "\n".join(parser.styles)
    assert "@import" not in css
    assert set(re.findall(r"url\(\s*[\"']?([a-z]+):", css)) <= {"data"}
    # the inlined libraries name URLs only in their licence comments and as the SVG namespace
    libraries = "\n".join(inlined_libraries())
    assert set(re.findall(r"https?://[^\s\"'()<>*]+", libraries)) == {
        "http://almende.com",
        "http://opensource.org/licenses/MIT",
        "http://www.apache.org/licenses/LICENSE-2.0",
        "http://www.w3.org/2000/svg",
        "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
        "https://github.com/visjs",
        "https://github.com/zloirock/core-js",
        "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
        "https://visjs.github.io/vis-network/",
    }
    for library in inlined_libraries():
        assert library in html  # inlined as shipped


def test_hostile_strings_are_escaped_in_the_page(tmp_path):
    html = render_html(network_page(fixture_graph(), view="full"))
    for raw in (HOSTILE_LABEL, HOSTILE_QUOTE, HOSTILE_DESCRIPTION, "<i>document</i>", "<script>alert"):
        assert raw not in html, raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # in the table, as text
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html  # in the data, as JSON
    data = html.split('<script type="application/json" id="cg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data and "&" not in data
    scripts = [attrs for tag, attrs in _tags(html) if tag == "script"]
    assert len(scripts) == 3  # the data, vis-network and the page's own script: nothing injected


@pytest.mark.slow
@pytest.mark.parametrize(
    "options",
    [
        ["--view", "bipartite", "--colour", "community", "--size", "pagerank"],  # many small components
        ["--focus", "Wigan", "--depth", "2", "--colour", "network", "--size", "betweenness"],
        ["--view", "councils", "--focus", "Cambridgeshire"],  # an undirected view: its edges' ends hang on the seed
    ],
)
def test_the_page_is_byte_identical_across_runs_and_hash_seeds(exported, tmp_path, options):
    # (the default page, written by the build, is compared across hash seeds in test_exports.py)
    outputs = []
    for seed in ("1", "2", "4242"):
        out = tmp_path / f"page-{seed}.html"
        subprocess.run(
            [sys.executable, str(PROJECT_ROOT / "cli.py"), "viz", "--root", str(exported), *options, "-o", str(out)],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=PROJECT_ROOT,
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert re.search(rb"20\d\d-\d\d-\d\dT\d\d:\d\d", outputs[0].replace(b"2022-03-28T20:17:35", b"")) is None


def test_bad_invocations_are_one_line_errors(exported):
    out = exported / "unwritten.html"
    result = run("viz", "--root", exported, "--depth", 2, "-o", out)
    assert result.exit_code == 2
    assert (
        result.output.splitlines()[-1]
        == "Error: --depth needs --focus: say which entity to centre on, e.g. --focus Wigan --depth 2"
    )
    result = run("viz", "--root", exported, "--focus", "Wigen", "-o", out)
    assert (result.exit_code, result.output) == (
        1,
        "Error: No entity is called 'Wigen'. Did you mean: Wigan Metropolitan Borough Council?\n",
    )
    result = run("viz", "--root", exported, "--view", "councils", "--focus", "Shaped by Us", "-o", out)
    assert (result.exit_code, result.output) == (
        2,
        "Error: Shaped by Us is not in the councils view (councils, linked where they share programmes, "
        "networks, partners or funders); try --view full\n",
    )
    result = run("viz", "--root", exported, "--view", "ego")
    assert result.exit_code == 2 and "Invalid value for '--view'" in result.output
    assert not out.exists()


def test_a_failed_write_keeps_the_old_page(exported, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    result = run("viz", "--root", exported, "-o", blocker / "network.html")
    assert result.exit_code == 2 and result.output.startswith(f"Error: cannot write {blocker / 'network.html'}")
    assert blocker.read_text() == "a file, not a folder"


def test_viz_without_a_build_says_what_to_do(mini_project):
    result = run("viz", "--root", mini_project.root)
    assert result.exit_code == 2
    assert (
        result.output == f"Error: {mini_project.root / 'exports' / 'councilgraph.ttl'} does not exist: "
        f"run `councilgraph build` first (project: {mini_project.root}, from --root)\n"
    )
    result = run("viz", "--root", mini_project.root / "data")
    assert result.exit_code == 2 and "is not a councilgraph project" in result.output


def _curie(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(str(p[1]))):
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return iri


def _iri(curie: str) -> str:
    prefix, _, rest = curie.partition(":")
    return str(PREFIXES[prefix]) + rest


def _ref(curie: str):
    from rdflib import URIRef

    return URIRef(_iri(curie))


def _tags(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags
