"""A plan set out as an outline, as work programmes are:

    POLICY  DEVELOPMENT
    Work with LGA Programme Boards on innovation examples in councils
    · All 'final six' Creative Councils to have presented their progress ...
    Ongoing evaluation and review
    · Evaluation of 2012-2013 innovation and creativity work ...

A heading in capitals names a strand of the plan (a programme); each short line under it that bullets follow names
a piece of work in the strand (an initiative, part of the strand), up to the next heading in capitals. Weak
proposals (0.3): the outline says what belongs where, the reviewer says what each is."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import BULLET_LINE, Sentence

__all__ = ["Strand", "outline"]

_CAPITALS = re.compile(r"^\s*#*\s*\**([A-Z][A-Z&'’-]+(?:\s+[A-Z][A-Z&'’-]+){1,5})\**\s*$")
_LETTERED = re.compile(r"^\s*[A-Z][.)]\s")
_MARKER = re.compile(r"^(?:[a-z]|\d{1,2})[.)]\s+")  # 'b. Knowledge Navigator'
_ITEM_WORDS = 14  # words at most in a line naming a piece of work
_STRAND_AT_MOST = 80  # sentences a strand reaches


@dataclass(frozen=True)
class Strand:
    heading: Sentence
    name: str  # 'Policy development'
    items: tuple[tuple[Sentence, str], ...]  # each piece of work's line and name


def outline(sentences: list[Sentence]) -> list[Strand]:
    """The strands of a plan set out as an outline, with the pieces of work under each."""
    found = []
    for i, sentence in enumerate(sentences):
        match = _CAPITALS.match(sentence.text)
        if match is None:
            continue
        items = []
        for j in range(i + 1, min(len(sentences), i + _STRAND_AT_MOST)):
            text = sentences[j].text
            if _CAPITALS.match(text):
                break
            following = j + 1 < len(sentences) and BULLET_LINE.match(sentences[j + 1].text)
            if _item(text) and following and not _LETTERED.match(text):  # 'A. Future Councils': lettered.py's
                items.append((sentences[j], _MARKER.sub("", " ".join(text.strip(" *#").split()))))
        if items:
            words = " ".join(match.group(1).split()).lower()
            found.append(Strand(sentence, words[:1].upper() + words[1:], tuple(items)))
    return found


def _item(text: str) -> bool:
    words = text.split()
    return (
        not BULLET_LINE.match(text)
        and 1 <= len(words) <= _ITEM_WORDS
        and text.strip()[:1].isalpha()
        and not text.rstrip().endswith((".", ":", ";", ","))
    )
