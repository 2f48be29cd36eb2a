"""Read-side queries other packages use on the outbox: a request's messages that did not go."""

from __future__ import annotations

from sqlalchemy import BindParameter, Select, or_, select

from foia.extensions import db
from foia.mail.models import OutboundEmail


def unsent_query(request_id: int | BindParameter[int]) -> Select:
    """Select a request's messages that failed at least once and have not gone (the id may be
    a bound parameter, as in the request page's one statement)."""
    return (
        select(OutboundEmail)
        .where(
            OutboundEmail.request_id == request_id,
            OutboundEmail.sent_at.is_(None),
            or_(OutboundEmail.attempts > 0, OutboundEmail.failed_at.is_not(None)),
        )
        .order_by(OutboundEmail.id)
    )


def unsent_emails(request_id: int) -> list[OutboundEmail]:
    """Return a request's messages that failed at least once and have not gone."""
    return list(db.session.scalars(unsent_query(request_id)))
