"""Names a sentence says what they are, whatever their own words: 'Lauriston Living is a major regeneration
project' (a name, then `is a` and a few words ending in a noun that says what it is); a heading 'Locality
working with Bristol City Council' (a partner named at the start of a line about whom it works with); 'a hub in
Kilburn' (a capitalised word the text never writes in lower case, after 'in': a place); 'has developed the Cardiff
Living programme' (a name a verb of starting introduces: an initiative). Rules, not a model: each
proposal says which one found it, at a middling or low confidence."""

from __future__ import annotations

import re

from .candidates import HEADS, Candidate
from .sentences import Sentence

__all__ = ["described_by_sentence"]

_NAME = r"(?:[A-Z0-9][\w’'.&+-]*)(?:\s+(?:[A-Z0-9][\w’'.&+-]*|of|and|&|for|the|de|on|in|to))*?"
_WHAT = {
    **dict.fromkeys(
        "project programme scheme initiative campaign strategy pilot service partnership approach model "
        "plan framework charter hub collaboration venture platform app website".split(),
        ("Initiative", None),
    ),
    **dict.fromkeys("charity".split(), ("Organisation", "charity")),
    **dict.fromkeys("company business firm consultancy".split(), ("Organisation", "company")),
    **dict.fromkeys("enterprise".split(), ("Organisation", "social-enterprise")),
    **dict.fromkeys("co-operative cooperative mutual".split(), ("Organisation", "cooperative")),
    **dict.fromkeys(
        "organisation organization body group alliance network association".split(), ("Organisation", "other")
    ),
    **dict.fromkeys("fund".split(), ("Fund", None)),
    **dict.fromkeys("conference festival event".split(), ("Event", None)),
}
_IS_A = re.compile(
    rf"(?:^|(?<=[.;:]\s)|(?<=\n))(?P<name>{_NAME})\s+(?:is|was|has become|became)\s+(?:a|an)\s+"
    rf"(?:[a-z][\w-]*\s+){{0,4}}?(?P<what>{'|'.join(sorted(_WHAT, key=len, reverse=True))})\b"
)
_WORKING_WITH = re.compile(rf"^(?P<name>{_NAME})\s+(?:working|works|worked)\s+with\s+\S")
_STARTS = set("The A An This That These Those It Its Our Their We They He She There Here Each Every One".split())
_HEADING_CHARS = 120
_WHO = set("council councils partners partner officers staff people residents members communities we they".split())


def described_by_sentence(sentence: Sentence, common: set[str]) -> list[Candidate]:
    """The names `sentence` describes as a project, a charity, ... (`common`: the words the text also writes in
    lower case, so that 'Housing is a service' names nothing)."""
    found = [*_is_a(sentence, common), *_working_with(sentence, common), *_places(sentence, common)]
    return found + _introduced(sentence, common)


def _is_a(sentence: Sentence, common: set[str]) -> list[Candidate]:
    found = []
    for match in _IS_A.finditer(sentence.text):
        name = " ".join(match.group("name").split())
        etype, kind = _WHAT[match.group("what").lower()]
        if _usable(name, common):
            found.append(_candidate(sentence, match, name, etype, kind, 0.5, f"'... is a {match.group('what')}'"))
    return found


def _working_with(sentence: Sentence, common: set[str]) -> list[Candidate]:
    text = sentence.text
    match = _WORKING_WITH.match(text)
    if match is None or len(text) > _HEADING_CHARS or text.rstrip().endswith("."):
        return []
    name = " ".join(match.group("name").split())
    if not _usable(name, set()) or all(w.lower() in _WHO for w in name.split()):
        return []  # a one-word name the text also writes in lower case counts here ('Locality working with')
    return [_candidate(sentence, match, name, "Organisation", "other", 0.55, "a heading 'X working with ...'")]


_INTRODUCED = re.compile(
    r"\b(?i:developed|created|introduced|piloted|launched|set up|established|pioneered)\s+(?:(?:a|an|the|its|our|"
    r"their)\s+)?(?:new\s+)?(?P<name>(?:[A-Z]|[a-z][A-Z])(?:\.?[\w’'&+-])*(?:\s+(?:[A-Z0-9](?:\.?[\w’'&+-])*|of|and|&|for|the))*)"
    rf"(?:\s+(?P<what>{'|'.join(sorted(_WHAT, key=len, reverse=True))})\b|(?=\s*[,.;:()]|\s+[a-z]|\s*$))"
)


def _introduced(sentence: Sentence, common: set[str]) -> list[Candidate]:
    """'The Council has developed the Cardiff Living programme', 'Introduced iLearn': a capitalised name a verb
    of starting something introduces, an initiative (or what the word after it says), at a middling confidence.
    Not a name ending in a word that says what it is ('... Trust', '... Fund'): candidates.py reads those."""
    found = []
    for match in _INTRODUCED.finditer(sentence.text):
        name = " ".join(match.group("name").split())
        if name.split()[-1] in HEADS or not _usable(name, common):
            continue
        etype, kind = _WHAT[match.group("what").lower()] if match.group("what") else ("Initiative", None)
        found.append(_candidate(sentence, match, name, etype, kind, 0.45, "a name after 'developed', 'set up', ..."))
    return found


_PLACE = re.compile(r"\b(?:in|across|around|near)\s+(?P<name>[A-Z][a-z]{3,}(?:\s+[A-Z][a-z]{3,})?)\b(?!\s+[A-Z&])")
_NOT_PLACES = set(
    "January February March April May June July August September October November December Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday Phase Stage Year Part Section Appendix Table Figure".split()
)


def _places(sentence: Sentence, common: set[str]) -> list[Candidate]:
    """'a hub in Kilburn': one or two capitalised words after 'in', 'across', 'around' or 'near' that the text
    never writes in lower case: a place, at a low confidence (a council's name, found too, wins)."""
    found = []
    for match in _PLACE.finditer(sentence.text):
        words = match.group("name").split()
        if any(w.lower() in common or w in _NOT_PLACES or w in _STARTS for w in words):
            continue
        found.append(_candidate(sentence, match, " ".join(words), "Place", None, 0.3, "a place after 'in'"))
    return found


def _usable(name: str, common: set[str]) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 6 or words[0] in _STARTS or words[-1] in ("of", "and", "&", "for", "the"):
        return False
    return not (len(words) == 1 and words[0].lower() in common) and len(name) >= 3


def _candidate(
    sentence: Sentence, match: re.Match[str], name: str, etype: str, kind: str | None, sure: float, rule: str
) -> Candidate:
    start = sentence.start + match.start("name")
    return Candidate(start, sentence.start + match.end("name"), name, etype, kind, sure, rule)
