"""Preflight (issue 16): a campaign lists every agency its channel cannot reach, offers the fixes,
and refuses to file while one remains, unless the lawyer leaves it out."""

import pytest
from sqlalchemy import func, select

from foia.agencies.models import Agency
from foia.audit import Action, AuditEvent
from foia.campaigns import operations as campaigns
from foia.campaigns.models import CampaignAgency
from foia.extensions import db
from foia.filing import preflight
from foia.filing.operations import is_filed
from foia.mail import OutboundEmail
from tests.support.campaigns import create_via_page, five_agencies, pdf_text
from tests.support.html import page


def _agency(name="Lee Police Department", **contacts) -> Agency:
    return Agency(name=name, level="municipal", **contacts)


@pytest.mark.parametrize(
    ("channel", "contacts", "reason"),
    [
        ("email", {}, "Lee Police Department has no email address on file."),
        ("email", {"email": "records at lee"}, "is not an email address"),
        ("mail", {"email": "a@lee.example.org"}, "Lee Police Department has no postal address"),
        ("portal", {"portal_url": "lee.example.org"}, "portal address on file is not a web"),
        ("portal", {}, "Lee Police Department has no portal address on file."),
    ],
)
def test_each_channel_says_in_words_what_the_agency_lacks(channel, contacts, reason):
    assert reason in preflight.lacking(_agency(**contacts), channel)


@pytest.mark.parametrize(
    ("channel", "contacts"),
    [
        ("email", {"email": "records@lee.example.org"}),
        ("mail", {"address": "32 Main Street\nLee, MA 01238"}),
        ("portal", {"portal_url": "https://lee.nextrequest.example.org"}),
    ],
)
def test_an_agency_with_what_its_channel_needs_lacks_nothing(channel, contacts):
    assert preflight.lacking(_agency(**contacts), channel) == ""


@pytest.fixture
def short_one(seeded, lawyer_client):
    """A five-agency campaign, not yet approved, whose Springfield agency has no email."""
    agencies = five_agencies()
    agencies[-1].email = ""
    db.session.commit()
    return create_via_page(lawyer_client)


def _preflight_rows(client, campaign):
    shown = page(client.get(f"/campaigns/{campaign.id}"))
    if not shown.all("#preflight-agencies"):
        return []
    return shown.table("#preflight-agencies")


def _generate(client, campaign):
    client.post(f"/campaigns/{campaign.id}/approve")
    client.post(f"/campaigns/{campaign.id}/generate")


def _member(campaign, town) -> CampaignAgency:
    return next(m for m in campaign.members if m.agency.name == f"{town} Police Department")


def test_the_campaign_page_lists_the_agency_without_email_before_approval(
    short_one, lawyer_client, volunteer_client
):
    (row,) = _preflight_rows(lawyer_client, short_one)
    assert row["Agency"] == "Springfield Police Department"
    assert row["Channel"] == "email"
    assert row["What is missing"] == "Springfield Police Department has no email address on file."
    shown = page(lawyer_client.get(f"/campaigns/{short_one.id}"))
    assert shown.by_label("Email address of Springfield Police Department").get("type") == "email"
    assert shown.by_label("Channel for Springfield Police Department") is not None
    # A volunteer sees the list, not the fixes.
    (seen,) = _preflight_rows(volunteer_client, short_one)
    assert set(seen) == {"Agency", "Channel", "What is missing"}


def test_filing_is_refused_while_an_agency_lacks_its_email(short_one, lawyer_client, smtp_server):
    _generate(lawyer_client, short_one)
    response = lawyer_client.post(f"/campaigns/{short_one.id}/file", follow_redirects=True)
    (flash,) = [f for f in page(response).flashes() if "Nothing was filed" in f]
    assert "Springfield Police Department has no email address on file" in flash
    assert smtp_server.messages == []
    assert db.session.scalar(select(func.count()).select_from(OutboundEmail)) == 0


def test_adding_the_email_inline_lets_every_request_be_filed(short_one, lawyer_client, smtp_server):
    _generate(lawyer_client, short_one)
    member = _member(short_one, "Springfield")
    lawyer_client.post(
        f"/campaigns/{short_one.id}/agencies/{member.id}/contact",
        data={"value": " records@springfield.example.org "},
    )
    assert member.agency.email == "records@springfield.example.org"
    assert db.session.scalar(
        select(AuditEvent.summary).filter_by(
            action=Action.AGENCY_UPDATED, object_id=member.agency_id
        )
    ) == ("Changed Springfield Police Department: email")
    assert _preflight_rows(lawyer_client, short_one) == []
    lawyer_client.post(f"/campaigns/{short_one.id}/file")
    assert "records@springfield.example.org" in {m["To"] for m in smtp_server.messages}
    assert len(smtp_server.messages) == 5


def test_a_contact_that_is_not_an_email_address_is_not_saved(short_one, lawyer_client):
    member = _member(short_one, "Springfield")
    response = lawyer_client.post(
        f"/campaigns/{short_one.id}/agencies/{member.id}/contact",
        data={"value": "call the records office"},
        follow_redirects=True,
    )
    assert any("is not an email address" in f for f in page(response).flashes())
    db.session.expire_all()
    assert member.agency.email == ""
    assert len(_preflight_rows(lawyer_client, short_one)) == 1


def test_switching_to_post_files_the_rest_by_email_and_prints_that_letter(
    short_one, lawyer_client, smtp_server
):
    member = _member(short_one, "Springfield")
    lawyer_client.post(
        f"/campaigns/{short_one.id}/agencies/{member.id}/channel", data={"channel": "mail"}
    )
    assert member.channel == "mail"
    # Post needs a postal address, which the seeded agency has not either.
    (row,) = _preflight_rows(lawyer_client, short_one)
    assert row["What is missing"] == "Springfield Police Department has no postal address on file."
    lawyer_client.post(
        f"/campaigns/{short_one.id}/agencies/{member.id}/contact",
        data={"value": "130 Pearl Street\nSpringfield, MA 01105"},
    )
    assert _preflight_rows(lawyer_client, short_one) == []
    _generate(lawyer_client, short_one)
    lawyer_client.post(f"/campaigns/{short_one.id}/file")
    assert len(smtp_server.messages) == 4
    posted = campaigns.request_for(short_one, member.agency)
    assert not is_filed(posted)
    shown = page(lawyer_client.get(f"/campaigns/{short_one.id}"))
    link = shown.link("Download the print-ready PDF of the 1 letter to post")
    text = pdf_text(lawyer_client.get(link.get("href")).data)
    assert "Springfield Police Department" in text and "Boston Police Department" not in text


def test_leaving_out_in_bulk_skips_generation_and_filing_until_put_back(
    short_one, lawyer_client, smtp_server
):
    lawyer_client.post(f"/campaigns/{short_one.id}/preflight", data={"action": "leave_out"})
    member = _member(short_one, "Springfield")
    assert member.left_out_at is not None
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .filter_by(action=Action.CAMPAIGN_AGENCY_LEFT_OUT)
        )
        == 1
    )
    _generate(lawyer_client, short_one)
    progress = lawyer_client.get(f"/campaigns/{short_one.id}/progress.json").get_json()
    assert (progress["total"], progress["generated"], progress["left_out"]) == (4, 4, 1)
    assert campaigns.request_for(short_one, member.agency) is None
    lawyer_client.post(f"/campaigns/{short_one.id}/file")
    assert len(smtp_server.messages) == 4
    shown = page(lawyer_client.get(f"/campaigns/{short_one.id}"))
    assert "Springfield Police Department" in shown.texts("#preflight li")[0]
    assert shown.table("section[aria-labelledby=agencies-heading] table")[-1]["Problem"] == (
        "Left out of the filing."
    )

    lawyer_client.post(f"/campaigns/{short_one.id}/agencies/{member.id}/put-back")
    assert member.left_out_at is None
    (row,) = _preflight_rows(lawyer_client, short_one)
    assert row["Agency"] == "Springfield Police Department"


def test_a_filed_request_cannot_be_left_out(short_one, lawyer_client, smtp_server):
    _generate(lawyer_client, short_one)
    boston = _member(short_one, "Boston")
    lawyer_client.post(f"/requests/{campaigns.request_for(short_one, boston.agency).id}/file/email")
    response = lawyer_client.post(
        f"/campaigns/{short_one.id}/agencies/{boston.id}/leave-out", follow_redirects=True
    )
    assert "A filed request cannot be left out." in page(response).flashes()
    assert boston.left_out_at is None


def test_another_campaigns_agency_is_not_found(short_one, lawyer_client):
    other = create_via_page(lawyer_client, name="Another campaign")
    member = other.members[0]
    url = f"/campaigns/{short_one.id}/agencies/{member.id}/leave-out"
    assert lawyer_client.post(url).status_code == 404


def test_a_volunteer_cannot_fix_or_leave_out(short_one, volunteer_client):
    member = _member(short_one, "Springfield")
    base = f"/campaigns/{short_one.id}/agencies/{member.id}"
    for url, data in (
        (f"{base}/contact", {"value": "records@springfield.example.org"}),
        (f"{base}/channel", {"channel": "mail"}),
        (f"{base}/leave-out", {}),
        (f"/campaigns/{short_one.id}/preflight", {"action": "leave_out"}),
    ):
        assert volunteer_client.post(url, data=data).status_code == 403
    assert member.left_out_at is None and member.agency.email == ""
