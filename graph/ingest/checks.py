"""The checks every curated record goes through: sources and quotes, figures, dates, councils, sizes.

`Checker` collects every problem with its file:line, so one run reports them all.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..model.vocabulary import FIGURE_FIELDS
from .councils import normalise_name
from .records import Evidence, FigureRecord
from .sources import Manifest, find_contact_details
from .yamlfile import LINE, MAX_YAML_BYTES

__all__ = [
    "Checker",
    "MAX_FIELD_CHARS",
    "MAX_RECORD_CHARS",
    "field_texts",
    "text_size",
    "clip",
    "shown",
    "same_end",
    "short",
    "as_decimal",
    "text_set",
]

MAX_FIELD_CHARS = 10_000  # the longest text one field may hold (the data's longest is under 800 characters)
# the most text one record may hold in all, counting text that a YAML alias repeats each time it is used: aliases
# of aliases grow exponentially, and a 600-byte file could otherwise make the loader spell out gigabytes
MAX_RECORD_CHARS = 100_000
_ID_IN_TEXT = re.compile(r"[a-z]+/[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class Checker:
    def __init__(self, manifest: Manifest):
        self.manifest = manifest
        self.sources = manifest.sources  # quotes can be checked against these only
        self.errors: list[DataError] = []
        self._reported: set[tuple] = set()
        self.rejected: set[str] = set()  # ids whose declaration was refused: declared, but broken
        self.unread: set[str] = set()  # ids named in a file that could not be read whole: it may declare them
        self.unread_all = False  # a file could not be read at all: it may declare any id
        self.councils: dict[tuple[str, str, str], None] = {}  # (name, source, where) of council refs, in order

    def error(self, path: str, line: int | None, message: str) -> None:
        if (path, line, message) not in self._reported:
            self._reported.add((path, line, message))
            self.errors.append(DataError(path, line, message))

    def may_be_declared(self, ref: str) -> bool:
        """Whether `ref`, though not among the loaded entities, is declared in a block or file that is broken."""
        return self.unread_all or ref in self.rejected or ref in self.unread

    def unreadable(self, path: Path) -> None:
        """Note that `path` could not be read whole: the ids its text names may be declared there."""
        try:
            data = path.read_bytes() if path.stat().st_size <= MAX_YAML_BYTES else None
        except OSError:
            data = None
        if data is None:
            self.unread_all = True
        else:
            self.unread.update(_ID_IN_TEXT.findall(data.decode("utf-8", "replace")))

    def known_fields(self, record: dict, allowed: frozenset[str], path: str, what: str) -> None:
        """Report the fields of `record` that are not `allowed` (a misspelt field would otherwise be lost)."""
        unknown = set(record) - allowed - {LINE}
        if unknown:
            self.error(
                path,
                record.get(LINE),
                f"{what}: unknown field(s) {', '.join(sorted(clip(str(u)) for u in unknown))}; "
                f"known: {', '.join(sorted(allowed))}",
            )

    def council(self, ref: Any, source: str, path: str, line: int | None) -> None:
        if isinstance(ref, str) and ref.startswith("council:"):
            self.councils[(ref.removeprefix("council:"), source, f"{path}:{line}")] = None

    def overlong(self, record: dict, path: str, what: str) -> bool:
        """Report every text in `record` over MAX_FIELD_CHARS, and the record if it holds more than
        MAX_RECORD_CHARS in all; whether there was one (then the record is checked no further)."""
        found = False
        for name, text, line in field_texts(record):
            if len(text) > MAX_FIELD_CHARS:
                self.error(
                    path,
                    line,
                    f"{what}: field {name!r} is {len(text):,} characters long; the limit is {MAX_FIELD_CHARS:,}",
                )
                found = True
        total = text_size(record, {})
        if not found and total > MAX_RECORD_CHARS:
            self.error(
                path,
                record.get(LINE),
                f"{what}: its fields hold {total:,} characters in all (counting "
                f"what YAML aliases repeat); the limit is {MAX_RECORD_CHARS:,}",
            )
            found = True
        return found

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
                self.error(
                    path,
                    line,
                    f"{what}: quote contains contact details ({', '.join(contacts)}); cut the quote before them",
                )
            elif source in self.sources and not self.sources[source].contains(quote):
                # (a source that did not load cannot be checked: its quotes are taken as they are, and the
                # source's own error stops the build)
                self.error(
                    path,
                    line,
                    f"{what}: quote not found verbatim in {source} ({self.sources[source].file}): {short(quote)}",
                )
            else:
                found.append(Evidence(source, " ".join(quote.split()), f"{path}:{line}"))
        return found

    def figures(self, record: dict, source: str, path: str, what: str) -> list[FigureRecord]:
        out = []
        for fig in record.get("figures") or []:
            line = fig.get(LINE) if isinstance(fig, dict) else record.get(LINE)
            if isinstance(fig, dict):
                self.known_fields(fig, FIGURE_FIELDS, path, f"{what} figure")
            if not isinstance(fig, dict) or not fig.get("label") or fig.get("unit") in (None, ""):
                self.error(path, line, f"{what}: a figure needs label, value, unit and quote")
                continue
            value = as_decimal(fig.get("value"))
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


def field_texts(
    value: Any, name: str = "", line: int | None = None, seen: set[int] | None = None
) -> Iterator[tuple[str, str, int | None]]:
    """(field name, text, line) of every string in a record, through its lists and mappings (figures)."""
    seen = set() if seen is None else seen
    if isinstance(value, str):
        yield name, value, line
    elif isinstance(value, (dict, list)) and id(value) not in seen:  # a YAML alias shares one: read it once
        seen.add(id(value))
        if isinstance(value, dict):
            line = value.get(LINE, line)
            items = [(f"{name}.{key}" if name else str(key), v) for key, v in value.items() if key != LINE]
        else:
            items = [(f"{name}[{i}]", v) for i, v in enumerate(value)]
        for sub_name, sub in items:
            yield from field_texts(sub, sub_name, line, seen)


def text_size(value: Any, memo: dict[int, int]) -> int:
    """Characters of text in `value`, counting each use of what YAML aliases share (each object sized once)."""
    if isinstance(value, str):
        return len(value)
    if not isinstance(value, (dict, list)):
        return 0
    if id(value) not in memo:
        memo[id(value)] = 0
        memo[id(value)] = sum(text_size(v, memo) for v in (value.values() if isinstance(value, dict) else value))
    return memo[id(value)]


def clip(value: Any, width: int = 200) -> str:
    """`value` as text for a message: cut short if it is long, a list or mapping never spelt out in full."""
    text = value if isinstance(value, str) else reprlib.repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def shown(value: Any) -> str:
    """`value` quoted as Python writes it (repr), for a message: cut short if it is long."""
    return clip(repr(value) if isinstance(value, str) else reprlib.repr(value))


def same_end(frm: str, to: str) -> bool:
    """Whether a relation's two ends are one thing (council names compared as the resolver compares them)."""
    if frm.startswith("council:") and to.startswith("council:"):
        return normalise_name(frm.removeprefix("council:")) == normalise_name(to.removeprefix("council:"))
    return frm.strip() == to.strip()


def short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None  # .nan and .inf are YAML floats, but not amounts


def text_set(value: Any) -> set[str]:
    if value is None:
        return set()
    values = value if isinstance(value, list) else [value]
    return {" ".join(str(v).split()) for v in values if str(v).strip()}
