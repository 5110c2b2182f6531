"""Viz: the interactive network page -- its data (page), assembled from what each entity belongs to (groups),
node positions (layout; largelayout for views of more than 2,000 nodes or 5,000 edges), colours, sizes and
filters (style), the vis-network nodes and edges (elements), their tooltips (tooltips) and options (options);
the HTML (render) and the vendored vis-network it inlines (vendored, assets/).

May import every room below it: graph.network, graph.query, graph.model, graph.ingest, and graph.errors,
graph.paths, graph.text.
"""
