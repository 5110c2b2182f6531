"""`councilgraph serve` in a real browser: Debian's Chromium driven by Playwright (never a downloaded
browser), on a copy of the whole project, built, plus the hostile fixture graph.

Checks what needs a browser: an entity page and its class page, the query page's round trip (choose a
named query, fill its parameter, run it, follow a link in the answer), the map (one point per council
with a position, each a link), all with no console errors and no request leaving 127.0.0.1 (every other
request is intercepted and refused). Expected names come from the source texts or from the endpoint's
own counts. Screenshots go to a temporary folder, or to COUNCILGRAPH_SCREENSHOTS (the docs' come from
`COUNCILGRAPH_SCREENSHOTS=docs/screenshots pytest tests/test_serve_browser.py`).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import FIXTURE, HOSTILE_DESCRIPTION, HOSTILE_LABEL, ROOT
from tests.test_serve import _source_text, serving, sparql
from tests.test_viz_browser import CHROMIUM, CHROMIUM_ARGS, browser  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow

_CREDITS = re.search(r"top-up allocation of '([^']+)'", _source_text("cc-action-plans-2012"))
assert _CREDITS, "the source text no longer names Wigan's credits"
CREDITS = _CREDITS.group(1)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The base URL of `councilgraph serve` on a built copy of the project plus the hostile fixture graph."""
    from cli import cli

    root = tmp_path_factory.mktemp("served-browser") / "project"
    for part in ("data", "ontology"):
        shutil.copytree(ROOT / part, root / part)
    result = CliRunner().invoke(cli, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    with open(root / "exports" / "councilgraph.ttl", "a", encoding="utf-8") as graph:
        graph.write("\n" + FIXTURE)
    yield from serving(root, [], patience=180)


@dataclass
class Opened:
    page: object
    base: str
    console: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    blocked: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)

    def clean(self) -> None:
        """Nothing went wrong and nothing left the server: no console errors or warnings, no script errors,
        no dialogs, every request to this server."""
        assert [m for m in self.console if m[0] in ("error", "warning")] == []
        assert self.errors == [] and self.dialogs == [] and self.blocked == []
        assert self.requests and all(url.startswith(self.base + "/") for url in self.requests)


@pytest.fixture
def open_page(browser, site):  # noqa: F811 (the fixture imported above)
    contexts = []

    def opener(path: str) -> Opened:
        context = browser.new_context(viewport={"width": 1100, "height": 800})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page, site)
        page.on("console", lambda message: opened.console.append((message.type, message.text)))
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.on("request", lambda request: opened.requests.append(request.url))
        page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))

        def route(route):  # only this server: record and refuse anything else
            if route.request.url.startswith(site + "/"):
                route.continue_()
            else:
                opened.blocked.append(route.request.url)
                route.abort()

        context.route(re.compile(r".*"), route)
        page.goto(site + path)
        return opened

    yield opener
    for context in contexts:
        context.close()


def _shot(opened: Opened, name: str, tmp_path: Path, selector: str | None = None) -> None:
    folder = Path(os.environ.get("COUNCILGRAPH_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / f"{name}.png"
    if selector:
        opened.page.locator(selector).screenshot(path=str(shot))
    else:
        opened.page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _one(site: str, query: str) -> str:
    rows = list(csv.reader(io.StringIO(sparql(site, query, "text/csv")[2].decode("utf-8"))))
    assert len(rows) == 2, rows
    return rows[1][0]


def test_an_entity_page_and_its_class_page(open_page, site, tmp_path):
    name = _one(site, "SELECT ?n WHERE { council:wigan rdfs:label ?n }")
    opened = open_page("/id/council/wigan")
    page = opened.page
    assert page.text_content("h1") == name
    assert page.locator("blockquote").count() > 0  # the quoted evidence
    # laid out as a column of text, in the body's colour (a broken style rule once made every page grey)
    assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") != "none"
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).color") == "rgb(29, 29, 31)"
    _shot(opened, "serve-entity", tmp_path)
    page.click("p.types a:has-text('cg:Council')")
    page.wait_for_url(site + "/class/Council")
    councils = int(_one(site, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a cg:Council }"))
    assert page.text_content("h1") == f"Council ({councils})"
    assert page.locator("ol.members li").count() == min(councils, 100)
    opened.clean()


def test_hostile_names_stay_text(open_page):
    opened = open_page("/id/organisation/hostile")
    page = opened.page
    assert page.text_content("h1") == HOSTILE_LABEL
    assert HOSTILE_DESCRIPTION in page.inner_text("main")
    assert page.evaluate("() => document.querySelectorAll('main img, main script, main b').length") == 0
    assert page.evaluate("() => document.scripts.length") == 0
    opened.clean()


def test_the_query_page_round_trip(open_page, site, tmp_path):
    opened = open_page("/query")
    page = opened.page
    page.click("table.library a:text-is('initiatives-of-council')")
    page.wait_for_url(re.compile(r"name=initiatives-of-council"))
    page.fill("#param-council", "Wigan")
    page.click("#named-form button[type=submit]")
    page.wait_for_selector("table.results")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert query == {"name": ["initiatives-of-council"], "council": ["Wigan"]}
    assert page.get_attribute("#share", "href") == "/query?name=initiatives-of-council&council=Wigan"
    led = int(
        _one(
            site,
            "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?r a cg:Leadership ; cg:relationFrom council:wigan ; "
            "cg:relationTo ?i }",
        )
    )
    initiatives = page.eval_on_selector_all(
        "table.results tbody tr td:nth-child(2) a", "links => [...new Set(links.map(a => a.textContent))]"
    )
    assert len(initiatives) == led
    _shot(opened, "serve-query", tmp_path)
    row = page.locator("table.results tbody tr", has=page.locator(f"td:text-is({CREDITS!r})")).first
    row.locator("td:nth-child(2) a").click()
    page.wait_for_url(re.compile(r"/id/initiative/"))
    assert page.text_content("h1") == CREDITS
    opened.clean()


def test_the_map_draws_each_council_with_a_position(open_page, site, tmp_path):
    placed = int(
        _one(
            site,
            "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a cg:Council ; schema:latitude ?lat ; schema:longitude ?lon }",
        )
    )
    opened = open_page("/map?colour=network")
    page = opened.page
    assert page.locator("svg#map circle").count() == placed > 50
    links = page.eval_on_selector_all("svg#map a", "links => links.map(a => a.getAttribute('href'))")
    assert len(set(links)) == placed and all(link.startswith("/id/council/") for link in links)
    titles = page.eval_on_selector_all("svg#map circle title", "ts => ts.map(t => t.textContent)")
    assert len(titles) == placed and all(titles)
    assert page.locator("#legend li").count() >= 2
    _shot(opened, "serve-map", tmp_path, ".map-and-legend")
    name = _one(site, "SELECT ?n WHERE { council:wigan rdfs:label ?n }")
    page.locator("svg#map a[href='/id/council/wigan'] circle").click()
    page.wait_for_url(site + "/id/council/wigan")
    assert page.text_content("h1") == name
    opened.clean()


def test_the_network_around_an_entity_draws_with_the_servers_assets(open_page, site, tmp_path):
    opened = open_page("/id/council/wigan")
    page = opened.page
    page.click("a#focus-network")
    page.wait_for_url(site + "/network/id/council/wigan")
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    drawn = page.evaluate("() => window.councilgraph.network.body.data.nodes.getIds()")
    assert "council:wigan" in drawn and len(drawn) > 1
    assert any(url.startswith(site + "/assets/vis-network") for url in opened.requests)
    _shot(opened, "serve-network", tmp_path)
    opened.clean()


def test_the_static_site_works_from_the_disk(browser, built_mini, tmp_path):  # noqa: F811 (a fixture)
    """`councilgraph site` opened as files: an entity page, its link to the network around it, which draws
    with vis-network from the site's assets/ folder; nothing requested but the site's own files."""
    from graph.paths import Paths
    from graph.serve.site import write_site

    folder = tmp_path / "site"
    write_site(Paths(built_mini), folder)
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    opened = Opened(page, folder.resolve().as_uri())
    page.on("console", lambda message: opened.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.on("request", lambda request: opened.requests.append(request.url))
    context.route(
        re.compile(r"^(https?|wss?|ftp)://"), lambda route: (opened.blocked.append(route.request.url), route.abort())
    )
    try:
        page.goto((folder / "id" / "council" / "wigan.html").resolve().as_uri())
        assert page.locator("blockquote").count() > 0
        _shot(opened, "site-entity", tmp_path)
        page.click("a#focus-network")
        page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        assert page.url.endswith("/network/id/council/wigan.html")
        drawn = page.evaluate("() => window.councilgraph.network.body.data.nodes.getIds()")
        assert "council:wigan" in drawn
        opened.clean()
    finally:
        context.close()


def test_the_map_works_when_its_tiles_do_not_load(browser, built_mini, tmp_path):  # noqa: F811 (a fixture)
    """With a tile server configured that does not answer (every request off the server is refused), the
    points are drawn and lead to their councils: the tiles are only a background."""
    root = tmp_path / "project"
    shutil.copytree(built_mini, root)
    served = serving(root, ["--tiles", "https://tiles.invalid/{z}/{x}/{y}.png"], patience=60)
    base = next(served)
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    try:
        page = context.new_page()
        refused: list[str] = []
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        context.route(
            re.compile(r".*"),
            lambda route: (
                route.continue_()
                if route.request.url.startswith(base + "/")
                else (refused.append(route.request.url), route.abort())
            ),
        )
        page.goto(base + "/map")
        assert page.locator("svg#map image").count() > 0
        page.wait_for_load_state("networkidle")
        assert refused and all(url.startswith("https://tiles.invalid/") for url in refused)
        assert page.locator("svg#map circle").count() > 0 and errors == []
        page.locator("svg#map a[href='/id/council/wigan'] circle").click()
        page.wait_for_url(base + "/id/council/wigan")
    finally:
        context.close()
        served.close()
