"""What the read commands read from the built graph, one lookup at a time, from rdflib or from the store.

`show`, `stats`, `path`, `similar`, `analyse` and `viz` never need the whole graph at once: they look up
the objects of a subject and property, the subjects of a property and object, a label, a name. `Facts`
is that interface, with two implementations that answer alike (a test holds them to it):

- `GraphFacts(graph)`: an rdflib graph a program holds (the build, the Python API, tests);
- `StoreFacts(store, names)`: the project's persistent Oxigraph store (graph.query.project_store), where
  each lookup is an index scan and a name is found in the store's name table, so a command's cost
  grows with what it reads, not with the size of the graph.

Terms come back as rdflib terms made cheaply: an IRI as a URIRef, a literal as its lexical form (a
plain `str`, which is all the readers use), a blank node as a BNode. Subjects and objects may be given
as URIRef or str.
"""

from __future__ import annotations

import json
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from ..model.namespaces import prefixed_name

if TYPE_CHECKING:
    import pyoxigraph as ox

    from .names import NameIndex

__all__ = ["Facts", "GraphFacts", "StoreFacts", "facts_of"]

Term = Any  # URIRef | str | BNode


class Facts(ABC):
    """Lookups on the built graph (see the module's docstring)."""

    def __init__(self) -> None:
        self._labels: dict[str, str] = {}

    @abstractmethod
    def objects(self, subject, prop) -> list[Term]:
        """The objects of (`subject`, `prop`, ?), in no particular order."""

    @abstractmethod
    def subjects(self, prop, obj) -> list[URIRef]:
        """The subjects of (?, `prop`, `obj`), in no particular order."""

    @abstractmethod
    def size(self) -> int:
        """How many triples the graph holds."""

    @abstractmethod
    def select(self, query: str) -> list[tuple]:
        """The rows of a SPARQL SELECT on the graph (a query written here, not a user's), terms as above."""

    def select_text(self, query: str) -> Iterator[tuple[str | None, ...]]:
        """The rows of a SPARQL SELECT (a query written here) with each term as its text (an IRI, a literal's
        lexical form), streamed where the store can: for what reads the whole graph once (graph.query.search_index)."""
        for row in self.select(query):
            yield tuple(None if t is None else str(t) for t in row)

    @abstractmethod
    def names(self) -> NameIndex:
        """The index that finds an entity by any of its names (graph.query.names)."""

    def value(self, subject, prop) -> Term | None:
        """One object of (`subject`, `prop`, ?) (the least, if there are several), or None."""
        found = self.objects(subject, prop)
        if not found:
            return None
        return found[0] if len(found) == 1 else min(found, key=str)

    def texts(self, subject, prop) -> list[str]:
        """The objects of (`subject`, `prop`, ?) as text, sorted."""
        return sorted(str(o) for o in self.objects(subject, prop))

    def has_type(self, subject, cls) -> bool:
        return any(str(t) == str(cls) for t in self.objects(subject, _TYPE))

    def label(self, node) -> str:
        """`node`'s rdfs:label, else its IRI as a prefixed name."""
        key = str(node)
        found = self._labels.get(key)
        if found is None:
            value = self.value(node, RDFS.label)
            found = self._labels[key] = str(value) if value is not None else prefixed_name(key)
        return found

    def cached(self, name: str, make: Callable[[], Any]) -> Any:
        """`make()`'s answer (plain JSON data), kept beside the store between commands where there is one:
        for what is read from the whole graph, such as the network projection."""
        return make()

    def find(self, name: str) -> URIRef:
        """The entity called `name` (any label, alias, code or IRI; case-insensitive)."""
        return self.names().find(name)


_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def _plain(term) -> Term:
    """An rdflib term as the store gives it back: numbers in their canonical form (53.844670 -> 53.84467),
    as Oxigraph keeps them."""
    if not isinstance(term, Literal):
        return term
    datatype = str(term.datatype) if term.datatype is not None else None
    if datatype in (_DECIMAL, _INTEGER):
        try:
            number = Decimal(str(term))
        except InvalidOperation:
            return str(term)
        if datatype == _INTEGER:
            return str(int(number)) if number == number.to_integral_value() else str(term)
        return format(number.normalize(), "f")
    return str(term)


class GraphFacts(Facts):
    """Facts from an rdflib graph."""

    def __init__(self, graph: Graph):
        super().__init__()
        self.graph = graph
        self._names: NameIndex | None = None

    def objects(self, subject, prop) -> list[Term]:
        return [_plain(o) for o in self.graph.objects(_node(subject), URIRef(prop))]

    def subjects(self, prop, obj) -> list[URIRef]:
        return [s for s in self.graph.subjects(URIRef(prop), obj if isinstance(obj, Literal) else _node(obj))]  # type: ignore[misc]

    def size(self) -> int:
        return len(self.graph)

    def select(self, query: str) -> list[tuple]:
        return [tuple(None if t is None else _plain(t) for t in row) for row in self.graph.query(query)]  # type: ignore[union-attr]

    def names(self) -> NameIndex:
        if self._names is None:
            from .names import NameIndex

            self._names = NameIndex(self.graph)
        return self._names


def _node(term) -> URIRef | BNode:
    if isinstance(term, (URIRef, BNode)):
        return term
    return BNode(term[2:]) if str(term).startswith("_:") else URIRef(term)


class StoreFacts(Facts):
    """Facts from an Oxigraph store (opened read-only), names from the store's name table."""

    def __init__(self, store: ox.Store, names: NameIndex, triples: int | None = None, folder: Path | None = None):
        import pyoxigraph as ox

        super().__init__()
        self.folder = folder  # the store's folder: where `cached` keeps what it made
        self.store = store
        self._names = names
        self._triples = triples
        self._nodes: dict[str, Any] = {}
        self._graph = ox.DefaultGraph()  # the knowledge graph; derived graphs (metrics) are named graphs

    def _ox(self, term):
        import pyoxigraph as ox

        key = str(term)
        made = self._nodes.get(key)
        if made is None:
            made = ox.BlankNode(key[2:]) if isinstance(term, BNode) or key.startswith("_:") else ox.NamedNode(key)
            self._nodes[key] = made
        return made

    def objects(self, subject, prop) -> list[Term]:
        found = self.store.quads_for_pattern(self._ox(subject), self._ox(prop), None, self._graph)
        return [_term(q.object) for q in found]

    def subjects(self, prop, obj) -> list[URIRef]:
        import pyoxigraph as ox

        target = ox.Literal(str(obj)) if isinstance(obj, Literal) else self._ox(obj)
        return [_term(q.subject) for q in self.store.quads_for_pattern(None, self._ox(prop), target, self._graph)]

    def size(self) -> int:
        if self._triples is None:
            self._triples = sum(1 for _ in self.store.quads_for_pattern(None, None, None, self._graph))
        return self._triples

    def select(self, query: str) -> list[tuple]:
        import pyoxigraph as ox

        answer = self.store.query(query, default_graph=self._graph)
        assert isinstance(answer, ox.QuerySolutions), "a SELECT"
        width = len(answer.variables)
        return [tuple(None if row[i] is None else _term(row[i]) for i in range(width)) for row in answer]

    def select_text(self, query: str) -> Iterator[tuple[str | None, ...]]:
        import pyoxigraph as ox

        answer = self.store.query(query, default_graph=self._graph)
        assert isinstance(answer, ox.QuerySolutions), "a SELECT"
        width = len(answer.variables)
        for row in answer:
            yield tuple(None if row[i] is None else row[i].value for i in range(width))

    def names(self) -> NameIndex:
        return self._names

    def cached(self, name: str, make: Callable[[], Any]) -> Any:
        if self.folder is None:
            return make()
        path = self.folder / "cache" / f"{name}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        made = make()
        try:  # the store's folder is replaced whole when the exports change, so the cache goes with it
            path.parent.mkdir(exist_ok=True)
            partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            partial.write_text(json.dumps(made, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            partial.replace(path)
        except OSError:
            pass  # a store we cannot write to: made again next time
        return made


def _term(term) -> Term:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return BNode(term.value)


def facts_of(source: Graph | Facts) -> Facts:
    """`source` as Facts: an rdflib graph wrapped, Facts as they are."""
    return source if isinstance(source, Facts) else GraphFacts(source)
