"""Filing again after a bounce: queue, commit, send, record, commit, as foia.filing.jobs does.

A bounced filing email never reached the agency, so the statutory clock never started. Once a
lawyer has corrected the agency's address, `file_again` sends the approved letter again to that
address; when the SMTP server accepts it, foia.inbound.delivery.record_filing_again records the
message, moves the "filed" and "received" events to the new send date and resolves the failure.

Each step commits, so a run stopped at any point can be started again: the email is queued once
(its outbox key names the failure), never sent twice, and a sent one is recorded without sending.
The request is claimed as the filing worker claims it, so two clicks never file it twice.
"""

from __future__ import annotations

from datetime import date

from foia import clock
from foia.documents.storage import StorageError
from foia.extensions import db
from foia.filing.jobs import BUSY, Outcome, claim_filing, commit_queued, release_filing, send_now
from foia.filing.operations import FilingError
from foia.inbound import delivery
from foia.mail import MailError
from foia.requests.models import RecordsRequest
from foia.requests.operations import RequestError


def file_again(request_id: int, *, today: date, actor=None) -> Outcome:
    """File a request whose filing email bounced again, by email to the corrected address."""
    if not claim_filing(request_id, clock.now()):
        return Outcome(request_id, False, BUSY, is_busy=True)
    try:
        outcome = _file_again_claimed(request_id, today, actor)
    except BaseException:
        db.session.rollback()
        release_filing(request_id)
        raise
    release_filing(request_id)
    return outcome


def _file_again_claimed(request_id: int, today: date, actor) -> Outcome:
    records_request = db.session.get_one(RecordsRequest, request_id)
    email = delivery.queued_refiling(records_request)
    if email is None:
        try:
            email = delivery.queue_filing_again(records_request, actor=actor)
        except (FilingError, MailError, StorageError) as exc:
            db.session.rollback()
            return Outcome(request_id, False, str(exc))
        commit_queued(email)
    if not send_now(email):
        return Outcome(request_id, False, email.last_error or "Another worker is sending it now.")
    try:
        delivery.record_filing_again(records_request, email, today=today, actor=actor)
    except (FilingError, RequestError) as exc:
        db.session.rollback()
        return Outcome(request_id, False, f"Sent, but not recorded: {exc}")
    db.session.commit()
    return Outcome(request_id, True)
