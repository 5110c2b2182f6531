"""councilgraph: a knowledge graph of UK councils, partners, initiatives, programmes and networks.

The package is laid out in rooms that follow the data (tests/test_architecture.py holds them to it):

    ingest -> model -> query -> network -> viz -> serve

each importing only from the rooms before it. errors, paths, text (plain-text tables) and choices (the
names a user picks from: formats, views, colourings) sit at the top and may be used by every room;
pipeline (the `build` command's steps) runs them all in order. Nothing heavy is imported here or in a
room's __init__, so `councilgraph --help` stays quick.

The Python API (graph.api, documented there with examples) is importable from here: `graph.load()`,
`graph.find(name)`, `graph.describe(name)`, `graph.rows(name_or_sparql, **params)`,
`graph.view(name)`, `graph.metrics(view=...)` and `graph.store()` (the persistent store, in place of a
loaded graph); it is imported on first use.
"""

__version__ = "0.1.0"  # the one place the version is written; pyproject.toml reads it from here

_API = ("load", "store", "find", "describe", "rows", "view", "metrics")
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
