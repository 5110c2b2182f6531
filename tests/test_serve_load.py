"""The loopback load test of issue #16, short: `councilgraph serve` on the mini project (tests/conftest.py
`built_mini`) under 10 clients for 5 s, mixing pages and queries, with one runaway query and a 1 s timeout.

The work is benchmarks/serve_load.py's own (imported from its path): the same server, mix, clients, runaway
query and checks. These tests assert behaviour only: every request is answered 200 or 429, the runaway query
is stopped (503) while the others go on being answered, the server answers after it and exits when told.
How fast is measured by the script (docs/benchmarks.md), never asserted here; the one bound on time, 10x
the timeout for the runaway query, is behaviour: the timeout really stops the work.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections import Counter

import pytest

from tests.conftest import ROOT

CLIENTS, SECONDS, TIMEOUT = 10, 5.0, 1.0


def _serve_load():
    spec = importlib.util.spec_from_file_location("serve_load", ROOT / "benchmarks" / "serve_load.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


serve_load = _serve_load()


@pytest.fixture(scope="module")
def loaded(built_mini, tmp_path_factory):
    """(the load, the status of a page asked after it, the targets, whether the server exited on SIGTERM)."""
    root = tmp_path_factory.mktemp("load") / "project"
    shutil.copytree(built_mini, root)
    server = serve_load.start_server(root, ["--timeout", f"{TIMEOUT:g}"], patience=60)
    try:
        targets = serve_load.sample_targets(server.base, seed=16, per_kind=5)
        load = serve_load.run_load(server, targets, CLIENTS, SECONDS, TIMEOUT, seed=16)
        after = serve_load.fetch(server.base, "/id/council/wigan", timeout=30)[0]
        exited = serve_load.stop_server(server)
    finally:
        serve_load.stop_server(server, patience=5)
    return load, after, targets, exited


@pytest.mark.slow
def test_the_mix_holds_pages_rdf_and_queries(loaded):
    _, _, targets, _ = loaded
    kinds = Counter(t.kind for t in targets)
    assert set(kinds) == set(serve_load.WEIGHTS), kinds
    paths = {t.path for t in targets}
    assert "/id/council/wigan" in paths and "/id/council/wigan.ttl" in paths and "/id/council/wigan.jsonld" in paths
    assert "/" in paths and "/dataset" in paths and "/class/Council" in paths
    assert any(p.startswith("/query?name=") for p in paths) and any(p.startswith("/sparql?query=") for p in paths)


@pytest.mark.slow
def test_every_request_is_answered_200_or_429(loaded):
    load, _, _, _ = loaded
    statuses = Counter((s.kind, s.status, s.error) for s in load.samples if s.status not in (200, 429))
    assert not statuses, statuses
    assert load.hung == 0
    assert {s.kind for s in load.samples if s.status == 200} == set(serve_load.WEIGHTS)  # every kind was answered


@pytest.mark.slow
def test_the_runaway_query_is_stopped_at_its_timeout(loaded):
    load, _, _, _ = loaded
    runaway = load.runaway
    assert runaway.status == 503, runaway
    assert TIMEOUT <= runaway.seconds <= serve_load.RUNAWAY_BOUND * TIMEOUT, runaway


@pytest.mark.slow
def test_the_server_answers_others_while_the_runaway_query_runs_and_after(loaded):
    load, after, _, _ = loaded
    during = serve_load.during_runaway(load)
    assert any(s.status == 200 for s in during), Counter(s.status for s in during)
    assert after == 200


@pytest.mark.slow
def test_the_load_passes_its_own_checks(loaded):
    load, _, _, _ = loaded
    assert serve_load.problems(load) == []
    assert load.memory and all(own > 0 for _, own, _, _ in load.memory)  # the sampler read the server's RSS
    assert "| **all** |" in serve_load.report(load)


@pytest.mark.slow
def test_the_server_exits_when_told(loaded):
    _, _, _, exited = loaded
    assert exited
