"""The build hook that puts the built graph into the wheel; everything else is in pyproject.toml.

A wheel carries exports/councilgraph.ttl, exports/metrics.ttl and ontology/*.ttl as graph/_bundled/...,
so an installed `councilgraph` answers from any folder (graph.paths.locate, step 5). They are copied at
build time, never committed twice; MANIFEST.in puts them in the sdist so a wheel built from it has
them too. An editable install copies nothing: it reads the checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLED = ("exports/councilgraph.ttl", "exports/metrics.ttl", "ontology/*.ttl")


class BuildWithGraph(build_py):
    """build_py, then the built graph copied into graph/_bundled/ beside the package's modules."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for pattern in BUNDLED:
            found = sorted(HERE.glob(pattern))
            if not found:
                raise SystemExit(
                    f"{pattern} is missing: run `councilgraph build` in the checkout before building a wheel"
                )
            for source in found:
                target = Path(self.build_lib) / "graph" / "_bundled" / source.relative_to(HERE)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)


setup(cmdclass={"build_py": BuildWithGraph})
