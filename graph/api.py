"""The Python API: the graph, its names, its questions and its network, for notebooks and scripts.

Everything here is importable from `graph` itself and works on the built graph of the project that
`graph.paths.locate` finds (a checkout, $COUNCILGRAPH_ROOT, or the graph installed with the package),
or of the project folder given as `root`.

>>> import graph
>>> kg = graph.load()
>>> len(kg) > 30_000
True
>>> graph.find("Wigan", kg)
'https://w3id.org/councilgraph/id/council/wigan'
>>> graph.find("Cambridge shire", kg)       # any name the texts use: official, short, OCR'd, a GSS code
'https://w3id.org/councilgraph/id/council/cambridgeshire'

A named query (`councilgraph queries` lists them) or SPARQL text gives rows of plain Python values,
ready for `pandas.DataFrame(rows)`:

>>> rows = graph.rows("ccin-members-per-tier")
>>> [(row["asAt"], row["tier"], row["members"]) for row in rows][-2:]  # a day is a date; a year, its text
[(datetime.date(2020, 5, 1), 'Full', 29), ('2014', None, 19)]
>>> graph.rows("initiatives-of-council", council="Wigan")[0]["council"]
'https://w3id.org/councilgraph/id/council/wigan'

The network views are NetworkX graphs (the names `rows` and `view` keep clear of the sub-packages
graph.query and graph.network), and the metrics are the ones `councilgraph analyse` reports:

>>> councils = graph.view(kg, "councils")
>>> councils.number_of_nodes()
89
>>> report = graph.metrics(kg, view="full", top=3)
>>> report.rankings[0].metric, report.rankings[0].entries[0].label
('degree', "Co-operative Councils' Innovation Network")
>>> graph.describe("Wigan", kg).label
'Wigan Metropolitan Borough Council'

On a large graph, skip loading it: `graph.store()` opens the project's persistent store (what the
commands read), and every function here takes it where it takes a graph; without a graph they use it:

>>> kept = graph.store()
>>> graph.describe("Wigan", kept) == graph.describe("Wigan", kg)
True
>>> graph.find("E08000010")
'https://w3id.org/councilgraph/id/council/wigan'
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph

    from .query.facts import Facts

__all__ = ["load", "store", "find", "describe", "rows", "view", "metrics"]


def _paths(root: str | Path | None):
    from .paths import locate

    return locate(root)


def load(root: str | Path | None = None) -> Graph:
    """The built graph (exports/councilgraph.ttl) as an rdflib Graph."""
    from .query.loading import load_export

    return load_export(_paths(root))


def store(root: str | Path | None = None) -> Facts:
    """The project's persistent store (made first if the exports changed), for lookups without loading the
    graph; every function here takes it in place of a graph."""
    from .query.project_store import open_facts

    return open_facts(_paths(root))


def _source(graph, root) -> Graph | Facts:
    return graph if graph is not None else store(root)


def find(name: str, graph: Graph | Facts | None = None, *, root: str | Path | None = None) -> str:
    """The IRI of the entity called `name` (any of its names, case-insensitively); UnknownEntity if none."""
    from .query.facts import facts_of

    return str(facts_of(_source(graph, root)).find(name))


def describe(name: str, graph: Graph | Facts | None = None, *, root: str | Path | None = None):
    """Everything known about one entity, with its evidence (what `councilgraph show --json` prints)."""
    from .query.describe import describe_entity

    return describe_entity(_source(graph, root), name)


def rows(
    name_or_sparql: str,
    *,
    root: str | Path | None = None,
    store: str = "project",
    timeout: float = 60,
    **params: str,
) -> list[dict[str, Any]]:
    """The rows of a named query or of SPARQL text, each a dict of plain Python values (IRIs as strings,
    numbers as int/Decimal/float, dates as date); parameters by keyword, entities by any of their names.

    An ASK query gives [{"answer": True}] or [{"answer": False}]; CONSTRUCT and DESCRIBE give one
    row per triple (subject, predicate, object).
    """
    from .query.library import inline_query, library, looks_like_a_name, named_query
    from .query.stores import open_store, run_query

    if looks_like_a_name(name_or_sparql):
        the_query = library().get(name_or_sparql) or named_query(name_or_sparql)
    else:
        the_query = inline_query(name_or_sparql)
    with open_store(_paths(root), store) as opened:
        result = run_query(opened, the_query, params, timeout)
    if result.form == "ASK":
        return [{"answer": bool(result.boolean)}]
    if result.graph is not None:
        return [{"subject": _plain(s), "predicate": _plain(p), "object": _plain(o)} for s, p, o in sorted(result.graph)]
    return [{name: _plain(term) for name, term in zip(result.variables, row)} for row in result.rows]


def _plain(term) -> Any:
    """An rdflib term as the Python value a table wants: IRIs and blank nodes as text, literals as values."""
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()  # a year or a month (xsd:gYear, gYearMonth) stays a Literal: its text, '2014'
        if isinstance(value, Literal) or not isinstance(value, (bool, int, float, Decimal, date, datetime, str)):
            return str(term)
        return value
    return str(term)


def view(graph: Graph | Facts | None = None, name: str = "full", *, root: str | Path | None = None):
    """A NetworkX view of the graph: `full`, `bipartite` or `councils` (docs/projections.md)."""
    from .network.projection import project

    return project(_source(graph, root), name)


def metrics(
    graph: Graph | Facts | None = None,
    view: str = "full",
    *,
    top: int = 10,
    seed: int = 42,
    sample: int | None = None,
    root: str | Path | None = None,
):
    """The network analysis `councilgraph analyse` reports (rankings per metric, brokers, bridges,
    communities), seeded, as a dataclass; `dataclasses.asdict` gives plain data."""
    from .network.analysis import analyse_network

    return analyse_network(_source(graph, root), view=view, top=top, seed=seed, sample=sample)
