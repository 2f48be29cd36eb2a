"""Filing work that sends email: queue, commit, send, record, commit, one request at a time.

Each step commits, so a run killed at any point leaves every request either filed (the email
accepted and the filing recorded) or not; starting again picks up where it stopped: a queued
message is never queued twice (its outbox key), a sent one is never sent again, and a sent one
whose filing was not yet recorded is recorded without sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import g, has_request_context
from sqlalchemy import select

from foia import mail
from foia.documents.storage import StorageError
from foia.extensions import db
from foia.filing.operations import (
    FilingError,
    filing_email_key,
    is_filed,
    queue_filing_email,
    record_email_filing,
)
from foia.letters.operations import current_letter
from foia.mail import MailError, OutboundEmail
from foia.requests.models import RecordsRequest


@dataclass(frozen=True)
class Outcome:
    """What happened to one request: filed, or why not."""

    request_id: int
    is_filed: bool
    error: str = ""


def _queued(records_request: RecordsRequest) -> OutboundEmail | None:
    letter = current_letter(records_request)
    if letter is None:
        return None
    return db.session.scalar(select(OutboundEmail).filter_by(key=filing_email_key(letter)))


def file_one_by_email(request_id: int, *, today: date, actor=None) -> Outcome:
    """File one request by email now; commit each step and return the outcome."""
    records_request = db.session.get(RecordsRequest, request_id)
    if is_filed(records_request):
        return Outcome(request_id, True)
    email = _queued(records_request)
    if email is None:
        try:
            email = queue_filing_email(records_request, actor=actor)
        except (FilingError, MailError, StorageError) as exc:
            db.session.rollback()
            return Outcome(request_id, False, str(exc))
        db.session.commit()
        if has_request_context():
            # Sent here, not again by the after-request hook.
            g.get("foia_queued_emails", []).remove(email.id)
    if not email.is_sent:
        mail.send_one(email.id)
        db.session.refresh(email)
    if not email.is_sent:
        return Outcome(request_id, False, email.last_error or "Another worker is sending it now.")
    record_email_filing(records_request, email, today=today, actor=actor)
    db.session.commit()
    return Outcome(request_id, True)


def filing_error(records_request: RecordsRequest) -> str:
    """Return why the request's filing email has not gone, or ""."""
    email = _queued(records_request)
    return email.last_error if email is not None and not email.is_sent else ""
