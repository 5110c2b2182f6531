"""Benchmark: how long `councilgraph query` takes on the seed data, per store.

    .venv/bin/python benchmarks/query_bench.py [--repeat N] [--no-write]

1. End to end: `councilgraph query NAME` as a fresh process (Python start, load, query, output), the
   median of N runs after one warm-up run, for four named queries (a lookup, a parameterised
   multi-hop, an aggregation, the heaviest multi-hop) on each store: Oxigraph in memory (the default,
   `--store memory`), rdflib in memory (`--store rdflib`), the embedded Oxigraph store (already
   loaded, as it is after its first use) and an Oxigraph server on 127.0.0.1 started by this script.
   The commands run with Python's bytecode cache on (PYTHONDONTWRITEBYTECODE unset), as on a
   user's machine.
2. In process: where the default store's time goes (imports, loading exports/, preparing the query,
   finding names, running it, rendering), what loading into rdflib costs instead, and the whole
   named-query library run once on each store, the graph already loaded.

Writes its section of docs/benchmarks.md (between the query-bench markers; other sections are left as
they are) and prints it. Needs the test extra (the `oxigraph` server binary).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPORT = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- query-bench:start -->", "<!-- query-bench:end -->"
CASES = [  # (what it is, named query, parameters)
    ("lookup", "creative-councils-phase-2", []),
    ("parameterised multi-hop", "partners-of-council", ["--param", "council=Wigan"]),
    ("aggregation", "ccin-members-per-tier", []),
    ("heaviest multi-hop", "partners-of-ccin-members-2020", []),
]
TEST_PARAMS = {  # the parameters the tests use
    "ccin-member-in-2020": {"member": "Bristol"},
    "ccin-members-2020": {"tier": "Associate"},
    "evidence-about": {"entity": "Ready Unlimited"},
    "initiatives-by-region": {"source": "cc-action-plans-2012"},
    "initiatives-in-nation": {"nation": "Wales"},
    "initiatives-of-council": {"council": "Wigan"},
    "initiatives-per-council": {"source": "cc-wigan-2013"},
    "partners-of-council": {"council": "Wigan"},
    "people-in-roles": {"organisation": "ccin"},
    "relations-graph": {"entity": "Ready Unlimited"},
}


def councilgraph() -> list[str]:
    beside = Path(sys.executable).parent / "councilgraph"
    return [str(beside)] if beside.exists() else [sys.executable, str(ROOT / "cli.py")]


def wall(args: list[str], repeat: int) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(councilgraph() + args, check=True, capture_output=True, cwd=ROOT, env=env)  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(councilgraph() + args, check=True, capture_output=True, cwd=ROOT, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    binary = Path(sys.executable).parent / "oxigraph"
    binary = str(binary) if binary.exists() else shutil.which("oxigraph")
    if not binary:
        sys.exit("the oxigraph server binary is missing: pip install -e '.[test]'")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).read()
            return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    sys.exit("the Oxigraph server did not start")


STORES = ["memory (default)", "rdflib", "oxigraph embedded", "oxigraph server"]


def in_process(embedded: Path, endpoint: str) -> tuple[dict[str, float], dict[str, float]]:
    """The default store's time by stage, and the whole library's query time per store."""
    stages = {}
    start = time.perf_counter()
    import pyoxigraph  # noqa: F401
    import rdflib  # noqa: F401
    from rdflib import Graph

    from graph.paths import Paths
    from graph.query.library import library
    from graph.query.params import bind_params
    from graph.query.results import render
    from graph.query.sparql import prepare
    from graph.query.stores import EndpointStore, OxigraphStore, RdflibStore, graph_files, load_graph, run_query

    stages["import rdflib, pyoxigraph and the project's modules"] = time.perf_counter() - start
    start = time.perf_counter()
    memory = OxigraphStore(None, graph_files(Paths()))
    stages["load exports/ into Oxigraph in memory"] = time.perf_counter() - start
    query = library()["partners-of-council"]
    start = time.perf_counter()
    prepared = prepare(query)
    stages["prepare the query (read its outline)"] = time.perf_counter() - start
    start = time.perf_counter()
    bindings = bind_params(prepared, {"council": "Wigan"}, memory.name_index)
    stages["find the parameter's entity by name"] = time.perf_counter() - start
    start = time.perf_counter()
    result = memory.run(prepared, bindings)
    stages["run it (partners-of-council)"] = time.perf_counter() - start
    start = time.perf_counter()
    render(result, "csv")
    stages["render it as CSV"] = time.perf_counter() - start
    start = time.perf_counter()
    rdflib_store = RdflibStore(graph_files(Paths()))
    stages["for comparison: load exports/ into rdflib instead"] = time.perf_counter() - start
    start = time.perf_counter()
    load_graph(graph_files(Paths()), Graph())
    stages["for comparison: load them into rdflib's default (context-aware) Memory store"] = time.perf_counter() - start
    start = time.perf_counter()
    prepared.check()
    stages["for comparison: parse the query with rdflib (imports its parser)"] = time.perf_counter() - start
    totals = {}
    stores = {
        "memory (default)": memory,
        "rdflib": rdflib_store,
        "oxigraph embedded": OxigraphStore(embedded, graph_files(Paths())),
        "oxigraph server": EndpointStore(f"{endpoint}/query"),
    }
    for name, store in stores.items():
        store.name_index()  # names are fetched once per store: not what is measured here
        start = time.perf_counter()
        for query_name, query in library().items():
            run_query(store, query, TEST_PARAMS.get(query_name, {}), timeout=None)
        totals[name] = time.perf_counter() - start
        store.close()
    return stages, totals


def report(repeat: int, ends: dict, stages: dict, totals: dict, triples: int, count: int) -> str:
    import pyoxigraph
    import rdflib

    stores = STORES
    lines = [
        START,
        "## Queries: `councilgraph query` per store (`benchmarks/query_bench.py`)",
        "",
        "**Question.** How long does a researcher wait for `councilgraph query` on the seed data, and what does "
        "each store cost? The default loads `exports/` into memory on every run, so it must answer well under "
        "a second.",
        "",
        f"**How.** `.venv/bin/python benchmarks/query_bench.py --repeat {repeat}`: each command run as a fresh "
        f"process, median of {repeat} runs after a warm-up run, Python's bytecode cache on, on the graph in "
        f"`exports/` ({triples} triples). The embedded Oxigraph store is already loaded (as after its first "
        "use); the Oxigraph server runs on 127.0.0.1, started by the script, with the graph published. Run "
        "on a small container shared with other work, so the times are rough.",
        "",
        f"Python {platform.python_version()}, rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}, "
        f"{os.cpu_count()} cores:",
        "",
        "End to end, seconds (ratio to the default store):",
        "",
        "| query | kind | " + " | ".join(stores) + " |",
        "| --- | --- | " + " | ".join("---" for _ in stores) + " |",
    ]
    for kind, name, _ in CASES:
        base = ends[(name, stores[0])]
        cells = [f"{base:.2f}"] + [f"{ends[(name, s)]:.2f} ({ends[(name, s)] / base:.2f}×)" for s in stores[1:]]
        lines.append(f"| `{name}` | {kind} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Where the default store's time goes (one run, in process; the rows 'for comparison' are what "
        "the rdflib store spends instead, on rdflib's SimpleMemory store as `load_graph` uses, and what "
        "rdflib's default Memory store would cost):",
        "",
        "| stage | seconds |",
        "| --- | --- |",
    ]
    lines += [f"| {stage} | {seconds:.3f} |" for stage, seconds in stages.items()]
    lines += [
        "",
        f"The whole library ({count} named queries) run once, graph loaded, names fetched:",
        "",
        "| store | seconds | ratio |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {store} | {totals[store]:.2f} | {totals[store] / totals[stores[0]]:.2f}× |" for store in stores]
    slowest = max(ends[(name, stores[0])] for _, name, _ in CASES)
    lookup = ends[("creative-councils-phase-2", stores[0])]
    rdflib_lookup = ends[("creative-councils-phase-2", "rdflib")]
    heaviest = ends[("partners-of-ccin-members-2020", "rdflib")]
    load = stages["load exports/ into Oxigraph in memory"]
    imports = stages["import rdflib, pyoxigraph and the project's modules"]
    simple = stages["for comparison: load exports/ into rdflib instead"]
    contextual = stages["for comparison: load them into rdflib's default (context-aware) Memory store"]
    lines += [
        "",
        "**Findings.**",
        "",
        f"- The default store answers every measured query in {slowest:.2f} s or less end to end (a lookup: "
        f"{lookup:.2f} s): "
        + (
            "well under the one-second target. "
            if slowest < 0.75
            else "under the one-second target, but not by much. "
            if slowest < 1
            else "over the one-second target. "
        )
        + f"Loading the exports into Oxigraph takes {load:.2f} s and imports {imports:.2f} s; the query "
        "itself takes milliseconds.",
        f"- rdflib's store needs {rdflib_lookup:.2f} s for the same lookup: it makes and indexes every term "
        "in Python, and its SPARQL parser alone costs a few tenths of a second to import and run. Its engine "
        f"is slow on multi-hop joins too (the heaviest named query: {heaviest:.2f} s). That is why the "
        "default is Oxigraph in memory (README, Decisions); `--store rdflib` stays as the reference engine "
        "the tests hold the others to.",
        f"- `show`, `path`, `similar` and `analyse` read the graph into rdflib as `load_graph` does, on "
        f"rdflib's SimpleMemory store: {simple:.2f} s against {contextual:.2f} s "
        "on rdflib's default Memory store, whose bookkeeping of named graphs the exports do not need.",
        f"- The embedded store and a server load nothing per run, so they answer a lookup sooner "
        f"({ends[('creative-councils-phase-2', 'oxigraph embedded')]:.2f} s and "
        f"{ends[('creative-councils-phase-2', 'oxigraph server')]:.2f} s) once the graph is in them; the "
        f"embedded store's on-disk indexes make its joins slower (the whole library: "
        f"{totals['oxigraph embedded']:.2f} s against {totals[stores[0]]:.2f} s in memory). They are for "
        "graphs that outgrow memory and for graphs other tools share; at this size the default needs no "
        "setup and is fast enough.",
        END,
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print the section without writing docs/")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        embedded, server_data = Path(tmp) / "embedded", Path(tmp) / "server"
        server_data.mkdir()
        process, base = start_server(server_data)
        try:
            subprocess.run(
                councilgraph() + ["publish", "--endpoint", f"{base}/store"], check=True, cwd=ROOT, capture_output=True
            )
            subprocess.run(
                councilgraph() + ["publish", "--store", f"oxigraph:{embedded}"],
                check=True,
                cwd=ROOT,
                capture_output=True,
            )
            ends = {}
            for _, name, params in CASES:
                for store, extra in (
                    ("memory (default)", []),
                    ("rdflib", ["--store", "rdflib"]),
                    ("oxigraph embedded", ["--store", f"oxigraph:{embedded}"]),
                    ("oxigraph server", ["--endpoint", f"{base}/query"]),
                ):
                    ends[(name, store)] = wall(["query", name, *params, *extra], args.repeat)
            stages, totals = in_process(embedded, base)
        finally:
            process.terminate()
            process.wait(timeout=10)
    from graph.paths import Paths
    from graph.query.library import library
    from graph.query.stores import graph_files, load_graph

    section = report(args.repeat, ends, stages, totals, len(load_graph(graph_files(Paths()))), len(library()))
    print(section)
    if not args.no_write:
        from graph.model.export import write_atomic

        text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Benchmarks\n"
        if START in text and END in text:
            text = text[: text.index(START)] + section + text[text.index(END) + len(END) + 1 :]
        else:
            text = text.rstrip("\n") + "\n\n" + section
        write_atomic(REPORT, text.encode("utf-8"))
        print(f"wrote {REPORT}")


if __name__ == "__main__":
    main()
