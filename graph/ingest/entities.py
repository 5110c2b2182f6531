"""Entities: the blocks that declare them in a document's file, and the registry (data/curated/registry.yaml)
that declares once the entities several documents name.

An entity in the registry has its id, type, name (and kind, for an organisation) there, and nothing else: a
document's block for it then gives only its id, the quotes that show the document names it and what else that
document says of it (aliases, description, ...). Every entity still needs a quote: one in the registry that no
document's file quotes is an error. A block may still give type, name and kind, which must then agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from ..errors import DataErrors
from ..model.vocabulary import ENTITY_FIELDS, ENTITY_TYPES, ORGANISATION_KINDS, kind_of
from ..paths import display_path
from .checks import Checker, clip, shown, text_set
from .records import Entity
from .sources import find_contact_details
from .yamlfile import LINE, load_yaml

__all__ = ["ID", "REGISTRY_FILE", "Registry", "read_registry", "load_entity", "check_registry_quoted", "is_id"]

ID = re.compile(r"^[a-z]+/[a-z0-9]+(-[a-z0-9]+)*$")
REGISTRY_FILE = "registry.yaml"
_REGISTRY_FIELDS = {"id", "type", "name", "kind"}


@dataclass
class Registry:
    """The registry's entities by id (no evidence: that comes from the documents' files), and its place."""

    where: str = ""
    entities: dict[str, Entity] = field(default_factory=dict)


def read_registry(path: Path, root: Path | None, check: Checker) -> Registry:
    """The registry at `path` (an empty one if there is no such file); its problems go to `check`."""
    where = display_path(path, root)
    registry = Registry(where)
    if not path.exists():
        return registry
    try:
        doc = load_yaml(path, root, trailing_comments=False)
    except DataErrors as exc:
        for error in exc.errors:
            check.error(error.path, error.line, error.message)
        check.unreadable(path)
        return registry
    records = doc.get("entities") if isinstance(doc, dict) else None
    if not isinstance(records, list) or set(doc) - {"entities", LINE}:
        check.error(where, 1, "the registry is a mapping with one key, entities: a list of id, type, name (and kind)")
        check.unreadable(path)
        return registry
    for record in records:
        _register(record, where, check, registry)
    return registry


def _register(record: Any, where: str, check: Checker, registry: Registry) -> None:
    line = record.get(LINE) if isinstance(record, dict) else None
    if not isinstance(record, dict):
        check.error(where, None, f"a registry entry must be a mapping, not {shown(record)}")
        return
    eid, etype, name, kind = (record.get(k) for k in ("id", "type", "name", "kind"))
    what = f"entity {clip(eid)}"
    if check.overlong(record, where, what):
        return
    if not is_id(eid):
        check.error(where, line, f"entity id {shown(eid)} is not of the form kind/slug (lower-case, hyphens)")
        return
    unknown = set(record) - _REGISTRY_FIELDS - {LINE}
    if unknown:
        check.error(
            where,
            line,
            f"{what}: the registry holds only id, type, name and kind; give {', '.join(sorted(map(clip, unknown)))} "
            "in the blocks of the documents' files, with their quotes",
        )
    problem = declaration_problem(eid, etype, name)
    if problem or eid in registry.entities:
        first = registry.entities.get(eid)
        check.error(where, line, f"{what}{problem or f' is in the registry twice (first at {first and first.where})'}")
        check.rejected.add(eid)
        return
    if etype == "Organisation" and (not isinstance(kind, str) or kind not in ORGANISATION_KINDS):
        check.error(where, line, f"{what}: kind {shown(kind)} is not one of {', '.join(sorted(ORGANISATION_KINDS))}")
    for contact in find_contact_details(" ".join(str(v) for k, v in record.items() if k != LINE)):
        check.error(where, line, f"{what}: contains contact details ({contact}); they never enter the graph")
    assert isinstance(etype, str) and isinstance(name, str)
    registry.entities[eid] = Entity(
        id=eid, type=etype, name=" ".join(name.split()), where=f"{where}:{line}", kind=kind if kind else None
    )


def check_registry_quoted(registry: Registry, entities: dict[str, Entity], check: Checker) -> None:
    """Every entity in the registry is quoted by some document's file (an entity is never sourced by the
    registry alone)."""
    for eid, entry in registry.entities.items():
        if not entities[eid].evidence and not check.may_be_declared(eid):
            path, _, line = entry.where.rpartition(":")
            check.error(
                path,
                int(line),
                f"entity {eid} is in the registry but no document's file quotes it: give it a block (id and quote) "
                "in the file of a document that names it, or take it out of the registry",
            )


def load_entity(
    record: Any, source: str, path: str, check: Checker, entities: dict[str, Entity], seen: dict, registry: Registry
) -> None:
    """Read an entity block of a document's file into `entities` (merged with the same id's other blocks)."""
    if not isinstance(record, dict):
        check.error(path, None, f"an entity must be a mapping, not {shown(record)}")
        return
    line = record.get(LINE)
    eid, etype, name = record.get("id"), record.get("type"), record.get("name")
    what = f"entity {clip(eid)}"
    if check.overlong(record, path, what):
        if is_id(eid):
            check.rejected.add(eid)
        return
    if not is_id(eid):
        check.error(path, line, f"entity id {shown(eid)} is not of the form kind/slug (lower-case, hyphens)")
        return
    first, block = seen.setdefault(("entity", eid), (line, record))
    if block is not record:
        check.error(
            path, line, f"{what} is declared twice in this file, at lines {first} and {line}: merge the two blocks"
        )
    registered = registry.entities.get(eid)
    if registered is not None and etype is None and name is None:  # declared once in the registry
        etype, name = registered.type, registered.name
    check.known_fields(record, ENTITY_FIELDS, path, what)
    problem = declaration_problem(eid, etype, name)
    if problem:
        check.error(path, line, f"{what}{problem}")
        check.rejected.add(eid)  # declared, if wrongly: uses of it are not errors of their own
        return
    assert isinstance(etype, str) and isinstance(name, str)  # as _declaration_problem has checked
    kind = record.get("kind") or (registered.kind if registered is not None else None)
    if etype == "Organisation" and (not isinstance(kind, str) or kind not in ORGANISATION_KINDS):
        check.error(path, line, f"{what}: kind {shown(kind)} is not one of {', '.join(sorted(ORGANISATION_KINDS))}")
    evidence = check.quotes(record, source, path, what)
    figures = check.figures(record, source, path, what)
    entity = entities.get(eid)
    if entity is None:
        entity = entities[eid] = Entity(id=eid, type=etype, name=" ".join(name.split()), where=f"{path}:{line}")
    elif entity.type != etype or entity.name != " ".join(name.split()):
        check.error(
            path,
            line,
            f"{what} is declared as {etype} {name!r} here but as {entity.type} "
            f"{entity.name!r} at {entity.where}: one id, one type and name",
        )
        check.rejected.add(eid)  # its quotes are in this refused block: the registry's entry is not reported too
        return
    if kind and entity.kind and kind != entity.kind:
        check.error(path, line, f"{what}: kind {kind!r} here but {entity.kind!r} at {entity.where}")
    entity.kind = entity.kind or kind
    _add_details(entity, record, check, path, what)
    entity.evidence.update(evidence)
    entity.figures.extend(figures)
    for contact in find_contact_details(" ".join(str(v) for k, v in record.items() if k != LINE)):
        check.error(path, line, f"{what}: contains contact details ({contact}); they never enter the graph")


def _add_details(entity: Entity, record: dict, check: Checker, path: str, what: str) -> None:
    """What this block says of the entity beside its identity and quotes: names, texts, dates."""
    line = record.get(LINE)
    aliases = text_set(record.get("aliases")) - {entity.name}
    for alias in sorted(aliases):
        if is_generic_name(alias):
            check.error(
                path,
                line,
                f"{what}: alias {alias!r} is a common noun, not a name (it would find any {alias.split()[-1]}); "
                "leave it out",
            )
    entity.aliases |= aliases
    entity.descriptions |= text_set(record.get("description"))
    entity.notes |= text_set(record.get("note"))
    entity.ambiguities |= text_set(record.get("ambiguity"))
    entity.lead_unstated |= text_set(record.get("lead_unstated"))
    if entity.lead_unstated and entity.type != "Initiative":
        check.error(path, line, f"{what}: lead_unstated is only for initiatives")
    for attr in ("start", "end", "date"):
        value = check.date(record.get(attr), path, line, what)
        if value:
            setattr(entity, attr, value)


# "the Trust", "the Programme": how a text refers back to something it has named, never a name of it
GENERIC_NOUNS = frozenset(
    "agency board collaborative college commission company council fund group network partnership police "
    "programme project scheme service trust".split()
)


def is_generic_name(text: str) -> bool:
    """Whether `text` is a common noun (with or without "the") rather than a name: 'the Trust', 'network'."""
    words = text.casefold().split()
    if words[:1] == ["the"]:
        words = words[1:]
    return len(words) == 1 and words[0] in GENERIC_NOUNS


def is_id(value: object) -> TypeGuard[str]:
    """Whether `value` is an entity id: kind/slug, lower-case, with hyphens."""
    return isinstance(value, str) and bool(ID.match(value))


def declaration_problem(eid: str, etype: Any, name: Any) -> str | None:
    """What makes an entity's declaration unusable (the rest of a message starting 'entity <id>'), if anything."""
    if etype in (None, ""):
        return f" has no type; known types: {', '.join(sorted(ENTITY_TYPES))}"
    if not isinstance(etype, str) or etype not in ENTITY_TYPES:
        return f": unknown type {shown(etype)}; known: {', '.join(sorted(ENTITY_TYPES))}"
    if kind_of(eid) != ENTITY_TYPES[etype].id_kind:
        return f": a {etype} id starts with {ENTITY_TYPES[etype].id_kind}/"
    if not isinstance(name, str) or not name.strip():
        return " has no name"
    return None
