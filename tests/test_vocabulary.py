"""One vocabulary, read everywhere: the words `show`, `path`, `stats`, `analyse` and the page print come
from graph.model.vocabulary, and what it says about the data is what the data does."""

from __future__ import annotations

from rdflib.namespace import RDF, RDFS

from graph.model.vocabulary import (
    COUNCIL,
    ENTITY_TYPES,
    ENTITY_TYPES_BY_CLASS,
    PLURALS,
    QUALIFIER_FIELDS,
    QUALIFIERS,
    RELATION_TYPES,
    RELATION_TYPES_BY_CLASS,
)
from graph.network.analysis import describe_community
from graph.network.connect import _hop_relation
from graph.network.projection import ENTITY_CLASSES, RELATION_VERBS, TIE_TYPES, full_view
from graph.network.stats import COUNTED_CLASSES
from graph.query.describe import describe_entity
from graph.viz.style import TYPE_STYLE


def test_every_node_type_has_its_names_and_a_colour():
    node_types = {name for name, _ in ENTITY_CLASSES}
    assert node_types == set(TYPE_STYLE)
    assert TIE_TYPES <= node_types
    for name in node_types:
        entity_type = ENTITY_TYPES_BY_CLASS[name]
        assert TYPE_STYLE[name][0].casefold() == entity_type.one
        assert entity_type.one and entity_type.many != entity_type.one


def test_stats_counts_by_the_vocabularys_plurals():
    assert [label for label, _ in COUNTED_CLASSES][:4] == [
        "councils",
        "principal councils",
        "combined authorities",
        "local councils",
    ]
    assert all(PLURALS[cls] == label for label, cls in COUNTED_CLASSES)
    assert ("councils", COUNCIL.classes[0]) in COUNTED_CLASSES


def test_each_relation_type_has_its_verbs_once():
    assert len(RELATION_TYPES_BY_CLASS) == len(RELATION_TYPES)
    assert RELATION_VERBS == {name: r.edge or r.active for name, r in RELATION_TYPES_BY_CLASS.items()}
    # an edge label is kept apart from the active verb only where the two differ
    assert all(r.edge != r.active for r in RELATION_TYPES.values() if r.edge)


def test_the_data_uses_only_the_qualifiers_its_relation_types_take(dataset):
    # the generated table in docs/data-format.md says which relation types take which qualifiers
    general = {q.field for q in QUALIFIERS if q.general}
    assert {name for rel in dataset.curated.relations for name, _ in rel.qualifiers} <= set(QUALIFIER_FIELDS)
    wrong = sorted(
        f"{rel.where}: a {rel.type} relation with {name}"
        for rel in dataset.curated.relations
        for name, _ in rel.qualifiers
        if name not in general and name not in RELATION_TYPES[rel.type].qualifiers
    )
    assert wrong == []


def test_the_built_relations_read_as_the_vocabulary_says(kg, dataset):
    for rel in list(kg.subjects(RDF.type, RELATION_TYPES["partner"].cls))[:3]:
        label = str(kg.value(rel, RDFS.label))
        assert f" {RELATION_TYPES['partner'].active} " in label
    wigan = describe_entity(kg, "Wigan")
    spec = RELATION_TYPES_BY_CLASS["Leadership"]
    assert {v.verb for v in wigan.relations if v.relation == "Leadership"} == {spec.active}
    shaped = describe_entity(kg, "Shaped by Us")
    assert {v.verb for v in shaped.relations if v.relation == "Leadership"} == {spec.passive}
    assert {v.verb for v in shaped.relations if v.relation == "Partnership"} == {RELATION_TYPES["partner"].passive}


def test_path_and_analyse_print_the_vocabularys_words(kg):
    full = full_view(kg)
    edge = next(d for _, _, d in full.edges(data=True) if d["relation"] == "NetworkMembership" and "as_at" in d)
    hop = _hop_relation(edge, True)
    assert hop.verb == RELATION_TYPES["member"].edge_label
    assert "as at" in hop.qualifiers  # the qualifier's label, not its field name
    node = next(n for n, d in full.nodes(data=True) if d["type"] == "ProgrammePhase")
    community = describe_community(full, [node], 1)
    assert f"({ENTITY_TYPES['Phase'].one})" in community.summary
