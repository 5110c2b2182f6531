"""The ingest assistant (`councilgraph ingest FILE`, issue #17): reads a new document and writes a DRAFT of its
curated YAML for a person to review. Offline rules, no trained model: regular expressions, pyahocorasick for
the names the project already knows (councils, entities) and rapidfuzz for near-duplicates.

One module per step, in the order the pipeline (pipeline.py) runs them: extract (the document's text), sentences
(spans to quote), patterns (multi-pattern matching on word boundaries), councils, known, candidates, relations,
draft (the YAML), report (what was found). Nothing here is a fact until a reviewer makes it one.
"""
