"""What a document's layout says beyond its sentences: a list of councils and organisations under a heading about
members (members of the network the document is most about), and a council named alone on a line (a heading, a
table's first cell) as the subject of what follows it, up to the next such line (the initiatives there are the
council's, the organisations there its partners). The weakest proposals of all: each says which line it was read
from."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ...model.vocabulary import RELATION_TYPES, kind_of
from .sentences import Sentence

__all__ = [
    "Named",
    "Laid",
    "Titled",
    "from_layout",
    "titled_under_councils",
    "alone_on_their_lines",
    "unread_member_lines",
]

_COUNCIL_WORDS = re.compile(r"\b(?:Metropolitan|Borough|District|County|City|Council)\b")
_MEMBERS = re.compile(r"\bmember", re.IGNORECASE)
NUMBERED_HEADING = re.compile(r"^\s*#{1,6}\s+(?:\*\*|<u>)?\s*\d{1,2}\.(?:\s+\S|\s*$)")  # '## 5.', '### 1. Title'
_LIST_AT_LEAST = 4  # consecutive lines, each one name, make a list
_LOOK_BACK = 4  # lines before a list in which its heading may stand
_TITLE_CHARS = 120  # a heading is no longer than this
_SECTION_AT_MOST = 40  # sentences a heading's subject reaches


@dataclass(frozen=True)
class Named:
    start: int  # in the stored text
    end: int
    ref: str  # council:<name> or an entity id


@dataclass(frozen=True)
class Laid:
    type: str
    source: str
    target: str
    sentence: Sentence  # where the quote is taken from
    span: tuple[int, int]  # what in it is quoted for
    confidence: float
    trigger: str
    status: str | None = None  # a participation's


def _alone(sentence: Sentence, names: list[Named]) -> Named | None:
    """The one name a line holds and little else ('Oldham Council', '**Bristol**')."""
    if len(names) != 1:
        return None
    rest = sentence.text[: names[0].start - sentence.start] + sentence.text[names[0].end - sentence.start :]
    return names[0] if len(re.sub(r"[\W_]", "", _COUNCIL_WORDS.sub("", rest))) <= 3 else None


def alone_on_their_lines(sentences: list[Sentence], names: dict[int, list[Named]]) -> dict[int, Named]:
    """The sentences that are one name and little else (index -> the name)."""
    return {i: one for i in range(len(sentences)) if (one := _alone(sentences[i], names.get(i, []))) is not None}


def from_layout(
    sentences: list[Sentence], names: dict[int, list[Named]], programme_of: dict[str, str] | None = None
) -> list[Laid]:
    """Relations read from the layout of the document whose sentences are `sentences` (index -> what each names;
    `programme_of`: the programme each known phase is part of)."""
    alone = alone_on_their_lines(sentences, names)
    sections = _sections(sentences, names, alone)
    summary = _summary_of_a_programme(sentences, names, alone, sections, programme_of or {})
    return _member_lists(sentences, names, alone) + sections + summary


@dataclass(frozen=True)
class Titled:
    """A heading right under a council's line: the title of something about the council (a case study)."""

    council: Named
    heading: Sentence


def titled_under_councils(sentences: list[Sentence], names: dict[int, list[Named]]) -> list[Titled]:
    """Each short line without end punctuation that directly follows a line naming a council alone ('Brent
    Council' then 'Brent Hubs')."""
    alone = alone_on_their_lines(sentences, names)
    listed = {k for i, j in _lists(sentences, names, alone) for k in range(i, j)}  # a list of members titles none
    found = []
    for i, named in sorted(alone.items()):
        if i in listed:
            continue
        heading = sentences[i + 1] if i + 1 < len(sentences) else None
        next_is_a_council = i + 1 in alone and kind_of(alone[i + 1].ref) == "council"
        if heading is None or kind_of(named.ref) != "council" or next_is_a_council:
            continue
        text = heading.text
        if len(text) <= _TITLE_CHARS and len(text.split()) >= 2 and text[:1].isupper() and text[-1:].isalnum():
            found.append(Titled(named, heading))
    return found


def _network(names: dict[int, list[Named]]) -> str | None:
    counts = Counter(n.ref for found in names.values() for n in found if kind_of(n.ref) == "network")
    return min(counts, key=lambda ref: (-counts[ref], ref)) if counts else None


def _member_lists(sentences: list[Sentence], names: dict[int, list[Named]], alone: dict[int, Named]) -> list[Laid]:
    network = _network(names)
    if network is None:
        return []
    found: list[Laid] = []
    for i, j in _lists(sentences, names, alone):
        if j > i:
            listed = [(k, alone[k]) for k in range(i, j) if k in alone]
            how = "a list of names under a heading about members"
        else:
            listed = [(i, named) for named in names[i]]
            how = "a list of councils after a sentence about members"
        for k, named in listed:
            found.append(Laid("member", named.ref, network, sentences[k], (named.start, named.end), 0.4, how))
    return found


def unread_member_lines(sentences: list[Sentence], names: dict[int, list[Named]]) -> list[int]:
    """The lines of a list of members (below) that name nothing the rules know surely ('Governance International',
    '40C'): each names a member all the same. `names`: what each sentence names, without the weakest guesses."""
    alone = alone_on_their_lines(sentences, names)
    return [k for i, j in _lists(sentences, names, alone) for k in range(i, j) if k not in alone]


def _lists(sentences: list[Sentence], names: dict[int, list[Named]], alone: dict[int, Named]) -> list[tuple[int, int]]:
    """The lists of members: (first line, one past the last) of lines each naming one member (a line the rules
    cannot read does not end one; one naming a member again does) under a line about members; (i, i) for a sentence
    listing councils."""
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(sentences):
        j, seen = i, set()
        while (j in alone and kind_of(alone[j].ref) in _MEMBER_KINDS and alone[j].ref not in seen) or (
            j > i and _unnamed_line(sentences, names, j)
        ):
            seen |= {alone[j].ref} if j in alone else set()  # a name again starts something else
            j += 1
        headed = any(_MEMBERS.search(sentences[k].text) for k in range(max(0, i - _LOOK_BACK), i))
        if sum(k in alone for k in range(i, j)) >= _LIST_AT_LEAST and headed:
            found.append((i, j))
        elif j == i and headed and _listing(sentences[i], names.get(i, [])):
            found.append((i, i))
        i = max(j, i + 1)
    return found


_MEMBER_KINDS = RELATION_TYPES["member"].from_kinds


def _unnamed_line(sentences: list[Sentence], names: dict[int, list[Named]], i: int) -> bool:
    """A line in a list that names nothing the rules know ('Bates Wells'): short, capitalised, no end stop."""
    if i >= len(sentences) or names.get(i):
        return False
    text = sentences[i].text.strip()
    return len(text.split()) <= 5 and (text[:1].isupper() or text[:1].isdigit()) and text[-1:] not in ".:;!?"


def _listing(sentence: Sentence, names: list[Named]) -> bool:
    """A sentence that is a list of councils ('Bassetlaw, Edinburgh, Glasgow, ... and York') and little else."""
    if len(names) < _LIST_AT_LEAST or any(kind_of(n.ref) != "council" for n in names):
        return False
    rest, at = [], sentence.start
    for named in names:
        rest.append(sentence.text[at - sentence.start : named.start - sentence.start])
        at = named.end
    rest.append(sentence.text[at - sentence.start :])
    return len(re.sub(r"[\W_]|\band\b", "", _COUNCIL_WORDS.sub("", " ".join(rest)))) <= 10


# what a thing named under a council's line is to the council: (relation type, whether the council is its `from`,
# the participation status where the type needs one)
_UNDER_A_COUNCIL = {
    "initiative": ("leads", True, None),
    "org": ("partner", True, None),
    "programme": ("participates", True, "took-part"),
    "phase": ("participates", True, "took-part"),
    "network": ("member", True, None),
    "place": ("located_in", False, None),
}


def _sections(sentences: list[Sentence], names: dict[int, list[Named]], alone: dict[int, Named]) -> list[Laid]:
    found: list[Laid] = []
    subject: Named | None = None
    since = 0
    for i in range(len(sentences)):
        if i in alone and kind_of(alone[i].ref) == "council":
            subject, since = alone[i], i
            continue
        if NUMBERED_HEADING.match(sentences[i].text):
            subject = None  # a numbered heading ('## 6.') opens another case
        if subject is None or i - since > _SECTION_AT_MOST:
            continue
        heading = " ".join(sentences[since].text.split())
        for named in names.get(i, []):
            if kind_of(named.ref) not in _UNDER_A_COUNCIL:
                continue
            rtype, council_first, status = _UNDER_A_COUNCIL[kind_of(named.ref)]
            ends = (subject.ref, named.ref) if council_first else (named.ref, subject.ref)
            spec = RELATION_TYPES[rtype]
            if kind_of(ends[0]) in spec.from_kinds and kind_of(ends[1]) in spec.to_kinds:
                found.append(Laid(rtype, *ends, sentences[i], (named.start, named.end), 0.25,
                                  f"under the line {heading!r}", status))  # fmt: skip
    return found


_SECTIONS_AT_LEAST = 4  # councils' lines that make a document a summary of councils' work


def _summary_of_a_programme(
    sentences: list[Sentence],
    names: dict[int, list[Named]],
    alone: dict[int, Named],
    sections: list[Laid],
    programme_of: dict[str, str],
) -> list[Laid]:
    """A document set out as councils' sections ('Bristol', then its work; a table's rows) that names the phases
    of a programme: a summary of the councils' work in those phases, each council's line a participant's, and
    the initiatives the councils lead there part of the programme (the one the phases are of, else the one the
    document names most). The weakest reading of all (which phase each took part in, and how far, the reviewer
    reads)."""
    councils = [(i, named) for i, named in sorted(alone.items()) if kind_of(named.ref) == "council"]
    if len({named.ref for _, named in councils}) < _SECTIONS_AT_LEAST:
        return []
    phases = sorted({n.ref for found in names.values() for n in found if kind_of(n.ref) == "phase"})
    found, seen = [], set()
    for i, council in councils:
        for phase in phases:
            if (council.ref, phase) not in seen:
                seen.add((council.ref, phase))
                found.append(Laid("participates", council.ref, phase, sentences[i], (council.start, council.end), 0.2,
                                  f"a council's section of a document naming {phase}"))  # fmt: skip
    programmes = Counter(programme_of[phase] for phase in phases if phase in programme_of)  # the phases' own
    programmes = programmes or Counter(n.ref for ns in names.values() for n in ns if kind_of(n.ref) == "programme")
    if programmes and phases:  # a programme's phases: a summary of the programme's work
        programme = min(programmes, key=lambda ref: (-programmes[ref], ref))
        for laid in sections:
            if laid.type == "leads" and (laid.target, programme) not in seen:
                seen.add((laid.target, programme))
                found.append(Laid("part_of", laid.target, programme, laid.sentence, laid.span, 0.2,
                                  f"a council's initiative in a document naming {programme} most"))  # fmt: skip
    return found
