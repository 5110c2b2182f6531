"""JSON Schemas of the curated files, made from the vocabulary, so that an editor completes and checks them.

`document_schema()` describes a document's file (data/curated/<name>.yaml), `registry_schema()` the registry
(data/curated/registry.yaml). Both are written to data/schema/ (`python -m graph.ingest.schema` writes them; a
test holds the files to what this module makes) and editors that read YAML through a JSON Schema use them
(.vscode/settings.json maps them for VS Code's YAML extension). The loader (graph.ingest.curated) remains the
judge: it also checks what a schema cannot say (quotes against the source, references, councils).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..model.vocabulary import (
    CLAIM_FIELDS,
    CONCEPT_FIELDS,
    COUNCIL,
    ENTITY_FIELDS,
    ENTITY_TYPES,
    FIGURE_FIELDS,
    ORGANISATION_KINDS,
    QUALIFIERS,
    RELATION_TYPES,
)
from .tables import TABLE_KEYS

__all__ = ["document_schema", "registry_schema", "SCHEMA_FILES", "schema_text", "write_schemas"]

_SLUG = r"[a-z0-9]+(-[a-z0-9]+)*"
_ID = rf"^[a-z]+/{_SLUG}$"
_REF = rf"^(council:.+|[a-z]+/{_SLUG})$"  # an entity: by id, or a council by name
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_BASE = "https://w3id.org/councilgraph/schema/"


def _texts(description: str) -> dict[str, Any]:
    """One text or a list of them."""
    return {
        "description": description,
        "anyOf": [{"type": "string", "minLength": 1}, {"type": "array", "items": {"type": "string", "minLength": 1}}],
    }


def _kind_pattern(kinds: frozenset[str] | set[str]) -> str:
    """A reference to an entity of one of `kinds` (a council by name, council:<name>, included)."""
    parts = [f"{kind}/{_SLUG}" for kind in sorted(kinds)]
    if COUNCIL.id_kind in kinds:
        parts.insert(0, "council:.+")
    return "^(" + "|".join(parts) + ")$"


_DATE_VALUE = {
    "description": "YYYY, YYYY-MM or YYYY-MM-DD: only as precise as the text",
    "anyOf": [{"type": "string", "pattern": _DATE}, {"type": "integer", "minimum": 1000, "maximum": 9999}],
}
_QUOTE = _texts("verbatim from the file's source (whitespace aside): every fact needs one")


def _figure() -> dict[str, Any]:
    fields: dict[str, Any] = {
        "label": {"type": "string", "minLength": 1},
        "value": {"description": "a number", "type": ["number", "string"]},
        "unit": {"type": "string", "minLength": 1},
        "date": _DATE_VALUE,
        "quote": _QUOTE,
    }
    assert set(fields) == FIGURE_FIELDS
    return {"type": "object", "required": ["label", "value", "unit", "quote"], "additionalProperties": False,
            "properties": fields}  # fmt: skip


def _entity() -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": {
            "type": "string",
            "pattern": _ID,
            "description": "kind/slug, the kind the type's",
        },
        "type": {"enum": sorted(ENTITY_TYPES), "description": "leave out for an entity in the registry"},
        "name": {"type": "string", "minLength": 1, "description": "leave out for an entity in the registry"},
        "kind": {"enum": list(ORGANISATION_KINDS), "description": "an organisation's kind"},
        "aliases": _texts("other names the document uses"),
        "description": _texts("what the document says it is"),
        "note": _texts("anything a reviewer should know"),
        "ambiguity": _texts("where the text is unclear: say what and why"),
        "lead_unstated": _texts("an initiative whose lead the text does not state: why"),
        "start": _DATE_VALUE,
        "end": _DATE_VALUE,
        "date": _DATE_VALUE,
        "quote": _QUOTE,
        "figures": {"type": "array", "items": {"$ref": "#/$defs/figure"}},
    }
    assert set(fields) == ENTITY_FIELDS
    by_type = [
        {
            "if": {"required": ["type"], "properties": {"type": {"const": name}}},
            "then": {"properties": {"id": {"pattern": f"^{spec.id_kind}/{_SLUG}$"}}},
        }
        for name, spec in sorted(ENTITY_TYPES.items())
    ]
    together = [{"dependentRequired": {"type": ["name"], "name": ["type"]}}]
    return {"type": "object", "required": ["id", "quote"], "additionalProperties": False, "properties": fields,
            "allOf": together + by_type}  # fmt: skip


def _relation() -> dict[str, Any]:
    fields: dict[str, Any] = {
        "type": {"enum": sorted(RELATION_TYPES)},
        "from": {"type": "string", "pattern": _REF},
        "to": {"type": "string", "pattern": _REF},
        "quote": _QUOTE,
        "figures": {"type": "array", "items": {"$ref": "#/$defs/figure"}},
    }
    for qualifier in QUALIFIERS:
        spec: dict[str, Any] = {"description": qualifier.description}
        if qualifier.values:
            spec["enum"] = list(qualifier.values)
        elif qualifier.field in ("date", "as_at"):
            spec = {**_DATE_VALUE, "description": qualifier.description}
        elif qualifier.field == "amount":
            spec["type"] = ["number", "string"]
        elif qualifier.field in ("note", "ambiguity", "date_note"):
            spec = _texts(qualifier.description)
        else:
            spec["type"] = "string"
        fields[qualifier.field] = spec
    by_type = []
    for name, spec_ in sorted(RELATION_TYPES.items()):
        then: dict[str, Any] = {
            "properties": {
                "from": {"pattern": _kind_pattern(spec_.from_kinds)},
                "to": {"pattern": _kind_pattern(spec_.to_kinds)},
            }
        }
        if spec_.required:
            then["required"] = list(spec_.required)
        by_type.append({"if": {"properties": {"type": {"const": name}}}, "then": then})
    return {"type": "object", "required": ["type", "from", "to", "quote"], "additionalProperties": False,
            "properties": fields, "allOf": by_type}  # fmt: skip


def _claim() -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": {"type": "string", "pattern": f"^claim/{_SLUG}$"},
        "about": {"type": "string", "pattern": _REF},
        "label": {"type": "string", "minLength": 1},
        "value": {"type": ["number", "string"], "description": "a number, as the text states it"},
        "quote": _QUOTE,
        "note": _texts("anything a reviewer should know"),
    }
    assert set(fields) == CLAIM_FIELDS
    return {"type": "object", "required": ["id", "about", "label", "value", "quote"], "additionalProperties": False,
            "properties": fields}  # fmt: skip


def _concept() -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": {"type": "string", "pattern": f"^concept/{_SLUG}$"},
        "scheme": {"type": "string", "pattern": f"^scheme/{_SLUG}$"},
        "scheme_label": {"type": "string", "minLength": 1},
        "label": {"type": "string", "minLength": 1},
        "definition": {"type": "string"},
        "ambiguity": _texts("where the text is unclear: say what and why"),
        "quote": _QUOTE,
        "broader": {
            "type": "string",
            "pattern": f"^concept/{_SLUG}$",
            "description": "the concept of the same scheme this one is an item of (skos:broader)",
        },
    }
    assert set(fields) == CONCEPT_FIELDS
    return {"type": "object", "required": ["id", "scheme", "label", "quote"], "additionalProperties": False,
            "properties": fields}  # fmt: skip


def _table() -> dict[str, Any]:
    assert set(TABLE_KEYS) == {"shared", "columns", "rows"}
    return {
        "description": "a table (graph/ingest/tables.py): one block per row, the shared fields given once",
        "type": "object",
        "required": ["columns", "rows"],
        "additionalProperties": False,
        "properties": {
            "shared": {"type": "object", "description": "the fields every row has"},
            "columns": {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True},
            "rows": {"type": "array", "items": {"type": "array"}},
        },
    }


def document_schema() -> dict[str, Any]:
    """The JSON Schema of a document's curated file."""

    def section(kind: str) -> dict[str, Any]:
        return {"type": "array", "items": {"anyOf": [{"$ref": f"#/$defs/{kind}"}, {"$ref": "#/$defs/table"}]}}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _BASE + "document.schema.json",
        "title": "councilgraph: the curated facts of one source document (data/curated/<name>.yaml)",
        "description": "docs/data-format.md explains every field; `councilgraph validate` checks what a schema "
        "cannot (quotes against the source, references, councils).",
        "type": "object",
        "required": ["source"],
        "additionalProperties": False,
        "properties": {
            "source": {"type": "string", "description": "the id of the document in data/sources/manifest.yaml"},
            "entities": section("entity"),
            "relations": section("relation"),
            "claims": section("claim"),
            "concepts": section("concept"),
        },
        "$defs": {
            "entity": _entity(),
            "relation": _relation(),
            "claim": _claim(),
            "concept": _concept(),
            "figure": _figure(),
            "table": _table(),
        },
    }


def registry_schema() -> dict[str, Any]:
    """The JSON Schema of the registry of entities several documents name."""
    by_type = [
        {
            "if": {"properties": {"type": {"const": name}}},
            "then": {"properties": {"id": {"pattern": f"^{spec.id_kind}/{_SLUG}$"}}}
            | ({"required": ["kind"]} if name == "Organisation" else {}),
        }
        for name, spec in sorted(ENTITY_TYPES.items())
    ]
    entry = {
        "type": "object",
        "required": ["id", "type", "name"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": _ID},
            "type": {"enum": sorted(ENTITY_TYPES)},
            "name": {"type": "string", "minLength": 1},
            "kind": {"enum": list(ORGANISATION_KINDS)},
        },
        "allOf": by_type,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _BASE + "registry.schema.json",
        "title": "councilgraph: the entities several documents name, declared once (data/curated/registry.yaml)",
        "type": "object",
        "required": ["entities"],
        "additionalProperties": False,
        "properties": {"entities": {"type": "array", "items": entry}},
    }


SCHEMA_FILES = {"document.schema.json": document_schema, "registry.schema.json": registry_schema}


def schema_text(name: str) -> str:
    """The text of the schema file `name` (a key of SCHEMA_FILES), as it is written."""
    return json.dumps(SCHEMA_FILES[name](), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema file into `folder`; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMA_FILES:
        (folder / name).write_text(schema_text(name), encoding="utf-8")
        written.append(folder / name)
    return written


if __name__ == "__main__":  # python -m graph.ingest.schema [FOLDER]: write the schemas (default: data/schema)
    for path in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "data/schema")):
        print(path)
