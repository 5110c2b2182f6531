"""Everything the graph knows about one entity (found by any of its names), and its text for `show`."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SDO, SKOS

from ..model.namespaces import CG
from ..model.vocabulary import RELATION_TYPES_BY_CLASS
from .names import find_entity, label_of
from .relations import EvidenceView, evidence_of, qualifiers_of, relation_class, source_ids

__all__ = ["EntityDescription", "RelationView", "EvidenceView", "describe_entity", "render_description"]

_IDENTIFIERS = [
    ("GSS code", CG.gssCode),
    ("local authority code", CG.localAuthorityCode),
    ("org-id", CG.orgId),
    ("nation", CG.nation),
    ("region", CG.region),
    ("authority type", CG.authorityType),
    ("area served", SDO.areaServed),
    ("latitude", SDO.latitude),
    ("longitude", SDO.longitude),
    ("start date", CG.startDate),
    ("end date", CG.endDate),
    ("date", SDO.startDate),
    ("published", DCTERMS.date),
    ("publisher", DCTERMS.publisher),
    ("date note", CG.dateNote),
    ("file", CG.sourceFile),
    ("rights", DCTERMS.rights),
]


@dataclass
class RelationView:
    relation: str  # the relation's class label, e.g. "Leadership"
    verb: str  # as read from the entity described: "leads", "is led by"
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


def _texts(graph: Graph, subject, prop) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, prop))


def _relation_views(graph: Graph, entity: URIRef) -> list[RelationView]:
    views = []
    for end_prop, other_prop, forward in (
        (CG.relationFrom, CG.relationTo, True),
        (CG.relationTo, CG.relationFrom, False),
    ):
        for rel in graph.subjects(end_prop, entity):
            other = graph.value(rel, other_prop)
            name = relation_class(graph, rel)
            spec = RELATION_TYPES_BY_CLASS.get(name)
            verb = name if spec is None else spec.active if forward else spec.passive
            qualifiers = {q.label: values for q, values in qualifiers_of(graph, rel)}
            views.append(
                RelationView(name, verb, label_of(graph, other), str(other), qualifiers, evidence_of(graph, rel))
            )
    return sorted(views, key=lambda v: (v.verb, v.other, sorted(v.qualifiers.items())))


def describe_entity(graph: Graph, name: str) -> EntityDescription:
    """Everything known about the entity `name` (any alias, case-insensitive)."""
    entity = find_entity(graph, name)
    types = sorted(graph.namespace_manager.normalizeUri(str(t)) for t in graph.objects(entity, RDF.type))
    description = EntityDescription(iri=str(entity), label=label_of(graph, entity), types=types)
    for label, prop in _IDENTIFIERS:
        values = _texts(graph, entity, prop)
        if values:
            description.identifiers[label] = "; ".join(values)
    kind = graph.value(entity, CG.organisationKind)
    if kind is not None:
        description.identifiers["kind"] = label_of(graph, kind)
    description.aliases = [a for a in _texts(graph, entity, SKOS.altLabel) if a != description.label]
    description.descriptions = _texts(graph, entity, DCTERMS.description)
    description.notes = _texts(graph, entity, SKOS.editorialNote)
    description.ambiguities = _texts(graph, entity, CG.ambiguity)
    description.sources = source_ids(graph, entity)
    description.evidence = evidence_of(graph, entity)
    for fig in graph.objects(entity, CG.figure):
        description.figures.append(
            {
                "label": label_of(graph, fig),
                "value": str(graph.value(fig, SDO.value)),
                "unit": str(graph.value(fig, CG.unit)),
                "quote": "; ".join(e.quote for e in evidence_of(graph, fig)),
            }
        )
    description.figures.sort(key=lambda f: (f["label"], f["value"]))
    for claim in graph.objects(entity, CG.claim):
        description.claims.append(
            {
                "label": label_of(graph, claim),
                "value": str(graph.value(claim, CG.claimedValue)),
                "quote": "; ".join(e.quote for e in evidence_of(graph, claim)),
            }
        )
    description.claims.sort(key=lambda c: c["label"])
    description.relations = _relation_views(graph, entity)
    if (entity, RDF.type, CG.Network) in graph:
        from ..model.membership import membership_snapshots

        for snap in membership_snapshots(graph, entity):
            tiers: dict[str, list[str]] = {}
            for member in snap.members:
                tiers.setdefault(member.tier or "(no tier)", []).append(member.label)
            description.members[snap.label] = tiers
    return description


def render_description(d: EntityDescription) -> str:
    """The text `councilgraph show` prints: the entity's names and identifiers, then its evidence,
    figures, claims, members and relations."""
    lines = _heading_lines(d)
    if d.figures:
        lines.append("\nfigures:")
        lines += [f'  {f["label"]}: {f["value"]} {f["unit"]}  "{f["quote"]}"' for f in d.figures]
    if d.claims:
        lines.append("\nclaims made by the documents:")
        lines += [f'  {c["label"]}: {c["value"]}  "{c["quote"]}"' for c in d.claims]
    for snapshot, tiers in d.members.items():
        lines.append(f"\nmembers listed in {snapshot}: {sum(len(m) for m in tiers.values())}")
        lines += [f"  {tier} ({len(members)}): {'; '.join(members)}" for tier, members in tiers.items()]
    return "\n".join(lines + _relation_lines(d))


def _heading_lines(d: EntityDescription) -> list[str]:
    lines = [d.label, "=" * len(d.label), f"IRI:   {d.iri}", f"types: {', '.join(d.types)}"]
    lines += [f"{k}: {v}" for k, v in d.identifiers.items()]
    if d.aliases:
        lines.append(f"also called: {'; '.join(d.aliases)}")
    lines += [f"description: {t}" for t in d.descriptions]
    lines += [f"note: {t}" for t in d.notes]
    lines += [f"AMBIGUITY: {t}" for t in d.ambiguities]
    if d.sources:
        lines.append(f"sources: {', '.join(d.sources)}")
    for ev in d.evidence:
        lines.append(f'  [{ev.source}] "{ev.quote}"')
    return lines


def _relation_lines(d: EntityDescription) -> list[str]:
    lines = []
    relations = [r for r in d.relations if not (d.members and r.relation == "NetworkMembership")]
    if relations:
        hidden = len(d.relations) - len(relations)
        lines.append(
            f"\nrelations ({len(relations)}"
            + (f"; the {hidden} memberships are listed above, with their evidence in --json" if hidden else "")
            + "):"
        )
    for rel in relations:
        qualifiers = "; ".join(f"{k}: {v}" for k, v in rel.qualifiers.items())
        lines.append(f"- {rel.verb} {rel.other}" + (f"  ({qualifiers})" if qualifiers else ""))
        for ev in rel.evidence:
            lines.append(f'    [{ev.source}] "{ev.quote}"')
    return lines
