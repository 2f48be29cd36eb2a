"""The reviewing body's notice taking more time to decide an appeal, and the other events the
last clocks of issue #13 §2 need, are recorded from the request page's event form."""

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


def test_recording_the_attorney_generals_extension_moves_the_appeal_decision(app):
    agency = create_agency(
        "Louisville Metro Police Department",
        jurisdiction=create_jurisdiction("US-KY", "Kentucky"),
        level="municipal",
    )
    records_request = operations.create_request(agency, "Face recognition", owner=None, actor=None)
    for kind in ("filed", "received"):
        record(records_request, kind, date(2026, 6, 24))
    record(records_request, "denial", date(2026, 6, 30))
    record(records_request, "appeal_filed", date(2026, 7, 6))
    # KRS 61.880(2)(a), counted by hand from Mon 6 Jul 2026: 20 days excepting Saturdays, Sundays
    # and legal holidays end on Mon 3 Aug (day by day in test_clocks_statute_gaps_4.py).
    assert due(records_request, "appeal_decision") == date(2026, 8, 3)

    record(records_request, "appeal_decision_extended", date(2026, 7, 20))
    # (2)(b): 30 more work days, skipping Labor Day (Mon 7 Sep): Tue 15 Sep 2026.
    assert due(records_request, "appeal_decision") == date(2026, 9, 15)


def test_the_event_form_offers_the_new_events_in_words(app):
    choices = {choice.value: choice.label for choice in EventForm().kind.choices}
    wanted = {
        EventKind.APPEAL_DECISION_EXTENDED,
        EventKind.RULING_INFORMATION_REQUESTED,
        EventKind.RULING_INFORMATION_SENT,
        EventKind.DEPOSIT_REQUIRED,
        EventKind.VOLUMINOUS_NOTICE,
        EventKind.VOLUMINOUS_ANSWERED,
    }
    assert wanted <= set(choices)
    assert all("_" not in str(choices[kind]) for kind in wanted)
