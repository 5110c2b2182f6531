"""Facts an audit found missing, now in the graph: each expectation is read from the source text here.

The CCIN Statement of Values and Principles ends Co-operative Case Studies 2020 (data/sources/003_...): its
principles are a list of ten (two printed without numbers, then "3." to "10."), the tenth, "Walking the
talk", with six items of its own.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from tests.conftest import select
from tests.test_status_edges import text

ID = "https://w3id.org/councilgraph/id/"


def statement() -> list[str]:
    """The principles' list of the Statement, as printed: one line per principle or item."""
    body = text("003")
    start = body.index("CCIN Statement of Values and Principles\n")
    lines = body[start:].splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("- Social partnership"))
    last = next(i for i, line in enumerate(lines) if line.startswith(" - Non-party-political"))
    return [line for line in lines[first : last + 1] if line.strip()]


def test_the_ccin_has_ten_principles_and_walking_the_talk_six_items(kg):
    printed = statement()
    principles = [line for line in printed if line.startswith("- ")]
    items = [line for line in printed if line.startswith(" - ")]
    assert len(principles) == 10 and len(items) == 6
    assert re.search(r"\b10\.\W+Walking the talk", principles[-1])
    rows = select(
        kg,
        """SELECT ?label WHERE { ?c skos:topConceptOf scheme:ccin-principles ; rdfs:label ?label }""",
    )
    assert len(rows) == len(principles)
    under = select(
        kg,
        """SELECT ?label WHERE { ?c skos:broader ?walk ; rdfs:label ?label .
                                 ?walk rdfs:label "Walking the talk" ; skos:inScheme scheme:ccin-principles }""",
    )
    assert sorted(label for (label,) in under) == sorted(line.split(":")[0].strip(" -") for line in items)


def test_the_dissemination_event_is_dated_as_the_update_plans_it(kg):
    # cc-update-2013 §9: "a Creative Councils dissemination event planned for 20th November"; the update is
    # for the board meeting of 12 September 2013
    assert "dissemination event planned for 20th November" in text("001")
    rows = select(kg, "SELECT ?d WHERE { ?e rdfs:label 'Creative Councils dissemination event' ; schema:startDate ?d }")
    assert rows == [("2013-11-20",)]


def test_york_s_genius_innovation_fund_is_a_fund_of_its_own(kg):
    # cc-update-2013: "York City Council – ... exploring salary sacrifice for staff tools and GeniUS innovation fund"
    assert "GeniUS innovation fund" in text("001")
    rows = select(kg, "SELECT ?f WHERE { ?f a cg:Fund ; rdfs:label 'GeniUS innovation fund' }")
    assert rows == [(f"{ID}fund/genius-innovation-fund",)]
    # the platform no longer answers to the fund's name
    names = select(kg, "SELECT ?n WHERE { initiative:genius skos:altLabel ?n }")
    assert ("GeniUS innovation fund",) not in names


def test_the_place_standard_is_located_in_scotland(kg):
    # ccin-case-studies-2020: "the Place Standard is used widely across Scotland"
    assert "the Place Standard is used widely across Scotland" in text("003")
    standard = URIRef(f"{ID}initiative/place-standard")
    rows = select(kg, "SELECT ?p WHERE { ?s schema:location ?p }", s=standard)
    assert rows == [(f"{ID}place/scotland",)]
