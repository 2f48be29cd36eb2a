"""Campaigns."""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foia.auth.models import User
from foia.db import TimestampMixin
from foia.extensions import db


class Campaign(TimestampMixin, db.Model):
    """One master request (template and record categories) sent to many agencies."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Name for people: "Press Pause: Massachusetts police, 2026".
    name: Mapped[str] = mapped_column(String(200), unique=True)
    #: What the campaign is for.
    description: Mapped[str] = mapped_column(Text, default="")
    #: The request template it uses (its slug), once chosen.
    template_slug: Mapped[str | None] = mapped_column(String(80))
    #: The lawyer who owns its requests unless a request says otherwise.
    default_owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The volunteer assigned to its requests by default.
    default_volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    default_owner: Mapped[User | None] = relationship(foreign_keys=[default_owner_id])
    default_volunteer: Mapped[User | None] = relationship(foreign_keys=[default_volunteer_id])
