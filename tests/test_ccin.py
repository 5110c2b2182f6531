"""The Co-operative Councils' Innovation Network: membership per tier and per snapshot, from the texts."""

from __future__ import annotations

import re

from rdflib import Literal

from graph.ingest.councils import normalise_name
from tests.conftest import select

TIERS = ("Full", "Associate", "Affiliate")


def members_list_runs(dataset) -> list[list[str]]:
    """The 2020 Members list as the text lays it out: runs of entries separated by blank-line gaps.

    Read straight from the source text, independently of the curated data: the list starts at the
    'Members' heading, ends at the first case study, and its runs (councils, associates, affiliates)
    are separated by two or more blank lines; 'Correct as at ...' is a note, not an entry.
    """
    lines = dataset.sources["ccin-case-studies-2020"].text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "Members" and i > 200)
    end = next(
        i
        for i in range(start + 1, len(lines))
        if lines[i].strip() == "Bassetlaw District Council"
        and lines[i + 2].startswith("Bassetlaw Neighbourhood Planning")
    )
    runs, current, blanks = [], [], 0
    for line in lines[start + 1 : end]:
        if not line.strip():
            blanks += 1
            continue
        if blanks >= 2 and current:
            runs.append(current)
            current = []
        blanks = 0
        if not line.startswith("Correct as at"):
            current.append(line.strip())
    runs.append(current)
    return runs


def listed_members(kg, tier: str) -> list[str]:
    rows = select(
        kg,
        """SELECT ?name WHERE { ?m a cg:NetworkMembership ; org:organization network:ccin ;
        cg:asAt "2020-05-01"^^xsd:date ; cg:tier/rdfs:label ?tier ; org:member ?x .
        ?x rdfs:label ?name }""",
        tier=Literal(tier),
    )
    return [r[0] for r in rows]


def names_of(kg, node_label: str) -> set[str]:
    rows = select(kg, "SELECT ?n WHERE { ?x rdfs:label ?l . ?x rdfs:label|skos:altLabel ?n }", l=Literal(node_label))
    return {normalise_name(r[0]) for r in rows}


def test_the_members_list_has_three_runs(dataset):
    runs = members_list_runs(dataset)
    assert [len(r) for r in runs] == [29, 17, 23]
    assert runs[2][-1] == "Workers Educational Association"  # the entry after the 'Correct as at' note


def test_per_tier_counts_equal_what_the_list_holds(kg, dataset):
    runs = members_list_runs(dataset)
    for tier, run in zip(TIERS, runs):
        members = listed_members(kg, tier)
        assert len(members) == len(run), tier
        known = set().union(*(names_of(kg, m) for m in members))
        missing = [entry for entry in run if normalise_name(entry) not in known]
        assert missing == [], tier


def test_stated_counts_are_claims_beside_the_list(kg):
    rows = select(
        kg,
        """SELECT ?label ?value WHERE { network:ccin cg:claim ?c . ?c rdfs:label ?label ;
        cg:claimedValue ?value ; prov:wasDerivedFrom source:ccin-case-studies-2020 }""",
    )
    stated = {label: int(value) for label, value in rows}
    for tier, number in (("Full", 29), ("Associate", 17), ("Affiliate", 23)):
        assert any(tier in label and value == number for label, value in stated.items()), tier


def test_the_uncertain_tier_entries_say_so(kg):
    for name in ("Workers Educational Association", "Greater Manchester Combined Authority"):
        rows = select(
            kg,
            """SELECT ?a WHERE { ?m a cg:NetworkMembership ; org:member ?x ;
            cg:asAt "2020-05-01"^^xsd:date ; cg:ambiguity ?a . ?x rdfs:label ?l }""",
            l=Literal(name),
        )
        assert rows, name


def test_party_groups_are_not_their_councils(kg):
    rows = select(
        kg,
        """SELECT ?group ?council WHERE { ?g cg:sitsOn ?c ; rdfs:label ?group .
                         ?c rdfs:label ?council }""",
    )
    groups = dict(rows)
    assert groups["York Labour Group"] == "City of York Council"
    assert groups["Newcastle-U-Lyme Labour & Co-op Group"] == "Newcastle-under-Lyme Borough Council"
    for group in groups:
        assert select(kg, "SELECT ?x WHERE { ?x rdfs:label ?l ; a cg:Organisation }", l=Literal(group))


def test_town_and_parish_councils_have_no_gss_code(kg):
    rows = select(
        kg, "SELECT ?name WHERE { ?c a cg:LocalCouncil ; rdfs:label ?name FILTER NOT EXISTS { ?c cg:gssCode ?g } }"
    )
    names = {r[0] for r in rows}
    assert {"Burntwood Town Council", "Winsford Town Council", "Woughton Community Council"} <= names


def test_partner_case_studies_link_the_right_councils(kg):
    expected = {  # organisation -> councils named in the case study's title
        "4OC": {"Bristol City Council"},
        "Bates Wells": {"London Borough of Lewisham"},
        "Co-operatives UK": {"Plymouth City Council"},
        "E3M": {"Oldham Metropolitan Borough Council"},
        "Ideas Alliance": {"Dudley Metropolitan Borough Council"},
        "Marks Out Of Tenancy": {"Nottingham City Council"},
        "Oxygen Finance": {"London Borough of Bexley"},
        "Peopletoo": {"Kirklees Council"},
        "Power to Change": {"Kirklees Council"},
        "RedQuadrant": {"West Lancashire Borough Council"},
        "Social Value Exchange": {"London Borough of Tower Hamlets"},
        "Unlimited Potential": {"Salford City Council", "Rochdale Metropolitan Borough Council"},
    }
    for organisation, councils in expected.items():
        rows = select(
            kg,
            """SELECT DISTINCT ?council WHERE {
            ?o rdfs:label ?org .
            ?r cg:relationFrom|cg:relationTo ?o ; cg:relationFrom|cg:relationTo ?end .
            { ?end a cg:Council BIND(?end AS ?c) } UNION { ?c cg:leads ?end . ?c a cg:Council }
            ?c rdfs:label ?council }""",
            org=Literal(organisation),
        )
        assert councils <= {r[0] for r in rows}, organisation


def test_40c_is_an_alias_of_4oc(kg):
    rows = select(kg, "SELECT DISTINCT ?x WHERE { ?x skos:altLabel '40C' ; rdfs:label '4OC' ; cg:ambiguity ?a }")
    assert len(rows) == 1


# ---- issue 4: the taskforce submission's snapshot against the 2020 list


def snapshot(kg, source: str) -> set[str]:
    rows = select(
        kg,
        """SELECT ?gss WHERE { ?m a cg:NetworkMembership ; org:organization network:ccin ;
        org:member ?c ; prov:wasDerivedFrom ?s . ?s dcterms:identifier ?source . ?c cg:gssCode ?gss }""",
        source=Literal(source),
    )
    return {r[0] for r in rows}


def test_the_taskforce_snapshot_lists_nineteen_authorities(kg, dataset):
    earlier = snapshot(kg, "ccin-taskforce-submission")
    footnote = re.search(r"\\\*Bassetlaw,([^\n]+)", dataset.sources["ccin-taskforce-submission"].text).group(0)
    assert len(earlier) == 19 == len(footnote.split(","))


def test_membership_comparison_between_the_snapshots(kg):
    earlier, later = snapshot(kg, "ccin-taskforce-submission"), snapshot(kg, "ccin-case-studies-2020")
    gss = dict(select(kg, "SELECT ?l ?g WHERE { ?c cg:gssCode ?g ; skos:altLabel ?l }"))
    both = {
        "Bassetlaw",
        "Glasgow City",
        "Knowsley",
        "Lambeth",
        "Oldham",
        "Plymouth",
        "Rochdale",
        "Salford",
        "Sandwell",
        "Southampton",
        "Stevenage",
        "Sunderland",
        "Telford and Wrekin",
        "Newcastle upon Tyne",
    }
    only_earlier = {"City of Edinburgh", "Liverpool", "Newcastle-under-Lyme", "Norwich", "York"}
    assert {gss[n] for n in both} == earlier & later
    assert {gss[n] for n in only_earlier} == earlier - later
    # members by 2020 that the earlier list does not have: among them the Creative Councils' Bristol
    assert gss["Bristol"] in later - earlier and len(later - earlier) == len(later) - len(both)
