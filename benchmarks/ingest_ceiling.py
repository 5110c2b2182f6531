"""Benchmark: how much of the curated relations any pairing of what a draft recognises could recall.

    .venv/bin/python benchmarks/ingest_ceiling.py

For each seed document ingested as if new (as benchmarks/ingest_score.py does), the relations the draft proposes
are joined by every pair of things named within N sentences of each other (N = 0, 1, 3, 10, 20, the whole text),
and the recall and precision of that (untyped, by the two ends) are printed against the curated relations the
text names. It says what better pairing could still gain, and what only better recognition could: a curated
relation with an end the draft never names is out of reach of any pairing.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_score import absent_of, copy_without, gold_of, norm  # noqa: E402

from graph.ingest.assistant.analysis import Analyser  # noqa: E402
from graph.ingest.assistant.known import load_knowledge  # noqa: E402
from graph.ingest.dataset import load_dataset  # noqa: E402
from graph.paths import PROJECT_ROOT, Paths  # noqa: E402

WINDOWS = (0, 1, 3, 10, 20, None)


def main() -> None:
    ds = load_dataset(Paths(PROJECT_ROOT))
    totals = {w: [0, 0] for w in WINDOWS}  # recalled, proposed
    gold_total = draft_total = draft_hit = 0
    for sid in sorted(ds.sources):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "project"
            entry = copy_without(PROJECT_ROOT, root, sid)
            analyser = Analyser(load_knowledge(Paths(root)))
        text, date = ds.sources[sid].text, str(entry["date"])
        findings = analyser.analyse(text, date, None, sid)
        names = analyser.mentions(text, date)
        _, gold_entities, gold_relations = gold_of(ds, sid)
        _, _, no_relation = absent_of(ds, sid)
        codes = {c.council: "council:" + c.code for c in findings.councils}
        by_name = {n: eid for eid, ns in sorted(gold_entities.items()) for n in ns}
        by_kind = {(eid.split("/")[0], n): eid for eid, ns in sorted(gold_entities.items()) for n in ns}
        matched = {}  # as the scorer matches: by id, else by name of the same id kind, else by name
        for e in findings.entities:
            name = norm(e.name or "")
            kind = e.id.split("/")[0]
            matched[e.id] = e.id if e.id in gold_entities else by_kind.get((kind, name), by_name.get(name))

        def end(ref: str) -> str:
            return codes.get(ref) or matched.get(ref) or ref

        gold = {frozenset(r[1:]) for r in gold_relations - no_relation}
        drafted = {frozenset((end(r.source), end(r.target))) for r in findings.relations}
        gold_total += len(gold)
        draft_total += len(findings.relations)
        draft_hit += len(drafted & gold)
        named = sorted((i, end(n.ref)) for i, found in names.items() for n in found)
        for window in WINDOWS:
            pairs = set(drafted)
            for k, (i, a) in enumerate(named):
                for j, b in named[k + 1 :]:
                    if window is not None and j - i > window:
                        break
                    if a != b:
                        pairs.add(frozenset((a, b)))
            totals[window][0] += len(pairs & gold)
            totals[window][1] += len(pairs)
    print("| proposals | relations R | proposals made | P |\n|---|---|---|---|")
    print(f"| the drafts' | {draft_hit / gold_total:.3f} ({draft_hit}/{gold_total}) | {draft_total} | |")
    for window in WINDOWS:
        hit, made = totals[window]
        what = "every pair in the text" if window is None else f"every pair within {window} sentences"
        print(f"| the drafts' and {what} | {hit / gold_total:.3f} ({hit}) | {made} | {hit / made:.3f} |")


if __name__ == "__main__":
    main()
