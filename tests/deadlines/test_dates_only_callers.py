"""Recomputation stores dates without building explanations nobody reads (issue #18).

Snapshots, batch recomputation and the reminders' recheck (which recomputes through
`clocks.recompute`) use the dates-only path; the request page still explains each clock, and
the dates it explains are the ones stored.
"""

from datetime import date

from foia.deadlines.counting import count_span
from foia.deadlines.model import forget_counts
from foia.extensions import db
from foia.jurisdictions.models import Closure
from foia.requests import batch, clocks, operations
from tests.support.factories import create_agency

TODAY = date(2026, 11, 26)


def filed_request(agency, received=date(2026, 11, 24)):
    records_request = operations.create_request(agency, "Face recognition", owner=None, actor=None)
    operations.add_event(records_request, "filed", received, today=TODAY, actor=None)
    operations.add_event(records_request, "received", received, today=TODAY, actor=None)
    operations.add_event(
        records_request, "fee_estimate", date(2026, 11, 25), today=TODAY, actor=None
    )
    db.session.commit()
    return records_request


def test_recomputation_walks_no_day_and_stores_the_dates_the_page_explains(app):
    agency = create_agency()
    other = create_agency("Worcester Police Department", jurisdiction=agency.jurisdiction)
    in_bulk, single = filed_request(agency), filed_request(other)
    db.session.add(
        Closure(closed_on=date(2026, 12, 8), reason="storm", jurisdiction=agency.jurisdiction)
    )
    db.session.commit()
    forget_counts()
    walks = count_span.cache_info().misses

    moved = batch.recompute_open_requests("storm", TODAY, agencies=[agency.id, other.id])
    db.session.commit()
    db.session.add(Closure(closed_on=date(2026, 12, 9), reason="flood", agency_id=other.id))
    db.session.commit()
    single_moved = clocks.recompute([single], "flood", TODAY)
    db.session.commit()

    assert moved >= 2 and single_moved >= 1
    assert count_span.cache_info().misses == walks, "recomputation walked days for steps"
    for records_request in (in_bulk, single):
        explained = clocks.deadlines_for(records_request, TODAY)
        assert explained is not None and explained.explained
        assert all(clock.steps for clock in explained.clocks if clock.due_on)
        assert {s.kind: s.due_on for s in records_request.snapshots} == {
            c.kind: c.due_on for c in explained.clocks
        }
        assert records_request.next_due_on == clocks.next_due_of(explained)
