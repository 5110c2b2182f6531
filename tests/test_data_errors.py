"""Bad curated data fails with the file and line of the problem, and names what is wrong."""

from __future__ import annotations

import pytest

from graph.errors import DataErrors
from graph.ingest.dataset import load_dataset
from tests.conftest import MINI_WIGAN


def errors_of(project) -> list[str]:
    with pytest.raises(DataErrors) as info:
        load_dataset(project.paths)
    return [str(e) for e in info.value.errors]


def test_the_mini_project_loads(mini_project):
    mini_project.write("wigan.yaml", MINI_WIGAN)
    data = load_dataset(mini_project.paths)
    assert sorted(data.curated.entities) == [
        "initiative/wigan-community-credits",
        "place/scholes",
        "programme/creative-councils",
    ]
    assert data.council("council:Wigan", "cc-action-plans-2012").gss_code == "E08000010"


def test_malformed_yaml_names_file_and_line(mini_project):
    mini_project.write("bad.yaml", "source: cc-action-plans-2012\nentities:\n  - id: [unclosed\n")
    [message] = errors_of(mini_project)
    assert message.startswith("data/curated/bad.yaml:4: not valid YAML")  # relative to the project, at its line


def test_a_quote_not_in_the_source_is_an_error_at_its_line(mini_project):
    mini_project.write(
        "wigan.yaml",
        MINI_WIGAN.replace(
            'one discrete area of Wigan called Scholes"\nrelations', 'a made-up sentence about Scholes"\nrelations'
        ),
    )
    [message] = errors_of(mini_project)
    assert message.startswith("data/curated/wigan.yaml:11:")
    assert "quote not found verbatim in cc-action-plans-2012" in message


def test_white_space_may_differ_but_nothing_else(mini_project):
    loose = MINI_WIGAN.replace(
        'one discrete area of Wigan called Scholes"\nrelations',
        'one  discrete\\n area of Wigan called Scholes"\nrelations',
    )
    mini_project.write("wigan.yaml", loose)
    load_dataset(mini_project.paths)  # white space collapses
    mini_project.write("wigan.yaml", MINI_WIGAN.replace('called Scholes"\nrelations', 'called scholes"\nrelations'))
    assert "quote not found" in errors_of(mini_project)[0]


def test_unknown_council_fails_with_file_line_and_suggestion(mini_project):
    mini_project.write("wigan.yaml", MINI_WIGAN.replace('from: "council:Wigan"', 'from: "council:Wigam"'))
    [message] = errors_of(mini_project)
    assert message.startswith("data/curated/wigan.yaml:16:")
    assert "council 'Wigam' is not in the reference lookup" in message
    assert "wigan" in message  # a close name is suggested


def test_ambiguous_council_name_is_an_error_not_a_guess(mini_project):
    # "Newcastle" alone could be Newcastle upon Tyne or Newcastle-under-Lyme: without the alias file's
    # reading of it, it must not resolve
    (mini_project.root / "data" / "curated" / "council_aliases.yaml").write_text("{}\n")
    text = MINI_WIGAN.replace('from: "council:Wigan"', 'from: "council:Newcastle"')
    mini_project.write("wigan.yaml", text)
    [message] = errors_of(mini_project)
    assert message.startswith("data/curated/wigan.yaml:16:")
    assert "Newcastle" in message


def test_reference_names_with_several_authorities_are_narrowed_by_date(paths):
    from graph.ingest.councils import load_reference

    reference = load_reference(paths.reference, {})
    # the register lists more than one authority under some names (a predecessor and its successor)
    multi = {name: codes for name, codes in reference._names.items() if len(codes) > 1}
    assert multi, "the register has names shared by several authorities"
    for name, codes in sorted(multi.items())[:20]:
        for code in codes:
            authority = reference.authorities[code]
            others = [reference.authorities[c] for c in codes if c != code]
            day = authority.start_date or "1900-01-01"
            if authority.existed_on(day) and not any(o.existed_on(day) for o in others):
                assert reference.resolve(name, day).code == code


def test_undeclared_entity_and_wrong_relation_ends(mini_project):
    text = (
        MINI_WIGAN
        + """
  - type: funds
    from: org/nobody
    to: initiative/wigan-community-credits
    quote: "This will be matched by council resources."
  - type: member
    from: "council:Wigan"
    to: place/scholes
    quote: "one discrete area of Wigan called Scholes"
"""
    )
    mini_project.write("wigan.yaml", text)
    messages = errors_of(mini_project)
    assert any(m.startswith("data/curated/wigan.yaml:25:") and "org/nobody is not declared" in m for m in messages)
    assert any(m.startswith("data/curated/wigan.yaml:29:") and "cannot end at a place" in m for m in messages)


def test_unknown_relation_type_lists_the_known_ones(mini_project):
    mini_project.write("wigan.yaml", MINI_WIGAN.replace("type: located_in", "type: lives_in"))
    [message] = errors_of(mini_project)
    assert "unknown relation type 'lives_in'" in message and "located_in" in message


def test_contact_details_are_refused(mini_project):
    # a real line of the Wigan report, with officers' phone numbers and e-mail addresses
    text = MINI_WIGAN.replace("source: cc-action-plans-2012", "source: cc-wigan-2013").split("relations:")[0]
    text = text.replace('quote: "In phase 1 of Creative Councils"', 'quote: "Telephone: 07799 038432 / 07879 640823"')
    mini_project.write("wigan.yaml", text)
    messages = errors_of(mini_project)
    assert any("contact details" in m and "07799 038432" in m for m in messages)


def test_one_id_has_one_name(mini_project):
    mini_project.write("wigan.yaml", MINI_WIGAN)
    mini_project.write(
        "wigan2.yaml",
        """
        source: cc-action-plans-2012
        entities:
          - id: place/scholes
            type: Place
            name: Scholes, Wigan
            quote: "one discrete area of Wigan called Scholes"
        """,
    )
    [message] = errors_of(mini_project)
    assert message.startswith("data/curated/wigan2.yaml:3:") and "one id, one type and name" in message


def test_the_same_fact_from_two_files_is_one_relation(mini_project):
    mini_project.write("wigan.yaml", MINI_WIGAN)
    mini_project.write("wigan2.yaml", MINI_WIGAN)
    data = load_dataset(mini_project.paths)
    assert len(data.curated.relations) == 2
    [leads] = [r for r in data.curated.relations if r.type == "leads"]
    assert {ev.where for ev in leads.evidence} == {"data/curated/wigan.yaml:16", "data/curated/wigan2.yaml:16"}
