"""Where Oxigraph's parser and evaluator give out: the smallest size of each hostile query shape that
kills a process (a segfault) or runs past a time limit, measured each in a fresh process.

    .venv/bin/python benchmarks/engine_limits.py [--timeout 30]

The limits in graph/query/guard.py are set well below what this prints (docs/query-safety.md).
"""

from __future__ import annotations

import argparse
import subprocess
import sys

SHAPES = {
    "nested groups { }": lambda n: "SELECT * WHERE " + "{" * n + "?s ?p ?o" + "}" * n,
    "nested brackets ( )": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * n + "?o" + ")" * n + ") }",
    "chained FILTERs": lambda n: "SELECT * WHERE { ?s ?p ?o " + "FILTER(?o) " * n + "}",
    "chained && operators": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + " && ".join(["?o"] * n) + ") }",
    "chained UNIONs": lambda n: "SELECT * WHERE { " + " UNION ".join(["{?s ?p ?o}"] * n) + " }",
    "chained BINDs": lambda n: "SELECT * WHERE { ?s ?p ?o " + " ".join(f"BIND(1 AS ?b{i})" for i in range(n)) + "}",
    "chained + operators": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + " + ".join(["1"] * n) + ") }",
}
SIZES = (100, 300, 1_000, 3_000, 10_000, 60_000)
RUNNER = """
import sys, pyoxigraph as ox
store = ox.Store()
store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.Literal("1")))
answer = store.query(sys.stdin.read())
list(answer) if hasattr(answer, "__iter__") else bool(answer)
"""


def outcome(text: str, timeout: float) -> str:
    try:
        done = subprocess.run(
            [sys.executable, "-c", RUNNER], input=text, text=True, capture_output=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return f"over {timeout:g} s"
    if done.returncode < 0:
        return f"killed by signal {-done.returncode}"
    return "ok" if done.returncode == 0 else f"error (exit {done.returncode})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    import pyoxigraph

    print(f"pyoxigraph {pyoxigraph.__version__}; sizes tried: {', '.join(map(str, SIZES))}")
    for name, make in SHAPES.items():
        last_ok, first_bad = None, None
        for size in SIZES:
            result = outcome(make(size), args.timeout)
            if result != "ok":
                first_bad = (size, result)
                break
            last_ok = size
        verdict = f"first fails at {first_bad[0]:,}: {first_bad[1]}" if first_bad else "no failure"
        print(f"{name:24} ok up to {last_ok or 0:,}; {verdict}")


if __name__ == "__main__":
    main()
