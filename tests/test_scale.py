"""The read commands on the project's persistent store answer exactly what they answer from a full reload
of the exports, on a synthetic root of three copies of the seed graph; the store is shared by concurrent
readers, follows the exports when they change, and recovers from damage."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from graph.network.analysis import analyse_network
from graph.network.connect import connect
from graph.network.similarity import most_similar
from graph.network.stats import graph_stats
from graph.paths import PROJECT_ROOT, Paths
from graph.query.describe import describe_entity
from graph.query.loading import load_export
from graph.query.project_store import STORE_FOLDER, ensure_store, open_facts
from graph.viz.page import network_page
from graph.viz.render import render_html

CLI = [sys.executable, str(PROJECT_ROOT / "cli.py")]


def _synthetic():
    spec = importlib.util.spec_from_file_location("synthetic", PROJECT_ROOT / "benchmarks" / "synthetic.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> Path:
    """A root of three copies of the seed graph, joined by seeded ties (benchmarks/synthetic.py)."""
    root = tmp_path_factory.mktemp("three")
    _synthetic().generate(PROJECT_ROOT / "exports" / "councilgraph.nt", root, copies=3)
    return root


@pytest.fixture(scope="module")
def both(three):
    """(the graph reloaded from the exports, the project's store) of the three-copy root."""
    paths = Paths(three)
    return load_export(paths), open_facts(paths)


def test_the_generator_is_deterministic_and_makes_disjoint_named_copies(tmp_path, three):
    again = tmp_path / "again"
    _synthetic().generate(PROJECT_ROOT / "exports" / "councilgraph.nt", again, copies=3)
    text = (three / "exports" / "councilgraph.ttl").read_bytes()
    assert (again / "exports" / "councilgraph.ttl").read_bytes() == text
    graph = load_export(Paths(three))
    seed = load_export(Paths(PROJECT_ROOT))
    # three times the seed's triples, less the shared vocabulary counted once, plus the ties
    assert 2.9 * len(seed) < len(graph) < 3.1 * len(seed)
    facts = open_facts(Paths(three))
    assert facts.find("Wigan Metropolitan Borough Council").endswith("/council/wigan")
    assert facts.find("Wigan Metropolitan Borough Council (copy 3)").endswith("/council/wigan-k3")


def test_show_answers_as_from_the_exports_for_every_entity_of_a_copy(both):
    graph, facts = both
    index = facts.names()
    index.everything()
    entities = sorted(str(i) for i in index.labels if str(i).endswith("-k2"))
    assert len(entities) > 500
    for iri in entities:
        assert describe_entity(facts, iri) == describe_entity(graph, iri), iri


def test_stats_path_similar_answer_as_from_the_exports(both):
    graph, facts = both
    assert graph_stats(facts) == graph_stats(graph)
    for first, second in [
        ("Wigan", "Nesta"),
        ("Wigan (copy 3)", "Nesta"),  # across copies: through the seeded ties
        ("Lambeth", "Co-operative Councils' Innovation Network (copy 2)"),
    ]:
        try:
            expected = connect(graph, first, second)
        except Exception as exc:  # not connected: the same error either way
            with pytest.raises(type(exc)) as raised:
                connect(facts, first, second)
            assert str(raised.value) == str(exc)
        else:
            assert connect(facts, first, second) == expected
    for view in ("bipartite", "full"):
        assert most_similar(facts, "Wigan", view=view) == most_similar(graph, "Wigan", view=view)


def test_a_focus_page_is_the_same_bytes_from_the_store(both):
    graph, facts = both
    for options in ({"focus": "Wigan (copy 2)", "depth": 2}, {"view": "councils", "focus": "Oldham"}):
        assert render_html(network_page(facts, **options)) == render_html(network_page(graph, **options))


@pytest.mark.slow
def test_analyse_and_the_full_page_answer_as_from_the_exports(both):
    graph, facts = both
    for view in ("councils", "full"):
        assert analyse_network(facts, view=view, sample=50) == analyse_network(graph, view=view, sample=50)
    assert render_html(network_page(facts, view="councils")) == render_html(network_page(graph, view="councils"))


def _cli(*args, root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args[:1], "--root", str(root), *args[1:]], capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_query_on_the_store_answers_as_in_memory(three):
    for query in (["evidence-about", "--param", "entity=Wigan (copy 2)"], ["ccin-members-per-tier"]):
        stored = _cli("query", *query, "--format", "json", root=three)
        loaded = _cli("query", *query, "--format", "json", "--store", "memory", root=three)
        assert stored.returncode == loaded.returncode == 0, stored.stderr + loaded.stderr
        assert json.loads(stored.stdout) == json.loads(loaded.stdout)


@pytest.mark.slow
def test_concurrent_readers_share_the_store_as_it_is_made(tmp_path, three):
    root = tmp_path / "root"
    shutil.copytree(three / "exports", root / "exports", ignore=shutil.ignore_patterns(".store*"))
    commands = [
        ("show", "Wigan (copy 2)"),
        ("query", "ccin-members-per-tier"),
        ("show", "Wigan (copy 2)"),
        ("stats",),
        ("path", "Wigan", "Nesta"),
        ("query", "ccin-members-per-tier"),
    ]
    with ThreadPoolExecutor(len(commands)) as pool:
        done = list(pool.map(lambda c: _cli(*c, root=root), commands))  # none of them finds a store
    assert [d.returncode for d in done] == [0] * len(commands), [d.stderr for d in done]
    assert done[0].stdout == done[2].stdout and done[1].stdout == done[5].stdout
    assert "Wigan Metropolitan Borough Council (copy 2)" in done[0].stdout
    leftovers = [p.name for p in (root / "exports").iterdir() if p.name.startswith(".store.")]
    assert leftovers == [".store.lock"]  # no half-made store is left behind
    # and four readers of the made store at once
    with ThreadPoolExecutor(4) as pool:
        again = list(pool.map(lambda _: _cli("show", "Wigan (copy 2)", root=root), range(4)))
    assert {(d.returncode, d.stdout) for d in again} == {(0, done[0].stdout)}


def test_the_store_follows_the_exports(tmp_path):
    root = tmp_path / "root"
    (root / "exports").mkdir(parents=True)
    graph_file = root / "exports" / "councilgraph.ttl"
    graph_file.write_text(
        '<https://w3id.org/councilgraph/id/organisation/a> <http://www.w3.org/2000/01/rdf-schema#label> "Alpha" .\n'
    )
    paths = Paths(root)
    folder = ensure_store(paths)
    assert str(open_facts(paths).find("alpha")).endswith("/a")
    made = (folder / "councilgraph-store.json").read_text()
    os.utime(graph_file, ns=(1, 1))  # touched, not changed: not made again
    ensure_store(paths)
    assert json.loads((folder / "councilgraph-store.json").read_text())["files"]["councilgraph.ttl"]["mtime_ns"] == 1
    assert (
        json.loads(made)["files"]["councilgraph.ttl"]["sha256"]
        == json.loads((folder / "councilgraph-store.json").read_text())["files"]["councilgraph.ttl"]["sha256"]
    )
    with graph_file.open("a") as handle:  # changed: made again, and the new name is found
        handle.write(
            '<https://w3id.org/councilgraph/id/organisation/b> <http://www.w3.org/2000/01/rdf-schema#label> "Beta" .\n'
        )
    assert str(open_facts(paths).find("beta")).endswith("/b")
    assert sorted(p.name for p in (root / "exports").iterdir()) == [".store", ".store.lock", "councilgraph.ttl"]


def test_a_damaged_store_is_made_again(tmp_path):
    root = tmp_path / "root"
    (root / "exports").mkdir(parents=True)
    (root / "exports" / "councilgraph.ttl").write_text(
        '<https://w3id.org/councilgraph/id/organisation/a> <http://www.w3.org/2000/01/rdf-schema#label> "Alpha" .\n'
    )
    paths = Paths(root)
    folder = ensure_store(paths)
    for name in os.listdir(folder):
        if name.startswith(("CURRENT", "MANIFEST")):
            (folder / name).write_text("garbage")
    assert str(open_facts(paths).find("alpha")).endswith("/a")
    (folder / "names.sqlite").unlink()
    assert str(open_facts(paths).find("alpha")).endswith("/a")
    assert (root / "exports" / STORE_FOLDER / "names.sqlite").is_file()


@pytest.mark.slow
def test_the_checkout_generator_makes_data_that_builds(tmp_path):
    """Two copies of the curated data validate: every copied quote still stands in its copied text, the
    copies share the real councils, and the graph holds nearly twice the seed's triples."""
    root = _synthetic().generate_checkout(PROJECT_ROOT, tmp_path / "checkout", copies=2)
    done = _cli("validate", root=root)
    assert done.returncode == 0, done.stderr
    seed = _cli("validate", root=PROJECT_ROOT)
    triples = [int(d.stdout.split("data ok: ")[1].split(" triples")[0]) for d in (seed, done)]
    assert 1.8 * triples[0] < triples[1] < 2 * triples[0]
