"""The server's HTML pages, rendered from plain data with Jinja2 templates (graph/serve/templates/).

Every value reaches a page escaped (autoescape is on for every template, and no value is marked safe),
so a name such as `<img src=x onerror=alert(1)>` shows as that text. Pages load nothing: the style is
inline, there is no script, and every link to the project's own resources is a path on this server.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import pass_context

from ..model.namespaces import ID, KIND_SEGMENTS, ONS_GEOGRAPHY, prefixed_name
from ..query.describe import EntityDescription
from .classes import PAGE_SIZE, ClassPage, class_name
from .councilmap import CouncilMap
from .dataset import DatasetSummary, Dump
from .extras import EntityExtras, SourceFacts
from .links import SERVER, Links
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
    "source_page",
    "static_query_page",
    "static_sparql_page",
    "ontology_page",
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
        auto_reload=False,  # a running server keeps the templates it started with (the load test saw edits land)
    )
    env.filters["href"] = _iri_link
    env.filters["link"] = _path_link
    env.filters["short"] = prefixed_name
    env.filters["source_href"] = _source_href
    env.filters["class_name"] = class_name
    env.filters["counted"] = counted
    return env


def href(iri: str) -> str:
    """Where a link to `iri` goes: the project's resources to their page on this server, others as they are."""
    return path_of_iri(iri) or iri


_PLURALS = {"entity": "entities", "relation": "relations", "figure": "figures", "claim": "claims"}


def counted(count: int, kind: str) -> str:
    """`count` things of `kind`, in words: '1 entity', '33 entities'."""
    return f"{count} {kind if count == 1 else _PLURALS.get(kind, kind + 's')}"


def _links(context) -> Links:
    return context.get("links") or SERVER


@pass_context
def _path_link(context, path: str) -> str:
    """A link to the page at server path `path`, as the page being rendered links (graph.serve.links)."""
    return _links(context).to(path)


@pass_context
def _iri_link(context, iri: str) -> str:
    return _links(context).to(href(iri))


@pass_context
def _source_href(context, identifier: str) -> str:
    from urllib.parse import quote

    # the path, not an rdflib IRI: an identifier is data, and one with a space would make rdflib warn per link
    return _links(context).to(href(f"{ID}{KIND_SEGMENTS['source']}/{quote(identifier, safe='')}"))


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


def entity_page(
    d: EntityDescription,
    path: str,
    formats: list[Representation],
    links: Links = SERVER,
    extra: EntityExtras | None = None,
) -> str:
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
            links=links,
            extra=extra or EntityExtras(),
        )
    )


def resource_page(view: ResourceView, path: str, formats: list[Representation], links: Links = SERVER) -> str:
    """The page of a node that is not an entity (a relation, evidence, a concept): its triples."""
    return (
        _environment()
        .get_template("resource.html")
        .render(v=view, title=view.label, alternates=_alternates(path, formats), links=links)
    )


def dataset_page(
    summary: DatasetSummary, dumps: list[Dump], formats: list[Representation], links: Links = SERVER
) -> str:
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
            links=links,
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


def _render(template: str, links: Links = SERVER, **values) -> str:
    return _environment().get_template(template).render(alternates=[], links=links, **values)


def home_page(summary: DatasetSummary, links: Links = SERVER) -> str:
    """The home page: the dataset, the classes with their counts, the query page, the map, the endpoint."""
    from .dataset import DESCRIPTION

    return _render("home.html", links, s=summary, title=summary.title, description=DESCRIPTION)


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


def map_page(drawn: CouncilMap, groupings: list[str], links: Links = SERVER) -> str:
    """The map of councils: an inline SVG, a point per council linking to its page, and the legend."""
    return _render("map.html", links, title="Map of councils", m=drawn, groupings=groupings)


def class_page(page: ClassPage, links: Links = SERVER) -> str:
    """A class's page: its count and one page of its entities, by name, with links to the next and previous."""
    return _render("class.html", links, title=page.name, c=page, page_size=PAGE_SIZE)


def source_page(facts: SourceFacts, path: str, links: Links = SERVER) -> str:
    """One page of what a source document states: each statement with its quote and where it was curated."""
    return _render("source.html", links, title=f"Derived from {facts.label}", s=facts, path=path)


def static_query_page(answers: dict[str, Table | str], links: Links = SERVER) -> str:
    """A static site's query page: each named query's question, parameters and SPARQL, where to run it, and
    the answer of each that needs no parameter (`answers`: a table, or what went wrong)."""
    from ..query.library import library

    return _render(
        "static_query.html", links, title="Queries", queries=list(library().values()), answers=answers, shown=200
    )


def static_sparql_page(links: Links) -> str:
    """What a static site says at /sparql: it runs no queries; where to run them instead."""
    return _render("static_sparql.html", links, title="SPARQL")


def ontology_page(
    path: Path, shapes: Path | None = None, classes: frozenset[str] = frozenset(), links: Links = SERVER
) -> str:
    """The ontology's documentation: its classes and properties, their definitions, domains and ranges; a
    class in `classes` (local names: the classes the graph has entities of) links to its class page."""
    from .ontology_doc import describe_ontology, ontology_html

    described = describe_ontology(path, shapes if shapes is not None and shapes.is_file() else None)
    return ontology_html(described, _environment(), links=links, class_pages=classes)
