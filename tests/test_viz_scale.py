"""The network page for large views (graph/viz/largelayout.py): positions for every node, the same ones under
every hash seed, one node to a pixel, memory linear in the graph, and a page that stays light. The threshold
(LARGE_VIEW_NODES) is passed or lowered here, so that the graphs stay small enough to test quickly."""

from __future__ import annotations

import json
import math
import os
import random
import re
import subprocess
import sys
import tracemalloc

import networkx as nx
import pytest

import graph.viz.largelayout as largelayout
from graph.ingest.dataset import PROJECT_ROOT
from graph.viz.layout import layout
from graph.viz.options import MAX_SIZE, MIN_SIZE, vis_options
from graph.viz.page import network_page
from graph.viz.render import CHUNK, ROWS_PER_PAGE, render_html
from tests.conftest import HOSTILE_DESCRIPTION, HOSTILE_LABEL, HOSTILE_QUOTE, fixture_graph


def replicated(copies: int, size: int = 250, seed: int = 7, *, shuffled: bool = False) -> nx.Graph:
    """`copies` copies of one seeded random graph (a hub-and-spoke tree with extra links, like the seed
    graph's), each tied to an earlier copy by a few edges, plus one pair and one single node per copy (small
    components); shaped as graph.viz.layout.undirected_view makes it (label, type, weight)."""
    rng = random.Random(seed)
    base = [(i, rng.randrange(i)) for i in range(1, size)] + [
        (rng.randrange(size), rng.randrange(size)) for _ in range(size // 3)
    ]
    edges = []
    for copy in range(copies):
        name = lambda i, copy=copy: f"n{copy:04d}-{i:04d}"  # noqa: E731
        edges += [(name(a), name(b)) for a, b in base if a != b]
        edges += [(name(size), name(size + 1))]
        if copy:
            edges += [
                (name(rng.randrange(size)), f"n{rng.randrange(copy):04d}-{rng.randrange(size):04d}") for _ in range(3)
            ]
    nodes = sorted({n for edge in edges for n in edge} | {f"n{copy:04d}-{size + 2:04d}" for copy in range(copies)})
    if shuffled:  # in an order that hangs on the hash seed, as a set's is
        nodes = list(set(nodes))
    u = nx.Graph()
    u.add_nodes_from((n, {"label": n, "type": "Council"}) for n in nodes)
    u.add_edges_from((a, b, {"weight": 1 + (len(a) + len(b)) % 2}) for a, b in edges)
    return u


def sizes_of(u: nx.Graph) -> dict[str, float]:
    """Node radii as the page makes them: from MIN_SIZE to MAX_SIZE by the square root of the degree."""
    top = max(d for _, d in u.degree()) or 1
    return {n: MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(d / top) for n, d in u.degree()}


@pytest.fixture(scope="module")
def graph3k():
    u = replicated(12)
    return u, sizes_of(u), layout(u, sizes_of(u), 42, large=True)


def test_every_node_gets_a_whole_pixel_of_its_own(graph3k):
    u, _, pos = graph3k
    assert u.number_of_nodes() > 3000
    assert sorted(pos) == sorted(u.nodes)
    assert all(isinstance(x, int) and isinstance(y, int) for x, y in pos.values())
    assert len(set(pos.values())) == len(pos)


def test_nodes_are_pushed_apart(graph3k):
    from scipy.spatial import cKDTree

    u, sizes, pos = graph3k
    nodes = sorted(pos)
    points = [pos[n] for n in nodes]
    close = cKDTree(points).query_pairs(2 * MAX_SIZE, output_type="ndarray")
    overlapping = [
        (a, b) for a, b in close if math.dist(points[a], points[b]) < 0.9 * (sizes[nodes[a]] + sizes[nodes[b]])
    ]
    assert len(overlapping) < 0.01 * len(nodes)  # a few stragglers at most, after the rounds of pushing


def test_the_layout_keeps_each_copy_together(graph3k):
    # the copies are the graph's communities: each lies in its own part of the page, not spread over all of it
    u, _, pos = graph3k
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    whole = math.hypot(max(xs) - min(xs), max(ys) - min(ys))
    for copy in range(12):
        members = [pos[n] for n in u if n.startswith(f"n{copy:04d}-") and u.degree(n) > 1]
        cx = sum(x for x, _ in members) / len(members)
        cy = sum(y for _, y in members) / len(members)
        median = sorted(math.hypot(x - cx, y - cy) for x, y in members)[len(members) // 2]
        assert median < whole / 6, copy


def test_the_same_graph_gives_the_same_positions(graph3k):
    u, sizes, pos = graph3k
    assert layout(u, sizes, 42, large=True) == pos
    assert layout(u, sizes, 7, large=True) != pos  # the seed is what decides


_POSITIONS = """
import json, sys
sys.path.insert(0, {root!r})
from tests.test_viz_scale import replicated, sizes_of
from graph.viz.layout import layout
u = replicated(12, shuffled=True)
print(json.dumps(sorted(layout(u, sizes_of(u), 42, large=True).items())))
"""


def _stdout_under_hash_seed(script: str, seed: str) -> str:
    """What `script` prints, run by a fresh Python whose string hashes are seeded with `seed`."""
    return subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONHASHSEED": seed},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.slow
def test_positions_are_the_same_under_every_hash_seed(graph3k):
    script = _POSITIONS.format(root=str(PROJECT_ROOT))
    outputs = [_stdout_under_hash_seed(script, seed) for seed in ("1", "2", "4242")]
    assert outputs[0] == outputs[1] == outputs[2]
    _, _, pos = graph3k  # and the same as in this process, where the nodes were added in sorted order
    assert json.loads(outputs[0]) == [[n, list(p)] for n, p in sorted(pos.items())]


def _peak(u: nx.Graph) -> int:
    sizes = sizes_of(u)
    tracemalloc.start()
    try:
        layout(u, sizes, 42, large=True)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_memory_grows_linearly_not_with_the_square():
    # four times the nodes: about four times the memory (NetworkX's ForceAtlas2 and the pairwise push would take
    # sixteen times); Python's and NumPy's allocations are traced, igraph's own (C) are linear by design
    _peak(replicated(1))  # (so that importing igraph and SciPy is not counted)
    small, large = _peak(replicated(4)), _peak(replicated(16))
    assert large < 7 * small, (small, large)


@pytest.mark.slow
def test_a_graph_of_50000_nodes_is_laid_out():
    # its n×n matrix of float64 would take 20 GB: this only passes if nothing of that size is made
    u = replicated(200)
    assert u.number_of_nodes() > 50_000
    pos = layout(u, sizes_of(u), 42, large=True)
    assert len(pos) == u.number_of_nodes() and len(set(pos.values())) == len(pos)


def test_below_the_threshold_the_small_layout_is_used(monkeypatch):
    calls = []

    def stub(sub, seed):
        calls.append(sub.number_of_nodes())
        return {n: (40.0 * i, 0.0) for i, n in enumerate(sub)}

    monkeypatch.setattr("graph.viz.layout.force_layout", stub)
    u = replicated(1, size=60)
    layout(u, sizes_of(u), 42)
    assert calls == []
    monkeypatch.setattr(largelayout, "LARGE_VIEW_NODES", 50)  # 63 nodes: a large view now
    layout(u, sizes_of(u), 42)
    assert calls == [60]  # the one component of more than two nodes


def test_large_views_hide_edges_while_moving_and_run_no_layout_in_the_browser(monkeypatch):
    small = vis_options(735, 42)
    assert "hideEdgesOnZoom" not in small["interaction"]
    monkeypatch.setattr(largelayout, "LARGE_VIEW_NODES", 700)
    large = vis_options(735, 42)
    many_edges = vis_options(200, 42, edges=5001)["interaction"]  # few nodes but many edges: large too
    assert many_edges["hideEdgesOnZoom"] is True and many_edges["hideEdgesOnDrag"] is True
    assert large["interaction"]["hideEdgesOnZoom"] is True and large["interaction"]["hideEdgesOnDrag"] is True
    assert large["physics"]["enabled"] is False and large["physics"]["stabilization"] == {"enabled": False}
    assert large["layout"]["improvedLayout"] is False


# The page of a large view: light at opening, the rest read when asked for. The project's graph stands in for a
# large one, with the threshold lowered below its size.


def _parts(html: str) -> dict[str, object]:
    """The page's JSON script elements, by id."""
    found = re.findall(r'<script type="application/json" id="cg-([a-z0-9-]+)">(.*?)</script>', html, flags=re.S)
    return {name: json.loads(text) for name, text in found}


@pytest.fixture(scope="module")
def large_page(kg):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(largelayout, "LARGE_VIEW_NODES", 100)
        page = network_page(kg)
        return page, render_html(page)


def test_a_large_page_draws_everything_and_defers_the_rest(large_page):
    page, html = large_page
    parts = _parts(html)
    data = parts.pop("data")
    assert len(data["nodes"]) == len(page.nodes) and len(data["edges"]) == len(page.edges)
    for compact, node in zip(data["nodes"], page.nodes):  # each node: its own keys, and its style by index
        drawn = {k: v for k, v in compact.items() if k not in ("s", "cg")} | data["nodeStyles"][compact["s"]]
        assert drawn == {k: v for k, v in node.items() if k != "cg"}
        assert compact["cg"] == {k: node["cg"][k] for k in ("type", "networks", "programmes", "tiers")}
    ids = [n["id"] for n in page.nodes]
    for (a, b, s), edge in zip(data["edges"], page.edges):
        assert (ids[a], ids[b]) == (edge["from"], edge["to"])
        assert {k: v for k, v in edge.items() if k not in ("id", "from", "to", "cg")} == data["edgeStyles"][s]
    tips = [t for name in sorted(parts, key=_chunk_order) if name.startswith("node-tips") for t in parts[name]]
    assert tips == [n["cg"]["tip"] for n in page.nodes]
    rows = [r for name in sorted(parts, key=_chunk_order) if name.startswith("edge-rows") for r in parts[name]]
    assert [rows[i][0] for i in data["edgeRows"]] == [r["id"] for r in page.edge_rows]  # the table's order
    assert all(len(parts[name]) <= CHUNK for name in parts if name != "index")
    assert parts["index"] == page.index
    # no table rows and no suggestions in the document: the page's script fills a page of rows at a time
    assert (
        '<tr data-node="' not in html
        and '<tr data-edge="' not in html
        and "<option value=" not in html.split('<datalist id="cg-names">')[1].split("</datalist>")[0]
    )
    assert "network-large.js" not in html and "councilgraph network page, for large views" in html


def _chunk_order(name: str) -> tuple[str, int]:
    kind, _, number = name.rpartition("-")
    return (kind, int(number)) if number.isdigit() else (name, -1)


def test_a_large_page_escapes_hostile_strings(monkeypatch):
    monkeypatch.setattr(largelayout, "LARGE_VIEW_NODES", 0)
    html = render_html(network_page(fixture_graph(), view="full"))
    assert "councilgraph network page, for large views" in html
    for raw in (HOSTILE_LABEL, HOSTILE_QUOTE, HOSTILE_DESCRIPTION, "<i>document</i>", "<script>alert"):
        assert raw not in html, raw
    for name, text in re.findall(r'<script type="application/json" id="cg-([a-z0-9-]+)">(.*?)</script>', html, re.S):
        assert "<" not in text and ">" not in text and "&" not in text, name


_LARGE_PAGE = """
import hashlib, sys
sys.path.insert(0, {root!r})
import graph.viz.largelayout as largelayout
from graph.query.loading import load_export
from graph.viz.page import network_page
from graph.viz.render import render_html
largelayout.LARGE_VIEW_NODES = 100
print(hashlib.sha256(render_html(network_page(load_export(), view="bipartite")).encode()).hexdigest())
"""


@pytest.mark.slow
def test_a_large_page_is_the_same_bytes_under_every_hash_seed():
    script = _LARGE_PAGE.format(root=str(PROJECT_ROOT))
    digests = {_stdout_under_hash_seed(script, seed) for seed in ("1", "2")}
    assert len(digests) == 1


@pytest.fixture(scope="module")
def chromium():
    from tests.test_viz_browser import CHROMIUM, CHROMIUM_ARGS, ensure_chromium

    ensure_chromium()
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: install Debian's with `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# an edge of the node, long enough to point at away from its ends, once the view is centred on the node:
# [its id (on a large page, its place in the page's edges), the middle of it on the screen]
_EDGE_MIDDLE = """(node) => {
  const net = window.councilgraph.network;
  net.moveTo({position: net.getPositions([node])[node], scale: 1.5, animation: false});
  let best = null;
  for (const id of net.getConnectedEdges(node)) {
    const [a, b] = net.getConnectedNodes(id), at = net.getPositions([a, b]);
    const length = Math.hypot(at[a].x - at[b].x, at[a].y - at[b].y);
    if (length > 80 && (best === null || length < best[0])) {
      best = [length, id, net.canvasToDOM({x: (at[a].x + at[b].x) / 2, y: (at[a].y + at[b].y) / 2})];
    }
  }
  return best.slice(1);
}"""


@pytest.mark.slow
def test_a_large_page_opens_and_answers_in_a_browser(large_page, chromium, tmp_path):
    page_data, html = large_page
    path = tmp_path / "large.html"
    path.write_text(html, encoding="utf-8")
    page = chromium.new_page(viewport={"width": 1400, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    nodes, edges = len(page_data.nodes), len(page_data.edges)
    assert page.text_content("#cg-visible") == f"{nodes} of {nodes} nodes and {edges} of {edges} edges"
    assert page.evaluate("() => window.councilgraph.network.body.nodeIndices.length") == nodes
    assert page.locator("#cg-node-table tbody tr").count() == ROWS_PER_PAGE
    assert (
        page.text_content("#cg-node-pager .cg-page")
        == f"rows 1–{ROWS_PER_PAGE} of {nodes} (page 1 of {math.ceil(nodes / ROWS_PER_PAGE)})"
    )
    page.click("#cg-node-pager .cg-next")
    first = page_data.node_rows[ROWS_PER_PAGE]
    assert page.locator("#cg-node-table tbody tr").first.get_attribute("data-node") == first["id"]
    # a type filter hides that type's nodes and their edges, in the diagram, the counts and the tables
    kept = {n["id"] for n in page_data.nodes if n["cg"]["type"] != "Initiative"}
    kept_edges = [e for e in page_data.edges if e["from"] in kept and e["to"] in kept]
    page.uncheck("#cg-filter-types input[value=Initiative]")
    assert page.get_attribute("body", "data-visible-nodes") == str(len(kept))
    assert page.get_attribute("body", "data-visible-edges") == str(len(kept_edges))
    assert page.text_content("#cg-edge-table .cg-table-count") == str(len(kept_edges))
    assert page.text_content("#cg-filter-text") == "hiding Initiative"
    # the search finds a hidden node (clearing the filters), selects it and centres on it
    page.uncheck("#cg-filter-types input[value=Council]")
    page.fill("#cg-search-input", "E08000010")
    page.press("#cg-search-input", "Enter")
    assert page.text_content("#cg-search-result") == (
        "Found: Wigan Metropolitan Borough Council (the filters were cleared to show it)"
    )
    assert page.evaluate("() => window.councilgraph.network.getSelectedNodes()") == ["council:wigan"]
    assert page.get_attribute("body", "data-visible-nodes") == str(nodes)
    # a tooltip is made when its node is first hovered
    point = page.evaluate(
        "(id) => { const n = window.councilgraph.network; return n.canvasToDOM(n.getPositions([id])[id]); }",
        "council:wigan",
    )
    box = page.locator("#cg-network").bounding_box()
    page.mouse.move(box["x"] + point["x"] - 30, box["y"] + point["y"] - 30)
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=5)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    tip = page.text_content("div.vis-tooltip")
    assert tip.startswith("Wigan Metropolitan Borough Council") and "E08000010" in tip
    # and an edge's, with its first quote (from the edge's table row)
    index, middle = page.evaluate(_EDGE_MIDDLE, "council:wigan")
    page.mouse.move(box["x"] + middle["x"] - 20, box["y"] + middle["y"] - 20)
    page.mouse.move(box["x"] + middle["x"], box["y"] + middle["y"], steps=5)
    tip = page_data.edges[index]["cg"]["tip"]
    page.wait_for_function(
        "(title) => { const box = document.querySelector('div.vis-tooltip');"
        " return box !== null && box.textContent.startsWith(title); }",
        arg=tip["title"],
        timeout=5_000,
    )
    assert tip["evidence"][0]["quote"] in page.text_content("div.vis-tooltip")
    assert problems == []
    page.close()
