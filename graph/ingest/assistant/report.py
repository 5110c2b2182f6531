"""What one `councilgraph ingest` did: the files it wrote and what the draft holds, counted by kind, with the
councils resolved, the ambiguous names and the candidates least sure of (for the reviewer to look at first)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...text import table_lines
from .analysis import Findings

__all__ = ["IngestReport", "LOW_CONFIDENCE"]

LOW_CONFIDENCE = 0.5  # a candidate below this is listed for a closer look


@dataclass
class IngestReport:
    source: str
    text_file: str  # relative to the project root
    draft_file: str
    conversion: list[str]
    date: str
    sentences: int
    counts: dict[str, int]
    councils: list[tuple[str, int]]  # council:<name>, mentions
    ambiguous: list[tuple[str, tuple[str, ...]]]
    low_confidence: list[tuple[str, float, str]]  # id, confidence, rule
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, findings: Findings, **fields) -> IngestReport:
        proposed = [e for e in findings.entities if e.status == "proposed"]
        counts = {
            "councils": len(findings.councils),
            "ambiguous council names": len(findings.ambiguous),
            "known entities": sum(1 for e in findings.entities if e.status == "known"),
            "proposed entities": len(proposed),
            "proposed relations": len(findings.relations),
        }
        return cls(
            sentences=findings.sentences,
            counts=counts,
            councils=[(c.council, c.mentions) for c in findings.councils],
            ambiguous=[(a.text, a.candidates) for a in findings.ambiguous],
            low_confidence=sorted(
                ((e.id, e.confidence, e.rule or "") for e in proposed if e.confidence < LOW_CONFIDENCE),
                key=lambda row: (row[1], row[0]),
            ),
            **fields,
        )

    def render(self) -> str:
        """The report as text for a terminal."""
        lines = [
            f"source {self.source} (date {self.date}): wrote {self.text_file} and its manifest entry",
            f"  conversion: {'; '.join(self.conversion)}",
            f"draft: {self.draft_file} ({self.sentences} sentences read in {self.seconds:.1f} s)",
            "",
            *table_lines(["found", "count"], [[k, v] for k, v in self.counts.items()]),
        ]
        if self.councils:
            lines += ["", "councils resolved:", *(f"  {ref} ({n})" for ref, n in self.councils)]
        if self.ambiguous:
            lines += ["", "ambiguous council names (map them in data/curated/council_aliases.yaml):"]
            lines += [f"  {text}: {', '.join(c)}" for text, c in self.ambiguous]
        if self.low_confidence:
            lines += ["", f"candidates below {LOW_CONFIDENCE} confidence (check these first):"]
            lines += [f"  {eid} {conf:.2f} ({rule})" for eid, conf, rule in self.low_confidence]
        lines += ["", f"next: review the draft with `councilgraph review {self.source}`", *self.notes]
        return "\n".join(lines) + "\n"
