"""Case studies are things: where each stands in its document, whose it is, and which initiatives it describes.

The small projects here use the real text of Co-operative Case Studies 2020 (data/sources/003_...): its
Bassetlaw case study ("Bassetlaw District Council" / "Bassetlaw Neighbourhood Planning Marketplace:
empowering community plan makers") is followed by Brent's ("Brent Council" / "Brent Hubs").
"""

from __future__ import annotations

import pytest
from rdflib import URIRef

from graph.errors import DataErrors
from graph.ingest.casestudies import DERIVED_NOTE
from graph.ingest.dataset import load_dataset
from graph.model.build import build_graph
from graph.model.namespaces import CG
from tests.test_status_edges import text

ID = "https://w3id.org/councilgraph/id/"

TWO_CASE_STUDIES = """
source: ccin-case-studies-2020
entities:
  - shared: {type: CaseStudy}
    columns: [id, name, quote]
    rows:
      - [casestudy/bassetlaw, "Bassetlaw Neighbourhood Planning Marketplace: empowering community plan makers",
         "Bassetlaw District Council Bassetlaw Neighbourhood Planning Marketplace"]
      - [casestudy/brent, Brent Hubs, "Brent Council Brent Hubs Brent Hubs aim to build resilience"]
  - id: initiative/marketplace
    type: Initiative
    name: Neighbourhood Planning Marketplace
    lead_unstated: test
    quote: "The format of the event was inspired by an officer's doctoral research project"
  - id: initiative/brent-hubs
    type: Initiative
    name: Brent Hubs
    lead_unstated: test
    quote: "The first Brent Hub was piloted in Harlesden from 2017 - 2018"
relations:
  - type: about
    from: casestudy/bassetlaw
    to: "council:Bassetlaw District Council"
    quote: "Bassetlaw District Council"
  - type: part_of
    from: casestudy/brent
    to: source/ccin-case-studies-2020
    quote: "Brent Council"
"""


def test_the_passages_are_in_the_text_in_this_order():
    body = " ".join(text("003").split())
    bassetlaw = body.index("Bassetlaw District Council Bassetlaw Neighbourhood Planning Marketplace")
    brent = body.index("Brent Council Brent Hubs Brent Hubs aim to build resilience")
    assert bassetlaw < body.index("inspired by an officer's doctoral research project") < brent
    assert brent < body.index("The first Brent Hub was piloted in Harlesden")


def test_a_case_study_describes_the_initiatives_quoted_inside_it(mini_project):
    mini_project.write("studies.yaml", TWO_CASE_STUDIES)
    data = load_dataset(mini_project.paths)
    described = sorted((r.source, r.target) for r in data.curated.relations if r.type == "describes")
    assert described == [
        ("casestudy/bassetlaw", "initiative/marketplace"),
        ("casestudy/brent", "initiative/brent-hubs"),
    ]
    g = build_graph(data)
    study, marketplace = URIRef(f"{ID}casestudy/bassetlaw"), URIRef(f"{ID}initiative/marketplace")
    assert (study, CG.describes, marketplace) in g
    [relation] = g.subjects(CG.relationTo, marketplace)
    quotes = {str(g.value(ev, CG.quote)) for ev in g.objects(relation, CG.evidence)}
    assert quotes == {"The format of the event was inspired by an officer's doctoral research project"}
    assert str(g.value(relation, URIRef("http://www.w3.org/2004/02/skos/core#editorialNote"))) == DERIVED_NOTE
    council = next(g.objects(study, URIRef("https://schema.org/about")))
    assert str(council) == f"{ID}council/bassetlaw"


def test_a_case_study_whose_quote_stands_twice_is_an_error_at_its_line(mini_project):
    # "Brent Council" stands in the contents and again over the case study: it cannot say where it starts
    assert " ".join(text("003").split()).count("Brent Council Brent Hubs") == 1
    mini_project.write(
        "studies.yaml",
        TWO_CASE_STUDIES.replace('"Brent Council Brent Hubs Brent Hubs aim to build resilience"', '"Brent Council"'),
    )
    with pytest.raises(DataErrors) as caught:
        load_dataset(mini_project.paths)
    assert "data/curated/studies.yaml:8: case study casestudy/brent: its quote 'Brent Council' stands" in str(
        caught.value
    )
