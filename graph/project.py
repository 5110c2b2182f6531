"""Where a project's files are, and loading all of them into one checked dataset."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .councils import Authority, Reference, ResolutionError, load_reference
from .curated import ALIASES_FILE, Curated, display_path, load_curated
from .errors import DataError, DataErrors
from .sources import Source, load_sources

__all__ = ["Paths", "Dataset", "load_dataset", "PROJECT_ROOT"]

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


@dataclass
class Dataset:
    """Sources, curated facts and resolved councils: everything a build needs, all checked."""
    paths: Paths
    sources: dict[str, Source]
    curated: Curated
    reference: Reference
    councils: dict[tuple[str, str], Authority]   # (name as written, source id) -> authority
    council_names: dict[str, set[str]]            # authority code -> every spelling the texts use

    def council(self, ref: str, source: str) -> Authority:
        return self.councils[(ref.removeprefix("council:"), source)]


def load_dataset(paths: Paths | None = None) -> Dataset:
    """Load and check everything; raise DataErrors listing every problem with its file:line."""
    paths = paths or Paths()
    sources = load_sources(paths.sources)
    curated = load_curated(paths.curated, sources, paths.root)
    reference = load_reference(paths.reference, curated.council_aliases)
    errors: list[DataError] = []
    councils: dict[tuple[str, str], Authority] = {}
    council_names: dict[str, set[str]] = {}
    for name, source, where in curated.council_refs():
        path, _, line = where.rpartition(":")
        try:
            authority = reference.resolve(name, sources[source].date)
        except ResolutionError as exc:
            errors.append(DataError(path, int(line), str(exc)))
            continue
        councils[(name, source)] = authority
        council_names.setdefault(authority.code, set()).add(name)
    for spelling, target in curated.council_aliases.items():
        try:
            reference.resolve(target, "9999")
        except ResolutionError:
            try:
                reference.resolve(target, "2000")
            except ResolutionError as exc:
                errors.append(DataError(paths.relative(paths.curated / ALIASES_FILE), None,
                                        f"alias {spelling!r}: {exc}"))
    if errors:
        raise DataErrors(errors)
    return Dataset(paths, sources, curated, reference, councils, council_names)
