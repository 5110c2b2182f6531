"""Source documents: the manifest, their texts, and verbatim-quote checks against them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError, DataErrors
from ..paths import display_path
from .yamlfile import LINE, load_yaml, read_text

__all__ = [
    "Source",
    "Manifest",
    "read_manifest",
    "load_sources",
    "normalise_space",
    "find_contact_details",
    "MAX_SOURCE_BYTES",
]

MAX_SOURCE_BYTES = 50_000_000  # a source text larger than this is refused before it is read (the largest is < 1 MB)

_SPACE = re.compile(r"\s+")
# An e-mail address: local part, @, domain. The runs are possessive (++): what they take they never give back, which
# changes nothing here (each is followed by a character outside its class) but saves the engine trying.
_EMAIL_HERE = re.compile(r"[A-Za-z0-9._%+-]++@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)+")
# The same, starting only where a run of local-part characters starts. A start inside a run finds an address only if
# the run's start does (the run ends at the same character either way), so this finds what the plain pattern finds,
# but reads a run that holds no address once instead of once per character (which was quadratic: 80,000 letters
# took 6 s and 5 MB never finished; see benchmarks/contact_scan_bench.py).
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])" + _EMAIL_HERE.pattern)
# UK phone numbers as they appear in the documents: 07799 038432, 0161 234 5678, 020 7664 3000, +44 ...
_PHONE = re.compile(r"(?<![\w£.,/])(\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w%])")


def normalise_space(text: str) -> str:
    """Collapse every run of white space to one space: the only liberty a quote may take."""
    return _SPACE.sub(" ", text).strip()


def find_contact_details(text: str) -> list[str]:
    """E-mail addresses and phone numbers in `text` (which must never enter the graph), in linear time."""
    return _emails(text) + [m.group(0) for m in _PHONE.finditer(text)]


def _emails(text: str) -> list[str]:
    found: list[str] = []
    pos = 0
    while True:
        # where the last address ended inside a run, the next may start right there (as a plain finditer would)
        match = (pos and _EMAIL_HERE.match(text, pos)) or _EMAIL.search(text, pos)
        if not match:
            return found
        found.append(match.group(0))
        pos = match.end()


@dataclass(frozen=True)
class Source:
    id: str
    file: str
    title: str
    publisher: str
    date: str
    date_note: str
    licence: str
    text: str = field(repr=False)
    normalised: str = field(repr=False)

    def contains(self, quote: str) -> bool:
        """Whether `quote` stands verbatim in the text (white space aside)."""
        return normalise_space(quote) in self.normalised


_REQUIRED = ("id", "file", "title", "publisher", "date", "date_note", "licence")


@dataclass
class Manifest:
    """What the manifest and the texts it names gave, as far as they could be read, and what went wrong.

    A curated file's quotes can be checked against `sources` only; a source that is listed but did not load (its
    text is missing, say) still has its date, to resolve council names on.
    """

    sources: dict[str, Source]  # every source whose entry and text loaded
    dates: dict[str, str | None]  # every id the manifest lists, loaded or not -> its date (None: not given)
    complete: bool  # False when some entry's id could not be read: any id may be listed
    errors: list[DataError]

    def lists(self, source_id: str) -> bool | None:
        """Whether the manifest lists `source_id`; None when it cannot tell (it could not be read whole)."""
        return True if source_id in self.dates else False if self.complete else None


def read_manifest(sources_dir: Path, root: Path | None = None) -> Manifest:
    """Read `manifest.yaml` in `sources_dir` and every text it names; collect the errors (paths relative to
    `root`) instead of raising them, so that the curated files can still be checked as far as they can be."""
    path = sources_dir / "manifest.yaml"
    where = display_path(path, root)
    try:
        rows = load_yaml(path, root)
    except DataErrors as exc:
        return Manifest({}, {}, False, exc.errors)
    if not isinstance(rows, list):
        return Manifest({}, {}, False, [DataError(where, 1, "expected a list of source documents")])
    found = Manifest({}, {}, True, [])
    for row in rows:
        sid = _list_entry(found, where, row)
        if sid is not None:
            _load_text(found, sid, row, where, sources_dir, root)
    return found


def _list_entry(found: Manifest, where: str, row: object) -> str | None:
    """Record a manifest entry's id and date in `found`; its id if the entry is whole (every field given, each
    one value), else None, with what is wrong added to `found.errors`."""
    if not isinstance(row, dict) or not isinstance(row.get("id"), (str, type(None))):
        line = row.get(LINE) if isinstance(row, dict) else None
        found.errors.append(DataError(where, line, "a source needs an id, as text: id: <slug>"))
        found.complete = False
        return None
    line = row.get(LINE)
    sid: str | None = row.get("id")  # text or nothing, as checked above
    missing = [key for key in _REQUIRED if row.get(key) in (None, "")]
    if not sid:  # an entry without an id: the manifest cannot say which ids it lists
        found.complete = False
    elif sid in found.dates:
        found.errors.append(DataError(where, line, f"duplicate source id {sid!r}"))
        return None
    else:
        date = row.get("date")
        found.dates[sid] = None if date in (None, "") or isinstance(date, (list, dict)) else str(date)
    if missing:
        found.errors.append(DataError(where, line, f"source lacks {', '.join(missing)}"))
        return None
    lists = [key for key in _REQUIRED if isinstance(row[key], (list, dict))]
    if lists:
        found.errors.append(DataError(where, line, f"source {sid!r}: {', '.join(lists)} must be one value each"))
        return None
    return sid


def _load_text(
    found: Manifest, sid: str, row: dict[str, Any], where: str, sources_dir: Path, root: Path | None
) -> None:
    """Read the text a whole manifest entry names and add the source to `found`, or what went wrong."""
    text_path = sources_dir / str(row["file"])
    if not text_path.is_file():
        message = f"source file {str(row['file'])!r} not found in {display_path(sources_dir, root)}"
        found.errors.append(DataError(where, row.get(LINE), message))
        return
    try:
        text = read_text(
            text_path,
            display_path(text_path, root),
            MAX_SOURCE_BYTES,
            "a source text",
            "split the document into parts, each a source of its own",
        )
    except DataErrors as exc:
        found.errors.extend(exc.errors)
        return
    found.sources[sid] = Source(
        id=sid,
        file=str(row["file"]),
        title=str(row["title"]),
        publisher=str(row["publisher"]),
        date=str(row["date"]),
        date_note=str(row["date_note"]),
        licence=str(row["licence"]),
        text=text,
        normalised=normalise_space(text),
    )


def load_sources(sources_dir: Path, root: Path | None = None) -> dict[str, Source]:
    """Every source the manifest in `sources_dir` lists, keyed by id; DataErrors if any of it is wrong."""
    manifest = read_manifest(sources_dir, root)
    if manifest.errors:
        raise DataErrors(manifest.errors)
    return manifest.sources
