"""Network membership as snapshots: who the documents list as members, per network and per source."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDFS

from ..model.namespaces import CG
from .facts import Facts

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


def _text(facts: Facts, node, prop) -> str | None:
    value = facts.value(node, prop)
    return None if value is None else str(value)


def membership_snapshots(facts: Facts, network: URIRef | None = None) -> list[Snapshot]:
    """Every (network, source) snapshot, oldest source first; members merged per snapshot. With `network`,
    that network's only (read from its memberships, not from every membership in the graph)."""
    found: dict[tuple[str, str], Snapshot] = {}
    tiers: dict[tuple[str, str], dict[str, set[str]]] = {}
    if network is None:
        memberships = facts.subjects(RDF_TYPE, CG.NetworkMembership)
    else:
        memberships = [m for m in facts.subjects(ORG.organization, network) if facts.has_type(m, CG.NetworkMembership)]
    for membership in sorted(memberships, key=str):  # IRIs, by their text
        net = facts.value(membership, ORG.organization)
        member = facts.value(membership, ORG.member)
        tier = facts.value(membership, CG.tier)
        as_at = _text(facts, membership, CG.asAt)
        for source in sorted(facts.objects(membership, PROV.wasDerivedFrom), key=str):
            source_id = _text(facts, source, DCTERMS.identifier) or str(source)
            key = (str(net), source_id)
            snap = found.setdefault(
                key,
                Snapshot(
                    _text(facts, net, RDFS.label) or str(net),
                    str(net),
                    source_id,
                    _text(facts, source, DCTERMS.date) or "",
                    None,
                ),
            )
            snap.as_at = snap.as_at or as_at
            member_tiers = tiers.setdefault(key, {}).setdefault(str(member), set())
            if tier is not None:
                member_tiers.add(_text(facts, tier, RDFS.label) or str(tier))
    snapshots = []
    for key, snap in found.items():
        snap.members = sorted(
            Member(_text(facts, iri, RDFS.label) or iri, iri, "/".join(sorted(t)) or None)
            for iri, t in tiers[key].items()
        )
        for claim in facts.objects(snap.network_iri, CG.claim):
            sources = {_text(facts, s, DCTERMS.identifier) for s in facts.objects(claim, PROV.wasDerivedFrom)}
            if snap.source in sources:
                snap.claims.append((_text(facts, claim, RDFS.label) or "", _text(facts, claim, CG.claimedValue) or ""))
        snap.claims.sort()
        snapshots.append(snap)
    return sorted(snapshots, key=lambda s: (s.network, s.source_date, s.source))


RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def compare_snapshots(earlier: Snapshot, later: Snapshot) -> dict[str, list[str]]:
    """Members in both, only in the earlier snapshot, only in the later one (labels, sorted)."""
    first = {m.iri: m.label for m in earlier.members}
    second = {m.iri: m.label for m in later.members}
    return {
        "both": sorted(first[i] for i in first.keys() & second.keys()),
        "only_earlier": sorted(first[i] for i in first.keys() - second.keys()),
        "only_later": sorted(second[i] for i in second.keys() - first.keys()),
    }
