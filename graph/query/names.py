"""Finding an entity by any of its names, and the one way a node's label is read.

`NameIndex` maps every entity's labels, aliases, identifiers and prefixed IRI (normalised) to the
entity; `label_of` is the name a person reads for a node. Used by `describe`, the stores (to bind
parameters given by name), the network analyses and the network page.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ..errors import CouncilGraphError, UnknownEntity
from ..ingest.councils import normalise_name
from ..model.namespaces import CG, prefixed_name, resource_iri

__all__ = ["NameIndex", "AmbiguousName", "find_entity", "label_of"]

# nodes that are facts about entities, or analysis results (metrics.ttl), not entities: never found by name,
# whichever store answers (the project store keeps metrics in a named graph, an endpoint may not)
_NOT_ENTITIES = {
    CG.Relation,
    CG.Evidence,
    CG.Figure,
    CG.Claim,
    SKOS.Concept,
    SKOS.ConceptScheme,
    CG.MetricsRun,
    CG.Bridge,
    CG.Partition,
    CG.Community,
}


# parts of a source document, which often bear the name of what they are about ("Brent Hubs")
_DOCUMENT_PARTS = tuple(str(resource_iri(kind, "")) for kind in ("casestudy", "section"))


def label_of(graph: Graph, node) -> str:
    """`node`'s rdfs:label, else its IRI as rdflib writes it with the graph's prefixes."""
    value = graph.value(node, RDFS.label)
    return str(value) if value is not None else graph.namespace_manager.normalizeUri(node)


class AmbiguousName(CouncilGraphError):
    def __init__(self, name: str, candidates: list[tuple[str, str]]):
        self.name, self.candidates = name, candidates
        listed = "; ".join(f"{label} ({iri})" for label, iri in candidates)
        super().__init__(f"{name!r} names several entities: {listed}. Use a fuller name or the IRI.")


_OTHER_NAMES = (SKOS.altLabel, SKOS.prefLabel, CG.gssCode, CG.localAuthorityCode, CG.orgId, DCTERMS.identifier)


class NameIndex:
    """Every entity's labels, aliases, identifiers and prefixed IRI, normalised, mapped to the entity.

    Built from an rdflib graph (`NameIndex(graph)`) or from the rows a store answers `NameIndex.QUERY`
    with (`NameIndex.from_rows`): both read the same triples, and a test holds them to the same index.
    """

    # an entity (an IRI with a label that is not a fact node), its label, and each of its other names
    QUERY = (
        "SELECT ?entity ?label ?name WHERE {\n"
        "  ?entity <" + str(RDFS.label) + "> ?label .\n  FILTER(isIRI(?entity))\n"
        "  MINUS { VALUES ?kind { " + " ".join(f"<{c}>" for c in sorted(_NOT_ENTITIES)) + " }\n"
        "          ?entity a ?kind }\n"
        "  OPTIONAL { VALUES ?property { " + " ".join(f"<{p}>" for p in _OTHER_NAMES) + " }\n"
        "             ?entity ?property ?name }\n}"
    )

    def __init__(self, graph: Graph):
        excluded = {s for cls in _NOT_ENTITIES for s in graph.subjects(RDF.type, cls)}
        labels: dict[str, set[str]] = {}
        for subject, label in graph.subject_objects(RDFS.label):
            if isinstance(subject, URIRef) and subject not in excluded:
                labels.setdefault(str(subject), set()).add(str(label))
        names: dict[str, set[str]] = {}
        for prop in _OTHER_NAMES:
            for subject, name in graph.subject_objects(prop):
                if str(subject) in labels:
                    names.setdefault(str(subject), set()).add(str(name))
        self._build(labels, names)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str | None]]) -> NameIndex:
        """The index of the (entity IRI, label, other name or None) rows of `NameIndex.QUERY`."""
        labels: dict[str, set[str]] = {}
        names: dict[str, set[str]] = {}
        for entity, label, name in rows:
            labels.setdefault(entity, set()).add(label)
            if name is not None:
                names.setdefault(entity, set()).add(name)
        index = cls.__new__(cls)
        index._build(labels, names)
        return index

    def _build(self, labels: dict[str, set[str]], names: dict[str, set[str]]) -> None:
        self._index: dict[str, set[URIRef]] = {}
        self.labels: dict[URIRef, str] = {}
        for subject in sorted(labels):
            iri = URIRef(subject)
            self.labels[iri] = min(labels[subject])  # one label each (the shapes say so); min if not
            for name in labels[subject] | names.get(subject, set()) | {subject, prefixed_name(subject)}:
                self._index.setdefault(normalise_name(name), set()).add(iri)

    def keys(self):
        """(normalised name, the entities it names), for every name."""
        return self._index.items()

    def hits(self, key: str) -> set[URIRef]:
        """The entities the normalised name `key` names (their labels then in `labels`)."""
        return self._index.get(key, set())

    def everything(self) -> None:
        """Have every name at hand (a subclass that reads names on demand reads them all here)."""

    def find(self, name: str) -> URIRef:
        key = normalise_name(name)
        hits = self.hits(key)
        if len(hits) > 1:  # a case study or section titled after what it is about gives way to that thing
            things = {h for h in hits if not str(h).startswith(_DOCUMENT_PARTS)}
            hits = things or hits
        if len(hits) == 1:
            return next(iter(hits))
        if len(hits) > 1:
            raise AmbiguousName(name, sorted((self.labels[h], str(h)) for h in hits))
        self.everything()  # only to suggest names: a miss may read the whole index
        close = difflib.get_close_matches(key, self._index, n=5, cutoff=0.6)
        contains = sorted(k for k in self._index if key and key in k)[:5]
        suggestions = []
        for k in close + contains:
            for iri in sorted(self._index[k]):
                label = self.labels[iri]
                if label not in suggestions:
                    suggestions.append(label)
        raise UnknownEntity(name, suggestions[:6])


def find_entity(graph: Graph, name: str) -> URIRef:
    return NameIndex(graph).find(name)
