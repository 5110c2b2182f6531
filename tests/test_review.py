"""`councilgraph review ID` (issue #17): a draft written by `councilgraph ingest` is reviewed into curated data,
and until then `validate` refuses it. The project here is made up: one short source text about a garden project
in Wigan, a registry naming Nesta, a file already declaring the Scholes Growing Trust, and a hand-written draft.
Every expected block comes from that text."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli import cli
from graph.errors import DataErrors
from graph.ingest.assistant.relations import status_of_trigger
from graph.ingest.assistant.review import load_draft
from graph.ingest.assistant.review_files import add_blocks
from graph.ingest.assistant.review_leads import ACCEPT_ALL_NOTE, GIVEN_NOTE, NOT_STATED_NOTE
from graph.ingest.dataset import load_dataset
from graph.paths import Paths

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "green-report-2024"
DRAFT = f"data/curated/{SOURCE}.draft.yaml"
CURATED = f"data/curated/{SOURCE}.yaml"

TEXT = """Green Futures in Wigan: a made-up report for the tests of councilgraph review.

Wigan Council runs Green Scholes, a community garden project in Scholes.
The Scholes Growing Trust looks after the garden beds with the council.
Green Scholes was funded by Nesta in 2023.
Scholes Growing helps run the weekly market.
Acme Widgets Ltd sold the council some spades.
The Orchard Fellowship Trust supported Green Scholes with volunteers.
Newcastle also asked about the project.
"""

MANIFEST = f"""
- id: {SOURCE}
  file: green.txt
  title: Green Futures in Wigan
  publisher: Made up for the tests
  date: 2024
  date_note: Made up.
  licence: Made up for the tests.
"""

REGISTRY = """
entities:
  - id: org/nesta
    type: Organisation
    name: Nesta
    kind: charity
"""

PARTNERS = f"""
source: {SOURCE}
entities:
  - id: org/nesta
    quote: "Green Scholes was funded by Nesta in 2023."
  - id: org/scholes-growing-trust
    type: Organisation
    kind: trust
    name: Scholes Growing Trust
    quote: "The Scholes Growing Trust looks after the garden beds"
"""

DRAFT_TEXT = f"""
# Draft written by councilgraph ingest: review it with `councilgraph review {SOURCE}`
source: {SOURCE}
draft: {{tool: councilgraph ingest, version: "0.1"}}
councils:          # found, for the reviewer; not facts themselves
  - council: "council:Wigan"
    mentions: 2
    quote: "Wigan Council runs Green Scholes, a community garden project in Scholes."
ambiguous:
  - text: "Newcastle"
    candidates: ["council:Newcastle upon Tyne", "council:Newcastle-under-Lyme"]
    quote: "Newcastle also asked about the project."
entities:
  - id: initiative/green-scholes
    type: Initiative
    name: Green Scholes
    quote: "Wigan Council runs Green Scholes, a community garden project in Scholes."
    status: proposed
    confidence: 0.9
    rule: "named as a project"
  - id: org/acme-widgets
    type: Organisation
    kind: company            # optional
    name: Acme Widgets Ltd
    quote: "Acme Widgets Ltd sold the council some spades."
    status: proposed
    confidence: 0.4
    rule: "ends with Ltd"
  - id: org/scholes-growing
    type: Organisation
    kind: community-group
    name: Scholes Growing
    quote: "Scholes Growing helps run the weekly market."
    status: proposed
    confidence: 0.7
    rule: "capitalised words"
    similar: ["org/scholes-growing-trust"]
  - id: org/orchard-fellowship-trust
    type: Organisation
    kind: trust
    name: Orchard Fellowship Trust
    quote: "The Orchard Fellowship Trust supported Green Scholes with volunteers."
    status: proposed
    confidence: 0.8
    rule: "ends with Trust"
  - id: org/nesta
    status: known
    mentions: 1
    quote: "Green Scholes was funded by Nesta in 2023."
relations:
  - type: leads
    from: "council:Wigan"
    to: initiative/green-scholes
    quote: "Wigan Council runs Green Scholes"
    status: proposed
    confidence: 0.6
    trigger: "runs"
  - type: funds
    from: org/nesta
    to: initiative/green-scholes
    quote: "Green Scholes was funded by Nesta in 2023."
    status: proposed
    confidence: 0.5
    trigger: "funded"
  - type: supports
    from: org/scholes-growing
    to: "council:Wigan"
    quote: "The Scholes Growing Trust looks after the garden beds with the council."
    status: proposed
    confidence: 0.5
    trigger: "with"
  - type: supports
    from: org/acme-widgets
    to: "council:Wigan"
    quote: "Acme Widgets Ltd sold the council some spades."
    status: proposed
    confidence: 0.3
    trigger: "sold"
  - type: supports
    from: org/orchard-fellowship-trust
    to: initiative/green-scholes
    quote: "The Orchard Fellowship Trust supported Green Scholes with volunteers."
    status: proposed
    confidence: 0.7
    trigger: "supported"
"""

GREEN_SCHOLES = {
    "id": "initiative/green-scholes",
    "type": "Initiative",
    "name": "Green Scholes",
    "quote": "Wigan Council runs Green Scholes, a community garden project in Scholes.",
}
ORCHARD = {
    "id": "org/orchard-fellowship-trust",
    "type": "Organisation",
    "kind": "trust",
    "name": "Orchard Fellowship Trust",
    "quote": "The Orchard Fellowship Trust supported Green Scholes with volunteers.",
}
LEADS = {
    "type": "leads",
    "from": "council:Wigan",
    "to": "initiative/green-scholes",
    "quote": "Wigan Council runs Green Scholes",
}
FUNDS = {
    "type": "funds",
    "from": "org/nesta",
    "to": "initiative/green-scholes",
    "quote": "Green Scholes was funded by Nesta in 2023.",
}
ORCHARD_SUPPORTS = {
    "type": "supports",
    "from": "org/orchard-fellowship-trust",
    "to": "initiative/green-scholes",
    "quote": "The Orchard Fellowship Trust supported Green Scholes with volunteers.",
}
ACME_DROPPED = (
    "dropped relation supports org/acme-widgets -> council:Wigan: org/acme-widgets was rejected"  # its one end
)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    """The made-up project: the real council reference and ontology, a source text of its own and a draft."""
    for part in ("data/reference", "ontology"):
        shutil.copytree(ROOT / part, tmp_path / part)
    _write(tmp_path / "data" / "sources" / "green.txt", TEXT)
    _write(tmp_path / "data" / "sources" / "manifest.yaml", MANIFEST)
    (tmp_path / "data" / "curated").mkdir()
    shutil.copy(ROOT / "data" / "curated" / "council_aliases.yaml", tmp_path / "data" / "curated")
    _write(tmp_path / "data" / "curated" / "registry.yaml", REGISTRY)
    _write(tmp_path / "data" / "curated" / "green-partners.yaml", PARTNERS)
    _write(tmp_path / DRAFT, DRAFT_TEXT)
    return tmp_path


def run(project: Path, *args: str, answers: list[str] | None = None):
    text = "".join(f"{a}\n" for a in answers) if answers is not None else None
    return CliRunner().invoke(cli, [*args, "--root", str(project)], input=text)


def curated(project: Path) -> dict:
    return yaml.safe_load((project / CURATED).read_text(encoding="utf-8"))


def test_the_project_loads_without_the_draft(project):
    (project / DRAFT).unlink()
    assert sorted(load_dataset(Paths(project)).curated.entities) == ["org/nesta", "org/scholes-growing-trust"]


def test_validate_refuses_a_draft_and_reads_nothing_of_it(project):
    message = (
        f"{DRAFT}:1: {SOURCE}.draft.yaml is a draft written by `councilgraph ingest`: "
        f"review it with `councilgraph review {SOURCE}` (or delete it)"
    )
    with pytest.raises(DataErrors) as info:
        load_dataset(Paths(project))
    assert [str(e) for e in info.value.errors] == [message]  # one error: none of the draft's blocks is read
    result = run(project, "validate")
    assert result.exit_code == 2
    assert message in result.output
    (project / DRAFT).write_text("entities: [unclosed\n", encoding="utf-8")  # not read, so not parsed either
    with pytest.raises(DataErrors) as info:
        load_dataset(Paths(project))
    assert [str(e) for e in info.value.errors] == [message]


def test_a_review_writes_what_is_accepted_and_removes_the_draft(project):
    answers = [
        "a",  # initiative/green-scholes
        "r",  # org/acme-widgets
        "m",  # org/scholes-growing is the Scholes Growing Trust the project has
        "org/scholes-growing-trust",
        "a",  # org/orchard-fellowship-trust
        "a",  # leads council:Wigan -> initiative/green-scholes
        "a",  # funds org/nesta -> initiative/green-scholes
        "a",  # supports org/scholes-growing-trust (merged) -> council:Wigan
        "r",  # supports org/orchard-fellowship-trust -> initiative/green-scholes
        "c",  # Newcastle: none of them
        "0",
    ]
    result = run(project, "review", SOURCE, answers=answers)
    assert result.exit_code == 0, result.output
    assert "relation supports: org/scholes-growing-trust (Scholes Growing Trust) -> council:Wigan" in result.output
    assert "similar ids: org/scholes-growing-trust" in result.output
    assert "  1. council:Newcastle upon Tyne\n  2. council:Newcastle-under-Lyme\n  0. none of them" in result.output
    assert result.output.endswith(
        f"{ACME_DROPPED}\nwrote {CURATED}\nremoved {DRAFT}: nothing is left to review\n"
        "accepted 5, rejected 2, merged 1, chosen 1, dropped 1; left 0\n"
    )
    assert curated(project) == {
        "source": SOURCE,
        "entities": [
            GREEN_SCHOLES,
            {  # the merged proposal: a block for the existing id, with the proposal's quote
                "id": "org/scholes-growing-trust",
                "type": "Organisation",
                "kind": "trust",
                "name": "Scholes Growing Trust",
                "quote": "Scholes Growing helps run the weekly market.",
            },
            ORCHARD,
            {"id": "org/nesta", "quote": "Green Scholes was funded by Nesta in 2023."},  # in the registry: id alone
        ],
        "relations": [
            LEADS,
            FUNDS,
            {
                "type": "supports",
                "from": "org/scholes-growing-trust",
                "to": "council:Wigan",
                "quote": "The Scholes Growing Trust looks after the garden beds with the council.",
            },
        ],
    }
    assert not (project / DRAFT).exists()
    result = run(project, "validate")
    assert result.exit_code == 0, result.output


def test_quitting_keeps_the_undecided_in_the_draft_and_a_second_review_goes_on(project):
    result = run(project, "review", SOURCE, answers=["a", "r", "q"])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        f"{ACME_DROPPED}\n"
        "kept supports org/scholes-growing -> council:Wigan in the draft: it waits for org/scholes-growing\n"
        "kept supports org/orchard-fellowship-trust -> initiative/green-scholes in the draft: it waits for "
        "org/orchard-fellowship-trust\n"
        f"wrote {CURATED}\nkept 7 undecided in {DRAFT}: `councilgraph review {SOURCE}` goes on\n"
        "accepted 1, rejected 1, merged 0, chosen 0, dropped 1; left 7\n"
    )
    assert curated(project) == {"source": SOURCE, "entities": [GREEN_SCHOLES]}
    draft = load_draft(Paths(project), SOURCE)
    assert [i.fields["id"] for i in draft.entities] == [
        "org/scholes-growing",
        "org/orchard-fellowship-trust",
        "org/nesta",
    ]
    assert [i.label() for i in draft.relations] == [
        "leads council:Wigan -> initiative/green-scholes",
        "funds org/nesta -> initiative/green-scholes",
        "supports org/scholes-growing -> council:Wigan",
        "supports org/orchard-fellowship-trust -> initiative/green-scholes",
    ]
    assert [i.fields["text"] for i in draft.ambiguous] == ["Newcastle"]
    assert draft.entities[0].meta == {  # what only a draft says is kept while it is undecided
        "status": "proposed",
        "confidence": 0.7,
        "rule": "capitalised words",
        "similar": ["org/scholes-growing-trust"],
    }

    result = run(project, "review", SOURCE, "--accept-all")  # the rest, added to the file the first review wrote
    assert result.exit_code == 0, result.output
    assert "accepted 6, rejected 0, merged 0, chosen 0, dropped 0; left 1" in result.output
    blocks = curated(project)
    assert [b["id"] for b in blocks["entities"]] == [
        "initiative/green-scholes",
        "org/scholes-growing",
        "org/orchard-fellowship-trust",
        "org/nesta",
    ]
    assert blocks["relations"][:2] == [LEADS, FUNDS]
    assert [i.fields["text"] for i in load_draft(Paths(project), SOURCE).ambiguous] == ["Newcastle"]  # never guessed


def test_accept_all_takes_only_what_is_confident_enough(project):
    result = run(project, "review", SOURCE, "--accept-all", "--min-confidence", "0.6")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "kept supports org/acme-widgets -> council:Wigan in the draft: it waits for org/acme-widgets\n"
        f"wrote {CURATED}\nkept 5 undecided in {DRAFT}: `councilgraph review {SOURCE}` goes on\n"
        "accepted 5, rejected 0, merged 0, chosen 0, dropped 0; left 5\n"
    )
    blocks = curated(project)
    assert [b["id"] for b in blocks["entities"]] == [  # 0.9, 0.7 and 0.8; not Acme (0.4)
        "initiative/green-scholes",
        "org/scholes-growing",
        "org/orchard-fellowship-trust",
    ]
    assert blocks["relations"] == [LEADS, ORCHARD_SUPPORTS]  # 0.6 and 0.7; not those of 0.5 or 0.3
    draft = load_draft(Paths(project), SOURCE)
    assert [i.fields["id"] for i in draft.entities] == ["org/acme-widgets", "org/nesta"]
    assert [i.meta["confidence"] for i in draft.relations] == [0.5, 0.5, 0.3]
    assert len(draft.ambiguous) == 1


def test_min_confidence_needs_accept_all(project):
    result = run(project, "review", SOURCE, "--min-confidence", "0.6")
    assert result.exit_code == 2
    assert "--min-confidence applies to --accept-all only" in result.output


def test_editing_a_type_renames_the_id_and_the_relations_that_name_it(project):
    # the Orchard Fellowship Trust read as a programme instead: its id follows, and so does its relation
    answers = ["s", "s", "s", "e", "Programme", "a", "s", "s", "s", "r", "s"]
    result = run(project, "review", SOURCE, answers=answers)
    assert result.exit_code == 0, result.output
    programme = {"id": "programme/orchard-fellowship-trust", "type": "Programme", "name": "Orchard Fellowship Trust"}
    assert curated(project)["entities"] == [{**programme, "quote": ORCHARD["quote"]}]
    assert "relations" not in curated(project)
    assert "dropped relation" not in result.output  # the relation was rejected itself, not for its end


@pytest.mark.parametrize(
    "old, new, at, message",
    [
        ("  - id: org/nesta\n", "  - id: org/nesta\n   status: known\n", "   status: known", "not valid YAML"),
        (
            "    status: proposed\n    confidence: 0.4\n",
            "    status: maybe\n    confidence: 0.4\n",
            "  - id: org/acme-widgets",
            "entity 'org/acme-widgets': status 'maybe' is not one of proposed, known",
        ),
        ('    trigger: "runs"\n', '    trigger: "runs"\n    weight: 3\n', "  - type: leads", "unknown field(s) weight"),
        (
            "    confidence: 0.9\n",
            "    confidence: high\n",
            "  - id: initiative/green-scholes",
            "confidence 'high' is not a number",
        ),
    ],
)
def test_a_malformed_draft_is_an_error_at_its_line_and_nothing_is_written(project, old, new, at, message):
    text = (project / DRAFT).read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    (project / DRAFT).write_text(text, encoding="utf-8")
    line = text.splitlines().index(at) + 1
    result = run(project, "review", SOURCE, answers=["a"] * 20)
    assert result.exit_code == 2
    assert f"{DRAFT}:{line}: " in result.output
    assert message in result.output
    assert (project / DRAFT).read_text(encoding="utf-8") == text
    assert not (project / CURATED).exists()


def test_a_review_whose_result_would_not_load_writes_nothing(project):
    text = (project / DRAFT).read_text(encoding="utf-8")
    (project / DRAFT).write_text(text.replace('Wigan Council runs Green Scholes"', 'Wigan runs Green Scholes"'))
    before = (project / DRAFT).read_bytes()
    result = run(project, "review", SOURCE, "--accept-all")
    assert result.exit_code == 2
    assert f"the review would make {CURATED} fail to load, so nothing was written" in result.output
    assert "quote not found verbatim in green-report-2024" in result.output
    assert (project / DRAFT).read_bytes() == before
    assert not (project / CURATED).exists()


def test_no_draft_says_how_to_make_one(project):
    (project / DRAFT).unlink()
    result = run(project, "review", SOURCE)
    assert result.exit_code == 2
    assert f"no draft for {SOURCE}: {DRAFT} does not exist (`councilgraph ingest FILE` writes one)" in result.output


def test_a_chosen_council_is_written_into_the_relations_that_named_it(project):
    newcastle = {
        "type": "supports",
        "from": "initiative/green-scholes",
        "to": "council:Newcastle",
        "quote": "Newcastle also asked about the project.",
    }
    text = (project / DRAFT).read_text(encoding="utf-8")
    block = "".join(f"    {key}: {value!r}\n".replace("    type", "  - type") for key, value in newcastle.items())
    (project / DRAFT).write_text(text + block + "    status: proposed\n", encoding="utf-8")
    result = run(project, "review", SOURCE, "--accept-all")  # a council is never guessed: the relation waits
    assert result.exit_code == 0, result.output
    assert "it waits for council:Newcastle\n" in result.output
    assert "accepted 9, rejected 0, merged 0, chosen 0, dropped 0; left 2" in result.output
    result = run(project, "review", SOURCE, answers=["c", "1", "a"])
    assert result.exit_code == 0, result.output
    assert "relation supports: initiative/green-scholes (Green Scholes) -> council:Newcastle upon Tyne" in result.output
    assert curated(project)["relations"][-1] == {**newcastle, "to": "council:Newcastle upon Tyne"}
    assert not (project / DRAFT).exists()
    assert run(project, "validate").exit_code == 0


def test_blocks_are_added_to_a_hand_written_file_keeping_its_text():
    text = textwrap.dedent(
        """\
        source: green-report-2024
        entities:
          # ---- organisations
          - id: org/nesta
            quote: "Green Scholes was funded by Nesta in 2023."   # the only sentence naming it

        # ---- relations
        relations: []
        """
    )
    added = add_blocks(text, "entities", [{"id": "org/x", "quote": "a: b"}], "f.yaml")
    added = add_blocks(
        added, "relations", [{"type": "funds", "from": "org/x", "to": "council:Wigan", "quote": "c"}], "f.yaml"
    )
    assert added == textwrap.dedent(
        """\
        source: green-report-2024
        entities:
          # ---- organisations
          - id: org/nesta
            quote: "Green Scholes was funded by Nesta in 2023."   # the only sentence naming it
          - id: org/x
            quote: 'a: b'

        # ---- relations
        relations:
          - type: funds
            from: org/x
            to: council:Wigan
            quote: c
        """
    )


def test_accept_all_notes_no_initiative_whose_proposed_lead_waits_in_the_draft(project):
    # the leads relation (0.6) is left by --min-confidence 0.65: it may yet be accepted, so no note is written
    result = run(project, "review", SOURCE, "--accept-all", "--min-confidence", "0.65")
    assert result.exit_code == 0, result.output
    assert "no lead accepted" not in result.output
    assert curated(project)["entities"][0] == GREEN_SCHOLES
    assert "leads council:Wigan -> initiative/green-scholes" in [
        i.label() for i in load_draft(Paths(project), SOURCE).relations
    ]


def test_accept_all_writes_the_open_question_when_no_lead_was_proposed(project):
    (project / DRAFT).write_text(
        (project / DRAFT)
        .read_text(encoding="utf-8")
        .replace(
            '    from: "council:Wigan"\n    to: initiative/green', "    from: org/nesta\n    to: initiative/green"
        ),
        encoding="utf-8",
    )
    text = (project / DRAFT).read_text(encoding="utf-8")
    text = text.replace("  - type: leads\n", "  - type: funds\n", 1)  # no leads relation proposed at all
    (project / DRAFT).write_text(text, encoding="utf-8")
    result = run(project, "review", SOURCE, "--accept-all")
    assert result.exit_code == 0, result.output
    assert f"initiative/green-scholes: no lead accepted, so lead_unstated: {ACCEPT_ALL_NOTE}" in result.output
    entities = {b["id"]: b for b in curated(project)["entities"]}
    assert entities["initiative/green-scholes"]["lead_unstated"] == ACCEPT_ALL_NOTE
    assert not any(r["type"] == "leads" for r in curated(project)["relations"])


@pytest.mark.parametrize(
    "who, expected",
    [
        ("", None),  # the document does not say
        ("council:Wigan", "council:Wigan"),
    ],
)
def test_a_review_asks_who_leads_an_initiative_no_accepted_relation_leads(project, who, expected):
    answers = ["a", "r", "a", "a", "r", "a", "a", "a", "c", "0"]  # the leads relation (5th) rejected
    answers += ["l", "org/nobody", who]  # an id nobody has is refused, and asked again
    result = run(project, "review", SOURCE, answers=answers)
    assert result.exit_code == 0, result.output
    assert (
        "initiative initiative/green-scholes (Green Scholes): no accepted relation says who leads it" in result.output
    )
    assert "no entity has the id 'org/nobody'" in result.output
    blocks = curated(project)
    green = next(b for b in blocks["entities"] if b["id"] == "initiative/green-scholes")
    leads = [r for r in blocks["relations"] if r["type"] == "leads"]
    if expected is None:
        assert green["lead_unstated"] == NOT_STATED_NOTE and leads == []
    else:
        assert "lead_unstated" not in green
        assert leads == [{**LEADS, "quote": GREEN_SCHOLES["quote"], "note": GIVEN_NOTE}]
    result = run(project, "validate")
    assert result.exit_code == 0, result.output


def test_accept_all_gives_a_participation_the_status_its_trigger_read():
    assert status_of_trigger("took part in") == "took-part"
    assert status_of_trigger("withdrew from") == "withdrew"
    assert status_of_trigger("funded by") is None
