"""Findings fixtures: a campaign request with a text document as an agency sent it back."""

import pytest

from foia import clock
from foia.campaigns.models import Campaign
from foia.extensions import db
from tests.support.findings import CONTRACT_TEXT, add_document
from tests.support.responses import filed_request, recent_monday


@pytest.fixture
def campaign(app):
    found = Campaign(name="Press Pause findings")
    db.session.add(found)
    db.session.commit()
    return found


@pytest.fixture
def records_request(app, campaign):
    return filed_request(recent_monday(clock.today()), campaign=campaign)


@pytest.fixture
def attachment(app, records_request):
    return add_document(app, records_request, CONTRACT_TEXT)
