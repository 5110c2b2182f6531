"""Benchmark: how long `councilgraph serve` takes to answer, on the seed graph, against issue #16's targets.

    .venv/bin/python benchmarks/serve_bench.py [--repeat N] [--no-write]

Copies the checkout's built graph (exports/*.ttl, .nt, .jsonld and the ontology) into a temporary
folder, so the checkout's own store is left alone, starts `councilgraph serve` on it on a free loopback
port twice, without its cache (`--cache-mb 0`) and with it (the default), and times the first request of
each URL (on the server with the cache, the one that fills it) and then N more (a new connection each,
as a browser or `curl` makes them) of:

- entity pages (HTML) of one example resource per class, as /dataset lists them, and their Turtle;
- named queries from the library sent to /sparql (results as SPARQL JSON): a lookup, an aggregation
  and the heaviest multi-hop, each run in a child process that is killed at the timeout, as every query is.

Targets (issue #16): an entity page <= 50 ms median, a named query <= 100 ms median. Writes its section of
docs/benchmarks.md (between the serve-bench markers; other sections are left as they are) and prints it.
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
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPORT = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- serve-bench:start -->", "<!-- serve-bench:end -->"
QUERIES = [("lookup", "creative-councils-phase-2"), ("aggregation", "ccin-members-per-tier")]
QUERIES += [("heaviest multi-hop", "partners-of-ccin-members-2020")]
ENTITY_TARGET, QUERY_TARGET = 0.050, 0.100


def copy_project(folder: Path) -> Path:
    root = folder / "project"
    (root / "exports").mkdir(parents=True)
    for pattern in ("*.ttl", "*.nt", "*.jsonld"):
        for path in (ROOT / "exports").glob(pattern):
            shutil.copy2(path, root / "exports" / path.name)
    shutil.copytree(ROOT / "ontology", root / "ontology")
    return root


def start(root: Path, extra: list[str]) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", "from cli import main; main()", "serve", "--root", str(root), "--port", str(port)]
    command += extra
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300  # the first start makes the store
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/dataset", timeout=5) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def timed(url: str, accept: str, repeat: int) -> list[float]:
    """The time of the first request, then of `repeat` more."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            assert response.status == 200, url
        times.append(time.perf_counter() - started)
    return times


def examples(base: str) -> list[str]:
    from rdflib import Graph
    from rdflib.namespace import VOID

    with urllib.request.urlopen(base + "/.well-known/void") as response:
        void = Graph().parse(data=response.read().decode("utf-8"), format="turtle")
    return sorted(str(o)[len("https://w3id.org/councilgraph") :] for o in void.objects(None, VOID.exampleResource))


def measure(base: str, repeat: int) -> list[tuple[str, str, list[float], float]]:
    from graph.query.library import named_query

    rows = []
    for path in examples(base):
        rows.append(("entity page (HTML)", path, timed(base + path, "text/html", repeat), ENTITY_TARGET))
    for path in examples(base)[:2]:
        rows.append(("entity data (Turtle)", path, timed(base + path, "text/turtle", repeat), ENTITY_TARGET))
    for kind, name in QUERIES:
        url = base + "/sparql?" + urllib.parse.urlencode({"query": named_query(name).text})
        rows.append((f"named query: {kind}", name, timed(url, "application/sparql-results+json", repeat), QUERY_TARGET))
    heaviest = QUERIES[-1][1]
    url = f"{base}/query?name={heaviest}"
    rows.append(("query page (HTML)", f"/query?name={heaviest}", timed(url, "text/html", repeat), QUERY_TARGET))
    rows.append(("map (HTML)", "/map", timed(base + "/map", "text/html", repeat), ENTITY_TARGET))
    return rows


def engine_times(root: Path, repeat: int) -> dict[str, float]:
    """The median time Oxigraph alone takes for each named query on the served store, in this process."""
    import pyoxigraph as ox

    from graph.model.namespaces import PREFIXES
    from graph.query.library import named_query

    store = ox.Store.read_only(str(root / "exports" / ".store"))
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    found = {}
    for _, name in QUERIES:
        text, times = named_query(name).text, []
        for _ in range(max(repeat // 5, 3)):
            started = time.perf_counter()
            list(store.query(text, prefixes=prefixes, use_default_graph_as_union=True))
            times.append(time.perf_counter() - started)
        found[name] = statistics.median(times)
    return found


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _p95(times: list[float]) -> float:
    return sorted(times)[max(int(len(times) * 0.95) - 1, 0)]


def findings(rows, engine: dict[str, float]) -> list[str]:
    """rows: (kind, what, times without the cache, times with it, target); each list of times starts with the
    first request of that URL on a fresh server."""
    lines = ["**Findings.**", ""]
    for kind, what, plain, cached, target in rows:
        if statistics.median(plain[1:]) > target:
            extra = ""
            if what.startswith("/id/"):
                extra = (
                    "; a hub's page reads every relation, qualifier and quote one index lookup at a time, as "
                    "`councilgraph show` does (the CCIN: 133 relations, about 3,800 lookups)"
                )
            if what in engine:
                extra = f"; Oxigraph alone takes {engine[what] * 1000:.0f} ms for it on this store"
            first = (
                f"the first request takes {cached[0] * 1000:.0f} ms (its page was made at start: `--warm`)"
                if cached[0] <= target
                else f"the first request still takes {cached[0] * 1000:.0f} ms (it fills the cache)"
            )
            lines.append(
                f"- Without the cache, {kind} `{what}` misses the target: {statistics.median(plain[1:]) * 1000:.0f} "
                f"ms median{extra}. With it, {first}; the repeats take {statistics.median(cached[1:]) * 1000:.1f} ms."
            )
    met_plain = [r for r in rows if statistics.median(r[2][1:]) <= r[4]]
    met_cached = [r for r in rows if statistics.median(r[3][1:]) <= r[4]]
    met_first = [r for r in rows if r[3][0] <= r[4]]
    lines.append(
        f"- Medians of repeated requests meeting their target: {len(met_plain)} of {len(rows)} without the cache, "
        f"{len(met_cached)} of {len(rows)} with it; first requests (a cold cache) meeting it: {len(met_first)} "
        f"of {len(rows)}. The cache helps what is asked again, and the hubs' pages, made at start (`--warm`); a "
        "heavy query asked for the first time since the server started costs what it did."
    )
    lines.append(
        "- Engine time per named query (in process, no server): "
        + ", ".join(f"`{n}` {t * 1000:.0f} ms" for n, t in engine.items())
        + "."
    )
    return lines + [""]


def report(rows, repeat: int, triples: str, engine: dict[str, float]) -> str:
    import pyoxigraph
    import starlette
    import uvicorn

    lines = [
        START,
        "## Serving: `councilgraph serve` on the seed graph (`benchmarks/serve_bench.py`)",
        "",
        "**Question.** Does the server answer within issue #16's targets: an entity page in at most 50 ms "
        "and a named query in at most 100 ms (medians), through HTTP on the seed graph? What does the cache of "
        "finished answers change, for a first request and for a repeated one?",
        "",
        f"**How.** `.venv/bin/python benchmarks/serve_bench.py --repeat {repeat}`: the server runs on a copy of "
        f"`exports/` ({triples} triples) on 127.0.0.1, once with `--cache-mb 0` (no cache) and once with the "
        "default cache; each request is timed from a new connection to the last byte: the first request of "
        f"each URL on the fresh server, then {repeat} more. A query runs in a forked child killed at the "
        "timeout, as every /sparql query does. Run on a small container shared with other work, so the times "
        "are rough.",
        "",
        f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, starlette "
        f"{starlette.__version__}, uvicorn {uvicorn.__version__}:",
        "",
        "| request | what | no cache: first ms | no cache: median ms | with cache: first ms | with cache: median ms "
        "| with cache: p95 ms | target ms | met (median, with cache) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for kind, what, plain, cached, target in rows:
        median = statistics.median(cached[1:])
        met = "yes" if median <= target else "**no**"
        lines.append(
            f"| {kind} | `{what}` | {_ms(plain[0])} | {_ms(statistics.median(plain[1:]))} | {_ms(cached[0])} "
            f"| {_ms(median)} | {_ms(_p95(cached[1:]))} | {target * 1000:.0f} | {met} |"
        )
    lines += [""] + findings(rows, engine) + [END]
    return "\n".join(lines) + "\n"


def run_server(root: Path, extra: list[str], repeat: int) -> tuple[list, str]:
    process, base = start(root, extra)
    try:
        rows = measure(base, repeat)
        with urllib.request.urlopen(base + "/.well-known/void") as response:
            from rdflib import Graph
            from rdflib.namespace import VOID

            void = Graph().parse(data=response.read().decode("utf-8"), format="turtle")
            triples = str(next(void.objects(None, VOID.triples)))
    finally:
        process.terminate()
        process.wait(timeout=30)
    return rows, triples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--no-write", action="store_true", help="print the section without writing docs/benchmarks.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as folder:
        root = copy_project(Path(folder))
        plain, triples = run_server(root, ["--cache-mb", "0"], args.repeat)
        cached, _ = run_server(root, [], args.repeat)
        engine = engine_times(root, args.repeat)
    rows = [(k, w, t, c[2], target) for (k, w, t, target), c in zip(plain, cached)]
    section = report(rows, args.repeat, triples, engine)
    print(section)
    if not args.no_write:
        text = REPORT.read_text(encoding="utf-8")
        if START in text and END in text:
            text = text[: text.index(START)] + section + text[text.index(END) + len(END) + 1 :]
        else:
            text = text.rstrip("\n") + "\n\n" + section
        REPORT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
