"""The phases of a programme, however a text words them: 'phase 1 of Creative Councils' names the known
'Creative Councils Phase 1', and so does a bare 'phase 1' or 'Phase 1 of the programme' in a text that names
the programme Creative Councils (the programme with phases it names most). A phase of a programme the project
does not know is a candidate ('Phase 2 of the Fibre Programme' → 'Fibre Programme Phase 2'); a bare phase
of no known programme is left alone (which programme's it is, the text does not say). A mention is the words
'phase 1' alone, so that the programme after 'of' is read as a mention of its own."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .candidates import Candidate
from .known import KnownEntity
from .patterns import Matcher, fold_name

__all__ = ["PhaseMention", "Phases", "RULE"]

RULE = "phase N of a programme"
_PHASE = re.compile(
    r"\b(?P<word>[Pp]hase|PHASE|[Ww]ave)\s+(?P<n>\d{1,2}|[IVX]{1,4})\b"
    r"(?:\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|and|&)){0,6}))?"
)
_NAMED = re.compile(r"^(?P<programme>.+?)\s+(?:[Pp]hase|[Ww]ave)\s+(?P<n>\w+)$")


@dataclass(frozen=True)
class PhaseMention:
    start: int
    end: int
    id: str | None  # a known phase
    candidate: Candidate | None = None  # or a new one
    programme: str | None = None  # the known programme the words name ('phase 1 of Creative Councils')


class Phases:
    """The known phases by programme name and number."""

    def __init__(self, entities: dict[str, KnownEntity]):
        self.by_name: dict[tuple[str, str], str] = {}  # (folded programme name, number) -> phase id
        for entity in entities.values():
            if entity.id.startswith("phase/"):
                for name in entity.names:
                    if m := _NAMED.match(name):
                        self.by_name[(fold_name(m.group("programme")), m.group("n").casefold())] = entity.id
        self.programme_names: dict[str, list[str]] = {
            e.id: [fold_name(n) for n in e.names] for e in entities.values() if e.id.startswith("programme/")
        }
        self.programmes: dict[str, str] = {}  # folded name -> programme id (of two, the first by id)
        for pid, names in sorted(self.programme_names.items()):
            for name in names:
                self.programmes.setdefault(name, pid)
        self._matcher: Matcher | None = None
        self.programme_of = {
            phase: self.programmes[name] for (name, _), phase in sorted(self.by_name.items()) if name in self.programmes
        }  # a known phase -> the known programme its name names

    def programme_matcher(self) -> Matcher:
        """The known programmes' names, to find in a sentence at once (made on first use)."""
        if self._matcher is None:
            self._matcher = Matcher(dict(self.programmes))
        return self._matcher

    def find(self, text: str, programmes_named: Counter[str]) -> list[PhaseMention]:
        """The phases `text` names (`programmes_named`: how often it names each known programme)."""
        ranked = sorted(programmes_named, key=lambda p: (-programmes_named[p], p))
        found = []
        for match in _PHASE.finditer(text):
            number = match.group("n").casefold()
            of = match.group("of")
            names = [fold_name(of)] if of else [n for p in ranked for n in self.programme_names.get(p, [])]
            phase = next((self.by_name[(n, number)] for n in names if (n, number) in self.by_name), None)
            if phase is not None:
                programme = self.programmes.get(fold_name(of)) if of else None
                found.append(PhaseMention(match.start(), match.end("n"), phase, None, programme))
            elif of:
                name = f"{' '.join(of.split())} {match.group('word').capitalize()} {match.group('n')}"
                candidate = Candidate(match.start(), match.end("n"), name, "Phase", None, 0.5, RULE)
                found.append(PhaseMention(match.start(), match.end("n"), None, candidate))
        return found
