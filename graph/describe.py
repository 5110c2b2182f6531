"""Find an entity by any of its names and describe everything the graph knows about it."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SKOS

from .councils import normalise_name
from .errors import CouncilGraphError, UnknownEntity
from .namespaces import CG, prefixed_name

__all__ = ["NameIndex", "AmbiguousName", "EntityDescription", "RelationView", "EvidenceView",
           "describe_entity", "find_entity"]

# nodes that are facts about entities, not entities: never found by name
_NOT_ENTITIES = {CG.Relation, CG.Evidence, CG.Figure, CG.Claim, SKOS.Concept, SKOS.ConceptScheme}
_IDENTIFIERS = [("GSS code", CG.gssCode), ("local authority code", CG.localAuthorityCode),
                ("org-id", CG.orgId), ("nation", CG.nation), ("region", CG.region),
                ("authority type", CG.authorityType), ("area served", SDO.areaServed),
                ("latitude", SDO.latitude), ("longitude", SDO.longitude), ("start date", CG.startDate),
                ("end date", CG.endDate), ("date", SDO.startDate), ("published", DCTERMS.date),
                ("publisher", DCTERMS.publisher), ("date note", CG.dateNote), ("file", CG.sourceFile),
                ("rights", DCTERMS.rights)]


class AmbiguousName(CouncilGraphError):
    def __init__(self, name: str, candidates: list[tuple[str, str]]):
        self.name, self.candidates = name, candidates
        listed = "; ".join(f"{label} ({iri})" for label, iri in candidates)
        super().__init__(f"{name!r} names several entities: {listed}. Use a fuller name or the IRI.")


_OTHER_NAMES = (SKOS.altLabel, SKOS.prefLabel, CG.gssCode, CG.localAuthorityCode, CG.orgId, DCTERMS.identifier)


class NameIndex:
    """Every entity's labels, aliases, identifiers and prefixed IRI, normalised, mapped to the entity.

    Built from an rdflib graph (`NameIndex(graph)`) or from the rows a store answers `NameIndex.QUERY`
    with (`NameIndex.from_rows`): both read the same triples, and a test holds them to the same index.
    """

    # an entity (an IRI with a label that is not a fact node), its label, and each of its other names
    QUERY = ("SELECT ?entity ?label ?name WHERE {\n"
             "  ?entity <" + str(RDFS.label) + "> ?label .\n  FILTER(isIRI(?entity))\n"
             "  MINUS { VALUES ?kind { " + " ".join(f"<{c}>" for c in sorted(_NOT_ENTITIES)) + " }\n"
             "          ?entity a ?kind }\n"
             "  OPTIONAL { VALUES ?property { " + " ".join(f"<{p}>" for p in _OTHER_NAMES) + " }\n"
             "             ?entity ?property ?name }\n}")

    def __init__(self, graph: Graph):
        excluded = {s for cls in _NOT_ENTITIES for s in graph.subjects(RDF.type, cls)}
        labels: dict[str, set[str]] = {}
        for subject, label in graph.subject_objects(RDFS.label):
            if isinstance(subject, URIRef) and subject not in excluded:
                labels.setdefault(str(subject), set()).add(str(label))
        names: dict[str, set[str]] = {}
        for prop in _OTHER_NAMES:
            for subject, name in graph.subject_objects(prop):
                if str(subject) in labels:
                    names.setdefault(str(subject), set()).add(str(name))
        self._build(labels, names)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str | None]]) -> "NameIndex":
        """The index of the (entity IRI, label, other name or None) rows of `NameIndex.QUERY`."""
        labels: dict[str, set[str]] = {}
        names: dict[str, set[str]] = {}
        for entity, label, name in rows:
            labels.setdefault(entity, set()).add(label)
            if name is not None:
                names.setdefault(entity, set()).add(name)
        index = cls.__new__(cls)
        index._build(labels, names)
        return index

    def _build(self, labels: dict[str, set[str]], names: dict[str, set[str]]) -> None:
        self._index: dict[str, set[URIRef]] = {}
        self.labels: dict[URIRef, str] = {}
        for subject in sorted(labels):
            iri = URIRef(subject)
            self.labels[iri] = min(labels[subject])       # one label each (the shapes say so); min if not
            for name in labels[subject] | names.get(subject, set()) | {subject, prefixed_name(subject)}:
                self._index.setdefault(normalise_name(name), set()).add(iri)

    def find(self, name: str) -> URIRef:
        key = normalise_name(name)
        hits = self._index.get(key, set())
        if len(hits) == 1:
            return next(iter(hits))
        if len(hits) > 1:
            raise AmbiguousName(name, sorted((self.labels[h], str(h)) for h in hits))
        close = difflib.get_close_matches(key, self._index, n=5, cutoff=0.6)
        contains = sorted(k for k in self._index if key and key in k)[:5]
        suggestions = []
        for k in close + contains:
            for iri in sorted(self._index[k]):
                label = self.labels[iri]
                if label not in suggestions:
                    suggestions.append(label)
        raise UnknownEntity(name, suggestions[:6])


@dataclass
class EvidenceView:
    source: str
    quote: str
    curated_at: str


@dataclass
class RelationView:
    relation: str          # the relation's class label, e.g. "Leadership"
    verb: str              # as read from the entity described: "leads", "is led by"
    other: str
    other_iri: str
    qualifiers: dict[str, str]
    evidence: list[EvidenceView]


@dataclass
class EntityDescription:
    iri: str
    label: str
    types: list[str]
    identifiers: dict[str, str] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ambiguities: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    evidence: list[EvidenceView] = field(default_factory=list)
    figures: list[dict[str, str]] = field(default_factory=list)
    claims: list[dict[str, str]] = field(default_factory=list)
    relations: list[RelationView] = field(default_factory=list)
    # for networks: the members each source lists, {source label: {tier: [member labels]}}
    members: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def find_entity(graph: Graph, name: str) -> URIRef:
    return NameIndex(graph).find(name)


def _texts(graph: Graph, subject, prop) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, prop))


def _evidence(graph: Graph, subject) -> list[EvidenceView]:
    views = []
    for ev in graph.objects(subject, CG.evidence):
        source = graph.value(ev, PROV.hadPrimarySource)
        views.append(EvidenceView(
            source=str(graph.value(source, DCTERMS.identifier) or source),
            quote=str(graph.value(ev, CG.quote)),
            curated_at=", ".join(_texts(graph, ev, CG.curatedAt)),
        ))
    return sorted(views, key=lambda v: (v.source, v.quote))


_QUALIFIERS = [("role", CG.roleLabel), ("status", CG.status), ("tier", CG.tier), ("as at", CG.asAt),
               ("date", CG.date), ("date note", CG.dateNote), ("amount", SDO.amount), ("currency", SDO.currency),
               ("via", CG.viaInstrument), ("note", SKOS.editorialNote), ("ambiguity", CG.ambiguity)]
_PASSIVE = {"Leadership": "is led by", "Partnership": "works in partnership with", "Funding": "is funded by",
            "Support": "is supported by", "Participation": "has participant", "NetworkMembership": "has member",
            "RoleHolding": "has role holder", "Stewardship": "is run by", "Composition": "has part",
            "Presentation": "has presenter", "Siting": "is the location of", "GroupSeat": "has party group",
            "Establishment": "was established by", "Derivation": "was built on by",
            "Response": "is responded to by", "AwardReceipt": "was received by", "Authorship": "was written by",
            "Addressing": "received", "OtherRelation": "is related to"}
_ACTIVE = {"Leadership": "leads", "Partnership": "works in partnership with", "Funding": "funds",
           "Support": "supports", "Participation": "participates in", "NetworkMembership": "is a member of",
           "RoleHolding": "holds a role in", "Stewardship": "runs", "Composition": "is part of",
           "Presentation": "presents at", "Siting": "is located in", "GroupSeat": "sits on",
           "Establishment": "established", "Derivation": "builds on", "Response": "responds to",
           "AwardReceipt": "received", "Authorship": "wrote", "Addressing": "is addressed to",
           "OtherRelation": "is related to"}


def _label(graph: Graph, node) -> str:
    label = graph.value(node, RDFS.label)
    return str(label) if label is not None else graph.namespace_manager.normalizeUri(node)


def _relation_views(graph: Graph, entity: URIRef) -> list[RelationView]:
    views = []
    for end_prop, other_prop, table in ((CG.relationFrom, CG.relationTo, _ACTIVE),
                                        (CG.relationTo, CG.relationFrom, _PASSIVE)):
        for rel in graph.subjects(end_prop, entity):
            other = graph.value(rel, other_prop)
            cls = next((c for c in graph.objects(rel, RDF.type)
                        if isinstance(c, URIRef) and str(c).startswith(str(CG._NS)) and c != CG.Relation), None)
            name = str(cls).rsplit("#", 1)[-1] if cls else "Relation"
            qualifiers = {}
            for label, prop in _QUALIFIERS:
                values = [(_label(graph, v) if isinstance(v, URIRef) else str(v)) for v in graph.objects(rel, prop)]
                if values:
                    qualifiers[label] = "; ".join(sorted(values))
            views.append(RelationView(name, table.get(name, name), _label(graph, other), str(other), qualifiers,
                                      _evidence(graph, rel)))
    return sorted(views, key=lambda v: (v.verb, v.other, sorted(v.qualifiers.items())))


def describe_entity(graph: Graph, name: str) -> EntityDescription:
    """Everything known about the entity `name` (any alias, case-insensitive)."""
    entity = find_entity(graph, name)
    types = sorted(graph.namespace_manager.normalizeUri(t) for t in graph.objects(entity, RDF.type))
    description = EntityDescription(iri=str(entity), label=_label(graph, entity), types=types)
    for label, prop in _IDENTIFIERS:
        values = _texts(graph, entity, prop)
        if values:
            description.identifiers[label] = "; ".join(values)
    kind = graph.value(entity, CG.organisationKind)
    if kind is not None:
        description.identifiers["kind"] = _label(graph, kind)
    description.aliases = [a for a in _texts(graph, entity, SKOS.altLabel) if a != description.label]
    description.descriptions = _texts(graph, entity, DCTERMS.description)
    description.notes = _texts(graph, entity, SKOS.editorialNote)
    description.ambiguities = _texts(graph, entity, CG.ambiguity)
    description.sources = sorted(str(graph.value(s, DCTERMS.identifier) or s)
                                 for s in set(graph.objects(entity, PROV.wasDerivedFrom)))
    description.evidence = _evidence(graph, entity)
    for fig in graph.objects(entity, CG.figure):
        description.figures.append({
            "label": _label(graph, fig), "value": str(graph.value(fig, SDO.value)),
            "unit": str(graph.value(fig, CG.unit)),
            "quote": "; ".join(e.quote for e in _evidence(graph, fig)),
        })
    description.figures.sort(key=lambda f: (f["label"], f["value"]))
    for claim in graph.objects(entity, CG.claim):
        description.claims.append({
            "label": _label(graph, claim), "value": str(graph.value(claim, CG.claimedValue)),
            "quote": "; ".join(e.quote for e in _evidence(graph, claim)),
        })
    description.claims.sort(key=lambda c: c["label"])
    description.relations = _relation_views(graph, entity)
    if (entity, RDF.type, CG.Network) in graph:
        from .membership import membership_snapshots
        for snap in membership_snapshots(graph, entity):
            tiers: dict[str, list[str]] = {}
            for member in snap.members:
                tiers.setdefault(member.tier or "(no tier)", []).append(member.label)
            description.members[snap.label] = tiers
    return description

