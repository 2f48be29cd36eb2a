"""Notification settings, sent reminders and campaign follow-up policies."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foia.auth.models import User
from foia.db import UTCDateTime, utcnow
from foia.extensions import Model

#: Defaults for a person who never changed their settings.
DEFAULT_DAYS_BEFORE = 3
DEFAULT_APPEAL_DAYS = (10, 3)


class NotificationSettings(Model):
    """How one person wants to hear about deadlines (absent row: the defaults)."""

    __tablename__ = "notification_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The person.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    #: True: one daily digest; False: one email per reminder as soon as it is due.
    is_digest: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Business days before an agency deadline to warn (0: only when it has passed).
    days_before: Mapped[int] = mapped_column(Integer, default=DEFAULT_DAYS_BEFORE)
    #: Business days before the end of an appeal window to warn, comma-separated ("10,3").
    appeal_days_before: Mapped[str] = mapped_column(String(40), default="10,3")
    #: False: no reminder emails at all (the dashboard and feeds still show everything).
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)

    user: Mapped[User] = relationship()

    @property
    def appeal_days(self) -> tuple[int, ...]:
        """Return the appeal warning thresholds, largest first."""
        return parse_days(self.appeal_days_before)


def parse_days(text: str) -> tuple[int, ...]:
    """Return "10, 3" as (10, 3): distinct non-negative integers, largest first."""
    values = {int(part) for part in text.replace(" ", "").split(",") if part.isdigit()}
    return tuple(sorted(values, reverse=True))


class SentReminder(Model):
    """One reminder decided for one person: its unique key makes it happen once.

    The row is written in the same transaction as the email that carries it (a digest carries
    several), so a reminder exists exactly when its email is in the outbox.
    """

    __tablename__ = "sent_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "<user>:<request>:<clock kind>:<due date>:<reminder kind>", unique.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    #: The person reminded.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The request.
    request_id: Mapped[int] = mapped_column(
        ForeignKey("records_requests.id", ondelete="CASCADE"), index=True
    )
    #: due_soon, overdue, appeal_closing_N, ours_closing_N, fee_waiting, clarification_waiting.
    kind: Mapped[str] = mapped_column(String(40))
    #: The clock (or waiting item) it is about.
    clock_kind: Mapped[str] = mapped_column(String(40))
    #: The due date (or the date of the agency's letter) it was about.
    due_on: Mapped[date] = mapped_column(Date)
    #: The run's "today".
    decided_on: Mapped[date] = mapped_column(Date)
    #: The outbox message that carries it.
    email_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbound_emails.id", ondelete="SET NULL"), index=True
    )
    #: When it was decided (UTC).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FollowUpPolicy(Model):
    """Whether a campaign's overdue requests get follow-up letters without a click."""

    __tablename__ = "follow_up_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The campaign.
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), unique=True
    )
    #: True: send follow-ups by email automatically.
    is_automatic: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Business days overdue before the first follow-up, and between two follow-ups.
    interval_days: Mapped[int] = mapped_column(Integer, default=10)
