"""Where a project's files are. Light on purpose: every command starts here."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["PROJECT_ROOT", "Paths", "display_path"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Paths:
    root: Path = PROJECT_ROOT

    @property
    def sources(self) -> Path:
        return self.root / "data" / "sources"

    @property
    def reference(self) -> Path:
        return self.root / "data" / "reference"

    @property
    def curated(self) -> Path:
        return self.root / "data" / "curated"

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "councilgraph.ttl"

    @property
    def shapes(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    def relative(self, path: Path | str) -> str:
        """`path` relative to the project root where it lies inside it (for stable provenance)."""
        return display_path(Path(path), self.root)


def display_path(path: Path, root: Path | None) -> str:
    """`path` relative to `root` where it lies inside it (stable across checkouts), else as given."""
    try:
        return str(path.resolve().relative_to(root.resolve())) if root else str(path)
    except ValueError:
        return str(path)
