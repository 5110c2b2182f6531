"""Counts over a built graph: by class, by source document, network membership per snapshot and tier;
and their text for `councilgraph stats`."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF

from ..model.membership import Snapshot, compare_snapshots, membership_snapshots
from ..model.namespaces import CG
from ..model.vocabulary import PLURALS
from ..text import table

__all__ = ["GraphStats", "graph_stats", "render_stats", "COUNTED_CLASSES"]

# (what the vocabulary calls them, class), in the order `stats` prints them
COUNTED_CLASSES = [
    (PLURALS[cls], cls)
    for cls in (
        CG.Council,
        CG.PrincipalCouncil,
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


def graph_stats(graph: Graph) -> GraphStats:
    by_class = {label: len(set(graph.subjects(RDF.type, cls))) for label, cls in COUNTED_CLASSES}
    relations = set(graph.subjects(RDF.type, CG.Relation))
    by_source: dict[str, dict[str, int]] = {}
    for source in sorted(graph.subjects(RDF.type, CG.SourceDocument), key=str):
        ident = str(graph.value(source, DCTERMS.identifier) or graph.namespace_manager.normalizeUri(str(source)))
        derived = set(graph.subjects(PROV.wasDerivedFrom, source))
        by_source[ident] = {
            "entities": len(
                {
                    d
                    for d in derived
                    if d not in relations
                    and (d, RDF.type, CG.Evidence) not in graph
                    and (d, RDF.type, CG.Figure) not in graph
                }
            ),
            "relations": len(derived & relations),
            "quotes": len(set(graph.subjects(PROV.hadPrimarySource, source))),
        }
    snapshots = membership_snapshots(graph)
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
    return GraphStats(len(graph), by_class, by_source, snapshots, comparisons)


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
