"""Entities and relations read from a document's layout and from the document as a whole, not from one sentence:
the case studies and initiatives headings name (under a council's line, lettered, numbered, in an outline, under a
partner's heading), what the document says of itself, the organisations a case study names; each with its quote.
The rules themselves are in structure.py, lettered.py, outline.py, headings.py and casestudies.py; this module
turns what they find into the draft's findings."""

from __future__ import annotations

import bisect
import re

from ...model.vocabulary import ENTITY_TYPES, RELATION_TYPES, kind_of
from .casestudies import PartnerCaseStudy
from .findings import EntityFound, RelationFound
from .headings import Case
from .lettered import RULE as LETTERED_RULE
from .lettered import Lettered
from .outline import Strand
from .sentences import SPACED_DASH, Sentence, clip_quote, quotable
from .slug import entity_id
from .structure import Named, Titled, alone_on_their_lines, from_layout

__all__ = [
    "laid_out",
    "titles",
    "outline_entities",
    "in_the_strand",
    "case_entity",
    "case_about",
    "lettered_entity",
    "under_a_lettered_heading",
    "partner_case_study",
    "partner_about",
    "the_documents_own",
    "partners_under_titles",
    "about",
]


def laid_out(
    sentences: list[Sentence], names: dict[int, list[Named]], text: str, programme_of: dict[str, str]
) -> list[RelationFound]:
    """The relations the document's layout suggests (structure.py), where no sentence proposed them."""
    return [
        RelationFound(laid.type, laid.source, laid.target, clip_quote(laid.sentence, [laid.span], text),
                      laid.confidence, laid.trigger, (("status", laid.status),) if laid.status else ())
        for laid in from_layout(sentences, names, programme_of)
    ]  # fmt: skip


def _title_quote(titled: Titled, text: str) -> str:
    """From the council's line to the end of the heading under it: 'Brent Council Brent Hubs'."""
    return text[titled.council.start : titled.heading.end]


def titles(titled: list[Titled], text: str, normalised: str, taken: set[str]) -> list[EntityFound]:
    """A case study for each heading under a council's line (proposed after the sentences' own finds), and the
    initiative the heading names, unless the sentences found something there already (`taken`: their ids)."""
    found: dict[str, EntityFound] = {}
    for t in titled:
        name = " ".join(t.heading.text.split())
        quote = _title_quote(t, text)
        if not quotable(quote, normalised):
            continue
        eid = entity_id(ENTITY_TYPES["CaseStudy"].id_kind, name)
        rule = "a heading under a council's line"
        found.setdefault(eid, EntityFound(eid, "proposed", quote, 0, "CaseStudy", None, name, 0.3, rule))
        if (iid := _titled_initiative(t)) not in taken:
            rule = "a heading under a council's line: what it names"
            named = _titled_name(t)
            found.setdefault(iid, EntityFound(iid, "proposed", quote, 0, "Initiative", None, named, 0.3, rule))
    return sorted(found.values(), key=lambda e: e.id)


_OUTLINE_RULE = "a line under a heading in capitals, over bullets"


def outline_entities(strands: list[Strand]) -> list[EntityFound]:
    """Each strand of an outlined plan (a programme) and each piece of work under it (an initiative)."""
    found: dict[str, EntityFound] = {}
    for strand in strands:
        sid = entity_id(ENTITY_TYPES["Programme"].id_kind, strand.name)
        quote = " ".join(strand.heading.text.split())
        found.setdefault(sid, EntityFound(sid, "proposed", quote, 0, "Programme", None, strand.name, 0.3,
                                          "a heading in capitals over an outline"))  # fmt: skip
        for line, name in strand.items:
            iid = entity_id(ENTITY_TYPES["Initiative"].id_kind, name)
            found.setdefault(iid, EntityFound(iid, "proposed", " ".join(line.text.split()), 0, "Initiative", None,
                                              name, 0.3, _OUTLINE_RULE))  # fmt: skip
    return sorted(found.values(), key=lambda e: e.id)


def in_the_strand(strand: Strand, normalised: str) -> list[RelationFound]:
    sid = entity_id(ENTITY_TYPES["Programme"].id_kind, strand.name)
    trigger = f"under the heading {' '.join(strand.heading.text.split())!r}"
    return [
        RelationFound("part_of", entity_id(ENTITY_TYPES["Initiative"].id_kind, name), sid,
                      " ".join(line.text.split()), 0.3, trigger)
        for line, name in strand.items
    ]  # fmt: skip


def _case_id(case: Case) -> str:
    return entity_id(ENTITY_TYPES["CaseStudy"].id_kind, case.name)


def case_entity(case: Case) -> EntityFound:
    quote = " ".join(case.title.text.split())
    rule = "a numbered heading among case studies"
    return EntityFound(_case_id(case), "proposed", quote, 0, "CaseStudy", None, case.name, 0.3, rule)


def case_about(case: Case, text: str, source: str | None) -> list[RelationFound]:
    """A numbered case study is about the council and the initiative its heading names, and part of the
    document."""
    quote = " ".join(case.title.text.split())
    found = [RelationFound("about", _case_id(case), ref, quote, 0.3, "named in its heading") for ref in case.about]
    if source:
        found.append(
            RelationFound("part_of", _case_id(case), f"source/{source}", quote, 0.3, "a case study in the document")
        )
    return found


def _lettered_id(heading: Lettered) -> str:
    return entity_id(ENTITY_TYPES[heading.type].id_kind, heading.name)


def lettered_entity(heading: Lettered) -> EntityFound:
    quote = " ".join(heading.heading.text.split())
    return EntityFound(
        _lettered_id(heading), "proposed", quote, 0, heading.type, None, heading.name, 0.3, LETTERED_RULE
    )


# what a thing a bullet names is to the heading over it: (relation type, role)
_UNDER_A_HEADING = {
    "council": ("participates", None),
    "localcouncil": ("participates", None),
    "org": ("participates", None),
    "person": ("presents", None),
    "initiative": ("related_to", "listed under"),
    "fund": ("related_to", "listed under"),
}


def under_a_lettered_heading(heading: Lettered, text: str) -> list[RelationFound]:
    """What the bullets under a lettered heading name takes part in what the heading names; the heading is part of
    the event named before it."""
    hid = _lettered_id(heading)
    trigger = f"under the heading {heading.name!r}"
    found = []
    if heading.part_of is not None:
        quote = " ".join(heading.heading.text.split())
        found.append(RelationFound("part_of", hid, heading.part_of.ref, quote, 0.3, "a heading after the event's"))
    for sentence, named in heading.items:
        kind = named.ref.split(":")[0] if named.ref.startswith("council:") else named.ref.split("/")[0]
        rtype, role = _UNDER_A_HEADING.get(kind, (None, None))
        if rtype == "presents" and heading.type != "Event":
            rtype = "participates"
        if rtype is None or named.ref == hid:
            continue
        quote = clip_quote(sentence, [(named.start, named.end)], text)
        qualifiers = (("role", role),) if role else ()
        found.append(RelationFound(rtype, named.ref, hid, quote, 0.3, trigger, qualifiers))
    return found


def partner_case_study(study: PartnerCaseStudy, text: str) -> EntityFound:
    rule = "a heading 'X working with Y', then a title"
    return EntityFound(study.id, "proposed", text[study.start : study.end], 0, "CaseStudy", None, study.name, 0.3, rule)


def _partner_initiative_id(study: PartnerCaseStudy) -> str:
    return entity_id(ENTITY_TYPES["Initiative"].id_kind, SPACED_DASH.split(study.title, maxsplit=1)[0])


def partner_about(study: PartnerCaseStudy, text: str, source: str | None) -> list[RelationFound]:
    """A partner's case study is about what its heading names, and part of the document it is in; the initiative
    its title names, where the text's sentences name it too, is the partner's (the first thing the heading
    names)."""
    quote = text[study.start : study.end]
    found = [RelationFound("about", study.id, ref, quote, 0.3, "named in its heading") for ref in study.about]
    if kind_of(study.about[0]) in RELATION_TYPES["leads"].from_kinds:
        initiative = _partner_initiative_id(study)
        found.append(RelationFound("leads", study.about[0], initiative, quote, 0.3, "working with, then the title"))
    if source:
        found.append(RelationFound("part_of", study.id, f"source/{source}", quote, 0.3, "a case study in the document"))
    return found


def _titled_name(titled: Titled) -> str:
    """What a heading under a council's line names: its words before a dash set off by spaces ('Route29 - our new
    approach to ...' names Route29)."""
    return " ".join(SPACED_DASH.split(titled.heading.text, maxsplit=1)[0].split())


def _titled_initiative(titled: Titled) -> str:
    return entity_id(ENTITY_TYPES["Initiative"].id_kind, _titled_name(titled))


_OPENING = 15  # sentences at a document's start in which it says what it is
_FOR_WHOM = re.compile(
    r"\b(?:[Ss]ummary|[Rr]eport|[Bb]riefing|[Uu]pdate|[Pp]aper) for (?:the )?|\b[Tt]his (?:report|paper"
    r"|submission|briefing|note) (?:updates|informs|is for|is to) (?:the )?|^\W*(?:[Ss]ubmission|"
    r"[Rr]esponse|[Ee]vidence)\b.*?\bto (?:the )?"
)
_BY_WHOM = re.compile(r"^\W*(?:[Ss]ubmission|[Rr]esponse|[Ee]vidence|[Rr]eport) (?:of|from|by) (?:the )?")


def the_documents_own(
    sentences: list[Sentence], names: dict[int, list[Named]], text: str, source: str | None
) -> list[RelationFound]:
    """What a document says of itself at its start: 'Summary for Improvement Board', 'This report updates the
    Community Wellbeing Board', 'Submission of the CCIN to the Taskforce': whom it is addressed to (the name right
    after the words), and who wrote it (the name right after 'Submission of')."""
    if not source:
        return []
    document = f"source/{source}"
    found = []
    for i, sentence in enumerate(sentences[:_OPENING]):
        named = names.get(i, [])
        for pattern, rtype in ((_FOR_WHOM, "addressed_to"), (_BY_WHOM, "authored")):
            for match in pattern.finditer(sentence.text):
                at = sentence.start + match.end()
                whom = next((n for n in named if n.start == at), None)
                if whom is None:
                    continue
                ends = (document, whom.ref) if rtype == "addressed_to" else (whom.ref, document)
                spec = RELATION_TYPES[rtype]
                if kind_of(ends[0]) in spec.from_kinds and kind_of(ends[1]) in spec.to_kinds:
                    quote = clip_quote(sentence, [(whom.start, whom.end)], text)
                    found.append(RelationFound(rtype, *ends, quote, 0.4, f"the document: {match.group(0).strip()!r}"))
    return found


_TITLED_SECTION = 40  # sentences a heading under a council's line reaches


def partners_under_titles(
    sentences: list[Sentence], names: dict[int, list[Named]], titled: list[Titled], text: str
) -> list[RelationFound]:
    """The organisations a case study under a council's line names (up to the next council's line) are the
    partners of the initiative its heading names: the weakest reading (0.2), for the reviewer to type."""
    alone = alone_on_their_lines(sentences, names)
    starts = [s.start for s in sentences]
    found = []
    for t in titled:
        first = bisect.bisect_left(starts, t.heading.start) + 1
        initiative = _titled_initiative(t)
        for i in range(first, min(len(sentences), first + _TITLED_SECTION)):
            if i in alone and kind_of(alone[i].ref) == "council":
                break
            for named in names.get(i, []):
                if kind_of(named.ref) == "org":
                    quote = clip_quote(sentences[i], [(named.start, named.end)], text)
                    trigger = f"named in the case study under {' '.join(t.heading.text.split())!r}"
                    found.append(RelationFound("partner", initiative, named.ref, quote, 0.2, trigger))
    return found


def about(titled: Titled, text: str, source: str | None) -> list[RelationFound]:
    """A case study is about the council whose line it stands under, and part of the document it is in."""
    eid = entity_id(ENTITY_TYPES["CaseStudy"].id_kind, " ".join(titled.heading.text.split()))
    quote = _title_quote(titled, text)
    found = [RelationFound("about", eid, titled.council.ref, quote, 0.3, "a heading under the council's line")]
    found.append(RelationFound("leads", titled.council.ref, _titled_initiative(titled), quote, 0.3, "its line"))
    if source:
        found.append(RelationFound("part_of", eid, f"source/{source}", quote, 0.3, "a case study in the document"))
    return found
