"""The dataset's description, VoID and DCAT: what it is, under which terms, from which sources, how big,
a few example resources, and where to query and download it (/.well-known/void and /dataset).

`summarise` reads what the description needs from the store once, when the server starts;
`dataset_rdf` writes it as RDF for the address it is served from (the SPARQL endpoint and the dumps are
the server's own URLs; the dataset and its resources keep their w3id IRIs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD

from ..model.namespaces import BASE, CG, ID, bind_prefixes, prefixed_name
from ..query.facts import StoreFacts
from ..query.names import NameIndex

__all__ = ["DATASET", "DatasetSummary", "Dump", "summarise", "dataset_rdf"]

DATASET = URIRef(f"{ID}dataset")  # the dataset node the build writes (graph.model.build.DATASET_IRI)
DOCUMENT = f"{BASE}dataset#"  # this description's own nodes: the publisher, the class partitions
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
ONTOLOGY = URIRef(str(CG._NS).rstrip("#"))
MEDIA_TYPES = Namespace("https://www.iana.org/assignments/media-types/")
TITLE = "councilgraph: UK councils, partners, initiatives and networks"
DESCRIPTION = (
    "A knowledge graph of UK councils, the organisations they work with, their funders and initiatives, "
    "and the programmes and networks that link them, built from public documents; every relation carries "
    "the document it came from and the verbatim sentence that states it."
)
RIGHTS = (
    "The curation (entities, relations, qualifiers, descriptions, notes) is under CC BY 4.0, attribution "
    '"councilgraph contributors"; the verbatim quotes (cg:quote) remain their publishers\' and are used on '
    "the terms each source document states (dcterms:rights); the council register data is mySociety's UK "
    "Local Authority Names and Codes, under the MIT licence."
)
_EXAMPLE_CLASSES = (CG.PrincipalCouncil, CG.Initiative, CG.Network, CG.Organisation, CG.SourceDocument)


@dataclass
class Dump:
    """A file of the whole graph the server offers for download."""

    name: str
    media_type: str
    size: int


@dataclass
class DatasetSummary:
    title: str
    triples: int
    entities: int
    classes: list[tuple[str, str, int]] = field(default_factory=list)  # (prefixed name, IRI, entities)
    sources: list[dict[str, str]] = field(default_factory=list)  # iri, identifier, title, publisher, date, rights
    examples: list[tuple[str, str]] = field(default_factory=list)  # (IRI, label)


def summarise(facts: StoreFacts) -> DatasetSummary:
    """What the description says of the graph in the store: counts, sources and examples."""
    title = facts.value(DATASET, RDFS.label)
    entities = facts.select(f"SELECT (COUNT(DISTINCT ?entity) AS ?n) WHERE {{ {{ {NameIndex.QUERY} }} }}")
    summary = DatasetSummary(str(title or TITLE), facts.size(), int(str(entities[0][0])))
    for cls, count in facts.select(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class . "
        f'FILTER(STRSTARTS(STR(?class), "{CG._NS}")) }} GROUP BY ?class'
    ):
        summary.classes.append((prefixed_name(str(cls)), str(cls), int(str(count))))
    summary.classes.sort()
    for source in sorted(facts.subjects(RDF.type, CG.SourceDocument), key=str):
        entry = {"iri": str(source)}
        for key, prop in (
            ("identifier", DCTERMS.identifier),
            ("title", DCTERMS.title),
            ("publisher", DCTERMS.publisher),
            ("date", DCTERMS.date),
            ("rights", DCTERMS.rights),
        ):
            value = facts.value(source, prop)
            entry[key] = "" if value is None else str(value)
        summary.sources.append(entry)
    for cls in _EXAMPLE_CLASSES:
        members = sorted(str(s) for s in facts.subjects(RDF.type, cls))
        if members:
            summary.examples.append((members[0], facts.label(members[0])))
    return summary


def dataset_rdf(summary: DatasetSummary, base_url: str, dumps: list[Dump], endpoint_offered: bool = True) -> Graph:
    """The VoID and DCAT description of the dataset, with the endpoint and dumps at `base_url`
    (the server's address, ending in /); without the endpoint when none is offered (a static site)."""
    g = bind_prefixes(Graph())
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("foaf", FOAF)):
        g.bind(prefix, namespace)
    d = DATASET
    publisher = URIRef(DOCUMENT + "publisher")
    endpoint = URIRef(base_url + "sparql")
    for cls in (VOID.Dataset, DCAT.Dataset):
        g.add((d, RDF.type, cls))
    g.add((d, DCTERMS.title, Literal(summary.title)))
    g.add((d, DCTERMS.description, Literal(DESCRIPTION)))
    g.add((d, DCTERMS.license, LICENCE))
    g.add((d, DCTERMS.rights, Literal(RIGHTS)))
    g.add((d, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal("councilgraph contributors")))
    g.add((d, DCAT.landingPage, URIRef(base_url + "dataset")))
    g.add((d, VOID.triples, Literal(summary.triples, datatype=XSD.integer)))
    g.add((d, VOID.entities, Literal(summary.entities, datatype=XSD.integer)))
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g.add((d, VOID.vocabulary, ONTOLOGY))
    if endpoint_offered:
        g.add((d, VOID.sparqlEndpoint, endpoint))
    for source in summary.sources:
        node = URIRef(source["iri"])
        g.add((d, DCTERMS.source, node))
        for key, prop in (("title", DCTERMS.title), ("publisher", DCTERMS.publisher), ("rights", DCTERMS.rights)):
            if source[key]:
                g.add((node, prop, Literal(source[key])))
    for iri, _ in summary.examples:
        g.add((d, VOID.exampleResource, URIRef(iri)))
    for name, iri, count in summary.classes:
        partition = URIRef(DOCUMENT + "class-" + name.replace(":", "-"))
        g.add((d, VOID.classPartition, partition))
        g.add((partition, VOID["class"], URIRef(iri)))
        g.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    if endpoint_offered:
        g.add((d, DCAT.accessService, endpoint))
        g.add((endpoint, RDF.type, DCAT.DataService))
        g.add((endpoint, DCAT.endpointURL, endpoint))
        g.add((endpoint, DCAT.servesDataset, d))
    for dump in dumps:
        url = URIRef(f"{base_url}dumps/{dump.name}")
        g.add((d, VOID.dataDump, url))
        g.add((d, DCAT.distribution, url))
        g.add((url, RDF.type, DCAT.Distribution))
        g.add((url, DCAT.downloadURL, url))
        g.add((url, DCAT.mediaType, MEDIA_TYPES[dump.media_type]))
        g.add((url, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
    return g
