"""SHACL shapes in pairs: a valid snippet conforms; the same snippet plus one bad triple does not."""

from __future__ import annotations

import pytest
from rdflib import Graph

from graph.model.validate import validate_graph

PREFIXES = """
@prefix cg: <https://w3id.org/councilgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/councilgraph/id/> .
"""

VALID = (
    PREFIXES
    + """
<source/doc> a cg:SourceDocument ; rdfs:label "Doc" ; dcterms:title "Doc" ; dcterms:date "2012"^^xsd:gYear .
<evidence/e1> a cg:Evidence ; cg:quote "Wigan proposes to create a new economic model" ;
    prov:hadPrimarySource <source/doc> .
<council/wigan> a cg:Council, cg:PrincipalCouncil ; rdfs:label "Wigan Metropolitan Borough Council" ;
    cg:gssCode "E08000010" ; cg:localAuthorityCode "WGN" ; cg:nation "England" ; cg:region "North West" ;
    schema:areaServed <http://statistics.data.gov.uk/id/statistical-geography/E08000010> ;
    prov:wasDerivedFrom <source/doc> .
<initiative/credits> a cg:Initiative ; rdfs:label "Wigan Community Credits" ;
    cg:evidence <evidence/e1> ; prov:wasDerivedFrom <source/doc> .
<council/wigan> cg:leads <initiative/credits> .
<relation/r1> a cg:Leadership, cg:Relation ; rdfs:label "Wigan leads Credits" ;
    cg:relationFrom <council/wigan> ; cg:relationTo <initiative/credits> ;
    cg:evidence <evidence/e1> ; prov:wasDerivedFrom <source/doc> .
<network/ccin> a cg:Network ; rdfs:label "CCIN" ; cg:evidence <evidence/e1> ; prov:wasDerivedFrom <source/doc> .
<concept/full> a skos:Concept ; rdfs:label "Full" .
<relation/m1> a cg:NetworkMembership, cg:Relation ; rdfs:label "Wigan is a member of CCIN" ;
    cg:relationFrom <council/wigan> ; cg:relationTo <network/ccin> ; org:member <council/wigan> ;
    org:organization <network/ccin> ; cg:tier <concept/full> ; cg:evidence <evidence/e1> ;
    prov:wasDerivedFrom <source/doc> .
<person/p> a cg:Person ; rdfs:label "A Leader" ; cg:evidence <evidence/e1> ; prov:wasDerivedFrom <source/doc> .
<localcouncil/t> a cg:LocalCouncil, cg:Council ; rdfs:label "Winsford Town Council" ; cg:evidence <evidence/e1> ;
    prov:wasDerivedFrom <source/doc> .
"""
)

# one bad triple each, and the shape it breaks
BREAKAGES = {
    "council without GSS code": ("", 'cg:gssCode "E08000010" ;', ""),
    "council with malformed GSS code": ("", 'cg:gssCode "E08000010"', 'cg:gssCode "wigan"'),
    "council with two GSS codes": ('<council/wigan> cg:gssCode "E08000011" .', None, None),
    "area served is a literal": ('<council/wigan> schema:areaServed "Wigan" .', None, None),
    "unknown nation": ('<council/wigan> cg:nation "Mercia" .', None, None),
    "initiative without a lead": ("", "<council/wigan> cg:leads <initiative/credits> .", ""),
    "relation without evidence": (
        "",
        "cg:relationTo <initiative/credits> ;\n    cg:evidence <evidence/e1> ;",
        "cg:relationTo <initiative/credits> ;",
    ),
    "relation with two subjects": ("<relation/r1> cg:relationFrom <network/ccin> .", None, None),
    "evidence without a source": ("", "prov:hadPrimarySource <source/doc> .\n<council", ".\n<council"),
    "quote with an e-mail address": ('<evidence/e1> cg:quote "write to a.person@wigan.gov.uk" .', None, None),
    "membership in two tiers": ("<concept/assoc> a skos:Concept . <relation/m1> cg:tier <concept/assoc> .", None, None),
    "membership of a non-network": ("<relation/m1> org:organization <council/wigan> .", None, None),
    "person with an e-mail": ('<person/p> schema:email "a.leader@example.org" .', None, None),
    "local council with a GSS code": ('<localcouncil/t> cg:gssCode "E04000001" .', None, None),
    "entity without a label": ("", 'rdfs:label "Wigan Community Credits" ;', ""),
}


def test_an_initiative_whose_lead_the_sources_do_not_name_says_so(paths):
    without_lead = VALID.replace("<council/wigan> cg:leads <initiative/credits> .", "")
    assert not conforms(paths, without_lead).conforms
    said = without_lead + '<initiative/credits> cg:leadNotStated "The text names no council." .\n'
    assert conforms(paths, said).conforms


def test_a_lead_may_come_through_what_an_initiative_is_part_of(paths):
    part = (
        VALID
        + """
<initiative/part> a cg:Initiative ; rdfs:label "A part" ; cg:evidence <evidence/e1> ;
    prov:wasDerivedFrom <source/doc> ; dcterms:isPartOf <initiative/credits> .
<initiative/orphan> a cg:Initiative ; rdfs:label "An orphan" ; cg:evidence <evidence/e1> ;
    prov:wasDerivedFrom <source/doc> ; dcterms:isPartOf <initiative/nothing> .
"""
    )
    report = conforms(paths, part)
    assert [v.focus.strip("<>") for v in report.violations] == ["https://w3id.org/councilgraph/id/initiative/orphan"]


def conforms(paths, turtle: str):
    return validate_graph(Graph().parse(data=turtle, format="turtle"), paths.shapes, paths.ontology)


def test_the_valid_snippet_conforms(paths):
    report = conforms(paths, VALID)
    assert report.conforms, report.summary()


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_one_bad_triple_breaks_it(paths, name):
    extra, old, new = BREAKAGES[name]
    broken = VALID + extra + "\n"
    if old is not None:
        assert old in broken, f"test set-up: {old!r} not in the snippet"
        broken = broken.replace(old, new, 1)
    report = conforms(paths, broken)
    assert not report.conforms
    assert report.violations


@pytest.mark.slow
def test_the_built_graph_conforms(paths, kg):
    report = validate_graph(kg, paths.shapes, paths.ontology)
    assert report.conforms, report.summary()
