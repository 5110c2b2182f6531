"""Counts over a built graph: by class, by source document, network membership per snapshot and tier;
and their text for `councilgraph stats`."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF

from ..model.namespaces import CG, prefixed_name
from ..model.vocabulary import PLURALS
from ..query.facts import Facts, facts_of
from ..query.membership import Snapshot, compare_snapshots, membership_snapshots
from ..text import table

__all__ = ["GraphStats", "graph_stats", "render_stats", "COUNTED_CLASSES"]

# (what the vocabulary calls them, class), in the order `stats` prints them
COUNTED_CLASSES = [
    (PLURALS[cls], cls)
    for cls in (
        CG.Council,
        CG.PrincipalCouncil,
        CG.CombinedAuthority,
        CG.LocalCouncil,
        CG.Organisation,
        CG.PartnerOrganisation,
        CG.Funder,
        CG.Initiative,
        CG.Programme,
        CG.ProgrammePhase,
        CG.Network,
        CG.Event,
        CG.Person,
        CG.Fund,
        CG.Place,
        CG.Policy,
        CG.Award,
        CG.Relation,
        CG.Evidence,
        CG.Figure,
        CG.Claim,
    )
]


@dataclass
class GraphStats:
    triples: int
    by_class: dict[str, int]
    by_source: dict[str, dict[str, int]]  # source id -> {"entities": n, "relations": n, "quotes": n}
    memberships: list[Snapshot]
    comparisons: list[dict]  # per network with two or more snapshots: earlier, later, both/only lists


_PREFIXES = f"PREFIX cg: <{CG}> PREFIX prov: <{PROV}>\n"
_BY_CLASS = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
_BY_SOURCE = {  # what each source document gave: (kind, query of (source, count))
    "entities": "SELECT ?source (COUNT(DISTINCT ?d) AS ?n) WHERE { ?source a cg:SourceDocument . "
    "?d prov:wasDerivedFrom ?source . FILTER NOT EXISTS { VALUES ?fact { cg:Relation cg:Evidence cg:Figure } "
    "?d a ?fact } } GROUP BY ?source",
    "relations": "SELECT ?source (COUNT(DISTINCT ?d) AS ?n) WHERE { ?source a cg:SourceDocument . "
    "?d prov:wasDerivedFrom ?source . ?d a cg:Relation } GROUP BY ?source",
    "quotes": "SELECT ?source (COUNT(DISTINCT ?e) AS ?n) WHERE { ?source a cg:SourceDocument . "
    "?e prov:hadPrimarySource ?source } GROUP BY ?source",
}


def graph_stats(graph: Graph | Facts) -> GraphStats:
    """The counts `stats` prints, from an rdflib graph or from the project's store (graph.query.facts);
    counted by the store's engine, so no count reads the things it counts."""
    facts = facts_of(graph)
    classes = {str(cls): int(n) for cls, n in facts.select(_BY_CLASS)}
    by_class = {label: classes.get(str(cls), 0) for label, cls in COUNTED_CLASSES}
    counts = {kind: {str(s): int(n) for s, n in facts.select(_PREFIXES + q)} for kind, q in _BY_SOURCE.items()}
    by_source: dict[str, dict[str, int]] = {}
    for source in sorted(facts.subjects(RDF.type, CG.SourceDocument), key=str):
        ident = str(facts.value(source, DCTERMS.identifier) or prefixed_name(str(source)))
        by_source[ident] = {kind: counts[kind].get(str(source), 0) for kind in _BY_SOURCE}
    snapshots = membership_snapshots(facts)
    comparisons = []
    for network in sorted({s.network for s in snapshots}):
        series = [s for s in snapshots if s.network == network]
        for earlier, later in zip(series, series[1:]):
            comparisons.append(
                {
                    "network": network,
                    "earlier": earlier.label,
                    "later": later.label,
                    **compare_snapshots(earlier, later),
                }
            )
    return GraphStats(facts.size(), by_class, by_source, snapshots, comparisons)


def render_stats(result: GraphStats) -> str:
    """The text `councilgraph stats` prints: the counts as tables, then each network's snapshots."""
    lines = [
        f"{result.triples} triples\n",
        table(["class", "count"], [[k, v] for k, v in result.by_class.items()]),
        "",
        table(
            ["source", "entities", "relations", "quotes"],
            [[s, c["entities"], c["relations"], c["quotes"]] for s, c in result.by_source.items()],
        ),
    ]
    for snap in result.memberships:
        lines.append(f"\n{snap.network}: {len(snap.members)} members listed in {snap.label}")
        lines.append(table(["tier", "listed"], [[tier, count] for tier, count in snap.by_tier().items()]))
        lines += [f"  the document states: {label} = {value}" for label, value in snap.claims]
    for comparison in result.comparisons:
        lines.append(f"\n{comparison['network']}: {comparison['earlier']} against {comparison['later']}")
        lines.append(
            table(
                ["", "members"],
                [
                    ["in both", len(comparison["both"])],
                    ["only in the earlier", len(comparison["only_earlier"])],
                    ["only in the later", len(comparison["only_later"])],
                ],
            )
        )
        for key, heading in (("only_earlier", "only in the earlier"), ("both", "in both")):
            lines.append(f"  {heading}: {'; '.join(comparison[key])}")
    return "\n".join(lines)
