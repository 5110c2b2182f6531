"""`councilgraph serve` (issue #16, first slice): the real server, started once for the module on a free
loopback port, over a copy of a built project (tests/conftest.py `built_mini`: Wigan, Scholes and Wigan
Community Credits from cc-action-plans-2012) with the hostile fixture graph added to its exports. Every
expected quote and name is read from the source text (data/sources/), never from the curated files or
from what the code wrote. The negotiation and protocol helpers are also checked on their own (fast tier).
"""

from __future__ import annotations

import concurrent.futures
import csv
import io
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, VOID

from graph.errors import CouncilGraphError
from graph.model.namespaces import CG, ID
from graph.paths import Paths
from graph.query.results import QueryResult
from graph.serve.negotiation import ENTITY_FORMATS, NotAcceptable, choose, requested_format, split_suffix
from graph.serve.sparql import EndpointError, query_text, refuse_updates, render_xml
from tests.conftest import FIXTURE, HOSTILE_DESCRIPTION, HOSTILE_LABEL, HOSTILE_QUOTE, ROOT

TIMEOUT, MAX_ROWS, MAX_QUERIES = 2, 25, 2
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _source_text(source_id: str) -> str:
    manifest = yaml.safe_load((ROOT / "data" / "sources" / "manifest.yaml").read_text(encoding="utf-8"))
    entry = next(e for e in manifest if e["id"] == source_id)
    return " ".join((ROOT / "data" / "sources" / entry["file"]).read_text(encoding="utf-8").split())


# read from the document: the sentence that places Scholes in Wigan, and the place's name
_FOUND = re.search(r"one discrete area of Wigan called (\w+)", _source_text("cc-action-plans-2012"))
assert _FOUND, "the source text no longer says where Scholes is"
QUOTE, PLACE = _FOUND.group(0), _FOUND.group(1)
SCHOLES = ID[f"place/{PLACE.lower()}"]
# read from the document: the initiative Wigan's plan names
_CREDITS = re.search(r"top-up allocation of '([^']+)'", _source_text("cc-action-plans-2012"))
assert _CREDITS, "the source text no longer names Wigan's credits"
CREDITS = _CREDITS.group(1)


# --- the server --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(built_mini, tmp_path_factory):
    """The base URL of `councilgraph serve` on a copy of the mini project plus the hostile fixture graph."""
    root = tmp_path_factory.mktemp("served") / "project"
    shutil.copytree(built_mini, root)
    with open(root / "exports" / "councilgraph.ttl", "a", encoding="utf-8") as graph:
        graph.write("\n" + FIXTURE)  # Turtle allows prefixes anywhere: one graph, both parts
    limits = ["--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--max-queries", str(MAX_QUERIES)]
    yield from serving(root, limits, patience=60)


def serving(root: Path, options: list[str], patience: float):
    """Run `councilgraph serve --root root` with `options` on a free loopback port until the caller is done:
    yields its base URL once it answers, failing if it dies or is not up within `patience` seconds."""
    port, log = _free_port(), root.parent / "serve.log"
    command = [sys.executable, "-c", "from cli import main; main()", "serve", "--root", str(root), "--port", str(port)]
    with open(log, "wb") as output:
        process = subprocess.Popen([*command, *options], cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + patience
        while True:
            assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            try:
                if fetch(base + "/dataset")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"the server did not start within {patience:g} s"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(url: str, accept: str | None = None, data: bytes | None = None, content_type: str | None = None, method=None):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    headers = {"Accept": accept} if accept else {}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def sparql(base: str, query: str, accept: str | None = None, **extra):
    return fetch(f"{base}/sparql?" + urllib.parse.urlencode({"query": query, **extra}), accept)


# --- entity pages and negotiation --------------------------------------------------------------------


def test_the_quote_is_in_the_source():
    assert PLACE == "Scholes" and QUOTE in _source_text("cc-action-plans-2012")


def test_entity_page_shows_names_identifiers_relations_and_evidence(server):
    status, headers, body = fetch(server + "/id/council/wigan")
    html = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>Wigan Metropolitan Borough Council</h1>" in html
    assert '<a href="http://statistics.data.gov.uk/id/statistical-geography/E08000010">E08000010</a>' in html
    assert f'is the location of <a href="/id/place/{PLACE.lower()}">{PLACE}</a>' in html  # a neighbour's page
    assert f"<blockquote>{QUOTE} " in html
    assert '[<a href="/id/source/cc-action-plans-2012">cc-action-plans-2012</a>]' in html
    assert '<link rel="alternate" type="text/turtle" href="/id/council/wigan.ttl">' in html


def _describes_scholes(graph: Graph) -> None:
    assert (SCHOLES, RDFS.label, Literal(PLACE)) in graph
    quotes = {str(graph.value(ev, CG.quote)) for ev in graph.objects(SCHOLES, CG.evidence)}
    assert QUOTE in quotes
    relations = set(graph.subjects(CG.relationFrom, SCHOLES))
    assert relations and all((r, CG.evidence, None) in graph for r in relations)
    wigan = ID["council/wigan"]
    assert (wigan, RDFS.label, Literal("Wigan Metropolitan Borough Council")) in graph  # the neighbour, named


RDF_MEDIA = {
    "ttl": ("text/turtle", "turtle"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
}


@pytest.mark.parametrize("name", sorted(RDF_MEDIA))
@pytest.mark.parametrize("how", ["accept", "format", "suffix"])
def test_each_rdf_format_by_accept_format_and_suffix(server, name, how):
    media, parser = RDF_MEDIA[name]
    path = f"/id/place/{PLACE.lower()}"
    url = {"accept": server + path, "format": f"{server}{path}?format={name}", "suffix": f"{server}{path}.{name}"}[how]
    status, headers, body = fetch(url, accept=media if how == "accept" else "text/html")
    assert status == 200 and headers["Content-Type"].split(";")[0] == media
    _describes_scholes(Graph().parse(data=body.decode("utf-8"), format=parser))
    if how == "accept":
        assert headers["Vary"] == "Accept" and headers["Content-Location"] == f"{path}.{name}"
    else:
        assert headers["Vary"] is None


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
        ("text/html;q=0.1, application/n-triples;q=0.9", "application/n-triples"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("text/turtle, */*", "text/turtle"),
        ("*/*", "text/html"),
        (None, "text/html"),
    ],
)
def test_accept_weighs_q_values_and_specificity(server, accept, expected):
    status, headers, _ = fetch(server + "/id/council/wigan", accept=accept)
    assert status == 200 and headers["Content-Type"].split(";")[0] == expected and headers["Vary"] == "Accept"


def test_unknown_iris_unsupported_types_and_formats(server):
    status, headers, body = fetch(server + "/id/council/nowhere")
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    assert "https://w3id.org/councilgraph/id/council/nowhere" in body.decode("utf-8")
    assert fetch(server + "/id/council/wigan.pdf")[0] == 404
    status, headers, body = fetch(server + "/id/council/wigan", accept="application/pdf")
    assert status == 406 and "/id/council/wigan.ttl  text/turtle" in body.decode("utf-8")
    assert fetch(server + "/id/council/wigan?format=pdf")[0] == 400
    assert fetch(server + "/id/council/wigan.ttl?format=nt")[0] == 400


def test_a_relation_node_has_a_page_and_data_too(server):
    graph = Graph().parse(data=fetch(server + f"/id/place/{PLACE.lower()}.ttl")[2].decode("utf-8"), format="turtle")
    relation = next(iter(graph.subjects(CG.relationFrom, SCHOLES)))
    path = str(relation)[len("https://w3id.org/councilgraph") :]
    status, _, body = fetch(server + path)
    assert status == 200 and f'<a href="/id/place/{PLACE.lower()}">{PLACE}</a>' in body.decode("utf-8")
    data = Graph().parse(data=fetch(server + path + ".nt")[2].decode("utf-8"), format="nt")
    assert (relation, CG.relationFrom, SCHOLES) in data


def test_hostile_strings_are_escaped(server):
    html = fetch(server + "/id/organisation/hostile")[2].decode("utf-8")
    for raw in (HOSTILE_LABEL, HOSTILE_QUOTE, HOSTILE_DESCRIPTION, "<script"):
        assert raw not in html
    assert "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>" in html
    assert "&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;a href=&#34;javascript:alert(2)&#34;&gt;them&lt;/a&gt;" in html
    neighbour = fetch(server + "/id/initiative/scheme")[2].decode("utf-8")  # the name as a link's text
    assert HOSTILE_LABEL not in neighbour and ">&lt;img src=x onerror=alert(1)&gt;</a>" in neighbour


class _Loads(HTMLParser):
    """Every address a page would load by itself (not links a reader follows)."""

    def __init__(self):
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if "src" in found or (tag == "link" and found.get("rel") != "alternate"):
            self.loads.append(found.get("src") or found.get("href") or "")


@pytest.mark.parametrize(
    "path",
    [
        "/id/council/wigan",
        "/id/organisation/hostile",
        "/dataset",
        "/sparql",
        "/id/council/nowhere",
        "/",
        "/query",
        "/query?name=initiatives-of-council&council=Wigan",
        "/map",
        "/class/Organisation",
    ],
)
def test_pages_load_nothing_from_anywhere(server, path):
    html = fetch(server + path, accept="text/html")[2].decode("utf-8")
    parser = _Loads()
    parser.feed(html)
    assert parser.loads == [] and "@import" not in html and "url(" not in html and "<script" not in html


# --- the SPARQL endpoint -----------------------------------------------------------------------------

PLACES = "SELECT ?place ?name WHERE { ?place a cg:Place ; rdfs:label ?name }"


def _rows(media: str, body: bytes) -> list[tuple[str, str]]:
    text = body.decode("utf-8")
    if media == "application/sparql-results+json":
        return [(b["place"]["value"], b["name"]["value"]) for b in json.loads(text)["results"]["bindings"]]
    if media == "application/sparql-results+xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        results = ET.fromstring(text).findall("r:results/r:result", ns)
        return [
            (r.find("r:binding[@name='place']/r:uri", ns).text, r.find("r:binding[@name='name']/r:literal", ns).text)
            for r in results
        ]
    if media == "text/csv":
        return [(row["place"], row["name"]) for row in csv.DictReader(io.StringIO(text))]
    lines = text.splitlines()
    assert lines[0] == "?place\t?name"
    return [tuple(cell.strip('<>"') for cell in line.split("\t")) for line in lines[1:]]


ROW_MEDIA = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]


@pytest.mark.parametrize("media", ROW_MEDIA)
@pytest.mark.parametrize("how", ["GET", "POST form", "POST query"])
def test_select_in_each_results_format_by_get_and_post(server, media, how):
    if how == "GET":
        status, headers, body = sparql(server, PLACES, media)
    elif how == "POST form":
        form = urllib.parse.urlencode({"query": PLACES}).encode()
        status, headers, body = fetch(server + "/sparql", media, form, "application/x-www-form-urlencoded")
    else:
        status, headers, body = fetch(server + "/sparql", media, PLACES.encode(), "application/sparql-query")
    assert status == 200 and headers["Content-Type"].split(";")[0] == media and headers["Vary"] == "Accept"
    assert _rows(media, body) == [(str(SCHOLES), PLACE)]
    assert headers["X-SPARQL-MaxRows"] is None


def test_ask_and_construct(server):
    status, _, body = sparql(server, f"ASK {{ ?e cg:quote {json.dumps(QUOTE)} }}", "application/sparql-results+json")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    construct = "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a cg:Place ; rdfs:label ?n }"
    for media, parser in RDF_MEDIA.values():
        status, headers, body = sparql(server, construct, media)
        assert status == 200 and headers["Content-Type"].split(";")[0] == media
        assert set(Graph().parse(data=body.decode("utf-8"), format=parser)) == {(SCHOLES, RDFS.label, Literal(PLACE))}
    assert sparql(server, construct, "text/csv")[0] == 406


def test_service_is_refused(server):
    status, _, body = sparql(server, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert status == 400 and body.decode("utf-8").startswith("SERVICE is refused (line 1)")


def test_updates_are_refused(server):
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    form = urllib.parse.urlencode({"update": update}).encode()
    answers = [
        fetch(server + "/sparql", None, form, "application/x-www-form-urlencoded"),
        fetch(server + "/sparql", None, update.encode(), "application/sparql-update"),
        sparql(server, update),
        sparql(server, "PREFIX x: <urn:x#>\nDELETE WHERE { ?s ?p ?o }"),
    ]
    for status, _, body in answers:
        assert status == 400 and body.decode("utf-8").startswith("this endpoint is read-only")
    assert fetch(server + "/sparql?query=ASK%7B%7D", method="PUT")[0] == 405
    assert sparql(server, "ASK { <urn:a> <urn:b> <urn:c> }", "application/sparql-results+json")[2].count(b"false") == 1


def test_a_runaway_query_is_stopped_at_the_timeout_and_the_server_goes_on(server):
    started = time.monotonic()
    status, headers, body = sparql(server, RUNAWAY)
    took = time.monotonic() - started
    assert status == 503 and f"did not finish within {TIMEOUT} seconds" in body.decode("utf-8")
    assert TIMEOUT <= took < TIMEOUT + 3
    started = time.monotonic()
    assert sparql(server, PLACES, "text/csv")[0] == 200
    assert fetch(server + "/id/council/wigan")[0] == 200
    assert time.monotonic() - started < 2


def test_answers_are_cut_at_the_row_cap(server):
    status, headers, body = sparql(server, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 200 and headers["X-SPARQL-MaxRows"] == str(MAX_ROWS)
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, headers, body = sparql(server, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert headers["X-SPARQL-MaxRows"] == str(MAX_ROWS) and len(body.decode("utf-8").splitlines()) == MAX_ROWS


def test_more_queries_at_once_than_allowed_get_429(server):
    with concurrent.futures.ThreadPoolExecutor(MAX_QUERIES + 3) as pool:
        statuses = sorted(s for s, _, _ in pool.map(lambda _: sparql(server, RUNAWAY), range(MAX_QUERIES + 3)))
    assert statuses == [429] * 3 + [503] * MAX_QUERIES
    assert sparql(server, PLACES, "text/csv")[0] == 200  # the slots are free again


def test_bad_requests_say_what_to_do(server):
    status, _, body = sparql(server, "SELECT ?c WHERE { ?c a cgg:Council }")
    assert status == 400 and "unknown prefix 'cgg:'" in body.decode("utf-8")
    status, _, body = fetch(server + "/sparql", None, b"query=x", "text/plain")
    assert status == 415
    status, headers, body = fetch(server + "/sparql", "text/html")
    assert status == 200 and "GET /sparql?query=" in body.decode("utf-8")


# --- the dataset, the dumps and the ontology ---------------------------------------------------------


def test_void_and_dcat_describe_the_dataset(server, built_mini):
    status, headers, body = fetch(server + "/.well-known/void")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    void = Graph().parse(data=body.decode("utf-8"), format="turtle")
    dataset = ID["dataset"]
    served = Graph().parse(data=fetch(server + "/dumps/councilgraph.ttl")[2].decode("utf-8"), format="turtle")
    assert void.value(dataset, VOID.triples).toPython() == len(served)
    assert void.value(dataset, VOID.sparqlEndpoint) == URIRef(server + "/sparql")
    assert void.value(dataset, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert ID["source/cc-action-plans-2012"] in set(void.objects(dataset, DCTERMS.source))
    assert (dataset, VOID.exampleResource, ID["council/alpha"]) in void  # the first principal council by IRI
    dumps = {str(d) for d in void.objects(dataset, VOID.dataDump)}
    assert dumps == {
        f"{server}/dumps/{name}"
        for name in (
            "councilgraph.jsonld",
            "councilgraph.nt",
            "councilgraph.trig",
            "councilgraph.ttl",
            "metrics.ttl",
            "void.ttl",
        )  # the RDF files `build` writes (the GraphML, GEXF and CSV downloads are not served yet)
    }
    assert all(fetch(url)[0] == 200 for url in dumps)
    html = fetch(server + "/dataset")[2].decode("utf-8")
    assert "Creative Councils Action Plans: Summary for Improvement Board" in html and "/dumps/councilgraph.nt" in html
    assert (dataset, RDF.type, VOID.Dataset) in Graph().parse(
        data=fetch(server + "/dataset.ttl")[2].decode(), format="turtle"
    )


def test_the_ontology_is_served_as_turtle(server):
    status, headers, body = fetch(server + "/ontology", accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert (CG.Council, RDF.type, OWL.Class) in Graph().parse(data=body.decode("utf-8"), format="turtle")


# --- the home page, class pages, the query page and the map ------------------------------------------


def _count(server: str, where: str) -> int:
    """A count from the endpoint: the expectation of a page's numbers."""
    body = sparql(server, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}", "text/csv")[2]
    return int(body.decode("utf-8").splitlines()[1])


def test_the_home_page_links_the_dataset_classes_query_page_and_map(server):
    status, _, body = fetch(server + "/")
    html = body.decode("utf-8")
    assert status == 200
    for link in ("/dataset", "/query", "/map", "/sparql", "/class/Council", "/class/Organisation"):
        assert f'<a href="{link}">' in html, link
    councils = _count(server, "?x a cg:Council")
    assert f'<a href="/class/Council">cg:Council</a></td><td>{councils}</td>' in html


def test_class_pages_count_and_list_their_entities(server):
    html = fetch(server + "/class/Council")[2].decode("utf-8")
    councils = _count(server, "?x a cg:Council")
    assert f"<p>{councils} entities.</p>" in html and html.count("<li><a href=") == councils
    assert '<li><a href="/id/council/wigan">Wigan Metropolitan Borough Council</a></li>' in html
    entity = fetch(server + "/id/council/wigan")[2].decode("utf-8")  # the types link their class pages
    assert '<a href="/class/Council"><code>cg:Council</code></a>' in entity
    hostile = fetch(server + "/class/Organisation")[2].decode("utf-8")
    assert HOSTILE_LABEL not in hostile and ">&lt;img src=x onerror=alert(1)&gt;</a>" in hostile
    assert fetch(server + "/class/Council?page=2")[0] == 404  # one page only
    assert fetch(server + "/class/Council?page=two")[0] == 400
    assert fetch(server + "/class/Nothing")[0] == 404


def test_class_pages_page_through_their_entities(built_mini, monkeypatch):
    from graph.query.project_store import open_facts
    from graph.serve import classes
    from graph.serve.dataset import summarise

    facts = open_facts(Paths(built_mini))
    monkeypatch.setattr(classes, "PAGE_SIZE", 2)
    listed = summarise(facts).classes
    total = next(count for name, _, count in listed if name == "cg:Evidence")
    pages = [classes.class_page(facts, listed, "Evidence", n) for n in range(1, -(-total // 2) + 1)]
    assert all(p is not None and p.count == total and p.pages == len(pages) for p in pages)
    members = [m for p in pages for m in p.members]  # type: ignore[union-attr]
    assert len(members) == len({m for m, _ in members}) == total
    assert members == sorted(members, key=lambda m: (m[1].casefold(), m[0]))
    assert classes.class_page(facts, listed, "Evidence", len(pages) + 1) is None


def test_the_query_page_lists_the_named_queries_with_their_parameters(server):
    from graph.query.library import library

    html = fetch(server + "/query")[2].decode("utf-8")
    for name in library():
        assert f'<a href="/query?name={name}">{name}</a>' in html
    assert "<textarea" in html and 'action="/query"' in html
    form = fetch(server + "/query?name=ccin-members-2020")[2].decode("utf-8")  # a choice, not yet run
    assert '<select id="param-tier" name="tier">' in form and '<option value="Associate">' in form
    assert 'id="answer"' not in form
    optional = fetch(server + "/query?name=case-studies")[2].decode("utf-8")
    assert '<span class="optional">(optional)</span>' in optional
    assert '<input type="text" id="param-subject" name="subject" value="" size="40">' in optional


def test_a_named_query_runs_from_its_url_with_links_and_downloads(server):
    url = "/query?" + urllib.parse.urlencode({"name": "initiatives-of-council", "council": "Wigan"})
    status, _, body = fetch(server + url)
    html = body.decode("utf-8")
    assert status == 200 and f'<a id="share" href="{url.replace("&", "&amp;")}">' in html
    assert '<a href="/id/initiative/wigan-community-credits">initiative:wigan-community-credits</a>' in html
    assert f"<td>{CREDITS}</td>" in html
    assert '<input type="text" id="param-council" name="council" value="Wigan" required size="40">' in html
    status, headers, body = fetch(server + url + "&format=csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert [(r["initiative"], r["name"]) for r in rows] == [(str(ID["initiative/wigan-community-credits"]), CREDITS)]
    data = json.loads(fetch(server + url + "&format=json")[2])
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == [CREDITS]


def test_free_sparql_on_the_query_page(server):
    url = "/query?" + urllib.parse.urlencode({"query": PLACES})
    html = fetch(server + url)[2].decode("utf-8")
    assert f'<td><a href="/id/place/{PLACE.lower()}">place:{PLACE.lower()}</a></td><td>{PLACE}</td>' in html
    assert '<span id="count">1</span> rows' in html
    hostile = "SELECT ?name WHERE { organisation:hostile rdfs:label ?name }"
    html = fetch(server + "/query?" + urllib.parse.urlencode({"query": hostile}))[2].decode("utf-8")
    assert HOSTILE_LABEL not in html and "<td>&lt;img src=x onerror=alert(1)&gt;</td>" in html


def test_the_query_page_keeps_the_endpoints_guards(server):
    status, _, body = fetch(server + "/query?" + urllib.parse.urlencode({"query": RUNAWAY}))
    assert status == 503 and f"did not finish within {TIMEOUT} seconds" in body.decode("utf-8")
    service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    assert fetch(server + "/query?" + urllib.parse.urlencode({"query": service}))[0] == 400
    status, _, body = fetch(server + "/query?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
    assert status == 200 and f'<span id="count">{MAX_ROWS}</span> rows (cut at {MAX_ROWS}' in body.decode("utf-8")
    assert fetch(server + "/query?name=initiatives-of-council&council=Wigan&colour=red")[0] == 400
    assert fetch(server + "/query?name=no-such-query")[0] == 404
    status, _, body = fetch(server + "/query?name=initiatives-of-council&council=Nowhere+Town")
    assert status == 400 and "Nowhere Town" in body.decode("utf-8")
    with concurrent.futures.ThreadPoolExecutor(MAX_QUERIES + 1) as pool:
        urls = [server + "/query?" + urllib.parse.urlencode({"query": RUNAWAY + " LIMIT " + str(i)}) for i in range(3)]
        statuses = sorted(s for s, _, _ in pool.map(fetch, urls))
    assert statuses == [429] + [503] * MAX_QUERIES


def test_the_map_draws_every_council_with_a_position(server):
    html = fetch(server + "/map")[2].decode("utf-8")
    placed = _count(server, "?x a cg:Council ; schema:latitude ?lat ; schema:longitude ?lon")
    assert placed >= 1 and html.count("<circle ") == placed
    assert '<a href="/id/council/wigan"><circle ' in html
    assert "<title>Wigan Metropolitan Borough Council (" in html
    nations = fetch(server + "/map?colour=nation")[2].decode("utf-8")
    assert "<title>Wigan Metropolitan Borough Council (England)</title>" in nations
    assert "England (" in nations.split('id="legend"')[1]
    assert fetch(server + "/map?colour=rainbow")[0] == 400


def test_the_map_projection_keeps_the_uk_in_the_box():
    from graph.serve.councilmap import WIDTH, Box, fitted

    box = Box()
    west_cornwall, thurso, lowestoft = box.project(50.07, -5.7), box.project(58.59, -3.52), box.project(52.48, 1.75)
    for x, y in (west_cornwall, thurso, lowestoft):
        assert 0 <= x <= WIDTH and 0 <= y <= box.height
    assert thurso[1] < lowestoft[1] < west_cornwall[1]  # north is up
    assert west_cornwall[0] < thurso[0] < lowestoft[0]  # east is right
    lerwick = (60.15, -1.15)  # north of the box: the box grows to take it in
    x, y = fitted([lerwick]).project(*lerwick)
    assert 0 <= x <= WIDTH and 0 < y and fitted([]) == box


def test_pages_and_answers_are_served_again_from_the_cache(server):
    url = server + "/query?" + urllib.parse.urlencode({"query": PLACES + " # cached"})
    first, again = fetch(url)[2], fetch(url)[2]
    assert first == again
    assert fetch(server + "/id/council/wigan")[2] == fetch(server + "/id/council/wigan")[2]


def test_the_cache_is_bounded_by_entries_and_bytes():
    from graph.serve.cache import AnswerCache, Cached, CacheSettings

    cache = AnswerCache(CacheSettings(max_entries=3, max_bytes=800))
    for key in "abc":
        cache.put(key, Cached(b"x" * 50, "text/plain"))
    assert cache.get("a") is not None  # a is now the most recently used
    cache.put("d", Cached(b"x" * 50, "text/plain"))
    assert cache.get("b") is None and cache.size == (3, 150)
    cache.put("big", Cached(b"x" * 101, "text/plain"))  # over an eighth of the bytes: not kept
    assert cache.get("big") is None
    for key in "efghijklmnop":
        cache.put(key, Cached(b"x" * 100, "text/plain"))
    entries, size = cache.size
    assert entries <= 3 and size <= 800
    made = []
    assert cache.through("q", lambda: made.append(1) or Cached(b"1", "t")).body == b"1"
    assert cache.through("q", lambda: made.append(1) or Cached(b"2", "t")).body == b"1" and made == [1]
    off = AnswerCache(CacheSettings(max_entries=0))
    off.put("a", Cached(b"x", "t"))
    assert off.get("a") is None


def test_no_named_query_parameter_takes_a_query_page_argument():
    from graph.query.library import library
    from graph.serve.querypage import RESERVED

    assert not [(q.name, p.name) for q in library().values() for p in q.params if p.name in RESERVED]


# --- the helpers on their own (no server) ------------------------------------------------------------

OFFERS = list(ENTITY_FORMATS.values())


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("application/json", "jsonld"),
        ("text/*;q=0.3, application/n-triples;q=0.2", "html"),
        ("text/html;q=0, */*;q=0.1", "ttl"),
        ("TEXT/TURTLE ; charset=utf-8", "ttl"),
        ("application/ld+json;q=bad, text/turtle;q=0.1", "ttl"),
        ("", "html"),
    ],
)
def test_choose(accept, expected):
    assert choose(accept, OFFERS).name == expected


def test_choose_refuses_what_nothing_matches():
    for accept in ("application/pdf", "text/html;q=0, application/*;q=0"):
        with pytest.raises(NotAcceptable):
            choose(accept, OFFERS)


def test_suffixes_and_format_arguments():
    assert split_suffix("/id/council/wigan.ttl", ENTITY_FORMATS) == ("/id/council/wigan", ENTITY_FORMATS["ttl"])
    assert split_suffix("/id/council/st.helens", ENTITY_FORMATS) == ("/id/council/st.helens", None)
    assert requested_format("JSONLD", None, ENTITY_FORMATS) == ENTITY_FORMATS["jsonld"]
    assert requested_format(None, None, ENTITY_FORMATS) is None
    with pytest.raises(CouncilGraphError):
        requested_format("nt", ENTITY_FORMATS["ttl"], ENTITY_FORMATS)


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX s: <urn:select#>\n# SELECT in a comment\nDELETE WHERE { ?s ?p ?o }",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "load <http://example.org/data.ttl>",
    ],
)
def test_updates_are_told_apart_from_queries(text):
    with pytest.raises(EndpointError) as caught:
        refuse_updates(text)
    assert caught.value.status == 400


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?insert WHERE { ?insert <urn:delete> "INSERT DATA" }',
        "ASK { ?s <urn:load> ?o }",
        "CONSTRUCT WHERE { ?s ?p ?o }",
    ],
)
def test_queries_are_not_taken_for_updates(text):
    refuse_updates(text)
    assert query_text("GET", [("query", text)], None, b"") == text


def test_protocol_requests_that_are_refused():
    cases = [
        (("GET", [], None, b""), 400),
        (("GET", [("query", "ASK {}"), ("query", "ASK {}")], None, b""), 400),
        (("GET", [("query", "ASK {}"), ("default-graph-uri", "urn:g")], None, b""), 400),
        (("POST", [], "application/json", b"{}"), 415),
        (("POST", [], "application/x-www-form-urlencoded", b"\xff"), 400),
    ]
    for args, status in cases:
        with pytest.raises(EndpointError) as caught:
            query_text(*args)
        assert caught.value.status == status


def test_results_xml_escapes_values():
    result = QueryResult(
        "SELECT", ["x", "y"], [(URIRef("urn:a&b"), Literal('<b>"hi"</b>', lang="en")), (Literal(3), None)]
    )
    document = ET.fromstring(render_xml(result))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    bindings = [[b.attrib["name"], b[0].tag.removeprefix(ns), b[0].text] for b in document.iter(ns + "binding")]
    assert bindings == [["x", "uri", "urn:a&b"], ["y", "literal", '<b>"hi"</b>'], ["x", "literal", "3"]]
    assert ET.fromstring(render_xml(QueryResult("ASK", boolean=False))).find(ns + "boolean").text == "false"
