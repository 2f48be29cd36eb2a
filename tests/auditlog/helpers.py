"""Audit events with chosen times, people and objects, for the audit log tests."""

from datetime import UTC, datetime, timedelta

from foia import audit
from foia.audit import Action, AuditEvent
from foia.extensions import db

#: A fixed moment the tests count back from (a Wednesday, in UTC).
BASE_AT = datetime(2026, 3, 11, 15, 0, tzinfo=UTC)


def add_event(
    action: Action = Action.AGENCY_UPDATED,
    obj=None,
    *,
    user=None,
    at: datetime | None = None,
    summary: str = "Something changed",
) -> AuditEvent:
    """Add and commit one audit event, as an operation would write it, at `at`."""
    event = audit.record(action, obj, summary, user=user)
    event.at = at or BASE_AT
    db.session.commit()
    return event


def add_events(count: int, **kwargs) -> list[AuditEvent]:
    """Add `count` events one minute apart, the last one at BASE_AT; return them oldest first."""
    return [
        add_event(at=BASE_AT - timedelta(minutes=count - 1 - n), summary=f"Event {n}", **kwargs)
        for n in range(count)
    ]
