"""Network: the graph as NetworkX views (projection) and what is computed on them -- metrics,
communities, paths, similarity -- with the reports (`analyse`, `path`, `similar`, `stats`) and the
metrics as RDF (metrics.ttl).

May import: graph.query (names, to find entities), graph.model, graph.ingest, graph.errors, graph.paths,
graph.text. Never viz.
"""
