"""Benchmark: how close `councilgraph ingest` comes to the curated graph, and how fast it is.

    .venv/bin/python benchmarks/ingest_score.py [--pages 50] [--skip-pdf] [--json]

Each of the five seed documents is ingested AS IF NEW: in a temporary copy of the project without that document
(its manifest entry, its text and every curated file whose `source:` is it), so that an entity only that
document's files declare is not known, while what other documents' files (and the registry, where another document
quotes it) declare is. Its draft is then scored against the real project's curated data for that document:

- councils: the set of authorities the draft names vs those the document's curated files reference;
- entities: the draft's proposed and known entities vs the entities the document's files declare or reference
  (relation ends included), matched by id or by name/alias (case, quotes, a leading 'the', '&'/'and' aside);
- relations: the draft's proposed relations vs the document's curated relations (not the `describes` ones the
  build derives), matched by their two ends either way round ("ends"), and by type and direction too ("typed";
  either direction for a symmetric type). An end is a council's authority, or the curated entity the draft's
  entity matched.

A curated item the text does not name cannot be read from it: a council referenced by a quote that does not
name it (an inferred fact, with a note), an entity named in no spelling of its name or aliases, a relation with
such an end. These are counted apart, as "not in the text": recall R is of the items the text names, and
"R all" of every item, so that neither is hidden. A council is named when one of the register's spellings of it
or of the alias file's (case, '&'/'and' aside) stands in the text on word boundaries; an entity when its name or
an alias does (case, quotes, a leading 'the', '&'/'and' aside); a relation when both its ends are (the document
itself, a `source/` end, always is).

Then a PDF of --pages pages made with fpdf2 from the seed texts is ingested and timed. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from graph.ingest.assistant.pipeline import ingest_document  # noqa: E402
from graph.ingest.dataset import Dataset, load_dataset  # noqa: E402
from graph.model.vocabulary import RELATION_TYPES  # noqa: E402
from graph.paths import PROJECT_ROOT, Paths  # noqa: E402

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def norm(name: str) -> str:
    name = name.replace("’", "'").replace("‘", "'").replace("&", " and ").casefold().strip(" '\"“”")
    name = re.sub(r"^the\s+", "", name)
    return " ".join(name.split())


@dataclass
class Score:
    found: int  # predicted items that match
    predicted: int
    recalled: int  # gold items matched
    gold: int
    absent: int = 0  # gold items the text does not name
    recalled_absent: int = 0  # of those, matched all the same (a known entity found by another spelling)

    @property
    def precision(self) -> float:
        return self.found / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Of the gold items the text names."""
        named = self.gold - self.absent
        return (self.recalled - self.recalled_absent) / named if named else 1.0

    @property
    def recall_all(self) -> float:
        return self.recalled / self.gold if self.gold else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(*(a + b for a, b in zip(vars(self).values(), vars(other).values())))


def _named_in(text: str, capitalised: bool = False) -> Callable[[str], bool]:
    """Whether a name stands in `text` on word boundaries (case, quotes, '&'/'and' aside); `capitalised`: only
    where written with a capital, as a name ('reading a report' does not name Reading)."""
    if capitalised:
        plain = " ".join(re.sub(r"[^\w&-]+", " ", text.replace("’", "'").replace("&", " and ")).split())

        def written(name: str) -> bool:
            words = re.sub(r"[^\w&-]+", " ", norm(name).replace("&", " and ")).split()
            pattern = r"(?<![\w-])" + r"\s+".join(map(re.escape, words)) + r"(?![\w-])"
            return bool(words) and any(m.group(0)[:1].isupper() for m in re.finditer(pattern, plain, re.I))

        return written
    folded = " " + " ".join(re.sub(r"[^\w&-]+", " ", norm(text).replace("&", " and ")).split()) + " "

    def named(name: str) -> bool:
        key = " ".join(re.sub(r"[^\w&-]+", " ", norm(name).replace("&", " and ")).split())
        return bool(key) and f" {key} " in folded

    return named


def absent_of(ds: Dataset, sid: str) -> tuple[set[str], set[str], set[tuple[str, str, str]]]:
    """The document's gold councils, entities and relations its text does not name."""
    councils, entities, relations = gold_of(ds, sid)
    named, written = _named_in(ds.sources[sid].text), _named_in(ds.sources[sid].text, capitalised=True)
    spellings: dict[str, set[str]] = {code: set(ds.reference.aliases_of(code)) for code in councils}
    for spelling, name in ds.curated.council_aliases.items():
        try:
            code = ds.reference.resolve(name, ds.sources[sid].date).code
        except Exception:  # an alias the date does not resolve: it names no gold council here
            continue
        spellings.setdefault(code, set()).add(spelling)
    no_council = {code for code in councils if not any(written(n) for n in spellings.get(code, ()))}
    no_entity = {eid for eid, names in entities.items() if not any(named(n) for n in names)}
    missing = {"council:" + c for c in no_council} | no_entity
    no_relation = {r for r in relations if r[1] in missing or r[2] in missing}
    return no_council, no_entity, no_relation


def copy_without(root: Path, target: Path, sid: str) -> dict:
    """A copy of the project at `target` without source `sid`; that source's manifest entry."""
    for part in ("data/sources", "data/reference", "data/curated", "ontology"):
        shutil.copytree(root / part, target / part)
    manifest = target / "data/sources/manifest.yaml"
    rows = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    entry = next(r for r in rows if r["id"] == sid)
    manifest.write_text(yaml.safe_dump([r for r in rows if r["id"] != sid], sort_keys=False, allow_unicode=True))
    (target / "data/sources" / entry["file"]).unlink()
    for path in (target / "data/curated").glob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict) and doc.get("source") == sid:
            path.unlink()
    return entry


def gold_of(ds: Dataset, sid: str) -> tuple[set[str], dict[str, set[str]], set[tuple[str, str, str]]]:
    """The document's councils (codes), entities (id -> normalised names) and relations (type, from, to)."""
    councils = {a.code for (_, source), a in ds.councils.items() if source == sid}
    end = lambda ref: "council:" + ds.council(ref, sid).code if ref.startswith("council:") else ref  # noqa: E731
    relations = {
        (r.type, end(r.source), end(r.target))
        for r in ds.curated.relations
        if r.type != "describes" and any(ev.source == sid for ev in r.evidence)
    }
    ids = {e.id for e in ds.curated.entities.values() if any(ev.source == sid for ev in e.evidence)}
    ids |= {x for _, a, b in relations for x in (a, b) if not x.startswith(("council:", "source/"))}
    entities = {}
    for eid in ids:
        entity = ds.curated.entities[eid]
        entities[eid] = {norm(n) for n in (entity.name, *entity.aliases)}
    return councils, entities, relations


def score_draft(draft: dict, ds: Dataset, sid: str, date: str) -> tuple[dict[str, Score], dict[str, list]]:
    gold_councils, gold_entities, gold_relations = gold_of(ds, sid)
    by_name = {n: eid for eid, names in sorted(gold_entities.items()) for n in names}
    by_kind = {(eid.split("/")[0], n): eid for eid, names in sorted(gold_entities.items()) for n in names}
    codes = {}
    for c in draft["councils"]:
        codes[c["council"]] = ds.reference.resolve(c["council"].removeprefix("council:"), date).code
    got_councils = set(codes.values())
    matched = {}
    for e in draft["entities"]:
        name = norm(e.get("name", ""))  # of two gold entities of one name, the one of the same kind
        hit = e["id"] if e["id"] in gold_entities else by_kind.get((e["id"].split("/")[0], name), by_name.get(name))
        matched[e["id"]] = hit
    conf = {e["id"]: e.get("confidence", 1.0) for e in draft["entities"]}
    end = lambda ref: "council:" + codes[ref] if ref in codes else matched.get(ref) or ref  # noqa: E731
    rels = [(r["type"], end(r["from"]), end(r["to"])) for r in draft["relations"]]
    untyped_gold = {frozenset((a, b)) for _, a, b in gold_relations}
    typed_gold = {_typed_key(r) for r in gold_relations}
    sure = [eid for eid in matched if conf[eid] >= 0.5]
    scores = {
        "councils": Score(len(got_councils & gold_councils), len(got_councils), len(got_councils & gold_councils),
                          len(gold_councils)),
        "entities": Score(sum(1 for v in matched.values() if v), len(matched),
                          len({v for v in matched.values() if v}), len(gold_entities)),
        "entities>=0.5": Score(sum(1 for k in sure if matched[k]), len(sure),
                               len({matched[k] for k in sure if matched[k]}), len(gold_entities)),
        "relations": Score(sum(1 for _, a, b in rels if frozenset((a, b)) in untyped_gold), len(rels),
                           len(untyped_gold & {frozenset((a, b)) for _, a, b in rels}), len(untyped_gold)),
        "relations typed": Score(sum(1 for r in rels if _typed_key(r) in typed_gold), len(rels),
                                 len(typed_gold & {_typed_key(r) for r in rels}), len(typed_gold)),
    }  # fmt: skip
    no_council, no_entity, no_relation = absent_of(ds, sid)
    got = {
        "councils": got_councils,
        "entities": {v for v in matched.values() if v},
        "entities>=0.5": {matched[k] for k in sure if matched[k]},
        "relations": {frozenset((a, b)) for _, a, b in rels},
        "relations typed": {_typed_key(r) for r in rels},
    }
    absent = {
        "councils": no_council,
        "entities": no_entity,
        "entities>=0.5": no_entity,
        "relations": {frozenset((a, b)) for _, a, b in no_relation},
        "relations typed": {_typed_key(r) for r in no_relation},
    }
    for kind, score in scores.items():
        score.absent, score.recalled_absent = len(absent[kind]), len(absent[kind] & got[kind])
    missed = {
        "entities": sorted(set(gold_entities) - got["entities"] - no_entity),
        "relations": sorted(r for r in gold_relations - no_relation if frozenset(r[1:]) not in got["relations"]),
        "wrong entities": sorted(e for e, v in matched.items() if not v),
    }
    return scores, missed


def _typed_key(relation: tuple[str, str, str]) -> tuple:
    rtype, a, b = relation
    return (rtype, frozenset((a, b))) if RELATION_TYPES[rtype].symmetric else (rtype, a, b)


def run_document(ds: Dataset, sid: str) -> tuple[dict[str, Score], float, int, dict[str, list]]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        entry = copy_without(PROJECT_ROOT, root, sid)
        document = Path(folder) / f"{sid}.txt"
        document.write_text(ds.sources[sid].text, encoding="utf-8")
        started = time.perf_counter()
        report = ingest_document(
            Paths(root), document, sid, str(entry["title"]), str(entry["publisher"]), str(entry["date"])
        )
        seconds = time.perf_counter() - started
        draft = yaml.safe_load((root / report.draft_file).read_text(encoding="utf-8"))
    scores, missed = score_draft(draft, ds, sid, str(entry["date"]))
    return scores, seconds, report.sentences, missed


def make_pdf(ds: Dataset, pages: int, path: Path) -> int:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    texts = [s.text for _, s in sorted(ds.sources.items())]
    i = 0
    while pdf.page_no() < pages:
        for paragraph in texts[i % len(texts)].split("\n"):
            if paragraph.strip():
                pdf.multi_cell(0, 5, paragraph.replace("\t", "    ").replace("**", ""), new_x="LMARGIN", new_y="NEXT")
            if pdf.page_no() >= pages:
                break
        i += 1
    pdf.output(str(path))
    return pdf.page_no()


def run_pdf(ds: Dataset, pages: int) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        for part in ("data/sources", "data/reference", "data/curated", "ontology"):
            shutil.copytree(PROJECT_ROOT / part, root / part)
        pdf = Path(folder) / "long-document.pdf"
        made = make_pdf(ds, pages, pdf)
        started = time.perf_counter()
        report = ingest_document(Paths(root), pdf, "long-document", "A long document", "Benchmark", "2020")
        return time.perf_counter() - started, made, report.sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=50, help="pages of the generated PDF")
    parser.add_argument("--skip-pdf", action="store_true", help="do not time the generated PDF")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--misses", action="store_true", help="list what each draft missed that its text names")
    args = parser.parse_args()
    ds = load_dataset(Paths(PROJECT_ROOT))
    results = {sid: run_document(ds, sid) for sid in sorted(ds.sources)}
    pdf = None if args.skip_pdf else run_pdf(ds, args.pages)
    if args.json:
        out = {
            sid: {k: vars(s) for k, s in scores.items()} | {"seconds": secs}
            for sid, (scores, secs, _, _) in results.items()
        }
        print(json.dumps({"documents": out, "pdf": pdf}, indent=2))
        return
    kinds = ["councils", "entities", "entities>=0.5", "relations", "relations typed"]
    heads = " | ".join(f"{k} P | {k} R | {k} not in text | {k} R all" for k in kinds)
    print(f"| document | {heads} | seconds |")
    print("|---" * (4 * len(kinds) + 2) + "|")
    totals = {k: Score(0, 0, 0, 0) for k in kinds}
    for sid, (scores, seconds, _, _missed) in results.items():
        cells = []
        for k in kinds:
            s = scores[k]
            named = f"{s.recalled - s.recalled_absent}/{s.gold - s.absent}"
            cells += [f"{s.precision:.2f} ({s.found}/{s.predicted})", f"{s.recall:.2f} ({named})", str(s.absent)]
            cells += [f"{s.recall_all:.2f} ({s.recalled}/{s.gold})"]
            totals[k] += s
        print(f"| {sid} | " + " | ".join(cells) + f" | {seconds:.1f} |")
    micro = [
        c
        for k in kinds
        for t in [totals[k]]
        for c in (f"**{t.precision:.2f}**", f"**{t.recall:.2f}**", str(t.absent), f"{t.recall_all:.2f}")
    ]
    print("| all (micro) | " + " | ".join(micro) + " | |")
    if args.misses:
        for sid, (_, _, _, missed) in results.items():
            for what, items in missed.items():
                print(f"\n{sid}: {what} ({len(items)})")
                print("\n".join(f"  {item}" for item in items))
    if pdf:
        seconds, pages, sentences = pdf
        print(f"\nPDF of {pages} pages ({sentences} sentences): ingested in {seconds:.1f} s")


if __name__ == "__main__":
    main()
