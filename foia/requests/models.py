"""Records requests, their clock ledgers, and the last computed due dates."""

from datetime import date, datetime, time

from sqlalchemy import Date, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foia.agencies.models import Agency
from foia.auth.models import User
from foia.campaigns.models import Campaign
from foia.db import TimestampMixin, UTCDateTime, utcnow
from foia.extensions import db


class RecordsRequest(TimestampMixin, db.Model):
    """One letter to one agency, with everything that happens to it."""

    __tablename__ = "records_requests"
    # One request per agency per campaign, however often generation is retried.
    __table_args__ = (UniqueConstraint("campaign_id", "agency_id"),)

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
    #: Whether we asked for expedited processing (federal FOIA's 10-day decision clock).
    is_expedited: Mapped[bool] = mapped_column(default=False)
    #: When a lawyer approved the letter; filing is only possible after approval.
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When the request was closed (fulfilled, withdrawn ...); open requests have none.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)

    agency: Mapped[Agency] = relationship()
    campaign: Mapped["Campaign | None"] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    volunteer: Mapped[User | None] = relationship(foreign_keys=[volunteer_id])
    events: Mapped[list["ClockEvent"]] = relationship(
        back_populates="records_request",
        order_by="(ClockEvent.occurred_on, ClockEvent.id)",
        cascade="all, delete-orphan",
    )
    snapshots: Mapped[list["DeadlineSnapshot"]] = relationship(
        back_populates="records_request", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        """Return whether the request is still running."""
        return self.closed_at is None


class ClockEvent(TimestampMixin, db.Model):
    """A dated fact that moves deadlines: filed, received, extension claimed, denial ..."""

    __tablename__ = "clock_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The request this happened to.
    request_id: Mapped[int] = mapped_column(
        ForeignKey("records_requests.id", ondelete="CASCADE"), index=True
    )
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

    records_request: Mapped[RecordsRequest] = relationship(back_populates="events")


class DeadlineSnapshot(db.Model):
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

    records_request: Mapped[RecordsRequest] = relationship(back_populates="snapshots")
