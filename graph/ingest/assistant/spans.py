"""The readings of a text's words the analysis keeps: where a council, a known entity or a candidate is named
(`Span`), which of two overlapping readings wins (the longest, then a known entity, a council, a candidate; the
weakest guesses give way), the readings added once the first are chosen (a list of members' unread lines, lines
pairing a council with what it did, a name read once found again), and what each sentence names."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

from ...model.vocabulary import ENTITY_TYPES
from .candidates import Candidate
from .council_lines import what_councils_did
from .councils import CouncilHit, council_ref
from .known import KnownHit
from .patterns import Folded, Matcher, fold_name
from .relations import Mention
from .sentences import Sentence, clip_quote
from .slug import entity_id
from .structure import Named, unread_member_lines

__all__ = [
    "Span",
    "RANK",
    "member_lines_read",
    "what_councils_did_spans",
    "named_again",
    "weak_give_way",
    "nested_councils",
    "by_sentence",
    "council_refs",
    "names_by_sentence",
    "mention",
    "quote_of",
]


RANK = {
    "known": 0,
    "council": 1,
    "ambiguous": 1,
    "candidate": 2,
    "nested": 3,
}  # of two spans as long, which names the words
_WEAK = 0.35  # a candidate below this confidence gives way to any council or known entity it overlaps
_WEAKEST = 0.25  # ... and one below this to any span at all


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    what: str  # known, council, ambiguous, candidate
    key: str  # entity id, authority code, spelling
    item: KnownHit | CouncilHit | Candidate


_GUESSES = frozenset({"capitalised words", "a heading", "an acronym"})  # rules that guess a name from capitals alone
_MEMBER_LINE = "a line in a list of members"


def member_lines_read(sentences: list[Sentence], spans: list[Span]) -> list[Span]:
    """A line of a list of members ('Governance International', '40C', 'Co-operatives UK') that names nothing
    surely (nothing, a guess from its capitals, a known place inside it) names an organisation: the whole line."""

    def sure(span: Span) -> bool:
        guess = isinstance(span.item, Candidate) and span.item.rule in _GUESSES
        return span.what in ("council", "known", "candidate") and not guess and not span.key.startswith("place/")

    refs = council_refs(by_sentence(sentences, spans))
    lines = unread_member_lines(sentences, names_by_sentence(sentences, [s for s in spans if sure(s)], refs))
    if not lines:
        return spans
    read: list[Span] = []
    for i in lines:
        sentence = sentences[i]
        name = " ".join(sentence.text.strip(" *#-\t").split())
        if sum(c.isalpha() for c in name) < 2:
            continue  # a page number
        start = sentence.start + sentence.text.index(name.split()[0])
        candidate = Candidate(start, start + len(name), name, "Organisation", "other", 0.4, _MEMBER_LINE)
        if sentence.text[start - sentence.start : start - sentence.start + len(name)] == name:
            read.append(Span(candidate.start, candidate.end, "candidate", "", candidate))
    covered = [(r.start, r.end) for r in read]
    kept = [s for s in spans if not any(a <= s.start and s.end <= b for a, b in covered)]
    return sorted(kept + read, key=lambda s: (s.start, s.end))


def what_councils_did_spans(sentences: list[Sentence], spans: list[Span]) -> list[Span]:
    """The initiatives lines pairing a council with what it did name (council_lines.py), where they hide no known
    entity."""
    councils = sorted((s.start, s.end) for s in spans if s.what == "council")
    known = sorted((s.start, s.end) for s in spans if s.what == "known")
    council_starts, known_starts = [a for a, _ in councils], [a for a, _ in known]
    found = []
    for sentence in sentences:  # each sentence's councils and known names by bisection: linear in the text
        lo, hi = bisect.bisect_left(council_starts, sentence.start), bisect.bisect_left(council_starts, sentence.end)
        inside = [c for c in councils[lo:hi] if c[1] <= sentence.end]
        if not inside:
            continue
        near = known[bisect.bisect_left(known_starts, sentence.start) : bisect.bisect_left(known_starts, sentence.end)]
        for paired in what_councils_did(sentence, inside):
            c = paired.candidate
            if not any(a < c.end and c.start < b for a, b in near):
                found.append(Span(c.start, c.end, "candidate", "", c))
    return found


_AGAIN_AT_LEAST = 0.35  # a candidate this sure is a name wherever the text writes it so


def named_again(text: str, folded: Folded, chosen: list[Span]) -> list[Span]:
    """A name a surer rule read once ('an ‘Innovation Zone’ at LGA Annual Conference': a quoted name) is a
    mention wherever the text writes it the same way, capitals and all ('Appendix B – Innovation Zone'), where
    nothing else was read."""
    names: dict[str, Candidate] = {}
    for span in chosen:
        c = span.item
        if span.what == "candidate" and isinstance(c, Candidate) and c.confidence >= _AGAIN_AT_LEAST:
            names.setdefault(fold_name(c.name), c)
    if not names:
        return []
    taken = bytearray(len(text) + 1)
    for span in chosen:
        taken[span.start : span.end] = b"\x01" * (span.end - span.start)
    found = []
    for match in Matcher(names).find(folded):
        c = match.value
        written = " ".join(text[match.start : match.end].split()).translate(_STRAIGHT)
        if written == c.name.translate(_STRAIGHT) and not any(taken[match.start : match.end]):
            again = Candidate(match.start, match.end, c.name, c.type, c.kind, c.confidence, c.rule)
            found.append(Span(match.start, match.end, "candidate", "", again))
    return found


_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def _weak(span: Span) -> bool:
    return span.what == "candidate" and isinstance(span.item, Candidate) and span.item.confidence < _WEAK


def weak_give_way(spans: list[Span]) -> list[Span]:
    """A candidate of the weakest rules (capitalised words, a lone acronym) never hides a council, a known entity
    or a surer candidate: it is dropped where it overlaps one, however long it is."""
    strong = sorted((s.start, s.end) for s in spans if not _weak(s))
    starts = [a for a, _ in strong]

    def overlaps(span: Span) -> bool:
        i = bisect.bisect_left(starts, span.end)
        return any(b > span.start for _, b in strong[max(0, i - 20) : i])

    others = sorted((s.start, s.end) for s in spans if not _weakest(s))
    firsts = [a for a, _ in others]

    def overlaps_any(span: Span) -> bool:
        i = bisect.bisect_left(firsts, span.end)
        return any(b > span.start for _, b in others[max(0, i - 20) : i])

    return [s for s in spans if not (_weak(s) and overlaps(s)) and not (_weakest(s) and overlaps_any(s))]


def _weakest(span: Span) -> bool:
    """A guess of the weakest rule of all (one capitalised word), which gives way to any other reading."""
    return span.what == "candidate" and isinstance(span.item, Candidate) and span.item.confidence < _WEAKEST


def _names_its_council(candidate: Candidate) -> bool:
    return candidate.kind == "political-group" or candidate.rule == "a name, then what it is"


def nested_councils(chosen: list[Span], spans: list[Span]) -> list[Span]:
    """The councils that open the name of a party group chosen over them ('Gloucester Labour Group'): still
    mentions of the council (the group sits on it), though not ends of the sentence's relations. Not other names
    ('North Yorkshire & York Probation Trust' names the county, not its council)."""
    opening = {(s.start, s.end): s for s in spans if s.what == "council"}
    by_start: dict[int, list[Span]] = {}
    for council in opening.values():
        by_start.setdefault(council.start, []).append(council)
    nested = []
    for span in chosen:
        if span.what == "candidate" and isinstance(span.item, Candidate) and _names_its_council(span.item):
            for council in by_start.get(span.start, []):
                if council.end < span.end:
                    nested.append(Span(council.start, council.end, "nested", council.key, council.item))
    return nested


def by_sentence(sentences: list[Sentence], spans: list[Span]) -> list[tuple[Sentence, list[Span]]]:
    """Each sentence with the spans inside it (a span outside every kept sentence, in a contact line, is lost)."""
    starts = [s.start for s in sentences]
    grouped: dict[int, list[Span]] = {}
    for span in spans:
        i = bisect.bisect_right(starts, span.start) - 1
        if i >= 0 and span.end <= sentences[i].end:
            grouped.setdefault(i, []).append(span)
    return [(sentences[i], sorted(grouped[i], key=lambda s: s.start)) for i in sorted(grouped)]


def quote_of(sentence: Sentence, spans: list[Span], text: str) -> str:
    return clip_quote(sentence, [(s.start, s.end) for s in spans], text)


def council_refs(per_sentence) -> dict[str, str]:
    """Each authority's reference form: council:<its spelling the text uses most> (of equals, the first)."""
    spellings: dict[str, Counter[str]] = {}
    for _, spans in per_sentence:
        for span in spans:
            if span.what in ("council", "nested"):
                spellings.setdefault(span.key, Counter())[span.item.spelling] += 1
    return {code: council_ref(counts.most_common(1)[0][0]) for code, counts in spellings.items()}


def names_by_sentence(sentences: list[Sentence], spans: list[Span], refs: dict[str, str]) -> dict[int, list[Named]]:
    """What each sentence names (by index), as references: for the layout rules (structure.py)."""
    starts = [s.start for s in sentences]
    names: dict[int, list[Named]] = {}
    for span in spans:
        i = bisect.bisect_right(starts, span.start) - 1
        if span.what in ("council", "known", "candidate") and i >= 0 and span.end <= sentences[i].end:
            ref = mention(sentences[i], span, refs).ref
            names.setdefault(i, []).append(Named(span.start, span.end, ref))
    return names


def mention(sentence: Sentence, span: Span, refs: dict[str, str]) -> Mention:
    if span.what == "council":
        ref = refs[span.key]
    elif span.what == "known":
        ref = span.key
    else:
        candidate = span.item
        assert isinstance(candidate, Candidate)
        ref = entity_id(ENTITY_TYPES[candidate.type].id_kind, candidate.name)
    return Mention(span.start - sentence.start, span.end - sentence.start, ref)
