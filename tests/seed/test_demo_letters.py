"""The demo campaign's requests have their letters: PDFs stored, the filed ones sent."""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from foia import clock
from foia.campaigns.models import Campaign
from foia.campaigns.operations import campaign_requests
from foia.documents.storage import store_for
from foia.extensions import db
from foia.requests.models import RequestLetter
from foia.seed.demo import DEMO_CAMPAIGN, DEMO_SENT_AT
from tests.support.campaigns import pdf_text
from tests.support.html import page


@pytest.mark.slow
def test_demo_requests_have_letters_and_the_filed_ones_were_sent(app, runner, lawyer_client):
    result = runner.invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    campaign = db.session.scalar(select(Campaign).filter_by(name=DEMO_CAMPAIGN))
    assert len(campaign.members) == 6 and campaign.is_approved
    requests = {m.agency.municipality: m for m in campaign.members}
    for records_request in campaign_requests(campaign):
        (letter,) = records_request.letters
        content = store_for(app.config).get(letter.pdf_sha256)
        assert records_request.agency.name in pdf_text(content)
        filed = [e.occurred_on for e in records_request.events if e.kind == "filed"]
        if filed:
            local = letter.sent_at.astimezone(clock.local_zone())
            assert local.replace(tzinfo=None) == datetime.combine(filed[0], DEMO_SENT_AT)
            # The demo inbox adds agencies' replies (direction "in"); one letter went out.
            (communication,) = [c for c in records_request.communications if c.direction == "out"]
            assert communication.letter_id == letter.id
            assert "Demo data" in communication.delivery_proof
        else:
            assert letter.sent_at is None and records_request.agency.municipality == "Pittsfield"
    assert set(requests) == {
        "Springfield",
        "Worcester",
        "Somerville",
        "Lowell",
        "Brockton",
        "Pittsfield",
    }
    springfield = next(
        r for r in campaign_requests(campaign) if r.agency.municipality == "Springfield"
    )
    shown = page(lawyer_client.get(f"/requests/{springfield.id}"))
    assert "The letter as sent" in shown.texts("section[aria-labelledby=letter-heading] summary")
    assert shown.texts("section[aria-labelledby=letter-heading] .tag-ok")[0].startswith("sent ")

    again = runner.invoke(args=["seed", "--demo"])
    assert again.exit_code == 0, again.output
    assert db.session.scalar(select(func.count()).select_from(RequestLetter)) == 6
