"""Many names found at once in a text, on word boundaries (pyahocorasick), leftmost-longest and without overlaps.

Text and names are folded the same way before matching: lower case, curly quotes made straight, every run of white
space one space. Offsets map the folded text back to the stored text, so a match is always a slice of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["Folded", "fold", "fold_name", "Match", "Matcher", "longest_first"]

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "‐": "-"})


@dataclass(frozen=True)
class Folded:
    text: str  # the folded text
    offsets: list[int]  # offsets[i]: where folded character i stands in the original; one more for the end


def fold(text: str) -> Folded:
    """`text` folded for matching, with each folded character's place in `text`."""
    out: list[str] = []
    offsets: list[int] = []
    space = False
    for i, char in enumerate(text.translate(_QUOTES)):
        if char.isspace():
            if not space:
                out.append(" ")
                offsets.append(i)
            space = True
            continue
        space = False
        lower = char.lower()
        out.append(lower if len(lower) == 1 else char)
        offsets.append(i)
    offsets.append(len(text))
    return Folded("".join(out), offsets)


def fold_name(name: str) -> str:
    return fold(name.strip()).text


@dataclass(frozen=True)
class Match:
    start: int  # in the original text
    end: int
    key: str  # the folded name matched
    value: Any


def _word(char: str) -> bool:
    return char.isalnum()


class Matcher:
    """Every name of `names` (folded name -> value) in a text."""

    def __init__(self, names: dict[str, Any]):
        import ahocorasick

        self.names = {k: v for k, v in names.items() if k.strip()}
        self._automaton = ahocorasick.Automaton()
        for key in self.names:
            self._automaton.add_word(key, key)
        self._empty = not self.names
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, folded: Folded) -> list[Match]:
        """Leftmost-longest matches that start and end on word boundaries, none overlapping."""
        if self._empty:
            return []
        text = folded.text
        hits: list[tuple[int, int, str]] = []
        for last, key in self._automaton.iter(text):
            start, end = last - len(key) + 1, last + 1
            if (start == 0 or not _word(text[start - 1]) or not _word(key[0])) and (
                end == len(text) or not _word(text[end]) or not _word(key[-1])
            ):
                hits.append((start, end, key))
        return [
            Match(folded.offsets[s], folded.offsets[e - 1] + 1, key, self.names[key])
            for s, e, key in longest_first(hits)
        ]


def longest_first(
    spans: Iterable[tuple[int, int, Any]], rank: Callable[[Any], int] = lambda _: 0
) -> list[tuple[int, int, Any]]:
    """The spans that no longer span overlaps (of two as long, the lower `rank` of the payload, then the earlier),
    in text order."""
    spans = sorted(spans, key=lambda s: (-(s[1] - s[0]), rank(s[2]), s[0]))
    if not spans:
        return []
    taken = bytearray(max(s[1] for s in spans) + 1)
    chosen: list[tuple[int, int, Any]] = []
    for span in spans:
        if not any(taken[span[0] : span[1]]):
            chosen.append(span)
            taken[span[0] : span[1]] = b"\x01" * (span[1] - span[0])
    return sorted(chosen, key=lambda s: (s[0], s[1]))
