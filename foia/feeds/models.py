"""Secret tokens for private calendar feeds."""

import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foia.auth.models import User
from foia.campaigns.models import Campaign
from foia.db import UTCDateTime, utcnow
from foia.extensions import Model


def token_digest(token: str) -> str:
    """Return the SHA-256 of a feed token: only the digest is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(Model):
    """A read-only iCalendar URL for one person's or one campaign's deadlines."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the secret in the URL (the secret itself is shown once, never stored).
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    #: The person whose requests it lists (a personal feed).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    #: The campaign whose requests it lists (a campaign feed).
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    #: Who made it.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: When it was made (UTC).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When it was revoked; a revoked feed answers 404.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    campaign: Mapped[Campaign | None] = relationship()

    @property
    def is_active(self) -> bool:
        """Return whether the feed still answers."""
        return self.revoked_at is None
