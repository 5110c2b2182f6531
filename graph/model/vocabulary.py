"""What the curated data may say: entity types and relation types, and how each maps to RDF.

This table is the single place that ties the data format (docs/data-format.md) to the ontology.
A new relation type is one entry here plus its terms in ontology/councilgraph.ttl.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, SDO

from .namespaces import CG

__all__ = [
    "ENTITY_TYPES",
    "ORGANISATION_KINDS",
    "PARTICIPATION_STATUSES",
    "TIERS",
    "RELATION_TYPES",
    "RelationType",
    "EntityType",
    "kind_of",
]


@dataclass(frozen=True)
class EntityType:
    name: str  # as written in the data files
    id_kind: str  # the id prefix entities of this type use
    classes: tuple[URIRef, ...]


ENTITY_TYPES: dict[str, EntityType] = {
    t.name: t
    for t in [
        EntityType("Organisation", "org", (CG.Organisation, ORG.Organization, SDO.Organization)),
        EntityType(
            "LocalCouncil",
            "localcouncil",
            (CG.LocalCouncil, CG.Council, ORG.FormalOrganization, SDO.GovernmentOrganization),
        ),
        EntityType("Initiative", "initiative", (CG.Initiative, SDO.Project)),
        EntityType("Programme", "programme", (CG.Programme, SDO.Project)),
        EntityType("Phase", "phase", (CG.ProgrammePhase,)),
        EntityType("Network", "network", (CG.Network, ORG.OrganizationalCollaboration, SDO.Organization)),
        EntityType("Event", "event", (CG.Event, SDO.Event)),
        EntityType("Person", "person", (CG.Person, SDO.Person)),
        EntityType("Fund", "fund", (CG.Fund, SDO.MonetaryGrant)),
        EntityType("Place", "place", (CG.Place, SDO.Place)),
        EntityType("Policy", "policy", (CG.Policy, SDO.GovernmentService)),
        EntityType("Award", "award", (CG.Award,)),
        EntityType("Section", "section", (CG.DocumentSection, DCTERMS.BibliographicResource)),
    ]
}

# The council type is not declared in data files: councils come from the reference table.
COUNCIL_CLASSES = (CG.PrincipalCouncil, CG.Council, ORG.FormalOrganization, SDO.GovernmentOrganization)

ORGANISATION_KINDS = frozenset(
    {
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
    }
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
)
TIERS = ("Full", "Associate", "Affiliate")

# What each id kind may stand for at either end of a relation ("council" covers council:<name> refs).
COUNCILS = {"council", "localcouncil"}
ACTORS = COUNCILS | {"org"}
ANY = frozenset(
    {
        "council",
        "localcouncil",
        "org",
        "initiative",
        "programme",
        "phase",
        "network",
        "event",
        "person",
        "fund",
        "place",
        "policy",
        "award",
        "section",
    }
)


@dataclass(frozen=True)
class RelationType:
    name: str
    cls: URIRef  # class of the qualified relation node
    shortcut: URIRef  # direct property from -> to, for easy querying
    from_kinds: frozenset[str]
    to_kinds: frozenset[str]
    label: str  # verb phrase for people: "<from> leads <to>"
    required: tuple[str, ...] = ()
    extra_classes: tuple[URIRef, ...] = ()
    # standard-vocabulary properties that also name the two ends, where a vocabulary has them
    from_property: URIRef | None = None
    to_property: URIRef | None = None
    inverse: URIRef | None = None  # a standard property asserted to -> from


def _rt(name, cls, shortcut, from_kinds, to_kinds, label, **kw) -> RelationType:
    return RelationType(name, cls, shortcut, frozenset(from_kinds), frozenset(to_kinds), label, **kw)


RELATION_TYPES: dict[str, RelationType] = {
    r.name: r
    for r in [
        _rt("leads", CG.Leadership, CG.leads, ACTORS, {"initiative"}, "leads"),
        _rt(
            "partner",
            CG.Partnership,
            CG.partner,
            ACTORS | {"initiative", "network", "programme"},
            ACTORS | {"initiative", "network"},
            "works in partnership with",
        ),
        _rt(
            "funds",
            CG.Funding,
            CG.funds,
            ACTORS | {"fund", "programme", "network"},
            ACTORS | {"initiative", "programme", "fund", "network", "event"},
            "funds",
            extra_classes=(SDO.MonetaryGrant,),
            from_property=SDO.funder,
            to_property=SDO.fundedItem,
            inverse=SDO.funder,
        ),
        _rt(
            "supports",
            CG.Support,
            CG.supports,
            ACTORS | {"programme", "network", "initiative", "person"},
            ACTORS | {"initiative", "network", "person"},
            "supports",
        ),
        _rt(
            "participates",
            CG.Participation,
            CG.participatesIn,
            ACTORS | {"network", "person", "initiative"},
            {"programme", "phase", "event", "network", "initiative"},
            "participates in",
            required=("status",),
        ),
        _rt(
            "member",
            CG.NetworkMembership,
            ORG.memberOf,
            ACTORS,
            {"network"},
            "is a member of",
            extra_classes=(ORG.Membership,),
            from_property=ORG.member,
            to_property=ORG.organization,
        ),
        _rt(
            "runs",
            CG.Stewardship,
            CG.runs,
            ACTORS | {"network", "person"},
            {"programme", "network", "event", "fund", "phase", "initiative", "award"},
            "runs",
        ),
        _rt(
            "part_of",
            CG.Composition,
            DCTERMS.isPartOf,
            {"phase", "programme", "event", "initiative", "fund", "section"},
            {"programme", "event", "initiative", "network", "fund", "source", "section"},
            "is part of",
        ),
        _rt(
            "holds_role",
            CG.RoleHolding,
            CG.holdsRoleIn,
            {"person"},
            ACTORS | {"network", "initiative"},
            "holds a role in",
            required=("role",),
            extra_classes=(ORG.Membership,),
            from_property=ORG.member,
            to_property=ORG.organization,
        ),
        _rt("presents", CG.Presentation, CG.presentsAt, ACTORS | {"person"}, {"event"}, "presents at"),
        _rt(
            "located_in",
            CG.Siting,
            SDO.location,
            {"initiative", "org", "place", "event", "fund", "localcouncil"},
            {"place", "council", "localcouncil"},
            "is located in",
        ),
        _rt("sits_on", CG.GroupSeat, CG.sitsOn, {"org"}, COUNCILS, "sits on"),
        _rt(
            "established",
            CG.Establishment,
            CG.established,
            ACTORS | {"initiative", "network", "person"},
            {"org", "initiative", "fund", "programme", "network"},
            "established",
        ),
        _rt(
            "builds_on",
            CG.Derivation,
            CG.buildsOn,
            {"initiative", "programme"},
            {"initiative", "programme", "policy"},
            "builds on",
        ),
        _rt(
            "responds_to",
            CG.Response,
            CG.respondsTo,
            {"initiative", "programme", "council", "org"},
            {"policy"},
            "responds to",
        ),
        _rt("awarded", CG.AwardReceipt, CG.awarded, ACTORS | {"initiative", "person"}, {"award"}, "received"),
        _rt(
            "authored",
            CG.Authorship,
            CG.authored,
            ACTORS | {"network", "person"},
            {"source", "section"},
            "wrote",
            inverse=DCTERMS.creator,
        ),
        _rt(
            "addressed_to",
            CG.Addressing,
            SDO.recipient,
            {"source", "section"},
            ACTORS | {"network", "person"},
            "is addressed to",
        ),
        _rt("related_to", CG.OtherRelation, CG.relatedTo, ANY, ANY, "is related to", required=("role",)),
    ]
}

# qualifiers any relation may carry, and their checks live in curated.py
RELATION_FIELDS = frozenset(
    {
        "type",
        "from",
        "to",
        "quote",
        "role",
        "status",
        "tier",
        "as_at",
        "date",
        "date_note",
        "amount",
        "currency",
        "instrument",
        "note",
        "ambiguity",
        "figures",
    }
)


def kind_of(ref: str) -> str:
    """The kind of an entity reference: 'council' for council:<name>, else the id's prefix."""
    if ref.startswith("council:"):
        return "council"
    return ref.split("/", 1)[0]
