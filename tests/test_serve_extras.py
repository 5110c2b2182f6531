"""What `councilgraph serve` adds to an entity's page and beside it (issue #16): the entity's network
metrics, the network around it (loading vis-network from the server's /assets/), the pages of what each
source document states, and the ontology's documentation at /ontology. On a copy of the mini project
(tests/conftest.py `built_mini`); expected quotes and names are read from the source text.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from graph.model.namespaces import CG
from tests.conftest import ROOT
from tests.test_serve import CREDITS, PLACE, QUOTE, fetch, serving


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}  # href -> the link's text
        self.srcs: list[str] = []
        self.ids: set[str] = set()
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])
        if found.get("src"):
            self.srcs.append(found["src"])
        if tag == "a" and found.get("href"):
            self._open = found["href"]
            self.links[self._open] = ""

    def handle_data(self, data):
        if self._open is not None:
            self.links[self._open] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def _page(body: bytes) -> _Page:
    page = _Page()
    page.feed(body.decode("utf-8"))
    return page


@pytest.fixture(scope="module")
def server(built_mini, tmp_path_factory):
    root = tmp_path_factory.mktemp("served-extras") / "project"
    shutil.copytree(built_mini, root)
    yield from serving(root, [], patience=60)


def test_an_entity_page_shows_its_degree_as_the_neighbours_it_lists(server):
    status, _, body = fetch(server + "/id/council/wigan")
    assert status == 200
    text = body.decode("utf-8")
    degree = re.search(r"<th>degree</th><td>(\d+)</td>", text)
    assert degree, "the page has no degree"
    relations = text.split("<h2>Relations", 1)[1]
    neighbours = set(re.findall(r'<li>[^<]*<a href="(/id/[^"]+)"', relations))
    assert int(degree.group(1)) == len(neighbours) > 0


def test_the_network_around_an_entity_is_drawn_with_the_servers_own_assets(server):
    found = _page(fetch(server + "/id/council/wigan")[2])
    assert "/network/id/council/wigan" in found.links
    status, headers, body = fetch(server + "/network/id/council/wigan")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert PLACE in body.decode("utf-8") and CREDITS in body.decode("utf-8")
    scripts = _page(body).srcs
    assert scripts and all(src.startswith("/assets/") for src in scripts)
    for src in scripts:
        status, headers, asset = fetch(server + src)
        assert status == 200 and "javascript" in headers["content-type"] and asset
    assert fetch(server + "/network/id/council/no-such-council")[0] == 404
    assert fetch(server + "/assets/../../etc/passwd")[0] == 404


def test_a_source_page_lists_what_the_graph_takes_from_it_with_the_quotes(server):
    source = _page(fetch(server + "/id/source/cc-action-plans-2012")[2])
    assert "/source/cc-action-plans-2012" in source.links
    status, _, body = fetch(server + "/source/cc-action-plans-2012")
    assert status == 200
    text = " ".join(body.decode("utf-8").split())
    assert " ".join(QUOTE.split()) in text
    found = _page(body)
    assert f"/id/place/{PLACE.lower()}" in found.links
    assert any(link.startswith("/id/relation/") and "Wigan" in label for link, label in found.links.items())
    assert fetch(server + "/source/cc-action-plans-2012?page=99")[0] == 404
    assert fetch(server + "/source/cc-action-plans-2012?page=x")[0] == 400
    assert fetch(server + "/source/no-such-source")[0] == 404
    for hostile in ("a%20b", "%3Cscript%3E", "x%22y", "%00"):  # not IRIs at all: nothing to find, not a crash
        assert fetch(server + "/source/" + hostile)[0] == 404
        assert fetch(server + "/network/id/council/" + hostile)[0] == 404


def test_the_ontology_is_documented_in_html_and_offered_as_turtle(server):
    ontology = Graph().parse(ROOT / "ontology" / "councilgraph.ttl")
    classes = {str(c).rpartition("#")[2] for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(CG))}
    status, headers, body = fetch(server + "/ontology")
    assert status == 200 and headers["content-type"].startswith("text/html")
    found = _page(body)
    assert classes <= found.ids
    assert "/class/Council" in found.links  # the mini graph has councils
    assert not any(link.startswith("/class/Bridge") for link in found.links)  # and no entity of this class
    for request in (("/ontology", "text/turtle"), ("/ontology.ttl", None)):
        status, headers, body = fetch(server + request[0], accept=request[1])
        assert status == 200 and headers["content-type"].startswith("text/turtle")
        assert len(Graph().parse(data=body.decode("utf-8"), format="turtle")) == len(ontology)


def test_warming_makes_the_hubs_pages_before_anyone_asks(built_mini):
    from graph.paths import Paths
    from graph.serve.app import Site, warm
    from graph.serve.extras import hub_paths
    from graph.serve.sparql import EndpointSettings

    metrics = Graph().parse(built_mini / "exports" / "metrics.ttl")
    degrees = sorted(((-int(d), str(e)) for e, d in metrics.subject_objects(CG.degree)))
    site = Site(Paths(built_mini), EndpointSettings())
    hubs = hub_paths(site.facts, 3)
    assert hubs == ["/" + iri.split("/councilgraph/", 1)[1] for _, iri in degrees[:3]]
    assert site.cache.get(("resource", hubs[0], "html")) is None
    assert warm(site, 3) == 3
    for path in hubs:
        kept = site.cache.get(("resource", path, "html"))
        assert kept is not None and kept.body.startswith(b"<!DOCTYPE html>")


def test_tile_urls_are_checked():
    from graph.serve.councilmap import tiles_from

    assert tiles_from("https://tile.example.org/{z}/{x}/{y}.png").template.endswith("{y}.png")
    for bad in ("file:///etc/{z}/{x}/{y}", "https://tile.example.org/{z}/{x}.png", 'https://t/{z}/{x}/{y}"><script>'):
        with pytest.raises(ValueError):
            tiles_from(bad)


def test_on_tiles_the_map_is_in_web_mercator_and_covered_by_them():
    from graph.serve.councilmap import TILE, WIDTH, Box, MercatorBox, Tiles

    box = MercatorBox.around(Box())
    assert abs(box.width - WIDTH) < WIDTH / 2  # the zoom whose width is nearest the map's
    # Web Mercator stretches the north: a degree of latitude at 58°N is longer than one at 50°N
    assert box.project(58, 0)[1] - box.project(59, 0)[1] > box.project(50, 0)[1] - box.project(51, 0)[1]
    assert box.project(box.north, box.west) == (0.0, 0.0)
    tiles = box.tiles(Tiles("https://t.example/{z}/{x}/{y}.png"))
    assert all(re.fullmatch(rf"https://t\.example/{box.zoom}/\d+/\d+\.png", t.href) for t in tiles)
    assert min(t.x for t in tiles) <= 0 and min(t.y for t in tiles) <= 0
    assert max(t.x for t in tiles) + TILE >= box.width and max(t.y for t in tiles) + TILE >= box.height


@pytest.fixture(scope="module")
def tiled_server(built_mini, tmp_path_factory):
    root = tmp_path_factory.mktemp("served-tiles") / "project"
    shutil.copytree(built_mini, root)
    options = ["--tiles", "http://127.0.0.1:9/{z}/{x}/{y}.png", "--tiles-attribution", "Tiles <by> nobody"]
    yield from serving(root, options, patience=60)


def test_the_map_on_tiles_keeps_its_points_and_says_whose_tiles(server, tiled_server):
    plain = fetch(server + "/map")[2].decode("utf-8")
    tiled = fetch(tiled_server + "/map")[2].decode("utf-8")
    assert "<image" not in plain
    assert re.search(r'<image href="http://127\.0\.0\.1:9/\d+/\d+/\d+\.png"', tiled)
    assert tiled.count("<circle") == plain.count("<circle") > 0
    assert "Tiles &lt;by&gt; nobody" in tiled


def test_counts_of_kinds_read_as_english():
    from graph.serve.pages import counted

    assert [counted(1, "entity"), counted(33, "entity"), counted(2, "claim")] == ["1 entity", "33 entities", "2 claims"]
