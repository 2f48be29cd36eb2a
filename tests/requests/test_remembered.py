"""What a request row remembers of its ledger and clocks stays in step with them.

The dashboard counts thousands of requests from these columns (RecordsRequest.decisive_kind,
fee/clarification_waiting_since, next_agency_due_on/kind, appeal_due_on) and the scorecards read
each request's first dates and response deadlines from them (received_on ... extended_due_on):
any path that changes the ledger or recomputes the clocks must leave them equal to a fresh
reading.
"""

import contextlib
import uuid
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from foia.extensions import db
from foia.jurisdictions.models import Closure
from foia.requests import batch, clocks, operations, status
from foia.requests.models import RecordsRequest
from tests.support.factories import create_agency

TODAY = date(2026, 11, 26)
FILED = date(2026, 10, 1)
FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
#: Ledger kinds after filing and receipt, in any order a volunteer might log them.
LATER_KINDS = [k for k in operations.EVENT_LABELS if k not in ("filed", "received")]


def fresh_reading(records_request: RecordsRequest) -> dict:
    """Read the ledger and clocks again, as if nothing had been remembered."""
    events = records_request.events
    waiting = status.waiting_on_us((e.kind, e.occurred_on) for e in events)
    reading = {
        "decisive_kind": status.decisive_kind((e.kind, e.occurred_on, e.id) for e in events),
        "fee_waiting_since": waiting.get("fee"),
        "clarification_waiting_since": waiting.get("clarification"),
    }
    reading |= first_dates_by_hand((e.kind, e.occurred_on) for e in events)
    result = clocks.deadlines_for(records_request, TODAY)
    if result is not None:
        reading |= clocks.remembered_dates(result)
    # The response deadlines as the clocks give them, whether met or not.
    for column, kind in (("response_due_on", "response"), ("extended_due_on", "extended_response")):
        clock = result.clock(kind) if result is not None else None
        reading[column] = clock.due_on if clock is not None else None
    return reading


REPLIES = {"acknowledged", "clarification_requested", "fee_estimate", "extension_claimed"}
ANSWERS = {"partial_release", "final_response", "denial", "no_records"}


def first_dates_by_hand(events) -> dict:
    """The scorecard's first dates, written out here rather than taken from foia.requests.status."""
    on_of = sorted(events, key=lambda event: event[1])
    received = [on for kind, on in on_of if kind == "received"]
    filed = [on for kind, on in on_of if kind == "filed"]
    extension = [on for kind, on in on_of if kind == "extension_claimed"]
    return {
        "received_on": (received or filed or [None])[0],
        "first_reply_on": next((on for kind, on in on_of if kind in REPLIES | ANSWERS), None),
        "answered_on": next((on for kind, on in on_of if kind in ANSWERS), None),
        "extension_claimed_on": extension[0] if extension else None,
    }


def remembered(records_request: RecordsRequest, columns) -> dict:
    return {column: getattr(records_request, column) for column in columns}


def filed_request(title: str) -> RecordsRequest:
    agency = create_agency(f"{title} Police Department", county="Worcester")
    records_request = operations.create_request(agency, title, owner=None, actor=None)
    for kind in ("filed", "received"):
        operations.add_event(records_request, kind, FILED, today=TODAY, actor=None)
    return records_request


@pytest.mark.slow
@FUZZ
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(LATER_KINDS), st.integers(0, 50), st.booleans(), st.integers(0, 9)
        ),
        min_size=1,
        max_size=7,
    )
)
def test_adding_and_removing_events_keeps_the_row_in_step(app, steps):
    records_request = filed_request(f"Fuzz {uuid.uuid4().hex[:8]}")
    for kind, offset, remove, which in steps:
        on = FILED + timedelta(days=offset)
        days = 10 if kind == "extension_claimed" else None
        # An impossible ledger is refused and changes nothing.
        with contextlib.suppress(operations.RequestError):
            operations.add_event(records_request, kind, on, today=TODAY, actor=None, days=days)
        if remove and len(records_request.events) > 2:
            event = records_request.events[2 + which % (len(records_request.events) - 2)]
            with contextlib.suppress(operations.RequestError):
                operations.remove_event(event, reason="mistake", today=TODAY, actor=None)
        reading = fresh_reading(records_request)
        assert remembered(records_request, reading) == reading
        # The stored decisive event gives the status the whole ledger gives.
        derived = status.status_from_decisive(records_request.decisive_kind)
        assert derived in (None, records_request.status)
    db.session.rollback()


def test_a_new_closure_moves_the_remembered_dates_of_every_open_request(app):
    requests = [filed_request(f"Closure {n}") for n in range(3)]
    db.session.commit()
    before = [r.next_agency_due_on for r in requests]
    agency_ids = [r.agency_id for r in requests]
    for agency_id in agency_ids:
        db.session.add(
            Closure(closed_on=FILED + timedelta(days=1), reason="storm", agency_id=agency_id)
        )
    db.session.flush()
    batch.recompute_open_requests("storm closure", TODAY)
    db.session.commit()
    for records_request, old in zip(requests, before, strict=True):
        db.session.refresh(records_request)
        reading = fresh_reading(records_request)
        assert remembered(records_request, reading) == reading
        assert records_request.next_agency_due_on > old, "the closure is not a business day"


def test_the_bulk_recomputation_writes_what_one_request_would(app):
    records_request = filed_request("Bulk")
    operations.add_event(records_request, "denial", date(2026, 10, 20), today=TODAY, actor=None)
    db.session.commit()
    db.session.execute(
        RecordsRequest.__table__.update().values(dict.fromkeys(clocks.REMEMBERED_DATES))
    )
    db.session.commit()
    batch.recompute_open_requests("check", TODAY)
    db.session.commit()
    stored = db.session.scalar(select(RecordsRequest).filter_by(title="Bulk"))
    reading = fresh_reading(stored)
    assert remembered(stored, reading) == reading
    assert stored.appeal_due_on is not None, "a denial opens our appeal window"
    assert stored.response_due_on is not None, "the denial met the response clock: still kept"
    assert (stored.received_on, stored.first_reply_on, stored.answered_on) == (
        FILED,
        date(2026, 10, 20),
        date(2026, 10, 20),
    )


def test_recomputing_unchanged_requests_writes_nothing(app):
    from sqlalchemy import event

    for n in range(3):
        filed_request(f"Unchanged {n}")
    db.session.commit()
    batch.recompute_open_requests("first", TODAY)
    db.session.commit()
    writes = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith("SELECT"):
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        batch.recompute_open_requests("again", TODAY)
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert writes == []
