"""The docs say what the code does: the tables generated from the code (cog) are current, and every
command has help text and a place in the README."""

from __future__ import annotations

import subprocess
import sys

from cli import cli
from graph.ingest.dataset import PROJECT_ROOT

GENERATED = ["docs/data-format.md", "README.md"]  # files with [[[cog ... ]]] sections


def test_the_generated_sections_are_current():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cogapp",
            "--check",
            f"--check-fail-msg=regenerate them with `python -m cogapp -r {' '.join(GENERATED)}`",
            *GENERATED,
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_command_has_help_and_is_in_the_readme():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in sorted(cli.commands.items()):
        assert command.help, name
        assert f"\n### `councilgraph {name}" in readme, f"{name} has no section in the README's tour of the commands"
        assert f"\n### `councilgraph {name} --help`\n" in readme, f"{name} is not in the README's command reference"
