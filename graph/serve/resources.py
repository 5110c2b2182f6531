"""What the server says about one IRI, read from the project's store: the entity's description (as
`councilgraph show` reads it), a plain outline of any other node (a relation, a piece of evidence, a
concept), and the RDF that describes it, read from the store by index.

The RDF of a resource is its own triples, the triples that point at it, its qualified relations with
all their triples, the evidence of it, of its relations, figures and claims, those figures and claims,
and the label of every node these name, so a client can show it without asking again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from ..errors import UnknownEntity
from ..ingest.councils import normalise_name
from ..model.namespaces import BASE, CG, bind_prefixes, prefixed_name
from ..query.describe import EntityDescription, describe_entity
from ..query.facts import StoreFacts
from ..query.loading import Terms

__all__ = [
    "ResourceView",
    "Statement",
    "iri_of_path",
    "path_of_iri",
    "find_resource",
    "resource_exists",
    "resource_rdf",
]


@dataclass
class Statement:
    """One triple about a resource, as a page shows it: the other node's IRI (or a literal's text)."""

    prop: str
    value: str
    is_iri: bool
    label: str  # the other node's label (an IRI's), else the literal


@dataclass
class ResourceView:
    """A node the graph holds that is not an entity (a relation, evidence, a concept): its triples."""

    iri: str
    label: str
    types: list[str] = field(default_factory=list)
    outgoing: list[Statement] = field(default_factory=list)
    incoming: list[Statement] = field(default_factory=list)


def iri_of_path(path: str) -> str:
    """The IRI a request path stands for: /id/council/wigan -> https://w3id.org/councilgraph/id/council/wigan."""
    return BASE + path.lstrip("/")


def path_of_iri(iri: str) -> str | None:
    """The server path of one of the project's IRIs (None for an IRI elsewhere, such as an ONS geography)."""
    return "/" + iri[len(BASE) :] if iri.startswith(BASE) and len(iri) > len(BASE) else None


def _node(iri: str):
    import pyoxigraph as ox

    try:
        return ox.NamedNode(iri)
    except ValueError:  # not an IRI at all: nothing in the graph has it
        return None


def resource_exists(facts: StoreFacts, iri: str) -> bool:
    """Whether the graph says anything about `iri` (two index lookups): what `find_resource` would find."""
    import pyoxigraph as ox

    node = _node(iri)
    if node is None:
        return False
    graph = ox.DefaultGraph()
    found = next(iter(facts.store.quads_for_pattern(node, None, None, graph)), None)
    return found is not None or next(iter(facts.store.quads_for_pattern(None, None, node, graph)), None) is not None


def find_resource(facts: StoreFacts, iri: str) -> EntityDescription | ResourceView | None:
    """The entity at `iri` described as `show` describes it; any other node the graph holds as its
    triples; None when the graph says nothing about `iri`."""
    if URIRef(iri) not in facts.names().hits(normalise_name(iri)):  # not an entity: no search for close names
        return _outline(facts, iri)
    try:
        described = describe_entity(facts, iri)
    except UnknownEntity:
        described = None
    if described is not None and described.iri == iri:
        return described
    return _outline(facts, iri)


def _outline(facts: StoreFacts, iri: str) -> ResourceView | None:
    import pyoxigraph as ox

    node = _node(iri)
    if node is None:
        return None
    graph = ox.DefaultGraph()
    out = list(facts.store.quads_for_pattern(node, None, None, graph))
    into = list(facts.store.quads_for_pattern(None, None, node, graph))
    if not out and not into:
        return None
    view = ResourceView(iri, facts.label(iri))
    for quad in out:
        if quad.predicate.value == str(RDF.type):
            view.types.append(prefixed_name(str(getattr(quad.object, "value", quad.object))))
        else:
            view.outgoing.append(_statement(facts, quad.predicate.value, quad.object))
    view.incoming = [_statement(facts, q.predicate.value, q.subject) for q in into]
    view.types.sort()
    view.outgoing.sort(key=lambda s: (s.prop, s.label, s.value))
    view.incoming.sort(key=lambda s: (s.prop, s.label, s.value))
    return view


def _statement(facts: StoreFacts, prop: str, term) -> Statement:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return Statement(prefixed_name(prop), term.value, True, facts.label(term.value))
    return Statement(prefixed_name(prop), term.value, False, term.value)


def resource_rdf(facts: StoreFacts, iri: str) -> Graph:
    """The RDF that describes `iri` (see the module's docstring), as an rdflib graph with the project's
    prefixes bound, read from the store's default graph (the knowledge graph, not the metrics).

    Read by index lookups, one per node it takes in (the resource, its relations, figures, claims and
    evidence, then the label of every node named), so it costs what it returns, whatever the size of the
    graph: a CONSTRUCT with the same patterns left the order of evaluation to the engine, which read the
    whole graph for a hub such as the CCIN."""
    import pyoxigraph as ox

    node = _node(iri)
    graph = bind_prefixes(Graph())
    if node is None:
        return graph
    default = ox.DefaultGraph()
    quads: list = []

    def about(subject) -> list:
        found = list(facts.store.quads_for_pattern(subject, None, None, default))
        quads.extend(found)
        return found

    own = about(node)
    quads.extend(facts.store.quads_for_pattern(None, None, node, default))
    relations = [q.subject for q in quads if q.object == node and q.predicate in _ENDS]
    parts = [q.object for q in own if q.predicate in _PARTS]
    for holder in [node, *relations, *parts]:
        found = own if holder == node else about(holder)
        for evidence in [q.object for q in found if q.predicate == _EVIDENCE]:
            about(evidence)
    named = {t for q in quads for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)} - {node}
    for other in sorted(named, key=str):
        quads.extend(facts.store.quads_for_pattern(other, _LABEL, None, default))
    terms = Terms()
    add = graph.store.add
    for quad in quads:
        add((terms(quad.subject), terms(quad.predicate), terms(quad.object)), graph)
    graph.bind("rdfs", str(RDFS))
    return graph


def _oxigraph_terms():
    import pyoxigraph as ox

    ends = {ox.NamedNode(str(CG.relationFrom)), ox.NamedNode(str(CG.relationTo))}
    parts = {ox.NamedNode(str(CG.figure)), ox.NamedNode(str(CG.claim))}
    return ends, parts, ox.NamedNode(str(CG.evidence)), ox.NamedNode(str(RDFS.label))


_ENDS, _PARTS, _EVIDENCE, _LABEL = _oxigraph_terms()
