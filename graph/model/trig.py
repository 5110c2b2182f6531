"""The graph as TriG, one named graph per source document: what each document says, read from the graph's
own provenance (README: Decisions, "One named graph per source document").

Each triple goes in the named graph of every source document it derives from (the graph's name is the
document's IRI, `source:<id>`), by the first of these rules that applies to it:

1. the dataset node's own triples (its label, its `owl:imports` of the ontology, which documents it was
   derived from) describe the whole: the default graph;
2. an evidence node's triples: its `prov:hadPrimarySource`;
3. a source document's own triples (title, publisher, date, rights): its own graph;
4. a link to a piece of provenance goes with what it points to: `prov:wasDerivedFrom` / `cg:dateSource`
   a document in that document's graph, `cg:evidence` in the quote's, `cg:figure` / `cg:claim` /
   `skos:hasTopConcept` in the graphs of the figure, claim or concept it points to;
5. a direct edge between the two ends of a relation (`council:wigan cg:leads initiative:...`,
   `org:memberOf`, the inverse properties): the graphs of the relation(s) between them;
6. a role the build infers from relations (`a cg:Funder`, `a cg:PartnerOrganisation`): the graphs of the
   relations it is inferred from;
7. a node with evidence (an entity, a relation node, a figure, a claim, a concept): every source its
   evidence quotes, so a relation node, its qualifiers and its evidence are in each quoted document's graph;
8. a council's identity from the register (names, codes, nation, region, coordinates): the register's
   graph, `source:mysociety-uk-local-authorities`;
9. a node that is a part of another (a phase's beginning or end, `time:hasBeginning` / `time:hasEnd`): the
   graphs of the node it is part of;
10. anything else has no source: the default graph (the controlled vocabularies the build mints for tiers,
    statuses, roles and kinds).

So the named graphs plus the default graph hold exactly the graph's triples (a triple may be in several
named graphs), and the file is byte-identical from run to run: every graph is written as the Turtle
export is (rdflib longturtle, sorted), the default graph first, then the named graphs in IRI order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph
from rdflib.namespace import PROV, RDF, SKOS, TIME
from rdflib.term import Node

from .build import DATASET_IRI, REFERENCE_SOURCE
from .namespaces import CG, bind_prefixes

__all__ = ["DEFAULT_GRAPH", "named_graphs", "render_trig"]

DEFAULT_GRAPH = None  # the key of the default graph in named_graphs' answer
_TO_SOURCE = (PROV.wasDerivedFrom, CG.dateSource)
_TO_NODE_WITH_EVIDENCE = (CG.figure, CG.claim, SKOS.hasTopConcept)
_ROLES: dict[Node, tuple[Node, ...]] = {  # a role the build infers -> the relations it infers it from
    CG.Funder: (CG.Funding,),
    CG.PartnerOrganisation: (CG.Partnership,),
}
_PARTS = (TIME.hasBeginning, TIME.hasEnd)

Triple = tuple[Node, Node, Node]


class _Provenance:
    """What the rules read from the graph, indexed once."""

    def __init__(self, graph: Graph):
        self.documents = set(graph.subjects(RDF.type, CG.SourceDocument))
        self.quoted = {e: s for e, s in graph.subject_objects(PROV.hadPrimarySource)}
        self.sources: dict[Node, set[Node]] = defaultdict(set)  # node with evidence -> the sources it quotes
        for node, evidence in graph.subject_objects(CG.evidence):
            if evidence in self.quoted:
                self.sources[node].add(self.quoted[evidence])
        self.between: dict[tuple[Node, Node], set[Node]] = defaultdict(set)  # a relation's ends -> its sources
        self.roles: dict[tuple[Node, Node], set[Node]] = defaultdict(set)  # (end, relation class) -> sources
        for relation in graph.subjects(RDF.type, CG.Relation):
            found = self.sources.get(relation, set())
            ends = [*graph.objects(relation, CG.relationFrom), *graph.objects(relation, CG.relationTo)]
            for a in ends:
                for b in ends:
                    self.between[(a, b)] |= found
                for cls in graph.objects(relation, RDF.type):
                    self.roles[(a, cls)] |= found
        self.register = {s for s in graph.subjects(PROV.wasDerivedFrom, REFERENCE_SOURCE) if s not in self.sources}
        self.whole = {part: whole for prop in _PARTS for whole, part in graph.subject_objects(prop)}

    def graphs(self, triple: Triple) -> set[Node]:
        """The named graphs `triple` goes in (rules 1-9), or an empty set for the default graph."""
        s, p, o = triple
        if s == DATASET_IRI:
            return set()
        if s in self.quoted:
            return {self.quoted[s]}
        if s in self.documents:
            return {s}
        if p in _TO_SOURCE and o in self.documents:
            return {o}
        if p == CG.evidence and o in self.quoted:
            return {self.quoted[o]}
        if p in _TO_NODE_WITH_EVIDENCE and o in self.sources:
            return set(self.sources[o])
        if self.between.get((s, o)):
            return set(self.between[(s, o)])
        if p == RDF.type and o in _ROLES:
            return {g for cls in _ROLES[o] for g in self.roles.get((s, cls), ())} or self.of_node(s)
        return self.of_node(s)

    def of_node(self, node: Node) -> set[Node]:
        """Rules 7-9 for the triples of `node` as subject."""
        if node in self.sources:
            return set(self.sources[node])
        if node in self.register:
            return {REFERENCE_SOURCE}
        if node in self.whole:
            return self.of_node(self.whole[node])
        return set()


def named_graphs(graph: Graph) -> dict[Node | None, list[Triple]]:
    """{named graph (a source document's IRI), or DEFAULT_GRAPH: its triples, sorted}, graphs in IRI order
    after the default graph. The union of all of them is `graph`."""
    rules = _Provenance(graph)
    placed: dict[Node | None, list[Triple]] = defaultdict(list)
    for triple in graph:
        names: set[Node | None] = set(rules.graphs(triple)) or {DEFAULT_GRAPH}
        for name in names:
            placed[name].append(triple)
    order = sorted(placed, key=lambda name: "" if name is None else str(name))
    return {name: sorted(placed[name]) for name in order}


def _turtle(triples: Iterable[Triple]) -> tuple[list[str], str]:
    """(PREFIX lines, body) of `triples` written as the Turtle export is."""
    g = bind_prefixes(Graph())
    for triple in triples:
        g.add(triple)
    text = g.serialize(format="longturtle", encoding="utf-8").decode("utf-8")
    lines = text.splitlines()
    prefixes = [line for line in lines if line.startswith("PREFIX ")]
    body = "\n".join(line for line in lines if not line.startswith("PREFIX ")).strip("\n")
    return prefixes, body


def render_trig(graph: Graph) -> bytes:
    """TriG of `graph`: the default graph, then one named graph per source document (named_graphs)."""
    prefixes: set[str] = set()
    blocks = []
    for name, triples in named_graphs(graph).items():
        used, body = _turtle(triples)
        prefixes.update(used)
        if name is DEFAULT_GRAPH:
            blocks.append(f"# the default graph: what no source document states\n{body}\n")
        else:
            blocks.append(f"<{name}> {{\n{body}\n}}\n")
    header = "\n".join(sorted(prefixes, key=lambda line: line.split()[1]))
    return (header + "\n\n" + "\n".join(blocks)).encode("utf-8")
