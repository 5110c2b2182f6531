"""The project's vocabulary and IRI scheme, in one place.

`CG` is the councilgraph ontology (a closed namespace: a misspelt term fails at once; a test checks
that its terms are exactly those declared in `ontology/councilgraph.ttl`). Resource IRIs are minted
only through `resource_iri`, so the IRI scheme lives here and nowhere else.
"""

from __future__ import annotations

import re

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD, DefinedNamespace

__all__ = [
    "CG",
    "BASE",
    "ID",
    "KIND_SEGMENTS",
    "ONS_GEOGRAPHY",
    "PREFIXES",
    "bind_prefixes",
    "resource_iri",
    "gss_geography_iri",
    "METRICS",
    "metrics_iri",
]

BASE = "https://w3id.org/councilgraph/"
ID = Namespace(BASE + "id/")
ONS_GEOGRAPHY = Namespace("http://statistics.data.gov.uk/id/statistical-geography/")
METRICS = Namespace(f"{ID}metrics/")  # nodes of exports/metrics.ttl: runs, partitions, communities, bridges


class CG(DefinedNamespace):
    """The councilgraph ontology, https://w3id.org/councilgraph/ontology#"""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes: things
    Council: URIRef
    PrincipalCouncil: URIRef
    CaseStudy: URIRef
    Publication: URIRef
    CombinedAuthority: URIRef
    LocalCouncil: URIRef
    Organisation: URIRef
    PartnerOrganisation: URIRef
    Funder: URIRef
    Initiative: URIRef
    Programme: URIRef
    ProgrammePhase: URIRef
    Network: URIRef
    Event: URIRef
    Person: URIRef
    Fund: URIRef
    Place: URIRef
    Policy: URIRef
    Award: URIRef
    SourceDocument: URIRef
    DocumentSection: URIRef
    Evidence: URIRef
    Figure: URIRef
    Claim: URIRef
    # classes: qualified relations
    Relation: URIRef
    Leadership: URIRef
    Partnership: URIRef
    Funding: URIRef
    Support: URIRef
    Participation: URIRef
    NetworkMembership: URIRef
    RoleHolding: URIRef
    Stewardship: URIRef
    Composition: URIRef
    Presentation: URIRef
    Siting: URIRef
    GroupSeat: URIRef
    Establishment: URIRef
    Derivation: URIRef
    Response: URIRef
    AwardReceipt: URIRef
    Authorship: URIRef
    Addressing: URIRef
    OtherRelation: URIRef
    Aboutness: URIRef
    Description: URIRef
    # properties of qualified relations
    relationFrom: URIRef
    relationTo: URIRef
    relationType: URIRef
    status: URIRef
    tier: URIRef
    asAt: URIRef
    date: URIRef
    dateNote: URIRef
    dateSource: URIRef
    roleLabel: URIRef
    viaInstrument: URIRef
    # direct (shortcut) relations
    leads: URIRef
    partner: URIRef
    funds: URIRef
    supports: URIRef
    participatesIn: URIRef
    appliedTo: URIRef
    didNotSubmitTo: URIRef
    withdrewFrom: URIRef
    notSelectedFor: URIRef
    runs: URIRef
    holdsRoleIn: URIRef
    presentsAt: URIRef
    sitsOn: URIRef
    established: URIRef
    buildsOn: URIRef
    respondsTo: URIRef
    awarded: URIRef
    authored: URIRef
    relatedTo: URIRef
    describes: URIRef
    # evidence and provenance
    evidence: URIRef
    quote: URIRef
    curatedAt: URIRef
    ambiguity: URIRef
    leadNotStated: URIRef
    sourceFile: URIRef
    # figures and claims
    figure: URIRef
    unit: URIRef
    claim: URIRef
    claimedValue: URIRef
    # identity of councils and organisations
    gssCode: URIRef
    localAuthorityCode: URIRef
    orgId: URIRef
    nation: URIRef
    region: URIRef
    authorityType: URIRef
    organisationKind: URIRef
    startDate: URIRef
    endDate: URIRef
    # network metrics (exports/metrics.ttl)
    MetricsRun: URIRef
    Partition: URIRef
    Community: URIRef
    Bridge: URIRef
    view: URIRef
    seed: URIRef
    parameter: URIRef
    method: URIRef
    measuredIn: URIRef
    degree: URIRef
    weightedDegree: URIRef
    betweenness: URIRef
    closeness: URIRef
    eigenvector: URIRef
    pageRank: URIRef
    clustering: URIRef
    coreNumber: URIRef
    articulationPoint: URIRef
    separates: URIRef
    community: URIRef
    modularity: URIRef
    memberCount: URIRef
    bridgeEnd: URIRef


# prefix -> namespace, bound on every graph the project makes (and pre-declared for SPARQL).
KIND_SEGMENTS = {
    # curated-data id kind -> IRI path segment (and prefix)
    "council": "council",
    "localcouncil": "localcouncil",
    "org": "organisation",
    "initiative": "initiative",
    "programme": "programme",
    "phase": "phase",
    "network": "network",
    "event": "event",
    "person": "person",
    "fund": "fund",
    "place": "place",
    "policy": "policy",
    "award": "award",
    "section": "section",
    "casestudy": "casestudy",
    "publication": "publication",
    "claim": "claim",
    "concept": "concept",
    "scheme": "scheme",
    "source": "source",
    "relation": "relation",
    "evidence": "evidence",
    "figure": "figure",
}

PREFIXES: dict[str, Namespace] = {
    "cg": Namespace(str(CG._NS)),
    "org": Namespace(str(ORG)),
    "prov": Namespace(str(PROV)),
    "schema": Namespace(str(SDO)),
    "dcterms": Namespace(str(DCTERMS)),
    "skos": Namespace(str(SKOS)),
    "time": Namespace(str(TIME)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "ons": ONS_GEOGRAPHY,
    **{segment: Namespace(f"{ID}{segment}/") for segment in sorted(set(KIND_SEGMENTS.values()))},
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on `graph` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


_BY_NAMESPACE = {str(namespace): prefix for prefix, namespace in PREFIXES.items()}
_LOCAL_NAME = re.compile(r"[^\W\d][\w.%()\u00B7-]*|\d[\w.%()\u00B7-]*")


def prefixed_name(iri: str) -> str:
    """`iri` as rdflib writes it with the project's prefixes bound (`normalizeUri`): 'council:wigan',
    or '<iri>' when no prefix fits. A test holds the two to the same answer for every entity."""
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    prefix = _BY_NAMESPACE.get(iri[:cut])
    local = iri[cut:]
    if prefix is not None and local and _LOCAL_NAME.fullmatch(local):
        return f"{prefix}:{local}"
    return f"<{iri}>"


def resource_iri(kind: str, slug: str) -> URIRef:
    """The IRI of a resource of `kind` (a curated-data id kind such as 'org') with `slug`."""
    return URIRef(f"{ID}{KIND_SEGMENTS[kind]}/{slug}")


def gss_geography_iri(gss_code: str) -> URIRef:
    """The ONS statistical geography of a GSS code: the area a council serves, not the council."""
    return ONS_GEOGRAPHY[gss_code]


def metrics_iri(*segments: str) -> URIRef:
    """The IRI of a node of the network-metrics export: id/metrics/<view>/<kind>/<slug>..."""
    return URIRef(METRICS + "/".join(segments))
