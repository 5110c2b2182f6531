"""One exit-status rule for every command (README: Exit status).

0: answered. 1: a well-formed question whose answer is no (an ASK query's false, no entity by that
name, two entities not connected). 2: anything else (bad options, bad data, a query that cannot run,
an output that cannot be written). Before issue #12, an unknown entity was 1 in show but 2 in query,
and bad data or an unwritable output was 1.

The mini project (tests/conftest.py) holds Wigan's Creative Councils project as the 2012 action plans
describe it: Scholes lies in Wigan, Wigan leads Wigan Community Credits; Creative Councils stands alone.
"""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from cli import cli
from tests.conftest import MINI_WIGAN


def status(*args) -> int:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CASES = [
    # command and arguments after --root MINI, the exit status expected, and why
    (["stats"], 0, "answered"),
    (["show", "Scholes"], 0, "answered"),
    (["show", "Wigen"], 1, "no such entity"),
    (["show", "Wigan", "--json", "--bogus"], 2, "bad option"),
    (["query", "ASK { ?p a cg:Place }"], 0, "ASK true"),
    (["query", "ASK { ?p a cg:Fund }"], 1, "ASK false"),
    (["query", "initiatives-of-council", "--param", "council=Wigen"], 1, "no such entity"),
    (["query", "SELECT ?x WHERE { ?x a }"], 2, "syntax error"),
    (["query", "ccin-members-2020", "--param", "tier=gold"], 2, "not a value the parameter takes"),
    (["analyse", "--top", "3"], 0, "answered"),
    (["analyse", "--sample", "99"], 2, "a sample larger than the network"),
    (["path", "Scholes", "Wigan Community Credits"], 0, "answered"),
    (["path", "Scholes", "Creative Councils"], 1, "not connected"),
    (["path", "Scholes", "Wigen"], 1, "no such entity"),
    (["path", "Wigan", "wigan metropolitan borough council"], 2, "the same entity twice"),
    (["similar", "Scholes", "--view", "full"], 0, "answered"),
    (["similar", "Wigen"], 1, "no such entity"),
    (["similar", "Scholes"], 2, "not in the view asked for"),
    (["viz", "--focus", "Wigen", "-o", "{tmp}/x.html"], 1, "no such entity"),
    (["viz", "-o", "{tmp}/x.html"], 0, "written"),
    (["viz", "-o", "/proc/councilgraph-test/x.html"], 2, "cannot be written"),
    (["search", "Scholes"], 0, "answered"),
    (["search", "Wigen"], 1, "nothing matches"),
    (["search", "--", "-*"], 2, "no words to search for"),
    (["validate"], 0, "the data conforms"),
    (["build", "-o", "{tmp}/out"], 0, "built"),
    (["build", "-o", "/proc/councilgraph-test"], 2, "cannot be written"),
]


@pytest.mark.parametrize("args, expected, why", CASES, ids=[" ".join(c[0][:2]) + f" ({c[2]})" for c in CASES])
def test_each_command_follows_the_rule(built_mini, tmp_path, args, expected, why):
    command, *rest = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert status(command, "--root", built_mini, *rest) == expected, why


def test_data_errors_and_missing_builds_are_errors(mini_project, tmp_path):
    mini_project.write(
        "wigan.yaml", MINI_WIGAN.replace('"council:Wigan"\n    to: initiative', '"council:Wigam"\n    to: initiative')
    )
    assert status("build", "--root", mini_project.root) == 2
    assert status("validate", "--root", mini_project.root) == 2
    mini_project.write("wigan.yaml", MINI_WIGAN.split("relations:")[0])  # breaks a shape: no lead
    assert status("validate", "--root", mini_project.root) == 2
    for command in (
        ["stats"],
        ["show", "Wigan"],
        ["analyse"],
        ["path", "a", "b"],
        ["similar", "a"],
        ["search", "a"],
        ["viz"],
        ["query", "ASK {}"],
    ):
        assert status(command[0], "--root", tmp_path, *command[1:]) == 2, command


def test_queries_and_publish(tmp_path):
    assert status("queries") == 0
    assert status("publish", "--endpoint", f"http://127.0.0.1:{unused_port()}/store") == 2
    assert status("publish") == 2
    assert status("nonsense") == 2
