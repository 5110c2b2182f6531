"""Relations a sentence may state: it names two or more recognised things (councils, known entities, candidates)
and holds a trigger ('funded by', 'in partnership with', 'led', 'member of', ...). Each trigger proposes the
project's relation types it may mean, in order; the first whose ends fit the vocabulary's kinds
(graph.model.vocabulary.RELATION_TYPES) is proposed, with the trigger, a confidence in 0..1 and the status or role
its type needs. Nothing here is read as a fact: a reviewer accepts or drops each one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model.vocabulary import RELATION_TYPES, kind_of

__all__ = ["Mention", "Proposed", "propose_relations", "status_of_trigger", "TRIGGERS"]


@dataclass(frozen=True)
class Mention:
    start: int  # in the sentence
    end: int
    ref: str  # council:<name> or an entity id


@dataclass(frozen=True)
class Proposed:
    type: str
    source: str
    target: str
    confidence: float
    trigger: str
    status: str | None = None
    role: str | None = None
    spans: tuple[tuple[int, int], ...] = ()  # the two mentions, in the sentence


@dataclass(frozen=True)
class Trigger:
    pattern: re.Pattern[str]
    types: tuple[str, ...]  # the relation types it may mean, tried in order
    passive: bool = False  # 'funded by': the doer comes after the trigger
    confidence: float = 0.5
    status: str | None = None
    role: str | None = None


def _t(words: str, types: tuple[str, ...], **kw) -> Trigger:
    return Trigger(re.compile(rf"\b(?:{words})\b", re.IGNORECASE), types, **kw)


_LEAD = ("leads", "runs")
TRIGGERS: tuple[Trigger, ...] = (
    _t(r"(?:led|run|delivered|managed|hosted|organi[sz]ed|coordinated|co-ordinated) by", _LEAD, passive=True,
       confidence=0.6),
    _t(r"(?:funded|financed|sponsored|paid for|backed) by|funding from|grants? from|investment from|money from",
       ("funds",), passive=True, confidence=0.6),
    _t(r"commissioned by", ("related_to",), passive=True, confidence=0.4, role="commissioned"),
    _t(r"supported by|support from|help from|advice from|mentored by", ("supports",), passive=True, confidence=0.55),
    _t(r"(?:established|set up|founded|created|launched|spun out|formed) by", ("leads", "established"), passive=True,
       confidence=0.6),
    _t(r"in partnership with|(?:a |in )?partnership (?:with|between)|partnered with|partners with|"
       r"(?:working|worked|works|work) (?:closely |together |jointly )?with|together with|jointly with|"
       r"collaborat\w* with|alongside|joint (?:venture|service|bid|arrangement) (?:with|between)|linked (?:up )?with|"
       r"teamed up with|in collaboration with", ("partner",), confidence=0.55),
    _t(r"members? of|membership of|joined|signed up to", ("member", "participates"), confidence=0.55,
       status="took-part"),
    _t(r"part of|strand of|element of|work ?stream of|component of", ("part_of",), confidence=0.5),
    _t(r"took part in|taking part in|takes part in|participat\w* in|involved in", ("participates",),
       confidence=0.5, status="took-part"),
    _t(r"selected for|selected to", ("participates",), confidence=0.5, status="selected"),
    _t(r"applied (?:to|for)|bid (?:to|for)|bids for|submitted a bid", ("participates",), confidence=0.45,
       status="applied"),
    _t(r"withdrew from|withdrawn from|pulled out of", ("participates",), confidence=0.5, status="withdrew"),
    _t(r"(?:based|located|situated) in|(?:area|part|heart|centre) of|(?:new )?home in", ("located_in",),
       confidence=0.5),
    _t(r"-based", ("located_in",), passive=True, confidence=0.45),  # 'Bristol-based social enterprise ...'

    _t(r"(?:is |was |remains )?(?:the )?home (?:of|to)", ("located_in",), passive=True, confidence=0.45),
    _t(r"(?:a )?joint (?:programme|project|initiative|scheme|venture|fund) (?:between|of|from|by)",
       ("runs", "leads"), passive=True, confidence=0.55),
    _t(r"(?:the )?(?:co-)?founders? (?:and \w+ )?of", ("established",), confidence=0.5),
    _t(r"builds? on|built on|grew out of|stems? from|follows on from", ("builds_on",), confidence=0.45),
    _t(r"in response to|responds? to|responding to", ("responds_to",), confidence=0.45),
    _t(r"funds|funded|funding|financed|invested in|invests in|investing in|commissioned|commissions",
       ("funds",), confidence=0.45),
    _t(r"supports|supported|supporting|helped|helps|mentors|mentoring|advises|advised", ("supports",),
       confidence=0.4),
    _t(r"established|set up|founded|created|launched|spun out|formed|creating|setting up|launching|launches",
       ("leads", "established"), confidence=0.45),
    _t(r"leads|leading|led|runs|running|delivers|delivering|delivered|implementing|implements|implemented|"
       r"developing|develops|developed|piloting|pilots|piloted|manages|managing|hosts|hosting|hosted|"
       r"organises|organised|introduced|introducing", _LEAD, confidence=0.45),
    _t(r"(?:to|will|would|plans? to|aims? to|proposes? to|intends? to) (?:create|develop|deliver|run|pilot|"
       r"introduce|launch|establish|set up|implement|host|organise|lead)", _LEAD, confidence=0.4),
    _t(r"received|receives|awarded|won|wins", ("awarded",), confidence=0.4),
    _t(r"present|presents|presented|presenting|spoke at|speaking at", ("presents",), confidence=0.4),
    _t(r"(?:Deputy |Executive |Cabinet )?(?:Leader|Chair|Director|Chief Executive|Mayor|Member|Portfolio Holder)"
       r"(?: of| for| at)?", ("holds_role",), confidence=0.45),
)  # fmt: skip
_POSSESSIVE = re.compile(r"['’]s\s+['‘\"“]?")  # "Brighton & Hove's 'We Live Here'"
_MAX_TARGETS = 4  # one trigger pairs its doer with at most this many of what follows it


def status_of_trigger(word: str) -> str | None:
    """The participation status a trigger as written says ('took part in': took-part), if it says one."""
    return next((t.status for t in TRIGGERS if t.status and t.pattern.fullmatch(word)), None)


def propose_relations(sentence: str, mentions: list[Mention]) -> list[Proposed]:
    """The relations `sentence` may state between `mentions` (in text order, none overlapping)."""
    if len({m.ref for m in mentions}) < 2:
        return []
    found = _possessives(sentence, mentions) + _where(sentence, mentions) + _where_they_went(sentence, mentions)
    taken: list[tuple[int, int]] = []
    for trigger in TRIGGERS:
        for match in trigger.pattern.finditer(sentence):
            if any(a < match.end() and match.start() < b for a, b in taken) or _inside(match, mentions):
                continue
            taken.append(match.span())
            found.extend(_from_trigger(sentence, trigger, match, mentions))
    return found


def _inside(match: re.Match[str], mentions: list[Mention]) -> bool:
    return any(m.start < match.end() and match.start() < m.end for m in mentions)


def _from_trigger(sentence: str, trigger: Trigger, match: re.Match[str], mentions: list[Mention]) -> list[Proposed]:
    before = [m for m in mentions if m.end <= match.start()]
    after = [m for m in mentions if m.start >= match.end()][:_MAX_TARGETS]
    symmetric = all(RELATION_TYPES[t].symmetric for t in trigger.types)
    if not before and symmetric and len(after) >= 2:  # 'a partnership between A and B'
        before, after = after[:1], after[1:]
    if not before or not after:
        return []
    if trigger.passive:  # 'funded by A and B': each of the coordinated doers
        pairs = [(doer, before[-1]) for doer in _coordinated(sentence, after, forward=True)]
    else:  # 'A and the B launched C': each of the coordinated doers, with each of what follows
        pairs = [(doer, m) for doer in _coordinated(sentence, before, forward=False) for m in after]
    found = []
    word = " ".join(match.group(0).split())
    for doer, done in pairs:
        role = word if trigger.types == ("holds_role",) else trigger.role
        proposed = _typed(trigger, doer, done, word, role)
        if proposed is not None:
            far = min(abs(doer.end - match.start()), abs(done.start - match.end())) > 80
            found.append(_with_confidence(proposed, proposed.confidence - (0.1 if far else 0)))
    return found


_AND = re.compile(r"\s*(?:,\s*and|,|and|&)\s+(?:the\s+)?", re.IGNORECASE)


def _coordinated(sentence: str, mentions: list[Mention], forward: bool) -> list[Mention]:
    """The mention next to the trigger and those joined to it by 'and', '&' or commas ('A, B and the C')."""
    order = mentions if forward else mentions[::-1]
    chosen = [order[0]]
    for mention in order[1:]:
        last = chosen[-1]
        gap = sentence[last.end : mention.start] if forward else sentence[mention.end : last.start]
        if not _AND.fullmatch(gap):
            break
        chosen.append(mention)
    return chosen


def _typed(trigger: Trigger, doer: Mention, done: Mention, word: str, role: str | None) -> Proposed | None:
    """The first of the trigger's types whose ends fit, either way round (a turned relation is less sure)."""
    if doer.ref == done.ref:
        return None
    for flipped, (a, b) in enumerate(((doer, done), (done, doer))):
        for rtype in trigger.types:
            spec = RELATION_TYPES[rtype]
            if kind_of(a.ref) in spec.from_kinds and kind_of(b.ref) in spec.to_kinds:
                status = trigger.status if rtype == "participates" else None
                return Proposed(
                    rtype,
                    a.ref,
                    b.ref,
                    round(trigger.confidence - 0.15 * flipped, 2),
                    word,
                    status,
                    role if rtype in ("holds_role", "related_to") else None,
                    ((a.start, a.end), (b.start, b.end)),
                )
    return None


def _with_confidence(proposed: Proposed, confidence: float) -> Proposed:
    return Proposed(
        proposed.type,
        proposed.source,
        proposed.target,
        round(max(0.05, min(1.0, confidence)), 2),
        proposed.trigger,
        proposed.status,
        proposed.role,
        proposed.spans,
    )


def _possessives(sentence: str, mentions: list[Mention]) -> list[Proposed]:
    """ "Brighton & Hove's 'We Live Here' project": a council's or organisation's initiative, which it leads; "the
    Scottish Government's Affordable Housing Supply Programme": its programme (or fund, network, event), which it
    runs."""
    found = []
    for first, second in zip(mentions, mentions[1:]):
        gap = sentence[first.end : second.start]
        if not _POSSESSIVE.fullmatch(gap):
            continue
        for rtype in _LEAD:  # an initiative is led; a programme, fund, network or event is run
            spec = RELATION_TYPES[rtype]
            if kind_of(first.ref) in spec.from_kinds and kind_of(second.ref) in spec.to_kinds:
                spans = ((first.start, first.end), (second.start, second.end))
                found.append(Proposed(rtype, first.ref, second.ref, 0.5, "'s", spans=spans))
                break
    return found


_IN = re.compile(r"\s+(?:in|within|across)\s+(?:the\s+)?")  # "the Harlesden Hub in Kilburn"


def _where(sentence: str, mentions: list[Mention]) -> list[Proposed]:
    """ "Waterways Nursery in Thamesmead": a thing named right before 'in' and a place or council is located there."""
    found = []
    spec = RELATION_TYPES["located_in"]
    for first, second in zip(mentions, mentions[1:]):
        fits = kind_of(first.ref) in spec.from_kinds and kind_of(second.ref) in spec.to_kinds
        if fits and first.ref != second.ref and _IN.fullmatch(sentence[first.end : second.start]):
            spans = ((first.start, first.end), (second.start, second.end))
            found.append(Proposed("located_in", first.ref, second.ref, 0.4, "in", spans=spans))
    return found


_WENT = re.compile(
    r"\bwhere\b(?P<who>[^.;]{3,300}?)\b(?:sent (?:representatives|delegates|officers|members|staff)|attended|took "
    r"part|presented|showcased|exhibited|spoke)\b"
)


def _where_they_went(sentence: str, mentions: list[Mention]) -> list[Proposed]:
    """'the Innovation Zone at LGA Conference where Wigan, Derbyshire and Stoke sent representatives': each council
    or body named between 'where' and the verb took part in the first event named before 'where'."""
    found = []
    for match in _WENT.finditer(sentence):
        event = next((m for m in mentions if m.end <= match.start() and kind_of(m.ref) == "event"), None)
        if event is None:
            continue
        for who in mentions:
            inside = match.start("who") <= who.start and who.end <= match.end("who")
            if inside and kind_of(who.ref) in RELATION_TYPES["participates"].from_kinds:
                spans = ((who.start, who.end), (event.start, event.end))
                found.append(Proposed("participates", who.ref, event.ref, 0.4, "where ... took part", spans=spans))
    return found
