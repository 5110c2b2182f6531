"""What `path` reports: the shortest connections between two entities, each hop with its relations
and their evidence."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from ..errors import AnalysisError, NotConnected
from ..model.vocabulary import QUALIFIERS
from . import analytics
from .analysis import resolve

__all__ = ["HopRelation", "Hop", "Connection", "Connections", "connect"]


@dataclass
class HopRelation:
    relation: str
    verb: str
    forward: bool  # stated from the hop's start to its end (False: from the end to the start)
    qualifiers: dict[str, str]
    evidence: list[dict]  # [{"source", "quote"}]


@dataclass
class Hop:
    iri: str  # where the hop arrives
    label: str
    type: str
    relations: list[HopRelation]


@dataclass
class Connection:
    start_iri: str
    start_label: str
    hops: list[Hop]


@dataclass
class Connections:
    source: str
    source_label: str
    target: str
    target_label: str
    length: int  # hops
    count: int  # how many shortest connections there are
    connections: list[Connection]


_QUALIFIERS = [q for q in QUALIFIERS if q.on_edge]  # those the edges carry, printed by their labels


def connect(graph: Graph, first: str, second: str, limit: int = 5) -> Connections:
    """The shortest connections between two entities (found by any name) in the full view, with evidence."""
    from .projection import as_undirected, full_view

    if limit < 1:
        raise AnalysisError(f"--limit must be at least 1, not {limit}")
    full = full_view(graph)
    source, target = resolve(graph, first, full), resolve(graph, second, full)
    if source == target:
        raise AnalysisError(f"{first!r} and {second!r} are the same entity ({full.nodes[source]['label']})")
    try:
        count, paths = analytics.shortest_paths(as_undirected(full), source, target, limit)
    except AnalysisError as exc:
        raise NotConnected(
            f"{full.nodes[source]['label']} and {full.nodes[target]['label']} are not connected: "
            "no chain of relations joins them"
        ) from exc
    connections = []
    for path in paths:
        hops = []
        for a, b in zip(path, path[1:]):
            relations = [_hop_relation(data, True) for data in full.get_edge_data(a, b, default={}).values()]
            relations += [_hop_relation(data, False) for data in full.get_edge_data(b, a, default={}).values()]
            relations.sort(
                key=lambda r: (
                    not r.forward,
                    r.verb,
                    sorted(r.qualifiers.items()),
                    [(e["source"], e["quote"]) for e in r.evidence],
                )
            )
            hops.append(Hop(b, full.nodes[b]["label"], full.nodes[b]["type"], relations))
        connections.append(Connection(source, full.nodes[source]["label"], hops))
    return Connections(
        source, full.nodes[source]["label"], target, full.nodes[target]["label"], len(paths[0]) - 1, count, connections
    )


def _hop_relation(data: dict, forward: bool) -> HopRelation:
    qualifiers = {q.label: data[q.field] for q in _QUALIFIERS if q.field in data}
    return HopRelation(data["relation"], data["verb"], forward, qualifiers, list(data["evidence"]))
