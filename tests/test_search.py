"""`councilgraph search`: free-text search over names, aliases, descriptions, notes, ambiguities and quotes
(graph.query.search), answered from an index kept beside the project's store (graph.query.search_index).

Two graphs. A small one written here (TINY), whose every quote is a sentence of the 2012 action plans
(data/sources/000_3f87a8ba479eab18.txt, line 102: Wigan's bid for Creative Councils), so its whole output
can be compared. And a copy of the project's built graph, whose expectations come from the source texts:
each test names the line of data/sources/ it reads, and checks that the line says so.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli import cli
from graph.errors import NoMatches, SearchError
from graph.paths import PROJECT_ROOT, Paths
from graph.query import search_index
from graph.query.facts import StoreFacts
from graph.query.loading import load_export
from graph.query.project_store import ensure_store, open_facts
from graph.query.search import MAX_QUERY_CHARS, MAX_WORDS, search
from graph.query.search_index import words
from tests.conftest import TURTLE_PREFIXES

SOURCES = PROJECT_ROOT / "data" / "sources"


def source_line(source: str, phrase: str) -> int:
    """The line of the source text `source` (an id in data/sources/manifest.yaml) that holds `phrase`."""
    manifest = yaml.safe_load((SOURCES / "manifest.yaml").read_text(encoding="utf-8"))
    name = next(entry["file"] for entry in manifest if entry["id"] == source)
    lines = (SOURCES / name).read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, 1) if phrase in line]
    assert found, f"{phrase!r} is not in {name}"
    return found[0]


# Every quote here is from line 102 of the 2012 action plans, about Wigan.
TINY = (
    TURTLE_PREFIXES
    + """
source:cc-action-plans-2012 a cg:SourceDocument ; dcterms:identifier "cc-action-plans-2012" ;
    rdfs:label "Creative Councils Action Plans" .
council:wigan a cg:Council ; rdfs:label "Wigan Metropolitan Borough Council" ;
    skos:altLabel "Wigan", "Wigan Council", "WIGAN COUNCIL" ; cg:gssCode "E08000010" ;
    rdfs:comment "a comment is not searched" ; prov:wasDerivedFrom source:cc-action-plans-2012 ;
    cg:figure figure:shortfall .
initiative:wigan-community-credits a cg:Initiative ; rdfs:label "Wigan Community Credits" ;
    dcterms:description "A top-up allocation alongside personal budgets for adult social care in Wigan." ;
    skos:editorialNote "Named in quotation marks in the text." ;
    prov:wasDerivedFrom source:cc-action-plans-2012 ; cg:evidence evidence:credits .
place:scholes a cg:Place ; rdfs:label "Scholes" ; prov:wasDerivedFrom source:cc-action-plans-2012 ;
    cg:evidence evidence:scholes .
relation:lead a cg:Leadership, cg:Relation ; rdfs:label "Wigan Metropolitan Borough Council leads Wigan Community Credits" ;
    cg:relationFrom council:wigan ; cg:relationTo initiative:wigan-community-credits ;
    cg:ambiguity "The text says Wigan proposes the model; the credits are one of its components." ;
    prov:wasDerivedFrom source:cc-action-plans-2012 ; cg:evidence evidence:lead .
relation:located a cg:Siting, cg:Relation ; rdfs:label "Scholes is located in Wigan Metropolitan Borough Council" ;
    cg:relationFrom place:scholes ; cg:relationTo council:wigan ;
    prov:wasDerivedFrom source:cc-action-plans-2012 ; cg:evidence evidence:scholes .
figure:shortfall a cg:Figure ; rdfs:label "borough-wide shortfall in adult social care" ;
    prov:wasDerivedFrom source:cc-action-plans-2012 ; cg:evidence evidence:shortfall .

evidence:credits a cg:Evidence ; prov:hadPrimarySource source:cc-action-plans-2012 ;
    cg:quote "a top-up allocation of 'Wigan Community Credits' to kick-start the market" .
evidence:scholes a cg:Evidence ; prov:hadPrimarySource source:cc-action-plans-2012 ;
    cg:quote "one discrete area of Wigan called Scholes" .
evidence:lead a cg:Evidence ; prov:hadPrimarySource source:cc-action-plans-2012 ;
    cg:quote "Wigan proposes to create a new economic model for social care" .
evidence:shortfall a cg:Evidence ; prov:hadPrimarySource source:cc-action-plans-2012 ;
    cg:quote "likely to lead to a borough-wide shortfall of £10m within this service area alone" .
"""
)


def write_tiny(root: Path, extra: str = "") -> Path:
    (root / "exports").mkdir(parents=True, exist_ok=True)
    path = root / "exports" / "councilgraph.ttl"
    path.write_text(TINY + extra, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """A project whose built graph is TINY. Shared: tests must not change it."""
    root = tmp_path_factory.mktemp("tiny")
    write_tiny(root)
    return root


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Path:
    """A copy of the project's built graph, with a store of its own (the project's exports/ untouched)."""
    root = tmp_path_factory.mktemp("real")
    (root / "exports").mkdir()
    shutil.copy(PROJECT_ROOT / "exports" / "councilgraph.ttl", root / "exports")
    return root


def run(*args):
    result = CliRunner().invoke(cli, ["search", *(str(a) for a in args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def holds_the_words(hit, searched: list[str]) -> bool:
    """Whether `hit`'s text holds every word searched for as a word, the last perhaps as a word's start:
    the words were searched for as words, not read as FTS syntax."""
    found = words(hit.text)
    *whole, last = searched
    return all(w in found for w in whole) and any(w.startswith(last) for w in found)


# --- the small graph: whole outputs ----------------------------------------------------------------


def test_ranked_name_then_alias_then_description_then_quote(tiny):
    result = run("--root", tiny, "Wigan")
    assert result.exit_code == 0
    relation_lead = "  (relation: Wigan Metropolitan Borough Council leads Wigan Community Credits)"
    assert result.output == (
        "10 hits for 'Wigan'\n"
        "\n"
        # names starting with the words, by label
        " 1. Wigan Community Credits [initiative:wigan-community-credits]\n"
        "    name, starts with [cc-action-plans-2012]: «Wigan» Community Credits\n"
        " 2. Wigan Metropolitan Borough Council [council:wigan]\n"
        "    name, starts with [cc-action-plans-2012]: «Wigan» Metropolitan Borough Council\n"
        # aliases: the exact one first; "Wigan Council" and "WIGAN COUNCIL" read the same once folded: one hit
        " 3. Wigan Metropolitan Borough Council [council:wigan]\n"
        "    alias, exact [cc-action-plans-2012]: «Wigan»\n"
        " 4. Wigan Metropolitan Borough Council [council:wigan]\n"
        "    alias [cc-action-plans-2012]: «WIGAN» COUNCIL\n"
        # descriptions, notes and ambiguities; a relation's belongs to both its ends
        " 5. Wigan Community Credits [initiative:wigan-community-credits]\n"
        "    description [cc-action-plans-2012]: A top-up allocation alongside personal budgets for adult social care in «Wigan».\n"
        " 6. Wigan Metropolitan Borough Council [council:wigan] — Wigan Community Credits [initiative:wigan-community-credits]"
        + relation_lead
        + "\n"
        "    ambiguity [cc-action-plans-2012]: The text says «Wigan» proposes the model; the credits are one of its components.\n"
        # quotes, by the label then IRI of the first entity, then by what holds them
        " 7. Scholes [place:scholes]\n"
        "    quote [cc-action-plans-2012]: one discrete area of «Wigan» called Scholes\n"
        " 8. Scholes [place:scholes] — Wigan Metropolitan Borough Council [council:wigan]"
        "  (relation: Scholes is located in Wigan Metropolitan Borough Council)\n"
        "    quote [cc-action-plans-2012]: one discrete area of «Wigan» called Scholes\n"
        " 9. Wigan Community Credits [initiative:wigan-community-credits]\n"
        "    quote [cc-action-plans-2012]: a top-up allocation of '«Wigan» Community Credits' to kick-start the market\n"
        "10. Wigan Metropolitan Borough Council [council:wigan] — Wigan Community Credits [initiative:wigan-community-credits]"
        + relation_lead
        + "\n"
        "    quote [cc-action-plans-2012]: «Wigan» proposes to create a new economic model for social care\n"
    )


def test_a_figures_quote_belongs_to_the_entity_holding_it_and_the_limit_is_said(tiny):
    # line 102: "... is likely to lead to a borough-wide shortfall of £10m within this service area alone."
    assert source_line("cc-action-plans-2012", "a borough-wide shortfall of £10m") == 102
    result = run("--root", tiny, "borough-wide shortfall", "--limit", "1")
    assert result.exit_code == 0
    assert result.output == (
        "1 hit for 'borough-wide shortfall'\n"
        "\n"
        "1. Wigan Metropolitan Borough Council [council:wigan]  (figure: borough-wide shortfall in adult social care)\n"
        "   quote [cc-action-plans-2012]: likely to lead to a «borough-wide shortfall» of £10m within this service area alone\n"
    )
    more = run("--root", tiny, "Scholes", "--limit", "1")
    assert more.output.splitlines()[0] == "3 hits for 'Scholes'; the best 1 shown (--limit)"


def test_json_gives_every_hit_with_its_entities_field_and_sources(tiny):
    result = run("--root", tiny, "discrete area", "--json")
    assert result.exit_code == 0
    found = json.loads(result.output)
    assert (found["text"], found["words"], found["total"]) == ("discrete area", ["discrete", "area"], 2)
    assert [[e["iri"].rsplit("/", 2)[-2:] for e in hit["entities"]] for hit in found["hits"]] == [
        [["place", "scholes"]],
        [["place", "scholes"], ["council", "wigan"]],
    ]
    first = found["hits"][0]
    assert first == {
        "field": "quote",
        "rank": 6,
        "phrase": True,
        "snippet": "one «discrete area» of Wigan called Scholes",
        "text": "one discrete area of Wigan called Scholes",
        "entities": [{"iri": "https://w3id.org/councilgraph/id/place/scholes", "label": "Scholes"}],
        "via": "",
        "holder": "https://w3id.org/councilgraph/id/place/scholes",
        "sources": ["cc-action-plans-2012"],
    }


def test_only_the_listed_fields_are_searched(tiny):
    # a code, a comment, a class, a relation's label ("leads", "is located in"), a figure's label: none is
    # an entity's name, alias, description, note, ambiguity or quote
    for text in (
        "E08000010",
        "a comment is not searched",
        "Leadership",
        "leads",
        "is located in",
        "shortfall in adult",
    ):
        with pytest.raises(NoMatches):
            search(tiny, text)


def test_the_words_as_one_phrase_rank_before_the_words_apart_or_starting_longer_words(tmp_path):
    write_tiny(
        tmp_path,
        'initiative:apart a cg:Initiative ; rdfs:label "Model, a new one" .\n'
        'initiative:start a cg:Initiative ; rdfs:label "A new modelling approach" .\n'
        'initiative:phrase a cg:Initiative ; rdfs:label "The new model" .\n',
    )
    hits = search(tmp_path, "new model").hits
    assert [(h.text, h.rank, h.phrase) for h in hits if h.field == "name"] == [
        ("The new model", 2, True),
        ("A new modelling approach", 2, False),
        ("Model, a new one", 2, False),
    ]


# --- hostile input ----------------------------------------------------------------------------------

HOSTILE = [
    "NEAR(",
    "NEAR(Wigan Scholes, 2)",
    '"',
    '"Scholes',
    'Scholes"',
    "*",
    "Scholes*",
    "Wig*",
    "-",
    "-Scholes",
    "+",
    "^Scholes",
    "(",
    ")",
    "Scholes OR Wigan",
    "NOT Scholes",
    "Scholes AND",
    "body:Scholes",
    "{body}: Scholes",
    "'; DROP TABLE hits; --",
    "\x00",
    "Scholes\x00",
    "Sch\x00oles",
    "\udcff",
    "Scholes\udcff",
    "",
    " ",
    "\t\n",
]


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t) for t in HOSTILE])
def test_hostile_text_is_searched_as_words_never_as_syntax(tiny, text):
    searched = words(text)
    if not searched:
        with pytest.raises(SearchError, match="nothing to search for"):
            search(tiny, text)
    else:
        try:
            result = search(tiny, text)
        except NoMatches:
            pass
        else:
            assert result.words == searched
            assert all(holds_the_words(hit, searched) for hit in result.hits)
    result = run("--root", tiny, "--", text)  # `--`: a text may start with a minus sign
    assert result.exit_code in (0, 1, 2)
    assert (result.exit_code == 2) == (not searched), result.output
    assert "Traceback" not in result.output
    assert search(tiny, "Scholes").total == 3  # the index is as it was


def test_operators_are_plain_words(tiny):
    # "OR" would widen the search and "NOT" narrow it: as words, neither occurs in the graph
    for text in ("Scholes OR Wigan", "NOT Scholes", "NEAR(Wigan Scholes, 2)"):
        with pytest.raises(NoMatches):
            search(tiny, text)
    # a star, quotes and a minus sign are not words: what is left is searched
    assert [h.text for h in search(tiny, '"Scholes*').hits][:1] == ["Scholes"]
    assert search(tiny, "-Scholes").total == search(tiny, "Scholes").total == 3


def test_long_texts_and_limits_are_refused_with_a_reason(tiny):
    with pytest.raises(SearchError, match=f"10000 characters long; at most {MAX_QUERY_CHARS}"):
        search(tiny, "a" * 10_000)
    with pytest.raises(SearchError, match=f"has {MAX_WORDS + 1} words; at most {MAX_WORDS}"):
        search(tiny, "Scholes " * (MAX_WORDS + 1))
    for limit in (0, 1001):
        with pytest.raises(SearchError, match="--limit must be between 1 and 1000"):
            search(tiny, "Scholes", limit=limit)
    assert len(search(tiny, "Wigan", limit=1000).hits) == 10
    result = run("--root", tiny, "a" * 10_000)
    assert (result.exit_code, result.output) == (
        2,
        "Error: the search text is 10000 characters long; at most 1000 are taken: search for a few distinctive "
        "words instead\n",
    )
    assert run("--root", tiny, "Scholes", "--limit", "1001").exit_code == 2
    assert run("--root", tiny, "Scholes", "--limit", "0").exit_code == 2


def test_undecodable_bytes_on_the_command_line_are_printable(tiny):
    # Python hands undecodable bytes of argv over as lone surrogates: printed, they would fail to encode
    found = json.loads(run("--root", tiny, "Scholes\udcff", "--json").output)
    assert (found["text"], found["words"], found["total"]) == ("Scholes\ufffd", ["scholes"], 3)


def test_no_hits_is_a_negative_answer(tiny):
    result = run("--root", tiny, "Sch\x00oles")
    assert (result.exit_code, result.output) == (
        1,
        "Error: Nothing matches 'sch oles': no name, alias, description, note, ambiguity or quote holds all of "
        "these words. Try fewer words, or the start of a word.\n",
    )
    assert run("--root", tiny, "   ").output == (
        "Error: nothing to search for: the text has no letters or digits; give a word or a name, "
        "e.g. `councilgraph search GeniUS`\n"
    )


TRICKY = ["Straße", "Café crème", "£10m", "co-operative", "Council’s", "ﬁnance", "İstanbul", "naïve", "ÆSIR Øresund"]
TRICKY += ["x² ½", "١٢٣", "日本語 テキスト", "e\u0301te", "a_b", "Ａｂｃ", "GeniUS!", '"Shaped by Us"', "NEAR(a b)"]


def test_a_querys_words_are_the_words_the_index_holds():
    """`words` splits and folds text as the index's tokenizer does, so every word searched for is one the
    index can hold (read back from FTS5's own vocabulary of the same texts)."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize='{search_index.TOKENIZER}')")
    db.executemany("INSERT INTO t (rowid, body) VALUES (?, ?)", enumerate(TRICKY, 1))
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    held: dict[int, list[str]] = {}
    for term, row, _, _ in db.execute("SELECT term, doc, col, offset FROM v ORDER BY doc, offset"):
        held.setdefault(row, []).append(term)
    assert [words(text) for text in TRICKY] == [held.get(row, []) for row in range(1, len(TRICKY) + 1)]


# --- the index: made once per version of the store --------------------------------------------------


def test_the_index_is_made_once_per_store_version_and_again_when_the_store_changes(tmp_path, monkeypatch):
    graph_file = write_tiny(tmp_path)
    made = []
    build = search_index.build_index
    monkeypatch.setattr(
        search_index, "build_index", lambda db, facts, version: made.append(version) or build(db, facts, version)
    )
    assert search(tmp_path, "Scholes").total == 3
    index = ensure_store(Paths(tmp_path)) / "cache" / search_index.INDEX_FILE
    assert index.is_file() and len(made) == 1
    # the next search reads the index only: not the graph
    monkeypatch.setattr(StoreFacts, "select_text", lambda *_: pytest.fail("the graph was read again"))
    assert search(tmp_path, "Scholes").total == 3
    assert search(tmp_path, "Wigan").total == 10
    os.utime(graph_file, ns=(1, 1))  # touched, not changed: the store and its index stand
    assert search(tmp_path, "Scholes").total == 3
    assert len(made) == 1
    monkeypatch.undo()
    monkeypatch.setattr(
        search_index, "build_index", lambda db, facts, version: made.append(version) or build(db, facts, version)
    )
    write_tiny(tmp_path, 'place:pemberton a cg:Place ; rdfs:label "Scholes and Pemberton" .\n')
    assert search(tmp_path, "Pemberton").hits[0].text == "Scholes and Pemberton"  # the store is made again
    assert search(tmp_path, "Scholes").total == 4
    assert len(made) == 2 and made[0] != made[1]


def test_an_index_of_another_version_or_format_is_made_again(tmp_path):
    write_tiny(tmp_path)
    search(tmp_path, "Scholes")
    index = ensure_store(Paths(tmp_path)) / "cache" / search_index.INDEX_FILE
    for key, value in (("version", "another"), ("format", "0")):
        db = sqlite3.connect(index)
        db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
        db.execute("DELETE FROM hits")
        db.commit()
        db.close()
        assert search(tmp_path, "Scholes").total == 3
    index.write_bytes(b"not a database")
    assert search(tmp_path, "Scholes").total == 3
    assert sorted(p.name for p in index.parent.iterdir()) == ["search.sqlite", "search.sqlite.lock"]


def test_without_a_place_to_keep_it_the_index_is_made_in_memory(tmp_path, monkeypatch):
    write_tiny(tmp_path)

    def cannot_write(*_):
        raise OSError("read-only file system")

    monkeypatch.setattr(search_index, "_kept", cannot_write)
    assert search(tmp_path, "Scholes").total == 3
    assert not (ensure_store(Paths(tmp_path)) / "cache").exists()


# --- the project's graph: expectations from the source texts ----------------------------------------


def test_genius_finds_yorks_open_innovation_platform_first_by_its_name(real):
    # cc-action-plans-2012, line 102: 'York has launched an open innovation platform called "GeniUS" which
    # allows the council to post challenges and encourages citizens to post solutions.'
    assert source_line("cc-action-plans-2012", 'York has launched an open innovation platform called "GeniUS"') == 102
    facts = open_facts(Paths(real))
    york, genius = str(facts.find("York")), str(facts.find("GeniUS"))
    result = search(real, "GeniUS")
    first = result.hits[0]
    assert (first.field, first.rank, first.text, [e.iri for e in first.entities]) == ("name", 0, "GeniUS", [genius])
    # the sentence says York launched it: a quote of it belongs to both
    quoted = [h for h in result.hits if h.field == "quote" and 'platform called "GeniUS"' in h.text]
    assert any({york, genius} <= {e.iri for e in h.entities} for h in quoted)
    assert all(h.sources == ["cc-action-plans-2012"] for h in quoted)


def test_a_phrase_only_quoted_names_the_entity_the_sentence_is_about(real):
    # ccin-taskforce-submission, line 530: "Our open innovation platform, GeniUS!, developed with support from
    # NESTA, allows residents to come together to discuss the challenges the city faces."
    assert (
        source_line("ccin-taskforce-submission", "allows residents to come together to discuss the challenges") == 530
    )
    genius = str(open_facts(Paths(real)).find("GeniUS"))
    hits = search(real, "come together to discuss").hits
    assert hits[0].field == "quote" and hits[0].phrase
    assert "«come together to discuss»" in hits[0].snippet
    about = [h for h in hits if "GeniUS!" in h.text]
    assert about and all(genius in {e.iri for e in h.entities} for h in about)
    assert {s for h in about for s in h.sources} == {"ccin-taskforce-submission"}


def test_a_relations_quote_names_both_ends(real):
    # cc-action-plans-2012, line 102: "Wigan proposes to create a new economic model for social care ... They
    # wish to prototype the work in one discrete area of Wigan called Scholes"
    assert source_line("cc-action-plans-2012", "one discrete area of Wigan called Scholes") == 102
    facts = open_facts(Paths(real))
    wigan, scholes = str(facts.find("Wigan")), str(facts.find("Scholes"))
    hits = search(real, "discrete area of Wigan called Scholes").hits
    assert all(h.field == "quote" for h in hits)
    ends = [h for h in hits if h.via.startswith("relation: ")]
    assert any([e.iri for e in h.entities] == [scholes, wigan] for h in ends)  # Scholes lies in Wigan


def test_ranks_never_go_back_and_ties_follow_the_label_then_iri(real):
    for text in ("GeniUS", "Wigan", "co-op", "York"):
        hits = search(real, text, limit=1000).hits
        keys = [(h.rank, not h.phrase, h.entities[0].label, h.entities[0].iri) for h in hits]
        assert keys == sorted(keys), text
        assert search(real, text, limit=1000).hits == hits  # the same every time


def test_the_store_answers_as_the_graph_itself(real):
    """The index kept beside the store (the fast path) agrees with one made in memory from the exports
    loaded into rdflib (the reference)."""
    graph = load_export(Paths(real))
    for text in ("community credits", "co-op"):
        assert search(graph, text, limit=1000) == search(real, text, limit=1000), text


def test_the_command_on_the_project(real):
    result = run("--root", real, "GeniUS", "--limit", "1")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].endswith("hits for 'GeniUS'; the best 1 shown (--limit)")
    assert lines[2:] == ["1. GeniUS [initiative:genius]", lines[3]]
    assert lines[3].startswith("   name, exact [") and lines[3].endswith("]: «GeniUS»")
