"""Everything the graph knows about one entity (found by any of its names), and its text for `show`."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SDO, SKOS

from ..model.namespaces import CG, prefixed_name
from ..model.vocabulary import RELATION_TYPES_BY_CLASS, reading
from .facts import Facts, facts_of
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


def _relation_views(facts: Facts, entity: URIRef) -> list[RelationView]:
    views = []
    for end_prop, other_prop, forward in (
        (CG.relationFrom, CG.relationTo, True),
        (CG.relationTo, CG.relationFrom, False),
    ):
        for rel in facts.subjects(end_prop, entity):
            other = facts.value(rel, other_prop)
            name = relation_class(facts, rel)
            spec = RELATION_TYPES_BY_CLASS.get(name)
            qualifiers = {q.label: values for q, values in qualifiers_of(facts, rel)}
            verb = name
            if spec is not None:  # as its status reads: "applied to", not "participates in"
                _, active, passive, _ = reading(spec, qualifiers.get("status"))
                verb = active if forward else passive
            views.append(RelationView(name, verb, facts.label(other), str(other), qualifiers, evidence_of(facts, rel)))
    return sorted(
        views, key=lambda v: (v.verb, v.other, sorted(v.qualifiers.items()), [(e.source, e.quote) for e in v.evidence])
    )


def describe_entity(graph: Graph | Facts, name: str) -> EntityDescription:
    """Everything known about the entity `name` (any alias, case-insensitive), read from an rdflib graph
    or from the project's store (graph.query.facts)."""
    facts = facts_of(graph)
    entity = facts.find(name)
    types = sorted(prefixed_name(str(t)) for t in facts.objects(entity, RDF.type))
    description = EntityDescription(iri=str(entity), label=facts.label(entity), types=types)
    for label, prop in _IDENTIFIERS:
        values = facts.texts(entity, prop)
        if values:
            description.identifiers[label] = "; ".join(values)
    kind = facts.value(entity, CG.organisationKind)
    if kind is not None:
        description.identifiers["kind"] = facts.label(kind)
    description.aliases = [a for a in facts.texts(entity, SKOS.altLabel) if a != description.label]
    description.descriptions = facts.texts(entity, DCTERMS.description)
    description.notes = facts.texts(entity, SKOS.editorialNote)
    description.ambiguities = facts.texts(entity, CG.ambiguity)
    description.sources = source_ids(facts, entity)
    description.evidence = evidence_of(facts, entity)
    description.figures = sorted(
        (
            {
                "label": facts.label(fig),
                "value": str(facts.value(fig, SDO.value)),
                "unit": str(facts.value(fig, CG.unit)),
                "quote": "; ".join(e.quote for e in evidence_of(facts, fig)),
            }
            for fig in facts.objects(entity, CG.figure)
        ),
        key=lambda f: (f["label"], f["value"]),
    )
    description.claims = sorted(
        (
            {
                "label": facts.label(claim),
                "value": str(facts.value(claim, CG.claimedValue)),
                "quote": "; ".join(e.quote for e in evidence_of(facts, claim)),
            }
            for claim in facts.objects(entity, CG.claim)
        ),
        key=lambda c: c["label"],
    )
    description.relations = _relation_views(facts, entity)
    if facts.has_type(entity, CG.Network):
        from .membership import membership_snapshots

        for snap in membership_snapshots(facts, entity):
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
