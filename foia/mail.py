"""Outgoing email through an outbox: queued in the transaction, sent after commit, never lost.

`queue_email(...)` adds an `OutboundEmail` row to the session, so the message exists only if the
work that produced it commits. After a web request commits, the messages it queued are sent;
anything that could not be sent stays in the outbox with its error and is retried with backoff by
`flask mail send` (run by cron), which claims each row atomically so two runs never send one
message twice. An optional unique `key` makes queueing idempotent (a reminder is queued once).
"""

import binascii
import io
import secrets
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid, parseaddr

from flask import current_app, g, has_request_context
from sqlalchemy import ForeignKey, LargeBinary, String, Text, or_, select, update
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from foia import clock
from foia.db import UTCDateTime, utcnow
from foia.extensions import db

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


class OutboundEmail(db.Model):
    """One message to one address, with every attempt's outcome."""

    __tablename__ = "outbound_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Idempotency key: the same key is never queued twice (e.g. one reminder per due date).
    key: Mapped[str | None] = mapped_column(String(300), unique=True)
    #: What it is for: "reminder", "digest", "filing", "password_reset" ...
    kind: Mapped[str] = mapped_column(String(40), index=True)
    #: Recipient address.
    to_addr: Mapped[str] = mapped_column(String(254))
    #: Subject line (no newlines).
    subject: Mapped[str] = mapped_column(String(500))
    #: Plain-text part.
    body_text: Mapped[str] = mapped_column(Text)
    #: HTML part, if any.
    body_html: Mapped[str | None] = mapped_column(Text)
    #: Where replies should go, if not to FOIA_MAIL_FROM: the request's own reply address
    #: (foia+FR-2026-00001@example.org) when FOIA_REPLY_PLUS is on.
    reply_to: Mapped[str | None] = mapped_column(String(254))
    #: Our Message-ID, kept to match replies and prove delivery.
    message_id: Mapped[str] = mapped_column(String(300))
    #: The request this concerns, if any.
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("records_requests.id", ondelete="SET NULL"), index=True
    )
    #: The user it is for, if any.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: When it was queued (UTC).
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When the SMTP server accepted it; empty while it waits.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    #: Attempts so far.
    attempts: Mapped[int] = mapped_column(default=0)
    #: The last failure, for people.
    last_error: Mapped[str] = mapped_column(Text, default="")
    #: Not to be tried again before this time.
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    #: A sender holds the message until this time while it tries it.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

    attachments: Mapped[list["OutboundAttachment"]] = relationship(
        cascade="all, delete-orphan", order_by="OutboundAttachment.id"
    )

    @property
    def is_sent(self) -> bool:
        """Return whether the SMTP server accepted the message."""
        return self.sent_at is not None


class OutboundAttachment(db.Model):
    """A file attached to an outgoing message."""

    __tablename__ = "outbound_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The message.
    email_id: Mapped[int] = mapped_column(
        ForeignKey("outbound_emails.id", ondelete="CASCADE"), index=True
    )
    #: File name shown to the recipient.
    filename: Mapped[str] = mapped_column(String(255))
    #: MIME type, e.g. application/pdf.
    content_type: Mapped[str] = mapped_column(String(100))
    #: The bytes.
    data: Mapped[bytes] = mapped_column(LargeBinary)


@dataclass(frozen=True)
class Attachment:
    """A file to attach when queueing."""

    filename: str
    content_type: str
    data: bytes


class MailError(ValueError):
    """A message that cannot be queued (bad address, header injection)."""


def _clean_header(value: str, what: str) -> str:
    # A newline in a header would let input add headers of its own (header injection).
    if "\n" in value or "\r" in value:
        raise MailError(f"The {what} must be a single line.")
    return value.strip()


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
) -> OutboundEmail:
    """Add a message to the outbox in the current transaction (idempotent by `key`)."""
    if key is not None:
        existing = db.session.scalar(select(OutboundEmail).filter_by(key=key))
        if existing is not None:
            return existing
    to_addr = _clean_header(to_addr, "recipient address")
    if "@" not in to_addr or " " in to_addr:
        raise MailError(f"{to_addr!r} is not an email address.")
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
    db.session.flush()
    if has_request_context():
        g.setdefault("foia_queued_emails", []).append(email.id)
    return email


def build_message(email: OutboundEmail) -> EmailMessage:
    """Return the MIME message for an outbox row."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = email.to_addr
    message["Subject"] = email.subject
    message["Date"] = formatdate(email.queued_at.timestamp(), localtime=False)
    message["Message-ID"] = email.message_id
    if email.reply_to:
        message["Reply-To"] = email.reply_to
    message["MIME-Version"] = "1.0"
    if email.body_html:
        message.make_alternative()
        message.attach(_text_part(email.body_text, "plain"))
        message.attach(_text_part(email.body_html, "html"))
    else:
        _set_text(message, email.body_text, "plain")
    for attachment in email.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    _set_boundaries(message)
    return message


def _set_boundaries(message: EmailMessage) -> None:
    # Left unset, the generator picks each boundary and then searches the whole flattened
    # message for it: 2 ms for a long digest. This one cannot occur in any part: text parts
    # are quoted-printable, where every "=" is escaped, and attachments are base64, where "="
    # only pads the end of the last line; the stdlib's boundaries have the same form.
    for part in message.walk():
        if part.is_multipart() and part.get_boundary() is None:
            part.set_boundary(f"{'=' * 15}{secrets.randbelow(10**19):019d}==")


def _text_part(body: str, subtype: str) -> EmailMessage:
    """Return a UTF-8 text part, quoted-printable encoded."""
    part = EmailMessage()
    _set_text(part, body, subtype)
    return part


def _set_text(part: EmailMessage, body: str, subtype: str) -> None:
    # Encoded by binascii (C): given a str with a line over 78 characters, as HTML has,
    # set_content encodes in pure Python, 13 ms for a long digest.
    part["Content-Type"] = f'text/{subtype}; charset="utf-8"'
    part["Content-Transfer-Encoding"] = "quoted-printable"
    part.set_payload(binascii.b2a_qp(body.encode("utf-8"), istext=True).decode("ascii"))


class _WholeBodyGenerator(BytesGenerator):
    """A BytesGenerator that writes each body in one piece, with the same bytes as the stock one.

    The stock generator writes a body two calls per line: 7 ms for a long reminder digest, as
    much as rendering it. tests/mail/test_flatten.py compares the two on random messages.
    """

    def _write_lines(self, lines: str) -> None:
        # What the stock generator does with re.compile(r"\r\n|\r|\n").split, but by
        # str.replace: every CRLF, lone CR and lone LF becomes one line ending.
        if lines:
            self.write(lines.replace("\r\n", "\n").replace("\r", "\n").replace("\n", self._NL))


def flatten(message: EmailMessage, *, utf8: bool = False) -> bytes:
    """Return the message as SMTP transmits it (CRLF line endings).

    Without the mbox "From " escaping that smtplib.send_message applies (its generator has no
    policy, so mangle_from_ is on): a letter line "From January 2020 ..." would arrive as
    ">From January 2020 ...". SMTP needs no such escaping.
    """
    policy = message.policy.clone(utf8=True) if utf8 else None
    with io.BytesIO() as out:
        generator = _WholeBodyGenerator(out, mangle_from_=False, policy=policy)
        generator.flatten(message, linesep="\r\n")
        return out.getvalue()


def transmit(server: smtplib.SMTP, message: EmailMessage) -> None:
    """Send a message as smtplib's send_message does, but flattened by `flatten`.

    Our messages have one From and one To and never a Bcc, Sender or Resent- block, so the
    envelope is read from From and To. Non-ASCII addresses need the server's SMTPUTF8, as there.
    A message with a Reply-To (a request's own reply address) uses it as the envelope sender
    too, so that a bounce comes back to the address that names the request.
    """
    from_addr = getaddresses([message["Reply-To"] or message["From"]])[0][1]
    to_addrs = [address for _, address in getaddresses(message.get_all("To", []))]
    international = not "".join([from_addr, *to_addrs]).isascii()
    options = ("SMTPUTF8", "BODY=8BITMIME") if international else ()
    server.ehlo_or_helo_if_needed()
    if international and not server.has_extn("smtputf8"):
        raise smtplib.SMTPNotSupportedError(
            "A non-ASCII address needs SMTPUTF8, which the server does not offer."
        )
    server.sendmail(from_addr, to_addrs, flatten(message, utf8=international), options)


def smtp_connection() -> smtplib.SMTP:
    """Open a connection to the configured SMTP server (STARTTLS and login as configured)."""
    config = current_app.config
    server = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30)
    if config["SMTP_STARTTLS"]:
        server.starttls()
    if config["SMTP_USER"]:
        server.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
    return server


def claim(email_id: int, now: datetime) -> bool:
    """Take the message for this sender; False if another sender has it or it went already."""
    result = db.session.execute(
        update(OutboundEmail)
        .where(
            OutboundEmail.id == email_id,
            OutboundEmail.sent_at.is_(None),
            or_(OutboundEmail.claimed_until.is_(None), OutboundEmail.claimed_until < now),
        )
        .values(claimed_until=now + CLAIM)
    )
    db.session.commit()
    return result.rowcount == 1


def send_one(email_id: int, server: smtplib.SMTP | None = None) -> bool:
    """Try to send one queued message now; record the outcome and commit. Return True if sent."""
    now = clock.now()
    return claim(email_id, now) and deliver(email_id, now, server)


def deliver(email_id: int, now: datetime, server: smtplib.SMTP | None = None) -> bool:
    """Send a message this sender claimed; record the outcome and commit. Return True if sent."""
    # With its attachments in the same query. Built before anything changes: loading them
    # would otherwise flush the attempt and, on SQLite, hold the database's write lock for as
    # long as the SMTP server takes.
    email = db.session.get(OutboundEmail, email_id, options=[joinedload(OutboundEmail.attachments)])
    message = build_message(email)
    email.attempts += 1
    try:
        own = server is None
        server = server or smtp_connection()
        try:
            transmit(server, message)
        finally:
            if own:
                server.quit()
    except (OSError, smtplib.SMTPException) as exc:
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        email.next_attempt_at = now + BACKOFF[min(email.attempts, len(BACKOFF)) - 1]
        email.claimed_until = None
        db.session.commit()
        return False
    email.sent_at, email.last_error, email.claimed_until = clock.now(), "", None
    db.session.commit()
    return True


def due_ids(now: datetime, limit: int = 500) -> list[int]:
    """Return the ids of unsent messages whose next attempt is due."""
    return list(
        db.session.scalars(
            select(OutboundEmail.id)
            .where(OutboundEmail.sent_at.is_(None), OutboundEmail.next_attempt_at <= now)
            .order_by(OutboundEmail.id)
            .limit(limit)
        )
    )


def send_due(limit: int = 500) -> tuple[int, int]:
    """Send every due message, one commit per message; return (sent, failed)."""
    sent = failed = 0
    for email_id in due_ids(clock.now(), limit):
        if send_one(email_id):
            sent += 1
        else:
            failed += 1
    return sent, failed


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


def register_cli(app) -> None:
    """Add `flask mail send` to the app."""
    import click

    @app.cli.group("mail")
    def mail_cli() -> None:
        """Send and inspect the email outbox."""

    @mail_cli.command("send")
    @click.option("--limit", default=500, show_default=True, help="Most messages this run.")
    def send_command(limit: int) -> None:
        """Send every queued message whose next attempt is due (run by cron)."""
        sent, failed = send_due(limit)
        click.echo(f"Sent {sent}, still queued after failure {failed}.")
