"""Filing work that sends email: filing by email (foia.filing.batch), corrections, outcomes.

Filing itself, one request or a campaign's, goes through `batch.file_requests`: emails queued a
batch at a time, then one message after another over one connection, each committed with its
filing. On PostgreSQL a campaign's batches may be shared by several processes (`file_many`,
foia.filing.parallel). Corrections go one request at a time: queue, commit, send, record,
commit. Each step commits, so a run killed at any point leaves every request either filed (the
email accepted and the filing recorded) or not; starting again picks up where it stopped: a
queued message is never queued twice (its outbox key), a sent one is never sent again, and a
sent one whose filing was not yet recorded is recorded without sending. Two workers never file
one request at once: each first claims the request with one conditional UPDATE (as foia.mail
claims a message), and a worker that finds it held leaves it to the holder.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, cast

from flask import g, has_request_context
from sqlalchemy import CursorResult, or_, select, update

from foia import clock, mail
from foia.documents.storage import StorageError
from foia.extensions import db
from foia.filing import problems
from foia.filing.batch import (
    BATCH,
    BUSY,
    FILING_CLAIM,
    Outcome,
    file_requests,
    why_not_sent,
)
from foia.filing.operations import (
    FilingError,
    correction_to_send,
    filing_email_key,
    is_filed,
    queue_letter_email,
    record_correction_email,
)
from foia.filing.parallel import file_in_parallel, filing_workers
from foia.letters.operations import current_letter
from foia.mail import MailError, OutboundEmail
from foia.mail.models import problem
from foia.requests.models import RecordsRequest


def claim_filing(request_id: int, now: datetime) -> bool:
    """Take the request for this worker (one UPDATE, committed); False if another holds it."""
    result = db.session.execute(
        update(RecordsRequest)
        .where(
            RecordsRequest.id == request_id,
            or_(
                RecordsRequest.filing_claimed_until.is_(None),
                RecordsRequest.filing_claimed_until < now,
            ),
        )
        .values(filing_claimed_until=now + FILING_CLAIM)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    # An UPDATE's result is a CursorResult; execute() is typed as the general Result.
    return cast(CursorResult[Any], result).rowcount == 1


def release_filing(request_id: int) -> None:
    """Let other workers take the request again."""
    db.session.execute(
        update(RecordsRequest)
        .where(RecordsRequest.id == request_id)
        .values(filing_claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _claimed(request_id: int, work: Callable[[], Outcome]) -> Outcome:
    """Run `work` while this worker holds the request; leave it alone if another does."""
    if not claim_filing(request_id, clock.now()):
        return Outcome(request_id, False, BUSY, is_busy=True)
    try:
        outcome = work()
    except BaseException:
        db.session.rollback()
        release_filing(request_id)
        raise
    release_filing(request_id)
    return outcome


def _queued(records_request: RecordsRequest, letter=None) -> OutboundEmail | None:
    letter = letter or current_letter(records_request)
    if letter is None:
        return None
    return db.session.scalar(select(OutboundEmail).filter_by(key=filing_email_key(letter)))


def file_one_by_email(request_id: int, *, today: date, actor=None) -> Outcome:
    """File one request by email now, as a batch of one (foia.filing.batch); return the outcome."""
    return file_requests([request_id], today=today, actor=actor)[0]


def file_many(
    request_ids: list[int],
    *,
    today: date,
    on_item: Callable[[Outcome], None] = lambda outcome: None,
    workers: int = 1,
) -> list[Outcome]:
    """File the requests by email: in `workers` processes on PostgreSQL, else in this one."""
    workers = filing_workers(workers)
    if workers > 1 and len(request_ids) > BATCH:
        db.session.commit()  # the worker processes read what this one has written
        return file_in_parallel(request_ids, today=today, workers=workers, on_item=on_item)
    return file_requests(request_ids, today=today, on_item=on_item)


def send_correction_by_email(request_id: int, *, today: date, actor=None) -> Outcome:
    """Send a filed request's drafted correction letter by email, through the outbox."""
    return _claimed(request_id, lambda: _correct_claimed(request_id, actor))


def _correct_claimed(request_id: int, actor) -> Outcome:
    records_request = db.session.get_one(RecordsRequest, request_id)
    try:
        letter = correction_to_send(records_request)
        email = _queued(records_request, letter)
        if email is None:
            email = queue_letter_email(records_request, letter)
            commit_queued(email)
    except (FilingError, MailError, StorageError) as exc:
        db.session.rollback()
        return Outcome(request_id, False, str(exc))
    refused = _readdress_refused(records_request, email)
    if refused:
        return Outcome(request_id, False, refused)
    if not send_now(email):
        return Outcome(request_id, False, why_not_sent(email))
    record_correction_email(records_request, email, actor=actor)
    db.session.commit()
    return Outcome(request_id, True)


def commit_queued(email: OutboundEmail) -> None:
    """Commit a queued letter email so that this step, not the after-request hook, sends it."""
    db.session.commit()
    if has_request_context():
        # Sent here, not again by the after-request hook.
        g.get("foia_queued_emails", []).remove(email.id)


def send_now(email: OutboundEmail) -> bool:
    """Send a committed email unless it went already; return whether it is sent."""
    if not email.is_sent:
        mail.send_one(email.id)
        db.session.refresh(email)
    return email.is_sent


def _readdress_refused(records_request: RecordsRequest, email: OutboundEmail) -> str:
    """Send a letter the mail server refused for good to the agency's corrected address.

    Return why it cannot go ("" when it may): the address is still the one refused.
    """
    if not email.is_failed:
        return ""
    try:
        is_readdressed = mail.readdress(email, records_request.agency.email or "")
    except MailError as exc:
        db.session.rollback()
        return f"{email.problem} The agency's email address on file will not do: {exc}"
    if not is_readdressed:
        return why_not_sent(email)
    db.session.commit()
    return ""


def filing_errors(requests: list[RecordsRequest]) -> dict[int, str]:
    """Return {request id: why it is not filed} for requests whose filing failed (letters loaded).

    The outbox row's reason when the email was queued, else the reason recorded when the
    attempt could not queue it (no email address on file, say). Two queries.
    """
    keys: dict[str | None, int] = {}  # keyed like the column its rows come back with
    for records_request in requests:
        letter = current_letter(records_request)
        if letter is not None:
            keys[filing_email_key(letter)] = records_request.id
    found, queued = {}, set()
    if keys:
        rows = db.session.execute(
            select(
                OutboundEmail.key,
                OutboundEmail.last_error,
                OutboundEmail.failed_at,
                OutboundEmail.sent_at,
            ).where(OutboundEmail.key.in_(list(keys)))
        ).all()
        for key, error, failed_at, sent_at in rows:
            queued.add(keys[key])
            text = problem(error, is_failed=failed_at is not None, is_sent=sent_at is not None)
            if text:
                found[keys[key]] = text
    unqueued = [r.id for r in requests if r.id not in queued and not is_filed(r)]
    for request_id, reason in problems.recorded_failures(unqueued).items():
        if reason:
            found[request_id] = reason
    return found
