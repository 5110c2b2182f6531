"""The vocabulary (graph.model.vocabulary) as the Markdown tables of docs/data-format.md.

The doc's tables are generated with cog from these functions (`python -m cogapp -r docs/data-format.md`
rewrites them; tests/test_docs.py fails when the doc and the vocabulary differ).
"""

from __future__ import annotations

from ..text import markdown_table_lines
from .build import concept_iri
from .namespaces import prefixed_name
from .vocabulary import (
    ANY,
    COUNCIL,
    ENTITY_TYPES,
    NOT_TAKING_PART,
    PARTICIPATION_STATUSES,
    QUALIFIERS,
    RELATION_TYPES,
    ConceptScheme,
    Qualifier,
    RelationType,
)

__all__ = ["entity_types_table", "relation_types_table", "qualifiers_table", "concept_table", "status_readings_table"]

# the id kinds in the order the tables list them: councils, then each entity type's, then source documents
_KIND_ORDER = [COUNCIL.id_kind, *(t.id_kind for t in ENTITY_TYPES.values()), "source"]


def _table(headers: list[str], rows: list[list[str]]) -> str:
    return "\n".join(markdown_table_lines(headers, rows)) + "\n"


def _code(values) -> str:
    return ", ".join(f"`{v}`" for v in values)


def _kinds(kinds: frozenset[str]) -> str:
    if kinds >= ANY:
        return "any"
    return "/".join(sorted(kinds, key=lambda k: (_KIND_ORDER.index(k) if k in _KIND_ORDER else len(_KIND_ORDER), k)))


def entity_types_table() -> str:
    """One row per entity type a data file may declare."""
    return _table(
        ["type", "id", "classes", "meaning", "extra fields"],
        [
            [
                f"`{t.name}`",
                f"`{t.id_kind}/<slug>`",
                _code(prefixed_name(c) for c in t.classes),
                t.description,
                t.fields,
            ]
            for t in ENTITY_TYPES.values()
        ],
    )


def _qualifiers_of(r: RelationType) -> str:
    return ", ".join(f"`{q}`" + (" (required)" if q in r.required else "") for q in r.qualifiers)


def _property(r: RelationType) -> str:
    shortcut = f"`{prefixed_name(r.shortcut)}`"
    return shortcut + (f" (inverse `{prefixed_name(r.inverse)}`)" if r.inverse else "")


def relation_types_table() -> str:
    """One row per relation type, with what `show` prints from either end."""
    return _table(
        ["type", "from → to", "meaning", "direct property", "qualifiers", "reads (from end / to end)"],
        [
            [
                f"`{r.name}`",
                f"{_kinds(r.from_kinds)} → {_kinds(r.to_kinds)}",
                r.description,
                _property(r),
                _qualifiers_of(r),
                f"{r.active} / {r.passive}",
            ]
            for r in RELATION_TYPES.values()
        ],
    )


def _used_by(q: Qualifier) -> str:
    if q.general:
        return "any"
    return ", ".join(
        f"`{r.name}`" + (" (required)" if q.field in r.required else "")
        for r in RELATION_TYPES.values()
        if q.field in r.qualifiers
    )


def qualifiers_table() -> str:
    """One row per qualifier: what to write, where it goes in RDF, and which relation types take it."""
    return _table(
        ["field", "meaning", "property", "shown as", "relation types"],
        [
            [
                f"`{q.field}`",
                q.description + (f"; one of {_code(q.values)}" if q.values else ""),
                f"`{prefixed_name(q.prop)}`",
                q.label,
                _used_by(q),
            ]
            for q in QUALIFIERS
        ],
    )


def concept_table(scheme: ConceptScheme) -> str:
    """The values of a controlled field, each with the SKOS concept the build mints for it."""
    return _table(
        ["value", "concept"],
        [[f"`{v}`", f"`{prefixed_name(concept_iri(scheme, v))}`"] for v in scheme.values],
    )


def status_readings_table() -> str:
    """What a participation's direct edge and words are, by its status."""
    spec = RELATION_TYPES["participates"]
    rows = []
    for status in PARTICIPATION_STATUSES:
        found = NOT_TAKING_PART.get(status)
        if found is None:
            rows.append([f"`{status}`", f"`{prefixed_name(spec.shortcut)}`", f"{spec.active} / {spec.passive}"])
        else:
            rows.append([f"`{status}`", f"`{prefixed_name(found.shortcut)}`", f"{found.active} / {found.passive}"])
    return _table(["status", "direct property", "reads (from end / to end)"], rows)
