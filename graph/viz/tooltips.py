"""What the page says about an entity or a relation: the lines of its tooltip (which the tables repeat), its
identifiers, and the verbatim quotes that evidence it. Plain data: the page builds the tooltip's DOM elements
from it, so no string here is ever read as HTML."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV

from ..model.namespaces import CG
from ..query.facts import Facts
from .style import TYPE_STYLE

__all__ = ["EVIDENCE_SHOWN", "short", "identifiers", "evidence", "node_lines", "edge_text", "tip"]

EVIDENCE_SHOWN = 3  # quotes in a tooltip; it says how many more there are


def short(text: str, limit: int) -> str:
    """`text` on one line, cut to at most `limit` characters (an ellipsis saying where)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def identifiers(graph: Facts, node: str, data: dict[str, Any], ident: str) -> list[tuple[str, str]]:
    """(label, value) of each identifier an entity has: its prefixed name, codes, nation, region, kind."""
    found = [("identifier", ident)]
    for label, attr in (("GSS code", "gss"), ("nation", "nation"), ("region", "region"), ("kind", "kind")):
        if data.get(attr):
            found.append((label, data[attr]))
    for label, prop in (("local authority code", CG.localAuthorityCode), ("org-id", CG.orgId)):
        value = graph.value(URIRef(node), prop)
        if value is not None:
            found.append((label, str(value)))
    return found


def evidence(graph: Facts, subject: str) -> list[dict[str, str]]:
    """{source, quote} of each quote that evidences `subject`, sorted."""
    quotes = []
    for ev in graph.objects(URIRef(subject), CG.evidence):
        source = graph.value(ev, PROV.hadPrimarySource)
        quotes.append(
            {"source": str(graph.value(source, DCTERMS.identifier) or source), "quote": str(graph.value(ev, CG.quote))}
        )
    return sorted(quotes, key=lambda e: (e["source"], e["quote"]))


def node_lines(
    data: dict[str, Any], idents: list[tuple[str, str]], aliases: list[str], measure: tuple[str, float]
) -> list[list[str]]:
    """An entity's tooltip lines: [label, value] for its type, identifiers, other names, description and the
    measure it is sized by."""
    lines = [["type", TYPE_STYLE.get(data["type"], (data["type"],))[0]], *map(list, idents)]
    if aliases:
        lines.append(["also called", "; ".join(aliases)])
    if data.get("description"):
        lines.append(["description", short(data["description"], 240)])
    name, value = measure
    lines.append([name, f"{value:.4g}"])
    return lines


_QUALIFIERS = (
    ("role", "role"),
    ("status", "status"),
    ("tier", "tier"),
    ("as at", "as_at"),
    ("date", "date"),
    ("amount", "amount"),
    ("currency", "currency"),
)


def edge_text(data: dict[str, Any], view: str, ident: str) -> tuple[str, list[list[str]]]:
    """An edge's verb and tooltip lines, by view: a relation and its qualifiers (full view), the things two
    councils share (councils view), or how a council is tied to something (bipartite view)."""
    lines = []
    if view == "full":
        lines.append(["relation", data["relation"]])
        lines += [[label, data[attr]] for label, attr in _QUALIFIERS if data.get(attr)]
        lines.append(["identifier", ident])
        return data["verb"], lines
    if view == "councils":
        shared = data.get("shared", [])
        lines.append(
            [
                f"shared ({len(shared)})",
                "; ".join(shared[:12]) + (f"; and {len(shared) - 12} more" if len(shared) > 12 else ""),
            ]
        )
        return "shares ties with", lines
    lines.append(["how", "; ".join(data.get("via", []))])
    return "is tied to", lines


def tip(title: str, lines: list[list[str]], quotes: list[dict[str, str]]) -> dict[str, Any]:
    """A tooltip as the page's script reads it: a title, lines, the first few quotes and how many more."""
    return {
        "title": title,
        "lines": lines,
        "evidence": quotes[:EVIDENCE_SHOWN],
        "more": max(len(quotes) - EVIDENCE_SHOWN, 0),
    }
