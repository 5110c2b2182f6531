"""A text read for what the project can recognise in it: councils (resolved or ambiguous), known entities, new
candidates and the relations between them, each with a quote that stands verbatim in the text. Pure: no files are
read or written here (pipeline.py does that)."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ...model.vocabulary import ENTITY_TYPES, RELATION_TYPES, kind_of
from ..sources import normalise_space
from .candidates import Candidate, find_candidates
from .casestudies import PartnerCaseStudy, partner_case_studies
from .coreference import referring_back
from .council_lines import RULE as PAIRED_RULE
from .council_lines import council_line, what_councils_did
from .councils import CouncilFinder, CouncilHit, council_ref
from .descriptions import described_by_sentence
from .headings import Case, case_studies, under_numbered_headings
from .known import Knowledge, KnownFinder, KnownHit
from .lettered import RULE as LETTERED_RULE
from .lettered import Lettered, lettered_headings
from .outline import Strand, outline
from .patterns import Folded, Matcher, fold, fold_name, longest_first
from .phases import Phases
from .relations import Mention, Proposed, propose_relations
from .sentences import Sentence, clip_quote, quotable, split_sentences
from .slug import entity_id
from .structure import Named, Titled, alone_on_their_lines, from_layout, titled_under_councils, unread_member_lines

__all__ = ["Findings", "CouncilFound", "AmbiguousFound", "EntityFound", "RelationFound", "Analyser", "Progress"]

Progress = Callable[[int, int], None]  # (sentences read, sentences in all)
_RANK = {
    "known": 0,
    "council": 1,
    "ambiguous": 1,
    "candidate": 2,
    "nested": 3,
}  # of two spans as long, which names the words
_PHASE_WORD = re.compile(r"\b(?:phase|wave)\s", re.IGNORECASE)
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z'-]*")
_WEAK = 0.35  # a candidate below this confidence gives way to any council or known entity it overlaps
_WEAKEST = 0.25  # ... and one below this to any span at all
_SIMILAR = 88  # rapidfuzz token_sort_ratio at or above which a candidate is flagged as like a known entity
# words that say what kind of thing a name is, not which: a name with or without them names the same thing
_KIND_WORDS = frozenset(
    "scheme project programme programmes initiative fund trust ltd limited cic partnership network the "
    "service services plan strategy pilot".split()
)


@dataclass(frozen=True)
class CouncilFound:
    council: str  # council:<name as written>
    code: str
    mentions: int
    quote: str


@dataclass(frozen=True)
class AmbiguousFound:
    text: str
    candidates: tuple[str, ...]
    quote: str


@dataclass
class EntityFound:
    id: str
    status: str  # known or proposed
    quote: str
    mentions: int = 0  # (known)
    type: str | None = None  # (proposed, and the rest)
    kind: str | None = None
    name: str | None = None
    confidence: float = 0.0
    rule: str | None = None
    similar: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelationFound:
    type: str
    source: str
    target: str
    quote: str
    confidence: float
    trigger: str
    qualifiers: tuple[tuple[str, str], ...] = ()


@dataclass
class Findings:
    sentences: int
    councils: list[CouncilFound] = field(default_factory=list)
    ambiguous: list[AmbiguousFound] = field(default_factory=list)
    entities: list[EntityFound] = field(default_factory=list)
    relations: list[RelationFound] = field(default_factory=list)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    what: str  # known, council, ambiguous, candidate
    key: str  # entity id, authority code, spelling
    item: KnownHit | CouncilHit | Candidate


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
        spans = _member_lines_read(sentences, self._spans(text, date, sentences, progress))
        per_sentence = _by_sentence(sentences, spans)
        findings = Findings(len(sentences))
        normalised = normalise_space(text)
        refs = _council_refs(per_sentence)
        findings.councils = _councils(per_sentence, refs, text, normalised)
        findings.ambiguous = _ambiguous(per_sentence, text, normalised)
        names = _names_by_sentence(sentences, spans, refs)
        titled = titled_under_councils(sentences, names)
        findings.entities = self._entities(per_sentence, text, normalised)
        findings.entities += _titles(titled, text, normalised, {e.id for e in findings.entities})
        partnered = [p for p in partner_case_studies(sentences, names) if quotable(text[p.start : p.end], normalised)]
        findings.entities += [_partner_case_study(p, text) for p in partnered]
        strands = [s for s in outline(sentences) if quotable(s.heading.text, normalised)]
        taken = {e.id for e in findings.entities}
        findings.entities += [e for e in _outline_entities(strands) if e.id not in taken]
        cases = [c for c in case_studies(sentences, names) if quotable(c.title.text, normalised)]
        taken = {e.id for e in findings.entities}
        findings.entities += [e for e in map(_case_entity, cases) if e.id not in taken]
        lettered = [h for h in lettered_headings(sentences, names) if quotable(h.heading.text, normalised)]
        taken = {e.id for e in findings.entities}
        findings.entities += [e for e in map(_lettered_entity, lettered) if e.id not in taken]
        named = {e.id for e in findings.entities} | {c.council for c in findings.councils}
        relations = _relations(sentences, per_sentence, refs, text, normalised) + _laid_out(
            sentences, names, text, self.phases.programme_of
        )
        relations += [r for p in partnered for r in _partner_about(p, text, source)]
        relations += [r for h in lettered for r in _under_a_lettered_heading(h, text)]
        of_programmes = self._phases_of_programmes(sentences, text)
        for relation in of_programmes:  # a programme named only in a phase's words ('phase 1 of Creative Councils')
            if relation.target not in named and quotable(relation.quote, normalised):
                findings.entities.append(EntityFound(relation.target, "known", relation.quote, 1))
                named.add(relation.target)
        findings.entities.sort(key=lambda e: (e.status != "proposed", e.id))
        relations += of_programmes
        relations += _partners_under_titles(sentences, names, titled, text)
        relations += _the_documents_own(sentences, names, text, source)
        relations += self._named_after_a_body(per_sentence, refs, text)
        relations += [r for c in cases for r in _case_about(c, text, source)]
        relations += [r for strand in strands for r in _in_the_strand(strand, normalised)]
        relations += [
            RelationFound(u.type, u.source, u.target, clip_quote(u.sentence, [u.span], text), u.confidence,
                          f"a heading under {u.subject!r}" if u.confidence == 0.25 else f"in the case {u.subject!r}")
            for u in under_numbered_headings(sentences, names)
        ]  # fmt: skip
        relations += self._in_the_programme(relations, names)
        relations = _best(relations + [r for t in titled for r in _about(t, text, source)], normalised)
        named |= {f"source/{source}"} if source else set()
        findings.relations = [r for r in relations if r.source in named and r.target in named]
        return findings

    def mentions(self, text: str, date: str) -> dict[int, list[Named]]:
        """What each sentence of `text` names (by the sentence's index), as `analyse` reads it: for measuring how
        far apart the ends of a relation are named (benchmarks/ingest_ceiling.py)."""
        sentences = split_sentences(text)
        spans = _member_lines_read(sentences, self._spans(text, date, sentences, None))
        return _names_by_sentence(sentences, spans, _council_refs(_by_sentence(sentences, spans)))

    def _spans(self, text: str, date: str, sentences: list[Sentence], progress: Progress | None) -> list[_Span]:
        folded = fold(text)
        spans = [_Span(h.start, h.end, "known", h.id, h) for h in self.known.find(folded, text)]
        for phase in self.phases.find(text, Counter(s.key for s in spans if s.key.startswith("programme/"))):
            if phase.id:
                spans.append(
                    _Span(phase.start, phase.end, "known", phase.id, KnownHit(phase.start, phase.end, phase.id))
                )
            elif phase.candidate:
                known = self.known_names.get(fold_name(phase.candidate.name))
                what = "known" if known else "candidate"
                spans.append(_Span(phase.start, phase.end, what, known or "", phase.candidate))
        for hit in self.councils.find(folded, text, date):
            what = "council" if hit.code else "ambiguous"
            spans.append(_Span(hit.start, hit.end, what, hit.code or hit.spelling, hit))
        common = set(_LOWER_WORD.findall(text))
        for i, sentence in enumerate(sentences):
            found = find_candidates(sentence, self.councils.names_a_council, common)
            for c in [*found, *described_by_sentence(sentence, common)]:
                if i == 0 and c.rule == "a heading":
                    continue  # the document's own title
                known = self.known_names.get(fold_name(c.name))
                spans.append(_Span(c.start, c.end, "known" if known else "candidate", known or "", c))
            if progress and (i % 50 == 49 or i == len(sentences) - 1):
                progress(i + 1, len(sentences))
        spans += _what_councils_did(sentences, spans)
        spans = _weak_give_way(spans)
        chosen = [s for _, _, s in longest_first(((s.start, s.end, s) for s in spans), rank=lambda s: _RANK[s.what])]
        chosen = sorted(chosen + _named_again(text, folded, chosen), key=lambda s: (s.start, s.end))
        return chosen + _nested_councils(chosen, spans)

    def _entities(self, per_sentence, text: str, normalised: str) -> list[EntityFound]:
        found: dict[str, EntityFound] = {}
        for sentence, spans in per_sentence:
            for span in spans:
                if span.what == "known":
                    entity = found.setdefault(span.key, EntityFound(span.key, "known", _quote(sentence, [span], text)))
                    entity.mentions += 1
                elif span.what == "candidate":
                    self._candidate(found, sentence, span, text)
        kept = [e for e in found.values() if quotable(e.quote, normalised)]
        return sorted(kept, key=lambda e: (e.status != "proposed", e.id))

    def _candidate(self, found: dict[str, EntityFound], sentence: Sentence, span: _Span, text: str) -> None:
        candidate = span.item
        assert isinstance(candidate, Candidate)
        eid = entity_id(ENTITY_TYPES[candidate.type].id_kind, candidate.name)
        if eid in self.knowledge.entities:  # the same id: a known entity, named a way it has not been before
            entity = found.setdefault(eid, EntityFound(eid, "known", _quote(sentence, [span], text)))
            entity.mentions += 1
            return
        seen = found.get(eid)
        if seen is None:
            found[eid] = EntityFound(
                eid, "proposed", _quote(sentence, [span], text), 0, candidate.type, candidate.kind, candidate.name,
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
                ref = _mention(sentence, span, refs).ref
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


_GUESSES = frozenset({"capitalised words", "a heading", "an acronym"})  # rules that guess a name from capitals alone
_MEMBER_LINE = "a line in a list of members"


def _member_lines_read(sentences: list[Sentence], spans: list[_Span]) -> list[_Span]:
    """A line of a list of members ('Governance International', '40C', 'Co-operatives UK') that names nothing
    surely (nothing, a guess from its capitals, a known place inside it) names an organisation: the whole line."""

    def sure(span: _Span) -> bool:
        guess = isinstance(span.item, Candidate) and span.item.rule in _GUESSES
        return span.what in ("council", "known", "candidate") and not guess and not span.key.startswith("place/")

    refs = _council_refs(_by_sentence(sentences, spans))
    lines = unread_member_lines(sentences, _names_by_sentence(sentences, [s for s in spans if sure(s)], refs))
    if not lines:
        return spans
    read: list[_Span] = []
    for i in lines:
        sentence = sentences[i]
        name = " ".join(sentence.text.strip(" *#-\t").split())
        if sum(c.isalpha() for c in name) < 2:
            continue  # a page number
        start = sentence.start + sentence.text.index(name.split()[0])
        candidate = Candidate(start, start + len(name), name, "Organisation", "other", 0.4, _MEMBER_LINE)
        if sentence.text[start - sentence.start : start - sentence.start + len(name)] == name:
            read.append(_Span(candidate.start, candidate.end, "candidate", "", candidate))
    covered = [(r.start, r.end) for r in read]
    kept = [s for s in spans if not any(a <= s.start and s.end <= b for a, b in covered)]
    return sorted(kept + read, key=lambda s: (s.start, s.end))


def _best(relations: list[RelationFound], normalised: str) -> list[RelationFound]:
    """One proposal per type and ends: the surest (of equals, the first); only those whose quote may be written."""
    found: dict[tuple[str, str, str], RelationFound] = {}
    for relation in relations:
        key = (relation.type, relation.source, relation.target)
        if quotable(relation.quote, normalised) and (key not in found or found[key].confidence < relation.confidence):
            found[key] = relation
    return sorted(found.values(), key=lambda r: (r.type, r.source, r.target))


def _what_councils_did(sentences: list[Sentence], spans: list[_Span]) -> list[_Span]:
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
                found.append(_Span(c.start, c.end, "candidate", "", c))
    return found


_AGAIN_AT_LEAST = 0.35  # a candidate this sure is a name wherever the text writes it so


def _named_again(text: str, folded: Folded, chosen: list[_Span]) -> list[_Span]:
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
            found.append(_Span(match.start, match.end, "candidate", "", again))
    return found


_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def _weak(span: _Span) -> bool:
    return span.what == "candidate" and isinstance(span.item, Candidate) and span.item.confidence < _WEAK


def _weak_give_way(spans: list[_Span]) -> list[_Span]:
    """A candidate of the weakest rules (capitalised words, a lone acronym) never hides a council, a known entity
    or a surer candidate: it is dropped where it overlaps one, however long it is."""
    strong = sorted((s.start, s.end) for s in spans if not _weak(s))
    starts = [a for a, _ in strong]

    def overlaps(span: _Span) -> bool:
        i = bisect.bisect_left(starts, span.end)
        return any(b > span.start for _, b in strong[max(0, i - 20) : i])

    others = sorted((s.start, s.end) for s in spans if not _weakest(s))
    firsts = [a for a, _ in others]

    def overlaps_any(span: _Span) -> bool:
        i = bisect.bisect_left(firsts, span.end)
        return any(b > span.start for _, b in others[max(0, i - 20) : i])

    return [s for s in spans if not (_weak(s) and overlaps(s)) and not (_weakest(s) and overlaps_any(s))]


def _weakest(span: _Span) -> bool:
    """A guess of the weakest rule of all (one capitalised word), which gives way to any other reading."""
    return span.what == "candidate" and isinstance(span.item, Candidate) and span.item.confidence < _WEAKEST


def _names_its_council(candidate: Candidate) -> bool:
    return candidate.kind == "political-group" or candidate.rule == "a name, then what it is"


def _nested_councils(chosen: list[_Span], spans: list[_Span]) -> list[_Span]:
    """The councils that open the name of a party group chosen over them ('Gloucester Labour Group'): still
    mentions of the council (the group sits on it), though not ends of the sentence's relations. Not other names
    ('North Yorkshire & York Probation Trust' names the county, not its council)."""
    opening = {(s.start, s.end): s for s in spans if s.what == "council"}
    by_start: dict[int, list[_Span]] = {}
    for council in opening.values():
        by_start.setdefault(council.start, []).append(council)
    nested = []
    for span in chosen:
        if span.what == "candidate" and isinstance(span.item, Candidate) and _names_its_council(span.item):
            for council in by_start.get(span.start, []):
                if council.end < span.end:
                    nested.append(_Span(council.start, council.end, "nested", council.key, council.item))
    return nested


def _by_sentence(sentences: list[Sentence], spans: list[_Span]) -> list[tuple[Sentence, list[_Span]]]:
    """Each sentence with the spans inside it (a span outside every kept sentence, in a contact line, is lost)."""
    starts = [s.start for s in sentences]
    grouped: dict[int, list[_Span]] = {}
    for span in spans:
        i = bisect.bisect_right(starts, span.start) - 1
        if i >= 0 and span.end <= sentences[i].end:
            grouped.setdefault(i, []).append(span)
    return [(sentences[i], sorted(grouped[i], key=lambda s: s.start)) for i in sorted(grouped)]


def _quote(sentence: Sentence, spans: list[_Span], text: str) -> str:
    return clip_quote(sentence, [(s.start, s.end) for s in spans], text)


def _council_refs(per_sentence) -> dict[str, str]:
    """Each authority's reference form: council:<its spelling the text uses most> (of equals, the first)."""
    spellings: dict[str, Counter[str]] = {}
    for _, spans in per_sentence:
        for span in spans:
            if span.what in ("council", "nested"):
                spellings.setdefault(span.key, Counter())[span.item.spelling] += 1
    return {code: council_ref(counts.most_common(1)[0][0]) for code, counts in spellings.items()}


def _councils(per_sentence, refs: dict[str, str], text: str, normalised: str) -> list[CouncilFound]:
    mentions: Counter[str] = Counter()
    quotes: dict[str, str] = {}
    for sentence, spans in per_sentence:
        for span in spans:
            if span.what in ("council", "nested"):
                mentions[span.key] += 1
                quotes.setdefault(span.key, _quote(sentence, [span], text))
    found = [CouncilFound(refs[code], code, mentions[code], quotes[code]) for code in mentions]
    return sorted((c for c in found if quotable(c.quote, normalised)), key=lambda c: (c.council, c.code))


def _ambiguous(per_sentence, text: str, normalised: str) -> list[AmbiguousFound]:
    found: dict[str, AmbiguousFound] = {}
    for sentence, spans in per_sentence:
        for span in spans:
            if span.what == "ambiguous" and span.key not in found:
                hit = span.item
                assert isinstance(hit, CouncilHit)
                found[span.key] = AmbiguousFound(hit.spelling, hit.candidates, _quote(sentence, [span], text))
    return sorted((a for a in found.values() if quotable(a.quote, normalised)), key=lambda a: a.text)


def _relations(
    sentences: list[Sentence], per_sentence, refs: dict[str, str], text: str, normalised: str
) -> list[RelationFound]:
    found: dict[tuple[str, str, str], RelationFound] = {}
    proposals: list[tuple[Proposed, str]] = []
    named: dict[int, list[Mention]] = {}
    for sentence, spans in per_sentence:
        mentions = [_mention(sentence, s, refs) for s in spans if s.what in ("council", "known", "candidate")]
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


def _names_by_sentence(sentences: list[Sentence], spans: list[_Span], refs: dict[str, str]) -> dict[int, list[Named]]:
    """What each sentence names (by index), as references: for the layout rules (structure.py)."""
    starts = [s.start for s in sentences]
    names: dict[int, list[Named]] = {}
    for span in spans:
        i = bisect.bisect_right(starts, span.start) - 1
        if span.what in ("council", "known", "candidate") and i >= 0 and span.end <= sentences[i].end:
            ref = _mention(sentences[i], span, refs).ref
            names.setdefault(i, []).append(Named(span.start, span.end, ref))
    return names


def _laid_out(
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


def _titles(titled: list[Titled], text: str, normalised: str, taken: set[str]) -> list[EntityFound]:
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


def _outline_entities(strands: list[Strand]) -> list[EntityFound]:
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


def _in_the_strand(strand: Strand, normalised: str) -> list[RelationFound]:
    sid = entity_id(ENTITY_TYPES["Programme"].id_kind, strand.name)
    trigger = f"under the heading {' '.join(strand.heading.text.split())!r}"
    return [
        RelationFound("part_of", entity_id(ENTITY_TYPES["Initiative"].id_kind, name), sid,
                      " ".join(line.text.split()), 0.3, trigger)
        for line, name in strand.items
    ]  # fmt: skip


def _case_id(case: Case) -> str:
    return entity_id(ENTITY_TYPES["CaseStudy"].id_kind, case.name)


def _case_entity(case: Case) -> EntityFound:
    quote = " ".join(case.title.text.split())
    rule = "a numbered heading among case studies"
    return EntityFound(_case_id(case), "proposed", quote, 0, "CaseStudy", None, case.name, 0.3, rule)


def _case_about(case: Case, text: str, source: str | None) -> list[RelationFound]:
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


def _lettered_entity(heading: Lettered) -> EntityFound:
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


def _under_a_lettered_heading(heading: Lettered, text: str) -> list[RelationFound]:
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


def _partner_case_study(study: PartnerCaseStudy, text: str) -> EntityFound:
    rule = "a heading 'X working with Y', then a title"
    return EntityFound(study.id, "proposed", text[study.start : study.end], 0, "CaseStudy", None, study.name, 0.3, rule)


def _partner_initiative_id(study: PartnerCaseStudy) -> str:
    return entity_id(ENTITY_TYPES["Initiative"].id_kind, _TITLE_DASH.split(study.title, maxsplit=1)[0])


def _partner_about(study: PartnerCaseStudy, text: str, source: str | None) -> list[RelationFound]:
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


_TITLE_DASH = re.compile(r"\s+[–—-]\s+")


def _titled_name(titled: Titled) -> str:
    """What a heading under a council's line names: its words before a dash set off by spaces ('Route29 - our new
    approach to ...' names Route29)."""
    return " ".join(_TITLE_DASH.split(titled.heading.text, maxsplit=1)[0].split())


def _titled_initiative(titled: Titled) -> str:
    return entity_id(ENTITY_TYPES["Initiative"].id_kind, _titled_name(titled))


_OPENING = 15  # sentences at a document's start in which it says what it is
_FOR_WHOM = re.compile(
    r"\b(?:[Ss]ummary|[Rr]eport|[Bb]riefing|[Uu]pdate|[Pp]aper) for (?:the )?|\b[Tt]his (?:report|paper"
    r"|submission|briefing|note) (?:updates|informs|is for|is to) (?:the )?|^\W*(?:[Ss]ubmission|"
    r"[Rr]esponse|[Ee]vidence)\b.*?\bto (?:the )?"
)
_BY_WHOM = re.compile(r"^\W*(?:[Ss]ubmission|[Rr]esponse|[Ee]vidence|[Rr]eport) (?:of|from|by) (?:the )?")


def _the_documents_own(
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


def _partners_under_titles(
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


def _about(titled: Titled, text: str, source: str | None) -> list[RelationFound]:
    """A case study is about the council whose line it stands under, and part of the document it is in."""
    eid = entity_id(ENTITY_TYPES["CaseStudy"].id_kind, " ".join(titled.heading.text.split()))
    quote = _title_quote(titled, text)
    found = [RelationFound("about", eid, titled.council.ref, quote, 0.3, "a heading under the council's line")]
    found.append(RelationFound("leads", titled.council.ref, _titled_initiative(titled), quote, 0.3, "its line"))
    if source:
        found.append(RelationFound("part_of", eid, f"source/{source}", quote, 0.3, "a case study in the document"))
    return found


# what a council leads or runs, by the kind of thing a line pairs with it
_DONE_BY_A_COUNCIL = {"initiative": "leads", "fund": "runs", "programme": "runs", "event": "runs"}


def _what_a_council_did(sentence: Sentence, spans: list[_Span], refs: dict[str, str]) -> list[Proposed]:
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
        ref = _mention(sentence, span, refs).ref
        rtype = _DONE_BY_A_COUNCIL.get(kind_of(ref))
        if rtype:
            sure = 0.35 if isinstance(span.item, Candidate) and span.item.rule == PAIRED_RULE else 0.3
            found.append(Proposed(rtype, refs[council.key], ref, sure, "a line pairing a council with what it did",
                                  spans=((a, b),)))  # fmt: skip
        if rtype == "leads" and (tail := _INCLUDING.match(sentence.text, b)):
            found += _included(sentence, spans, refs, ref, b, tail.end())
    return found


_INCLUDING = re.compile(r"\s+(?:including|such as)\s+[^,;()]*")  # 'open data and community projects including ...'


def _included(sentence: Sentence, spans: list[_Span], refs: dict[str, str], whole: str, a: int, b: int):
    """The initiatives an 'including ...' after a thing a council did names are part of it."""
    found = []
    for span in spans:
        x, y = span.start - sentence.start, span.end - sentence.start
        if a <= x and y <= b and span.what in ("known", "candidate"):
            ref = _mention(sentence, span, refs).ref
            if kind_of(ref) == "initiative" and ref != whole:
                found.append(Proposed("part_of", ref, whole, 0.35, "including", spans=((x, y),)))
    return found


def _party_groups(sentence: Sentence, spans: list[_Span], refs: dict[str, str]) -> list[Proposed]:
    """'Gloucester Labour Group': a party group named after its council sits on it; 'Glasgow car club': an
    initiative named after its council is led by it."""
    found = _what_a_council_did(sentence, spans, refs)
    for span in spans:
        if span.what == "nested":
            named = next((s for s in spans if s.what == "candidate" and s.start == span.start), None)
            if named is None or not isinstance(named.item, Candidate):
                continue
            ends = ((named.start - sentence.start, named.end - sentence.start),)
            ref = _mention(sentence, named, refs).ref
            if named.item.kind == "political-group":
                found.append(Proposed("sits_on", ref, refs[span.key], 0.6, "party group named after the council",
                                      spans=ends))  # fmt: skip
            elif ref.startswith("initiative/"):
                found.append(Proposed("leads", refs[span.key], ref, 0.35, "initiative named after the council",
                                      spans=ends))  # fmt: skip
    return found


def _mention(sentence: Sentence, span: _Span, refs: dict[str, str]) -> Mention:
    if span.what == "council":
        ref = refs[span.key]
    elif span.what == "known":
        ref = span.key
    else:
        candidate = span.item
        assert isinstance(candidate, Candidate)
        ref = entity_id(ENTITY_TYPES[candidate.type].id_kind, candidate.name)
    return Mention(span.start - sentence.start, span.end - sentence.start, ref)


def _relation(proposed: Proposed, quote: str) -> RelationFound:
    qualifiers = tuple((k, v) for k, v in (("status", proposed.status), ("role", proposed.role)) if v)
    return RelationFound(
        proposed.type, proposed.source, proposed.target, quote, proposed.confidence, proposed.trigger, qualifiers
    )
