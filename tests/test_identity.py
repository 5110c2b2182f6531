"""One thing is one node, and a name finds one thing: the merges decided from the texts, the class of a
combined authority, and the names that are not names.

Each expectation cites the passage of data/sources/ it comes from; the tests read the passages themselves.
"""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from graph.errors import DataErrors
from graph.ingest.dataset import load_dataset
from graph.model.namespaces import CG
from graph.query.names import NameIndex
from tests.test_status_edges import text

ID = "https://w3id.org/councilgraph/id/"


@pytest.fixture(scope="module")
def names(kg) -> NameIndex:
    return NameIndex(kg)


@pytest.mark.parametrize(
    "document, first, second",
    [
        # ccin-case-studies-2020: Southampton's partners include "a local branch of the WEA"; the Members list
        # names "Workers Educational Association" among the Affiliates
        ("003", "WEA", "Workers Educational Association"),
        # ccin-case-studies-2020: Plymouth "procuring via CCIN Framework"; the Network offers its
        # "multi-supplier **Consultancy Framework**"
        ("003", "CCIN Framework", "Consultancy Framework"),
    ],
)
def test_two_names_in_one_document_for_one_thing_find_one_node(names, document, first, second):
    assert first in text(document) and second in text(document)
    assert names.find(first) == names.find(second)


def test_the_improvement_board_of_2012_is_the_improvement_and_innovation_board_of_2013(names):
    # cc-action-plans-2012: "Summary for Improvement Board 15th May 2012"; cc-update-2013: "the LGA IIB Board"
    assert "Summary for Improvement Board" in text("000") and "LGA IIB Board" in text("001")
    assert names.find("Improvement Board") == names.find("LGA IIB Board")


def test_the_greater_manchester_combined_authority_is_not_a_principal_council(kg, names):
    # ccin-case-studies-2020 lists "Greater Manchester Combined Authority" among the Associates
    assert "Greater Manchester Combined Authority" in text("003")
    gmca = names.find("Greater Manchester Combined Authority")
    assert (gmca, RDF.type, CG.CombinedAuthority) in kg and (gmca, RDF.type, CG.PrincipalCouncil) not in kg
    # "Greater Manchester" is the place the combined authority serves, not another name of it
    assert names.find("Greater Manchester") == URIRef(f"{ID}place/greater-manchester")


def test_no_name_finds_two_things(names, kg):
    from graph.model.vocabulary import ENTITY_TYPES_BY_CLASS

    # a case study or section may bear the name of what it is about; no two other things share a name
    parts = {"CaseStudy", "DocumentSection"}
    classes = [t.classes[0] for name, t in ENTITY_TYPES_BY_CLASS.items() if name not in parts]
    entities = {s for cls in classes for s in kg.subjects(RDF.type, cls)}
    shared = {key: sorted(map(str, hits)) for key, hits in names.keys() if len(hits & entities) > 1}
    assert shared == {}


def test_a_name_shared_with_a_case_study_finds_the_thing(names):
    # ccin-case-studies-2020: Brent's case study is titled "Brent Hubs", and is about the Brent Hubs
    assert "Brent Council\n\nBrent Hubs\n\nBrent Hubs aim to build resilience" in text("003")
    assert names.find("Brent Hubs") == URIRef(f"{ID}initiative/brent-hubs")
    assert names.find("casestudy:ccin-2020-brent-hubs") == URIRef(f"{ID}casestudy/ccin-2020-brent-hubs")


def test_developed_by_is_read_as_established_only(kg):
    # ccin-case-studies-2020: "the Place Standard, which was developed by NHS Health Scotland, the Scotlish
    # Government and Architecture & Design Scotland": three developers, nothing on who runs it now
    assert "which was developed by NHS Health Scotland" in text("003")
    standard = URIRef(f"{ID}initiative/place-standard")
    assert len(set(kg.subjects(CG.established, standard))) == 3
    assert set(kg.subjects(CG.leads, standard)) == set()


@pytest.mark.parametrize("alias", ["the Trust", "The Programme", "network", "the college"])
def test_a_common_noun_is_refused_as_an_alias(mini_project, alias):
    mini_project.write(
        "plans.yaml",
        f"""
        source: cc-action-plans-2012
        entities:
          - id: programme/creative-councils
            type: Programme
            name: Creative Councils
            aliases: ["{alias}"]
            quote: "In phase 1 of Creative Councils"
        """,
    )
    with pytest.raises(DataErrors) as caught:
        load_dataset(mini_project.paths)
    assert f"data/curated/plans.yaml:3: entity programme/creative-councils: alias '{alias}' is a common noun" in str(
        caught.value
    )


def test_a_report_and_a_trust_are_not_initiatives(kg, names):
    # ccin-case-studies-2020: "the Co-operative Commission report launched on 27th January 2020" ("The A
    # Co-operative Greater Manchester report has set out a number of recommendations"); ccin-taskforce-submission:
    # "a £1 million grant from the Stoller Charitable Fund to kickstart the Trust"
    assert "the Co-operative Commission report launched on 27th January 2020" in text("003")
    assert "Stoller Charitable Fund to kickstart the Trust" in text("004")
    report, trust = names.find("A Co-operative Greater Manchester"), names.find("Oldham Enterprise Trust")
    assert (report, RDF.type, CG.Publication) in kg and (report, RDF.type, CG.Initiative) not in kg
    assert (names.find("Co-operative Commission"), CG.authored, report) in kg
    assert (trust, RDF.type, CG.Organisation) in kg and (trust, RDF.type, CG.Initiative) not in kg
