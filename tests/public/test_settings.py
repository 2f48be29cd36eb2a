"""Publishing settings: a lawyer publishes a campaign, releases documents, sets the licence."""

import pytest
from sqlalchemy import select

from foia.audit import Action, AuditEvent
from foia.campaigns.models import Campaign
from foia.documents import operations as documents
from foia.documents.models import Attachment
from foia.documents.storage import store_for
from foia.extensions import db
from foia.letters import operations as letters
from foia.letters.models import OrganisationProfile
from tests.support.html import Page
from tests.support.responses import filed_request, recent_monday


def _publish(client, campaign, **fields):
    data = {"public_slug": "press-pause", "is_published": "y", **fields}
    return client.post(f"/campaigns/{campaign.id}/publishing", data=data)


def test_a_campaign_is_unpublished_by_default_and_not_found_at_its_address(campaign, client):
    assert campaign.is_published is False
    assert campaign.public_slug is None
    campaign.public_slug = "press-pause"  # an address alone publishes nothing
    db.session.commit()
    assert client.get("/public/press-pause").status_code == 404


def test_the_campaign_page_offers_the_settings_with_an_address_from_its_name(
    campaign, lawyer_client, volunteer_client
):
    page = Page(lawyer_client.get(f"/campaigns/{campaign.id}").text)
    assert page.by_label("Address of the public pages").get("value") == "press-pause-2026-edition"
    assert page.by_label("Publish the public tracker").get("checked") is None
    assert "Not published" in page.texts("#publishing")[0]
    volunteer_page = Page(volunteer_client.get(f"/campaigns/{campaign.id}").text)
    assert volunteer_page.all("#publishing form") == []  # volunteers read, never change


def test_a_lawyer_publishes_with_an_address_and_an_embargo(campaign, lawyer_client, client):
    response = _publish(lawyer_client, campaign, embargo_on="2030-01-15")
    assert response.status_code == 302
    db.session.refresh(campaign)
    assert (campaign.is_published, campaign.public_slug) == (True, "press-pause")
    assert campaign.embargo_on.isoformat() == "2030-01-15"
    event = db.session.scalar(
        select(AuditEvent).filter_by(action=Action.CAMPAIGN_PUBLISHING_CHANGED)
    )
    assert event.data == {"is_published": True, "slug": "press-pause", "embargo_on": "2030-01-15"}
    page = Page(lawyer_client.get(f"/campaigns/{campaign.id}").text)
    assert "Published at /public/press-pause, showing nothing before 15 January 2030" in (
        " ".join(page.texts("#publishing p"))
    )
    assert client.get("/public/press-pause").status_code == 404  # embargoed until 2030


@pytest.mark.parametrize(
    "slug", ["Press-Pause", "press pause", "press--pause", "-press", "press-", "prèss", "a/b"]
)
def test_an_address_other_than_lowercase_words_and_hyphens_is_refused(
    campaign, lawyer_client, slug
):
    response = _publish(lawyer_client, campaign, public_slug=slug)
    assert response.status_code == 400
    db.session.refresh(campaign)
    assert (campaign.is_published, campaign.public_slug) == (False, None)
    page = Page(response.text)  # the campaign page again, the error beside the address
    error = page.error_for("Address of the public pages")
    assert "lowercase letters, digits and single hyphens" in error


def test_an_address_taken_by_another_campaign_is_refused(campaign, lawyer_client):
    db.session.add(Campaign(name="Other", public_slug="press-pause"))
    db.session.commit()
    response = _publish(lawyer_client, campaign)
    assert response.status_code == 400
    db.session.refresh(campaign)
    assert campaign.public_slug is None
    assert Page(response.text).error_for("Address of the public pages") == (
        "Another campaign's public pages are at “press-pause” already."
    )


def test_publishing_needs_an_address(campaign, lawyer_client):
    _publish(lawyer_client, campaign, public_slug="")
    db.session.refresh(campaign)
    assert campaign.is_published is False


def test_turning_it_off_keeps_the_address(campaign, lawyer_client):
    _publish(lawyer_client, campaign)
    lawyer_client.post(f"/campaigns/{campaign.id}/publishing", data={"public_slug": "press-pause"})
    db.session.refresh(campaign)
    assert (campaign.is_published, campaign.public_slug) == (False, "press-pause")


@pytest.fixture
def attachment(app, campaign):
    from foia import clock

    records_request = filed_request(recent_monday(clock.today()), campaign=campaign)
    upload = documents.Upload("contract.txt", b"A contract", "text/plain")
    found = documents.attach(
        upload,
        store=store_for(app.config),
        max_bytes=10**6,
        actor=None,
        request_id=records_request.id,
    )
    db.session.commit()
    return found


def test_a_lawyer_makes_a_document_public_from_the_request_page_and_back(
    attachment, lawyer_client, volunteer_client
):
    request_page = f"/requests/{attachment.request_id}"
    page = Page(lawyer_client.get(request_page).text)
    button = page.one('button[aria-label="Make contract.txt public"]')
    assert button.text == "make public"
    assert attachment.public_at is None  # not public until a lawyer says so
    response = lawyer_client.post(f"/attachments/{attachment.id}/public", data={"public": "yes"})
    assert response.headers["Location"].endswith(f"{request_page}#communications-heading")
    db.session.refresh(attachment)
    assert attachment.public_at is not None
    assert attachment.public_by_id == lawyer_client.user.id
    page = Page(lawyer_client.get(request_page).text)
    assert "public" in page.texts(".files .tag")
    assert page.all('button[aria-label="Make contract.txt not public"]')
    volunteer_page = Page(volunteer_client.get(request_page).text)
    assert volunteer_page.all(".files form") == []  # a volunteer sees the tag, not the switch
    assert volunteer_client.post(f"/attachments/{attachment.id}/public").status_code == 403
    lawyer_client.post(f"/attachments/{attachment.id}/public", data={"public": "no"})
    db.session.refresh(attachment)
    assert (attachment.public_at, attachment.public_by_id) == (None, None)
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "attachment")
    ).all()
    assert Action.DOCUMENT_MADE_PUBLIC in actions
    assert Action.DOCUMENT_MADE_PRIVATE in actions


def test_a_document_on_no_request_can_never_be_public(app, lawyer_client):
    upload = documents.Upload("inbox.txt", b"waiting in the inbox", "text/plain")
    loose = documents.attach(upload, store=store_for(app.config), max_bytes=10**6, actor=None)
    db.session.commit()
    lawyer_client.post(f"/attachments/{loose.id}/public", data={"public": "yes"})
    assert db.session.get(Attachment, loose.id).public_at is None


def test_the_licence_is_set_in_the_profile_and_kept_by_the_first_run_setup(app, lawyer_client):
    data = {"name": "Digital Rights Project", "data_licence": " CC BY 4.0 "}
    response = lawyer_client.post("/letters/profile", data=data)
    assert response.status_code == 302
    profile = db.session.scalar(select(OrganisationProfile))
    assert profile.data_licence == "CC BY 4.0"
    letters.save_setup(
        {"name": "Digital Rights Project", "address": "1 Liberty Sq", "phone": "1", "email": ""},
        [],
        logo=None,
        actor=None,
    )
    db.session.commit()
    db.session.refresh(profile)
    assert profile.data_licence == "CC BY 4.0"


def test_an_embargo_beyond_ten_years_or_before_2000_is_refused_and_nothing_changes(
    campaign, lawyer_client, client
):
    for day, reason in (
        ("9999-12-31", "The embargo cannot end more than ten years ahead"),
        ("1900-01-01", "The date cannot be before 1 January 2000."),
    ):
        response = _publish(lawyer_client, campaign, embargo_on=day)
        assert response.status_code == 400
        assert reason in Page(response.text).error_for("Embargo: show nothing before"), day
        db.session.refresh(campaign)
        assert (campaign.is_published, campaign.embargo_on) == (False, None)
