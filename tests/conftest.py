"""Shared fixtures: the real project's dataset and graph (built once), and small throw-away projects."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import Graph

from graph.ingest.dataset import PROJECT_ROOT, Paths, load_dataset
from graph.model.build import build_graph
from graph.model.namespaces import PREFIXES, bind_prefixes

# every prefix the project binds, as a Turtle header for test fixtures
TURTLE_PREFIXES = "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in PREFIXES.items())

ROOT = PROJECT_ROOT


# The slow tier: tests that start a SPARQL server, drive a browser, or build the whole project (in this
# process or another). `pytest -m "not slow"` leaves them out for a quick run while developing; CI and
# the README's test command run everything. Tests with other heavy work carry @pytest.mark.slow.
SLOW_FIXTURES = {"server", "embedded", "browser", "pages", "built_copy", "two_builds"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


# what `councilgraph build` writes, in the order it reports them (README: `councilgraph build`)
BUILD_FILES = (
    "councilgraph.ttl",
    "councilgraph.nt",
    "councilgraph.jsonld",
    "councilgraph.trig",
    "metrics.ttl",
    "network.html",
    "network-full.graphml",
    "network-full.gexf",
    "network-bipartite.graphml",
    "network-bipartite.gexf",
    "network-councils.graphml",
    "network-councils.gexf",
    "nodes.csv",
    "edges.csv",
    "void.ttl",
)


def build_in_subprocess(out: Path, seed: str) -> None:
    """`councilgraph build -o OUT` in another process, under PYTHONHASHSEED=`seed`."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "build", "-o", str(out)],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    """The project built twice into fresh folders, under different hash seeds (tests/test_exports.py,
    tests/test_downloads.py). Shared: tests must not change them."""
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    build_in_subprocess(first, "1")
    build_in_subprocess(second, "4242")
    return first, second


@pytest.fixture(scope="session")
def paths() -> Paths:
    return Paths(ROOT)


@pytest.fixture(scope="session")
def dataset(paths):
    return load_dataset(paths)


@pytest.fixture(scope="session")
def kg(dataset):
    """The knowledge graph built from the project's data."""
    return build_graph(dataset)


@pytest.fixture(scope="session")
def built_mini(tmp_path_factory) -> Path:
    """A project whose only curated file is MINI_WIGAN, built: Scholes - Wigan - Wigan Community Credits,
    and Creative Councils on its own. Shared: tests must not change it."""
    from click.testing import CliRunner

    from cli import cli

    root = tmp_path_factory.mktemp("mini")
    for part in ("data/sources", "data/reference", "ontology"):
        shutil.copytree(ROOT / part, root / part)
    (root / "data" / "curated").mkdir()
    shutil.copy(ROOT / "data" / "curated" / "council_aliases.yaml", root / "data" / "curated")
    (root / "data" / "curated" / "wigan.yaml").write_text(textwrap.dedent(MINI_WIGAN).lstrip(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def mini_project(tmp_path) -> MiniProject:
    """A project with the real sources, reference and ontology but curated files the test writes."""
    for part in ("data/sources", "data/reference", "ontology"):
        shutil.copytree(ROOT / part, tmp_path / part)
    (tmp_path / "data" / "curated").mkdir()
    shutil.copy(ROOT / "data" / "curated" / "council_aliases.yaml", tmp_path / "data" / "curated")
    return MiniProject(tmp_path)


class MiniProject:
    def __init__(self, root: Path):
        self.root = root
        self.paths = Paths(root)

    def write(self, name: str, text: str) -> Path:
        path = self.root / "data" / "curated" / name
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path


# A small but complete curated file (Wigan's Creative Councils project), used by several tests.
MINI_WIGAN = """
source: cc-action-plans-2012
entities:
  - id: programme/creative-councils
    type: Programme
    name: Creative Councils
    quote: "In phase 1 of Creative Councils"
  - id: initiative/wigan-community-credits
    type: Initiative
    name: Wigan Community Credits
    quote: "a top-up allocation of 'Wigan Community Credits' to kick-start the market"
  - id: place/scholes
    type: Place
    name: Scholes
    quote: "one discrete area of Wigan called Scholes"
relations:
  - type: leads
    from: "council:Wigan"
    to: initiative/wigan-community-credits
    quote: "Wigan proposes to create a new economic model for social care"
  - type: located_in
    from: place/scholes
    to: "council:Wigan"
    quote: "one discrete area of Wigan called Scholes"
"""


# --- helpers shared by several test modules ---------------------------------------------------------

# rdflib queries over the built graph, with every project prefix declared
PREAMBLE = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"


def select(kg, query: str, **bindings) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row) for row in kg.query(PREAMBLE + query, initBindings=bindings))


# a value for each parameter of the named queries that take one (tests/test_query_library.py asserts
# the answers; tests/test_stores.py runs the same through every store)
PARAMS = {
    "ccin-member-in-2020": {"member": "Bristol"},
    "ccin-members-2020": {"tier": "Associate"},
    "applied-not-selected": {"phase": "Creative Councils Phase 2"},
    "case-studies": {"subject": "Kirklees"},  # optional: without it, every case study
    "case-studies-in-nation": {"nation": "Scotland"},
    "evidence-about": {"entity": "Ready Unlimited"},
    "figures-in-document": {"source": "cc-wigan-2013"},
    "figures-of": {"entity": "Oldham Enterprise Trust"},
    "initiatives-by-region": {"source": "cc-action-plans-2012"},
    "initiatives-in-nation": {"nation": "Wales"},
    "initiatives-of-council": {"council": "Wigan"},
    "initiatives-per-council": {"source": "cc-wigan-2013"},
    "partners-of-council": {"council": "Wigan"},
    "partners-of-councils-in-phase": {"phase": "Creative Councils Phase 2"},
    "partners-ranked": {"source": "cc-action-plans-2012"},  # optional: without it, every document
    "people-in-roles": {"organisation": "Co-operative Councils' Innovation Network"},
    "policies-in-document": {"source": "cc-wigan-2013"},
    "relations-graph": {"entity": "Ready Unlimited"},
}


# a small graph whose names, quotes and descriptions try to break out of the page (tests/test_viz*.py)
HOSTILE_LABEL = "<img src=x onerror=alert(1)>"
HOSTILE_QUOTE = 'we work with <a href="javascript:alert(2)">them</a></script><script>alert(4)</script>'
HOSTILE_DESCRIPTION = "</script><script>alert(3)</script> & <b>bold</b>"
FIXTURE = (
    TURTLE_PREFIXES
    + """

source:doc a cg:SourceDocument ; dcterms:identifier "doc" ; rdfs:label "A <i>document</i>" ;
    dcterms:title "A <i>document</i> & more" ; dcterms:publisher "A publisher" ; dcterms:date "2020" .
concept:full a skos:Concept ; rdfs:label "Full" .
concept:took-part a skos:Concept ; rdfs:label "took-part" .

council:alpha a cg:Council, cg:PrincipalCouncil ; rdfs:label "Alpha Council" ; skos:altLabel "Alpha", "A & O" ;
    cg:gssCode "E00000001" ; cg:nation "England" ; prov:wasDerivedFrom source:doc ; cg:evidence evidence:e1 .
council:beta a cg:Council, cg:PrincipalCouncil ; rdfs:label "Beta Council" ; prov:wasDerivedFrom source:doc .
organisation:hostile a cg:Organisation ; rdfs:label "<img src=x onerror=alert(1)>" ; skos:altLabel "Hostile Ltd" ;
    dcterms:description "</script><script>alert(3)</script> & <b>bold</b>" ; prov:wasDerivedFrom source:doc ;
    cg:evidence evidence:e2 .
initiative:scheme a cg:Initiative ; rdfs:label "Alpha Scheme" ; prov:wasDerivedFrom source:doc .
network:net a cg:Network ; rdfs:label "The Network" ; prov:wasDerivedFrom source:doc .
programme:prog a cg:Programme ; rdfs:label "The Programme" ; prov:wasDerivedFrom source:doc .

relation:lead a cg:Leadership, cg:Relation ; cg:relationFrom council:alpha ; cg:relationTo initiative:scheme ;
    prov:wasDerivedFrom source:doc ; cg:evidence evidence:e1 .
relation:partner a cg:Partnership, cg:Relation ; cg:relationFrom initiative:scheme ;
    cg:relationTo organisation:hostile ; prov:wasDerivedFrom source:doc ; cg:evidence evidence:e2 .
relation:m-alpha a cg:NetworkMembership, cg:Relation, org:Membership ; cg:relationFrom council:alpha ;
    cg:relationTo network:net ; cg:tier concept:full ; cg:asAt "2020-05-01"^^xsd:date ;
    prov:wasDerivedFrom source:doc ; cg:evidence evidence:e1 .
relation:m-beta a cg:NetworkMembership, cg:Relation ; cg:relationFrom council:beta ; cg:relationTo network:net ;
    prov:wasDerivedFrom source:doc ; cg:evidence evidence:e1 .
relation:p-beta a cg:Participation, cg:Relation ; cg:relationFrom council:beta ; cg:relationTo programme:prog ;
    cg:status concept:took-part ; prov:wasDerivedFrom source:doc ; cg:evidence evidence:e1 .

evidence:e1 a cg:Evidence ; cg:quote "Alpha leads the scheme" ; prov:hadPrimarySource source:doc .
evidence:e2 a cg:Evidence ; prov:hadPrimarySource source:doc ;
    cg:quote "we work with <a href=\\"javascript:alert(2)\\">them</a></script><script>alert(4)</script>" .
"""
)


def fixture_graph() -> Graph:
    return bind_prefixes(Graph()).parse(data=FIXTURE, format="turtle")
