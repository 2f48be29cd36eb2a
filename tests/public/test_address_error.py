"""A refused public address is said beside its field, with what the lawyer typed kept, and the
campaign page answers 400 with nothing saved (as the app's other forms answer invalid input)."""

from sqlalchemy import select

from foia.audit import Action, AuditEvent
from foia.campaigns.models import Campaign
from foia.extensions import db
from tests.support.html import page

LABEL = "Address of the public pages"


def _send(client, campaign, **fields):
    data = {"is_published": "y", **fields}
    return client.post(f"/campaigns/{campaign.id}/publishing", data=data)


def _nothing_saved(campaign) -> None:
    db.session.refresh(campaign)
    assert (campaign.is_published, campaign.public_slug, campaign.embargo_on) == (False, None, None)
    changed = select(AuditEvent).filter_by(action=Action.CAMPAIGN_PUBLISHING_CHANGED)
    assert db.session.scalars(changed).all() == []


def test_a_misshapen_address_is_an_error_on_its_field_with_the_typed_value_kept(
    campaign, lawyer_client
):
    response = _send(lawyer_client, campaign, public_slug="Press Pause!", embargo_on="2030-01-15")

    assert response.status_code == 400
    shown = page(response)
    field = shown.by_label(LABEL)
    assert field.get("value") == "Press Pause!"
    assert "lowercase letters, digits and single hyphens" in shown.error_for(LABEL)
    described = field.get("aria-describedby").split()
    assert f"{field.get('id')}-error" in described
    assert field.get("aria-invalid") == "true"
    # The rest of the form as sent, too; and no flash saying it again.
    assert shown.by_label("Publish the public tracker").get("checked") is not None
    assert shown.by_label("Embargo: show nothing before").get("value") == "2030-01-15"
    assert shown.flashes() == []
    _nothing_saved(campaign)


def test_a_taken_or_missing_address_is_said_on_the_field_too(campaign, lawyer_client):
    db.session.add(Campaign(name="Other", public_slug="press-pause"))
    db.session.commit()

    taken = _send(lawyer_client, campaign, public_slug="press-pause")
    missing = _send(lawyer_client, campaign, public_slug="")

    assert (taken.status_code, missing.status_code) == (400, 400)
    assert page(taken).error_for(LABEL) == (
        "Another campaign's public pages are at “press-pause” already."
    )
    assert page(taken).by_label(LABEL).get("value") == "press-pause"
    assert page(missing).error_for(LABEL) == (
        "Give the public pages an address before publishing them."
    )
    _nothing_saved(campaign)


def test_a_refused_embargo_is_said_on_its_own_field(campaign, lawyer_client):
    response = _send(lawyer_client, campaign, public_slug="press-pause", embargo_on="1900-01-01")

    assert response.status_code == 400
    shown = page(response)
    assert "before 1 January 2000" in shown.error_for("Embargo: show nothing before")
    assert shown.error_for(LABEL) == ""
    assert shown.by_label(LABEL).get("value") == "press-pause"
    _nothing_saved(campaign)
