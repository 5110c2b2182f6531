"""Who leads each initiative a review accepts: the build's shape (ontology/shapes.ttl, cgs:InitiativeShape) wants
every initiative to have a lead -- a `leads` or `runs` relation to it or to what it is part of -- or a
`lead_unstated` note saying the sources name none.

A review asks this once its relations are decided, for each accepted initiative no accepted relation gives a lead
and no undecided one may still give (a skipped proposal stays in the draft, which blocks the build until decided):
the reviewer names one (an id, or council:<name>), and a `leads` relation is written with the initiative's quote
and a note saying the reviewer gave it; or answers that the document does not say, and the initiative gets a
`lead_unstated` note saying so. `--accept-all` invents nothing: the note it writes says no lead was proposed and
the document should be checked, an open question honestly labelled. An initiative whose question was left
unanswered (the reviewer quit or skipped it) gets a note saying that.
"""

from __future__ import annotations

import difflib
from typing import Any

from ...model.vocabulary import RELATION_TYPES, kind_of
from ..records import Entity
from .review_files import Draft, Item

__all__ = [
    "ACCEPT_ALL_NOTE",
    "NOT_STATED_NOTE",
    "UNANSWERED_NOTE",
    "GIVEN_NOTE",
    "leaderless",
    "lead_question",
    "lead_candidates",
    "lead_problem",
    "answer_lead",
    "note_unstated",
]

ACCEPT_ALL_NOTE = "Accepted by councilgraph review --accept-all with no lead proposed in the draft: check the document."
NOT_STATED_NOTE = "The reviewer found no lead stated in the document (councilgraph review)."
UNANSWERED_NOTE = "Accepted by councilgraph review with the question of its lead left unanswered: check the document."
GIVEN_NOTE = "Lead given by the reviewer in councilgraph review; the quote is where the document names the initiative."
_LEAD_TYPES = ("leads", "runs")


def _accepted(items: list[Item]) -> list[Item]:
    return [i for i in items if i.decision == "accepted"]


def _has_lead(draft: Draft, project: dict[str, Entity], eid: str, seen: frozenset[str] = frozenset()) -> bool:
    """Whether `eid` has a lead once the review is written: an accepted `leads`/`runs` relation to it, a
    `lead_unstated` note, or an accepted `part_of` to an entity the project has or to one that has a lead."""
    relations = _accepted(draft.relations)
    if any(r.fields["type"] in _LEAD_TYPES and r.fields["to"] == eid for r in relations):
        return True
    entity = next((i for i in _accepted(draft.entities) if i.fields["id"] == eid), None)
    if not seen and entity is not None and entity.fields.get("lead_unstated"):  # a whole's note is not a lead
        return True
    for rel in relations:
        whole = rel.fields["to"]
        if rel.fields["type"] == "part_of" and rel.fields["from"] == eid and whole not in seen:
            if whole in project or _has_lead(draft, project, whole, seen | {eid}):
                return True
    return False


def leaderless(draft: Draft, project: dict[str, Entity], waiting: bool = True) -> list[Item]:
    """The accepted initiatives of `draft` that nothing accepted gives a lead, in the draft's order; with
    `waiting` False, not those an undecided relation of the draft may still give one (it stays in the draft,
    which blocks the build until it is decided)."""
    return [
        item
        for item in _accepted(draft.entities)
        if item.fields.get("type") == "Initiative"
        and not _has_lead(draft, project, item.fields["id"])
        and (waiting or not _may_get_lead(draft, item.fields["id"]))
    ]


def _may_get_lead(draft: Draft, eid: str) -> bool:
    return any(
        (r.fields["type"] in _LEAD_TYPES and r.fields["to"] == eid)
        or (r.fields["type"] == "part_of" and r.fields["from"] == eid)
        for r in draft.relations
        if r.decision is None
    )


def lead_question(initiative: Item) -> Item:
    """The question 'who leads it?' about an accepted initiative, as an item a review walks."""
    return Item("lead", {"id": initiative.fields["id"], "quote": initiative.fields.get("quote")}, {}, initiative.line)


def lead_candidates(draft: Draft) -> tuple[str, ...]:
    """What the draft names that could lead an initiative: its councils, and the organisations it accepted or
    knows."""
    spec = RELATION_TYPES["leads"]
    councils = [str(c.get("council")) for c in draft.councils if isinstance(c, dict) and c.get("council")]
    ids = [
        str(i.fields["id"])
        for i in draft.entities
        if (i.decision == "accepted" or not i.proposed) and kind_of(str(i.fields["id"])) in spec.from_kinds
    ]
    return tuple(dict.fromkeys(councils + ids))


def lead_problem(draft: Draft, project: dict[str, Entity], who: str) -> str | None:
    """Why `who` cannot be given as a lead (None if it can; '' is 'the document does not say')."""
    who = who.strip()
    if not who or who.startswith("council:"):
        return None
    spec = RELATION_TYPES["leads"]
    if kind_of(who) not in spec.from_kinds:
        return f"{who!r} cannot lead an initiative: give a council (council:<name>) or an organisation's id (org/...)"
    known = set(project) | set(lead_candidates(draft))
    if who in known:
        return None
    close = difflib.get_close_matches(who, sorted(known), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"no entity has the id {who!r}{hint}"


def answer_lead(draft: Draft, question: Item, who: str) -> str:
    """Record the reviewer's answer to `question`: a `leads` relation from `who`, or (blank) a `lead_unstated`
    note. Returns a message saying what was written."""
    eid, who = question.fields["id"], who.strip()
    initiative = next(i for i in draft.entities if i.fields["id"] == eid and i.decision == "accepted")
    question.decision = "answered"
    if not who:
        note_unstated(initiative, NOT_STATED_NOTE)
        return f"{eid}: lead_unstated ({NOT_STATED_NOTE})"
    fields: dict[str, Any] = {
        "type": "leads",
        "from": who,
        "to": eid,
        "quote": initiative.fields.get("quote"),
        "note": GIVEN_NOTE,
    }
    draft.relations.append(Item("relations", fields, {"status": "proposed"}, question.line, decision="accepted"))
    if not who.startswith("council:") and not any(i.fields["id"] == who for i in draft.entities):
        known = {"id": who, "quote": initiative.fields.get("quote")}  # so that the curated file names it
        draft.entities.append(Item("entities", known, {"status": "known"}, question.line))
    return f"{eid}: led by {who} (given by the reviewer)"


def note_unstated(initiative: Item, note: str) -> None:
    initiative.fields["lead_unstated"] = note
