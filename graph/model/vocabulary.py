"""What the curated data may say: entity types, relation types and their qualifiers, the controlled
values, and how each maps to RDF; with the words people read for each.

This is the one definition of the domain's terms (STYLE: one vocabulary, read everywhere): the loader
checks the data files against it, the build maps them to RDF by it, `show`, `path`, `stats`, `analyse`
and the page take their verbs and names from it, and the tables of docs/data-format.md are generated
from it (cog; tests/test_docs.py fails when they drift). A new relation type is one entry here plus
its terms in ontology/councilgraph.ttl.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, SDO, SKOS

from .namespaces import CG

__all__ = [
    "ENTITY_TYPES",
    "COUNCIL",
    "COUNCIL_CLASSES",
    "COMBINED_AUTHORITY_TYPES",
    "ENTITY_TYPES_BY_CLASS",
    "PLURALS",
    "ORGANISATION_KINDS",
    "PARTICIPATION_STATUSES",
    "TIERS",
    "ENTITY_FIELDS",
    "CLAIM_FIELDS",
    "CONCEPT_FIELDS",
    "FIGURE_FIELDS",
    "ConceptScheme",
    "ORGANISATION_KIND_SCHEME",
    "PARTICIPATION_STATUS_SCHEME",
    "TIER_SCHEME",
    "ROLE_SCHEME",
    "Qualifier",
    "QUALIFIERS",
    "QUALIFIER_FIELDS",
    "RELATION_FIELDS",
    "RELATION_TYPES",
    "RELATION_TYPES_BY_CLASS",
    "RelationType",
    "EntityType",
    "StatusReading",
    "NOT_TAKING_PART",
    "reading",
    "kind_of",
    "local_name",
]


def local_name(iri: URIRef) -> str:
    """The local name of a term of the ontology: 'ProgrammePhase' for cg:ProgrammePhase."""
    return str(iri).rsplit("#", 1)[-1]


@dataclass(frozen=True)
class EntityType:
    name: str  # as written in the data files
    id_kind: str  # the id prefix entities of this type use
    classes: tuple[URIRef, ...]  # its own class first
    one: str  # what people call one of them: "programme phase" (analyse's sentences; the page's legend, capitalised)
    many: str  # and several: "programme phases" (the rows of `stats`, analyse's sentences)
    description: str  # what it stands for (docs/data-format.md)
    fields: str = ""  # the fields it takes beyond every entity's (docs/data-format.md)

    @property
    def class_name(self) -> str:
        """Its own class's local name ('ProgrammePhase'): the `type` of its nodes in the network views."""
        return local_name(self.classes[0])


# fmt: off
ENTITY_TYPES: dict[str, EntityType] = {t.name: t for t in [
    EntityType("Organisation", "org", (CG.Organisation, ORG.Organization, SDO.Organization),
               "organisation", "organisations", "any non-council body",
               "`kind` (required): one of the kinds of organisation below"),
    EntityType("LocalCouncil", "localcouncil",
               (CG.LocalCouncil, CG.Council, ORG.FormalOrganization, SDO.GovernmentOrganization),
               "local council", "local councils", "town/parish/community council not in the reference"),
    EntityType("Initiative", "initiative", (CG.Initiative, SDO.Project), "initiative", "initiatives",
               "a project, service, scheme or strategy run by a council or organisation"),
    EntityType("Programme", "programme", (CG.Programme, SDO.Project), "programme", "programmes",
               "a programme that councils take part in (Creative Councils, LGA Innovation Programme and its "
               "workstreams)"),
    EntityType("Phase", "phase", (CG.ProgrammePhase,), "programme phase", "programme phases",
               "a phase of a programme", "`start`, `end` (ISO date, only if the text says)"),
    EntityType("Network", "network", (CG.Network, ORG.OrganizationalCollaboration, SDO.Organization),
               "network", "networks", "a network of councils (the CCIN)"),
    EntityType("Event", "event", (CG.Event, SDO.Event), "event", "events",
               "a conference, zone, session, hackathon", "`date` (only if the text says)"),
    EntityType("Person", "person", (CG.Person, SDO.Person), "person", "people",
               "a person named **in a public role** (id first-last, no titles)", "never contact details"),
    EntityType("Fund", "fund", (CG.Fund, SDO.MonetaryGrant), "fund", "funds",
               "a funding instrument (a fund, a bond, a grant scheme)"),
    EntityType("Place", "place", (CG.Place, SDO.Place), "place", "places",
               "a place that is not a council area (a town, ward, estate, neighbourhood)"),
    EntityType("Policy", "policy", (CG.Policy, SDO.GovernmentService), "policy", "policies",
               "a national scheme or policy (Work Programme, Living Wage)"),
    EntityType("Award", "award", (CG.Award,), "award", "awards", "an award or recognition"),
    EntityType("Section", "section", (CG.DocumentSection, DCTERMS.BibliographicResource),
               "document section", "document sections",
               "a titled section of a source document, `part_of` its `source/<id>`"),
    EntityType("Publication", "publication", (CG.Publication, SDO.Report, DCTERMS.BibliographicResource),
               "publication", "publications",
               "a report or other publication a source document names (not itself a source): `authored` by who "
               "wrote it, `about` what it is about"),
    EntityType("CaseStudy", "casestudy", (CG.CaseStudy, SDO.Article, DCTERMS.BibliographicResource),
               "case study", "case studies",
               "a case study in a source document: its quotes (its title as printed) stand once in the text and "
               "mark where it starts; `part_of` its `source/<id>` or section, `about` its subjects; the "
               "initiatives quoted inside it are linked by the build (`describes`)"),
]}
# fmt: on

# Councils are not declared in the data files: they come from the reference table (data/reference/) and
# are named `council:<name>`. Every council, principal or local, is a cg:Council (its own class here);
# the register's are also cg:PrincipalCouncil.
COUNCIL = EntityType(
    "Council",
    "council",
    (CG.Council, CG.PrincipalCouncil, ORG.FormalOrganization, SDO.GovernmentOrganization),
    "council",
    "councils",
    "a principal council in the register, named `council:<name as written in the text>`",
)
COUNCIL_CLASSES = COUNCIL.classes
# the register's authorities that are not principal councils: a combined authority is formed by councils
COMBINED_AUTHORITY_TYPES = frozenset({"Combined authority"})

# Every entity type by its own class's local name: the `type` of its nodes in the network views
# (graph.network.projection). The councils of the register come last: a local council is a cg:Council too.
ENTITY_TYPES_BY_CLASS: dict[str, EntityType] = {t.class_name: t for t in [*ENTITY_TYPES.values(), COUNCIL]}

# What `stats` calls the instances of each class it counts: each entity type's own class, then the kinds of
# council, the roles an entity takes on by its relations, and the records that hold the facts.
PLURALS: dict[URIRef, str] = {
    **{t.classes[0]: t.many for t in ENTITY_TYPES_BY_CLASS.values()},
    CG.PrincipalCouncil: "principal councils",
    CG.CombinedAuthority: "combined authorities",
    CG.PartnerOrganisation: "partner organisations",
    CG.Funder: "funders",
    CG.Relation: "relations",
    CG.Evidence: "evidence quotes",
    CG.Figure: "figures",
    CG.Claim: "claims",
}

# the controlled values of the data files, each minted as a SKOS concept of its scheme by the build
ORGANISATION_KINDS = (
    "company",
    "charity",
    "social-enterprise",
    "cooperative",
    "university",
    "college",
    "school",
    "public-body",
    "nhs-body",
    "national-government",
    "housing-association",
    "community-group",
    "political-party",
    "political-party-body",
    "political-group",
    "trust",
    "network",
    "professional-body",
    "partnership",
    "other",
)
PARTICIPATION_STATUSES = (
    "applied",
    "selected",
    "progressed",
    "withdrew",
    "did-not-submit",
    "took-part",
    "presented",
    "winner",
    "shortlisted",
    "not-selected",
)
TIERS = ("Full", "Associate", "Affiliate")


@dataclass(frozen=True)
class ConceptScheme:
    slug: str  # the scheme is scheme:<slug>, each value concept:<slug>-<the value, slugified>
    label: str
    values: tuple[str, ...]  # the values the data may use; () where the text's own words are the values


ORGANISATION_KIND_SCHEME = ConceptScheme("organisation-kinds", "Kinds of organisation", ORGANISATION_KINDS)
PARTICIPATION_STATUS_SCHEME = ConceptScheme("participation-statuses", "Participation statuses", PARTICIPATION_STATUSES)
TIER_SCHEME = ConceptScheme("membership-tiers", "CCIN membership tiers", TIERS)
ROLE_SCHEME = ConceptScheme("roles", "Public roles", ())  # a holds_role relation's role, as written

# What each id kind may stand for at either end of a relation ("council" covers council:<name> refs).
COUNCILS = {"council", "localcouncil"}
ACTORS = COUNCILS | {"org"}
ANY = frozenset({COUNCIL.id_kind, *(t.id_kind for t in ENTITY_TYPES.values())})


@dataclass(frozen=True)
class Qualifier:
    field: str  # as written in a relation of the data files
    prop: URIRef  # the property of the qualified relation node that holds it
    label: str  # as `show` and `path` print it
    description: str  # what to write (docs/data-format.md)
    on_edge: bool = False  # carried onto the relation's edge in the network views (`path`, the page)
    general: bool = False  # any relation may carry it (the others: the relation types that name it)
    values: tuple[str, ...] = ()  # the values allowed, where they are controlled


# The qualifiers a relation may carry, in the order `show` lists them; the loader checks their values
# (graph.ingest.curated) and the build writes each to its property (graph.model.build).
QUALIFIERS: list[Qualifier] = [
    Qualifier(
        "role",
        CG.roleLabel,
        "role",
        'the role, as written: a partner\'s ("learning partner", "joint service"), a person\'s public role '
        '("Leader", "Cabinet Member for Health and Adult Social Care"), or what a `related_to` relation is',
        on_edge=True,
    ),
    Qualifier(
        "status",
        CG.status,
        "status",
        "how it took part (`applied`: bid or applied for it)",
        on_edge=True,
        values=PARTICIPATION_STATUSES,
    ),
    Qualifier("tier", CG.tier, "tier", "the membership tier (also `org:role`)", on_edge=True, values=TIERS),
    Qualifier("as_at", CG.asAt, "as at", "the date a membership list is stated as at (ISO)", on_edge=True),
    Qualifier(
        "date",
        CG.date,
        "date",
        "ISO `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: only as precise as the text",
        on_edge=True,
        general=True,
    ),
    Qualifier("date_note", CG.dateNote, "date note", "how the date was read or inferred", general=True),
    Qualifier("amount", SDO.amount, "amount", "a number", on_edge=True),
    Qualifier("currency", SDO.currency, "currency", "`GBP` unless the text says otherwise", on_edge=True),
    Qualifier("instrument", CG.viaInstrument, "via", "the fund it came through: a `fund/` id"),
    Qualifier("note", SKOS.editorialNote, "note", "anything a reviewer should know", general=True),
    Qualifier(
        "ambiguity",
        CG.ambiguity,
        "ambiguity",
        "where the text is unclear (an OCR'd name, counts that do not add up): say what and why, never smooth it over",
        general=True,
    ),
]
QUALIFIER_FIELDS = {q.field: q for q in QUALIFIERS}
# every field a relation of the data files may have (the loader refuses others)
RELATION_FIELDS = frozenset({"type", "from", "to", "quote", "figures", *QUALIFIER_FIELDS})
# and of an entity, a claim, a concept and a figure (the loader refuses others: a misspelt field is never lost)
ENTITY_FIELDS = frozenset(
    {
        "id",
        "type",
        "name",
        "kind",
        "aliases",
        "description",
        "note",
        "ambiguity",
        "lead_unstated",
        "start",
        "end",
        "date",
        "quote",
        "figures",
    }
)
CLAIM_FIELDS = frozenset({"id", "about", "label", "value", "quote", "note"})
CONCEPT_FIELDS = frozenset({"id", "scheme", "scheme_label", "label", "definition", "ambiguity", "quote", "broader"})
FIGURE_FIELDS = frozenset({"label", "value", "unit", "date", "quote"})


@dataclass(frozen=True)
class RelationType:
    name: str
    cls: URIRef  # class of the qualified relation node
    shortcut: URIRef  # direct property from -> to, for easy querying
    from_kinds: frozenset[str]
    to_kinds: frozenset[str]
    active: str  # read from its `from` end, "<from> leads <to>": `show`, and the relation's rdfs:label
    passive: str  # read from its `to` end, "<to> is led by <from>": `show`
    description: str  # what it means (docs/data-format.md)
    qualifiers: tuple[str, ...] = ()  # the qualifiers it takes besides the general ones (Qualifier.general)
    required: tuple[str, ...] = ()  # those of them it must have
    # The label of its edges in the network views, where it differs from `active`: `path` draws it on an
    # arrow read either way round ("←part of—") and the page on an edge, so it is a bare tag, not the clause
    # `show` prints ("- is part of ..."). Both forms are kept because both are printed today (`path`,
    # `analyse --view councils`, exports/network.html against `show`).
    edge: str | None = None
    extra_classes: tuple[URIRef, ...] = ()
    # standard-vocabulary properties that also name the two ends, where a vocabulary has them
    from_property: URIRef | None = None
    to_property: URIRef | None = None
    inverse: URIRef | None = None  # a standard property asserted to -> from

    @property
    def edge_label(self) -> str:
        return self.edge or self.active

    @property
    def symmetric(self) -> bool:
        """Whether it reads the same from either end ("works in partnership with"), so has no direction."""
        return self.active == self.passive

    @property
    def class_name(self) -> str:
        """Its class's local name ('Leadership'): the `relation` of its edges in the network views."""
        return local_name(self.cls)


def _rt(name, cls, shortcut, from_kinds, to_kinds, active, passive, description, **kw) -> RelationType:
    return RelationType(
        name, cls, shortcut, frozenset(from_kinds), frozenset(to_kinds), active, passive, description, **kw
    )


# fmt: off
RELATION_TYPES: dict[str, RelationType] = {r.name: r for r in [
    _rt("leads", CG.Leadership, CG.leads, ACTORS, {"initiative"},
        "leads", "is led by", "runs, owns or delivers the initiative"),
    _rt("partner", CG.Partnership, CG.partner,
        ACTORS | {"initiative", "network", "programme"}, ACTORS | {"initiative", "network"},
        "works in partnership with", "works in partnership with", "works with, in partnership, joint service",
        qualifiers=("role",), edge="partner of"),
    _rt("funds", CG.Funding, CG.funds,
        ACTORS | {"fund", "programme", "network"}, ACTORS | {"initiative", "programme", "fund", "network", "event"},
        "funds", "is funded by", "gives money",
        qualifiers=("amount", "currency", "instrument"), extra_classes=(SDO.MonetaryGrant,),
        from_property=SDO.funder, to_property=SDO.fundedItem, inverse=SDO.funder),
    _rt("supports", CG.Support, CG.supports,
        ACTORS | {"programme", "network", "initiative", "person"}, ACTORS | {"initiative", "network", "person"},
        "supports", "is supported by", "non-financial support, advice, mentoring", qualifiers=("role",)),
    _rt("participates", CG.Participation, CG.participatesIn,
        ACTORS | {"network", "person", "initiative"}, {"programme", "phase", "event", "network", "initiative"},
        "participates in", "has participant", "takes part", qualifiers=("status",), required=("status",)),
    _rt("member", CG.NetworkMembership, ORG.memberOf, ACTORS, {"network"},
        "is a member of", "has member", "membership", qualifiers=("tier", "as_at"), edge="member of",
        extra_classes=(ORG.Membership,), from_property=ORG.member, to_property=ORG.organization),
    _rt("runs", CG.Stewardship, CG.runs,
        ACTORS | {"network", "person"}, {"programme", "network", "event", "fund", "phase", "initiative", "award"},
        "runs", "is run by", "organises, hosts, manages"),
    _rt("part_of", CG.Composition, DCTERMS.isPartOf,
        {"phase", "programme", "event", "initiative", "fund", "section", "casestudy"},
        {"programme", "event", "initiative", "network", "fund", "source", "section"},
        "is part of", "has part", "is a part of", edge="part of"),
    _rt("holds_role", CG.RoleHolding, CG.holdsRoleIn, {"person"}, ACTORS | {"network", "initiative"},
        "holds a role in", "has role holder", "public role", qualifiers=("role",), required=("role",),
        extra_classes=(ORG.Membership,), from_property=ORG.member, to_property=ORG.organization),
    _rt("presents", CG.Presentation, CG.presentsAt, ACTORS | {"person"}, {"event"},
        "presents at", "has presenter", "presents or speaks at"),
    _rt("located_in", CG.Siting, SDO.location,
        {"initiative", "org", "place", "event", "fund", "localcouncil"}, {"place", "council", "localcouncil"},
        "is located in", "is the location of", "where it is or works", edge="located in"),
    _rt("sits_on", CG.GroupSeat, CG.sitsOn, {"org"}, COUNCILS,
        "sits on", "has party group", "party group (an organisation of kind `political-group`) on a council"),
    _rt("established", CG.Establishment, CG.established,
        ACTORS | {"initiative", "network", "person"}, {"org", "initiative", "fund", "programme", "network"},
        "established", "was established by", "set up, spun out, created"),
    _rt("builds_on", CG.Derivation, CG.buildsOn, {"initiative", "programme"}, {"initiative", "programme", "policy"},
        "builds on", "was built on by", "grew out of"),
    _rt("responds_to", CG.Response, CG.respondsTo, {"initiative", "programme", "council", "org"}, {"policy"},
        "responds to", "is responded to by", "answers a national scheme or policy"),
    _rt("awarded", CG.AwardReceipt, CG.awarded, ACTORS | {"initiative", "person"}, {"award"},
        "received", "was received by", "received"),
    _rt("authored", CG.Authorship, CG.authored, ACTORS | {"network", "person"}, {"source", "section", "publication"},
        "wrote", "was written by", "wrote or submitted the document", qualifiers=("role",), edge="authored",
        inverse=DCTERMS.creator),
    _rt("addressed_to", CG.Addressing, SDO.recipient, {"source", "section"}, ACTORS | {"network", "person"},
        "is addressed to", "received", "the document is addressed or submitted to", edge="addressed to"),
    _rt("about", CG.Aboutness, SDO.about, {"casestudy", "section", "publication"},
        ACTORS | {"network", "initiative", "programme", "place", "policy"},
        "is about", "is the subject of", "a case study's or section's subject: whose case study it is",
        edge="about"),
    _rt("describes", CG.Description, CG.describes, {"casestudy"}, {"initiative"},
        "describes", "is described in", "an initiative a case study describes: derived by the build from where "
        "the initiative's quotes stand (graph/ingest/casestudies.py), not written in the data files"),
    _rt("related_to", CG.OtherRelation, CG.relatedTo, ANY, ANY,
        "is related to", "is related to", "anything else", qualifiers=("role",), required=("role",),
        edge="related to"),
]}
# fmt: on
# every relation type by its class's local name: the `relation` of its edges in the network views
RELATION_TYPES_BY_CLASS: dict[str, RelationType] = {r.class_name: r for r in RELATION_TYPES.values()}

for _r in RELATION_TYPES.values():  # a relation type names only qualifiers that exist, and requires only its own
    if not set(_r.required) <= set(_r.qualifiers) <= set(QUALIFIER_FIELDS):
        raise AssertionError(f"relation type {_r.name}: unknown or unlisted qualifiers")


@dataclass(frozen=True)
class StatusReading:
    """How a relation with a status is read and linked directly, where the status says it did not take part."""

    shortcut: URIRef  # the direct property from -> to, in place of the relation type's own
    active: str  # "<from> applied to <to>"
    passive: str  # "<to> had an application from <from>"
    edge: str  # the label of its edges in the network views


# A participation's status decides what its direct edge says. Only the statuses that mean taking part
# (took part, selected, progressed, presented, shortlisted, winner) give `cg:participatesIn`: a query on the
# direct edge for Phase 2 returns the councils that took part in it, not every council that bid for it.
# The others have their own direct property and words (docs/data-format.md).
NOT_TAKING_PART: dict[str, StatusReading] = {
    "applied": StatusReading(CG.appliedTo, "applied to", "had an application from", "applied to"),
    "did-not-submit": StatusReading(CG.didNotSubmitTo, "did not submit a bid to", "had no bid from", "did not bid for"),
    "withdrew": StatusReading(CG.withdrewFrom, "withdrew from", "was withdrawn from by", "withdrew from"),
    "not-selected": StatusReading(CG.notSelectedFor, "was not selected for", "did not select", "not selected for"),
}


def reading(spec: RelationType, status: str | None) -> tuple[URIRef, str, str, str]:
    """The direct property, active and passive clauses and edge label of a relation of type `spec` with
    `status` (None: it has none)."""
    found = NOT_TAKING_PART.get(status or "")
    if found is None:
        return spec.shortcut, spec.active, spec.passive, spec.edge_label
    return found.shortcut, found.active, found.passive, found.edge


def kind_of(ref: str) -> str:
    """The kind of an entity reference: 'council' for council:<name>, else the id's prefix."""
    if ref.startswith("council:"):
        return "council"
    return ref.split("/", 1)[0]
