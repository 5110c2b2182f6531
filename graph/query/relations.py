"""Reading facts back from the graph as `graph.model.build` wrote them: a qualified relation's type and
qualifiers, and the quoted evidence and source documents of anything. `show`, the network views (and so
`path`, `analyse` and the page) read them here, alike."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF
from rdflib.term import Node

from ..model.namespaces import CG
from ..model.vocabulary import QUALIFIERS, Qualifier, local_name
from .names import label_of

__all__ = ["EvidenceView", "evidence_of", "source_ids", "relation_class", "qualifiers_of"]


@dataclass
class EvidenceView:
    source: str
    quote: str
    curated_at: str


def _texts(graph: Graph, subject: Node, prop: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, prop))


def _source_id(graph: Graph, source: Node | None) -> str:
    return str(graph.value(source, DCTERMS.identifier) or source)


def evidence_of(graph: Graph, subject: Node) -> list[EvidenceView]:
    """The quotes that state `subject` (an entity, a relation, a figure, a claim), by source and quote."""
    views = [
        EvidenceView(
            source=_source_id(graph, graph.value(ev, PROV.hadPrimarySource)),
            quote=str(graph.value(ev, CG.quote)),
            curated_at=", ".join(_texts(graph, ev, CG.curatedAt)),
        )
        for ev in graph.objects(subject, CG.evidence)
    ]
    return sorted(views, key=lambda v: (v.source, v.quote))


def source_ids(graph: Graph, subject: Node) -> list[str]:
    """The ids of the source documents `subject` was derived from, sorted."""
    return sorted({_source_id(graph, s) for s in graph.objects(subject, PROV.wasDerivedFrom)})


def relation_class(graph: Graph, relation: Node) -> str:
    """The local name of a qualified relation's own class ('Leadership'), or 'Relation' if it has none."""
    names = sorted(
        local_name(c)
        for c in graph.objects(relation, RDF.type)
        if isinstance(c, URIRef) and str(c).startswith(str(CG._NS)) and c != CG.Relation
    )
    return names[0] if names else "Relation"


def qualifiers_of(graph: Graph, relation: Node, chosen: list[Qualifier] = QUALIFIERS) -> list[tuple[Qualifier, str]]:
    """The `chosen` qualifiers `relation` has, in their order, each with its values ('; '-joined, sorted;
    a controlled value by its label)."""
    found = []
    for qualifier in chosen:
        values = [
            (label_of(graph, v) if isinstance(v, URIRef) else str(v)) for v in graph.objects(relation, qualifier.prop)
        ]
        if values:
            found.append((qualifier, "; ".join(sorted(values))))
    return found
