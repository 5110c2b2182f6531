"""The ontology's documentation page (/ontology): what it says is what the ontology and shapes files say,
read here independently with rdflib; and the page is safe, self-contained, linked within and repeatable."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.model.namespaces import CG, prefixed_name
from graph.serve.ontology_doc import OntologyDoc, describe_ontology, ontology_html
from graph.serve.pages import _environment
from tests.conftest import HOSTILE_DESCRIPTION, HOSTILE_LABEL, HOSTILE_QUOTE, TURTLE_PREFIXES

SH = "http://www.w3.org/ns/shacl#"
OURS = str(CG._NS)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """What a test needs of a page: its ids, links, sources, the text of each section, unbalanced tags."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.links: list[dict[str, str | None]] = []
        self.problems: list[str] = []
        self.text: dict[str, list[str]] = {}
        self.open: list[tuple[str, str | None]] = []
        self.feed(html)
        self.close()
        assert self.open == [], f"left open: {self.open}"

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") is not None:
            self.ids.append(a["id"])
        if a.get("href") is not None:
            self.hrefs.append(a["href"])
        if a.get("src") is not None:
            self.srcs.append(a["src"])
        if tag == "link":
            self.links.append(a)
        if tag not in VOID:
            self.open.append((tag, a.get("id") if tag == "section" else None))
            if tag == "section" and a.get("id"):
                self.text[a["id"]] = []

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.open or self.open[-1][0] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()

    def handle_data(self, data):
        for _, section in self.open:
            if section:
                self.text[section].append(data)

    def section(self, anchor: str) -> str:
        return "".join(self.text[anchor])


@pytest.fixture(scope="module")
def doc(paths) -> OntologyDoc:
    return describe_ontology(paths.ontology, paths.shapes)


@pytest.fixture(scope="module")
def html(doc) -> str:
    return ontology_html(doc, _environment())


@pytest.fixture(scope="module")
def page(html) -> Page:
    return Page(html)


@pytest.fixture(scope="module")
def ttl(paths) -> Graph:
    return Graph().parse(paths.ontology)


@pytest.fixture(scope="module")
def shapes(paths) -> Graph:
    return Graph().parse(paths.shapes)


def ours(g: Graph, kind: URIRef) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(OURS)}


def local(iri) -> str:
    return str(iri)[len(OURS) :]


def link_of(iri) -> str:
    """How the page links to a term: ours to its section, others out to their IRI."""
    return f"#{local(iri)}" if str(iri).startswith(OURS) else str(iri)


# --- what the page says is what the files say -------------------------------------------------------


def test_every_class_of_ours_has_a_section_and_a_class_page_link(ttl, doc, page, html):
    classes = ours(ttl, OWL.Class)
    assert len(classes) > 40
    assert {c.iri for c in doc.classes} == {str(c) for c in classes}
    for c in classes:
        assert local(c) in page.ids
        assert f'href="/class/{local(c)}"' in html
        text = page.section(local(c))
        assert str(ttl.value(c, RDFS.label)) in text
        assert str(ttl.value(c, SKOS.definition)) in text


def test_every_property_of_ours_is_documented_under_its_kind(ttl, doc, page):
    kinds = {
        OWL.ObjectProperty: doc.object_properties,
        OWL.DatatypeProperty: doc.datatype_properties,
        OWL.AnnotationProperty: doc.annotation_properties,
    }
    for kind, documented in kinds.items():
        assert [p.iri for p in documented] == sorted(map(str, ours(ttl, kind)), key=lambda i: prefixed_name(i))
    for p in ours(ttl, OWL.ObjectProperty) | ours(ttl, OWL.DatatypeProperty):
        text = page.section(local(p))
        assert str(ttl.value(p, RDFS.label)) in text and str(ttl.value(p, SKOS.definition)) in text


def test_each_superclass_in_the_file_is_shown_on_its_subclass(ttl, doc, page, html):
    by_iri = {c.iri: c for c in doc.classes}
    pairs = [(c, sup) for c in ours(ttl, OWL.Class) for sup in ttl.objects(c, RDFS.subClassOf)]
    assert (CG.PrincipalCouncil, CG.Council) in pairs
    for c, sup in pairs:
        assert str(sup) in {r.iri for r in by_iri[str(c)].superclasses}
        assert prefixed_name(str(sup)) in page.section(local(c))
        if str(sup).startswith(OURS):  # and the superclass lists its subclass
            assert str(c) in {r.iri for r in by_iri[str(sup)].subclasses}
    council = html.split('id="PrincipalCouncil"')[1].split("</section>")[0]
    assert 'href="#Council"' in council


def test_every_domain_and_range_in_the_file_is_shown(ttl, doc, page, html):
    documented = {p.iri: p for p in doc.object_properties + doc.datatype_properties}
    classes = {c.iri: c for c in doc.classes}
    for predicate, field, back in ((RDFS.domain, "domains", "domain_of"), (RDFS.range, "ranges", "range_of")):
        stated = [(p, o) for p in documented for o in ttl.objects(URIRef(p), predicate)]
        assert len(stated) > 10
        for p, o in stated:
            assert str(o) in {r.iri for r in getattr(documented[p], field)}
            section = html.split(f'<section id="{local(p)}"')[1].split("</section>")[0]
            assert f'href="{link_of(o)}"' in section
            if str(o) in classes:  # the class lists the property too
                assert p in {r.iri for r in getattr(classes[str(o)], back)}


def test_each_shapes_counts_appear_on_the_class_it_targets(shapes, doc):
    classes = {c.iri: c for c in doc.classes}
    checked = 0
    for shape in set(shapes.subjects(URIRef(SH + "targetClass"), None)):
        for prop in shapes.objects(shape, URIRef(SH + "property")):
            path = shapes.value(prop, URIRef(SH + "path"))
            low, high = (shapes.value(prop, URIRef(SH + k)) for k in ("minCount", "maxCount"))
            if not isinstance(path, URIRef) or (low is None and high is None):
                continue
            for target in shapes.objects(shape, URIRef(SH + "targetClass")):
                shown = [
                    (k.min_count, k.max_count)
                    for s in classes[str(target)].shapes
                    if s.iri == str(shape)
                    for k in s.constraints
                    if [r.iri for _, r in k.path if r] == [str(path)]
                ]
                expected = (int(low) if low is not None else None, int(high) if high is not None else None)
                assert expected in shown, (shape, target, path)
                checked += 1
    assert checked > 30


def test_a_known_constraint_reads_as_it_should(page):
    principal = page.section("PrincipalCouncil")
    assert "cgs:PrincipalCouncilShape" in principal
    assert "cg:gssCodeexactly 1" in principal.replace("\n", "")  # path cell, then count cell
    assert "matches ^[ENSWK][0-9]{8}$" in principal
    initiative = page.section("Initiative")
    assert "dcterms:isPartOf* / (^cg:leads | ^cg:runs)" in initiative  # the sh:or's sequence path
    assert "cg:leadNotStated" in initiative
    assert "xsd:decimal or xsd:integer" in page.section("Funding")  # an sh:or of datatypes


def test_reused_terms_link_out_and_are_not_documented_as_ours(ttl, doc, page):
    external = {o for o in ttl.objects(None, RDFS.subClassOf) if isinstance(o, URIRef) and not str(o).startswith(OURS)}
    assert URIRef("http://www.w3.org/ns/org#FormalOrganization") in external
    listed = {r.iri for v in doc.vocabularies for r in v.terms}
    for o in external:
        assert str(o) in page.hrefs and str(o) in listed
    sections = {s for s in page.ids if not s.startswith("section-")}
    assert sections == {local(s) for s in set(ttl.subjects()) if str(s).startswith(OURS)}
    titled = {v.prefix: v.title for v in doc.vocabularies}
    for prefix in ("org", "prov", "schema", "dcterms", "skos", "time"):
        assert titled[prefix], prefix
    assert doc.undeclared == (), "the ontology names cg: terms it does not declare"


def test_the_header_says_what_the_ontology_says(ttl, doc, page, html):
    top = next(ttl.subjects(RDF.type, OWL.Ontology))
    assert doc.title == str(ttl.value(top, RDFS.label))
    assert doc.version == str(ttl.value(top, OWL.versionInfo))
    assert (doc.licence is None) == (ttl.value(top, URIRef("http://purl.org/dc/terms/license")) is None)
    assert f"<h1>{doc.title}</h1>" in html
    assert "/ontology.ttl" in page.hrefs
    assert {"rel": "alternate", "type": "text/turtle", "href": "/ontology.ttl"} in page.links


# --- the page is well made -------------------------------------------------------------------------


def test_the_page_parses_and_every_in_page_link_lands(page):
    assert page.problems == []
    assert len(page.ids) == len(set(page.ids)), "ids are unique"
    missing = sorted({h[1:] for h in page.hrefs if h.startswith("#")} - set(page.ids))
    assert missing == []
    assert "section-classes" in page.ids and "Council" in page.ids and "Initiative" in page.ids


def test_the_page_loads_nothing_and_runs_nothing(page, html):
    assert "<script" not in html.lower()
    assert not [s for s in page.srcs if s.startswith(("http:", "https:", "//"))]
    assert all(link.get("rel") == "alternate" and str(link.get("href")).startswith("/") for link in page.links)
    assert "@import" not in html and "url(" not in html


def test_the_same_page_every_run(doc, html, paths):
    assert ontology_html(describe_ontology(paths.ontology, paths.shapes), _environment()) == html
    code = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from graph.serve.ontology_doc import describe_ontology, ontology_html\n"
        "from graph.serve.pages import _environment\n"
        "doc = describe_ontology(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        "print(hashlib.sha256(ontology_html(doc, _environment()).encode()).hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code, str(paths.ontology), str(paths.shapes)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert digests == {hashlib.sha256(html.encode()).hexdigest()}


# --- a hostile ontology shows as text ----------------------------------------------------------------


def tiny(tmp_path: Path, *triples: tuple) -> tuple[Path, Path]:
    g = Graph()
    for t in triples:
        g.add(t)
    body = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in sorted(g, key=lambda t: tuple(map(str, t))))
    ontology, shapes = tmp_path / "o.ttl", tmp_path / "s.ttl"
    ontology.write_text(TURTLE_PREFIXES + body + "\n", encoding="utf-8")
    shape = BNode()
    s = Graph()
    s.add((URIRef(OURS + "Shape"), URIRef(SH + "targetClass"), CG.Council))
    s.add((URIRef(OURS + "Shape"), URIRef(SH + "property"), shape))
    s.add((shape, URIRef(SH + "path"), CG.gssCode))
    s.add((shape, URIRef(SH + "message"), Literal(HOSTILE_QUOTE)))
    s.add((shape, URIRef(SH + "pattern"), Literal(HOSTILE_DESCRIPTION)))
    s.serialize(shapes, format="turtle")
    return ontology, shapes


def test_a_hostile_label_and_definition_show_as_text(tmp_path):
    ontology, shapes = tiny(
        tmp_path,
        (URIRef(OURS[:-1]), RDF.type, OWL.Ontology),
        (URIRef(OURS[:-1]), RDFS.label, Literal(HOSTILE_LABEL)),
        (CG.Council, RDF.type, OWL.Class),
        (CG.Council, RDFS.label, Literal(HOSTILE_LABEL)),
        (CG.Council, SKOS.definition, Literal(HOSTILE_DESCRIPTION)),
        (CG.Council, RDFS.subClassOf, URIRef("javascript:alert(5)")),
        (CG.gssCode, RDF.type, OWL.DatatypeProperty),
        (CG.gssCode, RDFS.label, Literal(HOSTILE_QUOTE)),
        (CG.gssCode, RDFS.domain, URIRef(OURS + "Councill")),  # a domain the ontology does not declare
    )
    doc = describe_ontology(ontology, shapes)
    html = ontology_html(doc, _environment())
    page = Page(html)
    assert page.problems == []
    assert "<script" not in html.lower() and "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert not [h for h in page.hrefs if h.lower().startswith("javascript:")]
    assert page.section("Council").count(HOSTILE_LABEL) == 1 and HOSTILE_QUOTE in page.section("gssCode")
    # the undeclared domain is named and links to its IRI, not to a section that is not there
    assert [r.name for r in doc.undeclared] == ["cg:Councill"]
    assert OURS + "Councill" in page.hrefs and "#Councill" not in page.hrefs


def test_individuals_concept_schemes_and_unions_when_an_ontology_declares_them(tmp_path):
    scheme, concept, person = URIRef(OURS + "tiers"), URIRef(OURS + "full"), URIRef(OURS + "someone")
    union, members = BNode(), [CG.Council, CG.Organisation]
    ontology, shapes = tiny(
        tmp_path,
        (CG.Council, RDF.type, OWL.Class),
        (CG.Organisation, RDF.type, OWL.Class),
        (CG.partner, RDF.type, OWL.ObjectProperty),
        (CG.partner, RDFS.domain, union),
        (union, OWL.unionOf, BNode("list1")),
        (BNode("list1"), RDF.first, members[0]),
        (BNode("list1"), RDF.rest, BNode("list2")),
        (BNode("list2"), RDF.first, members[1]),
        (BNode("list2"), RDF.rest, RDF.nil),
        (scheme, RDF.type, SKOS.ConceptScheme),
        (scheme, RDFS.label, Literal("Membership tiers")),
        (concept, RDF.type, SKOS.Concept),
        (concept, SKOS.inScheme, scheme),
        (concept, SKOS.definition, Literal("A full member, unlike a cg:Organisation.")),
        (person, RDF.type, OWL.NamedIndividual),
        (person, RDF.type, CG.Council),
    )
    doc = describe_ontology(ontology, shapes)
    assert [(s.name, [c.name for c in s.members]) for s in doc.schemes] == [("cg:tiers", ["cg:full"])]
    assert [(i.name, [t.name for t in i.types]) for i in doc.individuals] == [("cg:someone", ["cg:Council"])]
    (partner,) = doc.object_properties
    assert [r.name for r in partner.domains] == ["cg:Council", "cg:Organisation"]
    assert [p.name for c in doc.classes for p in c.domain_of] == ["cg:partner", "cg:partner"]
    page = Page(ontology_html(doc, _environment()))
    assert page.problems == [] and {"tiers", "full", "someone"} <= set(page.ids)
    assert not sorted({h[1:] for h in page.hrefs if h.startswith("#")} - set(page.ids))
    assert "#Organisation" in page.hrefs  # from the concept's definition
