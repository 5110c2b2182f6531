"""The index `councilgraph search` answers from: every searchable text of the graph in SQLite FTS5.

- **What is indexed**: entities' names (rdfs:label) and aliases (skos:altLabel); descriptions
  (dcterms:description), notes (skos:editorialNote) and ambiguities (cg:ambiguity) of entities and of
  the relations, figures and claims about them; and the quotes (cg:quote) of the evidence (cg:Evidence)
  that hangs off any of those. Nothing else: no identifiers, no other literal.
- **Whose text it is**: each row names the entity the text belongs to: the entity itself; both ends of
  a relation (cg:relationFrom, cg:relationTo); the entity holding a figure or claim (cg:figure,
  cg:claim); a concept is its own owner. With it go the source documents: the quote's primary source,
  else what the text's holder was derived from.
- **Where**: `cache/search.sqlite` in the project's store folder (graph.query.project_store), made on
  the first search after the store is (re)made. The store folder is replaced whole when the exports
  change, so the index goes with it; the index also records the store's version and the index's own
  format and is made again if either differs. Made under a lock into a temporary file and renamed into
  place, so concurrent searches never see half an index. Where it cannot be kept (an rdflib graph, a
  folder that cannot be written) it is made in memory for the one search.
- **Layout**: `texts` holds each distinct text once and `texts_fts` indexes it (external content,
  unicode61 tokenizer with diacritics folded); `hits` holds one row per place a text occurs, already in
  the order ties are broken in (owner's label, owner's IRI, field, text), so a search sorts by rank and
  row id only.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import unicodedata
from contextlib import contextmanager
from pathlib import Path

from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS

from ..model.namespaces import CG, prefixed_name
from .facts import Facts, StoreFacts

__all__ = ["FIELDS", "INDEX_FILE", "INDEX_FORMAT", "TOKENIZER", "open_index", "build_index", "words"]

INDEX_FILE = "search.sqlite"
TOKENIZER = "unicode61 remove_diacritics 2"  # FTS5's: words are runs of letters and digits, folded
INDEX_FORMAT = 1  # raised when the layout of the index changes, so old indexes are made again
# the searchable fields: property, the name a hit reports it by; in the order ties are broken in
FIELDS = {
    str(RDFS.label): "name",
    str(SKOS.altLabel): "alias",
    str(DCTERMS.description): "description",
    str(SKOS.editorialNote): "note",
    str(CG.ambiguity): "ambiguity",
    str(CG.quote): "quote",
}
_ORDER = {name: i for i, name in enumerate(FIELDS.values())}

_TEXTS = (
    "SELECT ?holder ?property ?text WHERE {\n  VALUES ?property { "
    + " ".join(f"<{p}>" for p in list(FIELDS)[:-1])
    + " }\n  ?holder ?property ?text .\n  FILTER(isIRI(?holder) && isLITERAL(?text))\n}"
)
_QUOTES = (
    f"SELECT ?holder ?text ?source WHERE {{\n  ?holder <{CG.evidence}> ?evidence .\n"
    f"  ?evidence <{CG.quote}> ?text .\n  FILTER(isIRI(?holder) && isLITERAL(?text))\n"
    f"  OPTIONAL {{ ?evidence <{PROV.hadPrimarySource}> ?doc . ?doc <{DCTERMS.identifier}> ?source }}\n}}"
)
_LABELS = f"SELECT ?node ?label WHERE {{ ?node <{RDFS.label}> ?label . FILTER(isIRI(?node)) }}"
_RELATIONS = (
    f"SELECT ?relation ?from ?to WHERE {{ ?relation <{CG.relationFrom}> ?from ; <{CG.relationTo}> ?to . "
    "FILTER(isIRI(?relation)) }"
)
_HELD = (
    f"SELECT ?owner ?property ?node WHERE {{ VALUES ?property {{ <{CG.figure}> <{CG.claim}> }} "
    "?owner ?property ?node . FILTER(isIRI(?node)) }"
)
_SCHEMES = f"SELECT ?concept ?scheme WHERE {{ ?concept a <{SKOS.Concept}> ; <{SKOS.inScheme}> ?scheme }}"
_SOURCES = f"SELECT ?node ?source WHERE {{ ?node <{PROV.wasDerivedFrom}> ?doc . ?doc <{DCTERMS.identifier}> ?source }}"

_HELD_AS = {str(CG.figure): "figure", str(CG.claim): "claim"}

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE texts (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE VIRTUAL TABLE texts_fts USING fts5(
    body, content='texts', content_rowid='id', tokenize='{tokenizer}'
);
CREATE TABLE hits (
    id INTEGER PRIMARY KEY,  -- in tie-break order: owner's label, owner's IRI, field, text
    text_id INTEGER NOT NULL,
    field TEXT NOT NULL,     -- name, alias, description, note, ambiguity, quote
    norm TEXT NOT NULL,      -- the text's words, folded as a query's are (names and aliases; else '')
    holder TEXT NOT NULL,    -- the IRI of the node the text hangs off
    via TEXT NOT NULL,       -- what that node is, when it is not the entity itself
    owners TEXT NOT NULL,    -- JSON [[iri, label], ...]: the entities the text belongs to
    sources TEXT NOT NULL    -- JSON [source document id, ...]
);
CREATE INDEX hits_by_text ON hits (text_id);
"""


def words(text: str) -> list[str]:
    """`text`'s words as the index's tokenizer sees them (unicode61: runs of letters and digits, lower case,
    diacritics removed), so that a query's words are the index's, and never read as FTS syntax."""
    folded = unicodedata.normalize("NFD", text.lower())
    out, word = [], []
    for char in folded:
        if unicodedata.combining(char):
            continue
        if char.isalnum():
            word.append(char)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


class _Graph:
    """What the index needs to know about the graph, read with a few whole-graph queries."""

    def __init__(self, facts: Facts):
        self.labels: dict[str, str] = {}
        for node, label in facts.select_text(_LABELS):
            known = self.labels.get(str(node))
            self.labels[str(node)] = str(label) if known is None else min(known, str(label))
        names = facts.names()
        names.everything()
        self.entities = {str(iri) for iri in names.labels}  # what `show` finds by name
        ends: dict[str, tuple[set[str], set[str]]] = {}
        for relation, start, end in facts.select_text(_RELATIONS):
            starts, finishes = ends.setdefault(str(relation), (set(), set()))
            starts.add(str(start))
            finishes.add(str(end))
        self.relations = {r: list(dict.fromkeys([*sorted(s), *sorted(e)])) for r, (s, e) in ends.items()}
        self.held = {str(node): (str(owner), _HELD_AS[str(prop)]) for owner, prop, node in facts.select_text(_HELD)}
        self.schemes = {str(concept): str(scheme) for concept, scheme in facts.select_text(_SCHEMES)}
        self.sources: dict[str, set[str]] = {}
        for node, source in facts.select_text(_SOURCES):
            self.sources.setdefault(str(node), set()).add(str(source))

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or prefixed_name(iri)

    def owners(self, holder: str) -> tuple[list[str], str]:
        """The entities a text on `holder` belongs to, and what `holder` is when it is not one of them."""
        if holder in self.relations:
            return self.relations[holder], f"relation: {self.label(holder)}"
        if holder in self.held:
            owner, kind = self.held[holder]
            if owner in self.relations:  # a figure or claim on a relation: both its ends
                return self.relations[owner], f"{kind}: {self.label(holder)}; on relation: {self.label(owner)}"
            return [owner], f"{kind}: {self.label(holder)}"
        if holder in self.schemes:
            return [holder], f"concept in {self.label(self.schemes[holder])}"
        return [holder], ""


def _rows(facts: Facts) -> list[tuple]:
    """(owner label, owner IRI, field order, text, holder, field, via, owners, sources) of every text."""
    graph = _Graph(facts)
    found: set[tuple] = set()
    names: dict[tuple[str, str], tuple] = {}
    for holder, prop, text in facts.select_text(_TEXTS):
        holder, field, text = str(holder), FIELDS[str(prop)], str(text)
        sources = tuple(sorted(graph.sources.get(holder, ())))
        if field not in ("name", "alias"):
            found.add((holder, field, text, sources))
        elif holder in graph.entities:  # names and aliases of entities only: not of relations, figures, concepts
            # one hit for the words of a name or alias: an alias that reads as the name once folded adds none
            key = (holder, " ".join(words(text)))
            best = names.get(key)
            if best is None or (_ORDER[field], text) < (_ORDER[best[0]], best[1]):
                names[key] = (field, text, sources)
    found.update((holder, field, text, sources) for (holder, _), (field, text, sources) in names.items())
    for holder, text, source in facts.select_text(_QUOTES):
        found.add((str(holder), "quote", str(text), () if source is None else (str(source),)))
    rows = []
    for holder, field, text, sources in found:
        owners, via = graph.owners(holder)
        named = [[iri, graph.label(iri)] for iri in owners]
        rows.append((named[0][1], named[0][0], _ORDER[field], text, holder, field, via, named, list(sources)))
    rows.sort(key=lambda r: r[:5] + (r[8],))
    return rows


def build_index(db: sqlite3.Connection, facts: Facts, version: str) -> None:
    """Write the index of `facts` into the empty database `db`."""
    db.executescript(_SCHEMA.format(tokenizer=TOKENIZER))
    text_ids: dict[str, int] = {}
    hits = []
    for row in _rows(facts):
        text, holder, field, via, owners, sources = row[3:]  # after the sort keys
        text_id = text_ids.setdefault(text, len(text_ids) + 1)
        norm = " ".join(words(text)) if field in ("name", "alias") else ""
        hits.append((text_id, field, norm, holder, via, json.dumps(owners), json.dumps(sources)))
    db.executemany("INSERT INTO texts (id, body) VALUES (?, ?)", ((i, t) for t, i in text_ids.items()))
    db.execute("INSERT INTO texts_fts (rowid, body) SELECT id, body FROM texts")
    db.executemany(
        "INSERT INTO hits (text_id, field, norm, holder, via, owners, sources) VALUES (?, ?, ?, ?, ?, ?, ?)", hits
    )
    db.execute("INSERT INTO texts_fts (texts_fts) VALUES ('optimize')")
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", str(INDEX_FORMAT)), ("version", version)])
    db.commit()


def _version(facts: Facts) -> str | None:
    """The version of the store `facts` reads, when it is the project's store; None otherwise."""
    from .project_store import store_version

    if isinstance(facts, StoreFacts) and facts.folder is not None:
        return store_version(facts.folder)
    return None


def _current(path: Path, version: str) -> sqlite3.Connection | None:
    """The index at `path`, opened read-only, if it is there and made of this store version."""
    if not path.is_file():
        return None
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if dict(db.execute("SELECT key, value FROM meta")) == {"format": str(INDEX_FORMAT), "version": version}:
            return db
    except sqlite3.Error:
        pass  # not an index of ours, or a damaged one
    db.close()
    return None


@contextmanager
def _locked(path: Path):
    with open(path.with_name(path.name + ".lock"), "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _kept(facts: Facts, folder: Path, version: str) -> sqlite3.Connection:
    path = folder / "cache" / INDEX_FILE
    db = _current(path, version)
    if db is not None:
        return db
    path.parent.mkdir(exist_ok=True)
    with _locked(path):
        db = _current(path, version)  # another process may have made it while we waited
        if db is None:
            partial = path.with_name(f".{INDEX_FILE}.{os.getpid()}.tmp")
            partial.unlink(missing_ok=True)
            made = sqlite3.connect(partial)
            try:
                build_index(made, facts, version)
                made.close()
                partial.replace(path)
            except BaseException:
                made.close()
                partial.unlink(missing_ok=True)
                raise
            db = _current(path, version)
    if db is None:
        raise OSError(f"the search index in {path} cannot be read back")
    return db


def open_index(facts: Facts) -> sqlite3.Connection:
    """The search index of the graph `facts` reads: the one kept beside the project's store (made first if
    missing or out of date), else one made in memory."""
    version = _version(facts)
    if version is not None:
        assert isinstance(facts, StoreFacts) and facts.folder is not None
        try:
            return _kept(facts, facts.folder, version)
        except (OSError, sqlite3.Error):
            pass  # a store folder we cannot write to, or one replaced meanwhile: made in memory instead
    db = sqlite3.connect(":memory:")
    build_index(db, facts, "memory")
    return db
