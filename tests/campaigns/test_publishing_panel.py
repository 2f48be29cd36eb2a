"""The campaign page's public tracker panel tells a lawyer what a visitor will meet: the licence
the findings are published under and where it is set, and that an embargoed address answers
"not found" to them too (following the link during the embargo looked like a broken page)."""

from datetime import timedelta

import pytest

from foia import clock
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.letters.models import OrganisationProfile
from tests.support.html import page, text_of


@pytest.fixture
def campaign(app):
    found = Campaign(name="Press Pause panel", is_published=True, public_slug="press-pause")
    db.session.add(found)
    db.session.commit()
    return found


def _panel(client, campaign):
    return page(client.get(f"/campaigns/{campaign.id}"))


def test_the_panel_names_the_licence_and_links_to_where_it_is_set(campaign, lawyer_client):
    shown = _panel(lawyer_client, campaign)
    assert text_of(shown.one("#data-licence")).startswith("No licence is set")
    db.session.add(OrganisationProfile(name="Digital Rights Project", data_licence="CC BY 4.0"))
    db.session.commit()
    shown = _panel(lawyer_client, campaign)
    words = text_of(shown.one("#data-licence"))
    assert "published for reuse under CC BY 4.0" in words
    assert shown.link("set on Letterhead and signature").get("href") == "/letters/profile"


def test_a_volunteer_reads_the_licence_without_a_link_to_a_lawyers_page(campaign, volunteer_client):
    shown = _panel(volunteer_client, campaign)
    assert not shown.all("#data-licence a")


def test_an_embargo_still_ahead_warns_that_the_address_is_not_found_yet(campaign, lawyer_client):
    campaign.embargo_on = clock.today() + timedelta(days=7)
    db.session.commit()
    assert "not found" in text_of(_panel(lawyer_client, campaign).one("#embargo-note"))
    assert lawyer_client.get("/public/press-pause").status_code == 404  # as the note says
    campaign.embargo_on = clock.today()
    db.session.commit()
    assert not _panel(lawyer_client, campaign).all("#embargo-note")
    assert lawyer_client.get("/public/press-pause").status_code == 200
