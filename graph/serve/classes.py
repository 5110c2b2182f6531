"""Class pages (/class/Council, /class/Initiative, ...): every entity of one of the project's classes,
with the count and paging (`?page=`), sorted by name; and what the home page lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import RDF

from ..query.facts import StoreFacts

__all__ = ["PAGE_SIZE", "ClassPage", "class_page", "class_pages", "class_name"]

PAGE_SIZE = 100


@dataclass
class ClassPage:
    name: str  # the local name: Council
    iri: str
    count: int
    page: int
    pages: int
    members: list[tuple[str, str]] = field(default_factory=list)  # (IRI, label), this page's


def class_name(prefixed: str) -> str | None:
    """The class page's name of a type shown as a prefixed name (`cg:Council` -> Council), None for
    a type from another vocabulary (those have no class page)."""
    return prefixed[3:] if prefixed.startswith("cg:") else None


def class_page(facts: StoreFacts, classes: list[tuple[str, str, int]], name: str, page: int) -> ClassPage | None:
    """Page `page` (from 1) of the entities of `cg:<name>`, by name; None when `name` is not a class the
    graph has entities of (`classes` is the dataset summary's list of (prefixed name, IRI, count))."""
    return next((found for found in class_pages(facts, classes, name) if found.page == page), None)


def class_pages(facts: StoreFacts, classes: list[tuple[str, str, int]], name: str) -> Iterator[ClassPage]:
    """Every page of the entities of `cg:<name>`, by name, the members read and sorted once (nothing when
    `name` is not a class the graph has entities of)."""
    iri = next((i for n, i, _ in classes if n == f"cg:{name}"), None)
    if iri is None:
        return
    members = sorted(
        ((str(s), facts.label(s)) for s in set(facts.subjects(RDF.type, URIRef(iri)))),
        key=lambda m: (m[1].casefold(), m[0]),
    )
    pages = max(1, -(-len(members) // PAGE_SIZE))
    for page in range(1, pages + 1):
        start = (page - 1) * PAGE_SIZE
        yield ClassPage(name, iri, len(members), page, pages, members[start : start + PAGE_SIZE])
