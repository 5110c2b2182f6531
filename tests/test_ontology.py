"""The ontology file and the code's vocabulary agree, and every term is labelled and defined."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.model.namespaces import CG
from graph.model.vocabulary import ENTITY_TYPES, RELATION_TYPES


def ontology(paths) -> Graph:
    return Graph().parse(paths.ontology)


def declared_terms(g: Graph) -> set[str]:
    ns = str(CG._NS)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {str(s)[len(ns) :] for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(ns)}


def test_code_vocabulary_equals_ontology_terms(paths):
    assert declared_terms(ontology(paths)) == set(CG.__annotations__)


def test_every_term_has_label_and_definition(paths):
    g = ontology(paths)
    lacking = [
        t
        for t in sorted(declared_terms(g))
        if (CG[t], RDFS.label, None) not in g or (CG[t], SKOS.definition, None) not in g
    ]
    assert lacking == []


def test_misspelt_terms_fail_at_once():
    import pytest

    with pytest.raises(AttributeError):
        CG.Councill  # noqa: B018


def test_model_uses_only_declared_classes(paths):
    g = ontology(paths)
    used = {c for t in ENTITY_TYPES.values() for c in t.classes} | {r.cls for r in RELATION_TYPES.values()}
    ours = {c for c in used if str(c).startswith(str(CG._NS))}
    assert all((c, RDF.type, OWL.Class) in g for c in ours)
    # every relation class is a cg:Relation
    assert all((r.cls, RDFS.subClassOf, CG.Relation) in g for r in RELATION_TYPES.values())


def test_standard_vocabularies_are_reused(paths):
    g = ontology(paths)
    parents = {str(o) for o in g.objects(None, RDFS.subClassOf) if isinstance(o, URIRef)}
    for prefix in (
        "http://www.w3.org/ns/org#",
        "http://www.w3.org/ns/prov#",
        "https://schema.org/",
        "http://purl.org/dc/terms/",
    ):
        assert any(p.startswith(prefix) for p in parents), prefix
