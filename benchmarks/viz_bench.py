"""Benchmark: how long the network pages take to make, to open and settle, and to respond.

    .venv/bin/python benchmarks/viz_bench.py [--repeat N]       (default: --repeat 3)

For the README's three views (focus on Wigan at depth 2, councils, full) and the bipartite view it times,
as medians of N runs: making the page (`network_page` + `render_html`, the layout included), opening it in
Debian's Chromium until it has drawn and is ready (navigation to the page's `data-ready` mark, the way a
reader waits for it), and two interactions on the settled page: a type filter and a search. Prints
Markdown; the report is docs/benchmarks-viz.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import timed  # noqa: E402

from graph.query.loading import load_export  # noqa: E402
from graph.viz.page import network_page  # noqa: E402
from graph.viz.render import render_html  # noqa: E402

VIEWS = {
    "focus Wigan, depth 2": {"view": "full", "focus": "Wigan", "depth": 2},
    "councils (colour: network)": {"view": "councils", "colour": "network"},
    "bipartite": {"view": "bipartite"},
    "full": {"view": "full"},
}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    graph = load_export()
    rows = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, options in VIEWS.items():
            make, html = timed(lambda: render_html(network_page(graph, **options)), args.repeat)
            path = Path(folder) / "page.html"
            path.write_text(html, encoding="utf-8")
            opens, filters, searches = [], [], []
            for _ in range(args.repeat):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                start = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_selector("body[data-ready=true]", timeout=60_000)
                opens.append(time.perf_counter() - start)
                box = page.locator("#cg-filter-types input").first
                start = time.perf_counter()
                box.uncheck()
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
                filters.append(time.perf_counter() - start)
                box.check()
                start = time.perf_counter()
                page.fill("#cg-search-input", "Wigan")
                page.press("#cg-search-input", "Enter")
                page.wait_for_function("() => document.body.getAttribute('data-focused') === 'council:wigan'")
                searches.append(time.perf_counter() - start)
                page.close()
            nodes = html.count('<tr data-node="')
            edges = html.count('<tr data-edge="')
            rows.append(
                (
                    name,
                    nodes,
                    edges,
                    len(html.encode("utf-8")) / 1e6,
                    make,
                    statistics.median(opens),
                    statistics.median(filters),
                    statistics.median(searches),
                )
            )
        browser.close()
    print(f"Median of {args.repeat} runs. Machine: 2 cores; Chromium headless (software rendering).\n")
    print("| view | nodes | edges | page (MB) | make (s) | open and settle (s) | type filter (s) | search (s) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, nodes, edges, size, make, opened, filtered, searched in rows:
        print(
            f"| {name} | {nodes} | {edges} | {size:.2f} | {make:.2f} | {opened:.2f} | {filtered:.2f} | {searched:.2f} |"
        )


if __name__ == "__main__":
    main()
