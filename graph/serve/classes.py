"""Class pages (/class/Council, /class/Initiative, ...): every entity of one of the project's classes,
with the count and paging (`?page=`), sorted by name; and what the home page lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import RDF

from ..query.facts import StoreFacts

__all__ = ["PAGE_SIZE", "ClassPage", "class_page", "class_name"]

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
    iri = next((i for n, i, _ in classes if n == f"cg:{name}"), None)
    if iri is None:
        return None
    members = sorted(
        ((str(s), facts.label(s)) for s in set(facts.subjects(RDF.type, URIRef(iri)))),
        key=lambda m: (m[1].casefold(), m[0]),
    )
    pages = max(1, -(-len(members) // PAGE_SIZE))
    if not 1 <= page <= pages:
        return None
    start = (page - 1) * PAGE_SIZE
    return ClassPage(name, iri, len(members), page, pages, members[start : start + PAGE_SIZE])
