"""The RDF -> NetworkX mapping (graph/projection.py, docs/projections.md), on a fixture and on the real graph."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.sparql import prepareQuery

from graph.errors import CouncilGraphError
from graph.model.namespaces import PREFIXES
from graph.network import analytics
from graph.network.projection import VIEWS, as_undirected, bipartite_view, councils_view, full_view, project
from tests.conftest import TURTLE_PREFIXES

# Three councils, a network with tiers, a programme with a phase, an initiative and a partner, shaped as
# `councilgraph build` makes them: each relation a qualified node with its ends, qualifiers and evidence.
FIXTURE = (
    TURTLE_PREFIXES
    + """

source:doc a cg:SourceDocument ; dcterms:identifier "doc" ; rdfs:label "A document" .
concept:full a skos:Concept ; rdfs:label "Full" .
concept:associate a skos:Concept ; rdfs:label "Associate" .
concept:selected a skos:Concept ; rdfs:label "selected" .
concept:applied a skos:Concept ; rdfs:label "applied" .

council:alpha a cg:Council, cg:PrincipalCouncil ; rdfs:label "Alpha Council" ; skos:altLabel "Alpha" ;
    cg:gssCode "E00000001" ; cg:nation "England" ; prov:wasDerivedFrom source:doc .
council:beta a cg:Council, cg:PrincipalCouncil ; rdfs:label "Beta Council" ; prov:wasDerivedFrom source:doc .
council:gamma a cg:Council, cg:PrincipalCouncil ; rdfs:label "Gamma Council" ; prov:wasDerivedFrom source:doc .
network:net a cg:Network ; rdfs:label "The Network" ; prov:wasDerivedFrom source:doc .
programme:prog a cg:Programme ; rdfs:label "The Programme" ; prov:wasDerivedFrom source:doc .
phase:two a cg:ProgrammePhase ; rdfs:label "Phase 2" ; prov:wasDerivedFrom source:doc .
initiative:scheme a cg:Initiative ; rdfs:label "Gamma Scheme" ; prov:wasDerivedFrom source:doc .
organisation:partner a cg:Organisation ; rdfs:label "Partner Ltd" ; prov:wasDerivedFrom source:doc .

relation:m-alpha a cg:NetworkMembership, cg:Relation, org:Membership ; cg:relationFrom council:alpha ;
    cg:relationTo network:net ; cg:tier concept:full ; cg:asAt "2020-05-01"^^xsd:date ;
    prov:wasDerivedFrom source:doc ; cg:evidence evidence:e1 .
relation:m-beta a cg:NetworkMembership, cg:Relation ; cg:relationFrom council:beta ; cg:relationTo network:net ;
    cg:tier concept:full ; prov:wasDerivedFrom source:doc ; cg:evidence evidence:e1 .
relation:m-gamma a cg:NetworkMembership, cg:Relation ; cg:relationFrom council:gamma ; cg:relationTo network:net ;
    cg:tier concept:associate ; prov:wasDerivedFrom source:doc ; cg:evidence evidence:e1 .
relation:p-alpha-applied a cg:Participation, cg:Relation ; cg:relationFrom council:alpha ; cg:relationTo phase:two ;
    cg:status concept:applied ; prov:wasDerivedFrom source:doc ; cg:evidence evidence:e2 .
relation:p-alpha-selected a cg:Participation, cg:Relation ; cg:relationFrom council:alpha ; cg:relationTo phase:two ;
    cg:status concept:selected ; prov:wasDerivedFrom source:doc ; cg:evidence evidence:e2 .
relation:p-beta a cg:Participation, cg:Relation ; cg:relationFrom council:beta ; cg:relationTo phase:two ;
    cg:status concept:applied ; prov:wasDerivedFrom source:doc ; cg:evidence evidence:e2 .
relation:part-of a cg:Composition, cg:Relation ; cg:relationFrom phase:two ; cg:relationTo programme:prog ;
    prov:wasDerivedFrom source:doc ; cg:evidence evidence:e2 .
relation:leads a cg:Leadership, cg:Relation ; cg:relationFrom council:gamma ; cg:relationTo initiative:scheme ;
    prov:wasDerivedFrom source:doc ; cg:evidence evidence:e3 .
relation:partner-scheme a cg:Partnership, cg:Relation ; cg:relationFrom initiative:scheme ;
    cg:relationTo organisation:partner ; cg:roleLabel "delivery partner" ; prov:wasDerivedFrom source:doc ;
    cg:evidence evidence:e3 .
relation:partner-beta a cg:Partnership, cg:Relation ; cg:relationFrom council:beta ;
    cg:relationTo organisation:partner ; prov:wasDerivedFrom source:doc ; cg:evidence evidence:e3 .
relation:to-nowhere a cg:OtherRelation, cg:Relation ; cg:relationFrom council:alpha ; cg:relationTo source:doc .

evidence:e1 a cg:Evidence ; cg:quote "Alpha, Beta (Full) and Gamma (Associate) are members" ;
    prov:hadPrimarySource source:doc .
evidence:e2 a cg:Evidence ; cg:quote "Alpha and Beta applied for Phase 2" ; prov:hadPrimarySource source:doc .
evidence:e3 a cg:Evidence ; cg:quote "Gamma's scheme is delivered with Partner Ltd" ; prov:hadPrimarySource source:doc .
"""
)

ID = "https://w3id.org/councilgraph/id/"
ALPHA, BETA, GAMMA = (f"{ID}council/{c}" for c in ("alpha", "beta", "gamma"))
NET, PROG, PHASE = f"{ID}network/net", f"{ID}programme/prog", f"{ID}phase/two"
SCHEME, PARTNER = f"{ID}initiative/scheme", f"{ID}organisation/partner"


@pytest.fixture(scope="module")
def fixture() -> Graph:
    return Graph().parse(data=FIXTURE, format="turtle")


def test_entities_become_nodes_with_their_attributes(fixture):
    g = full_view(fixture)
    assert sorted(g.nodes) == sorted([ALPHA, BETA, GAMMA, NET, PROG, PHASE, SCHEME, PARTNER])
    assert g.nodes[ALPHA] == {
        "label": "Alpha Council",
        "type": "Council",
        "aliases": ["Alpha"],
        "sources": ["doc"],
        "gss": "E00000001",
        "nation": "England",
    }
    assert [g.nodes[n]["type"] for n in (NET, PROG, PHASE, SCHEME, PARTNER)] == [
        "Network",
        "Programme",
        "ProgrammePhase",
        "Initiative",
        "Organisation",
    ]


def test_a_membership_becomes_one_edge_with_its_tier_and_evidence(fixture):
    g = full_view(fixture)
    edges = g.get_edge_data(ALPHA, NET)
    assert list(edges) == [f"{ID}relation/m-alpha"]
    assert edges[f"{ID}relation/m-alpha"] == {
        "relation": "NetworkMembership",
        "verb": "member of",
        "iri": f"{ID}relation/m-alpha",
        "sources": ["doc"],
        "tier": "Full",
        "as_at": "2020-05-01",
        "evidence": [{"source": "doc", "quote": "Alpha, Beta (Full) and Gamma (Associate) are members"}],
    }


def test_each_relation_is_one_edge_and_relations_to_non_entities_are_left_out(fixture):
    g = full_view(fixture)
    # 11 relation nodes, one of which ends at a source document (not an entity)
    assert g.number_of_edges() == 10
    assert sorted(d["status"] for _, _, d in g.edges(ALPHA, data=True) if "status" in d) == ["applied", "selected"]
    assert g.get_edge_data(SCHEME, PARTNER)[f"{ID}relation/partner-scheme"]["role"] == "delivery partner"


def test_bipartite_view_ties_councils_directly_through_led_initiatives_and_phases(fixture):
    g = bipartite_view(fixture)
    assert sorted(g.nodes) == sorted([ALPHA, BETA, GAMMA, NET, PROG, PHASE, PARTNER])
    assert {tuple(sorted((a, b))): d["via"] for a, b, d in g.edges(data=True)} == {
        (ALPHA, NET): ["member of (tier: Full)"],
        (ALPHA, PHASE): ["applied to", "participates in"],  # applied, then selected: read as its status says
        (ALPHA, PROG): ["via Phase 2"],
        (BETA, NET): ["member of (tier: Full)"],
        (BETA, PHASE): ["applied to"],
        (BETA, PROG): ["via Phase 2"],
        (BETA, PARTNER): ["partner of"],
        (GAMMA, NET): ["member of (tier: Associate)"],
        (GAMMA, PARTNER): ["partner of (via Gamma Scheme)"],
    }
    assert {n: d["bipartite"] for n, d in g.nodes(data=True)} == {
        ALPHA: 0,
        BETA: 0,
        GAMMA: 0,
        NET: 1,
        PROG: 1,
        PHASE: 1,
        PARTNER: 1,
    }


def test_councils_view_weights_count_the_shared_things_they_list(fixture):
    g = councils_view(fixture)
    assert sorted(g.nodes) == [ALPHA, BETA, GAMMA]
    assert {tuple(sorted((a, b))): (d["weight"], d["shared"]) for a, b, d in g.edges(data=True)} == {
        (ALPHA, BETA): (4, ["Phase 2", "The Network", "The Network: Full tier", "The Programme"]),
        (ALPHA, GAMMA): (1, ["The Network"]),
        (BETA, GAMMA): (2, ["Partner Ltd", "The Network"]),
    }


def test_as_undirected_merges_parallel_relations_into_a_weighted_edge(fixture):
    full = full_view(fixture)
    g = as_undirected(full)
    assert not g.is_directed() and not g.is_multigraph()
    assert g.edges[ALPHA, PHASE] == {
        "weight": 2,
        "relations": [f"{ID}relation/p-alpha-applied", f"{ID}relation/p-alpha-selected"],
    }
    assert g.edges[PHASE, ALPHA] == g.edges[ALPHA, PHASE]
    assert g.number_of_edges() == 9  # 10 relations, two of them between the same pair
    assert full.number_of_edges() == 10  # the view itself is left as it was
    councils = as_undirected(councils_view(fixture))
    assert councils.edges[ALPHA, BETA]["weight"] == 4
    assert councils.edges[ALPHA, BETA]["shared"][0] == "Phase 2"


def test_project_by_name_and_unknown_view(fixture):
    assert set(VIEWS) == {"full", "bipartite", "councils"}
    assert sorted(project(fixture, "councils").edges) == sorted(councils_view(fixture).edges)
    with pytest.raises(CouncilGraphError, match="unknown view 'people'; views: full, bipartite, councils"):
        project(fixture, "people")


# ---------------------------------------------------------------- the real graph


def select(kg, query: str, **bindings) -> set[str]:
    prepared = prepareQuery(query, initNs=PREFIXES)
    return {str(row[0]) for row in kg.query(prepared, initBindings=bindings)}


@pytest.fixture(scope="module")
def views(kg):
    full = full_view(kg)
    return {"full": full, "bipartite": bipartite_view(kg, full), "councils": councils_view(kg, full)}


def test_every_relation_between_entities_is_an_edge_of_the_full_view(kg, views):
    relations = select(kg, "SELECT ?r WHERE { ?r a cg:Relation ; cg:relationFrom ?a ; cg:relationTo ?b }")
    keys = {k for _, _, k in views["full"].edges(keys=True)}
    assert keys <= relations
    missing = relations - keys
    # the relations left out are exactly those with an end that is not an entity (a source document...)
    assert all(
        not (
            {str(o) for o in kg.objects(URIRef(r), PREFIXES["cg"].relationFrom)}
            | {str(o) for o in kg.objects(URIRef(r), PREFIXES["cg"].relationTo)}
        )
        <= set(views["full"])
        for r in missing
    )


def test_real_memberships_carry_their_tier(kg, views):
    tiers = {d.get("tier") for _, _, d in views["full"].edges(data=True) if d["relation"] == "NetworkMembership"}
    assert {"Full", "Associate", "Affiliate"} <= tiers


def test_every_phase_2_council_is_connected_to_the_programme(kg, views):
    phase2 = select(
        kg,
        """SELECT DISTINCT ?c WHERE {
        ?r a cg:Participation ; cg:relationFrom ?c ; cg:relationTo ?phase . ?c a cg:Council }""",
        phase=PREFIXES["phase"]["creative-councils-phase-2"],
    )
    programme = str(PREFIXES["programme"]["creative-councils"])
    assert len(phase2) >= 6
    undirected = as_undirected(views["full"])
    for council in sorted(phase2):
        assert views["bipartite"].has_edge(council, programme), council
        assert nx.shortest_path_length(undirected, council, programme) <= 2, council


def test_councils_in_both_the_programme_and_the_network_are_what_bridges_them(kg, views):
    in_programme = select(
        kg,
        """SELECT DISTINCT ?c WHERE {
        ?r a cg:Participation ; cg:relationFrom ?c ; cg:relationTo ?to . ?c a cg:Council .
        { ?to dcterms:isPartOf ?programme } UNION { FILTER(?to = ?programme) } }""",
        programme=PREFIXES["programme"]["creative-councils"],
    )
    in_network = select(
        kg,
        """SELECT DISTINCT ?c WHERE {
        ?m a cg:NetworkMembership ; cg:relationFrom ?c ; cg:relationTo ?network . ?c a cg:Council }""",
        network=PREFIXES["network"]["ccin"],
    )
    both = in_programme & in_network
    assert both, "no council is in both Creative Councils and the CCIN"
    g = as_undirected(views["bipartite"])
    programme, network = str(PREFIXES["programme"]["creative-councils"]), str(PREFIXES["network"]["ccin"])
    count, paths = analytics.shortest_paths(g, programme, network, limit=1000)
    assert count == len(paths) == len(both)
    assert {p[1] for p in paths} == both and all(len(p) == 3 for p in paths)
    between = analytics.betweenness(g)
    assert all(between[c] > 0 for c in both)


def test_every_councils_view_weight_is_what_it_lists(views):
    g = views["councils"]
    assert g.number_of_edges() > 0
    assert all(d["weight"] == len(d["shared"]) == len(set(d["shared"])) for _, _, d in g.edges(data=True))
