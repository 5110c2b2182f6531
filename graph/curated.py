"""Load and check the hand-curated data in data/curated/*.yaml (format: docs/data-format.md).

Every problem is collected with its file:line and reported together, so one run of
`councilgraph validate` lists everything to fix.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .errors import DataError, DataErrors
from .paths import display_path
from .model import (ENTITY_TYPES, ORGANISATION_KINDS, PARTICIPATION_STATUSES, RELATION_FIELDS,
                    RELATION_TYPES, TIERS, kind_of)
from .sources import Source, find_contact_details
from .yamlfile import LINE, load_yaml

__all__ = ["display_path", "Evidence", "FigureRecord", "Entity", "Relation", "Claim", "Concept", "Curated",
           "load_curated", "ALIASES_FILE"]

ALIASES_FILE = "council_aliases.yaml"
_ID = re.compile(r"^[a-z]+/[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True, order=True)
class Evidence:
    source: str
    quote: str
    where: str          # data file:line the fact was curated at


@dataclass
class FigureRecord:
    label: str
    value: Decimal
    unit: str
    date: str | None
    evidence: Evidence


@dataclass
class Entity:
    id: str
    type: str
    name: str
    where: str
    aliases: set[str] = field(default_factory=set)
    descriptions: set[str] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)
    ambiguities: set[str] = field(default_factory=set)
    lead_unstated: set[str] = field(default_factory=set)
    kind: str | None = None
    start: str | None = None
    end: str | None = None
    date: str | None = None
    evidence: set[Evidence] = field(default_factory=set)
    figures: list[FigureRecord] = field(default_factory=list)


@dataclass
class Relation:
    type: str
    source: str          # from (council:<name> or entity id)
    target: str          # to
    qualifiers: tuple[tuple[str, str], ...]   # sorted (name, value) pairs that make the fact distinct
    where: str
    evidence: set[Evidence] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)
    ambiguities: set[str] = field(default_factory=set)
    date_notes: set[str] = field(default_factory=set)
    figures: list[FigureRecord] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return (self.type, self.source, self.target, self.qualifiers)

    def qualifier(self, name: str) -> str | None:
        return dict(self.qualifiers).get(name)


@dataclass
class Claim:
    id: str
    about: str
    label: str
    value: Decimal
    evidence: Evidence
    note: str | None = None


@dataclass
class Concept:
    id: str
    scheme: str
    scheme_label: str
    label: str
    definition: str | None
    evidence: Evidence


@dataclass
class Curated:
    """Everything the curated files say, merged across files and checked."""
    entities: dict[str, Entity]
    relations: list[Relation]
    claims: list[Claim]
    concepts: list[Concept]
    council_aliases: dict[str, str]
    files: list[str]

    def council_refs(self) -> list[tuple[str, str, str]]:
        """Every council:<name> reference as (name, source id, where), in file order."""
        refs = []
        for rel in self.relations:
            for end in (rel.source, rel.target):
                if end.startswith("council:"):
                    for ev in sorted(rel.evidence):
                        refs.append((end.removeprefix("council:"), ev.source, ev.where))
        return refs


class _Checker:
    def __init__(self, sources: dict[str, Source]):
        self.sources = sources
        self.errors: list[DataError] = []

    def error(self, path: str, line: int | None, message: str) -> None:
        self.errors.append(DataError(path, line, message))

    def quotes(self, record: dict, source: str, path: str, what: str) -> list[Evidence]:
        line = record.get(LINE)
        raw = record.get("quote")
        quotes = [raw] if isinstance(raw, str) else raw
        if not quotes or not isinstance(quotes, list) or not all(isinstance(q, str) and q.strip() for q in quotes):
            self.error(path, line, f"{what} has no quote: every fact needs a verbatim quote from {source}")
            return []
        found = []
        for quote in quotes:
            contacts = find_contact_details(quote)
            if contacts:
                self.error(path, line, f"{what}: quote contains contact details ({', '.join(contacts)}); "
                                       "cut the quote before them")
            elif not self.sources[source].contains(quote):
                self.error(path, line, f"{what}: quote not found verbatim in {source} "
                                       f"({self.sources[source].file}): {_short(quote)}")
            else:
                found.append(Evidence(source, " ".join(quote.split()), f"{path}:{line}"))
        return found

    def figures(self, record: dict, source: str, path: str, what: str) -> list[FigureRecord]:
        out = []
        for fig in record.get("figures") or []:
            line = fig.get(LINE) if isinstance(fig, dict) else record.get(LINE)
            if not isinstance(fig, dict) or not fig.get("label") or fig.get("unit") in (None, ""):
                self.error(path, line, f"{what}: a figure needs label, value, unit and quote")
                continue
            value = _decimal(fig.get("value"))
            if value is None:
                self.error(path, line, f"{what}: figure value {fig.get('value')!r} is not a number")
                continue
            date = self.date(fig.get("date"), path, line, what)
            for ev in self.quotes(fig, source, path, f"{what} figure {fig['label']!r}")[:1]:
                out.append(FigureRecord(str(fig["label"]), value, str(fig["unit"]), date, ev))
        return out

    def date(self, value: Any, path: str, line: int | None, what: str) -> str | None:
        if value is None:
            return None
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        if not _DATE.match(text):
            self.error(path, line, f"{what}: date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        return text


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return None


def _text_set(value: Any) -> set[str]:
    if value is None:
        return set()
    values = value if isinstance(value, list) else [value]
    return {" ".join(str(v).split()) for v in values if str(v).strip()}


def load_council_aliases(path: Path) -> dict[str, str]:
    """The alias file: text spelling -> a name the reference lookup knows."""
    if not path.exists():
        return {}
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise DataErrors([DataError(str(path), 1, "expected a mapping of text spelling: reference name")])
    return {str(k): str(v) for k, v in data.items() if k != LINE}


def load_curated(curated_dir: Path, sources: dict[str, Source], root: Path | None = None) -> Curated:
    """Read every curated file, check it against the sources and the data format, merge by id.

    Locations (file:line) are given relative to `root` when the files lie inside it, so that the
    provenance recorded in the graph is the same on every checkout.
    """
    check = _Checker(sources)
    entities: dict[str, Entity] = {}
    relations: dict[tuple, Relation] = {}
    claims: list[Claim] = []
    concepts: dict[str, Concept] = {}
    files = sorted(p for p in curated_dir.glob("*.yaml") if p.name != ALIASES_FILE)
    for path in files:
        _load_file(path, display_path(path, root), check, entities, relations, claims, concepts)
    _check_references(check, entities, relations, claims)
    if check.errors:
        raise DataErrors(check.errors)
    return Curated(
        entities=dict(sorted(entities.items())),
        relations=sorted(relations.values(), key=lambda r: r.key),
        claims=sorted(claims, key=lambda c: c.id),
        concepts=sorted(concepts.values(), key=lambda c: c.id),
        council_aliases=load_council_aliases(curated_dir / ALIASES_FILE),
        files=[display_path(p, root) for p in files],
    )


def _load_file(path: Path, where: str, check: _Checker, entities: dict, relations: dict, claims: list,
               concepts: dict) -> None:
    try:
        doc = load_yaml(path)
    except DataErrors as exc:
        check.errors.extend(exc.errors)
        return
    if not isinstance(doc, dict):
        check.error(where, 1, "expected a mapping with source, entities, relations")
        return
    source = doc.get("source")
    if source not in check.sources:
        check.error(where, doc.get(LINE), f"unknown source {source!r}; known: {', '.join(sorted(check.sources))}")
        return
    unknown = set(doc) - {"source", "entities", "relations", "claims", "concepts", LINE}
    if unknown:
        check.error(where, doc.get(LINE), f"unknown section(s) {', '.join(sorted(unknown))}")
    for record in doc.get("entities") or []:
        _load_entity(record, source, where, check, entities)
    for record in doc.get("relations") or []:
        _load_relation(record, source, where, check, relations)
    for record in doc.get("claims") or []:
        _load_claim(record, source, where, check, claims)
    for record in doc.get("concepts") or []:
        _load_concept(record, source, where, check, concepts)


def _load_entity(record: Any, source: str, path: str, check: _Checker, entities: dict[str, Entity]) -> None:
    if not isinstance(record, dict):
        check.error(path, None, f"an entity must be a mapping, not {record!r}")
        return
    line = record.get(LINE)
    eid, etype, name = record.get("id"), record.get("type"), record.get("name")
    what = f"entity {eid}"
    if not isinstance(eid, str) or not _ID.match(eid):
        check.error(path, line, f"entity id {eid!r} is not of the form kind/slug (lower-case, hyphens)")
        return
    if etype not in ENTITY_TYPES:
        check.error(path, line, f"{what}: unknown type {etype!r}; known: {', '.join(sorted(ENTITY_TYPES))}")
        return
    if kind_of(eid) != ENTITY_TYPES[etype].id_kind:
        check.error(path, line, f"{what}: a {etype} id starts with {ENTITY_TYPES[etype].id_kind}/")
        return
    if not isinstance(name, str) or not name.strip():
        check.error(path, line, f"{what} has no name")
        return
    kind = record.get("kind")
    if etype == "Organisation" and kind not in ORGANISATION_KINDS:
        check.error(path, line, f"{what}: kind {kind!r} is not one of {', '.join(sorted(ORGANISATION_KINDS))}")
    evidence = check.quotes(record, source, path, what)
    figures = check.figures(record, source, path, what)
    entity = entities.get(eid)
    if entity is None:
        entity = entities[eid] = Entity(id=eid, type=etype, name=" ".join(name.split()), where=f"{path}:{line}")
    elif entity.type != etype or entity.name != " ".join(name.split()):
        check.error(path, line, f"{what} is declared as {etype} {name!r} here but as {entity.type} "
                                f"{entity.name!r} at {entity.where}: one id, one type and name")
        return
    if kind and entity.kind and kind != entity.kind:
        check.error(path, line, f"{what}: kind {kind!r} here but {entity.kind!r} at {entity.where}")
    entity.kind = entity.kind or kind
    entity.aliases |= _text_set(record.get("aliases")) - {entity.name}
    entity.descriptions |= _text_set(record.get("description"))
    entity.notes |= _text_set(record.get("note"))
    entity.ambiguities |= _text_set(record.get("ambiguity"))
    entity.lead_unstated |= _text_set(record.get("lead_unstated"))
    if entity.lead_unstated and etype != "Initiative":
        check.error(path, line, f"{what}: lead_unstated is only for initiatives")
    for attr in ("start", "end", "date"):
        value = check.date(record.get(attr), path, line, what)
        if value:
            setattr(entity, attr, value)
    entity.evidence.update(evidence)
    entity.figures.extend(figures)
    for contact in find_contact_details(" ".join(str(v) for k, v in record.items() if k != LINE)):
        check.error(path, line, f"{what}: contains contact details ({contact}); they never enter the graph")


def _load_relation(record: Any, source: str, path: str, check: _Checker, relations: dict) -> None:
    if not isinstance(record, dict):
        check.error(path, None, f"a relation must be a mapping, not {record!r}")
        return
    line = record.get(LINE)
    rtype, frm, to = record.get("type"), record.get("from"), record.get("to")
    what = f"relation {rtype} {frm} -> {to}"
    spec = RELATION_TYPES.get(rtype)
    if spec is None:
        check.error(path, line, f"unknown relation type {rtype!r}; known: {', '.join(sorted(RELATION_TYPES))}")
        return
    if not isinstance(frm, str) or not isinstance(to, str):
        check.error(path, line, f"{what}: needs from and to")
        return
    unknown = set(record) - RELATION_FIELDS - {LINE}
    if unknown:
        check.error(path, line, f"{what}: unknown field(s) {', '.join(sorted(unknown))}")
    if kind_of(frm) not in spec.from_kinds:
        check.error(path, line, f"{what}: a {rtype} relation cannot start at a {kind_of(frm)} "
                                f"(allowed: {', '.join(sorted(spec.from_kinds))})")
    if kind_of(to) not in spec.to_kinds:
        check.error(path, line, f"{what}: a {rtype} relation cannot end at a {kind_of(to)} "
                                f"(allowed: {', '.join(sorted(spec.to_kinds))})")
    for name in spec.required:
        if not record.get(name):
            check.error(path, line, f"{what}: a {rtype} relation needs {name}")
    qualifiers: dict[str, str] = {}
    for name in ("role", "status", "tier", "instrument", "currency"):
        if record.get(name) is not None:
            qualifiers[name] = " ".join(str(record[name]).split())
    if "status" in qualifiers and qualifiers["status"] not in PARTICIPATION_STATUSES:
        check.error(path, line, f"{what}: status {qualifiers['status']!r} is not one of "
                                f"{', '.join(PARTICIPATION_STATUSES)}")
    if "tier" in qualifiers and qualifiers["tier"] not in TIERS:
        check.error(path, line, f"{what}: tier {qualifiers['tier']!r} is not one of {', '.join(TIERS)}")
    for name in ("date", "as_at"):
        value = check.date(record.get(name), path, line, what)
        if value:
            qualifiers[name] = value
    if record.get("amount") is not None:
        amount = _decimal(record["amount"])
        if amount is None:
            check.error(path, line, f"{what}: amount {record['amount']!r} is not a number")
        else:
            qualifiers["amount"] = str(amount)
            qualifiers.setdefault("currency", "GBP")
    evidence = check.quotes(record, source, path, what)
    figures = check.figures(record, source, path, what)
    key = (rtype, frm, to, tuple(sorted(qualifiers.items())))
    relation = relations.get(key)
    if relation is None:
        relation = relations[key] = Relation(rtype, frm, to, key[3], f"{path}:{line}")
    relation.evidence.update(evidence)
    relation.figures.extend(figures)
    relation.notes |= _text_set(record.get("note"))
    relation.ambiguities |= _text_set(record.get("ambiguity"))
    relation.date_notes |= _text_set(record.get("date_note"))


def _load_claim(record: Any, source: str, path: str, check: _Checker, claims: list) -> None:
    line = record.get(LINE) if isinstance(record, dict) else None
    if not isinstance(record, dict) or not all(record.get(k) for k in ("id", "about", "label")):
        check.error(path, line, "a claim needs id, about, label, value and quote")
        return
    value = _decimal(record.get("value"))
    if value is None or not _ID.match(str(record["id"])) or kind_of(record["id"]) != "claim":
        check.error(path, line, f"claim {record['id']!r}: needs an id claim/<slug> and a numeric value")
        return
    for ev in check.quotes(record, source, path, f"claim {record['id']}")[:1]:
        claims.append(Claim(record["id"], record["about"], str(record["label"]), value, ev,
                            " ".join(str(record.get("note") or "").split()) or None))


def _load_concept(record: Any, source: str, path: str, check: _Checker, concepts: dict) -> None:
    line = record.get(LINE) if isinstance(record, dict) else None
    if not isinstance(record, dict) or not all(record.get(k) for k in ("id", "scheme", "label")):
        check.error(path, line, "a concept needs id, scheme, label and quote")
        return
    cid, scheme = str(record["id"]), str(record["scheme"])
    if not _ID.match(cid) or kind_of(cid) != "concept" or not _ID.match(scheme) or kind_of(scheme) != "scheme":
        check.error(path, line, f"concept {cid!r}: ids are concept/<slug> in scheme/<slug>")
        return
    if cid in concepts:
        check.error(path, line, f"concept {cid} is declared twice (first at {concepts[cid].evidence.where})")
        return
    for ev in check.quotes(record, source, path, f"concept {cid}")[:1]:
        concepts[cid] = Concept(cid, scheme, str(record.get("scheme_label") or scheme), str(record["label"]),
                                " ".join(str(record.get("definition") or "").split()) or None, ev)


def _check_references(check: _Checker, entities: dict, relations: dict, claims: list) -> None:
    for rel in relations.values():
        path, _, line = rel.where.rpartition(":")
        for end in (rel.source, rel.target, rel.qualifier("instrument")):
            if end and kind_of(end) == "source":
                if end.removeprefix("source/") not in check.sources:
                    check.error(path, int(line), f"relation {rel.type}: {end} is not a source in the manifest")
            elif end and not end.startswith("council:") and end not in entities:
                check.error(path, int(line), f"relation {rel.type} {rel.source} -> {rel.target}: "
                                             f"{end} is not declared in any curated file")
        instrument = rel.qualifier("instrument")
        if instrument and kind_of(instrument) != "fund":
            check.error(path, int(line), f"relation {rel.type}: instrument {instrument} must be a fund/ id")
    for claim in claims:
        path, _, line = claim.evidence.where.rpartition(":")
        if claim.about not in entities and not claim.about.startswith("council:"):
            check.error(path, int(line), f"claim {claim.id}: {claim.about} is not declared in any curated file")
