"""What `similar` reports: the entities that share the most neighbours with one."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from ..errors import AnalysisError
from ..query.facts import Facts, facts_of
from . import analytics
from .analysis import resolve, rounded

__all__ = ["SimilarEntity", "Similarity", "most_similar"]


@dataclass
class SimilarEntity:
    rank: int
    iri: str
    label: str
    type: str
    score: float
    shared: list[str]  # labels of the shared neighbours


@dataclass
class Similarity:
    iri: str
    label: str
    type: str
    view: str
    method: str
    neighbours: int
    similar: list[SimilarEntity]


def most_similar(
    graph: Graph | Facts, name: str, view: str = "bipartite", method: str = "jaccard", top: int = 10
) -> Similarity:
    """The entities of `view` that share the most neighbours with `name` (any alias)."""
    from .projection import as_undirected, project

    if top < 1:
        raise AnalysisError(f"--top must be at least 1, not {top}")
    facts = facts_of(graph)
    g = as_undirected(project(facts, view))
    iri = resolve(facts, name, g)
    found = analytics.similar(g, iri, method=method, top=top)
    entries = [
        SimilarEntity(
            i + 1,
            f["node"],
            g.nodes[f["node"]]["label"],
            g.nodes[f["node"]]["type"],
            rounded(f["score"]),
            sorted(g.nodes[s]["label"] for s in f["shared"]),
        )
        for i, f in enumerate(found)
    ]
    return Similarity(iri, g.nodes[iri]["label"], g.nodes[iri]["type"], view, method, g.degree(iri), entries)
