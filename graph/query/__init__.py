"""Query: asking the built graph -- loading the exports, the named-query library, preparing and
guarding a query, binding parameters, the stores it runs on (rdflib, Oxigraph, a SPARQL endpoint),
isolation of each run, results and their formats, finding entities by name, `show`'s description,
free-text search and its index.

May import: graph.model, graph.ingest, graph.errors, graph.paths, graph.text. Never network or viz.
"""
