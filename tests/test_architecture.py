"""The shape of the package (graph/__init__.py): small modules and functions, and imports that follow
the data, ingest -> model -> query -> network -> viz -> serve, never back up the flow."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graph"
MAX_MODULE_LINES = 400  # lines of code: blank and comment-only lines do not count, so the formatter
MAX_FUNCTION_LINES = 60  # (ruff format) spreading a call over lines does not push a module over
# each room, in the order the data flows; a module may import from its own room and the rooms before it
ROOMS = ("ingest", "model", "query", "network", "viz", "serve")
# top-level modules every room may use, and the one that runs every room (the `build` command's steps)
SHARED = {"graph", "graph.errors", "graph.paths", "graph.text", "graph.choices", "graph.isolation"}
ORCHESTRATOR = {"graph.pipeline", "graph.api"}
# the one definition of what the data may say, read by ingest to check the curated files as well as by the
# model to build from them (STYLE: one vocabulary, read everywhere)
VOCABULARY = {"graph.model.vocabulary", "graph.model.namespaces"}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append((name, path))
    return found


def _imports(name: str, path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of a graph module, at any depth (imports inside functions count)."""
    modules = {module for module, _ in _modules()}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "graph"]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            if target.split(".")[0] != "graph":
                continue
            for alias in node.names:  # `from graph.network import analytics` imports graph.network.analytics
                submodule = f"{target}.{alias.name}"
                found.append((node.lineno, submodule if submodule in modules else target))
    return found


def _room(module: str) -> int | None:
    parts = module.split(".")
    return ROOMS.index(parts[1]) if len(parts) > 1 and parts[1] in ROOMS else None


def _allowed(importer: str, imported: str) -> bool:
    if imported in SHARED or importer in ORCHESTRATOR:
        return True
    if importer == "graph" and imported == "graph.api":  # the package offers the API, imported on first use
        return True
    if importer in SHARED:
        return imported in SHARED
    if imported in VOCABULARY:
        return True
    if imported in ORCHESTRATOR:
        return False
    mine, theirs = _room(importer), _room(imported)
    return mine is not None and theirs is not None and theirs <= mine


def _code_lines(lines: list[str]) -> int:
    return sum(1 for line in lines if line.strip() and not line.lstrip().startswith("#"))


def test_no_module_is_too_long():
    long = {
        str(path.relative_to(PACKAGE.parent)): n
        for _, path in _modules()
        if (n := _code_lines(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}, f"split these into single-purpose modules (at most {MAX_MODULE_LINES} lines)"


def test_no_function_is_too_long():
    long = {}
    for _, path in _modules():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = _code_lines(lines[node.lineno - 1 : node.end_lineno])
                if length > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}"] = length
    assert long == {}, f"break these into named steps (at most {MAX_FUNCTION_LINES} lines)"


def test_imports_follow_the_flow():
    backwards = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {imported}"
        for name, path in _modules()
        for line, imported in _imports(name, path)
        if not _allowed(name, imported)
    ]
    assert backwards == [], "an import goes back up ingest -> model -> query -> network -> viz -> serve"


def test_every_module_is_in_a_room_or_named_at_the_top():
    loose = [name for name, _ in _modules() if _room(name) is None and name not in SHARED | ORCHESTRATOR]
    assert loose == []


@pytest.mark.parametrize(
    "importer, imported, allowed",
    [
        ("graph.viz.page", "graph.network.projection", True),
        ("graph.network.analysis", "graph.query.names", True),
        ("graph.query.stores", "graph.network.analysis", False),
        ("graph.model.build", "graph.ingest.records", True),
        ("graph.ingest.curated", "graph.model.vocabulary", True),
        ("graph.ingest.curated", "graph.model.build", False),
        ("graph.errors", "graph.model.namespaces", False),
        ("graph.model.build", "graph.pipeline", False),
    ],
)
def test_the_rule_itself(importer, imported, allowed):
    assert _allowed(importer, imported) is allowed


def test_the_command_line_starts_without_the_heavy_libraries():
    code = (
        "import sys, cli\n"
        "try:\n    cli.cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rdflib', 'networkx', 'pyoxigraph', 'pyvis', 'pyshacl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=PACKAGE.parent, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
