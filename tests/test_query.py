"""`councilgraph query` and `councilgraph queries`: formats, parameters, exit codes, and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from cli import cli
from graph.errors import QueryError
from graph.ingest.dataset import PROJECT_ROOT
from graph.query.library import inline_query, library
from graph.query.params import with_values
from graph.query.sparql import prepare

WIGAN = 'SELECT ?council ?name WHERE { ?council cg:gssCode "E08000010" ; rdfs:label ?name }'
WIGAN_IRI = "https://w3id.org/councilgraph/id/council/wigan"


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


# --- formats ---------------------------------------------------------------------------------------


def test_prefixes_are_predeclared_and_the_table_uses_them():
    result = run("query", WIGAN, "--format", "table")
    assert result.exit_code == 0
    assert result.output == (
        "council        name\n"
        "-------------  ----------------------------------\n"
        "council:wigan  Wigan Metropolitan Borough Council\n"
        "(1 row)\n"
    )


def test_csv_is_the_default_when_piped_and_follows_the_sparql_csv_format():
    result = run("query", WIGAN)
    assert result.exit_code == 0
    assert result.stdout_bytes == f"council,name\r\n{WIGAN_IRI},Wigan Metropolitan Borough Council\r\n".encode()


def test_tsv_writes_terms_in_sparql_syntax_on_one_line():
    query = 'SELECT ?x ?y ?z WHERE { BIND("tab\\there \\"quoted\\"\\nnext" AS ?x) BIND("Caerdydd"@cy AS ?y) BIND(42 AS ?z) }'
    result = run("query", query, "--format", "tsv")
    assert result.output == (
        '?x\t?y\t?z\n"tab\\there \\"quoted\\"\\nnext"\t"Caerdydd"@cy\t'
        '"42"^^<http://www.w3.org/2001/XMLSchema#integer>\n'
    )


def test_csv_quotes_what_needs_quoting():
    result = run("query", 'SELECT ?x ?y WHERE { BIND("a, \\"b\\"" AS ?x) }', "--format", "csv")
    assert result.stdout_bytes == b'x,y\r\n"a, ""b""",\r\n'


def test_json_is_the_sparql_results_json_format():
    result = run("query", WIGAN + " ", "--format", "json")
    assert json.loads(result.output) == {
        "head": {"vars": ["council", "name"]},
        "results": {
            "bindings": [
                {
                    "council": {"type": "uri", "value": WIGAN_IRI},
                    "name": {"type": "literal", "value": "Wigan Metropolitan Borough Council"},
                }
            ]
        },
    }
    typed = json.loads(
        run("query", 'SELECT ?n ?l WHERE { BIND(7 AS ?n) BIND("Caerdydd"@cy AS ?l) }', "--format", "json").output
    )
    assert typed["results"]["bindings"] == [
        {
            "n": {"type": "literal", "value": "7", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
            "l": {"type": "literal", "value": "Caerdydd", "xml:lang": "cy"},
        }
    ]


def test_markdown_table():
    result = run("query", WIGAN, "--format", "markdown")
    assert result.output == (
        "| council | name |\n| --- | --- |\n| council:wigan | Wigan Metropolitan Borough Council |\n"
    )


def test_ask_prints_true_or_false_and_sets_the_exit_code():
    yes = run("query", "ASK { council:wigan a cg:Council }")
    no = run("query", "ASK { council:wigan a cg:Network }")
    assert (yes.exit_code, yes.output) == (0, "true\n")
    assert (no.exit_code, no.output) == (1, "false\n")
    as_json = run("query", "ASK { council:wigan a cg:Network }", "--format", "json")
    assert (as_json.exit_code, json.loads(as_json.output)) == (1, {"head": {}, "boolean": False})


CONSTRUCT = 'CONSTRUCT { ?c rdfs:label ?name } WHERE { ?c cg:gssCode "E08000010" ; rdfs:label ?name }'


def test_construct_prints_turtle_by_default():
    result = run("query", CONSTRUCT)
    assert result.exit_code == 0
    assert result.output == (
        "PREFIX council: <https://w3id.org/councilgraph/id/council/>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\n"
        "council:wigan\n"
        '    rdfs:label "Wigan Metropolitan Borough Council" ;\n.\n'
    )


def test_construct_and_describe_as_ntriples_and_jsonld():
    line = f'<{WIGAN_IRI}> <http://www.w3.org/2000/01/rdf-schema#label> "Wigan Metropolitan Borough Council" .\n'
    assert run("query", CONSTRUCT, "--format", "ntriples").output == line
    document = json.loads(run("query", CONSTRUCT, "--format", "jsonld").output)
    assert document["@id"] == "council:wigan" and document["rdfs:label"] == "Wigan Metropolitan Borough Council"
    described = run("query", "DESCRIBE council:wigan", "--format", "ntriples")
    assert described.exit_code == 0
    assert (
        line in described.output
        and f'<{WIGAN_IRI}> <https://w3id.org/councilgraph/ontology#gssCode> "E08000010" .\n' in described.output
    )


def test_a_format_that_does_not_suit_the_query_form_is_refused():
    result = run("query", CONSTRUCT, "--format", "csv")
    assert result.exit_code == 2
    assert result.output == (
        "Error: --format csv does not suit a CONSTRUCT query, which gives a graph; "
        "use one of: turtle, ntriples, jsonld\n"
    )
    result = run("query", WIGAN, "--format", "turtle")
    assert result.output == (
        "Error: --format turtle does not suit a SELECT query, which gives rows; use one of: "
        "table, csv, tsv, json, markdown\n"
    )


# --- where the query comes from ----------------------------------------------------------------------


def test_query_from_a_file_with_a_declared_parameter(tmp_path):
    path = tmp_path / "leads.rq"
    path.write_text(
        "# question: What does a council lead?\n# param: council (entity) the council\n"
        "SELECT ?name WHERE { ?council cg:leads ?i . ?i rdfs:label ?name } ORDER BY ?name\n"
    )
    result = run("query", "-f", path, "--param", "council=Stoke", "--format", "tsv")
    assert result.exit_code == 0, result.output
    assert result.output == '?name\n"Great Working City"\n'


def test_query_from_standard_input():
    result = run("query", "-f", "-", "--format", "tsv", input=WIGAN)
    assert result.output == f'?council\t?name\n<{WIGAN_IRI}>\t"Wigan Metropolitan Borough Council"\n'


def test_typed_literal_parameters_are_checked(tmp_path):
    path = tmp_path / "typed.rq"
    path.write_text("# param: year (xsd:integer) a year\nSELECT ?year ?next WHERE { BIND(?year + 1 AS ?next) }\n")
    good = run("query", "-f", path, "--param", "year=2013", "--format", "csv")
    assert good.stdout_bytes == b"year,next\r\n2013,2014\r\n"
    bad = run("query", "-f", path, "--param", "year=twenty")
    assert (bad.exit_code, bad.output) == (2, "Error: --param year='twenty' is not a valid xsd:integer (e.g. 2020)\n")


def test_literal_parameters_are_bound_not_pasted(tmp_path):
    # a value that would break the query if it were pasted into the text is just a string
    path = tmp_path / "echo.rq"
    path.write_text("# param: text (literal) anything\nSELECT ?text ?n WHERE { BIND(STRLEN(?text) AS ?n) }\n")
    nasty = '" } ; DROP ALL ; SELECT * { "'
    result = run("query", "-f", path, "--param", f"text={nasty}", "--format", "json")
    rows = json.loads(result.output)["results"]["bindings"]
    assert rows == [
        {
            "text": {"type": "literal", "value": nasty},
            "n": {"type": "literal", "value": str(len(nasty)), "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
        }
    ]


def test_give_exactly_one_query():
    neither = run("query")
    both = run("query", WIGAN, "-f", "-")
    assert neither.exit_code == both.exit_code == 2
    assert "give a query, a query's name, or -f FILE (one of them)" in neither.output
    assert "give a query, a query's name, or -f FILE (one of them)" in both.output


# --- errors: one line (plus the offending line for syntax), exit code 2 -----------------------------------


def test_syntax_error_names_line_and_column_and_shows_the_line():
    query = 'SELECT ?name\nWHERE {\n  ?c cg:gssCode "E08000010" ;\n     rdfs:label ?name\n  FILTER(\n}\n'
    result = run("query", query)
    assert result.exit_code == 2
    assert result.output == (
        "Error: syntax error in the query at line 5, column 3: cannot read the query from "
        "'FILTER' on\n    FILTER(\n    ^\n"
    )


def test_misspelt_keyword_and_unfinished_query():
    misspelt = run("query", "SELEC ?c WHERE { ?c a cg:Council }")
    assert misspelt.output == (
        "Error: syntax error in the query at line 1, column 1: expected SELECT, CONSTRUCT, "
        "DESCRIBE or ASK, found 'SELEC'\n  SELEC ?c WHERE { ?c a cg:Council }\n  ^\n"
    )
    unfinished = run("query", "SELECT ?c WHERE { ?c a cg:Council")
    assert unfinished.output.splitlines()[0] == (
        "Error: syntax error in the query at line 1, column 34: the query "
        "ends before it is complete (is a '}' or ')' missing?)"
    )


def test_unknown_prefix_suggests_the_closest(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("SELECT ?c WHERE {\n  ?c a cgg:Council\n}\n")
    result = run("query", "-f", path)
    assert result.exit_code == 2
    assert result.output == (
        "Error: unknown prefix 'cgg:' at line 2, column 8. Did you mean: cg:? Declare it with "
        "PREFIX cgg: <...> or use one of the project's prefixes.\n"
    )


def test_unknown_named_query_suggests_the_closest():
    result = run("query", "partner-of-council")
    assert result.exit_code == 2
    assert result.output.startswith(
        "Error: No named query is called 'partner-of-council'. Did you mean: partners-of-council, "
    )
    assert result.output.endswith("? `councilgraph queries` lists them.\n")


def test_parameter_errors():
    missing = run("query", "partners-of-council")
    assert missing.output == (
        "Error: named query 'partners-of-council' needs --param council=NAME (the council, by any of its names)\n"
    )
    unknown = run("query", "partners-of-council", "--param", "counci=Wigan")
    assert unknown.output == (
        "Error: named query 'partners-of-council' has no parameter 'counci'; its parameters: --param council=NAME\n"
    )
    undeclared = run("query", WIGAN, "--param", "council=Wigan")
    assert undeclared.output == (
        "Error: the query declares no parameters, so --param council=... has nothing to "
        "bind; declare it in the query's header: '# param: council (entity) ...' or "
        "'(literal)'\n"
    )
    malformed = run("query", WIGAN, "--param", "council")
    assert malformed.exit_code == 2 and "write it as NAME=VALUE" in malformed.output
    nobody = run("query", "partners-of-council", "--param", "council=Wigen")
    assert (nobody.exit_code, nobody.output) == (
        1,
        "Error: No entity is called 'Wigen'. Did you mean: Wigan Metropolitan Borough Council?\n",
    )
    for result in (missing, unknown, undeclared):
        assert result.exit_code == 2


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_timeout_stops_a_runaway_query():
    # in its own process: Oxigraph (the default store) cannot be interrupted, so its abandoned worker
    # ends with the process, as it does for anyone at a terminal
    out = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "cli.py"), "query", RUNAWAY, "--timeout", "0.5"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == (
        "Error: the query on the project's store (exports/.store) did not finish within 0.5 seconds and was "
        "stopped; narrow it (more specific patterns, a LIMIT) or allow more time with "
        "--timeout SECONDS\n"
    )


def test_timeout_stops_a_runaway_query_in_the_rdflib_store():
    result = run("query", RUNAWAY, "--timeout", "0.5", "--store", "rdflib")
    assert result.exit_code == 2
    assert result.output == (
        "Error: the query on the rdflib store did not finish within 0.5 seconds and was "
        "stopped; narrow it (more specific patterns, a LIMIT) or allow more time with "
        "--timeout SECONDS\n"
    )


def test_a_query_only_oxigraph_refuses_is_located_and_explained():
    # rdflib's parser reads these; Oxigraph, the default engine, is stricter and says where it stopped
    unbound = run("query", "SELECT ?x WHERE { ?x a cg:Council } GROUP BY ?y")
    assert (unbound.exit_code, unbound.output) == (
        2,
        (
            "Error: syntax error in the query at line 1, column 48: Oxigraph refuses it here: The SELECT contains a "
            "variable that is unbound\n"
            "  SELECT ?x WHERE { ?x a cg:Council } GROUP BY ?y\n"
            "                                                 ^\n"
        ),
    )
    twice = run("query", "SELECT ?x WHERE {\n  BIND(1 AS ?x)\n  BIND(2 AS ?x) }")
    assert twice.exit_code == 2
    assert twice.output.startswith("Error: syntax error in the query at line 3, column ")
    assert "Oxigraph cannot read the query from here on (it is stricter than rdflib" in twice.output
    assert "\n    BIND(2 AS ?x) }\n" in twice.output
    assert run("query", "SELECT ?x WHERE { ?x a cg:Council } GROUP BY ?y", "--store", "rdflib").exit_code == 0


@pytest.mark.parametrize("store", ["memory", "rdflib"])
def test_a_failing_evaluation_is_one_line(store):
    # the engine tries the SERVICE, finds nothing listening, and fails
    result = run("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "--store", store)
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1


def test_without_a_build_the_error_says_what_to_do(mini_project):
    result = run("query", "--root", mini_project.root, WIGAN)
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {mini_project.root / 'exports' / 'councilgraph.ttl'} does not exist: "
        f"run `councilgraph build` first (project: {mini_project.root}, from --root)\n"
    )


def test_help_explains_exit_codes():
    result = run("query", "--help")
    assert (
        "Exit status: 0 when answered (an ASK query: true), 1 when the answer is no (an ASK query's false, no "
        "entity by a --param's name), 2 on any error"
    ) in " ".join(result.output.split())


# --- the library -------------------------------------------------------------------------------------


def test_the_library_has_at_least_25_questions_that_parse():
    queries = library()
    assert len(queries) >= 25
    for name, query in queries.items():
        assert query.question and query.question.endswith("?"), name
        prepared = prepare(query)  # parses, uses every declared parameter
        assert prepared.form in ("SELECT", "ASK", "CONSTRUCT"), name


def rdflib_outline(text: str) -> tuple[str, set[str], set[str], set[str]]:
    """What rdflib's full parse says of a query: its form, declared prefixes, variables and projection."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    from graph.model.namespaces import PREFIXES
    from graph.query.sparql import _variables

    parsed = parseQuery(text)
    algebra = translateQuery(parsed, initNs=PREFIXES).algebra
    forms = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
    form = forms[algebra.name]
    declared = {str(dict(d).get("prefix", "")) for d in parsed[0] if d.name == "PrefixDecl"}
    projection = {str(v) for v in algebra.get("PV") or ()} if form == "SELECT" else set()
    variables = {v for v in _variables(algebra) if not v.startswith("__agg_")}  # rdflib's own names dropped
    return form, declared, variables, projection


TRICKY = [
    "PREFIX ex: <http://example.org/select#> PREFIX : <urn:x:>\n# SELECT ?commented\n"
    'ASK { ?s ex:p "a { SELECT ?quoted" ; :q ?o }',
    "SELECT ?a (COUNT(?b) AS ?n) (SAMPLE(?c) AS ?d) WHERE { ?a ?p ?b ; ?q ?c } GROUP BY ?a",
    "select distinct ?x\nfrom <urn:g> where { { SELECT ?x (MAX(?y) AS ?z) WHERE { ?x ?p ?y } GROUP BY ?x } }",
    "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l FILTER(?l < 'z' && 2<3) }",
    "DESCRIBE ?council WHERE { ?council cg:gssCode $code }",
    "SELECT * WHERE { ?s <urn:a#b> ?o . OPTIONAL { ?o ?p2 ?deep } }",
    "PREFIX selected: <urn:s:> SELECT ?select WHERE { ?select selected:ask ?construct }",
]


def test_the_outline_read_from_the_text_is_what_rdflibs_parse_says():
    # stores other than rdflib's run a query without rdflib parsing it: the form, prefixes, variables
    # and projection they are given come from read_outline, held here to rdflib's full parse
    from graph.query.outline import read_outline

    texts = [query.text for query in library().values()] + TRICKY
    for text in texts:
        assert read_outline(text) == rdflib_outline(text), text


def test_a_query_whose_form_cannot_be_found_gets_rdflibs_error():
    with pytest.raises(
        QueryError,
        match=r"syntax error in the query at line 2, column 1: expected SELECT, "
        r"CONSTRUCT, DESCRIBE or ASK",
    ):
        prepare(inline_query("PREFIX ex: <urn:x:>\nSELEKT ?x WHERE { ?x ?p ?o }"))


def test_queries_lists_every_named_query_with_its_question():
    result = run("queries")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    queries = library()
    assert lines[-1] == (
        f"{len(queries)} named queries: run one with `councilgraph query NAME`; see its SPARQL in "
        "graph/query/queries/NAME.rq"
    )
    entries = lines[:-2]
    assert len(entries) == 2 * len(queries)
    for (head, question), (name, query) in zip(zip(entries[::2], entries[1::2]), queries.items()):
        assert head == " ".join([name, *(p.usage for p in query.params)])
        assert question == f"    {query.question}"
    assert "partners-of-council --param council=NAME" in lines
    assert (
        "    Which organisations worked in partnership with a council, directly or on an initiative it leads?"
    ) in lines


def test_queries_json():
    data = json.loads(run("queries", "--json").output)
    entry = next(d for d in data if d["name"] == "ccin-members-2020")
    assert entry["params"] == [
        {
            "name": "tier",
            "kind": "literal",
            "description": "the membership tier",
            "choices": ["Full", "Associate", "Affiliate"],
            "optional": False,
        }
    ]
    entry = next(d for d in data if d["name"] == "partners-ranked")
    assert entry["params"] == [
        {
            "name": "source",
            "kind": "entity",
            "description": "count only what this document says, by its id (e.g. ccin-case-studies-2020)",
            "choices": [],
            "optional": True,
        }
    ]


def test_an_optional_parameter_may_be_left_out(tmp_path):
    # "(entity, optional)": given, it binds as any parameter does; left out, its variable stays unbound, so the
    # pattern that uses it matches any value; the listing shows it in brackets
    header = (
        "# param: council (entity, optional) a council\n"
        "# param: kind (literal: Leadership|Funding, optional) a kind of relation\n"
        "# param: year (xsd:gYear) a year\n"
    )
    query = inline_query(header + "SELECT ?council ?kind ?year WHERE { ?council ?kind ?year }")
    assert [(p.name, p.kind, p.choices, p.optional) for p in query.params] == [
        ("council", "entity", (), True),
        ("kind", "literal", ("Leadership", "Funding"), True),
        ("year", "xsd:gYear", (), False),
    ]
    assert [p.usage for p in query.params] == [
        "[--param council=NAME]",
        "[--param kind=Leadership|Funding]",
        "--param year=VALUE",
    ]
    path = tmp_path / "q.rq"
    path.write_text(
        "# param: council (entity, optional) a council\n"
        "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?council cg:leads ?i . ?i a cg:Initiative }\n"
    )
    wigan = run("query", "-f", str(path), "--param", "council=Wigan", "--format", "csv")
    everyone = run("query", "-f", str(path), "--format", "csv")
    assert wigan.exit_code == everyone.exit_code == 0, wigan.output + everyone.output
    assert 0 < int(wigan.output.split()[1]) < int(everyone.output.split()[1])
    with pytest.raises(QueryError, match=r"add ', optional' inside the brackets"):
        inline_query("# param: x (entity, sometimes) a thing\nSELECT ?x WHERE { ?x a cg:Council }")


def test_a_parameter_must_be_used_and_declared_well(tmp_path):
    with pytest.raises(QueryError, match=r"declares parameter 'x' but never uses \?x"):
        prepare(inline_query("# param: x (entity) a thing\nSELECT ?y WHERE { ?y a cg:Council }"))
    with pytest.raises(
        QueryError, match=r"a parameter is declared as '# param: NAME \(entity\|literal\|literal: A\|B\|C\|xsd:TYPE\)"
    ):
        inline_query("# param: x (thing) a thing\nSELECT ?x WHERE { ?x a cg:Council }")


# --- binding for endpoints (a VALUES block built from RDF terms) -------------------------------------


def test_values_go_first_in_the_where_group():
    text = 'SELECT ?n WHERE { ?c rdfs:label ?n . FILTER(?n != "}") } # a comment with a {\n'
    bound = with_values(text, "SELECT", {"c": URIRef(WIGAN_IRI)})
    assert bound == (
        "SELECT ?n WHERE { VALUES (?c) { (<https://w3id.org/councilgraph/id/council/wigan>) }  "
        '?c rdfs:label ?n . FILTER(?n != "}") } # a comment with a {\n'
    )


def test_values_in_a_construct_go_to_the_where_clause_not_the_template():
    text = "CONSTRUCT { ?c rdfs:label ?n } WHERE { ?c rdfs:label ?n }"
    bound = with_values(text, "CONSTRUCT", {"c": URIRef(WIGAN_IRI), "n": Literal('say "hi"')})
    assert bound == (
        "CONSTRUCT { ?c rdfs:label ?n } WHERE { VALUES (?c ?n) { "
        f'(<{WIGAN_IRI}> "say \\"hi\\"") }}  ?c rdfs:label ?n }}'
    )


def test_values_around_a_subselect():
    text = "SELECT ?c WHERE { SELECT ?c WHERE { ?c a cg:Council } }"
    assert with_values(text, "SELECT", {"c": URIRef(WIGAN_IRI)}) == (
        f"SELECT ?c WHERE {{ VALUES (?c) {{ (<{WIGAN_IRI}>) }} {{ SELECT ?c WHERE {{ ?c a cg:Council }} }}}}"
    )


def test_the_cli_imports_no_heavy_library():
    # `councilgraph --help` stays quick: rdflib, pyoxigraph and friends load inside the commands
    code = (
        "import sys, cli; print(sorted(m for m in ('rdflib', 'pyoxigraph', 'networkx', 'pyshacl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def test_a_timed_out_query_stops_working_in_the_rdflib_store():
    # the rdflib store checks its deadline as it reads triples, so the abandoned worker stops too
    import threading
    import time

    run("query", RUNAWAY, "--timeout", "0.3", "--store", "rdflib")

    def working():
        return [t for t in threading.enumerate() if t.name == "councilgraph-query" and t.is_alive()]

    waited = time.monotonic() + 10
    while working() and time.monotonic() < waited:
        time.sleep(0.05)
    assert working() == []
