"""Load the hand-curated data in data/curated/*.yaml (format: docs/data-format.md) into records
(graph.ingest.records), checking each field as it goes (graph.ingest.checks).

Every problem is collected with its file:line and reported together, so one run of
`councilgraph validate` lists everything to fix -- each once: a declaration that is refused is not also
reported wherever it is used, nor is an id that a file which could not be read may declare.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import DataError, DataErrors
from ..model.vocabulary import (
    CLAIM_FIELDS,
    CONCEPT_FIELDS,
    PARTICIPATION_STATUSES,
    RELATION_FIELDS,
    RELATION_TYPES,
    TIERS,
    kind_of,
)
from ..paths import display_path
from .checks import MAX_FIELD_CHARS, MAX_RECORD_CHARS, Checker, as_decimal, clip, same_end, shown, text_set
from .entities import ID, REGISTRY_FILE, Registry, check_registry_quoted, load_entity, read_registry
from .records import Claim, Concept, Curated, Entity, Evidence, FigureRecord, Relation
from .sources import Manifest, Source, normalise_space
from .tables import expand_table, is_table
from .yamlfile import LINE, load_yaml

__all__ = [
    "display_path",
    "Evidence",
    "FigureRecord",
    "Entity",
    "Relation",
    "Claim",
    "Concept",
    "Curated",
    "load_curated",
    "read_curated",
    "load_council_aliases",
    "read_council_aliases",
    "ALIASES_FILE",
    "DRAFT_SUFFIX",
    "MAX_FIELD_CHARS",
    "MAX_RECORD_CHARS",
]

ALIASES_FILE = "council_aliases.yaml"
_NOT_DOCUMENTS = (ALIASES_FILE, REGISTRY_FILE)  # the curated files that are not a document's
DRAFT_SUFFIX = ".draft.yaml"  # what `councilgraph ingest` writes: never data until reviewed (graph.ingest.assistant)


def read_council_aliases(path: Path, root: Path | None = None) -> tuple[dict[str, str] | None, list[DataError]]:
    """The alias file (text spelling -> a name the reference lookup knows) and its errors, paths relative to
    `root`; None for the aliases when the file could not be read (then any name may be mapped in it)."""
    if not path.exists():
        return {}, []
    where = display_path(path, root)
    try:
        data = load_yaml(path, root)
    except DataErrors as exc:
        return None, exc.errors
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return None, [DataError(where, 1, "expected a mapping of text spelling: reference name")]
    aliases: dict[str, str] = {}
    errors: list[DataError] = []
    for spelling, target in data.items():
        if spelling == LINE:
            continue
        if isinstance(target, (list, dict)):
            errors.append(DataError(where, None, f"alias {shown(spelling)}: map it to one name, not {shown(target)}"))
            continue
        for name, text in (("spelling", str(spelling)), ("reference name", str(target))):
            if len(text) > MAX_FIELD_CHARS:
                errors.append(
                    DataError(
                        where,
                        None,
                        f"alias {clip(spelling)!r}: the {name} is {len(text):,} "
                        f"characters long; the limit is {MAX_FIELD_CHARS:,}",
                    )
                )
        aliases[str(spelling)] = str(target)
    return aliases, errors


def load_council_aliases(path: Path, root: Path | None = None) -> dict[str, str]:
    """The alias file: text spelling -> a name the reference lookup knows; DataErrors if it is wrong."""
    aliases, errors = read_council_aliases(path, root)
    if errors:
        raise DataErrors(errors)
    return aliases or {}


def load_curated(curated_dir: Path, sources: dict[str, Source], root: Path | None = None) -> Curated:
    """Read every curated file, check it against the sources and the data format, merge by id.

    Locations (file:line) are given relative to `root` when the files lie inside it, so that the
    provenance recorded in the graph is the same on every checkout. DataErrors lists every problem.
    """
    manifest = Manifest(sources, {sid: source.date for sid, source in sources.items()}, True, [])
    aliases, errors = read_council_aliases(curated_dir / ALIASES_FILE, root)
    curated, more = read_curated(curated_dir, manifest, root, aliases or {})
    if errors or more:
        raise DataErrors(errors + more)
    return curated


def read_curated(
    curated_dir: Path, manifest: Manifest, root: Path | None = None, council_aliases: dict[str, str] | None = None
) -> tuple[Curated, list[DataError]]:
    """Read and check every curated file as far as it can be read; return what loaded and every problem.

    Quotes are checked against the sources in `manifest` that loaded. Those of a source it lists that did not
    load, or of any source when it could not be read whole, cannot be checked and are taken as they are: the
    manifest's own errors say why, and a dataset with errors is never built.
    """
    check = Checker(manifest)
    entities: dict[str, Entity] = {}
    relations: dict[tuple, Relation] = {}
    claims: list[Claim] = []
    concepts: dict[str, Concept] = {}
    registry = read_registry(curated_dir / REGISTRY_FILE, root, check)
    entities.update(registry.entities)
    files = sorted(
        p for p in curated_dir.glob("*.yaml") if p.name not in _NOT_DOCUMENTS and not p.name.endswith(DRAFT_SUFFIX)
    )
    _refuse_drafts(curated_dir, root, check)
    for path in files:
        _load_file(path, root, check, registry, entities, relations, claims, concepts)
    check_registry_quoted(registry, entities, check)
    _check_references(check, entities, relations, claims)
    _check_broader(check, concepts)
    curated = Curated(
        entities=dict(sorted(entities.items())),
        relations=sorted(relations.values(), key=lambda r: r.key),
        claims=sorted(claims, key=lambda c: c.id),
        concepts=sorted(concepts.values(), key=lambda c: c.id),
        council_aliases=council_aliases or {},
        files=[display_path(p, root) for p in files],
        council_mentions=list(check.councils),
    )
    return curated, check.errors


def _refuse_drafts(curated_dir: Path, root: Path | None, check: Checker) -> None:
    """A draft is never read as data, nor silently ignored: it blocks the build until it is reviewed."""
    for path in sorted(curated_dir.glob(f"*{DRAFT_SUFFIX}")):
        where = display_path(path, root)
        check.error(
            where,
            1,
            f"{path.name} is a draft written by `councilgraph ingest`: review it with "
            f"`councilgraph review {path.name.removesuffix(DRAFT_SUFFIX)}` (or delete it)",
        )


def _load_file(
    path: Path,
    root: Path | None,
    check: Checker,
    registry: Registry,
    entities: dict,
    relations: dict,
    claims: list,
    concepts: dict,
) -> None:
    where = display_path(path, root)
    try:
        doc = load_yaml(path, root, trailing_comments=False)
    except DataErrors as exc:
        for error in exc.errors:
            check.error(error.path, error.line, error.message)
        check.unreadable(path)
        return
    if not isinstance(doc, dict):
        check.error(where, 1, "expected a mapping with source, entities, relations")
        check.unreadable(path)
        return
    source = _file_source(doc, where, check)
    unknown = set(doc) - {"source", "entities", "relations", "claims", "concepts", LINE}
    if unknown:
        check.error(where, doc.get(LINE), f"unknown section(s) {', '.join(sorted(clip(u) for u in unknown))}")
    seen: dict[tuple, tuple[int | None, dict]] = {}  # this file's blocks -> (line, block), to catch repeats
    for record in _section(doc, "entities", path, where, check):
        load_entity(record, source, where, check, entities, seen, registry)
    for record in _section(doc, "relations", path, where, check):
        _load_relation(record, source, where, check, relations, seen)
    for record in _section(doc, "claims", path, where, check):
        _load_claim(record, source, where, check, claims)
    for record in _section(doc, "concepts", path, where, check):
        _load_concept(record, source, where, check, concepts)


def _file_source(doc: dict, where: str, check: Checker) -> str:
    """The file's source id. Not one the manifest lists is an error, but the file is still checked (bar quotes),
    so that its declarations count and its other mistakes are found in the same run."""
    source, line = doc.get("source"), doc.get(LINE)
    if isinstance(source, str) and len(source) > MAX_FIELD_CHARS:
        check.error(where, line, f"field 'source' is {len(source):,} characters long; the limit is {MAX_FIELD_CHARS:,}")
    elif not isinstance(source, str) or check.manifest.lists(source) is False:
        check.error(where, line, f"unknown source {shown(source)}; known: {', '.join(sorted(check.manifest.dates))}")
    return source if isinstance(source, str) and len(source) <= MAX_FIELD_CHARS else clip(source)


def _section(doc: dict, name: str, path: Path, where: str, check: Checker) -> list:
    records = doc.get(name)
    if records is None or isinstance(records, list):
        expanded: list = []
        for item in records or []:
            expanded.extend(expand_table(item, where, check) if is_table(item) else [item])
        return expanded
    check.error(where, doc.get(LINE), f"{name} must be a list, each item starting with '- '")
    check.unreadable(path)
    return []


def _load_relation(record: Any, source: str, path: str, check: Checker, relations: dict, seen: dict) -> None:
    if not isinstance(record, dict):
        check.error(path, None, f"a relation must be a mapping, not {shown(record)}")
        return
    line = record.get(LINE)
    rtype, frm, to = record.get("type"), record.get("from"), record.get("to")
    what = f"relation {clip(rtype)} {clip(frm)} -> {clip(to)}"
    if check.overlong(record, path, what):
        return
    check.council(frm, source, path, line)  # named councils are resolved whatever else is wrong here
    check.council(to, source, path, line)
    if not isinstance(rtype, str) or rtype not in RELATION_TYPES:
        check.error(path, line, f"unknown relation type {shown(rtype)}; known: {', '.join(sorted(RELATION_TYPES))}")
        return
    spec = RELATION_TYPES[rtype]
    if not isinstance(frm, str) or not isinstance(to, str):
        check.error(path, line, f"{what}: needs from and to")
        return
    to_itself = same_end(frm, to)
    if to_itself:
        check.error(path, line, f"{what} goes from a thing to itself: from and to must differ")
    _check_relation_shape(record, rtype, spec, frm, to, check, path, line, what)
    qualifiers = _relation_qualifiers(record, check, path, line, what)
    evidence = check.quotes(record, source, path, what)
    figures = check.figures(record, source, path, what)
    key = (rtype, frm, to, tuple(sorted(qualifiers.items())))
    quote = record.get("quote")
    quotes = quote if isinstance(quote, list) else [quote]
    block_key = ("relation", key, tuple(sorted(normalise_space(q) if isinstance(q, str) else repr(q) for q in quotes)))
    first, block = seen.setdefault(block_key, (line, record))
    if block is not record:
        check.error(path, line, f"{what} is repeated: the same block is at lines {first} and {line}; delete one")
    if to_itself:
        return
    relation = relations.get(key)
    if relation is None:
        relation = relations[key] = Relation(rtype, frm, to, key[3], f"{path}:{line}")
    relation.evidence.update(evidence)
    relation.figures.extend(figures)
    relation.notes |= text_set(record.get("note"))
    relation.ambiguities |= text_set(record.get("ambiguity"))
    relation.date_notes |= text_set(record.get("date_note"))


def _check_relation_shape(
    record: dict, rtype: str, spec, frm: str, to: str, check: Checker, path: str, line: int | None, what: str
) -> None:
    """Its fields are known ones, its ends of kinds its type allows, and its type's required fields given."""
    unknown = set(record) - RELATION_FIELDS - {LINE}
    if unknown:
        check.error(path, line, f"{what}: unknown field(s) {', '.join(sorted(clip(u) for u in unknown))}")
    if kind_of(frm) not in spec.from_kinds:
        check.error(
            path,
            line,
            f"{what}: a {rtype} relation cannot start at a {kind_of(frm)} "
            f"(allowed: {', '.join(sorted(spec.from_kinds))})",
        )
    if kind_of(to) not in spec.to_kinds:
        check.error(
            path,
            line,
            f"{what}: a {rtype} relation cannot end at a {kind_of(to)} (allowed: {', '.join(sorted(spec.to_kinds))})",
        )
    for name in spec.required:
        if not record.get(name):
            check.error(path, line, f"{what}: a {rtype} relation needs {name}")


def _relation_qualifiers(record: dict, check: Checker, path: str, line: int | None, what: str) -> dict[str, str]:
    """The relation's role, status, tier, instrument, currency, dates and amount, normalised and checked."""
    qualifiers: dict[str, str] = {}
    for name in ("role", "status", "tier", "instrument", "currency"):
        if record.get(name) is not None:
            qualifiers[name] = " ".join(str(record[name]).split())
    if "status" in qualifiers and qualifiers["status"] not in PARTICIPATION_STATUSES:
        check.error(
            path, line, f"{what}: status {qualifiers['status']!r} is not one of {', '.join(PARTICIPATION_STATUSES)}"
        )
    if "tier" in qualifiers and qualifiers["tier"] not in TIERS:
        check.error(path, line, f"{what}: tier {qualifiers['tier']!r} is not one of {', '.join(TIERS)}")
    for name in ("date", "as_at"):
        value = check.date(record.get(name), path, line, what)
        if value:
            qualifiers[name] = value
    if record.get("amount") is not None:
        amount = as_decimal(record["amount"])
        if amount is None:
            check.error(path, line, f"{what}: amount {record['amount']!r} is not a number")
        else:
            qualifiers["amount"] = str(amount)
            qualifiers.setdefault("currency", "GBP")
    return qualifiers


def _load_claim(record: Any, source: str, path: str, check: Checker, claims: list) -> None:
    line = record.get(LINE) if isinstance(record, dict) else None
    if isinstance(record, dict) and check.overlong(record, path, f"claim {clip(record.get('id'))}"):
        return
    if isinstance(record, dict):
        check.council(record.get("about"), source, path, line)
    if not isinstance(record, dict) or not all(record.get(k) for k in ("id", "about", "label")):
        check.error(path, line, "a claim needs id, about, label, value and quote")
        return
    check.known_fields(record, CLAIM_FIELDS, path, f"claim {clip(record['id'])}")
    value = as_decimal(record.get("value"))
    if value is None or not ID.match(str(record["id"])) or kind_of(record["id"]) != "claim":
        check.error(path, line, f"claim {record['id']!r}: needs an id claim/<slug> and a numeric value")
        return
    for ev in check.quotes(record, source, path, f"claim {record['id']}")[:1]:
        claims.append(
            Claim(
                record["id"],
                str(record["about"]),
                str(record["label"]),
                value,
                ev,
                " ".join(str(record.get("note") or "").split()) or None,
            )
        )


def _load_concept(record: Any, source: str, path: str, check: Checker, concepts: dict) -> None:
    line = record.get(LINE) if isinstance(record, dict) else None
    if isinstance(record, dict) and check.overlong(record, path, f"concept {clip(record.get('id'))}"):
        return
    if not isinstance(record, dict) or not all(record.get(k) for k in ("id", "scheme", "label")):
        check.error(path, line, "a concept needs id, scheme, label and quote")
        return
    check.known_fields(record, CONCEPT_FIELDS, path, f"concept {clip(record['id'])}")
    cid, scheme = str(record["id"]), str(record["scheme"])
    if not ID.match(cid) or kind_of(cid) != "concept" or not ID.match(scheme) or kind_of(scheme) != "scheme":
        check.error(path, line, f"concept {cid!r}: ids are concept/<slug> in scheme/<slug>")
        return
    if cid in concepts:
        check.error(path, line, f"concept {cid} is declared twice (first at {concepts[cid].evidence.where})")
        return
    for ev in check.quotes(record, source, path, f"concept {cid}")[:1]:
        concepts[cid] = Concept(
            cid,
            scheme,
            str(record.get("scheme_label") or scheme),
            str(record["label"]),
            " ".join(str(record.get("definition") or "").split()) or None,
            ev,
            frozenset(text_set(record.get("ambiguity"))),
            str(record["broader"]) if record.get("broader") else None,
        )


def _check_broader(check: Checker, concepts: dict[str, Concept]) -> None:
    """A concept's `broader` is another concept of its scheme, and no concept is (through others) its own."""
    for concept in concepts.values():
        if concept.broader is None:
            continue
        path, _, line = concept.evidence.where.rpartition(":")
        parent = concepts.get(concept.broader)
        if parent is None or parent.scheme != concept.scheme:
            check.error(
                path, int(line), f"concept {concept.id}: broader {concept.broader} is not a concept of {concept.scheme}"
            )
            continue
        seen = {concept.id}
        while parent is not None and parent.broader is not None:
            if parent.id in seen:
                check.error(path, int(line), f"concept {concept.id}: its broader concepts go round in a circle")
                break
            seen.add(parent.id)
            parent = concepts.get(parent.broader)


def _check_references(check: Checker, entities: dict, relations: dict, claims: list) -> None:
    for rel in relations.values():
        path, _, line = rel.where.rpartition(":")
        for end in (rel.source, rel.target, rel.qualifier("instrument")):
            if end and kind_of(end) == "source":
                if check.manifest.lists(end.removeprefix("source/")) is False:
                    check.error(path, int(line), f"relation {rel.type}: {end} is not a source in the manifest")
            elif end and not end.startswith("council:") and end not in entities and not check.may_be_declared(end):
                check.error(
                    path,
                    int(line),
                    f"relation {rel.type} {rel.source} -> {rel.target}: {end} is not declared in any curated file",
                )
        instrument = rel.qualifier("instrument")
        if instrument and kind_of(instrument) != "fund":
            check.error(path, int(line), f"relation {rel.type}: instrument {instrument} must be a fund/ id")
    for claim in claims:
        path, _, line = claim.evidence.where.rpartition(":")
        if (
            claim.about not in entities
            and not claim.about.startswith("council:")
            and not check.may_be_declared(claim.about)
        ):
            check.error(path, int(line), f"claim {claim.id}: {claim.about} is not declared in any curated file")
