"""Run the SHACL shapes (pyshacl) over a built graph."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

__all__ = ["ShapeReport", "Violation", "validate_graph"]


@dataclass(frozen=True, order=True)
class Violation:
    focus: str
    path: str
    message: str
    shape: str


@dataclass
class ShapeReport:
    conforms: bool
    violations: list[Violation]

    def summary(self, limit: int = 20) -> str:
        if self.conforms:
            return "the graph conforms to the shapes"
        lines = [f"{len(self.violations)} shape violation(s):"]
        lines += [f"  {v.focus}{' ' + v.path if v.path else ''}: {v.message}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  ... and {len(self.violations) - limit} more")
        return "\n".join(lines)


def validate_graph(data: Graph, shapes_path: Path, ontology_path: Path | None = None) -> ShapeReport:
    """Validate `data` against the shapes in `shapes_path` (with RDFS inference from the ontology)."""
    from pyshacl import validate  # heavy: imported only when validating

    shapes = Graph().parse(shapes_path, format="turtle")
    ontology = Graph().parse(ontology_path, format="turtle") if ontology_path else None
    conforms, report, _ = validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=False, allow_warnings=False
    )
    violations = []
    names = data.namespace_manager
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus, path = report.value(result, SH.focusNode), report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        violations.append(
            Violation(
                names.normalizeUri(focus) if isinstance(focus, URIRef) else str(focus),
                _path_text(report, path, names),
                str(message) if message is not None else "",
                str(report.value(result, SH.sourceShape)),
            )
        )
    return ShapeReport(bool(conforms), sorted(violations))


def _path_text(report: Graph, path, names) -> str:
    """A SHACL property path as SPARQL writes it: ex:p, ^ex:p, a/b, (a|b), a*."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return names.normalizeUri(path)
    if (path, RDF.first, None) in report:
        return "/".join(_path_text(report, step, names) for step in Collection(report, path))
    for prop, render in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = report.value(path, prop)
        if inner is not None:
            return render.format(_path_text(report, inner, names))
    alternatives = report.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(report, a, names) for a in Collection(report, alternatives)) + ")"
    return str(path)
