"""The ontology's documentation page (/ontology): `describe_ontology` reads the ontology and its SHACL shapes
into plain frozen dataclasses, sorted by prefixed name: its own classes and properties, with the constraints
on them, link to each other's sections; terms of the vocabularies it reuses (ORG, PROV-O, schema.org, ...)
link out to their IRIs. `ontology_html` renders it with templates/ontology.html."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME
from rdflib.term import Node

from ..model.namespaces import CG, prefixed_name

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["Ref", "Term", "ClassDoc", "PropertyDoc", "OntologyDoc", "describe_ontology", "ontology_html"]

SH = Namespace("http://www.w3.org/ns/shacl#")
OURS = str(CG._NS)
# what the vocabularies an ontology commonly reuses are called (the page names them; nothing is fetched)
VOCABULARY_TITLES = {
    str(ORG): "W3C Organization Ontology (ORG)",
    str(PROV): "W3C PROV Ontology (PROV-O)",
    str(SDO): "schema.org",
    str(DCTERMS): "DCMI Metadata Terms (DCTERMS)",
    str(SKOS): "Simple Knowledge Organization System (SKOS)",
    str(TIME): "W3C Time Ontology in OWL (OWL-Time)",
}
# a property's kind by its type, the first that fits
PROPERTY_KINDS = {OWL.ObjectProperty: "object", OWL.DatatypeProperty: "datatype"}
PROPERTY_KINDS |= {OWL.AnnotationProperty: "annotation", RDF.Property: "property"}
CHARACTERISTICS = ("Functional", "InverseFunctional", "Transitive", "Symmetric", "Asymmetric", "Reflexive")
DESCRIBING = (SKOS.definition, RDFS.comment, DCTERMS.description, SKOS.scopeNote, SKOS.note, SKOS.example)
NAMING = (DCTERMS.title, RDFS.label, SKOS.prefLabel)
RELATED = (OWL.equivalentClass, SKOS.exactMatch, SKOS.closeMatch, RDFS.seeAlso)
NODE_KINDS = {"IRI": "an IRI", "Literal": "a literal", "BlankNode": "a blank node"}
# what a shape's constraint says that has its own column on the page (the rest is said in words)
TABULATED = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.message, SH.name, SH.description}


@dataclass(frozen=True, order=True)
class Ref:
    """A term the page mentions: one documented here links to its section, any other out to its IRI."""

    name: str  # prefixed name: cg:Council, org:Organization
    iri: str
    anchor: str | None = None  # the id of the term's section on this page, for the terms documented here

    @property
    def link(self) -> str | None:
        """Where the term links to: its section, its IRI (http and https only), or nowhere."""
        if self.anchor:
            return f"#{self.anchor}"
        return self.iri if self.iri.startswith(("http://", "https://")) else None


# prose as runs of text, each with the term it names (a prefixed name in the text, cg:Relation) or None
Text = tuple[tuple[str, Ref | None], ...]


@dataclass(frozen=True)
class Constraint:
    """One property constraint of a SHACL shape: the path, how many values and of what."""

    path: Text  # a SHACL property path written as a SPARQL one: cg:evidence, ^cg:leads, (a | b)*
    min_count: int | None
    max_count: int | None
    datatypes: tuple[Ref, ...]  # any of
    classes: tuple[Ref, ...]  # any of
    rules: tuple[str, ...]  # the rest in words: "matches ^[A-Z]{3}$", "an IRI", ...
    message: str | None

    @property
    def count(self) -> str:
        """How many values the constraint allows, in words."""
        low, high = self.min_count or 0, self.max_count
        if high is None:
            return f"at least {low}" if low else "any number"
        if high == 0 or low == high:
            return f"exactly {high}" if high else "none"
        return f"{low} to {high}" if low else f"at most {high}"


@dataclass(frozen=True)
class ShapeDoc:
    name: str
    iri: str
    comment: Text | None
    message: str | None
    constraints: tuple[Constraint, ...]
    alternatives: tuple[tuple[Constraint, ...], ...]  # the shape's own sh:or: one of these holds
    rules: tuple[str, ...]  # the shape's other constraints on the node itself, in words


@dataclass(frozen=True)
class Term:
    """A term documented on the page, in its own section (`anchor`, the IRI's local name)."""

    name: str
    iri: str
    anchor: str
    label: str
    description: tuple[Text, ...]  # skos:definition, then rdfs:comment and the like


@dataclass(frozen=True)
class ClassDoc(Term):
    superclasses: tuple[Ref, ...]
    subclasses: tuple[Ref, ...]
    related: tuple[Ref, ...]  # equivalent classes, SKOS matches, rdfs:seeAlso
    domain_of: tuple[Ref, ...]
    range_of: tuple[Ref, ...]
    shapes: tuple[ShapeDoc, ...]  # the SHACL shapes whose sh:targetClass it is


@dataclass(frozen=True)
class PropertyDoc(Term):
    kind: str  # object, datatype, annotation or property
    characteristics: tuple[str, ...]  # Functional, Transitive, ...
    domains: tuple[Ref, ...]
    ranges: tuple[Ref, ...]
    superproperties: tuple[Ref, ...]
    subproperties: tuple[Ref, ...]
    inverses: tuple[Ref, ...]


@dataclass(frozen=True)
class IndividualDoc(Term):
    types: tuple[Ref, ...]
    members: tuple[IndividualDoc, ...] = ()  # a concept scheme's concepts


@dataclass(frozen=True)
class VocabularyDoc:
    """A vocabulary the ontology reuses: its prefix, namespace, name and the terms of it the page mentions."""

    prefix: str
    namespace: Ref  # its IRI
    title: str | None
    imported: bool  # by owl:imports
    terms: tuple[Ref, ...]


@dataclass(frozen=True)
class OntologyDoc:
    iri: str
    prefix: str  # of the ontology's own terms: cg
    namespace: str  # https://w3id.org/councilgraph/ontology#
    title: str
    description: tuple[Text, ...]
    version: str | None
    licence: Ref | None  # a licence's IRI (or its words, which link nowhere)
    imports: tuple[Ref, ...]
    classes: tuple[ClassDoc, ...]
    object_properties: tuple[PropertyDoc, ...]
    datatype_properties: tuple[PropertyDoc, ...]
    annotation_properties: tuple[PropertyDoc, ...]
    other_properties: tuple[PropertyDoc, ...]  # plain rdf:Property
    individuals: tuple[IndividualDoc, ...]
    schemes: tuple[IndividualDoc, ...]  # SKOS concept schemes, their concepts as members
    vocabularies: tuple[VocabularyDoc, ...]
    undeclared: tuple[Ref, ...]  # terms of our namespace that the files mention but do not declare


def describe_ontology(path: Path, shapes: Path | None = None) -> OntologyDoc:
    """The documentation of the ontology in the Turtle file at `path`, with the constraints of the SHACL
    shapes file `shapes` (ontology/shapes.ttl) on the classes they target. Reads only the two files."""
    graph = Graph(bind_namespaces="none").parse(path, format="turtle")
    empty = Graph(bind_namespaces="none")  # only the file's own prefixes
    shape_graph = empty.parse(shapes, format="turtle") if shapes else empty
    return _Reader(graph, shape_graph).document()


def ontology_html(doc: OntologyDoc, environment: Environment, **values: object) -> str:
    """The /ontology page: `doc` rendered with templates/ontology.html in the server's `environment`
    (graph.serve.pages); `values` go to the template as well (such as the `links` of a static site)."""
    values.setdefault("class_pages", frozenset(_local(c.iri) for c in doc.classes))  # which link to a class page
    return environment.get_template("ontology.html").render(
        o=doc, title=doc.title, alternates=[("ttl", "/ontology.ttl", "text/turtle")], **values
    )


def _local(iri: str) -> str:
    return iri[max(iri.rfind("#"), iri.rfind("/")) + 1 :]


def _sorted(refs) -> tuple[Ref, ...]:
    return tuple(sorted(set(refs)))


def _first(values) -> str | None:
    return min((str(v) for v in values), default=None)


class _Reader:
    """One reading of the ontology and shapes graphs: which terms are documented here, and what each says."""

    def __init__(self, graph: Graph, shapes: Graph) -> None:
        self.g, self.shapes = graph, shapes
        self.prefixes = {str(ns): p for g in (shapes, graph) for p, ns in g.namespaces() if p}
        self.mentioned: set[Ref] = set()  # the terms without a section here that the page names
        self.anchors = {iri: _local(iri) for iri in self._declared()}
        known = sorted(self.prefixes.values(), key=lambda p: (-len(p), p))
        self.in_text = re.compile(r"\b(" + ("|".join(map(re.escape, known)) or "(?!)") + r"):([A-Za-z_]\w*)")

    def _declared(self) -> set[str]:
        kinds = (OWL.Class, RDFS.Class, OWL.NamedIndividual, SKOS.ConceptScheme, *PROPERTY_KINDS)
        declared = {str(s) for k in kinds for s in self.g.subjects(RDF.type, k) if isinstance(s, URIRef)}
        concepts = {str(c) for c, s in self.g.subject_objects(SKOS.inScheme) if str(s) in declared and c != s}
        return {iri for iri in declared | concepts if iri.startswith(OURS) and len(iri) > len(OURS)}

    # --- names, references and prose --------------------------------------------------------
    def name(self, iri: str) -> str:
        short = prefixed_name(iri)
        if short.startswith("<") and (prefix := self.prefixes.get(iri[: len(iri) - len(_local(iri))])):
            return f"{prefix}:{_local(iri)}"
        return short

    def ref(self, node: Node) -> Ref:
        if not isinstance(node, URIRef):
            return Ref("[a class expression]" if isinstance(node, BNode) else str(node), "")
        found = Ref(self.name(str(node)), str(node), self.anchors.get(str(node)))
        if found.anchor is None:
            self.mentioned.add(found)
        return found

    def refs(self, nodes) -> tuple[Ref, ...]:
        """References to `nodes`, a union class expression (owl:unionOf) standing for its members."""
        found = []
        for node in nodes:
            members = self.g.value(node, OWL.unionOf) if isinstance(node, BNode) else None
            found += [self.ref(m) for m in Collection(self.g, members)] if members else [self.ref(node)]
        return _sorted(found)

    def text(self, words: str) -> Text:
        """`words` cut at each prefixed name it mentions (cg:Partnership), which becomes a reference."""
        runs: list[tuple[str, Ref | None]] = []
        at = 0
        for m in self.in_text.finditer(words):
            namespace = next(ns for ns, p in self.prefixes.items() if p == m.group(1))
            runs += [(words[at : m.start()], None), (m.group(0), self.ref(URIRef(namespace + m.group(2))))]
            at = m.end()
        runs.append((words[at:], None))
        return tuple((t, r) for t, r in runs if t)

    def label(self, node: Node) -> str:
        found = (_first(v for v in self.g.objects(node, p) if isinstance(v, Literal)) for p in NAMING)
        return next((label for label in found if label is not None), _local(str(node)))

    def description(self, node: Node) -> tuple[Text, ...]:
        found = [sorted(str(v) for v in self.g.objects(node, p) if isinstance(v, Literal)) for p in DESCRIBING]
        return tuple(self.text(words) for each in found for words in each)

    def term(self, node: URIRef) -> dict[str, Any]:
        """The fields every documented term has."""
        iri = str(node)
        fields = dict(name=self.name(iri), iri=iri, anchor=self.anchors[iri], label=self.label(node))
        return fields | {"description": self.description(node)}

    def ours(self, kind: Node) -> list[URIRef]:
        found = {s for s in self.g.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s) in self.anchors}
        return sorted(found, key=self._key)

    def _key(self, node: Node) -> tuple[str, str]:
        return self.name(str(node)), str(node)

    # --- the document -----------------------------------------------------------------------
    def document(self) -> OntologyDoc:
        top = min(self.g.subjects(RDF.type, OWL.Ontology), key=str, default=URIRef(OURS))
        shapes = self.shape_docs()
        by_kind: dict[str, list[PropertyDoc]] = defaultdict(list)
        for p in (properties := self.property_docs()):
            by_kind[p.kind].append(p)
        licence = _first(self.g.objects(top, DCTERMS.license))
        return OntologyDoc(
            iri=str(top),
            prefix=self.prefixes.get(OURS, "cg"),
            namespace=OURS,
            title=self.label(top),
            description=self.description(top),
            version=_first(self.g.objects(top, OWL.versionInfo)),
            licence=Ref(licence, licence) if licence is not None else None,
            imports=tuple(Ref(self.name(str(i)), str(i)) for i in sorted(self.g.objects(top, OWL.imports), key=str)),
            classes=self.class_docs(properties, shapes),
            object_properties=tuple(by_kind["object"]),
            datatype_properties=tuple(by_kind["datatype"]),
            annotation_properties=tuple(by_kind["annotation"]),
            other_properties=tuple(by_kind["property"]),
            individuals=self.individual_docs(self.ours(OWL.NamedIndividual)),
            schemes=self.scheme_docs(),
            vocabularies=self.vocabularies(top),  # after the rest: these are the terms the rest mentions
            undeclared=_sorted(r for r in self.mentioned if r.iri.startswith(OURS)),
        )

    def class_docs(self, properties: list[PropertyDoc], shapes: dict[str, list[ShapeDoc]]) -> tuple[ClassDoc, ...]:
        domain_of, range_of = defaultdict[str, list[Ref]](list), defaultdict[str, list[Ref]](list)
        for p in properties:
            for ends, by_class in ((p.domains, domain_of), (p.ranges, range_of)):
                for r in ends:
                    by_class[r.iri].append(Ref(p.name, p.iri, p.anchor))
        g = self.g
        return tuple(
            ClassDoc(
                **self.term(c),
                superclasses=self.refs(g.objects(c, RDFS.subClassOf)),
                subclasses=self.refs(s for s in g.subjects(RDFS.subClassOf, c) if str(s) in self.anchors),
                related=self.refs(
                    [*(o for p in RELATED for o in g.objects(c, p)), *g.subjects(OWL.equivalentClass, c)]
                ),
                domain_of=_sorted(domain_of[str(c)]),
                range_of=_sorted(range_of[str(c)]),
                shapes=tuple(sorted(shapes.get(str(c), []), key=lambda s: (s.name, s.iri))),
            )
            for c in sorted(set(self.ours(OWL.Class)) | set(self.ours(RDFS.Class)), key=self._key)
        )

    def property_docs(self) -> list[PropertyDoc]:
        found: dict[str, PropertyDoc] = {}
        for kind, word in PROPERTY_KINDS.items():
            for p in self.ours(kind):
                if str(p) not in found:  # declared with two kinds: documented under the first
                    found[str(p)] = self.property_doc(p, word)
        return sorted(found.values(), key=lambda d: (d.name, d.iri))

    def property_doc(self, p: URIRef, kind: str) -> PropertyDoc:
        g = self.g
        return PropertyDoc(
            **self.term(p),
            kind=kind,
            characteristics=tuple(c for c in CHARACTERISTICS if (p, RDF.type, OWL[c + "Property"]) in g),
            domains=self.refs(g.objects(p, RDFS.domain)),
            ranges=self.refs(g.objects(p, RDFS.range)),
            superproperties=self.refs(g.objects(p, RDFS.subPropertyOf)),
            subproperties=self.refs(s for s in g.subjects(RDFS.subPropertyOf, p) if str(s) in self.anchors),
            inverses=self.refs([*g.objects(p, OWL.inverseOf), *g.subjects(OWL.inverseOf, p)]),
        )

    def individual_docs(self, nodes: list[URIRef], members: Callable | None = None) -> tuple[IndividualDoc, ...]:
        skip = {OWL.NamedIndividual, SKOS.Concept, SKOS.ConceptScheme}
        return tuple(
            IndividualDoc(
                **self.term(i),
                types=self.refs(t for t in self.g.objects(i, RDF.type) if t not in skip),
                members=members(i) if members else (),
            )
            for i in nodes
        )

    def scheme_docs(self) -> tuple[IndividualDoc, ...]:
        def concepts(scheme: URIRef) -> tuple[IndividualDoc, ...]:
            found = {*self.g.subjects(SKOS.inScheme, scheme), *self.g.subjects(SKOS.topConceptOf, scheme)}
            ours = [c for c in found if isinstance(c, URIRef) and str(c) in self.anchors]
            return self.individual_docs(sorted(ours, key=self._key))

        return self.individual_docs(self.ours(SKOS.ConceptScheme), concepts)

    # --- shapes ---------------------------------------------------------------------------
    def shape_docs(self) -> dict[str, list[ShapeDoc]]:
        """The shapes of the shapes graph by the IRI of each class they target."""
        by_target: dict[str, list[ShapeDoc]] = defaultdict(list)
        for shape in sorted(set(self.shapes.subjects(SH.targetClass, None)), key=self._key):
            doc = self.shape_doc(shape)
            for target in self.shapes.objects(shape, SH.targetClass):
                by_target[str(target)].append(doc)
        return by_target

    def shape_doc(self, shape: Node) -> ShapeDoc:
        s = self.shapes
        alternatives: list[tuple[Constraint, ...]] = [
            (self.constraint(option),) if (option, SH.path, None) in s else self.constraints(option)
            for option in self.members(s.value(shape, SH["or"]))
        ]
        return ShapeDoc(
            name=self.name(str(shape)) if isinstance(shape, URIRef) else "[a shape]",
            iri=str(shape) if isinstance(shape, URIRef) else "",
            comment=self.text(comment) if (comment := _first(s.objects(shape, RDFS.comment))) else None,
            message=_first(s.objects(shape, SH.message)),
            constraints=self.constraints(shape),
            alternatives=tuple(alternatives),
            rules=self.rules(shape, skip={SH.targetClass, SH.property, SH["or"], SH.message}),
        )

    def members(self, head: Node | None) -> list[Node]:
        return list(Collection(self.shapes, head)) if head is not None else []

    def constraints(self, shape: Node) -> tuple[Constraint, ...]:
        found = [self.constraint(p) for p in self.shapes.objects(shape, SH.property)]
        return tuple(sorted(found, key=lambda c: ("".join(t for t, _ in c.path), repr(c))))

    def constraint(self, node: Node) -> Constraint:
        s = self.shapes
        options = self.members(s.value(node, SH["or"]))
        typed = [o for o in options if set(s.predicates(o, None)) <= {SH.datatype, SH["class"]}]
        typed = typed if len(typed) == len(options) else []  # an sh:or of anything else is said in words
        low, high = s.value(node, SH.minCount), s.value(node, SH.maxCount)
        return Constraint(
            path=self.path(s.value(node, SH.path)),
            min_count=int(low) if isinstance(low, Literal) else None,
            max_count=int(high) if isinstance(high, Literal) else None,
            datatypes=_sorted(self.ref(d) for n in [node, *typed] for d in s.objects(n, SH.datatype)),
            classes=_sorted(self.ref(c) for n in [node, *typed] for c in s.objects(n, SH["class"])),
            rules=self.rules(node, skip=TABULATED | ({SH["or"]} if typed else set())),
            message=_first(s.objects(node, SH.message)),
        )

    def path(self, node: Node | None, inner: bool = False) -> Text:
        """A SHACL property path as SPARQL writes one: `a / b`, `^a`, `(a | b)`, `a*`."""
        s = self.shapes
        if node is None:
            return (("(no path)", None),)
        if isinstance(node, URIRef):
            return ((self.name(str(node)), self.ref(node)),)
        if (node, RDF.first, None) in s:
            return self.joined([self.path(m, True) for m in self.members(node)], " / ", inner)
        if (alternatives := s.value(node, SH.alternativePath)) is not None:
            return self.joined([self.path(m, True) for m in self.members(alternatives)], " | ", True)
        if (inside := s.value(node, SH.inversePath)) is not None:
            return (("^", None), *self.path(inside, True))
        for predicate, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            if (inside := s.value(node, predicate)) is not None:
                return (*self.path(inside, True), (mark, None))
        return (("[a path]", None),)

    @staticmethod
    def joined(parts: list[Text], between: str, bracket: bool) -> Text:
        runs: list[tuple[str, Ref | None]] = [("(", None)] if bracket else []
        for i, part in enumerate(parts):
            runs += ([(between, None)] if i else []) + list(part)
        return tuple(runs + ([(")", None)] if bracket else []))

    def rules(self, node: Node, skip: set[URIRef]) -> tuple[str, ...]:
        """The SHACL constraints on `node` other than those in `skip`, in words, sorted."""
        found = self.shapes.predicate_objects(node)
        return tuple(sorted(self.rule(p, v) for p, v in found if str(p).startswith(str(SH)) and p not in skip))

    def rule(self, predicate: Node, value: Node) -> str:
        if predicate == SH.nodeKind:
            return NODE_KINDS.get(_local(str(value)), f"node kind {self.name(str(value))}")
        if predicate == SH.pattern:
            return f"matches {value}"
        if predicate in (SH.minLength, SH.maxLength):
            return f"{'at least' if predicate == SH.minLength else 'at most'} {value} characters"
        if predicate == SH["in"]:
            return "one of " + ", ".join(self.value(m) for m in self.members(value))
        if predicate in (SH["not"], SH["or"], SH["and"], SH.xone):  # shapes: said by their own constraints
            shapes = [value] if predicate == SH["not"] else self.members(value)
            return f"{_local(str(predicate))}: " + " | ".join("; ".join(self.rules(m, set())) for m in shapes)
        return f"{_local(str(predicate))} {self.value(value)}"

    def value(self, node: Node) -> str:
        return self.name(str(node)) if isinstance(node, URIRef) else f'"{node}"' if isinstance(node, Literal) else "[…]"

    # --- reused vocabularies ------------------------------------------------------------------
    def vocabularies(self, top: Node) -> tuple[VocabularyDoc, ...]:
        """The ontology file's prefixes and the namespaces of the terms the page mentions, ours aside."""
        imported = {str(i).rstrip("#/") for i in self.g.objects(top, OWL.imports)}
        by_namespace: dict[str, set[Ref]] = {str(ns): set() for p, ns in self.g.namespaces() if p and str(ns) != OURS}
        for r in self.mentioned:
            if r.iri and (namespace := r.iri[: len(r.iri) - len(_local(r.iri))]) != OURS:
                by_namespace.setdefault(namespace, set()).add(r)
        docs = [
            VocabularyDoc(
                self.prefixes.get(ns, ""),
                Ref(ns, ns),
                VOCABULARY_TITLES.get(ns),
                ns.rstrip("#/") in imported,
                _sorted(refs),
            )
            for ns, refs in by_namespace.items()
        ]
        return tuple(sorted(docs, key=lambda v: (v.prefix == "", v.prefix, v.namespace.iri)))
