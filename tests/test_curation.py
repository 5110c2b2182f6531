"""Curation ergonomics: tables of like blocks, the registry of entities several documents name, fields checked
by name, and the JSON Schemas editors read. Quotes and expectations come from the source texts (the CCIN's
2020 case studies list its members 'Correct as at 1st May 2020'; its Keep it Local principles 4 and 5 are
printed without their numbers)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from graph.errors import DataErrors
from graph.ingest.dataset import load_dataset
from graph.ingest.schema import SCHEMA_FILES, document_schema, registry_schema, schema_text

ROOT = Path(__file__).resolve().parent.parent

NETWORK = """
  - id: network/ccin
    type: Network
    name: Co-operative Councils' Innovation Network
    quote: The Co-operative Councils' Innovation Network comprises 29 Full Councils
"""

AS_BLOCKS = (
    "source: ccin-case-studies-2020\nentities:"
    + NETWORK
    + """relations:
  - type: member
    from: council:Bassetlaw District Council
    to: network/ccin
    tier: Full
    as_at: 2020-05-01
    quote: [Bassetlaw District Council, Correct as at 1st May 2020]
    note: Tier read from position.
  - type: member
    from: council:Brent Council
    to: network/ccin
    tier: Full
    as_at: 2020-05-01
    quote: [Brent Council, Correct as at 1st May 2020]
    note: Tier read from position.
"""
)

AS_TABLE = (
    "source: ccin-case-studies-2020\nentities:"
    + NETWORK
    + """relations:
  - shared: {type: member, to: network/ccin, tier: Full, as_at: 2020-05-01, quote: Correct as at 1st May 2020,
             note: Tier read from position.}
    columns: [from, quote]
    rows:
      - [council:Bassetlaw District Council, Bassetlaw District Council]
      - ["council:Brent Council", Brent Council]
"""
)


def errors_of(project) -> list[str]:
    with pytest.raises(DataErrors) as info:
        load_dataset(project.paths)
    return [str(e) for e in info.value.errors]


def facts(project) -> list[tuple]:
    """Every relation as (type, from, to, qualifiers, quotes), without where it was curated."""
    data = load_dataset(project.paths)
    return [
        (r.type, r.source, r.target, r.qualifiers, sorted(e.quote for e in r.evidence)) for r in data.curated.relations
    ]


# --- tables ------------------------------------------------------------------------------------------------------


def test_a_table_states_what_its_blocks_state(mini_project):
    mini_project.write("ccin.yaml", AS_BLOCKS)
    blocks = facts(mini_project)
    mini_project.write("ccin.yaml", AS_TABLE)
    assert facts(mini_project) == blocks
    assert [f[1] for f in blocks] == ["council:Bassetlaw District Council", "council:Brent Council"]
    assert blocks[0][4] == ["Bassetlaw District Council", "Correct as at 1st May 2020"]


def test_each_row_is_curated_at_its_own_line(mini_project):
    mini_project.write("ccin.yaml", AS_TABLE)
    data = load_dataset(mini_project.paths)
    lines = AS_TABLE.splitlines()
    brent = next(r for r in data.curated.relations if r.source == "council:Brent Council")
    assert {e.where for e in brent.evidence} == {
        f"data/curated/ccin.yaml:{next(i for i, line in enumerate(lines, 1) if 'Brent Council]' in line)}"
    }


def test_a_row_of_the_wrong_width_is_an_error_at_its_line_and_the_others_still_load(mini_project):
    mini_project.write(
        "ccin.yaml", AS_TABLE.replace("- [council:Bassetlaw District Council, Bassetlaw District Council]", "- [x]")
    )
    [message] = errors_of(mini_project)
    assert message == "data/curated/ccin.yaml:12: a row must be a list of 2 cells (from, quote), not 1 cells"


def test_a_field_given_twice_in_a_table_is_an_error(mini_project):
    mini_project.write("ccin.yaml", AS_TABLE.replace("columns: [from, quote]", "columns: [from, tier]"))
    [message] = errors_of(mini_project)
    assert (
        message == "data/curated/ccin.yaml:8: a table gives tier both as a column and in its shared part: give it once"
    )


def test_a_table_with_unknown_keys_or_bad_parts_is_an_error(mini_project):
    mini_project.write("ccin.yaml", AS_TABLE.replace("    columns:", "    colums: [from]\n    columns:"))
    assert errors_of(mini_project) == ["data/curated/ccin.yaml:8: a table has shared, columns, rows; not colums"]
    mini_project.write("ccin.yaml", AS_TABLE.replace("columns: [from, quote]", "columns: from"))
    assert errors_of(mini_project) == [
        "data/curated/ccin.yaml:8: a table's columns must be a list of distinct field names, not 'from'"
    ]


def test_an_empty_cell_gives_no_field(mini_project):
    table = AS_TABLE.replace("columns: [from, quote]", "columns: [from, quote, ambiguity]")
    table = table.replace("Bassetlaw District Council]", "Bassetlaw District Council, ~]")
    table = table.replace("Brent Council]", "Brent Council, Read as Brent.]")
    mini_project.write("ccin.yaml", table)
    data = load_dataset(mini_project.paths)
    assert [sorted(r.ambiguities) for r in data.curated.relations] == [[], ["Read as Brent."]]


# --- the registry -------------------------------------------------------------------------------------------------

REGISTRY = """
entities:
  - id: network/ccin
    type: Network
    name: Co-operative Councils' Innovation Network
"""


def test_a_registered_entity_is_named_once_and_quoted_by_its_documents(mini_project):
    mini_project.write("registry.yaml", REGISTRY)
    mini_project.write(
        "ccin.yaml", AS_TABLE.replace("    type: Network\n    name: Co-operative Councils' Innovation Network\n", "")
    )
    data = load_dataset(mini_project.paths)
    ccin = data.curated.entities["network/ccin"]
    assert (ccin.type, ccin.name) == ("Network", "Co-operative Councils' Innovation Network")
    assert [e.quote for e in ccin.evidence] == [
        "The Co-operative Councils' Innovation Network comprises 29 Full Councils"
    ]


def test_a_registered_entity_no_document_quotes_is_an_error(mini_project):
    mini_project.write(
        "registry.yaml", REGISTRY + "  - id: org/nesta\n    type: Organisation\n    kind: charity\n    name: Nesta\n"
    )
    mini_project.write("ccin.yaml", AS_TABLE)
    [message] = errors_of(mini_project)
    assert message.startswith("data/curated/registry.yaml:5: entity org/nesta is in the registry but no document")


def test_a_block_that_disagrees_with_the_registry_is_an_error_naming_both(mini_project):
    mini_project.write("registry.yaml", REGISTRY)
    mini_project.write("ccin.yaml", AS_TABLE.replace("name: Co-operative Councils' Innovation Network", "name: CCIN"))
    [message] = errors_of(mini_project)
    assert message == (
        "data/curated/ccin.yaml:3: entity network/ccin is declared as Network 'CCIN' here but as Network "
        '"Co-operative Councils\' Innovation Network" at data/curated/registry.yaml:2: one id, one type and name'
    )


def test_an_unregistered_entity_still_needs_its_type_and_name(mini_project):
    mini_project.write("ccin.yaml", AS_TABLE.replace("    type: Network\n", ""))
    [message] = errors_of(mini_project)
    assert message.startswith("data/curated/ccin.yaml:3: entity network/ccin has no type")


def test_the_registry_holds_identity_only(mini_project):
    mini_project.write("registry.yaml", REGISTRY + "    description: a network\n")
    mini_project.write("ccin.yaml", AS_TABLE)
    [message] = errors_of(mini_project)
    assert message.startswith("data/curated/registry.yaml:2: entity network/ccin: the registry holds only id, type")


# --- fields are checked by name -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "what"),
    [
        ("    quote: The Co-operative", "    descripton: a typo\n    quote: The Co-operative", "entity network/ccin"),
        ("    note: Tier", "    notes: Tier", "relation member"),
    ],
)
def test_a_misspelt_field_is_an_error_not_lost(mini_project, before, after, what):
    mini_project.write("ccin.yaml", AS_BLOCKS.replace(before, after, 1))
    messages = errors_of(mini_project)
    assert len(messages) == 1 and what in messages[0] and "unknown field(s)" in messages[0], messages


def test_the_unnumbered_keep_it_local_principles_keep_their_ambiguity(kg):
    # the source prints "- 3. Increase local spend ..." then two principles without a number
    text = (ROOT / "data" / "sources" / "003_ed8c74dcf691da1a.txt").read_text(encoding="utf-8")
    assert "\n- Focus on early intervention now to save costs tomorrow\n" in text
    from rdflib import Literal, URIRef

    from graph.model.namespaces import CG

    concept = URIRef("https://w3id.org/councilgraph/id/concept/keep-it-local-early-intervention")
    ambiguities = [str(o) for o in kg.objects(concept, CG.ambiguity)]
    assert len(ambiguities) == 1 and "Unnumbered" in ambiguities[0]
    assert (concept, CG.ambiguity, Literal(ambiguities[0])) in kg


# --- the JSON Schemas ---------------------------------------------------------------------------------------------


def _plain(value):
    """What an editor's YAML reader hands the schema: dates as the text they are written as."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_the_schema_files_are_made_from_the_vocabulary(name):
    assert (ROOT / "data" / "schema" / name).read_text(encoding="utf-8") == schema_text(name), (
        "run: python -m graph.ingest.schema"
    )
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_text(name)))


def test_every_curated_file_passes_its_schema():
    for path in sorted((ROOT / "data" / "curated").glob("*.yaml")):
        if path.name == "council_aliases.yaml":
            continue
        schema = registry_schema() if path.name == "registry.yaml" else document_schema()
        document = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(document)]
        assert errors == [], path.name


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("    note: Tier", "    notes: Tier"),  # a misspelt field
        ("    tier: Full\n", "    tier: Gold\n"),  # a tier the vocabulary does not have
        ("    to: network/ccin\n", "    to: person/someone\n"),  # a member of a person
        ("    type: Network\n", "    type: Netwrok\n"),  # an unknown type
        ("  - id: network/ccin", "  - id: Network/CCIN"),  # not an id
    ],
)
def test_the_schema_refuses_what_the_loader_refuses(mini_project, before, after):
    text = AS_BLOCKS.replace(before, after, 1)
    assert text != AS_BLOCKS
    assert list(jsonschema.Draft202012Validator(document_schema()).iter_errors(_plain(yaml.safe_load(text))))
    mini_project.write("ccin.yaml", text)
    assert errors_of(mini_project)
