"""The draft file: what the assistant found in a document, as YAML for a reviewer (docs/ingest.md gives the
format; it is the curated format's superset that `councilgraph review` reads). Written by hand, not by a YAML
library, so that the same findings always give the same bytes: fixed key order, sorted lists, every quote and
council reference double-quoted."""

from __future__ import annotations

import json
import re

from .analysis import Findings

__all__ = ["render_draft", "scalar"]

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 _./()'-]*$")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}
_ALWAYS_QUOTED = {"quote", "council", "text"}


def scalar(value: object, quoted: bool = False) -> str:
    """One YAML scalar: plain where that reads back as the same string, else double-quoted (JSON's escapes are
    YAML's)."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"no booleans or nulls in a draft: {value!r}")
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if quoted or not _PLAIN.match(text) or text.lower() in _RESERVED or text != text.strip():
        return json.dumps(text, ensure_ascii=False)
    return text


def _flow(values: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(scalar(v, quoted=True) for v in values) + "]"


def _block(fields: list[tuple[str, object]]) -> list[str]:
    """One item of a list: '  - key: value' then '    key: value'."""
    lines = []
    for i, (key, value) in enumerate(fields):
        if isinstance(value, (list, tuple)):
            shown = _flow(value)
        elif isinstance(value, dict):
            shown = "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"
        else:
            shown = scalar(value, quoted=key in _ALWAYS_QUOTED)
        lines.append(f"{'  - ' if i == 0 else '    '}{key}: {shown}")
    return lines


def _section(name: str, items: list[list[tuple[str, object]]]) -> list[str]:
    if not items:
        return [f"{name}: []"]
    return [f"{name}:", *(line for item in items for line in _block(item))]


def render_draft(source_id: str, version: str, findings: Findings) -> str:
    """The draft of `source_id` as YAML text."""
    lines = [
        f"# Draft written by councilgraph ingest: review it with `councilgraph review {source_id}`",
        f"source: {scalar(source_id)}",
        f"draft: {{tool: councilgraph ingest, version: {scalar(version, quoted=True)}}}",
    ]
    lines += _section(
        "councils", [[("council", c.council), ("mentions", c.mentions), ("quote", c.quote)] for c in findings.councils]
    )
    lines += _section(
        "ambiguous",
        [[("text", a.text), ("candidates", list(a.candidates)), ("quote", a.quote)] for a in findings.ambiguous],
    )
    lines += _section("entities", [_entity(e) for e in findings.entities])
    lines += _section("relations", [_relation(r) for r in findings.relations])
    return "\n".join(lines) + "\n"


def _entity(entity) -> list[tuple[str, object]]:
    if entity.status == "known":
        return [("id", entity.id), ("status", "known"), ("mentions", entity.mentions), ("quote", entity.quote)]
    fields: list[tuple[str, object]] = [("id", entity.id), ("type", entity.type)]
    if entity.type == "Organisation":
        fields.append(("kind", entity.kind or "other"))
    fields += [
        ("name", entity.name),
        ("quote", entity.quote),
        ("status", "proposed"),
        ("confidence", entity.confidence),
        ("rule", entity.rule),
    ]
    if entity.similar:
        fields.append(("similar", list(entity.similar)))
    return fields


def _relation(relation) -> list[tuple[str, object]]:
    fields: list[tuple[str, object]] = [("type", relation.type), ("from", relation.source), ("to", relation.target)]
    role = dict(relation.qualifiers).get("role")
    if role:  # what a holds_role or related_to relation needs (a participation's status is the reviewer's to give:
        fields.append(("role", role))  # `status` here is the draft's own, and the trigger says what was read)
    fields += [
        ("quote", relation.quote),
        ("status", "proposed"),
        ("confidence", relation.confidence),
        ("trigger", relation.trigger),
    ]
    return fields
