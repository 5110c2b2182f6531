"""A numbered heading opens a case, and the headings under it name its parts, as converted reports set them out:

    ## 5. City of York Council
    #### **Our Co-operative approach**
    ### **Smarter York**
    #### **Snow Wardens**
    ## 6. ...

What the numbered heading names is the case's subject: a council ('City of York Council', 'Lambeth's Living Well
Collaborative') and an initiative ('Get Oldham Working - a local co-operative solution'). Each initiative a heading
under it names (a Markdown heading, or a line in bold) is the council's (`leads`) and part of the subject
initiative (`part_of`); each organisation, the subject initiative's partner (0.25). An initiative the case's
sentences name is proposed as the council's too, at 0.2. The weakest proposals: the layout says they belong
together, the reviewer says how."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model.vocabulary import RELATION_TYPES, kind_of
from .sentences import Sentence
from .structure import NUMBERED_HEADING, Named

__all__ = ["Under", "under_numbered_headings", "Case", "case_studies"]

_HEADING = re.compile(r"^\s*(?:#{1,6}\s+|\*\*)")
_NUMBER_ALONE = re.compile(r"^\s*#{1,6}\s+(?:\*\*|<u>)?\s*\d{1,2}\.\s*$")  # its words are the next sentence
_BOLD_LINE = re.compile(r"^\s*(?:#{1,6}\s+)?\*\*[^*]+\*\*\s*$")
_CASE_AT_MOST = 120  # sentences a case reaches
_CASES = re.compile(r"\bcase stud(?:y|ies)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Under:
    type: str
    source: str
    target: str
    sentence: Sentence  # the heading under the case's, quoted
    span: tuple[int, int]
    confidence: float  # 0.25 for what the case's headings name, 0.2 for what its sentences name
    trigger: str


@dataclass(frozen=True)
class Case:
    """A numbered heading after a heading about case studies: a case study, named by the heading's words."""

    title: Sentence  # the line holding the heading's words
    name: str
    about: tuple[str, ...]  # the council and the initiative the words name


def case_studies(sentences: list[Sentence], names: dict[int, list[Named]]) -> list[Case]:
    """The numbered headings of a part of the document about case studies ('## SECTION 2: ... Case Studies')."""
    found = []
    opened = False
    for i, sentence in enumerate(sentences):
        if _HEADING.match(sentence.text) and _CASES.search(sentence.text) and not NUMBERED_HEADING.match(sentence.text):
            opened = True
        elif opened and NUMBERED_HEADING.match(sentence.text):
            at = i + 1 if _NUMBER_ALONE.match(sentence.text) and i + 1 < len(sentences) else i
            about = tuple(
                dict.fromkeys(n.ref for n in names.get(at, []) if kind_of(n.ref) in ("council", "initiative"))
            )
            name = " ".join(re.sub(r"</?u>|\*\*", "", sentences[at].text).strip("# ").split())
            name = re.sub(r"^\d{1,2}\.\s*", "", name)
            if about and len(name) >= 3:
                found.append(Case(sentences[at], name, about))
    return found


def under_numbered_headings(sentences: list[Sentence], names: dict[int, list[Named]]) -> list[Under]:
    """The relations numbered headings and the headings under them suggest."""
    numbered = [i for i, s in enumerate(sentences) if NUMBERED_HEADING.match(s.text)]
    found: list[Under] = []
    for k, i in enumerate(numbered):
        end = min(numbered[k + 1] if k + 1 < len(numbered) else len(sentences), i + _CASE_AT_MOST)
        at = i + 1 if _NUMBER_ALONE.match(sentences[i].text) and i + 1 < end else i  # '## 5.' then its words
        council = next((n.ref for n in names.get(at, []) if kind_of(n.ref) == "council"), None)
        initiative = next((n.ref for n in names.get(at, []) if kind_of(n.ref) == "initiative"), None)
        if council is None and initiative is None:
            continue
        title = " ".join(f"{sentences[i].text} {sentences[at].text}".strip("# *").split()) if at > i else ""
        title = title or " ".join(sentences[i].text.strip("# *").split())
        for j in range(at + 1, end):
            text = sentences[j].text
            heading = bool(_HEADING.match(text) or _BOLD_LINE.match(text))
            for named in names.get(j, []):
                if named.ref in (council, initiative):
                    continue
                if not heading and kind_of(named.ref) != "initiative":
                    continue  # in the case's sentences, only what the council leads
                for rtype, a, b in _what_it_is(named.ref, council, initiative if heading else None):
                    spec = RELATION_TYPES[rtype]
                    if kind_of(a) in spec.from_kinds and kind_of(b) in spec.to_kinds:
                        how = (0.25, f"a heading under {title!r}") if heading else (0.2, f"in the case {title!r}")
                        found.append(Under(rtype, a, b, sentences[j], (named.start, named.end), *how))
    return found


def _what_it_is(ref: str, council: str | None, initiative: str | None) -> list[tuple[str, str, str]]:
    kind = kind_of(ref)
    found = []
    if kind == "initiative":
        if council:
            found.append(("leads", council, ref))
        if initiative:
            found.append(("part_of", ref, initiative))
    elif kind == "org" and (initiative or council):
        found.append(("partner", initiative or council or "", ref))
    return found
