"""Benchmark: how long `councilgraph query` takes on the seed data, per store.

    .venv/bin/python benchmarks/query_bench.py [--repeat N] [--no-write]

1. End to end: `councilgraph query NAME` as a fresh process (Python start, load, query, output), the
   median of N runs, for four named queries (a lookup, a parameterised multi-hop, an aggregation, the
   heaviest multi-hop) on each store: rdflib in memory (the default), Oxigraph in memory (`--store
   oxigraph`), the embedded Oxigraph store (already loaded, as it is after its first use) and an
   Oxigraph server on 127.0.0.1 started by this script.
2. In process: where the in-memory store's time goes (imports, loading exports/, parsing the query,
   running it), and the whole named-query library run once on each store, the graph already loaded.

Writes its section of docs/benchmarks.md (between the query-bench markers; other sections are left as
they are) and prints it. Needs the test extra (the `oxigraph` server binary).
"""
from __future__ import annotations

import argparse
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
    "ccin-member-in-2020": {"member": "Bristol"}, "ccin-members-2020": {"tier": "Associate"},
    "evidence-about": {"entity": "Ready Unlimited"}, "initiatives-by-region": {"source": "cc-action-plans-2012"},
    "initiatives-in-nation": {"nation": "Wales"}, "initiatives-of-council": {"council": "Wigan"},
    "initiatives-per-council": {"source": "cc-wigan-2013"}, "partners-of-council": {"council": "Wigan"},
    "people-in-roles": {"organisation": "ccin"}, "relations-graph": {"entity": "Ready Unlimited"},
}


def councilgraph() -> list[str]:
    beside = Path(sys.executable).parent / "councilgraph"
    return [str(beside)] if beside.exists() else [sys.executable, str(ROOT / "cli.py")]


def wall(args: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(councilgraph() + args, check=True, capture_output=True, cwd=ROOT)
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
    process = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).read()
            return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    sys.exit("the Oxigraph server did not start")


def in_process(embedded: Path, endpoint: str) -> tuple[dict[str, float], dict[str, float]]:
    """The in-memory store's time by stage, and the whole library's query time per store."""
    stages = {}
    start = time.perf_counter()
    import rdflib  # noqa: F401
    import rdflib.plugins.sparql.parser  # noqa: F401  (imported for its cost)
    stages["import rdflib and its SPARQL parser"] = time.perf_counter() - start
    from graph.project import Paths
    from graph.sparql import library, prepare
    from graph.stores import MemoryStore, OxigraphStore, EndpointStore, graph_files, run_query
    start = time.perf_counter()
    memory = MemoryStore(graph_files(Paths()))
    stages["load exports/ into memory"] = time.perf_counter() - start
    query = library()["creative-councils-phase-2"]
    start = time.perf_counter()
    prepared = prepare(query)
    stages["parse and translate the query"] = time.perf_counter() - start
    start = time.perf_counter()
    memory.run(prepared)
    stages["run it (creative-councils-phase-2)"] = time.perf_counter() - start
    totals = {}
    stores = {"memory": memory, "oxigraph in memory": OxigraphStore(None, graph_files(Paths())),
              "oxigraph embedded": OxigraphStore(embedded, graph_files(Paths())),
              "oxigraph server": EndpointStore(f"{endpoint}/query")}
    for name, store in stores.items():
        store.names_graph()   # name resolution is fetched once per store: not what is measured here
        start = time.perf_counter()
        for query_name, query in library().items():
            run_query(store, query, TEST_PARAMS.get(query_name, {}), timeout=None)
        totals[name] = time.perf_counter() - start
        store.close()
    return stages, totals


def report(repeat: int, ends: dict, stages: dict, totals: dict, triples: int, count: int) -> str:
    import pyoxigraph
    import rdflib
    stores = ["memory", "oxigraph in memory", "oxigraph embedded", "oxigraph server"]
    lines = [START, "## Queries: `councilgraph query` per store (`benchmarks/query_bench.py`)", "",
             "**Question.** How long does a researcher wait for `councilgraph query` on the seed data, and what does "
             "each store cost? The default loads `exports/` into memory on every run, so it must stay well under "
             "a second.", "",
             f"**How.** `.venv/bin/python benchmarks/query_bench.py --repeat {repeat}`: each command run as a fresh "
             f"process, median of {repeat} runs, on the graph in `exports/` ({triples} triples). The embedded "
             "Oxigraph store is already loaded (as after its first use); the Oxigraph server runs on 127.0.0.1, "
             "started by the script, with the graph published. Run on a small container shared with other work, "
             "so the times are rough.", "",
             f"Python {platform.python_version()}, rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}:",
             "", "End to end, seconds (ratio to the in-memory store):", "",
             "| query | kind | " + " | ".join(stores) + " |", "| --- | --- | " + " | ".join("---" for _ in stores) + " |"]
    for kind, name, _ in CASES:
        base = ends[(name, "memory")]
        cells = [f"{ends[(name, 'memory')]:.2f}"] + [f"{ends[(name, s)]:.2f} ({ends[(name, s)] / base:.2f}×)"
                                                      for s in stores[1:]]
        lines.append(f"| `{name}` | {kind} | " + " | ".join(cells) + " |")
    lines += ["", "Where the in-memory store's time goes (one run, in process):", "", "| stage | seconds |",
              "| --- | --- |"]
    lines += [f"| {stage} | {seconds:.3f} |" for stage, seconds in stages.items()]
    lines += ["", f"The whole library ({count} named queries) run once, graph loaded, names fetched:", "",
              "| store | seconds | ratio |", "| --- | --- | --- |"]
    lines += [f"| {store} | {totals[store]:.2f} | {totals[store] / totals['memory']:.2f}× |" for store in stores]
    lookup = ends[("creative-councils-phase-2", "memory")]
    fast = ends[("creative-councils-phase-2", "oxigraph in memory")]
    heaviest = ends[("partners-of-ccin-members-2020", "memory")]
    load = stages["load exports/ into memory"]
    lines += ["", "**Findings.**", "",
              f"- The default (rdflib in memory) answers a lookup in {lookup:.2f} s end to end: "
              + ("under a second, but not by much. " if lookup < 1 else "over the one-second target. ")
              + f"The query itself takes milliseconds; loading the exports takes {load:.2f} s "
              "(read with Oxigraph's Turtle parser, then every term made and indexed by rdflib) and the rest is "
              "starting Python and importing rdflib, its SPARQL parser and the project's modules.",
              f"- `--store oxigraph` (Oxigraph in memory, no files) answers the same lookup in {fast:.2f} s: it "
              "loads the exports several times faster, and its engine is much faster on joins.",
              f"- rdflib's engine is the slow part for multi-hop joins (the heaviest named query: {heaviest:.2f} s "
              "end to end); its planner takes every `?x a cg:Class` pattern of a group first, so the named queries "
              "check types with `FILTER EXISTS` or start from a selective pattern.",
              "- The Oxigraph stores run each query in milliseconds, but resolving an entity parameter by any of "
              "its names fetches the labels from the store first (a few tenths of a second).",
              "- Keep the default for day-to-day questions; use `--store oxigraph` for ad-hoc queries with many "
              "joins, and the embedded store or a server when the graph outgrows memory or other tools share "
              "the data.", END]
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
            subprocess.run(councilgraph() + ["publish", "--endpoint", f"{base}/store"], check=True, cwd=ROOT,
                           capture_output=True)
            subprocess.run(councilgraph() + ["publish", "--store", f"oxigraph:{embedded}"], check=True, cwd=ROOT,
                           capture_output=True)
            ends = {}
            for _, name, params in CASES:
                for store, extra in (("memory", []), ("oxigraph in memory", ["--store", "oxigraph"]),
                                     ("oxigraph embedded", ["--store", f"oxigraph:{embedded}"]),
                                     ("oxigraph server", ["--endpoint", f"{base}/query"])):
                    ends[(name, store)] = wall(["query", name, *params, *extra], args.repeat)
            stages, totals = in_process(embedded, base)
        finally:
            process.terminate()
            process.wait(timeout=10)
    from graph.project import Paths
    from graph.sparql import library
    from graph.stores import graph_files, load_graph
    section = report(args.repeat, ends, stages, totals, len(load_graph(graph_files(Paths()))), len(library()))
    print(section)
    if not args.no_write:
        from graph.export import write_atomic
        text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Benchmarks\n"
        if START in text and END in text:
            text = text[:text.index(START)] + section + text[text.index(END) + len(END) + 1:]
        else:
            text = text.rstrip("\n") + "\n\n" + section
        write_atomic(REPORT, text.encode("utf-8"))
        print(f"wrote {REPORT}")


if __name__ == "__main__":
    main()
