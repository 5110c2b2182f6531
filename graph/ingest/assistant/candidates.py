"""New entities a text may name, found by rules: a capitalised phrase ending in a word that says what it is
('... Trust', '... Fund', '... Ltd'), a quoted project name ('We Live Here'), a phrase given an acronym
('Plymouth Adult and Community Learning Service (PACLS)'), a person named with a title or a public role. Each has a
proposed type (and, for an organisation, the kind its head word implies), a confidence in 0..1 and the rule that
found it. Near-duplicates of known entities are flagged by rapidfuzz elsewhere (pipeline)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .sentences import Sentence

__all__ = ["Candidate", "find_candidates", "HEADS"]


@dataclass(frozen=True)
class Candidate:
    start: int  # in the stored text
    end: int
    name: str
    type: str
    kind: str | None
    confidence: float
    rule: str


@dataclass(frozen=True)
class Head:
    type: str
    kind: str | None
    confidence: float


def _h(entity_type: str, kind: str | None, confidence: float) -> Head:
    return Head(entity_type, kind, confidence)


_ORG = "Organisation"
# the last word of a name -> what the name is, and how sure the rule is
HEADS: dict[str, Head] = {
    "Trust": _h(_ORG, "trust", 0.8), "Foundation": _h(_ORG, "charity", 0.8),
    "Partnership": _h(_ORG, "partnership", 0.6), "Co-operative": _h(_ORG, "cooperative", 0.6),
    "Cooperative": _h(_ORG, "cooperative", 0.6), "Association": _h(_ORG, "other", 0.7),
    "Network": _h(_ORG, "network", 0.6), "Alliance": _h(_ORG, "network", 0.6), "Society": _h(_ORG, "other", 0.6),
    "Ltd": _h(_ORG, "company", 0.9), "Limited": _h(_ORG, "company", 0.9), "plc": _h(_ORG, "company", 0.9),
    "PLC": _h(_ORG, "company", 0.9), "LLP": _h(_ORG, "company", 0.9), "Company": _h(_ORG, "company", 0.7),
    "CIC": _h(_ORG, "social-enterprise", 0.9), "Board": _h(_ORG, "other", 0.6), "Council": _h(_ORG, "other", 0.4),
    "University": _h(_ORG, "university", 0.8), "College": _h(_ORG, "college", 0.8),
    "Academy": _h(_ORG, "school", 0.7), "School": _h(_ORG, "school", 0.5), "Institute": _h(_ORG, "other", 0.7),
    "Agency": _h(_ORG, "public-body", 0.5), "Commission": _h(_ORG, "public-body", 0.6),
    "Office": _h(_ORG, "national-government", 0.5), "Department": _h(_ORG, "national-government", 0.5),
    "Government": _h(_ORG, "national-government", 0.6),
    "Committee": _h(_ORG, "other", 0.6), "Taskforce": _h(_ORG, "other", 0.6), "Group": _h(_ORG, "community-group", 0.4),
    "Forum": _h(_ORG, "other", 0.5), "Party": _h(_ORG, "political-party", 0.7), "Union": _h(_ORG, "other", 0.5),
    "Bank": _h(_ORG, "company", 0.5), "Hospital": _h(_ORG, "nhs-body", 0.6), "Team": _h(_ORG, "other", 0.4),
    "Centre": _h(_ORG, "other", 0.4), "Unit": _h(_ORG, "other", 0.4),
    "Fund": _h("Fund", None, 0.7), "Bond": _h("Fund", None, 0.6), "Grant": _h("Fund", None, 0.6),
    "Programme": _h("Programme", None, 0.5), "Program": _h("Programme", None, 0.5),
    "Project": _h("Initiative", None, 0.5), "Scheme": _h("Initiative", None, 0.5),
    "Initiative": _h("Initiative", None, 0.6), "Campaign": _h("Initiative", None, 0.5),
    "Strategy": _h("Initiative", None, 0.4), "Plan": _h("Initiative", None, 0.4),
    "Framework": _h("Initiative", None, 0.4), "Charter": _h("Initiative", None, 0.4),
    "Collaborative": _h("Initiative", None, 0.5), "Hub": _h("Initiative", None, 0.4),
    "Service": _h("Initiative", None, 0.4), "Services": _h("Initiative", None, 0.3),
    "Conference": _h("Event", None, 0.6), "Summit": _h("Event", None, 0.6), "Festival": _h("Event", None, 0.6),
    "Zone": _h("Event", None, 0.5), "Week": _h("Event", None, 0.5), "Seminar": _h("Event", None, 0.6),
    "Fair": _h("Event", None, 0.5), "Award": _h("Award", None, 0.6), "Awards": _h("Award", None, 0.6),
    "Prize": _h("Award", None, 0.6), "Act": _h("Policy", None, 0.6), "Allowance": _h("Policy", None, 0.6),
    "Deal": _h("Policy", None, 0.4), "Deals": _h("Policy", None, 0.4),
}  # fmt: skip
_ENDS_A_NAME = set(HEADS) | {"Council", "Councils", "Limited", "Ltd"}
_LEADING = {"University", "College", "Institute", "Bank", "Department", "Office", "Friends"}  # 'University of York'
_KINDS_BEFORE = {"Housing Association": "housing-association", "Credit Union": "cooperative"}
_PARTY_GROUP = re.compile(
    r"\b(?:Labour|Conservative|Liberal Democrat|Lib Dem|Green|Co-op|Co-operative|Independent|Plaid Cymru|SNP|Reform)\b"
    r".*\bGroup$"
)
_LOCAL_COUNCIL = re.compile(r"\b(?:Town|Parish|Community)\s+Council$")
_CONNECT = {"of", "and", "&", "for", "in", "upon", "de", "la", "under"}
# capitalised words that start a sentence or a heading far more often than a name
_OPENERS = set(
    "The A An This These That Those Their Our Its His Her In On At For With Through By From To And As Also Each "
    "Every Both All Some Any Following Under When Where While If It We They He She Many Most Other Such Within "
    "Across Between During After Before Since Over Why How What Who See Although Alongside Head Director Deputy "
    "Assistant Principal Senior Chief".split()
)
_CAPS = re.compile(r"^[A-Z][A-Z0-9&]{2,7}$")
_INNER_CAPITAL = re.compile(r"^[a-z]-?[A-Z][A-Za-z]+$")  # 'i-Network', 'iSandwell': a name for all its first letter
# acronyms that name no one body
_NOT_NAMES = set("UK EU USA ICT CEO HR PR GP GPs NHS BME SME SMEs COVID MBC CC LB PDF FAQ TV IT II III IV".split())
# words that make a run of capitals a date, a title or a role, not a name
_NOT_IN_NAMES = set(
    "January February March April May June July August September October November December Jan Feb Mar Apr Jun "
    "Jul Aug Sep Sept Oct Nov Dec Cllr CIIr Councillor Mayor Sir Dame Dr Professor Lord Baroness Lady Cabinet Member "
    "Leader Chair Director Executive Officer Manager Head Appendix Section Page Table Figure".split()
)
_LOWER_HEADS = {
    **dict.fromkeys("programme scheme project campaign strategy pilot initiative approach model charter framework "
                    "club hub hubs plan service".split(), "Initiative"),
    **dict.fromkeys("conference event week festival".split(), "Event"), "fund": "Fund",
}  # fmt: skip
_SMALL = "a|an|the|this|that|these|those|their|its|our|his|her|for|of|to|and|or|in|on|at|by|with|is|are|was|were|be"
_DESCRIBED = re.compile(
    r"\b(?:(?:[A-Z][\w’'-]*[a-z][\w’'-]*|[A-Z]{2,6})\s+){1,2}(?:(?!(?:"
    + _SMALL
    + r")\s)[a-z][\w-]*\s+){1,3}(?:"
    + "|".join(sorted(_LOWER_HEADS, key=len, reverse=True))
    + r")\b"
)
_TOKEN = re.compile(r"[A-Za-z0-9&][\w&'’.+\-]*")
_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z&]{1,9})\)")
_QUOTED = re.compile(r"(?<![\w])(['‘\"“])([A-Z0-9][^'‘’\"“”\n]{1,80}?)(['’\"”])(?![\w])")
_NAME_WORD = r"(?:Mc|Mac|O'|O’)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_PERSON_NAME = rf"{_NAME_WORD}(?:\s+(?:Le\s+|de\s+|van\s+)?{_NAME_WORD}){{1,2}}"
_TITLE_WORDS = r"(?:Cllr\.?|CIIr\.?|Councillor|Mayor|Sir|Dame|Dr\.?|Professor|Prof\.?|Lord|Baroness|Lady)"
_TITLE = re.compile(rf"{_TITLE_WORDS}\s+")
_TITLED = re.compile(
    rf"\b(?:Cllr\.?|CIIr\.?|Councillor|Mayor|Sir|Dame|Dr\.?|Professor|Prof\.?|Lord|Baroness|Lady)\s+({_PERSON_NAME})"
)
_ROLES = (
    r"(?:Deputy |Executive |Assistant |Strategic |Managing |Chief |Service |Programme |Project |Cabinet )?"
    r"(?:Leader|Chief Executive|Director|Chair|Chairman|Chairwoman|Chairperson|Member|Head|Mayor|Portfolio Holder"
    r"|Councillor|Officer|Minister|Secretary|President|Founder|Manager|Lead|Executive|Professor|Coordinator|Co-ordinator)"
)
_ROLED = re.compile(rf"\b({_PERSON_NAME}),?\s+(?:the\s+)?{_ROLES}\b")


def find_candidates(sentence: Sentence, is_council: Callable[[str], bool], common: set[str]) -> list[Candidate]:
    """The candidate entities `sentence` names (offsets in the stored text); `is_council` says whether a phrase
    ending in 'Council' names a principal council (which is never declared); `common` holds the words the text
    also writes in lower case (so a sentence's capitalised first word, or a quoted 'People', is not a name)."""
    found = [
        *_headed(sentence, is_council, common),
        *_quoted(sentence, common),
        *_people(sentence, common),
        *_described(sentence, common),
        *_listed(sentence, common),
    ]
    return sorted(found, key=lambda c: (c.start, -c.end, -c.confidence, c.rule))


def _runs(text: str, common: set[str]) -> list[list[re.Match[str]]]:
    """Runs of capitalised words, with small joining words inside ('Bank of England'), none at either end."""
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for token in _TOKEN.finditer(text):
        word = token.group(0)
        joined = (
            bool(current)
            and not text[current[-1].end() : token.start()].strip()
            and not re.search(r"['’]s?$", current[-1].group(0))  # "Wigan Council's Corporate Strategy": two names
        )
        capital = word[:1].isupper() or (word[:1].isdigit() and bool(current)) or _INNER_CAPITAL.match(word) is not None
        if current and joined and (capital or word in _CONNECT) and not _two_names(text, token, current[-1]):
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = [token] if capital else []
    if current:
        runs.append(current)
    trimmed = []
    for run in runs:
        while run and (run[-1].group(0) in _CONNECT or run[0].group(0) in _OPENERS | _CONNECT):
            run = run[:-1] if run[-1].group(0) in _CONNECT else run[1:]
        if run:
            trimmed.append(run)
    return trimmed


def _two_names(text: str, token: re.Match[str], before: re.Match[str]) -> bool:
    """'and' joining two names, not inside one: 'the Trust and the Council', 'Knowsley Council and Knowsley
    Community College' (after a word that ends a name), but 'Plymouth Adult and Community Learning Service'."""
    if token.group(0) not in ("and", "&"):
        return False
    return text[token.end() : token.end() + 5].lstrip().startswith("the ") or _word(before) in _ENDS_A_NAME


def _word(token: re.Match[str]) -> str:
    return re.sub(r"(?:['’]s|['’.])$", "", token.group(0))


def _headed(sentence: Sentence, is_council: Callable[[str], bool], common: set[str]) -> list[Candidate]:
    found = []
    text = sentence.text
    for run in _runs(text, common):
        for i in range(len(run)):  # the longest phrase of the run ending in a head word
            end = len(run) - i
            head = _word(run[end - 1])
            if head in HEADS and end >= 2:
                whole = end < len(run) and run[end].group(0) == "of"  # 'Association of Greater Manchester ...'
                found.extend(_from_head(sentence, run if whole else run[:end], head, is_council))
                break
        if len(run) >= 3 and _word(run[0]) in _LEADING and run[1].group(0) == "of":
            found.append(_make(sentence, run, _ORG, _leading_kind(_word(run[0])), 0.7, f"starts {_word(run[0])} of"))
        found.extend(_other_rules(sentence, run, common, is_council))
    heading = len(text) <= 60 and not text.rstrip().endswith((".", ":", ";", ","))
    return [c for c in found if c is not None and not (_generic(c, common) and not _fills(c, sentence, heading))]


def _fills(candidate: Candidate, sentence: Sentence, heading: bool) -> bool:
    """Whether a candidate is a heading's whole line ('Innovation Programme'): a name there, common words or not."""
    rest = sentence.text[: candidate.start - sentence.start] + sentence.text[candidate.end - sentence.start :]
    return heading and not re.sub(r"[\W_]", "", rest)


def _generic(candidate: Candidate, common: set[str]) -> bool:
    """'Housing Service', 'Customer Services': two words the text also writes in lower case, under a weak head."""
    words = candidate.name.split()
    bold = candidate.rule == "a bold heading"
    return candidate.confidence < 0.6 and len(words) == 2 and words[0].lower() in common and not bold


def _other_rules(sentence: Sentence, run: list[re.Match[str]], common: set[str], is_council) -> list[Candidate | None]:
    """A phrase that an acronym of its initials follows; an acronym alone; a run of capitalised words that are
    not all common words, inside a sentence or filling a heading (the weakest rules)."""
    text = sentence.text
    acronym = _ACRONYM.match(text, run[-1].end())
    if acronym and _word(run[-1]) not in HEADS:
        letters = [c for c in acronym.group(1) if c.isupper()]
        capitals = [i for i, t in enumerate(run) if t.group(0)[:1].isupper()]
        if len(capitals) >= len(letters) >= 2:
            first = capitals[-len(letters)]
            if [run[i].group(0)[0] for i in capitals[-len(letters) :]] == letters:
                return [_make(sentence, run[first:], _ORG, "other", 0.5, f"given an acronym ({acronym.group(1)})")]
    words = [_word(t) for t in run]
    if len(run) == 1 and _CAPS.match(words[0]) and words[0].lower() not in common and words[0] not in _NOT_NAMES:
        return [_make(sentence, run, _ORG, "other", 0.3, "an acronym")]
    if len(run) == 1 and _a_lone_name(text, run[0], words[0], common):
        return [_make(sentence, run, _ORG, "other", 0.2, "a capitalised word")]
    if len(run) < 2 or words[-1] in HEADS or any(w in _NOT_IN_NAMES for w in words):
        return []
    if _BOLD_LINE.fullmatch(text) and text.rstrip("* ").endswith(run[-1].group(0)) and text.index(words[0]) < 8:
        return [_make(sentence, run, "Initiative", None, 0.35, "a bold heading")]
    if all(w.lower() in common for w in words):
        return []
    heading = run[0].start() == 0 and _is_heading(text, run)
    if run[0].start() == 0 and not heading:
        return []
    if not heading and _after_a_place(words, is_council):
        return [_make(sentence, run, _ORG, "other", 0.35, "a place's name, then capitalised words")]
    rule = "a heading" if heading else "capitalised words"
    return [_make(sentence, part, "Initiative", None, 0.25, rule) for part in _split_at_and(_before_in(run))]


def _a_lone_name(text: str, token: re.Match[str], word: str, common: set[str]) -> bool:
    """'judged outstanding by Ofsted', 'partnership with Cisco': one capitalised word inside a sentence that the
    text never writes in lower case, and no word of a date, a title or a role."""
    lower = word.lower()
    before = text[: token.start()]
    return (
        bool(re.search(r"[a-z]", before))  # not the first word of a sentence, a bullet or a numbered line
        and not re.search(r"[.!?:;\-–•·*#(\"“‘']\s*$", before)
        and not _is_heading(text, [token])
        and word.isalpha()
        and len(word) >= 4
        and not {lower, lower.removesuffix("s"), lower + "s"} & common  # 'Officers' where 'officer' is written
        and not lower.endswith("ing")  # 'Designing, building and ...'
        and word not in _NOT_IN_NAMES | _OPENERS | _NOT_NAMES
        and word not in HEADS  # 'the Festival', 'the Commission's': what a name said before
        and not re.search(r"(?:\b[Aa]n?|['’]s)\s+$", before)  # 'a Guide', 'Job Seeker's Allowance'
        and not word.isupper()
    )


def _before_in(run: list[re.Match[str]]) -> list[re.Match[str]]:
    """'Waterways Nursery in Thamesmead': the name before 'in' (where two or more words stand before it); what
    follows is a place (descriptions.py)."""
    at = next((i for i, token in enumerate(run) if token.group(0) == "in"), None)
    return run[:at] if at is not None and at >= 2 else run


_COUNCIL_WORDS = set(
    "Council Councils Borough City County District Metropolitan Combined Authority of upon Royal London CC MBC BC DC "
    "CBC MDC LB RB UA".split()
)


def _after_a_place(words: list[str], is_council) -> bool:
    """'Croydon Voluntary Action', 'Sandwell CVO': a council's place name, then words that are not part of a
    council's name: a body named after the place, not the council (which would otherwise win the words)."""
    if not is_council(words[0]) or words[1] in _COUNCIL_WORDS or {"and", "&"} & set(words):
        return False  # 'Surrey CC and Sandwell MBC': councils
    return not set(words[1:]) <= _COUNCIL_WORDS


_BOLD_LINE = re.compile(r"#*\s*\*\*[^*]{3,60}\*\*\s*")  # '## **Edible York**': a heading made bold


def _is_heading(text: str, run: list[re.Match[str]]) -> bool:
    """A short line without end punctuation that the run of capitals fills ('Brent Hubs', 'One City Plan')."""
    return len(text) <= 60 and not text.endswith((".", ":", ";", ",")) and run[-1].end() >= len(text.rstrip()) - 2


def _split_at_and(run: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """'Charlie Leadbeater and Sophia Parker': two names, where 'and' has two capitalised words either side."""
    for i, token in enumerate(run):
        if token.group(0) in ("and", "&") and i >= 2 and len(run) - i - 1 >= 2:
            return [run[:i], *_split_at_and(run[i + 1 :])]
    return [run]


def _of_a_name(run: list[re.Match[str]], end: int) -> bool:
    """Whether the head word at `end` - 1 goes on with 'of' and a capitalised word ('College of Art', not
    'Board of 100')."""
    return end + 1 < len(run) and run[end].group(0) == "of" and run[end + 1].group(0)[:1].isupper()


def _leading_kind(word: str) -> str:
    return {"University": "university", "College": "college", "Bank": "company"}.get(word, "other")


def _from_head(sentence: Sentence, run: list[re.Match[str]], head: str, is_council) -> list[Candidate | None]:
    spec = HEADS[head]
    name = _name(sentence.text, run)
    if head == "Council":  # only a town, parish or community council is declared; 'the Co-operative Council' is none
        if is_council(name) or not _LOCAL_COUNCIL.search(name):
            return []
        return [_make(sentence, run, "LocalCouncil", None, 0.7, "ends with Town/Parish/Community Council")]
    if head == "Group" and _PARTY_GROUP.search(name):
        return [_make(sentence, run, _ORG, "political-group", 0.7, "a party's group")]
    kind = next((k for phrase, k in _KINDS_BEFORE.items() if name.endswith(phrase)), spec.kind)
    return [_make(sentence, run, spec.type, kind, spec.confidence, f"ends with {head}")]


def _name(text: str, run: list[re.Match[str]]) -> str:
    raw = text[run[0].start() : run[-1].end()]
    return " ".join(re.sub(r"(?:['’]s|[.'’])$", "", raw).split())


def _make(sentence: Sentence, run, etype: str, kind: str | None, confidence: float, rule: str) -> Candidate | None:
    name = _name(sentence.text, run)
    if len(name) < 3:
        return None
    raw = re.sub(r"(?:['’]s|[.'’])$", "", sentence.text[run[0].start() : run[-1].end()])
    start = sentence.start + run[0].start()
    return Candidate(start, start + len(raw), name, etype, kind, confidence, rule)


def _quoted(sentence: Sentence, common: set[str]) -> list[Candidate]:
    found = []
    for match in _QUOTED.finditer(sentence.text):
        name = " ".join(match.group(2).split()).rstrip(".,;:")
        words = name.split()
        if (
            not 1 <= len(words) <= 8
            or name.endswith(("?", "!"))
            or (match.group(1) in "'‘") != (match.group(3) in "'’")
        ):
            continue
        capitals = sum(1 for w in words if w[:1].isupper())
        if capitals < (len(words) + 1) // 2 and (len(words) > 5 or "," in name):
            continue  # a quoted clause, not a name ('I love my city' is one; 'it works, they said' is not)
        if len(words) == 1 and (len(name) < 4 or name.lower() in common):
            continue  # 'People': a word in quotes
        head = HEADS.get(words[-1])
        etype, kind = (head.type, head.kind) if head else ("Initiative", None)
        start = sentence.start + match.start(2)
        sure = 0.6 if capitals >= (len(words) + 1) // 2 else 0.4
        found.append(Candidate(start, start + len(name), name, etype, kind, sure, "quoted name"))
    return found


def _described(sentence: Sentence, common: set[str]) -> list[Candidate]:
    """'Glasgow car club', 'York anti-poverty programme': a proper name, then a few words in lower case that end
    in a noun saying what the thing is."""
    found = []
    for match in _DESCRIBED.finditer(sentence.text):
        words = match.group(0).split()
        proper = [w for w in words if w[:1].isupper()]
        if match.start() == 0 and proper[0].lower() in common or any(w in _NOT_IN_NAMES for w in proper):
            continue
        etype = _LOWER_HEADS[words[-1].lower()]
        start = sentence.start + match.start()
        found.append(
            Candidate(start, start + len(match.group(0)), " ".join(words), etype, None, 0.35, "a name, then what it is")
        )
    return found


def _people(sentence: Sentence, common: set[str]) -> list[Candidate]:
    found = []
    for pattern, rule, confidence in ((_TITLED, "title before a name", 0.7), (_ROLED, "name, then a role", 0.6)):
        for match in pattern.finditer(sentence.text):
            title = _TITLE.match(match.group(1))
            at = match.start(1) + (title.end() if title else 0)
            name = " ".join(sentence.text[at : match.end(1)].split())
            words = name.split()
            if len(words) < 2 or any(w in HEADS or w in _OPENERS or w.lower() in common for w in words):
                continue
            start = sentence.start + at
            found.append(Candidate(start, sentence.start + match.end(1), name, "Person", None, confidence, rule))
    return found


_ITEM = re.compile(r"[^,;]+")
_HONOURS = {"MP", "OBE", "MBE", "CBE", "KBE", "DBE", "MEP", "MSP", "AM", "JP"}
_LIST_AT_LEAST = 3  # names in a list of names


def _listed(sentence: Sentence, common: set[str]) -> list[Candidate]:
    """'... the police, Croydon College, Reaching Higher, Music Relief, Onside, Legacy and local businesses': in a
    list of three or more names, each name (one to five capitalised words) is an organisation, whatever its
    words say."""
    text = sentence.text
    items: list[tuple[int, int]] = []
    for chunk in _ITEM.finditer(text):
        for part in re.split(r"\s(?:and|&)\s", chunk.group(0)):
            at = text.index(part, chunk.start()) if part else chunk.start()
            run = _last_run(text, at, at + len(part))
            if run and run[1] == at + len(part.rstrip(" .:")):
                items.append(run)
    if any(w in _NOT_IN_NAMES or w in _HONOURS for w in re.findall(r"[A-Za-z]+", text)):
        return []  # a list of people and their roles ('Tim Cheetham, Cabinet Member for Children, ...')
    names = [(a, b) for a, b in items if _a_listed_name(text[a:b], common)]
    if len(names) < _LIST_AT_LEAST or len(names) * 2 < len(items):
        return []
    found = []
    for a, b in names:
        name = " ".join(text[a:b].split())
        found.append(Candidate(sentence.start + a, sentence.start + b, name, _ORG, "other", 0.35, "a name in a list"))
    return found


def _last_run(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The capitalised words that end text[start:end] ('Cisco' of 'Through partnership with Cisco'), from after
    its last word in lower case."""
    words = list(_TOKEN.finditer(text, start, end))
    first = len(words)
    while first > 0 and (
        words[first - 1].group(0)[:1].isupper()
        or words[first - 1].group(0)[:1].isdigit()
        or (words[first - 1].group(0) in _CONNECT and first < len(words))
    ):
        first -= 1
    while first < len(words) and words[first].group(0) in _CONNECT | _OPENERS:
        first += 1
    if first >= len(words):
        return None
    return words[first].start(), words[-1].start() + len(words[-1].group(0).rstrip("."))


def _a_listed_name(name: str, common: set[str]) -> bool:
    words = name.split()
    return (
        1 <= len(words) <= 5
        and not all(w.lower() in common or w in _CONNECT for w in words)
        and not any(w in _NOT_IN_NAMES or w in _NOT_NAMES for w in words)
        and len(name) >= 3
        and name[:1].isalpha()
    )
