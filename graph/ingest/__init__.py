"""Ingest: the project's data read and checked -- the source manifest, the curated YAML, the councils'
register -- and gathered into one `Dataset` (graph.ingest.dataset).

May import: graph.errors, graph.paths, graph.text, and the shared vocabulary (graph.model.vocabulary,
graph.model.namespaces: the one definition of what the data may say). Nothing else in graph/: the model
is built from what ingest produces, never the other way round.
"""
