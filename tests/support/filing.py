"""The state of a campaign's filing, read from the database: for the kill-and-resume tests."""

from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select, update

from foia import clock
from foia.extensions import db
from foia.mail import OutboundEmail
from foia.requests.models import ClockEvent, Communication, RecordsRequest


def filed_count(app) -> int:
    """Return how many requests have a "filed" event."""
    with app.app_context():
        found = db.session.scalar(
            select(func.count()).select_from(ClockEvent).filter_by(kind="filed")
        )
        db.session.remove()
        return found


def filing_state(app) -> dict:
    """Per request: filed events, outgoing communications, outbox rows, sent rows, claims."""
    with app.app_context():
        ids = list(db.session.scalars(select(RecordsRequest.id)))
        events = Counter(db.session.scalars(select(ClockEvent.request_id).filter_by(kind="filed")))
        communications = Counter(
            db.session.scalars(
                select(Communication.request_id).filter_by(direction="out", channel="email")
            )
        )
        emails = db.session.execute(
            select(OutboundEmail.request_id, OutboundEmail.sent_at, OutboundEmail.message_id)
        ).all()
        claimed = set(
            db.session.scalars(
                select(RecordsRequest.id).where(RecordsRequest.filing_claimed_until.is_not(None))
            )
        )
        db.session.remove()
    return {
        "ids": ids,
        "events": events,
        "communications": communications,
        "queued": Counter(r for r, _, _ in emails),
        "sent": Counter(r for r, sent, _ in emails if sent is not None),
        "message_ids": {r: m for r, _, m in emails},
        "claimed": claimed,
    }


def assert_consistent(state) -> None:
    """No half-written filing: a filed event exactly when a communication, each at most once."""
    for request_id in state["ids"]:
        filed = state["events"][request_id]
        assert filed <= 1 and state["communications"][request_id] == filed, request_id
        assert state["queued"][request_id] <= 1, request_id
        assert state["sent"][request_id] >= filed, request_id  # filed only once sent


def expire_leases(app) -> None:
    """Let the killed worker's leases run out (as 10 minutes would)."""
    with app.app_context():
        past = clock.now() - timedelta(seconds=1)
        db.session.execute(
            update(RecordsRequest)
            .where(RecordsRequest.filing_claimed_until.is_not(None))
            .values(filing_claimed_until=past)
        )
        db.session.execute(
            update(OutboundEmail)
            .where(OutboundEmail.claimed_until.is_not(None))
            .values(claimed_until=past)
        )
        db.session.commit()
        db.session.remove()
