"""`councilgraph ingest FILE`: a new document's text stored as a source (data/sources/, with its manifest entry)
and a draft of its curated file written beside the others (data/curated/<id>.draft.yaml) for a person to review.

Everything is worked out before anything is written; then each file is written whole (a temporary file, then
os.replace) and the manifest last, so that a failure leaves the project as it was: a refused id, an unreadable
document or a full disk writes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ... import __version__
from ...errors import DataErrors
from ...paths import Paths
from ..yamlfile import LINE, load_yaml
from .analysis import Analyser, Findings, Progress
from .draft import render_draft
from .extract import Extracted, IngestError, extract_text
from .known import DRAFT_SUFFIX, load_knowledge
from .report import IngestReport
from .slug import slugify

__all__ = ["ingest_document", "default_id", "IngestError", "Document", "read_document"]

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_NUMBERED = re.compile(r"^(\d{3})_")
NO_LICENCE = "Not recorded by councilgraph ingest: give the document's licence before its facts are published."


@dataclass
class Document:
    """A document as it will be stored: its text and its manifest entry."""

    id: str
    text: str
    file_name: str  # in data/sources/
    title: str
    publisher: str
    date: str
    date_note: str
    conversion: list[str]


def default_id(file: Path) -> str:
    """A source id from a file's name: 'Annual Report 2019.pdf' -> annual-report-2019."""
    return slugify(file.stem)


def ingest_document(
    paths: Paths,
    file: Path,
    source_id: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    date: str | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Store `file`'s text as a new source and write the draft of its curated file; what was done, as a report.

    Raises IngestError (nothing written) for an id the manifest has, a draft or curated file of that id that
    exists, a malformed id or date, or a document whose text cannot be read."""
    started = time.perf_counter()
    document = read_document(paths, file, source_id, title, publisher, date)
    analyser = Analyser(load_knowledge(paths))
    findings = analyser.analyse(document.text, document.date, progress, document.id)
    draft = render_draft(document.id, __version__, findings)
    _store(paths, document, draft)
    return _report(paths, document, findings, time.perf_counter() - started)


def read_document(
    paths: Paths, file: Path, source_id: str | None, title: str | None, publisher: str | None, date: str | None
) -> Document:
    """The document's text and manifest entry, checked against the project (nothing is written)."""
    paths.require_data()
    sid = source_id or default_id(file)
    if not _ID.match(sid):
        raise IngestError(f"source id {sid!r} must be lower-case words joined by '-' (like annual-report-2019)")
    if date is not None and not _DATE.match(date):
        raise IngestError(f"date {date!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    entries = _manifest_entries(paths)
    _refuse_taken(paths, sid, entries)
    extracted = extract_text(file)
    number = 1 + max([-1, *_numbers(paths, entries)])
    digest = hashlib.sha256(file.read_bytes()).hexdigest()[:16]
    found_date, date_note = _date(date, extracted.text)
    return Document(
        id=sid,
        text=extracted.text,
        file_name=f"{number:03d}_{digest}.txt",
        title=" ".join((title or extracted.title or _first_line(extracted) or file.stem).split())[:300],
        publisher=" ".join((publisher or "Unknown (not given to councilgraph ingest)").split()),
        date=found_date,
        date_note=date_note,
        conversion=extracted.conversion,
    )


def _manifest_entries(paths: Paths) -> list[dict]:
    try:
        rows = load_yaml(paths.sources / "manifest.yaml", paths.root)
    except DataErrors as exc:
        raise IngestError(f"the manifest cannot be read, so a source cannot be added to it:\n{exc}") from exc
    return [row for row in rows or [] if isinstance(row, dict)]


def _refuse_taken(paths: Paths, sid: str, entries: list[dict]) -> None:
    for row in entries:
        if row.get("id") == sid:
            raise IngestError(
                f"source id {sid!r} is already in {paths.relative(paths.sources / 'manifest.yaml')} "
                f"(line {row.get(LINE)}): give the new document another id with --id"
            )
    for name in (f"{sid}{DRAFT_SUFFIX}", f"{sid}.yaml"):
        if (paths.curated / name).exists():
            raise IngestError(
                f"{paths.relative(paths.curated / name)} exists: give the new document another id with --id"
            )


def _numbers(paths: Paths, entries: list[dict]) -> list[int]:
    """The numbers the source files already take, listed or lying in the folder."""
    names = [str(row.get("file", "")) for row in entries] + [p.name for p in paths.sources.glob("*.txt")]
    return [int(m.group(1)) for m in map(_NUMBERED.match, names) if m]


def _date(given: str | None, text: str) -> tuple[str, str]:
    if given:
        return given, "Given to councilgraph ingest with --date."
    year = _YEAR.search(text[:3000])
    if year:
        return year.group(1), "Not given: the first year named near the start of the text (councilgraph ingest)."
    today = datetime.date.today().isoformat()[:4]
    return today, "Not given and none found in the text: the year it was ingested (councilgraph ingest); correct it."


def _first_line(extracted: Extracted) -> str | None:
    return next((line.strip() for line in extracted.text.splitlines() if line.strip()), None)


def _store(paths: Paths, document: Document, draft: str) -> None:
    """The text, the draft, then the manifest entry; each whole or not at all, and none if one fails."""
    text_path = paths.sources / document.file_name
    draft_path = paths.curated / f"{document.id}{DRAFT_SUFFIX}"
    manifest_path = paths.sources / "manifest.yaml"
    if text_path.exists():
        raise IngestError(f"{paths.relative(text_path)} exists already: remove it or check the manifest")
    written: list[Path] = []
    try:
        for path, content in ((text_path, document.text), (draft_path, draft)):
            _write_whole(path, content)
            written.append(path)
        manifest = manifest_path.read_text(encoding="utf-8")
        _write_whole(manifest_path, manifest + ("" if manifest.endswith("\n") else "\n") + _entry(document))
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise IngestError(f"could not write the new source ({exc}); nothing was changed") from exc


def _write_whole(path: Path, content: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _entry(document: Document) -> str:
    """The manifest entry, in the manifest's style, with what the conversion did."""
    quoted = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731 (JSON strings are YAML's)
    return (
        "\n".join(
            [
                f"- id: {document.id}",
                f"  file: {document.file_name}",
                f"  title: {quoted(document.title)}",
                f"  publisher: {quoted(document.publisher)}",
                f"  date: {document.date}",
                f"  date_note: {quoted(document.date_note)}",
                f"  licence: {quoted(NO_LICENCE)}",
                f"  conversion: {quoted('; '.join(document.conversion))}",
            ]
        )
        + "\n"
    )


def _report(paths: Paths, document: Document, findings: Findings, seconds: float) -> IngestReport:
    return IngestReport.of(
        findings,
        source=document.id,
        text_file=paths.relative(paths.sources / document.file_name),
        draft_file=paths.relative(paths.curated / f"{document.id}{DRAFT_SUFFIX}"),
        conversion=document.conversion,
        date=document.date,
        seconds=seconds,
    )
