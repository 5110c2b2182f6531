"""The text of a document: a PDF (pypdf), an HTML page (the standard library's parser, without scripts, styles
and navigation) or plain text, with a list of what the conversion did (recorded in the manifest)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ...errors import CouncilGraphError

__all__ = ["Extracted", "IngestError", "extract_text", "MAX_INPUT_BYTES"]

MAX_INPUT_BYTES = 100_000_000  # a document larger than this is refused unread
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_TEXT_SUFFIXES = {".txt", ".text", ".md", ""}


class IngestError(CouncilGraphError):
    """What stops a document being ingested: its text cannot be read, its id is taken, its date is not one."""


@dataclass
class Extracted:
    text: str
    kind: str  # pdf, html or text
    conversion: list[str] = field(default_factory=list)  # what was done to get the text, in order
    title: str | None = None  # the title the document gives itself, if any


def extract_text(path: Path) -> Extracted:
    """The text of the document at `path`, by its kind (from its first bytes, else its suffix)."""
    if not path.is_file():
        raise IngestError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise IngestError(f"{path} is {size:,} bytes; the limit is {MAX_INPUT_BYTES:,}: split the document")
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF") or suffix == ".pdf":
        found = _pdf(path)
    elif suffix in _HTML_SUFFIXES or data[:512].lstrip().lower().startswith((b"<!doctype html", b"<html")):
        found = _html(_decode(path, data))
    elif suffix in _TEXT_SUFFIXES:
        found = Extracted(_decode(path, data), "text", ["plain text, kept as received"])
    else:
        raise IngestError(f"{path}: cannot read a {suffix} file; give a PDF, an HTML page or plain text")
    found.text = _tidy(found.text)
    if not found.text.strip():
        raise IngestError(f"{path}: no text found (a scanned PDF needs OCR first)")
    return found


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not UTF-8 (byte {exc.start}): convert it to UTF-8 first") from exc


def _tidy(text: str) -> str:
    """Line ends made \\n, trailing spaces and runs of blank lines cut: nothing a quote could see (quotes are
    compared with white space collapsed)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


PDF_TIMEOUT = 120  # seconds a PDF may take to read before it is stopped
PDF_MEMORY_MB = 2_048  # memory reading it may take beyond what the process holds


def _pdf(path: Path) -> Extracted:
    """The text of a PDF, read in a child process (graph.isolation) that is stopped after PDF_TIMEOUT
    seconds or PDF_MEMORY_MB of memory, and whose crash is reported, not suffered: a PDF is a program of
    sorts, and a malformed or hostile one (a decompression bomb, a loop of references) must cost a clear
    error, not the machine."""
    from ...errors import QueryError, QueryTimeout
    from ...isolation import run_isolated

    try:
        return run_isolated(
            lambda: _read_pdf(path), what=f"reading {path.name}", timeout=PDF_TIMEOUT, memory_mb=PDF_MEMORY_MB
        )
    except QueryTimeout:
        raise IngestError(
            f"{path}: reading the PDF took more than {PDF_TIMEOUT} s and was stopped (a malformed or hostile file?)"
        ) from None
    except QueryError as exc:  # out of memory, or the reader crashed
        raise IngestError(f"{path}: reading the PDF was stopped: {str(exc).split(';')[0]}") from None


def _read_pdf(path: Path) -> Extracted:
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except Exception as exc:  # noqa: BLE001 - whatever a malformed file makes the reader raise, said as one error
        raise IngestError(f"{path}: not a PDF pypdf can read ({type(exc).__name__}: {str(exc)[:200]})") from None
    empty = sum(1 for page in pages if not page.strip())
    notes = [f"text extracted from PDF with pypdf; {len(pages)} page{'s' if len(pages) != 1 else ''}"]
    if empty:
        notes.append(f"{empty} page{'s' if empty != 1 else ''} gave no text (images or scans)")
    notes.append("pages joined with a blank line")
    return Extracted("\n\n".join(pages), "pdf", notes, str(title).strip() if title else None)


_SKIP = {"script", "style", "nav", "noscript", "template", "svg", "head"}
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
    "header", "footer", "main", "aside", "blockquote", "pre", "dt", "dd", "dl", "figcaption", "hr", "title",
}  # fmt: skip
_CELL = {"td", "th"}


class _Text(HTMLParser):
    """The visible text of a page, with a line break at every block and a tab between table cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.skipped: set[str] = set()
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _SKIP:
            self.skipping += 1
            self.skipped.add(tag)
        elif tag in _BLOCK:
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def _html(markup: str) -> Extracted:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = [line.strip(" ") for line in "".join(parser.parts).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    skipped = sorted(parser.skipped - {"head"})
    notes = ["text extracted from HTML with html.parser; a line break at each block element, a tab between cells"]
    if skipped:
        notes.append(f"left out: {', '.join(f'<{t}>' for t in skipped)}")
    title = " ".join("".join(parser.title).split()) or None
    return Extracted(text, "html", notes, title)
