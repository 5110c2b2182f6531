"""What the documents say is in the graph: the facts the issues name, computed from the graph."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDFS

from graph.ingest.sources import normalise_space
from graph.model.namespaces import PREFIXES
from tests.conftest import select


def participants(kg, phase: str, status: str) -> list[str]:
    rows = select(
        kg,
        """
        SELECT ?name WHERE {
          ?p a cg:Participation ; cg:relationFrom ?c ; cg:relationTo ?phase ; cg:status/rdfs:label ?status .
          ?c rdfs:label ?name }""",
        phase=PREFIXES["phase"][phase],
        status=Literal(status),
    )
    return [r[0] for r in rows]


def test_every_quote_is_verbatim_in_its_source(kg, dataset):
    texts = {s.id: s.normalised for s in dataset.sources.values()}
    rows = select(kg, "SELECT ?id ?quote WHERE { ?e cg:quote ?quote ; prov:hadPrimarySource/dcterms:identifier ?id }")
    assert len(rows) > 500
    missing = [(source, quote) for source, quote in rows if normalise_space(quote) not in texts[source]]
    assert missing == []


def test_every_relation_has_a_source_and_a_quote(kg):
    rows = select(
        kg,
        """SELECT ?r WHERE { ?r a cg:Relation .
        FILTER NOT EXISTS { ?r cg:evidence/cg:quote ?q ; prov:wasDerivedFrom ?s } }""",
    )
    assert rows == []


def test_the_seventeen_phase_1_councils(kg):
    councils = participants(kg, "creative-councils-phase-1", "took-part")
    assert len(councils) == 17
    for name in (
        "Brighton and Hove City Council",
        "Bristol City Council",
        "Cambridgeshire County Council",
        "Cornwall Council",
        "Derbyshire County Council",
        "Essex County Council",
        "London Borough of Havering",
        "London Borough of Islington",
        "Leicester City Council",
        "Monmouthshire County Council",
        "Reading Borough Council",
        "Rossendale Borough Council",
        "Rotherham Metropolitan Borough Council",
        "Stoke-on-Trent City Council",
        "City of Westminster",
        "Wigan Metropolitan Borough Council",
        "City of York Council",
    ):
        assert name in councils


def test_the_six_phase_2_councils_and_cornwalls_withdrawal(kg):
    selected = participants(kg, "creative-councils-phase-2", "selected")
    assert selected == sorted(
        [
            "Cornwall Council",
            "Derbyshire County Council",
            "Monmouthshire County Council",
            "Rotherham Metropolitan Borough Council",
            "Stoke-on-Trent City Council",
            "Wigan Metropolitan Borough Council",
        ]
    )
    assert participants(kg, "creative-councils-phase-2", "withdrew") == ["Cornwall Council"]
    [(date,)] = select(
        kg,
        """SELECT ?d WHERE { ?p cg:status/rdfs:label "withdrew" ; cg:relationFrom ?c ; cg:date ?d .
                                                ?c cg:gssCode "E06000052" }""",
    )
    assert date == "2013-04"


def test_leicester_and_rossendale_did_not_submit(kg):
    assert participants(kg, "creative-councils-phase-2", "did-not-submit") == [
        "Leicester City Council",
        "Rossendale Borough Council",
    ]


def test_the_programme_is_run_by_nesta_and_the_lga(kg):
    rows = select(kg, "SELECT ?name WHERE { ?o cg:runs programme:creative-councils ; rdfs:label ?name }")
    assert {r[0] for r in rows} >= {"Nesta", "Local Government Association"}


def test_named_initiatives_and_their_councils(kg):
    expected = {
        "We Live Here": "Brighton and Hove City Council",
        "Building a Better Bristol": "Bristol City Council",
        "Shaped by Us": "Cornwall Council",
        "Uni-fi": "Derbyshire County Council",
        "Your County Your Way": "Monmouthshire County Council",
        "Rotherham Ready": "Rotherham Metropolitan Borough Council",
        "GeniUS": "City of York Council",
        "Open Foundation Westminster": "City of Westminster",
    }
    for initiative, council in expected.items():
        rows = select(
            kg, "SELECT ?c WHERE { ?x cg:leads ?i . ?i rdfs:label ?name . ?x rdfs:label ?c }", name=Literal(initiative)
        )
        assert (council,) in rows, initiative


def test_cornwalls_partners_and_fund(kg):
    partners = select(
        kg,
        """SELECT ?name WHERE { ?r a cg:Partnership ; cg:relationFrom|cg:relationTo ?x ;
                             cg:relationFrom|cg:relationTo initiative:shaped-by-us . ?x rdfs:label ?name }""",
    )
    names = {r[0] for r in partners}
    assert {"Cisco", "Volunteer Cornwall", "Cornwall School of Social Entrepreneurs"} <= names
    amounts = select(
        kg,
        """SELECT ?v WHERE { ?f cg:figure ?fig . ?fig schema:value ?v ; cg:unit "GBP" .
                            ?f rdfs:label ?l FILTER(CONTAINS(LCASE(?l), "innovation fund")) }""",
    )
    assert ("3000000",) in amounts


def test_havering_and_newham_joint_service_with_a_social_impact_bond(kg):
    rows = select(
        kg,
        """SELECT ?other WHERE { ?r a cg:Partnership ; cg:relationFrom|cg:relationTo ?x, ?y .
        ?x cg:gssCode "E09000016" . ?y rdfs:label ?other FILTER(?x != ?y) }""",
    )
    assert any("Newham" in r[0] for r in rows)
    assert select(kg, "SELECT ?f WHERE { ?f a cg:Fund ; rdfs:label ?l FILTER(CONTAINS(?l, 'Social Impact Bond')) }")


def test_wigan_scholes_pilot_and_people_presenting(kg):
    rows = select(kg, "SELECT ?p WHERE { ?p rdfs:label 'Scholes' ; a cg:Place }")
    assert rows
    people = select(
        kg,
        """SELECT ?name ?role WHERE { ?r a cg:RoleHolding ; org:member ?p ; cg:roleLabel ?role .
                           ?p rdfs:label ?name }""",
    )
    names = {name for name, _ in people}
    assert {"Keith Cunliffe", "Stuart Cowley"} <= names
    assert any(
        "Cabinet Member for Health and Adult Social Care" in role for name, role in people if name == "Keith Cunliffe"
    )


def test_innovation_zone_sessions_have_councils(kg):
    rows = select(
        kg,
        """SELECT ?session (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?s dcterms:isPartOf event:lga-conference-2013-innovation-zone ; rdfs:label ?session .
        ?c cg:participatesIn|cg:presentsAt ?s . ?c a cg:Council } GROUP BY ?session""",
    )
    sessions = {name: int(n) for name, n in rows}
    assert len(sessions) >= 4
    assert all(n >= 3 for n in sessions.values())


def test_officers_contact_names_from_contact_boxes_are_not_people(kg):
    # the Wigan report's contact officers appear only with phone numbers and e-mail addresses
    for name in ("Mike Short", "Teresa Payne"):
        assert (None, RDFS.label, Literal(name)) not in kg


def test_councils_have_identity_from_the_register(kg):
    rows = select(
        kg,
        """SELECT ?c WHERE { ?c a cg:PrincipalCouncil .
        FILTER NOT EXISTS { ?c cg:gssCode ?g ; cg:nation ?n ; cg:region ?r ; schema:areaServed ?a } }""",
    )
    assert rows == []
    [(area, org_id)] = select(kg, "SELECT ?a ?o WHERE { council:wigan schema:areaServed ?a ; cg:orgId ?o }")
    assert area == "http://statistics.data.gov.uk/id/statistical-geography/E08000010"
    assert org_id == "GB-LAE-WGN"


def test_ocr_spellings_are_aliases_of_one_council(kg):
    rows = select(kg, "SELECT ?alias WHERE { ?c cg:gssCode 'E10000003' ; skos:altLabel ?alias }")
    assert ("Cambridge shire",) in rows
    stoke = select(kg, "SELECT ?c WHERE { ?c skos:altLabel 'Stoke' }")
    assert len(stoke) == 1 and stoke[0][0].endswith("/council/stoke-on-trent")


def test_one_node_per_council_across_documents(kg):
    rows = select(
        kg,
        """SELECT ?g (COUNT(DISTINCT ?s) AS ?n) WHERE { ?c a cg:PrincipalCouncil ; cg:gssCode ?g ;
                         prov:wasDerivedFrom ?s . ?s a cg:SourceDocument FILTER(?s != source:mysociety-uk-local-authorities) }
                         GROUP BY ?g""",
    )
    sources = {gss: int(n) for gss, n in rows}
    # York, Wigan, Bristol, Plymouth, Oldham
    for gss in ("E06000014", "E08000010", "E06000023", "E06000026", "E08000004"):
        assert sources[gss] >= 2, gss
    gss = select(kg, "SELECT ?g (COUNT(?c) AS ?n) WHERE { ?c cg:gssCode ?g } GROUP BY ?g HAVING (COUNT(?c) > 1)")
    assert gss == []


def test_newcastle_upon_tyne_and_under_lyme_stay_two(kg):
    rows = select(kg, "SELECT ?g WHERE { ?c cg:gssCode ?g ; rdfs:label ?l FILTER(CONTAINS(?l, 'Newcastle')) }")
    assert {"E08000021", "E07000195"} <= {r[0] for r in rows}


def test_genius_is_one_initiative_with_several_sources(kg):
    rows = select(kg, "SELECT DISTINCT ?s WHERE { initiative:genius prov:wasDerivedFrom/dcterms:identifier ?s }")
    assert {r[0] for r in rows} >= {"cc-action-plans-2012", "ccin-taskforce-submission"}


def test_no_entity_is_declared_twice_under_two_ids(kg):
    rows = select(
        kg,
        """SELECT ?l (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x rdfs:label ?l ;
        a ?t . FILTER(?t IN (cg:Organisation, cg:Initiative, cg:Person, cg:Programme, cg:Network, cg:Place))
        } GROUP BY ?l HAVING (COUNT(DISTINCT ?x) > 1)""",
    )
    assert rows == []
