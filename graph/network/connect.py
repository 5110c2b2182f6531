"""What `path` reports: the shortest connections between two entities, each hop with its relations
and their evidence."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import RDF

from ..errors import AnalysisError, NotConnected
from ..model.namespaces import CG
from ..model.vocabulary import QUALIFIERS
from ..query.facts import Facts, facts_of
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


def connect(graph: Graph | Facts, first: str, second: str, limit: int = 5) -> Connections:
    """The shortest connections between two entities (found by any name) in the full view, with evidence.

    Only the entities no further from the first than the second is are read (a breadth-first search on
    the graph's relations), so the answer costs what the neighbourhood costs, not the whole graph."""
    from .projection import full_view

    if limit < 1:
        raise AnalysisError(f"--limit must be at least 1, not {limit}")
    facts = facts_of(graph)
    ends = full_view(facts, only={str(facts.find(first)), str(facts.find(second))})
    source, target = resolve(facts, first, ends), resolve(facts, second, ends)
    if source == target:
        raise AnalysisError(f"{first!r} and {second!r} are the same entity ({ends.nodes[source]['label']})")
    return _connections(full_view(facts, only=_ball(facts, source, target)), source, target, limit)


def _ball(facts: Facts, source: str, target: str) -> set[str]:
    """The entities at most as far (in relations, either way) from `source` as `target` is; every entity
    of `source`'s component when `target` is not in it."""
    from .projection import ENTITY_CLASSES

    classes = {str(cls) for _, cls in ENTITY_CLASSES}
    entity: dict[str, bool] = {}

    def is_entity(node: str) -> bool:
        if node not in entity:
            entity[node] = any(str(t) in classes for t in facts.objects(node, RDF.type))
        return entity[node]

    seen, level = {source}, [source]
    while level and target not in seen:
        following = []
        for node in level:
            for other in _neighbours(facts, node):
                if other not in seen and is_entity(other):
                    seen.add(other)
                    following.append(other)
        level = following
    return seen | {target}


def _neighbours(facts: Facts, node: str):
    for end, other_end in ((CG.relationFrom, CG.relationTo), (CG.relationTo, CG.relationFrom)):
        for rel in facts.subjects(end, node):
            if facts.has_type(rel, CG.Relation):
                other = facts.value(rel, other_end)
                if other is not None:
                    yield str(other)


def _connections(full, source: str, target: str, limit: int) -> Connections:
    from .projection import as_undirected

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
