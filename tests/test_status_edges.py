"""The graph says what the documents say on the direct edges too: a status decides the direct property of a
participation, a membership list is a dated snapshot, and one fact is one relation node.

Expectations come from the source texts: the lists of councils are those typed from the documents in
tests/test_query_library.py (each cited there), and the counts and phrases here are read from the texts
in data/sources/ by the tests themselves.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from cli import cli
from graph.errors import DataErrors
from graph.ingest.councils import OVERRIDES_FILE, load_reference
from graph.paths import PROJECT_ROOT
from tests.conftest import select
from tests.test_query_library import AFFILIATES_2020, ASSOCIATES_2020, FULL_2020, PHASE_1, PHASE_2, TASKFORCE

ID = "https://w3id.org/councilgraph/id/"
PHASE_2_IRI = f"{ID}phase/creative-councils-phase-2"
CCIN = f"{ID}network/ccin"
SOURCES = PROJECT_ROOT / "data" / "sources"


def text(prefix: str) -> str:
    (found,) = SOURCES.glob(f"{prefix}_*.txt")
    return found.read_text(encoding="utf-8")


def iri(key: str) -> str:
    """council:wigan -> the council's IRI; organisation:x and localcouncil:x likewise."""
    kind, _, slug = key.partition(":")
    return f"{ID}{kind}/{slug}"


def direct(kg, prop: str, target: str) -> set[str]:
    return {row[0] for row in select(kg, f"SELECT ?s WHERE {{ ?s {prop} <{target}> }}")}


# cc-action-plans-2012 (000): "However they decided not to make a submission to phase 2" closes the
# paragraphs of Leicester and Rossendale; every other council of the pool bid.
def test_the_texts_name_two_councils_that_did_not_bid_and_one_that_withdrew():
    plans = text("000")
    assert plans.count("decided not to make a submission to phase 2") == 2
    assert "It withdrew from the programme in April 2013" in text("001")


DID_NOT_SUBMIT = {"council:leicester", "council:rossendale"}
APPLIED = set(PHASE_1) - DID_NOT_SUBMIT


def test_phase_2_participants_on_the_direct_edge_are_the_six_selected(kg):
    # cc-update-2013 §2: "Six Creative Councils from an initial pool of seventeen in Phase 1 were selected"
    assert direct(kg, "cg:participatesIn", PHASE_2_IRI) == {iri(c) for c in PHASE_2}


def test_each_other_status_has_its_own_direct_property(kg):
    assert direct(kg, "cg:didNotSubmitTo", PHASE_2_IRI) == {iri(c) for c in DID_NOT_SUBMIT}
    assert direct(kg, "cg:withdrewFrom", PHASE_2_IRI) == {iri("council:cornwall")}
    assert direct(kg, "cg:appliedTo", PHASE_2_IRI) == {iri(c) for c in APPLIED}
    assert len(APPLIED) == 15


def test_not_selected_is_inferred_from_the_update_with_a_note(kg):
    rows = select(
        kg,
        """SELECT ?c ?note ?quote WHERE {
             ?r a cg:Participation ; cg:relationFrom ?c ; cg:relationTo ?phase ;
                cg:status/rdfs:label "not-selected" ; skos:editorialNote ?note ; cg:evidence/cg:quote ?quote }""",
        phase=URIRef(PHASE_2_IRI),
    )
    # the nine councils that bid (May 2012) and are not among the six the September 2013 update names
    assert {r[0] for r in rows} == {iri(c) for c in APPLIED - set(PHASE_2)} and len(rows) == 9
    assert all(note.startswith("Inferred, not stated") for _, note, _ in rows)
    quote = "Six Creative Councils from an initial pool of seventeen in Phase 1 were selected"
    assert {q for _, _, q in rows} == {q for _, _, q in rows if quote in q} and quote in text("001")
    assert direct(kg, "cg:notSelectedFor", PHASE_2_IRI) == {iri(c) for c in APPLIED - set(PHASE_2)}


def test_show_reads_the_status(kg):
    out = CliRunner().invoke(cli, ["show", "Cornwall"]).output
    assert "withdrew from Creative Councils Phase 2" in out
    out = CliRunner().invoke(cli, ["show", "Leicester"]).output
    assert "did not submit a bid to Creative Councils Phase 2" in out
    assert "participates in Creative Councils Phase 2" not in out


# --- membership snapshots --------------------------------------------------------------------------------


def test_current_ccin_members_on_the_direct_edge_are_the_2020_list(kg):
    current = {iri(k) for k in (*FULL_2020, *ASSOCIATES_2020, *AFFILIATES_2020)}
    assert direct(kg, "org:memberOf", CCIN) == current and len(current) == 69
    # listed c. 2014 only: not current members
    for gone in ("council:city-of-edinburgh", "council:liverpool", "council:newcastle-under-lyme", "council:norwich"):
        assert iri(gone) not in current and iri(gone) in direct(kg, "^cg:relationFrom/cg:relationTo", CCIN)
    assert iri("council:york") not in direct(kg, "org:memberOf", CCIN)


def test_every_membership_has_a_machine_readable_date(kg):
    rows = select(
        kg,
        """SELECT ?m (GROUP_CONCAT(STR(?d)) AS ?dates) (SAMPLE(DATATYPE(?d)) AS ?type) WHERE {
             ?m a cg:NetworkMembership . OPTIONAL { ?m cg:asAt ?d } } GROUP BY ?m""",
    )
    assert rows and {dates for _, dates, _ in rows} == {"2014", "2020-05-01"}
    by_date = {dates: str(dtype).rsplit("#", 1)[-1] for _, dates, dtype in rows}
    assert by_date == {"2014": "gYear", "2020-05-01": "date"}
    counted = {dates: sum(1 for _, d, _ in rows if d == dates) for dates in by_date}
    assert counted == {
        "2014": len(TASKFORCE),
        "2020-05-01": len(FULL_2020) + len(ASSOCIATES_2020) + len(AFFILIATES_2020),
    }


# --- one fact, one node ------------------------------------------------------------------------------------


def test_no_two_relation_nodes_state_the_same_fact(kg):
    rows = select(
        kg,
        """SELECT ?type ?from ?to ?status ?asAt ?tier ?amount (COUNT(DISTINCT ?r) AS ?n) WHERE {
             ?r a cg:Relation, ?type ; cg:relationFrom ?from ; cg:relationTo ?to .
             FILTER(?type != cg:Relation && STRSTARTS(STR(?type), STR(cg:)))
             OPTIONAL { ?r cg:status ?status } OPTIONAL { ?r cg:asAt ?asAt }
             OPTIONAL { ?r cg:tier ?tier } OPTIONAL { ?r schema:amount ?amount }
           } GROUP BY ?type ?from ?to ?status ?asAt ?tier ?amount HAVING (COUNT(DISTINCT ?r) > 1)""",
    )
    assert rows == []


def test_a_fact_stated_by_several_documents_is_one_node_with_all_their_quotes(kg):
    # York's GeniUS is named in the action plans (000) and the CCIN submission (004)
    assert "GeniUS" in text("000") and "GeniUS" in text("004")
    rows = select(
        kg,
        """SELECT ?r ?source ?quote WHERE {
             ?r a cg:Leadership ; cg:relationFrom ?york ; cg:relationTo ?genius ;
                cg:evidence [ cg:quote ?quote ; prov:hadPrimarySource/dcterms:identifier ?source ] }""",
        york=URIRef(iri("council:york")),
        genius=URIRef(f"{ID}initiative/genius"),
    )
    assert len({r for r, _, _ in rows}) == 1
    assert {s for _, s, _ in rows} >= {"cc-action-plans-2012", "ccin-taskforce-submission"}
    files = {"cc-action-plans-2012": "000", "ccin-taskforce-submission": "004", "cc-update-2013": "001"}
    for _, source, quote in rows:
        flat = " ".join(quote.split())
        assert flat in " ".join(text(files[source]).split())


# --- the register, corrected ---------------------------------------------------------------------------


def test_derbyshire_is_in_the_east_midlands(kg):
    # the register puts Derbyshire County Council in the West Midlands and all its districts in the East
    # Midlands; data/reference/overrides.csv corrects it
    rows = select(kg, "SELECT ?region WHERE { ?c cg:gssCode 'E10000007' ; cg:region ?region }")
    assert rows == [("East Midlands",)]


@pytest.fixture
def reference_copy(tmp_path) -> Path:
    copy = tmp_path / "reference"
    shutil.copytree(PROJECT_ROOT / "data" / "reference", copy)
    return copy


@pytest.mark.parametrize(
    "row, message",
    [
        ("DBY,region,North West,East Midlands,why", "DBY region is 'West Midlands' in the register, not 'North West'"),
        ("ZZZ,region,West Midlands,East Midlands,why", "unknown local-authority-code 'ZZZ'"),
        ("DBY,gss-code,E10000007,E1,why", "field 'gss-code' cannot be corrected"),
        ("DBY,region,West Midlands,East Midlands,", "each row needs the five columns, with a reason"),
    ],
)
def test_a_wrong_correction_is_an_error_at_its_line(reference_copy, row, message):
    path = reference_copy / OVERRIDES_FILE
    path.write_text("local-authority-code,field,was,now,reason\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_reference(reference_copy, {})
    assert f"{path}:2: {message}" in str(caught.value)


def test_a_correction_applies_to_the_loaded_register(reference_copy):
    reference = load_reference(reference_copy, {})
    assert reference.resolve("Derbyshire", "2012-05-15").region == "East Midlands"
    (reference_copy / OVERRIDES_FILE).unlink()
    assert load_reference(reference_copy, {}).resolve("Derbyshire", "2012-05-15").region == "West Midlands"
