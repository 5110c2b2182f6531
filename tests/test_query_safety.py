"""Hostile and careless queries: no outbound requests, no crash, bounded memory and time, clear errors.

Every test here failed on the code before the hardening of issue #12: SERVICE reached a local server,
deep nesting killed the process with SIGSEGV, a cross product sorted in memory grew without bound,
COUNT(*) was read as SELECT *, and literal parameters matched only in their exact case.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from graph.errors import QueryError, QueryTimeout, StoreError
from graph.paths import Paths
from graph.query.guard import QueryLimits, QueryTooLarge, ServiceRefused
from graph.query.library import inline_query
from graph.query.outline import read_outline
from graph.query.stores import open_store, run_query

ROOT = Path(__file__).resolve().parent.parent
CROSS_PRODUCT_SORTED = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def run_process(*args, timeout=120):
    """The real command in its own process: a segfault there is an exit status, not a dead test run."""
    return subprocess.run(
        [sys.executable, "-c", "from cli import main; main()", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def listener():
    """A SPARQL-looking HTTP server on 127.0.0.1 that counts the requests it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            hits.append(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            body = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def local_stores(tmp_path):
    return [[], ["--store", "rdflib"], ["--store", f"oxigraph:{tmp_path / 'store'}"]]


# --- no outbound requests ---------------------------------------------------------------------------


@pytest.mark.parametrize("service", ["SERVICE", "SERVICE SILENT", "service", "SERV\\u0049CE"])
def test_service_is_refused_on_every_local_store(listener, tmp_path, service):
    url, hits = listener
    for store in local_stores(tmp_path):
        result = run("query", f"SELECT * WHERE {{ {service} <{url}/sparql> {{ ?s ?p ?o }} }}", *store)
        assert result.exit_code == 2, (store, result.output)
        assert "asks another server for data (SERVICE, line 1)" in result.output
        assert "--allow-service" in result.output
    assert hits == []


def test_service_in_a_named_query_file_is_refused_too(listener, tmp_path):
    url, hits = listener
    path = tmp_path / "shared.rq"
    path.write_text(f"# question: harmless?\nSELECT * WHERE {{\n  ?s ?p ?o .\n  SERVICE <{url}/x> {{ ?s ?p ?o }}\n}}\n")
    result = run("query", "-f", path)
    assert (result.exit_code, "SERVICE, line 4" in result.output) == (2, True)
    assert hits == []


def test_allow_service_lets_the_query_reach_out(listener):
    url, hits = listener
    result = run(
        "query", f"SELECT ?s WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", "--allow-service", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    assert hits, "the opted-in SERVICE call never reached the server"


def test_the_word_service_in_a_string_or_name_is_not_a_service_call():
    result = run("query", 'SELECT ?x WHERE { BIND("SERVICE <http://x>" AS ?x) }', "--format", "csv")
    assert (result.exit_code, result.output.splitlines()) == (0, ["x", "SERVICE <http://x>"])
    result = run("query", "SELECT ?service WHERE { VALUES ?service { cg:SERVICE } }", "--format", "csv")
    assert result.exit_code == 0, result.output
    # a prefixed name may end in "-service" (ccin-case-studies-2020: Southampton's "Co-operative education
    # catering service"); glued to a triple's full stop, SERVICE is still a call
    result = run("query", "SELECT ?n WHERE { initiative:plymouth-education-catering-service rdfs:label ?n }")
    assert result.exit_code == 0, result.output
    result = run("query", "SELECT * WHERE { ?s ?p ?o .SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }")
    assert result.exit_code == 2 and "SERVICE" in result.output


def test_rdflib_does_not_fetch_from_clauses(listener):
    url, hits = listener
    result = run("query", f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }} LIMIT 1", "--store", "rdflib")
    assert result.exit_code in (0, 2), result.output
    assert hits == []


# --- no crash ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, complaint",
    [
        ("SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000, "nests groups and brackets 5000 deep"),
        ("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 10_000 + "?o" + ")" * 10_000 + ") }", "10002 deep"),
        ("SELECT * WHERE { ?s ?p ?o " + "FILTER(?o) " * 60_000 + "}", "60,000 clauses"),
        ("SELECT * WHERE { ?s ?p ?o FILTER(" + " && ".join(["?o"] * 10_000) + ") }", "9,999 operators"),
    ],
)
@pytest.mark.slow
def test_deep_or_long_queries_get_a_clear_error_not_a_segfault(tmp_path, text, complaint):
    path = tmp_path / "hostile.rq"
    path.write_text(text)
    for store in ([], ["--store", f"oxigraph:{tmp_path / 'store'}"], ["--store", "rdflib"]):
        result = run_process("query", "-f", path, *store)
        assert result.returncode == 2, (store, result.returncode, result.stderr[-500:])
        assert complaint in result.stderr and "Traceback" not in result.stderr


def test_an_overlong_query_is_refused_before_it_is_read():
    with pytest.raises(QueryTooLarge, match="characters long; the limit is 1,000"):
        run_query(
            open_store(Paths(), "memory"),
            inline_query("SELECT * WHERE { ?s ?p ?o }" + " " * 2000),
            {},
            10,
            QueryLimits(max_chars=1000),
        )


def test_a_crash_the_guard_misses_is_reported_and_survived():
    # limits off: the engine itself overflows its stack, in the query's own process
    hostile = inline_query("SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000)
    with pytest.raises(QueryError, match=r"the query engine crashed on the query on the in-memory store \(SIGSEGV\)"):
        run_query(open_store(Paths(), "memory"), hostile, {}, 60, QueryLimits(max_depth=0, max_clauses=0))
    answer = run_query(open_store(Paths(), "memory"), inline_query("ASK { ?s a cg:Council }"), {}, 60)
    assert answer.boolean is True


def test_nesting_within_the_limit_still_runs_on_every_store(tmp_path):
    text = "SELECT ?s WHERE " + "{ " * 60 + '?s cg:gssCode "E08000010"' + " }" * 60
    for store in local_stores(tmp_path):
        result = run("query", text, "--format", "csv", *store)
        assert (result.exit_code, result.output.splitlines()) == (
            0,
            ["s", "https://w3id.org/councilgraph/id/council/wigan"],
        ), (store, result.output)


# --- bounded memory and time -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("store", ["memory", "rdflib"])
def test_a_query_that_needs_too_much_memory_is_stopped_with_a_clear_error(store):
    result = run_process("query", CROSS_PRODUCT_SORTED, "--store", store, "--memory-limit", "300", "--timeout", "90")
    assert result.returncode == 2, result.stderr[-500:]
    assert "needed more than 300 MB of memory and was stopped" in result.stderr
    assert "--memory-limit MB" in result.stderr


def _children() -> set[str]:
    found = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found |= set((task / "children").read_text().split())
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to see child processes")
def test_a_timeout_really_stops_the_query():
    before = _children()
    with pytest.raises(QueryTimeout, match="did not finish within 1 second and was stopped"):
        run_query(open_store(Paths(), "memory"), inline_query(CROSS_PRODUCT_SORTED), {}, 1)
    assert _children() - before == set(), "the query's process is still running after the timeout"


# --- reading queries right ---------------------------------------------------------------------------


def test_count_star_is_not_select_star():
    form, _, variables, projection = read_outline("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert (form, projection, variables) == ("SELECT", {"n"}, {"n", "s", "p", "o"})
    assert read_outline("SELECT * WHERE { ?s ?p ?o }")[3] == {"s", "p", "o"}


def test_a_counting_query_with_a_parameter_answers_alike_on_every_store(tmp_path):
    # counting what Wigan leads must agree with listing it, on every store (the default store failed)
    counting, listing = tmp_path / "count.rq", tmp_path / "list.rq"
    counting.write_text(
        "# param: council (entity) the council\nSELECT (COUNT(*) AS ?n) WHERE { ?council cg:leads ?i }\n"
    )
    listing.write_text("# param: council (entity) the council\nSELECT ?i WHERE { ?council cg:leads ?i }\n")
    answers = set()
    for store in local_stores(tmp_path):
        counted = run("query", "-f", counting, "--param", "council=Wigan", "--format", "csv", *store)
        listed = run("query", "-f", listing, "--param", "council=Wigan", "--format", "csv", *store)
        assert counted.exit_code == listed.exit_code == 0, (store, counted.output, listed.output)
        rows = len(listed.output.splitlines()) - 1
        assert counted.output.splitlines() == ["n", str(rows)] and rows > 0, store
        answers.add(counted.output)
    assert len(answers) == 1


# --- parameters that say what they take ----------------------------------------------------------------


def test_literal_choices_match_ignoring_case():
    # "29 Full Councils" (Co-operative Case Studies 2020)
    exact = run("query", "ccin-members-2020", "--param", "tier=Full", "--format", "csv")
    loose = run("query", "ccin-members-2020", "--param", "tier= full ", "--format", "csv")
    assert exact.exit_code == loose.exit_code == 0
    assert exact.output == loose.output and len(exact.output.splitlines()) == 1 + 29
    scotland = run("query", "initiatives-in-nation", "--param", "nation=scotland", "--format", "csv")
    assert scotland.exit_code == 0 and "Glasgow City Council" in scotland.output


def test_a_literal_outside_the_choices_is_an_error_naming_them():
    result = run("query", "ccin-members-2020", "--param", "tier=gold")
    assert (result.exit_code, result.output) == (
        2,
        "Error: --param tier='gold' is not one of Full, Associate, Affiliate\n",
    )


def test_no_rows_for_a_parameter_says_how_values_are_matched(tmp_path):
    path = tmp_path / "named.rq"
    path.write_text("# param: name (literal) a name, exactly\nSELECT ?c WHERE { ?c rdfs:label ?name }\n")
    result = run_process("query", "-f", path, "--param", "name=wigan", "--format", "csv")
    assert (result.returncode, result.stdout.splitlines()) == (0, ["c"])
    assert "note: no rows for name='wigan'" in result.stderr and "must match exactly" in result.stderr


def test_an_ill_typed_parameter_is_one_line_without_a_traceback(tmp_path):
    path = tmp_path / "typed.rq"
    path.write_text("# param: year (xsd:integer) a year\nSELECT ?year WHERE { BIND(?year AS ?y) }\n")
    result = run_process("query", "-f", path, "--param", "year=twenty")
    assert result.returncode == 2
    assert result.stderr == "Error: --param year='twenty' is not a valid xsd:integer (e.g. 2020)\n"


def test_library_function_refuses_service_unless_allowed():
    store = open_store(Paths(), "memory")
    with pytest.raises(ServiceRefused):
        run_query(store, inline_query("ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), {}, 10)


# --- where the stores differ (README: Stores) ----------------------------------------------------------


def test_group_concat_over_iris_is_the_one_known_difference_and_str_removes_it(tmp_path):
    # Oxigraph follows SPARQL 1.1 (GROUP_CONCAT concatenates strings; an IRI gives no text), rdflib
    # writes the IRI out. The README states the difference; STR() gives the same answer everywhere.
    raw = 'SELECT (GROUP_CONCAT(?c) AS ?all) WHERE { ?c cg:gssCode "E08000010" }'
    on_oxigraph = run("query", raw, "--format", "csv")
    on_rdflib = run("query", raw, "--format", "csv", "--store", "rdflib")
    assert on_oxigraph.output.splitlines() == ["all", '""']
    assert on_rdflib.output.splitlines() == ["all", "https://w3id.org/councilgraph/id/council/wigan"]
    portable = raw.replace("GROUP_CONCAT(?c)", "GROUP_CONCAT(STR(?c))")
    answers = {run("query", portable, "--format", "csv", *store).output for store in local_stores(tmp_path)}
    assert answers == {"all\nhttps://w3id.org/councilgraph/id/council/wigan\n"}


def test_an_endpoint_answer_over_the_size_limit_is_refused_not_read_whole():
    # a server that answers with more than a megabyte of results
    body = (
        b'{"head": {"vars": ["s"]}, "results": {"bindings": ['
        + b",".join([b'{"s": {"type": "literal", "value": "' + b"x" * 1000 + b'"}}'] * 1500)
        + b"]}}"
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/query"
    try:
        store = open_store(Paths(), endpoint=url)
        with pytest.raises(StoreError, match=f"the answer from {url} is larger than 1 MB"):
            run_query(store, inline_query("SELECT ?s WHERE { ?s ?p ?o }"), {}, 10, QueryLimits(result_mb=1))
        assert len(run_query(store, inline_query("SELECT ?s WHERE { ?s ?p ?o }"), {}, 10).rows) == 1500
    finally:
        server.shutdown()
        server.server_close()
