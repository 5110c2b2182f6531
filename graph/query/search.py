"""Free-text search over the graph's names, aliases, descriptions, notes, ambiguities and quotes, ranked,
each hit with the entity it belongs to (`councilgraph search TEXT`).

The query is split into words here (graph.query.search_index.words) and each word is quoted before it
reaches FTS5, so nothing a user types is read as query syntax. A text matches when it holds every word;
the last word of two or more letters may be the start of a longer one ("Cambridge" finds
"Cambridgeshire", "co-op" finds "co-operative"). Hits are ranked by where the words were found:

    0 name, exact; 1 name, starting with the words; 2 name, containing them; 3 alias, exact;
    4 alias, containing them; 5 description, note or ambiguity; 6 quote

then texts holding the words as one phrase before the others, then by the owning entity's label and IRI
(then field, text and holder), so the output is the same every time. Answered from the index kept
beside the project's store (graph.query.search_index): nothing is loaded per search.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..choices import MAX_SEARCH_HITS
from ..errors import NoMatches, SearchError
from ..model.namespaces import prefixed_name
from ..paths import Paths
from .facts import Facts, facts_of
from .search_index import open_index, words

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_WORDS",
    "MAX_LIMIT",
    "TIERS",
    "EntityRef",
    "Hit",
    "SearchResult",
    "SearchError",
    "NoMatches",
    "search",
    "query_words",
    "render_search",
]

MAX_QUERY_CHARS = 1000
MAX_WORDS = 64
MAX_LIMIT = MAX_SEARCH_HITS
# what each rank means, as `render_search` prints it
TIERS = ("name, exact", "name, starts with", "name", "alias, exact", "alias", "", "")
MARK = ("«", "»")  # around each matched word in a snippet


@dataclass
class EntityRef:
    iri: str
    label: str


@dataclass
class Hit:
    field: str  # name, alias, description, note, ambiguity, quote
    rank: int  # 0-6, as in the module's docstring: lower is better
    phrase: bool  # the text holds the words as one phrase, each whole
    snippet: str  # the text around the matched words, each between « and »
    text: str  # the whole text
    entities: list[EntityRef]  # whom the text is about: the entity; both ends of a relation
    via: str  # what the text hangs off when it is not the entity itself: "relation: ...", "figure: ..."
    holder: str  # the IRI of the node the text hangs off
    sources: list[str]  # the source documents' ids: a quote's own, else those of the text's holder


@dataclass
class SearchResult:
    text: str  # the query as given (cut short if long)
    words: list[str]  # the words searched for
    total: int  # how many hits there are in all
    hits: list[Hit] = field(default_factory=list)  # the best `limit` of them


def query_words(text: str, limit: int = 20) -> list[str]:
    """The words `text` searches for; SearchError when there are none, too many, or `limit` is out of range."""
    if not 1 <= limit <= MAX_LIMIT:
        raise SearchError(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if len(text) > MAX_QUERY_CHARS:
        raise SearchError(
            f"the search text is {len(text)} characters long; at most {MAX_QUERY_CHARS} are taken: "
            "search for a few distinctive words instead"
        )
    found = words(text)
    if not found:
        raise SearchError(
            "nothing to search for: the text has no letters or digits; give a word or a name, "
            "e.g. `councilgraph search GeniUS`"
        )
    if len(found) > MAX_WORDS:
        raise SearchError(f"the search text has {len(found)} words; at most {MAX_WORDS} are taken: use fewer")
    return found


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _match_expressions(found: list[str]) -> tuple[str, str]:
    """FTS5 expressions for every word (the last as a prefix, if of two letters or more), and for the
    words as one phrase of whole words. Every word is quoted: an FTS5 string, never an operator."""
    last = _quoted(found[-1]) + ("*" if len(found[-1]) >= 2 else "")
    every = " AND ".join([*(_quoted(w) for w in found[:-1]), last])
    return every, _quoted(" ".join(found))


_RANKED = """
WITH matched(id) AS (SELECT rowid FROM texts_fts WHERE texts_fts MATCH :every),
     phrased(id) AS (SELECT rowid FROM texts_fts WHERE texts_fts MATCH :phrase)
SELECT h.text_id, h.field, h.via, h.holder, h.owners, h.sources, t.body,
       CASE h.field
           WHEN 'name' THEN CASE WHEN h.norm = :norm THEN 0 WHEN substr(h.norm, 1, length(:norm)) = :norm THEN 1
                                 ELSE 2 END
           WHEN 'alias' THEN CASE WHEN h.norm = :norm THEN 3 ELSE 4 END
           WHEN 'quote' THEN 6
           ELSE 5
       END AS rank,
       h.text_id IN (SELECT id FROM phrased) AS phrase
FROM matched JOIN hits AS h ON h.text_id = matched.id JOIN texts AS t ON t.id = h.text_id
ORDER BY rank, phrase DESC, h.id
LIMIT :limit
"""
_COUNT = "SELECT count(*) FROM hits WHERE text_id IN (SELECT rowid FROM texts_fts WHERE texts_fts MATCH :every)"
_SNIPPET = (
    f"SELECT snippet(texts_fts, 0, '{MARK[0]}', '{MARK[1]}', '…', 32) FROM texts_fts "
    "WHERE texts_fts MATCH :every AND rowid = :id"
)


def _hits(db: sqlite3.Connection, found: list[str], limit: int) -> tuple[int, list[Hit]]:
    every, phrase = _match_expressions(found)
    args = {"every": every, "phrase": phrase, "norm": " ".join(found), "limit": limit}
    total = db.execute(_COUNT, args).fetchone()[0]
    hits, snippets = [], {}
    for text_id, name, via, holder, owners, sources, body, rank, phrased in db.execute(_RANKED, args):
        if text_id not in snippets:
            marked = phrase if phrased else every  # a phrase is marked as one
            snippets[text_id] = db.execute(_SNIPPET, {"every": marked, "id": text_id}).fetchone()[0]
        hits.append(
            Hit(
                field=name,
                rank=rank,
                phrase=bool(phrased),
                snippet=snippets[text_id],
                text=body,
                entities=[EntityRef(iri, label) for iri, label in json.loads(owners)],
                via=via,
                holder=holder,
                sources=json.loads(sources),
            )
        )
    return total, hits


def search(source: Graph | Facts | Paths | str | Path, text: str, limit: int = 20) -> SearchResult:
    """The `limit` best hits for `text` among the graph's names, aliases, descriptions, notes, ambiguities
    and quotes, best first (see the module's docstring), with how many there are in all. `source` is a
    project (Paths, or its folder: its persistent store and the index beside it), the store's Facts, or
    an rdflib graph (indexed in memory). SearchError for a query that cannot be run; NoMatches when
    nothing matches."""
    found = query_words(text, limit)
    if isinstance(source, (str, Path)):
        source = Paths(Path(source))
    if isinstance(source, Paths):
        from .project_store import open_facts

        source = open_facts(source)
    db = open_index(facts_of(source))
    try:
        total, hits = _hits(db, found, limit)
    finally:
        db.close()
    if not hits:
        raise NoMatches(text, found)
    return SearchResult(text=_printable(text), words=found, total=total, hits=hits)


def _printable(text: str) -> str:
    """`text` cut short if long, any lone surrogate (undecodable bytes on the command line) as U+FFFD."""
    text = text if len(text) <= 80 else text[:79] + "…"
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


def _owner_line(hit: Hit) -> str:
    names = [f"{e.label} [{prefixed_name(e.iri)}]" for e in hit.entities]
    line = " — ".join(names)
    return line + (f"  ({hit.via})" if hit.via else "")


def render_search(result: SearchResult) -> str:
    """The text `councilgraph search` prints: each hit's entities, then the field that matched, its
    sources and the snippet."""
    shown = len(result.hits)
    more = f"; the best {shown} shown (--limit)" if shown < result.total else ""
    lines = [f"{result.total} hit{'s' if result.total != 1 else ''} for {result.text!r}{more}", ""]
    width = len(str(shown))
    for number, hit in enumerate(result.hits, 1):
        what = TIERS[hit.rank] or hit.field
        sources = f" [{', '.join(hit.sources)}]" if hit.sources else ""
        lines.append(f"{number:>{width}}. {_owner_line(hit)}")
        lines.append(f"{'':>{width}}  {what}{sources}: {_one_line(hit.snippet)}")
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())
