"""The server's HTML pages, rendered from plain data with Jinja2 templates (graph/serve/templates/).

Every value reaches a page escaped (autoescape is on for every template, and no value is marked safe),
so a name such as `<img src=x onerror=alert(1)>` shows as that text. Pages load nothing: the style is
inline, there is no script, and every link to the project's own resources is a path on this server.
"""

from __future__ import annotations

from functools import lru_cache

from ..model.namespaces import ONS_GEOGRAPHY, prefixed_name, resource_iri
from ..query.describe import EntityDescription
from .classes import PAGE_SIZE, ClassPage, class_name
from .councilmap import CouncilMap
from .dataset import DatasetSummary, Dump
from .negotiation import Representation
from .querypage import QueryRequest, Table
from .resources import ResourceView, path_of_iri

__all__ = [
    "entity_page",
    "resource_page",
    "dataset_page",
    "endpoint_page",
    "error_page",
    "home_page",
    "query_page",
    "map_page",
    "class_page",
    "href",
]


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("graph.serve", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["href"] = href
    env.filters["short"] = prefixed_name
    env.filters["source_href"] = _source_href
    env.filters["class_name"] = class_name
    return env


def href(iri: str) -> str:
    """Where a link to `iri` goes: the project's resources to their page on this server, others as they are."""
    return path_of_iri(iri) or iri


def _source_href(identifier: str) -> str:
    return href(str(resource_iri("source", identifier)))


def _alternates(path: str, formats: list[Representation]) -> list[tuple[str, str, str]]:
    """(label, link, media type) of each machine-readable twin of the page at `path`."""
    return [(r.name, f"{path}.{r.name}", r.media_type) for r in formats if r.name != "html"]


def _identifiers(d: EntityDescription) -> list[tuple[str, str, str | None]]:
    """(label, value, link or None): the GSS code links to its ONS statistical geography, IRIs to themselves."""
    rows = []
    for label, value in d.identifiers.items():
        link = None
        if label == "GSS code":
            link = d.identifiers.get("area served") or str(ONS_GEOGRAPHY[value])
        elif value.startswith(("http://", "https://")) and ";" not in value:
            link = href(value)
        rows.append((label, value, link))
    return rows


def entity_page(d: EntityDescription, path: str, formats: list[Representation]) -> str:
    """The page of an entity: names, types, identifiers, evidence, figures, claims, members, relations."""
    relations = [r for r in d.relations if not (d.members and r.relation == "NetworkMembership")]
    return (
        _environment()
        .get_template("entity.html")
        .render(
            d=d,
            title=d.label,
            identifiers=_identifiers(d),
            relations=relations,
            hidden_memberships=len(d.relations) - len(relations),
            alternates=_alternates(path, formats),
        )
    )


def resource_page(view: ResourceView, path: str, formats: list[Representation]) -> str:
    """The page of a node that is not an entity (a relation, evidence, a concept): its triples."""
    return (
        _environment()
        .get_template("resource.html")
        .render(v=view, title=view.label, alternates=_alternates(path, formats))
    )


def dataset_page(summary: DatasetSummary, dumps: list[Dump], formats: list[Representation]) -> str:
    """The dataset's page: the VoID/DCAT description in words and tables."""
    from .dataset import DESCRIPTION, LICENCE, RIGHTS

    return (
        _environment()
        .get_template("dataset.html")
        .render(
            s=summary,
            title=summary.title,
            description=DESCRIPTION,
            licence=str(LICENCE),
            rights=RIGHTS,
            dumps=dumps,
            alternates=_alternates("/dataset", formats),
        )
    )


def error_page(status: int, title: str, message: str) -> str:
    """A page for a request that has no answer (404 and the like), saying what to do instead."""
    return _environment().get_template("error.html").render(status=status, title=title, message=message, alternates=[])


def endpoint_page(timeout: float, max_rows: int, max_queries: int, row_formats, graph_formats) -> str:
    """What /sparql says to a browser that asks it nothing: how to ask, in which formats, within which limits."""
    return (
        _environment()
        .get_template("endpoint.html")
        .render(
            title="SPARQL endpoint",
            timeout=f"{timeout:g}",
            max_rows=f"{max_rows:,}",
            max_queries=max_queries,
            row_formats=[f"{r.name} ({r.media_type})" for r in row_formats],
            graph_formats=[f"{r.name} ({r.media_type})" for r in graph_formats],
            alternates=[],
        )
    )


def _render(template: str, **values) -> str:
    return _environment().get_template(template).render(alternates=[], **values)


def home_page(summary: DatasetSummary) -> str:
    """The home page: the dataset, the classes with their counts, the query page, the map, the endpoint."""
    from .dataset import DESCRIPTION

    return _render("home.html", s=summary, title=summary.title, description=DESCRIPTION)


def query_page(
    asked: QueryRequest,
    queries: list,
    answer: Table | None,
    downloads: list[tuple[str, str]],
    problem: str | None,
    limits: tuple[float, int],
) -> str:
    """The query page: the named query asked for (its question and parameters as form fields), the answer
    as a table (or what went wrong), the free SPARQL box and the list of named queries."""
    from .querypage import EXAMPLE

    return _render(
        "query.html",
        title=f"Query: {asked.name}" if asked.name else "Query",
        asked=asked,
        chosen=asked.query if asked.name else None,
        queries=queries,
        answer=answer,
        downloads=downloads,
        problem=problem,
        free_text=asked.text or EXAMPLE,
        timeout=f"{limits[0]:g}",
        max_rows=f"{limits[1]:,}",
    )


def map_page(drawn: CouncilMap, groupings: list[str]) -> str:
    """The map of councils: an inline SVG, a point per council linking to its page, and the legend."""
    return _render("map.html", title="Map of councils", m=drawn, groupings=groupings)


def class_page(page: ClassPage) -> str:
    """A class's page: its count and one page of its entities, by name, with links to the next and previous."""
    return _render("class.html", title=page.name, c=page, page_size=PAGE_SIZE)
