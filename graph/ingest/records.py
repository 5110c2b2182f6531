"""The curated data as records: entities, relations, claims and concepts, each with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["Evidence", "FigureRecord", "Entity", "Relation", "Claim", "Concept", "Curated"]


@dataclass(frozen=True, order=True)
class Evidence:
    source: str
    quote: str
    where: str  # data file:line the fact was curated at


@dataclass
class FigureRecord:
    label: str
    value: Decimal
    unit: str
    date: str | None
    evidence: Evidence


@dataclass
class Entity:
    id: str
    type: str
    name: str
    where: str
    aliases: set[str] = field(default_factory=set)
    descriptions: set[str] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)
    ambiguities: set[str] = field(default_factory=set)
    lead_unstated: set[str] = field(default_factory=set)
    kind: str | None = None
    start: str | None = None
    end: str | None = None
    date: str | None = None
    evidence: set[Evidence] = field(default_factory=set)
    figures: list[FigureRecord] = field(default_factory=list)


@dataclass
class Relation:
    type: str
    source: str  # from (council:<name> or entity id)
    target: str  # to
    qualifiers: tuple[tuple[str, str], ...]  # sorted (name, value) pairs that make the fact distinct
    where: str
    evidence: set[Evidence] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)
    ambiguities: set[str] = field(default_factory=set)
    date_notes: set[str] = field(default_factory=set)
    figures: list[FigureRecord] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return (self.type, self.source, self.target, self.qualifiers)

    def qualifier(self, name: str) -> str | None:
        return dict(self.qualifiers).get(name)


@dataclass
class Claim:
    id: str
    about: str
    label: str
    value: Decimal
    evidence: Evidence
    note: str | None = None


@dataclass
class Concept:
    id: str
    scheme: str
    scheme_label: str
    label: str
    definition: str | None
    evidence: Evidence
    ambiguities: frozenset[str] = frozenset()
    broader: str | None = None  # the concept of the same scheme it is an item of (skos:broader)


@dataclass
class Curated:
    """Everything the curated files say, merged across files and checked."""

    entities: dict[str, Entity]
    relations: list[Relation]
    claims: list[Claim]
    concepts: list[Concept]
    council_aliases: dict[str, str]
    files: list[str]
    council_mentions: list[tuple[str, str, str]] = field(default_factory=list)

    def council_refs(self) -> list[tuple[str, str, str]]:
        """Every council:<name> reference as (name, source id, where), once each, in file order: from every
        relation and claim block that names one, whether or not the rest of the block is right."""
        return list(self.council_mentions)
