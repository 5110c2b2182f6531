"""Turn a checked Dataset into the RDF graph (rdflib), one function per kind of node.

No blank nodes: every node has an IRI minted from what it stands for, so the same data gives the
same graph, and so the same bytes once serialised.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD

from ..ingest.councils import Authority
from ..ingest.dataset import Dataset
from ..ingest.records import Claim, Concept, Entity, Evidence, FigureRecord, Relation
from .namespaces import CG, ID, bind_prefixes, gss_geography_iri, resource_iri
from .vocabulary import (
    COMBINED_AUTHORITY_TYPES,
    COUNCIL_CLASSES,
    ENTITY_TYPES,
    ORGANISATION_KIND_SCHEME,
    PARTICIPATION_STATUS_SCHEME,
    RELATION_TYPES,
    ROLE_SCHEME,
    TIER_SCHEME,
    ConceptScheme,
    kind_of,
    reading,
)

# What makes two relation records one fact, besides their type and ends: a participation's status and a
# membership's snapshot (as_at, tier) are states at a time, and an amount is one grant; any other
# qualifier (a role's wording, a date, an instrument) is more said about the same fact and is merged.
RELATION_IDENTITY = ("status", "as_at", "tier", "amount", "currency")

__all__ = ["build_graph", "slugify", "concept_iri", "typed_date", "REFERENCE_SOURCE", "DATASET_IRI"]

REFERENCE_SOURCE = resource_iri("source", "mysociety-uk-local-authorities")
DATASET_IRI = URIRef(f"{ID}dataset")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.replace("&", " and ").casefold()).strip("-")


def concept_iri(scheme: ConceptScheme, value: str) -> URIRef:
    """The SKOS concept of `value` in `scheme`: concept:<scheme>-<value, slugified>."""
    return resource_iri("concept", f"{scheme.slug}-{slugify(value)}")


def typed_date(value: str) -> Literal:
    """A date literal as precise as the text: xsd:gYear, xsd:gYearMonth or xsd:date."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(value)]
    return Literal(value, datatype=datatype)


def _number(value: Decimal) -> Literal:
    if value == value.to_integral_value():
        return Literal(str(int(value)), datatype=XSD.integer)
    return Literal(str(value.normalize()), datatype=XSD.decimal)


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


class _Builder:
    def __init__(self, data: Dataset):
        self.data = data
        self.g = bind_prefixes(Graph())
        self.labels: dict[URIRef, str] = {}
        self.council_iris: dict[str, URIRef] = {}
        self.concepts: set[URIRef] = set()
        self.memberships: list[tuple[URIRef, URIRef, str | None]] = []  # (member, network, as at)

    # --- nodes -----------------------------------------------------------------------------
    def sources(self) -> None:
        g = self.g
        g.add((DATASET_IRI, RDF.type, PROV.Entity))
        g.add((DATASET_IRI, RDFS.label, Literal("councilgraph: UK councils, partners, initiatives and networks")))
        for source in self.data.sources.values():
            node = resource_iri("source", source.id)
            for cls in (CG.SourceDocument, PROV.Entity, DCTERMS.BibliographicResource):
                g.add((node, RDF.type, cls))
            g.add((node, DCTERMS.identifier, Literal(source.id)))
            g.add((node, DCTERMS.title, Literal(source.title)))
            g.add((node, RDFS.label, Literal(source.title)))
            self.labels[node] = source.title
            g.add((node, DCTERMS.publisher, Literal(source.publisher)))
            g.add((node, DCTERMS.date, typed_date(source.date)))
            g.add((node, CG.dateNote, Literal(source.date_note)))
            g.add((node, DCTERMS.rights, Literal(source.licence)))
            g.add((node, CG.sourceFile, Literal(f"data/sources/{source.file}")))
            g.add((DATASET_IRI, PROV.wasDerivedFrom, node))
        ref = REFERENCE_SOURCE
        g.add((ref, RDF.type, PROV.Entity))
        g.add((ref, RDF.type, CG.SourceDocument))
        g.add((ref, DCTERMS.identifier, Literal("mysociety-uk-local-authorities")))
        g.add((ref, RDFS.label, Literal("UK Local Authority Names and Codes (mySociety)")))
        g.add((ref, DCTERMS.title, Literal("UK Local Authority Names and Codes")))
        g.add((ref, DCTERMS.publisher, Literal("mySociety")))
        g.add((ref, DCTERMS.date, typed_date("2025-07")))
        g.add((ref, DCTERMS.rights, Literal("MIT licence; see data/reference/LICENSE-mysociety.txt")))
        g.add((ref, CG.sourceFile, Literal("data/reference/uk_local_authorities.csv")))
        g.add((DATASET_IRI, PROV.wasDerivedFrom, ref))

    def council(self, authority: Authority) -> URIRef:
        if authority.code in self.council_iris:
            return self.council_iris[authority.code]
        g, node = self.g, resource_iri("council", slugify(authority.nice_name))
        self.council_iris[authority.code] = node
        combined = authority.type_name in COMBINED_AUTHORITY_TYPES
        for cls in COUNCIL_CLASSES:
            g.add((node, RDF.type, CG.CombinedAuthority if combined and cls == CG.PrincipalCouncil else cls))
        self.labels[node] = authority.official_name
        self.name(node, authority.official_name, SDO.name)
        if not combined:  # a combined authority's short name is its area's ("Greater Manchester"): not its name
            g.add((node, SKOS.altLabel, Literal(authority.nice_name)))
        for spelling in sorted(self.data.council_names.get(authority.code, ())):
            if spelling != authority.official_name:
                g.add((node, SKOS.altLabel, Literal(spelling)))
        g.add((node, CG.localAuthorityCode, Literal(authority.code)))
        g.add((node, CG.gssCode, Literal(authority.gss_code)))
        g.add((node, SDO.areaServed, gss_geography_iri(authority.gss_code)))
        g.add((node, CG.nation, Literal(authority.nation)))
        g.add((node, CG.region, Literal(authority.region)))
        g.add((node, CG.authorityType, Literal(authority.type_name)))
        if authority.org_id:
            g.add((node, CG.orgId, Literal(authority.org_id)))
            g.add((node, ORG.identifier, Literal(authority.org_id)))
        if authority.latitude and authority.longitude:
            g.add(
                (
                    node,
                    SDO.latitude,
                    Literal(str(Decimal(authority.latitude).quantize(Decimal("0.000001"))), datatype=XSD.decimal),
                )
            )
            g.add(
                (
                    node,
                    SDO.longitude,
                    Literal(str(Decimal(authority.longitude).quantize(Decimal("0.000001"))), datatype=XSD.decimal),
                )
            )
        if authority.start_date:
            g.add((node, CG.startDate, typed_date(authority.start_date)))
        if authority.end_date:
            g.add((node, CG.endDate, typed_date(authority.end_date)))
        g.add((node, PROV.wasDerivedFrom, REFERENCE_SOURCE))
        return node

    def entity(self, entity: Entity) -> None:
        g, node = self.g, self.iri(entity.id)
        etype = ENTITY_TYPES[entity.type]
        for cls in etype.classes:
            g.add((node, RDF.type, cls))
        self.labels[node] = entity.name
        self.name(node, entity.name, SDO.name)
        for alias in sorted(entity.aliases):
            g.add((node, SKOS.altLabel, Literal(alias)))
        for text in sorted(entity.descriptions):
            g.add((node, DCTERMS.description, Literal(text)))
        for text in sorted(entity.notes):
            g.add((node, SKOS.editorialNote, Literal(text)))
        for text in sorted(entity.ambiguities):
            g.add((node, CG.ambiguity, Literal(text)))
        for text in sorted(entity.lead_unstated):
            g.add((node, CG.leadNotStated, Literal(text)))
        if entity.kind:
            g.add((node, CG.organisationKind, self.concept(ORGANISATION_KIND_SCHEME, entity.kind)))
        if entity.type == "Phase" and (entity.start or entity.end):
            g.add((node, RDF.type, TIME.ProperInterval))
            for prop, value, suffix in (
                (TIME.hasBeginning, entity.start, "beginning"),
                (TIME.hasEnd, entity.end, "end"),
            ):
                if value:
                    instant = URIRef(f"{node}/{suffix}")
                    g.add((node, prop, instant))
                    g.add((instant, RDF.type, TIME.Instant))
                    g.add((instant, TIME.inXSDDate if len(value) == 10 else TIME.inXSDgYear, typed_date(value)))
        if entity.date:
            g.add((node, SDO.startDate, typed_date(entity.date)))
        self.evidence(node, entity.evidence)
        self.figures(node, entity.figures)

    def relation_groups(self) -> list[tuple[URIRef, URIRef, list[Relation]]]:
        """The relations of the data grouped into the facts they state: one group per relation type, resolved
        ends and identifying qualifiers (RELATION_IDENTITY), whatever spelling of a council each file used
        and whichever files state it. Each group becomes one relation node carrying all its evidence."""
        groups: dict[tuple, tuple[URIRef, URIRef, list[Relation]]] = {}
        for rel in self.data.curated.relations:
            first = min(rel.evidence)  # council ends are resolved as at the source of the first quote
            frm, to = self.ref(rel.source, first.source), self.ref(rel.target, first.source)
            identity = (rel.type, frm, to, tuple(rel.qualifier(name) for name in RELATION_IDENTITY))
            groups.setdefault(identity, (frm, to, []))[2].append(rel)
        return list(groups.values())

    def relation(self, frm: URIRef, to: URIRef, group: list[Relation]) -> None:
        g, first = self.g, group[0]
        spec = RELATION_TYPES[first.type]
        # the node is named after the first of the group's records, so a fact keeps its IRI as sources are added
        node = resource_iri("relation", f"{first.type.replace('_', '-')}-{_digest(*first.key)}")
        qualifiers: dict[str, set[str]] = {}
        for rel in group:
            for name, value in rel.qualifiers:
                qualifiers.setdefault(name, set()).add(value)
        q = {name: sorted(values) for name, values in qualifiers.items()}
        status = q["status"][0] if "status" in q else None
        shortcut, active, _, _ = reading(spec, status)
        for cls in (spec.cls, CG.Relation, *spec.extra_classes):
            g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(f"{self.labels[frm]} {active} {self.labels[to]}")))
        g.add((node, CG.relationFrom, frm))
        g.add((node, CG.relationTo, to))
        if spec.from_property:
            g.add((node, spec.from_property, frm))
        if spec.to_property:
            g.add((node, spec.to_property, to))
        if first.type == "member":  # its direct edge only if it is in the network's latest list (member_shortcuts)
            self.memberships.append((frm, to, q["as_at"][0] if "as_at" in q else None))
        else:
            g.add((frm, shortcut, to))
        if spec.inverse:
            g.add((to, spec.inverse, frm))
        self.qualifiers(node, first.type, q)
        for rel in group:  # which documents give the date, where the records of a fact differ on it
            if rel.qualifier("date"):
                for ev in rel.evidence:
                    g.add((node, CG.dateSource, resource_iri("source", ev.source)))
        evidence: set[Evidence] = set()
        for rel in group:
            evidence |= rel.evidence
            said = ((CG.dateNote, rel.date_notes), (SKOS.editorialNote, rel.notes), (CG.ambiguity, rel.ambiguities))
            for prop, texts in said:
                for text in texts:
                    g.add((node, prop, Literal(text)))
            self.figures(node, rel.figures)
            for end in (rel.source, rel.target):
                if end.startswith("council:"):  # a council's own provenance: the register and every mention
                    for ev in rel.evidence:
                        g.add((self.ref(end, ev.source), PROV.wasDerivedFrom, resource_iri("source", ev.source)))
        self.evidence(node, evidence)
        # the roles an organisation plays follow from the relations it is in
        if first.type == "funds" and kind_of(first.source) in ("org", "council", "localcouncil"):
            g.add((frm, RDF.type, CG.Funder))
        if first.type == "partner":
            for end, iri in ((first.source, frm), (first.target, to)):
                if kind_of(end) == "org":
                    g.add((iri, RDF.type, CG.PartnerOrganisation))

    def qualifiers(self, node: URIRef, rtype: str, q: dict[str, list[str]]) -> None:
        """The qualifiers of a relation node: every value its records give."""
        g = self.g
        for role in q.get("role", ()):
            g.add((node, CG.roleLabel, Literal(role)))
            if rtype == "holds_role":
                g.add((node, ORG.role, self.concept(ROLE_SCHEME, role)))
        for status in q.get("status", ()):
            g.add((node, CG.status, self.concept(PARTICIPATION_STATUS_SCHEME, status)))
        for value in q.get("tier", ()):
            tier = self.concept(TIER_SCHEME, value)
            g.add((node, CG.tier, tier))
            g.add((node, ORG.role, tier))
        for value in q.get("as_at", ()):
            g.add((node, CG.asAt, typed_date(value)))
        for value in q.get("date", ()):
            g.add((node, CG.date, typed_date(value)))
        for value in q.get("amount", ()):
            g.add((node, SDO.amount, _number(Decimal(value))))
        for value in q.get("currency", ()):
            g.add((node, SDO.currency, Literal(value)))
        for value in q.get("instrument", ()):
            g.add((node, CG.viaInstrument, self.iri(value)))

    def member_shortcuts(self) -> None:
        """The direct `org:memberOf` of each membership in its network's latest list: a network's members
        are those its most recent list names, and an earlier list (the CCIN's c. 2014 one) is read on the
        memberships themselves (cg:asAt), never merged into the current members. A network whose lists
        carry no date has all its members linked directly; an undated membership of a network with dated
        lists gets no direct edge (its date is unknown)."""
        latest: dict[URIRef, str] = {}
        for _, network, as_at in self.memberships:
            if as_at and as_at > latest.get(network, ""):
                latest[network] = as_at
        for member, network, as_at in self.memberships:
            if as_at == latest.get(network):
                self.g.add((member, ORG.memberOf, network))

    def claim(self, claim: Claim) -> None:
        g, node = self.g, self.iri(claim.id)
        about = self.ref(claim.about, claim.evidence.source)
        g.add((node, RDF.type, CG.Claim))
        g.add((node, RDFS.label, Literal(claim.label)))
        g.add((node, DCTERMS.subject, about))
        g.add((node, CG.claimedValue, _number(claim.value)))
        if claim.note:
            g.add((node, SKOS.editorialNote, Literal(claim.note)))
        g.add((about, CG.claim, node))
        self.evidence(node, {claim.evidence})

    def scheme_concept(self, concept: Concept) -> None:
        g, node = self.g, self.iri(concept.id)
        scheme = self.iri(concept.scheme)
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        self.name(scheme, concept.scheme_label)
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, scheme))
        self.name(node, concept.label)
        if concept.definition:
            g.add((node, SKOS.definition, Literal(concept.definition)))
        if concept.broader:
            g.add((node, SKOS.broader, self.iri(concept.broader)))
            g.add((self.iri(concept.broader), SKOS.narrower, node))
        else:
            g.add((node, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, node))
        for text in sorted(concept.ambiguities):
            g.add((node, CG.ambiguity, Literal(text)))
        self.evidence(node, {concept.evidence})

    # --- shared parts ----------------------------------------------------------------------
    def iri(self, eid: str) -> URIRef:
        kind, _, slug = eid.partition("/")
        return resource_iri(kind, slug)

    def ref(self, ref: str, source: str) -> URIRef:
        if ref.startswith("council:"):
            return self.council(self.data.council(ref, source))
        return self.iri(ref)

    def name(self, node: URIRef, text: str, *more: URIRef) -> None:
        """The node's name as rdfs:label and skos:prefLabel (and any `more` properties, e.g. schema:name)."""
        for prop in (RDFS.label, SKOS.prefLabel, *more):
            self.g.add((node, prop, Literal(text)))

    def concept(self, scheme: ConceptScheme, value: str) -> URIRef:
        """A SKOS concept for a controlled value (tier, status, role, kind), minted on first use."""
        g = self.g
        node = concept_iri(scheme, value)
        if node not in self.concepts:
            scheme_node = resource_iri("scheme", scheme.slug)
            self.concepts.add(node)
            g.add((scheme_node, RDF.type, SKOS.ConceptScheme))
            self.name(scheme_node, scheme.label)
            g.add((node, RDF.type, SKOS.Concept))
            g.add((node, SKOS.inScheme, scheme_node))
            self.name(node, value)
        return node

    def evidence(self, subject: URIRef, evidence: set[Evidence]) -> None:
        g = self.g
        for ev in sorted(evidence):
            source = resource_iri("source", ev.source)
            node = resource_iri("evidence", _digest(ev.source, ev.quote))
            g.add((node, RDF.type, CG.Evidence))
            g.add((node, RDF.type, PROV.Entity))
            g.add((node, CG.quote, Literal(ev.quote)))
            g.add((node, PROV.wasQuotedFrom, source))
            g.add((node, PROV.hadPrimarySource, source))
            g.add((node, CG.curatedAt, Literal(ev.where)))
            g.add((subject, CG.evidence, node))
            g.add((subject, PROV.wasDerivedFrom, source))

    def figures(self, subject: URIRef, figures: list[FigureRecord]) -> None:
        g = self.g
        for fig in figures:
            node = resource_iri("figure", _digest(subject, fig.label, fig.value, fig.unit, fig.date))
            g.add((node, RDF.type, CG.Figure))
            g.add((node, RDF.type, SDO.QuantitativeValue))
            g.add((node, RDFS.label, Literal(fig.label)))
            g.add((node, SDO.value, _number(fig.value)))
            g.add((node, CG.unit, Literal(fig.unit)))
            g.add((node, SDO.unitText, Literal(fig.unit)))
            if fig.date:
                g.add((node, CG.date, typed_date(fig.date)))
            g.add((subject, CG.figure, node))
            self.evidence(node, {fig.evidence})


def build_graph(data: Dataset) -> Graph:
    """The whole knowledge graph of `data`."""
    builder = _Builder(data)
    builder.sources()
    for (_, _), authority in sorted(data.councils.items()):
        builder.council(authority)
    for entity in data.curated.entities.values():
        builder.entity(entity)
    for frm, to, group in builder.relation_groups():
        builder.relation(frm, to, group)
    builder.member_shortcuts()
    for claim in data.curated.claims:
        builder.claim(claim)
    for concept in data.curated.concepts:
        builder.scheme_concept(concept)
    g = builder.g
    g.add((DATASET_IRI, OWL.imports, URIRef(str(CG._NS).rstrip("#"))))
    return g
