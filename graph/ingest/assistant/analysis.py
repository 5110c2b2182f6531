"""A text read for what the project can recognise in it: councils (resolved or ambiguous), known entities, new
candidates and the relations between them, each with a quote that stands verbatim in the text. Pure: no files are
read or written here (pipeline.py does that)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ...model.vocabulary import ENTITY_TYPES, kind_of
from ..sources import normalise_space
from .candidates import Candidate, find_candidates
from .casestudies import partner_case_studies
from .coreference import referring_back
from .council_lines import RULE as PAIRED_RULE
from .council_lines import council_line
from .councils import CouncilFinder, CouncilHit
from .descriptions import described_by_sentence
from .findings import AmbiguousFound, CouncilFound, EntityFound, Findings, RelationFound
from .headings import case_studies, under_numbered_headings
from .known import Knowledge, KnownFinder, KnownHit
from .lettered import lettered_headings
from .outline import outline
from .patterns import fold, fold_name, longest_first
from .phases import Phases
from .readings import (
    about,
    case_about,
    case_entity,
    in_the_strand,
    laid_out,
    lettered_entity,
    outline_entities,
    partner_about,
    partner_case_study,
    partners_under_titles,
    the_documents_own,
    titles,
    under_a_lettered_heading,
)
from .relations import Mention, Proposed, propose_relations
from .sentences import Sentence, clip_quote, quotable, split_sentences
from .slug import entity_id
from .spans import (
    RANK,
    Span,
    by_sentence,
    council_refs,
    member_lines_read,
    mention,
    named_again,
    names_by_sentence,
    nested_councils,
    quote_of,
    weak_give_way,
    what_councils_did_spans,
)
from .structure import Named, titled_under_councils

__all__ = ["Findings", "CouncilFound", "AmbiguousFound", "EntityFound", "RelationFound", "Analyser", "Progress"]

Progress = Callable[[int, int], None]  # (sentences read, sentences in all)
_PHASE_WORD = re.compile(r"\b(?:phase|wave)\s", re.IGNORECASE)
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z'-]*")
_SIMILAR = 88  # rapidfuzz token_sort_ratio at or above which a candidate is flagged as like a known entity
# words that say what kind of thing a name is, not which: a name with or without them names the same thing
_KIND_WORDS = frozenset(
    "scheme project programme programmes initiative fund trust ltd limited cic partnership network the "
    "service services plan strategy pilot".split()
)


class Analyser:
    """The project's knowledge made ready to read texts with (built once, used for any number of texts)."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge
        self.councils = CouncilFinder(knowledge.reference, knowledge.council_aliases)
        self.known = KnownFinder(knowledge.entities, self.councils.names_a_council)
        self.known_names: dict[str, str] = {}  # folded name or alias -> id, for candidates that are known
        for entity in knowledge.entities.values():
            for name in entity.names:
                self.known_names.setdefault(fold_name(name.strip("'\"‘’“” ")), entity.id)
        self.choices = sorted((name, eid) for eid, e in knowledge.entities.items() for name in e.names)
        self.phases = Phases(knowledge.entities)

    def analyse(self, text: str, date: str, progress: Progress | None = None, source: str | None = None) -> Findings:
        """What `text` (a document dated `date`, the source `source` once stored) names, and the relations it may
        state."""
        sentences = split_sentences(text)
        spans = self._spans(text, date, sentences, progress)
        per_sentence = by_sentence(sentences, spans)
        findings = Findings(len(sentences))
        normalised = normalise_space(text)
        refs = council_refs(per_sentence)
        findings.councils = _councils(per_sentence, refs, text, normalised)
        findings.ambiguous = _ambiguous(per_sentence, text, normalised)
        names = names_by_sentence(sentences, spans, refs)
        titled = titled_under_councils(sentences, names)
        findings.entities = self._entities(per_sentence, text, normalised)
        findings.entities += titles(titled, text, normalised, {e.id for e in findings.entities})
        partnered = [p for p in partner_case_studies(sentences, names) if quotable(text[p.start : p.end], normalised)]
        findings.entities += [partner_case_study(p, text) for p in partnered]
        strands = [s for s in outline(sentences) if quotable(s.heading.text, normalised)]
        cases = [c for c in case_studies(sentences, names) if quotable(c.title.text, normalised)]
        lettered = [h for h in lettered_headings(sentences, names) if quotable(h.heading.text, normalised)]
        for more in (outline_entities(strands), map(case_entity, cases), map(lettered_entity, lettered)):
            taken = {e.id for e in findings.entities}  # what the sentences (and the rules before) found wins
            findings.entities += [e for e in more if e.id not in taken]
        named = {e.id for e in findings.entities} | {c.council for c in findings.councils}
        relations = _relations(sentences, per_sentence, refs, text, normalised) + laid_out(
            sentences, names, text, self.phases.programme_of
        )
        relations += [r for p in partnered for r in partner_about(p, text, source)]
        relations += [r for h in lettered for r in under_a_lettered_heading(h, text)]
        of_programmes = self._phases_of_programmes(sentences, text)
        for relation in of_programmes:  # a programme named only in a phase's words ('phase 1 of Creative Councils')
            if relation.target not in named and quotable(relation.quote, normalised):
                findings.entities.append(EntityFound(relation.target, "known", relation.quote, 1))
                named.add(relation.target)
        findings.entities.sort(key=lambda e: (e.status != "proposed", e.id))
        relations += of_programmes
        relations += partners_under_titles(sentences, names, titled, text)
        relations += the_documents_own(sentences, names, text, source)
        relations += self._named_after_a_body(per_sentence, refs, text)
        relations += [r for c in cases for r in case_about(c, text, source)]
        relations += [r for strand in strands for r in in_the_strand(strand, normalised)]
        relations += [
            RelationFound(u.type, u.source, u.target, clip_quote(u.sentence, [u.span], text), u.confidence, u.trigger)
            for u in under_numbered_headings(sentences, names)
        ]
        relations += self._in_the_programme(relations, names)
        relations = _best(relations + [r for t in titled for r in about(t, text, source)], normalised)
        named |= {f"source/{source}"} if source else set()
        findings.relations = [r for r in relations if r.source in named and r.target in named]
        return findings

    def mentions(self, text: str, date: str) -> dict[int, list[Named]]:
        """What each sentence of `text` names (by the sentence's index), as `analyse` reads it: for measuring how
        far apart the ends of a relation are named (benchmarks/ingest_ceiling.py)."""
        sentences = split_sentences(text)
        spans = self._spans(text, date, sentences, None)
        return names_by_sentence(sentences, spans, council_refs(by_sentence(sentences, spans)))

    def _spans(self, text: str, date: str, sentences: list[Sentence], progress: Progress | None) -> list[Span]:
        folded = fold(text)
        spans = [Span(h.start, h.end, "known", h.id, h) for h in self.known.find(folded, text)]
        for phase in self.phases.find(text, Counter(s.key for s in spans if s.key.startswith("programme/"))):
            if phase.id:
                spans.append(
                    Span(phase.start, phase.end, "known", phase.id, KnownHit(phase.start, phase.end, phase.id))
                )
            elif phase.candidate:
                known = self.known_names.get(fold_name(phase.candidate.name))
                what = "known" if known else "candidate"
                spans.append(Span(phase.start, phase.end, what, known or "", phase.candidate))
        for hit in self.councils.find(folded, text, date):
            what = "council" if hit.code else "ambiguous"
            spans.append(Span(hit.start, hit.end, what, hit.code or hit.spelling, hit))
        common = set(_LOWER_WORD.findall(text))
        for i, sentence in enumerate(sentences):
            found = find_candidates(sentence, self.councils.names_a_council, common)
            for c in [*found, *described_by_sentence(sentence, common)]:
                if i == 0 and c.rule == "a heading":
                    continue  # the document's own title
                known = self.known_names.get(fold_name(c.name))
                spans.append(Span(c.start, c.end, "known" if known else "candidate", known or "", c))
            if progress and (i % 50 == 49 or i == len(sentences) - 1):
                progress(i + 1, len(sentences))
        spans += what_councils_did_spans(sentences, spans)
        spans = weak_give_way(spans)
        chosen = [s for _, _, s in longest_first(((s.start, s.end, s) for s in spans), rank=lambda s: RANK[s.what])]
        chosen = sorted(chosen + named_again(text, folded, chosen), key=lambda s: (s.start, s.end))
        return member_lines_read(sentences, chosen + nested_councils(chosen, spans))

    def _entities(self, per_sentence, text: str, normalised: str) -> list[EntityFound]:
        found: dict[str, EntityFound] = {}
        for sentence, spans in per_sentence:
            for span in spans:
                if span.what == "known":
                    entity = found.setdefault(
                        span.key, EntityFound(span.key, "known", quote_of(sentence, [span], text))
                    )
                    entity.mentions += 1
                elif span.what == "candidate":
                    self._candidate(found, sentence, span, text)
        kept = [e for e in found.values() if quotable(e.quote, normalised)]
        return sorted(kept, key=lambda e: (e.status != "proposed", e.id))

    def _candidate(self, found: dict[str, EntityFound], sentence: Sentence, span: Span, text: str) -> None:
        candidate = span.item
        assert isinstance(candidate, Candidate)
        eid = entity_id(ENTITY_TYPES[candidate.type].id_kind, candidate.name)
        if eid in self.knowledge.entities:  # the same id: a known entity, named a way it has not been before
            entity = found.setdefault(eid, EntityFound(eid, "known", quote_of(sentence, [span], text)))
            entity.mentions += 1
            return
        seen = found.get(eid)
        if seen is None:
            found[eid] = EntityFound(
                eid, "proposed", quote_of(sentence, [span], text), 0, candidate.type, candidate.kind, candidate.name,
                candidate.confidence, candidate.rule, self._similar(candidate.name),
            )  # fmt: skip
        elif candidate.confidence > seen.confidence:
            seen.confidence, seen.rule = candidate.confidence, candidate.rule

    def _phases_of_programmes(self, sentences: list[Sentence], text: str) -> list[RelationFound]:
        """'phase 1 of Creative Councils', '... in Phase 1 of the Creative Councils programme were ...': a phase is
        part of the programme the same sentence names."""
        found = []
        for sentence in sentences:
            if not _PHASE_WORD.search(sentence.text):
                continue
            named = Counter(match.value for match in self.phases.programme_matcher().find(fold(sentence.text)))
            for phase in self.phases.find(sentence.text, named):
                programme = phase.programme or self.phases.programme_of.get(phase.id or "")
                if phase.id and programme and programme in named:
                    spans = [(sentence.start + phase.start, sentence.start + phase.end)]
                    quote = clip_quote(sentence, spans, text)
                    found.append(RelationFound("part_of", phase.id, programme, quote, 0.6, "phase N of"))
        return found

    def _in_the_programme(self, relations: list[RelationFound], names: dict[int, list[Named]]) -> list[RelationFound]:
        """A document that names the phases of a programme tells of councils' work in it: a council proposed as
        the lead of an initiative there took part in those phases, and the initiative is part of the programme
        (the weakest reading, 0.15, each quoted where the lead was read)."""
        phases = sorted({n.ref for found in names.values() for n in found if n.ref in self.phases.programme_of})
        programmes = sorted({self.phases.programme_of[p] for p in phases})
        if len(programmes) != 1:
            return []
        found = []
        for r in relations:
            if r.type == "leads" and r.source.startswith("council:") and r.confidence >= 0.3:
                trigger = f"led in a document naming the phases of {programmes[0]}"
                found.append(RelationFound("part_of", r.target, programmes[0], r.quote, 0.15, trigger))
                found += [RelationFound("participates", r.source, p, r.quote, 0.15, trigger) for p in phases]
        return found

    def _named_after_a_body(self, per_sentence, refs: dict[str, str], text: str) -> list[RelationFound]:
        """'LGA business plan', 'Nesta Challenge Prize': an initiative whose name opens with a known organisation's
        name is proposed as that organisation's."""
        found = []
        for sentence, spans in per_sentence:
            for span in spans:
                if span.what != "candidate" or not isinstance(span.item, Candidate):
                    continue
                ref = mention(sentence, span, refs).ref
                words = span.item.name.split()
                if kind_of(ref) != "initiative" or len(words) < 2:
                    continue
                for n in range(min(3, len(words) - 1), 0, -1):
                    body = self.known_names.get(fold_name(" ".join(words[:n])))
                    if body and kind_of(body) in ("org", "network"):
                        quote = clip_quote(sentence, [(span.start, span.end)], text)
                        trigger = "an initiative named after the organisation"
                        found.append(RelationFound("leads", body, ref, quote, 0.35, trigger))
                        break
        return found

    def _similar(self, name: str) -> tuple[str, ...]:
        """The known entities whose names are spelt nearly like `name`, or are `name` give or take words that
        say only what kind of thing it is ('Wigan Community Credits' and 'Wigan Community Credits Scheme')."""
        from rapidfuzz import fuzz, process

        names = [n for n, _ in self.choices]
        hits = process.extract(name, names, scorer=fuzz.token_sort_ratio, score_cutoff=_SIMILAR, limit=10)
        found = {self.choices[index][1] for _, _, index in hits}
        words = set(name.casefold().split())
        for _, _, index in process.extract(name, names, scorer=fuzz.token_set_ratio, score_cutoff=100, limit=50):
            other = set(names[index].casefold().split())
            extra = words ^ other
            if (words & other) - _KIND_WORDS and extra and extra <= _KIND_WORDS:
                found.add(self.choices[index][1])
        return tuple(sorted(found))


def _best(relations: list[RelationFound], normalised: str) -> list[RelationFound]:
    """One proposal per type and ends: the surest (of equals, the first); only those whose quote may be written."""
    found: dict[tuple[str, str, str], RelationFound] = {}
    for relation in relations:
        key = (relation.type, relation.source, relation.target)
        if quotable(relation.quote, normalised) and (key not in found or found[key].confidence < relation.confidence):
            found[key] = relation
    return sorted(found.values(), key=lambda r: (r.type, r.source, r.target))


def _councils(per_sentence, refs: dict[str, str], text: str, normalised: str) -> list[CouncilFound]:
    mentions: Counter[str] = Counter()
    quotes: dict[str, str] = {}
    for sentence, spans in per_sentence:
        for span in spans:
            if span.what in ("council", "nested"):
                mentions[span.key] += 1
                quotes.setdefault(span.key, quote_of(sentence, [span], text))
    found = [CouncilFound(refs[code], code, mentions[code], quotes[code]) for code in mentions]
    return sorted((c for c in found if quotable(c.quote, normalised)), key=lambda c: (c.council, c.code))


def _ambiguous(per_sentence, text: str, normalised: str) -> list[AmbiguousFound]:
    found: dict[str, AmbiguousFound] = {}
    for sentence, spans in per_sentence:
        for span in spans:
            if span.what == "ambiguous" and span.key not in found:
                hit = span.item
                assert isinstance(hit, CouncilHit)
                found[span.key] = AmbiguousFound(hit.spelling, hit.candidates, quote_of(sentence, [span], text))
    return sorted((a for a in found.values() if quotable(a.quote, normalised)), key=lambda a: a.text)


def _relations(
    sentences: list[Sentence], per_sentence, refs: dict[str, str], text: str, normalised: str
) -> list[RelationFound]:
    found: dict[tuple[str, str, str], RelationFound] = {}
    proposals: list[tuple[Proposed, str]] = []
    named: dict[int, list[Mention]] = {}
    for sentence, spans in per_sentence:
        mentions = [mention(sentence, s, refs) for s in spans if s.what in ("council", "known", "candidate")]
        named[sentence.start] = mentions
        for proposed in propose_relations(sentence.text, mentions) + _party_groups(sentence, spans, refs):
            spans_in_text = [(sentence.start + a, sentence.start + b) for a, b in proposed.spans]
            proposals.append((proposed, clip_quote(sentence, spans_in_text, text)))
    for proposed, quote in proposals + referring_back(sentences, named, text):
        relation = _relation(proposed, quote)
        key = (relation.type, relation.source, relation.target)
        if quotable(quote, normalised) and (key not in found or found[key].confidence < relation.confidence):
            found[key] = relation
    return sorted(found.values(), key=lambda r: (r.type, r.source, r.target))


# what a council leads or runs, by the kind of thing a line pairs with it
_DONE_BY_A_COUNCIL = {"initiative": "leads", "fund": "runs", "programme": "runs", "event": "runs"}


def _what_a_council_did(sentence: Sentence, spans: list[Span], refs: dict[str, str]) -> list[Proposed]:
    """'· York City Council – a demonstration of the York App for tourists, ... and GeniUS innovation fund': the
    council leads or runs each initiative, fund, programme or event the other side of the dash names."""
    councils = [(s.start, s.end) for s in spans if s.what == "council"]
    line = council_line(sentence, councils) if councils else None
    if line is None:
        return []
    council = next(s for s in spans if s.what == "council" and (s.start, s.end) == line[0])
    found = []
    for span in spans:
        a, b = span.start - sentence.start, span.end - sentence.start
        if span.what not in ("known", "candidate") or not any(x <= a and b <= y for x, y in line[1]):
            continue
        ref = mention(sentence, span, refs).ref
        rtype = _DONE_BY_A_COUNCIL.get(kind_of(ref))
        if rtype:
            sure = 0.35 if isinstance(span.item, Candidate) and span.item.rule == PAIRED_RULE else 0.3
            found.append(Proposed(rtype, refs[council.key], ref, sure, "a line pairing a council with what it did",
                                  spans=((a, b),)))  # fmt: skip
        if rtype == "leads" and (tail := _INCLUDING.match(sentence.text, b)):
            found += _included(sentence, spans, refs, ref, b, tail.end())
    return found


_INCLUDING = re.compile(r"\s+(?:including|such as)\s+[^,;()]*")  # 'open data and community projects including ...'


def _included(sentence: Sentence, spans: list[Span], refs: dict[str, str], whole: str, a: int, b: int):
    """The initiatives an 'including ...' after a thing a council did names are part of it."""
    found = []
    for span in spans:
        x, y = span.start - sentence.start, span.end - sentence.start
        if a <= x and y <= b and span.what in ("known", "candidate"):
            ref = mention(sentence, span, refs).ref
            if kind_of(ref) == "initiative" and ref != whole:
                found.append(Proposed("part_of", ref, whole, 0.35, "including", spans=((x, y),)))
    return found


def _party_groups(sentence: Sentence, spans: list[Span], refs: dict[str, str]) -> list[Proposed]:
    """'Gloucester Labour Group': a party group named after its council sits on it; 'Glasgow car club': an
    initiative named after its council is led by it."""
    found = _what_a_council_did(sentence, spans, refs)
    for span in spans:
        if span.what == "nested":
            named = next((s for s in spans if s.what == "candidate" and s.start == span.start), None)
            if named is None or not isinstance(named.item, Candidate):
                continue
            ends = ((named.start - sentence.start, named.end - sentence.start),)
            ref = mention(sentence, named, refs).ref
            if named.item.kind == "political-group":
                found.append(Proposed("sits_on", ref, refs[span.key], 0.6, "party group named after the council",
                                      spans=ends))  # fmt: skip
            elif ref.startswith("initiative/"):
                found.append(Proposed("leads", refs[span.key], ref, 0.35, "initiative named after the council",
                                      spans=ends))  # fmt: skip
    return found


def _relation(proposed: Proposed, quote: str) -> RelationFound:
    qualifiers = tuple((k, v) for k, v in (("status", proposed.status), ("role", proposed.role)) if v)
    return RelationFound(
        proposed.type, proposed.source, proposed.target, quote, proposed.confidence, proposed.trigger, qualifiers
    )
