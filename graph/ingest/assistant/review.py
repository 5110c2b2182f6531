"""Reviewing a draft that `councilgraph ingest` wrote (data/curated/<id>.draft.yaml) into curated data.

A draft proposes entities, relations and readings of ambiguous council names, each with the sentence it
was read from (docs/data-format.md, "Drafts from `councilgraph ingest`"). A review walks the proposals --
the proposed entities, then the relations, then the ambiguous councils -- and decides each: accept (as it
is, or after editing its type), reject, merge into an entity the project already has, choose a council,
or leave it for later; last, it asks who leads each accepted initiative that nothing accepted gives a lead
(review_leads.py: the build's shapes want a lead or a `lead_unstated` note). `Review` holds that walk and never
prints or prompts: the command line asks the questions (`councilgraph review`), or `accept_all` decides by
confidence alone (a participation taking the status its trigger read, an initiative without a lead a note).

`Review.save` writes what was accepted into data/curated/<id>.yaml in the curated format, keeps what is
undecided in the draft (and deletes the draft once nothing is left), each file replaced atomically; it
first checks the result with the project's loader and writes nothing if the result would not load.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from ...model.vocabulary import ENTITY_TYPES, ORGANISATION_KINDS, PARTICIPATION_STATUSES, RELATION_TYPES, kind_of
from ...paths import Paths
from ..curated import read_curated
from ..entities import REGISTRY_FILE
from ..records import Entity
from ..sources import read_manifest
from .relations import status_of_trigger
from .review_files import Draft, Item, ReviewError, curated_text, draft_text, load_draft, load_problems, write_atomic
from .review_leads import (
    ACCEPT_ALL_NOTE,
    UNANSWERED_NOTE,
    answer_lead,
    lead_candidates,
    lead_problem,
    lead_question,
    leaderless,
    note_unstated,
)

__all__ = ["ACTIONS", "Decision", "Proposal", "Summary", "Review", "ReviewError", "load_draft", "start_review"]

ACTIONS = {
    "accept": "a",
    "edit": "e",
    "reject": "r",
    "merge": "m",
    "choose": "c",
    "lead": "l",
    "skip": "s",
    "quit": "q",
}


@dataclass(frozen=True)
class Decision:
    """What the reviewer said of a proposal: an action of ACTIONS, its value (the type an edit chooses, the
    id to merge into, the council chosen or '' for none) and the fields it adds (an organisation's kind,
    the qualifiers a relation type requires)."""

    action: str
    value: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Proposal:
    """A proposal as the reviewer sees it, and what may be done with it."""

    item: Item
    text: str  # what to show: type, name or ends, confidence, rule or trigger, quote, similar ids
    actions: tuple[str, ...]  # the letters of ACTIONS that apply
    types: tuple[str, ...] = ()  # the types an edit may choose
    candidates: tuple[str, ...] = ()  # the councils an ambiguous name may be


@dataclass
class Summary:
    accepted: int = 0
    rejected: int = 0
    merged: int = 0
    chosen: int = 0
    dropped: int = 0
    left: int = 0
    written: str | None = None  # the curated file written, if any
    draft: str = ""  # the draft, and whether it was removed (nothing left) or kept
    draft_removed: bool = False
    messages: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"accepted {self.accepted}, rejected {self.rejected}, merged {self.merged}, chosen {self.chosen}, "
            f"dropped {self.dropped}; left {self.left}"
        )


def start_review(paths: Paths, source_id: str) -> Review:
    """A review of the draft for `source_id`, knowing the entities the project already declares."""
    draft = load_draft(paths, source_id)
    curated, _ = read_curated(paths.curated, read_manifest(paths.sources, paths.root), paths.root)
    return Review(paths, draft, curated.entities, paths.relative(paths.curated / REGISTRY_FILE))


class Review:
    """The walk through a draft's proposals and the decisions taken, kept until `save` writes them."""

    def __init__(self, paths: Paths, draft: Draft, project: dict[str, Entity], registry: str):
        self.paths, self.draft, self.project, self.registry = paths, draft, project, registry
        self.messages: list[str] = []
        self.stopped = False
        self._skipped: set[int] = set()
        self._questions: dict[str, Item] = {}  # 'who leads it?', by the initiative's id

    # -- the walk --------------------------------------------------------------------------------------

    def proposals(self) -> Iterator[Proposal]:
        """Each undecided proposal in turn (again after an edit), until the reviewer quits: the proposed
        entities, the relations whose ends are decided, the ambiguous councils, the relations that waited for a
        council, then for each accepted initiative nothing accepted gives a lead, the question who leads it."""
        for item in self.draft.entities:
            if item.proposed:
                yield from self._until_decided(item)
        yield from self._ready_relations()
        for item in self.draft.ambiguous:
            yield from self._until_decided(item)
        yield from self._ready_relations()
        for initiative in leaderless(self.draft, self.project, waiting=False):  # not while a lead waits
            question = self._questions.setdefault(initiative.fields["id"], lead_question(initiative))
            yield from self._until_decided(question)

    def _ready_relations(self) -> Iterator[Proposal]:
        for item in self.draft.relations:
            if self._waits_for(item) is None:
                yield from self._until_decided(item)

    def _until_decided(self, item: Item) -> Iterator[Proposal]:
        while not self.stopped and item.decision is None and id(item) not in self._skipped:
            yield self.proposal(item)

    def proposal(self, item: Item) -> Proposal:
        if item.section == "lead":
            return Proposal(item, self._describe(item), ("l", "s", "q"), candidates=lead_candidates(self.draft))
        if item.section == "ambiguous":
            candidates = tuple(item.fields["candidates"])
            return Proposal(item, self._describe(item), ("c", "s", "q"), candidates=candidates)
        if item.section == "entities":
            return Proposal(item, self._describe(item), ("a", "e", "r", "m", "s", "q"), tuple(sorted(ENTITY_TYPES)))
        frm, to = kind_of(item.fields["from"]), kind_of(item.fields["to"])
        fits = tuple(sorted(n for n, s in RELATION_TYPES.items() if frm in s.from_kinds and to in s.to_kinds))
        return Proposal(item, self._describe(item), ("a", "e", "r", "s", "q"), fits or tuple(sorted(RELATION_TYPES)))

    def _describe(self, item: Item) -> str:
        f, meta = item.fields, item.meta
        if item.section == "entities":
            kind = f" (kind {f['kind']})" if f.get("kind") else ""
            lines = [f"entity {f['id']}: {f['type']}{kind} {f['name']!r}"]
        elif item.section == "relations":
            lines = [f"relation {f['type']}: {self._named(f['from'])} -> {self._named(f['to'])}"]
        elif item.section == "lead":
            lines = [f"initiative {self._named(f['id'])}: no accepted relation says who leads it"]
        else:
            lines = [f"ambiguous council name {f['text']!r}: which council is it?"]
        how = [f"confidence {meta['confidence']}"] if "confidence" in meta else []
        how += [f"{key}: {meta[key]}" for key in ("rule", "trigger") if meta.get(key)]
        lines += [f"  {'; '.join(how)}"] if how else []
        lines += [f"  quote: {q!r}" for q in _quotes(f)]
        lines += [f"  similar ids: {', '.join(meta['similar'])}"] if meta.get("similar") else []
        if item.section == "ambiguous":
            lines += [f"  {n}. {c}" for n, c in enumerate(f["candidates"], 1)] + ["  0. none of them"]
        if item.section == "lead" and (names := lead_candidates(self.draft)):
            lines += [f"  the draft names: {', '.join(names)}"]
        return "\n".join(lines)

    def _named(self, ref: str) -> str:
        known = self.project.get(ref)
        draft = next((i for i in self.draft.entities if i.fields["id"] == ref and i.fields.get("name")), None)
        name = known.name if known is not None else draft.fields["name"] if draft is not None else None
        return f"{ref} ({name})" if name else ref

    def _waits_for(self, item: Item) -> str | None:
        """The end of a relation that is still undecided: a proposed entity, or an ambiguous council name."""
        for end in (item.fields["from"], item.fields["to"]):
            for other in self._undecided(self.draft.entities):
                if other.proposed and other.fields["id"] == end:
                    return end
            for other in self._undecided(self.draft.ambiguous):
                if _council_text(end) == _council_text("council:" + other.fields["text"]):
                    return end
        return None

    @staticmethod
    def _undecided(items: list[Item]) -> list[Item]:
        return [i for i in items if i.decision is None]

    # -- decisions -------------------------------------------------------------------------------------

    def needed(self, item: Item, new_type: str | None = None) -> list[tuple[str, tuple[str, ...]]]:
        """The fields to ask for before `item` can be accepted (with `new_type`, if an edit gives one), each
        with the values it may take (none: free text): an organisation's kind, a relation type's qualifiers."""
        if item.section == "entities":
            etype = new_type or item.fields["type"]
            kind = item.fields.get("kind") if etype == item.fields["type"] else None  # an edit's type asks again
            return (
                [("kind", tuple(sorted(ORGANISATION_KINDS)))]
                if etype == "Organisation" and kind not in ORGANISATION_KINDS
                else []
            )
        if item.section == "relations":
            spec = RELATION_TYPES[new_type or item.fields["type"]]
            values = {"status": PARTICIPATION_STATUSES}
            return [(name, tuple(values.get(name, ()))) for name in spec.required if not item.fields.get(name)]
        return []

    def suggested(self, item: Item) -> dict[str, str]:
        """What the draft itself read for a field `needed` asks: a participation's status its trigger says."""
        status = status_of_trigger(str(item.meta.get("trigger") or ""))
        return {"status": status} if status and item.section == "relations" else {}

    def lead_problem(self, item: Item, who: str) -> str | None:
        """Why `who` cannot be the answer to the question who leads `item`'s initiative (None if it can): an
        id the project or the draft knows that may lead, council:<name>, or '' (the document does not say)."""
        return lead_problem(self.draft, self.project, who)

    def merge_problem(self, item: Item, target: str) -> str | None:
        """Why `item` cannot be merged into `target` (None if it can): the target must be an id the project
        or the draft already knows."""
        known = set(self.project) | {i.fields["id"] for i in self.draft.entities if not i.proposed}
        if target == item.fields["id"]:
            return f"{target} is the proposal itself: give the id of the entity it is the same as"
        if target in known:
            return None
        close = difflib.get_close_matches(target, sorted(known), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        return f"no entity has the id {target!r}{hint}"

    def decide(self, proposal: Proposal, decision: Decision) -> None:
        """Apply the reviewer's `decision` on `proposal`; ReviewError for one that does not apply to it."""
        item, action = proposal.item, ACTIONS.get(decision.action)
        if action not in proposal.actions:
            raise ReviewError(f"{item.label()}: cannot {decision.action} it (can: {', '.join(proposal.actions)})")
        missing = [
            n for n, _ in self.needed(item, decision.value if action == "e" else None) if n not in decision.fields
        ]
        if action in ("a", "e") and missing:
            raise ReviewError(f"{item.label()}: give {', '.join(missing)} first")
        if action == "e" and decision.value not in proposal.types:
            raise ReviewError(f"{item.label()}: type {decision.value!r} is not one of {', '.join(proposal.types)}")
        if action == "m" and (problem := self.merge_problem(item, str(decision.value or ""))):
            raise ReviewError(f"{item.label()}: {problem}")
        if action == "c" and decision.value not in (*proposal.candidates, "", None):
            raise ReviewError(f"{item.label()}: {decision.value!r} is not one of its candidates")
        if action == "l" and (problem := self.lead_problem(item, str(decision.value or ""))):
            raise ReviewError(f"{item.label()}: {problem}")
        getattr(self, f"_{decision.action}")(item, decision)

    def _accept(self, item: Item, decision: Decision) -> None:
        item.fields.update(decision.fields)
        item.decision = "accepted"

    def _edit(self, item: Item, decision: Decision) -> None:
        new = str(decision.value)
        if item.section == "entities":
            old, slug = item.fields["id"], item.fields["id"].split("/", 1)[1]
            item.fields["id"] = f"{ENTITY_TYPES[new].id_kind}/{slug}"
            if new != "Organisation":
                item.fields.pop("kind", None)
            self._rewrite(old, item.fields["id"])
        item.fields["type"] = new
        item.fields.update(decision.fields)

    def _reject(self, item: Item, decision: Decision) -> None:
        item.decision = "rejected"
        if item.section == "entities":
            self._drop(item.fields["id"], f"{item.fields['id']} was rejected")

    def _merge(self, item: Item, decision: Decision) -> None:
        item.decision, item.target = "merged", decision.value
        self._rewrite(item.fields["id"], str(decision.value))

    def _choose(self, item: Item, decision: Decision) -> None:
        item.decision, item.target = "chosen", decision.value or ""
        text = "council:" + item.fields["text"]
        if not item.target:
            self._drop(text, f"{item.fields['text']!r} is none of its candidate councils")
            return
        ends = [(r, e) for r in self._undecided(self.draft.relations) for e in ("from", "to")]
        named = [(r, e) for r, e in ends if _council_text(r.fields[e]) == _council_text(text)]
        for rel, end in named:
            rel.fields[end] = item.target
        if not named:
            self.messages.append(
                f"{item.fields['text']!r} is {item.target}: no relation names it, so nothing is written"
            )

    def _lead(self, item: Item, decision: Decision) -> None:
        self.messages.append(answer_lead(self.draft, item, str(decision.value or "")))

    def _skip(self, item: Item, decision: Decision) -> None:
        self._skipped.add(id(item))

    def _quit(self, item: Item, decision: Decision) -> None:
        self.stopped = True

    def _rewrite(self, old: str, new: str) -> None:
        for rel in self._undecided(self.draft.relations):
            for end in ("from", "to"):
                if rel.fields[end] == old:
                    rel.fields[end] = new

    def _drop(self, end: str, why: str) -> None:
        for rel in self._undecided(self.draft.relations):
            if _council_text(end) in (_council_text(rel.fields["from"]), _council_text(rel.fields["to"])):
                rel.decision = "dropped"
                self.messages.append(f"dropped relation {rel.label()}: {why}")

    def accept_all(self, min_confidence: float = 0.0) -> None:
        """Accept every proposed entity, then every relation whose ends are decided, of confidence at least
        `min_confidence`; ambiguous councils are never chosen, and what needs a field asked is left."""
        for item in [i for i in self._undecided(self.draft.entities) if i.proposed]:
            self._accept_if_sure(item, min_confidence)
        for item in self._undecided(self.draft.relations):
            if self._waits_for(item) is None:
                self._accept_if_sure(item, min_confidence)
        self._note_leaderless(ACCEPT_ALL_NOTE)

    def _note_leaderless(self, note: str) -> None:
        """A `lead_unstated` note on each accepted initiative nothing accepted gives a lead (the build's shape
        wants a lead or a note), saying why: never a lead made up."""
        for initiative in leaderless(self.draft, self.project, waiting=False):
            note_unstated(initiative, note)
            self.messages.append(f"{initiative.fields['id']}: no lead accepted, so lead_unstated: {note}")

    def _accept_if_sure(self, item: Item, min_confidence: float) -> None:
        if item.confidence < min_confidence:
            return
        status = status_of_trigger(str(item.meta.get("trigger") or ""))
        if item.section == "relations" and "status" in dict(self.needed(item)) and status:
            item.fields["status"] = status  # what the trigger read ('took part in': took-part), not a guess
        needed = [name for name, _ in self.needed(item)]
        if needed:
            self.messages.append(f"left {item.label()} in the draft: it needs {', '.join(needed)} (review it)")
        else:
            item.decision = "accepted"

    # -- saving ----------------------------------------------------------------------------------------

    def save(self) -> Summary:
        """Write the decisions: the accepted blocks into data/curated/<id>.yaml (checked with the project's
        loader first: ReviewError, and nothing written, when it would not load), and what is undecided back
        into the draft, which is deleted once nothing is left."""
        draft, target = self.draft, self.paths.curated / f"{self.draft.source}.yaml"
        self._note_leaderless(UNANSWERED_NOTE)
        summary = self._summary()
        existing = target.read_text(encoding="utf-8") if target.exists() else None
        entities, relations = self._blocks(existing)
        text = curated_text(existing, draft, entities, relations) if entities or relations else None
        if text is not None:
            problems = load_problems(self.paths, target, text)
            if problems:
                raise ReviewError(
                    f"the review would make {self.paths.relative(target)} fail to load, so nothing was written "
                    "(the draft is as it was):\n"
                    + "\n".join(f"  {problem}" for problem in problems)
                    + f"\nreview again (`councilgraph review {draft.source}`) and edit or reject what these name"
                )
        if not any(i.decision for i in [*draft.entities, *draft.relations, *draft.ambiguous]):
            return summary
        if text is not None:
            write_atomic(target, text)
            summary.written = self.paths.relative(target)
        left = draft_text(draft)
        if left is None:
            draft.path.unlink()
            summary.draft_removed = True
        else:
            write_atomic(draft.path, left)
        return summary

    def _summary(self) -> Summary:
        items = [*self.draft.entities, *self.draft.relations, *self.draft.ambiguous]
        count = {d: sum(1 for i in items if i.decision == d) for d in ("accepted", "rejected", "merged", "chosen")}
        return Summary(
            accepted=count["accepted"],
            rejected=count["rejected"],
            merged=count["merged"],
            chosen=count["chosen"],
            dropped=sum(1 for i in items if i.decision == "dropped"),
            left=sum(1 for i in items if i.decision is None and i.proposed),
            draft=self.paths.relative(self.draft.path),
            messages=self.messages
            + [f"kept {i.label()} in the draft: it waits for {end}" for i in items if (end := self._waits(i))],
        )

    def _waits(self, item: Item) -> str | None:
        return self._waits_for(item) if item.section == "relations" and item.decision is None else None

    def _blocks(self, existing: str | None) -> tuple[list[dict], list[dict]]:
        """The blocks to add to the curated file: the accepted entities, a block naming each entity a proposal
        was merged into and each known entity an accepted relation names; the accepted relations."""
        relations = [dict(i.fields) for i in self.draft.relations if i.decision == "accepted"]
        named = {r[end] for r in relations for end in ("from", "to")}
        declared = _declared(existing)
        entities: list[dict] = []
        references: dict[str, dict] = {}
        for item in self.draft.entities:
            if item.decision == "accepted":
                entities.append(dict(item.fields))
            elif item.decision == "merged" or (not item.proposed and item.fields["id"] in named):
                eid = str(item.target or item.fields["id"])
                if eid not in declared:
                    self._reference(eid, item, entities, references)
        return entities, relations

    def _reference(self, eid: str, item: Item, entities: list[dict], references: dict[str, dict]) -> None:
        """Add `item`'s quotes to the block naming `eid` (made if new): its id alone for an entity of the
        registry; its type, kind and name too for one another document's file declares."""
        block = references.get(eid)
        if block is None:
            block = references[eid] = {"id": eid}
            known = self.project.get(eid)
            if known is not None and not known.where.startswith(self.registry + ":"):
                block.update({"type": known.type, **({"kind": known.kind} if known.kind else {}), "name": known.name})
            entities.append(block)
        quotes = _quotes(block) + [q for q in _quotes(item.fields) if q not in _quotes(block)]
        block["quote"] = quotes[0] if len(quotes) == 1 else quotes


def _council_text(ref: str) -> str:
    """A reference as compared with a council name: case and runs of white space aside."""
    return " ".join(ref.split()).casefold() if ref.startswith("council:") else ref


def _declared(text: str | None) -> set[str]:
    """The ids a curated file's text declares (blocks of its entities)."""
    try:
        doc = yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        return set()
    blocks = doc.get("entities") if isinstance(doc, dict) else None
    return {b["id"] for b in blocks or [] if isinstance(b, dict) and isinstance(b.get("id"), str)}


def _quotes(fields: dict[str, Any]) -> list[str]:
    quote = fields.get("quote")
    return [quote] if isinstance(quote, str) else list(quote or [])
