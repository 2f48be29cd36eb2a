"""What agencies send back: reply kinds, tracking numbers, outcomes, fees, notes, inbound
email and appeals."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foia.db import TimestampMixin, UTCDateTime
from foia.extensions import Model
from foia.requests.models import Communication, RecordsRequest
from foia.responses.kinds import (  # the vocabularies, re-exported beside their columns
    FEE_KINDS,
    LEDGER_EVENT_FOR,
    LEDGER_EVENT_FOR_FEE,
    OUTCOMES,
    RESPONSE_KINDS,
    WITHHOLDING_OUTCOMES,
    AppealGrounds,
    FeeKind,
    Outcome,
    ResponseKind,
)

__all__ = [
    "FEE_KINDS",
    "LEDGER_EVENT_FOR",
    "LEDGER_EVENT_FOR_FEE",
    "OUTCOMES",
    "RESPONSE_KINDS",
    "WITHHOLDING_OUTCOMES",
    "Appeal",
    "AppealGrounds",
    "CategoryOutcome",
    "Fee",
    "FeeKind",
    "LoggedResponse",
    "Note",
    "Outcome",
    "ResponseKind",
    "TrackingNumber",
]


class LoggedResponse(TimestampMixin, Model):
    """What kind of reply an incoming communication is, and the ledger event it recorded."""

    __tablename__ = "logged_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The message as logged.
    communication_id: Mapped[int] = mapped_column(
        ForeignKey("communications.id", ondelete="CASCADE"), unique=True
    )
    #: One of ResponseKind.
    kind: Mapped[str] = mapped_column(String(30))
    #: The ledger event it recorded, if the kind has one.
    clock_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("clock_events.id", ondelete="SET NULL")
    )

    communication: Mapped[Communication] = relationship()


class TrackingNumber(TimestampMixin, Model):
    """A number the agency gave the request (an agency may split one request into several)."""

    __tablename__ = "tracking_numbers"
    __table_args__ = (UniqueConstraint("request_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The request.
    request_id: Mapped[int] = mapped_column(
        ForeignKey("records_requests.id", ondelete="CASCADE"), index=True
    )
    #: The agency's number, as written: "P012345-112626".
    number: Mapped[str] = mapped_column(String(120), index=True)
    #: Who recorded it.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CategoryOutcome(TimestampMixin, Model):
    """What became of one record category of one request."""

    __tablename__ = "category_outcomes"
    __table_args__ = (UniqueConstraint("request_id", "category_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The request.
    request_id: Mapped[int] = mapped_column(
        ForeignKey("records_requests.id", ondelete="CASCADE"), index=True
    )
    #: The record category (its slug, as in RecordsRequest.category_slugs).
    category_slug: Mapped[str] = mapped_column(String(80), index=True)
    #: One of Outcome.
    outcome: Mapped[str] = mapped_column(String(20), default=Outcome.PENDING.value)
    #: The exemption cited, as a code from the jurisdiction's list ("" for none or other).
    exemption: Mapped[str] = mapped_column(String(40), default="")
    #: The exemption in the agency's words, or one not in the list.
    exemption_text: Mapped[str] = mapped_column(Text, default="")
    #: Who coded it last.
    coded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Fee(TimestampMixin, Model):
    """One fee fact: an estimate, a waiver asked, granted or denied, an invoice, a payment."""

    __tablename__ = "fees"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The request.
    request_id: Mapped[int] = mapped_column(
        ForeignKey("records_requests.id", ondelete="CASCADE"), index=True
    )
    #: One of FeeKind.
    kind: Mapped[str] = mapped_column(String(30))
    #: The amount in US dollars, where there is one.
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    #: The day it happened (paid on, invoiced on ...).
    occurred_on: Mapped[date] = mapped_column(Date)
    #: Anything else: invoice number, who paid, basis of the waiver decision.
    note: Mapped[str] = mapped_column(Text, default="")
    #: The ledger event it recorded, if any.
    clock_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("clock_events.id", ondelete="SET NULL")
    )
    #: Who recorded it.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Note(TimestampMixin, Model):
    """A note on a request; privileged notes are shown to lawyers only."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The request.
    request_id: Mapped[int] = mapped_column(
        ForeignKey("records_requests.id", ondelete="CASCADE"), index=True
    )
    #: The note.
    body: Mapped[str] = mapped_column(Text)
    #: Attorney-client or work-product: never shown, exported or searchable for volunteers.
    is_privileged: Mapped[bool] = mapped_column(default=False, index=True)
    #: Who wrote it.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    records_request: Mapped[RecordsRequest] = relationship()


class Appeal(TimestampMixin, Model):
    """An appeal letter: drafted from the law's appeal rule, reviewed by a lawyer, then filed."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The request appealed.
    request_id: Mapped[int] = mapped_column(
        ForeignKey("records_requests.id", ondelete="CASCADE"), index=True
    )
    #: Who decides it: "Supervisor of Records".
    to_whom: Mapped[str] = mapped_column(String(300))
    #: The appeal rule's citation: "950 CMR 32.08(1)".
    citation: Mapped[str] = mapped_column(String(300), default="")
    #: Why we appeal: one of AppealGrounds.
    grounds: Mapped[str] = mapped_column(String(40))
    #: The letter text (plain text, editable until filed).
    body: Mapped[str] = mapped_column(Text)
    #: Who drafted it.
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: When a lawyer reviewed it.
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The reviewing lawyer.
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The day it was filed; it cannot change after.
    filed_on: Mapped[date | None] = mapped_column(Date)
    #: SHA-256 of the PDF as filed, in the file store.
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    #: The appeal_filed ledger event.
    clock_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("clock_events.id", ondelete="SET NULL")
    )

    records_request: Mapped[RecordsRequest] = relationship()

    @property
    def state(self) -> str:
        """Return draft, reviewed or filed."""
        if self.filed_on:
            return "filed"
        return "reviewed" if self.reviewed_at else "draft"
