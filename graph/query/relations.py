"""Reading facts back from the graph as `graph.model.build` wrote them: a qualified relation's type and
qualifiers, and the quoted evidence and source documents of anything. `show`, the network views (and so
`path`, `analyse` and the page) read them here, alike."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from ..model.namespaces import CG
from ..model.vocabulary import QUALIFIERS, Qualifier, local_name
from .facts import Facts

__all__ = ["EvidenceView", "evidence_of", "source_ids", "relation_class", "qualifiers_of"]


@dataclass
class EvidenceView:
    source: str
    quote: str
    curated_at: str


def _source_id(facts: Facts, source) -> str:
    if source is None:
        return "None"
    return str(facts.value(source, DCTERMS.identifier) or source)


def evidence_of(facts: Facts, subject) -> list[EvidenceView]:
    """The quotes that state `subject` (an entity, a relation, a figure, a claim), by source and quote."""
    views = [
        EvidenceView(
            source=_source_id(facts, facts.value(ev, PROV.hadPrimarySource)),
            quote=str(facts.value(ev, CG.quote)),
            curated_at=", ".join(facts.texts(ev, CG.curatedAt)),
        )
        for ev in facts.objects(subject, CG.evidence)
    ]
    return sorted(views, key=lambda v: (v.source, v.quote))


def source_ids(facts: Facts, subject) -> list[str]:
    """The ids of the source documents `subject` was derived from, sorted."""
    return sorted({_source_id(facts, s) for s in facts.objects(subject, PROV.wasDerivedFrom)})


_CG = str(CG._NS)


def relation_class(facts: Facts, relation) -> str:
    """The local name of a qualified relation's own class ('Leadership'), or 'Relation' if it has none."""
    names = sorted(
        local_name(c)
        for c in facts.objects(relation, RDF.type)
        if isinstance(c, URIRef) and c.startswith(_CG) and c != CG.Relation
    )
    return names[0] if names else "Relation"


def qualifiers_of(facts: Facts, relation, chosen: list[Qualifier] = QUALIFIERS) -> list[tuple[Qualifier, str]]:
    """The `chosen` qualifiers `relation` has, in their order, each with its values ('; '-joined, sorted;
    a controlled value by its label)."""
    found = []
    for qualifier in chosen:
        values = [
            (facts.label(v) if isinstance(v, URIRef) else str(v)) for v in facts.objects(relation, qualifier.prop)
        ]
        if values:
            found.append((qualifier, "; ".join(sorted(values))))
    return found
