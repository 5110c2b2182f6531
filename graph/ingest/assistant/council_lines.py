"""A line that pairs a council with what it did, as lists of examples and programmes of events set them out:

    · Managing demand to avoid future costs on council services - Buckinghamshire County Council
    · Surrey County Council – innovation peer challenge, innovation hubs and trialling new technology
    · Streetwise – developing a social franchise - Rushcliffe Borough Council

What the council did is an initiative the council leads: the words on the other side of the dash, split at commas
(and the last 'and' of a list with commas), without a bracketed aside or an 'including ...' tail; where a short
name comes before a dash and a description ('Streetwise – developing ...'), the name. A weak rule (0.35): the
words are a description as often as a name, and the reviewer decides."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .candidates import Candidate
from .sentences import SPACED_DASH, Sentence

__all__ = ["RULE", "Paired", "what_councils_did", "council_line"]

RULE = "a line: a council and what it did"
_BULLET = re.compile(r"^[\s·•*#>-]*")
_COUNCIL_WORDS = re.compile(r"\b(?:Creative|City|Borough|County|District|Metropolitan|Council)\b")
_ASIDE = re.compile(r"\s*\([^)]*\)")
_TAIL = re.compile(r"\s+(?:including|such as|e\.g\.)\s.*$")
_ARTICLE = re.compile(r"^(?:a|an|the)\s", re.IGNORECASE)
_QUOTES = set("'\"‘’“”")
_MAX_WORDS = 12
# a line naming a post at a council ('Head of Service - Salford City Council'), not something it did
_POSTS = re.compile(
    r"\b(?:Director|Manager|Officer|Head|Lead|Chief|Executive|Assistant|Co-?ordinator|Leader|Chair|Councillor|"
    r"Cllr|Mayor|Member|Advisor|Adviser|Analyst|Clerk|Secretary|Consultant)\b"
)


@dataclass(frozen=True)
class Paired:
    candidate: Candidate
    council: tuple[int, int]  # the council's span in the stored text


def what_councils_did(sentence: Sentence, councils: list[tuple[int, int]]) -> list[Paired]:
    """The initiatives a line pairs with a council (`councils`: the councils' spans in the stored text, within the
    sentence)."""
    line = council_line(sentence, councils)
    if line is None:
        return []
    council, what = line
    return [Paired(c, council) for c in _initiatives(sentence, what[0], several=len(what) > 1)]


def council_line(
    sentence: Sentence, councils: list[tuple[int, int]]
) -> tuple[tuple[int, int], list[tuple[int, int]]] | None:
    """Whether `sentence` is a line pairing a council with what it did: the council's span in the stored text,
    and the parts of the line (spans in the sentence) that say what it did."""
    text = sentence.text
    bullet = _BULLET.match(text)
    at = bullet.end() if bullet else 0
    parts = _parts(text, at)
    if len(parts) < 2 or _POSTS.search(text):
        return None
    for council, what in ((parts[0], parts[1:]), (parts[-1], parts[:-1])):
        hit = _the_council(text, sentence.start, council, councils)
        if hit is not None:
            return hit, what
    return None


def _parts(text: str, at: int) -> list[tuple[int, int]]:
    """The spans of `text` from `at` between dashes set off by spaces."""
    parts, start = [], at
    for dash in SPACED_DASH.finditer(text, at):
        parts.append((start, dash.start()))
        start = dash.end()
    parts.append((start, len(text.rstrip(" .;"))))
    return [(a, b) for a, b in parts if b > a]


def _the_council(text: str, offset: int, part: tuple[int, int], councils: list[tuple[int, int]]) -> tuple | None:
    """The council a part of the line names and nothing else ('Stoke Creative Council' counts)."""
    a, b = part
    for start, end in councils:
        if a <= start - offset and end - offset <= b:
            rest = text[a : start - offset] + text[end - offset : b]
            if not _COUNCIL_WORDS.sub("", rest).strip():
                return start, end
    return None


def _initiatives(sentence: Sentence, part: tuple[int, int], several: bool) -> list[Candidate]:
    text = sentence.text
    a, b = part
    words = text[a:b]
    if several and len(words.split()) > 4:
        return []  # 'Streetwise – developing ...' names the short part; a long one is a description
    words = _TAIL.sub("", _ASIDE.sub("", words))
    items = re.split(r",\s+", words)
    if len(items) > 1:
        items[-1:] = re.split(r"\s+and\s+", items[-1], maxsplit=1)
    found = []
    for item in items:
        item = item.strip(" .;:")
        if not item or (len(items) > 1 and _ARTICLE.match(item)) or _QUOTES & set(item):
            continue
        if len(item.split()) > _MAX_WORDS or not item[:1].isalpha():
            continue
        start = text.index(item, a)
        name = " ".join(item.split())
        found.append(
            Candidate(sentence.start + start, sentence.start + start + len(item), name, "Initiative", None, 0.35, RULE)
        )
    return found
