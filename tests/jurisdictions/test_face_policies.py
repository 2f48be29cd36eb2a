"""Face-surveillance policies: seeded from the domain's list, edited by lawyers, shown in lists."""

import pytest
from sqlalchemy import func, select

from foia.agencies.models import Agency
from foia.audit import AuditEvent
from foia.extensions import db
from foia.jurisdictions import policies
from foia.jurisdictions.coverage import AgencyPlace, covering_policy
from foia.jurisdictions.models import FacePolicy, Jurisdiction
from tests.support.factories import create_agency, create_jurisdiction
from tests.support.html import page, text_of

BANNED_MA_TOWNS = {
    "Boston",
    "Brookline",
    "Cambridge",
    "Easthampton",
    "Northampton",
    "Springfield",
    "Somerville",
}


def _policy(code: str, scope: str = "police") -> FacePolicy | None:
    return db.session.scalar(
        select(FacePolicy)
        .join(FacePolicy.jurisdiction)
        .where(Jurisdiction.code == code, FacePolicy.scope == scope)
    )


@pytest.mark.slow
def test_the_seed_holds_the_domain_list(seeded):
    localities = {
        "US-CA:san-francisco",
        "US-CA:berkeley",
        "US-CA:oakland",
        *{f"US-MA:{town.lower()}" for town in BANNED_MA_TOWNS},
        "US-LA:new-orleans",
        "US-MS:jackson",
        "US-ME:portland",
        "US-MN:minneapolis",
        "US-OR:portland",
        "US-WA:king-county",
    }
    assert len(localities) == 16
    for code in localities | {"US-VA", "US-VT", "US-ME"}:
        policy = _policy(code)
        assert policy is not None and policy.status in ("ban", "moratorium"), code
        assert policy.since_year is None  # the source says "by late 2021", nothing more
        assert "DOMAIN.md" in policy.source
    assert _policy("US-NY", "schools").status == "moratorium"
    assert _policy("US-CA", "body_cameras").status == "moratorium"
    king = db.session.scalar(select(Jurisdiction).filter_by(code="US-WA:king-county"))
    assert (king.level, king.name, king.county, king.parent.code) == (
        "county",
        "King County",
        "King",
        "US-WA",
    )
    sf = db.session.scalar(select(Jurisdiction).filter_by(code="US-CA:san-francisco"))
    assert (sf.level, sf.parent.code) == ("municipal", "US-CA")


@pytest.mark.slow
def test_seeding_again_keeps_a_lawyers_edit_and_adds_nothing(seeded, runner):
    boston = _policy("US-MA:boston")
    boston.since_year, boston.notes = 2020, "Ordinance checked"
    db.session.commit()
    counts = (
        db.session.scalar(select(func.count()).select_from(FacePolicy)),
        db.session.scalar(select(func.count()).select_from(Jurisdiction)),
    )
    assert runner.invoke(args=["seed"]).exit_code == 0
    db.session.expire_all()
    assert (_policy("US-MA:boston").since_year, _policy("US-MA:boston").notes) == (
        2020,
        "Ordinance checked",
    )
    assert (
        db.session.scalar(select(func.count()).select_from(FacePolicy)),
        db.session.scalar(select(func.count()).select_from(Jurisdiction)),
    ) == counts


@pytest.mark.slow
def test_volunteers_see_the_list_and_only_lawyers_edit(seeded, volunteer_client):
    rows = page(volunteer_client.get("/face-policies")).table()
    assert len(rows) == 21
    boston = next(r for r in rows if r["Code"] == "US-MA:boston")
    assert (boston["Status"], boston["Scope"], boston["Since"]) == (
        "Ban",
        "All police use",
        "not recorded",
    )
    assert volunteer_client.get("/face-policies/new").status_code == 403
    policy_id = _policy("US-MA:boston").id
    assert volunteer_client.post(f"/face-policies/{policy_id}/edit").status_code == 403


@pytest.mark.slow
def test_a_lawyer_adds_a_policy_for_a_new_place_and_it_is_audited(seeded, lawyer_client):
    response = lawyer_client.post(
        "/face-policies/new",
        data={
            "state": "US-WA",
            "level": "municipal",
            "place": "Bellingham",
            "county": "",
            "status": "ban",
            "scope": "police",
            "since_year": "2021",
            "source": "Bellingham Initiative 2021-02",
            "notes": "",
        },
    )
    assert response.status_code == 302
    policy = _policy("US-WA:bellingham")
    assert (policy.status, policy.since_year, policy.jurisdiction.parent.code) == (
        "ban",
        2021,
        "US-WA",
    )
    event = db.session.scalar(select(AuditEvent).filter_by(action="face_policy.created"))
    assert (
        event.object_id == policy.id and event.data["after"]["jurisdiction"] == "US-WA:bellingham"
    )


@pytest.mark.slow
def test_a_lawyer_edits_a_policy_and_the_change_is_audited(seeded, lawyer_client):
    policy = _policy("US-MA:springfield")
    form = page(lawyer_client.get(f"/face-policies/{policy.id}/edit"))
    assert form.by_label("City, town or county (empty for the whole state)").get("value") == (
        "Springfield"
    )
    response = lawyer_client.post(
        f"/face-policies/{policy.id}/edit",
        data={
            "state": "US-MA",
            "level": "municipal",
            "place": "Springfield",
            "status": "ban",
            "scope": "police",
            "since_year": "2020",
            "source": "Springfield City Council ordinance",
            "notes": "Now permanent.",
        },
    )
    assert response.status_code == 302
    db.session.refresh(policy)
    assert (policy.status, policy.since_year) == ("ban", 2020)
    event = db.session.scalar(select(AuditEvent).filter_by(action="face_policy.updated"))
    assert event.data["before"]["status"] == "moratorium" and event.data["after"]["status"] == "ban"


@pytest.mark.slow
def test_a_second_policy_with_the_same_scope_is_refused(seeded, lawyer_client):
    response = lawyer_client.post(
        "/face-policies/new",
        data={
            "state": "US-MA",
            "level": "municipal",
            "place": "Boston",
            "status": "restriction",
            "scope": "police",
            "source": "x",
        },
    )
    assert response.status_code == 400
    assert "already has a policy" in page(response).error_for(
        "City, town or county (empty for the whole state)"
    )


@pytest.mark.slow
def test_the_directory_marks_and_filters_agencies_under_a_ban(seeded, volunteer_client):
    rows = page(volunteer_client.get("/agencies?under_ban=y&state=US-MA")).table()
    names = {r["Name"].split(" Under a")[0] for r in rows}
    assert names == {f"{town} Police Department" for town in BANNED_MA_TOWNS}
    marks = page(volunteer_client.get("/agencies?under_ban=y&state=US-MA")).texts("span.face-ban")
    assert sorted(marks) == ["Under a ban"] * 6 + ["Under a moratorium"]
    worcester = db.session.scalar(select(Agency).filter_by(name="Worcester Police Department"))
    boston = db.session.scalar(select(Agency).filter_by(name="Boston Police Department"))
    assert page(volunteer_client.get(f"/agencies/{worcester.id}")).all("span.face-ban") == []
    shown = page(volunteer_client.get(f"/agencies/{boston.id}"))
    assert shown.texts("span.face-ban") == ["Under a ban"]
    assert "US-MA:boston" in text_of(shown.one("section[aria-labelledby=ban-heading]"))


@pytest.mark.slow
def test_the_filter_agrees_with_the_pure_rule_for_every_agency(seeded):
    virginia = create_jurisdiction("US-VA", "Virginia")
    washington = create_jurisdiction("US-WA", "Washington")
    create_agency("Virginia State Police", virginia, level="state", county=None)
    create_agency("King County Sheriff's Office", washington, level="county", county="King")
    create_agency("Seattle Police Department", washington, county="King", municipality="Seattle")
    create_agency("Suffolk County Sheriff", level="county", county="Suffolk")
    facts = policies.policy_facts()
    expected = {
        agency.id
        for agency in db.session.scalars(select(Agency))
        if covering_policy(
            AgencyPlace(agency.jurisdiction.code, agency.level, agency.county, agency.municipality),
            facts,
        )
    }
    matched = set(db.session.scalars(select(Agency.id).where(policies.under_ban_condition())))
    assert matched == expected
    names = {db.session.get(Agency, i).name for i in matched}
    assert {"Virginia State Police", "King County Sheriff's Office"} <= names
    assert not {"Seattle Police Department", "Suffolk County Sheriff"} & names
    assert len(matched) == len(BANNED_MA_TOWNS) + 2
