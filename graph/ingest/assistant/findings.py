"""What a reading of a text found: councils (resolved or ambiguous), entities (known or proposed) and relations,
each with the quote it rests on; the draft (draft.py) is written from these."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CouncilFound", "AmbiguousFound", "EntityFound", "RelationFound", "Findings"]


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
