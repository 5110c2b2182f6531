"""Every mention of a principal council in a text, by the register's names and the project's alias file
(data/reference/, data/curated/council_aliases.yaml), each resolved to ONE authority in existence on the
document's date by the loader's own rules (graph.ingest.councils.Reference.resolve) or listed as ambiguous with
its candidates: never guessed.

A name is found only where it is written as a name: its words capitalised (bar 'upon', 'under', 'and', ...), so
that 'reading a report' is not Reading (the alias file's spellings are taken as the curators wrote them). A
combined authority is found only by a name that says so: 'Greater Manchester' is far more often the place.
A short name several authorities share ('Kingston': upon Hull, upon Thames) is listed as ambiguous too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model.vocabulary import COMBINED_AUTHORITY_TYPES
from ..councils import AmbiguousCouncil, Reference, ResolutionError, normalise_name
from .patterns import Folded, Matcher, fold_name

__all__ = ["CouncilHit", "CouncilFinder", "council_ref"]

_CONNECTORS = {"upon", "under", "on", "and", "of", "the", "in", "with", "le", "y", "de", "&"}
_COUNCIL_AFTER = re.compile(r"[ \t]+Council\b(?!['’]s\b)")  # not "Oldham Council's": that is a name's start
_SHORTENED = re.compile(r"[\s-](?:upon|under|on)[\s-]")  # 'Kingston upon Hull' -> 'Kingston'


def council_ref(spelling: str) -> str:
    """How a relation names a council: council:<name as written>, white space collapsed."""
    return "council:" + " ".join(spelling.split())


@dataclass(frozen=True)
class CouncilHit:
    start: int
    end: int
    spelling: str  # as written (white space collapsed)
    code: str | None  # the authority it resolves to; None when ambiguous
    candidates: tuple[str, ...] = ()  # council:<name> of each authority it could be, when ambiguous


class CouncilFinder:
    """The register's and the alias file's names, ready to be found in texts."""

    def __init__(self, reference: Reference, aliases: dict[str, str]):
        self.reference = reference
        self.codes: dict[str, set[str]] = {}  # folded name -> authority codes it names (the register's)
        for code in sorted(reference.authorities):
            combined = reference.authorities[code].type_name in COMBINED_AUTHORITY_TYPES
            for name in reference.aliases_of(code):
                if combined and "combined" not in name:
                    continue  # 'Greater Manchester', 'North East': a place or region far more often than the body
                for variant in {name, name.replace(" and ", " & ")}:
                    self.codes.setdefault(fold_name(variant), set()).add(code)
        names: dict[str, str] = {key: "name" for key in self.codes}
        self.alias_spellings = {" ".join(spelling.split()) for spelling in aliases}
        self.alias_keys = {fold_name(normalise_name(spelling)) for spelling in aliases}
        for spelling in aliases:
            names[fold_name(spelling)] = "alias"
            names[fold_name(normalise_name(spelling))] = "alias"
        self.short: dict[str, set[str]] = {}
        for name, codes in self.codes.items():
            head = _SHORTENED.split(name, maxsplit=1)[0]
            if head != name and head not in names:
                self.short.setdefault(head, set()).update(codes)
        for head, codes in self.short.items():
            if len(codes) > 1:
                names[head] = "short"
        self.matcher = Matcher(names)

    def names_a_council(self, name: str) -> bool:
        """Whether `name` is one of the register's or the alias file's names (a trailing 'Council' aside): fast,
        for the many names that are checked (the reference's own resolve suggests close names, which is slow)."""
        key = fold_name(normalise_name(name))
        return any(k in self.codes or k in self.alias_keys for k in (key, key.removesuffix(" council")))

    def find(self, folded: Folded, text: str, date: str) -> list[CouncilHit]:
        """Every council named in `text` (folded as `folded`), resolved on `date`, in text order."""
        hits = []
        resolved: dict[str, CouncilHit | None] = {}
        for match in self.matcher.find(folded):
            end = match.end
            council = _COUNCIL_AFTER.match(text, end)
            if council and match.value != "short":  # 'Oldham Council': the name as written, word Council and all
                end = council.end()
            spelling = " ".join(text[match.start : end].split())
            if spelling not in self.alias_spellings and not _written_as_a_name(spelling):
                continue
            if spelling not in resolved:
                resolved[spelling] = self._resolve(spelling, match.key, match.value, date)
            found = resolved[spelling]
            if found is not None:
                hits.append(CouncilHit(match.start, end, spelling, found.code, found.candidates))
        return hits

    def _resolve(self, spelling: str, key: str, how: str, date: str) -> CouncilHit | None:
        if how == "short":
            return self._ambiguous(spelling, self.short[key], date)
        try:
            return CouncilHit(0, 0, spelling, self.reference.resolve(spelling, date).code)
        except AmbiguousCouncil:
            return self._ambiguous(spelling, self.codes.get(key, set()), date)
        except ResolutionError:
            return None

    def _ambiguous(self, spelling: str, codes: set[str], date: str) -> CouncilHit | None:
        authorities = self.reference.authorities
        current = {c for c in codes if authorities[c].existed_on(date)} or set(codes)
        if len(current) < 2:
            return None
        nice = [authorities[c].nice_name for c in current]
        use_official = len(set(nice)) < len(nice)
        names = sorted(authorities[c].official_name if use_official else authorities[c].nice_name for c in current)
        return CouncilHit(0, 0, spelling, None, tuple(council_ref(n) for n in names))


def _written_as_a_name(spelling: str) -> bool:
    """Whether every word of `spelling` but the small ones starts with a capital (or a digit)."""
    words = [w for w in re.split(r"[\s-]+", spelling) if w]
    if not words or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _CONNECTORS for w in words)
