"""Viz: the interactive network page -- its data (page), node positions (layout), colours, sizes and
filters (style), the HTML (render) and the vendored vis-network it inlines (vendored, assets/).

May import every room below it: graph.network, graph.query, graph.model, graph.ingest, and graph.errors,
graph.paths, graph.text.
"""
