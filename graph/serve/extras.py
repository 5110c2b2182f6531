"""What an entity's page shows beyond its description (graph.query.describe): its network metrics, the
link to the network around it, and, for a source document, what the graph takes from it.

Everything is read from the project's store by index lookups on the entity, so a page costs what it
shows: the metrics are the entity's own triples in the metrics graph (exports/metrics.ttl, kept by the
store in a named graph of its own), and a source's facts are the evidence quoted from it and what each
piece of evidence supports.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from ..model.namespaces import CG, ID, prefixed_name
from ..query.facts import StoreFacts
from .resources import path_of_iri

__all__ = [
    "EntityExtras",
    "SourceFact",
    "SourceFacts",
    "FACTS_PAGE_SIZE",
    "entity_metrics",
    "entity_extras",
    "source_path",
    "hub_paths",
    "source_facts",
    "source_pages",
    "METRICS_GRAPH",
]

METRICS_GRAPH = "https://w3id.org/councilgraph/id/graph/metrics"  # graph.query.project_store.graph_name
FACTS_PAGE_SIZE = 250
# the metrics a page shows, in this order, with what each means (graph/network/metrics_rdf.py computes them)
_METRICS = (
    ("degree", "degree", "distinct neighbours in the full view"),
    ("weightedDegree", "weighted degree", "relations to its neighbours, merged ties counted by weight"),
    ("betweenness", "betweenness", "share of shortest paths that pass through it (0 to 1)"),
    ("closeness", "closeness", "how near it is to everything it reaches (0 to 1)"),
    ("eigenvector", "eigenvector", "connectedness to well-connected entities"),
    ("pageRank", "PageRank", "PageRank over the undirected view"),
    ("clustering", "clustering", "how far its neighbours are tied to each other (0 to 1)"),
    ("coreNumber", "core number", "the largest k for which it is in the k-core"),
    ("articulationPoint", "articulation point", "whether removing it cuts the network apart"),
    ("separates", "separates", "entities cut off from the largest part if it were removed"),
)


@dataclass(frozen=True)
class SourceFact:
    """One thing the graph takes from a source: the node the quote supports and the quote."""

    kind: str  # entity, relation, figure, claim
    iri: str
    label: str
    types: tuple[str, ...]
    quote: str
    curated_at: str  # data/curated/FILE.yaml:LINE


@dataclass
class SourceFacts:
    """One page of what a source document states, in the order it was curated (file, then line)."""

    source: str
    label: str
    counts: dict[str, int]
    page: int
    pages: int
    facts: list[SourceFact] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class EntityExtras:
    """The parts of an entity's page that are not its description."""

    metrics: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, what it means)
    communities: list[tuple[str, str]] = field(default_factory=list)  # (IRI, description)
    network: str | None = None  # the server path of the network around it
    source_counts: dict[str, int] = field(default_factory=dict)  # a source: what the graph takes from it
    source_facts: str | None = None  # a source: the server path of its facts' pages


def entity_extras(facts: StoreFacts, iri: str, path: str) -> EntityExtras:
    """The extras of the entity at `iri`, whose page is at server path `path` (/id/council/wigan): an entity
    the metrics measured is in the full view, so the network around it can be drawn."""
    metrics, communities = entity_metrics(facts, iri)
    extras = EntityExtras(metrics, communities, f"/network{path}" if metrics else None)
    if facts.has_type(URIRef(iri), CG.SourceDocument):
        found = source_facts(facts, iri)
        if found is not None and found.total:
            extras.source_counts, extras.source_facts = found.counts, source_path(iri)
    return extras


def source_path(iri: str) -> str:
    """The server path of the pages of what a source states: /source/<its id>."""
    return "/source/" + iri.rstrip("/").rpartition("/")[2]


def entity_metrics(facts: StoreFacts, iri: str) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """The entity's metrics (name, value, meaning) and communities (IRI, description) from the metrics graph."""
    import pyoxigraph as ox

    graph = ox.NamedNode(METRICS_GRAPH)
    values: dict[str, list[str]] = {}
    for quad in facts.store.quads_for_pattern(ox.NamedNode(iri), None, None, graph):
        name = _value(quad.predicate).removeprefix(str(CG))
        values.setdefault(name, []).append(_value(quad.object))
    shown = [(label, values[name][0], meaning) for name, label, meaning in _METRICS if name in values]
    communities = []
    for community in sorted(values.get("community", [])):
        found = list(facts.store.quads_for_pattern(ox.NamedNode(community), _DESCRIPTION, None, graph))
        communities.append((community, _value(found[0].object) if found else prefixed_name(community)))
    return shown, communities


def _kind(types: set[str]) -> str:
    if str(CG.Relation) in types:
        return "relation"
    if str(CG.Figure) in types:
        return "figure"
    if str(CG.Claim) in types:
        return "claim"
    return "entity"


def _quoted_from(facts: StoreFacts, source_iri: str) -> list[SourceFact]:
    import pyoxigraph as ox

    store, default = facts.store, ox.DefaultGraph()
    found = []
    for quote in store.quads_for_pattern(None, _QUOTED_FROM, ox.NamedNode(source_iri), default):
        evidence = quote.subject
        text = next(iter(store.quads_for_pattern(evidence, _QUOTE, None, default)), None)
        place = next(iter(store.quads_for_pattern(evidence, _CURATED_AT, None, default)), None)
        for held in store.quads_for_pattern(None, _EVIDENCE, evidence, default):
            holder = _value(held.subject)
            types = {_value(q.object) for q in store.quads_for_pattern(held.subject, _TYPE, None, default)}
            found.append(
                SourceFact(
                    _kind(types),
                    holder,
                    facts.label(holder),
                    tuple(sorted(prefixed_name(t) for t in types)),
                    _value(text.object) if text else "",
                    _value(place.object) if place else "",
                )
            )
    return found


def _place_key(fact: SourceFact) -> tuple:
    where, _, line = fact.curated_at.rpartition(":")
    return (where, int(line) if line.isdigit() else 0, fact.kind, fact.label, fact.iri, fact.quote)


def source_facts(facts: StoreFacts, source_iri: str, page: int = 1) -> SourceFacts | None:
    """Page `page` (from 1) of what the graph takes from the source at `source_iri`; None when it is not a
    source or the page is past the last."""
    return next((p for p in source_pages(facts, source_iri) if p.page == page), None)


def source_pages(facts: StoreFacts, source_iri: str) -> Iterator[SourceFacts]:
    """Every page of what the graph takes from the source at `source_iri` (nothing when it is not a source),
    read once."""
    if not _is_iri(source_iri) or not facts.has_type(URIRef(source_iri), CG.SourceDocument):
        return
    everything = sorted(_quoted_from(facts, source_iri), key=_place_key)
    counts: dict[str, int] = {}
    for fact in everything:
        counts[fact.kind] = counts.get(fact.kind, 0) + 1
    pages = max(1, -(-len(everything) // FACTS_PAGE_SIZE))
    label = facts.label(source_iri)
    for page in range(1, pages + 1):
        shown = everything[(page - 1) * FACTS_PAGE_SIZE : page * FACTS_PAGE_SIZE]
        yield SourceFacts(source_iri, label, dict(sorted(counts.items())), page, pages, shown)


def _terms():
    import pyoxigraph as ox

    return (
        ox.NamedNode(str(PROV.wasQuotedFrom)),
        ox.NamedNode(str(CG.quote)),
        ox.NamedNode(str(CG.curatedAt)),
        ox.NamedNode(str(CG.evidence)),
        ox.NamedNode(str(RDF.type)),
        ox.NamedNode(str(DCTERMS.description)),
    )


_QUOTED_FROM, _QUOTE, _CURATED_AT, _EVIDENCE, _TYPE, _DESCRIPTION = _terms()


def _value(term) -> str:
    """The text of a node or literal read from the store."""
    return str(getattr(term, "value", term))


def hub_paths(facts: StoreFacts, count: int) -> list[str]:
    """The server paths of the `count` entities with the highest degree in the metrics (ties by IRI)."""
    if count < 1:
        return []
    rows = facts.store.query(
        f"SELECT ?e WHERE {{ GRAPH <{METRICS_GRAPH}> {{ ?e <{CG.degree}> ?d }} }} ORDER BY DESC(?d) ?e LIMIT {count}"
    )
    found = [_value(row[0]) for row in rows]  # type: ignore[union-attr]
    return [path_of_iri(iri) or "" for iri in found if iri.startswith(str(ID))]


def _is_iri(text: str) -> bool:
    """Whether `text` is an IRI the store can be asked about (a request's path may hold anything)."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True
