"""Public tracker fixtures: the published campaign of tests.support.public, built per test, and
an unpublished campaign for the publishing settings."""

import pytest

from foia.campaigns.models import Campaign
from foia.extensions import db
from tests.support.public import build_tracker


@pytest.fixture
def tracker(app) -> dict:
    """Build the published campaign and everything private around it."""
    return build_tracker(app)


@pytest.fixture
def campaign(app) -> Campaign:
    """Return a saved campaign, not published, with no address yet."""
    found = Campaign(name="Press Pause, 2026 edition")
    db.session.add(found)
    db.session.commit()
    return found
