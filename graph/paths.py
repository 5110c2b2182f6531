"""Which project a command works on, and where its files are. Light on purpose: every command starts here.

`locate(root)` finds the project in this order and says how in `Paths.origin`:

1. `root` (the command line's `--root DIR`);
2. the folder named by the environment variable COUNCILGRAPH_ROOT;
3. the current folder, or its nearest parent, that is a councilgraph checkout;
4. the checkout this package was imported from (an editable install, or running from the source tree);
5. the built graph shipped inside the installed package (graph/_bundled/, put there by setup.py when a
   wheel is built): read-only, with no data/ to build from.

A checkout holds data/sources/manifest.yaml and ontology/councilgraph.ttl. A folder named by 1 or 2 may
instead hold only a built graph (exports/councilgraph.ttl); one holding neither is an error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import CouncilGraphError

__all__ = [
    "PROJECT_ROOT",
    "BUNDLED",
    "ROOT_VARIABLE",
    "Paths",
    "ProjectNotFound",
    "locate",
    "is_checkout",
    "display_path",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent  # a checkout, when the package is imported from one
BUNDLED = Path(__file__).resolve().parent / "_bundled"  # the built graph a wheel ships (see setup.py)
ROOT_VARIABLE = "COUNCILGRAPH_ROOT"
CHECKOUT_FILES = ("data/sources/manifest.yaml", "ontology/councilgraph.ttl")
GRAPH_FILE = "exports/councilgraph.ttl"
POINT_AT_A_CHECKOUT = f"point at a checkout with --root DIR or {ROOT_VARIABLE}=DIR"


class ProjectNotFound(CouncilGraphError):
    """No project where one was named or looked for, or none with the files a command needs."""


@dataclass(frozen=True)
class Paths:
    """A project's files. `origin` says how the project was found (for messages); `bundled` marks the
    read-only graph inside the installed package, which has no data/ and whose default output folder
    (`output`) is the folder the command ran in."""

    root: Path = PROJECT_ROOT
    origin: str = "as given"
    bundled: bool = False
    output: Path | None = None

    @property
    def about(self) -> str:
        """Which project this is and how it was found, for messages: '/work/main, from --root'."""
        return f"{self.root}, {self.origin}"

    @property
    def sources(self) -> Path:
        return self._data("sources")

    @property
    def reference(self) -> Path:
        return self._data("reference")

    @property
    def curated(self) -> Path:
        return self._data("curated")

    def require_data(self) -> None:
        """ProjectNotFound, saying what to do, unless the project has data/ to build from."""
        self._data("sources")

    def _data(self, part: str) -> Path:
        if self.bundled:
            raise ProjectNotFound(
                f"no data/ to build from: the project is {self.origin}; {POINT_AT_A_CHECKOUT} "
                f"(a folder holding {' and '.join(CHECKOUT_FILES)})"
            )
        return self.root / "data" / part

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "councilgraph.ttl"

    @property
    def shapes(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def exports(self) -> Path:
        """Where exports and pages are written by default: exports/, or `output` for the bundled graph."""
        return self.output or self.root / "exports"

    @property
    def built(self) -> Path:
        """Where the built graph is read from: exports/ (inside the package, for the bundled graph)."""
        return self.root / "exports"

    def missing(self, path: Path) -> str:
        """The message for a built file that is not there: which project, how it was found, what to do."""
        if self.bundled:
            return f"{path} does not exist: the package was installed without its built graph; {POINT_AT_A_CHECKOUT}"
        return f"{path} does not exist: run `councilgraph build` first (project: {self.about})"

    def relative(self, path: Path | str) -> str:
        """`path` relative to the project root where it lies inside it (for stable provenance)."""
        return display_path(Path(path), self.root)


def display_path(path: Path, root: Path | None) -> str:
    """`path` relative to `root` where it lies inside it (stable across checkouts), else as given."""
    try:
        return str(path.resolve().relative_to(root.resolve())) if root else str(path)
    except ValueError:
        return str(path)


def is_checkout(folder: Path) -> bool:
    """Whether `folder` holds a councilgraph checkout's data and ontology."""
    return all((folder / name).is_file() for name in CHECKOUT_FILES)


def locate(root: str | Path | None = None, *, home: Path = PROJECT_ROOT, bundled: Path = BUNDLED) -> Paths:
    """The project to work on: `root`, else $COUNCILGRAPH_ROOT, else the checkout around the current folder,
    else the checkout `home` (where this package was imported from), else the graph in `bundled`.

    Raises ProjectNotFound for a named folder holding neither a checkout nor a built graph, and when
    nothing is found at all; each message says what was looked at and how to point at a checkout.
    """
    if root is not None:
        return _named(Path(root), f"--root {root}", "from --root")
    variable = os.environ.get(ROOT_VARIABLE, "")
    if variable:
        return _named(Path(variable), f"{ROOT_VARIABLE}={variable}", f"from {ROOT_VARIABLE}")
    here = Path.cwd()
    for folder in (here, *here.parents):
        if is_checkout(folder):
            return Paths(folder, "found from the current folder")
    if is_checkout(home):
        return Paths(home.resolve(), "the checkout the package was imported from")
    looked = f"no checkout in {here} or its parents, nor at {home}"
    if (bundled / GRAPH_FILE).is_file():
        return Paths(bundled, f"the built graph installed with the package ({looked})", bundled=True, output=here)
    raise ProjectNotFound(
        f"no councilgraph project found: {looked}, and the package holds no built graph; {POINT_AT_A_CHECKOUT}"
    )


def _named(folder: Path, named: str, origin: str) -> Paths:
    folder = folder.expanduser().resolve()
    if not folder.is_dir():
        raise ProjectNotFound(f"{named}: no such folder; {POINT_AT_A_CHECKOUT}")
    if is_checkout(folder) or (folder / GRAPH_FILE).is_file():
        return Paths(folder, origin)
    raise ProjectNotFound(
        f"{named} is not a councilgraph project: it holds neither a checkout "
        f"({' and '.join(CHECKOUT_FILES)}) nor a built graph ({GRAPH_FILE}); "
        "give the folder of a checkout"
    )
