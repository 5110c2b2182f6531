"""Network membership as snapshots: who the documents list as members, per network and per source."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS

from .namespaces import CG

__all__ = ["Member", "Snapshot", "membership_snapshots", "compare_snapshots"]


@dataclass(frozen=True, order=True)
class Member:
    label: str
    iri: str
    tier: str | None


@dataclass
class Snapshot:
    """The members one source document lists for one network."""

    network: str
    network_iri: str
    source: str
    source_date: str
    as_at: str | None
    members: list[Member] = field(default_factory=list)
    claims: list[tuple[str, str]] = field(default_factory=list)  # (what the document states, value)

    @property
    def label(self) -> str:
        return f"{self.source} (as at {self.as_at})" if self.as_at else f"{self.source} (undated: {self.source_date})"

    def by_tier(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for member in self.members:
            counts[member.tier or "(no tier)"] = counts.get(member.tier or "(no tier)", 0) + 1
        return dict(sorted(counts.items()))


def _text(graph: Graph, node, prop) -> str | None:
    value = graph.value(node, prop)
    return None if value is None else str(value)


def membership_snapshots(graph: Graph, network: URIRef | None = None) -> list[Snapshot]:
    """Every (network, source) snapshot, oldest source first; members merged per snapshot."""
    found: dict[tuple[str, str], Snapshot] = {}
    tiers: dict[tuple[str, str], dict[str, set[str]]] = {}
    for membership in sorted(graph.subjects(RDF.type, CG.NetworkMembership), key=str):  # IRIs, by their text
        net = graph.value(membership, ORG.organization)
        if network is not None and net != network:
            continue
        member = graph.value(membership, ORG.member)
        tier = graph.value(membership, CG.tier)
        as_at = _text(graph, membership, CG.asAt)
        for source in sorted(graph.objects(membership, PROV.wasDerivedFrom), key=str):
            source_id = _text(graph, source, DCTERMS.identifier) or str(source)
            key = (str(net), source_id)
            snap = found.setdefault(
                key,
                Snapshot(
                    _text(graph, net, RDFS.label) or str(net),
                    str(net),
                    source_id,
                    _text(graph, source, DCTERMS.date) or "",
                    None,
                ),
            )
            snap.as_at = snap.as_at or as_at
            member_tiers = tiers.setdefault(key, {}).setdefault(str(member), set())
            if tier is not None:
                member_tiers.add(_text(graph, tier, RDFS.label) or str(tier))
    snapshots = []
    for key, snap in found.items():
        snap.members = sorted(
            Member(_text(graph, URIRef(iri), RDFS.label) or iri, iri, "/".join(sorted(t)) or None)
            for iri, t in tiers[key].items()
        )
        for claim in graph.objects(URIRef(snap.network_iri), CG.claim):
            sources = {_text(graph, s, DCTERMS.identifier) for s in graph.objects(claim, PROV.wasDerivedFrom)}
            if snap.source in sources:
                snap.claims.append((_text(graph, claim, RDFS.label) or "", _text(graph, claim, CG.claimedValue) or ""))
        snap.claims.sort()
        snapshots.append(snap)
    return sorted(snapshots, key=lambda s: (s.network, s.source_date, s.source))


def compare_snapshots(earlier: Snapshot, later: Snapshot) -> dict[str, list[str]]:
    """Members in both, only in the earlier snapshot, only in the later one (labels, sorted)."""
    first = {m.iri: m.label for m in earlier.members}
    second = {m.iri: m.label for m in later.members}
    return {
        "both": sorted(first[i] for i in first.keys() & second.keys()),
        "only_earlier": sorted(first[i] for i in first.keys() - second.keys()),
        "only_later": sorted(second[i] for i in second.keys() - first.keys()),
    }
