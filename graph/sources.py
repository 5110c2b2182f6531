"""Source documents: the manifest, their texts, and verbatim-quote checks against them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError, DataErrors
from .yamlfile import load_yaml

__all__ = ["Source", "load_sources", "normalise_space", "find_contact_details"]

_SPACE = re.compile(r"\s+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
# UK phone numbers as they appear in the documents: 07799 038432, 0161 234 5678, 020 7664 3000, +44 ...
_PHONE = re.compile(r"(?<![\w£.,/])(\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w%])")


def normalise_space(text: str) -> str:
    """Collapse every run of white space to one space: the only liberty a quote may take."""
    return _SPACE.sub(" ", text).strip()


def find_contact_details(text: str) -> list[str]:
    """E-mail addresses and phone numbers in `text` (which must never enter the graph)."""
    return [m.group(0) for m in _EMAIL.finditer(text)] + [m.group(0) for m in _PHONE.finditer(text)]


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


def load_sources(sources_dir: Path) -> dict[str, Source]:
    """Read `manifest.yaml` in `sources_dir` and every text it names, keyed by source id."""
    manifest = sources_dir / "manifest.yaml"
    rows = load_yaml(manifest)
    errors: list[DataError] = []
    sources: dict[str, Source] = {}
    if not isinstance(rows, list):
        raise DataErrors([DataError(str(manifest), 1, "expected a list of source documents")])
    for row in rows:
        line = row.get("__line__") if isinstance(row, dict) else None
        missing = [key for key in _REQUIRED if not isinstance(row, dict) or row.get(key) in (None, "")]
        if missing:
            errors.append(DataError(str(manifest), line, f"source lacks {', '.join(missing)}"))
            continue
        if row["id"] in sources:
            errors.append(DataError(str(manifest), line, f"duplicate source id {row['id']!r}"))
            continue
        path = sources_dir / row["file"]
        if not path.is_file():
            errors.append(DataError(str(manifest), line, f"source file {row['file']!r} not found in {sources_dir}"))
            continue
        text = path.read_text(encoding="utf-8")
        sources[row["id"]] = Source(
            id=row["id"], file=row["file"], title=str(row["title"]), publisher=str(row["publisher"]),
            date=str(row["date"]), date_note=str(row["date_note"]), licence=str(row["licence"]),
            text=text, normalised=normalise_space(text),
        )
    if errors:
        raise DataErrors(errors)
    return sources
