"""The outbox's tables: one row per message, with every attempt's outcome, and its attachments."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foia.db import UTCDateTime, utcnow
from foia.extensions import Model


class DeliveryState(StrEnum):
    """Where a message stands, as the pages say it."""

    QUEUED = "queued"
    #: An attempt failed for a reason that may pass (4xx, connection): tried again later.
    RETRYING = "retrying"
    #: The mail server refused it for good (5xx): never tried again.
    FAILED = "failed"
    SENT = "sent"


class OutboundKind(StrEnum):
    """What an outgoing message is for, as stored in `OutboundEmail.kind`."""

    FILING = "filing"
    FOLLOW_UP = "follow_up"
    REMINDER = "reminder"
    DIGEST = "digest"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a kind of message, not a password
    INVITATION = "invitation"


class OutboundEmail(Model):
    """One message to one address, with every attempt's outcome."""

    __tablename__ = "outbound_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Idempotency key: the same key is never queued twice (e.g. one reminder per due date).
    key: Mapped[str | None] = mapped_column(String(300), unique=True)
    #: What it is for: one of OutboundKind.
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
    #: When the SMTP server refused it for good (a 5xx reply to it); never tried again after.
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Attempts so far.
    attempts: Mapped[int] = mapped_column(default=0)
    #: The last failure, in words for people, with the server's own reply when it gave one.
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

    @property
    def is_failed(self) -> bool:
        """Return whether the SMTP server refused the message for good."""
        return self.failed_at is not None

    @property
    def problem(self) -> str:
        """Return why it has not gone, in words for people ("" if nothing went wrong)."""
        return problem(self.last_error, is_failed=self.is_failed, is_sent=self.is_sent)

    @property
    def state(self) -> DeliveryState:
        """Return where the message stands."""
        if self.sent_at is not None:
            return DeliveryState.SENT
        if self.failed_at is not None:
            return DeliveryState.FAILED
        return DeliveryState.RETRYING if self.attempts else DeliveryState.QUEUED


def problem(last_error: str, *, is_failed: bool, is_sent: bool = False) -> str:
    """Return why a message has not gone, from its stored columns ("" if nothing went wrong)."""
    if is_sent or not (last_error or is_failed):
        return ""
    if is_failed:
        return f"Refused for good by the mail server, not retried: {last_error}"
    return f"Not sent yet, will be retried: {last_error}"


class OutboundAttachment(Model):
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
