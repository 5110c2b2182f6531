"""Every named query gives the answer the documents give.

Each expectation below was read from the source texts in data/sources/ (the passage is cited beside
it), with council names as the UK local-authority register (data/reference/) spells them, since that
is how the graph labels councils. The queries run through `councilgraph query NAME --format json`,
and the whole answer (every row, every column, in order) is compared. The same suite runs through
the Oxigraph stores in tests/test_stores.py.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from cli import cli
from graph.model.namespaces import PREFIXES
from graph.paths import PROJECT_ROOT
from graph.query.library import library
from tests.conftest import PARAMS

SOURCES = PROJECT_ROOT / "data" / "sources"

# Parameters the library's parameterised queries are tested with (also used by tests/test_stores.py).


def short(binding: dict | None) -> str:
    """A SPARQL JSON term as the tests write it: IRIs as prefixed names, literals as their text."""
    if binding is None:
        return ""
    if binding["type"] == "uri":
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
            if binding["value"].startswith(str(namespace)):
                return f"{prefix}:{binding['value'][len(str(namespace)) :]}"
        return binding["value"]
    return binding["value"]


def answer(name: str, params: dict[str, str] | None = None) -> tuple[list[str], list[tuple[str, ...]]]:
    args = ["query", name, "--format", "json"]
    for key, value in (PARAMS.get(name, {}) if params is None else params).items():
        args += ["--param", f"{key}={value}"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    variables = document["head"]["vars"]
    return variables, [tuple(short(row.get(v)) for v in variables) for row in document["results"]["bindings"]]


def by_name(members: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(members.items(), key=lambda item: item[1])


# --- what the documents list -----------------------------------------------------------------------

# cc-action-plans-2012: one heading per council of the initial pool ("Council Brighton & Hove",
# "Bristol", "Cambridge shire", ..., "Wigan", "York"); cc-update-2013 §2: "an initial pool of seventeen".
PHASE_1 = {
    "council:brighton-and-hove": "Brighton and Hove City Council",
    "council:city-of-bristol": "Bristol City Council",
    "council:cambridgeshire": "Cambridgeshire County Council",
    "council:westminster": "City of Westminster",
    "council:york": "City of York Council",
    "council:cornwall": "Cornwall Council",
    "council:derbyshire": "Derbyshire County Council",
    "council:essex": "Essex County Council",
    "council:leicester": "Leicester City Council",
    "council:havering": "London Borough of Havering",
    "council:islington": "London Borough of Islington",
    "council:monmouthshire": "Monmouthshire County Council",
    "council:reading": "Reading Borough Council",
    "council:rossendale": "Rossendale Borough Council",
    "council:rotherham": "Rotherham Metropolitan Borough Council",
    "council:stoke-on-trent": "Stoke-on-Trent City Council",
    "council:wigan": "Wigan Metropolitan Borough Council",
}
# cc-update-2013 §2 and cc-wigan-2013 §2-11: "Six Creative Councils ... selected to go forward under
# Phase 2": Rotherham, Monmouthshire, Derbyshire, Wigan, Stoke and Cornwall.
PHASE_2 = [
    "council:cornwall",
    "council:derbyshire",
    "council:monmouthshire",
    "council:rotherham",
    "council:stoke-on-trent",
    "council:wigan",
]

# ccin-taskforce-submission, footnote to "About us": "*Bassetlaw, Edinburgh, Glasgow, Knowsley, Lambeth,
# Liverpool, Newcastle, Newcastleunder-Lyme, Norwich, Oldham, Plymouth, Rochdale, Salford, Sandwell,
# Southampton, Stevenage, Sunderland, Telford and Wrekin, York" (Scotland: Edinburgh and Glasgow).
TASKFORCE = {
    "council:bassetlaw": "Bassetlaw District Council",
    "council:city-of-edinburgh": "City of Edinburgh Council",
    "council:glasgow-city": "Glasgow City Council",
    "council:knowsley": "Knowsley Metropolitan Borough Council",
    "council:lambeth": "London Borough of Lambeth",
    "council:liverpool": "Liverpool City Council",
    "council:newcastle-upon-tyne": "Newcastle City Council",
    "council:newcastle-under-lyme": "Newcastle-under-Lyme Borough Council",
    "council:norwich": "Norwich City Council",
    "council:oldham": "Oldham Metropolitan Borough Council",
    "council:plymouth": "Plymouth City Council",
    "council:rochdale": "Rochdale Metropolitan Borough Council",
    "council:salford": "Salford City Council",
    "council:sandwell": "Sandwell Metropolitan Borough Council",
    "council:southampton": "Southampton City Council",
    "council:stevenage": "Stevenage Borough Council",
    "council:sunderland": "Sunderland City Council",
    "council:telford-and-wrekin": "Telford & Wrekin Council",
    "council:york": "City of York Council",
}
SCOTTISH = {"council:city-of-edinburgh", "council:glasgow-city"}

# ccin-case-studies-2020, the Members list "Correct as at 1st May 2020": a first run of 29 councils
# (the front matter: "29 Full Councils"), a second of 17 ("17 Associates"), a third of 23 affiliates
# ("23 Affiliate Members", counting Workers Educational Association printed after the date line).
FULL_2020 = {
    "council:barking-and-dagenham": "London Borough of Barking and Dagenham",
    "council:bassetlaw": "Bassetlaw District Council",
    "council:brent": "London Borough of Brent",
    "council:city-of-bristol": "Bristol City Council",
    "council:cardiff": "City of Cardiff Council",
    "council:cheshire-west-and-chester": "Cheshire West and Chester Council",
    "council:croydon": "London Borough of Croydon",
    "council:glasgow-city": "Glasgow City Council",
    "council:greenwich": "Royal Borough of Greenwich",
    "council:kingston-upon-hull": "Hull City Council",
    "council:kirklees": "Kirklees Council",
    "council:knowsley": "Knowsley Metropolitan Borough Council",
    "council:lambeth": "London Borough of Lambeth",
    "council:milton-keynes": "Milton Keynes Council",
    "council:newcastle-upon-tyne": "Newcastle City Council",
    "council:north-hertfordshire": "North Hertfordshire District Council",
    "council:oldham": "Oldham Metropolitan Borough Council",
    "council:plymouth": "Plymouth City Council",
    "council:preston": "Preston City Council",
    "council:rochdale": "Rochdale Metropolitan Borough Council",
    "council:salford": "Salford City Council",
    "council:sandwell": "Sandwell Metropolitan Borough Council",
    "council:southampton": "Southampton City Council",
    "council:south-ribble": "South Ribble Borough Council",
    "council:south-tyneside": "South Tyneside Council",
    "council:stevenage": "Stevenage Borough Council",
    "council:sunderland": "Sunderland City Council",
    "council:tameside": "Tameside Metropolitan Borough Council",
    "council:telford-and-wrekin": "Telford & Wrekin Council",
}
ASSOCIATES_2020 = {  # (name, kind): town and community councils are local councils; GMCA a combined authority
    "localcouncil:burntwood-town-council": ("Burntwood Town Council", "local council"),
    "localcouncil:billingham-town-council": ("Billingham Town Council", "local council"),
    "organisation:edinburgh-labour-and-co-op-group": ("Edinburgh Labour & Co-op Group", "organisation"),
    "organisation:gloucester-labour-group": ("Gloucester Labour Group", "organisation"),
    "council:greater-manchester": ("Greater Manchester Combined Authority", "combined authority"),
    "localcouncil:halewood-town-council": ("Halewood Town Council", "local council"),
    "organisation:hillingdon-labour-and-co-op-group": ("Hillingdon Labour & Co-op Group", "organisation"),
    "organisation:medway-labour-and-co-op-group": ("Medway Labour & Co-op Group", "organisation"),
    "organisation:newcastle-u-lyme-labour-and-co-op-group": ("Newcastle-U-Lyme Labour & Co-op Group", "organisation"),
    "organisation:north-warwickshire-labour-group": ("North Warwickshire Labour Group", "organisation"),
    "organisation:peterborough-labour-group": ("Peterborough Labour Group", "organisation"),
    "organisation:renfrewshire-labour-group": ("Renfrewshire Labour Group", "organisation"),
    "localcouncil:seaton-valley-council": ("Seaton Valley Council", "local council"),
    "organisation:staffordshire-labour-and-co-op-group": ("Staffordshire Labour & Co-op Group", "organisation"),
    "localcouncil:winsford-town-council": ("Winsford Town Council", "local council"),
    "localcouncil:woughton-community-council": ("Woughton Community Council", "local council"),
    "organisation:york-labour-group": ("York Labour Group", "organisation"),
}
AFFILIATES_2020 = {  # printed "40C"; the graph names the company 4OC
    "organisation:4oc": "4OC",
    "organisation:bates-wells": "Bates Wells",
    "organisation:behaviouralist": "The Behaviouralist",
    "organisation:branding-coop": "Branding.coop",
    "organisation:c-co": "C.Co",
    "organisation:co-operative-college": "The Co-operative College",
    "organisation:co-operatives-uk": "Co-operatives UK",
    "organisation:development-coop": "Development.coop",
    "organisation:governance-international": "Governance International",
    "organisation:ideas-alliance": "Ideas Alliance",
    "organisation:locality": "Locality",
    "organisation:marks-out-of-tenancy": "Marks Out Of Tenancy",
    "organisation:oxygen-finance": "Oxygen Finance",
    "organisation:peopletoo": "Peopletoo",
    "organisation:power-to-change": "Power to Change",
    "organisation:public-service-transformation-academy": "Public Service Transformation Academy",
    "organisation:redquadrant": "RedQuadrant",
    "organisation:royal-society-of-arts": "Royal Society of Arts",
    "organisation:e3m": "E3M",
    "organisation:social-value-exchange": "Social Value Exchange",
    "organisation:trueman-change": "Trueman Change",
    "organisation:unlimited-potential": "Unlimited Potential",
    "organisation:workers-educational-association": "Workers Educational Association",
}


def test_the_lists_as_read_from_the_documents_have_the_stated_sizes():
    # the documents' own counts, read from the texts, against the lists typed above
    texts = {p.name[:3]: " ".join(p.read_text(encoding="utf-8").split()) for p in SOURCES.glob("*.txt")}
    words = {"six": 6, "seventeen": 17}
    pool = re.search(r"(\w+) Creative Councils from an initial pool of (\w+) in Phase 1 were selected", texts["001"])
    assert pool is not None and (words[pool[2].lower()], words[pool[1].lower()]) == (len(PHASE_1), len(PHASE_2))
    tiers = re.search(r"comprises (\d+) Full Councils, (\d+) Associates and (\d+) Affiliate Members", texts["003"])
    assert tiers is not None
    assert tuple(map(int, tiers.groups())) == (len(FULL_2020), len(ASSOCIATES_2020), len(AFFILIATES_2020))
    network = re.search(r"member network of (\d+) local authorities", texts["004"])
    footnote = re.search(r"\\\*(Bassetlaw, .*?, York)", texts["004"])
    assert network is not None and footnote is not None
    assert int(network[1]) == len(footnote[1].split(", ")) == len(TASKFORCE)


def test_every_named_query_has_a_test_here():
    tested = {name.removeprefix("test_").replace("_", "-") for name in globals() if name.startswith("test_")}
    assert sorted(set(library()) - tested) == []


# --- Creative Councils ---------------------------------------------------------------------------


def test_creative_councils_phase_1():
    assert answer("creative-councils-phase-1") == (["council", "name"], by_name(PHASE_1))


def test_creative_councils_phase_2():
    # both 2013 documents report the six
    expected = sorted(
        ((c, PHASE_1[c], s) for c in PHASE_2 for s in ("cc-update-2013", "cc-wigan-2013")),
        key=lambda row: (row[1], row[2]),
    )
    assert answer("creative-councils-phase-2") == (["council", "name", "source"], expected)


def test_creative_councils_projects():
    plans, update, wigan = "cc-action-plans-2012", "cc-update-2013", "cc-wigan-2013"
    projects = [
        # cc-action-plans-2012, one section per council of the initial pool (its title: "Creative Councils Action
        # Plans"): the initiative the section presents as the council's idea
        # "Brighton & Hove's 'We Live Here' project ... In phase 1 of Creative Councils this approach was piloted"
        ("council:brighton-and-hove", "we-live-here", "We Live Here", [plans]),
        # "'Building a Better Bristol' project aims to create a community investment fund"
        ("council:city-of-bristol", "building-a-better-bristol", "Building a Better Bristol", [plans]),
        # "The project aims to address the challenge of personal mobility and public transport in rural areas"
        (
            "council:cambridgeshire",
            "cambridgeshire-community-transport-co-production",
            "Cambridgeshire community transport co-production",
            [plans],
        ),
        # "Westminster aims to create a new unit (Open Foundation Westminster) within the council"
        ("council:westminster", "open-foundation-westminster", "Open Foundation Westminster", [plans]),
        # "In phase 2 of Creative Councils, York is seeking support to scale the GeniUS approach"
        ("council:york", "genius", "GeniUS", [plans]),
        # "Cornwall's "Shaped by Us" project forms the centre-piece of their innovation strategy"; cc-update-2013 §2
        # "Cornwall was implementing 'Shaped by Us'"; cc-wigan-2013 §6 "Cornwall is implementing 'Shaped by Us'"
        ("council:cornwall", "shaped-by-us", "Shaped by Us", [plans, update, wigan]),
        # "It also intends to provide social pedagogy training to all staff working with children in care" ... "In
        # phase 2 of Creative Councils, they are seeking support to ... create a product that draws together all
        # the elements described above"
        (
            "council:derbyshire",
            "derbyshire-social-pedagogy-training",
            "Derbyshire social pedagogy training",
            [plans],
        ),
        # "In phase 2 of Creative Councils, they are seeking support to formally evaluate the pilot stage of
        # Uni-fi"; cc-update-2013 §2 and cc-wigan-2013 §8 "Derbyshire are developing 'Uni-fi'"
        ("council:derbyshire", "uni-fi", "Uni-fi", [plans, update, wigan]),
        # "Essex aims to incentivise socially responsible and money saving behaviours amongst residents"
        ("council:essex", "essex-behaviour-change-incentives", "Essex behaviour change incentives", [plans]),
        # "The council had partnered with the local university to harness the skills they have to offer to
        # develop solutions" (then "However they decided not to make a submission to phase 2")
        (
            "council:leicester",
            "leicester-university-partnership",
            "Leicester university partnership for community solutions",
            [plans],
        ),
        # "They now want to begin a fundamental rethink of foster care in Havering"
        ("council:havering", "havering-foster-care-redesign", "Havering foster care redesign", [plans]),
        # "Islington aims to develop a new service model for young people's services"
        (
            "council:islington",
            "islington-young-peoples-services-co-commissioning",
            "Islington young people's services co-commissioning model",
            [plans],
        ),
        # "Monmouthshire County Council's "Your County Your Way" aims to change the culture of the organisation";
        # cc-update-2013 §2 and cc-wigan-2013 §5 "Monmouthshire is implementing 'Your County Your Way'"
        ("council:monmouthshire", "your-county-your-way", "Your County Your Way", [plans, update, wigan]),
        # "The foundation of this project stems from their prior engagement with Nesta's Transforming Early Years"
        ("council:reading", "reading-cultural-change-project", "Reading cultural change project", [plans]),
        # "The council had aimed to build on its successful 'Community Animators' programme by recruiting new
        # cohorts of trained community representatives"
        (
            "council:rossendale",
            "rossendale-community-animators-expansion",
            "Rossendale Community Animators expansion",
            [plans],
        ),
        # "an enterprise education programme, Rotherham Ready ... In their phase 1 work the Rotherham Ready team";
        # cc-wigan-2013 §10 "Rotherham are developing 'Rotherham Ready'" (cc-update-2013 §2 names only the
        # spun-out 'Ready Unlimited' and its pilot, Ready Hubs)
        ("council:rotherham", "rotherham-ready", "Rotherham Ready", [plans, wigan]),
        # "Stoke's goal is to become an energy self-sufficient "Great Working City""; cc-update-2013 §2 and
        # cc-wigan-2013 §11 "Stoke are developing their goal to become an energy sufficient 'Great Working City'"
        ("council:stoke-on-trent", "great-working-city", "Great Working City", [plans, update, wigan]),
        # "Wigan proposes to create a new economic model for social care"; cc-update-2013 §2 "Wigan are creating a
        # new economic model for social care"; cc-wigan-2013 "progress made by Wigan Council with their Creative
        # Councils project"
        (
            "council:wigan",
            "wigan-new-economic-model-for-social-care",
            "Wigan new economic model for social care",
            [plans, update, wigan],
        ),
    ]
    # every council of the initial pool has a project
    assert {council for council, *_ in projects} == set(PHASE_1)
    expected = sorted(
        (
            (council, PHASE_1[council], f"initiative:{project}", name, source)
            for council, project, name, sources in projects
            for source in sources
        ),
        key=lambda row: (row[1], row[3], row[4]),
    )
    assert answer("creative-councils-projects") == (
        ["council", "name", "project", "projectName", "source"],
        expected,
    )


def test_creative_councils_withdrawals():
    # cc-update-2013 §2: "Cornwall was implementing 'Shaped by Us' ... It withdrew from the programme in April 2013"
    assert answer("creative-councils-withdrawals") == (
        ["council", "name", "phase", "when", "source", "quote"],
        [
            (
                "council:cornwall",
                "Cornwall Council",
                "Creative Councils Phase 2",
                "2013-04",
                "cc-update-2013",
                "It withdrew from the programme in April 2013",
            )
        ],
    )


def test_creative_councils_no_phase_2_bid():
    # cc-action-plans-2012, Leicester and Rossendale: "However they decided not to make a submission to phase 2"
    assert answer("creative-councils-no-phase-2-bid") == (
        ["council", "name", "quote"],
        [
            (
                "council:leicester",
                "Leicester City Council",
                "a planned widespread community consultation process. However they decided not to make a submission to phase 2",
            ),
            (
                "council:rossendale",
                "Rossendale Borough Council",
                "This should have enabled the council to tailor its services more appropriately to users' needs. "
                "However they decided not to make a submission to phase 2",
            ),
        ],
    )


def test_phase_1_not_selected_for_phase_2():
    expected = by_name({iri: name for iri, name in PHASE_1.items() if iri not in PHASE_2})
    assert len(expected) == 11
    assert answer("phase-1-not-selected-for-phase-2") == (["council", "name"], expected)


def test_creative_councils_organisations():
    # cc-update-2013 §1 "a joint initiative between NESTA and the LGA" (cc-wigan-2013 §1: "joint programme");
    # §5 "drafted by Charlie Leadbeater and Sophia Parker"; §6 "the Innovation Unit will be sourcing networks
    # and organisations"; §7 "NESTA will develop an account of what the programme did";
    # cc-action-plans-2012, its title: "Summary for Improvement Board".
    draft = "will draft an overarching account of the insights from the programme"
    assert answer("creative-councils-organisations") == (
        ["who", "name", "relation", "role", "source"],
        [
            ("person:charlie-leadbeater", "Charlie Leadbeater", "OtherRelation", draft, "cc-update-2013"),
            (
                "organisation:innovation-unit",
                "Innovation Unit",
                "OtherRelation",
                "sourcing networks and organisations to partner with the councils for diffusion and scaling",
                "cc-update-2013",
            ),
            # the Improvement Board of the 2012 title is the LGA's Improvement and Innovation Board (tests/test_identity.py)
            (
                "organisation:lga-improvement-and-innovation-board",
                "LGA Improvement and Innovation Board",
                "OtherRelation",
                "received this summary of the Creative Councils action plans",
                "cc-action-plans-2012",
            ),
            ("organisation:lga", "Local Government Association", "Stewardship", "", "cc-update-2013"),
            ("organisation:lga", "Local Government Association", "Stewardship", "", "cc-wigan-2013"),
            (
                "organisation:nesta",
                "Nesta",
                "OtherRelation",
                "will develop an account of what the programme did and collate its artefacts",
                "cc-update-2013",
            ),
            ("organisation:nesta", "Nesta", "Stewardship", "", "cc-update-2013"),
            ("organisation:nesta", "Nesta", "Stewardship", "", "cc-wigan-2013"),
            ("person:sophia-parker", "Sophia Parker", "OtherRelation", draft, "cc-update-2013"),
        ],
    )


def test_creative_councils_timeline():
    assert answer("creative-councils-timeline") == (
        ["when", "what", "status", "source"],
        [
            # cc-wigan-2013 §19 "a twelve-month period from May 2012" in Scholes
            ("2012-05", "Wigan new economic model for social care is located in Scholes", "", "cc-wigan-2013"),
            # cc-action-plans-2012, its title: "Summary for Improvement Board 15th May 2012"
            (
                "2012-05-15",
                "Creative Councils Action Plans: Summary for Improvement Board is addressed to "
                "LGA Improvement and Innovation Board",
                "",
                "cc-action-plans-2012",
            ),
            (
                "2012-05-15",
                "LGA Improvement and Innovation Board is related to Creative Councils",
                "",
                "cc-action-plans-2012",
            ),
            # cc-wigan-2013 §4 "attended the Improvement Innovation Board on 17th September 2012"
            ("2012-09-17", "LGA Improvement and Innovation Board meeting, 17 September 2012", "", "cc-wigan-2013"),
            # cc-wigan-2013 §19 "roll out the model more widely across Wigan from the summer of 2013"
            (
                "2013",
                "Wigan new economic model for social care is located in Wigan Metropolitan Borough Council",
                "",
                "cc-wigan-2013",
            ),
            # cc-update-2013 §14 "At the meeting on 15th January the LGA IIB Board were updated"
            ("2013-01-15", "LGA Improvement and Innovation Board meeting, 15 January 2013", "", "cc-update-2013"),
            # cc-wigan-2013 §7 "attended the Children and Young Persons Board on 21st January 2013"
            ("2013-01-21", "LGA Children and Young Persons Board meeting, 21 January 2013", "", "cc-wigan-2013"),
            # cc-update-2013, Appendix A: "a pilot 'Innovation Master class' on 20th/21st February 2013"
            ("2013-02-20", "Innovation Master class", "", "cc-update-2013"),
            # cc-update-2013 §10 "agreed by Improvement and Innovation Board on 19th March 2013"
            (
                "2013-03-19",
                "LGA Improvement and Innovation Board is related to LGA Innovation Programme",
                "",
                "cc-update-2013",
            ),
            # cc-update-2013 §2 Cornwall "withdrew from the programme in April 2013"
            ("2013-04", "Cornwall Council withdrew from Creative Councils Phase 2", "withdrew", "cc-update-2013"),
            # cc-wigan-2013 §9 "the Economy and Transport Board's 'Town Hall Debate' meeting on 22nd April in Manchester"
            (
                "2013-04-22",
                "Rotherham Metropolitan Borough Council participates in Economy and Transport Board "
                "'Town Hall Debate' meeting, Manchester",
                "took-part",
                "cc-wigan-2013",
            ),
            # cc-update-2013 §9 "#our day ... during local democracy week 14th -20th October"
            ("2013-10", "Derbyshire County Council participates in #our day", "took-part", "cc-update-2013"),
            # cc-update-2013 §9 "a Creative Councils dissemination event planned for 20th November" (the update is of
            # September 2013)
            ("2013-11-20", "Creative Councils dissemination event", "", "cc-update-2013"),
            # cc-update-2013 §9 "to present at the i-Network Annual Conference on 27th November"
            (
                "2013-11-27",
                "Monmouthshire County Council presents at i-Network Annual Conference",
                "",
                "cc-update-2013",
            ),
        ],
    )


def test_innovation_zone_award_winners():
    # cc-update-2013, Appendix B, "E. Award winners in innovation": six councils, as printed
    assert answer("innovation-zone-award-winners") == (
        ["council", "name", "quote"],
        [
            (
                "council:york",
                "City of York Council",
                "York City Council – a demonstration of the York App for "
                "tourists, exploring salary sacrifice for staff tools and GeniUS innovation fund",
            ),
            (
                "council:derbyshire",
                "Derbyshire County Council",
                "Derbyshire Creative Council – showcasing ‘Uni-fi’, "
                "a bespoke package of support aimed at developing aspiration amongst young people in care",
            ),
            (
                "council:southend-on-sea",
                "Southend-on-Sea Borough Council",
                "Southend-on-Sea Borough Council - creating innovation fit councils",
            ),
            (
                "council:stoke-on-trent",
                "Stoke-on-Trent City Council",
                "Stoke Creative Council - developing its goal to become an energy sufficient ‘Great Working City’",
            ),
            (
                "council:suffolk",
                "Suffolk County Council",
                "Suffolk County Council - getting mobile apps onto school curriculums",
            ),
            (
                "council:wigan",
                "Wigan Metropolitan Borough Council",
                "Wigan Creative Council – creating a new economic model for social care",
            ),
        ],
    )


# --- the Co-operative Councils' Innovation Network ---------------------------------------------------


def test_ccin_members_per_tier():
    assert answer("ccin-members-per-tier") == (
        ["source", "asAt", "tier", "members"],
        [
            ("ccin-case-studies-2020", "2020-05-01", "Affiliate", "23"),
            ("ccin-case-studies-2020", "2020-05-01", "Associate", "17"),
            ("ccin-case-studies-2020", "2020-05-01", "Full", "29"),
            ("ccin-taskforce-submission", "2014", "", "19"),
        ],
    )


def test_ccin_members_2020():
    expected = [
        ("Associate", iri, name, kind)
        for iri, (name, kind) in sorted(ASSOCIATES_2020.items(), key=lambda item: item[1][0])
    ]
    assert answer("ccin-members-2020") == (["tier", "member", "name", "kind"], expected)


def test_ccin_members_2020_other_tiers():
    for tier, members in (("Full", FULL_2020), ("Affiliate", AFFILIATES_2020)):
        kind = "principal council" if tier == "Full" else "organisation"
        _, rows = answer("ccin-members-2020", {"tier": tier})
        assert rows == [(tier, iri, name, kind) for iri, name in by_name(members)]


def test_ccin_taskforce_members():
    expected = [(iri, name, "Scotland" if iri in SCOTTISH else "England") for iri, name in by_name(TASKFORCE)]
    assert answer("ccin-taskforce-members") == (["council", "name", "nation"], expected)


def test_ccin_members_in_both_snapshots():
    both = {iri: name for iri, name in TASKFORCE.items() if iri in FULL_2020}
    assert len(both) == 14
    assert answer("ccin-members-in-both-snapshots") == (
        ["council", "name", "tier2020"],
        [(iri, name, "Full") for iri, name in by_name(both)],
    )


def test_ccin_joined_after_taskforce():
    tiers = [
        ("Affiliate", AFFILIATES_2020),
        ("Associate", {k: v[0] for k, v in ASSOCIATES_2020.items()}),
        ("Full", FULL_2020),
    ]
    expected = [(iri, name, tier) for tier, members in tiers for iri, name in by_name(members) if iri not in TASKFORCE]
    assert len(expected) == 69 - 14
    assert answer("ccin-joined-after-taskforce") == (["member", "name", "tier"], expected)


def test_ccin_no_longer_listed():
    # of the 19, five are not on the 2020 list; three of them have their Labour (& Co-op) group listed
    # among the 2020 Associates ("Edinburgh Labour & Co-op Group", "Newcastle-U-Lyme Labour & Co-op Group",
    # "York Labour Group")
    assert answer("ccin-no-longer-listed") == (
        ["council", "name", "groupListedIn2020"],
        [
            ("council:city-of-edinburgh", "City of Edinburgh Council", "Edinburgh Labour & Co-op Group"),
            ("council:york", "City of York Council", "York Labour Group"),
            ("council:liverpool", "Liverpool City Council", ""),
            (
                "council:newcastle-under-lyme",
                "Newcastle-under-Lyme Borough Council",
                "Newcastle-U-Lyme Labour & Co-op Group",
            ),
            ("council:norwich", "Norwich City Council", ""),
        ],
    )


def test_ccin_member_in_2020():
    # ASK: exit code 0 and "true" for a listed member; 1 and "false" for York, listed only in c. 2014
    result = CliRunner().invoke(cli, ["query", "ccin-member-in-2020", "--param", "member=Bristol"])
    assert (result.exit_code, result.output) == (0, "true\n")
    result = CliRunner().invoke(cli, ["query", "ccin-member-in-2020", "--param", "member=York"])
    assert (result.exit_code, result.output) == (1, "false\n")


def test_ccin_members_by_region():
    # the 29 Full councils and the Greater Manchester Combined Authority, placed by the register:
    # London 5 (Barking and Dagenham, Brent, Croydon, Greenwich, Lambeth); North West 9 (Cheshire West and
    # Chester, GMCA, Knowsley, Oldham, Preston, Rochdale, Salford, South Ribble, Tameside); ...
    assert answer("ccin-members-by-region") == (
        ["nation", "region", "councils"],
        [
            ("England", "East Midlands", "1"),
            ("England", "East of England", "2"),
            ("England", "London", "5"),
            ("England", "North East", "3"),
            ("England", "North West", "9"),
            ("England", "South East", "2"),
            ("England", "South West", "2"),
            ("England", "West Midlands", "2"),
            ("England", "Yorkshire and The Humber", "2"),
            ("Scotland", "Scotland", "1"),
            ("Wales", "Wales", "1"),
        ],
    )


def test_ccin_affiliates_working_with_councils():
    # ccin-case-studies-2020, contents: "40C working with Bristol City Council", "Bates Wells working with the
    # London Borough of Lewisham", ..., "Locality working with Bristol City Council and Power to Change",
    # "Power to Change working with Kirklees Council", "Unlimited Potential working with Salford and Rochdale Councils"
    pairs = [
        ("4oc", "city-of-bristol", "Bristol City Council"),
        ("bates-wells", "lewisham", "London Borough of Lewisham"),
        ("co-operatives-uk", "plymouth", "Plymouth City Council"),
        ("e3m", "oldham", "Oldham Metropolitan Borough Council"),
        ("ideas-alliance", "dudley", "Dudley Metropolitan Borough Council"),
        ("locality", "city-of-bristol", "Bristol City Council"),
        ("marks-out-of-tenancy", "nottingham", "Nottingham City Council"),
        ("oxygen-finance", "bexley", "London Borough of Bexley"),
        ("peopletoo", "kirklees", "Kirklees Council"),
        ("power-to-change", "city-of-bristol", "Bristol City Council"),
        ("power-to-change", "kirklees", "Kirklees Council"),
        ("redquadrant", "west-lancashire", "West Lancashire Borough Council"),
        ("social-value-exchange", "tower-hamlets", "London Borough of Tower Hamlets"),
        ("unlimited-potential", "rochdale", "Rochdale Metropolitan Borough Council"),
        ("unlimited-potential", "salford", "Salford City Council"),
    ]
    expected = [
        (f"organisation:{a}", AFFILIATES_2020[f"organisation:{a}"], f"council:{c}", name) for a, c, name in pairs
    ]
    assert answer("ccin-affiliates-working-with-councils") == (
        ["affiliate", "name", "council", "councilName"],
        expected,
    )


def test_ccin_full_members_without_initiatives_2020():
    # the contents of ccin-case-studies-2020 list a case study for 25 of the 29 Full councils; these four have none
    assert answer("ccin-full-members-without-initiatives-2020") == (
        ["council", "name"],
        [
            ("council:cheshire-west-and-chester", "Cheshire West and Chester Council"),
            ("council:barking-and-dagenham", "London Borough of Barking and Dagenham"),
            ("council:north-hertfordshire", "North Hertfordshire District Council"),
            ("council:south-ribble", "South Ribble Borough Council"),
        ],
    )


def test_creative_councils_and_ccin():
    # of the 17 Phase 1 councils, Bristol is a Full member in 2020 and York a member in c. 2014
    assert sorted(set(PHASE_1) & (set(FULL_2020) | set(TASKFORCE))) == ["council:city-of-bristol", "council:york"]
    assert answer("creative-councils-and-ccin") == (
        ["council", "name", "ccinList", "asAt"],
        [
            ("council:city-of-bristol", "Bristol City Council", "ccin-case-studies-2020", "2020-05-01"),
            # the taskforce submission is undated; its list is as at 2014, the year the manifest gives it
            ("council:york", "City of York Council", "ccin-taskforce-submission", "2014"),
        ],
    )


# --- partners, initiatives, places ---------------------------------------------------------------------


def test_partners_of_council():
    # cc-wigan-2013 §21: "They have assembled a strong team of partners. These include local health and social
    # care professionals, the School for Social Entrepreneurs, Community Catalysts, the New Economics Foundation
    # and most importantly, a set of community activists within Scholes"
    via = "Wigan new economic model for social care"
    team = "partner in Wigan's team of partners"
    assert answer("partners-of-council") == (
        ["council", "partner", "name", "via", "role", "source"],
        [
            ("council:wigan", "organisation:community-catalysts", "Community Catalysts", via, team, "cc-wigan-2013"),
            (
                "council:wigan",
                "organisation:scholes-community-activists",
                "Community activists within Scholes",
                via,
                "most important partner; work alongside the Council in making the model a reality",
                "cc-wigan-2013",
            ),
            (
                "council:wigan",
                "organisation:new-economics-foundation",
                "New Economics Foundation",
                via,
                team,
                "cc-wigan-2013",
            ),
            (
                "council:wigan",
                "organisation:school-for-social-entrepreneurs",
                "School for Social Entrepreneurs",
                via,
                team,
                "cc-wigan-2013",
            ),
        ],
    )


def test_partners_of_council_by_any_alias():
    # the same answer whatever name the council is given by
    expected = answer("partners-of-council")
    for alias in ("wigan", "WIGAN METROPOLITAN BOROUGH COUNCIL", "E08000010", "council:wigan", "Wigan Council"):
        result = CliRunner().invoke(
            cli, ["query", "partners-of-council", "--format", "json", "--param", f"council={alias}"]
        )
        document = json.loads(result.output)
        rows = [tuple(short(b.get(v)) for v in document["head"]["vars"]) for b in document["results"]["bindings"]]
        assert (document["head"]["vars"], rows) == expected, alias


def test_partners_of_ccin_members_2020():
    # each pair read from the case studies (ccin-case-studies-2020) or, for Oldham's Jobcentre Plus and Plymouth's
    # education partners, from the taskforce submission's case studies
    pairs = [
        ("4oc", "4OC", "city-of-bristol", "ccin-case-studies-2020"),  # "BCC engaged 4OC"
        ("arts-council-england", "Arts Council England", "stevenage", "ccin-case-studies-2020"),
        ("stevenage-arts-and-heritage-forum", "Arts and Heritage Forum", "stevenage", "ccin-case-studies-2020"),
        ("bo-peeps-nursery", "Bo Peeps Nursery", "greenwich", "ccin-case-studies-2020"),
        ("cles", "CLES", "preston", "ccin-case-studies-2020"),
        ("co-operatives-uk", "Co-operatives UK", "plymouth", "ccin-case-studies-2020"),
        ("co-operative-care-colne-valley", "Cooperative Care Colne Valley", "kirklees", "ccin-case-studies-2020"),
        ("e3m", "E3M", "oldham", "ccin-case-studies-2020"),
        ("sandwell-libraries-federation-of-friends", "Federation of friends", "sandwell", "ccin-case-studies-2020"),
        ("govanhill-housing-association", "Govanhill Housing Association", "glasgow-city", "ccin-case-studies-2020"),
        (
            "greenwich-cooperative-development-agency",
            "Greenwich Cooperative Development Agency",
            "greenwich",
            "ccin-case-studies-2020",
        ),
        ("greenwich-leisure-limited", "Greenwich Leisure Limited", "greenwich", "ccin-case-studies-2020"),
        ("humber-nhs-trust", "Humber NHS Trust", "kingston-upon-hull", "ccin-case-studies-2020"),
        ("jigsaw-homes", "Jigsaw Homes", "tameside", "ccin-case-studies-2020"),
        ("jobcentre-plus", "Jobcentre Plus", "kingston-upon-hull", "ccin-case-studies-2020"),
        ("jobcentre-plus", "Jobcentre Plus", "oldham", "ccin-taskforce-submission"),
        ("junction-7-creatives", "Junction 7 Creatives", "stevenage", "ccin-case-studies-2020"),
        ("knowsley-community-college", "Knowsley Community College", "knowsley", "ccin-case-studies-2020"),
        ("ldn-apprenticeships", "LDN Apprenticeships", "lambeth", "ccin-case-studies-2020"),
        ("lakeview-court", "Lakeview Court", "greenwich", "ccin-case-studies-2020"),
        ("lipson-co-operative-academy", "Lipson Co-operative Academy", "plymouth", "ccin-taskforce-submission"),
        ("locality", "Locality", "city-of-bristol", "ccin-case-studies-2020"),
        ("mind", "Mind", "oldham", "ccin-case-studies-2020"),
        ("paph-cic", "PAPH CIC", "plymouth", "ccin-taskforce-submission"),
        ("pennine-care-nhs-trust", "Pennine Care NHS trust", "tameside", "ccin-case-studies-2020"),
        ("peopletoo", "Peopletoo", "kirklees", "ccin-case-studies-2020"),
        (
            "plymouth-adult-and-community-learning-service",
            "Plymouth Adult and Community Learning Service",
            "plymouth",
            "ccin-taskforce-submission",
        ),
        (
            "plymouth-association-of-primary-headteachers",
            "Plymouth Association of Primary Headteachers",
            "plymouth",
            "ccin-taskforce-submission",
        ),
        ("plymouth-college-of-art", "Plymouth College of Art", "plymouth", "ccin-taskforce-submission"),
        (
            "plymouth-teaching-school-alliance",
            "Plymouth Teaching School Alliance",
            "plymouth",
            "ccin-taskforce-submission",
        ),
        ("power-to-change", "Power to Change", "city-of-bristol", "ccin-case-studies-2020"),
        ("power-to-change", "Power to Change", "kirklees", "ccin-case-studies-2020"),
        ("primrose-parks-alliance", "Primrose Parks Alliance", "south-tyneside", "ccin-case-studies-2020"),
        ("quay-interiors", "Quay Interiors", "salford", "ccin-case-studies-2020"),
        (
            "sandwell-libraries-friends-groups",
            "Sandwell libraries friends' groups",
            "sandwell",
            "ccin-case-studies-2020",
        ),
        ("sero-energy", "Sero Energy", "cardiff", "ccin-case-studies-2020"),
        ("sheila-bird", "Sheila Bird", "salford", "ccin-case-studies-2020"),
        ("social-enterprise-academy", "Social Enterprise Academy", "lambeth", "ccin-case-studies-2020"),
        (
            "social-prescribing-innovation-partnership",
            "Social Prescribing Innovation Partnership",
            "oldham",
            "ccin-case-studies-2020",
        ),
        (
            "southampton-cooperative-learning-trust",
            "Southampton Cooperative Learning Trust",
            "southampton",
            "ccin-case-studies-2020",
        ),
        ("stevenage-museum", "Stevenage Museum", "stevenage", "ccin-case-studies-2020"),
        ("sunderland-football-club", "Sunderland Football Club", "sunderland", "ccin-case-studies-2020"),
        (
            "tameside-and-glossop-integrated-nhs-foundation-trust",
            "Tameside & Glossop Integrated NHS Foundation Trust",
            "tameside",
            "ccin-case-studies-2020",
        ),  # printed "Tameside Hospital"
        ("tameside-college", "Tameside College", "tameside", "ccin-case-studies-2020"),
        ("unlimited-potential", "Unlimited Potential", "rochdale", "ccin-case-studies-2020"),
        ("unlimited-potential", "Unlimited Potential", "salford", "ccin-case-studies-2020"),
        ("vista-field-nursery", "Vista Field nursery", "greenwich", "ccin-case-studies-2020"),
        (
            "sunderland-vcse-alliance",
            "Voluntary, Community and Social Enterprise Alliance",
            "sunderland",
            "ccin-case-studies-2020",
        ),
        ("waterways-nursery", "Waterways Nursery", "greenwich", "ccin-case-studies-2020"),
        ("wates-residential", "Wates Residential", "cardiff", "ccin-case-studies-2020"),
        ("westcombe-park-care-home", "Westcombe Park Care Home", "greenwich", "ccin-case-studies-2020"),
        ("zed-pods", "ZED Pods", "city-of-bristol", "ccin-case-studies-2020"),
    ]
    expected = [
        (f"organisation:{p}", name, f"council:{c}", FULL_2020[f"council:{c}"], source) for p, name, c, source in pairs
    ]
    assert answer("partners-of-ccin-members-2020") == (
        ["partner", "name", "council", "councilName", "source"],
        expected,
    )


def test_initiatives_of_council():
    # Wigan's project in all three Creative Councils documents; its Community Credits in the 2012 summary;
    # cc-wigan-2013 §20: "embedded in ... the Corporate Strategy; ... their Health and Wellbeing Strategy"
    model = (
        "council:wigan",
        "initiative:wigan-new-economic-model-for-social-care",
        "Wigan new economic model for social care",
    )
    assert answer("initiatives-of-council") == (
        ["council", "initiative", "name", "source"],
        [
            ("council:wigan", "initiative:wigan-corporate-strategy", "Corporate Strategy", "cc-wigan-2013"),
            (
                "council:wigan",
                "initiative:wigan-health-and-wellbeing-strategy",
                "Health and Wellbeing Strategy",
                "cc-wigan-2013",
            ),
            ("council:wigan", "initiative:wigan-community-credits", "Wigan Community Credits", "cc-action-plans-2012"),
            model + ("cc-action-plans-2012",),
            model + ("cc-update-2013",),
            model + ("cc-wigan-2013",),
        ],
    )


def test_initiatives_per_council():
    # cc-wigan-2013: Wigan's model, Corporate Strategy and Health and Wellbeing Strategy (§3, §12, §20);
    # Monmouthshire's 'Your County Your Way' and its 'Intrapreneurship School' (§5); Cornwall 'Shaped by Us' (§6);
    # Derbyshire 'Uni-fi' (§8); Rotherham 'Rotherham Ready' (§10); Stoke 'Great Working City' (§11)
    source = "source:cc-wigan-2013"
    assert answer("initiatives-per-council") == (
        ["source", "council", "name", "initiatives"],
        [
            (source, "council:wigan", "Wigan Metropolitan Borough Council", "3"),
            (source, "council:monmouthshire", "Monmouthshire County Council", "2"),
            (source, "council:cornwall", "Cornwall Council", "1"),
            (source, "council:derbyshire", "Derbyshire County Council", "1"),
            (source, "council:rotherham", "Rotherham Metropolitan Borough Council", "1"),
            (source, "council:stoke-on-trent", "Stoke-on-Trent City Council", "1"),
        ],
    )


def test_initiatives_by_region():
    # cc-action-plans-2012: each council's project(s), placed by the register. London: Havering (the MTFC unit
    # and the foster-care redesign), Islington, Westminster; North West: Wigan (2), Rossendale (2), Cumbria's
    # "Rural Wheels"; South West: Cornwall (3: its innovation strategy, "Shaped by Us", "Innovation With
    # Citizens"), Bristol; West Midlands: Stoke; Yorkshire and The Humber: York, Rotherham, North Yorkshire's
    # "Little Red Bus Network"; East Midlands: Leicester and Derbyshire (2: "Uni-fi", social pedagogy training;
    # the register says West Midlands, corrected in data/reference/overrides.csv); East of England: Cambridgeshire, Essex; South East:
    # Brighton & Hove, Reading (2); Wales: Monmouthshire.
    source = "source:cc-action-plans-2012"
    assert answer("initiatives-by-region") == (
        ["source", "nation", "region", "councils", "initiatives"],
        [
            (source, "England", "East Midlands", "2", "3"),
            (source, "England", "East of England", "2", "2"),
            (source, "England", "London", "3", "4"),
            (source, "England", "North West", "3", "5"),
            (source, "England", "South East", "2", "3"),
            (source, "England", "South West", "2", "4"),
            (source, "England", "West Midlands", "1", "1"),
            (source, "England", "Yorkshire and The Humber", "3", "3"),
            (source, "Wales", "Wales", "1", "1"),
        ],
    )


def test_initiatives_in_nation():
    # Wales: Cardiff's housing case study (ccin-case-studies-2020: "Cardiff Living", the council house building
    # programme, the Cardiff Design Standard, the first low carbon scheme) and Monmouthshire's "Your County
    # Your Way" with its Intrapreneurship School (Creative Councils documents)
    cardiff = ("Wales", "Wales", "council:cardiff", "City of Cardiff Council")
    monmouthshire = ("Wales", "Wales", "council:monmouthshire", "Monmouthshire County Council")
    assert answer("initiatives-in-nation") == (
        ["nation", "region", "council", "councilName", "initiative", "name"],
        [
            cardiff + ("initiative:cardiff-design-standard", "Cardiff Design Standard"),
            cardiff + ("initiative:cardiff-living", "Cardiff Living"),
            cardiff
            + ("initiative:cardiff-council-house-building-programme", "Cardiff council house building programme"),
            cardiff + ("initiative:cardiff-first-low-carbon-housing-scheme", "Cardiff first low carbon housing scheme"),
            monmouthshire + ("initiative:intrapreneurship-school", "Intrapreneurship School"),
            monmouthshire + ("initiative:your-county-your-way", "Your County Your Way"),
        ],
    )


def test_people_in_roles():
    # ccin-taskforce-submission: signed by "Cllr Jim McMahon", the network's Chair; ccin-case-studies-2020:
    # "Steve Reed MP, OBE - CCIN Honorary President, Cllr Sharon Taylor OBE - Chair of the CCIN", and Nicola
    # Huckerby, who "has managed the communications, membership and events" for the network
    ccin = "network:ccin"
    assert answer("people-in-roles") == (
        ["organisation", "person", "name", "role", "source"],
        [
            (ccin, "person:jim-mcmahon", "Jim McMahon", "Chair", "ccin-taskforce-submission"),
            (
                ccin,
                "person:nicola-huckerby",
                "Nicola Huckerby",
                "manager of communications, membership and events",
                "ccin-case-studies-2020",
            ),
            (ccin, "person:sharon-taylor", "Sharon Taylor", "Chair of the CCIN", "ccin-case-studies-2020"),
            (
                ccin,
                "person:sharon-taylor",
                "Sharon Taylor",
                "Chair of the Co-operative Councils' Innovation Network",
                "ccin-case-studies-2020",
            ),
            (ccin, "person:steve-reed", "Steve Reed", "CCIN Honorary President", "ccin-case-studies-2020"),
        ],
    )


def test_funding_amounts():
    # ccin-case-studies-2020: Glasgow "GCC is investing £14m alongside the Scottish Government's £20m";
    # Cardiff "grant funding totalling around £9 million" (the Innovative Housing Programme) and "£3.8 million
    # in Welsh Government funding"; Sunderland's Alliance "the three main partners have financially contributed
    # £30,000 each"; Sandwell's libraries: "The 'Federation' successfully applied for £12,000 to fund professional
    # entertainers in 2017 and £15,000 in 2018"; ccin-taskforce-submission: "a £1 million grant from the Stoller
    # Charitable Fund"
    vcse = "Voluntary, Community and Social Enterprise Alliance"
    federation, entertainers = "Federation of friends", "Professional Entertainers"
    case_studies = "ccin-case-studies-2020"
    # and Glasgow "Providing development funding for new build housing (c£70m a year ...)" (approximate)
    assert answer("funding-amounts") == (
        ["funder", "recipient", "amount", "currency", "instrument", "source"],
        [
            (
                "Glasgow City Council",
                "Glasgow City Council support for CLH initiatives",
                "70000000",
                "GBP",
                "",
                case_studies,
            ),
            ("Scottish Government", "Glasgow strategic acquisition programme", "20000000", "GBP", "", case_studies),
            ("Glasgow City Council", "Glasgow strategic acquisition programme", "14000000", "GBP", "", case_studies),
            (
                "Welsh Government",
                "Cardiff council house building programme",
                "9000000",
                "GBP",
                "Innovative Housing Programme",
                case_studies,
            ),
            ("Welsh Government", "Cardiff first low carbon housing scheme", "3800000", "GBP", "", case_studies),
            ("Stoller Charitable Fund", "Oldham Enterprise Trust", "1000000", "GBP", "", "ccin-taskforce-submission"),
            ("Gentoo Housing Group", vcse, "30000", "GBP", "", case_studies),
            ("Sunderland City Council", vcse, "30000", "GBP", "", case_studies),
            ("Sunderland Clinical Commissioning Group", vcse, "30000", "GBP", "", case_studies),
            (federation, entertainers, "15000", "GBP", "", case_studies),
            (federation, entertainers, "12000", "GBP", "", case_studies),
        ],
    )


# --- provenance -------------------------------------------------------------------------------------------


def test_evidence_about():
    # cc-update-2013 §2: "Rotherham have recently spun out 'Ready Unlimited', an independent not-for-profit social
    # enterprise ... Ready Unlimited has a strong, on-going relationship with Rotherham MBC and is currently
    # piloting an innovative approach to holistic, community based enterprise in the town – Ready Hubs."
    entity = "organisation:ready-unlimited"
    assert answer("evidence-about") == (
        ["entity", "statement", "source", "quote"],
        [
            (
                entity,
                "Ready Unlimited leads Ready Hubs",
                "cc-update-2013",
                "Ready Unlimited has a strong, on-going relationship with Rotherham MBC and is currently piloting an "
                "innovative approach to holistic, community based enterprise in the town – Ready Hubs.",
            ),
            (
                entity,
                "Ready Unlimited works in partnership with Rotherham Metropolitan Borough Council",
                "cc-update-2013",
                "Ready Unlimited has a strong, on-going relationship with Rotherham MBC",
            ),
            (
                entity,
                "Rotherham Metropolitan Borough Council established Ready Unlimited",
                "cc-update-2013",
                "Rotherham have recently spun out ‘Ready Unlimited’, an independent not-for-profit social enterprise",
            ),
        ],
    )


def test_evidence_quotes_stand_in_their_documents(dataset):
    # every quote the provenance query returns for a busy entity is verbatim in the document it names
    _, rows = answer("evidence-about", {"entity": "Wigan"})
    assert len(rows) > 10
    for _, _, source, quote in rows:
        text = " ".join(dataset.sources[source].text.split())
        assert " ".join(quote.split()) in text, (source, quote)


def test_stated_counts():
    zone = "Innovation Zone at the LGA Conference 2013"
    ccin = "Co-operative Councils' Innovation Network"
    grown = (
        "In the last four years the Network has grown from 19 Members to 69 Councils and Member Organisations "
        "from across the UK."
    )
    six = (
        "Six Creative Councils from an initial pool of seventeen in Phase 1 were selected to go forward under "
        "Phase 2 of the programme"
    )
    seventeen = "Six Creative Councils from an initial pool of seventeen in Phase 1"
    assert answer("stated-counts") == (
        ["source", "about", "claim", "value", "quote"],
        [
            (
                "cc-update-2013",
                "Council leaders’ key actions for innovation: political accounts of encouraging innovation to flourish",
                "stated number of interviewed members who discussed their approach at the session",
                "3",
                "Three members who had been interviewed as part of the research discussed what they are doing to "
                "encourage more innovations in their councils.",
            ),
            (
                "cc-update-2013",
                "Creative Councils Phase 1",
                "stated number of councils in the initial Phase 1 pool",
                "17",
                seventeen,
            ),
            ("cc-update-2013", "Creative Councils Phase 2", "stated number of councils selected for Phase 2", "6", six),
            (
                "cc-update-2013",
                zone,
                "stated number of Creative Councils using the Innovation Zone (no fewer than)",
                "6",
                "six Creative Councils, six Digital Councillors",
            ),
            (
                "cc-update-2013",
                zone,
                "stated number of Digital Councillors using the Innovation Zone (no fewer than)",
                "6",
                "six Digital Councillors, six technology led Council projects",
            ),
            (
                "cc-update-2013",
                zone,
                "stated number of Future Councils using the Innovation Zone (no fewer than)",
                "6",
                "six Future Councils",
            ),
            (
                "cc-update-2013",
                zone,
                "stated number of award winning Innovation Councils using the Innovation Zone (no fewer than)",
                "6",
                "six award winning Innovation Councils used the space in each of their own inevitably creative ways to "
                "stimulate interested delegates.",
            ),
            (
                "cc-update-2013",
                zone,
                "stated number of social innovation projects using the Innovation Zone (no fewer than)",
                "6",
                "Over the three days no fewer than six social innovation projects",
            ),
            (
                "cc-update-2013",
                zone,
                "stated number of technology led Council projects using the Innovation Zone (no fewer than)",
                "6",
                "six technology led Council projects and six award winning Innovation Councils",
            ),
            (
                "cc-update-2013",
                "LGA Innovation Programme",
                "stated number of on-going projects still needing implementation (all others fully completed)",
                "3",
                "Implementation of all three workstreams has been successful and with the exception of three on-going type "
                "projects that will need continued implementation all projects have been fully completed.",
            ),
            (
                "cc-wigan-2013",
                "Creative Councils Phase 1",
                "stated number of councils in the initial Phase 1 pool",
                "17",
                seventeen,
            ),
            ("cc-wigan-2013", "Creative Councils Phase 2", "stated number of councils selected for Phase 2", "6", six),
            ("ccin-case-studies-2020", ccin, "stated number of Affiliate members", "23", "23 Affiliate Members"),
            ("ccin-case-studies-2020", ccin, "stated number of Associate members", "17", "17 Associates"),
            (
                "ccin-case-studies-2020",
                ccin,
                "stated number of Councils and Member Organisations (Branding.coop case study)",
                "69",
                grown,
            ),
            ("ccin-case-studies-2020", ccin, "stated number of Full member councils", "29", "29 Full Councils"),
            ("ccin-case-studies-2020", ccin, "stated number of Members four years earlier", "19", grown),
            (
                "ccin-case-studies-2020",
                "open source platform to identify and target households experiencing fuel poverty",
                "households choosing between heating and other essential costs (over; Annual Fuel Poverty Statistics "
                "Report 2017, 2015 ONS data)",
                "2500000",
                "According to the Annual Fuel Poverty Statistics Report 2017 (2015 ONS Data) currently, over 2.5 million "
                "households have to choose between heating their house and other essential costs",
            ),
            (
                "ccin-taskforce-submission",
                ccin,
                "stated number of member authorities",
                "19",
                "On behalf of the 19 member authorities of the Cooperative Councils Innovation Network",
            ),
            (
                "ccin-taskforce-submission",
                ccin,
                "stated number of member councils that prepared the Section 2 case studies",
                "5",
                "Five detailed examples of Cooperative innovation are included in Section Two of this submission",
            ),
        ],
    )


def test_relations_graph():
    # CONSTRUCT, as N-Triples (sorted): cc-update-2013 §2 - Rotherham spun out Ready Unlimited, which has a
    # relationship with Rotherham MBC and is piloting Ready Hubs
    result = CliRunner().invoke(
        cli, ["query", "relations-graph", "--param", "entity=Ready Unlimited", "--format", "ntriples"]
    )
    assert result.exit_code == 0, result.output
    council = "<https://w3id.org/councilgraph/id/council/rotherham>"
    ready = "<https://w3id.org/councilgraph/id/organisation/ready-unlimited>"
    hubs = "<https://w3id.org/councilgraph/id/initiative/ready-hubs>"
    cg = "https://w3id.org/councilgraph/ontology#"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    assert (
        result.output
        == "\n".join(
            sorted(
                [
                    f'{council} {label} "Rotherham Metropolitan Borough Council" .',
                    f"{council} <{cg}established> {ready} .",
                    f'{hubs} {label} "Ready Hubs" .',
                    f'{ready} {label} "Ready Unlimited" .',
                    f"{ready} <{cg}leads> {hubs} .",
                    f"{ready} <{cg}partner> {council} .",
                ]
            )
        )
        + "\n"
    )


# --- partners, ties, money, figures, policies, establishments --------------------------------------------
# "Works with" below is a partnership, support or funding relation in either direction, with the council or
# with an initiative it leads (or a part of one). Rows are sorted as each query sorts them (by code point).

WORKS_WITH = "works in partnership with"
OLDHAM = "Oldham Metropolitan Borough Council"
TAMESIDE = "Tameside Metropolitan Borough Council"


def test_partners_of_councils_in_phase():
    # the six selected for Phase 2 (PHASE_2) and the organisations the documents say worked with them:
    # cc-action-plans-2012, Cornwall: "Cornwall's "Shaped by Us" project ... Through partnership with Cisco,
    # Volunteer Cornwall and the Cornwall School of Social Entrepreneurs they have created a network of mentors"
    # (the council, and its project); Rotherham: "matched by a minimum of one year's core resources for the social
    # enterprise from Rotherham Council"; cc-update-2013 §2: "Ready Unlimited has a strong, on-going relationship
    # with Rotherham MBC"; cc-wigan-2013 §21, Wigan's project: "a strong team of partners. These include ... the
    # School for Social Entrepreneurs, Community Catalysts, the New Economics Foundation and most importantly, a set
    # of community activists within Scholes". No document names a partner of Derbyshire, Monmouthshire or Stoke.
    cornwall, plans = ("council:cornwall", "Cornwall Council"), "cc-action-plans-2012"
    rotherham = (
        "council:rotherham",
        "Rotherham Metropolitan Borough Council",
        "Rotherham Metropolitan Borough Council",
    )
    wigan = ("council:wigan", "Wigan Metropolitan Borough Council", "Wigan new economic model for social care")
    rows = [
        (f"organisation:{slug}", name, WORKS_WITH, *cornwall, via, plans)
        for slug, name in (
            ("cisco", "Cisco"),
            ("volunteer-cornwall", "Volunteer Cornwall"),
            ("cornwall-school-of-social-entrepreneurs", "Cornwall School of Social Entrepreneurs"),
        )
        for via in ("Cornwall Council", "Shaped by Us")
    ]
    rows += [
        ("organisation:ready-unlimited", "Ready Unlimited", WORKS_WITH, *rotherham, "cc-update-2013"),
        ("organisation:rotherham-ready-social-enterprise", "Rotherham Ready social enterprise", "is funded by")
        + rotherham
        + (plans,),
    ]
    rows += [
        (f"organisation:{slug}", name, WORKS_WITH, *wigan, "cc-wigan-2013")
        for slug, name in (
            ("school-for-social-entrepreneurs", "School for Social Entrepreneurs"),
            ("community-catalysts", "Community Catalysts"),
            ("new-economics-foundation", "New Economics Foundation"),
            ("scholes-community-activists", "Community activists within Scholes"),
        )
    ]
    assert answer("partners-of-councils-in-phase") == (
        ["partner", "name", "how", "council", "councilName", "via", "source"],
        sorted(rows, key=lambda row: (row[1], row[4], row[5], row[2], row[6])),
    )


def test_partners_of_councils_in_phase_local_full_fibre():
    # ccin-case-studies-2020, Tameside: "DCMS and BDUKfunded Tameside to be one of six pilot 'Wave 1' projects in
    # its £200m Local Full Fibre Network Programme"; "Within Tameside the Council has been working with public sector
    # partners including Tameside Hospital, the Pennine Care NHS trust, Tameside College and Jigsaw Homes" on "The
    # 'thin layer model' pioneered in Tameside" (Tameside Hospital is the Integrated NHS Foundation Trust, "aka
    # Tameside Hospital", in the next case study)
    tameside = ("council:tameside", TAMESIDE)
    model = tameside + ("Thin layer model", "ccin-case-studies-2020")
    assert answer("partners-of-councils-in-phase", {"phase": "Local Full Fibre Network Programme Wave 1"}) == (
        ["partner", "name", "how", "council", "councilName", "via", "source"],
        [
            ("organisation:bduk", "BDUK", "funds", *tameside, tameside[1], "ccin-case-studies-2020"),
            ("organisation:dcms", "DCMS", "funds", *tameside, tameside[1], "ccin-case-studies-2020"),
            ("organisation:jigsaw-homes", "Jigsaw Homes", WORKS_WITH, *model),
            ("organisation:pennine-care-nhs-trust", "Pennine Care NHS trust", WORKS_WITH, *model),
            (
                "organisation:tameside-and-glossop-integrated-nhs-foundation-trust",
                "Tameside & Glossop Integrated NHS Foundation Trust",
                WORKS_WITH,
                *model,
            ),
            ("organisation:tameside-college", "Tameside College", WORKS_WITH, *model),
        ],
    )


def test_council_ties():
    # ccin-case-studies-2020: "Blackpool and Manchester City Councils both recently joining" the Cooperative Network
    # Infrastructure; "Bristol City Council is working in partnership with Locality and Power to Change" and
    # "Kirklees Council and Power to Change have supported the development of a cooperative approach to social
    # care"; Hull "co-located staff that support our tenants from across Job Centre Plus" and ccin-taskforce-
    # submission, Get Oldham Working: "Working with Job Centre Plus and the Work Programme"; "Preston has linked
    # with Kirklees Council through CCIN's Policy Prototype programme"; "Unlimited Potential working with Salford
    # and Rochdale Councils". cc-action-plans-2012, Havering: the MTFC unit, "a joint service with a neighbouring
    # borough, Newham" (intended: the plan's wording). `what` for a partnership is its role, as curated.
    def council(slug, name):
        return (f"council:{slug}", name)

    hull, oldham = council("kingston-upon-hull", "Hull City Council"), council("oldham", OLDHAM)
    havering, newham = council("havering", "London Borough of Havering"), council("newham", "London Borough of Newham")
    kirklees = council("kirklees", "Kirklees Council")
    organisation = "partner organisation"
    assert answer("council-ties") == (
        ["council1", "name1", "council2", "name2", "tie", "shared", "what"],
        [
            council("blackpool", "Blackpool Borough Council")
            + council("manchester", "Manchester City Council")
            + (
                organisation,
                "organisation:cooperative-network-infrastructure-ltd",
                "Cooperative Network Infrastructure Ltd",
            ),
            council("city-of-bristol", "Bristol City Council")
            + kirklees
            + (organisation, "organisation:power-to-change", "Power to Change"),
            hull + oldham + (organisation, "organisation:jobcentre-plus", "Jobcentre Plus"),
            kirklees
            + council("preston", "Preston City Council")
            + (
                "partnership",
                "",
                "linked through CCIN's Policy Prototype programme to explore co-operative social care",
            ),
            havering
            + newham
            + (
                "initiative",
                "initiative:multi-dimensional-treatment-foster-care-unit",
                "Multi-Dimensional Treatment Foster Care unit",
            ),
            havering + newham + ("partnership", "", "joint service (intended)"),
            council("rochdale", "Rochdale Metropolitan Borough Council")
            + council("salford", "Salford City Council")
            + (organisation, "organisation:unlimited-potential", "Unlimited Potential"),
        ],
    )


def test_partners_ranked():
    # with source=cc-action-plans-2012 (PARAMS): Cornwall's partners Cisco, Volunteer Cornwall and the Cornwall
    # School of Social Entrepreneurs; Leicester "had partnered with the local university"; Rotherham's match for "the
    # social enterprise"; Westminster's Open Foundation "creating a Sounding Board of 100 partners". Essex only
    # "is now seeking a partnership with Nesta", and Reading only "requests ongoing consultancy support": neither is
    # yet a partner. One council each, so the names decide the order.
    names = {
        "cisco": "Cisco",
        "volunteer-cornwall": "Volunteer Cornwall",
        "cornwall-school-of-social-entrepreneurs": "Cornwall School of Social Entrepreneurs",
        "leicester-local-university": "Local university (Leicester)",
        "rotherham-ready-social-enterprise": "Rotherham Ready social enterprise",
        "open-foundation-westminster-sounding-board": "Sounding Board (Open Foundation Westminster)",
    }
    assert answer("partners-ranked") == (
        ["partner", "name", "councils"],
        [(f"organisation:{slug}", name, "1") for slug, name in sorted(names.items(), key=lambda item: item[1])],
    )


def test_partners_ranked_across_every_document():
    # without a source: the head of the ranking, the organisations that work with two councils (see
    # test_council_ties for the passages: the Cooperative Network Infrastructure with Blackpool and Manchester,
    # Jobcentre Plus with Hull and Oldham, Power to Change with Bristol and Kirklees, Unlimited Potential with
    # Salford and Rochdale); no organisation works with more. Every other works with one, ranked by name.
    variables, rows = answer("partners-ranked", {})
    assert variables == ["partner", "name", "councils"]
    head = [row for row in rows if row[2] != "1"]
    assert head == [
        ("organisation:cooperative-network-infrastructure-ltd", "Cooperative Network Infrastructure Ltd", "2"),
        ("organisation:jobcentre-plus", "Jobcentre Plus", "2"),
        ("organisation:power-to-change", "Power to Change", "2"),
        ("organisation:unlimited-potential", "Unlimited Potential", "2"),
    ]
    rest = rows[len(head) :]
    assert rest == sorted(rest, key=lambda row: (row[1], row[0]))
    assert {"organisation:cisco", "organisation:ready-unlimited", "organisation:wates-residential"} <= {
        row[0] for row in rest
    }


def test_funding_by_council():
    # Each funding the texts state between things the graph knows, under each council or programme it concerns.
    # cc-action-plans-2012, the match each council offered for its Phase 2 bid: Bristol "matched by the City Council
    # by a full time project co-ordinator"; Islington "will match this with its own staff time/additional resources";
    # Monmouthshire "(matched equally by the council)"; Reading "will match such resources"; Rotherham "core resources
    # for the social enterprise from Rotherham Council"; Stoke "will match this with new funding"; Wigan "matched by
    # council resources"; York "matched by the council's Delivery and Innovation Fund". Each of these funded
    # initiatives but Rotherham's social enterprise is its council's Creative Councils project (see
    # test_creative_councils_projects), so each is also listed under the programme. Havering: "to fund their
    # portion of the service through a Social Impact Bond (SIB)": Havering funds the MTFC unit, through the bond
    # (a part of its foster care redesign, the project, not of the programme).
    # ccin-case-studies-2020: Cardiff "awarded grant funding totalling around £9 million" under "the Welsh
    # Government's Innovative Housing Programme", and "£3.8 million in Welsh Government funding" for its first low
    # carbon scheme; Glasgow "GCC funds CCHAs", "Providing development funding for new build housing (c£70m a year
    # plus funding from the second homes council tax fund)", "GCC is investing £14m alongside the Scottish
    # Government's £20m"; Greenwich "the Council providing funding for the meals"; Kirklees "providing start up
    # grants"; Lambeth Made "a start-up grant from Guy's and St Thomas' Charity'; ongoing funding from Lambeth CCG";
    # Oldham "awarding a pioneering three-year contract"; Preston "With funding from the Open Society Foundation and
    # Preston City Council"; Rochdale "Individual Service Funds (ISF) ... The Council provides a budget"; Sandwell
    # "The 'Federation' successfully applied for £12,000 to fund professional entertainers in 2017 and £15,000 in
    # 2018" and "Cereal Readers ... funded by friends' groups"; Sunderland "the three main partners have financially
    # contributed £30,000 each"; Tameside "DCMS and BDUKfunded Tameside".
    # ccin-taskforce-submission, Plymouth: the PTSA and the Plymouth Excellence Cluster "are sustainably supported by
    # investment from the Dedicated Schools Grant, schools and the LA".
    # Funders that are neither a council nor led by one (Power to Change's investment in Cooperative Care Colne
    # Valley, Gentoo's and the CCG's £30,000) are under no council; nor is the Stoller Charitable Fund's grant to the
    # Oldham Enterprise Trust, a trust the text lists under Get Oldham Working but does not say Oldham leads.
    case, plans, taskforce = "ccin-case-studies-2020", "cc-action-plans-2012", "ccin-taskforce-submission"

    def row(party, role, funder, recipient, source, instrument="", amount="", currency=""):
        return (*party, role, funder, recipient, instrument, amount, currency, source)

    def funds(party, recipient, source, **qualifiers):  # the council itself funds
        return row(party, "funder", party[1], recipient, source, **qualifiers)

    def council(slug, name):
        return (f"council:{slug}", name)

    leads, gbp = "leads the recipient", "GBP"
    cardiff, glasgow = council("cardiff", "City of Cardiff Council"), council("glasgow-city", "Glasgow City Council")
    lambeth, plymouth = council("lambeth", "London Borough of Lambeth"), council("plymouth", "Plymouth City Council")
    sandwell, tameside = council("sandwell", "Sandwell Metropolitan Borough Council"), council("tameside", TAMESIDE)
    wigan_model, clh = "Wigan new economic model for social care", "Glasgow City Council support for CLH initiatives"
    acquisition, cluster = "Glasgow strategic acquisition programme", "Plymouth Excellence Cluster"
    expected = [
        funds(council("city-of-bristol", "Bristol City Council"), "Building a Better Bristol", plans),
        row(
            cardiff,
            leads,
            "Welsh Government",
            "Cardiff council house building programme",
            case,
            instrument="Innovative Housing Programme",
            amount="9000000",
            currency=gbp,
        ),
        row(
            cardiff,
            leads,
            "Welsh Government",
            "Cardiff first low carbon housing scheme",
            case,
            amount="3800000",
            currency=gbp,
        ),
        row(council("york", "City of York Council"), leads, "Delivery and Innovation Fund", "GeniUS", plans),
        *(
            row(
                ("programme:creative-councils", "Creative Councils"),
                "the recipient is part of it",
                funder,
                project,
                plans,
            )
            for funder, project in (
                ("Bristol City Council", "Building a Better Bristol"),
                ("Delivery and Innovation Fund", "GeniUS"),
                ("London Borough of Islington", "Islington young people's services co-commissioning model"),
                ("Monmouthshire County Council", "Your County Your Way"),
                ("Reading Borough Council", "Reading cultural change project"),
                ("Stoke-on-Trent City Council", "Great Working City"),
                ("Wigan Metropolitan Borough Council", wigan_model),
            )
        ),
        funds(glasgow, "Community-based housing associations and cooperatives", case),
        funds(glasgow, clh, case, amount="70000000", currency=gbp),
        funds(glasgow, acquisition, case, amount="14000000", currency=gbp),
        row(glasgow, leads, "Scottish Government", acquisition, case, amount="20000000", currency=gbp),
        row(glasgow, leads, "Second homes council tax fund", clh, case),
        funds(council("kirklees", "Kirklees Council"), "Cooperative Care Colne Valley", case),
        funds(
            council("havering", "London Borough of Havering"),
            "Multi-Dimensional Treatment Foster Care unit",
            plans,
            instrument="Havering Social Impact Bond",
        ),
        funds(
            council("islington", "London Borough of Islington"),
            "Islington young people's services co-commissioning model",
            plans,
        ),
        row(lambeth, leads, "Guy's and St Thomas' Charity", "Lambeth Made", case),
        row(lambeth, leads, "Lambeth CCG", "Lambeth Made", case),
        funds(council("monmouthshire", "Monmouthshire County Council"), "Your County Your Way", plans),
        funds(council("oldham", OLDHAM), "Oldham Social Prescribing", case),
        funds(plymouth, cluster, taskforce),
        funds(plymouth, "Plymouth Teaching School Alliance", taskforce),
        row(plymouth, leads, "Dedicated Schools Grant", cluster, taskforce),
        row(plymouth, leads, "Plymouth schools", cluster, taskforce),
        funds(council("preston", "Preston City Council"), "Preston Cooperative Development Network", case),
        funds(council("reading", "Reading Borough Council"), "Reading cultural change project", plans),
        funds(
            council("rochdale", "Rochdale Metropolitan Borough Council"),
            "Commissioning Live",
            case,
            instrument="Individual Service Funds",
        ),
        funds(
            council("rotherham", "Rotherham Metropolitan Borough Council"), "Rotherham Ready social enterprise", plans
        ),
        funds(
            council("greenwich", "Royal Borough of Greenwich"), "Royal Borough of Greenwich holiday meals service", case
        ),
        row(sandwell, leads, "Federation of friends", "Professional Entertainers", case, amount="12000", currency=gbp),
        row(sandwell, leads, "Federation of friends", "Professional Entertainers", case, amount="15000", currency=gbp),
        row(sandwell, leads, "Sandwell libraries friends' groups", "Cereal Readers", case),
        funds(council("stoke-on-trent", "Stoke-on-Trent City Council"), "Great Working City", plans),
        funds(
            council("sunderland", "Sunderland City Council"),
            "Voluntary, Community and Social Enterprise Alliance",
            case,
            amount="30000",
            currency=gbp,
        ),
        row(tameside, "recipient", "BDUK", TAMESIDE, case),
        row(tameside, "recipient", "DCMS", TAMESIDE, case),
        funds(council("wigan", "Wigan Metropolitan Borough Council"), wigan_model, plans),
    ]
    assert answer("funding-by-council") == (
        ["party", "partyName", "as", "funder", "recipient", "instrument", "amount", "currency", "source"],
        expected,
    )


def figure_rows(rows):
    """Rows without the figure's label: labels are the curators' wording, not the text's; each is checked to be there."""
    assert all(row[1] for row in rows)
    return [row[:1] + row[2:] for row in rows]


def test_figures_of():
    # ccin-taskforce-submission, Get Oldham Working: "On 10 May 2013 Oldham entrepreneur Norman Stoller CBE announced
    # a £1 million grant from the Stoller Charitable Fund to kickstart the Trust. The £1m will be gifted annually for
    # four years, at a rate of £250,000 per annum": the instalments and years are recorded both on the Trust and on
    # the grant (the funding relation)
    trust, grant, source = (
        "Oldham Enterprise Trust",
        "Stoller Charitable Fund funds Oldham Enterprise Trust",
        "ccin-taskforce-submission",
    )
    variables, rows = answer("figures-of")
    assert variables == ["about", "label", "value", "unit", "date", "source"]
    assert figure_rows(rows) == [
        (trust, "250000", "GBP per year", "", source),
        (trust, "1000000", "GBP", "2013-05-10", source),
        (trust, "4", "years", "", source),
        (grant, "250000", "GBP per year", "", source),
        (grant, "4", "years", "", source),
    ]


def test_figures_in_document():
    # cc-wigan-2013: §10 Rotherham Ready "works with the teachers of students aged 4-19"; §14 Wigan's challenge
    # "necessitates savings of over £10m in 2013/14 as part of an overall Council financial savings programme of £80m
    # in the next three years"; §16 "four key workstreams"; §19 Scholes "over a twelve-month period from May 2012"
    model = "Wigan new economic model for social care"
    variables, rows = answer("figures-in-document")
    assert variables == ["about", "label", "value", "unit", "date"]
    assert figure_rows(rows) == [
        ("Rotherham Ready", "4", "years", ""),
        ("Rotherham Ready", "19", "years", ""),
        (model, "10000000", "GBP", "2013"),
        (model, "4", "count", ""),
        (model, "80000000", "GBP", ""),
        (f"{model} is located in Scholes", "12", "months", "2012-05"),
    ]


def test_establishments():
    # Bodies, funds and schemes set up as things of their own (a council's own projects are led, not established):
    # cc-action-plans-2012: Rotherham Ready's "new social enterprise they have created as a vehicle"; Stoke "creating
    # a local energy company"; cc-update-2013: "Rotherham have recently spun out 'Ready Unlimited'";
    # ccin-taskforce-submission: "In 2012 the Council ... Introduced Area Boards" (Sunderland); PAPH "has created a
    # Co-operative Community Interest Company"; "Plymouth College of Art (PCA) is the founder and sponsor of the
    # Plymouth School of Creative Arts"; York: "a staff spin out of the libraries service ... The decision to move to a
    # Community Benefit Society", and "From April 2014, the Community Equipment Loan Store and Telecare Service will be
    # delivered as a mutual ... the creation of the Community Interest Company";
    # ccin-case-studies-2020: Lewisham's "transferring of its music services out of the Borough, to an independent
    # charity" (Lewisham Music); MK "Set up a Parish Advisory Group"; Newcastle "created a £1 million Life Chances Fund"
    # and "From 1st April 2019 ... hand over its parks and allotments to an independent charitable trust"; Oldham "In
    # March 2019 ... This created a Social Prescribing Innovation Partnership"; the Place Standard "developed by NHS
    # Health Scotland, the Scotlish Government and Architecture & Design Scotland"; City Catering Southampton "Since
    # spinning out from the local council in April 2015"; Sunderland City Council, Gentoo Housing Group and Sunderland
    # CCG "on an exciting journey to establish an Alliance"; "The Partnership Engagement Network (PEN) was established
    # jointly by" Tameside MBC, the CCG and the Foundation Trust, "Set up in the autumn of 2017".
    case, taskforce = "ccin-case-studies-2020", "ccin-taskforce-submission"
    pen = (
        "organisation:tameside-and-glossop-partnership-engagement-network",
        "Tameside and Glossop Partnership Engagement Network",
    )
    place = ("initiative:place-standard", "Place Standard")
    alliance = ("organisation:sunderland-vcse-alliance", "Voluntary, Community and Social Enterprise Alliance")
    york = ("council:york", "City of York Council")
    rotherham = ("council:rotherham", "Rotherham Metropolitan Borough Council")
    assert answer("establishments") == (
        ["established", "name", "founder", "founderName", "when", "source"],
        [
            (
                "initiative:sunderland-area-boards",
                "Area Boards",
                "council:sunderland",
                "Sunderland City Council",
                "2012",
                taskforce,
            ),
            (
                "organisation:city-catering-southampton",
                "City Catering Southampton",
                "council:southampton",
                "Southampton City Council",
                "2015-04",
                case,
            ),
            (
                "initiative:york-community-equipment-loan-store-and-telecare-service",
                "Community Equipment Loan Store and Telecare Service",
                *york,
                "2014-04",
                taskforce,
            ),
            (
                "organisation:lewisham-music",
                "Lewisham Music",
                "council:lewisham",
                "London Borough of Lewisham",
                "",
                case,
            ),
            (
                "fund:newcastle-life-chances-fund",
                "Life Chances Fund",
                "council:newcastle-upon-tyne",
                "Newcastle City Council",
                "",
                case,
            ),
            (
                "organisation:newcastle-parks-trust",
                "Newcastle Parks Trust",
                "council:newcastle-upon-tyne",
                "Newcastle City Council",
                "2019-04-01",
                case,
            ),
            (
                "organisation:paph-cic",
                "PAPH CIC",
                "organisation:plymouth-association-of-primary-headteachers",
                "Plymouth Association of Primary Headteachers",
                "",
                taskforce,
            ),
            (
                "organisation:milton-keynes-parish-advisory-group",
                "Parish Advisory Group",
                "council:milton-keynes",
                "Milton Keynes Council",
                "",
                case,
            ),
            (*place, "organisation:architecture-and-design-scotland", "Architecture & Design Scotland", "", case),
            (*place, "organisation:nhs-health-scotland", "NHS Health Scotland", "", case),
            (*place, "organisation:scottish-government", "Scottish Government", "", case),
            (
                "organisation:plymouth-school-of-creative-arts",
                "Plymouth School of Creative Arts",
                "organisation:plymouth-college-of-art",
                "Plymouth College of Art",
                "",
                taskforce,
            ),
            ("organisation:ready-unlimited", "Ready Unlimited", *rotherham, "", "cc-update-2013"),
            (
                "organisation:rotherham-ready-social-enterprise",
                "Rotherham Ready social enterprise",
                *rotherham,
                "",
                "cc-action-plans-2012",
            ),
            (
                "organisation:social-prescribing-innovation-partnership",
                "Social Prescribing Innovation Partnership",
                "council:oldham",
                OLDHAM,
                "2019-03",
                case,
            ),
            (
                "organisation:stoke-local-energy-company",
                "Stoke local energy company",
                "council:stoke-on-trent",
                "Stoke-on-Trent City Council",
                "",
                "cc-action-plans-2012",
            ),
            (
                *pen,
                "organisation:nhs-tameside-and-glossop-clinical-commissioning-group",
                "NHS Tameside and Glossop Clinical Commissioning Group",
                "2017",
                case,
            ),
            (
                *pen,
                "organisation:tameside-and-glossop-integrated-nhs-foundation-trust",
                "Tameside & Glossop Integrated NHS Foundation Trust",
                "2017",
                case,
            ),
            (*pen, "council:tameside", TAMESIDE, "2017", case),
            (*alliance, "organisation:gentoo-housing-group", "Gentoo Housing Group", "", case),
            (*alliance, "council:sunderland", "Sunderland City Council", "", case),
            (
                *alliance,
                "organisation:sunderland-clinical-commissioning-group",
                "Sunderland Clinical Commissioning Group",
                "",
                case,
            ),
            (
                "initiative:york-libraries-community-benefit-society",
                "York libraries community benefit society",
                *york,
                "",
                taskforce,
            ),
        ],
    )


def test_policies_in_document():
    # cc-wigan-2013 names one national scheme, personal budgets: §16.4 "a community reward scheme aligned to personal
    # budgets", and §22.4 the project's "Evidenced approaches to the use of rewards and incentives to enhance the offer
    # of personal budgets"
    budgets = ("policy:personal-budgets", "Personal budgets")
    scheme = ("initiative:wigan-community-reward-scheme", "Community reward scheme")
    model = ("initiative:wigan-new-economic-model-for-social-care", "Wigan new economic model for social care")
    assert answer("policies-in-document") == (
        ["policy", "name", "entity", "entityName", "statement"],
        [
            (*budgets, *scheme, "Community reward scheme is related to Personal budgets"),
            (*budgets, *model, "Wigan new economic model for social care is related to Personal budgets"),
        ],
    )


def test_policies_in_document_taskforce_submission():
    # ccin-taskforce-submission, written by the CCIN: "Labour's One Nation framework"; "Projections from 'whole place'
    # Community Budget pilots" with the NAO's report on them and "Ernst and Young's modelling work on Community
    # Budgets"; "The City Deals process"; "Lack of influence of national schemes such as the Work Programme" and
    # "Localisation of the Work Programme"; "central-local initiatives such as Community Budgets (and Total Place)
    # and City Deals"; "redesign interventions with long term unemployed and troubled families"; "arm's length trading
    # organisations in social care in places such as Sunderland and Oldham ... living wage employment terms";
    # Plymouth's catering service and "State Aid and EU procurement"; the Plymouth School of Creative Arts "is a free
    # school"; Oldham "a Pathfinder authority for Universal Credit", "the current 'City Deals' policy has been
    # beneficial", "Working with Job Centre Plus and the Work Programme", "The Job Seeker's Allowance (JSA) count";
    # "our Social Value Framework ... paying the living wage is encouraged"; York's employers "working together to
    # promote the Living Wage" and "A community-based consumer campaign".
    ccin = ("network:ccin", "Co-operative Councils' Innovation Network")
    oldham_working = ("initiative:get-oldham-working", "Get Oldham Working")
    catering = ("initiative:plymouth-education-catering-service", "Education Catering Service")

    def about(slug, policy, entity, entityName, verb="is related to"):
        return (f"policy:{slug}", policy, entity, entityName, f"{entityName} {verb} {policy}")

    def living_wage(entity, entityName):
        return about("living-wage", "Living Wage", entity, entityName, "responds to")

    budgets = ("policy:community-budgets", "Community Budgets")
    whole_place = ("policy:whole-place-community-budgets", "Whole Place Community Budgets")
    pilots = "Whole Place Community Budgets is related to Community Budgets"
    assert answer("policies-in-document", {"source": "ccin-taskforce-submission"}) == (
        ["policy", "name", "entity", "entityName", "statement"],
        [
            about("city-deals", "City Deals", *ccin),
            about("city-deals", "City Deals", *oldham_working, "responds to"),
            about("community-budgets", "Community Budgets", *ccin),
            about("community-budgets", "Community Budgets", "organisation:ernst-and-young", "Ernst and Young"),
            about(
                "community-budgets", "Community Budgets", "organisation:national-audit-office", "National Audit Office"
            ),
            (*budgets, *whole_place, pilots),
            about("eu-procurement", "EU procurement", *catering, "responds to"),
            about(
                "free-schools",
                "Free Schools",
                "organisation:plymouth-school-of-creative-arts",
                "Plymouth School of Creative Arts",
            ),
            about("jobseekers-allowance", "Jobseeker's Allowance", *oldham_working),
            living_wage(
                "initiative:oldham-social-care-arms-length-trading-organisation",
                "Oldham arm's length social care trading organisation",
            ),
            living_wage("initiative:oldham-social-value-framework", "Social Value Framework"),
            living_wage(
                "initiative:sunderland-social-care-arms-length-trading-organisation",
                "Sunderland arm's length social care trading organisation",
            ),
            living_wage("initiative:york-living-wage-city", "York Living Wage city"),
            living_wage(
                "initiative:york-living-wage-consumer-campaign", "York Living Wage community-based consumer campaign"
            ),
            about("one-nation-framework", "One Nation framework", *ccin),
            about("one-nation-framework", "One Nation framework", "organisation:labour-party", "Labour Party"),
            about("state-aid", "State Aid", *catering, "responds to"),
            about("total-place", "Total Place", *ccin),
            about("troubled-families", "Troubled Families", *ccin),
            about("universal-credit", "Universal Credit", "council:oldham", OLDHAM),
            (*whole_place, *budgets, pilots),
            about("work-programme", "Work Programme", *ccin),
            about("work-programme", "Work Programme", *oldham_working, "responds to"),
        ],
    )


def test_tied_only_by_membership():
    # Members that no passage ties to anything but the network: ccin-case-studies-2020 names these only in its
    # Members list ("Correct as at 1st May 2020"): of the Full councils Barking & Dagenham, North Hertfordshire and
    # South Ribble (no case study; see test_ccin_full_members_without_initiatives_2020, whose fourth, Cheshire West
    # and Chester, has its nappy recycling in cc-update-2013), of the Associates the six town and community councils,
    # of the Affiliates Development.coop, Governance International, the Public Service Transformation Academy, the
    # Royal Society of Arts and Trueman Change (the others have a case study, and the Workers Educational Association
    # is Southampton's learning trust partner); ccin-taskforce-submission names Norwich only in its footnote list.
    # (The Labour groups sit on their councils; the taskforce's "RSA 2020Public Services Hub" is not said to be the
    # Royal Society of Arts.)
    ccin, case = "Co-operative Councils' Innovation Network", "ccin-case-studies-2020"
    members = [
        ("council:barking-and-dagenham", "London Borough of Barking and Dagenham", "Full"),
        ("council:north-hertfordshire", "North Hertfordshire District Council", "Full"),
        ("council:south-ribble", "South Ribble Borough Council", "Full"),
        ("organisation:development-coop", "Development.coop", "Affiliate"),
        ("organisation:governance-international", "Governance International", "Affiliate"),
        ("organisation:public-service-transformation-academy", "Public Service Transformation Academy", "Affiliate"),
        ("organisation:royal-society-of-arts", "Royal Society of Arts", "Affiliate"),
        ("organisation:trueman-change", "Trueman Change", "Affiliate"),
    ]
    members += [(iri, name, "Associate") for iri, (name, kind) in ASSOCIATES_2020.items() if kind == "local council"]
    rows = [(iri, name, ccin, tier, "2020-05-01", case) for iri, name, tier in members]
    rows.append(("council:norwich", "Norwich City Council", ccin, "", "2014", "ccin-taskforce-submission"))
    assert answer("tied-only-by-membership") == (
        ["entity", "name", "network", "tier", "asAt", "source"],
        sorted(rows, key=lambda row: (row[1], row[4])),
    )


def test_ccin_members_by_region_in_one_document():
    # the taskforce submission's footnote list (TASKFORCE), placed by the register: East Midlands: Bassetlaw; East of
    # England: Norwich, Stevenage; London: Lambeth; North East: Newcastle, Sunderland; North West: Knowsley,
    # Liverpool, Oldham, Rochdale, Salford; South East: Southampton; South West: Plymouth; West Midlands:
    # Newcastle-under-Lyme, Sandwell, Telford and Wrekin; Yorkshire and The Humber: York; Scotland: Edinburgh, Glasgow
    expected = [
        ("England", "East Midlands", "1"),
        ("England", "East of England", "2"),
        ("England", "London", "1"),
        ("England", "North East", "2"),
        ("England", "North West", "5"),
        ("England", "South East", "1"),
        ("England", "South West", "1"),
        ("England", "West Midlands", "3"),
        ("England", "Yorkshire and The Humber", "1"),
        ("Scotland", "Scotland", "2"),
    ]
    assert sum(int(row[2]) for row in expected) == len(TASKFORCE)
    assert answer("ccin-members-by-region", {"source": "ccin-taskforce-submission"}) == (
        ["nation", "region", "councils"],
        expected,
    )


def test_initiatives_in_nation_in_one_document():
    # Scotland in the taskforce submission: "Driving out pay day loan sharks and promoting new credit unions to
    # provide sustainable short term finance options in Glasgow"; it names no Edinburgh initiative
    assert answer("initiatives-in-nation", {"nation": "Scotland", "source": "ccin-taskforce-submission"}) == (
        ["nation", "region", "council", "councilName", "initiative", "name"],
        [
            (
                "Scotland",
                "Scotland",
                "council:glasgow-city",
                "Glasgow City Council",
                "initiative:glasgow-pay-day-loans-credit-unions",
                "Glasgow action on pay day loan sharks and new credit unions",
            )
        ],
    )


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_parameterised_queries_say_what_they_need(name):
    result = CliRunner().invoke(cli, ["query", name])
    required = [p for p in library()[name].params if not p.optional]
    if not required:  # only optional parameters (a filter): the query runs without them
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2
    (param,) = required
    assert result.output.startswith(f"Error: named query {name!r} needs --param {param.name}=")


# --- status set differences and case studies (issue #15) ------------------------------------------------

# cc-action-plans-2012: "However they decided not to make a submission to phase 2" (Leicester, Rossendale)
NO_PHASE_2_BID = {"council:leicester", "council:rossendale"}


def test_applied_not_selected():
    # the fifteen that bid for Phase 2 (cc-action-plans-2012) less the six selected (cc-update-2013 §2): nine,
    # each not selected; the update names only the six, so "not selected" is its inference
    nine = {key: name for key, name in PHASE_1.items() if key not in NO_PHASE_2_BID and key not in PHASE_2}
    assert len(nine) == 9
    assert answer("applied-not-selected") == (
        ["council", "name", "outcome"],
        [(key, name, "not-selected") for key, name in sorted(nine.items(), key=lambda kv: kv[1])],
    )


def test_selected_then_withdrew():
    # cc-update-2013 §2: Cornwall, one of the six selected, "withdrew from the programme in April 2013"
    assert answer("selected-then-withdrew") == (
        ["council", "name", "phase", "phaseName", "when"],
        [
            (
                "council:cornwall",
                "Cornwall Council",
                "phase:creative-councils-phase-2",
                "Creative Councils Phase 2",
                "2013-04",
            )
        ],
    )


def case_study_titles(rows: list[tuple[str, ...]], column: int) -> list[str]:
    return sorted(row[column] for row in rows)


def test_case_studies():
    # ccin-case-studies-2020: three case studies are about Kirklees Council: its own ("Kirklees Council" / "Using
    # the Place Standard to have conversations about what matters to citizens in our local places") and the
    # affiliates' "Peopletoo working with Kirklees Council" ("Early Help Service Redesign") and "Power to Change
    # working with Kirklees Council Supporting the development of cooperative care"
    body = " ".join(SOURCES.joinpath("003_ed8c74dcf691da1a.txt").read_text(encoding="utf-8").split())
    for passage in (
        "Kirklees Council Using the Place Standard to have conversations about what matters to citizens",
        "Early Help Service Redesign",
        "Power to Change working with Kirklees Council Supporting the development of cooperative care",
    ):
        assert passage in body
    header, rows = answer("case-studies")
    assert header == ["source", "caseStudy", "title", "subject", "subjectName", "nation", "region"]
    assert {(r[0], r[3], r[4], r[5], r[6]) for r in rows} == {
        ("source:ccin-case-studies-2020", "council:kirklees", "Kirklees Council", "England", "Yorkshire and The Humber")
    }
    assert case_study_titles(rows, 2) == [
        "Peopletoo working with Kirklees Council: Early Help Service Redesign",
        "Power to Change working with Kirklees Council: Supporting the development of cooperative care",
        "Using the Place Standard to have conversations about what matters to citizens in our local places",
    ]


def test_case_studies_in_nation():
    # ccin-case-studies-2020: the only council case studies in Scotland are Glasgow's two, "Sustained support for
    # CLH initiatives for new build homes and regeneration in Scotland" and "First city in the UK to offer free
    # parking for electric vehicles" (Edinburgh and Renfrewshire appear only as Labour groups, Associates)
    glasgow = ("Scotland", "Scotland", "council:glasgow-city", "Glasgow City Council")
    header, rows = answer("case-studies-in-nation")
    assert header == ["nation", "region", "council", "councilName", "caseStudy", "title", "source"]
    assert {r[:4] for r in rows} == {glasgow} and {r[6] for r in rows} == {"source:ccin-case-studies-2020"}
    assert case_study_titles(rows, 5) == [
        "First city in the UK to offer free parking for electric vehicles",
        "Sustained support for CLH initiatives for new build homes and regeneration in Scotland",
    ]


def test_ccin_members_without_case_study():
    # ccin-case-studies-2020: the contents list every case study, by council or "<affiliate> working with ...";
    # the members (Members list, 1 May 2020) it does not name have none. Each absent name is checked against the
    # contents here.
    text = SOURCES.joinpath("003_ed8c74dcf691da1a.txt").read_text(encoding="utf-8")
    contents = " ".join(text[: text.index("CCIN Statement of Values and Principles")].split())
    absent = {
        "council:barking-and-dagenham": "Barking",
        "council:cheshire-west-and-chester": "Cheshire West",
        "council:north-hertfordshire": "North Hertfordshire",
        "council:south-ribble": "South Ribble",
        "organisation:development-coop": "Development.coop",
        "organisation:governance-international": "Governance International",
        "organisation:public-service-transformation-academy": "Transformation Academy",
        "organisation:royal-society-of-arts": "Royal Society",
        "organisation:trueman-change": "Trueman",
        "organisation:workers-educational-association": "Workers Educational",
    }
    assert [word for word in absent.values() if word in contents] == []
    # of the Associates, only the Greater Manchester Combined Authority has a case study
    assert "Greater Manchester Combined Authority" in contents
    expected = [("Full", key, FULL_2020[key]) for key in absent if key in FULL_2020]
    expected += [
        ("Associate", key, name) for key, (name, _) in ASSOCIATES_2020.items() if "greater-manchester" not in key
    ]
    expected += [("Affiliate", key, AFFILIATES_2020[key]) for key in absent if key in AFFILIATES_2020]
    assert answer("ccin-members-without-case-study") == (
        ["tier", "member", "name"],
        sorted(expected, key=lambda row: (row[0], row[2])),
    )
