"""`flask requests recompute`: stored due dates follow a change of the holiday or law data."""

from datetime import date

from sqlalchemy import select

from foia.audit import AuditEvent
from foia.extensions import db
from foia.requests import batch
from foia.requests.models import DeadlineSnapshot, RecordsRequest
from tests.requests.test_remembered import filed_request, fresh_reading, remembered


def test_recompute_puts_back_dates_computed_under_other_data(app, runner):
    records_request = filed_request("Stale data")
    db.session.commit()
    right = records_request.next_agency_due_on
    # As if stored before a data correction moved the due date by a day.
    wrong = date.fromordinal(right.toordinal() - 1)
    db.session.execute(
        RecordsRequest.__table__.update().values(next_due_on=wrong, next_agency_due_on=wrong)
    )
    db.session.execute(DeadlineSnapshot.__table__.update().values(due_on=wrong))
    db.session.commit()

    result = runner.invoke(args=["requests", "recompute"])

    assert result.exit_code == 0, result.output
    assert "date(s) moved" in result.output
    stored = db.session.scalar(select(RecordsRequest).filter_by(title="Stale data"))
    assert stored.next_agency_due_on == right
    reading = fresh_reading(stored)
    assert remembered(stored, reading) == reading
    moves = db.session.scalars(select(AuditEvent).filter_by(action="deadline.moved")).all()
    assert any("the holiday or law data changed" in (m.summary or "") for m in moves)


def test_recompute_with_nothing_stale_moves_nothing(app, runner):
    filed_request("Fresh")
    db.session.commit()
    batch.recompute_open_requests("first", date(2026, 11, 26))
    db.session.commit()
    result = runner.invoke(args=["requests", "recompute"])
    assert result.exit_code == 0, result.output
    assert "0 date(s) moved" in result.output
