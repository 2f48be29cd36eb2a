"""Inbound mail: messages as received, where the mailbox fetch stopped, and delivery failures."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foia.db import TimestampMixin, UTCDateTime, utcnow
from foia.extensions import Model
from foia.inbound.kinds import MailKind
from foia.requests.models import RecordsRequest


class InboundEmail(TimestampMixin, Model):
    """An email as received (uploaded, imported or fetched); waits in the inbox until matched."""

    __tablename__ = "inbound_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the original message bytes in the file store.
    raw_sha256: Mapped[str] = mapped_column(String(64), index=True)
    #: What makes two copies of one mail the same (foia.inbound.parse.dedup_key): the normalised
    #: Message-ID, or a hash of the stable headers and the body. Unique, so that two overlapping
    #: fetches cannot both store one message.
    dedup_key: Mapped[str] = mapped_column(String(600), unique=True)
    #: The Message-ID header.
    message_id: Mapped[str] = mapped_column(String(500), default="", index=True)
    #: From, as received (decoded).
    sender: Mapped[str] = mapped_column(String(500), default="")
    #: To, as received (decoded).
    recipient: Mapped[str] = mapped_column(String(1000), default="")
    #: Subject, as received (decoded).
    subject: Mapped[str] = mapped_column(String(1000), default="")
    #: The Date header as a local calendar date (none if missing or unreadable).
    sent_on: Mapped[date | None] = mapped_column(Date)
    #: Every header in order, as [name, value] pairs.
    headers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: The plain-text body (or the HTML body's text).
    body: Mapped[str] = mapped_column(Text, default="")
    #: What was wrong with the message (broken MIME, unknown charset), for people.
    parse_problems: Mapped[str] = mapped_column(Text, default="")
    #: Where it came from: "upload", the imported path, or the IMAP folder and UID.
    source: Mapped[str] = mapped_column(String(500), default="upload")
    #: Reply, automatic reply or bounce (foia.inbound.kinds.MailKind).
    kind: Mapped[str] = mapped_column(String(20), default=MailKind.REPLY.value, index=True)
    #: Why it was given that kind, for people ("Auto-Submitted: auto-replied").
    kind_reason: Mapped[str] = mapped_column(Text, default="")
    #: The agency's tracking number found in an automatic acknowledgement ("" if none).
    tracking_number: Mapped[str] = mapped_column(String(120), default="")
    #: The request it belongs to, once matched or assigned.
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("records_requests.id", ondelete="SET NULL"), index=True
    )
    #: How it was matched: "address", "reply", "reference", "tracking", "bounce", "person"
    #: ("" while unmatched).
    matched_by: Mapped[str] = mapped_column(String(20), default="")
    #: The communication logged from it (replies only: an auto-reply or a bounce is never the
    #: agency's response, so it stays an inbound email on the request's thread).
    communication_id: Mapped[int | None] = mapped_column(
        ForeignKey("communications.id", ondelete="SET NULL")
    )
    #: Who uploaded or assigned it.
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Suggestions a person dismissed (their keys, foia.inbound.suggest.Suggestion.key).
    dismissed_suggestions: Mapped[list[Any]] = mapped_column(JSON, default=list)

    records_request: Mapped[RecordsRequest | None] = relationship()

    @property
    def mail_kind(self) -> MailKind:
        """Return the kind as the enum."""
        return MailKind(self.kind)


class DeliveryFailure(TimestampMixin, Model):
    """A bounce: one of our messages did not reach an address. A fact; states derive from it."""

    __tablename__ = "delivery_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The bounce message that reported it.
    inbound_email_id: Mapped[int] = mapped_column(
        ForeignKey("inbound_emails.id", ondelete="CASCADE"), index=True
    )
    #: The request whose message bounced, if known.
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("records_requests.id", ondelete="CASCADE"), index=True
    )
    #: Our outgoing message that bounced, if known (a filing email, say).
    outbound_email_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbound_emails.id", ondelete="SET NULL"), index=True
    )
    #: The address that failed, lower-cased.
    address: Mapped[str] = mapped_column(String(254), index=True)
    #: The enhanced status code, e.g. "5.1.1" ("" if the bounce gave none).
    status: Mapped[str] = mapped_column(String(20), default="")
    #: The server's reason, as given.
    reason: Mapped[str] = mapped_column(Text, default="")
    #: When a person dealt with it (filed again, corrected the address); empty while open.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Who resolved it.
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    records_request: Mapped[RecordsRequest | None] = relationship()
    inbound_email: Mapped[InboundEmail] = relationship()


class ImapFolderState(Model):
    """Where fetching one IMAP folder stopped: its UIDVALIDITY and the last UID stored."""

    __tablename__ = "imap_folder_states"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "user@host:port/folder": one row per mailbox folder.
    mailbox: Mapped[str] = mapped_column(String(600), unique=True)
    #: The folder's UIDVALIDITY when last fetched; a new one means the UIDs start over.
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    #: The highest UID stored and committed (0: none yet).
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    #: When it last changed.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
