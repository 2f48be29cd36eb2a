"""The Texas attorney general's ruling deadline opens when its receipt is recorded on a request,
and the events it needs are offered by the request page's event form (issue #13 §2)."""

from datetime import date

from sqlalchemy import select

from foia.deadlines.kinds import EventKind
from foia.extensions import db
from foia.requests import operations
from foia.requests.forms import EventForm
from foia.requests.models import DeadlineSnapshot
from tests.support.factories import create_agency, create_jurisdiction

TODAY = date(2026, 12, 10)


def due(records_request, kind):
    return db.session.scalar(
        select(DeadlineSnapshot.due_on).filter_by(request_id=records_request.id, kind=kind)
    )


def record(records_request, kind, on):
    operations.add_event(records_request, kind, on, today=TODAY, actor=None)
    db.session.commit()


def test_recording_the_attorney_generals_receipt_and_extension_moves_its_deadline(app):
    agency = create_agency(
        "Texas Department of Public Safety",
        jurisdiction=create_jurisdiction("US-TX", "Texas"),
        level="state",
    )
    records_request = operations.create_request(agency, "Face recognition", owner=None, actor=None)
    for kind in ("filed", "received"):
        record(records_request, kind, date(2026, 10, 19))
    record(records_request, "ruling_requested", date(2026, 10, 30))
    assert due(records_request, "ruling_decision") is None

    record(records_request, "ruling_received", date(2026, 11, 2))
    # Tex. Gov't Code §552.306(a), counted by hand from Mon 2 Nov 2026: 45 business days skipping
    # Veterans Day, Thanksgiving and the Friday after, Christmas Eve, Christmas and New Year's
    # Day end on Tue 12 Jan 2027 (the day-by-day count is in test_clocks_statute_gaps_3.py).
    assert due(records_request, "ruling_decision") == date(2027, 1, 12)

    record(records_request, "ruling_extended", date(2026, 12, 4))
    # 10 more business days: W13 Jan 1, Th14 2, F15 3, M18 King Day, T19 Confederate Heroes
    # Day, W20 4 .. F22 6, M25 7 .. Th28 10.
    assert due(records_request, "ruling_decision") == date(2027, 1, 28)


def test_the_event_form_offers_the_attorney_generals_events(app):
    offered = {choice.value for choice in EventForm().kind.choices}
    wanted = {EventKind.RULING_RECEIVED, EventKind.RULING_EXTENDED, EventKind.RULING_ISSUED}
    assert wanted <= offered
