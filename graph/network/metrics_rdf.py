"""The network metrics as RDF: exports/metrics.ttl, written by `councilgraph build` beside the graph.

The file holds one cg:MetricsRun (also a prov:Activity) over the full view, recording the view, the
method of each metric, the parameters and the seed. Every entity of the view carries its metrics as
direct properties (cg:degree, cg:weightedDegree, cg:betweenness, cg:closeness, cg:eigenvector,
cg:pageRank, cg:clustering, cg:coreNumber, cg:articulationPoint, and cg:separates for a broker) and
cg:measuredIn the run, so that, loaded with the graph,

    SELECT ?c ?b WHERE { ?c cg:betweenness ?b } ORDER BY DESC(?b)

ranks the entities. Each partition into communities (Louvain, greedy modularity) is a cg:Partition
with its cg:modularity; each community a cg:Community (dcterms:isPartOf its partition, cg:memberCount,
and a dcterms:description saying what its members share) that its members point to with cg:community;
each bridge a cg:Bridge with its two cg:bridgeEnd and cg:separates. Numbers are rounded to 6 decimal
places (xsd:decimal) so the file is byte-identical from run to run. No blank nodes.

On a large view the run's parameters say how it was sampled and which engine computed it (see
graph.network.engine.plan). A metric or partition that could not be computed is left out, and the run
carries an rdfs:comment saying which and why.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ..model.namespaces import CG, ID, METRICS, bind_prefixes, metrics_iri
from . import analytics
from .analysis import PARTITION_METHODS, describe_community, run_parameters

__all__ = ["METRICS_FILE", "METRICS_VIEW", "METRIC_PROPERTIES", "METHODS", "metrics_graph", "metrics_to_rdf"]

METRICS_FILE = "metrics.ttl"
METRICS_VIEW = "full"
METRIC_PROPERTIES = {
    "degree": CG.degree,
    "weighted_degree": CG.weightedDegree,
    "betweenness": CG.betweenness,
    "closeness": CG.closeness,
    "eigenvector": CG.eigenvector,
    "pagerank": CG.pageRank,
    "clustering": CG.clustering,
    "core_number": CG.coreNumber,
}
METHODS = [
    "articulation points: networkx articulation_points; cg:separates counts the entities cut off from the "
    "largest remaining part",
    "betweenness: networkx betweenness_centrality, normalised, in hops (Brandes; sampled sources when "
    "betweenness.sample is a number)",
    "bridges: networkx bridges; cg:separates counts the entities on the smaller side",
    "closeness: networkx closeness_centrality in hops, Wasserman-Faust corrected",
    "clustering: networkx clustering, unweighted",
    "core number: networkx core_number",
    "degree: distinct neighbours in the undirected view",
    "eigenvector: networkx eigenvector_centrality (weighted) per connected component, scaled by "
    "sqrt(component size / entities); isolated entities 0",
    "greedy: networkx greedy_modularity_communities (Clauset-Newman-Moore), weighted",
    "louvain: networkx louvain_communities, weighted, seeded",
    "pagerank: power iteration over the undirected weighted view, damping 0.85",
    "weighted degree: sum of edge weights (relations merged into each tie)",
]
# added to METHODS when the run used them (a run of the seed graph does not)
SAMPLED_CLOSENESS = (
    "closeness estimate: Eppstein-Wang, from closeness.sample pivots per component drawn with the seed; "
    "pivots and components of at most that many entities exact"
)
IGRAPH_METHODS = (
    "engine igraph: python-igraph computes betweenness, closeness, eigenvector (ARPACK per component), "
    "PageRank (PRPACK), clustering, core number, Louvain (community_multilevel, seeded) and greedy "
    "(community_fastgreedy) with the definitions above"
)
_DIGITS = Decimal("0.000001")


def _number(value) -> Literal:
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    return Literal(Decimal(repr(value)).quantize(_DIGITS), datatype=XSD.decimal)


def _slug(iri: str) -> str:
    return iri[len(str(ID)) :].replace("/", ".") if iri.startswith(str(ID)) else iri.rsplit("/", 1)[-1]


def metrics_graph(
    graph: Graph, view: str = METRICS_VIEW, seed: int = analytics.DEFAULT_SEED, sample: int | None = None
) -> Graph:
    """Compute every metric of `view` of the knowledge graph and return them as an RDF graph."""
    from .projection import as_undirected, project

    g = as_undirected(project(graph, view))
    return metrics_to_rdf(g, analytics.all_metrics(g, seed=seed, sample=sample), view, seed, sample)


def _methods(run: dict) -> list[str]:
    methods = list(METHODS)
    if run["sample"] is not None:
        methods.append(SAMPLED_CLOSENESS)
    if run["engine"] == "igraph":
        methods.append(IGRAPH_METHODS)
    return methods


def metrics_to_rdf(g, metrics: dict, view: str, seed: int, sample: int | None) -> Graph:
    """The RDF of metrics computed by `analytics.all_metrics` on the undirected view `g`.

    What `all_metrics` could not compute (metrics["failed"]) is left out and named in an rdfs:comment of
    the run; metrics["run"] gives the sample and engine recorded in the parameters (without it, `sample`
    exactly on NetworkX).
    """
    run_info = metrics.get("run", {"engine": "networkx", "sample": sample, "automatic": False})
    failed = metrics.get("failed", {})
    out = bind_prefixes(Graph())
    out.bind("metrics", METRICS)
    run = metrics_iri(view, "run")
    out.add((run, RDF.type, CG.MetricsRun))
    out.add((run, RDF.type, PROV.Activity))
    out.add((run, RDFS.label, Literal(f"network metrics of the {view} view")))
    out.add((run, CG.view, Literal(view)))
    out.add((run, CG.seed, Literal(seed, datatype=XSD.integer)))
    for parameter in run_parameters(seed, run_info["sample"], run_info["engine"], run_info["automatic"]):
        out.add((run, CG.parameter, Literal(parameter)))
    for method in _methods(run_info):
        out.add((run, CG.method, Literal(method)))
    for key, reason in sorted(failed.items()):
        out.add((run, RDFS.comment, Literal(f"{key} was not computed: {reason}")))

    brokers = {p["node"]: p["separates"] for p in metrics["articulation_points"] or []}
    measured = {key: prop for key, prop in METRIC_PROPERTIES.items() if key in metrics["scores"]}
    for node in sorted(g.nodes):
        entity = URIRef(node)
        out.add((entity, CG.measuredIn, run))
        for key, prop in measured.items():
            out.add((entity, prop, _number(metrics["scores"][key][node])))
        if metrics["articulation_points"] is not None:
            out.add((entity, CG.articulationPoint, Literal(node in brokers)))
        if node in brokers:
            out.add((entity, CG.separates, _number(brokers[node])))

    for method in PARTITION_METHODS:
        if method in metrics["partitions"]:
            _add_partition(out, g, view, run, method, metrics["partitions"][method])

    for found in metrics["bridges"] or []:
        a, b = found["ends"]
        bridge = metrics_iri(view, "bridge", f"{_slug(a)}--{_slug(b)}")
        out.add((bridge, RDF.type, CG.Bridge))
        out.add((bridge, RDF.type, PROV.Entity))
        out.add((bridge, RDFS.label, Literal(f"{g.nodes[a]['label']} — {g.nodes[b]['label']}")))
        out.add((bridge, CG.bridgeEnd, URIRef(a)))
        out.add((bridge, CG.bridgeEnd, URIRef(b)))
        out.add((bridge, CG.separates, _number(found["separates"])))
        out.add((bridge, PROV.wasGeneratedBy, run))
    return out


def _add_partition(out: Graph, g, view: str, run: URIRef, method: str, found: dict) -> None:
    """A partition (cg:Partition) and its communities (cg:Community), each member pointing to its community."""
    description = PARTITION_METHODS[method]
    partition = metrics_iri(view, method)
    out.add((partition, RDF.type, CG.Partition))
    out.add((partition, RDF.type, PROV.Entity))
    out.add((partition, RDFS.label, Literal(f"communities of the {view} view by {description}")))
    out.add((partition, CG.method, Literal(method)))
    out.add((partition, CG.modularity, _number(found["modularity"])))
    out.add((partition, PROV.wasGeneratedBy, run))
    for number, members in enumerate(found["communities"], 1):
        community = metrics_iri(view, method, f"community-{number:03d}")
        out.add((community, RDF.type, CG.Community))
        out.add((community, RDF.type, PROV.Entity))
        out.add((community, RDFS.label, Literal(f"{method} community {number} of the {view} view")))
        out.add((community, DCTERMS.isPartOf, partition))
        out.add((community, CG.memberCount, _number(len(members))))
        out.add((community, DCTERMS.description, Literal(describe_community(g, members, number).summary)))
        out.add((community, PROV.wasGeneratedBy, run))
        for member in members:
            out.add((URIRef(member), CG.community, community))
