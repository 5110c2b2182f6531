"""The code's own checks, run as CI runs them: ruff's lint and layout over the project, and mypy over the package
(pyproject.toml configures all three). Each runs the tool installed beside this Python (the `test` extra
installs them), from the project root, and shows the tool's own report when it fails."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the virtualenv's scripts: ruff and mypy come with the `test` extra


def _run(tool: str, *args: str) -> None:
    executable = shutil.which(tool, path=str(BIN))  # (ruff.exe on Windows)
    if executable is None:
        pytest.fail(f"{tool} is not installed in {BIN}: install the test extra (pip install -e '.[test]')")
    done = subprocess.run([executable, *args], cwd=ROOT, capture_output=True, text=True)
    report = (done.stdout + done.stderr).strip()
    assert done.returncode == 0, f"`{tool} {' '.join(args)}` exited {done.returncode}:\n{report}"


def test_ruff_finds_nothing():
    _run("ruff", "check", ".")


def test_the_code_is_formatted():
    _run("ruff", "format", "--check", ".")


@pytest.mark.slow
def test_mypy_finds_nothing():
    _run("mypy", "graph")
