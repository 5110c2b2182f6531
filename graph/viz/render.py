"""The page as one HTML document (the template in graph/viz/assets/, everything inlined), and writing it.

A large view (graph.viz.largelayout.is_large) is written for a browser to open quickly: the nodes and edges the
diagram draws go in the data read at opening, while the tooltips, the table rows and the search index go in
script elements of their own (CHUNK items each) that assets/network-large.js parses only when a reader hovers,
pages through a table or searches; the tables are filled a page at a time and the search box suggests no
names (tens of thousands of table rows or suggestions in the document take Chromium minutes to lay out)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from ..model.export import check_writable, write_atomic
from .largelayout import is_large
from .page import NetworkPage, network_page
from .style import NOT_A_MEMBER, TYPE_STYLE
from .tooltips import EVIDENCE_SHOWN
from .vendored import ASSETS, vis_asset

__all__ = ["render_html", "write_network_html", "CHUNK", "ROWS_PER_PAGE"]

CHUNK = 2000  # tooltips or table rows in each separately parsed part of a large page's data
ROWS_PER_PAGE = 50  # table rows a large page shows at a time


def _script_json(value) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' and no line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


@lru_cache(maxsize=1)
def _environment():
    """The template's environment, made once (compiling the template costs more than rendering a small page)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(
        loader=FileSystemLoader(str(ASSETS)),
        autoescape=select_autoescape(default=True),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(page: NetworkPage, assets: str | None = None) -> str:
    """The page as one HTML document with everything inlined; or, given `assets` (the address of a folder
    holding PAGE_ASSETS, ending in /), loading its scripts and styles from there, so many pages share them."""
    env = _environment()
    data = {
        "nodes": page.nodes,
        "edges": page.edges,
        "options": page.options,
        "index": page.index,
        "typeLabels": {k: v[0] for k, v in TYPE_STYLE.items()},
        "notMember": NOT_A_MEMBER,
    }
    large = is_large(len(page.nodes), len(page.edges))
    parts = _large_data(page, data) if large else []
    script = "network-large.js" if large else "network.js"
    inline = assets is None
    return env.get_template("network.html").render(
        page=page,
        data_json=_script_json(data),
        assets=assets,
        page_script=script,
        vis_js=vis_asset("vis-network.min.js") if inline else "",
        vis_css=vis_asset("vis-network.css") if inline else "",
        page_js=(ASSETS / script).read_text(encoding="utf-8") if inline else "",
        page_css=(ASSETS / "network.css").read_text(encoding="utf-8") if inline else "",
        large=large,
        parts=parts,
        rows_per_page=ROWS_PER_PAGE,
    )


def _large_data(page: NetworkPage, data: dict) -> list[tuple[str, str]]:
    """Split a large page's data. `data` (changed in place) keeps what the diagram draws, compactly: each node's
    id, label, place, size, filter tags and style (an index into nodeStyles), each edge as [from, to, style] (node
    and edgeStyles indices; the page numbers edges by their place), and the tables' order. Returned, as (element
    id, JSON), the parts read later: the search index, and each node's and edge's tooltip and table row, in the
    order of data.nodes and data.edges (an edge's quotes once, in its row; the tooltip shows the first few)."""
    node_at = {n["id"]: i for i, n in enumerate(page.nodes)}
    edge_at = {e["id"]: i for i, e in enumerate(page.edges)}
    node_styles: dict[str, int] = {}
    edge_styles: dict[str, int] = {}
    data["nodes"] = [
        {**{k: n[k] for k in _NODE_OWN if k != "cg"}, "s": _style(n, _NODE_OWN, node_styles), "cg": _tags(n)}
        for n in page.nodes
    ]
    data["edges"] = [[node_at[e["from"]], node_at[e["to"]], _style(e, _EDGE_OWN, edge_styles)] for e in page.edges]
    data["nodeStyles"] = [json.loads(style) for style in node_styles]
    data["edgeStyles"] = [json.loads(style) for style in edge_styles]
    data["nodeRows"] = [node_at[row["id"]] for row in page.node_rows]
    data["edgeRows"] = [edge_at[row["id"]] for row in page.edge_rows]
    data["chunk"], data["evidenceShown"], data["rowsPerPage"] = CHUNK, EVIDENCE_SHOWN, ROWS_PER_PAGE
    del data["index"]
    node_rows: list = [None] * len(page.nodes)
    for row in page.node_rows:
        node_rows[node_at[row["id"]]] = [row[k] for k in _NODE_ROW]
    edge_rows: list = [None] * len(page.edges)
    for edge_row in page.edge_rows:
        quotes = [[e["quote"], e["source"]] for e in edge_row["evidence"]]
        edge_rows[edge_at[edge_row["id"]]] = [edge_row[k] for k in _EDGE_ROW] + [quotes]
    parts = [("index", _script_json(page.index))]
    for name, items in (
        ("node-tips", [n["cg"]["tip"] for n in page.nodes]),
        ("edge-tips", [{"title": e["cg"]["tip"]["title"], "lines": e["cg"]["tip"]["lines"]} for e in page.edges]),
        ("node-rows", node_rows),
        ("edge-rows", edge_rows),
    ):
        parts += [(f"{name}-{i // CHUNK}", _script_json(items[i : i + CHUNK])) for i in range(0, len(items), CHUNK)]
    return parts


# a node's and an edge's own keys (the rest of a vis-network item is its style, shared), and the cells of their
# table rows, in the order of the page's columns (assets/network-large.js reads them so)
_NODE_ROW = ("id", "label", "type", "category", "identifiers", "aliases", "sources")
_EDGE_ROW = ("id", "from", "verb", "to", "details")
_NODE_OWN = ("id", "label", "x", "y", "value", "cg")
_EDGE_OWN = ("id", "from", "to", "cg")


def _style(item: dict, own: tuple[str, ...], styles: dict[str, int]) -> int:
    """The index of `item`'s style (its keys but `own`) in `styles`, which gains it if it is new."""
    key = json.dumps({k: v for k, v in item.items() if k not in own}, sort_keys=True)
    return styles.setdefault(key, len(styles))


def _tags(node: dict) -> dict:
    """What the filters read of a node."""
    return {k: node["cg"][k] for k in ("type", "networks", "programmes", "tiers")}


def write_network_html(graph: Graph, path: Path, **options) -> NetworkPage:
    """Render the page for `graph` (options as for network_page) and write it to `path` atomically.

    `path` is checked first (graph.model.export.check_writable: a folder that takes a new file, and nothing
    there but a regular file to replace), so a bad target fails before the layout is computed.
    """
    check_writable(Path(path))
    page = network_page(graph, **options)
    write_atomic(Path(path), render_html(page).encode("utf-8"))
    return page
