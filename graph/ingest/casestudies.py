"""Where each case study of a document stands in its text, and the initiatives it describes.

A case study (an entity of type CaseStudy) is curated with its title as printed, and that quote stands once
in its document's text: it marks where the case study starts. The case study runs to where the next case
study or section of the same document starts (or to the end of the text). An initiative with a quote that
stands inside that span is one the case study describes: the build records it as a `describes` relation
whose evidence is that quote, so the fact is traceable to the sentence like any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import DataError
from .records import Curated, Evidence, Relation
from .sources import Source, normalise_space

__all__ = ["Span", "spans_of", "described_initiatives", "DERIVED_NOTE"]

# what starts a span: a case study, and a section (which ends the case study before it)
_ANCHORED = ("CaseStudy", "Section")
DERIVED_NOTE = (
    "Derived, not curated: the initiative's quote stands within the case study's text "
    "(from its title to the next case study or section; graph/ingest/casestudies.py)."
)


@dataclass(frozen=True, order=True)
class Span:
    source: str
    start: int  # offsets in the source's white-space-normalised text
    end: int
    entity: str
    type: str


def _positions(text: str, quote: str) -> Iterator[int]:
    """Every offset at which `quote` starts in `text` (both white-space-normalised)."""
    at = text.find(quote)
    while at != -1:
        yield at
        at = text.find(quote, at + 1)


def spans_of(curated: Curated, sources: dict[str, Source]) -> tuple[list[Span], list[DataError]]:
    """The span of every case study and section, by document and position; a case study whose quotes do not
    each stand once in the text is an error at the quote's line (where it starts would be a guess)."""
    errors: list[DataError] = []
    starts: list[tuple[str, int, str, str]] = []
    for entity in curated.entities.values():
        if entity.type not in _ANCHORED:
            continue
        found: dict[str, int] = {}
        for ev in sorted(entity.evidence):
            text = sources[ev.source].normalised if ev.source in sources else None
            if text is None:
                continue
            at = list(_positions(text, normalise_space(ev.quote)))
            if entity.type == "CaseStudy" and len(at) != 1:
                path, _, line = ev.where.rpartition(":")
                errors.append(
                    DataError(
                        path,
                        int(line) if line.isdigit() else None,
                        f"case study {entity.id}: its quote {ev.quote[:60]!r} stands {len(at)} times in the text; "
                        "a case study's quotes mark where it starts, so each must stand once (quote more of it)",
                    )
                )
            if at:
                found[ev.source] = min(found.get(ev.source, at[0]), at[0])
        starts.extend((sid, start, entity.id, entity.type) for sid, start in found.items())
    spans = []
    starts.sort()
    for i, (sid, start, eid, etype) in enumerate(starts):
        following = starts[i + 1] if i + 1 < len(starts) else None
        end = following[1] if following and following[0] == sid else len(sources[sid].normalised)
        spans.append(Span(sid, start, end, eid, etype))
    return spans, errors


def described_initiatives(curated: Curated, sources: dict[str, Source], spans: list[Span]) -> list[Relation]:
    """A `describes` relation from each case study to each initiative with a quote inside its span."""
    by_source: dict[str, list[Span]] = {}
    for span in spans:
        if span.type == "CaseStudy":
            by_source.setdefault(span.source, []).append(span)
    found: dict[tuple[str, str], set[Evidence]] = {}
    for entity in curated.entities.values():
        if entity.type != "Initiative":
            continue
        for ev in entity.evidence:
            source = sources.get(ev.source)
            if source is None or ev.source not in by_source:
                continue
            for at in _positions(source.normalised, normalise_space(ev.quote)):
                for span in by_source[ev.source]:
                    if span.start <= at < span.end:
                        found.setdefault((span.entity, entity.id), set()).add(ev)
    relations = []
    for (study, initiative), evidence in sorted(found.items()):
        relation = Relation("describes", study, initiative, (), min(evidence).where, set(evidence))
        relation.notes.add(DERIVED_NOTE)
        relations.append(relation)
    return relations
