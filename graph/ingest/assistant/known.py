"""What the project already knows, read from its own data: the curated entities (registry and documents' files)
with their names and aliases, the councils' register and the alias file; and where a text names a known entity.

An entity counts as known only where a document's file quotes it (the registry alone sources nothing) and not only
a draft (`*.draft.yaml`): a proposal is never taken as knowledge.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ...paths import Paths
from ..councils import Reference, load_reference
from ..curated import ALIASES_FILE, read_council_aliases, read_curated
from ..entities import is_generic_name
from ..sources import read_manifest
from .patterns import Folded, Matcher, fold_name

__all__ = ["KnownEntity", "Knowledge", "KnownHit", "load_knowledge", "KnownFinder", "DRAFT_SUFFIX"]

DRAFT_SUFFIX = ".draft.yaml"
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z'-]*")
_QUOTE_CHARS = "'\"‘’“” "


@dataclass(frozen=True)
class KnownEntity:
    id: str
    type: str
    name: str
    kind: str | None
    names: tuple[str, ...]  # the name and aliases, as written, that a text may name it by


@dataclass
class Knowledge:
    entities: dict[str, KnownEntity]
    reference: Reference
    council_aliases: dict[str, str]
    source_ids: set[str]  # the ids the manifest lists


def load_knowledge(paths: Paths) -> Knowledge:
    """The project's entities, register and aliases, as far as they can be read (a draft is a helper: problems
    in the data are for `councilgraph validate` to report, not a reason to refuse one)."""
    manifest = read_manifest(paths.sources, paths.root)
    aliases, _ = read_council_aliases(paths.curated / ALIASES_FILE, paths.root)
    curated, _ = read_curated(paths.curated, manifest, paths.root, aliases or {})
    entities = {}
    for eid, entity in curated.entities.items():
        if not any(DRAFT_SUFFIX not in ev.where for ev in entity.evidence):
            continue
        names = tuple(sorted({entity.name, *entity.aliases}))
        entities[eid] = KnownEntity(eid, entity.type, entity.name, entity.kind, names)
    reference = load_reference(paths.reference, curated.council_aliases)
    return Knowledge(entities, reference, dict(curated.council_aliases), set(manifest.dates))


@dataclass(frozen=True)
class KnownHit:
    start: int
    end: int
    id: str


def _clean(name: str) -> str:
    return " ".join(name.strip(_QUOTE_CHARS).split())


class KnownFinder:
    """The known entities' names and aliases, ready to be found in texts."""

    def __init__(self, entities: dict[str, KnownEntity], is_council: Callable[[str], bool] = lambda _: False):
        """`is_council` says whether a name names a principal council ('Kirklees Council' as a case study's
        title): such a name is left to the councils."""
        keys: dict[str, set[str]] = {}
        self.spellings: dict[str, set[str]] = {}  # folded -> the names as written, to check their capitals
        for entity in entities.values():
            for written in entity.names:
                for name in {_clean(written), _clean(written.removeprefix("The ").removeprefix("the "))}:
                    if len(name) < 2 or is_generic_name(name) or not any(c.isalpha() for c in name) or is_council(name):
                        continue
                    key = fold_name(name)
                    keys.setdefault(key, set()).add(entity.id)
                    self.spellings.setdefault(key, set()).add(name)
        # a name two entities share names neither for certain: left to the candidates and the reviewer
        self.matcher = Matcher({k: next(iter(ids)) for k, ids in keys.items() if len(ids) == 1})

    def find(self, folded: Folded, text: str) -> list[KnownHit]:
        """Where `text` (folded as `folded`) names a known entity. A one-word name the text also writes in lower
        case ('Members', 'members') is a common word there, not the name."""
        common = set(_LOWER_WORD.findall(text))
        hits = []
        for match in self.matcher.find(folded):
            written = " ".join(text[match.start : match.end].split()).replace("’", "'")
            if " " not in match.key and match.key in common and not written.isupper():
                continue
            if any(_same_case(written, name.replace("’", "'")) for name in self.spellings[match.key]):
                hits.append(KnownHit(match.start, match.end, match.value))
        return hits


def _same_case(written: str, name: str) -> bool:
    """Whether `written` names `name`: an acronym exactly, one word with its capital, words in any case."""
    if not any(c.islower() for c in name):
        return written == name
    if " " not in name:
        return written[:1].isupper() and (written == name or written[1:].islower() or written.isupper())
    return True
