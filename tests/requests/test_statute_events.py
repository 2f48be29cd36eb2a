"""The ledger events that switch a statute's longer period or the Texas ruling brief on can be
recorded on a request, and move its clocks (issue #13 §2)."""

from datetime import date

from sqlalchemy import select

from foia.deadlines.kinds import EventKind
from foia.extensions import db
from foia.reminders import followups
from foia.requests import operations
from foia.requests.forms import EventForm
from foia.requests.models import DeadlineSnapshot
from tests.support.factories import create_agency, create_jurisdiction

TODAY = date(2026, 11, 26)
RECEIVED = date(2026, 11, 2)  # a Monday


def due(records_request, kind):
    return db.session.scalar(
        select(DeadlineSnapshot.due_on).filter_by(request_id=records_request.id, kind=kind)
    )


def received_request(code, name, agency_name):
    agency = create_agency(agency_name, jurisdiction=create_jurisdiction(code, name), level="state")
    records_request = operations.create_request(agency, "Face recognition", owner=None, actor=None)
    for kind in ("filed", "received"):
        operations.add_event(records_request, kind, RECEIVED, today=TODAY, actor=None)
    db.session.commit()
    return records_request


def test_records_older_than_24_months_give_south_carolina_its_20_business_days(app):
    records_request = received_request("US-SC", "South Carolina", "SC Law Enforcement Division")
    # S.C. Code §30-4-30(C): 10 business days from Mon 2 Nov 2026: T3 1 .. F6 4, M9 5 T10 6,
    # W11 Veterans Day (§53-5-10), Th12 7 F13 8, M16 9, T17 10.
    assert due(records_request, "response") == date(2026, 11, 17)

    operations.add_event(records_request, "longer_period", RECEIVED, today=TODAY, actor=None)
    db.session.commit()

    # 20 business days: ... T17 10 .. F20 13, M23 14 T24 15 W25 16, Th26 and F27 Thanksgiving
    # and the day after (§53-5-10), M30 17, T1 Dec 18, W2 19, Th3 20.
    assert due(records_request, "response") == date(2026, 12, 3)


def test_a_texas_ruling_request_opens_the_brief_clock(app):
    records_request = received_request("US-TX", "Texas", "Texas Department of Public Safety")
    assert due(records_request, "ruling_brief") is None

    operations.add_event(
        records_request, "ruling_requested", date(2026, 11, 10), today=TODAY, actor=None
    )
    db.session.commit()

    # Tex. Gov't Code §552.301(e): the 15th business day after receipt on Mon 2 Nov 2026:
    # T3 1 .. F6 4, M9 5 T10 6, W11 Veterans Day (excluded by §552.0031 even where offices
    # open), Th12 7 F13 8, M16 9 .. F20 13, M23 14, T24 15.
    assert due(records_request, "ruling_brief") == date(2026, 11, 24)
    # Missed by Thu 26 Nov (no brief sent): the follow-up letter is offered for it.
    overdue = followups.overdue_clock(records_request, TODAY)
    assert (overdue.kind, overdue.due_on) == ("ruling_brief", date(2026, 11, 24))


def test_the_record_event_form_offers_the_new_events(app):
    offered = {choice.value for choice in EventForm().kind.choices}
    assert {
        EventKind.LONGER_PERIOD,
        EventKind.RULING_REQUESTED,
        EventKind.RULING_BRIEF_SENT,
    } <= offered
