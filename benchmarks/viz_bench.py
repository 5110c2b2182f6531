"""Benchmark: how long the network pages take to make, to open and settle, and to respond.

    .venv/bin/python benchmarks/viz_bench.py [--repeat N] [--root DIR ...] [--views NAME,...]
                                             [--checkout DIR] [--open-timeout S] [--make-timeout S]

For each project root (default: this checkout; `--root /tmp/cg64` for a synthetic root made by
benchmarks/synthetic.py; repeatable) and each view (default: the README's three, focus on Wigan at depth 2,
councils and full, and the bipartite view; `--views full` for only the full view) it measures, as medians of N
runs:

- make: the `viz` command itself (`cli.py viz --root DIR ... -o page.html` in a fresh Python process, as a
  reader runs it: opening the graph, the projection, the layout, the page), its wall time and its peak memory
  (the process's maximum resident set, from os.wait4). `--checkout DIR` runs another checkout's cli.py, to
  compare with an earlier version; the first `viz` on a root may build that root's store, so take medians;
- the page's size;
- open and settle: Debian's Chromium (never a browser Playwright downloads) from navigation until the page
  marks itself ready (`data-ready`: drawn, fitted, tables in step), the way a reader waits for it;
- two interactions on the settled page: unticking the first type filter, and a search for Wigan (copy 1 of a
  synthetic root is the seed graph, so Wigan is in every root).

A step that fails or runs out of time is reported as such and the rest go on. Prints Markdown; the report is
docs/benchmarks-viz.md.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
VIEWS = {
    "focus Wigan, depth 2": ["--view", "full", "--focus", "Wigan", "--depth", "2"],
    "councils (colour: network)": ["--view", "councils", "--colour", "network"],
    "bipartite": ["--view", "bipartite"],
    "full": ["--view", "full"],
}
SHORT_NAMES = {"focus": "focus Wigan, depth 2", "councils": "councils (colour: network)", "bipartite": "bipartite"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WROTE = re.compile(r"wrote .*: (\d+) nodes and (\d+) edges")


@dataclass
class Row:
    root: str
    view: str
    nodes: str = "–"
    edges: str = "–"
    size: str = "–"
    make: str = "–"
    peak: str = "–"
    opened: str = "–"
    filtered: str = "–"
    searched: str = "–"
    notes: list[str] = field(default_factory=list)


def make(checkout: Path, root: Path | None, options: list[str], out: Path, timeout: float) -> tuple[float, int, str]:
    """Run `viz` once: (seconds, peak resident set in bytes, its output); raises on failure or timeout."""
    command = [sys.executable, str(checkout / "cli.py"), "viz", *(["--root", str(root)] if root else []), *options]
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen([*command, "-o", str(out)], cwd=checkout, stdout=stdout, stderr=stderr)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)  # the child's own peak memory, as it is reaped
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        said, complaint = stdout.read().decode(errors="replace"), stderr.read().decode(errors="replace")
    if process.returncode:
        if seconds >= timeout:
            raise RuntimeError(f"did not finish in {timeout:.0f} s")
        last = (complaint.strip().splitlines() or [f"exit status {process.returncode}"])[-1]
        raise RuntimeError(f"failed after {seconds:.0f} s: {last[:120]}")
    return seconds, usage.ru_maxrss * 1024, said


def browse(browser, path: Path, timeout: float) -> tuple[float, float, float]:
    """Open the page until it is ready, then untick a type filter and search for Wigan: the three times."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        start = time.perf_counter()
        page.goto(path.as_uri(), timeout=timeout * 1000, wait_until="commit")
        page.wait_for_selector("body[data-ready=true]", timeout=timeout * 1000, state="attached")
        opened = time.perf_counter() - start
        box = page.locator("#cg-filter-types input").first
        start = time.perf_counter()
        box.uncheck(timeout=timeout * 1000)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        filtered = time.perf_counter() - start
        box.check(timeout=timeout * 1000)
        start = time.perf_counter()
        page.fill("#cg-search-input", "Wigan")
        page.press("#cg-search-input", "Enter")
        page.wait_for_function(
            "() => document.body.getAttribute('data-focused') === 'council:wigan'", timeout=timeout * 1000
        )
        searched = time.perf_counter() - start
        return opened, filtered, searched
    finally:
        page.close()


def measure(args, browser, root: Path | None, name: str, options: list[str], folder: Path) -> Row:
    row = Row(str(root or "this checkout"), name)
    out = folder / "page.html"
    out.unlink(missing_ok=True)
    runs = []
    for _ in range(args.repeat):
        try:
            runs.append(make(args.checkout, root, options, out, args.make_timeout))
        except RuntimeError as error:
            row.notes.append(f"viz {error}")
            break
    if not runs:
        return row
    row.make = f"{statistics.median(r[0] for r in runs):.1f}"
    row.peak = f"{max(r[1] for r in runs) / 2**20:.0f}"
    counts = WROTE.search(runs[-1][2])
    row.nodes, row.edges = counts.groups() if counts else ("?", "?")
    row.size = f"{out.stat().st_size / 1e6:.1f}"
    times = []
    for _ in range(args.repeat):
        try:
            times.append(browse(browser, out, args.open_timeout))
        except Exception as error:  # noqa: BLE001 - a page that does not open is a result, not a crash
            row.notes.append(f"Chromium: {str(error).splitlines()[0][:120]}")
            break
    if times:
        row.opened, row.filtered, row.searched = (f"{statistics.median(t[i] for t in times):.2f}" for i in range(3))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--root", type=Path, action="append", help="a project root (repeatable; default: this one)")
    parser.add_argument("--views", default=",".join(["focus", "councils", "bipartite", "full"]))
    parser.add_argument("--checkout", type=Path, default=CHECKOUT, help="the checkout whose cli.py runs `viz`")
    parser.add_argument("--open-timeout", type=float, default=120.0)
    parser.add_argument("--make-timeout", type=float, default=900.0)
    args = parser.parse_args()
    views = [SHORT_NAMES.get(v.strip(), v.strip()) for v in args.views.split(",")]
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for root in args.root or [None]:
            for name in views:
                rows.append(measure(args, browser, root, name, VIEWS[name], Path(folder)))
                print(rows[-1], file=sys.stderr, flush=True)
        browser.close()
    print(f"Median of {args.repeat} runs; code: {args.checkout}. Machine: {os.cpu_count()} cores; Chromium headless.\n")
    print(
        "| root | view | nodes | edges | page (MB) | viz (s) | peak memory (MB) | open and settle (s) "
        "| type filter (s) | search (s) |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(
            f"| {r.root} | {r.view} | {r.nodes} | {r.edges} | {r.size} | {r.make} | {r.peak} | {r.opened} | "
            f"{r.filtered} | {r.searched} |"
        )
    for r in rows:
        for note in r.notes:
            print(f"\n- {r.root}, {r.view}: {note}")


if __name__ == "__main__":
    main()
