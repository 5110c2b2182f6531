"""How every read command scales: each run as a user runs it (a fresh `councilgraph` process) on synthetic
roots of K copies of the seed graph (benchmarks/synthetic.py), with wall time and peak memory.

    python benchmarks/scaling.py --copies 1 4 16 64 [--timeout 600] [--report docs/benchmarks-scaling.md]

Each time is also given as a ratio to floors measured in the same run: `python -c pass` (starting
Python) and bare pyoxigraph (open the store and answer one lookup), so the table means the same on a
faster or slower machine. The growth exponent between two sizes is log(t2/t1) / log(K2/K1): 1 is
linear, 0 is constant. The first read after a new graph makes the persistent store; it is measured as
its own line ("store"), and the other commands are measured after it, as a user meets them.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import generate, generate_checkout  # noqa: E402

CLI = [sys.executable, "-m", "cli"]

# (name, arguments): every read command a user runs; a focus view and a full view for viz
COMMANDS = [
    ("store", ["stats"]),  # the first read: makes the persistent store
    ("stats", ["stats"]),
    ("show", ["show", "wigan"]),
    ("query", ["query", "evidence-about", "--param", "entity=Wigan"]),
    ("path", ["path", "wigan", "nesta"]),
    ("similar", ["similar", "wigan"]),
    ("analyse", ["analyse"]),
    ("viz focus", ["viz", "--focus", "wigan", "-o", "{tmp}/focus.html"]),
    ("viz full", ["viz", "-o", "{tmp}/full.html"]),
]


def run(argv: list[str], timeout: float, env: dict) -> tuple[float, float, int]:
    """(seconds, peak MB of the command and the processes it waited for, exit status); -9: out of time."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=HERE.parent)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            child.kill()
            pid, status, usage = os.wait4(child.pid, 0)
            return time.perf_counter() - start, usage.ru_maxrss / 1024, -9
        time.sleep(0.01)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


BUILD_STAGES = r"""
import sys, time, resource
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from graph.paths import Paths
from rdflib import Graph
from graph.query.loading import export_path, load_graph
from graph.model.validate import validate_graph
from graph.model.export import render_exports
from graph.network.metrics_rdf import metrics_graph
from graph.viz.page import network_page
from graph.viz.render import render_html
t = time.perf_counter()
graph = load_graph([export_path(Paths(Path(sys.argv[1])))], Graph())  # the store build uses (pyshacl needs it)
times = {"load": time.perf_counter() - t}
for name, step in (
    ("validate", lambda: validate_graph(graph, Paths().shapes, Paths().ontology)),
    ("exports", lambda: render_exports(graph)),
    ("metrics", lambda: metrics_graph(graph)),
    ("page", lambda: render_html(network_page(graph))),
):
    t = time.perf_counter(); step(); times[name] = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(" ".join(f"{k}={v:.2f}" for k, v in times.items()), f"peak={peak:.0f}")
"""


def build_stages(root: Path, timeout: float, env: dict) -> str:
    """`build`'s stages after the curated data is read (which the synthetic roots do not have): the graph
    loaded, validated with the shapes, exported in every format, its metrics and its page made."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", BUILD_STAGES, str(root), str(HERE.parent)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )
    except subprocess.TimeoutExpired:
        return f"did not finish in {timeout:.0f} s"
    return done.stdout.strip() if done.returncode == 0 else f"exit {done.returncode}: {done.stderr.strip()[-300:]}"


def floors(root: Path, env: dict) -> dict[str, float]:
    python = run([sys.executable, "-c", "pass"], 60, env)[0]
    code = (
        "import pyoxigraph as ox, sys; s = ox.Store.read_only(sys.argv[1]); "
        "list(s.query('SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> \"Wigan Council\" }'))"
    )
    stores = sorted(root.glob("exports/.store*")) + sorted(root.glob("exports/.cache/store*"))
    oxigraph = run([sys.executable, "-c", code, str(stores[0])], 60, env)[0] if stores else float("nan")
    return {"python": python, "oxigraph": oxigraph}


def measure(copies: list[int], timeout: float, workdir: Path, build: bool = True) -> list[dict]:
    rows = []
    env = dict(os.environ, PYTHONHASHSEED="0")
    for k in copies:
        root = workdir / f"cg{k}"
        if not (root / "exports" / "councilgraph.ttl").exists():
            generate(HERE.parent / "exports" / "councilgraph.nt", root, k)
        for name, args in COMMANDS:
            argv = CLI + [args[0], "--root", str(root)] + args[1:]
            argv = [a.replace("{tmp}", str(root)) for a in argv]
            seconds, peak, status = run(argv, timeout, env)
            rows.append({"copies": k, "command": name, "seconds": seconds, "peak_mb": peak, "status": status})
            print(f"{k:>4}x {name:<12} {seconds:8.2f} s {peak:8.0f} MB  exit {status}", flush=True)
        rows.append({"copies": k, "floors": floors(root, env)})
        if build:
            stages = build_stages(root, timeout, env)
            rows.append({"copies": k, "build": stages})
            print(f"{k:>4}x build stages: {stages}", flush=True)
    return rows


def measure_build(copies: list[int], timeout: float, workdir: Path) -> list[dict]:
    """`councilgraph build` on checkouts of K copies of the curated data (benchmarks/synthetic.py --checkout)."""
    rows = []
    env = dict(os.environ, PYTHONHASHSEED="0")
    for k in copies:
        root = generate_checkout(HERE.parent, workdir / f"checkout{k}", k)
        seconds, peak, status = run(CLI + ["build", "--root", str(root)], timeout, env)
        rows.append({"copies": k, "seconds": seconds, "peak_mb": peak, "status": status})
        print(f"{k:>4}x build        {seconds:8.2f} s {peak:8.0f} MB  exit {status}", flush=True)
    return rows


def build_report(rows: list[dict]) -> str:
    lines = ["| copies | build s | peak MB | exit |", "|---|---|---|---|"]
    lines += [f"| {r['copies']}× | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {r['status']} |" for r in rows]
    return "\n".join(lines) + "\n"


def report(rows: list[dict]) -> str:
    timed = [r for r in rows if "command" in r]
    floor = {r["copies"]: r["floors"] for r in rows if "floors" in r}
    sizes = sorted({r["copies"] for r in timed})
    lines = [
        "| command | "
        + " | ".join(f"{k}× s (MB)" for k in sizes)
        + " | growth exponent | "
        + " | ".join(f"{k}× / python, / oxigraph" for k in sizes)
        + " |",
        "|---|" + "---|" * (2 * len(sizes) + 1),
    ]
    for name, _ in COMMANDS:
        cells, ratios, times = [], [], []
        for k in sizes:
            r = next(x for x in timed if x["copies"] == k and x["command"] == name)
            mark = "" if r["status"] in (0, 1) else (" timed out" if r["status"] == -9 else f" exit {r['status']}")
            cells.append(f"{r['seconds']:.2f} ({r['peak_mb']:.0f}){mark}")
            times.append(r["seconds"])
            f = floor.get(k, {})
            ratios.append(
                f"{r['seconds'] / f.get('python', math.nan):.0f}, {r['seconds'] / f.get('oxigraph', math.nan):.1f}"
            )
        growth = f"{math.log(times[-1] / times[-2]) / math.log(sizes[-1] / sizes[-2]):.2f}" if len(sizes) > 1 else "–"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {growth} | " + " | ".join(ratios) + " |")
    lines.append("")
    lines.append(
        "floors: "
        + "; ".join(
            f"{k}×: python {f['python']:.3f} s, pyoxigraph open+lookup {f['oxigraph']:.3f} s"
            for k, f in sorted(floor.items())
        )
    )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/councilgraph-scaling"))
    parser.add_argument("--report", type=Path, help="write the table (Markdown) here too")
    parser.add_argument("--no-build", action="store_true", help="skip the build stages")
    parser.add_argument(
        "--build-copies", type=int, nargs="*", default=[], help="also time `build` on checkouts of these sizes"
    )
    args = parser.parse_args()
    rows = measure(args.copies, args.timeout, args.workdir, build=not args.no_build)
    table = report(rows)
    if args.build_copies:
        table += "\n" + build_report(measure_build(args.build_copies, args.timeout, args.workdir))
    print(table)
    if args.report:
        args.report.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
