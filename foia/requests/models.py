"""Records requests, their clock ledgers, and the last computed due dates."""

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    and_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foia.agencies.models import Agency
from foia.auth.models import User
from foia.campaigns.models import Campaign
from foia.db import TimestampMixin, UTCDateTime, utcnow
from foia.extensions import Model


class RecordsRequest(TimestampMixin, Model):
    """One letter to one agency, with everything that happens to it."""

    __tablename__ = "records_requests"
    # One request per agency per campaign, however often generation is retried.
    __table_args__ = (
        UniqueConstraint("campaign_id", "agency_id"),
        # The requests list's order: soonest next deadline first, then by id.
        Index("ix_records_requests_next_due_on_id", "next_due_on", "id"),
        # The agency scorecards' ranking: requests, open and overdue per agency, from the index
        # alone (SQLite: 11 ms instead of 55 for 50,000 requests; see bench/RESULTS.md).
        Index(
            "ix_records_requests_agency_scorecard", "agency_id", "closed_at", "next_agency_due_on"
        ),
        # The open requests that fell due between two days, by agency (scorecards: those late
        # since AgencyCountReference.late_before).
        Index("ix_records_requests_agency_due", "next_agency_due_on", "closed_at", "agency_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Our reference, quoted in letters and subjects: "FR-2026-00042".
    reference: Mapped[str | None] = mapped_column(String(40), unique=True)
    #: Short description for lists.
    title: Mapped[str] = mapped_column(String(300))
    #: The campaign it belongs to, if any.
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    #: Who the request goes to.
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    #: The owning lawyer.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: The volunteer who logs responses, if any.
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: The request template it was written from (its slug).
    template_slug: Mapped[str | None] = mapped_column(String(80))
    #: The record categories asked for (their slugs), in letter order.
    category_slugs: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Start of the period the request covers.
    date_from: Mapped[date | None] = mapped_column(Date)
    #: End of the period (none: "to the date this request is processed").
    date_to: Mapped[date | None] = mapped_column(Date)
    #: How it is (to be) filed: one of FILING_CHANNELS.
    filing_channel: Mapped[str | None] = mapped_column(String(20))
    #: True while a lawsuit about the request is pending (a fact a lawyer records).
    is_in_litigation: Mapped[bool] = mapped_column(default=False)
    #: Whether we asked for expedited processing (federal FOIA's 10-day decision clock).
    is_expedited: Mapped[bool] = mapped_column(default=False)
    #: When a lawyer approved the letter; filing is only possible after approval.
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When the request was closed (fulfilled, withdrawn ...); open requests have none.
    #: Not indexed: nine requests in ten are open (see the de15acb8bba5 migration).
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The lawyer who closed it; reopening empties these three (the audit log keeps them).
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Why it was closed: one of foia.requests.status.CloseReason.
    close_reason: Mapped[str | None] = mapped_column(String(40))
    #: The lawyer's note on closing, if any.
    close_note: Mapped[str | None] = mapped_column(Text)
    #: The earliest due date of its unsettled clocks, kept with its DeadlineSnapshot rows by
    #: foia.requests.clocks (like them, a remembered result of the engine, not a fact), so the
    #: requests list can sort and filter 50,000 requests by it through an index.
    next_due_on: Mapped[date | None] = mapped_column(Date)
    # --- remembered readings of the ledger and the engine, for the dashboard ----------------
    # Like next_due_on these are results, not facts: foia.requests.operations keeps the ledger's
    # in step whenever an event is added or removed, foia.requests.clocks the engine's whenever
    # the clocks are recomputed. With them the dashboard counts thousands of requests in one
    # GROUP BY over this table; whether a date is overdue is still decided at read time.
    #: The kind of the event that decides the status (foia.requests.status.decisive_kind).
    decisive_kind: Mapped[str | None] = mapped_column(String(40))
    #: The date of a fee estimate we have not paid or declined (status.waiting_on_us).
    fee_waiting_since: Mapped[date | None] = mapped_column(Date)
    #: The date of a clarification request we have not answered (status.waiting_on_us).
    clarification_waiting_since: Mapped[date | None] = mapped_column(Date)
    #: The earliest due date of the agency's unsettled clocks, and that clock's kind.
    next_agency_due_on: Mapped[date | None] = mapped_column(Date)
    next_agency_due_kind: Mapped[str | None] = mapped_column(String(40))
    #: The due date of our own unsettled appeal window, if one is open.
    appeal_due_on: Mapped[date | None] = mapped_column(Date)
    # What an agency's scorecard reads of each request (foia.requests.status.first_dates, and
    # the response clocks' due dates): a page of scorecards reads these columns instead of
    # folding every event and snapshot of its agencies' requests (bench/RESULTS.md).
    #: The day the agency received it: its "received" event, else its filing.
    received_on: Mapped[date | None] = mapped_column(Date)
    #: The agency's first reply of any kind, and its first answer (a determination).
    first_reply_on: Mapped[date | None] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    #: The agency's first notice taking more time, if any.
    extension_claimed_on: Mapped[date | None] = mapped_column(Date)
    #: The due dates of the response clock and the extended response clock, settled or not.
    response_due_on: Mapped[date | None] = mapped_column(Date)
    extended_due_on: Mapped[date | None] = mapped_column(Date)
    #: A filing worker holds the request until this time while it files it (one filer at a time).
    filing_claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

    agency: Mapped[Agency] = relationship()
    campaign: Mapped["Campaign | None"] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    volunteer: Mapped[User | None] = relationship(foreign_keys=[volunteer_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    #: The ledger the deadlines are computed from: removed events are not in it (issue 16).
    events: Mapped[list["ClockEvent"]] = relationship(
        back_populates="records_request",
        primaryjoin=lambda: and_(RecordsRequest.id == ClockEvent.request_id, ClockEvent.active()),
        order_by="(ClockEvent.occurred_on, ClockEvent.id)",
        cascade="all, delete-orphan",
    )
    snapshots: Mapped[list["DeadlineSnapshot"]] = relationship(
        back_populates="records_request", cascade="all, delete-orphan"
    )
    letters: Mapped[list["RequestLetter"]] = relationship(
        back_populates="records_request",
        order_by="RequestLetter.id",
        cascade="all, delete-orphan",
    )
    communications: Mapped[list["Communication"]] = relationship(
        back_populates="records_request",
        order_by="(Communication.occurred_on, Communication.id)",
        cascade="all, delete-orphan",
    )

    @property
    def is_open(self) -> bool:
        """Return whether the request is still running."""
        return self.closed_at is None

    @property
    def close_reason_words(self) -> str:
        """Return why it was closed, in words ("" while open; an unknown value as stored)."""
        from foia.requests.status import CloseReason

        labels = {reason.value: reason.label for reason in CloseReason}
        return labels.get(self.close_reason or "", self.close_reason or "")

    @property
    def status(self) -> str:
        """Return the status derived from the ledger and the recorded facts."""
        from foia.requests.status import derive_status

        kinds = [e.kind for e in sorted(self.events, key=lambda e: (e.occurred_on, e.id or 0))]
        return derive_status(
            kinds, is_approved=self.approved_at is not None, is_in_litigation=self.is_in_litigation
        )


class AgencyRequestCount(Model):
    """How many requests an agency has, open and late: the scorecards' ranking, kept by triggers.

    Database triggers on records_requests (and on agencies' names) add and subtract on every
    insert, update and delete, so the counts are exact whatever writes the rows (migration
    0c5e1b7a9d24). `late_requests` counts the open requests due before
    AgencyCountReference.late_before; the scorecards add those that fell due since
    (foia/dashboard/scorecard_queries.py), and `flask requests recount` moves that date to today.
    """

    __tablename__ = "agency_request_counts"
    __table_args__ = (Index("ix_agency_request_counts_name", "name", "agency_id"),)

    #: The agency.
    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    #: The agency's name, copied (the ranking sorts by it without reading every agency).
    name: Mapped[str] = mapped_column(String(200))
    #: Its requests (0 once the last one is deleted or moved: the row stays).
    requests: Mapped[int] = mapped_column(Integer)
    #: Those not closed.
    open_requests: Mapped[int] = mapped_column(Integer)
    #: Open ones whose next agency due date is before AgencyCountReference.late_before.
    late_requests: Mapped[int] = mapped_column(Integer)


class AgencyCountReference(Model):
    """The one date that AgencyRequestCount.late_requests is counted against."""

    __tablename__ = "agency_count_reference"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Late means due before this day. No row: late_requests are all 0 (as if no day came first).
    late_before: Mapped[date] = mapped_column(Date)


class ClockEvent(TimestampMixin, Model):
    """A dated fact that moves deadlines: filed, received, extension claimed, denial ..."""

    __tablename__ = "clock_events"
    # A request's events, and its events of some kinds (the dashboard's "waiting on us").
    __table_args__ = (
        Index("ix_clock_events_request_id_kind", "request_id", "kind"),
        # The scorecards' rare impossible dates (before 2000, years ahead) without a scan.
        Index("ix_clock_events_occurred_on", "occurred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The request this happened to.
    request_id: Mapped[int] = mapped_column(ForeignKey("records_requests.id", ondelete="CASCADE"))
    #: One of foia.deadlines.EVENT_KINDS.
    kind: Mapped[str] = mapped_column(String(40))
    #: The day it happened (the agency's local date).
    occurred_on: Mapped[date] = mapped_column(Date)
    #: The local time, where it matters (after-hours receipt).
    occurred_at_time: Mapped[time | None] = mapped_column(Time)
    #: Days claimed, for an extension.
    days: Mapped[int | None] = mapped_column(Integer)
    #: The agency's stated basis, or any note.
    basis: Mapped[str] = mapped_column(Text, default="")
    #: True while a date is our estimate (e.g. postal receipt not yet confirmed).
    is_estimated: Mapped[bool] = mapped_column(default=False)
    #: Who recorded it.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # --- removal (issue 16): a mistaken event is kept, marked removed, and can be restored.
    #: When a lawyer removed it from the ledger; empty while it counts.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Who removed it.
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Why, in the lawyer's words.
    removed_reason: Mapped[str | None] = mapped_column(Text)

    records_request: Mapped[RecordsRequest] = relationship(back_populates="events")
    removed_by: Mapped[User | None] = relationship(foreign_keys=[removed_by_id])

    @classmethod
    def active(cls):
        """Return the criterion of the events that count: every ledger query uses it."""
        return cls.removed_at.is_(None)

    @property
    def is_removed(self) -> bool:
        """Return whether the event was removed from the ledger."""
        return self.removed_at is not None


class DeadlineSnapshot(Model):
    """The due date last computed for one clock of one request.

    Due dates are always derived from the law, the calendar and the ledger; this row only
    remembers the last result, so that a recomputation can say what moved (old date, new date,
    why) and lists can sort by the next deadline without recomputing 50,000 requests.
    """

    __tablename__ = "deadline_snapshots"
    __table_args__ = (UniqueConstraint("request_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The request.
    request_id: Mapped[int] = mapped_column(
        ForeignKey("records_requests.id", ondelete="CASCADE"), index=True
    )
    #: The clock kind: response, extended_response, production_limit, appeal ...
    kind: Mapped[str] = mapped_column(String(40))
    #: Its due date when last computed (none for "no statutory deadline").
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    #: When it was computed.
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # --- reminders (issue 6): a ledger fact, so reminder selection needs no recomputation.
    #: True once the clock needs nothing more (met, not applicable, answered late); empty
    #: until computed by a version that knows it (`flask reminders send` fills it first).
    is_settled: Mapped[bool | None] = mapped_column()

    records_request: Mapped[RecordsRequest] = relationship(back_populates="snapshots")


class Channel(StrEnum):
    """How letters and messages travel, in form order."""

    EMAIL = "email"
    PORTAL = "portal"
    MAIL = "mail"
    FAX = "fax"
    PHONE = "phone"
    IN_PERSON = "in_person"

    @property
    def label(self) -> str:
        """Return the channel in words, for people."""
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.EMAIL: "Email",
    Channel.PORTAL: "Portal",
    Channel.MAIL: "Mail",
    Channel.FAX: "Fax",
    Channel.PHONE: "Phone call",
    Channel.IN_PERSON: "In person",
}
#: How letters and messages travel.
CHANNELS: tuple[Channel, ...] = tuple(Channel)
#: How a request (or an appeal) can be filed: `RecordsRequest.filing_channel` is one of these.
FILING_CHANNELS = (Channel.EMAIL, Channel.PORTAL, Channel.MAIL, Channel.FAX)


class Direction(StrEnum):
    """Which way a communication went."""

    IN = "in"  # from the agency
    OUT = "out"  # from us


class LetterKind(StrEnum):
    """What a letter of ours is."""

    REQUEST = "request"
    CORRECTION = "correction"
    FOLLOW_UP = "follow_up"
    APPEAL = "appeal"


class RequestLetter(TimestampMixin, Model):
    """A letter of ours for a request: the request itself, a correction, a follow-up, an appeal.

    Until it is sent the text may be regenerated; `sent_at` freezes it, and its PDF is stored
    once by SHA-256 in the document store and never changes.
    """

    __tablename__ = "request_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The request.
    request_id: Mapped[int] = mapped_column(
        ForeignKey("records_requests.id", ondelete="CASCADE"), index=True
    )
    #: One of LetterKind.
    kind: Mapped[str] = mapped_column(String(20), default=LetterKind.REQUEST.value)
    #: Email subject / letter heading.
    subject: Mapped[str] = mapped_column(String(500))
    #: The letter body as HTML (rendered from the sandboxed template).
    body_html: Mapped[str] = mapped_column(Text)
    #: The same as plain text, for email bodies.
    body_text: Mapped[str] = mapped_column(Text)
    #: SHA-256 of the PDF in the document store.
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    #: When it went out; after this nothing about it changes.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    records_request: Mapped[RecordsRequest] = relationship(back_populates="letters")


class Communication(TimestampMixin, Model):
    """A dated message in or out: email, portal, mail, fax, phone call."""

    __tablename__ = "communications"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The request.
    request_id: Mapped[int] = mapped_column(
        ForeignKey("records_requests.id", ondelete="CASCADE"), index=True
    )
    #: One of Direction: "in" (from the agency) or "out" (from us).
    direction: Mapped[str] = mapped_column(String(3))
    #: One of CHANNELS.
    channel: Mapped[str] = mapped_column(String(20))
    #: The day it was sent or received.
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    #: Who sent it (name or address).
    sender: Mapped[str] = mapped_column(String(300), default="")
    #: Who it went to.
    recipient: Mapped[str] = mapped_column(String(300), default="")
    #: Subject or heading.
    subject: Mapped[str] = mapped_column(String(500), default="")
    #: The message text, or a summary of a call or letter.
    body: Mapped[str] = mapped_column(Text, default="")
    #: Email Message-ID, portal confirmation number, certified-mail number ...
    tracking: Mapped[str] = mapped_column(String(300), default="")
    #: Proof of delivery: SMTP acceptance, portal confirmation, return receipt.
    delivery_proof: Mapped[str] = mapped_column(Text, default="")
    #: Our letter it carried, if any.
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("request_letters.id"))
    #: The outbox message that carried it, for email.
    outbound_email_id: Mapped[int | None] = mapped_column(ForeignKey("outbound_emails.id"))
    #: Who recorded it.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    records_request: Mapped[RecordsRequest] = relationship(back_populates="communications")
