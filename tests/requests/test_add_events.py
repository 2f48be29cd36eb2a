"""Events recorded together (operations.add_events): one check, one recomputation, same result.

Filing records a "filed" and a "received" event at once (by email, fax, portal or post). Recorded
together, the ledger they make is checked and its clocks computed and written once; the ledger,
the snapshots, the dates the request row remembers and the audit of each event are those of one
add_event per event, and no date is reported moved between the two.
"""

from datetime import date

import pytest
from sqlalchemy import event, select

from foia.audit import AuditEvent
from foia.extensions import db
from foia.requests import clocks, operations
from foia.requests.clocks import REMEMBERED_DATES
from foia.requests.models import ClockEvent, DeadlineSnapshot, RecordsRequest
from foia.requests.operations import NewEvent, RequestError
from tests.support.factories import create_agency

TODAY = date(2026, 11, 26)
MAILED = date(2026, 11, 2)  # a Monday
#: Mailed plus 3 business days (Tue 3, Wed 4, Thu 5 Nov 2026), as filing by post estimates.
DELIVERED = date(2026, 11, 5)


def new_request(title: str) -> RecordsRequest:
    agency = create_agency(f"{title} Police Department", county="Worcester")
    return operations.create_request(agency, title, owner=None, actor=None)


def posted() -> list[NewEvent]:
    """A posted letter: filed the day it is mailed, received on an estimated later day."""
    return [
        NewEvent("filed", MAILED, basis="By certified mail 7016 0910"),
        NewEvent("received", DELIVERED, basis="Estimated.", is_estimated=True),
    ]


def one_by_one(records_request: RecordsRequest, events: list[NewEvent]) -> None:
    for new in events:
        operations.add_event(
            records_request,
            new.kind,
            new.on,
            today=TODAY,
            actor=None,
            basis=new.basis,
            is_estimated=new.is_estimated,
        )


def recorded(records_request: RecordsRequest) -> dict:
    """What adding events leaves behind, without ids and times."""
    db.session.expire_all()
    snapshots = db.session.scalars(
        select(DeadlineSnapshot).filter_by(request_id=records_request.id)
    )
    audit = db.session.scalars(
        select(AuditEvent)
        .filter_by(object_type="recordsrequest", object_id=records_request.id)
        .where(AuditEvent.action != "request.created")
        .order_by(AuditEvent.id)
    )
    return {
        "ledger": [
            (e.kind, e.occurred_on, e.basis, e.occurred_at_time, e.is_estimated)
            for e in records_request.events
        ],
        "snapshots": sorted((s.kind, s.due_on, s.is_settled) for s in snapshots),
        "remembered": {c: getattr(records_request, c) for c in REMEMBERED_DATES},
        "decisive_kind": records_request.decisive_kind,
        "audit": [(a.action, a.summary) for a in audit],
    }


@pytest.fixture
def snapshot_writes(app):
    """Count the INSERT and UPDATE statements on deadline_snapshots."""
    writes = []

    def count(conn, cursor, statement, parameters, context, executemany):
        words = statement.split()
        if words[0] in ("INSERT", "UPDATE") and "deadline_snapshots" in words[:3]:
            writes.append(words[0])

    event.listen(db.engine, "before_cursor_execute", count)
    yield writes
    event.remove(db.engine, "before_cursor_execute", count)


@pytest.fixture
def computations(monkeypatch):
    """Count the ledgers handed to the deadline engine (the real one does the work)."""
    calls = []
    real = clocks.compute_deadlines

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(clocks, "compute_deadlines", counted)
    return calls


def test_together_the_same_ledger_deadlines_and_audit_as_one_by_one(app):
    apart, together = new_request("Worcester"), new_request("Leominster")
    one_by_one(apart, posted())
    operations.add_events(together, posted(), today=TODAY, actor=None)
    db.session.commit()
    before, after = recorded(apart), recorded(together)
    # One by one, the "filed" event alone gave clocks counted from the mailing day, which the
    # estimated receipt then moved: reported as moved dates, and only there.
    moved = [a for a in before["audit"] if a[0] == "deadline.moved"]
    assert moved and all("recorded for Thu 05 Nov 2026" in s for _, s in moved)
    before["audit"] = [a for a in before["audit"] if a[0] != "deadline.moved"]
    assert after == before
    assert [a[0] for a in after["audit"]] == ["request.event_added"] * 2
    # Response: 10 business days after receipt on Thu 5 Nov 2026 (G.L. c. 66, s. 10(a)):
    # Fri 6, Mon 9, Tue 10, (Wed 11 Veterans Day skipped), Thu 12, Fri 13, Mon 16, Tue 17,
    # Wed 18, Thu 19, Fri 20 Nov 2026.
    assert ("response", date(2026, 11, 20), False) in after["snapshots"]


def test_together_one_check_one_computation_each_snapshot_written_once(
    app, snapshot_writes, computations
):
    apart, together = new_request("Worcester"), new_request("Leominster")
    one_by_one(apart, posted())
    apart_writes, apart_computations = list(snapshot_writes), len(computations)
    snapshot_writes.clear(), computations.clear()
    operations.add_events(together, posted(), today=TODAY, actor=None)
    db.session.flush()
    clocks_written = len(together.snapshots)
    # A ledger is computed once per add_event (its check is what is written); together, once
    # for both. (Before add_events, each add_event computed twice: to check, then to write.)
    assert apart_computations == 2
    assert len(computations) == 1
    # One by one, the snapshots were inserted, then updated when the receipt moved them.
    assert "UPDATE" in apart_writes
    assert "UPDATE" not in snapshot_writes
    # Inserted in one statement per batch SQLAlchemy sends, never more rows than clocks.
    assert 1 <= len(snapshot_writes) <= clocks_written


def test_an_impossible_ledger_records_none_of_the_events(app):
    records_request = new_request("Worcester")
    operations.add_event(records_request, "filed", MAILED, today=TODAY, actor=None)
    db.session.commit()
    twice = [NewEvent("received", DELIVERED), NewEvent("filed", DELIVERED)]
    with pytest.raises(RequestError, match="more than one"):
        operations.add_events(records_request, twice, today=TODAY, actor=None)
    db.session.rollback()
    kinds = db.session.scalars(select(ClockEvent.kind).filter_by(request_id=records_request.id))
    assert list(kinds) == ["filed"]


def test_each_event_is_checked_before_any_is_recorded(app):
    records_request = new_request("Worcester")
    no_days = [NewEvent("filed", MAILED), NewEvent("extension_claimed", DELIVERED)]
    with pytest.raises(RequestError, match="how many days"):
        operations.add_events(records_request, no_days, today=TODAY, actor=None)
    assert records_request.events == []
