"""Campaigns select agencies under a face-surveillance ban and are pointed to ban-compliance."""

import pytest
from sqlalchemy import select

from foia.agencies.models import Agency
from foia.campaigns.models import Campaign
from foia.extensions import db
from tests.support.html import page, text_of, value_of

BANNED = {
    f"{town} Police Department"
    for town in (
        "Boston",
        "Brookline",
        "Cambridge",
        "Easthampton",
        "Northampton",
        "Springfield",
        "Somerville",
    )
}


def _create(client, template="use-and-policy", **filters) -> Campaign:
    data = {
        "name": "Are the bans obeyed?",
        "template": template,
        "categories": ["use-policies"],
        **filters,
    }
    response = client.post("/campaigns/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.session.scalar(select(Campaign).filter_by(name=data["name"]))


@pytest.mark.slow
def test_a_campaign_selects_the_agencies_under_a_ban(seeded, lawyer_client):
    campaign = _create(lawyer_client, state="US-MA", kind="police", under_ban="y")
    assert {m.agency.name for m in campaign.members} == BANNED
    assert "under a face-surveillance ban or moratorium" in campaign.agency_selection


@pytest.mark.slow
def test_the_campaign_page_suggests_ban_compliance_until_it_is_used(seeded, lawyer_client):
    campaign = _create(lawyer_client, state="US-MA", kind="police", under_ban="y")
    shown = page(lawyer_client.get(f"/campaigns/{campaign.id}"))
    suggestion = text_of(shown.one("#ban-suggestion"))
    # The template by its name, not its stable key ("ban-compliance").
    assert "Suggested template: Compliance with a ban" in suggestion
    assert "7 of the agencies are under a face-surveillance ban or moratorium" in suggestion
    link = shown.link("Use the Compliance with a ban template").get("href")
    edit = page(lawyer_client.get(link))
    assert value_of(edit.by_label("Request template")) == "ban-compliance"
    lawyer_client.post(
        f"/campaigns/{campaign.id}/edit",
        data={"name": campaign.name, "template": "ban-compliance", "categories": ["use-policies"]},
    )
    assert page(lawyer_client.get(f"/campaigns/{campaign.id}")).all("#ban-suggestion") == []


@pytest.mark.slow
def test_no_suggestion_when_no_agency_is_under_a_ban(seeded, lawyer_client):
    campaign = _create(lawyer_client, state="US-MA", kind="state_police")
    assert page(lawyer_client.get(f"/campaigns/{campaign.id}")).all("#ban-suggestion") == []


@pytest.mark.slow
def test_the_compose_page_suggests_ban_compliance_for_an_agency_under_a_ban(seeded, lawyer_client):
    boston = db.session.scalar(select(Agency).filter_by(name="Boston Police Department"))
    data = {
        "name": "Boston",
        "agency": boston.id,
        "template": "use-and-policy",
        "categories": ["use-policies"],
        "action": "preview",
    }
    shown = page(lawyer_client.post("/requests/compose", data=data))
    assert "Boston Police Department" in text_of(shown.one("#ban-suggestion"))
    link = shown.link("Use the Compliance with a ban template").get("href")
    prefilled = page(lawyer_client.get(link))
    assert prefilled.all("#ban-suggestion") == []
    assert value_of(prefilled.by_label("Agency")) == str(boston.id)
    assert value_of(prefilled.by_label("Request template")) == "ban-compliance"
    worcester = db.session.scalar(select(Agency).filter_by(name="Worcester Police Department"))
    other = page(lawyer_client.post("/requests/compose", data={**data, "agency": worcester.id}))
    assert other.all("#ban-suggestion") == []
