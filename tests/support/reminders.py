"""Small builders for reminder tests: requests whose deadlines sit around a given day."""

import uuid
from datetime import date

from foia.extensions import db
from foia.requests import operations
from foia.seed.demo import business_days_before
from tests.support.factories import create_agency


def make_request(
    today: date,
    *,
    owner,
    volunteer=None,
    received_business_days_ago: int = 8,
    agency=None,
    extra=(),
    title="Face recognition records",
):
    """Create and commit a Massachusetts request received N business days before `today`."""
    agency = agency or create_agency(
        name=f"Police Department {uuid.uuid4().hex[:6]}", email="records@police.example.org"
    )
    records_request = operations.create_request(agency, title, owner=owner, actor=None)
    records_request.volunteer = volunteer
    received = business_days_before(today, received_business_days_ago)
    for kind, on in (("filed", received), ("received", received), *extra):
        operations.add_event(records_request, kind, on, today=today, actor=None)
    db.session.commit()
    return records_request
