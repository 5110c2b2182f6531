"""Counts over a built graph: by class, by source document, network membership per snapshot and tier."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS

from .namespaces import CG

__all__ = ["GraphStats", "MembershipSnapshot", "graph_stats", "COUNTED_CLASSES"]

COUNTED_CLASSES = [
    ("councils", CG.Council), ("principal councils", CG.PrincipalCouncil), ("local councils", CG.LocalCouncil),
    ("organisations", CG.Organisation), ("partner organisations", CG.PartnerOrganisation),
    ("funders", CG.Funder), ("initiatives", CG.Initiative), ("programmes", CG.Programme),
    ("programme phases", CG.ProgrammePhase), ("networks", CG.Network), ("events", CG.Event),
    ("people", CG.Person), ("funds", CG.Fund), ("places", CG.Place), ("policies", CG.Policy),
    ("awards", CG.Award), ("relations", CG.Relation), ("evidence quotes", CG.Evidence),
    ("figures", CG.Figure), ("claims", CG.Claim),
]


@dataclass
class MembershipSnapshot:
    network: str
    snapshot: str                    # the as-at date, or the source document where none is given
    source: str
    by_tier: dict[str, int]
    claims: list[tuple[str, str]] = field(default_factory=list)   # (label, stated value)

    @property
    def total(self) -> int:
        return sum(self.by_tier.values())


@dataclass
class GraphStats:
    triples: int
    by_class: dict[str, int]
    by_source: dict[str, dict[str, int]]     # source id -> {"entities": n, "relations": n, "quotes": n}
    memberships: list[MembershipSnapshot]


def graph_stats(graph: Graph) -> GraphStats:
    by_class = {label: len(set(graph.subjects(RDF.type, cls))) for label, cls in COUNTED_CLASSES}
    relations = set(graph.subjects(RDF.type, CG.Relation))
    by_source: dict[str, dict[str, int]] = {}
    for source in sorted(graph.subjects(RDF.type, CG.SourceDocument)):
        ident = str(graph.value(source, DCTERMS.identifier) or graph.namespace_manager.normalizeUri(source))
        derived = set(graph.subjects(PROV.wasDerivedFrom, source))
        by_source[ident] = {
            "entities": len({d for d in derived if d not in relations and (d, RDF.type, CG.Evidence) not in graph
                             and (d, RDF.type, CG.Figure) not in graph}),
            "relations": len(derived & relations),
            "quotes": len(set(graph.subjects(PROV.hadPrimarySource, source))),
        }
    return GraphStats(len(graph), by_class, by_source, _memberships(graph))


def _memberships(graph: Graph) -> list[MembershipSnapshot]:
    groups: dict[tuple[str, str, str], Counter] = {}
    for membership in graph.subjects(RDF.type, CG.NetworkMembership):
        network = graph.value(membership, ORG.organization)
        as_at = graph.value(membership, CG.asAt)
        for source in graph.objects(membership, PROV.wasDerivedFrom):
            source_id = str(graph.value(source, DCTERMS.identifier))
            tier = graph.value(membership, CG.tier)
            key = (str(graph.value(network, RDFS.label)), str(as_at) if as_at else f"undated ({source_id})",
                   source_id)
            groups.setdefault(key, Counter())[str(graph.value(tier, RDFS.label)) if tier else "(no tier)"] += 1
    snapshots = []
    for (network, snapshot, source), tiers in sorted(groups.items()):
        claims = []
        network_node = next(graph.subjects(RDFS.label, Literal(network)), None)
        for claim in graph.objects(network_node, CG.claim):
            claim_sources = {str(graph.value(s, DCTERMS.identifier)) for s in graph.objects(claim, PROV.wasDerivedFrom)}
            if source in claim_sources:
                claims.append((str(graph.value(claim, RDFS.label)), str(graph.value(claim, CG.claimedValue))))
        snapshots.append(MembershipSnapshot(network, snapshot, source, dict(sorted(tiers.items())), sorted(claims)))
    return snapshots

