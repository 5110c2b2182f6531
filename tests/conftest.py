"""Shared fixtures: the real project's dataset and graph (built once), and small throw-away projects."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from graph.ingest.dataset import PROJECT_ROOT, Paths, load_dataset
from graph.model.build import build_graph
from graph.model.namespaces import PREFIXES

# every prefix the project binds, as a Turtle header for test fixtures
TURTLE_PREFIXES = "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in PREFIXES.items())

ROOT = PROJECT_ROOT


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
