"""Whatever the add and remove forms of a campaign's agency list are sent, the answer is a page
or a redirect with a message, never a server error, and the list changes only as asked (#18)."""

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from foia.agencies.models import Agency
from foia.campaigns import membership, operations
from foia.campaigns.models import Campaign
from foia.extensions import db
from tests.support.factories import create_agency, create_user

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

#: Agency numbers as typed or tampered with: near the real ones, huge, signed, padded, foreign
#: digits, and any text at all.
raw_ids = st.one_of(
    st.integers(min_value=-5, max_value=12).map(str),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", " 3", "3 ", "03", "3.0", "1e3", "٣", "３", "0x3", "\x00", "2147483648"]),
    st.text(max_size=30),
)


def _campaign(count: int = 4) -> Campaign:
    lawyer = create_user("lawyer")
    agencies = [create_agency(f"Agency {i} Police Department") for i in range(count)]
    campaign = operations.create_campaign(
        {"name": "Input", "template_slug": "use-and-policy", "category_slugs": ["x"]},
        agencies[:2],
        selection="by hand",
        actor=lawyer,
    )
    db.session.commit()
    return campaign


def _members(campaign_id: int) -> set[int]:
    db.session.expire_all()
    return {m.agency_id for m in db.session.get(Campaign, campaign_id).members}


@SETTINGS
@given(raw=raw_ids)
def test_adding_any_input_adds_that_agency_or_nothing(app, lawyer_client, raw):
    campaign = db.session.scalar(select(Campaign)) or _campaign()
    before = _members(campaign.id)
    response = lawyer_client.post(f"/campaigns/{campaign.id}/agencies/add", data={"agency": raw})
    assert response.status_code in (302, 400)
    after = _members(campaign.id)
    agency_id = membership.parse_agency_id(raw)
    event("added" if response.status_code == 302 else "refused")
    if response.status_code == 302:
        assert db.session.get(Agency, agency_id) is not None and agency_id not in before
        assert after == before | {agency_id}
    else:
        assert after == before
        assert "error" in response.get_data(as_text=True)


@SETTINGS
@given(raw=raw_ids, confirmed=st.sampled_from(["", "yes", "no", "YES"]))
def test_removing_any_input_removes_that_agency_or_nothing(app, lawyer_client, raw, confirmed):
    campaign = db.session.scalar(select(Campaign)) or _campaign()
    if len(_members(campaign.id)) < 2:  # the examples removed all but one: put the rest back
        membership.add_agencies(
            campaign, list(db.session.scalars(select(Agency))), actor=create_user("admin")
        )
        db.session.commit()
    before = _members(campaign.id)
    response = lawyer_client.post(
        f"/campaigns/{campaign.id}/agencies/remove",
        data={"agency_id": raw, "confirmed": confirmed},
    )
    assert response.status_code == 302
    agency_id = membership.parse_agency_id(raw)
    expected = before - {agency_id} if agency_id in before else before
    event("removed" if expected != before else "refused")
    assert _members(campaign.id) == expected
