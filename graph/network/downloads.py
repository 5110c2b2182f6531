"""The network views as files for analysts: GraphML and GEXF of each view (Gephi, Cytoscape, yEd) and the
full view as two CSV tables, written by `councilgraph build` (README: `councilgraph build`).

Every file holds the view as graph.network.projection makes it, with each entity's metrics as
`councilgraph analyse` computes them for that view (graph.network.engine.all_metrics on
`as_undirected(view)`, rounded to 6 decimal places) and its community, numbered as in metrics.ttl
(largest first, from 1): `community` by Louvain (seeded), `community_greedy` by greedy modularity.

- nodes: `id` the IRI, `label`, `type`, and where the graph has them `kind`, `gss`, `nation`, `region`,
  then `sources` (document ids joined with "; "), the metrics (NODE_METRICS) and the communities;
- edges of the full view, one per qualified relation: `id` the relation node's IRI, `relation` its class,
  `verb`, `evidence` the number of quotes it carries, `sources`, and the qualifiers it has (`role`,
  `status`, `tier`, `as_at`, `date`, `amount`, `currency`);
- edges of the bipartite view: `via`, how the council is tied to the thing (joined with "; ");
  of the councils view: `weight` and `shared`, the things the two councils share.

Lists are joined with "; " (GraphML and GEXF hold only scalars), nodes are sorted by IRI and edges by
their ends and IRI, so every file is byte-identical from run to run (GEXF without the writer's
"last modified" date).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from rdflib import Graph

from . import analytics
from .analysis import METRICS, rounded
from .projection import as_undirected, bipartite_view, councils_view, full_view

__all__ = [
    "MeasuredView",
    "measure_views",
    "network_files",
    "graphml_name",
    "gexf_name",
    "NODES_FILE",
    "EDGES_FILE",
    "MEDIA_TYPES",
    "NODE_METRICS",
    "node_table",
    "edge_table",
    "tables",
]

NODES_FILE = "nodes.csv"
EDGES_FILE = "edges.csv"
MEDIA_TYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml", "csv": "text/csv"}
NODE_METRICS = tuple(METRICS)  # the node metrics `analyse` reports, in its order
_NODE_FIELDS = ("label", "type", "kind", "gss", "nation", "region", "sources", "bipartite")
_EDGE_FIELDS: tuple[str, ...] = ("relation", "verb", "evidence", "sources", "role", "status", "tier", "as_at")
_EDGE_FIELDS += ("date", "amount", "currency", "weight", "via", "shared")
_COMMUNITIES = {"community": "louvain", "community_greedy": "greedy"}
_SEPARATOR = "; "


def graphml_name(view: str) -> str:
    return f"network-{view}.graphml"


def gexf_name(view: str) -> str:
    return f"network-{view}.gexf"


@dataclass
class MeasuredView:
    """A view, the undirected graph its metrics are computed on, and the metrics (analytics.all_metrics)."""

    name: str
    view: object  # the NetworkX graph of the view
    undirected: object
    metrics: dict


def measure_views(graph: Graph, seed: int = analytics.DEFAULT_SEED) -> dict[str, MeasuredView]:
    """Every view of `graph` (the full view projected once) with its metrics, as `analyse --view` has them."""
    full = full_view(graph)
    views = {"full": full, "bipartite": bipartite_view(graph, full), "councils": councils_view(graph, full)}
    measured = {}
    for name, view in views.items():
        g = as_undirected(view)
        measured[name] = MeasuredView(name, view, g, analytics.all_metrics(g, seed=seed))
    return measured


# The rows ------------------------------------------------------------------------------------------------


def _scalar(value):
    if isinstance(value, (list, tuple, set)):
        return _SEPARATOR.join(str(v) for v in value)
    return rounded(value)


def node_table(measured: MeasuredView) -> list[tuple[str, dict]]:
    """[(IRI, {column: scalar})] of the view's entities, sorted by IRI."""
    metrics = measured.metrics
    scores = metrics["scores"]
    brokers = None if metrics["articulation_points"] is None else {p["node"] for p in metrics["articulation_points"]}
    community = {
        column: {
            node: i for i, members in enumerate(metrics["partitions"][method]["communities"], 1) for node in members
        }
        for column, method in _COMMUNITIES.items()
        if method in metrics["partitions"]
    }
    rows = []
    view = measured.view
    for node in sorted(view.nodes):  # type: ignore[attr-defined]
        data = view.nodes[node]  # type: ignore[attr-defined]
        row = {key: _scalar(data[key]) for key in _NODE_FIELDS if key in data}
        row.update((key, rounded(scores[key][node])) for key in NODE_METRICS if key in scores)
        if brokers is not None:
            row["articulation_point"] = node in brokers
        row.update((column, numbers[node]) for column, numbers in community.items())
        rows.append((node, row))
    return rows


def edge_table(measured: MeasuredView) -> list[tuple[str, str, str | None, dict]]:
    """[(from, to, relation IRI or None, {column: scalar})] of the view's edges, sorted by ends and IRI."""
    view = measured.view
    if view.is_multigraph():  # type: ignore[attr-defined]
        edges = view.edges(keys=True, data=True)  # type: ignore[attr-defined]
    else:
        edges = ((*sorted((a, b)), None, d) for a, b, d in view.edges(data=True))  # type: ignore[attr-defined]
    rows = []
    for a, b, key, data in sorted(edges, key=lambda e: (e[0], e[1], e[2] or "")):
        row = {k: _scalar(len(data[k]) if k == "evidence" else data[k]) for k in _EDGE_FIELDS if k in data}
        rows.append((a, b, key, row))
    return rows


def _uniform(rows: list[dict]) -> None:
    """Make each column one type: ints become floats in a column that also holds floats (GraphML keys are typed)."""
    floats = {k for row in rows for k, v in row.items() if isinstance(v, float)}
    for row in rows:
        for k in floats & row.keys():
            if isinstance(row[k], int) and not isinstance(row[k], bool):
                row[k] = float(row[k])


def _scalar_graph(measured: MeasuredView):
    """A copy of the view holding only scalar attributes, nodes and edges sorted."""
    import networkx as nx

    view = measured.view
    nodes, edges = node_table(measured), edge_table(measured)
    _uniform([row for _, row in nodes])
    _uniform([row for *_, row in edges])
    out = nx.MultiDiGraph() if view.is_multigraph() else nx.Graph()  # type: ignore[attr-defined]
    out.graph["view"] = measured.name
    out.add_nodes_from(nodes)
    for a, b, key, row in edges:
        if key is None:
            out.add_edge(a, b, **row)
        else:
            out.add_edge(a, b, key=key, id=key, **row)
    return out


# The files -----------------------------------------------------------------------------------------------


def _graphml(g) -> bytes:
    import networkx as nx

    out = io.BytesIO()
    plain = g.copy()
    for *_, data in plain.edges(data=True):
        data.pop("id", None)  # a multigraph's edge id is its key already
    nx.write_graphml(plain, out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


def _gexf(g) -> bytes:
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)  # today's date: the file would change every day
    writer.add_graph(g)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else str(v).lower() if isinstance(v, bool) else v for v in row])
    return out.getvalue().encode("utf-8")


def _columns(rows: list[dict], order: tuple[str, ...]) -> list[str]:
    present = {k for row in rows for k in row}
    return [k for k in order if k in present]


def tables(measured: MeasuredView) -> dict[str, bytes]:
    """nodes.csv and edges.csv of a view: one row per entity, one per edge, in the order of the other files."""
    nodes, edges = node_table(measured), edge_table(measured)
    node_order = (*_NODE_FIELDS, *NODE_METRICS, "articulation_point", *_COMMUNITIES)
    node_columns = _columns([row for _, row in nodes], node_order)
    edge_columns = _columns([row for *_, row in edges], _EDGE_FIELDS)
    return {
        NODES_FILE: _csv(["id", *node_columns], [[n, *(row.get(c) for c in node_columns)] for n, row in nodes]),
        EDGES_FILE: _csv(
            ["id", "source", "target", *edge_columns],
            [[key, a, b, *(row.get(c) for c in edge_columns)] for a, b, key, row in edges],
        ),
    }


def network_files(measured: dict[str, MeasuredView]) -> dict[str, bytes]:
    """{file name: bytes}: GraphML and GEXF of each measured view, then the full view's nodes.csv and edges.csv."""
    files = {}
    for name, view in measured.items():
        g = _scalar_graph(view)
        files[graphml_name(name)] = _graphml(g)
        files[gexf_name(name)] = _gexf(g)
    files.update(tables(measured["full"]))
    return files
