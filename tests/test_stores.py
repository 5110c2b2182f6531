"""The stores, for real: rdflib in memory, Oxigraph embedded (in a folder, and in memory), an Oxigraph server.

The fixture starts the `oxigraph` server (from the test extra) on a free port of 127.0.0.1 with its
data in a temporary folder, `councilgraph publish` loads the graph into it, and the whole named-query
suite runs through every store with byte-identical answers. The server is stopped afterwards.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from cli import cli
from graph.ingest.dataset import PROJECT_ROOT, Paths
from graph.query.library import library
from graph.query.names import NameIndex
from graph.query.stores import EndpointStore, OxigraphStore, RdflibStore, graph_files, load_graph, open_store
from tests.conftest import PARAMS


def oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server binary is missing: install the test extra (pip install -e '.[test]')")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An Oxigraph SPARQL server on 127.0.0.1, holding the published graph; stopped at the end."""
    data = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    log = open(data.parent / f"oxigraph-{port}.log", "w+")
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}", "--timeout-s", "20"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"the Oxigraph server did not start: {log.read()}")
                time.sleep(0.1)
        result = CliRunner().invoke(cli, ["publish", "--endpoint", f"{base}/store"])
        assert result.exit_code == 0, result.output
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("oxigraph-embedded") / "store"


def export_triples() -> int:
    """How many distinct triples exports/*.ttl hold, read with rdflib's own Turtle parser."""
    graph = Graph()
    for path in graph_files(Paths()):
        graph.parse(path, format="turtle")
    return len(graph)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_publish_reports_what_it_loaded(server):
    result = run("publish", "--endpoint", f"{server}/store")
    assert result.exit_code == 0
    assert result.output == (
        f"published {export_triples()} triples to the default graph at {server}/store "
        "(SPARQL 1.1 Graph Store Protocol (PUT))\n"
    )
    count = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--endpoint", f"{server}/query")
    assert count.output.splitlines()[1] == str(export_triples())


def query_everywhere(server: str, embedded: Path, name: str, fmt: str) -> dict[str, tuple[int, bytes]]:
    args = ["query", name, "--format", fmt]
    for key, value in PARAMS.get(name, {}).items():
        args += ["--param", f"{key}={value}"]
    answers = {}
    for store, extra in (
        ("rdflib", ["--store", "rdflib"]),
        ("memory", []),
        ("oxigraph", ["--store", f"oxigraph:{embedded}"]),
        ("server", ["--endpoint", f"{server}/query"]),
    ):
        result = CliRunner().invoke(cli, args + extra)
        assert result.exit_code in (0, 1), (store, result.output)
        answers[store] = (result.exit_code, result.stdout_bytes)
    return answers


@pytest.mark.parametrize("name", sorted(library()))
def test_every_named_query_gives_the_same_answer_in_every_store(server, embedded, name):
    fmt = "ntriples" if name == "relations-graph" else "json"
    answers = query_everywhere(server, embedded, name, fmt)
    # rdflib's engine is the reference the Oxigraph engines (embedded, in memory, a server) are held to
    assert answers["memory"] == answers["rdflib"]
    assert answers["oxigraph"] == answers["rdflib"]
    assert answers["server"] == answers["rdflib"]
    assert answers["rdflib"][1].strip()


def test_csv_is_identical_in_every_store_too(server, embedded):
    answers = query_everywhere(server, embedded, "partners-of-ccin-members-2020", "csv")
    assert answers["rdflib"][1].count(b"\r\n") == 53
    assert answers["oxigraph"] == answers["memory"] == answers["server"] == answers["rdflib"]


def test_parameters_outside_the_projection_bind_in_every_store(server, embedded, tmp_path):
    # Oxigraph substitutes only projected variables; other parameters are sent as a VALUES block
    path = tmp_path / "q.rq"
    path.write_text(
        "# param: council (entity) a council\n"
        "SELECT ?name WHERE { ?council cg:leads ?i . ?i rdfs:label ?name } ORDER BY ?name\n"
    )
    outputs = {
        run("query", "-f", path, "--param", "council=Stoke-on-Trent", *extra).output
        for extra in ([], ["--store", f"oxigraph:{embedded}"], ["--store", "rdflib"], ["--endpoint", f"{server}/query"])
    }
    assert outputs == {"name\nGreat Working City\n"}


def test_publish_with_sparql_update_into_a_named_graph(server):
    graph = "urn:example:councilgraph"
    result = run("publish", "--endpoint", f"{server}/update", "--protocol", "update", "--graph", graph)
    assert result.output == (
        f"published {export_triples()} triples to graph <{graph}> at {server}/update "
        "(SPARQL 1.1 Update (DROP, INSERT DATA))\n"
    )
    in_graph = run(
        "query", "ccin-members-per-tier", "--format", "json", "--endpoint", f"{server}/query", "--graph", graph
    )
    assert in_graph.output == run("query", "ccin-members-per-tier", "--format", "json").output
    elsewhere = run("query", "ASK { ?s ?p ?o }", "--endpoint", f"{server}/query", "--graph", "urn:example:empty")
    assert (elsewhere.exit_code, elsewhere.output) == (1, "false\n")


def test_endpoint_timeout_is_one_line(server):
    result = run(
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "--endpoint",
        f"{server}/query",
        "--timeout",
        "1",
    )
    assert result.exit_code == 2
    assert result.output == (
        f"Error: the query on the SPARQL endpoint {server}/query did not finish within 1 second "
        "and was stopped; narrow it (more specific patterns, a LIMIT) or allow more time with "
        "--timeout SECONDS\n"
    )


def test_unreachable_endpoints_are_one_line():
    url = f"http://127.0.0.1:{free_port()}"
    result = run("query", "ccin-members-per-tier", "--endpoint", f"{url}/query")
    assert (result.exit_code, result.output) == (
        2,
        f"Error: cannot reach the SPARQL endpoint {url}/query: Connection refused; is the server running and "
        "the URL right?\n",
    )
    result = run("publish", "--endpoint", f"{url}/store")
    assert (result.exit_code, result.output) == (
        2,
        f"Error: cannot reach the SPARQL endpoint {url}/store?default: Connection refused; is the server "
        "running and the URL right?\n",
    )


def test_an_endpoint_that_refuses_is_one_line(server):
    result = run("query", "ASK { ?s ?p ?o }", "--endpoint", f"{server}/nowhere")
    assert (result.exit_code, result.output) == (
        2,
        f"Error: {server}/nowhere answered HTTP 404 Not Found: POST /nowhere is not supported by this server\n",
    )


def test_bad_store_specs():
    assert run("query", "ASK {}", "--store", "sqlite:x").output == (
        "Error: unknown store 'sqlite:x': use 'project' (the default: the project's persistent store), 'memory' "
        "(Oxigraph in memory), 'rdflib' (rdflib's store and engine) or 'oxigraph:PATH' (a folder), or --endpoint URL "
        "for a SPARQL server\n"
    )
    assert run("query", "ASK {}", "--store", "oxigraph").output == (
        "Error: unknown store 'oxigraph' ('oxigraph' needs a folder; Oxigraph in memory is 'memory'): "
        "use 'project' (the default: the project's persistent store), 'memory' (Oxigraph in memory), 'rdflib' "
        "(rdflib's store and engine) or 'oxigraph:PATH' (a folder), or --endpoint URL for a SPARQL server\n"
    )
    assert run("query", "ASK {}", "--endpoint", "ftp://x").output == (
        "Error: 'ftp://x' is not an http(s) URL of a SPARQL endpoint, e.g. http://127.0.0.1:7878/query\n"
    )
    assert run("query", "ASK {}", "--graph", "urn:x").output == (
        "Error: --graph applies to a SPARQL endpoint (--endpoint URL) only\n"
    )
    assert run("publish").exit_code == 2


def test_names_resolve_the_same_from_a_store_as_from_the_graph(server):
    # parameters resolve through the names each store answers NameIndex.QUERY with: the index built
    # from them must hold every name the index of the whole rdflib graph holds (if NameIndex learns to
    # read another property, this fails until its QUERY fetches it too)
    full = NameIndex(load_graph(graph_files(Paths())))
    assert len(full._index) > 1000
    for store in (EndpointStore(f"{server}/query"), open_store(Paths()), open_store(Paths(), "rdflib")):
        index = store.name_index()
        index.everything()  # the project store's index reads names on demand: have them all, then compare
        assert index.labels == full.labels, store.description
        assert index._index == full._index, store.description


# --- the embedded store ----------------------------------------------------------------------------------


def copy_exports(root: Path) -> Paths:
    (root / "exports").mkdir(parents=True)
    for path in graph_files(Paths()):
        shutil.copy(path, root / "exports" / path.name)
    return Paths(root)


def test_embedded_store_loads_once_and_reloads_when_the_exports_change(tmp_path):
    paths = copy_exports(tmp_path / "project")
    location = tmp_path / "store"
    store = OxigraphStore(location, graph_files(paths))
    assert store.loaded
    store.close()
    del store
    store = OxigraphStore(location, graph_files(paths))
    assert not store.loaded
    store.close()
    del store
    (paths.exports / "extra.ttl").write_text('<urn:x:a> <urn:x:b> "added" .\n')
    result = run(
        "query",
        "--root",
        paths.root,
        "--store",
        f"oxigraph:{location}",
        "SELECT ?o WHERE { <urn:x:a> <urn:x:b> ?o }",
        "--format",
        "tsv",
    )
    assert result.output == '?o\n"added"\n'
    memory = run("query", "--root", paths.root, "SELECT ?o WHERE { <urn:x:a> <urn:x:b> ?o }", "--format", "tsv")
    assert memory.output == '?o\n"added"\n'


@pytest.mark.slow
def test_publish_reloads_the_embedded_store(tmp_path):
    result = run("publish", "--store", f"oxigraph:{tmp_path / 'store'}")
    assert result.output == f"loaded {export_triples()} triples into the Oxigraph store in {tmp_path / 'store'}\n"


def test_a_store_in_use_can_be_read_but_not_reloaded(tmp_path):
    import pyoxigraph as ox

    location = tmp_path / "store"
    OxigraphStore(location, graph_files(Paths())).close()
    holder = ox.Store(str(location))  # another writer holds the folder's lock
    try:
        # up to date: queries read it read-only, beside the writer
        result = run("query", "ASK { ?s a cg:Council }", "--store", f"oxigraph:{location}")
        assert (result.exit_code, result.output) == (0, "true\n")
        # out of date: reloading needs the lock, and says so in one line
        (location / OxigraphStore.STAMP).unlink()
        result = run("query", "ASK { ?s ?p ?o }", "--store", f"oxigraph:{location}")
        assert result.exit_code == 2
        assert result.output.startswith(f"Error: cannot open the Oxigraph store in {location}: ")
        assert result.output.endswith("(is another process using it?)\n") and result.output.count("\n") == 1
    finally:
        del holder


def test_a_file_is_not_a_store(tmp_path):
    (tmp_path / "file").write_text("x")
    result = run("query", "ASK {}", "--store", f"oxigraph:{tmp_path / 'file'}")
    assert result.output == (
        f"Error: --store oxigraph:{tmp_path / 'file'}: that is a file; give a folder (it is created if missing)\n"
    )


@pytest.mark.slow
def test_embedded_store_timeout_is_one_line(tmp_path):
    # the real command in its own process: the query runs in a child that is killed at the deadline
    location = tmp_path / "store"
    OxigraphStore(location, graph_files(Paths())).close()
    out = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "cli.py"),
            "query",
            "--store",
            f"oxigraph:{location}",
            "--timeout",
            "1",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr == (
        f"Error: the query on the Oxigraph store in {location} did not finish within 1 second and "
        "was stopped; narrow it (more specific patterns, a LIMIT) or allow more time with "
        "--timeout SECONDS\n"
    )


def test_prefixed_names_are_what_rdflib_writes():
    # an entity is found by its prefixed IRI (council:wigan); stores other than rdflib's write it
    # with prefixed_name, which must agree with rdflib's namespace manager on every IRI in the graph
    from rdflib import URIRef

    from graph.model.namespaces import prefixed_name

    graph = load_graph(graph_files(Paths()))
    iris = {term for triple in graph for term in triple if isinstance(term, URIRef)}
    council = "https://w3id.org/councilgraph/id/council/"
    iris |= {URIRef("urn:x:y")} | {
        URIRef(council + local)
        for local in (
            "",
            "a.b.",
            "9x",
            "1.5",
            "-x",
            ".x",
            "_x",
            "a%20b",
            "%41",
            "a(b)",
            "(x)",
            "é",
            "a\u00b7b",
            "a#b",
            "a:b",
        )
    }
    assert len(iris) > 1000
    for iri in iris:
        assert prefixed_name(str(iri)) == graph.namespace_manager.normalizeUri(iri), iri


def test_rdflib_store_answers_from_a_graph_it_is_given(kg):
    # the library interface: a store from any rdflib graph, e.g. a freshly built one
    from graph.query.library import inline_query
    from graph.query.stores import run_query

    result = run_query(
        RdflibStore(graph=kg), inline_query('SELECT ?n WHERE { ?c cg:gssCode "E08000010" ; rdfs:label ?n }')
    )
    assert [str(row[0]) for row in result.rows] == ["Wigan Metropolitan Borough Council"]


def test_in_memory_stores_are_reused_while_the_exports_are_unchanged(tmp_path):
    paths = copy_exports(tmp_path / "project")
    for kind in ("memory", "rdflib"):
        first = open_store(paths, kind)
        assert open_store(paths, kind) is first
        (paths.exports / f"extra-{kind}.ttl").write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n")
        assert open_store(paths, kind) is not first


@pytest.mark.slow
def test_several_processes_read_one_store_at_once(tmp_path):
    location = tmp_path / "store"
    OxigraphStore(location, graph_files(Paths())).close()
    command = [
        sys.executable,
        str(PROJECT_ROOT / "cli.py"),
        "query",
        "ccin-members-per-tier",
        "--store",
        f"oxigraph:{location}",
        "--format",
        "csv",
    ]
    readers = [
        subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)
    ]
    answers = [reader.communicate(timeout=120) + (reader.returncode,) for reader in readers]
    assert [code for _, _, code in answers] == [0, 0, 0, 0], [err for _, err, _ in answers]
    assert len({out for out, _, _ in answers}) == 1
