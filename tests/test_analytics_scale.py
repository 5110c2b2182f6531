"""`analyse` at scale: linear brokers and bridges, metrics that fail without sinking the report, sampled
closeness, sampling chosen by size, and the igraph engine agreeing with NetworkX."""

from __future__ import annotations

import csv
import io
import json
import random
from collections import deque

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import RDFS

from cli import cli
from graph.errors import AnalysisError
from graph.ingest.dataset import PROJECT_ROOT, Paths
from graph.model.namespaces import CG, metrics_iri
from graph.network import analytics as A
from graph.network import engine, fast
from graph.network.analysis import analysis_from_metrics
from graph.network.metrics_rdf import metrics_to_rdf
from graph.network.projection import as_undirected, full_view
from graph.network.report import render_analysis
from graph.query.loading import load_export

FORMATS = ("table", "markdown", "json", "csv")


def labelled(g: nx.Graph) -> nx.Graph:
    """`g` with the node attributes a report needs."""
    for node in g:
        g.nodes[node].update(label=f"entity {node}", type="Organisation")
    return g


@pytest.fixture(scope="module")
def seed_view() -> nx.Graph:
    """The undirected full view of the committed exports (the seed graph)."""
    return as_undirected(full_view(load_export(Paths(PROJECT_ROOT))))


# ---------------------------------------------------------------- brokers and bridges in linear time
# The reference is the implementation the linear one replaced: a breadth-first search per point and per
# bridge (O(nodes x edges)), kept here verbatim in substance.


def _reach(g, start, blocked: set, removed_edge) -> set:
    found, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        for other in g[node]:
            if other in found or other in blocked:
                continue
            if removed_edge is not None and {node, other} == removed_edge:
                continue
            found.add(other)
            queue.append(other)
    return found


def reference_articulation_points(g) -> list[dict]:
    found = []
    for point in sorted(nx.articulation_points(g)):
        rest = _reach(g, point, set(), None) - {point}
        seen, sizes = {point}, []
        for node in sorted(rest):
            if node not in seen:
                piece = _reach(g, node, {point}, None)
                seen |= piece
                sizes.append(len(piece))
        sizes.sort(reverse=True)
        found.append({"node": point, "pieces": len(sizes), "separates": sum(sizes[1:])})
    return sorted(found, key=lambda p: (-p["separates"], -p["pieces"], p["node"]))


def reference_bridges(g) -> list[dict]:
    found = []
    for a, b in sorted(tuple(sorted(e)) for e in nx.bridges(g)):
        side = _reach(g, a, set(), {a, b})
        whole = _reach(g, a, set(), None)
        found.append({"ends": [a, b], "separates": min(len(side), len(whole) - len(side))})
    return sorted(found, key=lambda e: (-e["separates"], e["ends"]))


def random_graphs(count: int = 250):
    rng = random.Random(7)
    for i in range(count):
        n = rng.randint(1, 45)
        shape = i % 4
        if shape == 0:
            g = nx.gnm_random_graph(n, rng.randint(0, 2 * n), seed=i)
        elif shape == 1:
            g = nx.random_labeled_tree(n, seed=i)
        elif shape == 2:  # a few dense blocks strung together: cut points between blocks
            g = nx.disjoint_union_all([nx.gnm_random_graph(5, 7, seed=i + j) for j in range(1 + n // 10)])
            for a in range(0, g.number_of_nodes() - 5, 5):
                g.add_edge(a + rng.randrange(5), a + 5 + rng.randrange(5))
        else:  # several components and isolates
            g = nx.union(nx.path_graph(n), nx.star_graph(rng.randint(0, 6)), rename=("p", "s"))
            g.add_nodes_from(["iso1", "iso2"])
        # names whose sorted order is not the order the graph was built in
        names = {v: f"{rng.randrange(10**6):06d}-{v}" for v in g}
        yield nx.relabel_nodes(g, names)


def test_brokers_and_bridges_are_those_of_the_per_point_search_on_random_graphs():
    for g in random_graphs():
        assert A.articulation_points(g) == reference_articulation_points(g)
        assert A.bridges(g) == reference_bridges(g)


@pytest.mark.slow
def test_brokers_and_bridges_are_those_of_the_per_point_search_on_the_seed_graph(seed_view):
    assert A.articulation_points(seed_view) == reference_articulation_points(seed_view)
    assert A.bridges(seed_view) == reference_bridges(seed_view)


def test_a_broker_at_the_root_or_deep_in_the_search_splits_into_the_same_pieces():
    # m joins a triangle (a, b, c), a pair (x, y) and a leaf z: 3 pieces, 3 cut off from the largest.
    # m sorts after every other node, so the search starts elsewhere; renamed "0m" it starts at m.
    edges = [("a", "b"), ("b", "c"), ("a", "c"), ("c", "m"), ("m", "x"), ("x", "y"), ("m", "z")]
    for centre in ("m", "0m"):
        g = nx.relabel_nodes(nx.Graph(edges), {"m": centre})
        brokers = {p["node"]: (p["pieces"], p["separates"]) for p in A.articulation_points(g)}
        # c cuts the triangle's a, b (2) from the rest (4); x cuts y (1) from the rest (5)
        assert brokers == {centre: (3, 3), "c": (2, 2), "x": (2, 1)}
        assert {tuple(b["ends"]): b["separates"] for b in A.bridges(g)} == {
            tuple(sorted(("c", centre))): 3,  # triangle (3) | m, x, y, z (4)
            tuple(sorted((centre, "x"))): 2,  # x, y
            ("x", "y"): 1,
            tuple(sorted((centre, "z"))): 1,
        }


# ---------------------------------------------------------------- a metric that fails


def _fail_eigenvector(monkeypatch):
    def no_convergence(*args, **kwargs):
        raise nx.PowerIterationFailedConvergence(1000)

    monkeypatch.setattr(nx, "eigenvector_centrality", no_convergence)


BOWTIE = [("a", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("c", "e"), ("d", "e"), ("e", "f")]


def test_a_metric_that_does_not_converge_is_reported_as_failed_and_the_others_still_are(monkeypatch):
    g = labelled(nx.Graph(BOWTIE))
    whole = A.all_metrics(g)
    _fail_eigenvector(monkeypatch)
    metrics = A.all_metrics(g)
    assert metrics["failed"] == {"eigenvector": "eigenvector centrality did not converge in 1000 iterations"}
    assert set(metrics["scores"]) == set(whole["scores"]) - {"eigenvector"}
    for key, values in metrics["scores"].items():
        assert values == whole["scores"][key], key
    for key in ("articulation_points", "bridges", "components", "partitions", "agreement"):
        assert metrics[key] == whole[key], key

    analysis = analysis_from_metrics(g, metrics, "full", 3, A.DEFAULT_SEED, None)
    assert analysis.failed == metrics["failed"]
    [eigen] = [r for r in analysis.rankings if r.metric == "eigenvector"]
    assert eigen.entries == [] and "did not converge" in eigen.failed
    reason = "eigenvector centrality did not converge in 1000 iterations"
    table = render_analysis(analysis, "table")
    heading = "Eigenvector: tied to entities that are themselves central (per component)"
    assert f"{heading}\nNot computed: {reason}\n" in table
    assert "Not computed: eigenvector (see below)." in table
    assert "\nBetweenness: the share" in table and "\n1     entity c" in table  # the others are there
    assert f"## Eigenvector: tied to entities that are themselves central (per component)\nNot computed: {reason}" in (
        render_analysis(analysis, "markdown")
    )
    data = json.loads(render_analysis(analysis, "json"))
    assert data["failed"] == {"eigenvector": reason}
    rankings = {r["metric"]: r for r in data["rankings"]}
    assert rankings["eigenvector"] == {
        "metric": "eigenvector",
        "title": "eigenvector",
        "description": "tied to entities that are themselves central (per component)",
        "entries": [],
        "failed": reason,
    }
    assert "failed" not in rankings["pagerank"] and rankings["pagerank"]["entries"]
    rows = list(csv.DictReader(io.StringIO(render_analysis(analysis, "csv"))))
    assert [r["detail"] for r in rows if r["section"] == "eigenvector"] == [f"Not computed: {reason}"]
    assert len([r for r in rows if r["section"] == "closeness"]) == 3


def test_failed_partitions_brokers_and_bridges_are_reported_too(monkeypatch):
    g = labelled(nx.Graph(BOWTIE))

    def broken(*args, **kwargs):
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(A, "_louvain", broken)
    monkeypatch.setattr(A, "_cuts", broken)
    metrics = A.all_metrics(g)
    assert metrics["failed"] == {
        "louvain": "ZeroDivisionError: float division by zero",
        "articulation_points": "ZeroDivisionError: float division by zero",
        "bridges": "ZeroDivisionError: float division by zero",
    }
    assert metrics["agreement"] is None and set(metrics["partitions"]) == {"greedy"}
    analysis = analysis_from_metrics(g, metrics, "full", 3, A.DEFAULT_SEED, None)
    table = render_analysis(analysis, "table")
    headline = "Louvain communities could not be found (ZeroDivisionError: float division by zero), greedy modularity 2"
    assert headline in table
    assert "Rand index" not in table
    assert "Brokers (articulation points): removing one splits the network\nNot computed: ZeroDivision" in table
    assert "Communities by Louvain (seeded)\nNot computed: ZeroDivision" in table
    assert "Communities by greedy modularity (Clauset-Newman-Moore): 2, modularity" in table
    data = json.loads(render_analysis(analysis, "json"))
    assert data["agreement"] is None and data["brokers"] == [] and data["bridges"] == []
    louvain = data["partitions"][0]
    assert louvain["failed"].startswith("ZeroDivisionError") and louvain["modularity"] is None
    sections = {r["section"]: r["detail"] for r in csv.DictReader(io.StringIO(render_analysis(analysis, "csv")))}
    assert sections["louvain_communities"].startswith("Not computed: ZeroDivisionError")
    assert sections["articulation_points"].startswith("Not computed") and sections["bridges"].startswith("Not computed")


def test_an_undefined_value_is_a_failure_not_a_number_in_the_report():
    # networkx's estimate from one source leaves that source's own betweenness undefined (NaN)
    metrics = A.all_metrics(labelled(nx.Graph(BOWTIE)), sample=1)
    assert metrics["failed"] == {"betweenness": "the value is undefined (not a finite number) for 1 entity"}
    assert "closeness" in metrics["scores"]


def test_analyse_exits_0_and_warns_on_stderr_naming_the_failed_metric(built_mini, monkeypatch):
    _fail_eigenvector(monkeypatch)
    result = CliRunner().invoke(cli, ["analyse", "--root", str(built_mini)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: eigenvector could not be computed (eigenvector centrality did not converge in 1000 iterations); "
        "the report gives the others\n"
    )
    assert "Not computed: eigenvector centrality did not converge" in result.stdout
    assert "\nPageRank: where a walk" in result.stdout and "Wigan Metropolitan Borough Council" in result.stdout


def test_metrics_rdf_leaves_a_failed_metric_out_and_says_why(monkeypatch):
    g = labelled(nx.Graph(BOWTIE))
    g = nx.relabel_nodes(g, {v: f"https://example.org/{v}" for v in g})
    whole = metrics_to_rdf(g, A.all_metrics(g), "full", A.DEFAULT_SEED, None)
    _fail_eigenvector(monkeypatch)
    rdf = metrics_to_rdf(g, A.all_metrics(g), "full", A.DEFAULT_SEED, None)
    assert not list(rdf.triples((None, CG.eigenvector, None))) and list(whole.triples((None, CG.eigenvector, None)))
    assert set(rdf) == {t for t in whole if t[1] != CG.eigenvector} | {
        (
            metrics_iri("full", "run"),
            RDFS.comment,
            Literal("eigenvector was not computed: eigenvector centrality did not converge in 1000 iterations"),
        )
    }


# ---------------------------------------------------------------- sampling


def test_sampled_closeness_is_the_mean_distance_to_the_pivots():
    # a path 0-1-2-3-4 (n = 5, one component); with 2 pivots drawn with the seed, a non-pivot's closeness
    # is 2 / (its distance to the two pivots); a pivot's is exact: 4 / (sum of its distances to all).
    g = nx.relabel_nodes(nx.path_graph(5), str)
    for seed in range(6):
        pivots = sorted(random.Random(seed).sample(range(5), 2))
        expected = {}
        for v in range(5):
            if v in pivots:
                expected[str(v)] = 4 / sum(abs(v - u) for u in range(5))
            else:
                expected[str(v)] = 2 / sum(abs(v - p) for p in pivots)
        assert A.closeness(g, sample=2, seed=seed) == pytest.approx(expected, rel=1e-12), seed


def test_closeness_sampled_from_at_least_each_component_is_exact():
    g = nx.union(nx.barabasi_albert_graph(40, 2, seed=3), nx.path_graph(6), rename=("b", "p"))
    g.add_node("lonely")
    exact = A.closeness(g)
    assert A.closeness(g, sample=40, seed=9) == pytest.approx(exact, rel=1e-12)
    # with 10 pivots the path (6 nodes) is still exact; the large component is estimated
    estimate = A.closeness(g, sample=10, seed=9)
    assert {v: estimate[v] for v in g if v.startswith("p")} == pytest.approx(
        {v: exact[v] for v in g if v.startswith("p")}, rel=1e-12
    )
    assert estimate["lonely"] == 0.0
    assert estimate != pytest.approx(exact, rel=1e-12)


def test_above_the_size_threshold_sampling_is_chosen_and_said(monkeypatch):
    g = labelled(nx.barabasi_albert_graph(60, 2, seed=1))
    monkeypatch.setattr(engine, "SAMPLE_ABOVE", 50)
    monkeypatch.setattr(engine, "AUTO_SAMPLE", 20)
    metrics = A.all_metrics(g)
    assert metrics["run"] == {"engine": "networkx", "sample": 20, "automatic": True}
    assert metrics["scores"]["betweenness"] == A.betweenness(g, sample=20, seed=A.DEFAULT_SEED)
    assert metrics["scores"]["closeness"] == A.closeness(g, sample=20, seed=A.DEFAULT_SEED)
    analysis = analysis_from_metrics(g, metrics, "full", 3, A.DEFAULT_SEED, None)
    assert analysis.sample == 20
    assert {"closeness.sample=20", "sampling=automatic above 50 entities"} <= set(analysis.parameters)
    table = render_analysis(analysis, "table")
    assert "betweenness and closeness estimated from 20 sampled sources" in table
    assert "chosen automatically because the view has more than 50 entities; --exact computes them exactly" in table
    assert json.loads(render_analysis(analysis, "json"))["notes"] == analysis.notes
    exact = A.all_metrics(g, exact=True)
    assert exact["run"] == {"engine": "networkx", "sample": None, "automatic": False}
    assert exact["scores"]["closeness"] == A.closeness(g)
    with pytest.raises(AnalysisError, match="contradict"):
        A.all_metrics(g, sample=5, exact=True)


def test_analyse_exact_and_sample_contradict(built_mini):
    result = CliRunner().invoke(cli, ["analyse", "--root", str(built_mini), "--exact", "--sample", "2"])
    assert result.exit_code == 2 and "--exact and --sample contradict each other" in result.output


def test_the_help_gives_the_threshold_the_code_uses():
    text = " ".join(CliRunner().invoke(cli, ["analyse", "--help"]).output.split())
    assert (
        f"automatically above {engine.SAMPLE_ABOVE:,} entities" in text and f"more than {engine.SAMPLE_ABOVE:,}" in text
    )


# ---------------------------------------------------------------- the igraph engine against NetworkX


def _top(scores: dict, k: int = 10) -> list[tuple]:
    return sorted(((-round(v, 6), n) for n, v in scores.items()))[:k]


def _engines_agree(reference: dict, other: dict) -> None:
    assert other["failed"] == reference["failed"] == {}
    for key, expected in reference["scores"].items():
        assert other["scores"][key] == pytest.approx(expected, rel=1e-6, abs=1e-8), key
        assert _top(other["scores"][key]) == _top(expected), key
    assert other["articulation_points"] == reference["articulation_points"]
    assert other["bridges"] == reference["bridges"]
    for method in ("louvain", "greedy"):
        ours, theirs = other["partitions"][method], reference["partitions"][method]
        assert sorted(v for c in ours["communities"] for v in c) == sorted(v for c in theirs["communities"] for v in c)
        assert ours["modularity"] == pytest.approx(theirs["modularity"], abs=0.01), method
    assert 0 <= other["agreement"] <= 1


@pytest.mark.slow
def test_the_igraph_engine_agrees_with_networkx_on_the_seed_graph(seed_view, monkeypatch):
    reference = A.all_metrics(seed_view)
    assert reference["run"]["engine"] == "networkx"
    monkeypatch.setattr(engine, "FAST_ABOVE", 0)
    other = A.all_metrics(seed_view)
    assert other["run"] == {"engine": "igraph", "sample": None, "automatic": False}
    _engines_agree(reference, other)


@pytest.mark.slow
def test_both_engines_sample_the_same_sources_and_pivots(seed_view):
    reference = A.all_metrics(seed_view, sample=60, seed=5, engine="networkx")
    other = A.all_metrics(seed_view, sample=60, seed=5, engine="igraph")
    for key in ("betweenness", "closeness"):
        assert other["scores"][key] == pytest.approx(reference["scores"][key], rel=1e-9, abs=1e-12), key


def test_the_igraph_engine_on_graphs_with_many_components_and_no_edges(monkeypatch):
    g = nx.union(nx.barabasi_albert_graph(400, 3, seed=2), nx.cycle_graph(3), rename=("b", "c"))
    g.add_edge("c0", "x")
    g.add_nodes_from(["y", "z"])
    for u, v in g.edges:
        g.edges[u, v]["weight"] = 1 + len(u + v) % 3  # weights 1 to 3
    _engines_agree(A.all_metrics(g, engine="networkx"), A.all_metrics(g, engine="igraph"))
    empty = nx.Graph()
    empty.add_nodes_from("abc")
    for name in engine.ENGINES:
        metrics = A.all_metrics(empty, engine=name)
        assert metrics["failed"] == {}
        assert metrics["partitions"]["greedy"] == {"communities": [["a"], ["b"], ["c"]], "modularity": 0.0}
        assert metrics["scores"]["eigenvector"] == {"a": 0.0, "b": 0.0, "c": 0.0}


def test_igraph_louvain_is_the_same_for_a_seed_and_leaves_igraphs_generator_as_it_was():
    import igraph

    g = nx.barabasi_albert_graph(300, 2, seed=4)
    h, _ = A._indexed(g)
    graph = fast.to_igraph(h)
    first = fast.louvain_communities(graph, seed=11)
    assert fast.louvain_communities(graph, seed=11) == first
    random.seed(3)
    expected = random.random()
    random.seed(3)
    igraph.Graph.Erdos_Renyi(20, 0.1)  # draws from igraph's generator: the random module again
    assert random.random() != expected


@pytest.mark.slow
def test_a_large_view_is_computed_with_igraph_and_sampled_without_failures():
    g = labelled(nx.barabasi_albert_graph(engine.SAMPLE_ABOVE + 500, 2, seed=8))
    metrics = A.all_metrics(g)
    assert metrics["run"] == {"engine": "igraph", "sample": engine.AUTO_SAMPLE, "automatic": True}
    assert metrics["failed"] == {} and set(metrics["scores"]) == set(A.all_metrics(nx.path_graph(3))["scores"])
    assert {p["node"] for p in metrics["articulation_points"]} == set(nx.articulation_points(g))
    exact = A.all_metrics(g, exact=True)
    assert exact["run"]["sample"] is None
    top = set(sorted(g, key=lambda n: -exact["scores"]["betweenness"][n])[:10])
    assert len(top & set(sorted(g, key=lambda n: -metrics["scores"]["betweenness"][n])[:10])) >= 7
