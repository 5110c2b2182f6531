"""Installing councilgraph: which project a command finds, what the wheel carries, what it declares.

The resolution order (graph.paths.locate) is tested on real folders made here, with the current
folder and COUNCILGRAPH_ROOT set by monkeypatch. The slow test builds a wheel, installs it into a fresh
virtualenv and runs the installed `councilgraph` from a folder outside any checkout.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli import cli
from graph.errors import CouncilGraphError
from graph.paths import PROJECT_ROOT, ProjectNotFound, locate
from graph.query.loading import load_export
from graph.query.stores import graph_files
from graph.viz.vendored import VIS_NETWORK, inlined_libraries

POINT = "--root DIR or COUNCILGRAPH_ROOT=DIR"


def checkout(folder: Path) -> Path:
    """A folder that looks like a checkout to `locate` (its two marker files, empty)."""
    for name in ("data/sources/manifest.yaml", "ontology/councilgraph.ttl"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).touch()
    return folder


def built_graph(folder: Path) -> Path:
    (folder / "exports").mkdir(parents=True, exist_ok=True)
    (folder / "exports" / "councilgraph.ttl").touch()
    return folder


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """The current folder is outside any checkout and COUNCILGRAPH_ROOT is unset."""
    monkeypatch.delenv("COUNCILGRAPH_ROOT", raising=False)
    here = tmp_path / "elsewhere"
    here.mkdir()
    monkeypatch.chdir(here)
    return here


# --- the resolution order ----------------------------------------------------------------------------


def test_root_comes_first(tmp_path, elsewhere, monkeypatch):
    given, named, around = (checkout(tmp_path / name) for name in ("given", "named", "around"))
    monkeypatch.setenv("COUNCILGRAPH_ROOT", str(named))
    monkeypatch.chdir(around)
    paths = locate(str(given))
    assert (paths.root, paths.origin, paths.bundled) == (given, "from --root", False)


def test_then_the_environment_variable(tmp_path, elsewhere, monkeypatch):
    named, around = checkout(tmp_path / "named"), checkout(tmp_path / "around")
    monkeypatch.setenv("COUNCILGRAPH_ROOT", str(named))
    monkeypatch.chdir(around)
    assert (locate().root, locate().origin) == (named, "from COUNCILGRAPH_ROOT")


def test_then_the_checkout_around_the_current_folder(tmp_path, elsewhere, monkeypatch):
    around = checkout(tmp_path / "around")
    deep = around / "data" / "curated" / "drafts"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    paths = locate(home=checkout(tmp_path / "home"))
    assert (paths.root, paths.origin) == (around, "found from the current folder")


def test_then_the_checkout_the_package_came_from(tmp_path, elsewhere):
    home = checkout(tmp_path / "home")
    paths = locate(home=home, bundled=built_graph(tmp_path / "bundled"))
    assert (paths.root, paths.origin, paths.bundled) == (home, "the checkout the package was imported from", False)
    # this test session imports the package from the real checkout
    assert locate().root == PROJECT_ROOT


def test_then_the_graph_installed_with_the_package(tmp_path, elsewhere):
    bundled = built_graph(tmp_path / "bundled")
    paths = locate(home=tmp_path / "site-packages", bundled=bundled)
    assert paths.bundled and paths.root == bundled
    assert paths.origin == (
        f"the built graph installed with the package (no checkout in {elsewhere} or its "
        f"parents, nor at {tmp_path / 'site-packages'})"
    )
    assert paths.built == bundled / "exports"
    assert paths.exports == elsewhere  # what would go to exports/ goes to the current folder
    assert paths.ontology == bundled / "ontology" / "councilgraph.ttl"
    for part in ("sources", "reference", "curated"):  # building needs data/, which the package lacks
        with pytest.raises(ProjectNotFound) as caught:
            getattr(paths, part)
        assert str(caught.value).startswith(
            "no data/ to build from: the project is the built graph installed with the package (no checkout in"
        )
        assert POINT in str(caught.value)


def test_nothing_found_says_where_it_looked(tmp_path, elsewhere):
    with pytest.raises(ProjectNotFound) as caught:
        locate(home=tmp_path / "site-packages", bundled=tmp_path / "nothing")
    assert str(caught.value) == (
        f"no councilgraph project found: no checkout in {elsewhere} or its parents, "
        f"nor at {tmp_path / 'site-packages'}, and the package holds no built graph; "
        f"point at a checkout with {POINT}"
    )


def test_a_named_folder_may_hold_only_a_built_graph(tmp_path, elsewhere, monkeypatch):
    only_exports = built_graph(tmp_path / "exported")
    assert locate(str(only_exports)).root == only_exports
    monkeypatch.setenv("COUNCILGRAPH_ROOT", str(only_exports))
    assert locate().root == only_exports


def test_a_named_folder_that_is_no_project_is_an_error(tmp_path, elsewhere, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ProjectNotFound) as caught:
        locate(str(empty))
    assert str(caught.value) == (
        f"--root {empty} is not a councilgraph project: it holds neither a checkout "
        "(data/sources/manifest.yaml and ontology/councilgraph.ttl) nor a built graph "
        "(exports/councilgraph.ttl); give the folder of a checkout"
    )
    monkeypatch.setenv("COUNCILGRAPH_ROOT", str(empty))
    with pytest.raises(ProjectNotFound, match=rf"^COUNCILGRAPH_ROOT={re.escape(str(empty))} is not a councilgraph"):
        locate()
    monkeypatch.setenv("COUNCILGRAPH_ROOT", str(tmp_path / "missing"))
    with pytest.raises(ProjectNotFound) as caught:
        locate()
    assert (
        str(caught.value) == f"COUNCILGRAPH_ROOT={tmp_path / 'missing'}: no such folder; point at a checkout "
        f"with {POINT}"
    )


def test_a_missing_build_names_the_project_and_how_it_was_found(tmp_path, elsewhere, monkeypatch):
    project = checkout(tmp_path / "project")
    monkeypatch.setenv("COUNCILGRAPH_ROOT", str(project))
    expected = (
        f"{project / 'exports' / 'councilgraph.ttl'} does not exist: run `councilgraph build` first "
        f"(project: {project}, from COUNCILGRAPH_ROOT)"
    )
    for load in (lambda: load_export(), lambda: graph_files(locate())):
        with pytest.raises(CouncilGraphError) as caught:
            load()
        assert str(caught.value) == expected
    result = CliRunner().invoke(cli, ["show", "Wigan"])
    assert (result.exit_code, result.output) == (2, f"Error: {expected}\n")


def test_the_cli_finds_the_project_from_the_environment(tmp_path, elsewhere, monkeypatch):
    copy = tmp_path / "copy"
    shutil.copytree(
        PROJECT_ROOT / "exports", copy / "exports", ignore=shutil.ignore_patterns("*.nt", "*.jsonld", "*.html", ".*")
    )
    monkeypatch.setenv("COUNCILGRAPH_ROOT", str(copy))
    from_env = CliRunner().invoke(cli, ["stats"])
    from_root = CliRunner().invoke(cli, ["stats", "--root", PROJECT_ROOT])
    assert from_env.exit_code == 0 and from_env.output == from_root.output


def test_the_cli_refuses_a_root_that_is_no_project(tmp_path, elsewhere):
    result = CliRunner().invoke(cli, ["stats", "--root", str(elsewhere)])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: --root {elsewhere} is not a councilgraph project")
    missing = CliRunner().invoke(cli, ["stats", "--root", str(tmp_path / "missing")])
    assert missing.exit_code == 2 and "Directory" in missing.output and "does not exist" in missing.output


# --- what the package declares and carries -----------------------------------------------------------


def _third_party_imports() -> set[str]:
    names = set()
    for path in [PROJECT_ROOT / "cli.py", *sorted((PROJECT_ROOT / "graph").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name not in ("graph", "cli")}


def test_every_third_party_import_is_a_declared_dependency():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in project["dependencies"]
    }
    distributions = importlib.metadata.packages_distributions()
    undeclared = {
        module: distributions.get(module)
        for module in _third_party_imports()
        if not {d.lower().replace("_", "-") for d in distributions.get(module, [module])} & declared
    }
    assert undeclared == {}


def test_vis_network_is_vendored_with_its_licence():
    assert inlined_libraries() == [
        (VIS_NETWORK / name).read_text(encoding="utf-8") for name in ("vis-network.min.js", "vis-network.css")
    ]
    header = (VIS_NETWORK / "vis-network.min.js").read_text(encoding="utf-8")[:700]
    assert "@version 9.1.2" in header and "dual licensed" in header
    mit = (VIS_NETWORK / "LICENSE-MIT").read_text(encoding="utf-8")
    for holder in (
        "(c) 2011-2017 Almende B.V, http://almende.com",
        "(c) 2017-2019 visjs contributors, https://github.com/visjs",
    ):
        assert holder in header and holder in mit
    assert "Apache License\n                           Version 2.0" in (VIS_NETWORK / "LICENSE-APACHE-2.0").read_text()
    assert "pyvis 0.3.2" in (VIS_NETWORK / "README.md").read_text(encoding="utf-8")


def test_the_vendored_copy_is_the_one_pyvis_ships():
    import pyvis

    shipped = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    if importlib.metadata.version("pyvis") != "0.3.2" or not shipped.is_dir():
        pytest.skip("the vendored files were taken from pyvis 0.3.2, which is not the pyvis installed")
    for name in ("vis-network.min.js", "vis-network.css"):
        assert (VIS_NETWORK / name).read_bytes() == (shipped / name).read_bytes(), name


def test_the_readme_states_each_sources_licence():
    manifest = yaml.safe_load((PROJECT_ROOT / "data" / "sources" / "manifest.yaml").read_text(encoding="utf-8"))
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Licences\n") :]
    for source in manifest:
        assert f"| `{source['id']}` | {source['publisher']} | {source['licence']} |" in section, source["id"]
    for name in ("LICENSE", "data/reference/LICENSE-mysociety.txt", "graph/viz/assets/vendor/vis-network-9.1.2/"):
        assert f"`{name}`" in section and (PROJECT_ROOT / name).exists(), name


# --- the wheel, installed for real -------------------------------------------------------------------


def _copy_of_the_checkout(target: Path) -> Path:
    """The checkout's files, without its virtualenv, git folder and build leftovers (so that building the
    wheel writes nothing into the checkout and no stale build/ folder leaks into it)."""
    left_out = {
        PROJECT_ROOT: {".venv", ".git", "build", ".pytest_cache", "councilgraph.egg-info"},
        PROJECT_ROOT / "exports": {"network.html", "councilgraph.nt", "councilgraph.jsonld"},
    }

    def ignore(folder: str, names: list[str]) -> set[str]:
        return {name for name in names if name == "__pycache__" or name in left_out.get(Path(folder), ())}

    shutil.copytree(PROJECT_ROOT, target, ignore=ignore)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from (a copy of) this checkout, installed into a fresh virtualenv: its bin/ folder."""
    work = tmp_path_factory.mktemp("wheel")
    source = _copy_of_the_checkout(work / "source")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(work / "dist")],
        cwd=source,
        check=True,
        capture_output=True,
    )
    (wheel,) = (work / "dist").glob("councilgraph-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(work / "venv")], check=True, capture_output=True)
    bin_dir = work / "venv" / "bin"
    install = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True
    )
    assert install.returncode == 0, install.stderr
    return bin_dir


def _environment(**env) -> dict[str, str]:
    """This process's environment without what would point the installed tool at the checkout."""
    kept = {k: v for k, v in os.environ.items() if k not in ("COUNCILGRAPH_ROOT", "PYTHONPATH", "VIRTUAL_ENV")}
    return {**kept, **env}


def _run(bin_dir: Path, cwd: Path, *args, **env):
    env.setdefault("XDG_CACHE_HOME", str(cwd.parent / "cache"))  # where the installed graph's store is kept
    return subprocess.run(
        [str(bin_dir / "councilgraph"), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=_environment(**env),
        timeout=300,
    )


@pytest.mark.slow
def test_the_installed_wheel_answers_from_any_folder(installed, tmp_path):
    here = tmp_path / "somewhere"
    here.mkdir()
    site = subprocess.run(
        [str(installed / "python"), "-c", "import graph, pathlib; print(pathlib.Path(graph.__file__).parent)"],
        cwd=here,
        env=_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    package = Path(site.stdout.strip())
    assert PROJECT_ROOT not in package.parents and (package / "_bundled" / "exports" / "metrics.ttl").is_file()
    before = sorted(p.relative_to(package) for p in package.rglob("*") if "__pycache__" not in p.parts)

    stats = _run(installed, here, "stats")
    assert stats.returncode == 0, stats.stderr
    assert stats.stdout == CliRunner().invoke(cli, ["stats", "--root", PROJECT_ROOT]).output

    phase_1 = _run(installed, here, "query", "creative-councils-phase-1", "--format", "csv")
    assert phase_1.returncode == 0, phase_1.stderr
    rows = phase_1.stdout.splitlines()
    assert rows[0] == "council,name" and len(rows) == 18  # the initial pool of seventeen
    for row in (
        "https://w3id.org/councilgraph/id/council/wigan,Wigan Metropolitan Borough Council",
        "https://w3id.org/councilgraph/id/council/cornwall,Cornwall Council",
        "https://w3id.org/councilgraph/id/council/monmouthshire,Monmouthshire County Council",
    ):
        assert row in rows

    show = _run(installed, here, "show", "Wigan")
    assert show.returncode == 0, show.stderr
    assert show.stdout.startswith("Wigan Metropolitan Borough Council\n")
    # the store the read commands share is kept in the user's cache, never inside the installed package
    assert [p.name for p in (tmp_path / "cache" / "councilgraph").iterdir() if p.is_dir()][0].startswith("store-")

    viz = _run(installed, here, "viz", "--focus", "Wigan", "-o", "x.html")
    assert viz.returncode == 0, viz.stderr
    assert viz.stdout.startswith("wrote x.html: ") and viz.stderr == ""
    same = tmp_path / "from-the-checkout.html"
    CliRunner().invoke(cli, ["viz", "--root", PROJECT_ROOT, "--focus", "Wigan", "-o", same])
    assert (here / "x.html").read_bytes() == same.read_bytes()  # the same graph and the same vis-network

    default = _run(installed, here, "viz", "--focus", "Wigan")
    assert default.returncode == 0, default.stderr
    assert default.stdout.startswith(f"wrote {here / 'network.html'}: ")
    assert (
        default.stderr.startswith("note: using the built graph installed with the package")
        and "writing into the current folder" in default.stderr
    )
    assert (here / "network.html").read_bytes() == same.read_bytes()

    for command in ("build", "validate"):
        refused = _run(installed, here, command)
        assert refused.returncode == 2 and refused.stdout == ""
        assert refused.stderr.startswith(
            "Error: no data/ to build from: the project is the built graph installed "
            f"with the package (no checkout in {here} or its parents"
        )
        assert refused.stderr.count("\n") == 1 and POINT in refused.stderr

    copy = tmp_path / "copy"
    for part in ("data", "ontology", "exports"):
        shutil.copytree(PROJECT_ROOT / part, copy / part, ignore=shutil.ignore_patterns(".*"))
    validate = _run(installed, here, "validate", COUNCILGRAPH_ROOT=str(copy))
    assert validate.returncode == 0, validate.stderr
    assert validate.stdout.startswith("data ok: ")
    after = sorted(p.relative_to(package) for p in package.rglob("*") if "__pycache__" not in p.parts)
    assert after == before  # nothing was written into the installed package
