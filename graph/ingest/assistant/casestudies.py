"""Case studies laid out under a partner's heading: a line 'Locality working with Bristol City Council and Power to
Change', then a short title line ('Homecare redesign to Keep it Local'). The case study is named from both lines
('Locality working with ...: Homecare redesign ...'), is about everything the heading line names, and is part of
the document. The weakest proposals: each says which lines it was read from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model.vocabulary import ENTITY_TYPES
from .sentences import Sentence
from .slug import entity_id
from .structure import Named

__all__ = ["PartnerCaseStudy", "partner_case_studies"]

_WORKING_WITH = re.compile(r"^\S.{1,80}?\s(?:working|works|worked)\s+with\s+\S")
_TITLE_CHARS = 120


@dataclass(frozen=True)
class PartnerCaseStudy:
    id: str
    name: str
    start: int  # the quote: from the heading line's start to the title's end, in the stored text
    end: int
    about: tuple[str, ...]  # what the heading line names
    title: str = ""  # the title line, plain
    title_start: int = 0  # the title line, in the stored text


def partner_case_studies(sentences: list[Sentence], names: dict[int, list[Named]]) -> list[PartnerCaseStudy]:
    """A case study for each heading line 'X working with Y' naming two or more things, a title line under it."""
    found = []
    for i, line in enumerate(sentences[:-1]):
        title = sentences[i + 1]
        refs = tuple(dict.fromkeys(n.ref for n in names.get(i, [])))
        if len(refs) < 2 or not _WORKING_WITH.match(line.text) or not _heading(line.text):
            continue
        if not _heading(title.text) or len(title.text.split()) < 2 or title.text[:1].islower():
            continue
        name = f"{_plain(line.text)}: {_plain(title.text)}"
        found.append(PartnerCaseStudy(entity_id(ENTITY_TYPES["CaseStudy"].id_kind, name), name, line.start,
                                      title.end, refs, _plain(title.text), title.start))  # fmt: skip
    return found


def _heading(text: str) -> bool:
    return len(text) <= _TITLE_CHARS and not text.rstrip().endswith((".", ",", ";", ":"))


def _plain(text: str) -> str:
    return " ".join(text.replace("**", "").split())
