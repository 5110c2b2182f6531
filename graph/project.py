"""Loading all of a project's files into one checked dataset (graph.paths says where they are)."""
from __future__ import annotations

from dataclasses import dataclass

from .councils import Authority, Reference, ResolutionError, load_reference
from .curated import ALIASES_FILE, Curated, load_curated
from .errors import DataError, DataErrors
from .paths import PROJECT_ROOT, Paths
from .sources import Source, load_sources

__all__ = ["Paths", "Dataset", "load_dataset", "PROJECT_ROOT"]

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
