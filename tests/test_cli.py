"""The command line: whole outputs and exit codes (tests/test_docs.py: that every command is documented)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from cli import cli
from graph.ingest.dataset import PROJECT_ROOT
from tests.conftest import BUILD_FILES, MINI_WIGAN


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory):
    """A copy of the project's data, built with `councilgraph build` into its own exports/."""
    root = tmp_path_factory.mktemp("project")
    for part in ("data", "ontology"):
        shutil.copytree(PROJECT_ROOT / part, root / part)
    result = CliRunner().invoke(cli, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return root


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_build_reports_what_it_wrote(built_copy):
    result = run("build", "--root", built_copy)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert re.fullmatch(r"built \d+ triples; the graph conforms to the shapes", lines[0])
    assert lines[1:] == [f"wrote {built_copy / 'exports' / name}" for name in BUILD_FILES]


def test_build_with_bad_data_fails_and_keeps_the_old_exports(mini_project):
    mini_project.write("wigan.yaml", MINI_WIGAN)
    assert run("build", "--root", mini_project.root).exit_code == 0
    before = (mini_project.root / "exports" / "councilgraph.ttl").read_bytes()
    mini_project.write(
        "wigan.yaml", MINI_WIGAN.replace('council:Wigan"\n    to: initiative', 'council:Wigam"\n    to: initiative')
    )
    result = run("build", "--root", mini_project.root)
    assert result.exit_code == 2
    assert result.output.startswith("Error: 1 problem in the data:\n  data/curated/wigan.yaml:16: council 'Wigam'")
    assert (mini_project.root / "exports" / "councilgraph.ttl").read_bytes() == before


def test_build_refuses_a_graph_that_breaks_the_shapes(mini_project):
    # an initiative nobody leads breaks the shapes: nothing is written
    mini_project.write("wigan.yaml", MINI_WIGAN.split("relations:")[0])
    result = run("build", "--root", mini_project.root)
    assert result.exit_code == 2
    assert "initiative:wigan-community-credits: An initiative needs a lead" in result.output
    assert "No export was written" in result.output
    assert not (mini_project.root / "exports").exists()


def test_validate_writes_nothing(mini_project):
    mini_project.write("wigan.yaml", MINI_WIGAN)
    result = run("validate", "--root", mini_project.root)
    assert result.exit_code == 0
    assert re.fullmatch(r"data ok: \d+ triples; the graph conforms to the shapes\n", result.output)
    assert not (mini_project.root / "exports").exists()


def test_show_finds_by_any_alias_case_insensitively(built_copy):
    official = run("show", "--root", built_copy, "Cambridgeshire County Council")
    assert official.exit_code == 0
    for alias in ("cambridge shire", "CAMBRIDGESHIRE", "E10000003", "council:cambridgeshire"):
        result = run("show", "--root", built_copy, alias)
        assert result.exit_code == 0, alias
        assert result.output == official.output, alias
    assert official.output.startswith("Cambridgeshire County Council\n=============================\n")
    assert "GSS code: E10000003" in official.output
    assert "[cc-action-plans-2012]" in official.output


def test_show_json_has_relations_with_evidence(built_copy):
    result = run("show", "--root", built_copy, "Shaped by Us", "--json")
    data = json.loads(result.output)
    assert data["label"] == "Shaped by Us"
    # cc-update-2013 §2: "Cornwall was implementing 'Shaped by Us'"
    led = [rel for rel in data["relations"] if rel["verb"] == "is led by" and rel["other"] == "Cornwall Council"]
    assert led and data["relations"] and all(rel["evidence"] for rel in data["relations"])


def test_show_unknown_name_suggests_close_names(built_copy):
    result = run("show", "--root", built_copy, "Wigen")
    assert result.exit_code == 1
    assert result.output.startswith("Error: No entity is called 'Wigen'. Did you mean: ")
    assert "Wigan" in result.output


def test_show_without_a_build_says_what_to_do(mini_project):
    result = run("show", "--root", mini_project.root, "Wigan")
    assert result.exit_code == 2
    assert "run `councilgraph build` first" in result.output


def test_stats_counts_classes_and_sources(built_copy):
    result = run("stats", "--root", built_copy)
    assert result.exit_code == 0
    assert re.search(r"^councils\s+\d+$", result.output, re.M)
    for source in ("cc-action-plans-2012", "cc-update-2013", "cc-wigan-2013"):
        assert re.search(rf"^{source}\s+\d+\s+\d+\s+\d+$", result.output, re.M)
    data = json.loads(run("stats", "--root", built_copy, "--json").output)
    counts = data["by_class"]
    # every council is a principal council, a combined authority (the register's) or a local council
    assert (
        counts["councils"] == counts["principal councils"] + counts["combined authorities"] + counts["local councils"]
    )
    assert counts["combined authorities"] == 1  # ccin-case-studies-2020: "Greater Manchester Combined Authority"


def test_unknown_export_format_is_a_usage_error(built_copy):
    result = run("build", "--root", built_copy, "--format", "yaml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output
