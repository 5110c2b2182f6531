"""Draft files: reading the draft `councilgraph ingest` wrote (data/curated/<id>.draft.yaml) with file:line errors,
and writing what a review decided (graph.ingest.assistant.review): the curated file, checked with the project's
loader before it replaces anything, and what is left of the draft, each replaced atomically.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ...errors import CouncilGraphError, DataError, DataErrors
from ...model.vocabulary import ENTITY_FIELDS, ENTITY_TYPES, RELATION_FIELDS, RELATION_TYPES, kind_of
from ...paths import Paths
from ..checks import shown
from ..curated import DRAFT_SUFFIX
from ..entities import is_id
from ..yamlfile import LINE, load_yaml

__all__ = [
    "DRAFT_SUFFIX",
    "ReviewError",
    "Item",
    "Draft",
    "draft_path",
    "load_draft",
    "draft_text",
    "curated_text",
    "add_blocks",
    "load_problems",
    "write_atomic",
]

ENTITY_STATUSES = ("proposed", "known")
RELATION_STATUSES = ("proposed",)
_META = ("status", "confidence", "rule", "trigger", "similar", "mentions")  # what a draft adds to a block
_ENTITY_KEYS = ENTITY_FIELDS | set(_META)
_RELATION_KEYS = (RELATION_FIELDS - {"status"}) | set(_META)  # a draft's relation `status` is its draft status
_AMBIGUOUS_KEYS = frozenset({"text", "candidates", "quote", "mentions"})
_SECTIONS = ("source", "draft", "councils", "ambiguous", "entities", "relations")
_HEADER = "# Draft written by councilgraph ingest: review it with `councilgraph review {id}`\n"
_SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class ReviewError(CouncilGraphError):
    """A review that cannot start (no such draft) or whose result would not load (then nothing is written)."""


@dataclass
class Item:
    """One proposal of a draft: an entity, a relation or an ambiguous council name."""

    section: str  # entities | relations | ambiguous
    fields: dict[str, Any]  # its fields in the curated format (an ambiguous name's text, candidates, quote)
    meta: dict[str, Any]  # what only a draft says: status, confidence, rule, trigger, similar, mentions
    line: int
    decision: str | None = None  # accepted | rejected | merged | chosen | dropped | answered; None: undecided
    target: str | None = None  # the id it was merged into, or the council chosen ('' for none of them)

    @property
    def confidence(self) -> float:
        return float(self.meta.get("confidence") or 0.0)

    @property
    def proposed(self) -> bool:
        return self.section != "entities" or self.meta.get("status") == "proposed"

    def label(self) -> str:
        if self.section == "entities":
            return str(self.fields["id"])
        if self.section == "relations":
            return f"{self.fields['type']} {self.fields['from']} -> {self.fields['to']}"
        if self.section == "lead":
            return f"the lead of {self.fields['id']}"
        return f"council name {self.fields['text']!r}"


@dataclass
class Draft:
    source: str
    path: Path
    where: str  # the path as messages give it
    header: Any
    councils: list[Any]
    entities: list[Item]
    relations: list[Item]
    ambiguous: list[Item]


def draft_path(paths: Paths, source_id: str) -> Path:
    if not _SOURCE_ID.match(source_id):
        raise ReviewError(
            f"{source_id!r} is not a source id: give the id the draft was written for, e.g. cc-wigan-2013"
        )
    return paths.curated / f"{source_id}{DRAFT_SUFFIX}"


def load_draft(paths: Paths, source_id: str) -> Draft:
    """The draft for `source_id`; ReviewError when there is none, DataErrors (file:line) when it is malformed."""
    path = draft_path(paths, source_id)
    if not path.is_file():
        others = sorted(p.name.removesuffix(DRAFT_SUFFIX) for p in paths.curated.glob(f"*{DRAFT_SUFFIX}"))
        hint = f"drafts waiting: {', '.join(others)}" if others else "`councilgraph ingest FILE` writes one"
        raise ReviewError(f"no draft for {source_id}: {paths.relative(path)} does not exist ({hint})")
    where = paths.relative(path)
    doc = load_yaml(path, paths.root)
    errors: list[DataError] = []
    if not isinstance(doc, dict):
        raise DataErrors([DataError(where, 1, f"a draft is a mapping with {', '.join(_SECTIONS)}")])
    unknown = sorted(str(k) for k in doc if k != LINE and k not in _SECTIONS)
    if unknown:
        errors.append(
            DataError(where, doc[LINE], f"unknown section(s) {', '.join(unknown)}; known: {', '.join(_SECTIONS)}")
        )
    if doc.get("source") != source_id:
        errors.append(DataError(where, doc[LINE], f"source is {shown(doc.get('source'))} but the file is {path.name}"))
    draft = Draft(source_id, path, where, _plain(doc.get("draft")), _plain(doc.get("councils") or []), [], [], [])
    for section, read in (("entities", _read_entity), ("relations", _read_relation), ("ambiguous", _read_ambiguous)):
        blocks = doc.get(section) or []
        if not isinstance(blocks, list):
            errors.append(DataError(where, doc[LINE], f"{section} must be a list, each item starting with '- '"))
            continue
        for block in blocks:
            item, problems = _read_block(section, block, read, doc[LINE])
            errors.extend(DataError(where, line, message) for line, message in problems)
            if item is not None and not problems:
                getattr(draft, section).append(item)
    if errors:
        raise DataErrors(errors)
    return draft


def _read_block(section: str, block: Any, read, parent_line: int) -> tuple[Item | None, list[tuple[int, str]]]:
    if not isinstance(block, dict):
        return None, [(parent_line, f"an item of {section} must be a mapping, not {shown(block)}")]
    line = block[LINE]
    data = _plain(block)
    meta = {k: data.pop(k) for k in _META if k in data and section != "ambiguous"}
    item = Item(section, data, meta, line)
    return item, [(line, message) for message in read(item)]


def _read_entity(item: Item) -> list[str]:
    eid, status, what = item.fields.get("id"), item.meta.get("status"), f"entity {shown(item.fields.get('id'))}"
    problems = _unknown(item, _ENTITY_KEYS, what) + _confidence(item, what)
    if not is_id(eid):
        problems.append(f"{what}: the id is not of the form kind/slug (lower-case, hyphens)")
    if status not in ENTITY_STATUSES:
        problems.append(f"{what}: status {shown(status)} is not one of {', '.join(ENTITY_STATUSES)}")
    if status == "proposed":
        etype = item.fields.get("type")
        if etype not in ENTITY_TYPES:
            problems.append(f"{what}: type {shown(etype)} is not one of {', '.join(sorted(ENTITY_TYPES))}")
        if not isinstance(item.fields.get("name"), str):
            problems.append(f"{what}: a proposed entity needs a name")
    similar = item.meta.get("similar", [])
    if not isinstance(similar, list) or not all(isinstance(i, str) for i in similar):
        problems.append(f"{what}: similar must be a list of ids")
    return problems + _quote(item, what)


def _read_relation(item: Item) -> list[str]:
    rtype, status = item.fields.get("type"), item.meta.get("status")
    what = f"relation {shown(rtype)} {shown(item.fields.get('from'))} -> {shown(item.fields.get('to'))}"
    problems = _unknown(item, _RELATION_KEYS, what) + _confidence(item, what)
    if rtype not in RELATION_TYPES:
        problems.append(f"{what}: type {shown(rtype)} is not one of {', '.join(sorted(RELATION_TYPES))}")
    if not all(isinstance(item.fields.get(end), str) for end in ("from", "to")):
        problems.append(f"{what}: needs from and to")
    if status not in RELATION_STATUSES:
        problems.append(f"{what}: status {shown(status)} is not one of {', '.join(RELATION_STATUSES)}")
    return problems + _quote(item, what)


def _read_ambiguous(item: Item) -> list[str]:
    what = f"ambiguous council name {shown(item.fields.get('text'))}"
    problems = _unknown(item, _AMBIGUOUS_KEYS, what)
    candidates = item.fields.get("candidates")
    if not isinstance(item.fields.get("text"), str):
        problems.append(f"{what}: needs text, the name as written")
    if not isinstance(candidates, list) or not all(isinstance(c, str) and kind_of(c) == "council" for c in candidates):
        problems.append(f"{what}: candidates must be a list of council:<name>")
    return problems + _quote(item, what)


def _unknown(item: Item, allowed: frozenset[str] | set[str], what: str) -> list[str]:
    unknown = sorted(str(k) for k in [*item.fields, *item.meta] if k not in allowed)
    return [f"{what}: unknown field(s) {', '.join(unknown)}"] if unknown else []


def _confidence(item: Item, what: str) -> list[str]:
    value = item.meta.get("confidence", 0.0)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        return [f"{what}: confidence {shown(value)} is not a number from 0 to 1"]
    return []


def _quote(item: Item, what: str) -> list[str]:
    quote = item.fields.get("quote")
    quotes = [quote] if isinstance(quote, str) else quote
    if not quotes or not isinstance(quotes, list) or not all(isinstance(q, str) and q.strip() for q in quotes):
        return [f"{what} has no quote: every proposal needs the sentence it was read from"]
    return []


def _plain(value: Any) -> Any:
    """`value` without the line numbers the loader records (graph.ingest.yamlfile.LINE)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# -- writing ---------------------------------------------------------------------------------------------


def draft_text(draft: Draft) -> str | None:
    """What is left of `draft` as a draft file: its undecided proposals, with the known entities and the
    councils for context; None when no proposal is left undecided."""
    left = {s: [i for i in getattr(draft, s) if i.decision is None] for s in ("ambiguous", "entities", "relations")}
    if not any(i.proposed for items in left.values() for i in items):
        return None
    doc: dict[str, Any] = {"source": draft.source}
    if draft.header is not None:
        doc["draft"] = draft.header
    doc["councils"] = draft.councils
    for section, items in left.items():
        doc[section] = [{**i.fields, **i.meta} for i in items]
    return _HEADER.format(id=draft.source) + _dump(doc)


def curated_text(existing: str | None, draft: Draft, entities: list[dict], relations: list[dict]) -> str:
    """The curated file with `entities` and `relations` added: at the end of its sections, its text otherwise
    as it was (comments and all), or a new file when there is none (`existing` None)."""
    text = existing
    if text is None:
        text = f"# Reviewed from {draft.path.name} with `councilgraph review {draft.source}`\n"
        text += _dump({"source": draft.source})
    for section, blocks in (("entities", entities), ("relations", relations)):
        if blocks:
            text = add_blocks(text, section, blocks, draft.where.removesuffix(DRAFT_SUFFIX) + ".yaml")
    return text


def add_blocks(text: str, section: str, blocks: list[dict], where: str) -> str:
    """`text` (a curated file) with `blocks` added at the end of its list `section` (made if missing)."""
    try:
        before = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ReviewError(f"{where} is not valid YAML ({exc}): fix it first (`councilgraph validate`)") from exc
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next((n for n, line in enumerate(lines) if re.match(rf"{section}:(\s|$)", line)), None)
    if start is None:
        lines += [f"{section}:\n", _render(blocks, 2)]
    else:
        rest = lines[start][len(section) + 1 :].strip()
        if rest == "[]":
            lines[start], rest = f"{section}:\n", ""
        if rest and not rest.startswith("#"):
            raise ReviewError(f"{where}:{start + 1}: {section} is not written as a list of blocks: add them by hand")
        end, last, indent = start + 1, start, None
        while end < len(lines) and not re.match(r"[^\s#-]", lines[end]):
            if lines[end].strip() and not lines[end].startswith("#"):
                last = end
                found = re.match(r"(\s*)- ", lines[end])
                indent = len(found.group(1)) if found and indent is None else indent
            end += 1
        lines.insert(last + 1, _render(blocks, 2 if indent is None else indent))
    result = "".join(lines)
    after = yaml.safe_load(result)
    if len((after or {}).get(section) or []) != len((before or {}).get(section) or []) + len(blocks):
        raise ReviewError(f"{where}: could not add to its {section} (an unusual layout?): add them by hand")
    return result


def _render(blocks: list[dict], indent: int) -> str:
    return "".join(" " * indent + line for line in _dump(blocks).splitlines(keepends=True))


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False)


def load_problems(paths: Paths, target: Path, text: str) -> list[DataError]:
    """What the project's loader would find wrong were `target` to hold `text`: its problems in that file,
    and those elsewhere that are not there now. Loaded from a copy of the project, drafts left out."""
    name = paths.relative(target)
    with tempfile.TemporaryDirectory(prefix="councilgraph-review-") as tmp:
        copy = Paths(Path(tmp).resolve())
        copy.curated.mkdir(parents=True)
        for part in ("sources", "reference"):
            try:
                (copy.root / "data" / part).symlink_to(paths.root / "data" / part, target_is_directory=True)
            except OSError:  # where links cannot be made
                shutil.copytree(paths.root / "data" / part, copy.root / "data" / part)
        for path in paths.curated.glob("*.yaml"):
            if not path.name.endswith(DRAFT_SUFFIX) and path.name != target.name:
                shutil.copyfile(path, copy.curated / path.name)
        (copy.curated / target.name).write_text(text, encoding="utf-8")
        after = _load_errors(copy)
        if all(e.path == name for e in after):
            return after
        (copy.curated / target.name).unlink()
        if target.exists():
            shutil.copyfile(target, copy.curated / target.name)
        before = {(e.path, e.line, e.message) for e in _load_errors(copy)}
    return [e for e in after if e.path == name or (e.path, e.line, e.message) not in before]


def _load_errors(paths: Paths) -> list[DataError]:
    from ..dataset import load_dataset

    try:
        load_dataset(paths)
    except DataErrors as exc:
        return exc.errors
    return []


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` at once: written beside it first (not as *.yaml, which the loader reads)."""
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
