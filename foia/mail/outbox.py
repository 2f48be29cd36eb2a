"""The outbox: queue a message in the transaction, then claim it, send it and record the outcome.

Every outcome is committed by the sender, one message at a time: sent (the server accepted it,
recorded even if the connection fails afterwards), retrying (a 4xx or a connection failure, with
backoff), or failed (a 5xx reply: never retried). See docs/mail-delivery.md.
"""

from __future__ import annotations

import contextlib
import smtplib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr
from enum import StrEnum
from typing import Any, cast

from flask import current_app, g, has_request_context
from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import joinedload

from foia import clock
from foia.extensions import db
from foia.mail.message import build_message
from foia.mail.models import OutboundAttachment, OutboundEmail
from foia.mail.smtp import Link, SendFailure, SmtpSettings

#: Waits between attempts: 1 min, 5 min, 30 min, 2 h, then every 6 h.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
#: How long a sender may hold a claimed message before another run may take it over.
CLAIM = timedelta(minutes=10)
#: Seconds to wait before each new try at recording an outcome when the database failed: once
#: the server has accepted a message, losing that record would send it a second time.
RECORD_RETRIES = (0.25, 1.0, 4.0)
#: Database errors that a later try may not meet (a dropped connection, a locked SQLite file).
DATABASE_ERRORS = (OperationalError, InterfaceError)


@dataclass(frozen=True)
class Attachment:
    """A file to attach when queueing."""

    filename: str
    content_type: str
    data: bytes


class MailError(ValueError):
    """A message that cannot be queued (bad address, header injection)."""


class Result(StrEnum):
    """What one attempt at a message came to."""

    SENT = "sent"
    RETRYING = "retrying"
    FAILED = "failed"
    #: Another sender holds it: not tried here.
    BUSY = "busy"


@dataclass
class SendReport:
    """What a sending pass did, message by message."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    busy: int = 0
    #: The last failure's words ("" if none).
    last_error: str = ""

    def add(self, result: Result, error: str = "") -> None:
        """Count one attempt."""
        setattr(self, result.value, getattr(self, result.value) + 1)
        if error:
            self.last_error = error

    def merge(self, other: SendReport) -> None:
        """Add another pass's counts to these."""
        for name in ("sent", "retrying", "failed", "busy"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.last_error = other.last_error or self.last_error

    @property
    def is_failure(self) -> bool:
        """Return whether messages were tried and none could be sent."""
        return self.sent == 0 and self.retrying + self.failed > 0

    def problem(self) -> str:
        """Return the one line a cron job reports when nothing could be sent ("" otherwise)."""
        if not self.is_failure:
            return ""
        tried = self.retrying + self.failed
        head = "the one message tried" if tried == 1 else f"none of the {tried} messages tried"
        verb = "could not" if tried == 1 else "could"
        return f"{head} {verb} be sent. {self.last_error}".strip()


def _clean_header(value: str, what: str) -> str:
    # A newline in a header would let input add headers of its own (header injection).
    if "\n" in value or "\r" in value:
        raise MailError(f"The {what} must be a single line.")
    return value.strip()


def _address(value: str) -> str:
    address = _clean_header(value, "recipient address")
    if "@" not in address or " " in address:
        raise MailError(f"{address!r} is not an email address.")
    return address


def queue_email(
    to_addr: str,
    subject: str,
    body_text: str,
    *,
    kind: str,
    body_html: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    key: str | None = None,
    request_id: int | None = None,
    user_id: int | None = None,
    reply_to: str | None = None,
    flush: bool = True,
) -> OutboundEmail:
    """Add a message to the outbox in the current transaction (idempotent by `key`).

    `flush=False` only adds it, for a caller queueing many that flushes them together and sends
    them itself: it is not left to the after-request hook.
    """
    if key is not None:
        # Not autoflushed: the caller's pending changes go with the email's own flush below (an
        # unflushed email holding the key would fail the key's unique constraint at its flush).
        with db.session.no_autoflush:
            existing = db.session.scalar(select(OutboundEmail).filter_by(key=key))
        if existing is not None:
            return existing
    to_addr = _address(to_addr)
    # FOIA_MAIL_FROM may carry a display name: "FOIA desk <foia@example.org>".
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
    email = OutboundEmail(
        key=key,
        kind=kind,
        to_addr=to_addr,
        subject=_clean_header(subject, "subject"),
        body_text=body_text,
        body_html=body_html,
        message_id=make_msgid(domain=domain),
        reply_to=_clean_header(reply_to, "reply address") if reply_to else None,
        request_id=request_id,
        user_id=user_id,
        next_attempt_at=clock.now(),
        attachments=[
            OutboundAttachment(filename=a.filename, content_type=a.content_type, data=a.data)
            for a in attachments
        ],
    )
    db.session.add(email)
    if not flush:
        return email
    db.session.flush()
    if has_request_context():
        g.setdefault("foia_queued_emails", []).append(email.id)
    return email


def readdress(email: OutboundEmail, to_addr: str) -> bool:
    """Queue a message the server refused for good again, to a corrected address.

    Return False, changing nothing, when the address is the one refused. Safe: a refused
    message reached nobody. Flushes; the caller commits.
    """
    to_addr = _address(to_addr)
    if not email.is_failed or to_addr.lower() == email.to_addr.lower():
        return False
    email.to_addr, email.failed_at, email.next_attempt_at = to_addr, None, clock.now()
    db.session.flush()
    return True


def settings() -> SmtpSettings:
    """Return the configured SMTP server's settings."""
    return SmtpSettings.from_config(current_app.config)


def smtp_connection() -> smtplib.SMTP:
    """Open a connection to the configured SMTP server (STARTTLS and login as configured)."""
    config = settings()
    server = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    if config.starttls:
        server.starttls()
    if config.user:
        server.login(config.user, config.password)
    return server


def claim(email_id: int, now: datetime) -> bool:
    """Take the message for this sender; False if another sender has it or it is done."""
    result = db.session.execute(
        update(OutboundEmail)
        .where(
            OutboundEmail.id == email_id,
            OutboundEmail.sent_at.is_(None),
            OutboundEmail.failed_at.is_(None),
            or_(OutboundEmail.claimed_until.is_(None), OutboundEmail.claimed_until < now),
        )
        .values(claimed_until=now + CLAIM)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    # An UPDATE's result is a CursorResult; execute() is typed as the general Result.
    return cast(CursorResult[Any], result).rowcount == 1


def claim_many(email_ids: list[int], now: datetime) -> dict[int, int]:
    """Take for this sender those of the messages no other sender holds: {id: attempts so far}.

    One conditional UPDATE, as `claim` does for one, but uncommitted: the caller commits it with
    the work that goes with it (a filing worker, with the outcome of the message before).
    """
    if not email_ids:
        return {}
    rows = db.session.execute(
        update(OutboundEmail)
        .where(
            OutboundEmail.id.in_(email_ids),
            OutboundEmail.sent_at.is_(None),
            OutboundEmail.failed_at.is_(None),
            or_(OutboundEmail.claimed_until.is_(None), OutboundEmail.claimed_until < now),
        )
        .values(claimed_until=now + CLAIM)
        .returning(OutboundEmail.id, OutboundEmail.attempts)
        .execution_options(synchronize_session=False)
    )
    return {email_id: attempts for email_id, attempts in rows}  # noqa: C416 - rows, not pairs


def attempt(email_id: int, link: Link | None = None) -> tuple[Result, str]:
    """Claim and try one message now; record the outcome and commit. Return it and its error."""
    now = clock.now()
    if not claim(email_id, now):
        return Result.BUSY, ""
    return _deliver(email_id, now, link)


def send_one(email_id: int, link: Link | None = None) -> bool:
    """Try to send one queued message now; record the outcome and commit. Return True if sent."""
    return attempt(email_id, link)[0] is Result.SENT


def deliver(email_id: int, now: datetime, link: Link | None = None) -> bool:
    """Send a message this sender claimed; record the outcome and commit. Return True if sent."""
    return _deliver(email_id, now, link)[0] is Result.SENT


def _deliver(email_id: int, now: datetime, link: Link | None) -> tuple[Result, str]:
    # With its attachments in one query, and the read ended before the server is asked: no
    # transaction is open while the server takes its time, so no lock is held and a database
    # connection dropped meanwhile is replaced (pool_pre_ping) when the outcome is written.
    email = db.session.get_one(
        OutboundEmail, email_id, options=[joinedload(OutboundEmail.attachments)]
    )
    message, attempts = build_message(email), email.attempts + 1
    db.session.commit()
    with _link(link) as active:
        delivery = send_claimed(email_id, message, attempts=attempts, now=now, link=active)
    return delivery.result, delivery.error


@dataclass(frozen=True)
class Delivery:
    """What one attempt at a claimed message came to, as recorded."""

    result: Result
    #: Why it was not accepted, in words ("" when sent).
    error: str = ""
    #: The server's reply to the end of DATA when it accepted the message ("" otherwise).
    reply: str = ""
    #: When the server accepted it.
    accepted_at: datetime | None = None


def send_claimed(
    email_id: int,
    message: EmailMessage,
    *,
    attempts: int,
    now: datetime,
    link: Link,
    then: Callable[[Delivery], None] | None = None,
) -> Delivery:
    """Send a message this sender claimed; record the outcome and commit. Return the outcome.

    `then(delivery)` may add to the session what goes with the outcome (a filing recorded,
    a claim released): it is committed with the outcome, in one transaction, so nothing shows a
    message sent without it. Should `then` fail, the outcome alone is recorded, then its error
    raised: a message the server accepted is never left unrecorded.
    """
    try:
        reply = link.send(message)
    except SendFailure as failure:
        result = Result.FAILED if failure.is_permanent else Result.RETRYING
        delivery = Delivery(result, failure.text)
        _record(email_id, _failure_values(failure, attempts, now), delivery, then)
        return delivery
    # Accepted: from here on it is sent, whatever the connection or the database does next.
    accepted_at = clock.now()
    delivery = Delivery(Result.SENT, reply=reply, accepted_at=accepted_at)
    _record(email_id, _sent_values(accepted_at, attempts), delivery, then)
    return delivery


@contextlib.contextmanager
def _link(link: Link | None) -> Iterator[Link]:
    """Yield the caller's connection, or one of our own that is closed after the outcome."""
    if link is not None:
        yield link
        return
    with Link(settings()) as own:
        yield own


def _sent_values(accepted_at: datetime, attempts: int) -> dict:
    return {
        "sent_at": accepted_at,
        "attempts": attempts,
        "last_error": "",
        "failed_at": None,
        "claimed_until": None,
    }


def _failure_values(failure: SendFailure, attempts: int, now: datetime) -> dict:
    values = {"attempts": attempts, "last_error": failure.text[:2000], "claimed_until": None}
    if failure.is_permanent:
        values["failed_at"] = clock.now()
    else:
        values["next_attempt_at"] = now + BACKOFF[min(attempts, len(BACKOFF)) - 1]
    return values


def _record(
    email_id: int, values: dict, delivery: Delivery, then: Callable[[Delivery], None] | None
) -> None:
    """Commit an attempt's outcome with what `then` adds; the outcome alone if `then` fails."""
    try:
        _commit_outcome(email_id, values, lambda: then(delivery) if then else None)
    except DATABASE_ERRORS:
        raise
    except Exception:
        db.session.rollback()
        _commit_outcome(email_id, values, lambda: None)
        raise


def _commit_outcome(email_id: int, values: dict, then: Callable[[], None]) -> None:
    """Write an attempt's outcome and commit, trying again if the database connection failed."""
    for delay in (*RECORD_RETRIES, None):
        try:
            db.session.execute(
                update(OutboundEmail)
                .where(OutboundEmail.id == email_id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            then()
            db.session.commit()
            return
        except DATABASE_ERRORS:
            db.session.rollback()
            if delay is None:
                raise  # the command reports it in one line
            time.sleep(delay)


def due_ids(now: datetime, limit: int = 500) -> list[int]:
    """Return the ids of waiting messages whose next attempt is due."""
    return list(
        db.session.scalars(
            select(OutboundEmail.id)
            .where(
                OutboundEmail.sent_at.is_(None),
                OutboundEmail.failed_at.is_(None),
                OutboundEmail.next_attempt_at <= now,
            )
            .order_by(OutboundEmail.id)
            .limit(limit)
        )
    )


def send_due(limit: int = 500, link: Link | None = None) -> SendReport:
    """Send every due message over one connection, one commit per message; return the counts."""
    report = SendReport()
    with _link(link) as active:
        for email_id in due_ids(clock.now(), limit):
            report.add(*attempt(email_id, active))
    return report


def send_queued_after_request(exc: BaseException | None) -> None:
    """After a request that committed, try to send what it queued (failures wait for cron)."""
    ids = g.pop("foia_queued_emails", None)
    if not ids or exc is not None:
        return
    for email_id in ids:
        try:
            send_one(email_id)
        except Exception:  # noqa: BLE001 - never fail a finished request over mail; cron retries
            db.session.rollback()
            current_app.logger.exception("sending queued email %s failed", email_id)
