"""Benchmark: the contact-detail scan (graph.ingest.sources.find_contact_details) against the pattern it replaced.

    .venv/bin/python benchmarks/contact_scan_bench.py [--repeat N] [--sizes 10000,80000,1000000] [--old-limit S]

The old e-mail pattern backtracked quadratically on a long run of local-part characters that holds no address
(`[A-Za-z0-9._%+-]+@...` tried every start in the run and read the rest of the run from each). For each size it
times the old pattern and the new scan on that worst case ("a" * n) and on ordinary text (the five source texts,
repeated to n characters), checks that both find the same, and prints the times and the ratio old / new. The old
pattern runs in a child process stopped after --old-limit seconds (default 120): a stopped run is shown as
"> limit" and its ratio as a lower bound. Prints Markdown.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import timed  # noqa: E402

from graph.ingest.sources import find_contact_details  # noqa: E402
from graph.paths import Paths  # noqa: E402

OLD_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+"
OLD_PHONE = r"(?<![\w£.,/])(\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w%])"

# run in a child process, so that a quadratic run can be stopped: reads the text on stdin, prints the median
# seconds and the number of matches
_OLD_SCAN = f"""
import re, sys
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from timing import timed
email, phone = re.compile({OLD_EMAIL!r}), re.compile({OLD_PHONE!r})
text = sys.stdin.read()
seconds, found = timed(lambda: [m.group(0) for m in email.finditer(text)] +
                                [m.group(0) for m in phone.finditer(text)], int(sys.argv[1]))
print(seconds, len(found))
"""


def ordinary_text(size: int) -> str:
    """The project's source texts, repeated to `size` characters."""
    texts = "\n".join(p.read_text(encoding="utf-8") for p in sorted(Paths().sources.glob("*.txt")))
    return (texts * (size // len(texts) + 1))[:size]


def time_old(text: str, repeat: int, limit: float) -> tuple[float | None, int | None]:
    """(median seconds, matches) of the old patterns, or (None, None) when stopped after `limit` seconds."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", _OLD_SCAN, str(repeat)],
            input=text,
            text=True,
            capture_output=True,
            timeout=limit,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None, None
    seconds, found = result.stdout.split()
    return float(seconds), int(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="10000,80000,1000000")
    parser.add_argument("--old-limit", type=float, default=120.0)
    args = parser.parse_args()
    print("| input | characters | old | new | old / new | as many found |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for size in (int(s) for s in args.sizes.split(",")):
        for label, text in (('"a" * n', "a" * size), ("source texts", ordinary_text(size))):
            new_seconds, found = timed(lambda: find_contact_details(text), args.repeat)
            old_seconds, old_found = time_old(text, args.repeat, args.old_limit)
            if old_seconds is None:
                old, ratio, same = f"> {args.old_limit:.0f} s", f"> {args.old_limit / new_seconds:,.0f}", "n/a"
            else:
                old, ratio = f"{old_seconds:.4f} s", f"{old_seconds / new_seconds:,.1f}"
                same = "yes" if old_found == len(found) else f"no ({old_found} vs {len(found)})"
            print(f"| {label} | {size:,} | {old} | {new_seconds:.4f} s | {ratio} | {same} |", flush=True)


if __name__ == "__main__":
    main()
