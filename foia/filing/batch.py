"""Filing requests by email in batches: one SMTP connection, one commit per message.

What filing guarantees stays as `jobs` first wrote it: a request is claimed before its email is
sent, the server's answer is recorded, a sent email is recorded as the filing (Communication
with the server's reply, the letter frozen, "filed" and "received" events, deadlines, audit),
each exactly once, and a run killed at any point is finished by the next. Only the number of
commits changes, and no extra message becomes exposed to the window SMTP leaves open.

1. One commit per BATCH requests queues their emails (the outbox key makes each letter's email
   unique). The requests are claimed while it runs, so two workers never queue one request's
   email, and released by the same commit, so a kill leaves none of them held. A request whose
   email cannot be queued (no address, no PDF) has its reason recorded in a commit of its own.
2. Each message then goes over the one connection. The commit that records its outcome (the
   email sent, or why not) also records the filing, releases the request, and claims the next
   request and its email: at any kill, at most one request and one email are held (the one in
   flight), as when requests were filed one at a time.

Measured by bench/bench_filing.py on 351 requests: see `file_requests`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from typing import Any

from flask import g, has_request_context
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload, selectinload

from foia import clock, mail
from foia.agencies.models import Agency
from foia.deadlines.kinds import EventKind
from foia.documents.storage import StorageError
from foia.extensions import db
from foia.filing import problems
from foia.filing.operations import (
    FilingError,
    filing_email_key,
    is_filed,
    queue_filing_email,
    record_email_filing,
)
from foia.letters.operations import current_letter
from foia.mail import Delivery, Link, MailError, OutboundEmail, Result
from foia.requests import clocks
from foia.requests.clocks import ClosureIndex
from foia.requests.models import ClockEvent, RecordsRequest

#: Requests whose emails are queued per commit.
BATCH = 25
#: How long a filing worker may hold a request before another may take it over.
FILING_CLAIM = timedelta(minutes=10)
#: Why a request was left alone: another worker holds it.
BUSY = "Another worker is filing it now."
#: Why a queued email was not sent: another sender holds it.
SENDING_ELSEWHERE = "Another worker is sending it now."


@dataclass(frozen=True)
class Outcome:
    """What happened to one request: filed, or why not."""

    request_id: int
    is_filed: bool
    error: str = ""
    #: True when another worker held the request, so this one left it alone.
    is_busy: bool = False


@dataclass
class _Queued:
    """A request whose email is queued, with the message built from it."""

    request_id: int
    email_id: int
    message: EmailMessage
    #: The email's attempts so far, read when it is claimed.
    attempts: int = 0


@dataclass
class _Work:
    """What every step of a run needs: the day, who files, the connection, the closures."""

    today: date
    actor: Any
    link: Link
    #: Read once per batch: each filing recomputes the deadlines twice.
    closures: ClosureIndex | None = None


@dataclass
class _Step:
    """What one commit settled besides its message: requests passed over, the next one held."""

    outcomes: list[Outcome] = field(default_factory=list)
    #: Index of the next claimed item (None: nothing left to send).
    next: int | None = None


class _Refused(Exception):
    """A request whose email cannot be queued or re-addressed; `is_recorded`: keep why."""

    def __init__(self, request_id: int, reason: str, *, is_recorded: bool) -> None:
        super().__init__(reason)
        self.request_id, self.reason, self.is_recorded = request_id, reason, is_recorded


def file_requests(
    request_ids: list[int],
    *,
    today: date,
    actor=None,
    on_item: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """File the requests by email over one connection; commit per message; return the outcomes.

    Measured by bench/bench_filing.py (351 requests with 21 KB PDFs, aiosmtpd on loopback, a
    shared 2-core machine, bench/RESULTS.md): one request at a time, 7 commits and a connection
    each, filed 14.2 a second on SQLite and 9.7 on PostgreSQL; batched, 28.4 and 24.1 (27 and 25
    statements, about one commit per message). With both events recorded by one add_events and
    one flush per request, CPU per request fell from 17-19 ms to 12-14 on SQLite and from 22-25
    to 14-16 on PostgreSQL (25.4 -> 15.4 statements), before and after alternated; at load 2,
    SQLite filed 62-77 a second (50 before) and PostgreSQL 45-51 (37-38). What is left is the
    ORM's one flush recording the filing (a third of the time), the message and SMTP.
    """
    outcomes = []
    with Link(mail.settings()) as link:
        work = _Work(today, actor, link)
        for start in range(0, len(request_ids), BATCH):
            # Closed at once if on_item raises: the batch then lets go of the request it holds.
            with closing(_file_batch(request_ids[start : start + BATCH], work)) as batch:
                for outcome in batch:
                    on_item(outcome)
                    outcomes.append(outcome)
    return outcomes


def _file_batch(request_ids: list[int], work: _Work) -> Generator[Outcome]:
    """File one batch: queue every email in one commit, then send and record one by one."""
    db.session.commit()  # what follows starts its own transaction with its first write
    queued: list[_Queued] = []
    yield from _queue_all(request_ids, work.actor, queued)
    held = None  # the index of the request this worker holds, committed
    try:
        work.closures = clocks.load_closures()
        step = _claim_next(queued, 0, work)
        db.session.commit()
        held = step.next
        yield from step.outcomes
        while step.next is not None:
            step = _send(queued, step.next, work)
            held = step.next
            yield from step.outcomes
    except BaseException:
        # The email in flight stays claimed: the server may have kept it, and its claim keeps
        # any other sender from sending it again until it runs out. The request is let go.
        db.session.rollback()
        if held is not None:
            _release([queued[held].request_id])
            db.session.commit()
        raise


def _queue_all(request_ids: list[int], actor, queued: list[_Queued]) -> Generator[Outcome]:
    """Queue the emails of the requests no worker holds, in one commit; yield what is settled.

    A request refused (no address, say) is recorded in a commit of its own and the others are
    queued again: the refusal's transaction rolled back whatever the others had added.
    """
    remaining = list(request_ids)
    while remaining:
        try:
            outcomes = _queue(remaining, actor, queued)
        except _Refused as refused:
            db.session.rollback()
            queued.clear()
            remaining.remove(refused.request_id)
            yield _refusal(refused, actor)
            continue
        except BaseException:
            db.session.rollback()  # the claims taken while queueing were never committed
            raise
        db.session.commit()
        if has_request_context():  # sent here, not again by the after-request hook
            mine = {item.email_id for item in queued}
            g.foia_queued_emails = [i for i in g.get("foia_queued_emails", []) if i not in mine]
        yield from outcomes
        return


def _queue(request_ids: list[int], actor, queued: list[_Queued]) -> list[Outcome]:
    """Queue the requests' emails and build their messages (uncommitted); return the settled."""
    now = clock.now()
    held = _hold(request_ids, now)
    outcomes = [Outcome(i, False, BUSY, is_busy=True) for i in request_ids if i not in held]
    requests = _load(sorted(held))
    keys = {r.id: filing_email_key(letter) for r in requests if (letter := current_letter(r))}
    existing = {
        e.key: e
        for e in db.session.scalars(
            select(OutboundEmail)
            .where(OutboundEmail.key.in_(list(keys.values())))
            .options(selectinload(OutboundEmail.attachments))
        )
    }
    order = {request_id: n for n, request_id in enumerate(request_ids)}
    emails = []
    for records_request in sorted(requests, key=lambda r: order[r.id]):
        if is_filed(records_request):
            outcomes.append(Outcome(records_request.id, True))
            continue
        email = _email_of(records_request, existing.get(keys.get(records_request.id)), actor)
        if isinstance(email, str):
            outcomes.append(Outcome(records_request.id, False, email))
            continue
        emails.append((records_request.id, email))
    db.session.flush()  # the new emails of the batch together, not one flush each
    queued.extend(_Queued(i, email.id, mail.build_message(email)) for i, email in emails)
    # Released in this same commit: a kill from here on leaves none of them held.
    _release(sorted(held))
    return outcomes


def _email_of(records_request: RecordsRequest, email: OutboundEmail | None, actor):
    """Return the request's email, queued now if need be, or why it cannot go (a str)."""
    if email is None:
        try:
            return queue_filing_email(records_request, actor=actor, flush=False)
        except (FilingError, MailError, StorageError) as exc:
            raise _Refused(records_request.id, str(exc), is_recorded=True) from exc
    if not email.is_failed:
        return email
    # Refused for good before: it goes again only to a corrected address.
    try:
        is_readdressed = mail.readdress(email, records_request.agency.email or "")
    except MailError as exc:
        reason = f"{email.problem} The agency's email address on file will not do: {exc}"
        raise _Refused(records_request.id, reason, is_recorded=False) from exc
    return email if is_readdressed else why_not_sent(email)


def _refusal(refused: _Refused, actor) -> Outcome:
    """Keep why a request could not be queued (claimed while doing so); return its outcome."""
    if not _hold([refused.request_id], clock.now()):
        db.session.rollback()
        return Outcome(refused.request_id, False, BUSY, is_busy=True)
    if refused.is_recorded:
        # Kept, not only returned: a worker's outcome would otherwise live in its log alone.
        problems.record_failure(
            db.session.get_one(RecordsRequest, refused.request_id), refused.reason, actor=actor
        )
    _release([refused.request_id])
    db.session.commit()
    return Outcome(refused.request_id, False, refused.reason)


def _send(queued: list[_Queued], index: int, work: _Work) -> _Step:
    """Send one claimed message; commit its outcome, its filing and the next claim together."""
    item, step = queued[index], _Step()

    def then(delivery: Delivery) -> None:
        # Run again from the start if the commit is tried again (a dropped database connection).
        nonlocal step
        step = _settle(item, delivery, work)
        following = _claim_next(queued, index + 1, work)
        step.outcomes += following.outcomes
        step.next = following.next

    mail.send_claimed(
        item.email_id,
        item.message,
        attempts=item.attempts + 1,
        now=clock.now(),
        link=work.link,
        then=then,
    )
    return step


def _settle(item: _Queued, delivery: Delivery, work: _Work) -> _Step:
    """Record what became of a sent message: the filing, or why not; release the request."""
    records_request = _load([item.request_id])[0]
    email = db.session.get_one(OutboundEmail, item.email_id, populate_existing=True)
    records_request.filing_claimed_until = None
    if delivery.result is Result.SENT:
        record_email_filing(
            records_request,
            email,
            today=work.today,
            actor=work.actor,
            reply=delivery.reply,
            closures=work.closures,
        )
        return _Step([Outcome(item.request_id, True)])
    return _Step([Outcome(item.request_id, False, why_not_sent(email))])


def _claim_next(queued: list[_Queued], start: int, work: _Work) -> _Step:
    """Claim the first request from `start` on, and its email, that can be sent (uncommitted).

    Those passed over are settled in the same transaction: held by another worker, filed
    meanwhile, or sent by another sender (then recorded here, without sending it again).
    """
    now, step = clock.now(), _Step()
    for index in range(start, len(queued)):
        item = queued[index]
        if not _hold([item.request_id], now):
            step.outcomes.append(Outcome(item.request_id, False, BUSY, is_busy=True))
            continue
        if _has_filed_event(item.request_id):
            _release([item.request_id])
            step.outcomes.append(Outcome(item.request_id, True))
            continue
        claimed = mail.claim_many([item.email_id], now)
        if item.email_id in claimed:
            item.attempts = claimed[item.email_id]
            step.next = index
            return step
        step.outcomes += _settle(item, _as_found(item.email_id), work).outcomes
    return step


def _as_found(email_id: int) -> Delivery:
    """Return what became of an email another sender holds or has sent."""
    sent_at = db.session.scalar(select(OutboundEmail.sent_at).filter_by(id=email_id))
    if sent_at is not None:
        return Delivery(Result.SENT, accepted_at=sent_at)
    return Delivery(Result.BUSY, SENDING_ELSEWHERE)


def why_not_sent(email: OutboundEmail) -> str:
    """Return, for people, why a letter's email has not gone after trying to send it."""
    if email.is_failed:
        return f"{email.problem} Correct the agency's email address, then send it again."
    return email.problem or SENDING_ELSEWHERE


def _hold(request_ids: list[int], now: datetime) -> set[int]:
    """Claim the requests no other worker holds (one conditional UPDATE, uncommitted)."""
    return set(
        db.session.scalars(
            update(RecordsRequest)
            .where(
                RecordsRequest.id.in_(request_ids),
                RecordsRequest.filing_claimed_until.is_(None)
                | (RecordsRequest.filing_claimed_until < now),
            )
            .values(filing_claimed_until=now + FILING_CLAIM)
            .returning(RecordsRequest.id)
            .execution_options(synchronize_session=False)
        )
    )


def _release(request_ids: list[int]) -> None:
    db.session.execute(
        update(RecordsRequest)
        .where(RecordsRequest.id.in_(request_ids))
        .values(filing_claimed_until=None)
        .execution_options(synchronize_session=False)
    )


def _has_filed_event(request_id: int) -> bool:
    return (
        db.session.scalar(
            select(ClockEvent.id)
            .where(ClockEvent.request_id == request_id, ClockEvent.kind == EventKind.FILED)
            .where(ClockEvent.active())
            .limit(1)
        )
        is not None
    )


def _load(request_ids: list[int]) -> list[RecordsRequest]:
    """Load the requests with what filing reads, fresh from the database, in one statement.

    Joined, not one statement per list: a request being filed has a letter or two and few or
    no events and deadlines yet, so the rows the joins multiply stay few.
    """
    return list(
        db.session.scalars(
            select(RecordsRequest)
            .where(RecordsRequest.id.in_(request_ids))
            .options(
                joinedload(RecordsRequest.events),
                joinedload(RecordsRequest.letters),
                joinedload(RecordsRequest.snapshots),
                joinedload(RecordsRequest.agency).joinedload(Agency.jurisdiction),
            )
            .execution_options(populate_existing=True)
        ).unique()
    )
