"""The page as one HTML document (the template in graph/viz/assets/, everything inlined), and writing it."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from ..model.export import check_writable, write_atomic
from .page import NetworkPage, network_page
from .style import NOT_A_MEMBER, TYPE_STYLE
from .vendored import ASSETS, vis_asset

__all__ = ["render_html", "write_network_html"]


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


def render_html(page: NetworkPage) -> str:
    """The page as one HTML document with everything inlined."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(ASSETS)),
        autoescape=select_autoescape(default=True),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    data = {
        "nodes": page.nodes,
        "edges": page.edges,
        "options": page.options,
        "index": page.index,
        "typeLabels": {k: v[0] for k, v in TYPE_STYLE.items()},
        "notMember": NOT_A_MEMBER,
    }
    return env.get_template("network.html").render(
        page=page,
        data_json=_script_json(data),
        vis_js=vis_asset("vis-network.min.js"),
        vis_css=vis_asset("vis-network.css"),
        page_js=(ASSETS / "network.js").read_text(encoding="utf-8"),
        page_css=(ASSETS / "network.css").read_text(encoding="utf-8"),
    )


def write_network_html(graph: Graph, path: Path, **options) -> NetworkPage:
    """Render the page for `graph` (options as for network_page) and write it to `path` atomically.

    `path` is checked first (graph.model.export.check_writable: a folder that takes a new file, and nothing
    there but a regular file to replace), so a bad target fails before the layout is computed.
    """
    check_writable(Path(path))
    page = network_page(graph, **options)
    write_atomic(Path(path), render_html(page).encode("utf-8"))
    return page
