"""Model: the knowledge graph itself -- its namespaces and vocabulary, the build from a Dataset into
rdflib, the SHACL validation, network membership read back from it, and the exports (one file at a
time in export, the set as one transaction in export_set).

May import: graph.ingest, graph.errors, graph.paths, graph.text. Never query, network or viz.
"""
