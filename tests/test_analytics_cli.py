"""`analyse`, `path`, `similar` and exports/metrics.ttl: whole outputs, errors, determinism, SPARQL."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from cli import cli
from graph.ingest.dataset import PROJECT_ROOT, Paths
from graph.model.namespaces import CG, PREFIXES, bind_prefixes, metrics_iri
from graph.network import analytics
from graph.network.metrics_rdf import METRICS_FILE
from graph.network.projection import as_undirected, full_view
from graph.query.loading import load_export


@pytest.fixture(scope="module")
def mini(built_mini):
    return built_mini


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


# In the full view: Wigan tied to Scholes and to its Community Credits; Creative Councils alone (n = 4).
# Wigan: on the one shortest path between the other two of the 3 pairs of others -> betweenness 1/3;
# reaches 2 entities at 1 hop, times (3 - 1)/(4 - 1) -> closeness 2/3; Scholes: (2/3)(2/3) = 4/9.
# Eigenvector: a star with two leaves (centre 1/sqrt 2, leaves 1/2) scaled by sqrt(3/4) -> 0.6124, 0.4330.
# PageRank: Creative Councils keeps 0.0375/(1 - 0.2125) = 1/21; s = 1/21 + 0.425 w, w = 1/21 + 1.7 s.
MINI_ANALYSIS = """\
full view: 4 entities, 2 ties, 2 components (largest 3); seed 42; betweenness exact; top 2 shown
Louvain found 2 communities (modularity 0.0000), greedy modularity 2 (modularity 0.0000); they agree on 100.0% of pairs of entities (Rand index).

Degree: how many distinct entities it is tied to
rank  entity                              type     degree
----  ----------------------------------  -------  ------
1     Wigan Metropolitan Borough Council  Council  2
2     Scholes                             Place    1

Weighted degree: its ties counted by weight: relations merged into each tie, or in the councils view the things shared
rank  entity                              type     weighted degree
----  ----------------------------------  -------  ---------------
1     Wigan Metropolitan Borough Council  Council  2
2     Scholes                             Place    1

Betweenness: the share of shortest paths between other entities that pass through it
rank  entity                              type     betweenness
----  ----------------------------------  -------  -----------
1     Wigan Metropolitan Borough Council  Council  0.3333
2     Scholes                             Place    0.0000

Closeness: how few hops it is from everything it can reach (Wasserman-Faust)
rank  entity                              type     closeness
----  ----------------------------------  -------  ---------
1     Wigan Metropolitan Borough Council  Council  0.6667
2     Scholes                             Place    0.4444

Eigenvector: tied to entities that are themselves central (per component)
rank  entity                              type     eigenvector
----  ----------------------------------  -------  -----------
1     Wigan Metropolitan Borough Council  Council  0.6124
2     Scholes                             Place    0.4330

PageRank: where a walk along the ties spends its time (damping 0.85)
rank  entity                              type     PageRank
----  ----------------------------------  -------  --------
1     Wigan Metropolitan Borough Council  Council  0.4633
2     Scholes                             Place    0.2445

Clustering coefficient: the share of pairs of its neighbours that are tied to each other
rank  entity                              type     clustering coefficient
----  ----------------------------------  -------  ----------------------
1     Wigan Metropolitan Borough Council  Council  0.0000
2     Scholes                             Place    0.0000

K-core: the deepest k-core it belongs to: a group where everyone has k ties inside
rank  entity                              type     k-core
----  ----------------------------------  -------  ------
1     Wigan Metropolitan Borough Council  Council  1
2     Scholes                             Place    1

Brokers (articulation points): removing one splits the network
rank  entity                              type     cuts off  pieces
----  ----------------------------------  -------  --------  ------
1     Wigan Metropolitan Borough Council  Council  1         2

Bridges: ties whose removal splits the network
rank  tie                                                           cuts off
----  ------------------------------------------------------------  --------
1     Wigan Metropolitan Borough Council — Wigan Community Credits  1
2     Wigan Metropolitan Borough Council — Scholes                  1

Communities by Louvain (seeded): 2, modularity 0.0000
1. Of its 3 members (1 council, 1 initiative, 1 place), 2 are tied to Wigan Metropolitan Borough Council.
   members: Wigan Metropolitan Borough Council; Scholes and 1 more
2. A community of one: Creative Councils (programme), with 0 ties in the view.
   members: Creative Councils

Communities by greedy modularity (Clauset-Newman-Moore): 2, modularity 0.0000
1. Of its 3 members (1 council, 1 initiative, 1 place), 2 are tied to Wigan Metropolitan Borough Council.
   members: Wigan Metropolitan Borough Council; Scholes and 1 more
2. A community of one: Creative Councils (programme), with 0 ties in the view.
   members: Creative Councils
"""


def test_analyse_reports_every_metric_brokers_bridges_and_communities(mini):
    result = run("analyse", "--root", mini, "--top", 2)
    assert result.exit_code == 0, result.output
    assert result.output == MINI_ANALYSIS


def test_analyse_pagerank_is_the_hand_computed_one(mini):
    data = json.loads(run("analyse", "--root", mini, "--format", "json").output)
    pagerank = {e["label"]: e["value"] for e in data["rankings"][5]["entries"]}
    s = (1 / 21 + 0.425 / 21) / (1 - 0.425 * 1.7)
    assert pagerank == {
        "Wigan Metropolitan Borough Council": round(1 / 21 + 1.7 * s, 6),
        "Scholes": round(s, 6),
        "Wigan Community Credits": round(s, 6),
        "Creative Councils": round(1 / 21, 6),
    }


def test_analyse_formats_carry_the_same_ranking(mini):
    table = json.loads(run("analyse", "--root", mini, "--format", "json").output)
    assert [r["metric"] for r in table["rankings"]] == [
        "degree",
        "weighted_degree",
        "betweenness",
        "closeness",
        "eigenvector",
        "pagerank",
        "clustering",
        "core_number",
    ]
    assert table["rankings"][2]["entries"][0] == {
        "rank": 1,
        "iri": "https://w3id.org/councilgraph/id/council/wigan",
        "label": "Wigan Metropolitan Borough Council",
        "type": "Council",
        "value": 0.333333,
    }
    assert table["parameters"] == [
        "betweenness.sample=exact",
        "closeness.correction=wasserman-faust",
        "eigenvector.tolerance=1e-10",
        "greedy.resolution=1",
        "louvain.resolution=1",
        "pagerank.alpha=0.85",
        "pagerank.tolerance=1e-12",
        "seed=42",
    ]
    rows = list(csv.DictReader(io.StringIO(run("analyse", "--root", mini, "--format", "csv").output)))
    assert [(r["rank"], r["label"], r["value"]) for r in rows if r["section"] == "betweenness"] == [
        ("1", "Wigan Metropolitan Borough Council", "0.333333"),
        ("2", "Scholes", "0.0"),  # ties: by degree,
        ("3", "Wigan Community Credits", "0.0"),
        ("4", "Creative Councils", "0.0"),
    ]  # then by name
    assert {r["section"] for r in rows} == {
        "degree",
        "weighted_degree",
        "betweenness",
        "closeness",
        "eigenvector",
        "pagerank",
        "clustering",
        "core_number",
        "articulation_points",
        "bridges",
        "louvain_communities",
        "greedy_communities",
    }
    markdown = run("analyse", "--root", mini, "--format", "markdown", "--top", 1).output
    assert markdown.startswith("# Network analysis of the full view\n")
    assert "| 1 | Wigan Metropolitan Borough Council | Council | 0.3333 |" in markdown


def test_analyse_options_are_checked(mini):
    for args, message in [
        (["--top", 0], "Invalid value for '--top'"),
        (["--view", "people"], "Invalid value for '--view'"),
        (["--format", "xml"], "Invalid value for '--format'"),
        (["--sample", 0], "Invalid value"),
    ]:
        result = run("analyse", "--root", mini, *args)
        assert result.exit_code == 2 and message in result.output, args
    result = run("analyse", "--root", mini, "--sample", 5)
    assert result.exit_code == 2
    assert result.output == (
        "Error: the betweenness sample must be between 1 and the number of entities in the view (4), not 5\n"
    )


def test_analyse_without_a_build_says_what_to_do(mini_project):
    result = run("analyse", "--root", mini_project.root)
    assert result.exit_code == 2 and "run `councilgraph build` first" in result.output


def test_path_shows_each_hop_with_its_relation_and_evidence(mini):
    result = run("path", "--root", mini, "scholes", "Wigan Community Credits")
    assert result.exit_code == 0, result.output
    assert (
        result.output
        == """\
Scholes → Wigan Community Credits: 1 shortest connection of 2 hops

1. Scholes
   —located in→ Wigan Metropolitan Borough Council
        [cc-action-plans-2012] "one discrete area of Wigan called Scholes"
   —leads→ Wigan Community Credits
        [cc-action-plans-2012] "Wigan proposes to create a new economic model for social care"
"""
    )
    backwards = run("path", "--root", mini, "credits", "Scholes")
    assert backwards.exit_code == 1 and "Did you mean: Wigan Community Credits" in backwards.output
    reverse = run("path", "--root", mini, "Wigan Community Credits", "SCHOLES", "--json")
    hops = json.loads(reverse.output)["connections"][0]["hops"]
    assert [(h["label"], [(r["verb"], r["forward"]) for r in h["relations"]]) for h in hops] == [
        ("Wigan Metropolitan Borough Council", [("leads", False)]),
        ("Scholes", [("located in", False)]),
    ]


def test_path_errors(mini):
    result = run("path", "--root", mini, "Scholes", "Creative Councils")
    assert (result.exit_code, result.output) == (
        1,
        "Error: Scholes and Creative Councils are not connected: no chain of relations joins them\n",
    )
    result = run("path", "--root", mini, "Wigan", "wigan metropolitan borough council")
    assert (result.exit_code, result.output) == (
        2,
        "Error: 'Wigan' and 'wigan metropolitan borough council' are the same entity "
        "(Wigan Metropolitan Borough Council)\n",
    )
    result = run("path", "--root", mini, "Wigen", "Scholes")
    assert result.exit_code == 1
    assert result.output == "Error: No entity is called 'Wigen'. Did you mean: Wigan Metropolitan Borough Council?\n"


def test_similar_lists_what_they_share(mini):
    result = run("similar", "--root", mini, "Scholes", "--view", "full")
    assert result.exit_code == 0, result.output
    assert (
        result.output
        == """\
Most like Scholes (Place, 1 neighbour) in the full view, by jaccard of shared neighbours:
rank  entity                   type        score   shared  what they share
----  -----------------------  ----------  ------  ------  ----------------------------------
1     Wigan Community Credits  Initiative  1.0000  1       Wigan Metropolitan Borough Council
"""
    )
    # one shared neighbour of degree 2: 1 / ln 2
    data = json.loads(
        run("similar", "--root", mini, "Scholes", "--view", "full", "--method", "adamic-adar", "--json").output
    )
    assert data["similar"][0]["score"] == round(1 / 0.6931471805599453, 6)
    result = run("similar", "--root", mini, "Scholes")
    assert result.exit_code == 2
    assert "is not in the bipartite view" in result.output and "try --view full" in result.output


# ---------------------------------------------------------------- the real data


def _spawn(args: list[str], seed: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(PROJECT_ROOT / "cli.py"), *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONHASHSEED": seed},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_results_are_identical_across_runs_and_hash_seeds():
    commands = [
        ["analyse", "--format", "json"],
        ["analyse", "--view", "councils", "--sample", "30", "--seed", "7", "--format", "json"],
        ["path", "Wigan", "Oldham", "--json"],
        ["similar", "Nesta", "--method", "adamic-adar", "--json"],
    ]
    runs = {(i, seed): _spawn(args, seed) for i, args in enumerate(commands) for seed in ("1", "4242")}
    outputs = {}
    for key, process in runs.items():
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
        outputs[key] = out
    for i in range(len(commands)):
        assert outputs[(i, "1")] == outputs[(i, "4242")], commands[i]
    first = json.loads(outputs[(0, "1")])
    assert first["view"] == "full" and first["entities"] > 500 and first["rankings"][0]["entries"]


@pytest.fixture(scope="module")
def committed_metrics() -> Graph:
    path = PROJECT_ROOT / "exports" / METRICS_FILE
    assert path.exists(), "exports/metrics.ttl is missing: run `councilgraph build`"
    return Graph().parse(path, format="turtle")


def test_the_betweenness_query_ranks_entities_as_the_analytics_do(committed_metrics):
    kg = load_export(Paths(PROJECT_ROOT))
    both = bind_prefixes(Graph())
    for triple in kg:
        both.add(triple)
    for triple in committed_metrics:
        both.add(triple)
    query = prepareQuery("SELECT ?c ?b WHERE { ?c cg:betweenness ?b } ORDER BY DESC(?b)", initNs=PREFIXES)
    rows = [(str(c), b.toPython()) for c, b in both.query(query)]
    expected = analytics.betweenness(as_undirected(full_view(kg)))
    assert len(rows) == len(expected)
    assert {c: b for c, b in rows} == {c: Decimal(repr(v)).quantize(Decimal("0.000001")) for c, v in expected.items()}
    assert [b for _, b in rows] == sorted((b for _, b in rows), reverse=True)
    assert both.value(URIRef(rows[0][0]), PREFIXES["rdfs"].label) is not None  # an entity of the graph


def test_metrics_record_the_run_and_its_partitions(committed_metrics):
    g = committed_metrics
    run_node = metrics_iri("full", "run")
    assert (run_node, PREFIXES["rdf"].type, CG.MetricsRun) in g
    assert g.value(run_node, CG.view) == Literal("full")
    assert g.value(run_node, CG.seed).toPython() == analytics.DEFAULT_SEED
    parameters = sorted(str(p) for p in g.objects(run_node, CG.parameter))
    assert "betweenness.sample=exact" in parameters and f"seed={analytics.DEFAULT_SEED}" in parameters
    assert any(str(m).startswith("louvain:") for m in g.objects(run_node, CG.method))
    measured = set(g.subjects(CG.measuredIn, run_node))
    for method in ("louvain", "greedy"):
        partition = metrics_iri("full", method)
        assert 0 < g.value(partition, CG.modularity).toPython() < 1
        communities = set(g.subjects(PREFIXES["dcterms"].isPartOf, partition))
        members = [m for c in communities for m in g.subjects(CG.community, c)]
        assert sorted(members) == sorted(measured)  # every entity in exactly one community
        for c in communities:
            assert g.value(c, CG.memberCount).toPython() == len(set(g.subjects(CG.community, c)))
            assert str(g.value(c, PREFIXES["dcterms"].description))
    for bridge in g.subjects(PREFIXES["rdf"].type, CG.Bridge):
        assert len(set(g.objects(bridge, CG.bridgeEnd))) == 2 and g.value(bridge, CG.separates).toPython() >= 1


def test_metrics_use_only_declared_terms(committed_metrics, paths):
    ontology = Graph().parse(paths.ontology)
    ours = {t for triple in committed_metrics for t in triple if str(t).startswith(str(CG._NS))}
    undeclared = sorted(str(t) for t in ours if (t, None, None) not in ontology)
    assert ours and undeclared == []


def test_metrics_load_in_an_independent_sparql_engine(committed_metrics):
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(PROJECT_ROOT / "exports" / METRICS_FILE), format=pyoxigraph.RdfFormat.TURTLE)
    rows = list(
        store.query(f"PREFIX cg: <{CG._NS}> SELECT ?c ?b WHERE {{ ?c cg:betweenness ?b }} ORDER BY DESC(?b) LIMIT 3")
    )
    values = [Decimal(row["b"].value) for row in rows]
    assert len(rows) == 3 and values == sorted(values, reverse=True)


def test_metrics_have_no_blank_nodes(committed_metrics):
    assert not any(isinstance(t, BNode) for triple in committed_metrics for t in triple)
