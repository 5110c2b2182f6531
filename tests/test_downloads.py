"""The analysts' downloads `build` writes: GraphML and GEXF of each view, nodes.csv and edges.csv, TriG with
one named graph per source document, and void.ttl (README: `councilgraph build`; docs/projections.md).

The files are made from the project's graph in this process (fast); what `build` wrote is checked on two
builds under different hash seeds (slow, shared with tests/test_exports.py).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import networkx as nx
import pytest
import yaml
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, PROV, RDF, VOID, XSD

from graph.choices import VIEWS
from graph.model.export import serialise
from graph.model.namespaces import CG, ID
from graph.network.analysis import analyse_network
from graph.network.downloads import NODE_METRICS, gexf_name, graphml_name, measure_views, network_files
from graph.network.projection import project
from graph.pipeline import VOID_FILE, dataset_description
from tests.conftest import BUILD_FILES

DOWNLOADS = [name for name in BUILD_FILES if not name.startswith(("councilgraph.", "metrics.", "network.html"))]
REGISTER = ID["source/mysociety-uk-local-authorities"]
WIGAN = ID["council/wigan"]


@pytest.fixture(scope="module")
def measured(kg):
    return measure_views(kg)


@pytest.fixture(scope="module")
def files(measured) -> dict[str, bytes]:
    return network_files(measured)


@pytest.fixture(scope="module")
def trig(kg) -> Dataset:
    return Dataset().parse(data=serialise(kg, "trig"), format="trig")


def _read(files, name: str, view: str):
    if name.endswith(".graphml"):
        return nx.read_graphml(io.BytesIO(files[name]), force_multigraph=view == "full")
    return nx.read_gexf(io.BytesIO(files[name]))


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def _text_of(paths, source_id: str) -> str:
    manifest = yaml.safe_load((paths.sources / "manifest.yaml").read_text(encoding="utf-8"))
    entry = next(e for e in manifest if e["id"] == source_id)
    return (paths.sources / entry["file"]).read_text(encoding="utf-8")


# --- GraphML and GEXF --------------------------------------------------------------------------------


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("kind", [graphml_name, gexf_name])
def test_each_file_holds_the_views_nodes_and_edges(files, measured, view, kind):
    read = _read(files, kind(view), view)
    projected = measured[view].view
    assert sorted(read.nodes) == sorted(projected.nodes)
    assert read.number_of_edges() == projected.number_of_edges() > 0
    assert read.is_directed() == projected.is_directed()
    if view == "full":  # one edge per relation node, keyed by its IRI, from its start to its end
        assert sorted(read.edges(keys=True)) == sorted(projected.edges(keys=True))
    first = sorted(projected.nodes)[0]
    assert read.nodes[first]["label"] == projected.nodes[first]["label"]
    assert read.nodes[first]["type"] == projected.nodes[first]["type"]
    assert all(not isinstance(v, (list, dict)) for _, data in read.nodes(data=True) for v in data.values())


@pytest.mark.parametrize("view", ["councils", "full"])
def test_metrics_and_communities_are_the_ones_analyse_reports(kg, files, view):
    read = nx.read_graphml(io.BytesIO(files[graphml_name(view)]))
    report = analyse_network(kg, view, top=len(read))  # every entity ranked, as `analyse --top N` prints them
    for ranking in report.rankings:
        assert len(ranking.entries) == len(read), ranking.metric
        for entry in ranking.entries:
            assert read.nodes[entry.iri][ranking.metric] == pytest.approx(entry.value, abs=1e-9), entry.iri
    assert {r.metric for r in report.rankings} == set(NODE_METRICS)
    for partition, column in ((report.partitions[0], "community"), (report.partitions[1], "community_greedy")):
        for community in partition.communities:
            assert {read.nodes[m.iri][column] for m in community.members} == {community.number}


def test_an_edges_evidence_count_is_the_number_of_its_relations_quotes(kg, files):
    read = nx.read_graphml(io.BytesIO(files[graphml_name("full")]), force_multigraph=True)
    counts = {str(r): len(set(kg.objects(r, CG.evidence))) for r in kg.subjects(RDF.type, CG.Relation)}
    edges = list(read.edges(keys=True, data=True))
    assert {data["evidence"] for *_, data in edges} > {1}  # some relations are stated more than once
    for _, _, key, data in edges:
        assert data["evidence"] == counts[key] >= 1, key
        assert data["evidence"] == len(list(kg.objects(URIRef(key), CG.evidence)))


def test_the_texts_wigan_leads_its_new_economic_model_for_social_care(paths, files):
    # data/sources/000_*.txt: "Wigan proposes to create a new economic model for social care"
    assert "Wigan proposes to create a new economic model for social care" in _text_of(paths, "cc-action-plans-2012")
    read = nx.read_graphml(io.BytesIO(files[graphml_name("full")]), force_multigraph=True)
    assert read.nodes[str(WIGAN)]["label"] == "Wigan Metropolitan Borough Council"
    led = [
        (target, data)
        for _, target, data in read.out_edges(str(WIGAN), data=True)
        if data["relation"] == "Leadership" and "economic model for social care" in read.nodes[target]["label"].lower()
    ]
    assert len(led) == 1
    target, data = led[0]
    assert data["verb"] == "leads" and "cc-action-plans-2012" in data["sources"].split("; ")
    assert read.nodes[target]["type"] == "Initiative"


def test_the_texts_ccin_is_a_network_node(paths, files):
    # data/sources/003_*.txt names "Co-operative Councils' Innovation Network" nine times, as a network of members
    assert _text_of(paths, "ccin-case-studies-2020").count("Co-operative Councils' Innovation Network") >= 1
    for name in (graphml_name("full"), gexf_name("full")):
        read = _read(files, name, "full")
        ccin = [n for n, d in read.nodes(data=True) if d["label"] == "Co-operative Councils' Innovation Network"]
        assert len(ccin) == 1, name
        assert read.nodes[ccin[0]]["type"] == "Network"
        assert read.in_degree(ccin[0]) >= 69  # its 2020 members, at least (tests/test_query_library.py: 69)


# --- nodes.csv and edges.csv ---------------------------------------------------------------------------


def test_the_tables_have_one_row_per_node_and_per_edge_of_the_full_view(files, measured):
    full = measured["full"].view
    nodes, edges = _rows(files["nodes.csv"]), _rows(files["edges.csv"])
    assert [row["id"] for row in nodes] == sorted(full.nodes)
    assert len(edges) == full.number_of_edges() and len({row["id"] for row in edges}) == len(edges)
    assert sorted((row["source"], row["target"], row["id"]) for row in edges) == [
        (row["source"], row["target"], row["id"]) for row in edges
    ]
    assert sorted((r["source"], r["target"], r["id"]) for r in edges) == sorted(full.edges(keys=True))
    assert list(nodes[0])[:3] == ["id", "label", "type"] and {"nation", "region", "community"} <= set(nodes[0])
    assert list(edges[0])[:7] == ["id", "source", "target", "relation", "verb", "evidence", "sources"]
    graphml = nx.read_graphml(io.BytesIO(files[graphml_name("full")]), force_multigraph=True)
    wigan = next(row for row in nodes if row["id"] == str(WIGAN))
    assert wigan["nation"] == "England" and wigan["region"] == "North West"
    for column in ("label", "type", "degree", "betweenness", "community"):
        assert wigan[column] == str(graphml.nodes[str(WIGAN)][column]), column
    for row in edges:
        data = graphml.edges[row["source"], row["target"], row["id"]]
        assert (row["relation"], row["verb"], int(row["evidence"])) == (
            data["relation"],
            data["verb"],
            data["evidence"],
        )


# --- TriG: one named graph per source document -----------------------------------------------------------


def _graphs(trig: Dataset) -> dict[str, set]:
    return {str(g.identifier): set(g) for g in trig.graphs()}


def test_the_named_graphs_and_the_default_graph_are_the_graph(kg, trig):
    union: set = set()
    for triples in _graphs(trig).values():
        union |= triples
    assert union == set(kg)


def test_there_is_one_named_graph_per_source_document(kg, trig):
    documents = {str(d) for d in kg.subjects(RDF.type, CG.SourceDocument)}
    named = set(_graphs(trig)) - {str(trig.default_graph.identifier)}
    assert named == documents and len(documents) == 6


def test_each_triple_is_in_the_graph_of_the_source_it_derives_from(kg, trig):
    graphs = _graphs(trig)
    where = defaultdict(set)
    for name, triples in graphs.items():
        for triple in triples:
            where[triple].add(name)
    plans = str(ID["source/cc-action-plans-2012"])
    # an evidence node is in the graph of the document it quotes, and only there
    for evidence, source in kg.subject_objects(PROV.hadPrimarySource):
        for triple in kg.triples((evidence, None, None)):
            assert where[triple] == {str(source)}, triple
    # the register's graph holds the councils' identity, the texts' graphs what the texts say of them
    assert where[(WIGAN, CG.gssCode, Literal("E08000010"))] == {str(REGISTER)}
    model = ID["initiative/wigan-new-economic-model-for-social-care"]
    assert plans in where[(WIGAN, CG.leads, model)] and str(REGISTER) not in where[(WIGAN, CG.leads, model)]
    assert where[(WIGAN, PROV.wasDerivedFrom, URIRef(plans))] == {plans}
    leads = [r for r in kg.subjects(CG.relationFrom, WIGAN) if (r, CG.relationTo, model) in kg]
    for relation in leads:  # the relation node is in the graph of each document its evidence quotes
        quoted = {str(kg.value(e, PROV.hadPrimarySource)) for e in kg.objects(relation, CG.evidence)}
        assert where[(relation, RDF.type, CG.Relation)] == quoted and plans in quoted
    # what no document states: the ontology import, the dataset's own description
    default = graphs[str(trig.default_graph.identifier)]
    assert any(p == URIRef("http://www.w3.org/2002/07/owl#imports") for _, p, _ in default)
    assert not any(p == CG.evidence for _, p, _ in default)


# --- what build wrote: byte-identical, the TriG against the Turtle, void.ttl ------------------------------


def test_the_downloads_are_byte_identical_across_hash_seeds(two_builds):
    first, second = two_builds
    for name in DOWNLOADS:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_the_built_trig_is_the_turtle_export_split_by_source(two_builds):
    first, _ = two_builds
    turtle = Graph().parse(first / "councilgraph.ttl", format="turtle")
    union = Graph()
    for graph in Dataset().parse(first / "councilgraph.trig", format="trig").graphs():
        union += graph
    assert set(union) == set(turtle) and len(turtle) > 40000


def test_the_built_graphml_has_the_views_sizes(kg, two_builds):
    first, _ = two_builds
    for view in VIEWS:
        projected = project(kg, view)
        read = nx.read_graphml(first / graphml_name(view), force_multigraph=view == "full")
        assert (read.number_of_nodes(), read.number_of_edges()) == (
            projected.number_of_nodes(),
            projected.number_of_edges(),
        ), view


def test_void_describes_every_download(two_builds):
    first, _ = two_builds
    void = Graph().parse(first / VOID_FILE, format="turtle")
    dataset = ID["dataset"]
    dumps = {str(d) for d in void.objects(dataset, VOID.dataDump)}
    listed = [name for name in BUILD_FILES if name not in ("network.html", VOID_FILE)]
    assert dumps == {f"https://w3id.org/councilgraph/dumps/{name}" for name in listed}
    assert set(void.objects(dataset, DCAT.distribution)) == {URIRef(d) for d in dumps}
    for name in listed:
        dump = URIRef(f"https://w3id.org/councilgraph/dumps/{name}")
        assert (dump, RDF.type, DCAT.Distribution) in void
        size = Literal((first / name).stat().st_size, datatype=XSD.nonNegativeInteger)
        assert void.value(dump, DCAT.byteSize) == size, name
    iana = "https://www.iana.org/assignments/media-types/"
    for name, media in (
        ("councilgraph.trig", "application/trig"),
        ("network-full.graphml", "application/graphml+xml"),
        ("network-full.gexf", "application/gexf+xml"),
        ("edges.csv", "text/csv"),
        ("metrics.ttl", "text/turtle"),
    ):
        assert void.value(URIRef(f"https://w3id.org/councilgraph/dumps/{name}"), DCAT.mediaType) == URIRef(iana + media)
    turtle = Graph().parse(first / "councilgraph.ttl", format="turtle")
    assert void.value(dataset, VOID.triples).toPython() == len(turtle)


def test_void_is_the_servers_description_at_the_w3id_address(kg):
    files = {"councilgraph.ttl": b"x" * 10, "nodes.csv": b"id\n", "network.html": b"<html>"}
    void = Graph().parse(data=dataset_description(kg, files), format="turtle")
    assert {str(d) for d in void.objects(ID["dataset"], VOID.dataDump)} == {
        "https://w3id.org/councilgraph/dumps/councilgraph.ttl",
        "https://w3id.org/councilgraph/dumps/nodes.csv",
    }
    assert void.value(ID["dataset"], VOID.sparqlEndpoint) == URIRef("https://w3id.org/councilgraph/sparql")
    csv_dump = URIRef("https://w3id.org/councilgraph/dumps/nodes.csv")
    assert void.value(csv_dump, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/text/csv")
    assert void.value(csv_dump, DCAT.byteSize).toPython() == 3
