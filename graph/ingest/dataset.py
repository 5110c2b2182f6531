"""Loading all of a project's files into one checked dataset (graph.paths says where they are)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import DataError, DataErrors
from ..paths import PROJECT_ROOT, Paths
from .casestudies import described_initiatives, spans_of
from .councils import Authority, Reference, ResolutionError, UnknownCouncil, load_reference
from .curated import ALIASES_FILE, Curated, read_council_aliases, read_curated
from .sources import Source, read_manifest

__all__ = ["Paths", "Dataset", "load_dataset", "PROJECT_ROOT"]


@dataclass
class Dataset:
    """Sources, curated facts and resolved councils: everything a build needs, all checked."""

    paths: Paths
    sources: dict[str, Source]
    curated: Curated
    reference: Reference
    councils: dict[tuple[str, str], Authority]  # (name as written, source id) -> authority
    council_names: dict[str, set[str]]  # authority code -> every spelling the texts use

    def council(self, ref: str, source: str) -> Authority:
        return self.councils[(ref.removeprefix("council:"), source)]


def load_dataset(paths: Paths | None = None) -> Dataset:
    """Load and check everything; raise DataErrors listing every problem with its file:line.

    Every stage runs, as far as its input can be read, even when an earlier one found problems (the sources
    manifest, each curated file, the alias file, the councils), so that one run reports every problem, once
    each, in file and line order. Paths are relative to the project root.
    """
    paths = paths or Paths()
    manifest = read_manifest(paths.sources, paths.root)
    aliases, alias_errors = read_council_aliases(paths.curated / ALIASES_FILE, paths.root)
    curated, curated_errors = read_curated(paths.curated, manifest, paths.root, aliases)
    reference = load_reference(paths.reference, curated.council_aliases)
    errors: list[DataError] = [*manifest.errors, *alias_errors, *curated_errors]
    councils: dict[tuple[str, str], Authority] = {}
    council_names: dict[str, set[str]] = {}
    for name, source, where in curated.council_refs():
        path, _, line = where.rpartition(":")
        date = manifest.dates.get(source)
        try:
            authority = reference.resolve(name, date or "")
        except ResolutionError as exc:
            # not when the alias file could not be read (the name may be mapped there), nor an ambiguity that
            # the document's date might settle when that date is unknown (the manifest's errors say why)
            if aliases is not None and (date or isinstance(exc, UnknownCouncil)):
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
                errors.append(
                    DataError(paths.relative(paths.curated / ALIASES_FILE), None, f"alias {spelling!r}: {exc}")
                )
    spans, span_errors = spans_of(curated, manifest.sources)
    errors.extend(span_errors)
    if errors:
        raise DataErrors(_distinct(errors))
    curated.relations = sorted(
        [*curated.relations, *described_initiatives(curated, manifest.sources, spans)], key=lambda r: r.key
    )
    return Dataset(paths, manifest.sources, curated, reference, councils, council_names)


def _distinct(errors: list[DataError]) -> list[DataError]:
    """Each problem once: the same message at the same place is one mistake, however it was reached."""
    return list({(e.path, e.line, e.message): e for e in errors}.values())
