"""The network page in a real browser: Debian's Chromium, driven by Playwright (never a downloaded browser).

Checks what a reader sees: everything drawn and nothing fetched, the search, the filters, the highlight,
hostile labels shown as text. Screenshots go to a temporary folder, or to the folder named by
COUNCILGRAPH_SCREENSHOTS (the README's come from `COUNCILGRAPH_SCREENSHOTS=docs/screenshots pytest
tests/test_viz_browser.py`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest
from rdflib.plugins.sparql import prepareQuery

from graph.model.namespaces import PREFIXES
from graph.network.projection import full_view, project
from graph.viz.page import network_page
from graph.viz.render import render_html  # noqa: E402
from tests.conftest import HOSTILE_DESCRIPTION, HOSTILE_LABEL, HOSTILE_QUOTE, fixture_graph

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WIGAN = "council:wigan"
README_VIEWS = {  # screenshot name -> network_page options
    "focus-wigan": {"view": "full", "focus": "Wigan", "depth": 2},
    "councils": {"view": "councils", "colour": "network"},
    "full": {"view": "full"},
}
STATE = """() => {
  const cg = window.councilgraph, body = cg.network.body;
  return {nodes: cg.nodes.length, edges: cg.edges.length,
          drawnNodes: body.nodeIndices.slice().sort(), drawnEdges: body.edgeIndices.slice().sort(),
          nodeRows: document.querySelectorAll('#cg-node-table tbody tr:not([hidden])').length,
          edgeRows: document.querySelectorAll('#cg-edge-table tbody tr:not([hidden])').length,
          selected: cg.network.getSelectedNodes(), filters: document.getElementById('cg-filter-text').textContent,
          visible: document.getElementById('cg-visible').textContent};
}"""


@dataclass
class Opened:
    page: object
    url: str
    console: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    blocked: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)

    def state(self) -> dict:
        return self.page.evaluate(STATE)


def ensure_chromium() -> None:
    """Install Debian's Chromium when it is missing and we may (root, apt-get): the tests start what they need."""
    import os
    import shutil
    import subprocess

    if Path(CHROMIUM).exists() or os.geteuid() != 0 or not shutil.which("apt-get"):
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        subprocess.run(command, env=env, check=False, capture_output=True, timeout=1200)


@pytest.fixture(scope="module")
def browser():
    ensure_chromium()
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM} and could not be installed here: install "
            "Debian's package with `apt-get install -y chromium` (as root)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory, kg):
    """The README's three views and the hostile fixture, each written once as a file."""
    folder = tmp_path_factory.mktemp("pages")
    written = {}
    for name, options in README_VIEWS.items():
        written[name] = folder / f"{name}.html"
        written[name].write_text(render_html(network_page(kg, **options)), encoding="utf-8")
    written["hostile"] = folder / "hostile.html"
    written["hostile"].write_text(render_html(network_page(fixture_graph())), encoding="utf-8")
    return written


@pytest.fixture
def open_page(browser):
    contexts = []

    def opener(path: Path) -> Opened:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page, path.resolve().as_uri())
        page.on("console", lambda message: opened.console.append((message.type, message.text)))
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.on("request", lambda request: opened.requests.append(request.url))
        page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))

        def block(route):  # nothing may leave the machine: record and refuse any network request
            opened.blocked.append(route.request.url)
            route.abort()

        context.route(re.compile(r"^(https?|wss?|ftp)://"), block)
        page.goto(opened.url)
        page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        return opened

    yield opener
    for context in contexts:
        context.close()


def curie(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(str(p[1]))):
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return iri


def click_node(opened: Opened, node: str) -> None:
    point = opened.page.evaluate(
        """(id) => {
        const net = window.councilgraph.network;
        return net.canvasToDOM(net.getPositions([id])[id]);
    }""",
        node,
    )
    box = opened.page.locator("#cg-network").bounding_box()
    opened.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def hover_node(opened: Opened, node: str) -> None:
    point = opened.page.evaluate(
        """(id) => {
        const net = window.councilgraph.network;
        return net.canvasToDOM(net.getPositions([id])[id]);
    }""",
        node,
    )
    box = opened.page.locator("#cg-network").bounding_box()
    opened.page.mouse.move(box["x"] + point["x"] - 30, box["y"] + point["y"] - 30)
    opened.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=5)
    opened.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)


@pytest.mark.parametrize("name", sorted(README_VIEWS))
def test_each_view_draws_the_whole_graph_offline_without_errors(name, pages, open_page, kg, tmp_path):
    options = README_VIEWS[name]
    whole = project(kg, options["view"])
    if "focus" in options:
        centre = "https://w3id.org/councilgraph/id/council/wigan"
        whole = whole.subgraph(nx.ego_graph(whole.to_undirected(as_view=True), centre, radius=options["depth"]))
    opened = open_page(pages[name])
    state = opened.state()
    assert (state["nodes"], state["edges"]) == (whole.number_of_nodes(), whole.number_of_edges())
    assert state["drawnNodes"] == sorted(curie(n) for n in whole.nodes)
    assert len(state["drawnEdges"]) == whole.number_of_edges()
    assert (state["nodeRows"], state["edgeRows"]) == (whole.number_of_nodes(), whole.number_of_edges())
    assert (
        state["visible"] == f"{whole.number_of_nodes()} of {whole.number_of_nodes()} nodes and "
        f"{whole.number_of_edges()} of {whole.number_of_edges()} edges"
    )
    assert [m for m in opened.console if m[0] in ("error", "warning")] == []
    assert opened.errors == []
    assert opened.requests == [opened.url] and opened.blocked == []
    folder = Path(os.environ.get("COUNCILGRAPH_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / f"{name}.png"
    opened.page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_search_finds_a_node_by_any_alias_and_focuses_it(pages, open_page):
    opened = open_page(pages["full"])
    page = opened.page
    for query in ("Wigan Council", "wigan", "E08000010", "  WIGAN   metropolitan borough council "):
        page.evaluate("() => window.councilgraph.select(null)")
        page.fill("#cg-search-input", query)
        page.press("#cg-search-input", "Enter")
        assert page.text_content("#cg-search-result") == "Found: Wigan Metropolitan Borough Council", query
        assert opened.state()["selected"] == [WIGAN], query
        centre, node = page.evaluate(
            """(id) => {
            const net = window.councilgraph.network;
            return [net.getViewPosition(), net.getPositions([id])[id]];
        }""",
            WIGAN,
        )
        assert abs(centre["x"] - node["x"]) < 1 and abs(centre["y"] - node["y"]) < 1, query
    page.fill("#cg-search-input", "Nowhere District Council")
    page.press("#cg-search-input", "Enter")
    assert (
        page.text_content("#cg-search-result") == "Nothing in this view is called \u201cNowhere District Council\u201d."
    )


def test_the_type_filter_hides_that_type_and_its_edges(pages, open_page, kg):
    full = full_view(kg)
    kept = {n for n, d in full.nodes(data=True) if d["type"] != "Initiative"}
    kept_edges = [e for e in full.edges if e[0] in kept and e[1] in kept]
    opened = open_page(pages["full"])
    opened.page.uncheck("#cg-filter-types input[value=Initiative]")
    state = opened.state()
    assert state["drawnNodes"] == sorted(curie(n) for n in kept)
    assert len(state["drawnEdges"]) == len(kept_edges)
    assert (state["nodeRows"], state["edgeRows"]) == (len(kept), len(kept_edges))
    assert state["filters"] == "hiding Initiative"
    # searching for a hidden node clears the filters to show it
    opened.page.uncheck("#cg-filter-types input[value=Council]")
    assert WIGAN not in opened.state()["drawnNodes"]
    opened.page.fill("#cg-search-input", "Wigan")
    opened.page.press("#cg-search-input", "Enter")
    state = opened.state()
    assert WIGAN in state["drawnNodes"] and len(state["drawnNodes"]) == full.number_of_nodes()
    assert state["filters"] == "none"


def test_network_and_tier_filters_show_the_members(pages, open_page, kg):
    members = prepareQuery(
        """
        SELECT ?member ?tier WHERE {
          ?m a cg:NetworkMembership ; cg:relationFrom ?member ; cg:relationTo network:ccin .
          OPTIONAL { ?m cg:tier/rdfs:label ?tier } }""",
        initNs=PREFIXES,
    )
    rows = list(kg.query(members))
    opened = open_page(pages["full"])
    opened.page.select_option("#cg-filter-network", "network:ccin")
    state = opened.state()
    assert state["drawnNodes"] == sorted({curie(str(r.member)) for r in rows} | {"network:ccin"})
    assert state["filters"].startswith("network: Co-operative Councils' Innovation Network (")
    opened.page.select_option("#cg-filter-tier", "Associate")
    associates = {curie(str(r.member)) for r in rows if r.tier is not None and str(r.tier) == "Associate"}
    assert set(opened.state()["drawnNodes"]) == associates | {"network:ccin"}
    assert len(opened.state()["drawnEdges"]) == len(associates)  # each associate's membership edge
    opened.page.click("#cg-reset")
    assert len(opened.state()["drawnNodes"]) == full_view(kg).number_of_nodes()


def test_clicking_a_node_highlights_its_neighbourhood(pages, open_page, kg):
    full = full_view(kg)
    neighbours = {curie(n) for n in nx.all_neighbors(full, "https://w3id.org/councilgraph/id/council/wigan")}
    opened = open_page(pages["focus-wigan"])
    click_node(opened, WIGAN)
    assert opened.state()["selected"] == [WIGAN]
    colours = opened.page.evaluate("""() => Object.fromEntries(window.councilgraph.nodes.get()
        .map(n => [n.id, typeof n.color === 'string' ? n.color : n.color.background]))""")
    dim = {node for node, colour in colours.items() if colour == "#e8e8e8"}
    assert dim == set(colours) - neighbours - {WIGAN}
    assert dim  # at depth 2 there are nodes that are not Wigan's neighbours
    opened.page.keyboard.press("Escape")
    assert opened.state()["selected"] == []
    colours = opened.page.evaluate("""() => window.councilgraph.nodes.get()
        .map(n => typeof n.color === 'string' ? n.color : n.color.background)""")
    assert "#e8e8e8" not in colours


def test_hostile_labels_and_quotes_render_as_text(pages, open_page):
    opened = open_page(pages["hostile"])
    page = opened.page
    assert page.evaluate("() => window.councilgraph.nodes.get('organisation:hostile').label") == HOSTILE_LABEL
    row = page.locator("#cg-node-table tr[data-node='organisation:hostile'] th")
    assert row.text_content() == HOSTILE_LABEL
    hover_node(opened, "organisation:hostile")
    tip = page.locator("div.vis-tooltip").inner_text()
    assert HOSTILE_LABEL in tip and HOSTILE_QUOTE in tip and HOSTILE_DESCRIPTION in tip
    assert page.evaluate("() => document.querySelectorAll('img, a, iframe, object, embed, svg, b').length") == 0
    assert page.evaluate("() => document.scripts.length") == 3
    assert opened.dialogs == [] and opened.errors == []
    edge_cell = page.locator("#cg-edge-table tbody tr td q").first.text_content()
    assert edge_cell in ("Alpha leads the scheme", HOSTILE_QUOTE)
    assert HOSTILE_QUOTE in page.locator("#cg-edge-table").inner_text()


def test_tooltips_give_type_identifiers_and_quoted_evidence(pages, open_page):
    opened = open_page(pages["hostile"])
    hover_node(opened, "council:alpha")
    tip = opened.page.locator("div.vis-tooltip").inner_text()
    for expected in (
        "Alpha Council",
        "type",
        "Council",
        "identifier",
        "council:alpha",
        "GSS code",
        "E00000001",
        "also called",
        "A & O",
        "Alpha leads the scheme",
        "[doc]",
    ):
        assert expected in tip, expected
