"""A synthetic councilgraph root K times the size of the seed graph, for measuring how commands scale.

    python benchmarks/synthetic.py --copies 16 --out /tmp/cg16
    councilgraph --root /tmp/cg16 ... (every read command: show, query, path, similar, stats, analyse, viz)

What it writes: DIR/exports/councilgraph.ttl, made from the seed graph's exports/councilgraph.nt (written
as N-Triples, which is Turtle):

- copy 1 is the seed graph unchanged, so `show wigan` means the same thing at every size;
- copies 2..K are disjoint copies: every IRI under https://w3id.org/councilgraph/id/ gets the suffix
  `-k<copy>` (except the shared SKOS vocabulary, concept/ and scheme/), and every name a person or
  the name index reads (labels, aliases, codes, identifiers) gets " (copy <copy>)", so names stay unique;
- seeded cross-copy ties join the copies into one network: for each copy k >= 2, `--ties` of its
  relations between two entities are cloned with their target moved to the same entity in an earlier
  copy (chosen with the seed). A tie carries the cloned relation's evidence, so every relation still
  has evidence; the graph is synthetic and none of it is a claim about the world.

The same arguments give byte-identical output. The metrics file is not copied: commands that need
metrics compute them.

    python benchmarks/synthetic.py --copies 4 --checkout --out /tmp/checkout4
    councilgraph build --root /tmp/checkout4

`--checkout` writes a checkout instead, so `build` itself can be measured: the curated files and source
texts K times, each copy's ids, source ids and names suffixed, its quotes unchanged (they stand in the
copied texts). Councils are not copied: they resolve through the ONS register, so every copy names the
same real councils, as new documents about the same councils would.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ID = "https://w3id.org/councilgraph/id/"
SHARED = ("concept/", "scheme/")  # the SKOS vocabulary every copy uses
NAME_PROPERTIES = {
    "<http://www.w3.org/2000/01/rdf-schema#label>",
    "<http://www.w3.org/2004/02/skos/core#altLabel>",
    "<http://www.w3.org/2004/02/skos/core#prefLabel>",
    "<https://w3id.org/councilgraph/ontology#gssCode>",
    "<https://w3id.org/councilgraph/ontology#localAuthorityCode>",
    "<https://w3id.org/councilgraph/ontology#orgId>",
    "<http://purl.org/dc/terms/identifier>",
}
RELATION_FROM = "<https://w3id.org/councilgraph/ontology#relationFrom>"
RELATION_TO = "<https://w3id.org/councilgraph/ontology#relationTo>"
NOT_ENDS = ("source/", "section/")  # relations to documents are not ties between entities
_IRI = re.compile(r"<" + re.escape(ID) + r"([^>]*)>")
_TRIPLE = re.compile(r"^(\S+) (\S+) (.*) \.$")
_LITERAL = re.compile(r'^"(.*)"((?:@[A-Za-z-]+)|(?:\^\^<[^>]*>))?$')


def _suffixed(term: str, copy: int) -> str:
    if copy == 1:
        return term

    def rename(match: re.Match) -> str:
        local = match.group(1)
        if local.startswith(SHARED):
            return match.group(0)
        return f"<{ID}{local}-k{copy}>"

    return _IRI.sub(rename, term)


def _renamed_literal(literal: str, copy: int) -> str:
    match = _LITERAL.match(literal)
    if copy == 1 or match is None:
        return literal
    return f'"{match.group(1)} (copy {copy})"{match.group(2) or ""}'


def _copy(triples: list[tuple[str, str, str]], copy: int) -> list[str]:
    lines = []
    for s, p, o in triples:
        subject = _suffixed(s, copy)
        if p in NAME_PROPERTIES and o.startswith('"') and _IRI.fullmatch(s) and not _shared(s):
            obj = _renamed_literal(o, copy)
        else:
            obj = _suffixed(o, copy)
        lines.append(f"{subject} {p} {obj} .\n")
    return lines


def _shared(term: str) -> bool:
    match = _IRI.fullmatch(term)
    return bool(match and match.group(1).startswith(SHARED))


def _tie_candidates(triples: list[tuple[str, str, str]]) -> dict[str, list[tuple[str, str, str]]]:
    """Relation nodes whose two ends are entities (not documents), with all their triples, sorted."""
    by_subject: dict[str, list[tuple[str, str, str]]] = {}
    for triple in triples:
        by_subject.setdefault(triple[0], []).append(triple)
    candidates = {}
    for subject, own in by_subject.items():
        ends = {p: o for _, p, o in own if p in (RELATION_FROM, RELATION_TO)}
        if len(ends) == 2 and all(
            _IRI.fullmatch(o) and not _IRI.fullmatch(o).group(1).startswith(NOT_ENDS) for o in ends.values()
        ):  # type: ignore[union-attr]
            candidates[subject] = own
    return dict(sorted(candidates.items()))


def _ties(candidates: dict, copy: int, ties: int, rng: random.Random) -> list[str]:
    lines = []
    names = list(candidates)
    for number in range(1, ties + 1):
        relation = rng.choice(names)
        earlier = rng.randrange(1, copy)
        tie = f"{relation[:-1]}-k{copy}-tie{number}>"
        for _, p, o in candidates[relation]:
            obj = _suffixed(o, earlier) if p == RELATION_TO else _suffixed(o, copy)
            lines.append(f"{tie} {p} {obj} .\n")
    return lines


def read_triples(path: Path) -> list[tuple[str, str, str]]:
    triples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        match = _TRIPLE.match(line)
        if match is None:
            raise SystemExit(f"{path}:{number}: not an N-Triples line")
        triples.append((match.group(1), match.group(2), match.group(3)))
    return triples


def generate(seed_nt: Path, out: Path, copies: int, ties: int = 3, seed: int = 42) -> Path:
    """Write the K-copy root into `out`; the path of its councilgraph.ttl."""
    if copies < 1:
        raise SystemExit("--copies must be at least 1")
    triples = read_triples(seed_nt)
    candidates = _tie_candidates(triples)
    rng = random.Random(seed)
    target = out / "exports" / "councilgraph.ttl"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".ttl.tmp")
    with open(partial, "w", encoding="utf-8") as handle:
        for copy in range(1, copies + 1):
            handle.writelines(_copy(triples, copy))
            if copy > 1:
                handle.writelines(_ties(candidates, copy, ties, rng))
    partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, required=True, help="K: how many copies of the seed graph")
    parser.add_argument(
        "--checkout",
        action="store_true",
        help="write a checkout (curated data and sources at K copies, for `build`) instead of built exports",
    )
    parser.add_argument("--out", type=Path, required=True, help="the root folder to write (exports/ inside it)")
    parser.add_argument("--ties", type=int, default=3, help="cross-copy ties per copy after the first")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--from",
        dest="seed_nt",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "exports" / "councilgraph.nt",
        help="the seed graph's N-Triples export",
    )
    args = parser.parse_args(argv)
    if args.checkout:
        generate_checkout(Path(__file__).resolve().parent.parent, args.out, args.copies)
        print(f"wrote a checkout of {args.copies} copies in {args.out}: build it with `councilgraph build --root`")
        return 0
    target = generate(args.seed_nt, args.out, args.copies, args.ties, args.seed)
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB, {args.copies} copies)")
    return 0


# ------------------------------------------------------------------------------------------------------
# A checkout at K copies: curated data and sources, so that `build` itself can be measured


def _copy_curated(document: dict, copy: int, defined: set[str]) -> dict:
    """One curated file as its copy `copy`: every id it defines or names, and its source, suffixed; names
    made unique; quotes (which must stand in the copied text) and councils (which resolve through the
    register, so every copy shares the real councils) as they are."""

    def renamed(value, key: str | None):
        if isinstance(value, dict) and isinstance(value.get("rows"), list):  # a table: a cell is read as its column
            columns = value.get("columns") or []
            rows = [[renamed(cell, column) for column, cell in zip(columns, row)] for row in value["rows"]]
            return {**{k: renamed(v, k) for k, v in value.items() if k != "rows"}, "rows": rows}
        if isinstance(value, dict):
            return {k: renamed(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [renamed(v, key) for v in value]
        if isinstance(value, str):
            if key in ("quote", "description", "note", "ambiguity", "date_note"):
                return value
            if value in defined or key == "source":
                return f"{value}-k{copy}"
            if key in ("name", "label", "scheme_label", "aliases"):
                return f"{value} (copy {copy})"
        return value

    return renamed(document, None)


def _defined_ids(documents: list[dict]) -> set[str]:
    found = set()
    for document in documents:
        for section in ("entities", "claims", "concepts"):
            for item in document.get(section) or []:
                for key in ("id", "scheme"):
                    if isinstance(item.get(key), str):
                        found.add(item[key])
                if "rows" in item and "id" in (item.get("columns") or []):  # a table of entities
                    at = item["columns"].index("id")
                    found.update(row[at] for row in item["rows"])
    return found


def generate_checkout(checkout: Path, out: Path, copies: int) -> Path:
    """A checkout in `out` whose data holds `copies` copies of `checkout`'s curated files and sources."""
    import shutil

    import yaml

    if copies < 1:
        raise SystemExit("--copies must be at least 1")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(checkout / "ontology", out / "ontology")
    shutil.copytree(checkout / "data" / "reference", out / "data" / "reference")
    (out / "data" / "curated").mkdir(parents=True)
    (out / "data" / "sources").mkdir(parents=True)
    special = ("council_aliases.yaml", "registry.yaml")  # one of each, whatever the copies
    curated = sorted(p for p in (checkout / "data" / "curated").glob("*.yaml") if p.name not in special)
    shutil.copy(checkout / "data" / "curated" / "council_aliases.yaml", out / "data" / "curated")
    documents = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in curated]
    registry_path = checkout / "data" / "curated" / "registry.yaml"
    registry = yaml.safe_load(registry_path.read_text(encoding="utf-8")) if registry_path.exists() else None
    defined = _defined_ids(documents + ([registry] if registry else []))
    registered: list = []
    manifest = yaml.safe_load((checkout / "data" / "sources" / "manifest.yaml").read_text(encoding="utf-8"))
    entries = []
    for copy in range(1, copies + 1):
        for entry in manifest:
            text = (checkout / "data" / "sources" / entry["file"]).read_bytes()
            name = entry["file"] if copy == 1 else f"k{copy}_{entry['file']}"
            (out / "data" / "sources" / name).write_bytes(text)
            entries.append({**entry, "id": entry["id"] if copy == 1 else f"{entry['id']}-k{copy}", "file": name})
        if registry:
            registered += (registry if copy == 1 else _copy_curated(registry, copy, defined))["entities"]
        for path, document in zip(curated, documents):
            made = document if copy == 1 else _copy_curated(document, copy, defined)
            name = path.name if copy == 1 else f"{path.stem}-k{copy}.yaml"
            (out / "data" / "curated" / name).write_text(
                yaml.safe_dump(made, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8"
            )
    if registry:
        (out / "data" / "curated" / "registry.yaml").write_text(
            yaml.safe_dump({"entities": registered}, allow_unicode=True, sort_keys=False, width=10_000),
            encoding="utf-8",
        )
    (out / "data" / "sources" / "manifest.yaml").write_text(
        yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8"
    )
    return out


if __name__ == "__main__":
    sys.exit(main())
