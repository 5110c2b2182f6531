"""Sentences with their character offsets in the stored text: the spans a draft may quote.

A quote must stand verbatim in the stored text under the project's comparison (white space collapsed, nothing
else: graph.ingest.sources.normalise_space), so every sentence is a slice of the text, never rebuilt. Sentences
holding contact details (an e-mail address, a phone number) or lines of a contact box are dropped before anything
reads them: contact details never enter a draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..sources import find_contact_details, normalise_space

__all__ = ["Sentence", "split_sentences", "quotable", "clip_quote", "MAX_QUOTE_CHARS", "BULLET_LINE", "SPACED_DASH"]

BULLET_LINE = re.compile(r"^\s*[·•*\-–]\s+\S")  # a sentence that is a bulleted line
SPACED_DASH = re.compile(r"\s+[–—-]\s+")  # a dash set off by spaces: 'Streetwise – developing ...'
MAX_QUOTE_CHARS = 400  # a longer sentence is quoted by a window of words around what it is quoted for

# a break: end punctuation (and closing quotes or brackets) then white space and a capital, digit or quote;
# a blank line; a tab (a table's cells); a line break after a line that ends a sentence or looks like a heading
_END = re.compile(r"(?<=[.!?])([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9•])")
_HARD = re.compile(r"\n[ \t]*\n\s*|\t+|\n(?=[ \t]*(?:[-•*–·]|\d{1,2}[.)]\s|#))")
_LINE = re.compile(r"\n")
_NOT_AN_END = re.compile(
    r"(?:\b(?:Cllr|Dr|Mr|Mrs|Ms|Prof|St|No|Nos|Co|Ltd|Inc|Rev|Sr|Jr|vs|etc|e\.g|i\.e|approx|Dept|Govt|Fig|p|pp)"
    r"|\b[A-Z])\.$"
)
# the lines of a contact box: dropped even where they hold no address or number themselves
_NUMBERED = re.compile(r"^\s*\(?[0-9a-z]{1,3}[.)]$")  # "1." opening a numbered paragraph ends nothing
_CONTACT_LINE = re.compile(
    r"^\W*(?:contact(?:\s+(?:officer|details|us|name)s?)?|tel(?:ephone)?|phone|mob(?:ile)?|fax|e-?mail|email"
    r"|position|address|web(?:site)?)\s*[:.]",
    re.IGNORECASE,
)
# a line that is a person's name alone ('Anna Quigley'), opening a contact box when a contact detail follows it
# within this many lines (its role line between)
_PERSON_LINE = re.compile(
    r"^\s*(?:(?:Cllr|Councillor|Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}\s*$"
)
_NAME_BEFORE_CONTACT = 2
_HEADING_CHARS = 70  # a line this short, without end punctuation, may be a heading


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # text[start:end] of the stored text, exactly


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text` that may be quoted, in order (contact details and contact boxes left out)."""
    pieces = [
        (a, text[a:b])
        for start, end in _blocks(text)
        for s, e in _lines(text, start, end)
        for a, b in _sentences(text, s, e)
        if text[a:b].strip()
    ]
    contact = [_contact(piece) for _, piece in pieces]
    found: list[Sentence] = []
    for i, (a, piece) in enumerate(pieces):
        if contact[i] or (_PERSON_LINE.match(piece) and any(contact[i + 1 : i + 1 + _NAME_BEFORE_CONTACT])):
            continue  # a contact detail, a contact box's line, or the name a contact box opens with
        lead = len(piece) - len(piece.lstrip())
        found.append(Sentence(a + lead, a + len(piece.rstrip()), piece.strip()))
    return found


def _contact(piece: str) -> bool:
    return bool(_CONTACT_LINE.match(piece) or find_contact_details(piece))


def _cut(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, at = [], start
    for match in pattern.finditer(text, start, end):
        spans.append((at, match.start()))
        at = match.end()
    spans.append((at, end))
    return [(a, b) for a, b in spans if b > a]


def _blocks(text: str) -> list[tuple[int, int]]:
    return _cut(text, 0, len(text), _HARD)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Join wrapped lines; break after a line that ends a sentence, or one short enough to be a heading that a
    line starting with a capital (or a digit, a bullet) follows."""
    spans: list[tuple[int, int]] = []
    at = line_start = start
    for match in _LINE.finditer(text, start, end):
        line = text[line_start : match.start()].strip()
        following = text[match.end() : match.end() + 40].lstrip()[:1]
        heading = len(line) < _HEADING_CHARS and not following.islower()  # 'Background' over 'The ...'
        if line.endswith((".", "!", "?", ":", ";")) or heading:
            spans.append((at, match.start()))
            at = match.end()
        line_start = match.end()
    spans.append((at, end))
    return [(a, b) for a, b in spans if b > a]


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    for match in _END.finditer(text, start, end):
        stop = match.start(2)  # after the end punctuation and any closing quote or bracket
        before = text[at : match.start(1)]
        if _NOT_AN_END.search(before[-12:]) or _NUMBERED.match(before):
            continue
        spans.append((at, stop))
        at = match.end(2)
    spans.append((at, end))
    return [(a, b) for a, b in spans if b > a]


def quotable(quote: str, normalised_text: str) -> bool:
    """Whether `quote` may be written: it stands verbatim in the text (white space aside) and holds no contact
    details."""
    return bool(quote.strip()) and normalise_space(quote) in normalised_text and not find_contact_details(quote)


def clip_quote(sentence: Sentence, spans: list[tuple[int, int]], text: str) -> str:
    """The sentence, or where it is long a window of whole words of it around `spans` (offsets in `text`)."""
    if len(sentence.text) <= MAX_QUOTE_CHARS or not spans:
        return sentence.text
    first = max(sentence.start, min(a for a, _ in spans))
    last = min(sentence.end, max(b for _, b in spans))
    room = max(0, MAX_QUOTE_CHARS - (last - first)) // 2
    start = max(sentence.start, first - room)
    end = min(sentence.end, last + room)
    while start > sentence.start and not text[start - 1].isspace():
        start -= 1
    while end < sentence.end and not text[end].isspace():
        end += 1
    return text[start:end].strip()
