"""The names a user chooses from: export and result formats, views, colourings, sizings, the default seed.

Plain strings, and nothing imported: the command line builds its `--help` from them without loading
rdflib or networkx (tests/test_architecture.py). Each registry that does the work is keyed by exactly
one of these tuples, in this order, and says so when it is built (`registry`), so a new format or view
is one name here plus one entry in its registry (STYLE: one vocabulary, read everywhere).
"""

from __future__ import annotations

from typing import TypeVar

__all__ = [
    "EXPORT_FORMATS",
    "DEFAULT_EXPORT_FORMATS",
    "QUERY_FORMATS",
    "VIEWS",
    "REPORT_FORMATS",
    "SIMILARITY_VIEWS",
    "SIMILARITY_METHODS",
    "PUBLISH_PROTOCOLS",
    "DEFAULT_SEED",
    "VIZ_VIEWS",
    "COLOURINGS",
    "SIZINGS",
    "MAX_SEARCH_HITS",
    "registry",
]

# `build --format`: graph.model.export.EXPORTERS
EXPORT_FORMATS = ("turtle", "ntriples", "jsonld", "trig", "rdfxml")
DEFAULT_EXPORT_FORMATS = ("turtle", "ntriples", "jsonld", "trig")
# `query --format`: graph.query.results.RENDERERS (rows, then graphs)
QUERY_FORMATS = ("table", "csv", "tsv", "json", "markdown", "turtle", "ntriples", "jsonld")
# `analyse --view`: graph.network.projection.VIEWS
VIEWS = ("full", "bipartite", "councils")
# `analyse --format`: graph.network.report.RENDERERS
REPORT_FORMATS = ("table", "csv", "json", "markdown")
# `similar --view` (views whose neighbours are worth comparing) and `--method` (graph.network.analytics.similar)
SIMILARITY_VIEWS = ("bipartite", "full")
SIMILARITY_METHODS = ("jaccard", "adamic-adar")
# `publish --protocol` (graph.query.publish.publish)
PUBLISH_PROTOCOLS = ("gsp", "update")
# `analyse --seed`, and every seeded algorithm's default (graph.network.analytics.DEFAULT_SEED)
DEFAULT_SEED = 42
# `viz --view`: the same views, in the order the page offers them (graph.viz.page.VIEW_NAMES)
VIZ_VIEWS = ("full", "councils", "bipartite")
# `viz --colour` and `--size`: graph.viz.style.COLOURINGS and SIZINGS
COLOURINGS = ("type", "community", "network")
SIZINGS = ("degree", "betweenness", "pagerank")

# `search --limit`: the most hits one search returns (graph.query.search)
MAX_SEARCH_HITS = 1000

T = TypeVar("T")


def registry(names: tuple[str, ...], entries: dict[str, T]) -> dict[str, T]:
    """`entries`, once checked to be keyed by exactly `names` in that order: a registry and the command
    line's choices are one list, and a mismatch fails when the registry's module is imported."""
    if tuple(entries) != names:
        raise AssertionError(
            f"a registry is keyed by {', '.join(entries)} but graph/choices.py lists {', '.join(names)}: "
            "add or remove the name in both"
        )
    return entries
