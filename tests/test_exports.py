"""Exports: byte-identical across runs and hash seeds, fresh, parseable elsewhere, private, atomic.

How a set of exports survives write errors, kills and odd targets: tests/test_export_safety.py.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from graph.errors import ExportError
from graph.ingest.dataset import PROJECT_ROOT
from graph.ingest.sources import find_contact_details
from graph.model.export import EXPORTERS, write_atomic
from graph.model.export_set import export_graph
from tests.conftest import BUILD_FILES

# two builds of the project in other processes under different hash seeds: tests/conftest.py (two_builds)


def test_exports_are_byte_identical_across_hash_seeds(two_builds):
    first, second = two_builds
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(BUILD_FILES)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_committed_exports_are_up_to_date(two_builds):
    fresh, _ = two_builds
    for path in sorted(fresh.iterdir()):
        committed = PROJECT_ROOT / "exports" / path.name
        assert committed.exists(), f"{committed} is missing: run `councilgraph build` and commit exports/"
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed} is stale: run `councilgraph build` and commit exports/"
        )


def test_no_blank_nodes_in_exports(two_builds):
    nt = (two_builds[0] / "councilgraph.nt").read_text(encoding="utf-8")
    assert not re.search(r"(^|\s)_:", nt)


def test_turtle_parses_in_an_independent_parser(two_builds):
    import pyoxigraph

    ttl = two_builds[0] / "councilgraph.ttl"
    nt_lines = (two_builds[0] / "councilgraph.nt").read_text(encoding="utf-8").splitlines()
    with open(ttl, "rb") as handle:
        quads = list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len([line for line in nt_lines if line.strip()])


def test_no_email_address_or_phone_number_in_any_export(two_builds):
    from graph.viz.vendored import inlined_libraries

    for path in sorted(two_builds[0].iterdir()):
        text = path.read_text(encoding="utf-8")
        for library in inlined_libraries():  # vis-network, inlined as shipped, is code, not data
            text = text.replace(library, "")
        assert find_contact_details(text) == [], path.name
        assert (
            "@" not in re.sub(r'"@context"|@(base|prefix|id|type|value|language|graph|vocab)\b', "", text)
            or path.suffix != ".ttl"
        ), path.name


def test_officers_contact_details_in_the_sources_are_caught_by_the_detector(paths):
    # the detector the exports are checked with does find what the source documents hold
    wigan = (paths.sources / "002_aadea9e5d7fecd50.txt").read_text(encoding="utf-8")
    found = find_contact_details(wigan)
    assert "07799 038432" in found and "mike.short@local.gov.uk" in found


def test_failed_write_leaves_the_old_file_intact(tmp_path, kg):
    target = tmp_path / "councilgraph.ttl"
    target.write_text("old export")
    with pytest.raises(ExportError, match="unknown format 'yaml'"):
        export_graph(kg, tmp_path, ("turtle", "yaml"))
    assert target.read_text() == "old export"


def test_unwritable_folder_is_a_clear_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        # root may write into a folder whatever its mode (CI runs as root): there, /sys, where the kernel lets
        # nobody create a file, is the folder that cannot be written
        folder = Path("/sys") if os.access(locked, os.W_OK) else locked
        with pytest.raises(ExportError, match=f"cannot write {folder}/x.ttl: no file can be created in {folder}"):
            write_atomic(folder / "x.ttl", b"data")
        assert not (folder / "x.ttl").exists()
    finally:
        locked.chmod(0o700)


def test_write_into_a_file_path_is_a_clear_error(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    with pytest.raises(
        ExportError,
        match=f"cannot write {re.escape(str(blocker))}/x.ttl: {re.escape(str(blocker))} is a file, not a folder",
    ):
        write_atomic(blocker / "x.ttl", b"data")
    assert blocker.read_text() == "a file, not a folder"


@pytest.mark.slow
def test_every_exporter_round_trips(kg):
    from rdflib import Dataset, Graph

    expected = set(kg)  # no blank nodes, so the triple sets compare exactly
    for name, exporter in sorted(EXPORTERS.items()):
        fmt = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "trig": "trig", "rdfxml": "xml"}[name]
        if fmt == "trig":  # the union of its graphs (tests/test_downloads.py checks what goes where)
            parsed = Graph()
            for graph in Dataset().parse(data=exporter.render(kg), format="trig").graphs():
                parsed += graph
        else:
            parsed = Graph().parse(data=exporter.render(kg), format=fmt)
        assert set(parsed) == expected, name
