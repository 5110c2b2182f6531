"""`councilgraph ingest` (graph.ingest.assistant): small made-up documents, a plain text, an HTML page and a PDF
made here with fpdf2, each with the draft it must give, worked out from the text by hand (docs/ingest.md)."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli import cli
from graph import __version__
from graph.ingest.assistant.extract import IngestError
from graph.ingest.assistant.pipeline import ingest_document
from graph.ingest.assistant.sentences import split_sentences
from graph.ingest.sources import normalise_space
from graph.paths import PROJECT_ROOT, Paths

# the one entity the little project knows: Nesta, quoted from a real source
KNOWN = """
source: cc-wigan-2013
entities:
  - id: org/nesta
    type: Organisation
    kind: charity
    name: Nesta
    aliases: ["NESTA"]
    quote: "The Creative Councils programme is a joint programme between NESTA and the LGA."
"""

# a network the little project also knows, for the layout rules
KNOWN_NETWORK = """
source: ccin-case-studies-2020
entities:
  - id: network/ccin
    type: Network
    name: Co-operative Councils' Innovation Network
    aliases: ["CCIN"]
    quote: "The Co-operative Councils' Innovation Network comprises 29 Full Councils"
"""

RIVERSIDE = """Riverside Renewal

The Greenway Trust was funded by Nesta to restore the towpaths in Wigan.
Bolton and North Yorkshire sent officers to a meeting about flooding.
Contact: Jane Doe, jane.doe@example.org, 01942 123456.
"""

# By hand: Wigan and Bolton resolve; North Yorkshire is two authorities in 2023 (the county council until
# 1 April 2023, the unitary council from then), so it is listed with both; "Greenway Trust" ends with Trust;
# Nesta is known; "funded by" makes Nesta the funder of the trust; the contact line is left out.
RIVERSIDE_DRAFT = f"""# Draft written by councilgraph ingest: review it with `councilgraph review riverside-renewal`
source: riverside-renewal
draft: {{tool: councilgraph ingest, version: "{__version__}"}}
councils:
  - council: "council:Bolton"
    mentions: 1
    quote: "Bolton and North Yorkshire sent officers to a meeting about flooding."
  - council: "council:Wigan"
    mentions: 1
    quote: "The Greenway Trust was funded by Nesta to restore the towpaths in Wigan."
ambiguous:
  - text: "North Yorkshire"
    candidates: ["council:North Yorkshire Council", "council:North Yorkshire County Council"]
    quote: "Bolton and North Yorkshire sent officers to a meeting about flooding."
entities:
  - id: org/greenway-trust
    type: Organisation
    kind: trust
    name: Greenway Trust
    quote: "The Greenway Trust was funded by Nesta to restore the towpaths in Wigan."
    status: proposed
    confidence: 0.8
    rule: ends with Trust
  - id: org/nesta
    status: known
    mentions: 1
    quote: "The Greenway Trust was funded by Nesta to restore the towpaths in Wigan."
relations:
  - type: funds
    from: org/nesta
    to: org/greenway-trust
    quote: "The Greenway Trust was funded by Nesta to restore the towpaths in Wigan."
    status: proposed
    confidence: 0.6
    trigger: funded by
"""

HTML = """<!DOCTYPE html>
<html><head><title>Valley news</title><style>p { color: red }</style></head>
<body>
<nav><a href="/">Leeds</a> | <a href="/b">Bradford</a></nav>
<script>var council = "Calderdale";</script>
<h1>Valley news</h1>
<p>Kirklees Council worked with the Holme Valley Foundation on the new library.</p>
<p>Questions? Write to info@example.org.</p>
</body></html>
"""


@pytest.fixture
def project(tmp_path) -> Paths:
    """The real sources, register and ontology; curated data that knows Nesta only."""
    root = tmp_path / "project"
    for part in ("data/sources", "data/reference", "ontology"):
        shutil.copytree(PROJECT_ROOT / part, root / part)
    (root / "data/curated").mkdir()
    shutil.copy(PROJECT_ROOT / "data/curated/council_aliases.yaml", root / "data/curated")
    (root / "data/curated/known.yaml").write_text(textwrap.dedent(KNOWN).lstrip(), encoding="utf-8")
    (root / "data/curated/network.yaml").write_text(textwrap.dedent(KNOWN_NETWORK).lstrip(), encoding="utf-8")
    return Paths(root)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _manifest(paths: Paths) -> list[dict]:
    return yaml.safe_load((paths.sources / "manifest.yaml").read_text(encoding="utf-8"))


def test_a_plain_text_gives_the_draft_worked_out_by_hand(project, tmp_path):
    document = _write(tmp_path, "Riverside Renewal.txt", RIVERSIDE)
    report = ingest_document(project, document, date="2023")
    assert report.source == "riverside-renewal"  # the id from the file's name
    draft = (project.curated / "riverside-renewal.draft.yaml").read_text(encoding="utf-8")
    assert draft == RIVERSIDE_DRAFT
    assert yaml.safe_load(draft)["relations"][0]["trigger"] == "funded by"  # it reads back as YAML
    # the contact line never enters the draft, neither its address nor its number nor the name beside them
    assert "jane" not in draft.lower() and "01942" not in draft
    entry = _manifest(project)[-1]
    digest = hashlib.sha256(document.read_bytes()).hexdigest()[:16]
    assert entry == {
        "id": "riverside-renewal",
        "file": f"005_{digest}.txt",
        "title": "Riverside Renewal",
        "publisher": "Unknown (not given to councilgraph ingest)",
        "date": 2023,
        "date_note": "Given to councilgraph ingest with --date.",
        "licence": entry["licence"],
        "conversion": "plain text, kept as received",
    }
    assert (project.sources / entry["file"]).read_text(encoding="utf-8") == RIVERSIDE
    assert report.counts == {
        "councils": 2,
        "ambiguous council names": 1,
        "known entities": 1,
        "proposed entities": 1,
        "proposed relations": 1,
    }


def test_an_html_page_is_read_without_its_scripts_styles_and_navigation(project, tmp_path):
    page = _write(tmp_path, "valley.html", HTML)
    ingest_document(project, page, "valley-news", publisher="Valley Press", date="2019-05")
    draft = yaml.safe_load((project.curated / "valley-news.draft.yaml").read_text(encoding="utf-8"))
    # Leeds and Bradford are in the navigation, Calderdale in a script: none is read
    assert [c["council"] for c in draft["councils"]] == ["council:Kirklees Council"]
    assert [(e["id"], e["status"], e.get("kind")) for e in draft["entities"]] == [
        ("org/holme-valley-foundation", "proposed", "charity")
    ]
    assert draft["relations"] == [
        {
            "type": "partner",
            "from": "council:Kirklees Council",
            "to": "org/holme-valley-foundation",
            "quote": "Kirklees Council worked with the Holme Valley Foundation on the new library.",
            "status": "proposed",
            "confidence": 0.55,
            "trigger": "worked with",
        }
    ]
    entry = _manifest(project)[-1]
    assert entry["title"] == "Valley news" and entry["publisher"] == "Valley Press" and entry["date"] == "2019-05"
    assert "html.parser" in entry["conversion"] and "left out: <nav>, <script>, <style>" in entry["conversion"]
    stored = (project.sources / entry["file"]).read_text(encoding="utf-8")
    assert "Calderdale" not in stored and "Bradford" not in stored and "color" not in stored


def test_a_pdf_is_read_with_pypdf_and_its_pages_counted(project, tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in (
        "Annual review",
        "Oldham Council leads the Moorside Energy Project with local residents.",
        "The Moorside Energy Project is supported by the Pennine Community Trust.",
    ):
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    path = tmp_path / "annual-review.pdf"
    pdf.output(str(path))
    ingest_document(project, path, date="2021")
    draft = yaml.safe_load((project.curated / "annual-review.draft.yaml").read_text(encoding="utf-8"))
    assert [c["council"] for c in draft["councils"]] == ["council:Oldham Council"]
    assert [(e["id"], e["type"], e["rule"]) for e in draft["entities"]] == [
        ("initiative/moorside-energy-project", "Initiative", "ends with Project"),
        ("org/pennine-community-trust", "Organisation", "ends with Trust"),
    ]
    assert [(r["type"], r["from"], r["to"], r["trigger"]) for r in draft["relations"]] == [
        ("leads", "council:Oldham Council", "initiative/moorside-energy-project", "leads"),
        ("supports", "org/pennine-community-trust", "initiative/moorside-energy-project", "supported by"),
    ]
    conversion = _manifest(project)[-1]["conversion"]
    assert conversion.startswith("text extracted from PDF with pypdf; 3 pages")


LAYOUT = """Members of the CCIN

Wigan Council
Bolton Council
Oldham Council
Bury Council

Wigan Council
Towpath Friends
The towpaths were cleared in May.
"""


def test_the_layout_says_who_is_a_member_and_what_a_case_study_is_about(project, tmp_path):
    # By hand: four councils listed one a line under a line about members are members of the network the
    # document names (the CCIN); the line under a council's line is a case study about it, part of the document,
    # and (filling a heading) a possible initiative that the council, whose line it stands under, leads
    ingest_document(project, _write(tmp_path, "towpaths.txt", LAYOUT), date="2020")
    draft = yaml.safe_load((project.curated / "towpaths.draft.yaml").read_text(encoding="utf-8"))
    assert [(r["type"], r["from"], r["to"], r["confidence"]) for r in draft["relations"]] == [
        ("about", "casestudy/towpath-friends", "council:Wigan Council", 0.3),
        ("leads", "council:Wigan Council", "initiative/towpath-friends", 0.3),  # what the heading under its line names
        ("member", "council:Bolton Council", "network/ccin", 0.4),
        ("member", "council:Bury Council", "network/ccin", 0.4),
        ("member", "council:Oldham Council", "network/ccin", 0.4),
        ("member", "council:Wigan Council", "network/ccin", 0.4),
        ("part_of", "casestudy/towpath-friends", "source/towpaths", 0.3),
    ]
    case_study = next(e for e in draft["entities"] if e["id"] == "casestudy/towpath-friends")
    assert case_study["quote"] == "Wigan Council\nTowpath Friends"  # from the council's line to the heading's end
    assert case_study["type"] == "CaseStudy" and case_study["rule"] == "a heading under a council's line"


def test_an_id_the_manifest_has_is_refused_and_nothing_is_written(project, tmp_path):
    document = _write(tmp_path, "riverside.txt", RIVERSIDE)
    before = {p: p.read_bytes() for p in (project.root / "data").rglob("*") if p.is_file()}
    with pytest.raises(IngestError, match=r"source id 'cc-wigan-2013' is already in data/sources/manifest.yaml"):
        ingest_document(project, document, "cc-wigan-2013")
    after = {p: p.read_bytes() for p in (project.root / "data").rglob("*") if p.is_file()}
    assert after == before
    result = CliRunner().invoke(cli, ["ingest", str(document), "--id", "cc-wigan-2013", "--root", str(project.root)])
    assert result.exit_code == 2 and "give the new document another id with --id" in result.output
    assert {p: p.read_bytes() for p in (project.root / "data").rglob("*") if p.is_file()} == before


def test_the_same_document_gives_the_same_bytes(tmp_path, project):
    document = _write(tmp_path, "riverside.txt", RIVERSIDE * 3)
    ingest_document(project, document, "first", date="2023")
    ingest_document(project, document, "second", date="2023")
    first = (project.curated / "first.draft.yaml").read_text(encoding="utf-8")
    second = (project.curated / "second.draft.yaml").read_text(encoding="utf-8")
    assert first.replace("first", "second") == second
    assert "mentions: 3" in first


def test_every_quote_stands_in_the_stored_text(project, tmp_path):
    text = (PROJECT_ROOT / "data/sources/002_aadea9e5d7fecd50.txt").read_text(encoding="utf-8")
    document = _write(tmp_path, "wigan.txt", text)
    ingest_document(project, document, "wigan-again", date="2013")
    draft = yaml.safe_load((project.curated / "wigan-again.draft.yaml").read_text(encoding="utf-8"))
    stored = normalise_space(text)
    quotes = [item["quote"] for part in ("councils", "ambiguous", "entities", "relations") for item in draft[part]]
    assert quotes and all(normalise_space(q) in stored for q in quotes)
    # the report's contact officers' numbers and addresses stand in the text but never in the draft
    assert "07799" not in str(draft) and "local.gov.uk" not in str(draft)


def test_sentences_are_slices_of_the_text():
    text = "Dr. Smith met Cllr. Jones.\n\n1. The Trust said so. Then\nit went on.\tNext cell"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Dr. Smith met Cllr. Jones.",
        "1. The Trust said so.",
        "Then\nit went on.",
        "Next cell",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_the_command_reports_what_it_wrote(project, tmp_path):
    document = _write(tmp_path, "riverside.txt", RIVERSIDE)
    result = CliRunner().invoke(cli, ["ingest", str(document), "--date", "2023", "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    assert "draft: data/curated/riverside.draft.yaml" in result.output
    assert "council:North Yorkshire Council, council:North Yorkshire County Council" in result.output
    bad = CliRunner().invoke(cli, ["ingest", str(document), "--id", "x", "--date", "May", "--root", str(project.root)])
    assert bad.exit_code == 2 and "must be YYYY, YYYY-MM or YYYY-MM-DD" in bad.output


PARTNERS_TEXT = """Partners' stories

Wigan Council and the Greenway Trust launched the Towpath Renewal Project in 2021.
Canal Corner is a community-run café project on the towpath.
The café opened in Astley last spring.

Locality working with Bolton Council
Homecare redesign for the valley

Locality helped Bolton to keep its homecare local.
"""


def test_subjects_joined_by_and_lead_what_they_launched_and_headings_name_partners(project, tmp_path):
    # By hand: 'Wigan Council and the Greenway Trust launched the Towpath Renewal Project' makes each of the two
    # a proposed lead of the project; 'Canal Corner is a ... project' names an initiative; the heading 'Locality
    # working with Bolton Council' names an organisation (Locality, which the text also writes in no other way),
    # 'in Astley' a place,
    # and with the title under it a case study about both, part of the document
    ingest_document(project, _write(tmp_path, "partners.txt", PARTNERS_TEXT), date="2021")
    draft = yaml.safe_load((project.curated / "partners.draft.yaml").read_text(encoding="utf-8"))
    entities = {e["id"]: e for e in draft["entities"]}
    relations = {(r["type"], r["from"], r["to"]): r for r in draft["relations"]}
    launched = "Wigan Council and the Greenway Trust launched the Towpath Renewal Project in 2021."
    for lead in ("council:Wigan Council", "org/greenway-trust"):
        assert relations["leads", lead, "initiative/towpath-renewal-project"]["quote"] == launched
        assert relations["leads", lead, "initiative/towpath-renewal-project"]["trigger"] == "launched"
    assert (entities["initiative/canal-corner"]["type"], entities["initiative/canal-corner"]["rule"]) == (
        "Initiative",
        "'... is a project'",
    )
    assert entities["org/locality"]["rule"] == "a heading 'X working with ...'"
    assert (entities["place/astley"]["type"], entities["place/astley"]["confidence"]) == ("Place", 0.3)
    study = "casestudy/locality-working-with-bolton-council-homecare-redesign-for-the-valley"
    assert entities[study]["name"] == "Locality working with Bolton Council: Homecare redesign for the valley"
    assert entities[study]["quote"] == "Locality working with Bolton Council\nHomecare redesign for the valley"
    assert {key for key in relations if key[1] == study} == {
        ("about", study, "org/locality"),
        ("about", study, "council:Bolton Council"),
        ("part_of", study, "source/partners"),
    }


def test_a_broken_or_hostile_pdf_is_a_clear_error_and_nothing_is_written(project, tmp_path):
    """A PDF is read in a child process with a time and memory ceiling: whatever a malformed file makes
    the reader do, ingest says what is wrong with which file and leaves the project as it was."""
    from graph.ingest.assistant.extract import IngestError, extract_text

    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\n")
    noise = tmp_path / "noise.pdf"
    noise.write_bytes(bytes(range(256)) * 20)
    for bad in (truncated, noise):
        with pytest.raises(IngestError, match=bad.name):
            extract_text(bad)
    root = project.root
    before = {p: p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}
    result = CliRunner().invoke(cli, ["ingest", str(truncated), "--root", str(root), "--id", "broken"])
    assert result.exit_code == 2 and "truncated.pdf" in result.output
    assert {p: p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()} == before


def test_a_candidate_named_like_a_known_entity_but_for_a_kind_word_is_flagged(project, tmp_path):
    """The project knows 'Nesta'; a new text names the 'Nesta Trust' and 'Nesta Challenge Fund'. The first
    differs only by a word saying what kind of thing it is, so the reviewer is shown the existing entity;
    the second adds a word that says which fund, so it is not flagged."""
    text = "The Nesta Trust gave money to the towpath.\nThe Nesta Challenge Fund paid for the boats.\n"
    ingest_document(project, _write(tmp_path, "kinds.txt", text), date="2022")
    draft = yaml.safe_load((project.curated / "kinds.draft.yaml").read_text(encoding="utf-8"))
    by_name = {e.get("name"): e for e in draft["entities"] if e.get("status") == "proposed"}
    assert by_name["Nesta Trust"].get("similar") == ["org/nesta"]
    assert "similar" not in by_name["Nesta Challenge Fund"]


STARTED_TEXT = """Canal news

Bolton Council developed the Canal Walks programme in 2020.
It is funded by Nesta.
The Greenway Trust's Towpath Fund pays for benches.
Bury Council met in May.
The council works with the Greenway Trust.
"""


def test_a_name_after_a_verb_of_starting_it_refers_back_and_a_possessive_runs(project, tmp_path):
    # By hand: 'developed the Canal Walks programme' names an initiative (the word after the name says what it
    # is) that Bolton Council leads; 'It is funded by Nesta', right after, is said of the Canal Walks, quoted from
    # the sentence naming them to the end of the one referring back; 'The Greenway Trust's Towpath Fund': a fund
    # the trust runs (an initiative would be led); 'The council works with ...' is said of Bury Council, which the
    # sentence before names
    ingest_document(project, _write(tmp_path, "started.txt", STARTED_TEXT), date="2021")
    draft = yaml.safe_load((project.curated / "started.draft.yaml").read_text(encoding="utf-8"))
    walks = next(e for e in draft["entities"] if e["id"] == "initiative/canal-walks")
    assert (walks["name"], walks["type"], walks["confidence"], walks["rule"]) == (
        "Canal Walks",
        "Initiative",
        0.45,
        "a name after 'developed', 'set up', ...",
    )
    relations = [(r["type"], r["from"], r["to"], r["quote"], r["confidence"], r["trigger"]) for r in draft["relations"]]
    assert relations == [
        ("funds", "org/nesta", "initiative/canal-walks",
         "Bolton Council developed the Canal Walks programme in 2020.\nIt is funded by Nesta.", 0.5,
         "funded by (of what the sentence before names)"),
        ("leads", "council:Bolton Council", "initiative/canal-walks",
         "Bolton Council developed the Canal Walks programme in 2020.", 0.45, "developed"),
        ("partner", "council:Bury Council", "org/greenway-trust",
         "Bury Council met in May.\nThe council works with the Greenway Trust.", 0.45,
         "works with (of what the sentence before names)"),
        ("runs", "org/greenway-trust", "fund/towpath-fund", "The Greenway Trust's Towpath Fund pays for benches.",
         0.5, "'s"),
    ]  # fmt: skip


MEMBERS_TEXT = """Members of the CCIN

Bolton Council

Bury Council

Greenway Trust

Peopletoo

Riverside Housing Association

Correct as at May 2020.

Anna Smith

Project Manager, Wigan Council

e: anna.smith@example.org
"""


def test_a_members_list_holds_organisations_and_a_contact_box_names_no_one(project, tmp_path):
    # By hand: under the line about members, each line naming a council or an organisation alone is a member of
    # the network the document names; a line of the list the rules cannot read, 'Peopletoo', names one too (an
    # organisation, the whole line); 'Correct as at May 2020.' (a sentence) ends the list; 'Anna Smith' opens a
    # contact box (an e-mail address two lines on), so she is not proposed, while her role line, which names a
    # council, is read
    ingest_document(project, _write(tmp_path, "members.txt", MEMBERS_TEXT), date="2020")
    draft = yaml.safe_load((project.curated / "members.draft.yaml").read_text(encoding="utf-8"))
    members = [(r["from"], r["quote"], r["trigger"]) for r in draft["relations"] if r["type"] == "member"]
    listed = "a list of names under a heading about members"
    assert members == [
        ("council:Bolton Council", "Bolton Council", listed),
        ("council:Bury Council", "Bury Council", listed),
        ("org/greenway-trust", "Greenway Trust", listed),
        ("org/peopletoo", "Peopletoo", listed),
        ("org/riverside-housing-association", "Riverside Housing Association", listed),
    ]
    peopletoo = next(e for e in draft["entities"] if e["id"] == "org/peopletoo")
    assert (peopletoo["type"], peopletoo["rule"]) == ("Organisation", "a line in a list of members")
    assert all(r["to"] == "network/ccin" for r in draft["relations"] if r["type"] == "member")
    assert not [e for e in draft["entities"] if "Anna" in e.get("name", "") or "Anna" in e["quote"]]
    assert "council:Wigan Council" in [c["council"] for c in draft["councils"]]


def test_a_place_name_opens_a_body_and_a_name_ends_before_in(project, tmp_path):
    # By hand: 'Bolton Food Action' is a body named after the place (Bolton, a council's name, would otherwise
    # win the words); 'Greenway Nursery in Astley' is a name, then the place it is in
    text = "Volunteers from Bolton Food Action visited children at Greenway Nursery in Astley.\n"
    ingest_document(project, _write(tmp_path, "places.txt", text), date="2021")
    draft = yaml.safe_load((project.curated / "places.draft.yaml").read_text(encoding="utf-8"))
    assert [(e["id"], e["name"], e["confidence"], e["rule"]) for e in draft["entities"]] == [
        ("initiative/greenway-nursery", "Greenway Nursery", 0.25, "capitalised words"),
        ("org/bolton-food-action", "Bolton Food Action", 0.35, "a place's name, then capitalised words"),
        ("place/astley", "Astley", 0.3, "a place after 'in'"),
    ]
    assert draft["councils"] == []
    assert [(r["type"], r["from"], r["to"], r["trigger"], r["confidence"]) for r in draft["relations"]] == [
        ("located_in", "initiative/greenway-nursery", "place/astley", "in", 0.4),  # a name right before 'in' a place
    ]


def test_a_bold_heading_names_something_even_in_common_words(project, tmp_path):
    # By hand: '## **Snow Wardens**' is a heading made bold: a name, though the text writes 'snow wardens' in lower
    # case too (which keeps plain capitalised common words from being proposed)
    text = "Canal notes\n\n## **Snow Wardens**\n\nSnow wardens are residents who clear the paths.\n"
    ingest_document(project, _write(tmp_path, "wardens.txt", text), date="2021")
    draft = yaml.safe_load((project.curated / "wardens.draft.yaml").read_text(encoding="utf-8"))
    assert [(e["id"], e["name"], e["quote"], e["confidence"], e["rule"]) for e in draft["entities"]] == [
        ("initiative/snow-wardens", "Snow Wardens", "## **Snow Wardens**", 0.35, "a bold heading"),
    ]


LISTS_TEXT = """Partners

Support came from many partners, including the police, Harbour College, Reaching Higher, Music Relief, Onside and local businesses.
Tim Cheetham, Cabinet Member for Children, Young People and Families, spoke first.
Lipson Academy was judged outstanding by Ofsted.
The Festival will return next year, and a Guide to it is on sale.
"""


def test_names_in_a_list_and_a_lone_capitalised_word_are_proposed_weakly(project, tmp_path):
    # By hand: in a list of three or more names, each name is an organisation whatever its words (Reaching
    # Higher, Music Relief, Onside; Harbour College is read by its head word; 'the police' and 'local businesses'
    # are no names); a list of people and their roles gives none (Young People, Families); 'Ofsted', one
    # capitalised word inside a sentence that the text never writes in lower case, is the weakest guess of all;
    # 'the Festival' (a word saying what a thing is) and 'a Guide' are not names
    ingest_document(project, _write(tmp_path, "lists.txt", LISTS_TEXT), date="2021")
    draft = yaml.safe_load((project.curated / "lists.draft.yaml").read_text(encoding="utf-8"))
    proposed = {e["name"]: (e["type"], e["confidence"], e["rule"]) for e in draft["entities"] if "name" in e}
    listed = ("Organisation", 0.35, "a name in a list")
    assert proposed["Reaching Higher"] == proposed["Music Relief"] == proposed["Onside"] == listed
    assert proposed["Harbour College"] == ("Organisation", 0.8, "ends with College")
    assert proposed["Ofsted"] == ("Organisation", 0.2, "a capitalised word")
    assert not {"Families", "Young People", "Festival", "Guide", "the police"} & set(proposed)
    assert proposed["Tim Cheetham"][2] != "a name in a list"


COUNCIL_LINES_TEXT = """Examples of innovation

· Managing demand to avoid future costs on council services - Bolton Council
· Wigan Council – innovation peer challenge, innovation hubs and trialling new technology (including watches)
· Streetwise – developing a social franchise - Bury Council
Head of Service - Oldham Council
"""


def test_a_line_pairing_a_council_with_what_it_did_proposes_an_initiative_it_leads(project, tmp_path):
    # By hand: each bullet pairs a council with what it did, on either side of a dash: an initiative the council
    # leads (split at the commas and the last 'and', the bracketed aside left out; a short name before a dash and
    # a description is the name); a line naming a post at a council proposes nothing
    ingest_document(project, _write(tmp_path, "examples.txt", COUNCIL_LINES_TEXT), date="2021")
    draft = yaml.safe_load((project.curated / "examples.draft.yaml").read_text(encoding="utf-8"))
    rule = "a line: a council and what it did"
    assert sorted(e["name"] for e in draft["entities"] if e.get("rule") == rule) == [
        "Managing demand to avoid future costs on council services",
        "Streetwise",
        "innovation hubs",
        "innovation peer challenge",
        "trialling new technology",
    ]
    leads = {(r["from"], r["to"]) for r in draft["relations"] if r["type"] == "leads"}
    assert leads == {
        ("council:Bolton Council", "initiative/managing-demand-to-avoid-future-costs-on-council-services"),
        ("council:Bury Council", "initiative/streetwise"),
        ("council:Wigan Council", "initiative/innovation-hubs"),
        ("council:Wigan Council", "initiative/innovation-peer-challenge"),
        ("council:Wigan Council", "initiative/trialling-new-technology"),
    }
    assert not [e for e in draft["entities"] if "Head of Service" in e.get("name", "")]


KNOWN_PROGRAMME = """
source: cc-update-2013
entities:
  - id: programme/creative-councils
    type: Programme
    name: Creative Councils
    quote: "Six Creative Councils from an initial pool of seventeen in Phase 1 were selected to go forward under Phase 2 of the programme"
  - id: phase/creative-councils-phase-1
    type: Phase
    name: Creative Councils Phase 1
    quote: "Six Creative Councils from an initial pool of seventeen in Phase 1 were selected to go forward under Phase 2 of the programme"
  - id: phase/creative-councils-phase-2
    type: Phase
    name: Creative Councils Phase 2
    quote: "Six Creative Councils from an initial pool of seventeen in Phase 1 were selected to go forward under Phase 2 of the programme"
"""

SUMMARY_TEXT = """What the councils did

Bolton Council
Bolton built a new library. In phase 1 of Creative Councils it was piloted in two wards.

Wigan Council
In phase 2, Wigan is seeking support for its Community Credits Scheme.

Bury Council
Bury planted trees along the river.

Oldham Council
Oldham opened a cafe in the park.
"""


def test_phases_are_named_however_worded_and_a_summary_of_councils_names_participants(project, tmp_path):
    # By hand: 'phase 1 of Creative Councils' names the known Creative Councils Phase 1, which the sentence says is
    # part of Creative Councils; the bare 'phase 2' of a text naming Creative Councils names its Phase 2; the text
    # is set out as four councils' sections and names the two phases, so each council is proposed (weakly) as a
    # participant in each (more surely where its section names the phase), and the scheme under Wigan's line,
    # which Wigan leads, as part of the programme (named only inside the words of phase 1, and known all the same)
    (project.curated / "programme.yaml").write_text(textwrap.dedent(KNOWN_PROGRAMME).lstrip(), encoding="utf-8")
    ingest_document(project, _write(tmp_path, "summary.txt", SUMMARY_TEXT), date="2012")
    draft = yaml.safe_load((project.curated / "summary.draft.yaml").read_text(encoding="utf-8"))
    relations = {(r["type"], r["from"], r["to"]): r for r in draft["relations"]}
    phase1, phase2 = "phase/creative-councils-phase-1", "phase/creative-councils-phase-2"
    part = relations["part_of", phase1, "programme/creative-councils"]
    assert (part["quote"], part["confidence"]) == ("In phase 1 of Creative Councils it was piloted in two wards.", 0.6)
    assert ("part_of", phase2, "programme/creative-councils") not in relations  # its sentence names no programme
    assert {e["id"] for e in draft["entities"] if e["status"] == "known"} >= {phase1, phase2}
    took_part = {(r["from"], r["to"]) for r in draft["relations"] if r["type"] == "participates" and "phase" in r["to"]}
    councils = ["council:Bolton Council", "council:Bury Council", "council:Oldham Council", "council:Wigan Council"]
    assert took_part == {(c, p) for c in councils for p in (phase1, phase2)}
    bury = relations["participates", "council:Bury Council", phase2]  # its section names no phase: its line
    assert (bury["quote"], bury["confidence"]) == ("Bury Council", 0.2)
    wigan = relations["participates", "council:Wigan Council", phase2]  # its section names phase 2: that sentence
    assert (wigan["quote"], wigan["confidence"]) == (
        "In phase 2, Wigan is seeking support for its Community Credits Scheme.",
        0.25,
    )
    scheme = relations["part_of", "initiative/community-credits-scheme", "programme/creative-councils"]
    assert scheme["confidence"] == 0.2
    assert ("leads", "council:Wigan Council", "initiative/community-credits-scheme") in relations


def test_a_phase_of_a_programme_the_project_does_not_know_is_a_candidate(project, tmp_path):
    # By hand: 'Phase 2 of the Northern Fibre Programme' names a phase, proposed under the programme's name, and
    # the programme itself (ends with Programme); a bare 'phase 3' of no known programme names nothing
    text = "Bolton Council took part in Phase 2 of the Northern Fibre Programme. It hopes to join phase 3 too.\n"
    ingest_document(project, _write(tmp_path, "fibre.txt", text), date="2020")
    draft = yaml.safe_load((project.curated / "fibre.draft.yaml").read_text(encoding="utf-8"))
    proposed = {e["id"]: (e["type"], e["name"], e["rule"]) for e in draft["entities"] if e["status"] == "proposed"}
    assert proposed == {
        "phase/northern-fibre-programme-phase-2": (
            "Phase",
            "Northern Fibre Programme Phase 2",
            "phase N of a programme",
        ),
        "programme/northern-fibre-programme": ("Programme", "Northern Fibre Programme", "ends with Programme"),
    }


LETTERED_TEXT = """Appendix B – Innovation Zone

Innovation Zone details
A. Digital Councillors – councillors discussed how they use digital tools.
· Barry Kirby, Quedgeley Parish Council
· Jayne Cowan, Cardiff City Council
B. Future Councils
· Loyalty reward scheme - Birmingham City Council
· A joint trading venture - Trafford Metropolitan Borough Council
12. The programme has three work streams:
· Programme development
· Policy development
"""


def test_a_lettered_heading_over_bullets_names_a_session_that_what_the_bullets_name_takes_part_in(project, tmp_path):
    # By hand: 'A. Digital Councillors – ...' and 'B. Future Councils' head bulleted lists a few lines after the
    # Innovation Zone (an event: ends with Zone) is named: sessions of it (events, part of it; B of the same
    # series); the councils and the parish council their bullets name participate; the scheme a bullet pairs
    # with Birmingham is listed under B; '12. The programme has three work streams:' opens a list, heads nothing
    ingest_document(project, _write(tmp_path, "zone.txt", LETTERED_TEXT), date="2013")
    draft = yaml.safe_load((project.curated / "zone.draft.yaml").read_text(encoding="utf-8"))
    rule = "a lettered heading over a bulleted list"
    assert {(e["id"], e["type"]) for e in draft["entities"] if e.get("rule") == rule} == {
        ("event/digital-councillors", "Event"),
        ("event/future-councils", "Event"),
    }
    relations = {(r["type"], r["from"], r["to"]): r for r in draft["relations"]}
    for session in ("event/digital-councillors", "event/future-councils"):
        assert ("part_of", session, "event/innovation-zone") in relations
    assert {(r[1], r[2]) for r in relations if r[0] == "participates"} >= {
        ("localcouncil/quedgeley-parish-council", "event/digital-councillors"),
        ("council:Cardiff City Council", "event/digital-councillors"),
        ("council:Birmingham City Council", "event/future-councils"),
        ("council:Trafford Metropolitan Borough Council", "event/future-councils"),
    }
    listed = relations["related_to", "initiative/loyalty-reward-scheme", "event/future-councils"]
    assert (listed["role"], listed["quote"]) == ("listed under", "· Loyalty reward scheme - Birmingham City Council")


TRIGGERS_TEXT = """More triggers

The Creative Councils programme is a joint programme between Nesta and the LGA.
Wigan is home to the Riverside Community Trust.
The Greenway Nursery Project is in the heart of Bolton.
Bolton College is the founder and sponsor of the Bolton Studio School.
Bury Council proposes to create the Bury Care Exchange Project.
"""


def test_joint_programmes_homes_founders_and_plans_are_read(project, tmp_path):
    # By hand: a joint programme between Nesta and the LGA is run by each; what a place is home to is
    # located there, and so is what is in the heart of one; a founder established what it founded; a council that
    # proposes to create a project is proposed as its lead
    ingest_document(project, _write(tmp_path, "triggers.txt", TRIGGERS_TEXT), date="2021")
    draft = yaml.safe_load((project.curated / "triggers.draft.yaml").read_text(encoding="utf-8"))
    relations = {(r["type"], r["from"], r["to"]): r["trigger"] for r in draft["relations"]}
    for partner in ("org/nesta", "org/lga"):
        assert relations[("runs", partner, "initiative/creative-councils")] == "a joint programme between"
    assert relations[("located_in", "org/riverside-community-trust", "council:Wigan")] == "is home to"
    assert relations[("located_in", "initiative/greenway-nursery-project", "council:Bolton")] == "heart of"
    assert relations[("established", "org/bolton-college", "org/bolton-studio-school")] == "the founder and sponsor of"
    assert relations[("leads", "council:Bury Council", "initiative/bury-care-exchange-project")] == "proposes to create"


CASE_STUDIES_TEXT = """Case studies

Wigan Council
Towpath Renewal
Volunteers from the Greenway Trust cleared the towpaths.

Bolton Council
Riverside Walks
The Riverside Trust met in May.
"""


def test_organisations_a_case_study_names_are_proposed_as_partners_of_its_initiative(project, tmp_path):
    # By hand: under Wigan's line, the heading 'Towpath Renewal' names an initiative; the Greenway Trust, named in
    # that case study, is proposed (weakly) as its partner; the Riverside Trust, named after Bolton's line, is
    # a partner of Bolton's 'Riverside Walks', not of Wigan's initiative
    ingest_document(project, _write(tmp_path, "studies.txt", CASE_STUDIES_TEXT), date="2020")
    draft = yaml.safe_load((project.curated / "studies.draft.yaml").read_text(encoding="utf-8"))
    partners = {(r["from"], r["to"], r["confidence"]) for r in draft["relations"] if r["type"] == "partner"}
    assert partners == {
        ("initiative/towpath-renewal", "org/greenway-trust", 0.2),
        ("initiative/riverside-walks", "org/riverside-trust", 0.2),
        ("council:Wigan Council", "org/greenway-trust", 0.25),  # and of the council, under whose line it is named
        ("council:Bolton Council", "org/riverside-trust", 0.25),
    }


NUMBERED_TEXT = """## SECTION 2: Case Studies

## 5.
City of York Council

#### **Snow Wardens**
Volunteers clear the paths in winter.

### **Smarter York**
Residents report problems on their phones.

## 6.
Bolton's Greenway Project

#### **Towpath Repair Days**
Volunteers mend the paths. The Winter Grit Scheme keeps roads safe.

## The Riverside Trust
The trust lends tools.
"""


def test_headings_under_a_numbered_heading_name_the_parts_of_its_case(project, tmp_path):
    # By hand: '## 5.' then 'City of York Council' opens a case about the council: the initiatives the headings
    # under it name (Snow Wardens, Smarter York, in bold) are its; '## 6.' then 'Bolton's Greenway Project' opens
    # one about Bolton and its project: the initiative a heading names there is Bolton's and part of the project,
    # and the organisation a heading names is the project's partner; an initiative a sentence of a case names is
    # the council's too, less surely; nothing reaches across a numbered heading
    ingest_document(project, _write(tmp_path, "numbered.txt", NUMBERED_TEXT), date="2014")
    draft = yaml.safe_load((project.curated / "numbered.draft.yaml").read_text(encoding="utf-8"))
    found = {(r["type"], r["from"], r["to"]) for r in draft["relations"]}
    assert found >= {
        ("leads", "council:City of York Council", "initiative/snow-wardens"),
        ("leads", "council:City of York Council", "initiative/smarter-york"),
        ("leads", "council:Bolton", "initiative/towpath-repair-days"),
        ("part_of", "initiative/towpath-repair-days", "initiative/greenway-project"),
        ("partner", "initiative/greenway-project", "org/riverside-trust"),
    }
    grit = next(r for r in draft["relations"] if r["to"] == "initiative/winter-grit-scheme")  # named in the case
    assert (grit["type"], grit["from"], grit["confidence"]) == ("leads", "council:Bolton", 0.2)
    # and, under a heading about case studies, each numbered heading is a case study about what it names
    cases = {e["id"]: e["name"] for e in draft["entities"] if e.get("rule") == "a numbered heading among case studies"}
    assert cases == {
        "casestudy/city-of-york-council": "City of York Council",
        "casestudy/boltons-greenway-project": "Bolton's Greenway Project",
    }
    assert found >= {
        ("about", "casestudy/city-of-york-council", "council:City of York Council"),
        ("about", "casestudy/boltons-greenway-project", "council:Bolton"),
        ("about", "casestudy/boltons-greenway-project", "initiative/greenway-project"),
        ("part_of", "casestudy/boltons-greenway-project", "source/numbered"),
    }
    assert not {r for r in found if r[1] == "council:City of York Council" and r[2] != "network/ccin"} - {
        ("leads", "council:City of York Council", "initiative/snow-wardens"),
        ("leads", "council:City of York Council", "initiative/smarter-york"),
    }


def test_a_council_leading_an_initiative_in_a_text_naming_a_programmes_phases_is_proposed_to_take_part(
    project, tmp_path
):
    # By hand: the text names Creative Councils' phase 2, so Bury Council, which proposes to create a project
    # (a lead read at 0.4), is proposed at the least confidence as taking part in phase 2, and its project as
    # part of Creative Councils, each quoted where the lead was read
    (project.curated / "programme.yaml").write_text(textwrap.dedent(KNOWN_PROGRAMME).lstrip(), encoding="utf-8")
    text = "Bury Council proposes to create the Bury Care Exchange Project.\nIn phase 2 of Creative Councils it grew.\n"
    ingest_document(project, _write(tmp_path, "bury.txt", text), date="2012")
    draft = yaml.safe_load((project.curated / "bury.draft.yaml").read_text(encoding="utf-8"))
    relations = {(r["type"], r["from"], r["to"]): r for r in draft["relations"]}
    lead = "Bury Council proposes to create the Bury Care Exchange Project."
    took_part = relations["participates", "council:Bury Council", "phase/creative-councils-phase-2"]
    part = relations["part_of", "initiative/bury-care-exchange-project", "programme/creative-councils"]
    assert (took_part["quote"], took_part["confidence"]) == (lead, 0.15)
    assert (part["quote"], part["confidence"]) == (lead, 0.15)
    assert ("participates", "council:Bury Council", "phase/creative-councils-phase-1") not in relations


def test_a_name_read_once_is_a_mention_wherever_the_text_writes_it_the_same_way(project, tmp_path):
    # By hand: the quoted 'Innovation Zone' is a name (an event: ends with Zone); written the same way later, in
    # words the text also writes in lower case ('innovation'), it is still that name, so 'took part in' there
    # relates Bolton to it; 'the innovation zone' in lower case names nothing
    text = (
        "Plans began for an ‘Innovation Zone’ at the conference.\n"
        "Bolton Council took part in the Innovation Zone.\n"
        "Bury Council took part in the innovation zone too.\n"
    )
    ingest_document(project, _write(tmp_path, "zone2.txt", text), date="2013")
    draft = yaml.safe_load((project.curated / "zone2.draft.yaml").read_text(encoding="utf-8"))
    took_part = {(r["from"], r["to"]) for r in draft["relations"] if r["type"] == "participates"}
    assert took_part == {("council:Bolton Council", "event/innovation-zone")}


def test_the_initiative_a_partners_case_study_title_names_is_the_partners(project, tmp_path):
    # By hand: under 'Locality working with Bolton Council', the title 'Homecare Redesign Project' names an
    # initiative the next sentence names too: Locality, the partner the heading names first, is proposed as its
    # lead; a title naming nothing the sentences name ('Better lives for all') proposes no initiative
    text = (
        "Locality working with Bolton Council\nHomecare Redesign Project\n\n"
        "The Homecare Redesign Project keeps care local.\n\n"
        "Locality working with Bury Council\nBetter lives for all\n\nCare stays local in Bury.\n"
    )
    ingest_document(project, _write(tmp_path, "homecare.txt", text), date="2020")
    draft = yaml.safe_load((project.curated / "homecare.draft.yaml").read_text(encoding="utf-8"))
    leads = {(r["from"], r["to"], r["trigger"]) for r in draft["relations"] if r["type"] == "leads"}
    assert ("org/locality", "initiative/homecare-redesign-project", "working with, then the title") in leads
    assert not [e for e in draft["entities"] if e.get("name") == "Better lives for all" and e["type"] == "Initiative"]


def test_a_document_says_whom_it_is_for_and_who_wrote_it_at_its_start(project, tmp_path):
    # By hand: 'Submission of the Greenway Trust to the Riverside Commission' at the start: the trust wrote the
    # document (authored), and it is addressed to the commission; the same words later in the text are not read
    text = (
        "# Submission of the Greenway Trust to the Riverside Commission\n\n"
        "This report updates the Canal Board on the towpaths.\n"
        + "The towpaths were cleared.\n" * 20
        + "A Submission of the Harbour Trust to the Marina Commission came later.\n"
    )
    ingest_document(project, _write(tmp_path, "submission.txt", text), date="2020")
    draft = yaml.safe_load((project.curated / "submission.draft.yaml").read_text(encoding="utf-8"))
    own = {(r["type"], r["from"], r["to"]) for r in draft["relations"] if r["trigger"].startswith("the document")}
    assert own == {
        ("authored", "org/greenway-trust", "source/submission"),
        ("addressed_to", "source/submission", "org/riverside-commission"),
        ("addressed_to", "source/submission", "org/canal-board"),
    }


OUTLINE_TEXT = """Work plan

PROGRAMME DEVELOPMENT

Programme Sponsorship
· Strategic oversight across the programme
Ongoing evaluation and review
· Evaluation of the work so far
b. Knowledge Navigator
· Identify the knowledge councils need

POLICY DEVELOPMENT
Work with Programme Boards
· Collect examples from the boards
"""


def test_a_plan_set_out_as_an_outline_names_its_strands_and_their_pieces_of_work(project, tmp_path):
    # By hand: each heading in capitals names a strand (a programme); each short line under it that bullets follow
    # names a piece of work in that strand (an initiative, part of it; 'b.' is a marker, not a word of it)
    ingest_document(project, _write(tmp_path, "plan.txt", OUTLINE_TEXT), date="2013")
    draft = yaml.safe_load((project.curated / "plan.draft.yaml").read_text(encoding="utf-8"))
    strands = {
        (e["id"], e["name"]) for e in draft["entities"] if e.get("rule") == "a heading in capitals over an outline"
    }
    assert strands == {
        ("programme/programme-development", "Programme development"),
        ("programme/policy-development", "Policy development"),
    }
    parts = {(r["from"], r["to"]) for r in draft["relations"] if r["type"] == "part_of"}
    assert parts == {
        ("initiative/programme-sponsorship", "programme/programme-development"),
        ("initiative/ongoing-evaluation-and-review", "programme/programme-development"),
        ("initiative/knowledge-navigator", "programme/programme-development"),
        ("initiative/work-with-programme-boards", "programme/policy-development"),
    }


def test_what_a_council_line_says_it_includes_is_part_of_what_the_council_did(project, tmp_path):
    # By hand: Bury leads 'open data and community projects' (the words before 'including'); the two quoted
    # projects the line says they include are part of it
    text = "Examples\n\n· Bury Council – open data and community projects including “Hills are Evil” and “I love my city”\n"
    ingest_document(project, _write(tmp_path, "bury-data.txt", text), date="2013")
    draft = yaml.safe_load((project.curated / "bury-data.draft.yaml").read_text(encoding="utf-8"))
    relations = {(r["type"], r["from"], r["to"]) for r in draft["relations"]}
    whole = "initiative/open-data-and-community-projects"
    assert relations >= {
        ("leads", "council:Bury Council", whole),
        ("part_of", "initiative/hills-are-evil", whole),
        ("part_of", "initiative/i-love-my-city", whole),
    }


def test_councils_that_sent_representatives_where_an_event_was_held_took_part_in_it(project, tmp_path):
    # By hand: 'the Canal Festival at the Harbour Summit where Wigan and Bolton sent representatives': both took
    # part in the festival (the first event before 'where'), not in the summit
    text = "The latest activity was the Canal Festival at the Harbour Summit where Wigan and Bolton sent representatives.\n"
    ingest_document(project, _write(tmp_path, "festival.txt", text), date="2013")
    draft = yaml.safe_load((project.curated / "festival.draft.yaml").read_text(encoding="utf-8"))
    took_part = {(r["from"], r["to"]) for r in draft["relations"] if r["type"] == "participates"}
    assert took_part == {("council:Wigan", "event/canal-festival"), ("council:Bolton", "event/canal-festival")}
