"""A bulk recompute takes its locks in the order every one-request write takes them.

A one-request write (an event added, a reply logged, a filing recorded) updates the request's
row first, and that row's trigger then updates its agency's counts. A bulk recompute (a closure
added, a law changed) that held an agency's counts from one request while it waited for another
request of the same agency would deadlock with such a write on PostgreSQL. One of the two would
be cancelled: a volunteer's logged reply, or the lawyer's closure, refused with an error.
"""

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from foia import clock
from foia.extensions import db
from foia.requests import batch, counts
from foia.requests.models import AgencyRequestCount, DeadlineSnapshot, RecordsRequest
from tests.support.factories import create_agency
from tests.support.reminders import make_request


def wait_for_a_lock_wait(seconds: float = 15) -> None:
    """Return once some session of this database waits on a lock; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    with db.engine.connect() as watcher:
        while time.monotonic() < deadline:
            waiting = watcher.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
            watcher.rollback()
            if waiting:
                return
            time.sleep(0.05)
    pytest.fail("the recompute never reached the row the other writer holds")


#: What the one-request write updates after the request's row: its agency's counts (its
#: trigger) or its deadlines' snapshots (the ORM writes a request before its snapshots).
THEN = {
    "counts": "UPDATE agency_request_counts SET name = name WHERE agency_id = :agency",
    "snapshots": "UPDATE deadline_snapshots SET due_on = due_on WHERE request_id = :request",
}


@pytest.mark.postgres_only  # CI's SQLite suite deselects it, its PostgreSQL suite runs it
@pytest.mark.parametrize("then", sorted(THEN))
def test_a_bulk_recompute_never_deadlocks_with_a_write_to_one_request(app, then):
    if db.engine.dialect.name != "postgresql":  # only when run by hand without -m
        pytest.skip("row locks are PostgreSQL's; SQLite has one writer at a time")
    today = clock.today()
    agency = create_agency(name="Linden Police Department", email="l@example.org")
    first, second = (
        make_request(today, owner=None, agency=agency, received_business_days_ago=2)
        for _ in range(2)
    )
    ids = sorted([first.id, second.id])
    counts.recount(today)
    # Both rows remember a due date long past, so the counts hold them as late, and so do their
    # snapshots; the recompute finds them due in the future and writes the snapshots, both
    # rows, and (their trigger) the agency's counts.
    long_past = today - timedelta(days=30)
    db.session.execute(
        update(RecordsRequest)
        .where(RecordsRequest.id.in_(ids))
        .values(next_agency_due_on=long_past)
    )
    db.session.execute(
        update(DeadlineSnapshot)
        .where(DeadlineSnapshot.request_id.in_(ids))
        .values(due_on=long_past)
    )
    db.session.commit()
    late = select(AgencyRequestCount.late_requests).filter_by(agency_id=agency.id)
    assert db.session.scalar(late) == 2

    failures: list[BaseException] = []

    def recompute() -> None:
        with app.app_context():
            try:
                batch.recompute_open_requests("lock order", today)
                db.session.commit()
            except Exception as exc:  # kept to fail the test with, in the main thread
                failures.append(exc)
                db.session.rollback()
            finally:
                db.session.remove()

    with db.engine.connect() as writer:
        # Another writer has updated the later request's row, as a one-request write does
        # first; it is about to update what comes next.
        writer.execute(
            text("UPDATE records_requests SET title = title WHERE id = :id"), {"id": ids[1]}
        )
        worker = threading.Thread(target=recompute)
        worker.start()
        wait_for_a_lock_wait()
        writer.execute(text(THEN[then]), {"agency": agency.id, "request": ids[1]})
        writer.commit()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the recompute is still waiting"
    assert not failures, f"the recompute failed: {failures[0]!r}" if failures else ""
    db.session.expire_all()
    assert db.session.scalar(late) == 0, "both requests are counted as not late any more"
    for records_request in (first, second):
        db.session.refresh(records_request)
        assert records_request.next_agency_due_on > today
        assert all(s.due_on is None or s.due_on > today for s in records_request.snapshots)
