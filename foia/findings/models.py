"""Findings: facts about an agency, each read from a page of a document, and a lawyer's decision."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foia.agencies.models import Agency
from foia.auth.models import User
from foia.db import TimestampMixin, UTCDateTime
from foia.documents.models import Attachment
from foia.extensions import Model
from foia.findings.kinds import CHOICES, KIND_LABELS, REVIEW_LABELS, Review


class Finding(TimestampMixin, Model):
    """A structured fact about an agency, with the document page that proves it."""

    __tablename__ = "findings"
    # The suggester reads a document again and again: one suggestion per (document, key).
    __table_args__ = (UniqueConstraint("attachment_id", "suggestion_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The agency the fact is about (the agency of the request the document came in on).
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    #: The document it comes from.
    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachments.id", ondelete="CASCADE"), index=True
    )
    #: The page of the document (1 for a file without pages).
    page: Mapped[int] = mapped_column(Integer, default=1)
    #: One of FindingKind.
    kind: Mapped[str] = mapped_column(String(40), index=True)
    #: What it says: "yes", a product's name, "$10,000", "240" (as confirmed or edited).
    value: Mapped[str] = mapped_column(String(200))
    #: The period it covers, in words ("January 1, 2024 to December 31, 2024"), or "".
    period: Mapped[str] = mapped_column(String(100), default="")
    #: The words of the page around it.
    snippet: Mapped[str] = mapped_column(Text, default="")
    #: The suggester's key ("system:clearview ai"), so it never suggests it twice; none if typed.
    suggestion_key: Mapped[str | None] = mapped_column(String(200))
    #: The value as the suggester read it, kept when a lawyer edits the value.
    suggested_value: Mapped[str] = mapped_column(String(200), default="")
    #: The suggested period, kept likewise.
    suggested_period: Mapped[str] = mapped_column(String(100), default="")
    #: "confirmed" or "rejected" once a lawyer decided; none while it is a suggestion.
    decision: Mapped[str | None] = mapped_column(String(20), index=True)
    #: Who decided.
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: When they decided.
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    agency: Mapped[Agency] = relationship()
    attachment: Mapped[Attachment] = relationship()
    decided_by: Mapped[User | None] = relationship()

    @property
    def review(self) -> Review:
        """Return where the finding stands, from its decision."""
        return Review(self.decision) if self.decision else Review.SUGGESTED

    @property
    def review_label(self) -> str:
        """Return the review state as people read it."""
        return REVIEW_LABELS[self.review]

    @property
    def kind_label(self) -> str:
        """Return the kind as people read it."""
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def value_label(self) -> str:
        """Return the value as people read it ("Violation found" rather than "violation")."""
        return CHOICES.get(self.kind, {}).get(self.value, self.value)

    @property
    def is_edited(self) -> bool:
        """Return whether a lawyer changed what the suggester read."""
        return bool(self.suggestion_key) and (
            self.value != self.suggested_value or self.period != self.suggested_period
        )
